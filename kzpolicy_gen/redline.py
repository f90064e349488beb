"""HTML redlines of a comparison: one page per document and language, every clause in reading order with
insertions and deletions marked word by word, for a lawyer's review; and, on request, the same as Word files
with tracked changes (render/docx_redline.py).

Pages share the one page shell (assets/shell.html.j2): self-contained, no scripts, the same
Content-Security-Policy, every value escaped by the page template (the text is shown as the Markdown source).
"""

from __future__ import annotations

import difflib
import html
import re
from pathlib import Path
from typing import Any

from markupsafe import Markup

from kzpolicy_gen import catalogue
from kzpolicy_gen.diff import Comparison, DocText, Node, word_diff
from kzpolicy_gen.output import publish
from kzpolicy_gen.render.shell import Cell, index_page, render_page

_MARKUP = re.compile(r"\\(.)|\*\*")


def readable(markdown: str) -> str:
    """The Markdown source as a reader sees it: escapes and entities resolved, bold markers dropped (the page
    template escapes the result again for HTML)."""
    return html.unescape(_MARKUP.sub(lambda m: m.group(1) or "", markdown))


def merged_nodes(old: DocText | None, new: DocText | None, lang: str) -> list[dict[str, Any]]:
    """Old and new nodes in one reading order (a removed clause stays where it was), each with its runs."""
    ui = catalogue.ui()
    before = list(old.nodes) if old else []
    after = list(new.nodes) if new else []
    out: list[dict[str, Any]] = []

    def item(status: str, node: Node, runs: list[tuple[str, str]]) -> None:
        out.append({"id": node.id, "number": node.number, "status": status,
                    "runs": [(op, readable(text)) for op, text in runs],
                    "status_label": ui[f"redline_{status}"][lang]})

    matcher = difflib.SequenceMatcher(None, [n.id for n in before], [n.id for n in after], autojunk=False)
    for tag, i1, i2, j1, j2 in matcher.get_opcodes():
        if tag == "equal":
            for was, now in zip(before[i1:i2], after[j1:j2], strict=True):
                if was.text == now.text:
                    item("same", now, [("=", now.text)])
                else:
                    item("changed", now, word_diff(was.text, now.text))
            continue
        for was in before[i1:i2]:
            if was.id in {n.id for n in after}:
                continue  # moved: shown where it is now
            item("removed", was, [("-", was.text)])
        for now in after[j1:j2]:
            match = next((n for n in before if n.id == now.id), None)
            if match is None:
                item("added", now, [("+", now.text)])
            elif match.text == now.text:
                item("same", now, [("=", now.text)])
            else:
                item("changed", now, word_diff(match.text, now.text))
    return out


def redline_pages(result: Comparison, *, html: bool = True, docx: bool = False) -> dict[str, bytes]:
    """`<lang>/<document>.redline.html` (and, with `docx`, `.redline.docx`: Word tracked changes) for every
    document and language of either version, and an index linking them."""
    ui = catalogue.ui()
    files: dict[str, bytes] = {}
    rows = []
    keys = list(result.new.texts) + [k for k in result.old.texts if k not in result.new.texts]
    for doc_id, lang in keys:
        old, new = result.old.texts.get((doc_id, lang)), result.new.texts.get((doc_id, lang))
        nodes = merged_nodes(old, new, lang)
        shown = new or old
        title = shown.title if shown is not None else doc_id
        links = []
        if html:
            page = render_page("redline.html.j2", lang, title=f"{ui['redline_title'][lang]}: {title}",
                               old_label=f"{ui['version'][lang]} {result.old.version} ({result.old.effective_date})",
                               new_label=f"{ui['version'][lang]} {result.new.version} ({result.new.effective_date})",
                               legend=ui["redline_legend"][lang], nodes=nodes)
            name = f"{lang}/{doc_id}.redline.html"
            files[name] = page.encode("utf-8")
            links.append(Markup('<a href="{}">HTML</a>').format(name))
        if docx:
            from kzpolicy_gen.render.docx_redline import redline_file  # python-docx only when DOCX is asked for

            name = f"{lang}/{doc_id}.redline.docx"
            files[name] = redline_file(result, doc_id, lang)
            links.append(Markup('<a href="{}">DOCX</a>').format(name))
        changed = sum(1 for node in nodes if node["status"] != "same")
        rows.append([Cell(title, lang), Cell(ui["language_name"][lang]), Cell(str(changed)),
                     Cell(Markup(" · ").join(links))])
    first = keys[0][1] if keys else "ru"
    head = [ui[key][first] for key in ("document", "languages", "redline_changes", "documents")]
    files["index.html"] = index_page(first, ui["redline_title"][first], head, rows).encode("utf-8")
    return files


def write_redlines(result: Comparison, out: Path, *, html: bool = True, docx: bool = False) -> list[Path]:
    """Write the redline pages (and DOCX files) into `out`, all at once (as a build publishes its files)."""
    return publish(redline_pages(result, html=html, docx=docx), out)
