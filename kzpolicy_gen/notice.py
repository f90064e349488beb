"""Change notices for data subjects (ru/kk/en): what changes, from when, what they may do and, when the
law requires it, the request for new consent; rendered through the same wording, writers and atomic
publication as every document (`diff --notice DIR`).
"""

from __future__ import annotations

import json
from pathlib import Path

from kzpolicy_gen.build import write_texts
from kzpolicy_gen.diff import Comparison, change_line
from kzpolicy_gen.errors import Issue, UsageError
from kzpolicy_gen.output import publish
from kzpolicy_gen.plan.notice import plan_notice
from kzpolicy_gen.render import text as fmt
from kzpolicy_gen.render.context import language_view
from kzpolicy_gen.render.wording import RenderedText, environment, render_markdown
from kzpolicy_gen.writers import Renderer, WriteContext


def notice_texts(comparison: Comparison, languages: list[str] | None = None,
                 templates: Path | None = None) -> list[RenderedText]:
    """The notice's Markdown in every language of the new version (or those asked)."""
    profile = comparison.new.profile
    if profile is None:
        raise UsageError([Issue("notice-needs-profile", "a change notice names the operator and its contacts, so "
                                "NEW must be a profile or profile.yaml@REV, not a built folder",
                                comparison.new.label)])
    plan = plan_notice(comparison)
    old = comparison.old
    langs = [lang for lang in profile.document.languages if languages is None or lang in languages]
    env = environment(templates)
    texts = []
    for lang in langs:
        changed = {c.doc_id for c in comparison.clauses if c.lang == lang and c.node_id != "title"}
        changed |= {d for d, lg in comparison.documents_added if lg == lang}
        titles = [text.title for (d, lg), text in comparison.new.texts.items() if lg == lang and d in changed]
        view = {**language_view(profile, lang), "documents": [plan.id], "notice": {
            "consent_changes": [change_line(c, lang) for c in comparison.changes if c.consent],
            "other_changes": [change_line(c, lang) for c in comparison.changes
                              if not c.consent and c.kind != "text_changed"],
            "documents": titles,
            "previous": {"version": old.version, "effective_date": _long_date(lang, old.effective_date)},
        }}
        texts.append(render_markdown(plan, view, env))
    return texts


def _long_date(lang: str, iso: str) -> str:
    from datetime import date

    try:
        return fmt.long_date(lang, date.fromisoformat(iso))
    except ValueError:
        return iso


def notice_files(comparison: Comparison, formats: list[str], languages: list[str] | None = None,
                 templates: Path | None = None, pdf_renderer: Renderer | None = None) -> dict[str, bytes]:
    """`<lang>/change-notice.<ext>` in each format (the writers of `build`), plus `notice.json`."""
    texts = notice_texts(comparison, languages, templates)
    profile = comparison.new.profile
    assert profile is not None  # notice_texts refused otherwise
    context = WriteContext(profile, tuple(text.lang for text in texts),
                           stand_ins={"pdf": pdf_renderer} if pdf_renderer else {})
    files = write_texts(texts, context, formats)
    summary = {"old_version": comparison.old.version, "new_version": comparison.new.version,
               "effective_date": comparison.new.effective_date, "requires_consent": comparison.requires_consent,
               "languages": [text.lang for text in texts], "formats": formats}
    files["notice.json"] = (json.dumps(summary, ensure_ascii=False, indent=2) + "\n").encode("utf-8")
    return files


def write_notice(comparison: Comparison, out: Path, formats: list[str], languages: list[str] | None = None,
                 templates: Path | None = None) -> list[Path]:
    """Write the notice into `out`, all files at once."""
    return publish(notice_files(comparison, formats, languages, templates), out)
