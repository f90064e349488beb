"""The portfolio's index.html: one row per client, for the agency (not for publishing)."""

from __future__ import annotations

from typing import TYPE_CHECKING

from markupsafe import Markup

from kzpolicy_gen import catalogue as cat
from kzpolicy_gen.languages import ui_language
from kzpolicy_gen.render.shell import Cell, index_page

if TYPE_CHECKING:
    from kzpolicy_gen.portfolio import Outcome


def index_html(outcomes: list[Outcome], lang: str | None = None) -> str:
    """A self-contained page (inline CSS, no scripts, no external requests); every value escaped."""
    lang = ui_language(lang)
    ui = {key: value[lang] for key, value in cat.ui().items() if isinstance(value, dict) and lang in value}
    head = [ui["client"], ui["profile_file"], ui["status"], ui["findings"], ui["law_pack"], ui["built_at"],
            ui["build_seconds"]]
    return index_page(lang, ui["portfolio_title"], head, [_row(o, ui) for o in outcomes])


def _row(outcome: Outcome, ui: dict[str, str]) -> list[Cell]:
    name = outcome.operator or outcome.slug
    client = Cell(name) if outcome.status == "failed" else Cell(
        Markup('<a href="{}/index.html">{}</a>').format(outcome.slug, name))
    if outcome.status == "failed":
        findings = f"{len(outcome.issues)} × " + (outcome.issues[0].code if outcome.issues else "?")
    else:
        counts = outcome.findings
        findings = f"{counts.get('error', 0)} / {counts.get('warning', 0)} / {counts.get('info', 0)}"
    status = ui.get(f"status_{outcome.status}", outcome.status)
    cells = [outcome.profile.rsplit("/", 1)[-1], status, findings, outcome.law_pack or "—", outcome.built_at or "—",
             f"{outcome.seconds:.2f}"]
    return [client, *map(Cell, cells)]
