"""`--templates` is refused when it names no folder (never silently the built-in wording), and the override
folder is hashed by what can be loaded from it, not read whole."""

from __future__ import annotations

import os
import time
import tracemalloc
from pathlib import Path

import pytest

from kzpolicy_gen.cli import main
from kzpolicy_gen.inputs import folder_key
from kzpolicy_gen.overrides import MAX_TEMPLATE_BYTES
from tests.security.carrier import BASE


def _missing(tmp_path: Path) -> Path:
    return tmp_path / "no-such-folder"


def _file(tmp_path: Path) -> Path:
    path = tmp_path / "policy.md.j2"
    path.write_text("{% macro title() %}x{% endmacro %}", encoding="utf-8")
    return path


def _fifo(tmp_path: Path) -> Path:
    path = tmp_path / "templates"
    os.mkfifo(path)
    return path


def _dangling(tmp_path: Path) -> Path:
    path = tmp_path / "templates"
    path.symlink_to(tmp_path / "gone")
    return path


BAD = {"missing": _missing, "file": _file, "fifo": _fifo, "dangling-symlink": _dangling}


@pytest.mark.parametrize("several", [False, True], ids=["one-profile", "portfolio"])
@pytest.mark.parametrize("kind", sorted(BAD))
def test_templates_that_name_no_folder_are_a_usage_error(kind: str, several: bool, tmp_path: Path,
                                                         capsys: pytest.CaptureFixture[str]) -> None:
    templates = BAD[kind](tmp_path)
    profiles = [str(BASE), str(BASE.with_name("T01-norway-accepted.yaml"))] if several else [str(BASE)]
    out = tmp_path / "out"
    assert main(["build", *profiles, "-o", str(out), "--format", "md", "--templates", str(templates)]) == 2
    err = capsys.readouterr().err
    assert err.startswith(f"{templates}: error[usage]: --templates"), err
    assert "Traceback" not in err and not out.exists()


def test_a_symlinked_override_folder_is_accepted(tmp_path: Path) -> None:
    (tmp_path / "real" / "en").mkdir(parents=True)
    (tmp_path / "link").symlink_to(tmp_path / "real")
    assert main(["build", str(BASE), "-o", str(tmp_path / "out"), "--format", "md", "--lang", "en", "-q",
                 "--templates", str(tmp_path / "link")]) == 0


def test_an_unused_huge_file_is_not_read(tmp_path: Path) -> None:
    folder = tmp_path / "templates"
    (folder / "en").mkdir(parents=True)
    (folder / "en" / "policy.md.j2").write_text("{# words #}", encoding="utf-8")
    with (folder / "video.mp4").open("wb") as handle:
        handle.truncate(1 << 30)  # 1 GiB, sparse
    tracemalloc.start()
    started = time.perf_counter()
    first = folder_key(folder)
    seconds = time.perf_counter() - started
    peak = tracemalloc.get_traced_memory()[1]
    tracemalloc.stop()
    assert seconds < 1 and peak < 4 * MAX_TEMPLATE_BYTES, (seconds, peak)
    with (folder / "video.mp4").open("r+b") as handle:
        handle.truncate((1 << 30) + 1)
    assert folder_key(folder) != first  # its size still counts: it would be refused if included
    (folder / "en" / "policy.md.j2").write_text("{# other words #}", encoding="utf-8")
    assert folder_key(folder) not in (first, None)
