"""The versions archive: a build that publishes a new document.version keeps the superseded set in
OUT/versions/<version>/, links to it and lists it in the version history; the manifest owns it."""

from __future__ import annotations

import json
import shutil
from pathlib import Path

import pytest

from kzpolicy_gen.archive import folder_name
from kzpolicy_gen.build import build_profile
from kzpolicy_gen.errors import OutputError
from tests.conftest import EXAMPLE


def _profile(tmp_path: Path) -> Path:
    profile = tmp_path / "p.yaml"
    shutil.copy(EXAMPLE, profile)
    return profile


def _bump(profile: Path, old: tuple[str, str], new: tuple[str, str]) -> None:
    text = profile.read_text(encoding="utf-8")
    assert f'version: "{old[0]}"' in text and f"effective_date: {old[1]}" in text
    profile.write_text(text.replace(f'version: "{old[0]}"', f'version: "{new[0]}"', 1)
                       .replace(f"effective_date: {old[1]}", f"effective_date: {new[1]}", 1), encoding="utf-8")


def _build(profile: Path, out: Path) -> dict[str, object]:
    return build_profile(profile, out, formats="md,html", languages="ru,en").manifest


def test_a_new_version_archives_the_old_set_links_to_it_and_fills_the_history(tmp_path: Path) -> None:
    profile, out = _profile(tmp_path), tmp_path / "out"
    _build(profile, out)
    first = {p.relative_to(out).as_posix(): p.read_bytes() for p in out.rglob("*") if p.is_file()}
    _bump(profile, ("1.0", "2026-12-01"), ("1.1", "2027-01-15"))
    manifest = _build(profile, out)
    assert manifest["versions"] == [{"version": "1.0", "effective_date": "2026-12-01", "folder": "1.0"}]
    archived = out / "versions" / "1.0"
    for name, data in first.items():  # every file of the old set, as published (only links to the archive move)
        assert (archived / name).read_bytes() == data or name.endswith(".html") or name == "manifest.json"
    assert (archived / "ru" / "policy.md").read_bytes() == first["ru/policy.md"]
    own = json.loads((archived / "manifest.json").read_text(encoding="utf-8"))
    assert own["document_version"] == "1.0" and all(not f["path"].startswith("versions/") for f in own["files"])
    owned = {f["path"] for f in manifest["files"]}  # type: ignore[attr-defined]
    assert "versions/1.0/ru/policy.md" in owned and "versions/1.0/manifest.json" in owned
    page = (out / "ru" / "policy.html").read_text(encoding="utf-8")
    assert '<a href="../versions/1.0/ru/policy.html" rel="prev">Предыдущая редакция 1.0</a>' in page
    assert "- 1.0 (1 декабря 2026 года)" in (out / "ru" / "policy.md").read_text(encoding="utf-8")
    assert '<a href="versions/1.0/index.html">1.0</a>' in (out / "index.html").read_text(encoding="utf-8")

    _bump(profile, ("1.1", "2027-01-15"), ("1.2", "2027-02-01"))
    manifest = _build(profile, out)
    assert [v["version"] for v in manifest["versions"]] == ["1.0", "1.1"]  # type: ignore[index]
    assert (out / "versions" / "1.0" / "ru" / "policy.md").read_bytes() == first["ru/policy.md"]
    text = (out / "ru" / "policy.md").read_text(encoding="utf-8")
    assert text.index("- 1.1 (15 января 2027 года)") < text.index("- 1.0 (1 декабря 2026 года)")
    older = (out / "versions" / "1.1" / "ru" / "policy.html").read_text(encoding="utf-8")
    assert 'href="../../1.0/ru/policy.html"' in older  # the archived page's link still resolves
    assert (out / "versions" / "1.1" / "ru" / "../../1.0/ru/policy.html").resolve().is_file()


def test_the_archive_is_deterministic_and_a_same_version_build_adds_nothing(tmp_path: Path) -> None:
    profile = _profile(tmp_path)
    trees = []
    for name in ("a", "b"):
        out = tmp_path / name
        shutil.copy(EXAMPLE, profile)
        _build(profile, out)
        _bump(profile, ("1.0", "2026-12-01"), ("1.1", "2027-01-15"))
        _build(profile, out)
        build_profile(profile, out, formats="md,html", languages="ru,en", force=True)
        trees.append({p.relative_to(out).as_posix(): p.read_bytes() for p in out.rglob("*") if p.is_file()})
    assert trees[0] == trees[1]
    assert sorted({name.split("/")[1] for name in trees[0] if name.startswith("versions/")}) == ["1.0"]


def test_the_archive_never_replaces_a_folder_the_tool_does_not_own(tmp_path: Path) -> None:
    profile, out = _profile(tmp_path), tmp_path / "out"
    _build(profile, out)
    mine = out / "versions" / "1.0" / "ru" / "policy.md"
    mine.parent.mkdir(parents=True)
    mine.write_text("the user's own file", encoding="utf-8")
    _bump(profile, ("1.0", "2026-12-01"), ("1.1", "2027-01-15"))
    with pytest.raises(OutputError) as caught:
        _build(profile, out)
    assert caught.value.issues[0].code == "out-not-ours"
    assert mine.read_text(encoding="utf-8") == "the user's own file"


def test_folder_names_of_versions_are_safe() -> None:
    assert folder_name("1.0") == "1.0"
    assert folder_name("../../etc") == "etc"
    assert folder_name("2026 / 2") == "2026-2"
    assert folder_name("..") == "version"


def test_going_back_to_an_archived_version_does_not_list_it_as_its_own_predecessor(tmp_path: Path) -> None:
    profile, out = _profile(tmp_path), tmp_path / "out"
    _build(profile, out)
    _bump(profile, ("1.0", "2026-12-01"), ("1.1", "2027-01-15"))
    _build(profile, out)
    _bump(profile, ("1.1", "2027-01-15"), ("1.0", "2026-12-01"))  # the 1.1 text withdrawn
    manifest = _build(profile, out)
    assert [v["version"] for v in manifest["versions"]] == ["1.0", "1.1"]  # type: ignore[index]
    text = (out / "ru" / "policy.md").read_text(encoding="utf-8")
    assert "- 1.1 (15 января 2027 года)" in text and "- 1.0 (" not in text
