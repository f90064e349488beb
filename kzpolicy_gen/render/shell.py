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


@cache
def web_css() -> str:
    """kzp.css for the web: inside `@layer kzp`, every declaration but the custom properties `!important`.

    Why: a host rule like `#content p {text-align: justify !important}` outranks any scoped selector,
    but an unlayered `!important` loses to a layered one; the custom properties stay normal, so a
    host's `.kzp-doc {--kzp-accent: …}` still themes the document. The PDF uses kzp.css as it is.
    """
    import tinycss2

    source = asset_text("kzp.css")
    head = source[: source.index("*/") + 2] if source.startswith("/*") else ""
    rules = tinycss2.parse_stylesheet(source, skip_comments=True, skip_whitespace=True)
    return f"{head}\n@layer kzp{{{_important_rules(rules)}}}\n"


def _important_rules(rules: list[Any]) -> str:
    import tinycss2

    out = []
    for rule in rules:
        prelude = tinycss2.serialize(rule.prelude).strip()
        if rule.type == "at-rule":
            inner = tinycss2.parse_rule_list(rule.content or [], skip_comments=True, skip_whitespace=True)
            out.append(f"@{rule.at_keyword} {prelude}{{{_important_rules(inner)}}}")
        elif rule.type == "qualified-rule":
            declarations = tinycss2.parse_declaration_list(rule.content, skip_comments=True, skip_whitespace=True)
            body = ";".join(
                f"{d.name}:{tinycss2.serialize(d.value).strip()}"
                + ("" if d.name.startswith("--") else "!important")
                for d in declarations if d.type == "declaration")
            out.append(f"{prelude}{{{body}}}")
    return "\n".join(out)


def render_page(template: str, lang: str, **values: Any) -> str:
    """Render an `assets/*.html.j2` page that extends the shell; every value is escaped unless `Markup`.

    The styles are the web stylesheet unless `css` is given (the PDF passes plain kzp.css).
    """
    css = values.pop("css", None) or Markup(web_css())
    return _env().get_template(template).render(lang=lang, css=css, **values)


def index_page(lang: str, title: str, head: list[str], rows: list[list[Cell]],
               tables: tuple[tuple[str, list[str], list[list[Cell]]], ...] = ()) -> str:
    """A self-contained table page (inline CSS, no scripts, no external requests); `tables` are further
    (heading, column heads, rows) below the first."""
    return render_page("index.html.j2", lang, title=title, head=head, rows=rows, tables=tables)
