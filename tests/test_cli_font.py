"""`build --font serif|sans`: the type face of HTML and PDF, overriding the profile's `presentation.font`."""

from __future__ import annotations

import json
from pathlib import Path
from typing import get_args

import pytest
from typer.testing import CliRunner

from kzpolicy_gen.cli import app, main
from kzpolicy_gen.models.profile import Presentation
from kzpolicy_gen.options import FONTS
from tests.conftest import EXAMPLE


def test_font_option_overrides_the_profile_and_is_recorded(tmp_path: Path) -> None:
    runner = CliRunner()
    out = tmp_path / "o"
    common = ["build", str(EXAMPLE), "-o", str(out), "--format", "html", "--lang", "ru", "-q", "--ui-lang", "en"]
    assert runner.invoke(app, common).exit_code == 0
    assert 'data-font="serif"' not in (out / "ru" / "policy.html").read_text(encoding="utf-8")
    result = runner.invoke(app, [*common, "--font", "serif"])
    assert result.exit_code == 0, result.output
    assert 'data-font="serif"' in (out / "ru" / "policy.html").read_text(encoding="utf-8")
    manifest = json.loads((out / "manifest.json").read_text(encoding="utf-8"))
    assert manifest["inputs"]["options"]["font"] == "serif"
    # A profile that asks for serif is printed in sans when --font sans says so.
    serif_profile = tmp_path / "serif.yaml"
    serif_profile.write_text(EXAMPLE.read_text(encoding="utf-8") + "\npresentation:\n  font: serif\n", encoding="utf-8")
    result = runner.invoke(app, ["build", str(serif_profile), "-o", str(tmp_path / "s"), "--format", "html", "--lang",
                                 "ru", "-q", "--font", "sans", "--ui-lang", "en"])
    assert result.exit_code == 0, result.output
    assert 'data-font="serif"' not in (tmp_path / "s" / "ru" / "policy.html").read_text(encoding="utf-8")


def test_an_unknown_font_is_a_usage_error(tmp_path: Path, capsys: pytest.CaptureFixture[str]) -> None:
    code = main(["build", str(EXAMPLE), "-o", str(tmp_path / "o"), "--format", "md", "--font", "mono",
                 "--ui-lang", "en"])
    err = capsys.readouterr().err
    assert code == 2 and "mono" in err and "serif" in err
    assert not (tmp_path / "o").exists()


def test_fonts_are_the_profile_values() -> None:
    assert get_args(Presentation.model_fields["font"].annotation) == FONTS
