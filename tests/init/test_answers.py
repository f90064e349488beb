"""`init --answers`: the non-interactive face. Every profile it writes validates (model and JSON Schema)
the first time; bad answers are located in the answers file; --extends and --from-site."""

from __future__ import annotations

import shutil
from pathlib import Path

import pytest
import yaml

from kzpolicy_gen.cli import main
from kzpolicy_gen.questionnaire import QUESTIONS, check_value, schema_reference
from kzpolicy_gen.schema import schema_json
from kzpolicy_gen.validate import load_profile
from tests.detect.test_detect import FIXTURES
from tests.test_schema import MODELINE, editor_data, validator

ANSWERS = Path(__file__).parent / "coffee.yaml"


def _init(tmp_path: Path, *args: str, answers: str | None = None) -> int:
    path = tmp_path / "answers.yaml"
    path.write_text(answers if answers is not None else ANSWERS.read_text(encoding="utf-8"), encoding="utf-8")
    return main(["init", "--answers", str(path), *args])


def _valid_everywhere(profile: Path) -> str:
    text = profile.read_text(encoding="utf-8")
    load_profile(profile)
    assert list(validator().iter_errors(editor_data(text))) == []
    match = MODELINE.search(text)
    assert match and (profile.parent / match[1]).is_file()
    return text


def test_answers_give_a_commented_profile_that_validates(tmp_path: Path, capsys: pytest.CaptureFixture[str]) -> None:
    out = tmp_path / "client.yaml"
    assert _init(tmp_path, "-o", str(out)) == 0
    assert f"wrote {out}" in capsys.readouterr().out
    text = _valid_everywhere(out)
    assert "# Purposes, data, bases and retention (Art. 7 p.8-9, Art. 9, Art. 12 p.2)." in text
    assert "    retention: {years: 1}" in text and "bin: '210540012341'" in text
    assert (tmp_path / "profile.schema.json").read_text(encoding="utf-8") == schema_json()
    profile = load_profile(out)
    assert [tp.service for tp in profile.third_parties] == ["tilda", "yandex_metrica"]
    assert profile.purposes[1].actions[-3:] == ["transfer", "cross_border_transfer", "destruction"]
    assert profile.cookies is not None and profile.cookies.categories == ["necessary", "analytics"]
    assert profile.minors.served is False


def test_comments_follow_the_interface_language(tmp_path: Path) -> None:
    out = tmp_path / "client.yaml"
    assert _init(tmp_path, "-o", str(out), "--ui-lang", "kk") == 0
    assert "# Дербес деректер тізбесі" in out.read_text(encoding="utf-8")


def test_bad_answers_are_located(tmp_path: Path, capsys: pytest.CaptureFixture[str]) -> None:
    text = ANSWERS.read_text(encoding="utf-8")
    broken = text.replace('bin: "210540012341"', 'bin: "210540012342"').replace("ui_lang: en", "ui_lang: en\nfoo: 1")
    broken = broken.replace("services: [tilda, yandex_metrica]", "services: [tilda, yandex_metrika]")
    assert _init(tmp_path, "-o", str(tmp_path / "c.yaml"), answers=broken) == 1
    err = capsys.readouterr().err
    where = str(tmp_path / "answers.yaml")
    line = broken.splitlines().index('bin: "210540012342"') + 1
    assert f"{where}:{line}:6: error[bad-answer]: bin: the BIN check digit does not match" in err
    assert f"{where}:2:1: error[unknown-field]: foo: unknown answer 'foo'" in err
    assert "unknown catalogue key 'yandex_metrika'" in err and "did you mean 'yandex_metrica'" in err
    assert not (tmp_path / "c.yaml").exists()


def test_missing_answers_and_existing_file(tmp_path: Path, capsys: pytest.CaptureFixture[str]) -> None:
    text = ANSWERS.read_text(encoding="utf-8").replace("minors: false\n", "").replace("email: hello@coffee-bar.kz\n",
                                                                                      "")
    assert _init(tmp_path, "-o", str(tmp_path / "c.yaml"), answers=text) == 2
    assert "answers missing: email, minors" in capsys.readouterr().err
    existing = tmp_path / "c.yaml"
    existing.write_text("keep me", encoding="utf-8")
    assert _init(tmp_path, "-o", str(existing)) == 2
    assert existing.read_text(encoding="utf-8") == "keep me"
    assert _init(tmp_path, "-o", str(existing), "--force") == 0


def test_extends_an_agency_base(tmp_path: Path) -> None:
    agency = tmp_path / "agency"
    agency.mkdir()
    first = tmp_path / "first.yaml"
    assert _init(tmp_path, "-o", str(first)) == 0
    base_text = first.read_text(encoding="utf-8").split("# Data subjects.")[0]  # document, operator, person
    (agency / "_base.yaml").write_text(base_text, encoding="utf-8")
    given = yaml.safe_load(ANSWERS.read_text(encoding="utf-8"))
    client_keys = ("subjects", "data_categories", "sources", "purposes", "services", "consent_years", "minors",
                   "request_channels", "security_measures", "cookie_functions")
    rest = yaml.safe_dump({key: given[key] for key in client_keys}, allow_unicode=True)
    out = agency / "client.yaml"
    assert _init(tmp_path, "-o", str(out), "--extends", str(agency / "_base.yaml"), answers=rest) == 0
    text = _valid_everywhere(out)
    assert "extends: _base.yaml" in text and "operator:" not in text
    assert load_profile(out).operator.bin == "210540012341"


def test_from_site_adds_what_detect_found(tmp_path: Path) -> None:
    site = tmp_path / "site"
    site.mkdir()
    for name in ("jivo.html", "forms/order.html"):
        shutil.copy(FIXTURES / name, site / Path(name).name)
    out = tmp_path / "client.yaml"
    assert _init(tmp_path, "-o", str(out), "--from-site", str(site)) == 0
    text = _valid_everywhere(out)
    profile = load_profile(out)
    assert "jivo" in [tp.service for tp in profile.third_parties]
    assert {"iin", "user_files", "email"} <= set(profile.data_ids)
    assert "# Taken from the site" in text and "add each to the data of the purpose it serves" in text


def test_detect_then_init_from_site_then_build_on_the_whole_fixture_set(tmp_path: Path) -> None:
    """Every service and form of the fixtures at once; the answers leave out what the necessary cookies do,
    which the pages show (a password field, a shop cart, a captcha)."""
    answers = yaml.safe_load(ANSWERS.read_text(encoding="utf-8"))
    del answers["cookie_functions"]
    out = tmp_path / "client.yaml"
    assert _init(tmp_path, "-o", str(out), "--from-site", str(FIXTURES),
                 answers=yaml.safe_dump(answers, allow_unicode=True)) == 0
    _valid_everywhere(out)
    profile = load_profile(out)
    assert profile.cookies is not None and profile.cookies.functions == ["sign_in", "cart", "security"]
    assert {tp.service for tp in profile.third_parties} >= {"meta_pixel", "kaspi_pay", "whatsapp", "jivo"}
    assert main(["build", str(out), "--format", "md,html", "-o", str(tmp_path / "out"), "--ui-lang", "en"]) == 0
    assert (tmp_path / "out" / "kk" / "policy.html").is_file()
    assert "Kaspi" in (tmp_path / "out" / "ru" / "policy.md").read_text(encoding="utf-8")


def test_without_a_terminal_init_needs_answers(capsys: pytest.CaptureFixture[str]) -> None:
    assert main(["init", "-o", "nowhere.yaml"]) == 2
    assert "--answers" in capsys.readouterr().err


def test_values_are_checked_as_typed() -> None:
    assert check_value("bin", "210540012341", "en") is None
    assert check_value("bin", "21054001234", "ru") == "в БИН 12 цифр"
    assert check_value("iin", "12345678901a", "kk") == "ЖСН тек цифрлардан тұрады"
    assert check_value("email", "x@", "en") and check_value("period", "3y", "en") is None
    assert check_value("period", "three", "en") and check_value("number", "0", "en")
    assert {q.key for q in QUESTIONS} >= {"bin", "iin", "purposes", "services", "minors"}


def test_schema_reference_inside_a_project(tmp_path: Path) -> None:
    (tmp_path / "schema").mkdir()
    (tmp_path / "schema" / "profile.schema.json").write_text("{}", encoding="utf-8")
    assert schema_reference(tmp_path / "clients" / "a.yaml", None) == ("../schema/profile.schema.json", None)
    assert schema_reference(tmp_path / "a.yaml", "https://example.kz/s.json") == ("https://example.kz/s.json", None)
