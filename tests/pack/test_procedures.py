"""Documents 4, 5, 7 and 8 of the pack: the internal rules, the breach procedure, one undertaking per recipient,
the staff undertaking and the journals. Each required item is asserted for the example and the clinic in ru and
kk (and en, which the pack builds too); values come from the profile and the law pack, never from the test."""

from __future__ import annotations

import pytest

from kzpolicy_gen import catalogue as cat
from kzpolicy_gen.build import render_texts
from kzpolicy_gen.labels import label, period_text
from kzpolicy_gen.models.profile import Profile, entry_id
from kzpolicy_gen.plan.facts import facts
from kzpolicy_gen.plan.planner import plan_documents
from kzpolicy_gen.render import text as fmt
from kzpolicy_gen.rules import check
from tests.pack.conftest import pack_texts, profile

PROFILES = ["example", "clinic"]
LANGS = ["ru", "kk", "en"]


def days(lang: str, key: str, case: str = "gen") -> str:
    """A statutory deadline as the wording prints it, from the law pack."""
    return fmt.working_days(lang, int(cat.lawpack()["deadlines"][key]["days"]), case)


def pack_of(found: Profile, lang: str, doc: str) -> str:
    """One pack document of a changed profile."""
    texts = render_texts(found, [lang], None, plan_documents(found, pack=True))
    return next(t.markdown for t in texts if t.doc_id == doc)


def sections(text: str) -> list[str]:
    return [line for line in text.splitlines() if line.startswith("## ")]


@pytest.mark.parametrize("name", PROFILES)
@pytest.mark.parametrize("lang", LANGS)
def test_the_rules_state_access_storage_retention_requests_and_control(name: str, lang: str) -> None:
    found = profile(name)
    text = pack_texts(name)[(lang, "processing-rules")]
    assert text.startswith(("**УТВЕРЖДЕНЫ**", "**БЕКІТІЛГЕН**", "**APPROVED**"))
    # retention: every purpose with its period
    for purpose in found.purposes:
        assert f"| {label('purposes', purpose.purpose, lang)} | {period_text(purpose.retention, lang)} |" in text
    # storage: the primary database in Kazakhstan, the stated location
    assert found.storage.location is not None and found.storage.location.get(lang) in text
    # requests: the law pack's deadlines, each one
    for key in ("access_information", "rectify", "block", "destroy_unlawful", "withdrawal"):
        assert days(lang, key) in text, key
    # protection: every declared measure
    for measure in found.security_measures:
        assert label("security_measures", measure, lang) in text
    # internal control by the responsible person, with the contact
    assert found.responsible_person is not None and found.responsible_person.email in text
    # the destruction act is a table with a header row and rows to fill in
    act = text.split(sections(text)[-2], 1)[1]
    assert "| 1 |" in act and "|---|---|---|---|---|---|---|" in act
    assert "18" in act  # its ground column cites Art. 18


@pytest.mark.parametrize("lang", LANGS)
def test_access_by_role_is_a_table_only_when_the_profile_lists_roles(lang: str) -> None:
    example = pack_texts("example")[(lang, "processing-rules")]
    clinic = pack_texts("clinic")[(lang, "processing-rules")]
    for role in profile("example").access_roles:
        labels = [label("data_categories", d, lang) for d in role.data]
        row = next(line for line in example.splitlines() if line.startswith(f"| {role.role.get(lang)} |"))
        assert all(item in row for item in labels)
        assert [d for d in profile("example").data_ids if label("data_categories", d, lang) in row] == [
            d for d in profile("example").data_ids if d in role.data]  # exactly the role's data
    assert not profile("clinic").access_roles
    assert "| " + {"ru": "Должность", "kk": "Лауазым", "en": "Position"}[lang] not in clinic  # no invented roles
    assert {"ru": "утверждается приказом", "kk": "бұйрығымен бекітіледі", "en": "approved by order"}[lang] in clinic


@pytest.mark.parametrize("lang", ["ru", "kk"])
def test_backups_paper_and_control_frequency_follow_their_fields(lang: str) -> None:
    example = profile("example")
    backups = example.storage.backups
    assert backups is not None and example.internal_control is not None
    text = pack_texts("example")[(lang, "processing-rules")]
    assert backups.location.get(lang) in text and label("frequencies", backups.frequency, lang) in text
    assert label("frequencies", example.internal_control.frequency, lang) in text
    clinic = pack_texts("clinic")[(lang, "processing-rules")]
    # the clinic declares the measure but not where or how often: the rules leave that to the responsible person
    assert "backups" in profile("clinic").security_measures and profile("clinic").storage.backups is None
    assert {"ru": "периодичность копирования", "kk": "көшіру кезеңділігін"}[lang] in clinic
    assert not any(label("frequencies", key, lang) in clinic for key in cat.catalogue()["frequencies"])
    # without the measure, no sentence on backups at all
    bare = profile("clinic").model_copy(update={"security_measures": ["internal_acts", "access_control"]})
    assert {"ru": "Резервн", "kk": "сақтық көшірмелерін"}[lang] not in pack_of(bare, lang, "processing-rules")
    paper = {"ru": "регистратура, запираемые шкафы", "kk": "тіркеу бөлімі, құлыпталатын шкафтар"}
    from kzpolicy_gen.models.profile import Text

    with_paper = profile("clinic").model_copy(update={"storage": profile("clinic").storage.model_copy(
        update={"paper": Text(ru=paper["ru"], kk=paper["kk"], en="the registry's locked cabinets")})})
    assert paper[lang] in pack_of(with_paper, lang, "processing-rules")
    assert paper[lang] not in clinic


@pytest.mark.parametrize("name", PROFILES)
@pytest.mark.parametrize("lang", LANGS)
def test_the_breach_procedure_notifies_the_body_within_the_law_packs_deadline(name: str, lang: str) -> None:
    found = profile(name)
    law = cat.lawpack()
    text = pack_texts(name)[(lang, "breach-procedure")]
    assert days(lang, "breach_authority") in text
    assert law["authorised_body_current"][lang] in text
    person = found.responsible_person
    assert person is not None and text.count(person.email) >= 3  # whom to tell, the notification, the notice
    # the notification sheet: addressee, sender with BIN, contact, every data category to tick, signature
    sheet = text.split(sections(text)[6], 1)[1].split(sections(text)[7], 1)[0]
    assert found.operator.identifier in sheet and law["authorised_body_current"][lang] in sheet
    for entry in found.data_categories:
        assert f"□ {label('data_categories', entry, lang)}" in sheet, entry_id(entry)
    # the notice to subjects and the note that the by-law's form is not reproduced
    assert "481/НҚ" in text.split(sections(text)[-1], 1)[1]
    assert len(sections(text)) == 9


def test_the_breach_procedure_without_a_responsible_person_names_the_operator() -> None:
    clinic = profile("clinic")
    entrepreneur = clinic.model_copy(update={"responsible_person": None, "operator": clinic.operator.model_copy(
        update={"legal_form": "individual_entrepreneur", "bin": None, "iin": "900315400007"})})
    text = pack_of(entrepreneur, "ru", "breach-procedure")
    assert "ответственн" not in text.split("## 2.", 1)[1].split("## 3.", 1)[0]
    assert clinic.operator.email is not None and clinic.operator.email in text


@pytest.mark.parametrize("name", PROFILES)
def test_one_undertaking_per_recipient_with_consent(name: str) -> None:
    found = profile(name)
    consent_recipients = facts(found).consent_recipients
    texts = pack_texts(name)
    ids = sorted({doc for (_, doc) in texts if doc.startswith("recipient-undertaking-")})
    assert len(ids) == len(consent_recipients) > 0
    for lang in ("ru", "kk", "en"):
        views = [t for (lg, doc), t in sorted(texts.items()) if lg == lang and doc in ids]
        assert len(views) == len(ids)
    for doc, recipient in zip([d for d in (f"recipient-undertaking-{k}" for k in _keys(found))], consent_recipients,
                              strict=True):
        assert doc in ids
        for lang in ("ru", "kk"):
            text = texts[(lang, doc)]
            purposes = [label("purposes", p.purpose, lang) for p in found.purposes if p.id in recipient.purposes]
            assert all(p in text for p in purposes)
            data = recipient.party.data or [d for d in found.data_ids
                                            if any(d in p.data for p in found.purposes if p.id in recipient.purposes)]
            assert all(label("data_categories", d, lang) in text for d in data)
            country = fmt.country_name(lang, recipient.country)
            if recipient.abroad:
                assert country in text and "16" in text  # cross-border transfer only with consent (Art. 16 p.3)
            else:
                assert {"ru": "на территории Республики Казахстан", "kk": "Қазақстан Республикасының аумағында"}[lang] \
                    in text
            assert days(lang, "breach_authority") in text and days(lang, "withdrawal") in text
            assert found.operator.identifier in text


def _keys(found: Profile) -> list[str]:
    from kzpolicy_gen.plan.structure import recipient_items

    return [key for key, _ in recipient_items(found)]


def test_a_recipients_own_data_are_listed_as_such() -> None:
    courier = pack_texts("example")[("ru", "recipient-undertaking-courier")]
    assert "Передаются следующие персональные данные: фамилия" in courier
    assert label("data_categories", "payment_data", "ru") not in courier  # the courier gets no payment data
    kaspi = pack_texts("example")[("ru", "recipient-undertaking-kaspi-pay")]
    assert "не более чем следующие" in kaspi  # no list of its own: the purposes' data as the upper bound


def test_the_undertaking_rule_names_the_document_to_sign() -> None:
    clinic = profile("clinic")
    packed = clinic.model_copy(update={"document": clinic.document.model_copy(update={"pack": True})})
    hints = [f.hint_text("ru") for f in check(packed) if f.rule == "KZ-RECIPIENT-AGREEMENT"]
    assert len(hints) == len(facts(clinic).consent_recipients)
    assert any("recipient-undertaking-laboratories" in h for h in hints)
    plain = [f.hint_text("ru") for f in check(clinic) if f.rule == "KZ-RECIPIENT-AGREEMENT"]
    assert len(plain) == len(hints) and not any("recipient-undertaking-" in h for h in plain)
    assert all("build --pack" in h for h in plain)


@pytest.mark.parametrize("name", PROFILES)
@pytest.mark.parametrize("lang", ["ru", "kk"])
def test_the_staff_undertaking_binds_to_confidentiality(name: str, lang: str) -> None:
    found = profile(name)
    text = pack_texts(name)[(lang, "staff-undertaking")]
    assert {"ru": "статья 11", "kk": "11-бабы"}[lang] in text
    assert found.responsible_person is not None and found.responsible_person.email in text
    assert text.count("\\_\\_\\_\\_\\_") >= 5  # name, position, date, signature, printed name


@pytest.mark.parametrize("name", PROFILES)
@pytest.mark.parametrize("lang", ["ru", "kk", "en"])
def test_the_journals_are_three_tables_with_header_rows(name: str, lang: str) -> None:
    text = pack_texts(name)[(lang, "journals")]
    tables = [block for block in text.split("\n\n") if block.startswith("| ")]
    assert len(tables) == 3
    for table in tables:
        rows = table.splitlines()
        assert set(rows[1]) <= {"|", "-"} and rows[0].count("|") == rows[1].count("|")  # a header row
        assert len(rows) >= 5
    assert days(lang, "withdrawal", "nom") in text and days(lang, "access_information", "nom") in text
    consent = tables[2].splitlines()[0]
    assert consent.count("|") - 1 == 10  # the consent register's columns
    assert "consent-record.schema.json" in text
    automatic = {"ru": "журнал событий системы", "kk": "жүйенің оқиғалар журналы", "en": "event log"}[lang]
    assert (automatic in text) == ("logging" in profile(name).security_measures)


def test_roles_and_recipients_may_name_only_declared_data() -> None:
    from kzpolicy_gen.errors import ProfileError
    from kzpolicy_gen.validate import validate_text
    from tests.conftest import profile_text

    for old, new, where in [
        ("    data: [identity, order_data, payment_data]\n  - role:", "    data: [identity, salary]\n  - role:",
         "access_roles[1].data[1]"),
        ("    data: [identity, contacts, delivery_address]\n", "    data: [identity, passport]\n",
         "third_parties[0].data[1]"),
    ]:
        with pytest.raises(ProfileError) as caught:
            validate_text(profile_text(**{old: new}))
        issue = next(i for i in caught.value.issues if i.code == "undeclared-data")
        assert issue.path == where and issue.line > 0
