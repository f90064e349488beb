"""Facts that operators outside retail disclose, each from its own profile field (issue: operator kinds).

Why fixtures: each fixture under tests/fixtures/operators states facts that used to go into free text
(approval order, licences, contacts by purpose, statutory retention); the wording must state exactly those
facts in ru/kk/en, and a profile without the field must not get the sentence.
"""

from __future__ import annotations

import json
from functools import cache

import pytest

from kzpolicy_gen.build import render_texts
from kzpolicy_gen.errors import ProfileError
from kzpolicy_gen.plan.explain import explain
from kzpolicy_gen.plan.planner import plan_documents
from kzpolicy_gen.register import register_json
from kzpolicy_gen.validate import load_profile, validate_text
from tests.conftest import ROOT, profile_text

FIXTURES = ROOT / "tests" / "fixtures" / "operators"


@cache
def texts(name: str) -> dict[tuple[str, str], str]:
    """(language, document) → Markdown of one fixture."""
    profile = load_profile(FIXTURES / f"{name}.yaml")
    return {(t.lang, t.doc_id): t.markdown for t in render_texts(profile, list(profile.document.languages))}


def errors(text: str) -> list[tuple[str, str, str]]:
    with pytest.raises(ProfileError) as caught:
        validate_text(text)
    return [(i.code, i.path, i.hint) for i in caught.value.issues]


# --- approval (Art. 25 p.2 sub.1-1) -------------------------------------------------------------------------

def test_the_approval_stamp_opens_the_policy_in_every_language() -> None:
    ru, kk, en = (texts("clinic")[(lang, "policy")] for lang in ("ru", "kk", "en"))
    assert ru.startswith("**УТВЕРЖДЕНА**  \nприказом главного врача ТОО «Медикал Нур» от 20 ноября 2026 года № 15-П")
    assert kk.startswith("**БЕКІТІЛГЕН**  \n«Медикал Нұр» ЖШС бас дәрігерінің 2026 жылғы 20 қарашадағы № 15-П "
                         "бұйрығымен")
    assert en.startswith("**APPROVED**  \nby order of the Chief Physician of Medical Nur LLP No. 15-П dated "
                         "20 November 2026")
    assert ru.index("УТВЕРЖДЕНА") < ru.index("# Политика")
    assert "УТВЕРЖДЕН" not in texts("clinic")[("ru", "consent")]  # the stamp is the policy's


def test_no_stamp_without_the_field() -> None:
    without = profile_text(**{"approval:\n  by: {ru: директор ТОО «Алма Маркет», kk: «Алма Маркет» ЖШС директоры, "
                              "en: the Director of Alma Market LLP}\n  order_no: \"12-П\"\n  date: 2026-11-25\n"
                              "  place: {ru: г. Алматы, kk: Алматы қ., en: Almaty}\n": ""})
    policy = next(t.markdown for t in render_texts(validate_text(without), ["ru"]) if t.doc_id == "policy")
    assert policy.startswith("# Политика")


def test_the_approval_is_in_the_register_and_explained() -> None:
    profile = load_profile(FIXTURES / "clinic.yaml")
    data = json.loads(register_json(profile, ["ru", "en"]))
    assert data["approval"] == {"by": {"ru": "главный врач ТОО «Медикал Нур»",
                                       "en": "the Chief Physician of Medical Nur LLP"},
                                "order_no": "15-П", "date": "2026-11-20",
                                "place": {"ru": "г. Караганда", "en": "Karaganda"}}
    assert "head.approval" in explain(plan_documents(profile)).split("policy:")[1].split("consent")[0]
    assert "(approval)" in explain(plan_documents(profile))


def test_the_old_approved_by_gets_a_migration_error() -> None:
    text = profile_text(**{"document:\n": "document:\n  approved_by: {ru: директор}\n"})
    (code, path, hint), = errors(text)
    assert (code, path) == ("moved-field", "document.approved_by")
    assert "approval: {by:" in hint and "order_no" in hint


# --- operator details: licences, parent, contacts by purpose, optional e-mail and phone ---------------------

def test_licences_parent_and_contacts_are_stated_in_every_language() -> None:
    ru, kk, en = (texts("clinic")[(lang, "policy")] for lang in ("ru", "kk", "en"))
    assert ("- государственная лицензия на медицинскую деятельность № 19012345 от 14 марта 2019 года; "
            "лицензиар — Управление здравоохранения Карагандинской области\n") in ru
    assert "на основании следующей лицензии:" in ru
    assert "- медициналық қызметке мемлекеттік лицензия, № 19012345, берілген күні: 2019 жылғы 14 наурыз" in kk
    assert "- state licence for medical activity No. 19012345 of 14 March 2019; licensor: the Health" in en
    assert "Материнская организация Оператора: ТОО «Нур Медикал Групп»." in ru
    assert "Оператордың бас ұйымы: «Нұр Медикал Групп» ЖШС." in kk
    assert "- контакт-центр: телефон +7 7212 40 00 01\n" in ru
    assert "- филиал в г. Темиртау: телефон +7 7213 40 00 02\n" in ru
    assert "- дербес деректер жөніндегі өтініштер: электрондық пошта pd@medical-nur.kz\n" in kk
    assert "- requests on personal data: e-mail pd@medical-nur.kz\n" in en


def test_an_operator_without_e_mail_is_not_given_one() -> None:
    ru = texts("clinic")[("ru", "policy")]
    assert "Контакты Оператора по вопросам персональных данных: телефон +7 7212 40 00 00." in ru
    assert "электронная почта: " not in ru.split("Контакты и обжалование")[1]
    assert "office@" not in ru


def test_without_the_fields_there_is_no_licence_parent_or_contacts_clause() -> None:
    en = next(t.markdown for t in render_texts(validate_text(profile_text()), ["en"]) if t.doc_id == "policy")
    assert "licence" not in en and "parent organisation" not in en and "Other contacts" not in en


def test_the_personal_data_mailbox_receives_e_mailed_requests() -> None:
    profile = load_profile(FIXTURES / "clinic.yaml")
    assert profile.request_email == "pd@medical-nur.kz"


def test_an_e_mail_channel_without_any_address_is_a_check_error() -> None:
    from kzpolicy_gen.rules import check

    text = profile_text(**{"  email: privacy@alma-market.kz\n  phone": "  phone",
                           "  channels: [email, post, personal_account]\n  email: privacy@alma-market.kz\n":
                           "  channels: [email, post, personal_account]\n"})
    found = [f for f in check(validate_text(text)) if f.rule == "KZ-REQUESTS-CHANNEL"]
    assert [(f.severity, f.path) for f in found] == [("error", "requests.channels")]
    assert not [f for f in check(load_profile(FIXTURES / "clinic.yaml")) if f.rule == "KZ-REQUESTS-CHANNEL"]


def test_a_contact_needs_a_way_to_reach_it() -> None:
    text = profile_text(**{"  phone: \"+7 727 355 10 20\"\n":
                           "  phone: \"+7 727 355 10 20\"\n  contacts:\n    - purpose: call_centre\n"})
    assert [c for c, _, _ in errors(text)] == ["missing-field"]


# --- legal forms ----------------------------------------------------------------------------------------------

def _findings(text: str, rule: str) -> list[tuple[str, str, str]]:
    from kzpolicy_gen.rules import check

    return [(f.severity, f.path, f.text("en")) for f in check(validate_text(text)) if f.rule == rule]


def test_an_aifc_private_company_is_named_with_its_form() -> None:
    ru, en = texts("aifc_software")[("ru", "policy")], texts("aifc_software")[("en", "policy")]
    assert ("(частная компания, зарегистрированная в Международном финансовом центре «Астана», БИН 210540012341)"
            in ru)
    assert "Tabys Cloud Ltd. (private company registered in the Astana International Financial Centre, BIN" in en
    assert "The Operator's parent organisation: Tabys Holding Ltd. (United Arab Emirates)." in en


def test_a_sole_trader_is_identified_by_iin_and_reached_by_phone() -> None:
    ru = texts("sole_trader")[("ru", "policy")]
    assert "ИП Омарова Гульнара Сериковна (индивидуальный предприниматель, ИИН 880112300457)" in ru
    assert "электронная почта" not in ru.split("## 2.")[1].split("## 3.")[0]


def test_a_foreign_branch_names_the_entity_it_belongs_to() -> None:
    branch = profile_text(**{"  legal_form: llp\n": "  legal_form: foreign_branch\n",
                             "    ru: ТОО «Алма Маркет»\n": "    ru: Филиал компании «Acme GmbH» в Казахстане\n",
                             "    kk: «Алма Маркет» ЖШС\n": "    kk: «Acme GmbH» компаниясының филиалы\n",
                             "    en: Alma Market LLP\n": "    en: Branch of Acme GmbH in Kazakhstan\n"})
    assert [(s, p) for s, p, _ in _findings(branch, "KZ-OPERATOR-LEGAL-ENTITY")] == [("warning", "operator.parent")]
    owned = branch.replace("  websites: [https://alma-market.kz]\n",
                           "  websites: [https://alma-market.kz]\n  parent: {ru: Acme GmbH (Германия), "
                           "kk: Acme GmbH (Германия), en: Acme GmbH (Germany)}\n")
    assert _findings(owned, "KZ-OPERATOR-LEGAL-ENTITY") == []
    texts_ = {t.lang: t.markdown for t in render_texts(validate_text(owned), ["ru", "en"]) if t.doc_id == "policy"}
    assert "(филиал иностранного юридического лица, БИН" in texts_["ru"]
    assert "Юридическое лицо, которому принадлежит Оператор: Acme GmbH (Германия)." in texts_["ru"]
    assert "The legal entity the Operator belongs to: Acme GmbH (Germany)." in texts_["en"]


def test_a_trade_name_alone_is_reported_naming_the_missing_legal_entity() -> None:
    trade = profile_text(**{"    ru: ТОО «Алма Маркет»\n": "    ru: «Алма Маркет»\n",
                            "    en: Alma Market LLP\n": "    en: Alma Market\n"})
    (severity, path, message), = _findings(trade, "KZ-OPERATOR-LEGAL-ENTITY")
    assert (severity, path) == ("warning", "operator.name")
    assert "limited liability partnership" in message and "(ru, en)" in message
    assert _findings(profile_text(), "KZ-OPERATOR-LEGAL-ENTITY") == []
    sole = profile_text(**{"  legal_form: llp\n  bin: \"210540012341\"\n":
                           "  legal_form: individual_entrepreneur\n  iin: \"880112300457\"\n"})
    assert [s for s, _, _ in _findings(sole, "KZ-OPERATOR-LEGAL-ENTITY")] == ["warning"]


def test_the_iin_hint_does_not_send_a_sole_trader_to_a_registration_certificate() -> None:
    text = profile_text(**{"  legal_form: llp\n  bin: \"210540012341\"\n": "  legal_form: individual_entrepreneur\n"})
    (code, _, hint), = errors(text)
    assert code == "missing-iin" and "IIN" in hint and "certificate" not in hint


# --- retention set by another act -----------------------------------------------------------------------------

def test_a_statutory_retention_names_its_act_and_no_invented_number() -> None:
    ru, kk, en = (texts("clinic")[(lang, "policy")] for lang in ("ru", "kk", "en"))
    assert "| срок, установленный актом: правила хранения медицинской документации, утверждённые" in ru
    assert "| актіде белгіленген мерзім: «Халық денсаулығы және денсаулық сақтау жүйесі туралы»" in kk
    assert "| the period set by the rules for keeping medical records approved under the Code" in en
    row = next(line for line in en.splitlines() if line.startswith("| booking appointments"))
    assert "year" not in row


def test_a_statutory_retention_with_years_states_both() -> None:
    text = profile_text(**{"    retention: {years: 5}\n":
                           "    retention: {statutory: {act: {ru: Налоговый кодекс Республики Казахстан, "
                           "kk: Қазақстан Республикасының Салық кодексі, en: the Tax Code of the Republic of "
                           "Kazakhstan}, years: 5}}\n"})
    profile = validate_text(text)
    en = next(t.markdown for t in render_texts(profile, ["en"]) if t.doc_id == "policy")
    assert "| 5\u00a0years (the period set by the Tax Code of the Republic of Kazakhstan) |" in en
    data = json.loads(register_json(profile, ["ru"]))
    accounting = next(p for p in data["purposes"] if p["id"] == "accounting")
    assert accounting["retention"]["ru"] == ("5\u00a0лет (срок, установленный актом: Налоговый кодекс Республики "
                                             "Казахстан)")


def test_a_statutory_period_with_a_number_beside_it_is_refused() -> None:
    text = profile_text(**{"    retention: {years: 5}\n":
                           "    retention: {years: 5, statutory: {act: {ru: а, kk: а, en: a}}}\n"})
    (code, _, hint), = errors(text)
    assert code == "period" and "statutory" in hint


# --- security measures and what is not processed ------------------------------------------------------------

def test_custom_security_measures_are_listed_with_the_catalogue_ones() -> None:
    ru, en = texts("aifc_software")[("ru", "policy")], texts("aifc_software")[("en", "policy")]
    assert "- шифрование баз данных при хранении\n" in ru and "- псевдонимизация данных в тестовых средах\n" in ru
    assert "- encryption of databases at rest\n" in en
    assert "- medical secrecy kept by the clinic's staff\n" in texts("clinic")[("en", "policy")]
    data = json.loads(register_json(load_profile(FIXTURES / "aifc_software.yaml"), ["en"]))
    assert data["security_measures"][-2:] == ["encryption_at_rest", "pseudonymisation"]
    assert data["not_processed"] == ["biometric_data", "sensitive_data"]


def test_not_processed_is_stated_only_when_the_profile_says_so() -> None:
    en = texts("aifc_software")[("en", "policy")]
    assert "The Operator does not process biometric data (information on a subject's physiological" in en
    assert "does not process information on subjects' racial or ethnic origin" in en
    assert "Оператор субъектілердің нәсілдік немесе ұлттық тегі" in texts("aifc_software")[("kk", "policy")]
    clinic = texts("clinic")[("ru", "policy")]
    assert "Оператор не обрабатывает биометрические данные" in clinic and "расовой" not in clinic
    plain = next(t.markdown for t in render_texts(validate_text(profile_text()), ["en"]) if t.doc_id == "policy")
    assert "does not process biometric" not in plain and "racial" not in plain


def test_not_processed_cannot_contradict_the_declared_data() -> None:
    text = (FIXTURES / "clinic.yaml").read_text(encoding="utf-8").replace(
        "not_processed: [biometric_data]", "not_processed: [sensitive_data]")
    (code, path, _), = errors(text)
    assert (code, path) == ("contradiction", "")


# --- document selection and a policy with its own title ----------------------------------------------------

def test_a_scoped_policy_has_its_own_title_and_is_built_alone() -> None:
    built = texts("telecom_subscribers")
    assert {doc for _, doc in built} == {"policy"}
    assert built[("ru", "policy")].startswith("# Политика в отношении обработки персональных данных абонентов\n")
    assert built[("kk", "policy")].startswith("# Абоненттердің дербес деректерін өңдеу саясаты\n")
    assert built[("en", "policy")].startswith("# Policy on the Processing of Subscribers' Personal Data\n")
    assert "consent.html" not in built[("ru", "policy")]  # the unbuilt consent is named, never linked


def test_the_documents_option_wins_over_the_profile_and_refuses_what_does_not_apply() -> None:
    from kzpolicy_gen.errors import UsageError

    profile = load_profile(FIXTURES / "telecom_subscribers.yaml")
    assert [p.id for p in plan_documents(profile, ["consent", "request-form"])] == ["consent", "request-form"]
    with pytest.raises(UsageError) as caught:
        plan_documents(profile, ["cookie-notice"])
    (issue,) = caught.value.issues
    assert "cookie-notice" in issue.message and "policy" in issue.hint and issue.path == ""
    everything = [p.id for p in plan_documents(validate_text(profile_text()))]
    assert "policy" in everything and "cookie-notice" in everything


def test_the_documents_option_ids_match_the_structure() -> None:
    from kzpolicy_gen.options import DOCUMENT_IDS
    from kzpolicy_gen.plan.structure import DOCUMENTS

    assert tuple(spec.id for spec in DOCUMENTS) == DOCUMENT_IDS
