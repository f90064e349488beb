"""The machine-readable register of processing (`register.json`): language-neutral keys, texts in
every built language.

Why: Art. 22 p.1 sub.5 asks the operator to keep account of consent terms, transfers to third
parties, cross-border transfers and public distribution; this register is that account in data.
"""

from __future__ import annotations

import json
from typing import Any

from kzpolicy_gen import catalogue
from kzpolicy_gen.labels import label, period_text
from kzpolicy_gen.models.profile import Profile, entry_id
from kzpolicy_gen.plan.facts import facts


def _names(section: str, value: Any, languages: list[str]) -> dict[str, str]:
    return {lang: label(section, value, lang) for lang in languages}


def register(profile: Profile, languages: list[str]) -> dict[str, Any]:
    """The register as plain data; actions, recipients and consents come from the one computation in plan/facts."""
    known = facts(profile)
    return {
        "law_pack": catalogue.lawpack()["version"],
        "operator": {"name": {lang: profile.operator.name.get(lang) for lang in languages},
                     "identifier": profile.operator.identifier, "role": profile.operator.role},
        "approval": None if profile.approval is None else {
            "by": {lang: profile.approval.by.get(lang) for lang in languages},
            "order_no": profile.approval.order_no, "date": profile.approval.date.isoformat(),
            "place": None if profile.approval.place is None else {lang: profile.approval.place.get(lang)
                                                                  for lang in languages}},
        "document_version": profile.document.version,
        "effective_date": profile.document.effective_date.isoformat(),
        "consent_term": {lang: period_text(profile.consent.term, lang) for lang in languages},
        "data_categories": [{"id": entry_id(e), "name": _names("data_categories", e, languages)}
                            for e in profile.data_categories],
        "purposes": [
            {"id": p.id, "name": _names("purposes", p.purpose, languages), "data": list(p.data), "basis": p.basis,
             "law": None if p.law is None else {lang: p.law.get(lang) for lang in languages},
             "actions": list(known.purpose(p.id).actions), "declared_actions": list(p.actions),
             "recipients": list(known.purpose(p.id).recipients + known.purpose(p.id).law_recipients),
             "countries": list(known.purpose(p.id).countries),
             "needs_cross_border_transfer": known.purpose(p.id).needs_transfer,
             "retention": {lang: period_text(p.retention, lang) for lang in languages},
             "optional": p.optional, "acts": list(p.acts)}
            for p in profile.purposes
        ],
        "third_parties": [
            {"service": tp.service, "role": tp.role_id, "country": r.country if tp.country_stated else None,
             "purposes": list(r.purposes),
             "under_law": r.under_law, "agreement": r.agreement}
            for tp, r in zip(profile.third_parties, known.recipients, strict=True)
        ],
        "storage": {"primary_country": profile.storage.primary_country,
                    "copies_abroad": [c.country for c in profile.storage.copies_abroad]},
        "cross_border": {"takes_place": profile.cross_border, "countries": profile.abroad_countries},
        "public_distribution": profile.public_distribution is not None,
        "consents": {
            doc: {"purposes": list(c.purposes), "data": list(c.data), "actions": list(c.actions),
                  "recipients": list(c.recipients), "countries": list(c.countries),
                  "third_parties": c.third_parties, "cross_border": c.cross_border, "public": c.public,
                  "term": {lang: period_text(c.term, lang) for lang in languages}}
            for doc, c in known.consents.items()
        },
        "marketing_channels": [] if profile.marketing is None else list(profile.marketing.channels),
        "minors_served": profile.minors.served,
        "automated_decisions": profile.automated_decisions.used,
        "security_measures": [entry_id(m) for m in profile.security_measures],
        "not_processed": list(profile.not_processed),
        "apps": [{"kind": a.kind, "name": a.name, "url": a.url, "sdks": list(a.sdks)} for a in profile.apps],
        "governing_acts": [entry_id(a) for a in profile.governing_acts],
        "law_articles": list(profile.law_articles),
    }


def pack_entries(texts: list[Any], formats: list[str]) -> list[dict[str, Any]]:
    """The compliance pack's documents as the register links them: id, title and file per language and format
    (`texts` are the build's `RenderedText`s; only the pack's are listed)."""
    from kzpolicy_gen.formats import output_format
    from kzpolicy_gen.layout import stem

    entries: dict[str, dict[str, Any]] = {}
    for text in texts:
        if not text.pack:
            continue
        entry = entries.setdefault(text.doc_id, {"document": text.doc_id, "title": {}, "files": {}})
        entry["title"][text.lang] = text.title
        folder = stem(text.doc_id, text.lang, True)
        entry["files"][text.lang] = {name: f"{folder}.{output_format(name).files[0][0].split('.', 1)[1]}"
                                     for name in formats}
    return list(entries.values())


def register_json(profile: Profile, languages: list[str], pack: list[dict[str, Any]] | None = None) -> str:
    """register.json; `pack` (pack_entries) links the compliance pack's documents built with it."""
    data = register(profile, languages)
    if pack:
        data["pack"] = pack
    return json.dumps(data, ensure_ascii=False, indent=2) + "\n"
