"""Markdown → HTML body, then the standalone page and the embeddable fragment.

Why two walls: values are already inert after Markdown escaping; raw HTML handling is switched off
in the Markdown parser, and the result still passes an allow-list sanitiser, so a mistake in one
layer cannot put a script or a foreign URL into a client's website.
"""

from __future__ import annotations

import re
from dataclasses import dataclass, field
from functools import lru_cache
from typing import Any
from xml.etree import ElementTree

import markdown
import nh3
from markdown.extensions import Extension
from markdown.treeprocessors import Treeprocessor
from markupsafe import Markup

from kzpolicy_gen import __version__
from kzpolicy_gen import catalogue as cat
from kzpolicy_gen.packaged import asset_text
from kzpolicy_gen.render import forms
from kzpolicy_gen.render import text as fmt
from kzpolicy_gen.render.shell import render_page, web_css
from kzpolicy_gen.render.typography import contact_set, nonbreaking, typeset
from kzpolicy_gen.render.wording import RenderedText, anchor

_ANCHOR = re.compile(r"#kzp-[a-z0-9-]{1,64}\Z")


def _relative_url(url: str) -> str | None:
    """Keep only our own in-page anchors and sibling documents among relative links."""
    if _ANCHOR.match(url) or re.fullmatch(r"(\.\./)?([a-z]{2}/)?[a-z-]{2,40}(\.fragment)?\.html(#kzp-[a-z0-9-]+)?",
                                          url):
        return url
    return None


CLEANER = nh3.Cleaner(
    tags={"h1", "h2", "h3", "h4", "p", "br", "ul", "ol", "li", "strong", "em", "table", "thead", "tbody", "tr",
          "th", "td", "a", "nav", "div", "span", "code"},
    attributes={"*": {"id", "class", "lang"}, "a": {"href", "hreflang"}, "th": {"align", "scope", "role"},
                "td": {"align", "data-label", "role"}, "table": {"role"}, "thead": {"role"}, "tbody": {"role"},
                "tr": {"role"}},
    url_schemes={"https", "http", "mailto", "tel"},
    url_relative=_relative_url,
    link_rel="noopener noreferrer",
    strip_comments=True,
)


@dataclass(frozen=True)
class Presentation:
    """How the HTML and PDF look, from the profile's `presentation` block (all optional).

    `heading_level` 2 makes the fragment's title an h2 (for a page that has its own h1); `theme`
    "light" (default), "auto" (follows the visitor's OS) or "dark"; `font` "sans" or "serif";
    `base_url` or `urls` (document id → address) turn links between documents into absolute ones.
    """

    heading_level: int = 1
    theme: str = "light"
    font: str = "sans"
    base_url: str | None = None
    urls: dict[str, str | dict[str, str]] = field(default_factory=dict)
    contacts: frozenset[str] = frozenset()
    minors: bool = False

    @classmethod
    def of(cls, profile: Any) -> Presentation:
        """From the profile's `presentation` block; the operator's declared contacts become links."""
        p, op, person, req = profile.presentation, profile.operator, profile.responsible_person, profile.requests
        # operator.email and operator.phone are optional (Art. 8 p.4 needs neither): only the given ones link
        emails = [e for e in (op.email, person.email if person else None, req.email,
                              *(ct.email for ct in op.contacts)) if e]
        phones = [x for x in (op.phone, person.phone if person else None, *(ct.phone for ct in op.contacts)) if x]
        urls = [*op.websites, *([req.web_form_url] if req.web_form_url else []),
                *([profile.document.public_url] if profile.document.public_url else []),
                *(related.url for related in profile.document.related)]
        return cls(p.fragment_heading_level, p.theme, p.font, p.base_url, dict(p.document_urls),
                   contact_set(emails, phones, urls), profile.minors.served)

    def document_url(self, doc_id: str, lang: str, fragment: str = "") -> str | None:
        """The absolute address of a sibling document, or None to keep the relative link."""
        entry = self.urls.get(doc_id)
        url = entry.get(lang) if isinstance(entry, dict) else entry
        if url is None and self.base_url:
            url = f"{self.base_url.rstrip('/')}/{lang}/{doc_id}.html"
        return None if url is None else url + fragment


DEFAULT = Presentation()
# Documents a person fills in and signs on paper: an initials line on every page when one does not fit
# on a single page, and the signature lines of render/forms.py.
FORMS = forms.SIGNED
# A contents list helps a long document only; a short one opens with its first section.
TOC_MIN_SECTIONS = 8


class _Ids(Treeprocessor):
    """Give the title and every section heading its stable id (the same in every language), and every
    table its header scopes, cell labels (for the stacked phone layout) and ARIA roles (so a table
    drawn as blocks stays one table for a screen reader)."""

    def __init__(self, md: markdown.Markdown, ids: list[str], doc_id: str = "") -> None:
        super().__init__(md)
        self.ids = ids
        self.doc_id = doc_id

    def run(self, root: ElementTree.Element) -> None:
        remaining = iter(self.ids)
        section = ""
        for element in root.iter():
            if element.tag == "h1":
                element.set("id", "kzp-title")
                element.set("class", "kzp-h1")
            elif element.tag == "h2":
                section = next(remaining, "kzp-extra")
                element.set("id", section)
                element.set("class", "kzp-h2")
            elif element.tag == "table":
                _table_semantics(element, table_class(self.doc_id, section))


def table_class(doc_id: str, section: str) -> str:
    """The class that names a table by what it is, the same in every language: its document and the
    section that holds it (`kzp-t-journals-access-log`). Print styles size columns by it, since tables
    of the same column count hold different things (a journal's № and dates, a policy's purposes)."""
    if not doc_id or not section:
        return ""
    return "kzp-t-" + anchor(f"{doc_id}-{section.removeprefix('kzp-')}").removeprefix("kzp-")


def _table_semantics(table: ElementTree.Element, kind: str = "") -> None:
    labels = ["".join(th.itertext()).strip() for th in table.iter("th")]
    table.set("class", " ".join(filter(None, ("kzp-table kzp-stack", f"kzp-cols-{len(labels)}", kind))))
    table.set("role", "table")
    for group in (*table.iter("thead"), *table.iter("tbody")):
        group.set("role", "rowgroup")
    for row in table.iter("tr"):
        row.set("role", "row")
        for index, cell in enumerate(row):
            if cell.tag == "th":
                cell.set("scope", "col")
                cell.set("role", "columnheader")
            elif cell.tag == "td":
                cell.set("role", "cell")
                if index < len(labels):
                    cell.set("data-label", labels[index])


class _NoRawHtml(Extension):
    """Raw HTML in Markdown is shown as text, never passed through."""

    def __init__(self, ids: list[str], doc_id: str = "") -> None:
        super().__init__()
        self.ids = ids
        self.doc_id = doc_id

    def extendMarkdown(self, md: markdown.Markdown) -> None:
        md.preprocessors.deregister("html_block")
        md.inlinePatterns.deregister("html")
        md.treeprocessors.register(_Ids(md, self.ids, self.doc_id), "kzp-ids", 5)


def markdown_to_html(text: RenderedText) -> str:
    """The sanitised HTML body of one document."""
    ids = [anchor(section_id) for section_id, _, _ in text.headings]
    converter = markdown.Markdown(extensions=["tables", "sane_lists", _NoRawHtml(ids, text.doc_id)],
                                  output_format="html")
    html = converter.convert(text.markdown)
    html = html.replace("<table", '<div class="kzp-table-wrap"><table').replace("</table>", "</table></div>")
    cleaned: str = CLEANER.clean(html)
    return forms.tick_boxes(cleaned, text.lang)


def toc_html(text: RenderedText) -> str:
    """A table of contents linking every section by its stable anchor."""
    if len(text.headings) < TOC_MIN_SECTIONS:
        return ""
    ui = cat.ui()
    items = "".join(
        f'<li><a href="#{anchor(sid)}">{Markup.escape(number)}. {Markup.escape(title)}</a></li>'
        for sid, number, title in text.headings
    )
    label = Markup.escape(ui["contents"][text.lang])
    return f'<nav class="kzp-toc" aria-label="{label}"><p><strong>{label}</strong></p><ol>{items}</ol></nav>'


def _insert_toc(body: str, toc: str, pack: bool = False) -> str:
    """Put the contents after the title and the version line (an internal act of the pack has no version line:
    straight after the title)."""
    if not toc:
        return body
    if pack and body.find("</h1>") >= 0:
        end = body.find("</h1>") + 5
        return body[:end] + toc + body[end:]
    marker = body.find("</p>", body.find("</h1>"))
    if marker < 0:
        return toc + body
    return body[: marker + 4] + toc + body[marker + 4:]


@lru_cache(maxsize=8)
def _typeset(body: str, lang: str, hyphens: str, contacts: frozenset[str]) -> str:
    return typeset(body, lang, hyphens=hyphens, contacts=contacts)


_SIBLING = re.compile(r'href="(?:\.\./([a-z]{2})/)?([a-z-]{2,40})\.html(#kzp-[a-z0-9-]+)?"')


def _absolute_links(html: str, lang: str, presentation: Presentation) -> str:
    """Links between documents → the addresses the site publishes them at (when configured)."""
    def one(match: re.Match[str]) -> str:
        url = presentation.document_url(match.group(2), match.group(1) or lang, match.group(3) or "")
        return match.group(0) if url is None else f'href="{Markup.escape(url)}"'

    return _SIBLING.sub(one, html)


def _shift_headings(html: str, level: int) -> str:
    """Title as h`level`, sections one below it (h2 under a site's own h1)."""
    for old in range(4, 0, -1):
        new = min(old + level - 1, 6)
        html = re.sub(rf"<(/?)h{old}([ >])", rf"<\1h{new}\2", html)
    return html


def _web_body(text: RenderedText, body: str, presentation: Presentation) -> str:
    html = _insert_toc(_typeset(body, text.lang, "tables", presentation.contacts), toc_html(text), text.pack)
    return _absolute_links(html, text.lang, presentation)


def _root_attributes(text: RenderedText, presentation: Presentation) -> str:
    font = ' data-font="serif"' if presentation.font == "serif" else ""
    return f'class="kzp-doc" lang="{text.lang}" data-theme="{presentation.theme}"{font}'


def page_html(text: RenderedText, body: str, meta: dict[str, Any], *, for_pdf: bool = False,
              presentation: Presentation = DEFAULT) -> str:
    """A complete HTML5 page for one document (also the input of the PDF)."""
    ui = cat.ui()
    lang = text.lang
    if for_pdf:
        content = _insert_toc(_typeset(_pdf_links(body), lang, "all", presentation.contacts), toc_html(text),
                              text.pack)
    else:
        content = _web_body(text, body, presentation)
    content += forms.signature_block(text.doc_id, lang, minors=presentation.minors, body=body)
    version = meta.get("doc_version")
    effective = meta.get("effective")
    footer = ""
    if text.pack:  # an internal act has its own number and date; the footer says it is not for publication
        footer = ui["pack_footer"][lang]
    elif version and effective:
        footer = nonbreaking(f"{ui['version'][lang]} {version} · {ui['effective'][lang]} "
                             f"{fmt.long_date(lang, effective)}")
    return render_page(
        "page.html.j2", lang, title=text.title, operator=meta["operator"], keywords=meta["keywords"],
        version=__version__, date=meta["date"], css=Markup(asset_text("kzp.css") if for_pdf else web_css()),
        print_css=Markup(asset_text("print.css")) if for_pdf else None,
        page_label=ui["page"][lang], footer=footer,
        initials=ui["initials_line"][lang] if for_pdf and text.doc_id in FORMS else "",
        serif=presentation.font == "serif", theme=presentation.theme,
        alternates=[] if for_pdf else meta.get("alternates", []),
        previous=None if for_pdf or not meta.get("previous") else {
            "href": meta["previous"]["href"], "label": f"{ui['previous_version'][lang]} {meta['previous']['version']}"},
        other_languages=ui["other_languages"][lang],
        body=Markup(content),
    )


def _pdf_links(body: str) -> str:
    """In a PDF, a link to another document of the set points at that document's PDF (a sibling file)."""
    def one(m: re.Match[str]) -> str:
        folder = f"../{m.group(1)}/" if m.group(1) else ""
        return f'href="{folder}{m.group(2)}.pdf{m.group(3) or ""}"'

    return _SIBLING.sub(one, body)


def fragment_html(text: RenderedText, body: str, *, inline_css: bool = True,
                  presentation: Presentation = DEFAULT) -> str:
    """One root element with scoped styles: paste it into any page; no scripts, no external URLs.

    With `inline_css=False` the `<style>` is left out, for sites whose Content-Security-Policy forbids
    inline styles: they serve `kzpolicy.css` as a file instead.
    """
    style = f"<style>{web_css()}</style>\n" if inline_css else ""
    content = _shift_headings(_web_body(text, body, presentation), presentation.heading_level)
    return (f'<div {_root_attributes(text, presentation)} data-kzp-document="{text.doc_id}">\n'
            f"{style}{content}\n</div>\n")


def shadow_fragment_html(text: RenderedText, body: str, presentation: Presentation = DEFAULT) -> str:
    """The fragment inside a declarative shadow root: total isolation from the host page's CSS.

    A declarative shadow root works only when the browser parses it with the page; inserted later by
    `innerHTML` (React's `dangerouslySetInnerHTML`) it stays an inert `<template>`. The copy after the
    template is shown only in that case (a shadow root without a slot does not show it), so
    the document is never lost.
    """
    inner = fragment_html(text, body, presentation=presentation)
    return (f'<div class="kzp-host" lang="{text.lang}"><template shadowrootmode="open">\n'
            f"{inner}</template>{inner}</div>\n")


def markdown_fragment(text: str) -> str:
    """Sanitised HTML of a piece of a document's Markdown (one clause, for the preview's side-by-side view)."""
    converter = markdown.Markdown(extensions=["tables", "sane_lists", _NoRawHtml([])], output_format="html")
    cleaned: str = CLEANER.clean(converter.convert(text))
    return cleaned
