"""Golden Markdown of every document of every seed profile in every language.

Why: the seed profiles describe real businesses, so any change of wording, clause order or numbering
in what they get must be seen and approved. Refresh after an intended change with
`.venv/bin/python -m pytest tests/seeds --update-golden` and review the diff in git.
"""

from __future__ import annotations

import difflib
from pathlib import Path

import pytest

from kzpolicy_gen.build import render_texts
from kzpolicy_gen.languages import LANGUAGES as DOCUMENT_LANGUAGES
from kzpolicy_gen.render.wording import RenderedText
from kzpolicy_gen.validate import load_profile
from tests.conftest import ROOT

SEEDS = ("cassida", "caviar", "stella", "lapp", "wadjet")
LANGUAGES = list(DOCUMENT_LANGUAGES)
GOLDEN = ROOT / "tests" / "seeds" / "golden"


def seed_texts(name: str) -> list[RenderedText]:
    """Markdown of every applicable document of one seed profile, in ru, kk and en."""
    return render_texts(load_profile(ROOT / "profiles" / f"{name}.yaml"), LANGUAGES)


def golden_path(name: str, text: RenderedText) -> Path:
    return GOLDEN / name / text.lang / f"{text.doc_id}.md"


def diff(expected: str, actual: str, path: Path) -> str:
    """A unified diff golden → generated, for the failure message."""
    rel = path.relative_to(ROOT).as_posix()
    lines = difflib.unified_diff(expected.splitlines(keepends=True), actual.splitlines(keepends=True),
                                 fromfile=f"{rel} (golden)", tofile=f"{rel} (generated)")
    return "".join(lines)


@pytest.mark.parametrize("name", SEEDS)
def test_golden_markdown(name: str, request: pytest.FixtureRequest) -> None:
    texts = seed_texts(name)
    expected_paths = {golden_path(name, t) for t in texts}
    if request.config.getoption("--update-golden"):
        for stale in (GOLDEN / name).rglob("*.md") if (GOLDEN / name).exists() else []:
            if stale not in expected_paths:
                stale.unlink()
        for text in texts:
            path = golden_path(name, text)
            path.parent.mkdir(parents=True, exist_ok=True)
            path.write_text(text.markdown, encoding="utf-8", newline="\n")
        pytest.skip(f"golden files of {name} rewritten; review them with git diff")
    committed = set((GOLDEN / name).rglob("*.md"))
    missing = sorted(p.relative_to(ROOT).as_posix() for p in expected_paths - committed)
    stale = sorted(p.relative_to(ROOT).as_posix() for p in committed - expected_paths)
    assert not missing and not stale, f"golden set differs (missing {missing}, stale {stale}); " \
                                      "run: .venv/bin/python -m pytest tests/seeds --update-golden"
    failures = []
    for text in texts:
        path = golden_path(name, text)
        golden = path.read_text(encoding="utf-8")
        if golden != text.markdown:
            failures.append(diff(golden, text.markdown, path))
    assert not failures, "generated Markdown differs from the golden files " \
                         "(run: .venv/bin/python -m pytest tests/seeds --update-golden)\n" + "\n".join(failures)


def test_diff_shows_changed_line() -> None:
    path = GOLDEN / "x.md"
    shown = diff("a\nold line\n", "a\nnew line\n", path)
    assert "-old line" in shown and "+new line" in shown and "(golden)" in shown


def test_every_seed_profile_has_golden_files() -> None:
    assert sorted(p.name for p in GOLDEN.iterdir() if p.is_dir()) == sorted(SEEDS)
