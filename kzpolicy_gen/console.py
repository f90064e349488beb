"""How a portfolio build reports itself: a progress bar on a terminal, plain lines otherwise.

Why two faces: an agency watching a 100-client rebuild wants a bar and a table; CI logs and pipes
want one stable line per profile with no cursor tricks. Rich is imported only for the terminal face.
"""

from __future__ import annotations

import sys
from typing import Any, Protocol, TextIO

from kzpolicy_gen.portfolio import PortfolioResult
from kzpolicy_gen.portfolio_index import Outcome


class Reporter(Protocol):
    def start(self, total: int) -> None: ...
    def result(self, outcome: Outcome) -> None: ...
    def finish(self, result: PortfolioResult) -> None: ...


def reporter(quiet: bool, stream: TextIO | None = None) -> Reporter:
    """The rich bar when `stream` is a terminal and not quiet, else plain lines."""
    stream = stream or sys.stderr
    if not quiet and stream.isatty():
        return RichReporter(stream)
    return PlainReporter(stream, quiet)


def _line(outcome: Outcome) -> str:
    if outcome.status == "failed":
        return f"failed    {outcome.profile}"
    extra = f", {outcome.pdf_rendered} PDF rendered, {outcome.pdf_reused} reused" if outcome.pdf_reused else ""
    return (f"{outcome.status:<9} {outcome.profile} → {outcome.slug}/ ({outcome.documents} documents{extra}, "
            f"{outcome.seconds:.1f} s)")


def summary_rows(result: PortfolioResult) -> list[tuple[str, str]]:
    return [("profiles", str(len(result.outcomes))), ("built", str(result.count("built"))),
            ("unchanged", str(result.count("unchanged"))), ("failed", str(result.count("failed"))),
            ("documents", str(result.documents)), ("time", f"{result.seconds:.1f} s"),
            ("index", str(result.index or "-"))]


class PlainReporter:
    """One line per profile (failures always, with their located issues), then a summary."""

    def __init__(self, stream: TextIO, quiet: bool) -> None:
        self.stream, self.quiet, self.done, self.total = stream, quiet, 0, 0

    def start(self, total: int) -> None:
        self.total = total

    def result(self, outcome: Outcome) -> None:
        self.done += 1
        if outcome.status == "failed" or not self.quiet:
            print(f"[{self.done}/{self.total}] {_line(outcome)}", file=self.stream)
        for issue in outcome.issues:
            print("    " + issue.format().replace("\n", "\n    "), file=self.stream)

    def finish(self, result: PortfolioResult) -> None:
        print(" · ".join(f"{name}: {value}" for name, value in summary_rows(result)), file=self.stream)


class RichReporter:
    """A live bar with the current count; failures printed above it as they happen; a table at the end."""

    def __init__(self, stream: TextIO) -> None:
        from rich.console import Console

        self.console = Console(file=stream, highlight=False)
        self.progress: Any = None
        self.task: Any = None

    def start(self, total: int) -> None:
        from rich.progress import BarColumn, MofNCompleteColumn, Progress, TextColumn, TimeElapsedColumn

        self.progress = Progress(TextColumn("building"), BarColumn(), MofNCompleteColumn(), TimeElapsedColumn(),
                                 TextColumn("{task.description}"), console=self.console, transient=True)
        self.progress.start()
        self.task = self.progress.add_task("", total=total)

    def result(self, outcome: Outcome) -> None:
        from rich.markup import escape

        if outcome.status == "failed":
            self.console.print(escape(_line(outcome)), style="red")
            for issue in outcome.issues:
                self.console.print(escape("    " + issue.format().replace("\n", "\n    ")))
        self.progress.update(self.task, advance=1, description=escape(outcome.slug))

    def finish(self, result: PortfolioResult) -> None:
        from rich.table import Table

        self.progress.stop()
        table = Table(title="kzpolicy-gen build", show_header=False)
        for name, value in summary_rows(result):
            table.add_row(name, value)
        self.console.print(table)
