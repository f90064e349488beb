"""Change notices: one macro per node in every language, clauses switched by what changed, all formats."""

from __future__ import annotations

import re
from pathlib import Path
from typing import Any

import pytest

from kzpolicy_gen.cli import main
from kzpolicy_gen.diff import compare, version_of_profile
from kzpolicy_gen.errors import UsageError
from kzpolicy_gen.languages import LANGUAGES
from kzpolicy_gen.notice import notice_texts
from kzpolicy_gen.packaged import builtin_templates
from kzpolicy_gen.plan.notice import CHANGE_NOTICE, CONDITIONS
from kzpolicy_gen.render.wording import macro_name, section_macro
from tests.test_diff import add_purpose, add_recipient, edited, example_data, profile_of, write


@pytest.mark.parametrize("lang", LANGUAGES)
def test_every_notice_node_has_wording(lang: str) -> None:
    source = (builtin_templates() / lang / "change-notice.md.j2").read_text(encoding="utf-8")
    expected = {"title"} | {section_macro(s.id) for s in CHANGE_NOTICE.sections}
    expected |= {macro_name(c.id) for s in CHANGE_NOTICE.sections for c in s.clauses}
    assert set(re.findall(r"\{% macro ([a-z0-9_]+)\(", source)) == expected
    nodes = {s.id for s in CHANGE_NOTICE.sections} | {c.id for s in CHANGE_NOTICE.sections for c in s.clauses}
    assert set(CONDITIONS) <= nodes


def texts(old: dict[str, Any], new: dict[str, Any], lang: str) -> str:
    comparison = compare(version_of_profile(profile_of(old), "old", [lang]),
                         version_of_profile(profile_of(new), "new", [lang]))
    (text,) = notice_texts(comparison, [lang])
    return text.markdown.replace("\u00a0", " ")  # no-break spaces, as the wording writes them


def bump(data: dict[str, Any]) -> None:
    data["document"]["version"] = "1.1"
    data["document"]["effective_date"] = "2027-01-15"


def test_consent_changes_ask_for_new_consent() -> None:
    markdown = texts(example_data(), edited(add_purpose(), add_recipient("bitrix24"), bump), "ru")
    assert "Просьба о новом согласии" in markdown and "вступает в силу 15 января 2027 года" in markdown
    assert "- новое третье лицо: Bitrix24 (Германия)" in markdown
    assert "- новая страна трансграничной передачи: Германия" in markdown
    assert "прежняя редакция 1.0 (вступила в силу 1 декабря 2026 года)" in markdown
    assert "15 (пятнадцати) рабочих дней" in markdown
    assert "не требуют нового согласия" not in markdown


def test_publication_only_changes_do_not_ask_for_consent() -> None:
    def shorter(data: dict[str, Any]) -> None:
        data["consent"]["term"] = {"years": 1}

    markdown = texts(example_data(), edited(shorter, bump), "en")
    assert "Request for new consent" not in markdown and "need no new consent" in markdown
    assert "- shorter consent term: 3 years → 1 year" in markdown
    assert "You may withdraw your consent at any time" in markdown


def test_wording_only_change_says_the_facts_stay() -> None:
    def phone(data: dict[str, Any]) -> None:
        data["operator"]["phone"] = "+7 727 355 10 99"

    markdown = texts(example_data(), edited(phone, bump), "kk")
    assert "Тұжырымдар нақтыланды" in markdown and "Жаңа келісім туралы өтініш" not in markdown
    assert "+7 727 355 10 99" in markdown


def test_notice_needs_the_new_profile(tmp_path: Path) -> None:
    from kzpolicy_gen.build import build_profile
    from kzpolicy_gen.diff import diff

    build_profile(write(tmp_path / "p.yaml", example_data()), tmp_path / "out", formats="md", languages="ru")
    with pytest.raises(UsageError) as caught:
        notice_texts(diff(str(tmp_path / "p.yaml"), str(tmp_path / "out")))
    assert caught.value.issues[0].code == "notice-needs-profile"


def test_cli_writes_the_notice_in_the_asked_formats(tmp_path: Path, capsys: pytest.CaptureFixture[str]) -> None:
    old = write(tmp_path / "old.yaml", example_data())
    new = write(tmp_path / "new.yaml", edited(add_purpose(), bump))
    code = main(["diff", str(old), str(new), "--lang", "ru,en", "--notice", str(tmp_path / "notice"),
                 "--notice-format", "md,html"])
    capsys.readouterr()
    assert code == 1
    files = sorted(p.relative_to(tmp_path / "notice").as_posix() for p in (tmp_path / "notice").rglob("*.*"))
    assert "ru/change-notice.md" in files and "en/change-notice.html" in files and "notice.json" in files
    assert not any(name.startswith("kk/") or name.endswith(".pdf") for name in files)
    page = (tmp_path / "notice" / "en" / "change-notice.html").read_text(encoding="utf-8")
    assert "Content-Security-Policy" in page and "Request for new consent" in page
