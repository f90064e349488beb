"""The one page shell (`assets/shell.html.j2`) of every HTML page the tool writes: a document page,
the build's index and the portfolio's index share its head, styles and Content-Security-Policy.

Kept apart from `render/html.py` so that writing an index does not import Markdown and the sanitiser.
"""

from __future__ import annotations

from dataclasses import dataclass
from functools import cache
from typing import Any

import jinja2
from markupsafe import Markup

from kzpolicy_gen.packaged import asset_text


@dataclass(frozen=True)
class Cell:
    """One table cell of an index page: text (escaped) or `Markup` (our own link), optionally its language."""

    html: str
    lang: str | None = None


@cache
def _env() -> jinja2.Environment:
    return jinja2.Environment(loader=jinja2.FunctionLoader(asset_text), autoescape=True,
                              undefined=jinja2.StrictUndefined, keep_trailing_newline=True)


def render_page(template: str, lang: str, **values: Any) -> str:
    """Render an `assets/*.html.j2` page that extends the shell; every value is escaped unless `Markup`."""
    return _env().get_template(template).render(lang=lang, css=Markup(asset_text("kzp.css")), **values)


def index_page(lang: str, title: str, head: list[str], rows: list[list[Cell]]) -> str:
    """A self-contained table page (inline CSS, no scripts, no external requests)."""
    return render_page("index.html.j2", lang, title=title, head=head, rows=rows)
