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
from kzpolicy_gen.languages import LANGUAGES

if TYPE_CHECKING:
    from kzpolicy_gen.options import BuildOptions

app = typer.Typer(add_completion=False, pretty_exceptions_enable=False, no_args_is_help=True,
                  help="Personal-data policy and consent generator for Kazakhstan (Law No. 94-V), "
                       f"{'/'.join(LANGUAGES)}.")


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
    lang: Annotated[str | None, typer.Option("--lang", help=f"Languages, e.g. {','.join(LANGUAGES)} (default: all).")
                                ] = None,
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
    documents: Annotated[str | None, typer.Option("--documents", help="Only these documents, e.g. "
                                                  "policy,cookie-notice (default: the profile's document.build, "
                                                  "else all that apply).")] = None,
) -> None:
    """Build one profile into OUT/<lang>/<document>.<ext>, or several (files, folders) into OUT/<name>/."""
    from kzpolicy_gen.options import BuildOptions

    options = BuildOptions.parse(lang, formats, templates, allow_errors, force, documents)
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

            plans = plan_documents(load_profile(profile), options.documents)
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
    report: Annotated[str, typer.Option("--format", help="text or json.")] = "text",
    ui_lang: Annotated[str | None, typer.Option("--ui-lang", help="Language of messages: "
                                                   f"{', '.join(LANGUAGES)}.")] = None,
) -> None:
    """Run the compliance rules; exit 1 when any finding is an error."""
    from kzpolicy_gen.languages import ui_language
    from kzpolicy_gen.report import findings_json, findings_text
    from kzpolicy_gen.rules import check as run_rules
    from kzpolicy_gen.validate import load_profile_located

    if report not in ("text", "json"):
        raise typer.BadParameter("use text or json", param_hint="--format")
    lang = ui_language(ui_lang)
    valid, loaded = load_profile_located(profile)
    findings = run_rules(valid)
    write = findings_json if report == "json" else findings_text
    sys.stdout.write(write(findings, loaded, lang))
    if any(f.severity == "error" for f in findings):
        raise typer.Exit(1)


@app.command()
def audit(
    files: Annotated[list[Path], typer.Argument(help="Existing policies: .txt, .md, .html or .pdf.")],
    report: Annotated[str, typer.Option("--format", help="text or json.")] = "text",
) -> None:
    """Audit existing policies for Russian-law and GDPR residue and missing Law 94-V elements."""
    from kzpolicy_gen.audit import audit_file, audit_json, audit_text

    if report not in ("text", "json"):
        raise typer.BadParameter("use text or json", param_hint="--format")
    findings = [finding for path in files for finding in audit_file(path)]
    sys.stdout.write(audit_json(findings) if report == "json" else audit_text(findings))
    if any(f.severity in ("error", "warning") for f in findings):
        raise typer.Exit(1)


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
