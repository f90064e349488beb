"""Audit an existing policy (text, Markdown, HTML or PDF; ru, kk or en) against Law No. 94-V.

Why patterns and not a model: the defects agencies meet are recurring phrases copied from
Russian 152-FZ templates and GDPR policies; each pattern quotes the passage it found with its
location, so a lawyer can check it in seconds.
"""

from __future__ import annotations

import json
import logging
import re
import warnings
from dataclasses import dataclass
from html.parser import HTMLParser
from pathlib import Path
from typing import Any, ClassVar

import re2

from kzpolicy_gen.errors import Issue, ProfileError, safe_text

_F = re.IGNORECASE | re.DOTALL

MAX_AUDIT_BYTES = 10 << 20
"""Largest file `audit` reads (10 MiB: a policy is rarely above 200 KB; a PDF of that size is a long book)."""

MAX_AUDIT_CHARS = 5_000_000
"""Largest text (after HTML or PDF extraction) that is matched against the patterns: about 0.5 s of matching
(measured with RE2; Python's `re` needed 44 s for 50 MB of real text and minutes for 20 KB of crafted text)."""

_CLASSES = {r"\w": r"[\pL\pM\pN_]", r"\W": r"[^\pL\pM\pN_]", r"\s": r"[\s\pZ]"}


def _linear(pattern: str, flags: int = _F) -> Any:
    """Compile for RE2, whose matching time is linear in the text (no backtracking: crafted
    texts took minutes with Python's `re`). RE2's \\w and \\s are ASCII-only, so they become Unicode classes."""
    for python, unicode_class in _CLASSES.items():
        pattern = pattern.replace(python, unicode_class)
    inline = ("i" if flags & re.IGNORECASE else "") + ("s" if flags & re.DOTALL else "")
    options = re2.Options()
    options.max_mem = 64 << 20  # room for the DFA of the longest pattern (the 8 MiB default falls back to the NFA)
    options.log_errors = False  # RE2 must not write to our stderr
    options.never_capture = True
    return re2.compile(f"(?{inline}){pattern}" if inline else pattern, options)


@dataclass(frozen=True)
class Pattern:
    id: str
    severity: str
    regex: Any  # a compiled RE2 pattern
    message: str
    articles: str


@dataclass(frozen=True)
class Element:
    """Something a Law 94-V policy must state; missing → a finding."""

    id: str
    regex: Any
    message: str
    articles: str


@dataclass(frozen=True)
class AuditFinding:
    """One finding; `message` and `location` in English, `text(lang)` and `where(lang)` in the interface language
    (data/problems.yaml, `audit.<rule>`)."""

    rule: str
    severity: str
    message: str
    articles: str
    file: str
    location: str
    quote: str
    page: int = 0  # 1-based, 0 when the document has one page
    line: int = 0  # 1-based, 0 for a finding about the whole document

    def text(self, lang: str) -> str:
        from kzpolicy_gen.messages import catalogue, t

        return t(f"audit.{self.rule}", lang) if f"audit.{self.rule}" in catalogue() else self.message

    def where(self, lang: str) -> str:
        from kzpolicy_gen.messages import t

        if not self.line:
            return t("audit.location.whole", lang)
        if self.page:
            return t("audit.location.page_line", lang, page=self.page, line=self.line)
        return t("audit.location.line", lang, line=self.line)


PATTERNS = [
    Pattern("AUDIT-FEDERAL-LAW", "error", _linear(r"федеральн\w*\s+закон\w*|federal\s+law|федералдық\s+заң", _F),
            "'federal law' — Kazakhstan has no federal laws (Russian-law residue)", "94-V"),
    Pattern("AUDIT-152-FZ", "error", _linear(r"152\s*-\s*(?:фз|fz)|№\s*152\b", _F),
            "cites the Russian Law No. 152-FZ", "94-V"),
    Pattern("AUDIT-ROSKOMNADZOR", "error", _linear(
        r"роскомнадзор|roskomnadzor|орган\w*\s+по\s+защите\s+прав\s+субъектов\s+персональных|"
        r"body\s+for\s+the\s+protection\s+of\s+the\s+rights\s+of\s+(?:personal\s+data\s+)?subjects", _F),
            "names the Russian authority (Roskomnadzor's statutory title)", "94-V:1.11-1"),
    Pattern("AUDIT-CROSS-BORDER-NOTICE", "error", _linear(
        r"(?:notif\w+|уведом\w+)[^.;]{0,120}(?:before|prior\s+to|до\s+начала|перед)[^.;]{0,60}"
        r"(?:cross-border|трансграничн)|(?:before|prior\s+to|до\s+начала)[^.;]{0,60}(?:cross-border|трансграничн)"
        r"[^.;]{0,120}(?:notif\w+|уведом\w+)", _F),
            "promises to notify the authority before a cross-border transfer (a 152-FZ duty; none in Kazakhstan)",
            "94-V:16"),
    Pattern("AUDIT-RU-DEFINITIONS", "error", _linear(
        r"запись,\s*систематизац|recording,\s*systemati[sz]ation|временное\s+прекращение\s+обработки|"
        r"temporary\s+(?:cessation|termination|suspension)\s+of\s+(?:the\s+)?processing|"
        r"без\s+использования\s+дополнительной\s+информации|without\s+(?:the\s+)?use\s+of\s+additional\s+information|"
        r"(?:с\s+помощью|using)\s+(?:средств\s+вычислительной\s+техники|computer)|"
        r"муниципальн\w+\s+орган|municipal\s+(?:body|authorit)|"
        r"власти\s+иностранн\w+\s+государства|иностранн\w+\s+государства,\s+иностранн|"
        r"иностранн\w+\s+(?:физическому|юридическому)|foreign\s+(?:state\s+)?authorit\w+,\s+(?:a\s+)?foreign|"
        r"authorit\w+\s+of\s+a\s+foreign\s+state,\s+(?:to\s+)?a\s+foreign",
        _F), "uses a definition from Russian law (152-FZ), not from Law 94-V", "94-V:1"),
    Pattern("AUDIT-GDPR-BASIS", "error", _linear(
        r"законн\w+\s+интерес|legitimate\s+interest|performance\s+of\s+(?:a|the)\s+contract|"
        r"исполнени\w+\s+договора[^.]{0,40}основани|\bGDPR\b|2016/679|art(?:icle)?\.?\s*6\s*\(1\)", _F),
            "relies on a GDPR legal basis; Kazakhstan law knows only consent and the Art. 9 cases", "94-V:7, 94-V:9"),
    Pattern("AUDIT-RU-BOILERPLATE", "warning", _linear(
        r"(?:most\s+important\s+goal|важнейш\w+\s+цел\w+)[^.]{0,160}(?:rights\s+and\s+freedoms|прав\w*\s+и\s+свобод)",
        _F), "opens with the boilerplate of Russian 152-FZ templates; a sign the text was copied", "94-V:2"),
    Pattern("AUDIT-PROCESSOR", "warning", _linear(r"\bprocessors?\b|обработчик", _F),
            "uses the 'processor' role, which Law 94-V does not know (owner, operator, third party)", "94-V:1.17"),
    Pattern("AUDIT-IMPLIED-CONSENT", "error", _linear(
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
    Pattern("AUDIT-NOT-PERSONAL-DATA", "error", _linear(
        r"(?:\bip\b|cookie|техническ\w+\s+(?:данные|информаци\w+)|technical\s+(?:data|information))[^.]{0,120}"
        r"(?:are\s+not|is\s+not|не\s+явля\w+|не\s+относ\w+\s+к)[^.]{0,20}(?:персональн|personal)|"
        r"non-personal\s+data[^.]{0,240}(?:cookie|\bip\b)|неперсональн\w+\s+данн\w+[^.]{0,240}(?:cookie|\bip\b)", _F),
            "declares IP addresses, cookies or technical data not personal data (risky under the identifier-based "
            "definition of 2026)", "94-V:1.2, 94-V:1.14-1"),
    Pattern("AUDIT-STORAGE-ABROAD", "error", _linear(
        r"(?:servers?|серверы?|хран\w+|stored)[^.]{0,100}(?:outside|за\s+пределами|abroad|за\s+рубежом)[^.]{0,40}"
        r"(?:kazakhstan|казахстан|the\s+country|страны)", _F),
            "says data may be stored outside Kazakhstan (the primary database must be in Kazakhstan)", "94-V:12.2"),
    Pattern("AUDIT-PLACEHOLDER", "warning", _linear(
        r"\[(?:company|name|название|компания|дата|date|адрес|address)[^\]]{0,30}\]|\{\{[^}]*\}\}|lorem\s+ipsum|"
        r"\bTODO\b|\bXXX+\b|<\s*(?:company|name)\s*>", _F),
            "an unfilled placeholder", "94-V:25.2.1-1"),
    Pattern("AUDIT-KK-TERM", "warning", _linear(r"жеке\s+деректер", _F),
            "uses 'жеке деректер'; the statutory Kazakh term is 'дербес деректер'", "94-V:1.2"),
]

ELEMENTS = [
    Element("MISSING-BIN", _linear(r"(?:БИН|BIN|БСН|ИИН|IIN|ЖСН)\W{0,20}\d{12}", _F),
            "no BIN/IIN of the operator", "94-V:8.4.1"),
    Element("MISSING-RESPONSIBLE-PERSON", _linear(
        r"ответственн\w+\s+за\s+организацию\s+обработки|responsible\s+for\s+(?:the\s+)?organi[sz]\w*\s+(?:of\s+)?"
        r"(?:the\s+)?(?:personal\s+data\s+)?processing|өңдеуді\s+ұйымдастыруға\s+жауапты", _F),
            "no person responsible for organising processing", "94-V:25.2.10"),
    Element("MISSING-LOCALISATION", _linear(
        r"территори\w+\s+Республики\s+Казахстан|territory\s+of\s+(?:the\s+)?Republic\s+of\s+Kazakhstan|"
        r"Қазақстан\s+Республикасының\s+аумағында|(?:stored|хранятся|сақталады)[^.]{0,60}(?:in\s+)?(?:Kazakhstan|Казахстан)",
        _F), "no statement that data are stored in Kazakhstan", "94-V:12.2"),
    Element("MISSING-WITHDRAWAL-15-DAYS", _linear(
        r"15\s*(?:\(\w+(?:\s\w+)?\)\s*)?(?:рабоч|working\s+days|жұмыс)", _F),
            "no 15-working-day period for acting on a withdrawal of consent", "94-V:8.7"),
    Element("MISSING-ONE-DAY-DUTIES", _linear(
        r"(?:\b1|одного|one)\s*(?:\((?:одного|one|бір)\)\s*)?(?:рабоч\w+\s+дн|working\s+day|жұмыс\s+күні)", _F),
            "no one-working-day duties (rectify, block, destroy; breach report)", "94-V:25.2.8"),
    Element("MISSING-WITHDRAWAL", _linear(r"отозвать|отзыв\w*\s+согласия|withdraw|кері\s+қайтарып", _F),
            "no way to withdraw consent", "94-V:8.7, 94-V:24.1.5"),
    Element("MISSING-RIGHTS", _linear(r"прав\w*\s+субъект|rights\s+of\s+the\s+(?:data\s+)?subject|"
                                         r"субъекті\w*\s+құқық|subject\s+has\s+the\s+right|вправе", _F),
            "no list of the subject's rights", "94-V:24"),
    Element("MISSING-CROSS-BORDER", _linear(r"трансграничн|cross-border|трансшекаралық", _F),
            "no statement on cross-border transfer", "94-V:8.4.5, 94-V:16"),
    Element("MISSING-CONSENT-ITEMS", _linear(r"третьим\s+лицам|third\s+part|үшінші\s+тұлға", _F),
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
    """The document's text, one string per page (one page for text formats), within the size limits."""
    where = str(path)
    if not path.is_file():
        raise ProfileError([Issue("not-regular-file", "not a readable file", where)])
    try:
        with path.open("rb") as handle:
            raw_bytes = handle.read(MAX_AUDIT_BYTES + 1)
    except OSError as exc:  # /proc files, devices behind a regular name, permissions
        raise ProfileError([Issue("unreadable", f"cannot read the file ({exc.strerror or type(exc).__name__})",
                                  where)]) from None
    if len(raw_bytes) > MAX_AUDIT_BYTES:
        raise ProfileError([Issue("file-too-large", f"the file is larger than {MAX_AUDIT_BYTES >> 20} MiB", where,
                                  hint="audit the policy itself, not an archive or a whole site")])
    suffix = path.suffix.lower()
    if suffix == ".pdf":
        pages = _pdf_pages(raw_bytes, where)
    else:
        raw = raw_bytes.decode("utf-8", errors="replace")
        if suffix in (".html", ".htm"):
            parser = _TextOfHtml()
            parser.feed(raw)
            raw = "".join(parser.parts)
        pages = [raw]
    if sum(map(len, pages)) > MAX_AUDIT_CHARS:
        raise ProfileError([Issue("file-too-large", f"the text is longer than {MAX_AUDIT_CHARS:,} characters", where,
                                  hint="audit the policy itself, not an archive or a whole site")])
    return pages


def _pdf_pages(data: bytes, where: str) -> list[str]:
    """Text of each PDF page. The PDF library's own warnings are silenced: the tool reports one located
    line per problem, and an encrypted file is named as such (not as a missing crypto module)."""
    import io

    from pypdf import PdfReader

    logger = logging.getLogger("pypdf")
    level = logger.level
    logger.setLevel(logging.CRITICAL + 1)
    reader: Any = None
    try:
        with warnings.catch_warnings():
            warnings.simplefilter("ignore")
            reader = PdfReader(io.BytesIO(data))
            if reader.is_encrypted and not _opened_without_password(reader):
                raise _encrypted(where)
            pages = [page.extract_text() or "" for page in reader.pages]
    except ProfileError:
        raise
    except Exception as exc:  # pypdf raises many kinds on broken files
        if reader is not None and _is_encrypted(reader):  # e.g. AES without a crypto library
            raise _encrypted(where) from None
        raise ProfileError([Issue("pdf-unreadable", f"cannot read the PDF ({type(exc).__name__})", where)]) from None
    finally:
        logger.setLevel(level)
    # Words hyphenated at a line end come out as "territ\u2010\nory"; join them again.
    return [text.replace("\u2010\n", "").replace("\u00ad", "") for text in pages]


def _encrypted(where: str) -> ProfileError:
    return ProfileError([Issue("pdf-encrypted", "the PDF is encrypted and cannot be read here", where,
                               hint="audit a decrypted copy (or the policy's HTML or text)")])


def _is_encrypted(reader: Any) -> bool:
    try:
        return bool(reader.is_encrypted)
    except Exception:  # a broken trailer
        return False


def _opened_without_password(reader: Any) -> bool:
    """Many PDFs are encrypted with an empty user password (owner restrictions only): those can be read."""
    try:
        return bool(reader.decrypt(""))
    except Exception:  # DependencyError for AES without a crypto library, or a broken encryption dictionary
        return False


def _location(pages: list[str], page_index: int, offset: int) -> tuple[str, int, int]:
    """The place in English, and its page (0 for a one-page document) and line numbers."""
    line = pages[page_index].count("\n", 0, offset) + 1
    page = page_index + 1 if len(pages) > 1 else 0
    return (f"page {page}, line {line}" if page else f"line {line}"), page, line


def _quote(text: str, start: int, end: int) -> str:
    """The passage around a match, one line, with control, bidi and invisible characters escaped: an
    audited file must not reach the terminal's escape sequences (window title, hyperlinks, U+202E)."""
    snippet = " ".join(text[max(0, start - 40): min(len(text), end + 40)].split())
    return safe_text(snippet[:220], 400)


def audit_file(path: Path) -> list[AuditFinding]:
    """Findings for one document: residue and risky statements, then missing elements."""
    pages = read_pages(path)
    findings: list[AuditFinding] = []
    for pattern in PATTERNS:
        for index, page in enumerate(pages):
            for match in pattern.regex.finditer(page):
                where, page_number, line = _location(pages, index, match.start())
                findings.append(AuditFinding(pattern.id, pattern.severity, pattern.message, pattern.articles,
                                             str(path), where, _quote(page, match.start(), match.end()),
                                             page_number, line))
    whole = "\n".join(pages)
    for element in ELEMENTS:
        if not element.regex.search(whole):
            findings.append(AuditFinding(element.id, "warning", element.message, element.articles, str(path),
                                         "whole document", ""))
    return findings


def audit_text(findings: list[AuditFinding], lang: str = "en") -> str:
    """One line per finding (file, place, severity[rule], message in `lang`, articles), the quote below it."""
    from kzpolicy_gen.messages import t

    lines = []
    for f in findings:
        lines.append(f"{safe_text(f.file, 400)}: {f.where(lang)}: {f.severity}[{f.rule}]: {f.text(lang)} "
                     f"({f.articles})")
        if f.quote:
            lines.append(f"    “{f.quote}”")
    if not findings:
        lines.append(t("audit.no_findings", lang))
    return "\n".join(lines) + "\n"


def audit_json(findings: list[AuditFinding], lang: str = "en") -> str:
    """The findings as JSON; `message` and `location` in `lang` (rule ids, severities and numbers stay)."""
    out = [{**f.__dict__, "message": f.text(lang), "location": f.where(lang)} for f in findings]
    return json.dumps({"findings": out}, ensure_ascii=False, indent=2) + "\n"
