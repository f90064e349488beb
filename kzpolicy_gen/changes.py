"""The change report of a portfolio build: which client × document × language changed since the last build.

Why: after a law-pack or wording update an agency rebuilds 40 clients and must re-publish exactly the pages
whose text changed, no more and no fewer. Each client's build compares its text hashes with the manifest it
replaced (computed in the worker, from data it already holds); the portfolio writes `DIR/changes.json` and
`DIR/changes.html`, each only when it differs from the file there, so a no-change run after a no-change run
makes two small texts, compares them and writes nothing.
"""

from __future__ import annotations

import json
from typing import TYPE_CHECKING, Any

from markupsafe import Markup

if TYPE_CHECKING:
    from kzpolicy_gen.portfolio_index import Outcome


def text_changes(previous: dict[str, Any] | None, current: dict[str, Any]) -> list[dict[str, str]]:
    """Documents × languages whose published text differs from the previous build's: `changed`, `added` (also
    everything of a first build) or `removed`; in document order, then language order."""
    def hashes(manifest: dict[str, Any] | None) -> dict[tuple[str, str], str]:
        table = manifest.get("text_sha256") if isinstance(manifest, dict) else None
        if not isinstance(table, dict):
            return {}
        return {(str(doc), str(lang)): str(sha) for doc, langs in table.items() if isinstance(langs, dict)
                for lang, sha in langs.items()}

    before, after = hashes(previous), hashes(current)
    unknown = isinstance(previous, dict) and not before  # a build from before text hashes were recorded
    out = []
    for key, sha in after.items():
        if key not in before:
            out.append({"document": key[0], "language": key[1], "change": "changed" if unknown else "added"})
        elif before[key] != sha:
            out.append({"document": key[0], "language": key[1], "change": "changed"})
    out += [{"document": doc, "language": lang, "change": "removed"} for doc, lang in before
            if (doc, lang) not in after]
    return out


def report_json(outcomes: list[Outcome]) -> str:
    """changes.json: every client with its status, version and text changes of this run."""
    clients = [{"client": o.slug, "operator": o.operator, "status": o.status, "document_version": o.document_version,
                "changes": o.changes} for o in outcomes]
    data = {"changed_clients": sum(1 for o in outcomes if o.changes),
            "changed_documents": sum(len(o.changes) for o in outcomes), "clients": clients}
    return json.dumps(data, ensure_ascii=False, indent=2) + "\n"


def report_html(outcomes: list[Outcome], lang: str | None = None) -> str:
    """changes.html: one row per changed client × document × language, linking to the page to re-publish."""
    from kzpolicy_gen import catalogue
    from kzpolicy_gen.languages import ui_language
    from kzpolicy_gen.render.shell import Cell, index_page

    lang = ui_language(lang)
    ui = {key: value[lang] for key, value in catalogue.ui().items() if isinstance(value, dict) and lang in value}
    rows = []
    for outcome in outcomes:
        for change in outcome.changes:
            target = f"{outcome.slug}/{change['language']}/{change['document']}.{outcome.link_format}"
            link = (Cell(change["document"]) if change["change"] == "removed" or not outcome.link_format else
                    Cell(Markup('<a href="{}">{}</a>').format(target, change["document"])))
            name = outcome.operator or outcome.slug
            client = Markup('<a href="{}/index.html">{}</a> ({})').format(outcome.slug, name, outcome.slug)
            rows.append([Cell(client), link, Cell(change["language"]),
                         Cell(ui[f"change_{change['change']}"]), Cell(outcome.document_version)])
    head = [ui["client"], ui["document"], ui["languages"], ui["change"], ui["version"]]
    title = f"{ui['changes_title']} ({len(rows)})"
    return index_page(lang, title, head, rows)
