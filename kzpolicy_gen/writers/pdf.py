"""`--format pdf`: the page printed by WeasyPrint; a PDF whose page is unchanged is reused, not reprinted.

With `jobs` > 1 the pages go to a pool of worker processes as soon as they are made (while the other
documents are still being written) and the PDFs are collected at the end, in `shared()`.
"""

from __future__ import annotations

from concurrent.futures import Future, ProcessPoolExecutor
from multiprocessing import get_context

from kzpolicy_gen.render.html import Presentation, page_html
from kzpolicy_gen.writers import DocumentInput, WriteContext


def _print_page(page: str, path: str, epoch: int) -> bytes:
    from kzpolicy_gen.render.pdf import render_pdf

    return render_pdf(page, path, epoch)


def _warm_up() -> None:
    from kzpolicy_gen.render.pdf import warm_up

    warm_up()


class PdfWriter:
    def __init__(self, context: WriteContext) -> None:
        self.context = context
        self.look = Presentation.of(context.profile)
        self.pool: ProcessPoolExecutor | None = None
        self.pending: dict[str, Future[bytes]] = {}

    def document(self, doc: DocumentInput) -> dict[str, bytes]:
        path = f"{doc.stem}.pdf"
        page = page_html(doc.text, doc.body_html, doc.meta, for_pdf=True, presentation=self.look)
        render = self._submit if self.context.jobs > 1 else self._print
        return {path: self.context.produce("pdf", path, page, render)}

    def _print(self, page: str, path: str) -> bytes:
        return _print_page(page, path, self.context.epoch)  # WeasyPrint only when a PDF is really printed

    def _submit(self, page: str, path: str) -> bytes:
        """Queue the page on the pool; the PDF replaces this placeholder in `shared()`."""
        if self.pool is None:
            self.pool = ProcessPoolExecutor(max_workers=self.context.jobs, mp_context=get_context("spawn"),
                                            initializer=_warm_up)
        self.pending[path] = self.pool.submit(_print_page, page, path, self.context.epoch)
        return b""

    def shared(self) -> dict[str, bytes]:
        if self.pool is None:
            return {}
        try:
            return {path: future.result() for path, future in self.pending.items()}
        finally:
            self.pool.shutdown(cancel_futures=True)
            self.pool = None


def writer(context: WriteContext) -> PdfWriter:
    return PdfWriter(context)
