"""The benchmark scripts run (a quick pass) and report ratios, so docs/performance.md stays reproducible."""

from __future__ import annotations

import subprocess
import sys

from tests.conftest import ROOT


def test_benchmark_runner_quick_pass() -> None:
    result = subprocess.run([sys.executable, str(ROOT / "benchmarks" / "run.py"), "--quick", "--only",
                             "help,md,diff,preview"],
                            capture_output=True, text=True, timeout=300, check=False)
    assert result.returncode == 0, result.stderr[-2000:]
    out = result.stdout
    assert "| kzpolicy-gen --help |" in out and "| minimal typer app --help |" in out
    assert "Target ≤ 1.20× the minimal typer app: **" in out and "Target ≤ 1.30× the floor: **" in out
    assert "| kzpolicy-gen diff example.yaml example-v2.yaml |" in out
    assert "Target ≤ 1.50× one Markdown build: **" in out
    assert "| one language (--lang en) |" in out and "| ru + kk + en side by side |" in out
    assert "Target ≤ 300 ms for one language: **" in out
