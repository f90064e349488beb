"""The sentence corpus: profiles built from the example with hard values, and the clauses that carry them.

Why a matrix: a value nobody tested is where a pasted dictionary form hides. Each case swaps in one kind of
hard value (a legal form written out, an individual entrepreneur's name, a foreign branch, a male name, a
position without a name, one/two/three countries of different declension, one or several channels and
purposes); the golden files assert the exact wording of every clause that carries such a value.
"""

from __future__ import annotations

import copy
import re
from functools import cache
from typing import Any

import yaml

from kzpolicy_gen.build import render_texts
from kzpolicy_gen.plan import plan_documents
from kzpolicy_gen.validate import validate_text
from tests.conftest import EXAMPLE

LANGUAGES = ["ru", "kk", "en"]

#: (document, clause) pairs whose wording carries an operator, person, country, channel or purpose value.
VALUE_CLAUSES = [
    ("policy", "general.purpose"), ("policy", "operator.identity"), ("policy", "conditions.channels"),
    ("policy", "third_parties.list"), ("policy", "cross_border.transfer"), ("policy", "marketing.consent"),
    ("policy", "requests.channels"), ("policy", "responsible.person"), ("policy", "responsible.none"),
    ("policy", "contacts.operator"),
    ("consent", "parties.operator"), ("consent", "scope.purposes"), ("consent", "transfers.third_parties"),
    ("consent", "transfers.cross_border"),
    ("consent-cross-border", "parties.operator"), ("consent-cross-border", "transfer.countries"),
    ("consent-cross-border", "transfer.recipients"),
    ("consent-marketing", "parties.operator"), ("consent-marketing", "messages.channels"),
    ("form-snippets", "order.checkbox"), ("form-snippets", "order.cross_border"),
    ("cookie-notice", "banner.text"),
    ("request-form", "parties.operator"), ("withdrawal-form", "parties.operator"),
]

OPERATORS: dict[str, dict[str, Any]] = {
    "llp-abbreviated": {"legal_form": "llp", "name": {"ru": "ТОО «Алма Маркет»", "kk": "«Алма Маркет» ЖШС",
                                                      "en": "Alma Market LLP"}},
    "llp-full": {"legal_form": "llp", "name": {
        "ru": "Товарищество с ограниченной ответственностью «Алма Маркет»",
        "kk": "«Алма Маркет» жауапкершілігі шектеулі серіктестігі",
        "en": "Alma Market Limited Liability Partnership"}},
    "jsc-abbreviated": {"legal_form": "jsc", "name": {"ru": "АО «Табыс Софт»", "kk": "«Табыс Софт» АҚ",
                                                      "en": "Tabys Soft JSC"}},
    "jsc-full": {"legal_form": "jsc", "name": {"ru": "Акционерное общество «Табыс Софт»",
                                               "kk": "«Табыс Софт» акционерлік қоғамы",
                                               "en": "Tabys Soft Joint-Stock Company"}},
    "individual-entrepreneur": {"legal_form": "individual_entrepreneur", "bin": None, "iin": "900315400007",
                                "name": {"ru": "ИП Жумалеева Алёна Владимировна",
                                         "kk": "ЖК Жумалеева Алёна Владимировна",
                                         "en": "Individual Entrepreneur Alyona Zhumaleyeva"}},
    "public-foundation": {"legal_form": "public_foundation", "name": {
        "ru": "Общественный фонд «Балалар үйі»", "kk": "«Балалар үйі» қоғамдық қоры",
        "en": "Balalar Uii Public Foundation"}},
    "private-company": {"legal_form": "other_entity", "name": {
        "ru": "Частная компания «Astana Tech Ltd.»", "kk": "«Astana Tech Ltd.» жеке компаниясы",
        "en": "Astana Tech Ltd. private company"}},
    "foreign-branch": {"legal_form": "branch", "name": {
        "ru": "Филиал компании «Acme GmbH» в Республике Казахстан",
        "kk": "«Acme GmbH» компаниясының Қазақстан Республикасындағы филиалы",
        "en": "Branch of Acme GmbH in the Republic of Kazakhstan"}},
}

PEOPLE: dict[str, dict[str, Any] | None] = {
    "female-name": {"name": {"ru": "Айгерим Серикбаева", "kk": "Әйгерім Серікбаева", "en": "Aigerim Serikbayeva"},
                    "position": {"ru": "юрист по защите персональных данных",
                                 "kk": "дербес деректерді қорғау жөніндегі заңгер", "en": "data protection lawyer"}},
    "male-name": {"name": {"ru": "Нурлан Сериков", "kk": "Нұрлан Серіков", "en": "Nurlan Serikov"}},
    "position-only": {"position": {"ru": "заместитель директора по качеству",
                                   "kk": "директордың сапа жөніндегі орынбасары",
                                   "en": "deputy director for quality"}},
    "none": None,
}

COUNTRY_SETS = {"one": ["DE"], "two": ["US", "RU"], "three": ["NL", "CN", "DE"]}
CHANNEL_SETS = {"one": ["email"], "several": ["email", "sms", "phone"]}


def case_names() -> list[str]:
    """Every corpus case: the operators crossed with the other dimensions along a diagonal (each value once)."""
    return list(_cases())


@cache
def _cases() -> dict[str, dict[str, str]]:
    operators = list(OPERATORS)
    people = list(PEOPLE)
    countries = list(COUNTRY_SETS)
    channels = list(CHANNEL_SETS)
    cases = {}
    for i, operator in enumerate(operators):
        person = "none" if operator == "individual-entrepreneur" else people[i % 3]
        cases[operator] = {"operator": operator, "person": person, "countries": countries[i % 3],
                           "channels": channels[i % 2], "purposes": "one" if i % 2 else "several"}
    return cases


def case_profile(name: str) -> dict[str, Any]:
    """The example profile with one case's hard values."""
    case = _cases()[name]
    data: dict[str, Any] = yaml.safe_load(EXAMPLE.read_text(encoding="utf-8"))
    data = copy.deepcopy(data)
    operator = dict(data["operator"])
    for key, value in OPERATORS[case["operator"]].items():
        if value is None:
            operator.pop(key, None)
        else:
            operator[key] = value
    operator.pop("brand", None)
    data["operator"] = operator
    person = PEOPLE[case["person"]]
    if person is None:
        data.pop("responsible_person", None)
    else:
        data["responsible_person"] = {**person, "email": "dpo@alma-market.kz"}
    abroad = [{"role": "cloud", "name": {"ru": f"облачный провайдер {code}", "kk": f"{code} бұлттық провайдері",
                                         "en": f"cloud provider {code}"},
               "country": code, "purposes": ["account"] if case["purposes"] == "one" else ["account", "analytics"]}
              for code in COUNTRY_SETS[case["countries"]]]
    data["third_parties"] = [tp for tp in data["third_parties"] if tp.get("service") not in (
        "google_analytics", "yandex_metrica", "sendpulse")] + abroad
    data["marketing"] = {"channels": CHANNEL_SETS[case["channels"]]}
    if case["purposes"] == "one":
        data["consent"]["channels"] = ["web_form_checkbox"]
    else:
        data["consent"]["channels"] = ["web_form_checkbox", "paper", "electronic_signature"]
    return data


@cache
def case_clauses(name: str) -> dict[str, dict[tuple[str, str], str]]:
    """lang → (document, clause) → the clause's text, for the value-carrying clauses of one case."""
    profile = validate_text(yaml.safe_dump(case_profile(name), allow_unicode=True, sort_keys=False))
    plans = {plan.id: plan for plan in plan_documents(profile)}
    out: dict[str, dict[tuple[str, str], str]] = {lang: {} for lang in LANGUAGES}
    for text in render_texts(profile, LANGUAGES):
        numbers = plans[text.doc_id].numbers()
        for doc, clause in VALUE_CLAUSES:
            if doc != text.doc_id or clause not in numbers:
                continue
            match = re.search(rf"^\*\*{re.escape(numbers[clause])}\.\*\* (.*?)(?=^\*\*\d|^## |\Z)", text.markdown,
                              flags=re.MULTILINE | re.DOTALL)
            assert match, (name, doc, clause)
            out[text.lang][(doc, clause)] = match.group(1).strip()
    return out


def corpus_text(name: str, lang: str) -> str:
    """The golden form of one case in one language: the case's values, then each clause."""
    case = _cases()[name]
    lines = [f"# {name} ({lang}): " + ", ".join(f"{k}={v}" for k, v in case.items()), ""]
    for (doc, clause), text in sorted(case_clauses(name)[lang].items()):
        lines += [f"## {doc} {clause}", "", text, ""]
    return "\n".join(lines).rstrip() + "\n"
