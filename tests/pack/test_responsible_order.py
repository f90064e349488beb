"""Document 2: the order appointing the person responsible for organising processing (Art. 25 p.2 sub.10,
p.3): legal entities only; the person, their contacts and the three duties of p.3, in ru, kk and en."""

from __future__ import annotations

import pytest

from kzpolicy_gen.plan.planner import plan_documents
from kzpolicy_gen.validate import load_profile
from tests.conftest import ROOT
from tests.pack.conftest import LANGS, pack_texts, profile

#: The three duties of Art. 25 p.3, as each language words them.
DUTIES = {"ru": ("внутренний контроль за соблюдением", "Доводить до сведения работников",
                 "контроль за приёмом и обработкой обращений субъектов"),
          "kk": ("ішкі бақылауды жүзеге асыру", "жұмыскерлерінің назарына",
                 "өтініштерін қабылдау мен өңдеуді бақылауды"),
          "en": ("internal control of compliance", "make known to the Operator's employees",
                 "oversee the receipt and handling of requests")}


@pytest.mark.parametrize("name", ["example", "clinic"])
def test_the_order_names_the_person_their_contacts_and_duties(name: str) -> None:
    person = profile(name).responsible_person
    assert person is not None
    for lang in LANGS:
        text = pack_texts(name)[(lang, "responsible-order")]
        appoint = text.split("\n## 2.", 1)[1].split("\n## 3.", 1)[0]
        for value in (person.name, person.position):
            if value is not None:
                assert value.get(lang) in appoint
        assert person.email in appoint
        duties = text.split("\n## 3.", 1)[1].split("\n## 4.", 1)[0]
        assert [d for d in DUTIES[lang] if d not in duties] == []
        assert duties.count("**3.") == 4  # the three duties of p.3 and the breach report (sub.8)
        assert "1 (" in duties  # the breach deadline from the law pack, in figures and words
    ru, kk = pack_texts(name)[("ru", "responsible-order")], pack_texts(name)[("kk", "responsible-order")]
    assert "подпунктом 10) пункта 2 и пунктом 3 статьи 25" in ru and "ПРИКАЗЫВАЮ:" in ru and "С приказом" in ru
    assert "10) тармақшасына және 3-тармағына" in kk and "тағайындалсын" in kk and "Бұйрықпен таныстым" in kk


def test_a_person_named_by_position_only_gets_a_line_for_the_name() -> None:
    clinic = pack_texts("clinic")[("ru", "responsible-order")]
    example = pack_texts("example")[("ru", "responsible-order")]
    assert "(фамилия, имя, отчество)" in clinic.split("\n## 2.", 1)[1].split("\n## 3.", 1)[0]
    assert "(фамилия, имя, отчество)" not in example


def test_the_signature_lines_agree_with_the_person() -> None:
    assert "С приказом ознакомлена: Айгерим Серикбаева" in pack_texts("example")[("ru", "responsible-order")]


def test_no_order_for_a_sole_trader_or_without_a_person() -> None:
    trader = load_profile(ROOT / "tests" / "fixtures" / "truth" / "restaurant.yaml")
    assert "responsible-order" not in [p.id for p in plan_documents(trader, pack=True)]
    without = profile("example").model_copy(update={"responsible_person": None})
    assert "responsible-order" not in [p.id for p in plan_documents(without, pack=True)]
