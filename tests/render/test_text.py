from __future__ import annotations

import html
from datetime import date

import markdown
from hypothesis import given, settings
from hypothesis import strategies as st

from kzpolicy_gen.render.text import long_date, md_escape, working_days

SAFE_TEXT = st.text(st.characters(blacklist_categories=("Cc", "Cs", "Cf", "Co", "Cn", "Zl", "Zp")), min_size=1,
                    max_size=80).map(str.strip).filter(bool)


@settings(max_examples=400, deadline=None)
@given(SAFE_TEXT)
def test_escaped_value_renders_as_exactly_its_text(value: str) -> None:
    rendered = markdown.markdown(md_escape(value), extensions=["tables", "sane_lists"])
    assert rendered.startswith("<p>") and rendered.endswith("</p>")
    inner = rendered[3:-4]
    assert "<" not in inner.replace("&lt;", "")
    assert html.unescape(inner) == value.strip() or html.unescape(inner).split() == value.split()


def test_markup_and_template_syntax_are_inert() -> None:
    escaped = md_escape("[x](javascript:alert(1)) <script> {{ 7*7 }} {% x %} # y")
    assert "{{" not in escaped and "{%" not in escaped and "<" not in escaped
    out = markdown.markdown(escaped)
    assert "<a" not in out and "<script" not in out


def test_deadlines_and_dates_per_language() -> None:
    assert working_days("ru", 15) == "15 (пятнадцати)\u00a0рабочих дней"
    assert working_days("ru", 1) == "1 (одного)\u00a0рабочего дня"
    assert working_days("kk", 15) == "15 (он бес)\u00a0жұмыс күні"
    assert working_days("en", 1) == "1 (one)\u00a0working day"
    assert long_date("kk", date(2026, 11, 22)) == "2026 жылғы 22 қараша"
    assert long_date("ru", date(2026, 11, 22)) == "22 ноября 2026 года"
