"""Document 6: the draft Art. 10-1 notification, only for a large operator (Art. 25-1), with every item of
Art. 10-1 p.3: name and BIN/IIN, protection measures, start date, third parties, cross-border, publication
(each yes/no as the facts say), the list of data, the database's location."""

from __future__ import annotations

import datetime

import pytest

from kzpolicy_gen.build import render_texts
from kzpolicy_gen.labels import label
from kzpolicy_gen.models.profile import AuthorityNotification, Storage
from kzpolicy_gen.plan.facts import facts, operator_category
from kzpolicy_gen.plan.planner import plan_documents
from kzpolicy_gen.render import text as fmt
from tests.pack.conftest import pack_texts, profile

YES = {"ru": "осуществляется", "kk": "жүзеге асырылады", "en": "yes"}
NO = {"ru": "не осуществляется", "kk": "жүзеге асырылмайды", "en": "no"}


def items(markdown: str) -> dict[int, str]:
    """Clause number in section 3 (the p.3 items) → its text."""
    section = markdown.split("\n## 3.", 1)[1].split("\n## 4.", 1)[0]
    parts = section.split("**3.")[1:]
    return {int(part.split(".**", 1)[0]): part.split(".**", 1)[1] for part in parts}


def test_only_a_large_operator_gets_the_draft() -> None:
    assert operator_category(profile("example")) == "medium"
    assert "authority-notification" not in [p.id for p in plan_documents(profile("example"), pack=True)]
    assert operator_category(profile("clinic")) == "large"  # medium by count, raised by restricted-access data
    assert "authority-notification" in [p.id for p in plan_documents(profile("clinic"), pack=True)]


@pytest.mark.parametrize("lang", ["ru", "kk", "en"])
def test_every_item_of_article_10_1_paragraph_3(lang: str) -> None:
    clinic = profile("clinic")
    known = facts(clinic)
    found = items(pack_texts("clinic")[(lang, "authority-notification")])
    assert clinic.operator.name.get(lang) in found[1] and clinic.operator.identifier in found[1]
    assert all(label("security_measures", m, lang) in found[2] for m in clinic.security_measures)
    assert found[3].split(":", 1)[1].strip().startswith("\\_")  # no processing_start: a line to fill in
    assert (YES if known.recipients else NO)[lang] in found[4].split(":", 1)[1][:30]
    assert found[5].split(":", 1)[1].strip().startswith((YES if clinic.cross_border else NO)[lang])
    assert found[6].split(":", 1)[1].strip().startswith((YES if clinic.public_distribution else NO)[lang])
    assert all(label("data_categories", d, lang) in found[7] for d in clinic.data_categories)
    assert fmt.country_name(lang, clinic.storage.primary_country) in found[8]
    assert clinic.storage.location is not None and clinic.storage.location.get(lang) in found[8]
    assert clinic.responsible_person is not None and clinic.responsible_person.email in found[9]


def test_the_start_date_and_a_transfer_abroad_are_stated_when_the_profile_has_them() -> None:
    clinic = profile("clinic")
    notice = AuthorityNotification(processing_start=datetime.date(2027, 1, 15))
    copies = Storage.model_validate({"copies_abroad": [{"country": "DE"}]}).copies_abroad
    abroad = clinic.model_copy(update={"authority_notification": notice,
                                       "storage": clinic.storage.model_copy(update={"copies_abroad": copies})})
    texts = {t.lang: t.markdown for t in render_texts(abroad, ["ru", "kk"], None,
                                                       plan_documents(abroad, ("authority-notification",)))}
    ru, kk = items(texts["ru"]), items(texts["kk"])
    assert "15 января 2027" in ru[3] and "\\_" not in ru[3]
    assert ru[5].split(":", 1)[1].strip().startswith("осуществляется") and "Германи" in ru[5]
    assert kk[5].split(":", 1)[1].strip().startswith("жүзеге асырылады") and "Герман" in kk[5]


def test_the_notes_say_the_form_was_not_found_and_cite_the_articles() -> None:
    for lang, words in (("ru", "не установлены"), ("kk", "анықталмады"), ("en", "were not identified")):
        notes = pack_texts("clinic")[(lang, "authority-notification")].split("\n## 5.", 1)[1]
        assert words in notes and "10-1" in notes
    ru = pack_texts("clinic")[("ru", "authority-notification")]
    assert "пунктом 1 статьи 10-1" in ru and "статье 25-1" in ru and "(проект)" in ru
