"""Kazakh suffixes: every case × every final-sound class × both harmonies, abbreviations as read, numbers."""

from __future__ import annotations

import pytest
from hypothesis import given
from hypothesis import strategies as st

from kzpolicy_gen.grammar import kk

CASES = ("dat", "loc", "abl", "acc", "gen", "ins")

# One native word per (harmony, final sound), with its forms from a Kazakh grammar.
PARADIGMS = {
    "қала": ("қалаға", "қалада", "қаладан", "қаланы", "қаланың", "қаламен"),  # back, vowel
    "көше": ("көшеге", "көшеде", "көшеден", "көшені", "көшенің", "көшемен"),  # front, vowel
    "қар": ("қарға", "қарда", "қардан", "қарды", "қардың", "қармен"),  # back, sonorant
    "ел": ("елге", "елде", "елден", "елді", "елдің", "елмен"),  # front, sonorant
    "Ресей": ("Ресейге", "Ресейде", "Ресейден", "Ресейді", "Ресейдің", "Ресеймен"),  # front, й
    "Мәскеу": ("Мәскеуге", "Мәскеуде", "Мәскеуден", "Мәскеуді", "Мәскеудің", "Мәскеумен"),  # front, у
    "орман": ("орманға", "орманда", "орманнан", "орманды", "орманның", "орманмен"),  # back, nasal
    "өзен": ("өзенге", "өзенде", "өзеннен", "өзенді", "өзеннің", "өзенмен"),  # front, nasal
    "қаз": ("қазға", "қазда", "қаздан", "қазды", "қаздың", "қазбен"),  # back, voiced
    "кез": ("кезге", "кезде", "кезден", "кезді", "кездің", "кезбен"),  # front, voiced
    "ат": ("атқа", "атта", "аттан", "атты", "аттың", "атпен"),  # back, voiceless
    "мектеп": ("мектепке", "мектепте", "мектептен", "мектепті", "мектептің", "мектеппен"),  # front, voiceless
    "такси": ("таксиге", "таксиде", "таксиден", "таксиді", "таксидің", "таксимен"),  # final и is a glide
    "банк": ("банкке", "банкте", "банктен", "банкті", "банктің", "банкпен"),  # loanword к: front endings
    "Израиль": ("Израильге", "Израильде", "Израильден", "Израильді", "Израильдің", "Израильмен"),  # ь: front
}


@pytest.mark.parametrize("word", list(PARADIGMS))
def test_native_paradigms(word: str) -> None:
    assert tuple(kk.inflect_word(word, case) for case in CASES) == PARADIGMS[word]


def test_possessive_phrases_take_the_pronominal_n() -> None:
    phrase = "директордың сапа жөніндегі орынбасары"
    assert [kk.inflect(phrase, c).split()[-1] for c in CASES] == [
        "орынбасарына", "орынбасарында", "орынбасарынан", "орынбасарын", "орынбасарының", "орынбасарымен"]
    assert kk.inflect("Америка Құрама Штаттары", "dat") == "Америка Құрама Штаттарына"
    assert kk.inflect("Біріккен Араб Әмірліктері", "loc") == "Біріккен Араб Әмірліктерінде"
    assert kk.inflect("Ресей Федерациясы", "abl") == "Ресей Федерациясынан"
    # a single word ending in -ы is not taken for a possessive
    assert kk.inflect("ақы", "dat") == "ақыға"


@pytest.mark.parametrize(("abbr", "dat", "gen"), [
    ("ЖШС", "ЖШС-ке", "ЖШС-тің"),  # жэ-шэ-эс: front, voiceless
    ("АҚ", "АҚ-қа", "АҚ-тың"),  # read as the word "ақ"
    ("ЖК", "ЖК-ге", "ЖК-нің"),  # жэ-ке: front, vowel
    ("АҚШ", "АҚШ-қа", "АҚШ-тың"),
    ("ЖСН", "ЖСН-ге", "ЖСН-нің"),  # …эн: nasal
    ("БСН", "БСН-ге", "БСН-нің"),
    ("SMS", "SMS-ке", "SMS-тің"),  # эс-эм-эс
])
def test_abbreviations_as_read(abbr: str, dat: str, gen: str) -> None:
    assert kk.inflect_word(abbr, "dat") == dat
    assert kk.inflect_word(abbr, "gen") == gen


def test_legal_names_take_the_ending_on_the_form() -> None:
    assert kk.inflect("«Алма Маркет» ЖШС", "dat") == "«Алма Маркет» ЖШС-ке"
    assert kk.inflect("«Kaspi Bank» АҚ", "dat") == "«Kaspi Bank» АҚ-қа"
    assert kk.inflect("«Денсаулық клиникасы» ЖШС", "gen") == "«Денсаулық клиникасы» ЖШС-тің"
    assert kk.inflect("«Алма»", "dat") == "«Алма»-ға"


@pytest.mark.parametrize(("number", "dat", "loc"), [
    (0, "0-ге", "0-де"), (1, "1-ге", "1-де"), (2, "2-ге", "2-де"), (3, "3-ке", "3-те"), (4, "4-ке", "4-те"),
    (5, "5-ке", "5-те"), (6, "6-ға", "6-да"), (7, "7-ге", "7-де"), (8, "8-ге", "8-де"), (9, "9-ға", "9-да"),
    (10, "10-ға", "10-да"), (15, "15-ке", "15-те"), (20, "20-ға", "20-да"), (30, "30-ға", "30-да"),
    (40, "40-қа", "40-та"), (50, "50-ге", "50-де"), (60, "60-қа", "60-та"), (70, "70-ке", "70-те"),
    (80, "80-ге", "80-де"), (90, "90-ға", "90-да"), (100, "100-ге", "100-де"), (1000, "1000-ға", "1000-да"),
    (2026, "2026-ға", "2026-да"), (1_000_000, "1000000-ға", "1000000-да"),
])
def test_numbers_take_the_ending_of_their_last_spoken_word(number: int, dat: str, loc: str) -> None:
    assert kk.inflect_word(str(number), "dat") == dat
    assert kk.inflect_word(str(number), "loc") == loc


def test_section_reference_in_the_locative() -> None:
    assert "5-" + kk.inflect_word("бөлім", "loc") == "5-бөлімде"


@pytest.mark.parametrize(("word", "dat"), [
    ("Telegram", "Telegram-ға"), ("WhatsApp", "WhatsApp-қа"), ("Google", "Google-ға"),
    ("Kaspi Bank", "Kaspi Bank-ке"), ("Bitrix24", "Bitrix24-ке"),
])
def test_latin_names(word: str, dat: str) -> None:
    assert kk.inflect(word, "dat") == dat


def test_nominative_and_unknown_case() -> None:
    assert kk.inflect("Германия", "nom") == "Германия"
    with pytest.raises(ValueError):
        kk.inflect_word("Германия", "voc")


_KK_WORD = st.text(alphabet="аәбвгғдежзийкқлмнңоөпрстуұүфхһцчшщыіэюя", min_size=2, max_size=12).filter(
    lambda w: any(ch in "аәеоөұүыіэюяи" for ch in w))


@given(_KK_WORD, st.sampled_from(CASES))
def test_harmony_follows_the_last_vowel(word: str, case: str) -> None:
    ending = kk.suffix(word, case)
    vowels = [ch for ch in ending if ch in "аеы і".replace(" ", "")]
    last = next((ch for ch in reversed(word) if ch in "аоұыяёюәөүіеэи"), "")  # у takes the vowel before it
    front = last in "әөүіеэи" or word[-1] in "кг"
    if case != "ins" and vowels:
        assert (vowels[-1] in "еі") == front, (word, ending)
    assert ending in {s for pair in kk._SUFFIX[case].values() for s in pair}
