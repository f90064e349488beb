"""The values the pack's procedural documents read besides the common view (render/context.py).

Why apart: the internal rules, undertakings and journals need facts the published documents never show (who has
access to which data, where paper records and backups are kept, each recipient's own data); they are resolved
for one language here, as plain values, the same way as the common view.
"""

from __future__ import annotations

from typing import Any

from kzpolicy_gen.labels import label
from kzpolicy_gen.models.profile import Profile, entry_id
from kzpolicy_gen.plan.facts import facts
from kzpolicy_gen.render import text as fmt


def internal_view(profile: Profile, lang: str) -> dict[str, Any]:
    """`internal`: access roles, paper records, backups and the frequency of internal control."""
    data_labels = {entry_id(e): label("data_categories", e, lang) for e in profile.data_categories}
    backups = profile.storage.backups
    control = profile.internal_control
    return {
        "access_roles": [{"role": r.role.get(lang), "data": [data_labels[d] for d in r.data if d in data_labels]}
                         for r in profile.access_roles],
        "paper": None if profile.storage.paper is None else profile.storage.paper.get(lang),
        "backups": None if backups is None else {"location": backups.location.get(lang),
                                                 "frequency": label("frequencies", backups.frequency, lang)},
        "control_frequency": None if control is None else label("frequencies", control.frequency, lang),
    }


def undertakings_view(profile: Profile, lang: str, third: list[dict[str, Any]]) -> list[dict[str, Any]]:
    """One entry per recipient with the subject's consent: the values of its undertaking (`recipient`).

    The data are the recipient's own (`third_parties[].data`) when the profile lists them; otherwise the data of
    the purposes it serves, which the wording presents as the most it may receive, never as what it receives.
    """
    known = facts(profile)
    data_labels = {entry_id(e): label("data_categories", e, lang) for e in profile.data_categories}
    by_id = {p.id: p for p in profile.purposes}
    out = []
    for r in known.consent_recipients:
        own = list(r.party.data)
        keys = own or [d for d in profile.data_ids if any(d in by_id[p].data for p in r.purposes)]
        out.append({**third[r.index], "index": r.index,
                    "purposes": [label("purposes", by_id[p].purpose, lang) for p in r.purposes],
                    "data": [data_labels[d] for d in keys], "data_listed": bool(own),
                    "service": r.party.service is not None,
                    "country": fmt.country_name(lang, r.country), "abroad": r.abroad})
    return out
