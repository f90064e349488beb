"""The portfolio's index.html: one row per client, for the agency (not for publishing)."""

from __future__ import annotations

from dataclasses import dataclass, field

from markupsafe import Markup

from kzpolicy_gen import catalogue
from kzpolicy_gen.errors import Issue
from kzpolicy_gen.languages import ui_language
from kzpolicy_gen.render.shell import Cell, index_page


@dataclass
class Outcome:
    """What happened to one profile: a row of the index and an entry of portfolio.json."""

    profile: str
    slug: str
    status: str  # "built" | "unchanged" | "failed"
    operator: str = ""
    files: int = 0
    documents: int = 0
    findings: dict[str, int] = field(default_factory=dict)
    law_pack: str = ""
    seconds: float = 0.0
    issues: list[Issue] = field(default_factory=list)
    pdf_rendered: int = 0
    pdf_reused: int = 0
    worker: int = 0
    peak_rss_mib: float = 0.0
    built_at: str = ""
    law_pack_pinned: str = ""
    """The law pack the profile was reviewed against (`document.law_pack`), when it names one."""
    document_version: str = ""
    changes: list[dict[str, str]] = field(default_factory=list)
    """Documents × languages whose text changed in this run (changes.py)."""
    link_format: str = ""
    """The format the change report links to (html, else md; none when neither was built)."""


def index_html(outcomes: list[Outcome], lang: str | None = None) -> str:
    """A self-contained page (inline CSS, no scripts, no external requests); every value escaped."""
    lang = ui_language(lang)
    ui = {key: value[lang] for key, value in catalogue.ui().items() if isinstance(value, dict) and lang in value}
    head = [ui["client"], ui["profile_file"], ui["status"], ui["findings"], ui["law_pack"], ui["built_at"],
            ui["build_seconds"]]
    changed = [[Cell(o.operator or o.slug), Cell(str(len(o.changes)))] for o in outcomes if o.changes]
    if changed:  # the change report of this run (changes.py), one line per client, the page linked below
        changed.append([Cell(Markup('<a href="changes.html">changes.html</a>')), Cell(str(sum(
            len(o.changes) for o in outcomes)))])
    tables = ((ui["changes_title"], [ui["client"], ui["changed_documents"]], changed),) if changed else ()
    return index_page(lang, ui["portfolio_title"], head, [_row(o, ui) for o in outcomes], tables)


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
    cells = [outcome.profile.rsplit("/", 1)[-1], status, findings, _law_pack(outcome, ui), outcome.built_at or "—",
             f"{outcome.seconds:.2f}"]
    return [client, *map(Cell, cells)]


def _law_pack(outcome: Outcome, ui: dict[str, str]) -> str:
    """The client's pinned law pack when its profile names one (with the pack it was built with, if another),
    else the pack it was built with."""
    used, pinned = outcome.law_pack, outcome.law_pack_pinned
    if not pinned:
        return used or "—"
    return pinned if not used or used == pinned else f"{pinned} ({ui['law_pack_built_with']} {used})"
