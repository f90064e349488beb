"""Every document language is complete: data, wording, models, rule messages, grammar tables.

A new language is one line in `kzpolicy_gen/languages.py`; these tests then list what it still lacks.
"""

from __future__ import annotations

import ast
from collections.abc import Iterator
from pathlib import Path
from typing import get_args

import pytest
import yaml
from babel import Locale

from kzpolicy_gen import catalogue
from kzpolicy_gen.cli import main
from kzpolicy_gen.languages import CONSOLE_DEFAULT, FALLBACK, LANGUAGES, ui_language
from kzpolicy_gen.models.profile import Language, LongText, Text
from kzpolicy_gen.packaged import builtin_templates, data_text
from kzpolicy_gen.plan.structure import TEMPLATES
from kzpolicy_gen.render import text as grammar
from tests.conftest import EXAMPLE, ROOT

DATA_FILES = ("catalogue.yaml", "lawpack.yaml", "ui.yaml")


@pytest.mark.parametrize("name", DATA_FILES)
def test_every_text_of_the_data_files_is_in_every_language(name: str) -> None:
    """Catalogue entries, law-pack phrases and interface strings."""
    problems = catalogue.missing_translations(yaml.compose(data_text(name)), name)
    assert problems == [], "\n".join(issue.format() for issue in problems)


def test_every_language_has_the_wording_of_every_document() -> None:
    missing = [f"templates/{lang}/{doc.wording}.md.j2" for lang in LANGUAGES for doc in TEMPLATES
               if not (builtin_templates() / lang / f"{doc.wording}.md.j2").is_file()]
    assert missing == []


def test_models_and_locales_know_every_language() -> None:
    assert get_args(Language) == LANGUAGES
    for model in (Text, LongText):
        assert set(model.model_fields) == set(LANGUAGES), model.__name__
    assert all(Locale.parse(lang) for lang in LANGUAGES)
    assert CONSOLE_DEFAULT in LANGUAGES and FALLBACK in LANGUAGES


def test_grammar_covers_every_language() -> None:
    """Deadlines and periods are worded in every language (a missing table entry raises here)."""
    for lang in LANGUAGES:
        assert grammar.working_days(lang, 15) and grammar.working_days(lang, 1, "nom")
        assert all(grammar.period(lang, unit, 3) for unit in ("years", "months", "days"))


def _texts_calls() -> Iterator[ast.Call]:
    tree = ast.parse((ROOT / "kzpolicy_gen" / "rules.py").read_text(encoding="utf-8"))
    for node in ast.walk(tree):
        if isinstance(node, ast.Call) and isinstance(node.func, ast.Name) and node.func.id == "texts":
            yield node


def test_every_rule_message_is_given_in_every_language() -> None:
    calls = list(_texts_calls())
    assert len(calls) > 20
    short = [f"rules.py:{call.lineno}" for call in calls if len(call.args) != len(LANGUAGES)]
    assert short == [], f"give each message in {', '.join(LANGUAGES)}"


def test_ui_language_follows_the_registry(monkeypatch: pytest.MonkeyPatch) -> None:
    for var in ("LC_ALL", "LC_MESSAGES", "LANG"):
        monkeypatch.delenv(var, raising=False)
    assert ui_language() == CONSOLE_DEFAULT
    assert [ui_language(lang) for lang in LANGUAGES] == list(LANGUAGES)
    monkeypatch.setenv("LANG", "kk_KZ.UTF-8")
    assert ui_language() == "kk" and ui_language("xx") == "kk"


@pytest.fixture
def broken_ui(monkeypatch: pytest.MonkeyPatch) -> Iterator[None]:
    """ui.yaml with the Kazakh page label left out."""
    real = catalogue.data_text

    def data(name: str) -> str:
        text = real(name)
        return text.replace('page: {ru: "Страница", kk: "Бет", en: "Page"}', 'page: {ru: "Страница", en: "Page"}') \
            if name == "ui.yaml" else text

    catalogue.ui.cache_clear()
    monkeypatch.setattr(catalogue, "data_text", data)
    yield
    catalogue.ui.cache_clear()


def test_a_missing_translation_is_a_located_data_error(broken_ui: None, tmp_path: Path,
                                                       capsys: pytest.CaptureFixture[str]) -> None:
    code = main(["build", str(EXAMPLE), "-o", str(tmp_path / "out"), "--format", "md", "--force"])
    err = capsys.readouterr().err
    assert code == 3, err  # a rejected asset, not an internal error (70)
    line = next(n for n, text in enumerate(data_text("ui.yaml").splitlines(), 1) if text.startswith("page:"))
    assert f"kzpolicy_gen/data/ui.yaml:{line}:7: error[data-translation]: page: no kk text" in err
