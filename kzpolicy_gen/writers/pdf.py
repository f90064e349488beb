"""`--format pdf`: the page printed by WeasyPrint; a PDF whose page is unchanged is reused, not reprinted."""

from __future__ import annotations

from kzpolicy_gen.render.html import Presentation, page_html
from kzpolicy_gen.writers import DocumentInput, WriteContext


class PdfWriter:
    def __init__(self, context: WriteContext) -> None:
        self.context = context
        self.look = Presentation.of(context.profile)

    def document(self, doc: DocumentInput) -> dict[str, bytes]:
        path = f"{doc.stem}.pdf"
        page = page_html(doc.text, doc.body_html, doc.meta, for_pdf=True, presentation=self.look)
        return {path: self.context.produce("pdf", path, page, self._print)}

    def _print(self, page: str, path: str) -> bytes:
        from kzpolicy_gen.render.pdf import render_pdf  # WeasyPrint only when a PDF is really printed

        return render_pdf(page, path, self.context.epoch)

    def shared(self) -> dict[str, bytes]:
        return {}


def writer(context: WriteContext) -> PdfWriter:
    return PdfWriter(context)
