"""No statement of fact without a source: contrasting businesses get only the sentences their profile switches on.

Why fixtures unlike the shop: retail wording ("the cart", "order number", "not intended for minors", "trades under
the brand") reads as true for a shop and false for a bank, a clinic or a foundation. Each fixture lists what must
appear (the fact its profile states) and what must not (a fact it never stated).
"""

from __future__ import annotations

from functools import cache
from pathlib import Path

import pytest

from kzpolicy_gen.build import render_texts
from kzpolicy_gen.validate import load_profile
from tests.conftest import ROOT

FIXTURES = ROOT / "tests" / "fixtures" / "truth"

#: Retail or default wording that no fixture below states about itself (English).
RETAIL = ("the cart", "order number", "ordering goods", "buying goods", "points of sale", "not intended for minors",
          "depersonalised traffic statistics", "in person at the operator's office")


@cache
def texts(name: str) -> dict[tuple[str, str], str]:
    """(language, document) → Markdown of one fixture."""
    profile = load_profile(FIXTURES / f"{name}.yaml")
    return {(t.lang, t.doc_id): t.markdown for t in render_texts(profile, list(profile.document.languages))}


def everything(name: str, lang: str) -> str:
    return "\n".join(text for (lg, _), text in texts(name).items() if lg == lang)


def doc(name: str, lang: str, doc_id: str) -> str:
    return texts(name)[(lang, doc_id)]


def absent(text: str, phrases: tuple[str, ...] | list[str]) -> list[str]:
    return [p for p in phrases if p in text]


def present(text: str, phrases: tuple[str, ...] | list[str]) -> list[str]:
    return [p for p in phrases if p not in text]


#: Fixtures built in English (the restaurant is built in ru and kk only and is checked in Russian below).
ENGLISH = ("bank", "clinic_no_email", "foundation", "hotel", "telecom")


@pytest.mark.parametrize("name", ENGLISH)
def test_no_retail_wording_in_english(name: str) -> None:
    assert absent(everything(name, "en"), RETAIL) == []


def test_bank_recipients_under_law_are_not_consented_to() -> None:
    policy = doc("bank", "en", "policy")
    consented, _, by_law = policy.partition("Without the subject's consent, in the cases established by law")
    consented = consented.rpartition("## 8.")[2]
    assert "First Credit Bureau LLP" not in consented and "First Credit Bureau LLP" in by_law
    assert "credit bureaus" in policy and "branches and offices" in policy  # sources and premises as declared
    assert "has undertaken, by agreement with the Operator" in policy  # agreement recorded in the profile
    consent = doc("bank", "en", "consent")
    assert "First Credit Bureau" not in consent and "countering money laundering" not in consent
    assert "keeping the session with the website; protection against attacks and fraud" in policy
    assert absent(policy, ["cookie banner", "by e-mail"]) == []  # only necessary cookies; no e-mail channel
    assert "consent of their legal representatives" in policy  # minors.served: true
    assert "Where consent is given through a website form" not in consent  # paper and e-signature only



def test_consent_is_said_only_of_the_purposes_that_rest_on_it() -> None:
    """The bank's data centre also serves anti-money-laundering checks (a purpose under a law): the policy does
    not say every transfer to it is made with the subject's consent."""
    for lang, plain, qualified in (
            ("en", "With the subject's consent the Operator transfers",
             "; for a purpose that rests on consent, only with the subject's consent:"),
            ("ru", "С согласия субъекта Оператор передаёт",
             "; для целей, основанных на согласии, — только с согласия субъекта:"),
            ("kk", "Субъектінің келісімімен Оператор",
             "; келісімге негізделген мақсаттар үшін – тек субъектінің келісімімен:")):
        policy = doc("bank", lang, "policy")
        assert plain not in policy and qualified in policy, lang
    # the hotel's booking system serves only a purpose it processes with consent: the plain sentence stays
    hotel = doc("hotel", "en", "policy")
    assert "With the subject's consent the Operator transfers" in hotel
    assert "for a purpose that rests on consent" not in hotel

def test_clinic_without_email_is_never_told_to_write_an_email() -> None:
    for lang, phrase in (("en", "by e-mail"), ("ru", "по электронной почте"), ("kk", "электрондық пошта арқылы")):
        for doc_id in ("consent", "consent-public", "withdrawal-form", "request-form"):
            assert phrase not in doc("clinic_no_email", lang, doc_id), (lang, doc_id)
    policy = doc("clinic_no_email", "en", "policy")
    assert present(policy, ["medical secrecy", "first name only", "in person: the clinic at 10 Bukhar-Zhyrau Ave",
                            "the clinic's premises"]) == []
    public = doc("clinic_no_email", "en", "consent-public")
    assert present(public, ["first name", "text of the review", "Term of this consent: 2\xa0years",
                            "first name only"]) == []
    assert "does not knowingly collect personal data of minors" in policy


def test_public_foundation_is_not_a_trader_and_its_scope_is_one_programme() -> None:
    for lang, brand, scope in (("en", "trades under the brand", "Scope of the Policy"),
                               ("ru", "под брендом", "Сфера действия Политики"),
                               ("kk", "брендімен", "Саясаттың қолданылу саласы")):
        policy = doc("foundation", lang, "policy")
        assert brand not in policy and scope in policy
    policy = doc("foundation", "en", "policy")
    assert absent(policy, ["covers all personal data", "through the website", "Cookies"]) == []
    assert "also uses the name “Bilim Zholy”" in policy
    assert "universities confirming the student status" in policy
    assert "form-snippets" not in {d for _, d in texts("foundation")}  # no website forms declared


def test_hotel_front_desk_cctv_and_a_booking_engine_abroad() -> None:
    policy = doc("hotel", "en", "policy")
    assert present(policy, ["front desks", "video surveillance cameras on the Operator's premises",
                            "in person: the hotel front desk, 50 Abay Ave"]) == []
    refusal = policy.partition("The subject may refuse that consent.")[2].partition("\n")[0]
    assert "booking and accommodation" in refusal and "video surveillance" not in refusal
    assert "For the other purposes the subject's data are not sent abroad" in refusal
    cross = doc("hotel", "en", "consent-cross-border")
    assert "Germany" in cross and "the Hotelbook GmbH booking system" in cross
    data = cross.partition("The following personal data are transferred")[2].partition("**2.4.**")[0]
    assert "details of the identity document" in data and "image of the face" not in data
    snippets = doc("hotel", "en", "form-snippets")
    assert "Booking form" in snippets and absent(snippets, ["Order form", "Account registration"]) == []


def test_sole_trader_restaurant_says_only_what_it_does() -> None:
    docs = {d for _, d in texts("restaurant")}
    assert not docs & {"cookie-notice", "form-snippets", "consent-cross-border", "consent-marketing"}
    ru = everything("restaurant", "ru")
    assert absent(ru, ["номер заказа", "корзин", "торговые точки", "не предназначены для несовершеннолетних",
                       "по электронной почте", "cookie"]) == []
    assert "под брендом «Dastarkhan»" in ru  # a sole trader is commercial
    assert "заведения общественного питания" in ru and "лично: ресторан «Дастархан»" in ru
    policy = doc("restaurant", "ru", "policy")
    assert "Текст на английском языке" not in policy  # built in ru and kk only


def test_subscriber_telecom_policy_is_scoped_and_names_the_law_recipients() -> None:
    policy = doc("telecom", "en", "policy")
    assert "Scope of the Policy: the provision of communication services to subscribers" in policy
    assert "covers all personal data" not in policy
    by_law = policy.partition("Without the subject's consent, in the cases established by law")[2]
    assert "On Communications" in by_law.partition("## ")[0]
    assert "The Operator requires each third party" not in policy  # no consent-based recipients at all
    assert "Transfer to third parties on the basis of this consent: **no**" in doc("telecom", "en", "consent")


def test_rule_dependent_sentence_follows_the_rule() -> None:
    """saas sets a 5-year consent over 3-year purposes: KZ-CONSENT-TERM fires, so the assertion is not printed."""
    profile = load_profile(ROOT / "profiles" / "saas.yaml")
    en = {t.doc_id: t.markdown for t in render_texts(profile, ["en"])}
    assert "does not exceed the longest retention period" not in en["policy"]
    assert "and no longer than needed" not in en["consent"]
    shop = {t.doc_id: t.markdown for t in render_texts(load_profile(ROOT / "profiles" / "example.yaml"), ["en"])}
    assert "does not exceed the longest retention period" in shop["policy"]


def test_whole_database_copy_abroad_makes_the_consent_a_condition() -> None:
    profile = load_profile(ROOT / "profiles" / "saas.yaml")
    en = {t.doc_id: t.markdown for t in render_texts(profile, ["en"])}
    assert "the Operator then does not send their data abroad" not in en["policy"]
    assert "is a condition of the processing" in en["policy"]
    assert "is a condition of the processing" in en["consent-cross-border"]


def test_fixture_folder_holds_the_six_businesses() -> None:
    names = {p.stem for p in Path(FIXTURES).glob("*.yaml")}
    assert names == {"bank", "clinic_no_email", "foundation", "hotel", "restaurant", "telecom"}
