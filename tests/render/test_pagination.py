"""The orphan guard (render/pagination.py): what it lays out again, and what it does not try at all."""

from __future__ import annotations

from typing import Any

import pytest

from kzpolicy_gen.render import pagination
from kzpolicy_gen.render.pdf import assets_root

pytest.importorskip("weasyprint")

CSS = (assets_root() / "print.css").read_text(encoding="utf-8")


def _page(body: str) -> str:
    return (f'<!DOCTYPE html><html lang="en"><head><meta charset="utf-8"><style>{CSS}</style></head>'
            f'<body><div class="kzp-doc"><main>{body}</main></div></body></html>')


def _clause(number: str, words: int) -> str:
    return f"<p><strong>{number}.</strong> " + " ".join(["word"] * words) + "</p>"


def _settle(page: str) -> tuple[Any, Any, int]:
    """The first layout, the guard's choice, and how many more layouts the guard asked for."""
    from weasyprint import HTML

    from kzpolicy_gen.render.pdf import VIRTUAL_BASE, _fetcher_class, font_config

    html = HTML(string=page, base_url=VIRTUAL_BASE, url_fetcher=_fetcher_class()(assets_root()))
    first = html.render(font_config=font_config())
    calls = []

    def render() -> Any:
        calls.append(1)
        return html.render(font_config=font_config())

    return first, pagination.settle(first, html.etree_element, render), len(calls)


def test_a_lone_last_clause_is_joined_by_the_one_before() -> None:
    # 1.1-1.N fill page one; the last clause alone spills onto page two.
    for count in range(2, 40):
        body = "".join(_clause(f"1.{i}", 60) for i in range(1, count)) + _clause(f"1.{count}", 20)
        first, chosen, layouts = _settle(_page(body))
        if len(first.pages) == 2 and pagination.last_page_clauses(first) == 1:
            break
    else:
        pytest.fail("no clause count left a single clause on page two")
    assert 1 <= layouts <= pagination.MAX_RELAYOUTS
    assert len(chosen.pages) == 2 and pagination.last_page_clauses(chosen) >= 2
    assert pagination.emptiest(chosen) <= pagination.MAX_EMPTY


def test_tries_skipped_as_hopeless_would_have_been_rejected(monkeypatch: pytest.MonkeyPatch) -> None:
    """The guard skips a try the first layout shows to be hopeless (glue or a page break leaving the page before
    more than a quarter empty, closer lines that could not lift the last page). Over documents whose tail is a
    signature block of growing size, it chooses the same pages as a guard that tries everything, with fewer
    layouts."""
    def case(lines: int) -> str:
        sign = ('<div class="kzp-sign"><p class="kzp-fill">Name: ______</p><div class="kzp-received">'
                + "".join(f"<p>Mark {i}: ______</p>" for i in range(lines)) + "</div></div>")
        return _page("".join(_clause(f"1.{i}", 60) for i in range(1, 8)) + _clause("1.8", 10) + sign)

    def outcome(document: Any) -> tuple[int, int, bool]:
        return (len(document.pages), pagination.last_page_clauses(document),
                pagination.emptiest(document) <= pagination.MAX_EMPTY)

    cases = [case(lines) for lines in range(4, 30, 3)]
    predicted = [_settle(page) for page in cases]
    with monkeypatch.context() as patch:
        patch.setattr(pagination, "glue_hopeless", lambda document, start: False)
        patch.setattr(pagination, "tighten_hopeless", lambda document: False)
        tried = [_settle(page) for page in cases]
    assert [outcome(chosen) for _, chosen, _ in predicted] == [outcome(chosen) for _, chosen, _ in tried]
    signature_only = [i for i, (first, _, _) in enumerate(predicted) if pagination.last_page_clauses(first) == 0]
    assert signature_only, "no case left only signature lines on the last page"
    assert sum(n for _, _, n in predicted) < sum(n for _, _, n in tried)


def test_the_first_layout_is_already_glued_so_a_lone_last_clause_costs_no_second() -> None:
    """`lay_out` glues the end to the second-to-last clause before laying out: a document whose last clause
    would stand alone is laid out once, and one whose clauses fall well is laid out once and unchanged."""
    from weasyprint import HTML

    from kzpolicy_gen.render.pdf import VIRTUAL_BASE, _fetcher_class, font_config

    def once(page: str) -> tuple[Any, int]:
        html = HTML(string=page, base_url=VIRTUAL_BASE, url_fetcher=_fetcher_class()(assets_root()))
        calls = []

        def render() -> Any:
            calls.append(1)
            return html.render(font_config=font_config())

        return pagination.lay_out(html.etree_element, render), len(calls)

    lone = "".join(_clause(f"1.{i}", 60) for i in range(1, 9)) + _clause("1.9", 20)
    plain = HTML(string=_page(lone)).render()
    assert len(plain.pages) == 2 and pagination.last_page_clauses(plain) == 1
    document, layouts = once(_page(lone))
    assert layouts == 1 and pagination.last_page_clauses(document) >= 2
    assert pagination.emptiest(document) <= pagination.MAX_EMPTY
    fine = "".join(_clause(f"1.{i}", 60) for i in range(1, 12))
    document, layouts = once(_page(fine))
    unglued = HTML(string=_page(fine)).render()
    assert layouts == 1 and [len(p._page_box.children) for p in document.pages] == [
        len(p._page_box.children) for p in unglued.pages] and len(document.pages) == len(unglued.pages)
    assert pagination.last_page_clauses(document) == pagination.last_page_clauses(unglued) >= 2
