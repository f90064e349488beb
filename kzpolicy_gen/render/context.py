"""Profile → the plain values one language's wording needs.

Why a separate view: templates get plain dicts, lists and strings already resolved for their
language (catalogue labels, country names, formatted periods and dates), so wording stays free of
lookups and logic, and no model object with methods reaches a template (security plan T6).
"""

from __future__ import annotations

from typing import Any

from kzpolicy_gen import catalogue as cat
from kzpolicy_gen.labels import label, period_text
from kzpolicy_gen.models.profile import Profile, Text, ThirdParty, entry_id
from kzpolicy_gen.render import text as fmt


def _text(value: Text | None, lang: str) -> str | None:
    return None if value is None else value.get(lang)


def _third_party(tp: ThirdParty, lang: str, purposes: dict[str, str]) -> dict[str, Any]:
    service = cat.entry("services", tp.service) if tp.service else None
    if tp.name is not None:
        name = tp.name.get(lang)
    elif service is not None:
        same = service["provider"] == service["name"]
        name = str(service["name"]) if same else f"{service['name']} ({service['provider']})"
    else:
        name = label("third_party_roles", tp.role or "", lang)
    country = tp.resolved_country
    role = label("third_party_roles", tp.role if tp.role is not None else tp.role_id, lang)
    return {
        "name": name,
        "role": None if role == name else role,  # a category without a name of its own is named once
        "country": fmt.country_name(lang, country),
        "country_code": country,
        "abroad": country != "KZ",
        "purposes": [purposes[p] for p in tp.purposes if p in purposes],
    }


def language_view(profile: Profile, lang: str) -> dict[str, Any]:
    """Everything the wording of one language reads, as plain values."""
    law = cat.lawpack()
    data_labels = {entry_id(e): label("data_categories", e, lang) for e in profile.data_categories}
    purpose_labels = {p.id: label("purposes", p.purpose, lang) for p in profile.purposes}
    op = profile.operator
    third = [_third_party(tp, lang, purpose_labels) for tp in profile.third_parties]
    return {
        "lang": lang,
        "operator": {
            "name": op.name.get(lang),
            "brand": op.brand,
            "form": label("legal_forms", op.legal_form, lang),
            "is_entity": op.is_legal_entity,
            "id_kind": "bin" if op.bin else "iin",
            "id": op.identifier,
            "role": label("roles", op.role, lang),
            "id_label": label("identifiers", "bin" if op.bin else "iin", lang),
            "address": op.registered_address.get(lang),
            "actual_address": _text(op.actual_address, lang),
            "email": op.email,
            "phone": op.phone,
            "websites": list(op.websites),
        },
        "responsible": _responsible(profile, lang),
        "website_description": _text(profile.website_description, lang),
        "points_of_sale": [t.get(lang) for t in profile.points_of_sale],
        "subjects": [label("subjects", s, lang) for s in profile.subjects],
        "data": list(data_labels.values()),
        "sources": _text(profile.sources, lang),
        "purposes": [
            {
                "id": p.id,
                "name": purpose_labels[p.id],
                "data": [data_labels[d] for d in p.data],
                "basis": label("bases", p.basis, lang),
                "is_consent": p.basis == "consent",
                "law": _text(p.law, lang),
                "actions": [label("processing_actions", a, lang) for a in p.actions],
                "retention": period_text(p.retention, lang),
                "optional": p.optional,
            }
            for p in profile.purposes
        ],
        "third_parties": third,
        "abroad": [tp for tp in third if tp["abroad"]],
        "countries_abroad": [fmt.country_name(lang, code) for code in profile.abroad_countries],
        "copies_abroad": [
            {"country": fmt.country_name(lang, c.country), "provider": c.provider}
            for c in profile.storage.copies_abroad
        ],
        "storage": {"country": fmt.country_name(lang, profile.storage.primary_country),
                    "location": _text(profile.storage.location, lang)},
        "consent": {
            "term": period_text(profile.consent.term, lang),
            "channels": [label("consent_channels", ch, lang) for ch in profile.consent.channels],
        },
        "cookies": _cookies(profile, lang),
        "marketing": None if profile.marketing is None else {
            "channels": [label("marketing_channels", ch, lang) for ch in profile.marketing.channels],
            "data": _marketing_data(profile, data_labels)},
        "minors": {"served": profile.minors.served, "own_consent_age": profile.minors.own_consent_age},
        "public": None if profile.public_distribution is None else {
            "what": profile.public_distribution.what.get(lang)},
        "requests": _requests(profile, lang),
        "deletion_refusals": [t.get(lang) for t in profile.deletion_refusals],
        "automated": {"used": profile.automated_decisions.used,
                      "description": _text(profile.automated_decisions.description, lang)},
        "id_documents": {"collects": profile.id_documents.collects,
                         "ground": _text(profile.id_documents.ground, lang)},
        "biometrics": {"used": profile.biometrics.used, "description": _text(profile.biometrics.description, lang)},
        "measures": [label("security_measures", m, lang) for m in profile.security_measures],
        "document": {
            "version": profile.document.version,
            "effective_date": fmt.long_date(lang, profile.document.effective_date),
            "public_url": profile.document.public_url,
            "approved_by": _text(profile.document.approved_by, lang),
            "annex_to": _text(profile.document.annex_to, lang),
            "history": [{"version": h.version, "date": fmt.long_date(lang, h.date), "changes": h.changes.get(lang)}
                        for h in profile.document.history],
            "related": [{"title": r.title.get(lang), "url": r.url} for r in profile.document.related],
        },
        "law": {key: law[key][lang] for key in ("law", "law_short", "digital_code", "authorised_body",
                                                "authorised_body_current", "committee")},
    }


MARKETING_PURPOSES = ("marketing", "informational_mailing", "advertising_statistics")


def _marketing_data(profile: Profile, data_labels: dict[str, str]) -> list[str]:
    """Data used for advertising messages: those of the marketing purposes, else every category."""
    keys: list[str] = []
    for purpose in profile.purposes:
        if purpose.id in MARKETING_PURPOSES:
            keys += [key for key in purpose.data if key not in keys]
    return [data_labels[key] for key in keys] if keys else list(data_labels.values())


def _responsible(profile: Profile, lang: str) -> dict[str, Any] | None:
    person = profile.responsible_person
    if person is None:
        return None
    return {"name": _text(person.name, lang), "position": _text(person.position, lang),
            "email": person.email, "phone": person.phone}


def _cookies(profile: Profile, lang: str) -> dict[str, Any] | None:
    if profile.cookies is None:
        return None
    categories = []
    for key in profile.cookies.categories:
        entry = cat.entry("cookie_categories", key)
        services = [
            str(cat.entry("services", tp.service)["name"])
            for tp in profile.third_parties
            if tp.service and cat.entry("services", tp.service).get("cookies") == key
        ]
        categories.append({"key": key, "name": entry["name"][lang], "purpose": entry["purpose"][lang],
                           "services": services, "needs_consent": key != "necessary"})
    abroad = any(tp.role_id in ("analytics", "advertising") and tp.resolved_country != "KZ"
                 for tp in profile.third_parties)
    return {"categories": categories, "banner": profile.cookies.banner, "analytics_abroad": abroad}


def _requests(profile: Profile, lang: str) -> dict[str, Any]:
    req = profile.requests
    markers = req.subject_markers
    return {
        "channels": [label("request_channels", ch, lang) for ch in req.channels],
        "channel_keys": list(req.channels),
        "email": req.email or profile.operator.email,
        "web_form_url": req.web_form_url,
        "address": profile.operator.registered_address.get(lang),
        "markers": None if markers is None else {
            "on_update": markers.update, "on_withdraw": markers.withdraw, "on_access": markers.access,
            "on_delete": markers.delete},
    }
