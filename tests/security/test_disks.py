"""Real file systems that misbehave: `-o` is a mount point (a Docker volume, a CI cache), the disk is full,
read-only, or out of inodes. Each is a small tmpfs mounted for the test (needs root, as in the project's CI
container), so the errors come from the kernel, not from a mock. Every failure is exit 4 with one located
`out-io` line, and nothing half-written or temporary is left behind.

The same code paths without root: `test_publish.py` forces the mount-point swap, and the portfolio fault
tests inject a full disk under the index.
"""

from __future__ import annotations

import json
import os
import subprocess
from collections.abc import Iterator
from contextlib import contextmanager
from pathlib import Path

import pytest

from kzpolicy_gen.cli import main
from tests.conftest import snapshot
from tests.security.carrier import BASE

pytestmark = pytest.mark.skipif(os.geteuid() != 0 or not Path("/proc/mounts").exists(),
                                reason="mounting a tmpfs needs root on Linux")


@contextmanager
def tmpfs(where: Path, options: str) -> Iterator[Path]:
    where.mkdir(parents=True, exist_ok=True)
    mounted = subprocess.run(["mount", "-t", "tmpfs", "-o", options, "tmpfs", str(where)], capture_output=True,
                             check=False)
    if mounted.returncode:
        pytest.skip(f"cannot mount a tmpfs here: {mounted.stderr.decode(errors='replace').strip()}")
    try:
        yield where
    finally:
        subprocess.run(["umount", "-l", str(where)], check=False)


def clients(folder: Path, count: int = 3) -> Path:
    folder.mkdir(parents=True, exist_ok=True)
    for index in range(count):
        (folder / f"c{index}.yaml").write_text(f"output_name: client-{index}\n" + BASE.read_text(encoding="utf-8"),
                                               encoding="utf-8")
    return folder


def build(*args: str) -> int:
    return main(["build", *args, "--format", "md", "--lang", "en", "-q", "-j", "1"])


def test_a_mount_point_is_built_into_by_replacing_its_contents(tmp_path: Path,
                                                               capsys: pytest.CaptureFixture[str]) -> None:
    with tmpfs(tmp_path / "out", "size=8m") as out:
        (out / "robots.txt").write_text("kept", encoding="utf-8")
        assert build(str(BASE), "-o", str(out)) == 0
        assert build(str(BASE), "-o", str(out), "--format", "md,html", "--force") == 0
        assert build(str(BASE), "-o", str(out), "--force") == 0  # html dropped again: nothing stale stays
        manifest = json.loads((out / "manifest.json").read_text(encoding="utf-8"))
        listed = {entry["path"] for entry in manifest["files"]} | {"manifest.json"}
        assert set(snapshot(out)) == listed | {"robots.txt"}
        assert (out / "robots.txt").read_text(encoding="utf-8") == "kept"
        assert not list(out.glob(".kzpolicy-*"))
    assert "error" not in capsys.readouterr().err


def test_a_full_disk_keeps_the_old_set_and_leaves_nothing(tmp_path: Path, capsys: pytest.CaptureFixture[str]) -> None:
    with tmpfs(tmp_path / "disk", "size=400k") as disk:
        out = disk / "out"
        assert build(str(BASE), "-o", str(out)) == 0
        before = snapshot(out)
        (disk / "filler").write_bytes(b"\0" * (os.statvfs(disk).f_bavail * os.statvfs(disk).f_frsize))
        assert main(["build", str(BASE), "-o", str(out), "--format", "md,html", "--force"]) == 4
        err = capsys.readouterr().err
        assert "error[out-io]" in err and "internal error" not in err
        assert snapshot(out) == before
        assert sorted(p.name for p in disk.iterdir()) == ["filler", "out"]


@pytest.mark.parametrize("fault", ["full", "read-only"])
def test_a_portfolio_index_that_cannot_be_written_is_exit_4(fault: str, tmp_path: Path,
                                                            capsys: pytest.CaptureFixture[str]) -> None:
    folder = clients(tmp_path / "clients")
    with tmpfs(tmp_path / "disk", "size=2m") as disk:
        site = disk / "site"
        assert build(str(folder), "-o", str(site)) == 0
        if fault == "full":
            stat = os.statvfs(disk)
            (disk / "filler").write_bytes(b"\0" * (stat.f_bavail * stat.f_frsize))
        else:
            subprocess.run(["mount", "-o", "remount,ro", str(disk)], check=True)
        assert build(str(folder), "-o", str(site)) == 4  # every client is unchanged; only the index is written
        err = capsys.readouterr().err
        assert "error[out-io]" in err and "internal error" not in err
        assert not list(site.glob(".portfolio.json.*")) and not list(site.glob(".index.html.*"))
        json.loads((site / "portfolio.json").read_text(encoding="utf-8"))  # the old index is intact


@pytest.mark.parametrize("portfolio", [False, True], ids=["single", "portfolio"])
def test_no_inodes_left_for_missing_parents_is_exit_4(portfolio: bool, tmp_path: Path,
                                                      capsys: pytest.CaptureFixture[str]) -> None:
    target = str(clients(tmp_path / "clients")) if portfolio else str(BASE)
    with tmpfs(tmp_path / "disk", "size=2m,nr_inodes=3") as disk:
        (disk / "a").mkdir()
        assert build(target, "-o", str(disk / "a" / "b" / "c" / "out")) == 4
        err = capsys.readouterr().err
        assert "error[out-io]" in err and "internal error" not in err
