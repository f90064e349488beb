"""Catalogue wording per language: no Cyrillic in English, official legal names, no name said twice."""

from __future__ import annotations

import re
from typing import Any

import pytest

from kzpolicy_gen import catalogue as cat

CYRILLIC = re.compile(r"[\u0400-\u04ff]")


def _english_strings(node: Any) -> list[str]:
    if isinstance(node, dict):
        found = [str(node["en"])] if isinstance(node.get("en"), str) else []
        for key, value in node.items():
            if key != "en" or isinstance(value, dict):
                found += _english_strings(value)
        return found
    return []


def test_no_cyrillic_in_any_english_wording() -> None:
    strings = _english_strings(cat.catalogue())
    assert len(strings) > 140
    assert [s for s in strings if CYRILLIC.search(s)] == []
    for key in cat.keys("services"):
        assert not CYRILLIC.search(cat.service_label(key, "en")), key


@pytest.mark.parametrize("key", [k for k in cat.keys("services") if cat.entry("services", k)["country"] == "KZ"])
def test_kazakhstan_providers_by_their_legal_names(key: str) -> None:
    assert re.match(r"^(АО|ТОО) «[^»]+»$", cat.service_text(key, "provider", "ru")), key
    assert re.match(r"^«[^»]+» (АҚ|ЖШС)$", cat.service_text(key, "provider", "kk")), key
    assert re.search(r"(JSC|LLP)$", cat.service_text(key, "provider", "en")), key


@pytest.mark.parametrize("lang", ["ru", "kk", "en"])
def test_no_service_is_named_twice(lang: str) -> None:
    for key in cat.keys("services"):
        label = cat.service_label(key, lang)
        name = cat.service_text(key, "name", lang)
        assert label.count(name) <= 1 or label == name, label
        assert label.count("(") <= 1 and ") (" not in label, label


def test_official_country_names() -> None:
    countries = cat.catalogue()["countries"]
    assert countries["US"]["ru"] == "Соединённые Штаты Америки"
    assert countries["RU"]["ru"] == "Российская Федерация"
    assert (countries["US"]["en"], countries["US"]["en_article"]) == ("United States of America", "the")


def test_country_keys_are_iso_codes() -> None:
    # YAML 1.1 reads an unquoted NO (Norway) as false
    assert all(isinstance(code, str) and re.fullmatch(r"[A-Z]{2}", code) for code in cat.catalogue()["countries"])
