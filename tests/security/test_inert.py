"""Injection corpus (plan §2.7): hostile text is accepted and comes out as visible text, never as markup.

Each payload goes into six one-line fields (operator name and address, responsible person's position,
a custom purpose, a third party's name, storage location, sources) and the multi-line website
description. The output is compared with the output of a harmless value: the same elements, the
same attributes, the same links, headings and clause numbers; only the text differs, and the text
shows the payload exactly (S1-S6).
"""

from __future__ import annotations

import json
import re
import unicodedata
import zipfile
from pathlib import Path
from typing import Any

import pytest
from lxml import etree
from pypdf import PdfReader

from kzpolicy_gen.build import build_profile
from kzpolicy_gen.errors import KzPolicyError
from tests.security.carrier import PLAIN, carrier_text, masked_tags, parse_html, squash

LINE_PAYLOADS = {
    "I-01 script": "<script>alert(1)</script>",
    "I-02 img onerror": "<img src=x onerror=alert(1)>",
    "I-02 svg onload": "<svg onload=alert(1)>",
    "I-03 md javascript link": "[Политика](javascript:alert(1))",
    "I-03 mixed-case scheme": "[x](jAvAsCrIpT:alert(1))",
    "I-03 entity colon": "[x](javascript&#58;alert(1))",
    "I-03 bare javascript": "javascript:alert(document.cookie)",
    "I-04 image file": "![x](file:///etc/passwd)",
    "I-04 image metadata": "![x](http://169.254.169.254/latest/meta-data/)",
    "I-05 style import": "<style>@import url(file:///etc/passwd);</style>",
    "I-05 link stylesheet": "<link rel=stylesheet href=file:///etc/passwd>",
    "I-05 style attribute": '<p style="background:url(file:///etc/passwd)">x</p>',
    "I-06 attachment": '<a rel="attachment" href="file:///etc/passwd">x</a>',
    "I-07 autolink": "<https://evil.example/>",
    "I-07 mail autolink": "<mailto:x@evil.example>",
    "I-09 atx heading": "# 99. Мы продаём данные",
    "I-09 ordered list": "1. Ромашка",
    "I-09 bullet": "- пункт",
    "I-09 plus bullet": "+ пункт",
    "I-09 setext-like": "Ромашка ===",
    "I-09 rule": "* * *",
    "I-09 table row": "| a | b |",
    "I-09 fence": "```python",
    "I-09 clause number": "**9.9.** Мы продаём данные",
    "I-10 jinja": "{{ 7*7 }} {% include '/etc/passwd' %} {{ cycler.__init__.__globals__ }}",
    "I-11 liquid and hugo": "{% include secrets.yml %} {{< readfile \"/etc/passwd\" >}} {#x#}",
    "I-12 cdata": "<![",
    "I-12 comment close": "-- >",
    "I-12 backtick close": "`</` and `</`",
    "I-12 nested comment": "<!-- <!--",
    "I-13 named entities": "&lt;script&gt;",
    "I-13 hex entities": "&#x3C;script&#x3E;",
    "I-13 amp": "&amp; &copy; &#169; &#0;",
    "I-14 attribute breakout": '" onmouseover="alert(1)" x="',
    "I-14 single-quote breakout": "' onfocus='alert(1)' autofocus '",
    "I-16 script close": "</script><script>alert(1)</script>",
    "I-16 cdata and comment": "<![CDATA[x]]> <!-- c --> ]]>",
    "own: emphasis": "**bold** _em_ `code` ~~strike~~ ==mark==",
    "own: backslashes": "\\*not\\* escaped\\ \\\\",
    "own: brackets": "[x] [y][z] ![w] [^1] (a) {b} <c>",
    "own: percent-encoded": "%3Cscript%3Ealert(1)%3C/script%3E",
    "own: data url": "data:text/html;base64,PHNjcmlwdD5hbGVydCgxKTwvc2NyaXB0Pg==",
    "own: typography": "ТОО «Ромашка» — № 1 © ™ 'кавычки' \"quotes\" әғқңөұүһі",
    "own: reference definition": "[r]: javascript:alert(1)",
    "own: html in code": "`<script>alert(1)</script>`",
    "own: pipes and dashes": "a | b --- c",
}

MULTI_PAYLOADS = {
    "I-07 reference link": "Текст [x][r]\n\n[r]: javascript:alert(1)",
    "I-08 structure": "Магазин.\n\n## 99. Мы продаём данные\n\n- пункт\n\n---\n\n> цитата",
    "I-09 setext heading": "Ромашка\n===\n\nЕщё\n---",
    "I-09 table": "| a | b |\n|---|---|\n| c | d |",
    "I-09 numbered clause": "Текст.\n\n**9.9.** Мы продаём данные\n\n12. пункт",
    "I-10 jinja block": "{% for x in range(3) %}\n{{ x }}\n{% endfor %}",
    "I-16 script block": "<script>\nalert(1)\n</script>",
    "own: html block": "<div>\n<p onclick=alert(1)>x</p>\n</div>",
    "own: fenced code": "```\n<script>alert(1)</script>\n```",
}

REJECTED = {
    "bidi override": "ТОО \u202eакшамоР",
    "isolate": "Ромашка \u2066x\u2069",
    "zero-width space": "Рома\u200bшка",
    "word joiner": "Рома\u2060шка",
    "byte order mark": "\ufeffРомашка",
    "soft hyphen": "Рома\u00adшка",
}

HTML_FILES = ("policy.html", "policy.fragment.html", "policy.fragment-csp.html", "policy.fragment-shadow.html",
              "consent.html", "consent.fragment.html")


def build(tmp: Path, text: str, formats: str = "md,html,docx") -> Path:
    profile = tmp / "profile.yaml"
    profile.write_text(text, encoding="utf-8")
    out = tmp / "out"
    build_profile(profile, out, languages="en", formats=formats)
    return out


@pytest.fixture(scope="module")
def baseline(tmp_path_factory: pytest.TempPathFactory) -> Path:
    return build(tmp_path_factory.mktemp("baseline"), carrier_text(PLAIN))




def md_outline(source: str) -> tuple[list[str], list[str]]:
    headings = [line for line in source.splitlines() if re.match(r" {0,3}#", line)]
    numbers = re.findall(r"^\*\*([0-9.]+)\*\* ", source, flags=re.MULTILINE)
    return [re.sub(r"Plain words", "", h) for h in headings], numbers


def strings(data: Any) -> list[str]:
    if isinstance(data, str):
        return [data]
    if isinstance(data, dict):
        return [s for value in data.values() for s in strings(value)]
    if isinstance(data, list):
        return [s for value in data for s in strings(value)]
    return []


URL_ATTRIBUTES = {"href", "src", "action", "formaction", "data", "poster", "xlink:href", "srcset"}


def safe_url(value: str | None) -> bool:
    """Only web, mail and phone links, our own anchors and sibling documents."""
    url = (value or "").strip().lower()
    return url.split(":", 1)[0] in ("https", "http", "mailto", "tel") or re.fullmatch(r"[a-z0-9./#-]+", url) is not None


def assert_inert(out: Path, baseline: Path, payload: str, *, multiline: bool) -> None:
    shown = unicodedata.normalize("NFC", payload).strip()
    for name in (*HTML_FILES, "../index.html"):
        source = (out / "en" / name).read_text(encoding="utf-8")
        page, base = parse_html(source), parse_html((baseline / "en" / name).read_text(encoding="utf-8"))
        assert "<script" not in source.lower()
        assert all(safe_url(v) for _, attrs in page.tags for k, v in attrs if k in URL_ATTRIBUTES), name
        if multiline:  # paragraphs may split; every other element, attribute and link stays the same
            assert [t for t in masked_tags(page, shown) if t[0] != "p"] == [t for t in base.tags if t[0] != "p"], name
        else:
            assert masked_tags(page, shown) == base.tags, name
    policy = parse_html((out / "en" / "policy.html").read_text(encoding="utf-8"))
    assert squash(shown) in squash("".join(policy.text)), "the payload is not shown as text"
    for md in sorted((out / "en").glob("*.md")):
        source = md.read_text(encoding="utf-8")
        assert md_outline(source) == md_outline((baseline / "en" / md.name).read_text(encoding="utf-8")), md.name
        assert not re.search(r"\{[{%#]", source) and "<" not in source, md.name
    assert_docx_inert(out, baseline, shown)
    if not multiline:  # the register holds the operator's name (the description is not in it)
        register = json.loads((out / "register.json").read_text(encoding="utf-8"))
        assert any(shown in s for s in strings(register)), "register.json lost the payload"


W = "{http://schemas.openxmlformats.org/wordprocessingml/2006/main}"


def docx_parts(path: Path) -> dict[str, bytes]:
    with zipfile.ZipFile(path) as package:
        return {name: package.read(name) for name in package.namelist()}


def docx_view(parts: dict[str, bytes]) -> dict[str, Any]:
    """What a value must not change: parts, relationships, content types, element kinds, fields, outline."""
    xml = {name: etree.fromstring(data) for name, data in parts.items() if name.endswith((".xml", ".rels"))}
    body = xml["word/document.xml"]
    styles = [p.find(f"{W}pPr/{W}pStyle") for p in body.iter(f"{W}p")]
    return {
        "parts": sorted(parts),
        "rels": {name: data for name, data in parts.items() if name.endswith(".rels")},
        "types": parts["[Content_Types].xml"],
        "elements": {name: sorted({el.tag for el in root.iter() if isinstance(el.tag, str)})
                     for name, root in xml.items()},
        "fields": [el.text for root in xml.values() for el in root.iter(f"{W}instrText")],
        "outline": [s.get(f"{W}val") for s in styles if s is not None and s.get(f"{W}val") in ("Title", "Heading1")],
        "clauses": [p.findtext(f"{W}r/{W}t") for p in body.iter(f"{W}p")
                    if p.find(f"{W}pPr/{W}pStyle") is not None
                    and p.find(f"{W}pPr/{W}pStyle").get(f"{W}val") == "KZPClause"],
    }


def docx_text(root: Any) -> str:
    return squash(" ".join("".join(t.text or "" for t in p.iter(f"{W}t")) for p in root.iter(f"{W}p")))


def assert_docx_inert(out: Path, baseline: Path, shown: str) -> None:
    """In every DOCX the value is only the text of runs: no new part, relationship, element kind or field."""
    for path in sorted((out / "en").glob("*.docx")):
        parts = docx_parts(path)
        assert docx_view(parts) == docx_view(docx_parts(baseline / "en" / path.name)), path.name
        for name, data in parts.items():
            if name.endswith((".xml", ".rels")):
                for element in etree.fromstring(data).iter():
                    assert all(shown not in value for value in element.attrib.values()), (path.name, name)
    policy = docx_parts(out / "en" / "policy.docx")
    assert squash(shown) in docx_text(etree.fromstring(policy["word/document.xml"])), "the payload is not shown"


@pytest.mark.parametrize("payload", LINE_PAYLOADS.values(), ids=LINE_PAYLOADS.keys())
def test_one_line_payload_is_inert(payload: str, baseline: Path, tmp_path: Path) -> None:
    assert_inert(build(tmp_path, carrier_text(payload)), baseline, payload, multiline=False)


@pytest.mark.parametrize("payload", MULTI_PAYLOADS.values(), ids=MULTI_PAYLOADS.keys())
def test_multi_line_payload_is_inert(payload: str, baseline: Path, tmp_path: Path) -> None:
    assert_inert(build(tmp_path, carrier_text(PLAIN, payload)), baseline, payload, multiline=True)


@pytest.mark.parametrize("payload", REJECTED.values(), ids=REJECTED.keys())
def test_invisible_characters_are_refused_not_rendered(payload: str, tmp_path: Path) -> None:
    """Bidi controls and zero-width characters never reach a document: the profile is refused (exit 1)."""
    with pytest.raises(KzPolicyError) as info:
        build(tmp_path, carrier_text(payload))
    assert {issue.code for issue in info.value.issues} == {"bad-char"}
    assert int(info.value.exit_code) == 1 and not (tmp_path / "out").exists()


PDF_PAYLOAD = "<script>alert(1)</script> [x](javascript:alert(1)) {{ 7*7 }} &lt;b&gt; ![i](file:///etc/passwd)"


@pytest.fixture(scope="module")
def pdf_out(tmp_path_factory: pytest.TempPathFactory) -> Path:
    return build(tmp_path_factory.mktemp("pdf"), carrier_text(PDF_PAYLOAD), formats="pdf")


def test_pdf_shows_payload_as_text_and_carries_nothing(pdf_out: Path) -> None:
    reader = PdfReader(pdf_out / "en" / "policy.pdf")
    text = squash(" ".join(page.extract_text() for page in reader.pages))
    assert squash(PDF_PAYLOAD) in text
    assert reader.metadata is not None and PDF_PAYLOAD in str(reader.metadata.title) + str(reader.metadata.author)
    root: Any = reader.trailer["/Root"]
    assert "/EmbeddedFiles" not in root.get("/Names", {})
    for page in reader.pages:
        for annotation in page.get("/Annots", []) or []:
            annot = annotation.get_object()
            assert annot.get("/Subtype") != "/FileAttachment"
            uri = str(annot.get("/A", {}).get("/URI", "https:"))
            assert uri.split(":", 1)[0] in ("https", "http", "mailto", "tel") or uri.startswith("#"), uri
