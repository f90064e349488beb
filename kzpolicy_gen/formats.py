"""The output formats: one registry entry per format, naming its writer and the files it makes.

Everything that lists formats derives from `REGISTRY`: the accepted `--format` values (`FORMATS`), the
CLI help, the links of the build's index, the output layout in docs/cli.md (`formats_markdown`, a test
fails when stale). Kept light (no renderers): the writer module is imported only when a build uses it.

To add a format: write `kzpolicy_gen/writers/<name>.py` with a `writer(context) -> Writer` function
(see `kzpolicy_gen/writers/__init__.py`) and add one `OutputFormat` line below.
"""

from __future__ import annotations

from dataclasses import dataclass
from importlib import import_module
from typing import TYPE_CHECKING

if TYPE_CHECKING:
    from kzpolicy_gen.writers import WriterFactory


@dataclass(frozen=True)
class OutputFormat:
    """One output format."""

    name: str
    """The `--format` value."""
    module: str
    """Module of the writer: it defines `writer(context: WriteContext) -> Writer`."""
    needs: str
    """What the writer reads of each document: "markdown" (the text) or "html" (the sanitised body)."""
    files: tuple[tuple[str, str], ...]
    """(file name under `<lang>/`, with `{doc}` for the document id; what it is), for each document."""
    shared: tuple[tuple[str, str], ...] = ()
    """(file name under the output folder; what it is), once per build."""
    link_rank: int | None = None
    """Position of the link to `{doc}.<name>` in the build's index (lower first); None: not linked."""

    def writer(self) -> WriterFactory:
        """The writer factory (imports the writer module, and its renderer, on first use)."""
        factory: WriterFactory = import_module(self.module).writer
        return factory


REGISTRY: tuple[OutputFormat, ...] = (
    OutputFormat("md", "kzpolicy_gen.writers.markdown", "markdown",
                 (("{doc}.md", "the Markdown source text"),), link_rank=2),
    OutputFormat("html", "kzpolicy_gen.writers.html", "html",
                 (("{doc}.html", "standalone page (language switcher, print styles)"),
                  ("{doc}.fragment.html", "embeddable fragment: one `<div class=\"kzp-doc\">`, scoped `<style>`, "
                                          "no scripts"),
                  ("{doc}.fragment-csp.html", "the same without `<style>`, for sites whose CSP forbids inline "
                                              "styles (serve `kzpolicy.css` from your own origin and link it)"),
                  ("{doc}.fragment-shadow.html", "the fragment inside a declarative shadow root (total isolation)")),
                 (("kzpolicy.css", "the fragment styles as a file (for fragment-csp)"),), link_rank=0),
    OutputFormat("pdf", "kzpolicy_gen.writers.pdf", "html",
                 (("{doc}.pdf", "A4 PDF with bundled fonts, outline and metadata"),), link_rank=1),
)

FORMATS: tuple[str, ...] = tuple(spec.name for spec in REGISTRY)


def output_format(name: str) -> OutputFormat:
    """The registry entry of a format name (names are checked by `options.parse_list` first)."""
    return next(spec for spec in REGISTRY if spec.name == name)


def index_links(formats: tuple[str, ...] | list[str]) -> list[str]:
    """The formats the build's index links, in link order."""
    linked = [spec for spec in REGISTRY if spec.name in formats and spec.link_rank is not None]
    return [spec.name for spec in sorted(linked, key=lambda spec: spec.link_rank or 0)]


def formats_markdown() -> str:
    """The per-format output layout of docs/cli.md (between its `formats` markers)."""
    lines = ["| `--format` | file | what it is |", "|---|---|---|"]
    for spec in REGISTRY:
        lines += [f"| `{spec.name}` | `DIR/<lang>/{name.format(doc='<document>')}` | {what} |"
                  for name, what in spec.files]
        lines += [f"| `{spec.name}` | `DIR/{name}` | {what} |" for name, what in spec.shared]
    return "\n".join(lines) + "\n"


if __name__ == "__main__":
    print(formats_markdown(), end="")
