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


BasesOption = Annotated[list[Path] | None, typer.Option(
    "--bases", help="A folder `extends:` may take base profiles from, besides the profile's own (repeatable).")]


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
    bases: BasesOption = None,
    same_version: Annotated[bool, typer.Option("--same-version", help="Publish changed text under the same "
                                               "document.version and effective_date as the last build in OUT "
                                               "(recorded in manifest.json).")] = False,
) -> None:
    """Build one profile into OUT/<lang>/<document>.<ext>, or several (files, folders) into OUT/<name>/."""
    import dataclasses

    from kzpolicy_gen.options import BuildOptions

    options = dataclasses.replace(BuildOptions.parse(lang, formats, templates, allow_errors, force, same_version),
                                  bases=tuple(base_folders(bases)))
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
def validate(profile: Annotated[Path, typer.Argument(help="The profile YAML file.")],
             bases: BasesOption = None) -> None:
    """Check a profile and list every problem with file:line:column."""
    from kzpolicy_gen.validate import load_profile_located, mixed_script_warnings

    _profile, loaded = load_profile_located(profile, base_folders(bases))
    for warning in mixed_script_warnings(loaded):
        typer.echo(warning.format(), err=True)
    typer.echo(f"{profile}: valid")


@app.command()
def check(
    profile: Annotated[Path, typer.Argument(help="The profile YAML file.")],
    report: Annotated[str, typer.Option("--format", help="text or json.")] = "text",
    ui_lang: Annotated[str | None, typer.Option("--ui-lang", help="Language of messages: "
                                                   f"{', '.join(LANGUAGES)}.")] = None,
    bases: BasesOption = None,
) -> None:
    """Run the compliance rules; exit 1 when any finding is an error."""
    from kzpolicy_gen.languages import ui_language
    from kzpolicy_gen.report import findings_json, findings_text
    from kzpolicy_gen.rules import check as run_rules
    from kzpolicy_gen.validate import load_profile_located

    if report not in ("text", "json"):
        raise typer.BadParameter("use text or json", param_hint="--format")
    lang = ui_language(ui_lang)
    valid, loaded = load_profile_located(profile, base_folders(bases))
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


def base_folders(bases: list[Path] | None) -> list[Path]:
    """The `--bases` folders, each checked to be an existing folder (a typo must not silently allow nothing)."""
    from kzpolicy_gen.errors import Issue, UsageError

    for folder in bases or []:
        if not folder.is_dir():
            raise UsageError([Issue("usage", "--bases must name an existing folder", str(folder),
                                    hint="the folder that holds the agency's base profiles")])
    return list(bases or [])


@app.command("diff")
def diff_command(
    old: Annotated[str, typer.Argument(help="The old version: a profile, profile.yaml@REV (git) or a built folder.")],
    new: Annotated[str, typer.Argument(help="The new version, given the same ways.")],
    fmt: Annotated[str, typer.Option("--format", help="text or json.")] = "text",
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
) -> None:
    """Compare two versions clause by clause and fact by fact; exit 1 when subjects must give new consent."""
    from kzpolicy_gen.diff import comparison_json, comparison_text
    from kzpolicy_gen.diff import diff as compare_versions
    from kzpolicy_gen.languages import LANGUAGES, ui_language
    from kzpolicy_gen.options import parse_list

    if fmt not in ("text", "json"):
        raise typer.BadParameter("use text or json", param_hint="--format")
    languages = None if lang is None else parse_list(lang, LANGUAGES, "language")
    formats = parse_list(notice_formats, FORMATS, "format")
    result = compare_versions(old, new, languages, templates)
    if html is not None:
        from kzpolicy_gen.redline import write_redlines

        write_redlines(result, html)
    if notice is not None:
        from kzpolicy_gen.notice import write_notice

        write_notice(result, notice, formats, languages, templates)
    sys.stdout.write(comparison_json(result) if fmt == "json" else comparison_text(result, ui_language(ui_lang)))
    if result.requires_consent:
        raise typer.Exit(1)


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


def _interrupted() -> int:
    with contextlib.suppress(OSError, ValueError):
        typer.echo("interrupted", err=True)
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
        return _interrupted()
    except OSError as exc:  # the terminal, a pipe or a disk failed under us (full, closed, a file-size limit)
        if debug:
            raise
        return _io_failure(exc)
    except Exception as exc:  # a command-line usage error (click's family, vendored by typer) or a bug
        if type(exc).__name__ == "Abort":  # click's name for a Ctrl-C it caught
            return _interrupted()
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
    if code == ExitCode.INTERRUPTED:  # typer returns 130 for a Ctrl-C it caught, without a word
        return _interrupted()
    return code if isinstance(code, int) else 0


if __name__ == "__main__":
    raise SystemExit(main())
