"""`extends:`: a client inherits an agency base; errors point at the file and line they are in."""

from __future__ import annotations

from pathlib import Path

import pytest

from kzpolicy_gen.cli import main
from kzpolicy_gen.errors import ProfileError
from kzpolicy_gen.validate import load_profile, validate_text
from tests.conftest import EXAMPLE

CLIENT = """\
extends: ../agency/base.yaml
output_name: client-a
operator:
  email: hello@client-a.kz
  phone: "+7 701 555 01 02"
subjects: [customers, website_visitors]
"""


def _portfolio(tmp_path: Path, base_text: str | None = None, client_text: str = CLIENT) -> Path:
    (tmp_path / "agency").mkdir()
    (tmp_path / "clients").mkdir()
    base = base_text if base_text is not None else EXAMPLE.read_text(encoding="utf-8")
    (tmp_path / "agency" / "base.yaml").write_text(base, encoding="utf-8")
    client = tmp_path / "clients" / "a.yaml"
    client.write_text(client_text, encoding="utf-8")
    return client


def _issues(path: Path, bases: list[Path] | None = None) -> list[tuple[str, int, str, str]]:
    with pytest.raises(ProfileError) as caught:
        load_profile(path, bases or [path.parent.parent / "agency"])
    return [(Path(i.file).name, i.line, i.code, i.path) for i in caught.value.issues]


def test_client_inherits_and_overrides(tmp_path: Path) -> None:
    client = _portfolio(tmp_path)
    profile = load_profile(client, [tmp_path / "agency"])
    base = load_profile(EXAMPLE)
    assert profile.operator.email == "hello@client-a.kz"  # the client's value wins
    assert profile.operator.bin == base.operator.bin  # a sibling key inherited from the base
    assert profile.operator.name == base.operator.name
    assert profile.subjects == ["customers", "website_visitors"]  # lists are replaced whole
    assert base.subjects != profile.subjects
    assert profile.output_name == "client-a"
    assert profile.purposes == base.purposes


def test_error_in_an_inherited_value_points_at_the_base(tmp_path: Path) -> None:
    base_text = EXAMPLE.read_text(encoding="utf-8").replace('bin: "210540012341"', 'bin: "210540012342"')
    client = _portfolio(tmp_path, base_text)
    line = base_text.splitlines().index('  bin: "210540012342"') + 1
    assert _issues(client) == [("base.yaml", line, "bin-checksum", "operator.bin")]


def test_error_in_the_client_points_at_the_client(tmp_path: Path) -> None:
    client = _portfolio(tmp_path, client_text=CLIENT.replace("hello@client-a.kz", "not-an-email"))
    assert _issues(client) == [("a.yaml", 4, "email", "operator.email")]


def test_cli_names_the_base_file(tmp_path: Path, capsys: pytest.CaptureFixture[str]) -> None:
    base_text = EXAMPLE.read_text(encoding="utf-8").replace("email: privacy@alma-market.kz", "email: nope")
    client = _portfolio(tmp_path, base_text)
    assert main(["validate", str(client), "--bases", str(tmp_path / "agency")]) == 1
    err = capsys.readouterr().err
    # the operator e-mail is the client's own; the requests e-mail is inherited, so the error is in the base
    assert f"{tmp_path / 'clients' / '../agency/base.yaml'}:" in err and "error[email]: requests.email" in err
    assert "operator.email" not in err


@pytest.mark.parametrize(("reference", "code"), [
    ("/etc/passwd.yaml", "extends-path"),
    ("https://example.com/base.yaml", "extends-path"),
    ("~/base.yaml", "extends-path"),
    ("..\\\\agency\\\\base.yaml", "extends-path"),
    ("base.txt", "extends-path"),
    ("missing.yaml", "extends-missing"),
    ("[a, b]", "extends-type"),
])
def test_bad_references_are_located(tmp_path: Path, reference: str, code: str) -> None:
    client = tmp_path / "client.yaml"
    client.write_text(f"schema_version: 1\nextends: {reference}\n", encoding="utf-8")
    assert _issues(client) == [("client.yaml", 2, code, "extends")]


def test_cycles_are_refused(tmp_path: Path) -> None:
    (tmp_path / "a.yaml").write_text("extends: b.yaml\n", encoding="utf-8")
    (tmp_path / "b.yaml").write_text("schema_version: 1\nextends: a.yaml\n", encoding="utf-8")
    issues = _issues(tmp_path / "a.yaml")
    assert issues == [("b.yaml", 2, "extends-cycle", "extends")]


def test_self_reference_is_a_cycle(tmp_path: Path) -> None:
    (tmp_path / "a.yaml").write_text("extends: a.yaml\n", encoding="utf-8")
    assert _issues(tmp_path / "a.yaml")[0][2] == "extends-cycle"


def test_chain_depth_is_limited(tmp_path: Path) -> None:
    for index in range(12):
        (tmp_path / f"p{index}.yaml").write_text(f"extends: p{index + 1}.yaml\n", encoding="utf-8")
    (tmp_path / "p12.yaml").write_text(EXAMPLE.read_text(encoding="utf-8"), encoding="utf-8")
    assert _issues(tmp_path / "p0.yaml")[0][2] == "extends-depth"


def test_symlinked_base_is_refused(tmp_path: Path) -> None:
    (tmp_path / "real.yaml").write_text(EXAMPLE.read_text(encoding="utf-8"), encoding="utf-8")
    (tmp_path / "link.yaml").symlink_to(tmp_path / "real.yaml")
    (tmp_path / "client.yaml").write_text("extends: link.yaml\n", encoding="utf-8")
    assert _issues(tmp_path / "client.yaml")[0][2] == "extends-missing"


def test_text_without_a_file_cannot_extend() -> None:
    with pytest.raises(ProfileError) as caught:
        validate_text("extends: base.yaml\n", "inline")
    assert caught.value.issues[0].code == "extends-no-file"
