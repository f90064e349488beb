"""A terminal or pipe that cannot encode Kazakh or Russian letters (C locale with ascii, a Windows console in
cp1251 or cp866) gets escapes, never an encoding error: every command keeps its own exit code."""

from __future__ import annotations

import os
import subprocess
import sys
from pathlib import Path

import pytest

from tests.conftest import EXAMPLE, ROOT
from tests.security.carrier import BASE

CORPUS = BASE.parent
KK_AUDIT = "Біз сіздің жеке деректеріңізді қорғаймыз. Сроки устанавливаются федеральным законом.\n"


def commands(tmp_path: Path) -> dict[str, tuple[list[str], int]]:
    policy = tmp_path / "policy.txt"
    policy.write_text(KK_AUDIT, encoding="utf-8")
    return {
        "check-kk": (["check", str(EXAMPLE), "--ui-lang", "kk"], 0),
        "check-ru-json": (["check", str(EXAMPLE), "--ui-lang", "ru", "--format", "json"], 0),
        "validate-error": (["validate", str(CORPUS / "V16c-language-null-nested.yaml")], 1),
        "audit": (["audit", str(policy)], 1),
        "build": (["build", str(CORPUS / "Y15-directive.yaml"), "-o", str(tmp_path / "тест"), "--format", "md"], 0),
    }


@pytest.mark.parametrize("encoding", ["ascii", "cp1251", "cp866", "latin-1"])
@pytest.mark.parametrize("command", ["check-kk", "check-ru-json", "validate-error", "audit", "build"])
def test_output_that_cannot_be_encoded_is_escaped(command: str, encoding: str, tmp_path: Path) -> None:
    args, code = commands(tmp_path)[command]
    env = {**os.environ, "PYTHONPATH": str(ROOT), "PYTHONIOENCODING": encoding, "LC_ALL": "C", "LANG": "C"}
    result = subprocess.run([sys.executable, "-m", "kzpolicy_gen", *args], capture_output=True, env=env, cwd=ROOT,
                            timeout=120, stdin=subprocess.DEVNULL, check=False)
    err = result.stderr.decode(encoding, errors="replace")  # click may pick UTF-8 for an ascii stream
    assert result.returncode == code, err[-1500:]
    assert "internal error" not in err and "Traceback" not in err
    out = result.stdout.decode(encoding, errors="replace")
    assert out or err
    if encoding == "ascii" and command in ("check-kk", "audit"):
        assert "\\u04" in out + err  # a Cyrillic letter shown as an escape
