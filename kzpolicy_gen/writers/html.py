"""`--format html`: the standalone page, three embeddable fragments, and their stylesheet as a file."""

from __future__ import annotations

from kzpolicy_gen.render import html as html_render
from kzpolicy_gen.render.shell import web_css
from kzpolicy_gen.writers import DocumentInput, WriteContext


class HtmlWriter:
    def __init__(self, context: WriteContext) -> None:
        self.look = html_render.Presentation.of(context.profile)

    def document(self, doc: DocumentInput) -> dict[str, bytes]:
        text, body, look = doc.text, doc.body_html, self.look
        return {f"{doc.stem}.html": html_render.page_html(text, body, doc.meta, presentation=look).encode(),
                f"{doc.stem}.fragment.html": html_render.fragment_html(text, body, presentation=look).encode(),
                f"{doc.stem}.fragment-csp.html": html_render.fragment_html(text, body, inline_css=False,
                                                                           presentation=look).encode(),
                f"{doc.stem}.fragment-shadow.html": html_render.shadow_fragment_html(text, body, look).encode()}

    def shared(self) -> dict[str, bytes]:
        return {"kzpolicy.css": web_css().encode("utf-8")}


def writer(context: WriteContext) -> HtmlWriter:
    return HtmlWriter(context)
