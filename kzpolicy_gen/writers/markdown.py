"""`--format md`: the Markdown text as rendered from the wording."""

from __future__ import annotations

from kzpolicy_gen.writers import DocumentInput, WriteContext


class MarkdownWriter:
    def document(self, doc: DocumentInput) -> dict[str, bytes]:
        return {f"{doc.stem}.md": doc.text.markdown.encode("utf-8")}

    def shared(self) -> dict[str, bytes]:
        return {}


def writer(context: WriteContext) -> MarkdownWriter:
    return MarkdownWriter()
