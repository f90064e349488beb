"""Each requirement a public document must state → the clause that states it → a phrase per language."""

from __future__ import annotations

import re
from functools import cache

import pytest

from kzpolicy_gen.build import render_texts
from kzpolicy_gen.plan import plan_documents
from kzpolicy_gen.validate import load_profile
from tests.conftest import EXAMPLE

REQUIREMENTS = [
    ("94-V:8.4.1 operator and BIN", "consent", "parties.operator", ("210540012341", "210540012341", "210540012341")),
    ("94-V:8.4.2 subject's name", "consent", "parties.subject", ("фамилия, имя, отчество", "тегі, аты", "surname")),
    ("94-V:8.4.3 term", "consent", "term.validity", ("3\u00a0года", "3\u00a0жыл", "3\u00a0years")),
    ("94-V:8.4.4 third parties", "consent", "transfers.third_parties",
     ("Передача третьим лицам", "Үшінші тұлғаларға беру", "Transfer to third parties")),
    ("94-V:8.4.5 cross-border", "consent", "transfers.cross_border",
     ("Трансграничная передача", "Трансшекаралық беру", "Cross-border transfer")),
    ("94-V:8.4.6 public sources", "consent", "transfers.no_public",
     ("общедоступных источниках", "қолжетімді дереккөздерде", "publicly available")),
    ("94-V:8.4.7 list of data", "consent", "scope.data", ("адрес доставки", "жеткізу мекенжайы", "delivery address")),
    ("94-V:12.2 localisation", "policy", "storage.localisation",
     ("территории Республики Казахстан", "Қазақстан Республикасының аумағында",
      "territory of the Republic of Kazakhstan")),
    ("94-V:8.7 withdrawal in 15 working days", "policy", "withdrawal.how",
     ("15 (пятнадцати)\u00a0рабочих дней", "15 (он бес)\u00a0жұмыс күні", "15 (fifteen)\u00a0working days")),
    ("94-V:8.2 when withdrawal is impossible", "policy", "withdrawal.limits",
     ("не исполнено обязательство", "міндеттеме орындалмаған", "obligation")),
    ("94-V:25.2.8 one working day", "policy", "requests.deadlines",
     ("1 (одного)\u00a0рабочего дня", "1 (бір)\u00a0жұмыс күні", "1 (one)\u00a0working day")),
    ("R395:16 access in 3 working days", "policy", "requests.deadlines",
     ("3 (трёх)\u00a0рабочих дней", "3 (үш)\u00a0жұмыс күні", "3 (three)\u00a0working days")),
    ("94-V:25.2.10 responsible person", "policy", "responsible.person", ("Серикбаева", "Серікбаева", "Serikbayeva")),
    ("94-V:24.1 rights", "policy", "rights.list", ("отозвать согласие", "кері қайтарып алуға", "withdraw consent")),
    ("94-V:25.2.9 free access", "policy", "rights.free", ("бесплатно", "тегін", "free of charge")),
    ("94-V:25.2.8 breach to the authority", "policy", "breach.notify",
     ("уполномоченный орган", "уәкілетті органға", "authorised body")),
    ("94-V:16 countries named", "policy", "cross_border.transfer",
     ("Российская Федерация", "Ресей Федерациясы", "Russian Federation")),
    ("94-V:16.3 separate consent abroad", "consent-cross-border", "transfer.countries",
     ("Российская Федерация", "Ресей Федерациясы", "Russian Federation")),
    ("94-V:7.1 consent, not browsing", "policy", "conditions.consent",
     ("посещение сайта", "сайтқа кірудің", "visiting the website")),
    ("94-V:1.9-10 owner and operator", "policy", "operator.identity",
     ("собственником и оператором", "меншік иесі және операторы", "owner and the operator")),
]


@cache
def clauses() -> dict[tuple[str, str, str], str]:
    """(document, language, clause id) → the clause's text."""
    profile = load_profile(EXAMPLE)
    plans = {plan.id: plan for plan in plan_documents(profile)}
    out: dict[tuple[str, str, str], str] = {}
    for text in render_texts(profile, ["ru", "kk", "en"]):
        numbers = plans[text.doc_id].numbers()
        for node_id, number in numbers.items():
            if "." not in node_id:
                continue
            match = re.search(rf"^\*\*{re.escape(number)}\.\*\* (.*?)(?=^\*\*\d|^## |\Z)", text.markdown,
                              flags=re.MULTILINE | re.DOTALL)
            assert match, (text.doc_id, node_id)
            out[(text.doc_id, text.lang, node_id)] = match.group(1)
    return out


@pytest.mark.parametrize(("requirement", "doc", "clause", "phrases"), REQUIREMENTS, ids=[r[0] for r in REQUIREMENTS])
def test_requirement_is_stated(requirement: str, doc: str, clause: str, phrases: tuple[str, str, str]) -> None:
    for lang, phrase in zip(("ru", "kk", "en"), phrases, strict=True):
        text = clauses().get((doc, lang, clause))
        assert text is not None, f"{requirement}: clause {clause} missing in {doc} ({lang})"
        assert phrase in text, f"{requirement}: '{phrase}' not in {doc} {clause} ({lang})"
