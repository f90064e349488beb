"""The version guard of `build`: changed text needs a new version or an explicit, recorded override."""

from __future__ import annotations

import json
import shutil
from pathlib import Path

import pytest

from kzpolicy_gen.build import build_profile
from kzpolicy_gen.cli import main
from kzpolicy_gen.errors import ProfileError
from tests.conftest import EXAMPLE


def _profile(tmp_path: Path) -> Path:
    profile = tmp_path / "p.yaml"
    shutil.copy(EXAMPLE, profile)
    return profile


def _edit(path: Path, old: str, new: str) -> None:
    text = path.read_text(encoding="utf-8")
    assert old in text
    path.write_text(text.replace(old, new, 1), encoding="utf-8")


def test_changed_text_under_the_same_version_is_refused_on_document_version(tmp_path: Path) -> None:
    profile, out = _profile(tmp_path), tmp_path / "out"
    build_profile(profile, out, formats="md", languages="ru,en")
    before = (out / "ru" / "policy.md").read_bytes()
    _edit(profile, "+7 727 355 10 20", "+7 727 355 10 29")
    with pytest.raises(ProfileError) as caught:
        build_profile(profile, out, formats="md", languages="ru,en")
    issue = caught.value.issues[0]
    line = next(n for n, text in enumerate(profile.read_text(encoding="utf-8").splitlines(), 1)
                if text.strip().startswith("version:"))
    assert (issue.code, issue.path, issue.file, issue.line) == ("version-unchanged", "document.version", str(profile),
                                                                line)
    assert "ru/policy" in issue.message and "--same-version" in issue.hint
    assert (out / "ru" / "policy.md").read_bytes() == before  # nothing was written


def test_a_new_version_or_the_override_lets_it_through_and_the_override_is_recorded(tmp_path: Path) -> None:
    profile, out = _profile(tmp_path), tmp_path / "out"
    build_profile(profile, out, formats="md", languages="ru")
    _edit(profile, "+7 727 355 10 20", "+7 727 355 10 29")
    result = build_profile(profile, out, formats="md", languages="ru", same_version=True)
    assert result.manifest["version_override"] is True
    _edit(profile, "+7 727 355 10 29", "+7 727 355 10 28")
    _edit(profile, 'version: "1.0"', 'version: "1.1"')
    result = build_profile(profile, out, formats="md", languages="ru")
    assert result.status == "built" and "version_override" not in result.manifest
    assert result.manifest["document_version"] == "1.1"


def test_a_comment_or_whitespace_edit_needs_no_new_version(tmp_path: Path) -> None:
    profile, out = _profile(tmp_path), tmp_path / "out"
    build_profile(profile, out, formats="md", languages="kk")
    profile.write_text("# reviewed by the lawyer\n" + profile.read_text(encoding="utf-8").replace(
        "\nsubjects:", "\n\n\nsubjects:", 1) + "\n\n", encoding="utf-8")
    result = build_profile(profile, out, formats="md", languages="kk")
    assert result.status == "built" and "version_override" not in result.manifest


def test_texts_are_hashed_per_document_and_language(tmp_path: Path) -> None:
    out = tmp_path / "out"
    manifest = build_profile(EXAMPLE, out, formats="md", languages="ru,kk").manifest
    hashes = manifest["text_sha256"]["policy"]
    assert set(hashes) == {"ru", "kk"} and hashes["ru"] != hashes["kk"]
    import hashlib

    assert hashes["ru"] == hashlib.sha256((out / "ru" / "policy.md").read_bytes()).hexdigest()


def test_cli_refuses_with_exit_1_and_accepts_same_version(tmp_path: Path, capsys: pytest.CaptureFixture[str]) -> None:
    profile, out = _profile(tmp_path), tmp_path / "out"
    assert main(["build", str(profile), "-o", str(out), "--format", "md", "--lang", "en", "-q"]) == 0
    _edit(profile, "term: {years: 3}", "term: {years: 2}")
    assert main(["build", str(profile), "-o", str(out), "--format", "md", "--lang", "en", "-q"]) == 1
    assert "error[version-unchanged]: document.version" in capsys.readouterr().err
    assert main(["build", str(profile), "-o", str(out), "--format", "md", "--lang", "en", "-q",
                 "--same-version"]) == 0
    assert json.loads((out / "manifest.json").read_text(encoding="utf-8"))["version_override"] is True
