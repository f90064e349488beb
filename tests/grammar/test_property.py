"""Property: for random picks from the catalogue, no value stands in its nominative where the slot needs
another case (judged with the same morphology data the helpers use)."""

from __future__ import annotations

import re
from typing import Any

import yaml
from hypothesis import HealthCheck, Phase, given, settings
from hypothesis import strategies as st

from kzpolicy_gen import catalogue as cat
from kzpolicy_gen import grammar
from kzpolicy_gen.build import render_texts
from kzpolicy_gen.validate import validate_text
from tests.grammar.corpus_cases import OPERATORS, PEOPLE, case_profile
from tests.grammar.template_lint import _ru_governs

COUNTRIES = sorted(code for code in cat.catalogue()["countries"] if code != "KZ")
CHANNELS = list(cat.keys("marketing_channels"))
DOCS = ("policy", "consent", "consent-cross-border", "consent-marketing", "form-snippets", "cookie-notice")


def _profile(operator: str, person: str, countries: list[str], channels: list[str]) -> Any:
    data = case_profile("llp-abbreviated")
    data["operator"] = {**data["operator"], **{k: v for k, v in OPERATORS[operator].items() if v is not None}}
    if OPERATORS[operator].get("bin", "") is None:
        data["operator"].pop("bin", None)
    if PEOPLE[person] is None:
        data.pop("responsible_person", None)
    else:
        data["responsible_person"] = {**PEOPLE[person], "email": "dpo@alma-market.kz"}
    data["third_parties"] = [tp for tp in data["third_parties"] if "country" not in tp or tp["country"] == "KZ"] + [
        {"role": "cloud", "name": {"ru": f"провайдер {c}", "kk": f"{c} провайдері", "en": f"provider {c}"},
         "country": c, "purposes": ["account"]} for c in countries]
    data["marketing"] = {"channels": channels}
    return validate_text(yaml.safe_dump(data, allow_unicode=True, sort_keys=False))


def _oblique_differs(lang: str, value: str) -> bool:
    """Whether the nominative is distinct from every other case form (so a governed nominative is an error)."""
    return all(grammar.inflect(lang, value, case) != value for case in ("gen", "dat", "acc", "ins", "loc"))


def _russian_violations(text: str, values: list[str]) -> list[str]:
    found = []
    for value in values:
        if not _oblique_differs("ru", value):
            continue
        for match in re.finditer(re.escape(value), text):
            before = text[max(0, match.start() - 40):match.start()]
            if not before.endswith(" ") or re.search(r"[:(—–,;«|*\]]\s*$", before):
                continue
            words = before.split()
            if words and _ru_governs(words[-1]):
                found.append(f"…{before}{value}")
    return found


def _english_violations(text: str, codes: list[str]) -> list[str]:
    found = []
    for code in codes:
        entry = cat.catalogue()["countries"][code]
        if entry.get("en_article") != "the":
            continue
        for match in re.finditer(rf"\b(to|in|from|into) {re.escape(entry['en'])}", text):
            found.append(match.group(0))
    return found


@settings(max_examples=6, deadline=None, derandomize=True, phases=[Phase.explicit, Phase.generate],
          suppress_health_check=[HealthCheck.too_slow])
@given(operator=st.sampled_from(sorted(OPERATORS)), person=st.sampled_from(sorted(PEOPLE)),
       countries=st.lists(st.sampled_from(COUNTRIES), min_size=1, max_size=3, unique=True),
       channels=st.lists(st.sampled_from(CHANNELS), min_size=1, max_size=3, unique=True))
def test_no_nominative_in_a_governed_slot(operator: str, person: str, countries: list[str],
                                          channels: list[str]) -> None:
    if operator == "individual-entrepreneur":
        person = "none"
    profile = _profile(operator, person, countries, channels)
    texts = {(t.lang, t.doc_id): t.markdown for t in render_texts(profile, ["ru", "kk", "en"]) if t.doc_id in DOCS}
    ru_values = [grammar.country_name("ru", c) or c for c in countries]
    ru_values += [cat.entry("marketing_channels", ch)["ru"] for ch in channels]
    ru_values.append(OPERATORS[operator]["name"]["ru"])
    kk_operator = OPERATORS[operator]["name"]["kk"]
    for (lang, doc), text in texts.items():
        if lang == "ru":
            assert _russian_violations(text, ru_values) == [], doc
        elif lang == "en":
            assert _english_violations(text, countries) == [], doc
        elif doc == "consent":
            assert grammar.inflect("kk", kk_operator, "dat") in text, "the consent is given to the operator (dative)"
