"""Facts implied by other facts, computed once: every document, form and `register.json` reads these.

Why one place: the actions of a purpose follow from its recipients and their countries, each separate
consent must carry its own Art. 8 p.4 items, and the purposes that cannot be served without a transfer
abroad follow from where the recipients and copies are. Restating any of that in a template lets the
documents contradict one another; here it is decided once.
"""

from __future__ import annotations

from dataclasses import dataclass

from kzpolicy_gen import catalogue as cat
from kzpolicy_gen.models.profile import Period, Profile, ThirdParty, entry_id

#: Purposes whose data the consent to advertising messages covers.
MARKETING_PURPOSES = ("marketing", "informational_mailing", "advertising_statistics")
#: Recipient roles that run the service itself (a platform): the purposes they serve need them.
PLATFORM_ROLES = ("hosting", "cloud", "it_services", "website_builder", "crm")


@dataclass(frozen=True)
class Recipient:
    """One declared third party with what the profile implies about it."""

    index: int  # position in profile.third_parties
    party: ThirdParty
    country: str
    abroad: bool
    under_law: bool
    agreement: bool
    purposes: tuple[str, ...]  # the purposes it serves; all purposes when the profile names none
    platform: bool


@dataclass(frozen=True)
class PurposeFacts:
    """One purpose: its data, and the actions it takes, declared and implied."""

    id: str
    data: tuple[str, ...]
    actions: tuple[str, ...]
    recipients: tuple[int, ...]  # consent-based recipients (indices into Facts.recipients)
    law_recipients: tuple[int, ...]  # recipients that receive under a law
    countries: tuple[str, ...]  # foreign countries its data go to
    needs_transfer: bool  # cannot be served without the cross-border transfer
    public: bool
    outlives_consent: bool  # kept past the consent term (until the purposes are achieved, or longer)


@dataclass(frozen=True)
class ConsentFacts:
    """The Art. 8 p.4 items of one consent document, its own and nobody else's."""

    doc: str
    purposes: tuple[str, ...]
    data: tuple[str, ...]
    actions: tuple[str, ...]
    recipients: tuple[int, ...]
    countries: tuple[str, ...]
    copies_abroad: bool
    public: bool
    term: Period

    @property
    def third_parties(self) -> bool:
        return bool(self.recipients)

    @property
    def cross_border(self) -> bool:
        return bool(self.countries)


@dataclass(frozen=True)
class Facts:
    recipients: tuple[Recipient, ...]
    purposes: tuple[PurposeFacts, ...]
    consents: dict[str, ConsentFacts]
    countries_abroad: tuple[str, ...]
    copies_abroad: bool
    needing_transfer: tuple[str, ...]  # purpose ids that cannot be served without the transfer
    consent_term_within_purposes: bool  # KZ-CONSENT-TERM holds
    agreements_recorded: bool  # every consent-based recipient is bound by a recorded agreement
    takes_orders: bool
    commercial: bool

    def purpose(self, purpose_id: str) -> PurposeFacts:
        return next(p for p in self.purposes if p.id == purpose_id)

    @property
    def all_need_transfer(self) -> bool:
        return bool(self.purposes) and len(self.needing_transfer) == len(self.purposes)

    @property
    def consent_recipients(self) -> tuple[Recipient, ...]:
        return tuple(r for r in self.recipients if not r.under_law)

    @property
    def law_recipients(self) -> tuple[Recipient, ...]:
        return tuple(r for r in self.recipients if r.under_law)


def _ordered(section: str, keys: set[str]) -> tuple[str, ...]:
    """Keys in catalogue order (actions read in the order of Art. 1)."""
    return tuple(k for k in cat.catalogue()[section] if k in keys)


def _days(period: Period) -> int | None:
    if period.until_purpose_achieved:
        return None
    if period.statutory is not None:
        return None if period.statutory.years is None else period.statutory.years * 365
    return (period.years or 0) * 365 + (period.months or 0) * 30 + (period.days or 0)


def consent_term_within(profile: Profile) -> bool:
    """KZ-CONSENT-TERM: the consent term does not outlast the longest consent-based retention."""
    term = _days(profile.consent.term)
    spans = [_days(p.retention) for p in profile.purposes if p.basis == "consent"]
    if term is None or not spans or any(span is None for span in spans):
        return True
    return term <= max(span for span in spans if span is not None)


def _union(lists: list[tuple[str, ...]], order: list[str]) -> tuple[str, ...]:
    keys = {k for items in lists for k in items}
    return tuple(k for k in order if k in keys)


def facts(profile: Profile) -> Facts:
    """Everything derived from the profile that more than one document states."""
    purpose_ids = profile.purpose_ids
    recipients = []
    for index, tp in enumerate(profile.third_parties):
        country = tp.resolved_country
        served = tuple(p for p in tp.purposes if p in purpose_ids) or tuple(purpose_ids)
        recipients.append(Recipient(index, tp, country, country != "KZ", tp.under_law is not None, tp.agreement,
                                    served, tp.role_id in PLATFORM_ROLES))
    copies = [c.country for c in profile.storage.copies_abroad if c.country != "KZ"]
    public = profile.public_distribution
    public_purposes = set(public.purposes) if public is not None else set()
    consent_days = _days(profile.consent.term)
    data_order = profile.data_ids

    purposes = []
    for purpose in profile.purposes:
        mine = [r for r in recipients if purpose.id in r.purposes]
        countries: list[str] = []
        for code in [r.country for r in mine if r.abroad] + copies:
            if code not in countries:
                countries.append(code)
        actions = set(purpose.actions)
        if mine:
            actions.add("transfer")
        if countries:
            actions.add("cross_border_transfer")
        if purpose.id in public_purposes:
            actions.add("distribution")
        retention = _days(purpose.retention)
        outlives = (purpose.basis == "consent" and consent_days is not None
                    and (retention is None or retention > consent_days))
        purposes.append(PurposeFacts(
            purpose.id, tuple(purpose.data), _ordered("processing_actions", actions),
            tuple(r.index for r in mine if not r.under_law), tuple(r.index for r in mine if r.under_law),
            tuple(countries), bool(countries), purpose.id in public_purposes, outlives))
    by_id = {p.id: p for p in purposes}

    def consent_of(doc: str, ids: list[str], *, data: tuple[str, ...] | None = None,
                   actions: tuple[str, ...] | None = None, only_abroad: bool = False,
                   term: Period | None = None, public_flag: bool | None = None) -> ConsentFacts:
        chosen = [by_id[i] for i in ids if i in by_id]
        indices = sorted({i for p in chosen for i in p.recipients + (p.law_recipients if only_abroad else ())})
        if only_abroad:
            indices = [i for i in indices if recipients[i].abroad]
        countries: list[str] = []
        for code in [c for p in chosen for c in p.countries]:
            if code not in countries:
                countries.append(code)
        return ConsentFacts(
            doc, tuple(p.id for p in chosen),
            data if data is not None else _union([p.data for p in chosen], data_order),
            actions if actions is not None else _ordered("processing_actions",
                                                         {a for p in chosen for a in p.actions}),
            tuple(indices), tuple(countries), bool(copies) and bool(chosen),
            any(p.public for p in chosen) if public_flag is None else public_flag,
            term or profile.consent.term)

    consent_ids = [p.id for p in profile.purposes if p.basis == "consent"]
    consents = {"consent": consent_of("consent", consent_ids)}
    needing = tuple(p.id for p in purposes if p.needs_transfer)
    if needing:
        consents["consent-cross-border"] = consent_of("consent-cross-border", list(needing),
                                                      actions=("cross_border_transfer",), only_abroad=True,
                                                      public_flag=False)
    if profile.marketing is not None:
        ids = [p for p in purpose_ids if p in MARKETING_PURPOSES]
        consents["consent-marketing"] = consent_of(
            "consent-marketing", ids, data=None if ids else tuple(data_order), public_flag=False)
    if public is not None:
        consents["consent-public"] = ConsentFacts(
            "consent-public", tuple(p for p in public.purposes if p in by_id), tuple(public.data),
            ("distribution",), (), (), False, True, public.term or profile.consent.term)

    consent_recipients = [r for r in recipients if not r.under_law]
    all_data = {entry_id(e) for e in profile.data_categories}
    orders = "order" in profile.website_forms or "order_fulfilment" in purpose_ids or "order_data" in all_data
    return Facts(
        recipients=tuple(recipients),
        purposes=tuple(purposes),
        consents=consents,
        countries_abroad=tuple(profile.abroad_countries),
        copies_abroad=bool(copies),
        needing_transfer=needing,
        consent_term_within_purposes=consent_term_within(profile),
        agreements_recorded=bool(consent_recipients) and all(r.agreement for r in consent_recipients),
        takes_orders=orders,
        commercial=bool(cat.entry("legal_forms", profile.operator.legal_form).get("commercial", True)),
    )


def operator_category(profile: Profile) -> str:
    """Art. 25-1: small / medium / large by unique subjects; restricted data raise it one level."""
    limits = cat.lawpack()["operator_categories"]
    count = profile.scale.unique_subjects
    levels = ["small", "medium", "large"]
    level = 0 if count <= limits["small_max"] else 2 if count >= limits["large_min"] else 1
    if profile.restricted_access_data:
        level = min(level + 1, 2)
    return levels[level]
