"""The grammar API the wording calls: catalogue forms first, lists, number, gender, English articles."""

from __future__ import annotations

import subprocess
import sys

import pytest

from kzpolicy_gen import catalogue as cat
from kzpolicy_gen import grammar as g
from kzpolicy_gen.grammar import ru

RU_CASES = ("gen", "dat", "acc", "ins", "loc")


@pytest.mark.parametrize("code", list(cat.catalogue()["countries"]))
def test_every_catalogue_country_has_reviewed_russian_forms_that_the_dictionary_confirms(code: str) -> None:
    entry = cat.catalogue()["countries"][code]
    forms = entry["ru_forms"]
    assert set(forms) == set(RU_CASES)
    for case in RU_CASES:
        assert forms[case] == ru.noun_phrase(entry["ru"], case), (code, case)


@pytest.mark.parametrize("code", list(cat.catalogue()["countries"]))
def test_every_catalogue_country_is_named_in_every_language_in_its_script(code: str) -> None:
    entry = cat.catalogue()["countries"][code]
    assert all(ord(ch) < 0x0400 for ch in entry["en"])
    assert entry.get("en_article") in (None, "the")
    assert any("\u0400" <= ch <= "\u04ff" for ch in entry["kk"])
    assert any("\u0400" <= ch <= "\u04ff" for ch in entry["ru"])


def test_countries_in_the_slots_the_issue_lists() -> None:
    assert g.inflect("ru", "Германия", "acc") == "Германию"
    assert g.join("ru", ["Соединённые Штаты Америки", "Российская Федерация"], case="acc") == (
        "Соединённые Штаты Америки и Российскую Федерацию")
    assert g.join("ru", ["Германия", "Нидерланды", "Китай"], case="loc") == "Германии, Нидерландах и Китае"
    assert g.inflect("kk", "Америка Құрама Штаттары", "dat") == "Америка Құрама Штаттарына"
    assert g.the("en", "United States of America") == "the United States of America"
    assert g.the("en", "Germany") == "Germany"
    assert g.the("en", "Netherlands") == "the Netherlands"
    assert g.the("en", "Philippines") == "the Philippines"  # not in the catalogue: the rule


def test_reviewed_channel_forms() -> None:
    assert g.join("ru", ["электронная почта", "SMS-сообщения"], case="gen") == "электронной почты и SMS-сообщений"
    assert g.inflect("ru", "WhatsApp", "gen") == "WhatsApp"


def test_lists_with_conjunctions_inside_use_semicolons() -> None:
    assert g.join("ru", ["покупатели и заказчики", "посетители сайта"]) == "покупатели и заказчики; посетители сайта"
    assert g.join("kk", ["сатып алушылар мен тапсырыс берушілер", "сайтқа кірушілер"]) == (
        "сатып алушылар мен тапсырыс берушілер; сайтқа кірушілер")
    assert g.join("en", ["a, b", "c"]) == "a, b; c"


def test_choice_lists() -> None:
    assert g.join("ru", ["по электронной почте", "лично"], conj="or") == "по электронной почте или лично"
    assert g.join("kk", ["a", "b", "c"], conj="or") == "a, b немесе c"
    assert g.join("en", ["a", "b", "c"], conj="or") == "a, b, or c"
    assert g.join("kk", ["a", "b"]) == "a және b"
    assert g.join("ru", ["a"]) == "a" and g.join("ru", []) == ""


def test_number_wording() -> None:
    assert g.choose(["x"], "цель", "цели") == "цель"
    assert g.choose(["x", "y"], "цель", "цели") == "цели"
    assert g.choose(1, "способом", "способами") == "способом"


def test_gender_sources_in_order() -> None:
    assert g.gender("ru", "Нурлан Сериков", explicit="f") == "f"
    assert g.gender("ru", "Айгерим Серикбаева", "директор") == "f"
    assert g.gender("ru", None, "заместитель директора") == "m"
    assert g.gender("ru", None, "медицинская сестра") == "f"


def test_underivable_values_are_recorded_and_left_unchanged() -> None:
    assert not g.derivable("ru", "Кваркозябрический фонд «Х»", "dat")
    assert g.derivable("ru", "Общественный фонд «Х»", "dat")
    assert g.inflect("ru", "Кваркозябрический фонд «Х»", "dat") == "Кваркозябрический фонд «Х»"
    assert ("ru", "Кваркозябрический фонд «Х»", "dat") in g.UNDERIVED
    g.UNDERIVED.clear()


def test_importing_the_grammar_loads_no_morphology() -> None:
    code = ("import sys; import kzpolicy_gen.grammar as g; g.inflect('kk', 'ЖШС', 'dat'); "
            "print(sorted(m for m in ('pymorphy3', 'pytrovich', 'babel') if m in sys.modules))")
    result = subprocess.run([sys.executable, "-c", code], capture_output=True, text=True, check=True)
    assert result.stdout.strip() == "[]"
