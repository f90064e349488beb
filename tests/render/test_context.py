"""The per-language view: the values wording reads, resolved from the profile."""

from __future__ import annotations

from kzpolicy_gen.build import render_texts
from kzpolicy_gen.render.context import language_view
from kzpolicy_gen.validate import validate_text
from tests.conftest import profile_text


def test_a_note_follows_every_kind_of_period() -> None:
    text = profile_text(**{"    retention: {until_purpose_achieved: true}\n  - purpose: accounting":
                           "    retention: {until_purpose_achieved: true, note: {ru: пока есть учётная запись, "
                           "kk: есептік жазба бар кезде, en: while the account exists}}\n  - purpose: accounting"})
    purposes = language_view(validate_text(text), "en")["purposes"]
    assert purposes[1]["retention"] == "until the purposes of processing are achieved (while the account exists)"


def test_a_category_without_a_name_is_named_once() -> None:
    text = profile_text(**{"  - service: kaspi_pay\n": "  - role: advisers\n    country: KZ\n"
                                                       "    purposes: [accounting]\n  - service: kaspi_pay\n"})
    policy = next(t.markdown for t in render_texts(validate_text(text), ["en"]) if t.doc_id == "policy")
    assert "- legal, audit and accounting advisers, Republic of Kazakhstan; purpose: keeping accounting" in policy
    # a name that already says the role ("courier services") is not followed by it again
    assert "- partner courier services under contracts with the operator, Republic of Kazakhstan" in policy


def test_the_brand_is_stated_in_every_language() -> None:
    texts = render_texts(validate_text(profile_text()), ["ru", "kk", "en"])
    policy = {t.lang: t.markdown for t in texts if t.doc_id == "policy"}
    assert "под брендом «Alma Market»" in policy["ru"]
    assert "«Alma Market» брендімен" in policy["kk"]
    assert "under the brand “Alma Market”" in policy["en"]


def test_cookie_services_are_said_to_work_abroad_only_when_they_do() -> None:
    def cookie_clause(text: str) -> str:
        policy = next(t.markdown for t in render_texts(validate_text(text), ["en"]) if t.doc_id == "policy")
        return next(line for line in policy.splitlines() if line.startswith("**") and "Cookie identifiers" in line)

    assert "including outside the Republic of Kazakhstan" in cookie_clause(profile_text())
    local = profile_text(**{"  - service: google_analytics\n    purposes: [analytics]\n":
                            "  - service: google_analytics\n    country: KZ\n    purposes: [analytics]\n",
                            "  - service: yandex_metrica\n    purposes: [analytics]\n    agreement: true\n": ""})
    assert "including outside" not in cookie_clause(local)


def test_a_recipient_whose_name_says_its_role_is_not_given_the_role_again() -> None:
    """"центры обработки данных АО «Казахтелеком» — хостинг-провайдеры и центры обработки данных" said the
    role twice: the catalogue name already names one of the role's conjuncts."""
    from kzpolicy_gen.render.context import names_role
    from kzpolicy_gen.validate import load_profile
    from tests.conftest import PROFILES

    assert names_role("центры обработки данных АО «Казахтелеком»", "хостинг-провайдеры и центры обработки данных")
    assert names_role("Kazakhtelecom JSC data centres", "hosting providers and data centres")
    assert not names_role("АО «Казпочта»", "почтовые и курьерские службы")
    clinic = load_profile(next(p for p in PROFILES if p.stem == "clinic"))
    for lang in ("ru", "kk", "en"):
        hosting = [tp for tp in language_view(clinic, lang)["third_parties"] if "elecom" in tp["name"]
                   or "елеком" in tp["name"]]
        assert hosting and all(tp["role"] is None for tp in hosting), lang
    policy = next(t.markdown for t in render_texts(clinic, ["ru"]) if t.doc_id == "policy")
    assert "- центры обработки данных АО «Казахтелеком», Республика Казахстан" in policy
    assert "«Казахтелеком» — хостинг" not in policy


def test_a_term_until_the_purposes_are_achieved_is_not_limited_by_them_again() -> None:
    """"до достижения целей обработки, но не дольше, чем это необходимо для достижения целей обработки"."""
    from kzpolicy_gen.validate import load_profile
    from tests.conftest import PROFILES

    clinic = load_profile(next(p for p in PROFILES if p.stem == "clinic"))
    assert clinic.consent.term.until_purpose_achieved
    texts = {t.lang: t.markdown for t in render_texts(clinic, ["ru", "kk", "en"]) if t.doc_id == "consent"}
    assert "до достижения целей обработки." in texts["ru"] and "не дольше, чем это необходимо" not in texts["ru"]
    assert "қол жеткізілгенге дейін." in texts["kk"] and "қажетті мерзімнен аспайды" not in texts["kk"]
    assert "are achieved." in texts["en"] and "no longer than needed" not in texts["en"]
    # A term in years still carries the limit (example: 3 years within the consent-based retention).
    example = next(t.markdown for t in render_texts(validate_text(profile_text()), ["ru"]) if t.doc_id == "consent")
    term = next(line for line in example.splitlines() if "Срок действия согласия" in line)
    assert "3\u00a0года, но не дольше, чем это необходимо" in term
