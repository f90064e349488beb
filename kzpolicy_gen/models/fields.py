"""Field types of the profile: text, identifiers, contacts, URLs, countries, numbers.

Why one module: every text value passes the same Unicode hygiene, and every identifier the
same checks, so a new field cannot forget them.
"""

from __future__ import annotations

import re
import unicodedata
from datetime import date
from typing import Annotated, Any

from babel import Locale
from pydantic import AfterValidator, BeforeValidator, Field, Strict
from pydantic_core import PydanticCustomError

from kzpolicy_gen.names import is_safe_name

MAX_LINE = 300
MAX_PARAGRAPH = 5000
MAX_ITEMS = 200

_BAD_CATEGORIES = {"Cc", "Cf", "Cs", "Co", "Cn", "Zl", "Zp"}
_ALLOWED_SPACES = {" ", "\u00a0", "\u202f"}


def _clean(value: str, *, multiline: bool) -> str:
    text = unicodedata.normalize("NFC", value)
    combining = 0
    for position, ch in enumerate(text, start=1):
        category = unicodedata.category(ch)
        if ch == "\n" and multiline:
            combining = 0
            continue
        if category in _BAD_CATEGORIES or (category == "Zs" and ch not in _ALLOWED_SPACES):
            name = unicodedata.name(ch, "control character" if category == "Cc" else "unassigned or private character")
            raise PydanticCustomError(
                "bad-char",
                "invisible or control character U+{cp} {name} at position {pos} is not allowed",
                {"cp": f"{ord(ch):04X}", "name": name, "pos": position,
                 "hint": "retype the text without it" + ("" if multiline else "; this field is one line")},
            )
        combining = combining + 1 if category.startswith("M") else 0
        if combining > 3:
            raise PydanticCustomError("combining-run", "more than 3 combining marks in a row",
                                      {"hint": "remove the stacked accents"})
    stripped = text.strip()
    if not stripped:
        raise PydanticCustomError("empty-text", "the text is empty", {"hint": "write the text or remove the field"})
    return stripped


def _clean_line(value: str) -> str:
    return _clean(value, multiline=False)


def _clean_paragraph(value: str) -> str:
    return _clean(value, multiline=True)


Line = Annotated[str, Field(max_length=MAX_LINE), AfterValidator(_clean_line)]
Paragraph = Annotated[str, Field(max_length=MAX_PARAGRAPH), AfterValidator(_clean_paragraph)]


def _checksum_ok(digits: str) -> bool:
    numbers = [int(d) for d in digits]
    total = sum(w * n for w, n in zip(range(1, 12), numbers[:11], strict=True)) % 11
    if total == 10:
        weights = (3, 4, 5, 6, 7, 8, 9, 10, 11, 1, 2)
        total = sum(w * n for w, n in zip(weights, numbers[:11], strict=True)) % 11
        if total == 10:
            return False
    return total == numbers[11]


def check_identifier(value: str, kind: str = "BIN") -> str:
    """Validate a 12-digit BIN or IIN with its check digit."""
    code = kind.lower()
    if not re.fullmatch(r"[0-9]+", value, flags=re.ASCII):
        raise PydanticCustomError(f"{code}-digits", "a {kind} consists of digits only (got '{value}')",
                                  {"kind": kind, "value": value[:20], "hint": "write the 12 digits in quotes"})
    if len(value) != 12:
        raise PydanticCustomError(f"{code}-length", "a {kind} has 12 digits (got {n})",
                                  {"kind": kind, "n": len(value),
                                   "hint": "quote the value so no leading zero is lost: \"0501...\""})
    if not _checksum_ok(value):
        raise PydanticCustomError(f"{code}-checksum", "the {kind} check digit does not match",
                                  {"kind": kind, "hint": "check the number against the registration certificate"
                                   if kind == "BIN" else "check the number against your identity card"})
    return value


Bin = Annotated[str, AfterValidator(check_identifier)]
Iin = Annotated[str, AfterValidator(lambda v: check_identifier(v, "IIN"))]

#: The local part may hold letters of any script, digits and `. % + - _`: nothing a link or a template could read
#: as markup (the address goes into mailto: links and the PDF's metadata).
_LOCAL = re.compile(r"[\w.%+-]{1,64}")


def _check_email(value: str) -> str:
    """An address by RFC 5321/6531 through email-validator (offline: no DNS), so an IDN domain such as
    hello@кофе.қаз is accepted like the IDN URL beside it; the value is kept as written."""
    from email_validator import EmailNotValidError, validate_email

    value = value.strip()
    hint = {"hint": "write it as name@example.kz"}
    if "@" not in value or not _LOCAL.fullmatch(value.rsplit("@", 1)[0]):
        raise PydanticCustomError("email", "not a valid e-mail address", hint)
    try:
        validate_email(value, check_deliverability=False, allow_smtputf8=True, allow_quoted_local=False,
                       allow_domain_literal=False, allow_display_name=False)
    except EmailNotValidError:
        raise PydanticCustomError("email", "not a valid e-mail address", hint) from None
    return value


Email = Annotated[str, Field(max_length=254), AfterValidator(_check_email)]

_PHONE = re.compile(r"\+?[0-9][0-9 ()-]{6,22}[0-9]", flags=re.ASCII)


def _check_phone(value: str) -> str:
    value = value.strip()
    digits = re.sub(r"\D", "", value)
    if not _PHONE.fullmatch(value) or not 10 <= len(digits) <= 15:
        raise PydanticCustomError("phone", "not a valid phone number",
                                  {"hint": "write it as +7 727 123 45 67 (digits, spaces, brackets, hyphens)"})
    return value


Phone = Annotated[str, Field(max_length=30), AfterValidator(_check_phone)]

_HOST = re.compile(r"(?:[A-Za-z0-9\u0400-\u04FF](?:[A-Za-z0-9\u0400-\u04FF-]{0,61}[A-Za-z0-9\u0400-\u04FF])?\.)+"
                   r"(?:[A-Za-z]{2,24}|xn--[a-z0-9-]{2,59}|[\u0400-\u04FF]{2,24})")
_URL = re.compile(r"https?://(?P<host>[^/?#:@\s]+)(?::[0-9]{1,5})?(?P<rest>[/?#][^\s]*)?")
_URL_UNSAFE = set('"<>\\^`{|}\'')


def _check_url(value: str) -> str:
    value = value.strip()
    authority = value.split("//", 1)[1].split("/", 1)[0] if "//" in value else ""
    if "@" in authority:
        raise PydanticCustomError("url-credentials", "the URL contains a user name or password",
                                  {"hint": "remove the part before '@'"})
    match = _URL.fullmatch(value)
    if not match or any(ch in _URL_UNSAFE for ch in value) or not _HOST.fullmatch(match["host"]):
        raise PydanticCustomError("url-syntax", "not a valid web address",
                                  {"hint": "write a full address such as https://example.kz/privacy"})
    return value


Url = Annotated[str, Field(max_length=500), AfterValidator(_check_url)]


def _check_country(value: str) -> str:
    if not re.fullmatch(r"[A-Z]{2}", value) or value not in Locale("en").territories:
        raise PydanticCustomError("country", "not an ISO 3166 two-letter country code (got '{value}')",
                                  {"value": value[:10], "hint": "use codes such as KZ, RU, US, DE"})
    return value


Country = Annotated[str, AfterValidator(_check_country)]


def _parse_int(value: Any) -> Any:
    if isinstance(value, str):
        if not re.fullmatch(r"[0-9]{1,9}", value.strip(), flags=re.ASCII):
            raise PydanticCustomError("int-format", "whole number expected (got '{value}')",
                                      {"value": value[:20], "hint": "write digits only, e.g. 3"})
        return int(value)
    return value


PositiveInt = Annotated[int, BeforeValidator(_parse_int), Field(ge=1, le=100_000_000)]
NonNegativeInt = Annotated[int, BeforeValidator(_parse_int), Field(ge=0, le=1_000_000_000)]


def _parse_date(value: Any) -> Any:
    if isinstance(value, str) and not re.fullmatch(r"[0-9]{4}-[0-9]{2}-[0-9]{2}", value.strip()):
        raise PydanticCustomError("date-format", "a date is written as YYYY-MM-DD (got '{value}')",
                                  {"value": value[:20], "hint": "for example 2026-12-01"})
    return value.strip() if isinstance(value, str) else value


def _date_range(value: date) -> date:
    if not date(2013, 5, 21) <= value <= date(2100, 1, 1):
        raise PydanticCustomError("date-range", "the date is out of range", {"hint": "use a date after 2013"})
    return value


IsoDate = Annotated[date, Strict(False), BeforeValidator(_parse_date), AfterValidator(_date_range)]

def _check_slug(value: str) -> str:
    if not is_safe_name(value):
        raise PydanticCustomError("slug", "not a safe name (got '{value}')",
                                  {"value": value[:40], "hint": "use lowercase letters, digits and hyphens"})
    return value


Slug = Annotated[str, AfterValidator(_check_slug)]
Key = Annotated[str, Field(pattern=r"^[a-z][a-z0-9_]{0,47}$")]
