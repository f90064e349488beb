"""Windows and macOS: no module needs a POSIX-only or Linux-only module at import time, and every branch
taken where Linux has something the others lack (fcntl, resource, /proc, renameat2, syncfs) is run here by
taking the Linux piece away. (The swap without renameat2 is in tests/security/test_publish.py.)"""

from __future__ import annotations

import ast
import os
import subprocess
import sys
from pathlib import Path

import pytest

from kzpolicy_gen import memory
from tests.conftest import ROOT
from tests.security.carrier import BASE

POSIX_ONLY = {"fcntl", "resource", "termios", "pwd", "grp", "posix", "msvcrt", "winreg"}


def test_no_module_imports_a_platform_module_at_the_top() -> None:
    for path in sorted((ROOT / "kzpolicy_gen").rglob("*.py")):
        tree = ast.parse(path.read_text(encoding="utf-8"))
        for node in tree.body:
            names = [alias.name for alias in node.names] if isinstance(node, ast.Import) else \
                [node.module or ""] if isinstance(node, ast.ImportFrom) else []
            assert not POSIX_ONLY & {name.split(".")[0] for name in names}, (path, names)


WITHOUT = """
import sys
for name in ("fcntl", "resource"):
    sys.modules[name] = None  # as on Windows: importing them fails
import pkgutil, importlib, kzpolicy_gen
for module in pkgutil.walk_packages(kzpolicy_gen.__path__, "kzpolicy_gen."):
    if module.name != "kzpolicy_gen.__main__":
        importlib.import_module(module.name)
from kzpolicy_gen.cli import main
code = main(["build", sys.argv[1], "-o", sys.argv[2], "--format", "md", "--lang", "en", "-q"])
code2 = main(["build", sys.argv[1], sys.argv[1].replace("base.yaml", "Y15-directive.yaml"), "-o", sys.argv[3],
              "--format", "md", "--lang", "en", "-q", "-j", "1"])
print(code, code2)
"""


def test_builds_work_without_fcntl_and_resource(tmp_path: Path) -> None:
    result = subprocess.run([sys.executable, "-c", WITHOUT, str(BASE), str(tmp_path / "one"), str(tmp_path / "site")],
                            capture_output=True, text=True, cwd=ROOT, env={**os.environ, "PYTHONPATH": str(ROOT)},
                            timeout=180, check=False)
    assert result.returncode == 0, result.stderr[-2000:]
    assert result.stdout.split()[-2:] == ["0", "0"], result.stdout + result.stderr[-1000:]
    assert (tmp_path / "one" / "manifest.json").is_file() and (tmp_path / "site" / "portfolio.json").is_file()


def test_memory_probes_without_proc(monkeypatch: pytest.MonkeyPatch, tmp_path: Path) -> None:
    monkeypatch.setattr(memory, "_STATM", tmp_path / "no-statm")
    real_read = Path.read_text

    def no_proc(self: Path, *args: object, **kwargs: object) -> str:
        if str(self).startswith("/proc/"):
            raise FileNotFoundError(str(self))
        return real_read(self, *args, **kwargs)  # type: ignore[arg-type]

    monkeypatch.setattr(Path, "read_text", no_proc)
    peak = memory.peak_bytes()  # ru_maxrss, as on macOS
    assert peak is not None and peak > 10 << 20
    assert memory.resident_bytes() == memory.peak_bytes()
    monkeypatch.setitem(sys.modules, "resource", None)  # as on Windows
    assert memory.peak_bytes() is None and memory.resident_bytes() is None
