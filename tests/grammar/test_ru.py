"""Russian noun phrases, organisation names and personal names in every case a slot needs."""

from __future__ import annotations

import pytest

from kzpolicy_gen.grammar import ru


@pytest.mark.parametrize(("name", "dat", "gen", "ins"), [
    ("ТОО «Алма Маркет»", "ТОО «Алма Маркет»", "ТОО «Алма Маркет»", "ТОО «Алма Маркет»"),
    ("АО «Kaspi Bank»", "АО «Kaspi Bank»", "АО «Kaspi Bank»", "АО «Kaspi Bank»"),
    ("Товарищество с ограниченной ответственностью «Алма»", "Товариществу с ограниченной ответственностью «Алма»",
     "Товарищества с ограниченной ответственностью «Алма»", "Товариществом с ограниченной ответственностью «Алма»"),
    ("Акционерное общество «Казахтелеком»", "Акционерному обществу «Казахтелеком»",
     "Акционерного общества «Казахтелеком»", "Акционерным обществом «Казахтелеком»"),
    ("Общественный фонд «Дом детей»", "Общественному фонду «Дом детей»", "Общественного фонда «Дом детей»",
     "Общественным фондом «Дом детей»"),
    ("Частная компания «Astana Tech Ltd.»", "Частной компании «Astana Tech Ltd.»",
     "Частной компании «Astana Tech Ltd.»", "Частной компанией «Astana Tech Ltd.»"),
    ("Филиал компании «Acme GmbH» в Республике Казахстан", "Филиалу компании «Acme GmbH» в Республике Казахстан",
     "Филиала компании «Acme GmbH» в Республике Казахстан", "Филиалом компании «Acme GmbH» в Республике Казахстан"),
    ("ИП Жумалеева Алёна Владимировна", "ИП Жумалеевой Алёне Владимировне", "ИП Жумалеевой Алёны Владимировны",
     "ИП Жумалеевой Алёной Владимировной"),
    ("ИП Серикбаев Нурлан Ерланұлы", "ИП Серикбаеву Нурлану Ерланұлы", "ИП Серикбаева Нурлана Ерланұлы",
     "ИП Серикбаевым Нурланом Ерланұлы"),
    ("Densaulyq Clinic LLP", "Densaulyq Clinic LLP", "Densaulyq Clinic LLP", "Densaulyq Clinic LLP"),
])
def test_organisation_names(name: str, dat: str, gen: str, ins: str) -> None:
    assert (ru.organisation(name, "dat"), ru.organisation(name, "gen"), ru.organisation(name, "ins")) == (
        dat, gen, ins)


def test_unknown_head_word_is_not_guessed() -> None:
    assert ru.noun_phrase("Кваркозябра фонд", "dat") is None
    assert ru.organisation("Кваркозябрический фонд «Х»", "dat") is None


@pytest.mark.parametrize(("position", "dat", "ins", "gender"), [
    ("заместитель директора по качеству", "заместителю директора по качеству", "заместителем директора по качеству",
     "m"),
    ("главный бухгалтер", "главному бухгалтеру", "главным бухгалтером", "m"),
    ("медицинская сестра", "медицинской сестре", "медицинской сестрой", "f"),
    ("менеджер по персоналу", "менеджеру по персоналу", "менеджером по персоналу", "m"),
])
def test_positions_take_their_own_gender(position: str, dat: str, ins: str, gender: str) -> None:
    assert ru.noun_phrase(position, "dat") == dat
    assert ru.noun_phrase(position, "ins") == ins
    assert ru.phrase_gender(position) == gender


def test_accusative_of_an_animate_masculine_phrase() -> None:
    assert ru.noun_phrase("главный бухгалтер", "acc") == "главного бухгалтера"
    assert ru.noun_phrase("Российская Федерация", "acc") == "Российскую Федерацию"


@pytest.mark.parametrize(("name", "gender", "dat"), [
    ("Айгерим Серикбаева", "f", "Айгерим Серикбаевой"),
    ("Серикбаева Айгерим", "f", "Серикбаевой Айгерим"),
    ("Нурлан Сериков", "m", "Нурлану Серикову"),
    ("Жумалеева Алёна Владимировна", "f", "Жумалеевой Алёне Владимировне"),
    ("Асель Нурланқызы Ахметова", "f", "Асель Нурланқызы Ахметовой"),
    ("Ахметов Ерлан Нурланұлы", "m", "Ахметову Ерлану Нурланұлы"),
])
def test_personal_names(name: str, gender: str, dat: str) -> None:
    assert ru.person_gender(name) == gender
    assert ru.person(name, "dat") == dat


def test_a_name_whose_gender_cannot_be_told() -> None:
    assert ru.person_gender("Ким Саша") is None
    assert ru.person("Ким Саша", "dat") is None
    assert ru.person("Ким Саша", "dat", gender="f") is None  # nor which word is the surname
