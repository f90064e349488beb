"""The build: profile → plans → text per language → formats → files, in that order.

`build_profile` renders every file in memory and only then publishes them, so a failure at any
stage leaves the output folder as it was.
"""

from __future__ import annotations

import hashlib
import json
import os
from collections.abc import Callable
from dataclasses import dataclass, field
from datetime import UTC, datetime
from pathlib import Path
from typing import Any

from kzpolicy_gen import __version__
from kzpolicy_gen import catalogue as cat
from kzpolicy_gen.errors import Issue, KzPolicyError, ProfileError, UsageError
from kzpolicy_gen.inputs import (
    build_inputs,
    build_options,
    previous_pdfs,
    read_manifest,
    reuse_pdf,
    source_key,
    up_to_date,
)
from kzpolicy_gen.loader import LoadedYaml
from kzpolicy_gen.models.profile import Profile
from kzpolicy_gen.options import FORMATS, parse_list, ui_language
from kzpolicy_gen.output import check_output_dir, publish
from kzpolicy_gen.plan.planner import DocumentPlan, plan_documents
from kzpolicy_gen.register import register_json
from kzpolicy_gen.render import html as html_render
from kzpolicy_gen.render.context import language_view
from kzpolicy_gen.render.wording import RenderedText, environment, render_markdown
from kzpolicy_gen.rules import Finding, check
from kzpolicy_gen.validate import load_profile_located, mixed_script_warnings, path_key


@dataclass
class BuildResult:
    """What a build produced: files written (in order) and the manifest."""

    out: Path
    files: list[Path] = field(default_factory=list)
    manifest: dict[str, Any] = field(default_factory=dict)
    findings: list[Finding] = field(default_factory=list)
    warnings: list[Issue] = field(default_factory=list)
    status: str = "built"
    pdf_rendered: int = 0
    pdf_reused: int = 0


@dataclass
class PdfStep:
    """Prints pages to PDF, reusing a previous PDF whose page and toolchain are unchanged (and counting both)."""

    epoch: int
    renderer: Callable[[str, str], bytes] | None = None
    reuse: Callable[[str, str], bytes | None] | None = None
    sources: dict[str, str] = field(default_factory=dict)
    rendered: int = 0
    reused: int = 0

    def __call__(self, page: str, name: str) -> bytes:
        key = source_key(page, os.environ.get("SOURCE_DATE_EPOCH") or str(self.epoch))
        self.sources[name] = key
        old = self.reuse(name, key) if self.reuse is not None else None
        if old is not None:
            self.reused += 1
            return old
        self.rendered += 1
        return self.renderer(page, name) if self.renderer is not None else _default_pdf(page, name, self.epoch)


def render_texts(profile: Profile, languages: list[str], templates: Path | None = None,
                 plans: list[DocumentPlan] | None = None) -> list[RenderedText]:
    """Markdown of every applicable document in every language (documents outer, languages inner)."""
    env = environment(templates)
    plans = plan_documents(profile) if plans is None else plans
    documents = [plan.id for plan in plans]
    views = {lang: {**language_view(profile, lang), "documents": documents} for lang in languages}
    return [render_markdown(plan, views[lang], env) for plan in plans for lang in languages]


def render_files(profile: Profile, languages: list[str], formats: list[str], templates: Path | None = None,
                 pdf_renderer: Callable[[str, str], bytes] | None = None,
                 overridden: list[Finding] | None = None, *, findings: list[Finding] | None = None,
                 inputs: dict[str, Any] | None = None, pdf_step: PdfStep | None = None) -> dict[str, bytes]:
    """Every output file's bytes, keyed by its path under the output folder."""
    pdf = pdf_step or PdfStep(_epoch(profile), pdf_renderer)
    plans = plan_documents(profile)
    texts = render_texts(profile, languages, templates, plans)
    files: dict[str, bytes] = {}
    meta_base = _page_meta(profile)
    look = html_render.Presentation.of(profile)
    for text in texts:
        stem = f"{text.lang}/{text.doc_id}"
        if "md" in formats:
            files[f"{stem}.md"] = text.markdown.encode("utf-8")
        if "html" in formats or "pdf" in formats:
            body = html_render.markdown_to_html(text)
            meta = {**meta_base, "operator": profile.operator.name.get(text.lang),
                    "alternates": _alternates(text, languages)}
            if "html" in formats:
                files[f"{stem}.html"] = html_render.page_html(text, body, meta, presentation=look).encode("utf-8")
                files[f"{stem}.fragment.html"] = html_render.fragment_html(text, body, presentation=look).encode()
                files[f"{stem}.fragment-csp.html"] = html_render.fragment_html(text, body, inline_css=False,
                                                                               presentation=look).encode()
                files[f"{stem}.fragment-shadow.html"] = html_render.shadow_fragment_html(text, body, look).encode()
            if "pdf" in formats:
                page = html_render.page_html(text, body, meta, for_pdf=True, presentation=look)
                files[f"{stem}.pdf"] = pdf(page, f"{stem}.pdf")
    if "html" in formats:
        files["kzpolicy.css"] = html_render.web_css().encode("utf-8")
    files["register.json"] = register_json(profile, languages).encode("utf-8")
    files["index.html"] = _index_html(profile, texts, formats).encode("utf-8")
    record = _Record(overridden or [], findings or [], inputs, pdf.sources)
    files["manifest.json"] = _manifest(profile, plans, files, languages, formats, record).encode("utf-8")
    return files


@dataclass(frozen=True)
class _Record:
    """What the manifest records besides the files: findings, inputs, each PDF's source key."""

    overridden: list[Finding]
    findings: list[Finding]
    inputs: dict[str, Any] | None
    pdf_sources: dict[str, str]


def _default_pdf(page: str, name: str, epoch: int) -> bytes:
    from kzpolicy_gen.render.pdf import render_pdf

    return render_pdf(page, name, epoch)


def _epoch(profile: Profile) -> int:
    """The effective date as seconds since 1970 (UTC), for reproducible PDFs."""
    effective = profile.document.effective_date
    return int(datetime(effective.year, effective.month, effective.day, tzinfo=UTC).timestamp())


def _page_meta(profile: Profile) -> dict[str, Any]:
    return {"keywords": "personal data, Law 94-V, Kazakhstan", "date": profile.document.effective_date.isoformat(),
            "doc_version": profile.document.version, "effective": profile.document.effective_date}


def _alternates(text: RenderedText, languages: list[str]) -> list[dict[str, str]]:
    ui = cat.ui()
    return [{"lang": lang, "href": f"../{lang}/{text.doc_id}.html", "name": ui["language_name"][lang]}
            for lang in languages if lang != text.lang]


def _index_html(profile: Profile, texts: list[RenderedText], formats: list[str]) -> str:
    from markupsafe import escape

    ui = cat.ui()
    first = texts[0].lang if texts else "ru"
    rows = []
    for text in texts:
        links = " ".join(
            f'<a href="{text.lang}/{text.doc_id}.{ext}">{ext.upper()}</a>'
            for ext in ("html", "pdf", "md") if ext in formats
        )
        rows.append(f"<tr><td lang=\"{text.lang}\">{escape(text.title)}</td><td>{ui['language_name'][text.lang]}</td>"
                    f"<td>{escape(profile.document.version)}</td><td>{profile.document.effective_date.isoformat()}</td>"
                    f"<td>{links}</td></tr>")
    title = escape(f"{ui['index_title'][first]} — {profile.operator.name.get(first)}")
    css = html_render.web_css()
    return (f'<!DOCTYPE html>\n<html lang="{first}">\n<head>\n<meta charset="utf-8">\n'
            f'<meta name="viewport" content="width=device-width, initial-scale=1">\n<title>{title}</title>\n'
            f"<style>{css}</style>\n</head>\n<body>\n<div class=\"kzp-doc\" lang=\"{first}\">\n<main>\n"
            f"<h1>{title}</h1>\n<table class=\"kzp-table\"><thead><tr><th>{ui['document'][first]}</th>"
            f"<th>{ui['languages'][first]}</th><th>{ui['version'][first]}</th><th>{ui['effective'][first]}</th>"
            f"<th>{ui['documents'][first]}</th></tr></thead><tbody>\n" + "\n".join(rows)
            + "\n</tbody></table>\n</main>\n</div>\n</body>\n</html>\n")


def _manifest(profile: Profile, plans: list[DocumentPlan], files: dict[str, bytes], languages: list[str],
              formats: list[str], record: _Record) -> str:
    entries: list[dict[str, Any]] = []
    for name in sorted(files):
        lang, _, rest = name.partition("/")
        doc, _, fmt = rest.partition(".") if rest else ("", "", name.rsplit(".", 1)[-1])
        entries.append({"path": name, "language": lang if rest else None, "document": doc or None,
                        "format": fmt or name.rsplit(".", 1)[-1], "size": len(files[name]),
                        "sha256": hashlib.sha256(files[name]).hexdigest()})
        if name in record.pdf_sources:
            entries[-1]["source"] = record.pdf_sources[name]
    documents = {
        plan.id: {
            "sections": [
                {"id": sec.id, "number": sec.number,
                 "clauses": [{"id": cl.id, "number": cl.number, "articles": list(cl.articles),
                              "because": [{"condition": r.condition, "fields": list(r.fields)} for r in cl.reasons]}
                             for cl in sec.clauses]}
                for sec in plan.sections
            ],
        }
        for plan in plans
    }
    manifest = {
        "generator": f"kzpolicy-gen {__version__}",
        "law_pack": cat.lawpack()["version"],
        "operator": profile.operator.name.get(languages[0]),
        "document_version": profile.document.version,
        "effective_date": profile.document.effective_date.isoformat(),
        "languages": languages,
        "formats": formats,
        "files": entries,
        "documents": documents,
        "findings": [{"rule": f.rule, "severity": f.severity, "path": f.path} for f in record.findings],
        "overridden_findings": [
            {"rule": f.rule, "severity": f.severity, "path": f.path, "articles": list(f.articles),
             "message": f.text("en")} for f in record.overridden
        ],
    }
    if record.inputs is not None:
        manifest["inputs"] = record.inputs
    return json.dumps(manifest, ensure_ascii=False, indent=2, sort_keys=False) + "\n"


def finding_issue(finding: Finding, loaded: LoadedYaml, lang: str) -> Issue:
    """A compliance finding as a located issue line."""
    line, column = loaded.locate(path_key(finding.path))
    hint = finding.hint_text(lang)
    articles = ", ".join(finding.articles)
    return Issue(finding.rule, finding.text(lang), loaded.file_at(path_key(finding.path)), line, column, finding.path,
                 f"{hint} ({articles})" if hint else articles, finding.severity)


def build_profile(profile_path: Path | str, out: Path | str, *, languages: str | list[str] | None = None,
                  formats: str | list[str] | None = None, templates: Path | None = None,
                  allow_errors: bool = False, force: bool = False,
                  pdf_renderer: Callable[[str, str], bytes] | None = None) -> BuildResult:
    """Validate, check and build one profile into `out`. Raises a `KzPolicyError` on any problem.

    Incremental unless `force`: when nothing the previous build in `out` came from has changed, no
    file is touched (status "unchanged"); otherwise PDFs whose page is unchanged are reused.
    """
    out_dir, source = Path(out), Path(profile_path)
    check_output_dir(out_dir)
    requested_langs = parse_list(languages, cat.LANGUAGES, "language")
    wanted_formats = parse_list(formats, FORMATS, "format")
    options = build_options(requested_langs, wanted_formats, allow_errors)
    if not force:
        old = up_to_date(source, out_dir, options, templates)
        if old is not None:
            return BuildResult(out_dir, [], old, status="unchanged")
    profile, loaded = load_profile_located(source)
    findings = check(profile)
    errors = [f for f in findings if f.severity == "error"]
    if errors and not allow_errors:
        raise ProfileError([finding_issue(f, loaded, ui_language()) for f in errors])
    wanted_langs: list[str] = [lang for lang in requested_langs if lang in profile.document.languages]
    if not wanted_langs:
        raise UsageError([Issue("usage", "none of the requested languages is in document.languages",
                                str(profile_path))])
    previous = {} if force else previous_pdfs(out_dir, read_manifest(out_dir))
    pdf = PdfStep(_epoch(profile), pdf_renderer, lambda name, key: reuse_pdf(out_dir, previous, name, key))
    files = render_files(profile, wanted_langs, wanted_formats, templates, overridden=errors, findings=findings,
                         inputs=build_inputs(loaded, options, templates), pdf_step=pdf)
    written = publish(files, out_dir)
    return BuildResult(out_dir, written, json.loads(files["manifest.json"]), findings,
                       mixed_script_warnings(loaded), pdf_rendered=pdf.rendered, pdf_reused=pdf.reused)


__all__ = ["FORMATS", "BuildResult", "KzPolicyError", "build_profile", "render_files", "render_texts"]
