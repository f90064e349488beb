"""The plain values the compliance pack's wording reads (view key `pack`), for one language.

Why apart from render/context.py: the pack states nothing the published documents do not already rest on
(the same facts from plan/facts.py, the same labels), plus what only internal acts need: the policy
texts' hashes (computed once, by versions.text_hash, the value the manifest records), the Art. 25-1
category and the Art. 10-1 notification dates.
"""

from __future__ import annotations

from typing import Any

from babel.numbers import format_decimal

from kzpolicy_gen import catalogue as cat
from kzpolicy_gen.models.profile import Profile
from kzpolicy_gen.plan.facts import facts, operator_category
from kzpolicy_gen.render import text as fmt


def pack_view(profile: Profile, lang: str, view: dict[str, Any], policy_hashes: dict[str, str] | None = None,
              policy_titles: dict[str, str] | None = None) -> dict[str, Any]:
    """`pack` of one language's view: `view` is that language's `language_view` (labels are taken from it);
    `policy_hashes` and `policy_titles` are the policy texts' sha256 and title per language."""
    ui = cat.ui()
    known = facts(profile)
    third = view["third_parties"]
    category = operator_category(profile)
    notification = profile.authority_notification
    purposes = []
    for purpose, words in zip(profile.purposes, view["purposes"], strict=True):
        derived = known.purpose(purpose.id)
        served = [third[known.recipients[i].index] for i in derived.recipients + derived.law_recipients]
        purposes.append({**words, "recipients": served,
                         "countries": [fmt.country_name(lang, code) for code in derived.countries]})
    return {
        "policy": {
            "version": profile.document.version,
            "title": (policy_titles or {}).get(lang, ""),
            "effective_date": fmt.long_date(lang, profile.document.effective_date),
            "texts": [{"lang": code, "language": ui[f"pack_in_{code}"][lang], "sha256": digest}
                      for code, digest in (policy_hashes or {}).items()],
        },
        "category": ui[f"category_{category}"][lang],
        "unique_subjects": format_decimal(profile.scale.unique_subjects, locale=fmt.locale(lang)),
        "restricted_access": profile.restricted_access_data,
        "processing_start": None if notification is None or notification.processing_start is None
        else fmt.long_date(lang, notification.processing_start),
        "purposes": purposes,
        "has_law_recipients": bool(known.law_recipients),
        "third_parties": bool(known.recipients),
        "cross_border": profile.cross_border,
        "public": profile.public_distribution is not None,
    }
