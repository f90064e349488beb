"""`--format pdf`: the page printed by WeasyPrint; a PDF whose page is unchanged is reused, not reprinted.

With `jobs` > 1 the pages go to a queue as soon as they are made: `jobs - 1` worker processes (started
before the profile was loaded, `writers/pdf_pool.py`) print from it while this process writes the other
formats, and this process joins them in `shared()`, where the PDFs are collected.
"""

from __future__ import annotations

from kzpolicy_gen.render.html import Presentation, page_html
from kzpolicy_gen.writers import DocumentInput, WriteContext, pdf_pool
from kzpolicy_gen.writers.pdf_pool import PrintPool, print_page


class PdfWriter:
    def __init__(self, context: WriteContext) -> None:
        self.context = context
        self.look = Presentation.of(context.profile)
        self.pool: PrintPool | None = None

    def document(self, doc: DocumentInput) -> dict[str, bytes]:
        path = f"{doc.stem}.pdf"
        page = page_html(doc.text, doc.body_html, doc.meta, for_pdf=True, presentation=self.look)
        render = self._submit if self.context.jobs > 1 else self._print
        return {path: self.context.produce("pdf", path, page, render)}

    def _print(self, page: str, path: str) -> bytes:
        return print_page(page, path, self.context.epoch)  # WeasyPrint only when a PDF is really printed

    def _submit(self, page: str, path: str) -> bytes:
        """Queue the page; the PDF replaces this placeholder in `shared()`."""
        if self.pool is None:
            self.pool = pdf_pool.take(self.context.jobs - 1)
        self.pool.add(path, page, self.context.epoch)
        return b""

    def shared(self) -> dict[str, bytes]:
        if self.pool is None:
            return {}
        try:
            files = self.pool.finish(print_page)
            self.context.rendered["pdf-by-workers"] += self.pool.by_workers
            return files
        finally:
            pdf_pool.stop()
            self.pool = None


def writer(context: WriteContext) -> PdfWriter:
    return PdfWriter(context)
