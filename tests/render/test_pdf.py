"""The PDF as a reader and a screen reader meet it, for every profile and language."""

from __future__ import annotations

import re
from collections.abc import Iterator
from pathlib import Path
from typing import Any

import pypdfium2 as pdfium
import pytest
from fontTools.ttLib import TTFont
from pypdf import PdfReader

from kzpolicy_gen.build import build_profile
from kzpolicy_gen.languages import LANGUAGES
from kzpolicy_gen.render.pdf import assets_root
from tests.conftest import EXAMPLE, PROFILES, ROOT

ARTIFACTS = ROOT / "test-artifacts"

LANGS = LANGUAGES


@pytest.fixture(scope="module")
def pdfs(tmp_path_factory: pytest.TempPathFactory) -> dict[str, Path]:
    out = {}
    for profile in PROFILES:
        target = tmp_path_factory.mktemp(profile.stem)
        build_profile(profile, target, formats="md,pdf")
        out[profile.stem] = target
    return out


def _covered(text: str) -> set[str]:
    cmaps = [TTFont(path).getBestCmap() for path in (assets_root() / "fonts").glob("*.ttf")]
    return {ch for ch in text if ch.isprintable() and not ch.isspace() and all(ord(ch) not in c for c in cmaps)}


@pytest.mark.parametrize("profile", [p.stem for p in PROFILES])
def test_pdfs_are_tagged_outlined_and_complete(pdfs: dict[str, Path], profile: str) -> None:
    for lang in LANGS:
        for md in sorted((pdfs[profile] / lang).glob("*.md")):
            pdf_path = md.with_suffix(".pdf")
            reader = PdfReader(pdf_path)
            root = reader.trailer["/Root"]
            assert root["/Lang"] == lang and "/StructTreeRoot" in root and root["/MarkInfo"]["/Marked"]
            assert "/EmbeddedFiles" not in root.get("/Names", {})
            source = md.read_text(encoding="utf-8")
            assert _covered(source) == set(), f"glyphs missing from the bundled font: {_covered(source)}"
            text = " ".join("".join(p.extract_text() for p in reader.pages).replace("\u2010\n", "").split())
            headings = [line[3:].split(". ", 1)[1] for line in source.splitlines() if line.startswith("## ")]
            for heading in headings:
                assert " ".join(heading.split()) in text, (pdf_path.name, heading)
            titles = [item["/Title"] for item in reader.outline if not isinstance(item, list)]
            nested = [sub["/Title"] for item in reader.outline if isinstance(item, list) for sub in item]
            assert len(titles) == 1 and len(nested) == len(headings)
            assert 1 <= len(reader.pages) <= 30


def test_pages_render_and_are_not_blank(pdfs: dict[str, Path]) -> None:
    for lang in LANGS:
        document = pdfium.PdfDocument(pdfs["example"] / lang / "policy.pdf")
        for index in range(len(document)):
            image = document[index].render(scale=0.4).to_pil().convert("L")
            darkest, lightest = image.getextrema()
            assert darkest < 80 and lightest > 200, f"page {index + 1} of {lang} looks blank"


def _links(pdf: Path) -> list[str]:
    reader = PdfReader(pdf)
    return [str(a.get_object()["/A"]["/URI"]) for page in reader.pages for a in (page.get("/Annots") or [])
            if "/URI" in a.get_object().get("/A", {})]


def test_links_between_documents_are_relative_pdf_names(pdfs: dict[str, Path]) -> None:
    """No `file://` link to the install path: a link to another document names its sibling PDF."""
    for target in pdfs.values():
        for pdf in sorted(target.rglob("*.pdf")):
            data = pdf.read_bytes()
            assert b"file:" not in data and str(assets_root()).encode() not in data, pdf
            for uri in _links(pdf):
                assert uri.startswith(("https://", "http://", "mailto:", "tel:")) or \
                    re.fullmatch(r"[a-z-]+\.pdf(#kzp-[a-z0-9-]+)?", uri), (pdf, uri)
    snippets = [_links(p) for t in pdfs.values() for p in t.rglob("form-snippets.pdf")]
    assert any("consent.pdf" in links for links in snippets)


def test_pdf_bytes_do_not_depend_on_the_install_folder(tmp_path: Path, monkeypatch: pytest.MonkeyPatch) -> None:
    import shutil

    from kzpolicy_gen.render import pdf as pdf_render

    page = ('<!DOCTYPE html><html lang="en"><head><meta charset="utf-8"><title>t</title><style>'
            + (assets_root() / "print.css").read_text(encoding="utf-8") + '</style></head><body><p>See the '
            '<a href="consent.pdf">consent</a> and <a href="policy.pdf#kzp-rights">rights</a>.</p></body></html>')
    here = pdf_render.render_pdf(page, "en/x.pdf")
    elsewhere = tmp_path / "site-packages" / "kzpolicy_gen" / "assets"
    shutil.copytree(assets_root(), elsewhere)
    monkeypatch.setattr(pdf_render, "assets_root", lambda: elsewhere.resolve())
    assert pdf_render.render_pdf(page, "en/x.pdf") == here
    assert b"file:" not in here


# --- line breaking, measure, PDF/UA (one case per class; layout only, no PDF drawing where possible) ---

SHY, HYPHEN = "\u00ad", "\u2010"


def _pages(profile: Path, lang: str, tmp: Path) -> dict[str, str]:
    """The HTML pages the PDFs of one profile and language are printed from."""
    pages: dict[str, str] = {}
    build_profile(profile, tmp, formats="pdf", languages=lang, force=True,
                  pdf_renderer=lambda page, name: pages.__setitem__(name, page) or b"%PDF-1.7")
    return pages


def _walk(box: Any) -> Iterator[Any]:
    yield box
    for child in getattr(box, "children", None) or []:
        yield from _walk(child)


def _cell_problems(document: Any) -> list[str]:
    """Words split where there is no hyphenation point, and text wider than its cell."""
    from weasyprint.formatting_structure import boxes

    problems = []
    for page in document.pages:
        for cell in _walk(page._page_box):
            if not isinstance(cell, boxes.TableCellBox):
                continue
            right = cell.content_box_x() + cell.width + 0.5
            lines = [line for line in _walk(cell) if isinstance(line, boxes.LineBox)]
            texts = ["".join(t.text for t in _walk(line) if isinstance(t, boxes.TextBox)) for line in lines]
            problems += [f"wider than its column: {t.text!r}" for line in lines for t in _walk(line)
                         if isinstance(t, boxes.TextBox) and t.position_x + t.width > right]
            source = re.sub(r"[ \t\n]+", " ", "".join(cell.element.itertext()).replace(SHY, "")).strip()
            position = 0
            for text in texts[:-1]:
                piece = text.replace(SHY, "").strip()
                hyphenated = piece.endswith(HYPHEN)
                piece = piece.removesuffix(HYPHEN)
                found = source.find(piece, position)
                assert found >= 0, (piece, source)
                position = found + len(piece)
                at_space = position >= len(source) or source[position] == " "
                if not (at_space or hyphenated or source[position - 1] in "-/"):
                    problems.append(f"split without a hyphen: {source[position - 10:position + 10]!r}")
    return problems


@pytest.mark.parametrize("lang", ["ru", "kk"])
def test_purposes_table_words_are_whole_in_the_pdf(tmp_path: Path, lang: str) -> None:
    from kzpolicy_gen.render.pdf import layout

    pages = _pages(EXAMPLE, lang, tmp_path)
    document = layout(pages[f"{lang}/policy.pdf"])
    cells = [c for page in document.pages for c in _walk(page._page_box) if type(c).__name__ == "TableCellBox"]
    assert len(cells) >= 20
    assert _cell_problems(document) == []
    # A word does break in a narrow column, and it breaks at a syllable with a visible hyphen.
    lines = ["".join(t.text for t in _walk(c) if type(t).__name__ == "TextBox") for c in cells]
    assert any(text.endswith(SHY + HYPHEN) or text.endswith(HYPHEN) for c in cells for text in
               ["".join(t.text for t in _walk(line) if type(t).__name__ == "TextBox")
                for line in _walk(c) if type(line).__name__ == "LineBox"]), lines[:5]


def _pack_pages(lang: str, tmp: Path) -> dict[str, str]:
    """The HTML pages the pack's PDFs of the example are printed from."""
    from kzpolicy_gen.options import BuildOptions

    pages: dict[str, str] = {}
    build_profile(EXAMPLE, tmp, options=BuildOptions.parse(lang, "pdf", force=True,
                                                           documents="journals,processing-rules,data-list,cookie-notice"),
                  pdf_renderer=lambda page, name: pages.__setitem__(name, page) or b"%PDF-1.7")
    return pages


def _form_tables(document: Any, kind: str) -> list[Any]:
    from weasyprint.formatting_structure import boxes

    return [t for page in document.pages for t in _walk(page._page_box)
            if isinstance(t, boxes.TableBox) and kind in t.element.get("class", "")]


# (page, landscape, {table: the index of its widest column, or None for a form whose № column is the narrowest})
SIZED_TABLES = (
    ("pack/{}/journals.pdf", True, {"journals-access-log": None, "journals-request-register": None,
                                    "journals-consent-register": None}),
    ("pack/{}/processing-rules.pdf", False, {"processing-rules-destruction-act": None}),
    ("pack/{}/data-list.pdf", False, {"data-list-purposes": 1}),
    ("{}/cookie-notice.pdf", False, {"cookie-notice-table": 1}),
)


@pytest.mark.parametrize("lang", ["ru", "kk"])
def test_tables_have_columns_by_what_they_hold(tmp_path: Path, lang: str) -> None:
    """The pack's journals (8-10 columns) on landscape pages, the destruction act's form (7) on portrait, with a
    narrow № column; the data list and the cookie notice (4 columns each) give the width to the data and the
    purpose. Every header word is whole and inside its column (equal widths split "За-кон-ный
    пред-ста-ви-тель" and let "(иден-" stick out)."""
    from weasyprint.formatting_structure import boxes

    from kzpolicy_gen.render.pdf import layout

    pages = _pack_pages(lang, tmp_path)
    for name, landscape, tables in SIZED_TABLES:
        document = layout(pages[name.format(lang)])
        assert all((p.width > p.height) is landscape for p in document.pages), name
        assert _cell_problems(document) == [], name
        if lang == "ru" and landscape:
            _save_pages(document, f"pdf-example-{lang}-journals")
        for kind, widest in tables.items():
            [table, *_] = _form_tables(document, f"kzp-t-{kind}")
            header = [c for c in _walk(table) if isinstance(c, boxes.TableCellBox) and c.element_tag == "th"]
            widths = [c.width for c in header]
            if widest is None:
                assert len(widths) >= 7 and widths[0] < min(widths[1:]), (kind, widths)
                assert max(widths) > 2 * widths[0] and len(set(round(w) for w in widths)) > 3, (kind, widths)
            else:
                assert widths.index(max(widths)) == widest and len(set(round(w) for w in widths)) == 4, (kind, widths)
            # a header word is never split, even at a hyphenation point: its column holds it
            lines = ["".join(t.text for t in _walk(line) if isinstance(t, boxes.TextBox)).strip()
                     for cell in header for line in _walk(cell) if isinstance(line, boxes.LineBox)]
            assert not [line for line in lines if line.endswith(HYPHEN)], (kind, lines)


def _save_pages(document: Any, stem: str) -> None:
    """Page images of a laid-out document in test-artifacts/, for a human look."""
    ARTIFACTS.mkdir(exist_ok=True)
    pdf = pdfium.PdfDocument(document.write_pdf())
    for index in range(len(pdf)):
        pdf[index].render(scale=1.0).to_pil().save(ARTIFACTS / f"{stem}-{index + 1:02d}.png")


def test_a_long_url_breaks_after_its_slashes_only(tmp_path: Path) -> None:
    """A URL in a narrow column breaks after a slash (WeasyPrint draws <wbr> as a zero-width space, which the
    reset would empty), never at one of its own hyphens, and no line runs out of its box."""
    from weasyprint.formatting_structure import boxes

    from kzpolicy_gen.render.pdf import layout
    from kzpolicy_gen.render.typography import contact_set, typeset

    url = "https://alma-market.kz/ru/personal-data/privacy-policy-2026"
    body = typeset(f"<p>Политика опубликована по адресу {url}. Редакция 1.0</p>", "ru", hyphens="all",
                   contacts=contact_set([], [], [url]))
    css = "".join((assets_root() / name).read_text(encoding="utf-8") for name in ("kzp.css", "print.css"))
    page = (f'<!DOCTYPE html><html lang="ru"><head><meta charset="utf-8"><style>{css}</style></head><body>'
            f'<div class="kzp-doc" lang="ru"><main><div style="width:42mm">{body}</div></main></div></body></html>')
    document = layout(page)
    [box] = [b for b in _walk(document.pages[0]._page_box)
             if isinstance(b, boxes.BlockBox) and getattr(b, "element_tag", "") == "p"]
    right = box.content_box_x() + box.width + 0.5
    lines = [line for line in _walk(box) if isinstance(line, boxes.LineBox)]
    texts = ["".join(t.text for t in _walk(line) if isinstance(t, boxes.TextBox)) for line in lines]
    assert [t.text for line in lines for t in _walk(line)
            if isinstance(t, boxes.TextBox) and t.position_x + t.width > right] == []
    url_lines = [text.replace("\u200b", "").strip() for text in texts if "/" in text or "policy" in text]
    assert len(url_lines) >= 3, texts
    for text in url_lines[:-1]:
        assert text.endswith("/"), texts
    joined = "".join(url_lines)
    assert url in joined and HYPHEN not in joined, texts
    _save_pages(document, "pdf-url-narrow-column")


def _full_lines(document: Any) -> list[int]:
    """Characters on each line of body paragraphs that is not a paragraph's last line."""
    from weasyprint.formatting_structure import boxes

    counts = []
    for page in document.pages:
        for block in _walk(page._page_box):
            if getattr(block, "element_tag", "") != "p" or not isinstance(block, boxes.BlockBox):
                continue
            lines = [line for line in block.children if isinstance(line, boxes.LineBox)]
            for line in lines[:-1]:
                text = "".join(t.text for t in _walk(line) if isinstance(t, boxes.TextBox)).replace(SHY, "")
                counts.append(len(text))
    return counts


@pytest.mark.parametrize("font", ["sans", "serif"])
def test_measure_is_65_to_75_characters(tmp_path: Path, font: str) -> None:
    from kzpolicy_gen.render.pdf import layout

    profile = tmp_path / "p.yaml"
    profile.write_text(EXAMPLE.read_text(encoding="utf-8") + f"\npresentation:\n  font: {font}\n", encoding="utf-8")
    page = _pages(profile, "ru", tmp_path / "out")["ru/policy.pdf"]
    assert ('data-font="serif"' in page) is (font == "serif")
    counts = sorted(_full_lines(layout(page)))
    median = counts[len(counts) // 2]
    assert 65 <= median <= 75, (font, median)


def test_pdf_ua_checks_pass_and_headers_carry_scope(pdfs: dict[str, Path]) -> None:
    """The open validator's machine-checkable PDF/UA-1 subset (docs/pdf.md lists the rules)."""
    from pdfua import validate

    for path in (pdfs["example"] / "ru" / "policy.pdf", pdfs["clinic"] / "kk" / "consent.pdf",
                 pdfs["example"] / "en" / "cookie-notice.pdf"):
        report = validate(str(path))
        assert [(f.rule_id, f.message) for f in report.findings] == [], path
    reader = PdfReader(pdfs["example"] / "ru" / "policy.pdf")
    headers = []

    def walk(node: Any) -> None:
        node = node.get_object()
        if hasattr(node, "get") and node.get("/S") == "/TH":
            headers.append(node["/A"].get("/Scope"))
        kids = node.get("/K") if hasattr(node, "get") else None
        for kid in kids if isinstance(kids, list) else [kids] if kids is not None else []:
            if hasattr(kid, "get_object"):
                walk(kid)

    walk(reader.trailer["/Root"]["/StructTreeRoot"])
    assert headers and set(headers) == {"/Column"}


def test_footer_names_version_and_date_and_serif_is_bundled(pdfs: dict[str, Path]) -> None:
    reader = PdfReader(pdfs["example"] / "ru" / "policy.pdf")
    first = " ".join(reader.pages[0].extract_text().split())
    assert "Редакция 1.0 · действует с 1 декабря 2026 года" in first
    serif = [TTFont(path) for path in (assets_root() / "fonts").glob("DejaVuSerif*.ttf")]
    assert len(serif) == 4 and all(ord("ә") in f.getBestCmap() and ord("ұ") in f.getBestCmap() for f in serif)


def test_page_images_for_a_human_look(pdfs: dict[str, Path]) -> None:
    """Page images of the example and clinic policy and consent (ru, kk) in test-artifacts/."""
    ARTIFACTS.mkdir(exist_ok=True)
    written = 0
    for profile in ("example", "clinic"):
        for lang in ("ru", "kk"):
            for doc in ("policy", "consent"):
                document = pdfium.PdfDocument(pdfs[profile] / lang / f"{doc}.pdf")
                for index in range(len(document)):
                    image = document[index].render(scale=1.25).to_pil()
                    image.save(ARTIFACTS / f"pdf-{profile}-{lang}-{doc}-{index + 1:02d}.png")
                    written += 1
    assert written >= 8


def test_printed_forms_can_be_filled_and_signed(pdfs: dict[str, Path]) -> None:
    """Tick boxes, a printed-name line, a minor's line where minors are served, the receipt mark, and the
    initials line on every page of a form longer than one page; no contents list on a form."""
    reader = PdfReader(pdfs["clinic"] / "ru" / "withdrawal-form.pdf")
    pages = [" ".join(page.extract_text().split()) for page in reader.pages]
    text = " ".join(pages)
    assert text.count("\u25a1") >= 2 and "печатными буквами" in text and "14 лет и старше" in text
    assert "Отметка оператора о получении" in text and "Содержание" not in text
    if len(pages) > 1:
        assert all("Инициалы: ___" in page for page in pages)
    example = " ".join(" ".join(p.extract_text().split()) for p in PdfReader(pdfs["example"] / "ru" /
                                                                            "withdrawal-form.pdf").pages)
    assert "14 лет и старше" not in example and "печатными буквами" in example


def test_pdfs_printed_by_two_workers_are_the_same_bytes(pdfs: dict[str, Path], tmp_path: Path,
                                                       monkeypatch: pytest.MonkeyPatch) -> None:
    """`--jobs 2` for one profile prints its PDFs in a worker process and in the build's own process
    (writers/pdf_pool.py); the files do not change, whoever printed them."""
    from kzpolicy_gen.writers import pdf_pool

    shares: list[tuple[int, int]] = []
    finish = pdf_pool.PrintPool.finish

    def counted(self: pdf_pool.PrintPool, print_here: Any) -> dict[str, bytes]:
        files = finish(self, print_here)
        shares.append((self.by_workers, len(files) - self.by_workers))
        return files

    monkeypatch.setattr(pdf_pool.PrintPool, "finish", counted)
    result = build_profile(EXAMPLE, tmp_path, formats="md,pdf", languages="en", jobs=2)
    assert result.pdf_rendered == len(list((tmp_path / "en").glob("*.pdf"))) > 5
    [(by_worker, by_parent)] = shares
    assert by_worker >= 1 and by_parent >= 1 and by_worker + by_parent == result.pdf_rendered
    for path in sorted((tmp_path / "en").glob("*.pdf")):
        assert path.read_bytes() == (pdfs["example"] / "en" / path.name).read_bytes(), path.name


def test_print_workers_of_a_build_that_prints_nothing_are_stopped_at_once() -> None:
    """A build whose PDFs are all reused (or that fails before printing) does not wait for its workers'
    WeasyPrint import: they are stopped, and none is left behind."""
    import multiprocessing
    import time

    from kzpolicy_gen.writers import pdf_pool

    pool = pdf_pool.start(1)
    assert pool is not None and multiprocessing.active_children()
    started = time.perf_counter()
    pdf_pool.stop()
    assert time.perf_counter() - started < 5
    assert not [p for p in multiprocessing.active_children() if p.is_alive()]


# --- page fill and the last page, read from the printed PDFs (render/pagination.py, print.css) ---

MM = 72 / 25.4
PAGE_MARGIN = 20 * MM  # top and bottom margin of print.css's @page
FILLED = [(profile, lang, doc) for profile in ("example", "clinic") for lang in ("ru", "kk")
          for doc in ("policy", "consent")]


def _empty_below(page: Any) -> float:
    """The part of the page's text area below its last line of text (running header and footer left out)."""
    _, height = page.get_size()
    text = page.get_textpage()
    bottoms = [rect[1] for rect in (text.get_rect(i) for i in range(text.count_rects()))
               if rect[1] > PAGE_MARGIN + 1 and rect[3] < height - PAGE_MARGIN - 1]
    area = height - 2 * PAGE_MARGIN
    return (min(bottoms) - PAGE_MARGIN) / area if bottoms else 1.0


def test_no_page_but_the_last_is_left_a_quarter_empty(pdfs: dict[str, Path], tmp_path: Path) -> None:
    """Only small blocks keep together (rows split with the header repeated; a signature block splits between
    its parts), so no page before the last ends more than 25% empty; on a signed form, the page before its
    signature block 35% at most."""
    from kzpolicy_gen.render.pagination import MAX_EMPTY, MAX_EMPTY_BEFORE_SIGNATURES
    from kzpolicy_gen.render.pdf import render_pdf

    for profile, lang, doc in FILLED:
        document = pdfium.PdfDocument(pdfs[profile] / lang / f"{doc}.pdf")
        empty = [round(_empty_below(document[i]), 2) for i in range(len(document) - 1)]
        # A signed form may take its last clauses and the whole signature block to a new page (a third).
        allowed = MAX_EMPTY_BEFORE_SIGNATURES if doc == "consent" else MAX_EMPTY
        assert all(part <= allowed for part in empty), (profile, lang, doc, empty)
    # The measure sees a gap: a block kept whole that does not fit leaves most of page 1 empty.
    page = ('<html lang="en"><body><p>First.</p><div style="break-inside:avoid">'
            + "<p>line</p>" * 60 + "</div></body></html>")
    (tmp_path / "gap.pdf").write_bytes(render_pdf(page, "gap.pdf"))
    assert _empty_below(pdfium.PdfDocument(tmp_path / "gap.pdf")[0]) > 0.5


def _clauses_on_last_page(path: Path) -> int:
    """Clauses with text on the last page: those starting there ("4.1. …"), and one continued onto it."""
    document = pdfium.PdfDocument(path)
    page = document[len(document) - 1]
    width, height = page.get_size()
    text = page.get_textpage().get_text_bounded(0, PAGE_MARGIN, width, height - PAGE_MARGIN)
    lines = [line.strip() for line in text.splitlines() if line.strip()]
    starts = sum(1 for line in lines if re.match(r"\d+(\.\d+)+\.\s", line))
    continued = bool(lines) and not re.match(r"\d+\.", lines[0])
    return starts + continued


def test_the_last_page_holds_more_than_one_clause(pdfs: dict[str, Path]) -> None:
    """The orphan guard: a last page with one clause (or only signature lines) is laid out again."""
    for profile, lang, doc in FILLED:
        path = pdfs[profile] / lang / f"{doc}.pdf"
        if len(PdfReader(path).pages) > 1:
            assert _clauses_on_last_page(path) >= 2, (profile, lang, doc)


def test_the_footer_date_stays_on_one_line(pdfs: dict[str, Path]) -> None:
    """The Kazakh footer ("күшіне енген күні 2026 жылғы 1 желтоқсан") beside the initials and page number."""
    page = pdfium.PdfDocument(pdfs["example"] / "kk" / "consent.pdf")[0]
    text = page.get_textpage()
    footer = [r for r in (text.get_rect(i) for i in range(text.count_rects())) if r[3] < PAGE_MARGIN]
    assert footer and max(r[1] for r in footer) - min(r[1] for r in footer) < 3, footer
    words = " ".join(text.get_text_bounded(0, 0, page.get_size()[0], PAGE_MARGIN).split())
    assert "2026 жылғы 1 желтоқсан" in words and "Инициалдар" in words


def test_a_forms_initials_line_is_printed_only_when_it_runs_to_a_second_page(tmp_path: Path) -> None:
    """One layout either way: the line (in the page margin) is dropped from a one-page form after layout."""
    from kzpolicy_gen.render.pdf import render_pdf

    css = (assets_root() / "print.css").read_text(encoding="utf-8")

    def form(paragraphs: int) -> list[str]:
        page = (f'<!DOCTYPE html><html lang="en"><head><meta charset="utf-8"><style>{css}</style></head><body>'
                '<div class="kzp-initials-text" data-kzp-form>Initials: ____</div><div class="kzp-doc"><main>'
                + "<p>I consent to the processing of my data.</p>" * paragraphs + "</main></div></body></html>")
        (tmp_path / "form.pdf").write_bytes(render_pdf(page, "en/form.pdf"))
        return [" ".join(p.extract_text().split()) for p in PdfReader(tmp_path / "form.pdf").pages]

    one, two = form(5), form(80)
    assert len(one) == 1 and "Initials" not in one[0] and "I consent" in one[0]
    assert len(two) >= 2 and all("Initials: ____" in page for page in two)
