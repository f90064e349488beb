"""`pip install .`, or a built wheel alone, in a fresh virtual environment gives a working `kzpolicy-gen` for
Markdown and HTML.

How, and why this is honest and quick: the environment is new (`python -m venv`), and the project is
installed into it from its source folder by pip, non-editable, so the wheel's contents (templates,
fonts, data, the console script) are what runs. Its dependencies are not downloaded again: a `.pth`
line lends the test runner's own site-packages (pip would fetch exactly those distributions; fetching
them would make the test slow and need the network). WeasyPrint's system libraries are made
unloadable with the stand-in in `no_pango/` (first on PYTHONPATH), as on a machine where nothing but
Python was installed: Markdown and HTML must build, PDF must say what to install.
"""

from __future__ import annotations

import os
import subprocess
import sys
import sysconfig
from pathlib import Path

from tests.conftest import ROOT
from tests.install.test_pdf_engine import NO_PANGO


def _run(args: list[str], *, env: dict[str, str], cwd: Path) -> subprocess.CompletedProcess[str]:
    return subprocess.run(args, capture_output=True, text=True, env=env, cwd=cwd, timeout=300)


def _fresh_venv(tmp_path: Path) -> Path:
    """A new virtual environment that borrows this one's installed dependencies (no index needed); its python."""
    venv = tmp_path / "venv"
    subprocess.run([sys.executable, "-m", "venv", str(venv)], check=True, timeout=120)
    python = venv / "bin" / "python"
    site = Path(subprocess.run([str(python), "-c", "import sysconfig; print(sysconfig.get_paths()['purelib'])"],
                               check=True, capture_output=True, text=True).stdout.strip())
    (site / "lent-dependencies.pth").write_text(sysconfig.get_paths()["purelib"] + "\n", encoding="utf-8")
    return python


def test_pip_install_into_a_clean_venv_then_init_and_build(tmp_path: Path) -> None:
    python = _fresh_venv(tmp_path)
    venv = python.parent.parent
    env = {k: v for k, v in os.environ.items() if k not in ("PYTHONPATH", "VIRTUAL_ENV")}
    env |= {"PIP_NO_INDEX": "1", "PIP_DISABLE_PIP_VERSION_CHECK": "1", "LANG": "C.UTF-8"}
    done = _run([str(python), "-m", "pip", "install", "-q", "--no-deps", "--no-build-isolation", str(ROOT)],
                env=env, cwd=tmp_path)
    assert done.returncode == 0, done.stderr
    env["PYTHONPATH"] = str(NO_PANGO)
    where = _run([str(python), "-c", "import kzpolicy_gen; print(kzpolicy_gen.__file__)"], env=env, cwd=tmp_path)
    assert Path(where.stdout.strip()).is_relative_to(venv), where.stdout  # the installed copy, not the source tree
    tool = str(venv / "bin" / "kzpolicy-gen")
    answers = Path(__file__).parents[1] / "init" / "coffee.yaml"
    done = _run([tool, "init", "--answers", str(answers), "-o", "client.yaml"], env=env, cwd=tmp_path)
    assert done.returncode == 0, done.stdout + done.stderr
    assert (tmp_path / "profile.schema.json").is_file()  # the modeline's target, saved beside the profile
    done = _run([tool, "build", "client.yaml", "-o", "out", "--format", "md,html"], env=env, cwd=tmp_path)
    assert done.returncode == 0, done.stdout + done.stderr
    for lang in ("ru", "kk", "en"):
        assert "<html" in (tmp_path / "out" / lang / "policy.html").read_text(encoding="utf-8")
        assert "Coffee Bar LLP" in (tmp_path / "out" / "en" / "policy.md").read_text(encoding="utf-8")
    done = _run([tool, "build", "client.yaml", "-o", "pdf-out", "--format", "pdf"], env=env, cwd=tmp_path)
    assert done.returncode == 4 and "error[pdf-engine-missing]" in done.stderr and "brew install pango" in done.stderr



def test_a_wheel_alone_carries_every_file_a_build_needs(tmp_path: Path) -> None:
    """The wheel is built, then installed by file into a fresh environment and run from a folder outside the
    source tree, on a profile outside it: the templates, data, assets and fonts must come from the wheel."""
    import zipfile

    wheels = tmp_path / "wheels"
    env = {k: v for k, v in os.environ.items() if k not in ("PYTHONPATH", "VIRTUAL_ENV")}
    env |= {"PIP_NO_INDEX": "1", "PIP_DISABLE_PIP_VERSION_CHECK": "1", "LANG": "C.UTF-8"}
    done = _run([sys.executable, "-m", "pip", "wheel", "-q", "--no-deps", "--no-build-isolation", "-w", str(wheels),
                 str(ROOT)], env=env, cwd=tmp_path)
    assert done.returncode == 0, done.stderr
    [wheel] = wheels.glob("kzpolicy_gen-*.whl")
    names = set(zipfile.ZipFile(wheel).namelist())
    for needed in ("kzpolicy_gen/templates/kk/policy.md.j2", "kzpolicy_gen/data/catalogue.yaml",
                   "kzpolicy_gen/data/messages.yaml", "kzpolicy_gen/data/problems.yaml",
                   "kzpolicy_gen/data/signatures.yaml", "kzpolicy_gen/assets/shell.html.j2",
                   "kzpolicy_gen/assets/preview.js"):
        assert needed in names, needed
    assert any(name.startswith("kzpolicy_gen/assets/fonts/") for name in names)
    assert not any(name.startswith(("tests/", "profiles/")) for name in names)
    python = _fresh_venv(tmp_path)
    venv = python.parent.parent
    done = _run([str(python), "-m", "pip", "install", "-q", "--no-deps", str(wheel)], env=env, cwd=tmp_path)
    assert done.returncode == 0, done.stderr
    client = tmp_path / "agency" / "client.yaml"
    client.parent.mkdir()
    client.write_text((ROOT / "profiles" / "example.yaml").read_text(encoding="utf-8"), encoding="utf-8")
    env["PYTHONPATH"] = str(NO_PANGO)
    tool = str(venv / "bin" / "kzpolicy-gen")
    done = _run([tool, "build", str(client), "-o", "out", "--format", "md,html", "--ui-lang", "en"], env=env,
                cwd=client.parent)
    assert done.returncode == 0, done.stdout + done.stderr
    out = client.parent / "out"
    assert "Alma Market LLP" in (out / "en" / "policy.md").read_text(encoding="utf-8")
    assert "дербес деректер" in (out / "kk" / "policy.html").read_text(encoding="utf-8").lower()
    assert (out / "index.html").is_file() and (out / "manifest.json").is_file()
    assert (out / "kzpolicy.css").stat().st_size > 1000  # the pages' stylesheet, copied from the wheel's assets
    done = _run([tool, "validate", str(client), "--ui-lang", "en"], env=env, cwd=client.parent)
    assert done.returncode == 0, done.stdout + done.stderr
