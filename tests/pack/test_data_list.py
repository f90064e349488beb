"""Document 3: the list of personal data (Art. 25 p.2 sub.1): per purpose the data, basis, retention, the
recipients and the countries — exactly what plan/facts.py derives, in ru, kk and en."""

from __future__ import annotations

import pytest

from kzpolicy_gen.labels import label, period_text
from kzpolicy_gen.models.profile import entry_id
from kzpolicy_gen.plan.facts import facts
from kzpolicy_gen.render import text as fmt
from kzpolicy_gen.render.context import language_view
from tests.pack.conftest import LANGS, pack_texts, profile


def rows(markdown: str) -> list[list[str]]:
    """The cells of the purposes table (header and rule left out)."""
    table = [line for line in markdown.splitlines() if line.startswith("| ")]
    return [[cell.strip() for cell in line.strip("|").split(" | ")] for line in table[1:]]


@pytest.mark.parametrize("name", ["example", "clinic"])
@pytest.mark.parametrize("lang", ["ru", "kk"])
def test_each_purpose_has_its_data_basis_and_retention(name: str, lang: str) -> None:
    found = profile(name)
    table = rows(pack_texts(name)[(lang, "data-list")])
    assert len(table) == len(found.purposes)
    data = {entry_id(e): label("data_categories", e, lang) for e in found.data_categories}
    for row, purpose in zip(table, found.purposes, strict=True):
        assert row[0].startswith(label("purposes", purpose.purpose, lang))
        assert all(data[key] in row[1] for key in purpose.data)
        own = [data[key] for key in purpose.data]
        foreign = [d for key, d in data.items() if key not in purpose.data and not any(d in o for o in own)]
        assert [d for d in foreign if d in row[1]] == []  # no data of another purpose
        assert row[2].startswith(label("bases", purpose.basis, lang))
        assert row[3] == period_text(purpose.retention, lang)


@pytest.mark.parametrize("name", ["example", "clinic"])
def test_recipients_and_countries_per_purpose_come_from_the_facts(name: str) -> None:
    found = profile(name)
    known = facts(found)
    for lang in LANGS:
        view = language_view(found, lang)
        text = pack_texts(name)[(lang, "data-list")]
        lines = {line.split(": ", 1)[0][2:]: line for line in text.splitlines() if line.startswith("- ")}
        for purpose, words in zip(found.purposes, view["purposes"], strict=True):
            line = lines[words["name"]]
            derived = known.purpose(purpose.id)
            served = [view["third_parties"][known.recipients[i].index]["name"]
                      for i in derived.recipients + derived.law_recipients]
            assert all(name in line for name in served), (lang, purpose.id)
            others = [tp["name"] for tp in view["third_parties"] if tp["name"] not in served]
            assert [o for o in others if f"{o} (" in line] == []
            for code in derived.countries:
                assert fmt.country_name(lang, code) in line
            if not derived.countries:
                assert {"ru": "трансграничная", "kk": "трансшекаралық", "en": "cross-border"}[lang] not in line


def test_the_list_cites_the_article_and_says_the_by_law_form_was_not_found() -> None:
    ru = pack_texts("example")[("ru", "data-list")]
    assert ru.startswith("**УТВЕРЖДЁН**") and "подпунктом 1) пункта 2 статьи 25" in ru
    assert "статьи 27-1" in ru and "не установлен" in ru
    kk = pack_texts("example")[("kk", "data-list")]
    assert kk.startswith("**БЕКІТІЛГЕН**") and "25-бабы 2-тармағының 1) тармақшасына" in kk and "27-1-бабы" in kk


def test_the_database_location_is_the_profiles() -> None:
    found = profile("clinic")
    assert found.storage.location is not None
    for lang in ("ru", "kk"):
        assert found.storage.location.get(lang) in pack_texts("clinic")[(lang, "data-list")]
