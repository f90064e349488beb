"""Consents declared in the profile (custom_consents[]) and documents built in fewer languages (issue 15, part B).

Why from rendered text: a custom consent is a document a person signs; what matters is that each carries its own
Art. 8 p.4 items (operator, data, purposes, recipients, cross-border, publication, term), the blanks its paper
form has, what a refusal leads to and the lines the subject ticks, in every language, and nothing of the other
consents.
"""

from __future__ import annotations

import json
from functools import cache
from pathlib import Path

import pytest

from kzpolicy_gen.build import build_profile, render_texts
from kzpolicy_gen.errors import ProfileError, UsageError
from kzpolicy_gen.plan.explain import explain
from kzpolicy_gen.plan.facts import facts
from kzpolicy_gen.plan.planner import plan_documents
from kzpolicy_gen.register import register_json
from kzpolicy_gen.rules import check
from kzpolicy_gen.validate import load_profile, validate_text
from tests.conftest import ROOT, profile_text

PAWNSHOP = ROOT / "tests" / "fixtures" / "operators" / "pawnshop.yaml"
ENGLISH = ROOT / "tests" / "fixtures" / "operators" / "english_consent.yaml"


@cache
def texts(path: Path = PAWNSHOP) -> dict[tuple[str, str], str]:
    profile = load_profile(path)
    return {(t.lang, t.doc_id): t.markdown for t in render_texts(profile, list(profile.document.languages))}


def issues(text: str) -> list[tuple[str, str]]:
    with pytest.raises(ProfileError) as caught:
        validate_text(text)
    return [(i.code, i.path) for i in caught.value.issues]


# --- custom consents ---------------------------------------------------------------------------------------


def test_each_custom_consent_is_a_document_of_its_own_after_the_built_in_consents() -> None:
    ids = [p.id for p in plan_documents(load_profile(PAWNSHOP))]
    assert ids == ["policy", "consent", "consent-credit-bureau", "consent-biometric", "withdrawal-form",
                   "request-form"]
    for lang in ("ru", "kk", "en"):
        assert (lang, "consent-credit-bureau") in texts() and (lang, "consent-biometric") in texts()


@pytest.mark.parametrize(("lang", "title", "operator", "law", "refusal", "tick"), [
    ("ru", "# Согласие на предоставление сведений в кредитное бюро и получение кредитного отчёта",
     "Согласие даётся ТОО «Ломбард Береке», БИН 150840003210, адрес: 100000, г. Караганда",
     "ТОО «Первое кредитное бюро» (Республика Казахстан), основание: Закон «О кредитных бюро",
     "Последствия отказа: без этого согласия ломбард не выдаёт заём.",
     "- □ я согласен(-на) на получение ломбардом моего кредитного отчёта"),
    ("kk", "# Кредиттік бюроға мәліметтер беруге және кредиттік есеп алуға келісім",
     "«Береке Ломбарды» ЖШС", "«Бірінші кредиттік бюро» ЖШС (Қазақстан Республикасы), негізі:",
     "Бас тартудың салдары: бұл келісімсіз ломбард қарыз бермейді.",
     "- □ ломбардтың менің кредиттік есебімді алуына келісемін"),
    ("en", "# Consent to Reporting to a Credit Bureau and Obtaining a Credit Report",
     "This consent is given to Bereke Pawnshop LLP, BIN 150840003210, address: 12 Erubayev St",
     "First Credit Bureau LLP (Republic of Kazakhstan), under the Law \"On Credit Bureaus",
     "What follows from a refusal: without this consent the pawnshop does not issue a loan.",
     "- □ I agree that the pawnshop obtains my credit report"),
])
def test_the_credit_bureau_consent_states_its_own_items(lang: str, title: str, operator: str, law: str,
                                                         refusal: str, tick: str) -> None:
    text = texts()[(lang, "consent-credit-bureau")]
    assert text.startswith(title + "\n")
    for expected in (operator, law, refusal, tick):
        assert expected in text, expected
    assert text.count("- □ ") == 2
    # Art. 8 p.4 sub. 5-6: no transfer abroad, no publication; sub. 3: the consent's own term
    assert {"ru": "Трансграничная передача: **не осуществляется**", "kk": "Трансшекаралық беру: **жүзеге "
            "асырылмайды**", "en": "Cross-border transfer: **no**"}[lang] in text
    assert {"ru": "Срок действия согласия: 5\u00a0лет.", "kk": "Келісімнің қолданылу мерзімі: 5\u00a0жыл.",
            "en": "Term of this consent: 5\u00a0years."}[lang] in text


def test_blanks_are_exactly_those_the_paper_form_has() -> None:
    credit, biometric = texts()[("ru", "consent-credit-bureau")], texts()[("ru", "consent-biometric")]
    assert "- документ, удостоверяющий личность: " in credit and "- ИИН: " in credit and "- адрес: " in credit
    assert "- телефон: " not in credit and "представитель субъекта" not in credit
    assert "- ИИН: " in biometric and "- адрес: " not in biometric and "документ, удостоверяющий" not in biometric
    assert "Если согласие даёт представитель субъекта" in biometric  # blanks: [iin, representative]
    assert "Details of the subject:\n\n- IIN: " in texts()[("en", "consent-biometric")]


def test_the_biometric_consent_covers_only_its_data_and_takes_its_purpose_off_the_general_consent() -> None:
    en = texts()[("en", "consent-biometric")]
    assert "- image of the face (photograph)\n" in en and "identity" not in en.split("## 2.")[1].split("## 3.")[0]
    assert "This consent is given separately for the collection and processing of biometric data" in en
    assert "(a face check when a loan is issued)" in en
    assert "Term of this consent: 30\u00a0days." in en
    general = texts()[("en", "consent")]
    assert "matching the borrower's face" not in general and "reporting to a credit bureau" not in general
    assert "lending against pledged property" in general
    assert "consent-biometric" not in texts()[("ru", "consent-credit-bureau")]


def test_custom_consents_have_the_art_8_p4_items_of_their_own_facts() -> None:
    known = facts(load_profile(PAWNSHOP))
    credit, biometric = known.consents["consent-credit-bureau"], known.consents["consent-biometric"]
    assert credit.purposes == ("credit_reports",) and credit.data == ("identity", "iin")
    assert credit.recipients == (0,)  # the bureau receives under a law: this consent is what that law asks for
    assert "transfer" in credit.actions and not credit.cross_border and not credit.public
    assert biometric.data == ("face_image",) and biometric.recipients == () and biometric.term.days == 30
    register = json.loads(register_json(load_profile(PAWNSHOP), ["en"]))["consents"]
    assert register["consent-biometric"]["data"] == ["face_image"]
    assert register["consent-credit-bureau"]["recipients"] == [0]


def test_the_withdrawal_form_offers_each_custom_consent() -> None:
    ru = texts()[("ru", "withdrawal-form")]
    assert "□ «Согласие на сбор и обработку биометрических данных»;" in ru
    en = texts()[("en", "withdrawal-form")]
    assert "□ “Consent to Reporting to a Credit Bureau and Obtaining a Credit Report”;" in en


def test_explain_names_the_fields_of_a_custom_consent() -> None:
    text = explain(plan_documents(load_profile(PAWNSHOP)))
    block = text.split("\nconsent-credit-bureau:")[1].split("\nconsent-biometric:")[0]
    assert "consent-credit-bureau: declared (custom_consents)" in block.splitlines()[0]
    assert "custom_consents[].refusal" in block and "custom_consents[].confirmations" in block
    assert "facts:consents[consent-<id>]" in block


def test_a_custom_consent_refers_to_the_profile_s_purposes_and_their_data() -> None:
    base = PAWNSHOP.read_text(encoding="utf-8")
    wrong = base.replace("    purposes: [face_check]\n    data: [face_image]\n",
                         "    purposes: [face_chek]\n    data: [face_image, birth_date]\n")
    assert issues(wrong) == [("unknown-purpose", "custom_consents[1].purposes[0]"),
                             ("undeclared-data", "custom_consents[1].data[0]"),
                             ("undeclared-data", "custom_consents[1].data[1]")]
    reserved = base.replace("  - id: biometric\n", "  - id: marketing\n")
    assert issues(reserved) == [("reserved-id", "custom_consents[1].id")]
    twice = base.replace("  - id: biometric\n", "  - id: credit_bureau\n")
    assert issues(twice) == [("duplicate-entry", "custom_consents[1].id")]


def test_a_document_reference_must_name_a_declared_custom_consent() -> None:
    text = PAWNSHOP.read_text(encoding="utf-8").replace(
        "  public_url: https://bereke-lombard.kz/privacy\n",
        "  public_url: https://bereke-lombard.kz/privacy\n"
        "  build: [policy, consent-credit-bureau, consent-biometrik]\n")
    assert issues(text) == [("unknown-document", "document.build[2]")]
    only = text.replace("consent-biometrik]", "consent-biometric]")
    assert [p.id for p in plan_documents(validate_text(only))] == ["policy", "consent-credit-bureau",
                                                                  "consent-biometric"]
    with pytest.raises(UsageError):
        plan_documents(validate_text(only), ("consent-other",))


def test_biometrics_used_without_a_biometric_consent_is_a_check_error() -> None:
    text = PAWNSHOP.read_text(encoding="utf-8").replace("    biometric: true\n", "")
    assert [(f.severity, f.rule) for f in check(validate_text(text)) if f.rule == "KZ-BIOMETRICS"] == [
        ("error", "KZ-BIOMETRICS")]
    assert [f for f in check(load_profile(PAWNSHOP)) if f.severity == "error"] == []


def test_old_profiles_get_no_custom_consent() -> None:
    assert not [p.id for p in plan_documents(validate_text(profile_text()))
                if p.id.startswith("consent-") and p.id not in ("consent-cross-border", "consent-marketing")]


def test_a_custom_consent_is_written_in_every_format_and_listed(tmp_path: Path) -> None:
    """One language, one document: the heavy formats are checked once (the formats' own tests do the rest)."""
    out = tmp_path / "out"
    from kzpolicy_gen.options import BuildOptions

    options = BuildOptions.parse("ru", "md,html,pdf,docx", documents="consent-biometric")
    result = build_profile(PAWNSHOP, out, options=options)
    names = {p.relative_to(out).as_posix() for p in result.files}
    assert {"ru/consent-biometric.md", "ru/consent-biometric.html", "ru/consent-biometric.pdf",
            "ru/consent-biometric.docx"} <= names
    assert 'href="ru/consent-biometric.pdf"' in (out / "index.html").read_text(encoding="utf-8")
    manifest = json.loads((out / "manifest.json").read_text(encoding="utf-8"))
    assert list(manifest["documents"]) == ["consent-biometric"]
    from pypdf import PdfReader

    pdf = " ".join(" ".join(page.extract_text() for page in PdfReader(out / "ru" / "consent-biometric.pdf").pages)
                   .split())
    assert "Согласие на сбор и обработку биометрических данных" in pdf and "Инициалы: ____" in pdf
    from docx import Document

    docx = "\n".join(p.text for p in Document(str(out / "ru" / "consent-biometric.docx")).paragraphs)
    assert "Последствия отказа: без сверки лица" in docx


# --- documents in fewer languages ---------------------------------------------------------------------------


def test_a_kazakh_and_russian_policy_with_an_english_only_consent() -> None:
    built = texts(ENGLISH)
    assert sorted(built) == [("en", "consent"), ("en", "request-form"), ("en", "withdrawal-form"),
                             ("kk", "policy"), ("kk", "request-form"), ("kk", "withdrawal-form"),
                             ("ru", "policy"), ("ru", "request-form"), ("ru", "withdrawal-form")]
    findings = [f for f in check(load_profile(ENGLISH)) if f.rule == "KZ-DOCUMENT-LANGUAGES"]
    assert [(f.severity, f.path) for f in findings] == [("warning", "document.document_languages.consent")]
    assert "the Law on Languages expects public documents in Kazakh and Russian" in findings[0].message["en"]


def test_links_and_language_switches_follow_the_languages_a_document_is_built_in(tmp_path: Path) -> None:
    out = tmp_path / "out"
    build_profile(ENGLISH, out, formats="md,html")
    assert not (out / "ru" / "consent.md").exists() and not (out / "en" / "policy.md").exists()
    policy = (out / "ru" / "policy.html").read_text(encoding="utf-8")
    assert 'href="../kk/policy.html"' in policy and 'href="../en/policy.html"' not in policy
    consent = (out / "en" / "consent.html").read_text(encoding="utf-8")
    assert 'hreflang="ru"' not in consent and 'hreflang="kk"' not in consent
    manifest = json.loads((out / "manifest.json").read_text(encoding="utf-8"))
    assert manifest["documents"]["policy"]["languages"] == ["kk", "ru"]
    assert manifest["documents"]["consent"]["languages"] == ["en"]
    index = (out / "index.html").read_text(encoding="utf-8")
    assert 'href="en/consent.html"' in index and 'href="ru/consent.html"' not in index


def test_a_link_to_a_document_not_built_in_this_language_goes_to_the_language_that_has_it() -> None:
    text = profile_text(**{"  languages: [ru, kk, en]\n":
                           "  languages: [ru, kk, en]\n  document_languages: {consent-cross-border: [ru]}\n"})
    profile = validate_text(text)
    built = {(t.lang, t.doc_id): t.markdown for t in render_texts(profile, ["ru", "kk", "en"])}
    assert ("en", "consent-cross-border") not in built and ("ru", "consent-cross-border") in built
    linking = [md for (lang, _), md in built.items() if lang == "en" and "consent-cross-border.html" in md]
    assert linking and all("(../ru/consent-cross-border.html)" in md for md in linking)


def test_a_document_language_outside_document_languages_is_refused_at_its_key() -> None:
    text = ENGLISH.read_text(encoding="utf-8").replace("  languages: [kk, ru, en]\n", "  languages: [kk, ru]\n")
    assert issues(text) == [("document-language", "document.document_languages.consent")]


def test_the_policy_links_the_biometric_consent_it_promises() -> None:
    assert "Форма этого согласия: [Согласие на сбор и обработку биометрических данных](consent-biometric.html)." \
        in texts()[("ru", "policy")]
    assert "The form of that consent: [Consent to the Collection and Processing of Biometric Data]" \
        "(consent-biometric.html)." in texts()[("en", "policy")]
    assert "The form of that consent" not in texts(ENGLISH)[("en", "consent")]
