"""The portfolio's index.html: one row per client, for the agency (not for publishing)."""

from __future__ import annotations

from typing import TYPE_CHECKING

from markupsafe import escape

from kzpolicy_gen import catalogue as cat
from kzpolicy_gen.options import ui_language
from kzpolicy_gen.packaged import asset_text

if TYPE_CHECKING:
    from kzpolicy_gen.portfolio import Outcome


def index_html(outcomes: list[Outcome], lang: str | None = None) -> str:
    """A self-contained page (inline CSS, no scripts, no external requests); every value escaped."""
    lang = ui_language(lang)
    ui = {key: value[lang] for key, value in cat.ui().items() if isinstance(value, dict) and lang in value}
    head = [ui["client"], ui["profile_file"], ui["status"], ui["findings"], ui["law_pack"], ui["built_at"],
            ui["build_seconds"]]
    rows = "\n".join(_row(o, ui) for o in outcomes)
    title = escape(ui["portfolio_title"])
    return (f'<!DOCTYPE html>\n<html lang="{lang}">\n<head>\n<meta charset="utf-8">\n'
            f'<meta name="viewport" content="width=device-width, initial-scale=1">\n'
            f"<meta http-equiv=\"Content-Security-Policy\" content=\"default-src 'none'; style-src 'unsafe-inline'\">\n"
            f"<title>{title}</title>\n<style>{asset_text('kzp.css')}</style>\n</head>\n<body>\n"
            f'<div class="kzp-doc" lang="{lang}">\n<main>\n<h1>{title}</h1>\n<table class="kzp-table"><thead><tr>'
            + "".join(f"<th>{escape(h)}</th>" for h in head) + "</tr></thead><tbody>\n" + rows
            + "\n</tbody></table>\n</main>\n</div>\n</body>\n</html>\n")


def _row(outcome: Outcome, ui: dict[str, str]) -> str:
    name = escape(outcome.operator or outcome.slug)
    client = name if outcome.status == "failed" else f'<a href="{escape(outcome.slug)}/index.html">{name}</a>'
    if outcome.status == "failed":
        findings = escape(f"{len(outcome.issues)} × " + (outcome.issues[0].code if outcome.issues else "?"))
    else:
        counts = outcome.findings
        findings = escape(f"{counts.get('error', 0)} / {counts.get('warning', 0)} / {counts.get('info', 0)}")
    status = escape(ui.get(f"status_{outcome.status}", outcome.status))
    cells = [client, escape(outcome.profile.rsplit("/", 1)[-1]), status, findings, escape(outcome.law_pack or "—"),
             escape(outcome.built_at or "—"), f"{outcome.seconds:.2f}"]
    return "<tr>" + "".join(f"<td>{cell}</td>" for cell in cells) + "</tr>"
