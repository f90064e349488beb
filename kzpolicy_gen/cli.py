"""Command line: a thin typer layer over the library. The only place errors become exit codes."""

from __future__ import annotations

import sys
import time
from pathlib import Path
from typing import TYPE_CHECKING, Annotated

import typer

from kzpolicy_gen import __version__
from kzpolicy_gen.errors import ExitCode, KzPolicyError, save_traceback
from kzpolicy_gen.formats import FORMATS

if TYPE_CHECKING:
    from kzpolicy_gen.options import BuildOptions

app = typer.Typer(add_completion=False, pretty_exceptions_enable=False, no_args_is_help=True,
                  help="Personal-data policy and consent generator for Kazakhstan (Law No. 94-V), ru/kk/en.")


def _version(value: bool) -> None:
    if value:
        typer.echo(f"kzpolicy-gen {__version__}")
        raise typer.Exit()


@app.callback()
def _root(version: Annotated[bool, typer.Option("--version", callback=_version, is_eager=True,
                                                help="Print the version and exit.")] = False) -> None:
    """Generate lawful personal-data documents from a YAML profile."""


@app.command()
def build(
    profiles: Annotated[list[Path], typer.Argument(help="Profile YAML files and/or folders of them.")],
    out: Annotated[Path, typer.Option("-o", "--out", help="Output folder.")] = Path("out"),
    lang: Annotated[str | None, typer.Option("--lang", help="Languages, e.g. ru,kk,en (default: all).")] = None,
    formats: Annotated[str | None, typer.Option("--format", help=f"Formats: {','.join(FORMATS)} (default: all).")
                       ] = None,
    templates: Annotated[Path | None, typer.Option("--templates", help="Folder of wording overrides.")] = None,
    allow_errors: Annotated[bool, typer.Option("--allow-errors", help="Build despite compliance errors.")] = False,
    quiet: Annotated[bool, typer.Option("--quiet", "-q", help="Print only problems and the summary.")] = False,
    explain: Annotated[bool, typer.Option("--explain", help="Also print each clause with its articles and why "
                                          "it was included (one profile only).")] = False,
    jobs: Annotated[int | None, typer.Option("--jobs", "-j", min=1, help="Worker processes for several profiles "
                                             "(default: number of CPUs).")] = None,
    force: Annotated[bool, typer.Option("--force", help="Render everything, even outputs whose inputs did not "
                                        "change.")] = False,
) -> None:
    """Build one profile into OUT/<lang>/<document>.<ext>, or several (files, folders) into OUT/<name>/."""
    from kzpolicy_gen.options import BuildOptions

    options = BuildOptions.parse(lang, formats, templates, allow_errors, force)
    if len(profiles) == 1 and not profiles[0].is_dir():
        _build_one(profiles[0], out, options, quiet, explain)
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


def _build_one(profile: Path, out: Path, options: BuildOptions, quiet: bool, explain: bool) -> None:
    from kzpolicy_gen.build import build_profile

    started = time.perf_counter()
    result = build_profile(profile, out, options=options)
    for warning in result.warnings:
        typer.echo(warning.format(), err=True)
    if not quiet:
        for path in result.files:
            typer.echo(f"wrote {path}")
    if explain:
        from kzpolicy_gen.plan.explain import explain as explain_plans

        plans = result.plans
        if not plans:  # an up-to-date build parsed nothing: plan the profile now
            from kzpolicy_gen.plan.planner import plan_documents
            from kzpolicy_gen.validate import load_profile

            plans = plan_documents(load_profile(profile))
        typer.echo(explain_plans(plans), nl=False)
    seconds = time.perf_counter() - started
    if result.status == "unchanged":
        typer.echo(f"{out} is up to date with {profile} (nothing changed; --force rebuilds)")
        return
    typer.echo(f"built {len(result.files)} files for {profile} into {out} in {seconds:.1f} s")


@app.command()
def validate(profile: Annotated[Path, typer.Argument(help="The profile YAML file.")]) -> None:
    """Check a profile and list every problem with file:line:column."""
    from kzpolicy_gen.validate import load_profile_located, mixed_script_warnings

    _profile, loaded = load_profile_located(profile)
    for warning in mixed_script_warnings(loaded):
        typer.echo(warning.format(), err=True)
    typer.echo(f"{profile}: valid")


@app.command()
def check(
    profile: Annotated[Path, typer.Argument(help="The profile YAML file.")],
    fmt: Annotated[str, typer.Option("--format", help="text or json.")] = "text",
    ui_lang: Annotated[str | None, typer.Option("--ui-lang", help="Language of messages: ru, kk or en.")] = None,
) -> None:
    """Run the compliance rules; exit 1 when any finding is an error."""
    from kzpolicy_gen.languages import ui_language
    from kzpolicy_gen.report import findings_json, findings_text
    from kzpolicy_gen.rules import check as run_rules
    from kzpolicy_gen.validate import load_profile_located

    if fmt not in ("text", "json"):
        raise typer.BadParameter("use text or json", param_hint="--format")
    lang = ui_language(ui_lang)
    valid, loaded = load_profile_located(profile)
    findings = run_rules(valid)
    sys.stdout.write(findings_json(findings, loaded, lang) if fmt == "json" else findings_text(findings, loaded, lang))
    if any(f.severity == "error" for f in findings):
        raise typer.Exit(1)


@app.command()
def audit(
    files: Annotated[list[Path], typer.Argument(help="Existing policies: .txt, .md, .html or .pdf.")],
    fmt: Annotated[str, typer.Option("--format", help="text or json.")] = "text",
) -> None:
    """Audit existing policies for Russian-law and GDPR residue and missing Law 94-V elements."""
    from kzpolicy_gen.audit import audit_file, audit_json, audit_text

    if fmt not in ("text", "json"):
        raise typer.BadParameter("use text or json", param_hint="--format")
    findings = [finding for path in files for finding in audit_file(path)]
    sys.stdout.write(audit_json(findings) if fmt == "json" else audit_text(findings))
    if any(f.severity in ("error", "warning") for f in findings):
        raise typer.Exit(1)


@app.command()
def detect(
    site: Annotated[str, typer.Argument(help="A folder of saved pages, or an http(s) address of the site.")],
    profile: Annotated[Path | None, typer.Option("--profile", help="Compare with this profile; exit 1 when the "
                                                 "site shows something it does not disclose.")] = None,
    max_pages: Annotated[int, typer.Option("--max-pages", min=1, max=500, help="At most this many pages.")] = 30,
    timeout: Annotated[float, typer.Option("--timeout", min=0.5, max=120, help="Seconds per request.")] = 10.0,
    ui_lang: Annotated[str | None, typer.Option("--ui-lang", help="Language of messages: ru, kk or en.")] = None,
) -> None:
    """Find the services (analytics, pixels, chats, CRMs, payments) and form fields of a website."""
    from kzpolicy_gen.detect import Limits, differences, profile_entries
    from kzpolicy_gen.detect import detect as scan
    from kzpolicy_gen.languages import ui_language
    from kzpolicy_gen.messages import t

    lang = ui_language(ui_lang)
    report = scan(site, Limits(max_pages=max_pages, timeout=timeout))
    if report.skipped:
        typer.echo(t("detect.skipped", lang, count=len(report.skipped)), err=True)
    if profile is None:
        sys.stdout.write(profile_entries(report, lang))
        return
    found = differences(report, profile, lang)
    for issue in found:
        typer.echo(issue.format())
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

        report = scan(from_site)
    if answers is not None:
        given = load_answers(answers)
        lang = ui_language(ui_lang or given.get("ui_lang"))
        if given.get("from_site") and report is None:
            from kzpolicy_gen.detect import detect as scan

            report = scan(str(given["from_site"]))
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


@app.command()
def preview(
    profile: Annotated[Path, typer.Argument(help="The profile YAML file.")],
    port: Annotated[int, typer.Option("--port", min=0, max=65535, help="Port on 127.0.0.1 (0: any free).")] = 8765,
    lang: Annotated[str | None, typer.Option("--lang", help="Languages side by side, e.g. ru,kk (default: all "
                                             "of document.languages).")] = None,
    no_browser: Annotated[bool, typer.Option("--no-browser", help="Do not open a browser.")] = False,
    ui_lang: Annotated[str | None, typer.Option("--ui-lang", help="Language of messages: ru, kk or en.")] = None,
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
    typer.echo(t("preview.serving", ui, profile=profile, url=server.url))
    if not no_browser:
        import webbrowser

        webbrowser.open(server.url)
    try:
        server.stop.wait()
    except KeyboardInterrupt:
        typer.echo(t("preview.stopped", ui), err=True)
    finally:
        server.shutdown()


@app.command()
def schema() -> None:
    """Print the JSON Schema of the profile."""
    from kzpolicy_gen.schema import schema_json

    sys.stdout.write(schema_json())


def main(argv: list[str] | None = None) -> int:
    """Run the CLI; user errors print located messages, bugs print one line and save the traceback."""
    debug = "--debug" in (argv if argv is not None else sys.argv[1:])
    args = [a for a in (argv if argv is not None else sys.argv[1:]) if a != "--debug"]
    try:
        code = app(args=args, prog_name="kzpolicy-gen", standalone_mode=False)
    except KzPolicyError as exc:
        for issue in exc.issues:
            typer.echo(issue.format(), err=True)
        count = len(exc.issues)
        typer.echo(f"{count} problem{'s' if count != 1 else ''} found", err=True)
        return int(exc.exit_code)
    except typer.Exit as exc:
        return int(exc.exit_code or 0)
    except KeyboardInterrupt:
        typer.echo("interrupted", err=True)
        return int(ExitCode.INTERRUPTED)
    except Exception as exc:  # a command-line usage error (click's family, vendored by typer) or a bug
        if type(exc).__name__ == "Abort":
            return int(ExitCode.INTERRUPTED)
        show = getattr(exc, "show", None)
        if callable(show) and isinstance(getattr(exc, "exit_code", None), int):
            show()
            return int(exc.exit_code)  # type: ignore[attr-defined]
        if debug:
            raise
        saved = save_traceback(exc)
        typer.echo(f"internal error ({type(exc).__name__}); sorry. The traceback was saved to {saved}; "
                   "re-run with --debug and report it.", err=True)
        return int(ExitCode.INTERNAL)
    return code if isinstance(code, int) else 0


if __name__ == "__main__":
    raise SystemExit(main())
