"""Error-path hygiene (plan E): a bug is one apology line and a saved traceback, never a traceback on
screen; a portfolio keeps going past it; usage mistakes are usage errors."""

from __future__ import annotations

import re
import subprocess
import sys
from pathlib import Path

import pytest

from kzpolicy_gen.cli import main
from tests.conftest import EXAMPLE

BOOM = ("import sys, kzpolicy_gen.plan.planner as planner, kzpolicy_gen.build as build\n"
        "def boom(profile, only=None, **options):\n    raise RuntimeError('boom')\n"
        "build.plan_documents = boom\n"
        "from kzpolicy_gen.cli import main\nsys.exit(main(sys.argv[1:]))\n")


def _run(*args: str) -> subprocess.CompletedProcess[str]:
    return subprocess.run([sys.executable, "-c", BOOM, *args], capture_output=True, text=True, timeout=120,
                          check=False)


def test_internal_error_is_one_line_and_a_saved_traceback(tmp_path: Path) -> None:
    result = _run("build", str(EXAMPLE), "-o", str(tmp_path / "out"), "--format", "md", "--ui-lang", "en")
    assert result.returncode == 70
    assert "Traceback" not in result.stderr and 'File "' not in result.stderr
    lines = result.stderr.strip().splitlines()
    assert len(lines) == 1 and "internal error (RuntimeError)" in lines[0] and "--debug" in lines[0]
    saved = Path(re.search(r"saved to (\S+?);", lines[0]).group(1))  # type: ignore[union-attr]
    assert "RuntimeError: boom" in saved.read_text(encoding="utf-8")
    saved.unlink()
    assert not (tmp_path / "out").exists()


def test_debug_shows_the_traceback(tmp_path: Path) -> None:
    result = _run("build", str(EXAMPLE), "-o", str(tmp_path / "out"), "--format", "md", "--debug")
    assert result.returncode != 0 and "Traceback" in result.stderr and "RuntimeError: boom" in result.stderr


def test_a_bug_in_one_portfolio_profile_does_not_stop_the_rest(tmp_path: Path, monkeypatch: pytest.MonkeyPatch,
                                                              capsys: pytest.CaptureFixture[str]) -> None:
    import kzpolicy_gen.build as build

    real = build.plan_documents
    clients = tmp_path / "clients"
    clients.mkdir()
    (clients / "a.yaml").write_text(EXAMPLE.read_text(encoding="utf-8").replace("alma-market", "a"), "utf-8")
    (clients / "b.yaml").write_text(EXAMPLE.read_text(encoding="utf-8").replace("alma-market", "b"), "utf-8")

    def flaky(profile: object, only: object = None, **options: object) -> object:
        if getattr(profile, "output_name", "") == "b":
            raise RuntimeError("boom")
        return real(profile, only, **options)  # type: ignore[arg-type]

    monkeypatch.setattr(build, "plan_documents", flaky)
    assert main(["build", str(clients), "-o", str(tmp_path / "site"), "--format", "md", "--jobs", "1"]) == 5
    err = capsys.readouterr().err
    assert "error[internal-error]" in err and "Traceback" not in err
    assert (tmp_path / "site" / "a" / "ru" / "policy.md").is_file() and not (tmp_path / "site" / "b").exists()
    for path in re.findall(r"saved to (\S+?);", err):
        Path(path).unlink(missing_ok=True)


@pytest.mark.parametrize("args", [
    ["build"],
    ["build", "missing.yaml"],
    ["validate", "."],
    ["build", str(EXAMPLE), "--jobs", "0"],
    ["build", str(EXAMPLE), "--lang", "de"],
    ["check", str(EXAMPLE), "--format", "xml"],
])
def test_usage_mistakes(args: list[str], capsys: pytest.CaptureFixture[str]) -> None:
    code = main(args)
    err = capsys.readouterr().err
    assert code in (1, 2) and "Traceback" not in err and err.strip()
