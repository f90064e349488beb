"""A client's profile cannot reach beyond its place: `extends:` bases come from the profile's folder (and
below) or from a base folder named with `--bases`, never from above; a refusal names the rule, not the
content of the file it refused."""

from __future__ import annotations

from pathlib import Path

import pytest

from kzpolicy_gen.cli import main
from kzpolicy_gen.errors import ProfileError
from kzpolicy_gen.validate import load_profile
from tests.conftest import EXAMPLE

SECRET = "aws_secret_access_key: AKIA-do-not-print\nschema_version: 1\n"


@pytest.fixture
def machine(tmp_path: Path) -> Path:
    """An agency's disk: two client folders, an agency base folder, and an unrelated secret YAML file."""
    (tmp_path / "clients" / "a").mkdir(parents=True)
    (tmp_path / "clients" / "b").mkdir(parents=True)
    (tmp_path / "clients" / "a" / "shared").mkdir()
    (tmp_path / "agency").mkdir()
    (tmp_path / "home" / ".aws").mkdir(parents=True)
    (tmp_path / "home" / ".aws" / "credentials.yaml").write_text(SECRET, encoding="utf-8")
    (tmp_path / "clients" / "b" / "b.yaml").write_text(EXAMPLE.read_text(encoding="utf-8"), encoding="utf-8")
    (tmp_path / "agency" / "_base.yaml").write_text(EXAMPLE.read_text(encoding="utf-8"), encoding="utf-8")
    (tmp_path / "clients" / "a" / "shared" / "_base.yaml").write_text(EXAMPLE.read_text(encoding="utf-8"),
                                                                      encoding="utf-8")
    return tmp_path


def _client(machine: Path, reference: str) -> Path:
    path = machine / "clients" / "a" / "a.yaml"
    path.write_text(f"extends: {reference}\noutput_name: client-a\n", encoding="utf-8")
    return path


OUTSIDE = {
    "sibling-client": "../b/b.yaml",
    "secret-above": "../../../home/.aws/credentials.yaml",
    "agency-without-bases": "../../agency/_base.yaml",
    "down-and-up": "shared/../../b/b.yaml",
    "deep-climb": "../" * 30 + "etc/x.yaml",
}


@pytest.mark.parametrize("case", sorted(OUTSIDE))
def test_bases_above_the_profile_folder_are_refused(case: str, machine: Path) -> None:
    client = _client(machine, OUTSIDE[case])
    with pytest.raises(ProfileError) as caught:
        load_profile(client)
    issue = caught.value.issues[0]
    assert (issue.code, issue.line, issue.path, issue.file) == ("extends-outside", 1, "extends", str(client))
    text = str(caught.value)
    assert "aws_secret" not in text and "AKIA" not in text and "home" not in text


def test_a_symlinked_folder_inside_does_not_lead_outside(machine: Path) -> None:
    (machine / "clients" / "a" / "link").symlink_to(machine / "home" / ".aws")
    client = _client(machine, "link/credentials.yaml")
    with pytest.raises(ProfileError) as caught:
        load_profile(client)
    assert caught.value.issues[0].code == "extends-outside"
    assert "aws_secret" not in str(caught.value)


def test_the_profile_folder_and_below_are_allowed(machine: Path) -> None:
    assert load_profile(_client(machine, "shared/_base.yaml")).output_name == "client-a"


def test_a_named_base_folder_is_allowed(machine: Path) -> None:
    client = _client(machine, "../../agency/_base.yaml")
    assert load_profile(client, [machine / "agency"]).output_name == "client-a"


def test_a_base_cannot_climb_out_of_its_base_folder(machine: Path) -> None:
    (machine / "agency" / "_base.yaml").write_text("extends: ../home/.aws/credentials.yaml\n", encoding="utf-8")
    client = _client(machine, "../../agency/_base.yaml")
    with pytest.raises(ProfileError) as caught:
        load_profile(client, [machine / "agency"])
    issue = caught.value.issues[0]
    assert issue.code == "extends-outside" and issue.file.endswith("_base.yaml")
    assert "aws_secret" not in str(caught.value)


@pytest.mark.parametrize("command", ["validate", "check", "build"])
def test_cli_refuses_and_accepts_with_bases(command: str, machine: Path, capsys: pytest.CaptureFixture[str]) -> None:
    client = _client(machine, "../../agency/_base.yaml")
    extra = ["-o", str(machine / "out"), "--format", "md", "--lang", "en"] if command == "build" else []
    assert main([command, str(client), *extra]) == 1
    err = capsys.readouterr().err
    assert "error[extends-outside]" in err and "--bases" in err
    assert main([command, str(client), *extra, "--bases", str(machine / "agency")]) == 0


def test_a_missing_bases_folder_is_a_usage_error(machine: Path, capsys: pytest.CaptureFixture[str]) -> None:
    client = _client(machine, "shared/_base.yaml")
    assert main(["validate", str(client), "--bases", str(machine / "nowhere")]) == 2
    assert "--bases" in capsys.readouterr().err


def test_an_up_to_date_build_still_needs_the_bases_folder(machine: Path, capsys: pytest.CaptureFixture[str]) -> None:
    client = _client(machine, "../../agency/_base.yaml")
    args = ["build", str(client), "-o", str(machine / "out"), "--format", "md", "--lang", "en", "--ui-lang", "en"]
    assert main([*args, "--bases", str(machine / "agency")]) == 0
    assert main([*args, "--bases", str(machine / "agency")]) == 0
    assert "up to date" in capsys.readouterr().out
    assert main(args) == 1  # without the folder that allowed the base: refused, not "up to date"
    assert "error[extends-outside]" in capsys.readouterr().err


def test_a_portfolio_passes_the_bases_to_every_client(machine: Path, capsys: pytest.CaptureFixture[str]) -> None:
    _client(machine, "../../agency/_base.yaml")
    (machine / "clients" / "a" / "second.yaml").write_text("extends: ../../agency/_base.yaml\noutput_name: second\n",
                                                           encoding="utf-8")
    folder, site = machine / "clients" / "a", machine / "site"
    assert main(["build", str(folder), "-o", str(site), "--format", "md", "--lang", "en", "-j", "1", "-q"]) == 5
    assert capsys.readouterr().err.count("error[extends-outside]") == 2
    assert main(["build", str(folder), "-o", str(site), "--format", "md", "--lang", "en", "-j", "1", "-q",
                 "--bases", str(machine / "agency")]) == 0
