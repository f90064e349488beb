"""`--format html`: the standalone page, three embeddable fragments, and their stylesheet as a file."""

from __future__ import annotations

from kzpolicy_gen.packaged import asset_text
from kzpolicy_gen.render import html as html_render
from kzpolicy_gen.writers import DocumentInput, WriteContext


class HtmlWriter:
    def document(self, doc: DocumentInput) -> dict[str, bytes]:
        text, body = doc.text, doc.body_html
        return {f"{doc.stem}.html": html_render.page_html(text, body, doc.meta).encode("utf-8"),
                f"{doc.stem}.fragment.html": html_render.fragment_html(text, body).encode("utf-8"),
                f"{doc.stem}.fragment-csp.html": html_render.fragment_html(text, body, inline_css=False).encode(),
                f"{doc.stem}.fragment-shadow.html": html_render.shadow_fragment_html(text, body).encode("utf-8")}

    def shared(self) -> dict[str, bytes]:
        return {"kzpolicy.css": asset_text("kzp.css").encode("utf-8")}


def writer(context: WriteContext) -> HtmlWriter:
    return HtmlWriter()
