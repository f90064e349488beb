"""Command line: a thin typer layer over the library. The only place errors become exit codes."""

from __future__ import annotations

import contextlib
import os
import sys
import time
from pathlib import Path
from typing import TYPE_CHECKING, Annotated

import typer

from kzpolicy_gen import __version__
from kzpolicy_gen.errors import ExitCode, KzPolicyError, save_traceback
from kzpolicy_gen.formats import FORMATS
from kzpolicy_gen.languages import LANGUAGES

if TYPE_CHECKING:
    from collections.abc import Callable

    from kzpolicy_gen.diff import Comparison
    from kzpolicy_gen.models.profile import Profile
    from kzpolicy_gen.options import BuildOptions
    from kzpolicy_gen.rules import Finding

app = typer.Typer(add_completion=True, pretty_exceptions_enable=False, no_args_is_help=True,
                  help="Personal-data policy and consent generator for Kazakhstan (Law No. 94-V), "
                       f"{'/'.join(LANGUAGES)}.")


def _version(value: bool) -> None:
    if value:
        typer.echo(f"kzpolicy-gen {__version__}")
        raise typer.Exit()


@app.callback()
def _root(version: Annotated[bool, typer.Option("--version", callback=_version, is_eager=True,
                                                help="Print the version and exit.")] = False,
          debug: Annotated[bool, typer.Option("--debug", help="Show the traceback of an internal error instead of "
                                              "saving it to a file (anywhere on the command line).")] = False
          ) -> None:
    """Generate lawful personal-data documents from a YAML profile."""


BasesOption = Annotated[list[Path] | None, typer.Option(
    "--bases", help="A folder `extends:` may take base profiles from, besides the profile's own (repeatable).")]
UiLangOption = Annotated[str | None, typer.Option("--ui-lang", help=f"Language of messages: {', '.join(LANGUAGES)}.")]


@app.command()
def build(
    profiles: Annotated[list[Path], typer.Argument(help="Profile YAML files and/or folders of them.")],
    out: Annotated[Path, typer.Option("-o", "--out", help="Output folder.")] = Path("out"),
    lang: Annotated[str | None, typer.Option("--lang", help=f"Languages, e.g. {','.join(LANGUAGES)} (default: all).")
                                ] = None,
    formats: Annotated[str | None, typer.Option("--format", help=f"Formats: {','.join(FORMATS)} (default: all).")
                       ] = None,
    templates: Annotated[Path | None, typer.Option("--templates", help="Folder of wording overrides.")] = None,
    allow_errors: Annotated[bool, typer.Option("--allow-errors", help="Build despite compliance errors.")] = False,
    quiet: Annotated[bool, typer.Option("--quiet", "-q", help="Print only problems and the summary.")] = False,
    explain: Annotated[bool, typer.Option("--explain", help="Also print each clause with its articles and why "
                                          "it was included (one profile only).")] = False,
    jobs: Annotated[int | None, typer.Option("--jobs", "-j", min=1, help="Worker processes for several profiles, "
                                             "or for one profile's PDFs (default: number of CPUs).")] = None,
    force: Annotated[bool, typer.Option("--force", help="Render everything, even outputs whose inputs did not "
                                        "change.")] = False,
    ui_lang: UiLangOption = None,
    bases: BasesOption = None,
    same_version: Annotated[bool, typer.Option("--same-version", help="Publish changed text under the same "
                                               "document.version and effective_date as the last build in OUT "
                                               "(recorded in manifest.json).")] = False,
    documents: Annotated[str | None, typer.Option("--documents", help="Only these documents, e.g. "
                                                  "policy,cookie-notice (default: the profile's document.build, "
                                                  "else all that apply).")] = None,
    font: Annotated[str | None, typer.Option("--font", help="Type face of HTML and PDF: sans or serif (default: "
                                             "the profile's presentation.font, else sans).")] = None,
    pack: Annotated[bool, typer.Option("--pack", help="Also build the compliance pack (internal acts: approval "
                                       "order, responsible person, list of data, notification, …) into "
                                       "OUT/pack/<lang>/.")] = False,
    hosted: Annotated[str | None, typer.Option("--hosted", help="Hosted layout: OUT will be served at this URL; "
                                               "writes embed.html and embed.json (stable URLs, <iframe> and link "
                                               "snippets) per profile.")] = None,
) -> None:
    """Build one profile into OUT/<lang>/<document>.<ext>, or several (files, folders) into OUT/<name>/."""
    import dataclasses

    from kzpolicy_gen.options import BuildOptions

    options = dataclasses.replace(BuildOptions.parse(lang, formats, templates, allow_errors, force, documents,
                                                     same_version=same_version, pack=pack, font=font,
                                                     hosted_url=hosted),
                                  bases=tuple(base_folders(bases)))
    if len(profiles) == 1 and not profiles[0].is_dir():
        _build_one(profiles[0], out, options, quiet, explain, _lang(ui_lang), jobs)
        return
    from kzpolicy_gen.console import reporter
    from kzpolicy_gen.portfolio import build_portfolio

    if explain:
        raise typer.BadParameter("--explain works with one profile", param_hint="--explain")
    report = reporter(quiet)
    result = build_portfolio(profiles, out, jobs=jobs, options=options, on_result=report.result,
                             on_start=report.start)
    report.finish(result)
    if result.count("failed"):
        raise typer.Exit(int(ExitCode.SOME_FAILED))


def _lang(value: str | None) -> str:
    from kzpolicy_gen.languages import ui_language

    return ui_language(value)


def _say(key: str, lang: str, /, **values: object) -> str:
    from kzpolicy_gen.messages import t

    return t(key, lang, **values)


def _build_one(profile: Path, out: Path, options: BuildOptions, quiet: bool, explain: bool, lang: str,
               jobs: int | None = None) -> None:
    import os

    from kzpolicy_gen.build import build_profile

    started = time.perf_counter()
    result = build_profile(profile, out, options=options, jobs=jobs or os.cpu_count() or 1, ui_lang=lang)
    for warning in result.warnings:
        typer.echo(warning.format(lang), err=True)
    if not quiet:
        for path in result.files:
            typer.echo(_say("cli.wrote", lang, path=path))
    if explain:
        from kzpolicy_gen.plan.explain import explain as explain_plans

        plans = result.plans
        if not plans:  # an up-to-date build parsed nothing: plan the profile now
            from kzpolicy_gen.plan.planner import plan_documents
            from kzpolicy_gen.validate import load_profile

            plans = plan_documents(load_profile(profile), options.documents, pack=options.pack)
        typer.echo(explain_plans(plans), nl=False)
    seconds = time.perf_counter() - started
    if result.status == "unchanged":
        typer.echo(_say("cli.up_to_date", lang, out=out, profile=profile))
        return
    typer.echo(_say("cli.built", lang, count=len(result.files), profile=profile, out=out, seconds=f"{seconds:.1f}"))


@app.command()
def validate(
    profiles: Annotated[list[Path], typer.Argument(help="Profile YAML files and/or folders of them.")],
    bases: BasesOption = None,
    ui_lang: UiLangOption = None,
) -> None:
    """Check profiles and list every problem with file:line:column (several: a summary line at the end)."""
    from kzpolicy_gen.validate import load_profile_located, mixed_script_warnings

    lang = _lang(ui_lang)
    folders = base_folders(bases)
    paths, several = _profiles(profiles)
    if not several:
        _profile, loaded = load_profile_located(paths[0], folders)
        for warning in mixed_script_warnings(loaded):
            typer.echo(warning.format(lang), err=True)
        typer.echo(_say("cli.valid", lang, profile=paths[0]))
        return
    invalid = 0
    for path in paths:
        try:
            _profile, loaded = load_profile_located(path, folders)
        except KzPolicyError as exc:
            invalid += 1
            for issue in exc.issues:
                typer.echo(issue.format(lang), err=True)
            typer.echo(_say("cli.invalid", lang, profile=path, problems=_problems(len(exc.issues), lang)), err=True)
            continue
        for warning in mixed_script_warnings(loaded):
            typer.echo(warning.format(lang), err=True)
        typer.echo(_say("cli.valid", lang, profile=path))
    typer.echo(_say("cli.validate_summary", lang, total=len(paths), valid=len(paths) - invalid, invalid=invalid))
    if invalid:
        raise typer.Exit(int(ExitCode.PROFILE))


def _profiles(inputs: list[Path]) -> tuple[list[Path], bool]:
    """Files as given; folders expanded as a portfolio build expands them (`*.yaml`, no `_base.yaml`); and
    whether this is a set of profiles (a folder or several: per-profile lines and a summary)."""
    if len(inputs) == 1 and not inputs[0].is_dir():
        return inputs, False
    from kzpolicy_gen.portfolio import discover

    return discover(inputs), True


@app.command()
def check(
    profiles: Annotated[list[Path], typer.Argument(help="Profile YAML files and/or folders of them.")],
    report: Annotated[str, typer.Option("--format", help="text or json.")] = "text",
    ui_lang: UiLangOption = None,
    bases: BasesOption = None,
    pack: Annotated[bool, typer.Option("--pack", help="Check as `build --pack` does (the compliance pack's rules "
                                       "apply).")] = False,
) -> None:
    """Run the compliance rules; exit 1 when any finding is an error (several: a summary line at the end)."""
    import json

    from kzpolicy_gen.plan.planner import with_pack
    from kzpolicy_gen.report import findings_json, findings_text
    from kzpolicy_gen.rules import check as checks
    from kzpolicy_gen.validate import load_profile_located

    def run_rules(profile: Profile) -> list[Finding]:
        return checks(with_pack(profile) if pack else profile)

    if report not in ("text", "json"):
        raise typer.BadParameter("use text or json", param_hint="--format")
    lang = _lang(ui_lang)
    folders = base_folders(bases)
    paths, several = _profiles(profiles)
    if not several:
        valid, loaded = load_profile_located(paths[0], folders)
        findings = run_rules(valid)
        sys.stdout.write(findings_json(findings, loaded, lang) if report == "json"
                         else findings_text(findings, loaded, lang))
        if any(f.severity == "error" for f in findings):
            raise typer.Exit(1)
        return
    counts = {"error": 0, "warning": 0, "invalid": 0}
    reports = []
    for path in paths:
        try:
            valid, loaded = load_profile_located(path, folders)
        except KzPolicyError as exc:
            counts["invalid"] += 1
            for issue in exc.issues:
                typer.echo(issue.format(lang), err=True)
            reports.append({"profile": str(path), "problems": [issue.format(lang) for issue in exc.issues]})
            continue
        findings = run_rules(valid)
        for severity in ("error", "warning"):
            counts[severity] += sum(f.severity == severity for f in findings)
        if report == "json":
            reports.append({"profile": str(path), **json.loads(findings_json(findings, loaded, lang))})
        else:
            sys.stdout.write(f"== {path}\n" + findings_text(findings, loaded, lang))
    if report == "json":
        sys.stdout.write(json.dumps({"profiles": reports}, ensure_ascii=False, indent=2) + "\n")
    typer.echo(_say("cli.check_summary", lang, total=len(paths), errors=counts["error"], warnings=counts["warning"],
                    invalid=counts["invalid"]), err=report == "json")
    if counts["error"] or counts["invalid"]:
        raise typer.Exit(1)


@app.command()
def audit(
    files: Annotated[list[Path], typer.Argument(help="Existing policies: .txt, .md, .html or .pdf.")],
    report: Annotated[str, typer.Option("--format", help="text or json.")] = "text",
    ui_lang: UiLangOption = None,
) -> None:
    """Audit existing policies for Russian-law and GDPR residue and missing Law 94-V elements."""
    from kzpolicy_gen.audit import audit_file, audit_json, audit_text

    if report not in ("text", "json"):
        raise typer.BadParameter("use text or json", param_hint="--format")
    lang = _lang(ui_lang)
    findings = [finding for path in files for finding in audit_file(path)]
    sys.stdout.write(audit_json(findings, lang) if report == "json" else audit_text(findings, lang))
    serious = sum(f.severity in ("error", "warning") for f in findings)
    if report == "text":
        typer.echo(_say("cli.audit_summary", lang, files=len(files), count=serious))
    if serious:
        raise typer.Exit(1)


def base_folders(bases: list[Path] | None) -> list[Path]:
    """The `--bases` folders, each checked to be an existing folder (a typo must not silently allow nothing)."""
    from kzpolicy_gen.errors import Issue, UsageError

    for folder in bases or []:
        if not folder.is_dir():
            raise UsageError([Issue("usage", "--bases must name an existing folder", str(folder),
                                    hint="the folder that holds the agency's base profiles")])
    return list(bases or [])


def _diff_outputs(fmt: str, out: Path | None, html: Path | None) -> tuple[str, Path | None]:
    """`diff --format`: the summary (text or json) and, with docx, the folder of the Word redlines (`--out`, else
    the --html folder, so both share one index, else ./redline)."""
    wanted = {part.strip() for part in fmt.split(",") if part.strip()}
    if not wanted or wanted - {"text", "json", "docx"} or {"text", "json"} <= wanted:
        raise typer.BadParameter("use text or json, and/or docx (e.g. json,docx)", param_hint="--format")
    if "docx" not in wanted:
        return ("json" if "json" in wanted else "text"), None
    folder = out or html or Path("redline")
    if html is not None and folder.absolute() == html.absolute():
        folder = html
    return ("json" if "json" in wanted else "text"), folder


@app.command("diff")
def diff_command(
    old: Annotated[str, typer.Argument(help="The old version: a profile, profile.yaml@REV (git) or a built folder.")],
    new: Annotated[str, typer.Argument(help="The new version, given the same ways.")],
    fmt: Annotated[str, typer.Option("--format", help="text or json (the summary), and/or docx (Word redlines "
                                     "with tracked changes into --out), e.g. json,docx.")] = "text",
    lang: Annotated[str | None, typer.Option("--lang", help="Languages of the clause comparison, e.g. ru "
                                             "(default: all).")] = None,
    ui_lang: Annotated[str | None, typer.Option("--ui-lang", help="Language of the summary: ru, kk or en.")] = None,
    html: Annotated[Path | None, typer.Option("--html", help="Write HTML redlines (one page per document and "
                                              "language) into this folder.")] = None,
    notice: Annotated[Path | None, typer.Option("--notice", help="Write the change notice for data subjects "
                                                "(DIR/<lang>/change-notice.<ext>) into this folder.")] = None,
    notice_formats: Annotated[str | None, typer.Option("--notice-format", help=f"Formats of the notice: "
                                                       f"{','.join(FORMATS)} (default: all).")] = None,
    templates: Annotated[Path | None, typer.Option("--templates", help="Folder of wording overrides (profiles "
                                                   "and the notice).")] = None,
    out: Annotated[Path | None, typer.Option("-o", "--out", help="Folder of the DOCX redlines of --format docx "
                                             "(default: the --html folder, else ./redline).")] = None,
) -> None:
    """Compare two versions clause by clause and fact by fact; exit 1 when subjects must give new consent."""
    from kzpolicy_gen.diff import comparison_json, comparison_text
    from kzpolicy_gen.diff import diff as compare_versions
    from kzpolicy_gen.languages import LANGUAGES, ui_language
    from kzpolicy_gen.options import parse_list

    summary, docx_out = _diff_outputs(fmt, out, html)
    languages = None if lang is None else parse_list(lang, LANGUAGES, "language")
    formats = parse_list(notice_formats, FORMATS, "format")
    result = _compare_or_exit_2(lambda: compare_versions(old, new, languages, templates))
    if html is not None:
        from kzpolicy_gen.redline import write_redlines

        write_redlines(result, html, docx=docx_out == html)
    if docx_out is not None and docx_out != html:
        from kzpolicy_gen.redline import write_redlines

        write_redlines(result, docx_out, html=False, docx=True)
    if notice is not None:
        from kzpolicy_gen.notice import write_notice

        write_notice(result, notice, formats, languages, templates)
    sys.stdout.write(comparison_json(result) if summary == "json" else comparison_text(result, ui_language(ui_lang)))
    if result.requires_consent:
        raise typer.Exit(1)


@app.command()
def outdated(
    targets: Annotated[list[Path], typer.Argument(help="A portfolio output folder, a build folder, or the profiles "
                                                  "(files, folders) whose builds are in -o.")],
    out: Annotated[Path | None, typer.Option("-o", "--out", help="Where the profiles were built (default: out).")
                   ] = None,
    fmt: Annotated[str, typer.Option("--format", help="text or json.")] = "text",
    ui_lang: UiLangOption = None,
) -> None:
    """List clients whose last build used an older law pack, tool or wording, with what a rebuild changes;
    exit 1 when one needs new consent, 6 when some are outdated (publication only)."""
    from kzpolicy_gen.outdated import Current, survey, survey_json, survey_text

    if fmt not in ("text", "json"):
        raise typer.BadParameter("use text or json", param_hint="--format")
    current = Current.installed()
    found = survey(targets, out, current=current)
    sys.stdout.write(survey_json(found, current) if fmt == "json" else survey_text(found, current, _lang(ui_lang)))
    if any(client.requires_consent for client in found):
        raise typer.Exit(int(ExitCode.PROFILE))
    if any(client.outdated for client in found):
        raise typer.Exit(int(ExitCode.OUTDATED))


def _compare_or_exit_2(run: Callable[[], Comparison]) -> Comparison:
    """A profile that does not validate is a bad input of `diff`: exit 2, never the "new consent" code 1."""
    from kzpolicy_gen.errors import ProfileError

    try:
        return run()
    except ProfileError as exc:
        raise KzPolicyError(exc.issues, ExitCode.USAGE) from None


@app.command()
def detect(
    site: Annotated[str, typer.Argument(help="A folder of saved pages, or an http(s) address of the site.")],
    profile: Annotated[Path | None, typer.Option("--profile", help="Compare with this profile; exit 1 when the "
                                                 "site shows something it does not disclose.")] = None,
    max_pages: Annotated[int, typer.Option("--max-pages", min=1, max=500, help="At most this many pages.")] = 30,
    timeout: Annotated[float, typer.Option("--timeout", min=0.5, max=120, help="Seconds per request.")] = 10.0,
    ui_lang: UiLangOption = None,
) -> None:
    """Find the services (analytics, pixels, chats, CRMs, payments) and form fields of a website."""
    from kzpolicy_gen.detect import Limits, differences, profile_entries
    from kzpolicy_gen.detect import detect as scan
    from kzpolicy_gen.languages import ui_language
    from kzpolicy_gen.messages import t

    lang = ui_language(ui_lang)
    report = scan(site, Limits(max_pages=max_pages, timeout=timeout), lang)
    if report.skipped:
        typer.echo(t("detect.skipped", lang, count=len(report.skipped)), err=True)
    if profile is None:
        sys.stdout.write(profile_entries(report, lang))
        return
    found = differences(report, profile, lang)
    for issue in found:
        typer.echo(issue.format(lang))
    values = {"site": site, "profile": profile, "pages": len(report.pages), "count": len(found)}
    typer.echo(t("detect.summary_diff" if found else "detect.summary_ok", lang, **values))
    if any(issue.severity == "error" for issue in found):
        raise typer.Exit(1)


@app.command()
def init(
    out: Annotated[Path, typer.Option("-o", "--out", help="The profile file to write.")] = Path("profile.yaml"),
    answers: Annotated[Path | None, typer.Option("--answers", help="Answer from this YAML file instead of asking "
                                                 "(for scripts; keys in docs/cli.md).")] = None,
    from_site: Annotated[str | None, typer.Option("--from-site", help="Start from what `detect` finds on this "
                                                  "site (folder of saved pages or URL).")] = None,
    extends: Annotated[Path | None, typer.Option("--extends", help="An agency base profile to inherit; its "
                                                 "fields are not asked.")] = None,
    schema_ref: Annotated[str | None, typer.Option("--schema-ref", help="What the schema modeline points at "
                                                   "(default: a schema file beside the profile).")] = None,
    force: Annotated[bool, typer.Option("--force", help="Overwrite an existing profile.")] = False,
    ui_lang: Annotated[str | None, typer.Option("--ui-lang", help="Language of the questions: ru, kk or en.")] = None,
) -> None:
    """Write a new profile from a questionnaire (or an answers file) that validates the first time."""
    from kzpolicy_gen.errors import Issue, UsageError
    from kzpolicy_gen.languages import ui_language
    from kzpolicy_gen.messages import t
    from kzpolicy_gen.questionnaire import ask, load_answers, write_profile

    lang = ui_language(ui_lang)
    report = None
    if from_site:
        from kzpolicy_gen.detect import detect as scan

        report = scan(from_site, lang=lang)
    if answers is not None:
        try:
            given = load_answers(answers)
        except KzPolicyError:
            _CONSOLE["lang"] = ui_language(ui_lang or _answers_language(answers))  # its problems in its language
            raise
        lang = _CONSOLE["lang"] = ui_language(ui_lang or given.get("ui_lang"))
        if given.get("from_site") and report is None:
            from kzpolicy_gen.detect import detect as scan

            report = scan(str(given["from_site"]), lang=lang)
    else:
        if not (sys.stdin.isatty() and sys.stdout.isatty()):
            raise UsageError([Issue("usage", t("init.needs_terminal", lang))])
        base = None
        if extends is not None:
            from kzpolicy_gen.loader import load_yaml, read_profile_text

            base = load_yaml(read_profile_text(extends), str(extends)).data
        given = ask(lang, base=base, report=report)
    written = write_profile(given, out, lang=lang, extends=extends, schema_ref=schema_ref, force=force,
                            report=report)
    from kzpolicy_gen.rules import check as run_rules
    from kzpolicy_gen.validate import load_profile

    findings = run_rules(load_profile(written))
    typer.echo(t("init.wrote", lang, path=written))
    errors = sum(f.severity == "error" for f in findings)
    typer.echo(t("init.findings", lang, path=written, errors=errors,
                 warnings=sum(f.severity == "warning" for f in findings)))


def _answers_language(path: Path) -> str | None:
    """The `ui_lang` an answers file asks for, read even when other answers are wrong (None if unreadable)."""
    from kzpolicy_gen.loader import load_yaml, read_profile_text

    try:
        value = load_yaml(read_profile_text(path), str(path)).data.get("ui_lang")
    except KzPolicyError:
        return None
    return value if isinstance(value, str) else None


#: The console language a command settled on after reading its input (init's answers file), for the problems
#: `main` prints; reset by every `main` call.
_CONSOLE: dict[str, str] = {}


@app.command()
def preview(
    profile: Annotated[Path, typer.Argument(help="The profile YAML file.")],
    port: Annotated[int, typer.Option("--port", min=0, max=65535, help="Port on 127.0.0.1 (0: any free).")] = 8765,
    lang: Annotated[str | None, typer.Option("--lang", help="Languages side by side, e.g. ru,kk (default: all "
                                             "of document.languages).")] = None,
    no_browser: Annotated[bool, typer.Option("--no-browser", help="Do not open a browser.")] = False,
    ui_lang: UiLangOption = None,
) -> None:
    """Serve a live preview on 127.0.0.1: languages side by side, findings beside clauses, rebuilt on save."""
    from kzpolicy_gen.languages import LANGUAGES, ui_language
    from kzpolicy_gen.messages import t
    from kzpolicy_gen.options import parse_list
    from kzpolicy_gen.preview import serve

    ui = ui_language(ui_lang)
    languages = tuple(parse_list(lang, LANGUAGES, "language")) if lang else None
    server = serve(profile, port=port, ui_lang=ui, languages=languages,
                   on_rebuild=lambda seconds: typer.echo(t("preview.rebuilt", ui, ms=round(seconds * 1000)), err=True))
    try:  # from the first line a user (or a script) can read, Ctrl-C stops the server cleanly
        typer.echo(t("preview.serving", ui, profile=profile, url=server.url))
        if not no_browser:
            import webbrowser

            webbrowser.open(server.url)
        # Wake up twice a second: Ctrl-C may be delivered to another thread (the watcher's, the server's), and
        # a main thread blocked in an untimed wait would never run Python's handler for it.
        while not server.stop.wait(0.5):
            pass
    except KeyboardInterrupt:
        typer.echo(t("preview.stopped", ui), err=True)
    finally:
        server.shutdown()


@app.command()
def schema() -> None:
    """Print the JSON Schema of the profile."""
    from kzpolicy_gen.schema import schema_json

    sys.stdout.write(schema_json())


def _escape_what_cannot_be_encoded() -> None:
    """A terminal or pipe that is not UTF-8 (ascii, cp1251, cp866) gets `\\u04d9` for a letter it cannot
    show, instead of an encoding error: Kazakh messages must not crash a Windows console."""
    for stream in (sys.stdout, sys.stderr):
        reconfigure = getattr(stream, "reconfigure", None)
        if callable(reconfigure):
            with contextlib.suppress(ValueError, OSError):  # a closed or detached stream
                reconfigure(errors="backslashreplace")


def _interrupted(lang: str) -> int:
    with contextlib.suppress(OSError, ValueError):
        typer.echo(_say("cli.interrupted", lang), err=True)
    return int(ExitCode.INTERRUPTED)


def _io_failure(exc: OSError) -> int:
    """Exit 4 with one line when writing failed outside the output folder's own checks (stdout on a full
    device, a closed pipe). Further writes to the broken stream go nowhere, so exiting cannot fail again."""
    for stream in (sys.stdout, sys.stderr):
        with contextlib.suppress(OSError, ValueError, AttributeError):
            stream.flush()
    with contextlib.suppress(OSError, ValueError, AttributeError):
        devnull = os.open(os.devnull, os.O_WRONLY)
        os.dup2(devnull, sys.stdout.fileno())
    with contextlib.suppress(OSError, ValueError):
        typer.echo(f"error[out-io]: could not write: {exc.strerror or type(exc).__name__}", err=True)
    return int(ExitCode.OUTPUT)


def main(argv: list[str] | None = None) -> int:
    """Run the CLI; user errors print located messages, bugs print one line and save the traceback."""
    _escape_what_cannot_be_encoded()
    debug = "--debug" in (argv if argv is not None else sys.argv[1:])
    args = [a for a in (argv if argv is not None else sys.argv[1:]) if a != "--debug"]
    lang = _lang(_ui_lang_of(args))
    _CONSOLE.clear()
    try:
        code = app(args=args, prog_name="kzpolicy-gen", standalone_mode=False)
    except KzPolicyError as exc:
        lang = _CONSOLE.get("lang", lang)
        for issue in exc.issues:
            typer.echo(issue.format(lang), err=True)
        typer.echo(_problems(len(exc.issues), lang), err=True)
        return int(exc.exit_code)
    except typer.Exit as exc:
        return int(exc.exit_code or 0)
    except KeyboardInterrupt:
        return _interrupted(lang)
    except OSError as exc:  # the terminal, a pipe or a disk failed under us (full, closed, a file-size limit)
        if debug:
            raise
        return _io_failure(exc)
    except Exception as exc:  # a command-line usage error (click's family, vendored by typer) or a bug
        if type(exc).__name__ == "Abort":  # click's name for a Ctrl-C it caught
            return _interrupted(lang)
        show = getattr(exc, "show", None)
        if callable(show) and isinstance(getattr(exc, "exit_code", None), int):
            show()
            return int(exc.exit_code)  # type: ignore[attr-defined]
        if debug:
            raise
        saved = save_traceback(exc)
        typer.echo(_say("cli.internal", lang, kind=type(exc).__name__, saved=saved), err=True)
        return int(ExitCode.INTERNAL)
    if code == ExitCode.INTERRUPTED:  # typer returns 130 for a Ctrl-C it caught, without a word
        return _interrupted(lang)
    return code if isinstance(code, int) else 0


def _ui_lang_of(args: list[str]) -> str | None:
    """The `--ui-lang` value anywhere on the command line (for messages printed outside the command)."""
    for index, arg in enumerate(args):
        if arg == "--ui-lang" and index + 1 < len(args):
            return args[index + 1]
        if arg.startswith("--ui-lang="):
            return arg.split("=", 1)[1]
    return None


def _problems(count: int, lang: str) -> str:
    """'1 problem found' / '3 problems found' in the plural form the language needs (Babel's CLDR rules)."""
    from babel import Locale

    from kzpolicy_gen.messages import catalogue

    form = Locale.parse(lang).plural_form(count)
    key = f"cli.problems.{form}" if f"cli.problems.{form}" in catalogue() else "cli.problems.other"
    return _say(key, lang, count=count)


if __name__ == "__main__":
    raise SystemExit(main())
