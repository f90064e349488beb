"""The DOCX opened by a real word processor: LibreOffice converts one policy per language (and the ru/kk consent)
to PDF headless; the text, the computed page fields and the fonts are checked, and no page is blank.

Skipped, with the reason printed, where LibreOffice is not installed (`KZP_LIBREOFFICE=1 ./scripts/setup.sh`
installs Debian's libreoffice-writer-nogui).
"""

from __future__ import annotations

import os
import re
import shutil
import subprocess
import zipfile
from pathlib import Path

import pypdfium2 as pdfium
import pytest
from pypdf import PdfReader

from kzpolicy_gen import catalogue as cat
from kzpolicy_gen.build import build_profile, render_texts
from kzpolicy_gen.validate import load_profile
from tests.conftest import EXAMPLE

SOFFICE = shutil.which("soffice") or shutil.which("libreoffice")
CONVERTED = ("ru/policy", "kk/policy", "en/policy", "ru/consent", "kk/consent")

pytestmark = pytest.mark.skipif(
    SOFFICE is None, reason="LibreOffice is not installed (no soffice on PATH): the DOCX → PDF check needs it; "
                            "install it with KZP_LIBREOFFICE=1 ./scripts/setup.sh (Debian libreoffice-writer-nogui)")


@pytest.fixture(scope="module")
def converted(tmp_path_factory: pytest.TempPathFactory) -> dict[str, Path]:
    root = tmp_path_factory.mktemp("lo")
    build_profile(EXAMPLE, root / "out", formats="docx")
    result: dict[str, Path] = {}
    for lang in ("ru", "kk", "en"):
        names = [root / "out" / f"{stem}.docx" for stem in CONVERTED if stem.startswith(lang)]
        target = root / "pdf" / lang
        own_profile = f"-env:UserInstallation={(root / 'profile').as_uri()}"
        subprocess.run([str(SOFFICE), "--headless", "--norestore", own_profile, "--convert-to", "pdf",
                        "--outdir", str(target), *map(str, names)], check=True, capture_output=True, timeout=300)
        for name in names:
            result[f"{lang}/{name.stem}"] = target / f"{name.stem}.pdf"
    return result


def squash(text: str) -> str:
    return "".join(text.split())


@pytest.mark.parametrize("stem", CONVERTED)
def test_libreoffice_prints_the_docx_with_its_text_fields_and_fonts(converted: dict[str, Path], stem: str) -> None:
    lang, doc_id = stem.split("/")
    profile = load_profile(EXAMPLE)
    text = next(t for t in render_texts(profile, [lang]) if t.doc_id == doc_id)
    reader = PdfReader(converted[stem])
    pages = [page.extract_text() or "" for page in reader.pages]
    whole = squash(" ".join(pages))
    assert squash(text.title) in whole
    for _, number, title in text.headings:
        assert squash(f"{number}. {title}") in whole, title
    for line in text.markdown.splitlines():
        if line.startswith("**"):  # the clause number, as text
            assert line[2:].split("**")[0] in whole, line[:20]
    label = cat.ui()["page"][lang]
    for index, page in enumerate(pages, start=1):  # the PAGE and NUMPAGES fields were computed
        assert squash(f"{label} {index} / {len(pages)}") in squash(page), index
    fonts = {str(font.get_object().get("/BaseFont")) for page in reader.pages
             for font in (page.get("/Resources", {}).get("/Font", {}) or {}).values()}
    assert fonts and all("DejaVuSans" in font for font in fonts), fonts
    document = pdfium.PdfDocument(str(converted[stem]))
    for index in range(len(document)):
        image = document[index].render(scale=0.5).to_pil().convert("L")
        width, height = image.size  # the body only: between the running header and the footer
        body = image.crop((0, int(height * 0.08), width, int(height * 0.92)))
        inked = sum(body.histogram()[:128])
        assert inked > 300, f"page {index + 1} of {stem} has no body text: {inked} dark pixels"
    if lang == "kk":
        assert set("әғқңөұүі") <= set(" ".join(pages))


def _pdf_fonts(path: Path) -> set[str]:
    reader = PdfReader(path)
    return {str(font.get_object().get("/BaseFont")).split("+")[-1] for page in reader.pages
            for font in (page.get("/Resources", {}).get("/Font", {}) or {}).values()}


def test_the_embedded_font_is_used_on_a_machine_without_it(tmp_path: Path) -> None:
    """LibreOffice sees only fonts other than DejaVu: the Kazakh policy still prints in DejaVu Sans (the
    embedded copy), while the same file with the embedding removed falls back to another font."""
    if shutil.which("fc-list") is None:
        pytest.skip("fontconfig's fc-list is not installed: cannot pick the fonts LibreOffice may see")
    listed = subprocess.run(["fc-list", "--format", "%{file}\n"], capture_output=True, text=True, check=True).stdout
    others = [path for path in listed.splitlines() if path.endswith((".ttf", ".otf")) and "dejavu" not in path.lower()]
    if not others:
        pytest.skip("no installed font other than DejaVu to stand in for a machine without it")
    fonts = tmp_path / "fonts"
    fonts.mkdir()
    for path in others[:20]:
        shutil.copy(path, fonts)
    config = tmp_path / "fonts.conf"
    config.write_text(f'<?xml version="1.0"?><fontconfig><dir>{fonts}</dir><cachedir>{tmp_path / "cache"}</cachedir>'
                      "</fontconfig>", encoding="utf-8")
    build_profile(EXAMPLE, tmp_path / "out", languages="kk", formats="docx")
    original = tmp_path / "out" / "kk" / "policy.docx"
    stripped = tmp_path / "stripped" / "policy.docx"
    stripped.parent.mkdir()
    with zipfile.ZipFile(original) as source, zipfile.ZipFile(stripped, "w", zipfile.ZIP_DEFLATED) as target:
        for info in source.infolist():
            data = source.read(info)
            if info.filename == "word/fontTable.xml":
                data = re.sub(rb"<w:embed[A-Za-z]+ [^>]*/>", b"", data)
            target.writestr(info, data)
    results = {}
    for name, docx_path in (("embedded", original), ("stripped", stripped)):
        target_dir = tmp_path / f"pdf-{name}"
        subprocess.run([str(SOFFICE), "--headless", "--norestore",
                        f"-env:UserInstallation={(tmp_path / f'profile-{name}').as_uri()}", "--convert-to", "pdf",
                        "--outdir", str(target_dir), str(docx_path)], check=True, capture_output=True, timeout=300,
                       env={**os.environ, "FONTCONFIG_FILE": str(config)})
        results[name] = _pdf_fonts(target_dir / "policy.pdf")
    assert results["embedded"] and all(font.startswith("DejaVuSans") for font in results["embedded"]), results
    assert not any(font.startswith("DejaVuSans") for font in results["stripped"]), results


def test_libreoffice_shows_a_redline_with_its_tracked_changes(tmp_path: Path) -> None:
    """One redline (ru policy) printed by LibreOffice: the new words and the deleted ones both show, in the
    colour of a tracked change, and the unchanged text is there too."""
    from kzpolicy_gen.diff import compare, version_of_profile
    from kzpolicy_gen.render.docx_redline import redline_file
    from tests.render.test_docx_redline import new_data
    from tests.test_diff import example_data, profile_of

    old, new = profile_of(example_data()), profile_of(new_data())
    result = compare(version_of_profile(old, "old", ["ru"]), version_of_profile(new, "new", ["ru"]))
    source = tmp_path / "policy.redline.docx"
    source.write_bytes(redline_file(result, "policy", "ru"))
    subprocess.run([str(SOFFICE), "--headless", "--norestore", f"-env:UserInstallation={(tmp_path / 'p').as_uri()}",
                    "--convert-to", "pdf", "--outdir", str(tmp_path), str(source)], check=True, capture_output=True,
                   timeout=300)
    pdf = tmp_path / "policy.redline.pdf"
    whole = squash(" ".join(page.extract_text() or "" for page in PdfReader(pdf).pages))
    only_new = [n.text for n in result.new.texts[("policy", "ru")].nodes if n.id == "third_parties.requirements"]
    only_old = [n.text for n in result.old.texts[("policy", "ru")].nodes if n.id == "third_parties.duties"]
    assert only_new and only_old
    for text in (only_new[0], only_old[0], "Bitrix24", result.new.texts[("policy", "ru")].title):
        words = text.replace("**", "").split()
        assert squash(" ".join(words[1:8])) in whole, text[:40]
    coloured = 0
    document = pdfium.PdfDocument(str(pdf))
    for index in range(len(document)):
        saturation = document[index].render(scale=0.5).to_pil().convert("RGB").convert("HSV").split()[1]
        coloured += sum(saturation.histogram()[100:])
    assert coloured > 500, "the tracked changes are not drawn in a change colour"


_UPDATE_MACRO = """<?xml version="1.0" encoding="UTF-8"?>
<!DOCTYPE script:module PUBLIC "-//OpenOffice.org//DTD OfficeDocument 1.0//EN" "module.dtd">
<script:module xmlns:script="http://openoffice.org/2000/script" script:name="Module1" script:language="StarBasic">
Sub UpdateAndExport(inUrl As String, outUrl As String)
  Dim load(0) As New com.sun.star.beans.PropertyValue
  load(0).Name = "Hidden"
  load(0).Value = True
  doc = StarDesktop.loadComponentFromURL(inUrl, "_blank", 0, load())
  indexes = doc.getDocumentIndexes()
  For i = 0 To indexes.getCount() - 1
    indexes.getByIndex(i).update()
  Next i
  Dim store(0) As New com.sun.star.beans.PropertyValue
  store(0).Name = "FilterName"
  store(0).Value = "writer_pdf_Export"
  doc.storeToURL(outUrl, store())
  doc.close(True)
End Sub
</script:module>
"""


def test_the_table_of_contents_is_an_index_that_fills_in_page_numbers(tmp_path: Path) -> None:
    """What Word does on open (`w:updateFields`), done by LibreOffice: the TOC field is read as a table of
    contents, and updating it lists every section with the page its heading is printed on."""
    build_profile(EXAMPLE, tmp_path / "out", languages="ru", formats="docx")
    profile_dir = tmp_path / "lo"
    run = [str(SOFFICE), "--headless", "--norestore", f"-env:UserInstallation={profile_dir.as_uri()}"]
    subprocess.run([*run, "--terminate_after_init"], check=True, capture_output=True, timeout=300)
    (profile_dir / "user" / "basic" / "Standard" / "Module1.xba").write_text(_UPDATE_MACRO, encoding="utf-8")
    source, pdf = tmp_path / "out" / "ru" / "policy.docx", tmp_path / "updated.pdf"
    subprocess.run([*run, f'macro:///Standard.Module1.UpdateAndExport("{source.as_uri()}","{pdf.as_uri()}")'],
                   check=True, capture_output=True, timeout=300)
    assert pdf.is_file(), "the macro did not run: no updated PDF"
    raw = [page.extract_text() or "" for page in PdfReader(pdf).pages]
    pages = [squash(page) for page in raw]
    text = next(t for t in render_texts(load_profile(EXAMPLE), ["ru"]) if t.doc_id == "policy")
    assert len(text.headings) > 10
    for _, number, title in text.headings:
        entry = squash(f"{number}. {title}")
        pattern = r"\s*".join(re.escape(char) for char in entry)  # the entry, then its dot leader and page
        listed = re.search(rf"(?m)^\s*{pattern}\s*\.{{3,}}\s*([0-9]+)\s*$", raw[0])
        assert listed is not None, f"{entry} has no page number in the contents"
        printed = max(index for index, page in enumerate(pages, start=1) if entry in page)
        assert int(listed.group(1)) == printed, entry
