"""Publishing the truth: after a rebuild `-o` holds exactly what this build produced plus what the tool does
not own, untouched; stale documents never stay published; leftovers of a killed build are cleaned on every
run; the swap works without `renameat2` and into a folder that cannot be renamed (a mount point).

Ownership rule (docs/cli.md): the tool owns the files its previous manifest lists.
"""

from __future__ import annotations

import json
import os
import shutil
import socket
import stat
import time
from pathlib import Path

import pytest

from kzpolicy_gen import output
from kzpolicy_gen.build import build_profile
from kzpolicy_gen.errors import KzPolicyError
from tests.conftest import EXAMPLE, profile_text, snapshot
from tests.security.carrier import BASE


def fake_pdf(page: str, name: str) -> bytes:
    """Stands in for WeasyPrint: these tests are about which files are published, not their bytes."""
    return b"%PDF-1.7 stand-in " + name.encode() + b" " + str(len(page)).encode()


def build(profile: Path, out: Path, **options: str) -> str:
    """A build whose changed text may go out under the same version: the version guard (tests/test_versions.py)
    is not what these tests are about."""
    options.setdefault("languages", "en")
    options.setdefault("formats", "md")
    return build_profile(profile, out, pdf_renderer=fake_pdf, same_version=True,  # type: ignore[arg-type]
                         **options).status


def listed(out: Path) -> set[str]:
    manifest = json.loads((out / "manifest.json").read_text(encoding="utf-8"))
    return {entry["path"] for entry in manifest["files"]} | {"manifest.json"}


def files_in(out: Path) -> set[str]:
    return set(snapshot(out))


def without_marketing(tmp_path: Path) -> Path:
    text = profile_text(**{
        "  - purpose: marketing\n    data: [identity, contacts]\n    basis: consent\n    optional: true\n"
        "    retention: {until_purpose_achieved: true}\n": "",
        "  - service: sendpulse\n    purposes: [marketing]\n    agreement: true\n": "",
        "marketing:\n  channels: [email, sms]\n  unsubscribe_link: true\n": "",
    })
    path = tmp_path / "no-marketing.yaml"
    path.write_text(text, encoding="utf-8")
    return path


# ---------------------------------------------------------------- item 1: stale documents


@pytest.mark.parametrize(("first", "second"), [
    ({"formats": "md,html,pdf"}, {"formats": "md"}),
    ({"formats": "md,html"}, {"formats": "html"}),
    ({"languages": "ru,kk,en"}, {"languages": "en"}),
    ({"formats": "md,pdf", "languages": "ru,en"}, {"formats": "pdf", "languages": "ru"}),
], ids=["drop-html-and-pdf", "drop-md", "drop-languages", "drop-both"])
def test_a_narrower_rebuild_publishes_exactly_what_it_produced(first: dict[str, str], second: dict[str, str],
                                                              tmp_path: Path) -> None:
    out = tmp_path / "out"
    build(EXAMPLE, out, **first)
    build(EXAMPLE, out, **second)
    assert files_in(out) == listed(out)
    assert not [p for p in out.rglob("*") if p.is_dir() and not any(p.iterdir())]  # no folder left empty


def test_a_document_the_profile_no_longer_gets_is_removed(tmp_path: Path) -> None:
    out = tmp_path / "out"
    build(EXAMPLE, out, formats="md,html,pdf")
    assert list(out.rglob("consent-marketing.*"))
    build(without_marketing(tmp_path), out, formats="md,html,pdf")
    assert not list(out.rglob("consent-marketing.*"))
    assert files_in(out) == listed(out)


# ---------------------------------------------------------------- item 2: what the tool does not own


def plant_user_entries(out: Path) -> dict[str, str]:
    """Things a user keeps in a published folder; returns path → kind."""
    (out / "empty").mkdir()
    (out / "deep" / "er" / "est").mkdir(parents=True)
    (out / ".git" / "objects" / "ab").mkdir(parents=True)
    (out / ".git" / "refs" / "heads").mkdir(parents=True)
    (out / ".git" / "HEAD").write_text("ref: refs/heads/main\n", encoding="utf-8")
    (out / ".git" / "objects" / "ab" / "cdef").write_bytes(b"\x78\x01blob")
    (out / ".git" / "objects" / "ab" / "cdef").chmod(0o444)
    (out / "en" / "notes.txt").write_text("my notes beside the policy", encoding="utf-8")
    (out / "robots.txt").write_text("User-agent: *\n", encoding="utf-8")
    os.mkfifo(out / "pipe")
    return {"empty": "dir", "deep/er/est": "dir", ".git/refs/heads": "dir", ".git/HEAD": "file",
            ".git/objects/ab/cdef": "file", "en/notes.txt": "file", "robots.txt": "file", "pipe": "fifo"}


def state(out: Path, entries: dict[str, str]) -> dict[str, tuple[object, ...]]:
    found: dict[str, tuple[object, ...]] = {}
    for rel in entries:
        info = (out / rel).lstat()
        content = (out / rel).read_bytes() if stat.S_ISREG(info.st_mode) else b""
        found[rel] = (stat.S_IFMT(info.st_mode), stat.S_IMODE(info.st_mode), content, info.st_mtime_ns)
    return found


@pytest.mark.parametrize("swap", ["exchange", "two-renames", "contents"])
def test_rebuilds_keep_everything_the_tool_does_not_own(swap: str, tmp_path: Path,
                                                        monkeypatch: pytest.MonkeyPatch) -> None:
    out = tmp_path / "out"
    build(EXAMPLE, out, formats="md,html")
    entries = plant_user_entries(out)
    before = state(out, entries)
    force_swap(swap, monkeypatch)
    build(without_marketing(tmp_path), out, formats="md")  # a rebuild that drops documents and a format
    assert state(out, entries) == before
    ours = files_in(out) - {rel for rel, kind in entries.items() if kind == "file"}
    assert ours == listed(out)


def test_a_socket_in_the_output_is_refused(tmp_path: Path) -> None:
    out = tmp_path / "out"
    build(BASE, out)
    server = socket.socket(socket.AF_UNIX)
    try:
        server.bind(str(out / "s.sock"))
        before = snapshot(out)
        with pytest.raises(KzPolicyError) as caught:
            build_profile(BASE, out, languages="en", formats="md", force=True)
        assert caught.value.issues[0].code == "out-special" and int(caught.value.exit_code) == 4
        assert snapshot(out) == before
    finally:
        server.close()


@pytest.mark.parametrize("planted", ["index.html", "en/policy.md", "manifest.json", "en", "kzpolicy.css"])
def test_a_produced_name_never_overwrites_a_file_the_tool_does_not_own(planted: str, tmp_path: Path) -> None:
    out = tmp_path / "out"
    out.mkdir()
    target = out / planted
    target.parent.mkdir(parents=True, exist_ok=True)
    target.write_text("the user's own file", encoding="utf-8")
    with pytest.raises(KzPolicyError) as caught:
        build_profile(BASE, out, languages="en", formats="md,html")
    assert caught.value.issues[0].code == "out-not-ours" and int(caught.value.exit_code) == 4
    assert target.read_text(encoding="utf-8") == "the user's own file"
    assert files_in(out) == {planted}


def test_a_folder_where_a_file_will_go_is_refused(tmp_path: Path) -> None:
    out = tmp_path / "out"
    (out / "index.html").mkdir(parents=True)
    with pytest.raises(KzPolicyError) as caught:
        build_profile(BASE, out, languages="en", formats="md")
    assert caught.value.issues[0].code == "out-not-ours"


# ---------------------------------------------------------------- item 3: hand edits


@pytest.mark.parametrize("edit", ["same-size-time-restored", "truncated-time-restored", "mode-only"])
def test_a_hand_edited_output_is_rebuilt_even_with_its_time_restored(edit: str, tmp_path: Path) -> None:
    out = tmp_path / "out"
    build(BASE, out)
    assert build(BASE, out) == "unchanged"
    policy = out / "en" / "policy.md"
    info = policy.stat()
    data = policy.read_bytes()
    time.sleep(0.05)  # the kernel's file times are coarse (a few ms): a hand edit comes later than that
    if edit == "same-size-time-restored":
        policy.write_bytes(data.replace(b"Romashka", b"Vasilyok", 1))
    elif edit == "truncated-time-restored":
        policy.write_bytes(data[:-10])
    else:
        policy.chmod(0o600)
    os.utime(policy, ns=(info.st_atime_ns, info.st_mtime_ns))
    assert build(BASE, out) == "built"
    assert policy.read_bytes() == data


# ---------------------------------------------------------------- item 5: leftovers of a killed build


def old_set(tmp_path: Path) -> Path:
    out = tmp_path / "out"
    build(BASE, out)
    return out


@pytest.mark.parametrize("leftover", ["stage-beside", "stage-inside", "backup-beside-intact-out", "legacy-lock"])
def test_leftovers_are_cleaned_even_when_the_build_is_up_to_date(leftover: str, tmp_path: Path) -> None:
    out = old_set(tmp_path)
    name = {"stage-beside": tmp_path / ".out.kzpolicy-stage-abc123", "stage-inside": out / ".kzpolicy-stage-x1",
            "backup-beside-intact-out": tmp_path / ".out.kzpolicy-old",
            "legacy-lock": tmp_path / ".out.kzpolicy-lock"}[leftover]
    if leftover == "legacy-lock":
        name.write_text("", encoding="utf-8")
    else:
        shutil.copytree(out, name, ignore=shutil.ignore_patterns(".kzpolicy-stage-*"))
    assert build(BASE, out) == "unchanged"
    assert not name.exists()
    assert sorted(p.name for p in tmp_path.iterdir()) == ["out"]


def test_a_kill_between_the_two_renames_is_repaired_by_the_next_run(tmp_path: Path) -> None:
    out = old_set(tmp_path)
    before = snapshot(out)
    out.rename(tmp_path / ".out.kzpolicy-old")  # what a kill after the first rename of the fallback leaves
    shutil.copytree(tmp_path / ".out.kzpolicy-old", tmp_path / ".out.kzpolicy-stage-zz9")
    assert build(BASE, out) == "unchanged"  # the old set is back, intact, so nothing needs building
    assert snapshot(out) == before
    assert sorted(p.name for p in tmp_path.iterdir()) == ["out"]


# ---------------------------------------------------------------- the swap without Linux


def force_swap(kind: str, monkeypatch: pytest.MonkeyPatch) -> None:
    if kind == "two-renames":
        monkeypatch.setattr(output, "_libc", lambda: None)  # no renameat2, no syncfs: macOS, Windows
    elif kind == "contents":
        monkeypatch.setattr(output.os.path, "ismount", lambda path: Path(path).name == "out")


@pytest.mark.parametrize("swap", ["two-renames", "contents", "exchange-busy"])
def test_every_swap_path_publishes_a_complete_consistent_set(swap: str, tmp_path: Path,
                                                             monkeypatch: pytest.MonkeyPatch) -> None:
    out = tmp_path / "out"
    if swap == "exchange-busy":  # renameat2 refuses a mount point with EBUSY
        def busy(first: Path, second: Path) -> bool:
            raise output._CannotRename
        monkeypatch.setattr(output, "_exchange", busy)
    else:
        force_swap(swap, monkeypatch)
    build(EXAMPLE, out, formats="md,html")
    first = listed(out)
    build(without_marketing(tmp_path), out, formats="md,html")
    assert files_in(out) == listed(out) != first
    for entry in json.loads((out / "manifest.json").read_text(encoding="utf-8"))["files"]:
        assert (out / entry["path"]).stat().st_size == entry["size"]
    assert sorted(p.name for p in tmp_path.iterdir()) == ["no-marketing.yaml", "out"]
    assert not list(out.glob(".kzpolicy-stage-*"))


def test_the_two_renames_put_the_old_set_back_when_the_second_fails(tmp_path: Path,
                                                                    monkeypatch: pytest.MonkeyPatch) -> None:
    out = old_set(tmp_path)
    before = snapshot(out)
    monkeypatch.setattr(output, "_libc", lambda: None)
    real_rename = Path.rename

    def second_fails(self: Path, target: str | os.PathLike[str]) -> Path:
        if self.name.startswith(".out.kzpolicy-stage-"):
            raise OSError(28, "No space left on device")
        return real_rename(self, target)

    monkeypatch.setattr(Path, "rename", second_fails)
    with pytest.raises(KzPolicyError) as caught:
        build_profile(BASE, out, languages="en", formats="md", force=True)
    assert caught.value.issues[0].code == "out-io"
    assert snapshot(out) == before


# ---------------------------------------------------------------- item 11: no lock file in the tree


def test_no_lock_file_lands_in_or_beside_the_output(tmp_path: Path) -> None:
    out = tmp_path / "site" / "client"
    build(BASE, out)
    assert sorted(p.name for p in (tmp_path / "site").iterdir()) == ["client"]
    assert not [p for p in out.rglob("*") if "lock" in p.name]
    assert output.lock_path(out).parent != out.parent and not output.lock_path(out).is_relative_to(tmp_path)
