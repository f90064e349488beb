"""`diff --format docx`: Word tracked changes a lawyer can accept or reject.

The redline is checked the way Word would use it: accepting every change (drop `w:del`, unwrap `w:ins`) must
give exactly the text of the new version's own DOCX, and rejecting every change exactly the old one's; the
marks carry the tool as author and the new effective date; unchanged clauses carry none; values stay text.
"""

from __future__ import annotations

import io
import json
import zipfile
from datetime import date
from pathlib import Path
from typing import Any

import docx
import pytest
import yaml
from lxml import etree

from kzpolicy_gen.build import render_texts
from kzpolicy_gen.cli import main
from kzpolicy_gen.diff import Comparison, DocText, Node, compare, version_of_profile
from kzpolicy_gen.models.profile import Profile
from kzpolicy_gen.render.docx_redline import AUTHOR, merged, redline_docx, redline_file, rendered_text
from kzpolicy_gen.render.docx_writer import DocxMeta, docx_bytes
from kzpolicy_gen.render.wording import RenderedText
from kzpolicy_gen.validate import validate_text
from tests.security.carrier import PLAIN, carrier_text
from tests.test_diff import add_purpose, add_recipient, edited, example_data, profile_of

W = "{http://schemas.openxmlformats.org/wordprocessingml/2006/main}"
NEW_DATE = "2027-01-15"
LANGS = ["ru", "kk"]


def new_data() -> dict[str, Any]:
    """The example with a new purpose and a new recipient abroad, under a new version and date."""
    data = edited(add_recipient("bitrix24"), add_purpose())
    data["document"]["version"] = "1.1"
    data["document"]["effective_date"] = NEW_DATE
    return data


@pytest.fixture(scope="module")
def profiles() -> tuple[Profile, Profile]:
    return profile_of(example_data()), profile_of(new_data())


@pytest.fixture(scope="module")
def result(profiles: tuple[Profile, Profile]) -> Comparison:
    old, new = profiles
    return compare(version_of_profile(old, "old", LANGS), version_of_profile(new, "new", LANGS))


def body(data: bytes) -> Any:
    with zipfile.ZipFile(io.BytesIO(data)) as package:
        return etree.fromstring(package.read("word/document.xml")).find(f"{W}body")


def marks(data: bytes) -> list[Any]:
    return [el for el in body(data).iter(f"{W}ins", f"{W}del")]


def resolved(data: bytes, mode: str) -> list[str]:
    """The paragraph texts after accepting (`accept`) or rejecting (`reject`) every change, as Word does:
    the dropped side's runs go, and so do paragraphs and table rows whose own mark is on the dropped side."""
    drop = f"{W}del" if mode == "accept" else f"{W}ins"
    out = []
    for paragraph in body(data).iter(f"{W}p"):
        row = next(paragraph.iterancestors(f"{W}tr"), None)
        if row is not None and row.find(f"{W}trPr/{drop}") is not None:
            continue
        words = []
        for node in paragraph.iter(f"{W}t", f"{W}delText", f"{W}tab", f"{W}instrText", f"{W}delInstrText"):
            if any(ancestor.tag == drop for ancestor in node.iterancestors()):
                continue
            words.append("\t" if node.tag == f"{W}tab" else "\x00" if "instr" in node.tag.lower() else node.text or "")
        if paragraph.find(f"{W}pPr/{W}rPr/{drop}") is not None:
            assert not "".join(words), "a paragraph whose mark goes must have lost all its words"
            continue
        out.append("".join(words))
    return out


def meta(profile: Profile, lang: str) -> DocxMeta:
    return DocxMeta(str(profile.operator.name.get(lang)), date.fromisoformat(NEW_DATE), "k")


@pytest.fixture(scope="module")
def own_texts(profiles: tuple[Profile, Profile]) -> dict[tuple[int, str, str], RenderedText]:
    """Each version's own rendered text (index 0 old, 1 new) by language and document."""
    return {(index, t.lang, t.doc_id): t for index, profile in enumerate(profiles)
            for t in render_texts(profile, LANGS)}


CASES = [(lang, doc) for lang in LANGS for doc in ("policy", "consent", "consent-cross-border", "withdrawal-form")]


@pytest.mark.parametrize(("lang", "doc_id"), CASES)
@pytest.mark.parametrize("forward", [True, False], ids=["old-to-new", "new-to-old"])
def test_accepting_gives_the_new_text_and_rejecting_the_old(profiles: tuple[Profile, Profile], result: Comparison,
                                                            own_texts: dict[tuple[int, str, str], RenderedText],
                                                            lang: str, doc_id: str, forward: bool) -> None:
    versions = (result.old, result.new) if forward else (result.new, result.old)
    sides = (0, 1) if forward else (1, 0)
    stamp = meta(profiles[sides[1]], lang)
    red = redline_docx(versions[0].texts[(doc_id, lang)], versions[1].texts[(doc_id, lang)], stamp)
    assert marks(red), "the example's changes show in every one of these documents"
    plain_old, plain_new = (docx_bytes(own_texts[(side, lang, doc_id)], stamp) for side in sides)
    assert not marks(plain_new) and not marks(plain_old)
    assert resolved(red, "accept") == resolved(plain_new, "accept")
    assert resolved(red, "reject") == resolved(plain_old, "accept")


def test_marks_carry_the_tool_and_the_new_date_and_open_in_python_docx(result: Comparison) -> None:
    data = redline_file(result, "policy", "ru")
    document = docx.Document(io.BytesIO(data))
    assert document.core_properties.title == result.new.texts[("policy", "ru")].title
    found = marks(data)
    assert {el.tag for el in found} == {f"{W}ins", f"{W}del"}
    assert {el.get(f"{W}author") for el in found} == {AUTHOR}
    assert {el.get(f"{W}date") for el in found} == {f"{NEW_DATE}T00:00:00Z"}
    ids = [el.get(f"{W}id") for el in found]
    assert len(ids) == len(set(ids))
    rows = body(data).findall(f".//{W}tr/{W}trPr/{W}ins")
    assert len(rows) == 1, "the new purpose is one inserted row of the purposes table"
    inserted = "".join(t.text or "" for el in found if el.tag == f"{W}ins" for t in el.iter(f"{W}t"))
    assert "Bitrix24" in inserted
    assert not body(data).findall(f".//{W}ins//{W}delText") and not body(data).findall(f".//{W}del//{W}t")


def test_word_level_inside_a_changed_clause(result: Comparison) -> None:
    """The version line changes two words: only those are marked, the rest of the paragraph is plain text."""
    data = redline_file(result, "policy", "ru")
    subtitle = next(p for p in body(data).iter(f"{W}p") if p.find(f"{W}pPr/{W}pStyle[@{W}val='Subtitle']") is not None)
    deleted = ["".join(t.text or "" for t in el.iter(f"{W}delText")) for el in subtitle.iter(f"{W}del")]
    inserted = ["".join(t.text or "" for t in el.iter(f"{W}t")) for el in subtitle.iter(f"{W}ins")]
    plain = "".join(t.text or "" for t in subtitle.findall(f"{W}r/{W}t"))
    assert "0" in deleted and "1" in inserted  # 1.0 → 1.1
    assert "2027" in inserted and "2026" in deleted
    assert len(plain) > sum(map(len, inserted))


def test_an_unchanged_clause_has_no_marks(result: Comparison) -> None:
    old, new = result.old.texts[("policy", "ru")], result.new.texts[("policy", "ru")]
    statuses = merged(old, new)
    touched = {node.number for status, a, b in statuses if status != "same" for node in (a, b) if node is not None}
    same = [b.number for status, _, b in statuses if status == "same" and b is not None and b.number
            and b.number not in touched and "." in b.number]
    assert len(same) > 20
    paragraphs = {"".join(t.text or "" for t in p.iter(f"{W}t")).split(" ")[0]: p
                  for p in body(redline_file(result, "policy", "ru")).iter(f"{W}p")}
    for number in same:
        paragraph = paragraphs[f"{number}."]
        assert not list(paragraph.iter(f"{W}ins", f"{W}del")), number


def test_no_change_gives_the_documents_own_bytes(result: Comparison) -> None:
    text = result.new.texts[("consent", "kk")]
    stamp = DocxMeta("x", date.fromisoformat(NEW_DATE), "k")
    assert redline_docx(text, text, stamp) == docx_bytes(rendered_text(text), stamp)


def test_byte_identical_on_rebuild(result: Comparison) -> None:
    assert redline_file(result, "policy", "kk") == redline_file(result, "policy", "kk")


def _doc(nodes: list[tuple[str, str]]) -> DocText:
    return DocText("policy", "en", "T", (Node("title", "", "# T\n\nVersion 1"),
                                         *(Node(i, t.split("**")[1].rstrip("."), t) for i, t in nodes)))


def test_moved_added_and_removed_clauses_round_trip() -> None:
    old = _doc([("a", "**1.1.** Alpha stays."), ("b", "**1.2.** Beta moves."), ("c", "**1.3.** Gamma goes.")])
    new = _doc([("b", "**1.1.** Beta moves."), ("a", "**1.2.** Alpha stays."), ("d", "**1.3.** Delta comes.")])
    stamp = DocxMeta("x", date(2027, 1, 15), "k")
    red = redline_docx(old, new, stamp)
    assert resolved(red, "accept") == resolved(docx_bytes(rendered_text(new), stamp), "accept")
    assert resolved(red, "reject") == resolved(docx_bytes(rendered_text(old), stamp), "accept")
    added, removed = redline_docx(None, new, stamp), redline_docx(old, None, stamp)
    assert [t for t in resolved(added, "reject") if t] == [] and [t for t in resolved(removed, "accept") if t] == []
    assert resolved(added, "accept") == resolved(docx_bytes(rendered_text(new), stamp), "accept")


@pytest.mark.parametrize("payload", ['{ HYPERLINK "https://evil.example" } <w:fldSimple w:instr="DDE"/>',
                                     "[x](javascript:alert(1)) <script>alert(1)</script> &amp;"])
def test_values_stay_text_in_inserted_and_deleted_runs(payload: str) -> None:
    old, new = (validate_text(carrier_text(value)) for value in (PLAIN, payload))
    comparison = compare(version_of_profile(old, "a", ["en"]), version_of_profile(new, "b", ["en"]))
    data = redline_file(comparison, "policy", "en")
    with zipfile.ZipFile(io.BytesIO(data)) as package:
        parts = {name: package.read(name) for name in package.namelist()}
    root = body(data)
    fields = {(el.text or "").split()[0] for el in root.iter(f"{W}instrText")}
    assert fields <= {"TOC"}  # PAGE and NUMPAGES are in the footer part
    assert not list(root.iter(f"{W}fldSimple", f"{W}hyperlink", f"{W}delInstrText"))
    for name, content in parts.items():
        if name.endswith(".rels"):
            assert b"External" not in content, name
        if name.endswith((".xml", ".rels")):
            for element in etree.fromstring(content).iter():
                assert all(payload not in value for value in element.attrib.values()), name
    inserted = "".join(t.text or "" for el in root.iter(f"{W}ins") for t in el.iter(f"{W}t"))
    deleted = "".join(t.text or "" for el in root.iter(f"{W}del") for t in el.iter(f"{W}delText"))
    assert "HYPERLINK" in inserted or "javascript" in inserted
    assert PLAIN.split()[0] in deleted


def write(path: Path, data: dict[str, Any]) -> Path:
    path.write_text(yaml.safe_dump(data, allow_unicode=True, sort_keys=False), encoding="utf-8")
    return path


def test_cli_writes_docx_redlines_beside_the_html(tmp_path: Path, capsys: pytest.CaptureFixture[str]) -> None:
    old, new = write(tmp_path / "old.yaml", example_data()), write(tmp_path / "new.yaml", new_data())
    code = main(["diff", str(old), str(new), "--format", "json,docx", "--lang", "ru", "--html", str(tmp_path / "r")])
    assert code == 1 and json.loads(capsys.readouterr().out)["requires_consent"] is True
    folder = tmp_path / "r" / "ru"
    assert sorted(p.suffix for p in folder.glob("policy.redline.*")) == [".docx", ".html"]
    index = (tmp_path / "r" / "index.html").read_text(encoding="utf-8")
    assert 'href="ru/policy.redline.docx"' in index and 'href="ru/policy.redline.html"' in index
    assert marks((folder / "policy.redline.docx").read_bytes())
    code = main(["diff", str(old), str(new), "--format", "docx", "--lang", "kk", "-o", str(tmp_path / "d"),
                 "--ui-lang", "en"])
    assert code == 1 and "Verdict" in capsys.readouterr().out
    assert (tmp_path / "d" / "kk" / "consent.redline.docx").is_file() and not (tmp_path / "d" / "ru").exists()
    assert not list((tmp_path / "d").rglob("*.redline.html"))
    assert main(["diff", str(old), str(new), "--format", "text,json"]) == 2


def test_a_paragraphs_own_markup_stays_outside_runs_and_only_the_new_side_keeps_it() -> None:
    """Nothing the writer makes today sits beside a paragraph's runs, but a bookmark there must not end up inside
    a run (invalid) nor twice (the deleted side's copy is dropped)."""
    from docx.oxml import parse_xml

    from kzpolicy_gen.render.docx_redline import Marker

    def paragraph(words: str, mark: str) -> Any:
        return parse_xml(f'<w:p xmlns:w="{W[1:-1]}"><w:bookmarkStart w:id="9" w:name="{mark}"/>'
                         f"<w:r><w:t>{words}</w:t></w:r><w:bookmarkEnd w:id=\"9\"/></w:p>")

    old, new = paragraph("one two", "_Old"), paragraph("one three", "_New")
    Marker(date(2027, 1, 15)).paragraphs(old, new)
    assert [b.get(f"{W}name") for b in new.iter(f"{W}bookmarkStart")] == ["_New"]
    assert all(b.getparent() is new for b in new.iter(f"{W}bookmarkStart", f"{W}bookmarkEnd"))
    assert [t.text for t in new.iter(f"{W}delText")] == ["two"] and "three" in "".join(
        t.text or "" for t in new.iter(f"{W}t"))
