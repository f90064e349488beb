"""The build: profile → plans → text per language → formats → files, in that order.

`build_profile` renders every file in memory and only then publishes them, so a failure at any
stage leaves the output folder as it was. Orchestration only: each step lives in its own module
(plan/, render/, writers/ via formats.py, manifest.py, inputs.py, output.py).
"""

from __future__ import annotations

import dataclasses
import json
from collections.abc import Callable
from dataclasses import dataclass, field
from pathlib import Path
from typing import Any

from markupsafe import Markup

from kzpolicy_gen import catalogue, consent_record
from kzpolicy_gen.archive import Archive, carry, with_history
from kzpolicy_gen.changes import text_changes
from kzpolicy_gen.errors import Issue, KzPolicyError, ProfileError, UsageError
from kzpolicy_gen.formats import FORMATS, index_links, output_format
from kzpolicy_gen.hosted import hosted_files
from kzpolicy_gen.inputs import build_inputs, up_to_date
from kzpolicy_gen.languages import LANGUAGES, ui_language
from kzpolicy_gen.layout import stem
from kzpolicy_gen.manifest import BuildRecord, manifest_json, previous_outputs, read_manifest, reuse_output
from kzpolicy_gen.models.profile import Profile
from kzpolicy_gen.options import BuildOptions, source_date_epoch
from kzpolicy_gen.output import check_output_dir, clean_leftovers, publish
from kzpolicy_gen.overrides import check_override_folder
from kzpolicy_gen.plan.planner import DocumentPlan, plan_documents, with_pack
from kzpolicy_gen.register import pack_entries, register_json
from kzpolicy_gen.render.context import language_view
from kzpolicy_gen.render.pack_context import pack_view
from kzpolicy_gen.render.shell import Cell, index_page
from kzpolicy_gen.render.wording import RenderedText, environment, render_markdown
from kzpolicy_gen.rules import Finding, check, finding_issue
from kzpolicy_gen.validate import load_profile_located, mixed_script_warnings
from kzpolicy_gen.versions import guard, text_hashes
from kzpolicy_gen.writers import DocumentInput, Renderer, WriteContext


@dataclass
class BuildResult:
    """What a build produced: files written (in order), the manifest, and the plans it rendered."""

    out: Path
    files: list[Path] = field(default_factory=list)
    manifest: dict[str, Any] = field(default_factory=dict)
    findings: list[Finding] = field(default_factory=list)
    warnings: list[Issue] = field(default_factory=list)
    status: str = "built"
    pdf_rendered: int = 0
    pdf_reused: int = 0
    plans: list[DocumentPlan] = field(default_factory=list)
    """The document plans (empty when the build was up to date and parsed nothing): `--explain` prints them."""
    changes: list[dict[str, str]] = field(default_factory=list)
    """Documents × languages whose text differs from the build this one replaced (changes.py)."""


def render_texts(profile: Profile, languages: list[str] | tuple[str, ...], templates: Path | None = None,
                 plans: list[DocumentPlan] | None = None) -> list[RenderedText]:
    """Markdown of every applicable document in every language (documents outer, languages inner)."""
    env = environment(templates)
    plans = plan_documents(profile) if plans is None else plans
    documents = [plan.id for plan in plans if not plan.pack]
    # documents that apply but were not selected (--documents, document.build): named as text, not linked
    unbuilt = [p.id for p in plan_documents(profile, ()) if p.id not in documents and not p.pack]
    # a document built in fewer languages (document.document_languages): where a language lacks it, a link to it
    # goes to the first language that has it
    built_in = {doc: [lang for lang in profile.document.languages_for(doc) if lang in languages] for doc in documents}
    views = {lang: {**language_view(profile, lang), "documents": documents, "unbuilt": unbuilt,
                    "elsewhere": {doc: langs[0] for doc, langs in built_in.items() if langs and lang not in langs}}
             for lang in languages}
    texts = [render_markdown(plan, views[lang], env) for plan in plans if not plan.pack for lang in built_in[plan.id]]
    internal = [plan for plan in plans if plan.pack]
    if not internal:
        return texts
    # the pack: after the published texts, whose hashes (versions.text_hashes, as the manifest records
    # them) the approval order attaches; the policy is rendered for its hash when it is not selected
    policy = [t for t in texts if t.doc_id == "policy"] or [
        render_markdown(plan, views[lang], env) for plan in plan_documents(profile, ("policy",))
        if plan.id == "policy" for lang in languages]
    hashes = text_hashes(policy).get("policy", {})
    for lang in languages:
        views[lang]["pack"] = pack_view(profile, lang, views[lang], hashes, {t.lang: t.title for t in policy})
    return texts + [render_markdown(plan, views[lang], env) for plan in internal for lang in languages]


def write_texts(texts: list[RenderedText], context: WriteContext, formats: tuple[str, ...] | list[str]
                ) -> dict[str, bytes]:
    """Every format's files of these texts, then each format's shared files (one writer per format)."""
    writers = [output_format(name).writer()(context) for name in formats]
    files: dict[str, bytes] = {}
    for text in texts:
        document = DocumentInput(text, context)
        for writer in writers:
            files.update(writer.document(document))
    for writer in writers:
        files.update(writer.shared())
    return files


def render_files(profile: Profile, options: BuildOptions, *, plans: list[DocumentPlan] | None = None,
                 findings: list[Finding] | None = None, overridden: list[Finding] | None = None,
                 inputs: dict[str, Any] | None = None, context: WriteContext | None = None,
                 pdf_renderer: Renderer | None = None,
                 version_guard: Callable[[dict[str, dict[str, str]]], bool] | None = None,
                 archive: Archive | None = None) -> dict[str, bytes]:
    """Every output file's bytes, keyed by its path under the output folder (`options.languages` are built).

    Each format's writer (formats.py) makes its files; `pdf_renderer` stands in for WeasyPrint.
    `version_guard` sees each text's hash before anything is written: it raises to refuse the build, or
    returns whether changed text goes out under the same version (recorded in the manifest).
    `archive` holds the superseded versions carried into `versions/` (archive.py).
    """
    plans = plan_documents(profile) if plans is None else plans
    if context is None:
        context = WriteContext(profile, options.languages)
    if pdf_renderer is not None:
        context.stand_ins["pdf"] = pdf_renderer
    texts = render_texts(profile, options.languages, options.templates, plans)
    hashes = text_hashes(texts)
    internal = {text.doc_id for text in texts if text.pack}  # the pack is not published: no version to guard
    published = {doc: by_lang for doc, by_lang in hashes.items() if doc not in internal}
    override = version_guard(published) if version_guard is not None else False
    archive = archive or Archive()
    context.previous = {name: (archive.previous["version"], link) for name in _page_names(texts)
                        if archive.previous and (link := archive.link(name))}
    files = write_texts(texts, context, options.formats)
    languages, formats = list(options.languages), list(options.formats)
    if options.pack or profile.document.pack:  # the pack's consent-record specification (consent_record.py)
        files.update(consent_record.files(profile, languages, [plan.id for plan in plans if not plan.pack]))
    files["register.json"] = register_json(profile, languages, pack_entries(texts, formats)).encode("utf-8")
    files["index.html"] = _index_html(profile, texts, formats, archive).encode("utf-8")
    if options.hosted_url is not None:
        files.update(hosted_files(profile, [t for t in texts if not t.pack], options.hosted_url, formats))
    files.update(archive.files)
    record = BuildRecord(overridden or [], findings or [], inputs, context.sources, hashes, override,
                         archive.versions)
    files["manifest.json"] = manifest_json(profile, plans, files, languages, formats, record).encode("utf-8")
    return files


def _page_names(texts: list[RenderedText]) -> list[str]:
    return [f"{text.lang}/{text.doc_id}.html" for text in texts]


def _index_html(profile: Profile, texts: list[RenderedText], formats: list[str], archive: Archive) -> str:
    """The build's index: one row per document and language, linking every format built; then the previous
    versions (newest first), each linking to its own index."""
    ui = catalogue.ui()
    first = texts[0].lang if texts else LANGUAGES[0]
    linked = index_links(formats)
    rows = []
    for text in texts:
        folder = stem(text.doc_id, text.lang, text.pack)
        links = " ".join(f'<a href="{folder}.{name}">{name.upper()}</a>' for name in linked)
        title = f"{text.title} — {ui['pack_footer'][text.lang]}" if text.pack else text.title
        rows.append([Cell(title, text.lang), Cell(ui["language_name"][text.lang]),
                     Cell(profile.document.version), Cell(profile.document.effective_date.isoformat()),
                     Cell(Markup(links))])
    head = [ui[key][first] for key in ("document", "languages", "version", "effective", "documents")]
    old = [[Cell(Markup('<a href="{}">{}</a>').format(f"versions/{v['folder']}/index.html", v["version"])),
            Cell(v["effective_date"])] for v in reversed(archive.versions)
           if f"versions/{v['folder']}/index.html" in archive.files]
    tables = ((ui["previous_versions"][first], [ui["version"][first], ui["effective"][first]], old),) if old else ()
    return index_page(first, f"{ui['index_title'][first]} — {profile.operator.name.get(first)}", head, rows,
                      tables)


def build_profile(profile_path: Path | str, out: Path | str, *, options: BuildOptions | None = None,
                  languages: str | list[str] | None = None, formats: str | list[str] | None = None,
                  templates: Path | None = None, allow_errors: bool = False, force: bool = False,
                  same_version: bool = False, pdf_renderer: Callable[[str, str], bytes] | None = None,
                  jobs: int = 1, ui_lang: str | None = None) -> BuildResult:
    """Validate, check and build one profile into `out`. Raises a `KzPolicyError` on any problem.

    `ui_lang` is the language of the check's messages (the console's, `--ui-lang`; else the locale's).
    `jobs` > 1 prints the PDFs in that many worker processes (the bytes are the same as with one).
    Pass `options` (a `BuildOptions`), or the same as keywords (`languages="ru,kk"`, `formats="md,html"`, …).
    Incremental unless `options.force`: when nothing the previous build in `out` came from has changed, no
    file is touched (status "unchanged"); otherwise files whose source is unchanged (PDFs) are reused.
    """
    if options is None:
        options = BuildOptions.parse(languages, formats, templates, allow_errors, force, same_version=same_version)
    out_dir, source = Path(out), Path(profile_path)
    check_output_dir(out_dir)
    source_date_epoch()
    if options.templates is not None:
        check_override_folder(options.templates)
    clean_leftovers(out_dir)
    if not options.force:
        old = up_to_date(source, out_dir, options)
        if old is not None:
            return BuildResult(out_dir, [], old, status="unchanged")
    printing = "pdf" in options.formats and pdf_renderer is None
    if printing and jobs > 1:
        from kzpolicy_gen.writers import pdf_pool

        pdf_pool.start(jobs - 1)  # the workers import WeasyPrint while this process loads the profile
    try:
        return _build_loaded(source, out_dir, options, printing, pdf_renderer, jobs, profile_path, ui_lang)
    finally:
        if printing and jobs > 1:
            pdf_pool.stop()


def _build_loaded(source: Path, out_dir: Path, options: BuildOptions, printing: bool,
                  pdf_renderer: Callable[[str, str], bytes] | None, jobs: int, profile_path: Path | str,
                  ui_lang: str | None = None) -> BuildResult:
    """`build_profile` from loading the profile on (the PDF workers, if any, are already starting)."""
    if printing:
        from kzpolicy_gen.render.pdf import require_engine

        require_engine(str(source))
    profile, loaded = load_profile_located(source, options.bases)
    if options.font is not None:  # --font overrides presentation.font
        profile = profile.model_copy(update={"presentation": profile.presentation.model_copy(
            update={"font": options.font})})
    if options.pack:  # rules such as KZ-PACK-APPROVAL see what is built
        profile = with_pack(profile)
    findings = check(profile)
    errors = [f for f in findings if f.severity == "error"]
    if errors and not options.allow_errors:
        raise ProfileError([finding_issue(f, loaded, ui_language(ui_lang)) for f in errors])
    built = dataclasses.replace(options, languages=tuple(lang for lang in options.languages
                                                         if lang in profile.document.languages))
    if not built.languages:
        raise UsageError([Issue("usage", "none of the requested languages is in document.languages",
                                str(profile_path))])
    last = read_manifest(out_dir)
    archive = carry(out_dir, last, profile.document.version)
    profile = with_history(profile, archive)
    previous = {} if options.force else previous_outputs(last)
    context = WriteContext(profile, built.languages, stand_ins={"pdf": pdf_renderer} if pdf_renderer else {},
                           reuse=lambda name, key: reuse_output(out_dir, previous, name, key), jobs=jobs)
    plans = plan_documents(profile, options.documents, pack=options.pack)
    files = render_files(profile, built, plans=plans, findings=findings, overridden=errors,
                         inputs=build_inputs(loaded, options), context=context,
                         version_guard=lambda hashes: guard(last, profile, loaded, hashes, options.same_version),
                         archive=archive)
    written = publish(files, out_dir)
    manifest = json.loads(files["manifest.json"])
    return BuildResult(out_dir, written, manifest, findings,
                       mixed_script_warnings(loaded), pdf_rendered=context.rendered["pdf"],
                       pdf_reused=context.reused["pdf"], plans=plans, changes=text_changes(last, manifest))


__all__ = ["FORMATS", "BuildOptions", "BuildResult", "KzPolicyError", "build_profile", "render_files",
           "render_texts"]
