"""User-facing errors: one family, each carrying located issues and an exit code.

Why: the CLI must never show a traceback for bad input; every failure a user can cause is a
`KzPolicyError` whose issues say where (file:line:col), what (a stable code), and how to fix it.
The library raises these; only `kzpolicy_gen.cli` turns them into exit codes.
"""

from __future__ import annotations

import unicodedata
from dataclasses import dataclass, field
from enum import IntEnum


class ExitCode(IntEnum):
    """Process exit codes; part of the public interface (documented in docs/cli.md)."""

    OK = 0
    PROFILE = 1
    USAGE = 2
    TEMPLATE = 3
    OUTPUT = 4
    SOME_FAILED = 5
    OUTDATED = 6
    """`outdated`: some clients are outdated, none of them needs new consent (that is 1)."""
    INTERNAL = 70
    INTERRUPTED = 130


@dataclass(frozen=True)
class Issue:
    """One problem at one place; `severity` is "error" or "warning"."""

    code: str
    message: str
    file: str = ""
    line: int = 0
    column: int = 0
    path: str = ""
    hint: str = ""
    severity: str = "error"
    texts: tuple[tuple[str, str, str], ...] = ()  # (language, message, hint) given where it was found (rules)

    def location(self) -> str:
        parts = [self.file or "<profile>"]
        if self.line:
            parts.append(str(self.line))
            parts.append(str(self.column or 1))
        return ":".join(parts)

    def format(self, lang: str | None = None) -> str:
        """The one-line form `file:line:col: error[code]: field.path: message` plus a hint line; the message
        and the hint in `lang` (None: as raised). The location, severity, code and field path stay as they
        are: they are what scripts and searches match."""
        message, hint = self.message, self.hint
        given = [(m, h) for code, m, h in self.texts if code == lang]
        if given:
            message, hint = given[0]
        elif lang is not None and lang != "en":
            from kzpolicy_gen.messages import translate

            message, hint = translate(message, lang), translate(hint, lang)
        head = f"{safe_text(self.location(), 400)}: {self.severity}[{self.code}]: "
        if self.path:
            head += f"{safe_text(self.path, 200)}: "
        text = head + safe_text(message, limit=400)
        if hint:
            text += "\n    hint: " + safe_text(hint, limit=400)
        return text


@dataclass
class KzPolicyError(Exception):
    """Base of every error a user can cause; never a bug."""

    issues: list[Issue] = field(default_factory=list)
    exit_code: ExitCode = ExitCode.PROFILE

    def __str__(self) -> str:
        return "\n".join(issue.format() for issue in self.issues)


class ProfileError(KzPolicyError):
    """The profile file, its YAML or its content is invalid."""


class TemplateError(KzPolicyError):
    """A wording template (built-in or override) failed or tried something unsafe."""

    def __init__(self, issues: list[Issue]) -> None:
        super().__init__(issues, ExitCode.TEMPLATE)


class OutputError(KzPolicyError):
    """Output could not be written safely."""

    def __init__(self, issues: list[Issue]) -> None:
        super().__init__(issues, ExitCode.OUTPUT)


class UsageError(KzPolicyError):
    """The command line asks for something that does not exist (unknown language, format)."""

    def __init__(self, issues: list[Issue]) -> None:
        super().__init__(issues, ExitCode.USAGE)


def save_traceback(exc: BaseException) -> str:
    """Write a bug's traceback to a temporary file and return its path: the user sees one line, the
    report gets the whole story."""
    import tempfile
    import traceback

    with tempfile.NamedTemporaryFile("w", prefix="kzpolicy-gen-crash-", suffix=".txt", delete=False) as handle:
        traceback.print_exception(exc, file=handle)
    return handle.name


_INVISIBLE = {"Cc", "Cf", "Cs", "Co", "Cn", "Zl", "Zp"}


def safe_text(value: str, limit: int = 60) -> str:
    """Show a value in a terminal message: control and invisible characters escaped, length capped.

    Why: profile values can carry terminal escapes or bidi overrides; echoing them raw would let a
    client's file rewrite an agency's terminal (security plan T9).
    """
    out: list[str] = []
    for ch in value:
        if ch == "\n" and limit > 60:
            out.append(ch)
        elif unicodedata.category(ch) in _INVISIBLE or ch == "\x7f":
            code = ord(ch)
            out.append(f"\\x{code:02x}" if code < 0x100 else f"\\u{code:04x}" if code < 0x10000 else f"\\U{code:08x}")
        else:
            out.append(ch)
    text = "".join(out)
    return text if len(text) <= limit else text[: limit - 1] + "…"
