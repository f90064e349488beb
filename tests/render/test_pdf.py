"""The PDF as a reader and a screen reader meet it, for every profile and language."""

from __future__ import annotations

import re
from pathlib import Path

import pypdfium2 as pdfium
import pytest
from fontTools.ttLib import TTFont
from pypdf import PdfReader

from kzpolicy_gen.build import build_profile
from kzpolicy_gen.languages import LANGUAGES
from kzpolicy_gen.render.pdf import assets_root
from tests.conftest import PROFILES

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
