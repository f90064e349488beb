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
    assert ("- partner courier services under contracts with the operator — courier services, Republic of Kazakhstan"
            in policy)


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
