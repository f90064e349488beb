from __future__ import annotations

import pytest
from pydantic import TypeAdapter, ValidationError

from kzpolicy_gen.models.fields import Bin, Country, Email, Line, Phone, Url


def error_type(adapter_type: object, value: object) -> str:
    with pytest.raises(ValidationError) as info:
        TypeAdapter(adapter_type).validate_python(value)
    return str(info.value.errors()[0]["type"])


def test_bin_check_digit() -> None:
    assert TypeAdapter(Bin).validate_python("210540012341") == "210540012341"
    assert error_type(Bin, "210540012342") == "bin-checksum"
    assert error_type(Bin, "5393874945") == "bin-length"
    assert error_type(Bin, "21054001234８") == "bin-digits"


@pytest.mark.parametrize("value", ["privacy@romashka.kz\nBcc: x@evil.example", "<script>@x.kz", "Privacy <p@x.kz>"])
def test_bad_emails(value: str) -> None:
    assert error_type(Email, value) == "email"


def test_phone_and_country() -> None:
    assert TypeAdapter(Phone).validate_python("+7 727 355 10 20") == "+7 727 355 10 20"
    assert error_type(Phone, "call me") == "phone"
    assert TypeAdapter(Country).validate_python("NO") == "NO"
    assert error_type(Country, "XX") == "country"


@pytest.mark.parametrize(("value", "code"), [
    ("https://admin:secret@romashka.kz", "url-credentials"),
    ('https://romashka.kz/"><script>alert(1)</script>', "url-syntax"),
    ("javascript:alert(1)", "url-syntax"),
    ("https://romashka.kz/a b", "url-syntax"),
])
def test_bad_urls(value: str, code: str) -> None:
    assert error_type(Url, value) == code


@pytest.mark.parametrize("value", ["ТОО \u202eакшамоР", "Рома\u200bшка", "Ромашка\tLLP", "a\nb", "R" + "\u0301" * 5])
def test_invisible_and_control_characters_rejected(value: str) -> None:
    assert error_type(Line, value) in {"bad-char", "combining-run"}


def test_kazakh_letters_and_typography_accepted() -> None:
    text = "«Әлем» ЖШС — ғқңөұүһі №1\u00a0"
    assert TypeAdapter(Line).validate_python(text) == text.strip()


@pytest.mark.parametrize("value", ["hello@кофе.қаз", "дпо@кофе.қаз", "privacy@romashka.kz",
                                   "a.b+c@xn--80aswg.xn--p1ai"])
def test_idn_emails_are_accepted_as_written(value: str) -> None:
    assert TypeAdapter(Email).validate_python(value) == value


@pytest.mark.parametrize("value", ["a@b", "foo@@x.kz", "ab c@x.kz", "x@localhost", "hello@кофе", "\"q\"@x.kz",
                                   "a'b@x.kz", "a@[127.0.0.1]", "hello@кофе..қаз"])
def test_ascii_and_unicode_nonsense_is_still_refused(value: str) -> None:
    assert error_type(Email, value) == "email"


def test_iin_checksum_hint_does_not_send_a_sole_trader_to_a_registration_certificate() -> None:
    from kzpolicy_gen.models.fields import Iin

    with pytest.raises(ValidationError) as info:
        TypeAdapter(Iin).validate_python("900315400008")
    hint = str(info.value.errors()[0]["ctx"]["hint"])
    assert "identity card" in hint and "registration" not in hint
