"""The DOCX as Word (through python-docx) meets it: structure, fields, table, languages, properties, package.

Every DOCX of every shipped profile is opened; expectations come from the document plan and the
rendered text (headings, clause numbers, list items), never from fixed wording.
"""

from __future__ import annotations

import html
import io
import re
import zipfile
from datetime import UTC, datetime
from pathlib import Path
from typing import Any

import docx
import pytest
from docx.document import Document as DocxDocument
from lxml import etree

from kzpolicy_gen.build import build_profile, render_texts
from kzpolicy_gen.plan.planner import plan_documents
from kzpolicy_gen.plan.structure import SENT_TO_OPERATOR, SIGNED_ON_PAPER
from kzpolicy_gen.render.docx_writer import (
    LANGUAGE_TAGS,
    TEXT_WIDTH_MM,
    TICK,
    DocxMeta,
    docx_bytes,
    markdown_tree,
)
from kzpolicy_gen.render.pdf import assets_root
from kzpolicy_gen.render.wording import RenderedText
from kzpolicy_gen.validate import load_profile
from tests.conftest import EXAMPLE, PROFILES, ROOT

W = "{http://schemas.openxmlformats.org/wordprocessingml/2006/main}"
LANGS = ("ru", "kk", "en")


@pytest.fixture(scope="module")
def built(tmp_path_factory: pytest.TempPathFactory) -> dict[str, Path]:
    out = {}
    for profile in PROFILES:
        target = tmp_path_factory.mktemp(profile.stem) / "out"
        build_profile(profile, target, formats="md,docx")
        out[profile.stem] = target
    return out


@pytest.fixture(scope="module")
def texts() -> dict[str, dict[tuple[str, str], RenderedText]]:
    result = {}
    for path in PROFILES:
        profile = load_profile(path)
        result[path.stem] = {(t.lang, t.doc_id): t for t in render_texts(profile, list(profile.document.languages))}
    return result


def paragraphs(doc: DocxDocument, style: str) -> list[str]:
    return [p.text for p in doc.paragraphs if p.style is not None and p.style.name == style]


def instructions(part: Any) -> list[str]:
    return [" ".join((node.text or "").split()) for node in part.element.iter(f"{W}instrText")]


@pytest.mark.parametrize("profile", [p.stem for p in PROFILES])
def test_every_docx_has_the_plans_headings_and_clause_numbers(built: dict[str, Path], profile: str,
                                                              texts: dict[str, dict[tuple[str, str], Any]]) -> None:
    plans = {plan.id: plan for plan in plan_documents(load_profile(ROOT / "profiles" / f"{profile}.yaml"))}
    docs = 0
    for (lang, doc_id), text in texts[profile].items():
        doc = docx.Document(str(built[profile] / lang / f"{doc_id}.docx"))
        docs += 1
        plan = plans[doc_id]
        assert paragraphs(doc, "Title") == [text.title]
        assert paragraphs(doc, "Heading 1") == [f"{number}. {title}" for _, number, title in text.headings]
        assert [h.split(".")[0] for h in paragraphs(doc, "Heading 1")] == [s.number for s in plan.sections]
        clauses = [p for p in doc.paragraphs if p.style is not None and p.style.name == "KZP Clause"]
        assert [p.runs[0].text for p in clauses] == [f"{c.number}." for s in plan.sections for c in s.clauses]
        assert all(p.runs[0].bold for p in clauses)
        items = markdown_tree(text.markdown)[0].iter("li")
        bullets = paragraphs(doc, "List Bullet") + paragraphs(doc, "KZP Tick Box")
        assert len(bullets) == len(list(items)) + text.markdown.count("\n" + TICK)
    assert docs == len(texts[profile])


@pytest.mark.parametrize("lang", LANGS)
def test_the_policy_has_a_toc_field_that_updates_on_open_and_forms_have_none(built: dict[str, Path],
                                                                              lang: str) -> None:
    policy = docx.Document(str(built["example"] / lang / "policy.docx"))
    toc = [i for i in instructions(policy) if i.startswith("TOC")]
    assert toc == ['TOC \\o "1-2" \\h \\z \\u']
    assert policy.settings.element.find(f"{W}updateFields").get(f"{W}val") == "true"
    assert paragraphs(policy, "TOC Heading")
    for doc_id in SIGNED_ON_PAPER & {p.stem for p in (built["example"] / lang).glob("*.docx")}:
        form = docx.Document(str(built["example"] / lang / f"{doc_id}.docx"))
        assert not [i for i in instructions(form) if i.startswith("TOC")], doc_id


@pytest.mark.parametrize("lang", LANGS)
def test_the_purposes_table_repeats_its_header_and_has_fixed_widths(built: dict[str, Path], lang: str) -> None:
    doc = docx.Document(str(built["example"] / lang / "policy.docx"))
    assert len(doc.tables) == 1
    table = doc.tables[0]
    tbl = table._tbl
    assert tbl.tblPr.find(f"{W}tblLayout").get(f"{W}type") == "fixed"
    padding = {side.tag[len(W):]: int(side.get(f"{W}w")) for side in tbl.tblPr.find(f"{W}tblCellMar")}
    assert min(padding.values()) > 50 and set(padding) == {"top", "left", "bottom", "right"}  # text off the borders
    header = table.rows[0]._tr
    assert header.trPr is not None and header.trPr.find(f"{W}tblHeader") is not None
    assert all(r._tr.trPr is None or r._tr.trPr.find(f"{W}tblHeader") is None for r in table.rows[1:])
    assert all(run.bold for cell in table.rows[0].cells for p in cell.paragraphs for run in p.runs)
    grid = [int(col.get(f"{W}w")) for col in tbl.tblGrid.findall(f"{W}gridCol")]
    assert len(grid) == 5 and abs(sum(grid) / 56.6929 - TEXT_WIDTH_MM) < 1  # twips per mm
    for row in table.rows:
        assert [int(cell._tc.tcPr.find(f"{W}tcW").get(f"{W}w")) for cell in row.cells] == grid
    words = [max((len(w) for c in col for w in c.split()), default=0)
             for col in zip(*[[cell.text for cell in row.cells] for row in table.rows], strict=True)]
    for width, longest in zip(grid, words, strict=True):  # no column narrower than its longest word
        assert width / 56.6929 >= min(40.0, longest * 1.6), (width, longest)


@pytest.mark.parametrize("lang", LANGS)
def test_every_run_carries_the_documents_language(built: dict[str, Path], lang: str) -> None:
    tag = LANGUAGE_TAGS[lang]
    for path in sorted((built["example"] / lang).glob("*.docx")):
        doc = docx.Document(str(path))
        parts = [doc.element, *(s.header._element for s in doc.sections), *(s.footer._element for s in doc.sections)]
        runs = [r for part in parts for r in part.iter(f"{W}r") if r.find(f"{W}t") is not None]
        assert runs
        for run in runs:
            lang_el = run.find(f"{W}rPr/{W}lang")
            assert lang_el is not None and lang_el.get(f"{W}val") == tag, (path.name, "".join(run.itertext()))
        defaults = doc.styles.element.find(f"{W}docDefaults/{W}rPrDefault/{W}rPr/{W}lang")
        assert defaults.get(f"{W}val") == tag


def test_core_properties_header_footer_and_page(built: dict[str, Path],
                                                texts: dict[str, dict[tuple[str, str], Any]]) -> None:
    profile = load_profile(EXAMPLE)
    effective = profile.document.effective_date
    stamp = datetime(effective.year, effective.month, effective.day, tzinfo=UTC)
    for (lang, doc_id), text in texts["example"].items():
        doc = docx.Document(str(built["example"] / lang / f"{doc_id}.docx"))
        props = doc.core_properties
        operator = profile.operator.name.get(lang)
        assert props.title == text.title and props.author == operator and props.language == LANGUAGE_TAGS[lang]
        assert props.subject and "94-V" in props.keywords
        assert props.created == stamp and props.modified == stamp and props.revision == 1
        section = doc.sections[0]
        assert round(section.page_width.mm) == 210 and round(section.page_height.mm) == 297
        assert round(section.left_margin.mm) == 22 and round(section.top_margin.mm) == 22
        assert section.header.paragraphs[0].text == f"{operator} · {text.title}"
        assert [" ".join((n.text or "").split()) for n in section.footer._element.iter(f"{W}instrText")] == [
            "PAGE", "NUMPAGES"]


@pytest.mark.parametrize("profile", [p.stem for p in PROFILES])
def test_packages_have_no_external_parts_macros_or_templates(built: dict[str, Path], profile: str) -> None:
    effective = load_profile(ROOT / "profiles" / f"{profile}.yaml").document.effective_date
    for path in sorted(built[profile].glob("*/*.docx")):
        with zipfile.ZipFile(path) as package:
            names = package.namelist()
            assert names[0] == "[Content_Types].xml"
            assert not [n for n in names if "vba" in n.lower() or n.endswith((".bin", ".dotm", ".docm"))]
            assert "docProps/thumbnail.jpeg" not in names
            for name in names:
                if name.endswith(".rels"):
                    rels = etree.fromstring(package.read(name))
                    assert all(rel.get("TargetMode") != "External" for rel in rels), (path, name)
            types = package.read("[Content_Types].xml").decode()
            assert "macroEnabled" not in types and "vbaProject" not in types
            settings = package.read("word/settings.xml").decode()
            assert "attachedTemplate" not in settings
            assert {info.date_time for info in package.infolist()} == {(*effective.timetuple()[:3], 0, 0, 0)}
        doc = docx.Document(str(path))
        assert all(not rel.is_external for rel in doc.part.rels.values())


def test_bundled_fonts_are_embedded_obfuscated_as_word_does(built: dict[str, Path]) -> None:
    path = built["example"] / "kk" / "policy.docx"
    with zipfile.ZipFile(path) as package:
        table = etree.fromstring(package.read("word/fontTable.xml"))
        rels = {r.get("Id"): r.get("Target") for r in etree.fromstring(package.read("word/_rels/fontTable.xml.rels"))}
        font = next(f for f in table.findall(f"{W}font") if f.get(f"{W}name") == "DejaVu Sans")
        embedded = [e for e in font if e.tag.startswith(f"{W}embed")]
        assert {e.tag.removeprefix(W) for e in embedded} >= {"embedRegular", "embedBold"}
        originals = {p.read_bytes() for p in (assets_root() / "fonts").glob("*.ttf")}
        for element in embedded:
            rid = element.get("{http://schemas.openxmlformats.org/officeDocument/2006/relationships}id")
            blob = package.read("word/" + rels[rid])
            key = bytes.fromhex(element.get(f"{W}fontKey").strip("{}").replace("-", ""))[::-1]
            plain = bytes(b ^ key[i % 16] for i, b in enumerate(blob[:32])) + blob[32:]
            assert plain in originals and plain[:4] == b"\x00\x01\x00\x00"
    doc = docx.Document(str(path))
    fonts = doc.styles.element.find(f"{W}docDefaults/{W}rPrDefault/{W}rPr/{W}rFonts")
    assert {fonts.get(f"{W}{a}") for a in ("ascii", "hAnsi", "cs", "eastAsia")} == {"DejaVu Sans"}
    assert doc.settings.element.find(f"{W}embedTrueTypeFonts") is not None


def test_two_builds_are_byte_identical(tmp_path: Path, built: dict[str, Path]) -> None:
    again = tmp_path / "again"
    build_profile(EXAMPLE, again, formats="docx")
    first = sorted(built["example"].glob("*/*.docx"))
    assert first and all((again / p.relative_to(built["example"])).read_bytes() == p.read_bytes() for p in first)


@pytest.mark.parametrize("profile", [p.stem for p in PROFILES])
def test_paper_forms_have_tick_boxes_and_blocks_to_fill_in(built: dict[str, Path], profile: str,
                                                           texts: dict[str, dict[tuple[str, str], Any]]) -> None:
    for (lang, doc_id), text in texts[profile].items():
        doc = docx.Document(str(built[profile] / lang / f"{doc_id}.docx"))
        ticks = paragraphs(doc, "KZP Tick Box")
        assert len(ticks) == text.markdown.count("\n" + TICK), doc_id
        assert all(t.startswith(TICK + "\t") for t in ticks)
        lines = [p for p in doc.paragraphs if p.style is not None and p.style.name == "KZP Fill-in Line"]
        assert bool(lines) == (doc_id in SIGNED_ON_PAPER), doc_id
        for line in lines:  # a label, then a tab whose underscore leader runs to the right margin
            stops = line.paragraph_format.tab_stops
            assert line.text.endswith(": \t") and len(stops) == 1 and stops[0].leader is not None
        receipt = [t for t in doc.tables if len(t.columns) == 2]
        assert len(receipt) == (1 if doc_id in SENT_TO_OPERATOR else 0), doc_id
        # The printed name, then the representative's name, authority document and signature, a line each.
        assert len(lines) == (4 if doc_id in SIGNED_ON_PAPER else 0), doc_id
    if (LANGS[0], "withdrawal-form") in texts[profile]:
        assert texts[profile][(LANGS[0], "withdrawal-form")].markdown.count("\n" + TICK) >= 2  # in full; other


def test_a_representative_has_a_line_for_name_authority_and_signature(built: dict[str, Path]) -> None:
    """As on the printed form: the authority document on its own line, not in a blank shared with the name."""
    doc = docx.Document(str(built["clinic"] / "ru" / "withdrawal-form.docx"))
    lines = [p.text for p in doc.paragraphs if p.style is not None and p.style.name == "KZP Fill-in Line"]
    assert [line.split(":")[0] for line in lines] == [
        "Фамилия и инициалы (печатными буквами)", "Фамилия, имя, отчество представителя",
        "Документ, подтверждающий полномочия представителя (название, номер, дата)", "Подпись представителя"]
    others = [p.text for p in doc.paragraphs if p.style is None or p.style.name != "KZP Fill-in Line"]
    assert not [text for text in others if "представител" in text and "___" in text]


def _text(markdown: str, doc_id: str = "policy") -> RenderedText:
    return RenderedText(doc_id, "en", "T", markdown, (("a", "1", "A"),), ("a",))


def _meta() -> DocxMeta:
    return DocxMeta("Operator", datetime(2026, 12, 1, tzinfo=UTC).date(), "k")


def test_entities_and_escapes_come_out_as_their_characters() -> None:
    source = "# T\n\nv\n\n## 1. A\n\n**1.1.** &lt;b&gt; \\*x\\* &#123;&#123; 7 &amp; \\_\\_ a\\|b\n"
    doc = docx.Document(io.BytesIO(docx_bytes(_text(source), _meta())))
    clause = next(p for p in doc.paragraphs if p.text.startswith("1.1."))
    assert clause.text == "1.1. <b> *x* {{ 7 & __ a|b"


def test_numbered_lists_restart_and_nested_lists_indent() -> None:
    source = "# T\n\nv\n\n## 1. A\n\n**1.1.** x\n\n1. a\n2. b\n\ntext\n\n1. c\n    - d\n"
    doc = docx.Document(io.BytesIO(docx_bytes(_text(source), _meta())))
    numbered = [p for p in doc.paragraphs if p.style is not None and p.style.name == "List Number"]
    assert [p.text for p in numbered] == ["a", "b", "c"]
    ids = [p._p.pPr.numPr.numId.val if p._p.pPr.numPr is not None else None for p in numbered]
    assert ids[0] is not None and ids[2] is not None and ids[0] != ids[2] and ids[1] is None
    assert paragraphs(doc, "List Bullet 2") == ["d"]
    spaced = [p.text for p in doc.paragraphs if p.paragraph_format.space_after is not None
              and p.style is not None and p.style.name.startswith("List")]
    assert spaced == ["b", "d"]  # the last item of each list keeps a clause's distance to the text after it


def test_docx_text_matches_the_markdown_text(texts: dict[str, dict[tuple[str, str], Any]]) -> None:
    """Word shows the same words as every other format: every Markdown block's text, in order."""
    for text in texts["example"].values():
        doc = docx.Document(io.BytesIO(docx_bytes(text, _meta())))
        body = re.sub(r"\s+", "", "".join(node.text or "" for node in doc.element.body.iter(f"{W}t")))
        root, stash = markdown_tree(text.markdown)
        position = 0
        for block in (b for b in root.iter() if b.tag in ("h1", "h2", "p", "li", "td", "th")):
            if block.tag in ("p", "li") and block.find("ul") is not None:
                continue
            words = re.sub(r"\s+", "", "".join(block.itertext()))
            words = html.unescape(re.sub("\x02wzxhzdk:([0-9]+)\x03", lambda m, s=stash: s[int(m.group(1))], words))
            found = body.find(words, position)
            assert found >= 0, (text.doc_id, text.lang, words[:80])
            position = found + len(words)


def test_index_links_and_manifest_lists_every_docx(built: dict[str, Path]) -> None:
    import json

    out = built["example"]
    files = sorted(p.relative_to(out).as_posix() for p in out.glob("*/*.docx"))
    manifest = json.loads((out / "manifest.json").read_text(encoding="utf-8"))
    assert [e["path"] for e in manifest["files"] if e["format"] == "docx"] == files and len(files) == 24
    index = (out / "index.html").read_text(encoding="utf-8")
    assert all(f'href="{name}"' in index for name in files)


def test_tick_boxes_from_paragraphs_and_list_items() -> None:
    source = f"# T\n\nv\n\n## 1. A\n\n**1.1.** Tick:\n\n{TICK} one;\n\n{TICK} two.\n\n- {TICK} three\n- four\n"
    doc = docx.Document(io.BytesIO(docx_bytes(_text(source, "withdrawal-form"), _meta())))
    assert paragraphs(doc, "KZP Tick Box") == [f"{TICK}\tone;", f"{TICK}\ttwo.", f"{TICK}\tthree"]
    assert paragraphs(doc, "List Bullet") == ["four"]


def test_consents_have_an_initials_line_in_the_footer(built: dict[str, Path]) -> None:
    from kzpolicy_gen import catalogue

    for path in sorted(built["example"].glob("*/*.docx")):
        lang, doc_id = path.parent.name, path.stem
        footer = docx.Document(str(path)).sections[0].footer.paragraphs[0]
        label = catalogue.ui()["initials"][lang]
        assert footer.text.startswith(label) == (doc_id in SIGNED_ON_PAPER - SENT_TO_OPERATOR), path
