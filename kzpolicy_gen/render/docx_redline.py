"""`diff --format docx`: the new version of a document as a Word file with tracked changes, so a lawyer can
accept or reject each change in Word.

Why this shape: the file is built through the same path as every DOCX (`docx_writer.compose`: styles, page,
fields, fonts, properties), node by node. An unchanged clause is written as it is; an added clause is a whole
inserted paragraph (its paragraph marks inserted too), a removed one a whole deleted paragraph in its old place;
a changed clause is rendered in both versions and its paragraphs (and table rows) are compared word by word
(difflib), so a deletion and an insertion sit exactly where the words changed. Accepting every change gives
the new document's text; rejecting every change gives the old one (tested).

Every mark is attributed to "kzpolicy-gen" and dated with the new version's effective date, and the marks are
numbered in reading order, so two runs give the same bytes. Text only ever moves between runs as text
(`w:t` ↔ `w:delText`): no field, hyperlink or relationship can come from a value. The table of contents is a
field Word rebuilds on open; it shows the new headings and carries no marks.
"""

from __future__ import annotations

import copy
import dataclasses
import difflib
import re
from collections.abc import Iterator
from dataclasses import dataclass
from datetime import date
from pathlib import Path
from typing import Any

from kzpolicy_gen.diff import Comparison, DocText, Node, Version
from kzpolicy_gen.manifest import read_manifest
from kzpolicy_gen.render.docx_writer import BodyWriter, DocxMeta, compose
from kzpolicy_gen.render.wording import RenderedText
from kzpolicy_gen.writers import KEYWORDS

AUTHOR = "kzpolicy-gen"

_W = "http://schemas.openxmlformats.org/wordprocessingml/2006/main"
_XML_SPACE = "{http://www.w3.org/XML/1998/namespace}space"
_SECTION = re.compile(r"## ([0-9]+)\. (.*)")
_WORDS = re.compile(r"\s+|\w+|[^\w\s]")  # words, spaces, single punctuation marks


def _w(tag: str) -> str:
    return f"{{{_W}}}{tag}"


def rendered_text(doc: DocText) -> RenderedText:
    """The `RenderedText` a document's nodes came from (its Markdown is the nodes' texts, blank-line separated)."""
    headings = []
    for node in doc.nodes:
        match = _SECTION.match(node.text)
        if match is not None and match.group(1) == node.number:
            headings.append((node.id, node.number, match.group(2).strip()))
    markdown = "\n\n".join(node.text for node in doc.nodes if node.text) + "\n"
    return RenderedText(doc.doc_id, doc.lang, doc.title, markdown, tuple(headings),
                        tuple(node.id for node in doc.nodes))


def merged(old: DocText | None, new: DocText | None) -> list[tuple[str, Node | None, Node | None]]:
    """(status, old node, new node) in one reading order: a removed clause stays where it was, and a clause
    that moved is removed at its old place and added at its new one (so rejecting every change restores the
    old order exactly)."""
    before = list(old.nodes) if old else []
    after = list(new.nodes) if new else []
    out: list[tuple[str, Node | None, Node | None]] = []
    matcher = difflib.SequenceMatcher(None, [n.id for n in before], [n.id for n in after], autojunk=False)
    for tag, i1, i2, j1, j2 in matcher.get_opcodes():
        if tag == "equal":
            out += [("same" if was.text == now.text else "changed", was, now)
                    for was, now in zip(before[i1:i2], after[j1:j2], strict=True)]
            continue
        out += [("removed", was, None) for was in before[i1:i2]]
        out += [("added", None, now) for now in after[j1:j2]]
    return out


@dataclass
class _Token:
    """A word, a run of spaces, a punctuation mark or one non-text item (tab, break, field character), with
    its run's properties."""

    key: str
    kind: str  # "t" (text), "instr" (field code), "item" (a run's element) or "outside" (a paragraph's non-run child)
    value: Any
    rpr: Any
    style: bytes = b""  # the run properties serialised: tokens of one style share a run


class Marker:
    """Writes the marks: numbered in order, one author, one date."""

    def __init__(self, when: date) -> None:
        self.date = f"{when.isoformat()}T00:00:00Z"
        self.next_id = 1

    def mark(self, tag: str) -> Any:
        from docx.oxml import OxmlElement

        node = OxmlElement(f"w:{tag}")
        node.set(_w("id"), str(self.next_id))
        node.set(_w("author"), AUTHOR)
        node.set(_w("date"), self.date)
        self.next_id += 1
        return node

    # -- whole blocks

    def block(self, element: Any, tag: str) -> Any:
        """Mark a whole paragraph, table or table row as inserted (`ins`) or deleted (`del`); returns it."""
        if element.tag in (_w("tbl"), _w("tr")):
            for row in element.iter(_w("tr")):
                self._row(row, tag)
            for paragraph in element.iter(_w("p")):
                self._paragraph(paragraph, tag)
        elif element.tag == _w("p"):
            self._paragraph(element, tag)
        return element

    def _row(self, row: Any, tag: str) -> None:
        trpr = row.get_or_add_trPr()
        trpr.append(self.mark(tag))

    def _paragraph(self, paragraph: Any, tag: str) -> None:
        tokens = list(_tokens(paragraph))
        _clear(paragraph)
        self._emit(paragraph, tokens, tag)
        self.paragraph_mark(paragraph, tag)

    def paragraph_mark(self, paragraph: Any, tag: str) -> None:
        """The paragraph's own mark (its end) inserted or deleted, so accepting or rejecting removes the
        paragraph itself, not only its words."""
        ppr = paragraph.get_or_add_pPr()
        rpr = ppr.find(_w("rPr"))
        if rpr is None:
            from docx.oxml import OxmlElement

            rpr = OxmlElement("w:rPr")
            sect = ppr.find(_w("sectPr"))
            if sect is not None:
                sect.addprevious(rpr)
            else:
                ppr.append(rpr)
        rpr.insert(0, self.mark(tag))

    # -- word by word

    def paragraphs(self, old: Any, new: Any) -> None:
        """Rewrite `new` in place as the word-level comparison of `old` and `new` (the new paragraph's style)."""
        a, b = list(_tokens(old)), list(_tokens(new))
        _clear(new)
        matcher = difflib.SequenceMatcher(None, [t.key for t in a], [t.key for t in b], autojunk=False)
        for tag, i1, i2, j1, j2 in matcher.get_opcodes():
            if tag == "equal":
                self._emit(new, b[j1:j2], None)
                continue
            if i2 > i1:
                self._emit(new, a[i1:i2], "del")
            if j2 > j1:
                self._emit(new, b[j1:j2], "ins")

    def _emit(self, paragraph: Any, tokens: list[_Token], tag: str | None) -> None:
        """Runs of these tokens (consecutive text of one style in one run), wrapped in one mark if `tag`."""
        if not tokens:
            return
        target = paragraph
        if tag is not None:
            target = self.mark(tag)
            paragraph.append(target)
        deleted = tag == "del"
        run: Any = None
        style: bytes | None = None
        for token in tokens:
            if token.kind == "outside":  # e.g. a bookmark: never inside a run or a mark; only the new side's
                if not deleted:
                    paragraph.append(copy.deepcopy(token.value))
                run = None
                continue
            if token.kind == "t" and run is not None and style == token.style and run[-1].tag in (
                    _w("t"), _w("delText")):
                run[-1].text += token.value
                continue
            run = _run(token.rpr)
            style = token.style
            target.append(run)
            if token.kind == "t":
                text = _text_element("delText" if deleted else "t", token.value)
                run.append(text)
            elif token.kind == "instr":
                run.append(_text_element("delInstrText" if deleted else "instrText", token.value))
            else:
                run.append(copy.deepcopy(token.value))
                run = None  # the next text starts a run of its own


def _run(rpr: Any) -> Any:
    from docx.oxml import OxmlElement

    run = OxmlElement("w:r")
    if rpr is not None:
        run.append(copy.deepcopy(rpr))
    return run


def _text_element(tag: str, value: str) -> Any:
    from docx.oxml import OxmlElement

    node = OxmlElement(f"w:{tag}")
    node.set(_XML_SPACE, "preserve")
    node.text = value
    return node


def _tokens(paragraph: Any) -> Iterator[_Token]:
    """The paragraph's runs as tokens: text split into words and spaces, everything else one token each."""
    from lxml import etree

    for child in paragraph:
        if child.tag == _w("pPr"):
            continue
        if child.tag != _w("r"):  # nothing else is written into a paragraph; kept whole if it were
            yield _Token(etree.tostring(child).decode(), "outside", child, None)
            continue
        rpr = child.find(_w("rPr"))
        style = b"" if rpr is None else bytes(etree.tostring(rpr))
        for item in child:
            if item.tag == _w("rPr"):
                continue
            if item.tag in (_w("t"), _w("delText")):
                for word in _WORDS.findall(item.text or ""):
                    yield _Token(word, "t", word, rpr, style)
            elif item.tag in (_w("instrText"), _w("delInstrText")):
                yield _Token("\x00instr" + (item.text or ""), "instr", item.text or "", rpr, style)
            else:
                yield _Token("\x00" + etree.tostring(item).decode(), "item", item, rpr, style)


def _clear(paragraph: Any) -> None:
    for child in list(paragraph):
        if child.tag != _w("pPr"):
            paragraph.remove(child)


def _text(element: Any) -> str:
    return "".join(node.text or "" for node in element.iter(_w("t")))


# --------------------------------------------------------------------------- blocks of one node


class Redline:
    """Appends the nodes of a comparison to a document through two body writers (old and new wording)."""

    def __init__(self, new_writer: BodyWriter, old_writer: BodyWriter, marker: Marker) -> None:
        self.new = new_writer
        self.old = old_writer
        self.marker = marker
        self.body = new_writer.doc.element.body

    def blocks(self) -> list[Any]:
        return [child for child in self.body if child.tag != _w("sectPr")]

    def emit(self, writer: BodyWriter, source: str | None = None) -> list[Any]:
        """The blocks `writer` appends for one node's Markdown (or, without one, for the paper form's lines)."""
        count = len(self.blocks())
        if source is None:
            writer.forms()
        else:
            writer.markdown(source)
        return self.blocks()[count:]

    def node(self, status: str, was: Node | None, now: Node | None) -> None:
        if status == "same" and now is not None:
            self.emit(self.new, now.text)
            return
        self.place(self.emit(self.old, was.text) if was is not None else [],
                   self.emit(self.new, now.text) if now is not None else [])

    def forms(self, old: bool, new: bool) -> None:
        """The hand-filled lines of a form (which depend on its clauses), compared like a node."""
        self.place(self.emit(self.old) if old else [], self.emit(self.new) if new else [])

    def place(self, old_blocks: list[Any], new_blocks: list[Any]) -> None:
        """Replace the blocks just written (at the end of the body) by their marked comparison."""
        for block in old_blocks + new_blocks:
            self.body.remove(block)
        end = self.end()
        for block in self.compare_blocks(old_blocks, new_blocks):
            end.addprevious(block)

    def end(self) -> Any:
        sect = self.body.find(_w("sectPr"))
        if sect is None:  # never: python-docx documents end with their section
            raise ValueError("document body has no section properties")
        return sect

    def compare_blocks(self, old: list[Any], new: list[Any]) -> list[Any]:
        """Old and new blocks of one node as one marked sequence: equal blocks as they are, changed ones word
        by word, the rest deleted or inserted whole."""
        def key(block: Any) -> str:
            return f"{block.tag}:{_text(block)}"

        out: list[Any] = []
        matcher = difflib.SequenceMatcher(None, [key(b) for b in old], [key(b) for b in new], autojunk=False)
        for tag, i1, i2, j1, j2 in matcher.get_opcodes():
            if tag == "equal":
                out += new[j1:j2]
                continue
            olds, news = old[i1:i2], new[j1:j2]
            pairs = 0
            for was, now in zip(olds, news, strict=False):
                if not self.pair(was, now):
                    break
                out.append(now)
                pairs += 1
            out += [self.marker.block(was, "del") for was in olds[pairs:]]
            out += [self.marker.block(now, "ins") for now in news[pairs:]]
        return out

    def pair(self, old: Any, new: Any) -> bool:
        """Mark `new` word by word against `old` when both are paragraphs, or tables of the same columns."""
        if old.tag == new.tag == _w("p"):
            self.marker.paragraphs(old, new)
            return True
        if old.tag == new.tag == _w("tbl") and _columns(old) == _columns(new):
            self.tables(old, new)
            return True
        return False

    def tables(self, old: Any, new: Any) -> None:
        """Rows compared by their text: a changed row cell by cell, word by word; other rows inserted or
        deleted (a deleted row stays in the new table where it was, as Word shows it)."""
        old_rows, new_rows = old.findall(_w("tr")), new.findall(_w("tr"))
        matcher = difflib.SequenceMatcher(None, [_text(r) for r in old_rows], [_text(r) for r in new_rows],
                                          autojunk=False)
        for tag, i1, i2, j1, j2 in matcher.get_opcodes():
            if tag == "equal":
                continue
            olds, news = old_rows[i1:i2], new_rows[j1:j2]
            gone: list[Any] = []
            for was, now in zip(olds, news, strict=False):
                if not self.rows(was, now):
                    self.marker.block(now, "ins")
                    gone.append(was)
            gone += olds[len(news):]
            for now in news[len(olds):]:
                self.marker.block(now, "ins")
            for was in gone:
                self.marker.block(was, "del")
            after = news[-1] if news else new_rows[j1 - 1] if j1 > 0 else None
            for was in reversed(gone):
                if after is not None:
                    after.addnext(was)
                elif new_rows:
                    new_rows[0].addprevious(was)
                else:
                    new.append(was)

    def rows(self, old: Any, new: Any) -> bool:
        """One changed row marked cell by cell; False when its cells do not line up (merged differently)."""
        old_cells, new_cells = old.findall(_w("tc")), new.findall(_w("tc"))
        if len(old_cells) != len(new_cells):
            return False
        for was_cell, now_cell in zip(old_cells, new_cells, strict=True):
            was_ps, now_ps = was_cell.findall(_w("p")), now_cell.findall(_w("p"))
            for was_p, now_p in zip(was_ps, now_ps, strict=False):
                self.marker.paragraphs(was_p, now_p)
            for now_p in now_ps[len(was_ps):]:
                self.marker.block(now_p, "ins")
            for was_p in was_ps[len(now_ps):]:
                now_cell.append(self.marker.block(was_p, "del"))
        return True


def _columns(table: Any) -> int:
    grid = table.find(_w("tblGrid"))
    return 0 if grid is None else len(grid.findall(_w("gridCol")))


# --------------------------------------------------------------------------- the file


def redline_docx(old: DocText | None, new: DocText | None, meta: DocxMeta) -> bytes:
    """The DOCX of `new` with tracked changes from `old` (either may be missing: a document added or removed)."""
    shown = new or old
    if shown is None:
        raise ValueError("a redline needs at least one version of the document")
    new_text = rendered_text(shown)
    # the old wording's table of contents lists the new headings: it is one field, rebuilt by Word, never marked
    old_text = dataclasses.replace(rendered_text(old), headings=new_text.headings) if old is not None else new_text
    marker = Marker(meta.effective)

    def fill(writer: BodyWriter) -> None:
        redline = Redline(writer, BodyWriter(writer.doc, old_text, writer.font_faces), marker)
        for status, was, now in merged(old, new):
            redline.node(status, was, now)
        redline.forms(old is not None, new is not None)

    return compose(new_text, meta, fill)


def redline_file(result: Comparison, doc_id: str, lang: str) -> bytes:
    """The tracked-changes DOCX of one document and language of a comparison."""
    old, new = result.old.texts.get((doc_id, lang)), result.new.texts.get((doc_id, lang))
    return redline_docx(old, new, DocxMeta(_operator(result.new, lang) or _operator(result.old, lang),
                                           _effective(result), KEYWORDS))


def _operator(version: Version, lang: str) -> str:
    """The operator's name in `lang` from the profile, or (a built folder) the one its manifest records."""
    if version.profile is not None:
        return str(version.profile.operator.name.get(lang))
    manifest = read_manifest(Path(version.label))
    return str(manifest.get("operator", "")) if manifest else ""


def _effective(result: Comparison) -> date:
    """The new version's effective date: the date of every mark (and of the file's properties)."""
    for version in (result.new, result.old):
        try:
            return date.fromisoformat(version.effective_date)
        except ValueError:
            continue
    return date(1980, 1, 1)  # a folder without a date: the earliest time a zip entry can carry
