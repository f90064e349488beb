"""Shared fixtures: the example profile, built once per session."""

from __future__ import annotations

import signal
from pathlib import Path

import pytest

from kzpolicy_gen.build import build_profile

ROOT = Path(__file__).resolve().parents[1]
EXAMPLE = ROOT / "profiles" / "example.yaml"
PROFILES = sorted((ROOT / "profiles").glob("*.yaml"))


def pytest_addoption(parser: pytest.Parser) -> None:
    """`--update-golden` rewrites the golden Markdown under tests/seeds/golden instead of comparing."""
    parser.addoption("--update-golden", action="store_true", default=False,
                     help="rewrite the golden Markdown files of the seed profiles")


@pytest.fixture(scope="session")
def example_build(tmp_path_factory: pytest.TempPathFactory) -> Path:
    """The example built in every language and format (PDF included)."""
    out = tmp_path_factory.mktemp("example") / "out"
    build_profile(EXAMPLE, out)
    return out


def profile_text(**replacements: str) -> str:
    """The example profile's text with some lines replaced (old line → new line)."""
    text = EXAMPLE.read_text(encoding="utf-8")
    for old, new in replacements.items():
        assert old in text, old
        text = text.replace(old, new)
    return text


def snapshot(folder: Path) -> dict[str, bytes]:
    """Every file under `folder` (relative path → bytes): to compare an output tree before and after."""
    return {p.relative_to(folder).as_posix(): p.read_bytes() for p in sorted(folder.rglob("*")) if p.is_file()}


def as_in_a_terminal() -> None:
    """`preexec_fn` for a child the test sends Ctrl-C to: SIGINT handled by default, as in a terminal's
    foreground job. A suite started in the background (`cmd &` in a script, nohup) ignores SIGINT, and a child
    inherits that, so without this it would never see the signal and the test would hang, not the tool."""
    signal.signal(signal.SIGINT, signal.SIG_DFL)
