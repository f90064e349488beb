"""Without WeasyPrint's system libraries: PDF fails with one located message, md and html still build."""

from __future__ import annotations

import os
import subprocess
import sys
from pathlib import Path

from tests.conftest import EXAMPLE, ROOT

NO_PANGO = Path(__file__).parent / "no_pango"


def _cli(*args: str, cwd: Path) -> subprocess.CompletedProcess[str]:
    env = {**os.environ, "PYTHONPATH": os.pathsep.join([str(NO_PANGO), str(ROOT)]), "LANG": "C.UTF-8"}
    return subprocess.run([sys.executable, "-m", "kzpolicy_gen", *args], capture_output=True, text=True, env=env,
                          cwd=cwd, timeout=120)


def test_pdf_without_system_libraries_is_one_message_naming_what_to_install(tmp_path: Path) -> None:
    out = tmp_path / "out"
    done = _cli("build", str(EXAMPLE), "-o", str(out), "--lang", "en", "--format", "md,pdf", cwd=tmp_path)
    assert done.returncode == 4, done.stderr
    assert "Traceback" not in done.stderr
    problems = [line for line in done.stderr.splitlines() if "error[" in line]
    assert len(problems) == 1 and f"{EXAMPLE}: error[pdf-engine-missing]: --format pdf:" in problems[0]
    assert "libgobject-2.0-0" in problems[0]  # the loader's own reason
    for platform in ("Debian/Ubuntu: sudo apt install libpango", "brew install pango", "Windows:", "MSYS2",
                     "--format md,html"):
        assert platform in done.stderr
    assert not out.exists()  # failed before anything was written


def test_md_and_html_build_without_system_libraries(tmp_path: Path) -> None:
    out = tmp_path / "out"
    done = _cli("build", str(EXAMPLE), "-o", str(out), "--lang", "en", "--format", "md,html", cwd=tmp_path)
    assert done.returncode == 0, done.stderr
    assert "\n# Policy " in (out / "en" / "policy.md").read_text(encoding="utf-8")  # after the approval stamp
    assert "<html" in (out / "en" / "policy.html").read_text(encoding="utf-8")


def test_portfolio_asking_for_pdf_fails_once_not_per_client(tmp_path: Path) -> None:
    folder = tmp_path / "clients"
    folder.mkdir()
    for name in ("a", "b"):
        text = EXAMPLE.read_text(encoding="utf-8").replace("output_name: alma-market", f"output_name: {name}")
        (folder / f"{name}.yaml").write_text(text, encoding="utf-8")
    done = _cli("build", str(folder), "-o", str(tmp_path / "site"), "--format", "pdf", "--jobs", "1", cwd=tmp_path)
    assert done.returncode == 4, done.stderr
    assert done.stderr.count("error[pdf-engine-missing]") == 1
