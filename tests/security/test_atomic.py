"""No partial output: a failed or killed build leaves the old complete set or the new one, never a mix."""

from __future__ import annotations

import hashlib
import json
import signal
import subprocess
import sys
import time
from pathlib import Path

import pytest

from kzpolicy_gen.build import build_profile
from kzpolicy_gen.errors import KzPolicyError
from tests.conftest import EXAMPLE, profile_text, snapshot


def consistent_set(out: Path) -> str:
    """The operator named by a complete, self-consistent output set."""
    manifest = json.loads((out / "manifest.json").read_text(encoding="utf-8"))
    for entry in manifest["files"]:
        data = (out / entry["path"]).read_bytes()
        assert hashlib.sha256(data).hexdigest() == entry["sha256"], entry["path"]
    return str(manifest["operator"])


def test_failed_build_leaves_previous_output_untouched(tmp_path: Path) -> None:
    out = tmp_path / "out"
    build_profile(EXAMPLE, out, formats="md,html")
    before = snapshot(out)
    broken = tmp_path / "broken.yaml"
    broken.write_text(profile_text(**{'bin: "210540012341"': 'bin: "210540012342"'}), encoding="utf-8")
    with pytest.raises(KzPolicyError):
        build_profile(broken, out, formats="md,html")
    assert snapshot(out) == before
    assert not list(tmp_path.glob(".out.kzpolicy-stage-*"))


def test_failure_while_writing_keeps_old_set(tmp_path: Path, monkeypatch: pytest.MonkeyPatch) -> None:
    import kzpolicy_gen.output as output

    out = tmp_path / "out"
    build_profile(EXAMPLE, out, formats="md")
    before = snapshot(out)

    def no_space(*args: object, **kwargs: object) -> None:
        raise OSError(28, "No space left on device")

    monkeypatch.setattr(output, "_swap_in", no_space)
    changed = tmp_path / "changed.yaml"
    changed.write_text(profile_text(**{"    en: Alma Market LLP": "    en: Alma Market Two LLP"}), encoding="utf-8")
    with pytest.raises(KzPolicyError) as info:
        build_profile(changed, out, formats="md")
    assert info.value.issues[0].code == "out-io" and int(info.value.exit_code) == 4
    assert snapshot(out) == before
    assert not list(tmp_path.glob(".out.kzpolicy-stage-*"))


def test_files_we_do_not_produce_survive(tmp_path: Path) -> None:
    out = tmp_path / "out"
    out.mkdir()
    (out / "robots.txt").write_text("keep me", encoding="utf-8")
    build_profile(EXAMPLE, out, formats="md")
    assert (out / "robots.txt").read_text(encoding="utf-8") == "keep me"


def test_planted_symlink_is_refused(tmp_path: Path) -> None:
    out = tmp_path / "out"
    out.mkdir()
    victim = tmp_path / "victim"
    victim.mkdir()
    (out / "ru").symlink_to(victim)
    with pytest.raises(KzPolicyError) as info:
        build_profile(EXAMPLE, out, formats="md")
    assert info.value.issues[0].code == "out-symlink" and int(info.value.exit_code) == 4
    assert list(victim.iterdir()) == []


def test_sigkill_mid_build_leaves_old_or_new_complete_set(tmp_path: Path) -> None:
    out = tmp_path / "out"
    build_profile(EXAMPLE, out, formats="md,html")
    old_name = consistent_set(out)
    changed = tmp_path / "changed.yaml"
    changed.write_text(profile_text(**{"    ru: ТОО «Алма Маркет»": "    ru: ТОО «Алма Маркет Два»"}), encoding="utf-8")
    seen = set()
    # Kills at several moments of the build, then one run left to finish (a fixed last delay is not enough
    # on a loaded machine): every state seen is a complete old or new set.
    for delay in (0.3, 0.45, 0.55, 0.65, 0.75, 0.9, 1.2, None):
        process = subprocess.Popen([sys.executable, "-m", "kzpolicy_gen", "build", str(changed), "-o", str(out),
                                    "--format", "md,html", "-q"], stdout=subprocess.DEVNULL,
                                   stderr=subprocess.DEVNULL)
        if delay is not None:
            time.sleep(delay)
            process.send_signal(signal.SIGKILL)
        process.wait()
        name = consistent_set(out)
        assert name in (old_name, "ТОО «Алма Маркет Два»")
        seen.add(name)
    assert "ТОО «Алма Маркет Два»" in seen, "the build left to finish publishes the new set"
