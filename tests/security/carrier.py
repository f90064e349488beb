"""A valid profile with hostile text in many free-text fields, and views of the HTML it produces.

Why one carrier: every accepted-and-escaped case (plan §2.7) is the same profile with a different
payload, so its output can be compared element by element with the output of a harmless value.
"""

from __future__ import annotations

import json
from html.parser import HTMLParser
from pathlib import Path

BASE = Path(__file__).resolve().parent / "corpus" / "base.yaml"
PLAIN = "Plain words"

#: Fields a single-line payload goes into (English text of each), as (line in base.yaml, its replacement).
#: The operator's name keeps its legal form after the payload ("… LLP"): a name without one is a trade name,
#: which `check` refuses (KZ-OPERATOR-LEGAL-ENTITY); the payload still opens the value.
_LINE_FIELDS = (
    ("    en: Romashka LLP", "    en: {named}"),
    ("    en: 1 Abay Ave, Almaty", "    en: {line}"),
    ("  position: {ru: директор, kk: директор, en: director}",
     "  position: {{ru: директор, kk: директор, en: {line}}}"),
)
_MULTI_FIELD = ("  en: Online shop for garden goods.", "  en: {multi}")

_EXTRA = """
  - purpose: {{id: custom_goal, name: {{ru: Своя цель, kk: Өз мақсаты, en: {line}}}}}
    data: [identity]
    retention: {{years: 1}}
third_parties:
  - role: courier
    name: {{ru: Курьер, kk: Курьер, en: {line}}}
    country: KZ
    purposes: [order_fulfilment]
storage:
  primary_country: KZ
  location: {{ru: Алматы, kk: Алматы, en: {line}}}
"""


def yaml_string(value: str) -> str:
    """A YAML double-quoted scalar holding exactly `value` (JSON strings are valid YAML)."""
    return json.dumps(value, ensure_ascii=False)


def carrier_text(line: str = PLAIN, multi: str | None = None) -> str:
    """base.yaml with `line` in six one-line fields and `multi` (default: `line`) in the website description."""
    text = BASE.read_text(encoding="utf-8")
    quoted_line = yaml_string(line)
    for old, new in _LINE_FIELDS:
        assert old in text, old
        text = text.replace(old, new.format(line=quoted_line, named=yaml_string(f"{line.strip()} LLP")))
    old, new = _MULTI_FIELD
    text = text.replace(old, new.format(multi=yaml_string(line if multi is None else multi)))
    text = text.replace("sources:\n  - kind: subject\n", "sources:\n  - kind: subject\n    description: "
                        "{ru: от самих клиентов, kk: клиенттердің өзінен, en: " + quoted_line + "}\n")
    head, sep, tail = text.partition("\nconsent:")
    return head + _EXTRA.format(line=quoted_line).rstrip("\n") + sep + tail


Tag = tuple[str, tuple[tuple[str, str | None], ...]]


# Typography the renderer adds by text pattern (render/typography.py): a span that keeps "94-V" or a
# URL piece whole, a break opportunity after a slash, `lang` on a Latin-script name. They carry no URL
# and no behaviour, so the comparisons below leave them out; links are never among them.
TYPOGRAPHY = {("span", (("class", "kzp-nw"),)), ("span", (("lang", "en"),)), ("wbr", ())}


class Elements(HTMLParser):
    """Every start tag with its attributes, in order (typography spans left out), and the text content
    (entities decoded, soft hyphens removed)."""

    def __init__(self) -> None:
        super().__init__(convert_charrefs=True)
        self.tags: list[Tag] = []
        self.text: list[str] = []

    def handle_starttag(self, tag: str, attrs: list[tuple[str, str | None]]) -> None:
        if (tag, tuple(sorted(attrs))) not in TYPOGRAPHY:
            self.tags.append((tag, tuple(sorted(attrs))))

    def handle_data(self, data: str) -> None:
        self.text.append(data.replace("\u00ad", ""))

    def handle_comment(self, data: str) -> None:
        self.tags.append(("!--", ()))


def parse_html(source: str) -> Elements:
    parser = Elements()
    parser.feed(source)
    parser.close()
    return parser


def squash(text: str) -> str:
    """Whitespace folded, as a browser and a PDF text extractor see it."""
    return " ".join(text.split())


def masked_tags(page: Elements, payload: str) -> list[Tag]:
    """Tags, with the operator's name in `<meta name="author" content>` put back to the harmless value.

    Only there, and only when it is exactly the payload followed by the legal form the carrier adds (" LLP"):
    a value may appear in that attribute as text; no other attribute may change.
    """
    def mask(tag: str, attrs: tuple[tuple[str, str | None], ...]) -> Tag:
        if tag == "meta" and ("name", "author") in attrs and ("content", f"{payload} LLP") in attrs:
            return tag, tuple((k, f"{PLAIN} LLP" if k == "content" else v) for k, v in attrs)
        return tag, attrs

    return [mask(tag, attrs) for tag, attrs in page.tags]
