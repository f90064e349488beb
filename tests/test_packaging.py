"""Templates, fonts, CSS and data ship inside the wheel: build from a non-editable install."""

from __future__ import annotations

import subprocess
import sys
from pathlib import Path

from tests.conftest import EXAMPLE, ROOT


def test_build_from_installed_wheel(tmp_path: Path) -> None:
    dist = tmp_path / "dist"
    subprocess.run([sys.executable, "-m", "pip", "wheel", "--no-deps", "--no-build-isolation", "-q", "-w", str(dist),
                    str(ROOT)], check=True)
    wheel = next(dist.glob("kzpolicy_gen-*.whl"))
    subprocess.run([sys.executable, "-m", "pip", "install", "-q", "--no-deps", "--target",
                    str(tmp_path / "site"), str(wheel)], check=True)
    out = tmp_path / "out"
    site = str(tmp_path / "site")
    code = (f"import sys; sys.path.insert(0, {site!r}); import kzpolicy_gen; "
            "assert 'site' in kzpolicy_gen.__file__; from kzpolicy_gen.build import build_profile; "
            f"build_profile({str(EXAMPLE)!r}, {str(out)!r}, languages='kk', formats='md,html,pdf,docx')")
    subprocess.run([sys.executable, "-c", code], check=True, cwd=tmp_path)
    assert (out / "kk" / "policy.pdf").stat().st_size > 10_000
    assert (out / "kk" / "policy.docx").stat().st_size > 50_000  # the embedded fonts ship in the wheel
    assert (out / "kk" / "consent.md").read_text(encoding="utf-8").startswith("# Дербес деректерді")
