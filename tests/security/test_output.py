"""Output paths (plan §2.8), permissions and reproducibility (§2.9), and the size guard (T7, T14).

Reproducibility and the size guard run the real command in subprocesses, because what they guard
against (hash seeds, time zones, locales, the clock, memory) belongs to the process.
"""

from __future__ import annotations

import os
import re
import shutil
import stat
import subprocess
import sys
import time
from collections.abc import Iterator
from contextlib import contextmanager
from pathlib import Path

import pytest

from kzpolicy_gen.build import build_profile
from kzpolicy_gen.errors import KzPolicyError
from kzpolicy_gen.loader import MAX_BYTES, MAX_NODES, load_yaml
from tests.conftest import EXAMPLE, ROOT, snapshot
from tests.security.big_profile import big_profile
from tests.security.carrier import BASE, carrier_text

OUTPUT_NAME = re.compile(r"(?:(?:ru|kk|en)/[a-z-]+\.(?:md|html|fragment\.html|fragment-csp\.html|fragment-shadow\.html"
                         r"|pdf)|index\.html|manifest\.json|register\.json|kzpolicy\.css)")



def refused_output(profile: Path, out: Path) -> KzPolicyError:
    with pytest.raises(KzPolicyError) as info:
        build_profile(profile, out, languages="en", formats="md")
    assert int(info.value.exit_code) == 4
    return info.value


def test_output_that_is_a_symlink_is_refused(tmp_path: Path) -> None:
    victim = tmp_path / "victim"
    victim.mkdir()
    link = tmp_path / "out"
    link.symlink_to(victim)
    assert refused_output(BASE, link).issues[0].code == "out-symlink"
    dangling = tmp_path / "dangling"
    dangling.symlink_to(tmp_path / "nowhere")
    assert refused_output(BASE, dangling).issues[0].code == "out-symlink"
    assert list(victim.iterdir()) == [] and not (tmp_path / "nowhere").exists()


def test_output_that_is_a_file_is_refused(tmp_path: Path) -> None:
    existing = tmp_path / "out"
    existing.write_text("keep", encoding="utf-8")
    assert refused_output(BASE, existing).issues[0].code == "out-not-dir"
    assert existing.read_text(encoding="utf-8") == "keep"


def test_planted_file_symlink_inside_output_is_refused(tmp_path: Path) -> None:
    out = tmp_path / "out"
    build_profile(BASE, out, languages="en", formats="md")
    victim = tmp_path / "victim.txt"
    victim.write_text("keep", encoding="utf-8")
    (out / "en" / "policy.md").unlink()
    (out / "en" / "policy.md").symlink_to(victim)
    assert refused_output(BASE, out).issues[0].code == "out-symlink"
    assert victim.read_text(encoding="utf-8") == "keep"


@pytest.mark.parametrize("name", ["../../.ssh/authorized_keys", "/etc/cron.d/kzp", "CON", "nul", "com1", "lpt9",
                                  "x.", "x ", "a/b", "..", ".hidden", "Romashka", "ромашка", "a" * 64])
def test_unsafe_output_name_is_refused(name: str, tmp_path: Path) -> None:
    profile = tmp_path / "p.yaml"
    profile.write_text(f'output_name: "{name}"\n' + BASE.read_text(encoding="utf-8"), encoding="utf-8")
    with pytest.raises(KzPolicyError) as info:
        build_profile(profile, tmp_path / "out", languages="en", formats="md")
    assert info.value.issues[0].code == "slug" and info.value.issues[0].path == "output_name"
    assert sorted(p.name for p in tmp_path.iterdir()) == ["p.yaml"]


def test_files_are_named_from_fixed_ids_and_nothing_lands_outside(tmp_path: Path) -> None:
    """Hostile values never name a file; beside the output folder only its lock file remains."""
    parent = tmp_path / "parent"
    parent.mkdir()
    profile = tmp_path / "p.yaml"
    profile.write_text(carrier_text("../../../etc/passwd /tmp/x C:\\Windows\\x CON"), encoding="utf-8")
    build_profile(profile, parent / "out", languages="ru,kk,en", formats="md,html")
    names = list(snapshot(parent / "out"))
    assert names and all(OUTPUT_NAME.fullmatch(name) for name in names), names
    beside = [p for p in parent.iterdir() if p.name != "out"]
    assert all(p.is_file() and p.name.startswith(".out.kzpolicy-") for p in beside), beside  # the lock file only
    assert sorted(p.name for p in tmp_path.iterdir()) == ["p.yaml", "parent"]


@contextmanager
def umask(mask: int) -> Iterator[None]:
    previous = os.umask(mask)
    try:
        yield
    finally:
        os.umask(previous)


@pytest.mark.parametrize(("mask", "file_mode"), [(0o022, 0o644), (0o077, 0o600), (0o002, 0o664)])
def test_written_files_follow_the_umask_and_are_never_world_writable(mask: int, file_mode: int,
                                                                     tmp_path: Path) -> None:
    out = tmp_path / "out"
    with umask(mask):
        build_profile(BASE, out, languages="en", formats="md,html")
    for path in [out, *out.rglob("*")]:
        mode = stat.S_IMODE(path.stat().st_mode)
        assert not mode & stat.S_IWOTH, path
        assert mode == (0o777 & ~mask if path.is_dir() else file_mode), (path, oct(mode))


def _locales() -> tuple[str, str]:
    """Two locales that differ, from those installed (C.UTF-8 always exists)."""
    program = shutil.which("locale")
    available = subprocess.run([program, "-a"], capture_output=True, text=True, check=False).stdout.split() \
        if program else []
    other = next((name for name in ("ru_RU.utf8", "kk_KZ.utf8", "en_US.utf8", "POSIX") if name in available), "C")
    return "C.UTF-8", other


def build_in_process(out: Path, cwd: Path, env: dict[str, str], clock: str | None) -> float:
    """Run the CLI in a fresh process with its own environment; returns the wall time."""
    command = [sys.executable, "-m", "kzpolicy_gen", "build", str(EXAMPLE), "-o", str(out), "--lang", "ru", "-q"]
    if clock is not None:
        command = ["faketime", clock, *command]
    base = {k: v for k, v in os.environ.items() if k not in ("SOURCE_DATE_EPOCH", "PYTHONHASHSEED", "TZ", "LC_ALL",
                                                             "LANG", "LC_MESSAGES", "LANGUAGE")}
    base["PYTHONPATH"] = str(ROOT)
    started = time.perf_counter()
    subprocess.run(command, cwd=cwd, env={**base, **env}, check=True, capture_output=True, timeout=300)
    return time.perf_counter() - started


def test_builds_are_byte_identical_across_seed_zone_locale_directory_and_clock(tmp_path: Path) -> None:
    first_locale, second_locale = _locales()
    faketime = shutil.which("faketime") is not None
    (tmp_path / "a").mkdir()
    (tmp_path / "b" / "deeper").mkdir(parents=True)
    build_in_process(tmp_path / "one", tmp_path / "a",
                     {"PYTHONHASHSEED": "0", "TZ": "UTC", "LC_ALL": first_locale, "LANG": first_locale}, None)
    time.sleep(1.1)  # a timestamp taken from the clock would now differ by at least a second
    build_in_process(tmp_path / "two", tmp_path / "b" / "deeper",
                     {"PYTHONHASHSEED": "12345", "TZ": "Asia/Almaty", "LC_ALL": second_locale,
                      "LANG": second_locale}, "2031-05-05 12:00:00" if faketime else None)
    one, two = snapshot(tmp_path / "one"), snapshot(tmp_path / "two")
    assert sorted(one) == sorted(two) and any(name.endswith(".pdf") for name in one)
    assert [name for name in one if one[name] != two[name]] == []


LIMITS = {"categories": 200, "purposes": 200, "refs": 55, "third_parties": 100, "name_length": 300}
MAX_SECONDS, MAX_MIB = 60.0, 500

MEASURE = """
import resource, sys, time
from kzpolicy_gen.build import build_profile
started = time.perf_counter()
result = build_profile(sys.argv[1], sys.argv[2], formats="md,html")
seconds = time.perf_counter() - started
print(len(result.files), round(seconds, 2), resource.getrusage(resource.RUSAGE_SELF).ru_maxrss // 1024)
"""


def test_profile_at_the_size_limits_builds_in_bounded_time_and_memory(tmp_path: Path) -> None:
    text = big_profile(**LIMITS)
    size, values = len(text.encode("utf-8")), len(load_yaml(text).positions)
    assert size > MAX_BYTES * 0.75 and values > MAX_NODES * 0.7, (size, values)  # near the loader's limits
    profile = tmp_path / "big.yaml"
    profile.write_text(text, encoding="utf-8")
    result = subprocess.run([sys.executable, "-c", MEASURE, str(profile), str(tmp_path / "out")],
                            capture_output=True, text=True, timeout=MAX_SECONDS * 2,
                            env={**os.environ, "PYTHONPATH": str(ROOT)}, check=False)
    assert result.returncode == 0, result.stderr[-2000:]
    files, seconds, mib = result.stdout.split()
    print(f"size-limit profile: {size} bytes, {values} values, {files} files in {seconds} s, {mib} MiB peak")
    assert float(seconds) < MAX_SECONDS and int(mib) < MAX_MIB, (seconds, mib)
