"""The facts of a profile that decide what subjects agreed to, as plain data computed from the model.

Why a separate, JSON-shaped summary: `diff` compares two versions by these facts (never by text), and
the manifest records them so that two built folders can be compared without their profiles. Each item
carries its name in every document language, so a change can be told to people without the profile.
"""

from __future__ import annotations

from typing import Any

from kzpolicy_gen import catalogue
from kzpolicy_gen.labels import label, period_text
from kzpolicy_gen.models.profile import Period, Profile, ThirdParty, entry_id
from kzpolicy_gen.render.text import country_name

_DAYS = {"years": 365, "months": 30, "days": 1}


def period_facts(value: Period, languages: list[str]) -> dict[str, Any]:
    """A period as a comparable length: days (approximate: a year is 365, a month 30), or open-ended."""
    days = next((getattr(value, unit) * per for unit, per in _DAYS.items() if getattr(value, unit)), None)
    return {"days": days, "until_purpose_achieved": value.until_purpose_achieved,
            "text": {lang: period_text(value, lang) for lang in languages}}


def longer(old: dict[str, Any], new: dict[str, Any]) -> bool:
    """Whether the period `new` can last longer than `old` ("until the purposes are achieved" has no end)."""
    if new.get("until_purpose_achieved"):
        return not old.get("until_purpose_achieved")
    if old.get("until_purpose_achieved"):
        return False
    return int(new.get("days") or 0) > int(old.get("days") or 0)


def recipient_key(tp: ThirdParty, index: int) -> str:
    """A recipient's identity across versions: the service, else its role (and position for repeated roles)."""
    if tp.service is not None:
        return f"service:{tp.service}"
    return f"role:{tp.role_id}" if index == 0 else f"role:{tp.role_id}:{index + 1}"


def _recipient_name(tp: ThirdParty, lang: str) -> str:
    if tp.name is not None:
        return tp.name.get(lang)
    if tp.service is not None and tp.overrides_country:
        return str(catalogue.entry("services", tp.service)["name"])  # the catalogue's provider works elsewhere
    if tp.service is not None:
        service = catalogue.entry("services", tp.service)
        same = service["provider"] == service["name"]
        return str(service["name"]) if same else f"{service['name']} ({service['provider']})"
    return label("third_party_roles", tp.role or tp.role_id, lang)


def profile_facts(profile: Profile) -> dict[str, Any]:
    """What the subjects are told they agree to: purposes, data, recipients, countries, terms, channels."""
    langs: list[str] = list(profile.document.languages)
    consent_purposes = {p.id for p in profile.purposes if p.basis == "consent"}
    purposes = {
        p.id: {"name": {lang: label("purposes", p.purpose, lang) for lang in langs}, "basis": p.basis,
               "data": list(p.data), "optional": p.optional, "retention": period_facts(p.retention, langs)}
        for p in profile.purposes
    }
    data: dict[str, dict[str, Any]] = {}
    for entry in profile.data_categories:
        data[entry_id(entry)] = {"name": {lang: label("data_categories", entry, lang) for lang in langs}}
    for key, item in data.items():
        item["consent"] = any(key in p.data for p in profile.purposes if p.id in consent_purposes)
    recipients: dict[str, Any] = {}
    seen_roles: dict[str, int] = {}
    for tp in profile.third_parties:
        index = seen_roles.get(tp.role_id, 0) if tp.service is None else 0
        if tp.service is None:
            seen_roles[tp.role_id] = index + 1
        recipients[recipient_key(tp, index)] = {
            "name": {lang: _recipient_name(tp, lang) for lang in langs},
            "country": tp.resolved_country if tp.country_stated else None,  # never assumed (KZ-RECIPIENT-COUNTRY)
            "purposes": list(tp.purposes),
            "consent": not tp.purposes or any(p in consent_purposes for p in tp.purposes)}
    public = profile.public_distribution
    return {
        "languages": langs,
        "purposes": purposes,
        "data_categories": data,
        "recipients": recipients,
        "countries": {code: {"name": {lang: country_name(lang, code) for lang in langs}}
                      for code in profile.abroad_countries},
        "cross_border": profile.cross_border,
        "public_distribution": None if public is None else {"what": {lang: public.what.get(lang) for lang in langs},
                                                            "data": list(public.data)},
        "consent_term": period_facts(profile.consent.term, langs),
        "consent_channels": {key: {"name": {lang: label("consent_channels", key, lang) for lang in langs}}
                             for key in profile.consent.channels},
        "marketing_channels": {} if profile.marketing is None else {
            key: {"name": {lang: label("marketing_channels", key, lang) for lang in langs}}
            for key in profile.marketing.channels},
    }
