"""Golden sentences for the matrix of hard values (see corpus_cases), per case and language.

Refresh after an intended wording change with `.venv/bin/python -m pytest tests/grammar --update-golden`
and review the diff: every line is a sentence a reader sees.
"""

from __future__ import annotations

import pytest

from tests.conftest import ROOT
from tests.grammar.corpus_cases import LANGUAGES, case_names, corpus_text

GOLDEN = ROOT / "tests" / "grammar" / "corpus"


@pytest.mark.parametrize("lang", LANGUAGES)
@pytest.mark.parametrize("name", case_names())
def test_corpus_sentences(name: str, lang: str, request: pytest.FixtureRequest) -> None:
    path = GOLDEN / name / f"{lang}.md"
    text = corpus_text(name, lang)
    if request.config.getoption("--update-golden"):
        path.parent.mkdir(parents=True, exist_ok=True)
        path.write_text(text, encoding="utf-8", newline="\n")
        pytest.skip(f"corpus golden {name}/{lang} rewritten; review it with git diff")
    assert path.exists(), f"no golden corpus file {path}; run pytest tests/grammar --update-golden"
    assert path.read_text(encoding="utf-8") == text


def test_the_matrix_covers_every_hard_value() -> None:
    from tests.grammar.corpus_cases import _cases

    cases = _cases().values()
    assert {c["person"] for c in cases} == {"female-name", "male-name", "position-only", "none"}
    assert {c["countries"] for c in cases} == {"one", "two", "three"}
    assert {c["channels"] for c in cases} == {"one", "several"}
    assert {c["purposes"] for c in cases} == {"one", "several"}
    assert len(cases) == 8


def test_a_name_whose_gender_cannot_be_told_follows_the_position() -> None:
    import yaml

    from kzpolicy_gen.build import render_texts
    from kzpolicy_gen.validate import validate_text
    from tests.grammar.corpus_cases import case_profile

    def responsible_clause(person: dict[str, object]) -> str:
        data = case_profile("llp-abbreviated")
        data["responsible_person"] = {**person, "email": "dpo@alma-market.kz"}
        profile = validate_text(yaml.safe_dump(data, allow_unicode=True, sort_keys=False))
        policy = next(t.markdown for t in render_texts(profile, ["ru"]) if t.doc_id == "policy")
        return next(line for line in policy.splitlines() if "Лицом, ответственным" in line)

    unknown = {"name": {"ru": "Ким Саша", "kk": "Ким Саша", "en": "Kim Sasha"},
               "position": {"ru": "медицинская сестра", "kk": "мейірбике", "en": "nurse"}}
    assert "назначена медицинская сестра Ким Саша;" in responsible_clause(unknown)
    assert "назначена Ким Саша, медицинская сестра;" in responsible_clause({**unknown, "gender": "female"})
    alone = {"name": unknown["name"]}
    assert "назначен работник Ким Саша;" in responsible_clause(alone)
