"""Profile → the plain values one language's wording needs.

Why a separate view: templates get plain dicts, lists and strings already resolved for their
language (catalogue labels, country names, formatted periods and dates), so wording stays free of
lookups and logic, and no model object with methods reaches a template (security plan T6).
"""

from __future__ import annotations

import re
from typing import Any

from kzpolicy_gen import catalogue as cat
from kzpolicy_gen.labels import label, period_text
from kzpolicy_gen.models.profile import App, CustomEntry, Profile, Text, ThirdParty, entry_id
from kzpolicy_gen.plan.facts import MARKETING_PURPOSES as MARKETING_PURPOSES
from kzpolicy_gen.plan.facts import ConsentFacts, facts
from kzpolicy_gen.render import text as fmt
from kzpolicy_gen.render.pack_view import internal_view, undertakings_view


def _text(value: Text | None, lang: str) -> str | None:
    return None if value is None else value.get(lang)


def _marker(value: str | Text | None, lang: str) -> str | None:
    """An e-mail subject marker: one code for all languages, or the words of this language."""
    return value if value is None or isinstance(value, str) else value.get(lang)


_AND = re.compile(r"\s+(?:и|және|and)\s+|,\s+")


def names_role(name: str, role: str) -> bool:
    """Whether the recipient's name already says its role: the same words, or one of the role's conjuncts
    ("центры обработки данных АО «Казахтелеком»" and "хостинг-провайдеры и центры обработки данных")."""
    said = name.casefold()
    return role.casefold() == said or any(part and part in said for part in _AND.split(role.casefold()))


def _third_party(tp: ThirdParty, lang: str, purposes: dict[str, str]) -> dict[str, Any]:
    if tp.name is not None:
        name = tp.name.get(lang)
    elif tp.service and tp.overrides_country:
        name = cat.service_text(tp.service, "name", lang)  # the catalogue's provider works elsewhere
    elif tp.service:
        name = cat.service_label(tp.service, lang)  # per language: legal names, never a name said twice
    else:
        name = label("third_party_roles", tp.role or "", lang)
    country = tp.resolved_country
    role = label("third_party_roles", tp.role if tp.role is not None else tp.role_id, lang)
    return {
        "name": name,
        "role": None if names_role(name, role) else role,  # a role the name already says is not said twice
        "country": fmt.country_name(lang, country) if tp.country_stated else cat.ui()["country_not_stated"][lang],
        "country_stated": tp.country_stated,
        "country_code": country,
        "abroad": country != "KZ",
        "purposes": [purposes[p] for p in tp.purposes if p in purposes],
        "under_law": _text(tp.under_law, lang),
        "agreement": tp.agreement,
    }


def _consent_view(item: ConsentFacts, profile: Profile, third: list[dict[str, Any]], lang: str,
                  data_labels: dict[str, str], purpose_labels: dict[str, str]) -> dict[str, Any]:
    """One consent document's own Art. 8 p.4 items, in words."""
    by_id = {p.id: p for p in profile.purposes}
    return {
        "purposes": [purpose_labels[p] for p in item.purposes],
        "purpose_items": [{"name": purpose_labels[p], "retention": period_text(by_id[p].retention, lang),
                           "optional": by_id[p].optional} for p in item.purposes],
        "data": [data_labels[d] for d in item.data if d in data_labels],
        "actions": [label("processing_actions", a, lang) for a in item.actions],
        "recipients": [{**third[i], "purposes": [purpose_labels[p] for p in profile.third_parties[i].purposes
                                                 if p in item.purposes]} for i in item.recipients],
        "third_parties": item.third_parties,
        "cross_border": item.cross_border,
        "countries": [fmt.country_name(lang, code) for code in item.countries],
        "copies_abroad": item.copies_abroad,
        "public": item.public,
        "term": period_text(item.term, lang),
    }


def language_view(profile: Profile, lang: str) -> dict[str, Any]:
    """Everything the wording of one language reads, as plain values."""
    law = cat.lawpack()
    data_labels = {entry_id(e): label("data_categories", e, lang) for e in profile.data_categories}
    purpose_labels = {p.id: label("purposes", p.purpose, lang) for p in profile.purposes}
    op = profile.operator
    third = [_third_party(tp, lang, purpose_labels) for tp in profile.third_parties]
    known = facts(profile)
    bases = {p.id: p.basis for p in profile.purposes}
    actions = {p.id: [label("processing_actions", a, lang) for a in p.actions] for p in known.purposes}
    consents = {doc: _consent_view(item, profile, third, lang, data_labels, purpose_labels)
                for doc, item in known.consents.items()}
    return {
        "lang": lang,
        "operator": {
            "name": op.name.get(lang),
            "brand": op.brand,
            "form": label("legal_forms", op.legal_form, lang),
            # a name written with its legal form in full ("Общественный фонд «…»") is not followed by it again
            "form_in_name": label("legal_forms", op.legal_form, lang).lower() in op.name.get(lang).lower(),
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
            "licences": [{"type": lic.type.get(lang), "number": lic.number, "date": fmt.long_date(lang, lic.date),
                          "issuer": _text(lic.issuer, lang)} for lic in op.licences],
            "parent": _text(op.parent, lang),
            "is_unit": bool(cat.entry("legal_forms", op.legal_form).get("unit")),
            "contacts": [{"purpose": _text(ct.name, lang) or label("contact_purposes", ct.purpose, lang),
                          "phone": ct.phone, "email": ct.email} for ct in op.contacts],
            "commercial": known.commercial,
        },
        "responsible": _responsible(profile, lang),
        "website_description": _text(profile.website_description, lang),
        "premises": [{"kind": label("premises_kinds", x.kind, lang), "name": x.name.get(lang)}
                     for x in profile.premises],
        "premises_names": [x.name.get(lang) for x in profile.premises],
        "premises_kinds": _unique([label("premises_kinds", x.kind, lang) for x in profile.premises]),
        "forms": [label("website_forms", f, lang) for f in profile.website_forms],
        "takes_orders": known.takes_orders,
        "subjects": [label("subjects", s, lang) for s in profile.subjects],
        "data": list(data_labels.values()),
        "sources": [label("source_kinds", x.kind, lang) + ("" if x.description is None
                                                            else f" ({x.description.get(lang)})")
                    for x in profile.sources],
        "purposes": [
            {
                "id": p.id,
                "name": purpose_labels[p.id],
                "data": [data_labels[d] for d in p.data],
                "basis": label("bases", p.basis, lang),
                "is_consent": p.basis == "consent",
                "law": _text(p.law, lang),
                "actions": actions[p.id],
                "retention": period_text(p.retention, lang),
                "optional": p.optional,
                "acts": [_act(a, lang) for a in profile.governing_acts if entry_id(a) in p.acts],
                "outlives_consent": known.purpose(p.id).outlives_consent,
                "needs_transfer": known.purpose(p.id).needs_transfer,
            }
            for p in profile.purposes
        ],
        "third_parties": third,
        "consent_recipients": [third[r.index] for r in known.consent_recipients],
        # a recipient that also serves a purpose processed without consent (a host keeping accounting records):
        # "with the subject's consent" is then said of the consent-based purposes only
        "recipients_beyond_consent": any(bases[q] != "consent" for r in known.consent_recipients
                                         for q in r.purposes if q in bases),
        "law_recipients": [third[r.index] for r in known.law_recipients],
        "abroad": [tp for tp in third if tp["abroad"]],
        "needing_transfer": [purpose_labels[p] for p in known.needing_transfer],
        "all_need_transfer": known.all_need_transfer,
        "outliving_consent": [purpose_labels[p.id] for p in known.purposes if p.outlives_consent],
        "consents": consents,
        "custom_consents": {x.doc: {**consents[x.doc], "title": x.title.get(lang), "biometric": x.biometric,
                                    "blanks": list(x.blanks), "refusal": _text(x.refusal, lang),
                                    "confirmations": [t.get(lang) for t in x.confirmations]}
                            for x in profile.custom_consents},
        "custom_consent_titles": [x.title.get(lang) for x in profile.custom_consents],
        "biometric_consent": next(({"doc": x.doc, "title": x.title.get(lang)} for x in profile.custom_consents
                                   if x.biometric), None),
        "countries_abroad": [fmt.country_name(lang, code) for code in profile.abroad_countries],
        "copies_abroad": [
            {"country": fmt.country_name(lang, c.country), "provider": c.provider}
            for c in profile.storage.copies_abroad
        ],
        "storage": {"country": fmt.country_name(lang, profile.storage.primary_country),
                    "location": _text(profile.storage.location, lang)},
        "consent": {
            "term": period_text(profile.consent.term, lang),
            # "no longer than needed for the purposes" adds nothing to a term that is "until the purposes are
            # achieved": said once
            "within_purposes": known.consent_term_within_purposes and not profile.consent.term.until_purpose_achieved,
            "web_form": "web_form_checkbox" in profile.consent.channels,
            "channels": [label("consent_channels", ch, lang) for ch in profile.consent.channels],
        },
        "cookies": _cookies(profile, lang),
        "marketing": None if profile.marketing is None else {
            "channels": [label("marketing_channels", ch, lang) for ch in profile.marketing.channels],
            "unsubscribe_link": profile.marketing.unsubscribe_link,
            "data": consents["consent-marketing"]["data"]},
        "minors": {"served": profile.minors.served, "own_consent_age": profile.minors.own_consent_age},
        "public": None if profile.public_distribution is None else {
            "what": profile.public_distribution.what.get(lang),
            "term": consents["consent-public"]["term"],
            "data": consents["consent-public"]["data"],
            "purposes": consents["consent-public"]["purposes"]},
        "requests": _requests(profile, lang),
        "deletion_refusals": [t.get(lang) for t in profile.deletion_refusals],
        "automated": {"used": profile.automated_decisions.used,
                      "description": _text(profile.automated_decisions.description, lang)},
        "id_documents": {"collects": profile.id_documents.collects,
                         "ground": _text(profile.id_documents.ground, lang)},
        "biometrics": {"used": profile.biometrics.used, "description": _text(profile.biometrics.description, lang)},
        "measures": [label("security_measures", m, lang) for m in profile.security_measures],
        "not_processed": list(profile.not_processed),
        "approval": _approval(profile, lang),
        **_issue15(profile, lang, third),
        "document": {
            "version": profile.document.version,
            "scope": _text(profile.document.scope, lang),
            "title": _text(profile.document.title, lang),
            "has_english": "en" in profile.document.languages,
            "effective_date": fmt.long_date(lang, profile.document.effective_date),
            "public_url": profile.document.public_url,
            "approved_by": _text(profile.document.approved_by, lang),
            "annex_to": _text(profile.document.annex_to, lang),
            "history": [{"version": h.version, "date": fmt.long_date(lang, h.date), "changes": _text(h.changes, lang)}
                        for h in profile.document.history],
            "related": [{"title": r.title.get(lang), "url": r.url} for r in profile.document.related],
        },
        # the pack's procedural documents (render/pack_view.py): access roles, paper records, backups, control;
        # one entry per recipient with the subject's consent (the recipient-undertaking's `item`)
        "internal": internal_view(profile, lang),
        "undertakings": undertakings_view(profile, lang, third),
        "law": {key: law[key][lang] for key in ("law", "law_short", "digital_code", "authorised_body",
                                                "authorised_body_current", "committee", "languages_law",
                                                "health_code")},
    }


def _unique(items: list[str]) -> list[str]:
    out: list[str] = []
    for item in items:
        if item not in out:
            out.append(item)
    return out


def _approval(profile: Profile, lang: str) -> dict[str, Any] | None:
    """The approval stamp's values; the Kazakh date is attributive ("2026 жылғы 1 желтоқсандағы")."""
    approval = profile.approval
    if approval is None:
        return None
    when = fmt.long_date(lang, approval.date)
    if lang == "kk":
        from kzpolicy_gen.grammar import kk

        *head, month = when.split(" ")
        located = kk.inflect_word(month, "loc")
        when = " ".join([*head, located + ("ғы" if located.endswith("а") else "гі")])
    return {"by": approval.by.get(lang), "order_no": approval.order_no, "date": when,
            "place": _text(approval.place, lang)}


def _responsible(profile: Profile, lang: str) -> dict[str, Any] | None:
    person = profile.responsible_person
    if person is None:
        return None
    gender = {"female": "f", "male": "m"}.get(person.gender or "")
    return {"name": _text(person.name, lang), "position": _text(person.position, lang), "gender": gender,
            "email": person.email, "phone": person.phone}


def _cookies(profile: Profile, lang: str) -> dict[str, Any] | None:
    if profile.cookies is None:
        return None
    categories = []
    for key in profile.cookies.categories:
        entry = cat.entry("cookie_categories", key)
        services = [
            cat.service_text(tp.service, "name", lang)
            for tp in profile.third_parties
            if tp.service and cat.entry("services", tp.service).get("cookies") == key
        ]
        purpose = str(entry["purpose"][lang])
        if key == "necessary":
            purpose = fmt.join(lang, [label("cookie_functions", f, lang) for f in profile.cookies.functions])
        categories.append({"key": key, "name": entry["name"][lang], "purpose": purpose,
                           "services": services, "needs_consent": key != "necessary"})
    abroad = any(tp.role_id in ("analytics", "advertising") and tp.resolved_country != "KZ"
                 for tp in profile.third_parties)
    others = [c for c in categories if c["needs_consent"]]
    return {"categories": categories, "banner": profile.cookies.banner, "analytics_abroad": abroad,
            "has_necessary": "necessary" in profile.cookies.categories, "has_optional": bool(others)}


def _requests(profile: Profile, lang: str) -> dict[str, Any]:
    req = profile.requests
    markers = req.subject_markers
    details = {"email": profile.request_email,
               "post": profile.operator.registered_address.get(lang),
               "web_form": req.web_form_url,
               "in_person": "; ".join(x.name.get(lang) for x in profile.premises)
               or _text(profile.operator.actual_address, lang) or profile.operator.registered_address.get(lang)}
    lines, after_address = [], []
    for ch in req.channels:
        detail = details.get(ch)
        text = label("request_channels", ch, lang)
        lines.append(text if not detail else f"{text}: {detail}")
        # A form names the operator's address just before its channels: "by post to the operator's address"
        # needs no second copy of it.
        after_address.append(text if not detail or ch == "post" else f"{text}: {detail}")
    return {
        "channels": [label("request_channels", ch, lang) for ch in req.channels],
        "channel_lines": lines,
        "channel_lines_after_address": after_address,
        "channel_keys": list(req.channels),
        "by_email": "email" in req.channels,
        "by_post": "post" in req.channels,
        "email": profile.request_email,
        "web_form_url": req.web_form_url,
        "address": profile.operator.registered_address.get(lang),
        "markers": None if markers is None else {
            "on_update": _marker(markers.update, lang), "on_withdraw": _marker(markers.withdraw, lang),
            "on_access": _marker(markers.access, lang), "on_delete": _marker(markers.delete, lang)},
    }


def _act(value: str | CustomEntry, lang: str) -> str:
    """A governing act's official title (catalogue) or the profile's own wording."""
    if isinstance(value, CustomEntry):
        return value.name.get(lang)
    return str(cat.entry("governing_acts", value)["title"][lang])


def _app(app: App, lang: str) -> dict[str, Any]:
    stores = app.store_ids
    ids = [] if stores is None else [f"{store}: {value}" for store, value in (
        ("App Store", stores.app_store), ("Google Play", stores.google_play), ("AppGallery", stores.app_gallery))
        if value]
    return {"kind": label("app_kinds", app.kind, lang), "name": app.name, "url": app.url, "stores": ", ".join(ids),
            "platforms": [label("app_platforms", x, lang) for x in app.platforms],
            "sdks": [cat.service_label(k, lang) for k in app.sdks]}


def _issue15(profile: Profile, lang: str, third: list[dict[str, Any]]) -> dict[str, Any]:
    """Services beyond the website, governing acts, the prevailing language, subjects' duties, and the
    recipients whose country is not stated."""
    prevailing = profile.document.prevailing_language
    duties = profile.subject_duties
    report = None if duties is None or duties.report_changes_days is None else fmt.working_days(
        lang, duties.report_changes_days, "gen")
    return {
        "apps": [_app(a, lang) for a in profile.apps],
        "app_names": [fmt.quote(lang, a.name) for a in profile.apps],
        "app_sdks": _unique([s for a in profile.apps for s in (cat.service_label(k, lang) for k in a.sdks)]),
        "governing_acts": [_act(a, lang) for a in profile.governing_acts],
        "law_articles": list(profile.law_articles),
        "prevailing": None if prevailing is None else {
            "language": cat.entry("document_languages", f"{prevailing}_text")[lang],
            "languages": [cat.entry("document_languages", f"{code}_text")[lang]
                          for code in profile.document.languages],
            "kk_and_ru": "kk" in profile.document.languages and "ru" in profile.document.languages},
        "duties": {"report_changes": report},
        "unknown_country": [tp for tp in third if not tp["country_stated"]],
        "some_country_stated": any(tp["country_stated"] for tp in third),
    }
