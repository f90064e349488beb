"""Page breaks CSS cannot decide: the last page of a document must not hold a single clause.

Why in Python: CSS can keep blocks together, but not "keep them together only if that leaves less than a
quarter of a page empty". A rule such as "the last two blocks travel together" moves a long list or a
signature block whole and leaves half a page blank. So print.css keeps only small blocks together, and
`lay_out` decides the rest:

- The document is laid out with its end glued to its second-to-last clause (no break after that clause's
  start except between its own lines). Where the clauses fall well, this changes nothing; where they would
  not, it is the fix. Most documents are laid out once.
- Only when that layout leaves the page before the last too empty (a quarter; a third on a signed form,
  where a page of signature lines without text is worse) is the document laid out plain, and `settle`
  tries, at most twice: closer signature lines alone (when the last page holds nothing but them), a page
  break before the second-to-last clause, closer lines with the glue. It keeps the first layout with two
  clauses on the last page and no other page over the limit; if none has that, the plain layout is printed.
- A layout costs about as much as the rest of the PDF, so a try the first layout already shows to be
  hopeless is not laid out: glue or a break that would leave the page before over the limit, and closer
  lines that could not lift the last page's lines onto the page before even with their margins gone.
"""

from __future__ import annotations

import re
from collections.abc import Callable, Iterator
from typing import Any

MAX_EMPTY = 0.25
"""The largest part of a non-final page that may be left empty (the tests hold every page to it)."""

MAX_EMPTY_BEFORE_SIGNATURES = 0.35
"""The limit when the first layout left nothing but signature lines on the last page: a signed form's last
clauses may take the whole signature block to a new page and leave a third of the page before it empty, since a
page of signature lines without text is worse for a form (a lawyer would not have one signed)."""

MAX_RELAYOUTS = 2
"""At most this many more layouts per document (a layout costs about as much as the rest of the PDF)."""

_NUMBER = re.compile(r"^\d+(\.\d+)+\.$")
_HEADINGS = frozenset({"h1", "h2", "h3", "h4"})


def _walk(box: Any) -> Iterator[Any]:
    yield box
    for child in getattr(box, "children", None) or []:
        yield from _walk(child)


def _content(page: Any) -> Any:
    """The page's share of the document (its margin boxes, the running header and footer, left out)."""
    return next(child for child in page._page_box.children if type(child).__name__ != "MarginBox")


def is_clause(element: Any) -> bool:
    """A numbered clause: `<p><strong>4.1.</strong> …`."""
    if getattr(element, "tag", None) != "p" or len(element) == 0:
        return False
    first = element[0]
    return first.tag == "strong" and not (element.text or "").strip() and bool(_NUMBER.match(first.text or ""))


def _clauses(document: Any) -> list[tuple[Any, set[int]]]:
    """Every clause element in document order, with the pages it has boxes on."""
    found: dict[int, tuple[Any, set[int]]] = {}
    for index, page in enumerate(document.pages):
        for box in _walk(_content(page)):
            element = getattr(box, "element", None)
            if element is not None and is_clause(element):
                found.setdefault(id(element), (element, set()))[1].add(index)
    return list(found.values())


def last_page_clauses(document: Any) -> int:
    """How many clauses have some text on the last page (a clause continued from the page before counts)."""
    last = len(document.pages) - 1
    return sum(1 for _, pages in _clauses(document) if last in pages)


def _used(page: Any) -> float:
    """The height from the top of the page's text area to the bottom of its last line."""
    top = page._page_box.content_box_y()
    # Lines, not blocks: a block split across pages may reach down to the page's end with nothing in it.
    return max((b.position_y + b.height - top for b in _walk(_content(page)) if type(b).__name__ == "LineBox"),
               default=0.0)


def _empty(page: Any) -> float:
    """The part of the page's text area left empty below its last line."""
    height = page._page_box.height
    return float((height - _used(page)) / height)


def emptiest(document: Any) -> float:
    """The largest part of a non-final page left empty below its last line."""
    return max((_empty(page) for page in document.pages[:-1]), default=0.0)


def limit(document: Any) -> float:
    """How empty the page before the last may be left in a re-layout of `document` (its first layout)."""
    return MAX_EMPTY if last_page_clauses(document) else MAX_EMPTY_BEFORE_SIGNATURES


def _fine(document: Any) -> bool:
    return len(document.pages) < 2 or len(_clauses(document)) < 2 or last_page_clauses(document) >= 2


def _styled(changes: list[tuple[Any, str]]) -> Callable[[], None]:
    """Add inline styles to parsed elements (never written out); returns the undo."""
    before = [(element, element.get("style")) for element, _ in changes]
    for element, style in changes:
        old = element.get("style")
        element.set("style", f"{old};{style}" if old else style)

    def undo() -> None:
        for element, old in before:
            if old is None:
                element.attrib.pop("style", None)
            else:
                element.set("style", old)
    return undo


def _tail(root: Any, document: Any) -> tuple[Any, list[Any]] | None:
    """The second-to-last clause (or the heading right before it) and the blocks after it, in one parent."""
    clauses = _clauses(document)
    return _tail_from(root, clauses[-2][0]) if len(clauses) >= 2 else None


def _tail_from(root: Any, target: Any) -> tuple[Any, list[Any]] | None:
    """`target` (or the heading right before it) and the blocks after it in its parent."""
    parent = next((p for p in root.iter() if any(child is target for child in p)), None)
    if parent is None:
        return None
    siblings = list(parent)
    position = next(i for i, child in enumerate(siblings) if child is target)
    if position > 0 and siblings[position - 1].tag in _HEADINGS:
        position -= 1  # the heading goes with its clause
    return siblings[position], siblings[position + 1:]


def _glued(rest: list[Any]) -> Callable[[], None]:
    """No break before any of `rest`, and none inside what is not a clause (a clause may split between lines)."""
    return _styled([(element, "break-before:avoid" if is_clause(element) else "break-before:avoid;break-inside:avoid")
                    for element in rest])


def _lines(document: Any, element: Any) -> int:
    """How many lines the boxes of `element` hold, over all pages."""
    return sum(1 for page in document.pages for box in _walk(_content(page))
               if type(box).__name__ == "LineBox" and getattr(box, "element", None) is element)


def _left_behind(document: Any, start: Any) -> float | None:
    """The part of the second-to-last page left empty if everything from `start` on moved to the last page;
    None when `start` is not on that page."""
    found = _first_box(document, start)
    if found is None or found[0] != len(document.pages) - 2:
        return None
    page_box = document.pages[found[0]]._page_box
    return float((page_box.content_box_y() + page_box.height - found[1].position_y) / page_box.height)


def glue_hopeless(document: Any, start: Any) -> bool:
    """Moving the second-to-last clause (from `start`, it or its heading) would leave the page before more than a
    quarter empty, and the clause is too short to split (fewer than orphans + widows lines)."""
    left = _left_behind(document, start)
    return left is not None and left > limit(document) and _lines(document, _clauses(document)[-2][0]) < 6


def _glue(root: Any, document: Any) -> Callable[[], None] | None:
    """No break after the start of the second-to-last clause except between its own lines (unless hopeless)."""
    tail = _tail(root, document)
    if tail is None or glue_hopeless(document, tail[0]):
        return None
    return _glued(tail[1])


def _first_box(document: Any, element: Any) -> tuple[int, Any] | None:
    """The page index and the first box of `element` in the layout."""
    for index, page in enumerate(document.pages):
        for box in _walk(_content(page)):
            if getattr(box, "element", None) is element:
                return index, box
    return None


def _break(root: Any, document: Any) -> Callable[[], None] | None:
    """A page break before the second-to-last clause (or its heading), unless the first layout already shows
    that it would leave more than a quarter of the page before it empty (no layout is spent on it then)."""
    tail = _tail(root, document)
    left = None if tail is None else _left_behind(document, tail[0])
    if tail is None or left is None or left > limit(document):
        return None
    return _styled([(tail[0], "break-before:page")])


_CLOSER = {"kzp-sign": (.6, None), "kzp-rep": (.4, None), "kzp-fill": (.35, .35), "kzp-fill-title": (.3, .1),
           "kzp-received": (.5, None)}
"""Closer margins of the signature block's parts, as (top, bottom) in em; None leaves that margin as it was."""


def _closer_style(name: str) -> str:
    top, bottom = _CLOSER[name]
    return f"margin-top:{top}em" + ("" if bottom is None else f";margin-bottom:{bottom}em")


def _spaced(element: Any) -> bool:
    return any(name in _CLOSER for name in (element.get("class") or "").split())


def _saved(box: Any) -> float:
    """How much closer lines would take off this box's margins (at most; collapsing may take less)."""
    element = getattr(box, "element", None)
    names = [name for name in (element.get("class") or "").split() if name in _CLOSER] if element is not None else []
    if not names or type(box).__name__ == "LineBox":
        return 0.0
    top, bottom = _CLOSER[names[-1]]
    size = float(box.style["font_size"])
    saved = max(0.0, float(box.margin_top) - top * size)
    return saved + (max(0.0, float(box.margin_bottom) - bottom * size) if bottom is not None else 0.0)


def _tighten(root: Any, document: Any) -> Callable[[], None] | None:
    """Closer signature lines, so that the tail of a signature block joins the page before it."""
    changes = [(element, _closer_style(name)) for element in root.iter()
               for name in (element.get("class") or "").split() if name in _CLOSER]
    return _styled(changes) if changes else None


def tighten_hopeless(document: Any) -> bool:
    """The last page's lines could not join the page before even with the closer margins taken off in full."""
    last, before = document.pages[-1], document.pages[-2]
    saved = sum(_saved(box) for page in (before, last) for box in _walk(_content(page))
                if getattr(box, "element", None) is not None and _spaced(box.element))
    room = before._page_box.height - _used(before)
    return bool(_used(last) > room + saved)


def _tighten_alone(root: Any, document: Any) -> Callable[[], None] | None:
    """Closer signature lines alone, unless hopeless."""
    return None if tighten_hopeless(document) else _tighten(root, document)


def _tree_glue(root: Any) -> Callable[[], None] | None:
    """The glue of `_glue`, found in the element tree before any layout (its clauses are the layout's)."""
    clauses = [element for element in root.iter() if is_clause(element)]
    tail = _tail_from(root, clauses[-2]) if len(clauses) >= 2 else None
    return None if tail is None else _glued(tail[1])


def lay_out(root: Any, render: Callable[[], Any], *, form: bool = False) -> Any:
    """The layout to print of the element tree `root` (`render()` lays it out as it stands).

    The first layout already has the end of the document glued to its second-to-last clause: where the
    clauses fall well without it, the glue changes nothing (no break was wanted after that clause's start);
    where they would not, it is the re-layout `settle` would try first, so most documents are laid out once.
    Only when the glued layout fails (too empty a page before the last) is the document laid out plain and
    handed to `settle`. A signed form may leave a third of that page empty, others a quarter.
    """
    undo = _tree_glue(root)
    if undo is None:
        return settle(render(), root, render)
    glued = render()
    allowed = MAX_EMPTY_BEFORE_SIGNATURES if form else MAX_EMPTY
    if _fine(glued) and emptiest(glued) <= allowed:
        return glued
    undo()
    plain = render()
    return settle(plain, root, render, glued=limit(plain) <= allowed)


def settle(document: Any, root: Any, render: Callable[[], Any], *, glued: bool = False) -> Any:
    """`document` (laid out from the element tree `root`), or a re-layout whose last page holds two clauses
    and whose other pages are at most a quarter empty; `render()` lays `root` out again. `glued`: the glue
    alone was laid out already and failed."""
    if _fine(document):
        return document
    # Closer signature lines help only when the last page holds nothing but signature lines.
    tries: tuple[tuple[Callable[[Any, Any], Callable[[], None] | None], ...], ...] = (
        () if glued else ((_glue,),)) + ((_break,), (_tighten, _glue))
    if last_page_clauses(document) == 0:
        tries = ((_tighten_alone,), *tries)
    spent = 0
    for changes in tries:
        if spent == MAX_RELAYOUTS:
            break
        undos = [undo for change in changes if (undo := change(root, document)) is not None]
        if len(undos) < len(changes):
            for undo in undos:
                undo()
            continue
        candidate = render()
        spent += 1
        if _fine(candidate) and emptiest(candidate) <= limit(document):
            return candidate
        for undo in reversed(undos):
            undo()
    return document
