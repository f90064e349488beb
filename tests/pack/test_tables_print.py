"""The journals print with header rows: in the PDF every page a table continues on starts with its header, and
in the DOCX the header row is marked to repeat. One check per format (the journals in Russian), not a matrix."""

from __future__ import annotations

import io
from collections.abc import Iterator
from pathlib import Path
from typing import Any

import docx

from kzpolicy_gen.build import build_profile, render_files
from kzpolicy_gen.options import BuildOptions
from kzpolicy_gen.plan.planner import plan_documents
from tests.conftest import EXAMPLE
from tests.pack.conftest import profile

W = "{http://schemas.openxmlformats.org/wordprocessingml/2006/main}"


def _walk(box: Any) -> Iterator[Any]:
    yield box
    for child in getattr(box, "children", None) or []:
        yield from _walk(child)


def test_every_page_of_a_journal_table_starts_with_its_header(tmp_path: Path) -> None:
    from weasyprint.formatting_structure import boxes

    from kzpolicy_gen.render.pdf import layout

    pages: dict[str, str] = {}
    options = BuildOptions.parse("ru", "pdf", documents="journals", force=True)
    build_profile(EXAMPLE, tmp_path, options=options,
                  pdf_renderer=lambda page, name: pages.__setitem__(name, page) or b"%PDF-1.7")
    # On landscape pages (print.css) each journal fits its page: a block before the first table makes it run on.
    page = pages["pack/ru/journals.pdf"].replace("<div class=\"kzp-table-wrap\">",
                                               '<div style="height:60mm"></div><div class="kzp-table-wrap">', 1)
    document = layout(page)
    assert all(p.width > p.height for p in document.pages)
    fragments = [(number, table) for number, page in enumerate(document.pages)
                 for table in _walk(page._page_box) if isinstance(table, boxes.TableBox)]
    assert len(fragments) > 3, "a journal table should run on to the next page"  # three tables, one split
    for number, table in fragments:
        groups = [g for g in table.children if isinstance(g, boxes.TableRowGroupBox)]
        assert groups and groups[0].is_header, f"page {number + 1}: a table fragment without its header row"
        header = [c for c in _walk(groups[0]) if isinstance(c, boxes.TableCellBox)]
        assert header and all(c.element_tag == "th" for c in header)


def test_the_journal_tables_repeat_their_header_row_in_word() -> None:
    found = profile("example")
    files = render_files(found, BuildOptions.parse("ru", "docx"), plans=plan_documents(found, ("journals",)))
    journals = docx.Document(io.BytesIO(files["pack/ru/journals.docx"]))
    assert len(journals.tables) == 3
    # an internal act has no version line: its first clause is body text, and no contents field is inserted
    styles = [p.style.name for p in journals.paragraphs]
    assert "Subtitle" not in styles and "TOC Heading" not in styles
    first = next(p for p in journals.paragraphs if p.text.startswith("1.1."))
    assert first.style.name != "Subtitle"
    for table in journals.tables:
        header = table.rows[0]._tr
        assert header.trPr is not None and header.trPr.find(f"{W}tblHeader") is not None
        assert len(table.rows) == 6 and len(table.columns) >= 8
        assert all(run.bold for cell in table.rows[0].cells for p in cell.paragraphs for run in p.runs)
