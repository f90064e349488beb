"""`--format docx`: an editable Word file per document, made from its Markdown (render/docx_writer.py)."""

from __future__ import annotations

from kzpolicy_gen.writers import DocumentInput, WriteContext


class DocxWriter:
    def __init__(self, context: WriteContext) -> None:
        self.context = context

    def document(self, doc: DocumentInput) -> dict[str, bytes]:
        from kzpolicy_gen.render.docx_writer import DocxMeta, docx_bytes  # python-docx only when DOCX is built

        profile = self.context.profile
        meta = DocxMeta(str(doc.meta["operator"]), profile.document.effective_date, str(doc.meta["keywords"]))
        return {f"{doc.stem}.docx": docx_bytes(doc.text, meta)}

    def shared(self) -> dict[str, bytes]:
        return {}


def writer(context: WriteContext) -> DocxWriter:
    return DocxWriter(context)
