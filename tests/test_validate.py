from __future__ import annotations

import pytest

from kzpolicy_gen.errors import ProfileError
from kzpolicy_gen.validate import validate_text
from tests.conftest import EXAMPLE, profile_text


def issues(text: str) -> list[tuple[str, int, str]]:
    with pytest.raises(ProfileError) as info:
        validate_text(text, "p.yaml")
    return [(i.code, i.line, i.path) for i in info.value.issues]


def line_of(text: str, needle: str) -> int:
    return next(n for n, line in enumerate(text.splitlines(), start=1) if needle in line)


def test_example_is_valid() -> None:
    profile = validate_text(EXAMPLE.read_text(encoding="utf-8"), str(EXAMPLE))
    assert profile.operator.bin == "210540012341"
    assert profile.abroad_countries == ["US", "RU"]


def test_five_mistakes_reported_at_once_with_lines() -> None:
    text = profile_text(**{
        'bin: "210540012341"': 'bin: "210540012342"',
        "email: privacy@alma-market.kz": "email: privacy-at-alma-market.kz",
        "  websites: [https://alma-market.kz]": "  websites: [https://alma market.kz]",
        "  effective_date: 2026-12-01": "  effective_date: 01.12.2026",
        "subjects: [customers, website_visitors, subscribers]": "subjcts: [customers]",
    })
    found = issues(text)
    expected = {
        ("bin-checksum", line_of(text, 'bin: "210540012342"'), "operator.bin"),
        ("email", line_of(text, "email: privacy-at"), "operator.email"),
        ("url-syntax", line_of(text, "websites:"), "operator.websites[0]"),
        ("date-format", line_of(text, "effective_date:"), "document.effective_date"),
        ("unknown-field", line_of(text, "subjcts:"), "subjcts"),
    }
    assert expected <= set(found)
    assert [f[1] for f in found] == sorted(f[1] for f in found)


def test_contract_basis_is_rejected_with_a_hint() -> None:
    text = profile_text(**{"    basis: law\n": "    basis: contract\n"})
    with pytest.raises(ProfileError) as info:
        validate_text(text, "p.yaml")
    issue = info.value.issues[0]
    assert issue.code == "basis-not-in-kz-law"
    assert "Kazakhstan law has no" in issue.message
    assert issue.line == line_of(text, "basis: contract")


def test_missing_language_names_the_language() -> None:
    text = profile_text(**{"    en: Alma Market LLP\n": ""})
    found = issues(text)
    assert ("missing-language", line_of(text, "  name:"), "operator.name") in found


def test_undeclared_data_category_points_at_the_item() -> None:
    text = profile_text(**{"    data: [technical_data]": "    data: [technical_dat]"})
    assert issues(text) == [("undeclared-data", line_of(text, "data: [technical_dat]"), "purposes[4].data[0]")]


def test_yaml_boolean_words_are_not_booleans() -> None:
    text = profile_text(**{"  banner: true": "  banner: yes"})
    assert issues(text)[0][:2] == ("bool-literal", line_of(text, "banner: yes"))


def test_every_missing_language_is_named() -> None:
    """Empty values are reported at their own keys, one each; languages left out are named together."""
    corpus = EXAMPLE.parents[1] / "tests" / "security" / "corpus"
    base = (corpus / "base.yaml").read_text(encoding="utf-8")
    nulls = base.replace("    ru: ТОО «Ромашка»\n    kk: «Ромашка» ЖШС\n", "    ru: ~\n    kk:\n")
    assert issues(nulls) == [("missing-language", 7, "operator.name.ru"), ("missing-language", 8, "operator.name.kk")]
    absent = base.replace("    ru: ТОО «Ромашка»\n    kk: «Ромашка» ЖШС\n", "")
    with pytest.raises(ProfileError) as info:
        validate_text(absent, "p.yaml")
    [issue] = info.value.issues
    assert (issue.line, issue.path) == (6, "operator.name") and "'ru', 'kk'" in issue.message
