"""One document's Markdown → an editable Word file (DOCX) with real styles, through python-docx.

Why from the Markdown and not from HTML or PDF: the Markdown of a `RenderedText` is our own controlled
output (values already escaped, raw HTML switched off), so walking its element tree gives the same
words, clause numbers and tables as every other format, mapped onto Word's own structure: Title,
Heading 1 per section, Word lists, a table with a repeated header row, a TOC field, header and
footer fields. Profile values only ever become the text of runs: no field, hyperlink, relationship
or template can come from them.

python-docx (and lxml) are imported inside the functions, so a build without DOCX never pays for them.
"""

from __future__ import annotations

import hashlib
import html as html_lib
import io
import re
import zipfile
from collections.abc import Callable
from dataclasses import dataclass
from datetime import UTC, date, datetime
from functools import cache
from typing import TYPE_CHECKING, Any
from xml.etree import ElementTree

import markdown
from markdown.extensions import Extension
from markdown.treeprocessors import Treeprocessor

from kzpolicy_gen import __version__
from kzpolicy_gen import catalogue as cat
from kzpolicy_gen.packaged import package_root
from kzpolicy_gen.plan.structure import SENT_TO_OPERATOR, SIGNED_ON_PAPER
from kzpolicy_gen.render.forms import REPRESENTATIVE_LINES
from kzpolicy_gen.render.wording import RenderedText

if TYPE_CHECKING:
    from docx.document import Document as DocxDocument
    from docx.table import Table
    from docx.text.paragraph import Paragraph

#: BCP 47 tags Word's spell-checker knows, per document language.
LANGUAGE_TAGS = {"ru": "ru-RU", "kk": "kk-KZ", "en": "en-GB"}
#: The bundled font, by the family name inside the TTF files (Word matches embedded fonts by it).
FONT = "DejaVu Sans"
_FONT_FILES = {"regular": "DejaVuSans.ttf", "bold": "DejaVuSans-Bold.ttf", "italic": "DejaVuSans-Oblique.ttf",
               "boldItalic": "DejaVuSans-BoldOblique.ttf"}
#: A4 with the PDF's margins (mm): top, right, bottom, left.
MARGINS_MM = (22, 18, 20, 22)
TEXT_WIDTH_MM = 210 - MARGINS_MM[1] - MARGINS_MM[3]
TICK = "\u25a1"  # WHITE SQUARE: in the bundled DejaVu subset (U+2610 is not)

_W = "http://schemas.openxmlformats.org/wordprocessingml/2006/main"
_R = "http://schemas.openxmlformats.org/officeDocument/2006/relationships"
_CT = "http://schemas.openxmlformats.org/package/2006/content-types"
_PR = "http://schemas.openxmlformats.org/package/2006/relationships"
_FONT_REL = "http://schemas.openxmlformats.org/officeDocument/2006/relationships/font"
_STYLES_WITH_EFFECTS = "http://schemas.microsoft.com/office/2007/relationships/stylesWithEffects"
_OBFUSCATED = "application/vnd.openxmlformats-officedocument.obfuscatedFont"
_CLAUSE = re.compile(r"[0-9]+\.[0-9]+\.\Z")
_STASH = re.compile("\x02wzxhzdk:([0-9]+)\x03")


@dataclass(frozen=True)
class DocxMeta:
    """What the DOCX needs besides the text: who the operator is and the document's date."""

    operator: str
    effective: date
    keywords: str


# --------------------------------------------------------------------------- Markdown → element tree


class _Capture(Treeprocessor):
    """Keep the finished element tree (after escapes are undone) for the DOCX walker."""

    root: ElementTree.Element | None = None

    def run(self, root: ElementTree.Element) -> None:
        self.root = root


class _TreeOnly(Extension):
    def __init__(self, capture: _Capture) -> None:
        super().__init__()
        self.capture = capture

    def extendMarkdown(self, md: markdown.Markdown) -> None:
        md.preprocessors.deregister("html_block")
        md.inlinePatterns.deregister("html")
        self.capture.md = md
        md.treeprocessors.register(self.capture, "kzp-capture", -10)


@cache
def _converter() -> tuple[markdown.Markdown, _Capture]:
    """One parser per process, reset before each text (setting one up costs more than a redline node's parse)."""
    capture = _Capture()
    return markdown.Markdown(extensions=["tables", "sane_lists", _TreeOnly(capture)]), capture


def markdown_tree(source: str) -> tuple[ElementTree.Element, list[str]]:
    """The element tree of our Markdown and the stash that holds its entities (`&lt;` and the like)."""
    converter, capture = _converter()
    converter.reset()
    capture.root = None
    converter.convert(source)
    assert capture.root is not None
    return capture.root, [str(block) for block in converter.htmlStash.rawHtmlBlocks]


# --------------------------------------------------------------------------- the document


def docx_bytes(text: RenderedText, meta: DocxMeta) -> bytes:
    """The DOCX of one rendered document: deterministic bytes (fixed times, stable part order)."""

    def fill(writer: BodyWriter) -> None:
        writer.markdown(text.markdown)
        writer.forms()

    return compose(text, meta, fill)


def compose(text: RenderedText, meta: DocxMeta, fill: Callable[[BodyWriter], None]) -> bytes:
    """A DOCX with the page, styles and properties of `text`, its body appended by `fill`: the one path both
    the document and its tracked-changes redline (render/docx_redline.py) take."""
    doc = _new_document(text.lang)
    _page_setup(doc, text, meta)  # before the body: python-docx finds the section's header faster then
    writer = BodyWriter(doc, text)
    fill(writer)
    _properties(doc, text, meta)
    raw = io.BytesIO()
    doc.save(raw)
    return _finish_package(raw.getvalue(), meta.effective, writer.font_faces)


@cache
def _template_bytes() -> bytes:
    """python-docx's default template with our styles, prepared once per process."""
    import docx

    doc = docx.Document()
    _drop_parts(doc)
    _styles(doc)
    _bullets(doc)
    raw = io.BytesIO()
    doc.save(raw)
    return raw.getvalue()


def _new_document(lang: str) -> DocxDocument:
    import docx

    doc = docx.Document(io.BytesIO(_template_bytes()))
    _default_language(doc, LANGUAGE_TAGS[lang])
    return doc


def _drop_parts(doc: DocxDocument) -> None:
    """The default template's Word thumbnail, 430 KB stylesWithEffects and bibliography item go: not ours."""
    from docx.opc.constants import RELATIONSHIP_TYPE as RT

    package = doc.part.package
    for rel_id, rel in list(package.rels.items()):
        if rel.reltype == RT.THUMBNAIL:
            package.rels.pop(rel_id)
    for rel_id, rel in list(doc.part.rels.items()):
        if rel.reltype in (_STYLES_WITH_EFFECTS, RT.CUSTOM_XML):
            doc.part.rels.pop(rel_id)
    settings = doc.settings.element
    for tag in ("savePreviewPicture", "rsids", "attachedTemplate"):
        for node in settings.findall(f"{{{_W}}}{tag}"):
            settings.remove(node)


def _w(tag: str) -> str:
    return f"{{{_W}}}{tag}"


def _element(tag: str, **attrs: str) -> Any:
    from docx.oxml import OxmlElement

    node = OxmlElement(tag)
    for key, value in attrs.items():
        node.set(_w(key), value)
    return node


def _set_fonts(rpr: Any) -> None:
    """Name the bundled font for every script; theme fonts (Calibri, Cambria) are removed."""
    for old in rpr.findall(_w("rFonts")):
        rpr.remove(old)
    rpr.insert(0, _element("w:rFonts", ascii=FONT, hAnsi=FONT, cs=FONT, eastAsia=FONT))


def _styles(doc: DocxDocument) -> None:
    from docx.enum.style import WD_STYLE_TYPE
    from docx.shared import Mm, Pt, RGBColor

    for style in list(doc.styles):  # the template's 140 table styles: only the grid is used
        if style.type == WD_STYLE_TYPE.TABLE and style.name not in ("Normal Table", "Table Grid"):
            style.element.getparent().remove(style.element)

    styles_el = doc.styles.element
    defaults = styles_el.find(_w("docDefaults"))
    rpr = defaults.find(_w("rPrDefault")).find(_w("rPr"))
    _set_fonts(rpr)
    for style in doc.styles:
        style_rpr = style.element.find(_w("rPr"))
        if style_rpr is not None and style_rpr.find(_w("rFonts")) is not None:
            _set_fonts(style_rpr)
    normal = doc.styles["Normal"]
    normal.font.size = Pt(10)
    pf = normal.paragraph_format
    pf.space_after, pf.line_spacing = Pt(4), 1.15
    black = RGBColor(0, 0, 0)
    for name, size, before, after in (("Title", 16, 0, 4), ("Heading 1", 12, 12, 4), ("Heading 2", 10.5, 8, 4)):
        style = doc.styles[name]
        style.font.size, style.font.bold, style.font.color.rgb = Pt(size), True, black
        style.paragraph_format.space_before = Pt(before)
        style.paragraph_format.space_after = Pt(after)
        style.paragraph_format.keep_with_next = True
        ppr = style.element.find(_w("pPr"))
        if ppr is not None:  # the template's Title has a blue rule under it
            for border in ppr.findall(_w("pBdr")):
                ppr.remove(border)
        style_rpr = style.element.find(_w("rPr"))
        for tag in ("spacing", "kern", "i", "iCs"):
            for node in style_rpr.findall(_w(tag)) if style_rpr is not None else []:
                style_rpr.remove(node)
    subtitle = doc.styles["Subtitle"]
    subtitle.font.size, subtitle.font.italic = Pt(9), False
    subtitle.font.color.rgb = RGBColor(0x55, 0x55, 0x55)
    subtitle.paragraph_format.space_after = Pt(10)
    subtitle_rpr = subtitle.element.find(_w("rPr"))
    for node in subtitle_rpr.findall(_w("spacing")) if subtitle_rpr is not None else []:
        subtitle_rpr.remove(node)
    after_table = doc.styles.add_style("KZP After Table", WD_STYLE_TYPE.PARAGRAPH)
    after_table.base_style = normal
    after_table.font.size = Pt(4)
    after_table.paragraph_format.space_after = Pt(4)
    for name, size in (("Header", 8), ("Footer", 8)):
        for tabs in doc.styles[name].element.findall(f"{_w('pPr')}/{_w('tabs')}"):  # Letter-size tab stops
            tabs.getparent().remove(tabs)
        doc.styles[name].font.size = Pt(size)
        doc.styles[name].font.color.rgb = RGBColor(0x55, 0x55, 0x55)
    clause = doc.styles.add_style("KZP Clause", WD_STYLE_TYPE.PARAGRAPH)
    clause.base_style = normal
    clause.paragraph_format.space_after = Pt(6)
    table_text = doc.styles.add_style("KZP Table Text", WD_STYLE_TYPE.PARAGRAPH)
    table_text.base_style = normal
    table_text.font.size = Pt(8.5)
    table_text.paragraph_format.space_after = Pt(0)
    table_text.paragraph_format.line_spacing = 1.0
    tick = doc.styles.add_style("KZP Tick Box", WD_STYLE_TYPE.PARAGRAPH)
    tick.base_style = normal
    tick.paragraph_format.left_indent = Mm(11)
    tick.paragraph_format.first_line_indent = Mm(-6)
    tick.paragraph_format.space_after = Pt(2)
    line = doc.styles.add_style("KZP Fill-in Line", WD_STYLE_TYPE.PARAGRAPH)
    line.base_style = normal
    line.paragraph_format.space_before = Pt(10)
    line.paragraph_format.keep_with_next = True
    caption = doc.styles.add_style("KZP Line Caption", WD_STYLE_TYPE.PARAGRAPH)
    caption.base_style = normal
    caption.font.size = Pt(7.5)
    caption.font.color.rgb = RGBColor(0x55, 0x55, 0x55)
    toc = doc.styles.add_style("KZP Contents Entry", WD_STYLE_TYPE.PARAGRAPH)
    toc.base_style = normal
    toc.paragraph_format.space_after = Pt(1)
    doc.styles["TOC Heading"].font.size = Pt(11)
    doc.styles["TOC Heading"].font.color.rgb = black


def _bullets(doc: DocxDocument) -> None:
    """Bullets are "•" in the bundled font (the template's Symbol-font glyph needs a font we do not ship)."""
    numbering = doc.part.numbering_part.element
    for level in numbering.iter(_w("lvl")):
        fmt = level.find(_w("numFmt"))
        if fmt is None or fmt.get(_w("val")) != "bullet":
            continue
        level.find(_w("lvlText")).set(_w("val"), "\u2022")
        rpr = level.find(_w("rPr"))
        if rpr is None:
            rpr = _element("w:rPr")
            level.append(rpr)
        _set_fonts(rpr)


def _default_language(doc: DocxDocument, tag: str) -> None:
    """The language of every style's text (runs carry it too), so Word checks spelling in that language."""
    rpr = doc.styles.element.find(_w("docDefaults")).find(_w("rPrDefault")).find(_w("rPr"))
    for old in rpr.findall(_w("lang")):
        rpr.remove(old)
    rpr.append(_element("w:lang", val=tag, eastAsia=tag, bidi=tag))
    settings = doc.settings.element
    theme = settings.find(_w("themeFontLang"))
    if theme is not None:
        theme.set(_w("val"), tag)


# --------------------------------------------------------------------------- the body


class BodyWriter:
    """Walks the Markdown element tree and appends Word paragraphs, lists and tables."""

    def __init__(self, doc: DocxDocument, text: RenderedText, font_faces: set[str] | None = None) -> None:
        self.doc = doc
        self.text = text
        self.stash: list[str] = []
        self.lang_tag = LANGUAGE_TAGS[text.lang]
        self.font_faces: set[str] = {"regular"} if font_faces is None else font_faces
        self.after_title = 0

    def markdown(self, source: str) -> None:
        """Append the blocks of a Markdown text (the whole document, or one node of it)."""
        root, self.stash = markdown_tree(source)
        self.body(root)

    def forms(self) -> None:
        """The hand-filled blocks of a paper form (nothing for other documents)."""
        if self.text.doc_id in SIGNED_ON_PAPER:
            self.paper_blocks(receipt=self.text.doc_id in SENT_TO_OPERATOR)

    # -- text and runs

    def para(self, style: str | None, container: Any = None) -> Paragraph:
        """A new paragraph; the style is set by id (python-docx's lookup by name scans every style)."""
        paragraph = (container or self.doc).add_paragraph()
        if style is not None:
            paragraph._p.style = _style_id(style)
        return paragraph

    def plain(self, value: str | None) -> str:
        """Element text with the entity stash resolved (`&lt;` → `<`): values come out as exactly their text."""
        if not value:
            return ""
        return _STASH.sub(lambda m: html_lib.unescape(self.stash[int(m.group(1))]), value)

    def run(self, paragraph: Paragraph, value: str, *, bold: bool = False, italic: bool = False) -> None:
        """One run of text; a line end inside a paragraph is a space, as in Markdown (never a Word break)."""
        if not value:
            return
        run = paragraph.add_run(re.sub(r"[\t\n\r\v\f]", " ", value))
        if bold:
            run.bold = True
        if italic:
            run.italic = True
        self.font_faces.add({(False, False): "regular", (True, False): "bold", (False, True): "italic",
                             (True, True): "boldItalic"}[(bold, italic)])
        run._r.get_or_add_rPr().append(_element("w:lang", val=self.lang_tag))

    def inline(self, paragraph: Paragraph, element: ElementTree.Element, *, bold: bool = False,
               italic: bool = False) -> None:
        """The element's text and its inline children (strong, em, links as text, line breaks)."""
        self.run(paragraph, self.plain(element.text), bold=bold, italic=italic)
        for child in element:
            if child.tag == "br":
                paragraph.add_run().add_break()
            else:
                self.inline(paragraph, child, bold=bold or child.tag in ("strong", "b"),
                            italic=italic or child.tag in ("em", "i"))
            self.run(paragraph, self.plain(child.tail), bold=bold, italic=italic)

    # -- blocks

    def body(self, root: ElementTree.Element) -> None:
        for element in root:
            self.block(element)

    def block(self, element: ElementTree.Element) -> None:
        tag = element.tag
        if tag == "h1":
            self.inline(self.para("Title"), element)
            self.after_title = 1
            return
        if self.text.pack and self.after_title == 1:  # an internal act has no version line and no contents
            self.after_title = 2
        if tag == "p" and self.after_title == 1:  # the version line under the title
            self.inline(self.para("Subtitle"), element)
            self.after_title = 2
            if self.text.doc_id not in SIGNED_ON_PAPER:
                self.contents()
            return
        if tag in ("h2", "h3", "h4"):
            self.inline(self.para("Heading 1" if tag == "h2" else "Heading 2"), element)
        elif tag == "p":
            self.paragraph(element)
        elif tag in ("ul", "ol"):
            self.items(element, ordered=tag == "ol", level=1)
        elif tag == "table":
            self.table(element)
        else:  # anything else the parser might make is kept as its text
            self.run(self.para(None), self.plain("".join(element.itertext())))

    def paragraph(self, element: ElementTree.Element) -> None:
        first = element[0] if len(element) else None
        is_clause = (not (element.text or "").strip() and first is not None and first.tag == "strong"
                     and _CLAUSE.match(self.plain(first.text).strip()) is not None)
        tick = self.plain(element.text).startswith(TICK)
        paragraph = self.para("KZP Clause" if is_clause else "KZP Tick Box" if tick else None)
        if tick:
            self.tick(paragraph, element)
        self.inline(paragraph, element)

    def tick(self, paragraph: Paragraph, element: ElementTree.Element) -> None:
        """The box, then a tab to the hanging indent (so wrapped lines align); the box leaves the text."""
        self.run(paragraph, TICK)
        paragraph.add_run().add_tab()
        element.text = self.plain(element.text).lstrip()[len(TICK):].lstrip()

    def items(self, element: ElementTree.Element, *, ordered: bool, level: int) -> Paragraph | None:
        """A Word list (one paragraph per item, nested lists indented); returns the last paragraph written."""
        base = "List Number" if ordered else "List Bullet"
        style = base if level == 1 else f"{base} {min(level, 3)}"
        first = True
        last: Paragraph | None = None
        for item in element:
            if item.tag != "li":
                continue
            nested = [child for child in item if child.tag in ("ul", "ol")]
            inline = ElementTree.Element("li")
            inline.text = item.text
            inline.extend(child for child in item if child not in nested)
            if self.plain(item.text).lstrip().startswith(TICK):
                paragraph = self.para("KZP Tick Box")
                self.tick(paragraph, inline)
            else:
                paragraph = self.para(style)
                if ordered and first:
                    _restart_numbering(self.doc, paragraph)
            first = False
            self.inline(paragraph, inline)
            last = paragraph
            for child in nested:
                last = self.items(child, ordered=child.tag == "ol", level=level + 1) or last
        if level == 1 and last is not None:  # items sit close; the text after the list keeps the clauses' distance
            from docx.shared import Pt

            last.paragraph_format.space_after = Pt(6)
        return last

    def table(self, element: ElementTree.Element) -> None:
        rows = [row for row in element.iter("tr")]
        if not rows:
            return
        width = max(len(row) for row in rows)
        table = self.doc.add_table(rows=0, cols=width)
        table.style = self.doc.styles["Table Grid"]
        cells_text: list[list[str]] = [["".join(self.plain(t) for t in cell.itertext()) for cell in row]
                                       for row in rows]
        widths = column_widths(cells_text, width)
        for index, row in enumerate(rows):
            header = any(cell.tag == "th" for cell in row)
            cells = table.add_row().cells
            for cell, source in zip(cells, row, strict=False):
                paragraph = cell.paragraphs[0]
                paragraph._p.style = _style_id("KZP Table Text")
                self.inline(paragraph, source, bold=header)
            if header and index == 0:
                _repeat_header(table)
        _fix_widths(table, widths)
        self.para("KZP After Table")

    def contents(self) -> None:
        """A TOC field (Word fills in page numbers on open), pre-filled with the sections as its last result."""
        ui = cat.ui()
        self.run(self.para("TOC Heading"), ui["contents"][self.text.lang])
        entries = [f"{number}. {title}" for _, number, title in self.text.headings]
        for index, entry in enumerate(entries or [""]):
            paragraph = self.para("KZP Contents Entry")
            if index == 0:
                _field_begin(paragraph, 'TOC \\o "1-2" \\h \\z \\u')
            self.run(paragraph, entry)
            if index == len(entries or [""]) - 1:
                _field_end(paragraph)

    def paper_blocks(self, *, receipt: bool) -> None:
        """Lines a person fills in by hand, as on the printed form (render/forms.py): the printed name under the
        signature; a representative's name, authority document and signature, each on its own line (anyone may
        act through a representative); the operator's receipt."""
        ui = cat.ui()
        lang = self.text.lang
        self.fill_in(ui["form_printed_name"][lang])
        title = self.para(None)
        title.paragraph_format.keep_with_next = True
        self.run(title, ui["form_representative"][lang], bold=True)
        for label in REPRESENTATIVE_LINES:
            self.fill_in(ui[label][lang])
        if receipt:
            self.receipt(ui, lang)

    def receipt(self, ui: dict[str, dict[str, str]], lang: str) -> None:
        """A boxed grid for the operator: date of receipt, incoming number, signature (rows kept together)."""
        from docx.shared import Mm

        self.para("KZP After Table")
        labels = (ui["date"][lang], ui["receipt_number"][lang], ui["receipt_signature"][lang])
        box = self.doc.add_table(rows=1 + len(labels), cols=2)
        box.style = self.doc.styles["Table Grid"]
        title = box.rows[0].cells[0].merge(box.rows[0].cells[1])
        self.run(title.paragraphs[0], ui["receipt_title"][lang], bold=True)
        for row, label in zip(box.rows[1:], labels, strict=True):
            row.height = Mm(9)
            self.run(row.cells[0].paragraphs[0], label)
        for row in box.rows:
            row._tr.get_or_add_trPr().append(_element("w:cantSplit"))
            for cell in row.cells:
                cell.paragraphs[0].paragraph_format.keep_with_next = True
        _fix_widths(box, [TEXT_WIDTH_MM * 0.4, TEXT_WIDTH_MM * 0.6])
        self.para("KZP After Table")

    def fill_in(self, label: str) -> None:
        """'Label: ________' with a tab leader to the right margin, so the line prints at full width."""
        from docx.enum.text import WD_TAB_ALIGNMENT, WD_TAB_LEADER
        from docx.shared import Mm

        paragraph = self.para("KZP Fill-in Line")
        paragraph.paragraph_format.tab_stops.add_tab_stop(Mm(TEXT_WIDTH_MM), WD_TAB_ALIGNMENT.RIGHT,
                                                          WD_TAB_LEADER.LINES)
        self.run(paragraph, f"{label}: ")
        paragraph.add_run("\t")


def _style_id(name: str) -> str:
    """Word's style id of a style name: the name without spaces ("Heading 1" → "Heading1")."""
    return name.replace(" ", "")


def column_widths(rows: list[list[str]], count: int) -> list[float]:
    """Fixed column widths (mm): each at least its longest word, the rest shared by the text it holds."""
    longest = [0] * count
    total = [0] * count
    for row in rows:
        for index, cell in enumerate(row[:count]):
            words = cell.split()
            longest[index] = max([longest[index], *(len(word) for word in words)])
            total[index] += len(cell)
    char_mm = 1.75  # an average DejaVu Sans letter at 8.5 pt, with the cell's padding
    floor = [min(40.0, 4 + n * char_mm) for n in longest]
    spare = TEXT_WIDTH_MM - sum(floor)
    weights = [max(1.0, n) ** 0.5 for n in total]
    if spare <= 0:
        return [TEXT_WIDTH_MM * f / sum(floor) for f in floor]
    return [f + spare * w / sum(weights) for f, w in zip(floor, weights, strict=True)]


def _repeat_header(table: Table) -> None:
    """The header row repeats on every page and is never split."""
    tr = table.rows[0]._tr
    trpr = tr.get_or_add_trPr()
    trpr.append(_element("w:cantSplit"))
    trpr.append(_element("w:tblHeader"))


def _fix_widths(table: Table, widths: list[float]) -> None:
    """Fixed layout: Word and LibreOffice keep these widths instead of sizing columns by content."""
    from docx.shared import Mm

    table.autofit = False
    tbl_pr = table._tbl.tblPr
    for old in tbl_pr.findall(_w("tblW")):
        tbl_pr.remove(old)
    tbl_w = _element("w:tblW", w=str(int(Mm(sum(widths)).twips)), type="dxa")
    style = tbl_pr.find(_w("tblStyle"))
    tbl_pr.insert(1 if style is not None else 0, tbl_w)
    grid = table._tbl.tblGrid
    for col, width in zip(grid.findall(_w("gridCol")), widths, strict=False):
        col.set(_w("w"), str(int(Mm(width).twips)))
    for row in table.rows:
        for cell, width in zip(row.cells, widths, strict=False):
            cell.width = Mm(width)
    _cell_padding(table)


#: Cell padding (mm) as in the PDF (print.css: 1.2 mm 1.5 mm): Table Grid has none above and below, so the
#: first and last lines of a cell touched its borders.
CELL_PADDING_MM = (1.2, 1.5)


def _cell_padding(table: Table) -> None:
    from docx.shared import Mm

    tbl_pr = table._tbl.tblPr
    for old in tbl_pr.findall(_w("tblCellMar")):
        tbl_pr.remove(old)
    margins = _element("w:tblCellMar")
    vertical, horizontal = (str(int(Mm(value).twips)) for value in CELL_PADDING_MM)
    for side, value in (("top", vertical), ("left", horizontal), ("bottom", vertical), ("right", horizontal)):
        margins.append(_element(f"w:{side}", w=value, type="dxa"))
    layout, look = tbl_pr.find(_w("tblLayout")), tbl_pr.find(_w("tblLook"))
    if layout is not None:
        layout.addnext(margins)
    elif look is not None:
        look.addprevious(margins)
    else:
        tbl_pr.append(margins)


def _restart_numbering(doc: DocxDocument, paragraph: Paragraph) -> None:
    """A numbered list starts at 1 (Word would otherwise continue the previous list's numbers)."""
    style = doc.styles["List Number"]
    num_pr = style.element.pPr.numPr if style.element.pPr is not None else None
    if num_pr is None or num_pr.numId is None:
        return
    numbering = doc.part.numbering_part.element
    abstract = numbering.num_having_numId(num_pr.numId.val).abstractNumId.val
    num = numbering.add_num(abstract)
    num.add_lvlOverride(ilvl=0).add_startOverride(1)
    own = paragraph._p.get_or_add_pPr().get_or_add_numPr()
    own.get_or_add_numId().val = num.numId
    own.get_or_add_ilvl().val = 0


# --------------------------------------------------------------------------- fields, page, properties


def _field_begin(paragraph: Paragraph, instruction: str) -> None:
    run = paragraph.add_run()
    run._r.append(_element("w:fldChar", fldCharType="begin", dirty="true"))
    code = paragraph.add_run()._r
    instr = _element("w:instrText")
    instr.set("{http://www.w3.org/XML/1998/namespace}space", "preserve")
    instr.text = f" {instruction} "
    code.append(instr)
    paragraph.add_run()._r.append(_element("w:fldChar", fldCharType="separate"))


def _field_end(paragraph: Paragraph) -> None:
    paragraph.add_run()._r.append(_element("w:fldChar", fldCharType="end"))


def _simple_field(paragraph: Paragraph, instruction: str, shown: str, lang_tag: str) -> None:
    _field_begin(paragraph, instruction)
    run = paragraph.add_run(shown)
    run._r.get_or_add_rPr().append(_element("w:lang", val=lang_tag))
    _field_end(paragraph)


def _page_setup(doc: DocxDocument, text: RenderedText, meta: DocxMeta) -> None:
    from docx.enum.text import WD_ALIGN_PARAGRAPH, WD_TAB_ALIGNMENT, WD_TAB_LEADER
    from docx.shared import Mm

    section = doc.sections[0]
    section.page_width, section.page_height = Mm(210), Mm(297)
    top, right, bottom, left = MARGINS_MM
    section.top_margin, section.right_margin, section.bottom_margin, section.left_margin = (
        Mm(top), Mm(right), Mm(bottom), Mm(left))
    section.header_distance, section.footer_distance = Mm(10), Mm(10)
    lang_tag = LANGUAGE_TAGS[text.lang]
    header = section.header.paragraphs[0]
    header._p.style = "Header"
    run = header.add_run(f"{meta.operator} · {text.title}")
    run._r.get_or_add_rPr().append(_element("w:lang", val=lang_tag))
    footer = section.footer.paragraphs[0]
    footer._p.style = "Footer"
    if text.doc_id in SIGNED_ON_PAPER - SENT_TO_OPERATOR:  # a consent of several pages is initialled on each
        stops = footer.paragraph_format.tab_stops
        stops.add_tab_stop(Mm(80), WD_TAB_ALIGNMENT.LEFT, WD_TAB_LEADER.LINES)
        stops.add_tab_stop(Mm(TEXT_WIDTH_MM), WD_TAB_ALIGNMENT.RIGHT)
        initials = footer.add_run(cat.ui()["initials"][text.lang] + ": ")
        initials._r.get_or_add_rPr().append(_element("w:lang", val=lang_tag))
        footer.add_run().add_tab()
        footer.add_run().add_tab()
    else:
        footer.alignment = WD_ALIGN_PARAGRAPH.RIGHT
    label = footer.add_run(cat.ui()["page"][text.lang] + " ")
    label._r.get_or_add_rPr().append(_element("w:lang", val=lang_tag))
    _simple_field(footer, "PAGE", "1", lang_tag)
    footer.add_run(" / ")._r.get_or_add_rPr().append(_element("w:lang", val=lang_tag))
    _simple_field(footer, "NUMPAGES", "1", lang_tag)
    settings = doc.settings.element
    compat = settings.find(_w("compat"))
    update = _element("w:updateFields", val="true")
    if compat is not None:
        compat.addprevious(update)
    else:
        settings.append(update)
    zoom = settings.find(_w("zoom"))
    embed = _element("w:embedTrueTypeFonts")
    if zoom is not None:
        zoom.addnext(embed)
    else:
        settings.insert(0, embed)


def _properties(doc: DocxDocument, text: RenderedText, meta: DocxMeta) -> None:
    """Core properties: title, author = operator, subject, keywords, language; times fixed to the effective date."""
    ui = cat.ui()
    props = doc.core_properties
    stamp = datetime(meta.effective.year, meta.effective.month, meta.effective.day, tzinfo=UTC)
    props.title = text.title
    props.author = meta.operator
    props.subject = ui["index_title"][text.lang]
    props.keywords = meta.keywords
    props.language = LANGUAGE_TAGS[text.lang]
    props.comments = f"{ui['generated'][text.lang]} {__version__}"
    props.last_modified_by = meta.operator
    props.created = props.modified = props.last_printed = stamp
    props.revision = 1
    props.category = ""
    props.identifier = text.doc_id
    props.version = ""
    props.content_status = ""


# --------------------------------------------------------------------------- the package


_APP_XML = (b'<?xml version="1.0" encoding="UTF-8" standalone="yes"?>\n'
            b'<Properties xmlns="http://schemas.openxmlformats.org/officeDocument/2006/extended-properties">'
            b"<Application>kzpolicy-gen</Application><DocSecurity>0</DocSecurity></Properties>")


@cache
def _font_blob(face: str) -> tuple[str, bytes]:
    """(fontKey GUID, obfuscated font) for one bundled face, as Word embeds TrueType fonts (ECMA-376 17.8.1)."""
    data = (package_root() / "assets" / "fonts" / _FONT_FILES[face]).read_bytes()
    digest = hashlib.sha256(data).hexdigest().upper()
    guid = f"{{{digest[:8]}-{digest[8:12]}-{digest[12:16]}-{digest[16:20]}-{digest[20:32]}}}"
    key = bytes.fromhex(guid.strip("{}").replace("-", ""))[::-1]
    head = bytes(byte ^ key[index % 16] for index, byte in enumerate(data[:32]))
    return guid, head + data[32:]


def _finish_package(raw: bytes, effective: date, faces: set[str]) -> bytes:
    """Embed the bundled fonts, then rewrite the zip with fixed entry times in a stable order."""
    with zipfile.ZipFile(io.BytesIO(raw)) as source:
        parts = {info.filename: source.read(info) for info in source.infolist()}
    parts["docProps/app.xml"] = _APP_XML
    _embed_fonts(parts, sorted(faces, key=list(_FONT_FILES).index))
    first = ["[Content_Types].xml", "_rels/.rels"]
    order = first + [name for name in parts if name not in first]
    stamp = (max(effective.year, 1980), effective.month, effective.day, 0, 0, 0)
    out = io.BytesIO()
    with zipfile.ZipFile(out, "w") as target:
        for name in order:
            info = zipfile.ZipInfo(name, date_time=stamp)
            info.compress_type = zipfile.ZIP_DEFLATED
            info.create_system = 0
            info.external_attr = 0
            target.writestr(info, parts[name], compresslevel=6)
    return out.getvalue()


def _embed_fonts(parts: dict[str, bytes], faces: list[str]) -> None:
    """DejaVu's licence allows embedding (and its OS/2 fsType is 0, installable): Kazakh letters render anywhere."""
    from lxml import etree

    table = etree.fromstring(parts["word/fontTable.xml"])
    for font in table.findall(_w("font")):
        if font.get(_w("name")) == FONT:
            table.remove(font)
    font = etree.SubElement(table, _w("font"))
    font.set(_w("name"), FONT)
    for tag, value in (("charset", "CC"), ("family", "swiss"), ("pitch", "variable")):
        etree.SubElement(font, _w(tag)).set(_w("val"), value)
    rels = etree.Element(f"{{{_PR}}}Relationships", nsmap={None: _PR})
    for index, face in enumerate(faces, start=1):
        guid, blob = _font_blob(face)
        name = f"font{index}.odttf"
        parts[f"word/fonts/{name}"] = blob
        rel = etree.SubElement(rels, f"{{{_PR}}}Relationship")
        rel.set("Id", f"rIdFont{index}")
        rel.set("Type", _FONT_REL)
        rel.set("Target", f"fonts/{name}")
        embed = etree.SubElement(font, _w("embed" + face[0].upper() + face[1:]))
        embed.set(f"{{{_R}}}id", f"rIdFont{index}")
        embed.set(_w("fontKey"), guid)
    parts["word/fontTable.xml"] = etree.tostring(table, xml_declaration=True, encoding="UTF-8", standalone=True)
    parts["word/_rels/fontTable.xml.rels"] = etree.tostring(rels, xml_declaration=True, encoding="UTF-8",
                                                            standalone=True)
    types = etree.fromstring(parts["[Content_Types].xml"])
    if not any(node.get("Extension") == "odttf" for node in types):
        default = etree.Element(f"{{{_CT}}}Default")
        default.set("Extension", "odttf")
        default.set("ContentType", _OBFUSCATED)
        types.insert(0, default)
    parts["[Content_Types].xml"] = etree.tostring(types, xml_declaration=True, encoding="UTF-8", standalone=True)
