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
