"""Markdown → HTML body, then the standalone page and the embeddable fragment.

Why two walls: values are already inert after Markdown escaping; raw HTML handling is switched off
in the Markdown parser, and the result still passes an allow-list sanitiser, so a mistake in one
layer cannot put a script or a foreign URL into a client's website.
"""

from __future__ import annotations

import re
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
from kzpolicy_gen.render.shell import render_page
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
    attributes={"*": {"id", "class", "lang"}, "a": {"href", "hreflang"}, "th": {"align"}, "td": {"align"}},
    url_schemes={"https", "http", "mailto", "tel"},
    url_relative=_relative_url,
    link_rel="noopener noreferrer",
    strip_comments=True,
)


class _Ids(Treeprocessor):
    """Give the title and every section heading its stable id (the same in every language)."""

    def __init__(self, md: markdown.Markdown, ids: list[str]) -> None:
        super().__init__(md)
        self.ids = ids

    def run(self, root: ElementTree.Element) -> None:
        remaining = iter(self.ids)
        for element in root.iter():
            if element.tag == "h1":
                element.set("id", "kzp-title")
            elif element.tag == "h2":
                element.set("id", next(remaining, "kzp-extra"))
            elif element.tag == "table":
                element.set("class", "kzp-table")


class _NoRawHtml(Extension):
    """Raw HTML in Markdown is shown as text, never passed through."""

    def __init__(self, ids: list[str]) -> None:
        super().__init__()
        self.ids = ids

    def extendMarkdown(self, md: markdown.Markdown) -> None:
        md.preprocessors.deregister("html_block")
        md.inlinePatterns.deregister("html")
        md.treeprocessors.register(_Ids(md, self.ids), "kzp-ids", 5)


def markdown_to_html(text: RenderedText) -> str:
    """The sanitised HTML body of one document."""
    ids = [anchor(section_id) for section_id, _, _ in text.headings]
    converter = markdown.Markdown(extensions=["tables", "sane_lists", _NoRawHtml(ids)], output_format="html")
    html = converter.convert(text.markdown)
    html = html.replace("<table", '<div class="kzp-table-wrap"><table').replace("</table>", "</table></div>")
    cleaned: str = CLEANER.clean(html)
    return cleaned


def toc_html(text: RenderedText) -> str:
    """A table of contents linking every section by its stable anchor."""
    ui = cat.ui()
    items = "".join(
        f'<li><a href="#{anchor(sid)}">{Markup.escape(number)}. {Markup.escape(title)}</a></li>'
        for sid, number, title in text.headings
    )
    label = Markup.escape(ui["contents"][text.lang])
    return f'<nav class="kzp-toc" aria-label="{label}"><p><strong>{label}</strong></p><ol>{items}</ol></nav>'


def _insert_toc(body: str, toc: str) -> str:
    """Put the contents after the title and the version line."""
    marker = body.find("</p>", body.find("</h1>"))
    if marker < 0:
        return toc + body
    return body[: marker + 4] + toc + body[marker + 4:]


def page_html(text: RenderedText, body: str, meta: dict[str, Any], *, for_pdf: bool = False) -> str:
    """A complete HTML5 page for one document (also the input of the PDF)."""
    ui = cat.ui()
    lang = text.lang
    return render_page(
        "page.html.j2", lang, title=text.title, operator=meta["operator"], keywords=meta["keywords"],
        version=__version__, date=meta["date"],
        print_css=Markup(asset_text("print.css")) if for_pdf else None,
        page_label=ui["page"][lang],
        alternates=[] if for_pdf else meta.get("alternates", []),
        other_languages=ui["other_languages"][lang],
        body=Markup(_insert_toc(_pdf_links(body) if for_pdf else body, toc_html(text))),
    )


_SIBLING = re.compile(r'href="((?:\.\./[a-z]{2}/)?[a-z-]{2,40})\.html(#kzp-[a-z0-9-]+)?"')


def _pdf_links(body: str) -> str:
    """In a PDF, a link to another document of the set points at that document's PDF (a sibling file)."""
    return _SIBLING.sub(lambda m: f'href="{m.group(1)}.pdf{m.group(2) or ""}"', body)


def fragment_html(text: RenderedText, body: str, *, inline_css: bool = True) -> str:
    """One root element with scoped styles: paste it into any page; no scripts, no external URLs.

    With `inline_css=False` the `<style>` is left out, for sites whose Content-Security-Policy forbids
    inline styles: they serve `kzpolicy.css` as a file instead.
    """
    style = f"<style>{asset_text('kzp.css')}</style>\n" if inline_css else ""
    return (f'<div class="kzp-doc" lang="{text.lang}" data-kzp-document="{text.doc_id}">\n'
            f"{style}{_insert_toc(body, toc_html(text))}\n</div>\n")


def shadow_fragment_html(text: RenderedText, body: str) -> str:
    """The fragment inside a declarative shadow root: total isolation from the host page's CSS."""
    return (f'<div class="kzp-host" lang="{text.lang}"><template shadowrootmode="open">\n'
            f"{fragment_html(text, body)}</template></div>\n")


def markdown_fragment(text: str) -> str:
    """Sanitised HTML of a piece of a document's Markdown (one clause, for the preview's side-by-side view)."""
    converter = markdown.Markdown(extensions=["tables", "sane_lists", _NoRawHtml([])], output_format="html")
    cleaned: str = CLEANER.clean(converter.convert(text))
    return cleaned
