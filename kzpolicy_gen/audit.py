"""Audit an existing policy (text, Markdown, HTML or PDF; ru, kk or en) against Law No. 94-V.

Why patterns and not a model: the defects agencies meet are recurring phrases copied from
Russian 152-FZ templates and GDPR policies; each pattern quotes the passage it found with its
location, so a lawyer can check it in seconds.
"""

from __future__ import annotations

import json
import re
from dataclasses import dataclass
from html.parser import HTMLParser
from pathlib import Path
from typing import ClassVar

from kzpolicy_gen.errors import Issue, ProfileError

_F = re.IGNORECASE | re.DOTALL


@dataclass(frozen=True)
class Pattern:
    id: str
    severity: str
    regex: re.Pattern[str]
    message: str
    articles: str


@dataclass(frozen=True)
class Element:
    """Something a Law 94-V policy must state; missing → a finding."""

    id: str
    regex: re.Pattern[str]
    message: str
    articles: str


@dataclass(frozen=True)
class AuditFinding:
    rule: str
    severity: str
    message: str
    articles: str
    file: str
    location: str
    quote: str


PATTERNS = [
    Pattern("AUDIT-FEDERAL-LAW", "error", re.compile(r"федеральн\w*\s+закон\w*|federal\s+law|федералдық\s+заң", _F),
            "'federal law' — Kazakhstan has no federal laws (Russian-law residue)", "94-V"),
    Pattern("AUDIT-152-FZ", "error", re.compile(r"152\s*-\s*(?:фз|fz)|№\s*152\b", _F),
            "cites the Russian Law No. 152-FZ", "94-V"),
    Pattern("AUDIT-ROSKOMNADZOR", "error", re.compile(
        r"роскомнадзор|roskomnadzor|орган\w*\s+по\s+защите\s+прав\s+субъектов\s+персональных|"
        r"body\s+for\s+the\s+protection\s+of\s+the\s+rights\s+of\s+(?:personal\s+data\s+)?subjects", _F),
            "names the Russian authority (Roskomnadzor's statutory title)", "94-V:1.11-1"),
    Pattern("AUDIT-CROSS-BORDER-NOTICE", "error", re.compile(
        r"(?:notif\w+|уведом\w+)[^.;]{0,120}(?:before|prior\s+to|до\s+начала|перед)[^.;]{0,60}"
        r"(?:cross-border|трансграничн)|(?:before|prior\s+to|до\s+начала)[^.;]{0,60}(?:cross-border|трансграничн)"
        r"[^.;]{0,120}(?:notif\w+|уведом\w+)", _F),
            "promises to notify the authority before a cross-border transfer (a 152-FZ duty; none in Kazakhstan)",
            "94-V:16"),
    Pattern("AUDIT-RU-DEFINITIONS", "error", re.compile(
        r"запись,\s*систематизац|recording,\s*systemati[sz]ation|временное\s+прекращение\s+обработки|"
        r"temporary\s+(?:cessation|termination|suspension)\s+of\s+(?:the\s+)?processing|"
        r"без\s+использования\s+дополнительной\s+информации|without\s+(?:the\s+)?use\s+of\s+additional\s+information|"
        r"(?:с\s+помощью|using)\s+(?:средств\s+вычислительной\s+техники|computer)|"
        r"муниципальн\w+\s+орган|municipal\s+(?:body|authorit)|"
        r"иностранн\w+\s+государства,\s+иностранн|иностранн\w+\s+(?:физическому|юридическому)|foreign\s+(?:state\s+)?authorit\w+,\s+(?:a\s+)?foreign|"
        r"authorit\w+\s+of\s+a\s+foreign\s+state,\s+(?:to\s+)?a\s+foreign",
        _F), "uses a definition from Russian law (152-FZ), not from Law 94-V", "94-V:1"),
    Pattern("AUDIT-GDPR-BASIS", "error", re.compile(
        r"законн\w+\s+интерес|legitimate\s+interest|performance\s+of\s+(?:a|the)\s+contract|"
        r"исполнени\w+\s+договора[^.]{0,40}основани|\bGDPR\b|2016/679|art(?:icle)?\.?\s*6\s*\(1\)", _F),
            "relies on a GDPR legal basis; Kazakhstan law knows only consent and the Art. 9 cases", "94-V:7, 94-V:9"),
    Pattern("AUDIT-RU-BOILERPLATE", "warning", re.compile(
        r"(?:most\s+important\s+goal|важнейш\w+\s+цел\w+)[^.]{0,160}(?:rights\s+and\s+freedoms|прав\w*\s+и\s+свобод)",
        _F), "opens with the boilerplate of Russian 152-FZ templates; a sign the text was copied", "94-V:2"),
    Pattern("AUDIT-PROCESSOR", "warning", re.compile(r"\bprocessors?\b|обработчик", _F),
            "uses the 'processor' role, which Law 94-V does not know (owner, operator, third party)", "94-V:1.17"),
    Pattern("AUDIT-IMPLIED-CONSENT", "error", re.compile(
        r"by\s+(?:using|visiting|browsing|accessing)\s+(?:the|this|our)\s+(?:web\s*)?site[^.]{0,60}"
        r"(?:agree|consent|accept)|"
        r"\buse\s+of\s+the\s+(?:online\s+store|(?:web\s*)?site)[^.]{0,160}\b(?:implies|means|constitutes)[^.]{0,20}consent|"
        r"(?:используя|посещая|пользуясь)\s+(?:сайт\w*|данн\w+\s+сайт\w*)[^.]{0,80}(?:соглаша\w+|соглас\w+|принима\w+)|"
        r"(?:размещая|оформляя|регистрируясь)[^.]{0,120}(?:да[её]т|выража\w+)\s+(?:сво\w+\s+)?согласие|"
        r"(?:оформлени\w+|оформляя|размещ\w+)\s+заказ\w*[^.]{0,80}(?:означает|является|выража\w+)[^.]{0,40}соглас|"
        r"placing\s+an\s+order[^.]{0,60}(?:means|constitutes)[^.]{0,30}consent|"
        r"сайтты\s+пайдалан\w*[^.]{0,60}келіс", _F),
            "treats visiting the site or ordering as consent; consent must be confirmable and separate",
            "94-V:8.1, 94-V:8.4"),
    Pattern("AUDIT-NOT-PERSONAL-DATA", "error", re.compile(
        r"(?:\bip\b|cookie|техническ\w+\s+(?:данные|информаци\w+)|technical\s+(?:data|information))[^.]{0,120}"
        r"(?:are\s+not|is\s+not|не\s+явля\w+|не\s+относ\w+\s+к)[^.]{0,20}(?:персональн|personal)|"
        r"non-personal\s+data[^.]{0,240}(?:cookie|\bip\b)|неперсональн\w+\s+данн\w+[^.]{0,240}(?:cookie|\bip\b)", _F),
            "declares IP addresses, cookies or technical data not personal data (risky under the identifier-based "
            "definition of 2026)", "94-V:1.2, 94-V:1.14-1"),
    Pattern("AUDIT-STORAGE-ABROAD", "error", re.compile(
        r"(?:servers?|серверы?|хран\w+|stored)[^.]{0,100}(?:outside|за\s+пределами|abroad|за\s+рубежом)[^.]{0,40}"
        r"(?:kazakhstan|казахстан|the\s+country|страны)", _F),
            "says data may be stored outside Kazakhstan (the primary database must be in Kazakhstan)", "94-V:12.2"),
    Pattern("AUDIT-PLACEHOLDER", "warning", re.compile(
        r"\[(?:company|name|название|компания|дата|date|адрес|address)[^\]]{0,30}\]|\{\{[^}]*\}\}|lorem\s+ipsum|"
        r"\bTODO\b|\bXXX+\b|<\s*(?:company|name)\s*>", _F),
            "an unfilled placeholder", "94-V:25.2.1-1"),
    Pattern("AUDIT-KK-TERM", "warning", re.compile(r"жеке\s+деректер", _F),
            "uses 'жеке деректер'; the statutory Kazakh term is 'дербес деректер'", "94-V:1.2"),
]

ELEMENTS = [
    Element("MISSING-BIN", re.compile(r"(?:БИН|BIN|БСН|ИИН|IIN|ЖСН)\W{0,20}\d{12}", _F),
            "no BIN/IIN of the operator", "94-V:8.4.1"),
    Element("MISSING-RESPONSIBLE-PERSON", re.compile(
        r"ответственн\w+\s+за\s+организацию\s+обработки|responsible\s+for\s+(?:the\s+)?organi[sz]\w*\s+(?:of\s+)?"
        r"(?:the\s+)?(?:personal\s+data\s+)?processing|өңдеуді\s+ұйымдастыруға\s+жауапты", _F),
            "no person responsible for organising processing", "94-V:25.2.10"),
    Element("MISSING-LOCALISATION", re.compile(
        r"территори\w+\s+Республики\s+Казахстан|territory\s+of\s+(?:the\s+)?Republic\s+of\s+Kazakhstan|"
        r"Қазақстан\s+Республикасының\s+аумағында|(?:stored|хранятся|сақталады)[^.]{0,60}(?:in\s+)?(?:Kazakhstan|Казахстан)",
        _F), "no statement that data are stored in Kazakhstan", "94-V:12.2"),
    Element("MISSING-WITHDRAWAL-15-DAYS", re.compile(
        r"15\s*(?:\(\w+(?:\s\w+)?\)\s*)?(?:рабоч|working\s+days|жұмыс)", _F),
            "no 15-working-day period for acting on a withdrawal of consent", "94-V:8.7"),
    Element("MISSING-ONE-DAY-DUTIES", re.compile(
        r"(?:\b1|одного|one)\s*(?:\((?:одного|one|бір)\)\s*)?(?:рабоч\w+\s+дн|working\s+day|жұмыс\s+күні)", _F),
            "no one-working-day duties (rectify, block, destroy; breach report)", "94-V:25.2.8"),
    Element("MISSING-WITHDRAWAL", re.compile(r"отозвать|отзыв\w*\s+согласия|withdraw|кері\s+қайтарып", _F),
            "no way to withdraw consent", "94-V:8.7, 94-V:24.1.5"),
    Element("MISSING-RIGHTS", re.compile(r"прав\w*\s+субъект|rights\s+of\s+the\s+(?:data\s+)?subject|"
                                         r"субъекті\w*\s+құқық|subject\s+has\s+the\s+right|вправе", _F),
            "no list of the subject's rights", "94-V:24"),
    Element("MISSING-CROSS-BORDER", re.compile(r"трансграничн|cross-border|трансшекаралық", _F),
            "no statement on cross-border transfer", "94-V:8.4.5, 94-V:16"),
    Element("MISSING-CONSENT-ITEMS", re.compile(r"третьим\s+лицам|third\s+part|үшінші\s+тұлға", _F),
            "no statement on transfer to third parties", "94-V:8.4.4"),
]


class _TextOfHtml(HTMLParser):
    _BLOCKS: ClassVar[set[str]] = {"p", "div", "li", "h1", "h2", "h3", "h4", "h5", "h6", "tr", "br", "section",
                                   "article", "td"}

    def __init__(self) -> None:
        super().__init__()
        self.parts: list[str] = []
        self.skip = 0

    def handle_starttag(self, tag: str, attrs: list[tuple[str, str | None]]) -> None:
        if tag in ("script", "style"):
            self.skip += 1
        elif tag in self._BLOCKS:
            self.parts.append("\n")

    def handle_endtag(self, tag: str) -> None:
        if tag in ("script", "style"):
            self.skip = max(0, self.skip - 1)
        elif tag in self._BLOCKS:
            self.parts.append("\n")

    def handle_data(self, data: str) -> None:
        if not self.skip:
            self.parts.append(data)


def read_pages(path: Path) -> list[str]:
    """The document's text, one string per page (one page for text formats)."""
    if not path.is_file():
        raise ProfileError([Issue("not-regular-file", "not a readable file", str(path))])
    suffix = path.suffix.lower()
    if suffix == ".pdf":
        from pypdf import PdfReader

        try:
            pages = [page.extract_text() or "" for page in PdfReader(path).pages]
        except Exception as exc:  # pypdf raises many kinds on broken files
            raise ProfileError([Issue("pdf-unreadable", f"cannot read the PDF ({type(exc).__name__})",
                                      str(path))]) from None
        # Words hyphenated at a line end come out as "territ\u2010\nory"; join them again.
        return [text.replace("\u2010\n", "").replace("\u00ad", "") for text in pages]
    raw = path.read_bytes().decode("utf-8", errors="replace")
    if suffix in (".html", ".htm"):
        parser = _TextOfHtml()
        parser.feed(raw)
        raw = "".join(parser.parts)
    return [raw]


def _location(pages: list[str], page_index: int, offset: int) -> str:
    line = pages[page_index].count("\n", 0, offset) + 1
    return f"page {page_index + 1}, line {line}" if len(pages) > 1 else f"line {line}"


def _quote(text: str, start: int, end: int) -> str:
    snippet = " ".join(text[max(0, start - 40): min(len(text), end + 40)].split())
    return snippet[:220]


def audit_file(path: Path) -> list[AuditFinding]:
    """Findings for one document: residue and risky statements, then missing elements."""
    pages = read_pages(path)
    findings: list[AuditFinding] = []
    for pattern in PATTERNS:
        for index, page in enumerate(pages):
            for match in pattern.regex.finditer(page):
                findings.append(AuditFinding(pattern.id, pattern.severity, pattern.message, pattern.articles,
                                             str(path), _location(pages, index, match.start()),
                                             _quote(page, match.start(), match.end())))
    whole = "\n".join(pages)
    for element in ELEMENTS:
        if not element.regex.search(whole):
            findings.append(AuditFinding(element.id, "warning", element.message, element.articles, str(path),
                                         "whole document", ""))
    return findings


def audit_text(findings: list[AuditFinding]) -> str:
    lines = []
    for f in findings:
        lines.append(f"{f.file}: {f.location}: {f.severity}[{f.rule}]: {f.message} ({f.articles})")
        if f.quote:
            lines.append(f"    “{f.quote}”")
    if not findings:
        lines.append("no findings")
    return "\n".join(lines) + "\n"


def audit_json(findings: list[AuditFinding]) -> str:
    return json.dumps({"findings": [f.__dict__ for f in findings]}, ensure_ascii=False, indent=2) + "\n"
