"""The structure of every document, defined once for all languages.

A document is sections of clauses. Each clause has a stable id, the condition under which it
appears and the articles it serves (`94-V:8.4` = Law No. 94-V, Art. 8 p.4; `R395:16` = Rules
395/НҚ p.16; `DC:41` = Digital Code Art. 41). Wording lives in `templates/<lang>/<document>.md.j2`
as one macro per node; anything that changes legal meaning is a node or a condition here.
"""

from __future__ import annotations

from collections.abc import Callable
from dataclasses import dataclass
from typing import TYPE_CHECKING

from kzpolicy_gen.plan import conditions as c
from kzpolicy_gen.plan.conditions import ALWAYS, Condition

if TYPE_CHECKING:
    from kzpolicy_gen.models.profile import Profile


@dataclass(frozen=True)
class ClauseSpec:
    id: str
    articles: tuple[str, ...]
    when: Condition = ALWAYS


@dataclass(frozen=True)
class SectionSpec:
    id: str
    clauses: tuple[ClauseSpec, ...]
    when: Condition = ALWAYS


@dataclass(frozen=True)
class Each:
    """What a per-recipient (per-item) pack document is made for: one document per item of a profile list.

    `items(profile)` gives (key, index) pairs: `key` makes the document id (`<spec id>-<key>`, so the file
    name) and `index` picks the item's plain values from the language view's list `view_key` (the wording
    reads them as `item`). `fields` are the profile fields the list comes from (for `--explain`).
    """

    name: str
    fields: tuple[str, ...]
    items: Callable[[Profile], list[tuple[str, int]]]
    view_key: str


@dataclass(frozen=True)
class DocumentSpec:
    """A document; `head` holds unnumbered blocks printed above the title (the approval stamp).

    `pack`: an internal act of the compliance pack (built with `build --pack` or when selected, written to
    `DIR/pack/<lang>/`, never published); `each`: one document per item of a profile list.
    """

    id: str
    sections: tuple[SectionSpec, ...]
    when: Condition = ALWAYS
    head: tuple[ClauseSpec, ...] = ()
    pack: bool = False
    each: Each | None = None


def section(sid: str, *clauses: tuple[str, tuple[str, ...]] | tuple[str, tuple[str, ...], Condition],
            when: Condition = ALWAYS) -> SectionSpec:
    """Build a section; clause ids are given relative to the section (`identity` → `operator.identity`)."""
    built = []
    for item in clauses:
        cond = item[2] if len(item) == 3 else ALWAYS
        built.append(ClauseSpec(f"{sid}.{item[0]}", item[1], cond))
    return SectionSpec(sid, tuple(built), when)


POLICY = DocumentSpec("policy", (
    section("general",
            ("purpose", ("94-V:25.2.1-1",)),
            ("law", ("94-V:2", "94-V:4")),
            ("annex", ("94-V:25.2.1-1",), c.IS_ANNEX),
            ("scope", ("94-V:3",), ~c.HAS_SCOPE),
            ("scope_limited", ("94-V:3",), c.HAS_SCOPE),
            ("offline", ("94-V:3", "94-V:8.1"), c.HAS_PREMISES),
            ("apps", ("94-V:3",), c.HAS_APPS),
            ("website", ("94-V:3",), c.HAS_DESCRIPTION),
            ("languages", ("LL",), c.KK_AND_RU & ~c.HAS_PREVAILING),
            ("prevailing", ("LL",), c.HAS_PREVAILING)),
    section("operator",
            ("identity", ("94-V:1.9", "94-V:1.10", "94-V:8.4.1")),
            ("licences", ("94-V:8.4.1",), c.HAS_LICENCES),
            ("parent", ("94-V:8.4.1",), c.HAS_PARENT),
            ("contacts", ("94-V:25.2.6",), c.HAS_OPERATOR_CONTACTS),
            ("more_contacts", ("94-V:25.2.6",), c.HAS_MORE_CONTACTS)),
    section("terms",
            ("definitions", ("94-V:1",))),
    section("subjects",
            ("groups", ("94-V:24.1.1",)),
            ("data", ("94-V:7.8", "94-V:25.2.1", "94-V:24.1.1")),
            ("not_processed", ("94-V:25.2.1", "94-V:7.12"), c.HAS_NOT_PROCESSED),
            ("sources", ("94-V:24.1.1",)),
            ("minimum", ("94-V:7.9", "94-V:12.1"))),
    section("purposes",
            ("table", ("94-V:7.8", "94-V:24.1.1", "94-V:12.2")),
            ("limits", ("94-V:7.8", "94-V:14"))),
    section("conditions",
            ("consent", ("94-V:7.1", "94-V:8.1")),
            ("channels", ("94-V:8.1", "94-V:25.2.5")),
            ("term", ("94-V:8.4.3", "94-V:8.5", "94-V:8.6")),
            ("term_limit", ("94-V:8.5",), c.CONSENT_TERM_OK),
            ("statutory", ("94-V:9",), c.NON_CONSENT_BASIS),
            ("id_documents", ("94-V:7.10",), c.ID_DOCUMENTS),
            ("biometrics", ("94-V:7.12", "94-V:6"), c.BIOMETRICS),
            ("medical_secrecy", ("94-V:11", "HC:273"), c.HAS_HEALTH_DATA)),
    section("storage",
            ("localisation", ("94-V:12.2",)),
            ("location", ("94-V:12.2", "94-V:10-1.3"), c.HAS_STORAGE_LOCATION)),
    section("third_parties",
            ("list", ("94-V:7.6", "94-V:8.4.4", "94-V:1.17"), c.HAS_CONSENT_RECIPIENTS),
            ("by_law", ("94-V:9", "94-V:1.17"), c.HAS_LAW_RECIPIENTS),
            ("none", ("94-V:8.4.4",), ~c.HAS_THIRD_PARTIES),
            ("duties", ("94-V:10.1", "94-V:11", "94-V:22"), c.HAS_CONSENT_RECIPIENTS & c.AGREEMENTS_RECORDED),
            ("requirements", ("94-V:10.1", "94-V:11", "94-V:22"), c.HAS_CONSENT_RECIPIENTS & ~c.AGREEMENTS_RECORDED),
            ("state_bodies", ("94-V:9",))),
    section("cross_border",
            ("transfer", ("94-V:16.1", "94-V:16.3", "94-V:7.6", "94-V:8.4.5"), c.CROSS_BORDER),
            ("consent", ("94-V:16.3", "94-V:7.6"), c.CROSS_BORDER),
            ("refusal", ("94-V:16.3", "94-V:7.6"), c.CROSS_BORDER & ~c.ALL_NEED_TRANSFER),
            ("condition", ("94-V:16.3", "94-V:7.6", "94-V:12.2"), c.CROSS_BORDER & c.ALL_NEED_TRANSFER),
            ("none", ("94-V:8.4.5", "94-V:16"), ~c.CROSS_BORDER & ~c.UNKNOWN_COUNTRY),
            ("unknown", ("94-V:8.4.5", "94-V:16", "94-V:7.6"), c.UNKNOWN_COUNTRY)),
    section("retention",
            ("periods", ("94-V:12.2", "94-V:24.1.1")),
            ("consent_lapse", ("94-V:8.5", "94-V:18"), c.OUTLIVES_CONSENT),
            ("destruction", ("94-V:18", "94-V:25.2.4", "94-V:1.6")),
            ("depersonalisation", ("94-V:1.7", "94-V:17.1")),
            ("restriction", ("DC:41.3",))),
    section("protection",
            ("measures", ("94-V:20", "94-V:21", "94-V:22", "R179")),
            ("confidentiality", ("94-V:11",))),
    section("rights",
            ("list", ("94-V:24.1",)),
            ("free", ("94-V:25.2.9",)),
            ("digital_code", ("DC:41",)),
            ("automated", ("94-V:19-1", "DC:43"), c.AUTOMATED),
            ("duty", ("94-V:24.2",)),
            ("report_changes", ("94-V:24.2",), c.HAS_REPORT_DUTY)),
    section("requests",
            ("channels", ("94-V:10.2", "94-V:25.2.6")),
            ("markers", ("94-V:10.2",), c.HAS_MARKERS),
            ("deadlines", ("94-V:25.2.6", "94-V:25.2.7", "94-V:25.2.8", "R395:16", "94-V:19-1.3")),
            ("refusal", ("94-V:25.2.7",))),
    section("withdrawal",
            ("how", ("94-V:8.7", "94-V:24.1.5")),
            ("limits", ("94-V:8.2",)),
            ("refusals", ("94-V:8.2", "DC:41.4"), c.HAS_DELETION_REFUSALS)),
    section("cookies",
            ("categories", ("94-V:1.2", "94-V:7.1"), c.HAS_COOKIES),
            ("analytics", ("94-V:7.6", "94-V:16"), c.HAS_ANALYTICS),
            ("control", ("94-V:8.7",), c.HAS_COOKIES),
            when=c.HAS_COOKIES),
    section("marketing",
            ("consent", ("94-V:7.1", "94-V:8.1")),
            ("unsubscribe", ("94-V:8.7", "94-V:24.1.5")),
            when=c.HAS_MARKETING),
    section("public",
            ("consent", ("94-V:7.3", "94-V:8.4.6", "94-V:24.1.6")),
            ("removal", ("94-V:6", "94-V:15")),
            ("first_name", ("94-V:15", "HC:273"), c.FIRST_NAME_ONLY),
            when=c.PUBLIC_DISTRIBUTION),
    section("minors",
            ("served", ("94-V:7.1", "94-V:8.1", "94-V:8.7"), c.MINORS_SERVED),
            ("not_served", ("94-V:7.1",), ~c.MINORS_SERVED)),
    section("breach",
            ("notify", ("94-V:25.2.8", "94-V:1.15-2", "R481")),),
    section("responsible",
            ("person", ("94-V:25.2.10", "94-V:25.3"), c.HAS_RESPONSIBLE),
            ("none", ("94-V:25.2.10",), ~c.HAS_RESPONSIBLE)),
    section("changes",
            ("updates", ("94-V:25.2.1-1",)),
            ("history", ("94-V:25.2.1-1",), c.HAS_HISTORY),
            ("related", ("94-V:25.2.1-1",), c.HAS_RELATED)),
    section("contacts",
            ("operator", ("94-V:25.2.6",)),
            ("complaints", ("94-V:27", "94-V:27-1", "94-V:28", "94-V:29"))),
), head=(ClauseSpec("head.approval", ("94-V:25.2.1-1",), c.HAS_APPROVAL),))

CONSENT = DocumentSpec("consent", (
    section("parties",
            ("subject", ("94-V:8.4.2",)),
            ("operator", ("94-V:8.4.1",)),
            ("representative", ("94-V:7.1", "94-V:8.1"), c.MINORS_SERVED)),
    section("scope",
            ("data", ("94-V:8.4.7",)),
            ("purposes", ("94-V:7.8", "94-V:8.4.8")),
            ("actions", ("94-V:1.12", "94-V:8.4.8"))),
    section("transfers",
            ("third_parties", ("94-V:8.4.4",), c.consents("consent", "third_parties")),
            ("no_third_parties", ("94-V:8.4.4",), ~c.consents("consent", "third_parties")),
            ("cross_border", ("94-V:8.4.5", "94-V:16.3"), c.consents("consent", "cross_border")),
            ("no_cross_border", ("94-V:8.4.5",), ~c.consents("consent", "cross_border")),
            ("public", ("94-V:8.4.6",), c.consents("consent", "public")),
            ("no_public", ("94-V:8.4.6",), ~c.consents("consent", "public"))),
    section("term",
            ("validity", ("94-V:8.4.3", "94-V:8.5", "94-V:8.6")),
            ("lapse", ("94-V:8.5", "94-V:18"), c.OUTLIVES_CONSENT),
            ("withdrawal", ("94-V:8.7", "94-V:8.2"))),
    section("confirmation",
            ("policy", ("94-V:8.4.8",)),
            ("signature", ("94-V:8.1", "94-V:25.2.5"))),
))

CONSENT_CROSS_BORDER = DocumentSpec("consent-cross-border", (
    section("parties",
            ("subject", ("94-V:8.4.2",)),
            ("operator", ("94-V:8.4.1",))),
    section("transfer",
            ("countries", ("94-V:16.1", "94-V:16.3", "94-V:8.4.5")),
            ("recipients", ("94-V:16.3", "94-V:8.4.4")),
            ("data", ("94-V:8.4.7",)),
            ("purposes", ("94-V:8.4.8",)),
            ("actions", ("94-V:1.12", "94-V:8.4.8")),
            ("public", ("94-V:8.4.6",))),
    section("term",
            ("validity", ("94-V:8.4.3", "94-V:8.5")),
            ("withdrawal", ("94-V:8.7", "94-V:24.1.5")),
            ("refusal", ("94-V:16.3",), ~c.ALL_NEED_TRANSFER),
            ("condition", ("94-V:16.3", "94-V:12.2"), c.ALL_NEED_TRANSFER)),
    section("confirmation",
            ("signature", ("94-V:8.1", "94-V:25.2.5"))),
), when=c.CROSS_BORDER)

CONSENT_MARKETING = DocumentSpec("consent-marketing", (
    section("parties",
            ("subject", ("94-V:8.4.2",)),
            ("operator", ("94-V:8.4.1",))),
    section("messages",
            ("channels", ("94-V:7.1", "94-V:7.8")),
            ("data", ("94-V:8.4.7",)),
            ("actions", ("94-V:1.12", "94-V:8.4.8")),
            ("third_parties", ("94-V:8.4.4",), c.consents("consent-marketing", "third_parties")),
            ("no_third_parties", ("94-V:8.4.4",), ~c.consents("consent-marketing", "third_parties")),
            ("cross_border", ("94-V:8.4.5",), c.consents("consent-marketing", "cross_border")),
            ("no_cross_border", ("94-V:8.4.5",), ~c.consents("consent-marketing", "cross_border")),
            ("no_public", ("94-V:8.4.6",))),
    section("term",
            ("validity", ("94-V:8.4.3", "94-V:8.5")),
            ("optional", ("94-V:7.1",)),
            ("withdrawal", ("94-V:8.7", "94-V:24.1.5"))),
    section("confirmation",
            ("signature", ("94-V:8.1", "94-V:25.2.5"))),
), when=c.HAS_MARKETING)

WITHDRAWAL_FORM = DocumentSpec("withdrawal-form", (
    section("addressee",
            ("operator", ("94-V:8.7",))),
    section("applicant",
            ("subject", ("94-V:8.7", "94-V:10.2")),
            ("representative", ("94-V:8.7",), c.MINORS_SERVED)),
    section("withdrawal",
            ("scope", ("94-V:8.7", "94-V:24.1.5")),
            ("deadline", ("94-V:8.7",)),
            ("limits", ("94-V:8.2",))),
    section("signature",
            ("date", ("94-V:10.2",))),
))

CONSENT_PUBLIC = DocumentSpec("consent-public", (
    section("parties",
            ("subject", ("94-V:8.4.2",)),
            ("operator", ("94-V:8.4.1",))),
    section("publication",
            ("what", ("94-V:7.3", "94-V:8.4.6")),
            ("data", ("94-V:8.4.7",)),
            ("purposes", ("94-V:8.4.8",)),
            ("first_name", ("94-V:15", "HC:273"), c.FIRST_NAME_ONLY),
            ("transfers", ("94-V:8.4.4", "94-V:8.4.5")),
            ("optional", ("94-V:24.1.6",))),
    section("term",
            ("validity", ("94-V:8.4.3", "94-V:15.2")),
            ("withdrawal", ("94-V:8.7", "94-V:24.1.5", "94-V:6"))),
    section("confirmation",
            ("signature", ("94-V:8.1", "94-V:25.2.5"))),
), when=c.PUBLIC_DISTRIBUTION)

REQUEST_FORM = DocumentSpec("request-form", (
    section("addressee",
            ("operator", ("94-V:10.2",))),
    section("applicant",
            ("subject", ("94-V:10.2",)),
            ("representative", ("94-V:24.1",), c.MINORS_SERVED)),
    section("request",
            ("kinds", ("94-V:24.1.1", "94-V:24.1.2", "94-V:24.1.3", "94-V:24.1.4", "DC:41")),
            ("automated", ("94-V:19-1",), c.AUTOMATED),
            ("details", ("94-V:10.2",)),
            ("deadlines", ("94-V:25.2.6", "94-V:25.2.8", "R395:16"))),
    section("signature",
            ("date", ("94-V:10.2",))),
))

COOKIE_NOTICE = DocumentSpec("cookie-notice", (
    section("banner",
            ("text", ("94-V:7.1", "94-V:8.1")),
            ("choices", ("94-V:8.7",), c.HAS_OPTIONAL_COOKIES),
            ("necessary_only", ("94-V:7.1",), ~c.HAS_OPTIONAL_COOKIES),
            ("apps", ("94-V:3",), c.HAS_APPS)),
    section("table",
            ("categories", ("94-V:1.2",))),
), when=c.HAS_COOKIES)

FORM_SNIPPETS = DocumentSpec("form-snippets", (
    section("order",
            ("checkbox", ("94-V:8.1", "94-V:8.4")),
            ("cross_border", ("94-V:16.3", "94-V:7.6"), c.CROSS_BORDER),
            when=c.form("order")),
    section("booking",
            ("checkbox", ("94-V:8.1", "94-V:8.4")),
            ("cross_border", ("94-V:16.3", "94-V:7.6"), c.CROSS_BORDER),
            when=c.form("booking")),
    section("application",
            ("checkbox", ("94-V:8.1", "94-V:8.4")),
            when=c.form("application")),
    section("callback",
            ("checkbox", ("94-V:8.1",)),
            when=c.form("callback")),
    section("newsletter",
            ("checkbox", ("94-V:7.1", "94-V:8.1")),
            when=c.HAS_MARKETING & c.form("newsletter")),
    section("account",
            ("checkbox", ("94-V:8.1",)),
            ("cross_border", ("94-V:16.3", "94-V:7.6"), c.CROSS_BORDER),
            when=c.form("account")),
    section("usage",
            ("record", ("94-V:25.2.5", "94-V:22.1.5")),
            ("unticked", ("94-V:8.1",))),
), when=c.HAS_FORMS)

# The compliance pack (issue 20): internal acts, built with `build --pack` (or when selected) into
# DIR/pack/<lang>/<document>.<ext>; see docs/compliance-pack.md. Part A: the approval order, the order
# appointing the responsible person, the list of personal data, the draft notification to the authorised body.

APPROVAL_ORDER = DocumentSpec("approval-order", (
    section("grounds",
            ("law", ("94-V:25.2.1-1",))),
    section("order",
            ("approve", ("94-V:25.2.1-1",)),
            ("texts", ("94-V:25.2.1-1",)),
            ("publish", ("94-V:25.2.1-1",), c.HAS_PUBLIC_URL),
            ("acquaint", ("94-V:25.3",), c.HAS_RESPONSIBLE),
            ("effect", ("94-V:25.2.1-1",))),
    section("signature",
            ("signatory", ("94-V:25.2.1-1",))),
), when=c.HAS_APPROVAL, head=(ClauseSpec("head.requisites", ("94-V:25.2.1-1",)),), pack=True)

RESPONSIBLE_ORDER = DocumentSpec("responsible-order", (
    section("grounds",
            ("law", ("94-V:25.2.10", "94-V:25.3"))),
    section("appoint",
            ("person", ("94-V:25.2.10",)),
            ("contacts", ("94-V:25.2.8", "R481"))),
    section("duties",
            ("internal_control", ("94-V:25.3",)),
            ("inform", ("94-V:25.3",)),
            ("requests", ("94-V:25.3", "94-V:25.2.6")),
            ("breach", ("94-V:25.2.8", "R481"))),
    section("signature",
            ("signatory", ("94-V:25.2.10",)),
            ("acquainted", ("94-V:25.3",))),
), when=c.IS_LEGAL_ENTITY & c.HAS_RESPONSIBLE, head=(ClauseSpec("head.requisites", ("94-V:25.2.10",)),), pack=True)

DATA_LIST = DocumentSpec("data-list", (
    section("general",
            ("basis", ("94-V:25.2.1",)),
            ("minimum", ("94-V:7.9", "94-V:25.2.1")),
            ("subjects", ("94-V:25.2.1", "94-V:24.1.1"))),
    section("purposes",
            ("table", ("94-V:25.2.1", "94-V:7.8", "94-V:12.2")),
            ("recipients", ("94-V:25.2.1", "94-V:1.17", "94-V:16"), c.HAS_THIRD_PARTIES),
            ("no_recipients", ("94-V:25.2.1",), ~c.HAS_THIRD_PARTIES)),
    section("storage",
            ("location", ("94-V:12.2",))),
    section("notes",
            ("form", ("94-V:27-1.1.2-1",))),
), head=(ClauseSpec("head.approval", ("94-V:25.2.1",)),), pack=True)

AUTHORITY_NOTIFICATION = DocumentSpec("authority-notification", (
    section("addressee",
            ("body", ("94-V:10-1.1",))),
    section("notice",
            ("start", ("94-V:10-1.1", "94-V:10-1.3")),
            ("category", ("94-V:25-1", "94-V:10-1.1"))),
    section("items",
            ("operator", ("94-V:10-1.3",)),
            ("measures", ("94-V:10-1.3", "94-V:22")),
            ("start_date", ("94-V:10-1.3",)),
            ("third_parties", ("94-V:10-1.3",)),
            ("cross_border", ("94-V:10-1.3", "94-V:16")),
            ("public", ("94-V:10-1.3",)),
            ("data", ("94-V:10-1.3",)),
            ("location", ("94-V:10-1.3", "94-V:12.2")),
            ("contacts", ("94-V:10-1.3", "94-V:25.2.10"), c.HAS_RESPONSIBLE)),
    section("signature",
            ("signatory", ("94-V:10-1.3",))),
    section("notes",
            ("form", ("94-V:10-1.3",)),
            ("stop", ("94-V:10-1.2",))),
), when=c.NOTIFIES_AUTHORITY, pack=True)

PACK_A: tuple[DocumentSpec, ...] = (APPROVAL_ORDER, RESPONSIBLE_ORDER, DATA_LIST, AUTHORITY_NOTIFICATION)

# Part B: the internal rules, the breach procedure, one undertaking per recipient, the staff undertaking, the
# journals.


def recipient_items(profile: Profile) -> list[tuple[str, int]]:
    """(file key, index into the view's `undertakings`) per recipient with the subject's consent: the service
    key, else the role, numbered when repeated (`courier`, `courier-2`)."""
    from kzpolicy_gen.plan.facts import facts

    out: list[tuple[str, int]] = []
    seen: set[str] = set()
    for index, r in enumerate(facts(profile).consent_recipients):
        base = (r.party.service or r.party.role_id).replace("_", "-")
        key, n = base, 2
        while key in seen:
            key, n = f"{base}-{n}", n + 1
        seen.add(key)
        out.append((key, index))
    return out


#: The approval stamp of an internal act: blanks, filled in by hand when the order is signed.
APPROVED_BLANK = ClauseSpec("head.approved", ("94-V:25.2.1-1",))

PROCESSING_RULES = DocumentSpec("processing-rules", (
    section("general",
            ("purpose", ("94-V:25.2.1-1", "94-V:20", "94-V:22")),
            ("scope", ("94-V:11", "94-V:25.3")),
            ("terms", ("94-V:1",))),
    section("access",
            ("roles", ("94-V:22.1", "R179"), c.HAS_ACCESS_ROLES),
            ("list", ("94-V:22.1", "R179"), ~c.HAS_ACCESS_ROLES),
            ("grant", ("94-V:22.1", "R179")),
            ("log", ("94-V:22.1", "R179")),
            ("undertaking", ("94-V:11",))),
    section("collection",
            ("minimum", ("94-V:7.8", "94-V:7.9", "94-V:25.2.1")),
            ("consent", ("94-V:8.1", "94-V:25.2.5", "94-V:22.1.5")),
            ("statutory", ("94-V:9",), c.NON_CONSENT_BASIS)),
    section("storage",
            ("localisation", ("94-V:12.2",)),
            ("location", ("94-V:12.2",), c.HAS_STORAGE_LOCATION),
            ("paper", ("94-V:12.2", "R179"), c.HAS_PAPER),
            ("copies", ("94-V:16.3", "94-V:12.2"), c.HAS_COPIES_ABROAD),
            ("backups", ("94-V:22.1", "R179"), c.HAS_BACKUPS),
            ("backups_declared", ("94-V:22.1", "R179"), c.BACKUPS_DECLARED)),
    section("retention",
            ("periods", ("94-V:12.2",)),
            ("statutory", ("94-V:12.2", "DC:41.3"), c.HAS_STATUTORY_RETENTION),
            ("grounds", ("94-V:18", "94-V:25.2.4")),
            ("procedure", ("94-V:18", "94-V:1.6", "94-V:22.2")),
            ("act", ("94-V:18", "94-V:25.2.4"))),
    section("depersonalisation",
            ("research", ("94-V:17.1", "94-V:1.7"), c.DEPERSONALISES),
            ("masking", ("94-V:23",))),
    section("protection",
            ("measures", ("94-V:20", "94-V:21", "94-V:22", "R179")),
            ("breach", ("94-V:25.2.8", "94-V:1.15-2"))),
    section("requests",
            ("intake", ("94-V:10.2", "94-V:25.2.6")),
            ("deadlines", ("94-V:25.2.6", "94-V:25.2.8", "94-V:8.7", "R395:16")),
            ("automated", ("94-V:19-1.3",), c.AUTOMATED),
            ("public", ("94-V:6",), c.PUBLIC_DISTRIBUTION),
            ("refusal", ("94-V:25.2.7",))),
    section("control",
            ("responsible", ("94-V:25.2.10", "94-V:25.3"), c.HAS_RESPONSIBLE),
            ("owner", ("94-V:25.3",), ~c.HAS_RESPONSIBLE),
            ("frequency", ("94-V:25.3",), c.HAS_CONTROL_FREQUENCY),
            ("review", ("94-V:25.2.1-1", "94-V:25.3"))),
    section("destruction_act",
            ("form", ("94-V:18", "94-V:25.2.4"))),
    section("notes",
            ("forms", ("94-V:18", "R179"))),
), head=(APPROVED_BLANK,), pack=True)

BREACH_PROCEDURE = DocumentSpec("breach-procedure", (
    section("general",
            ("definition", ("94-V:1.15-2",)),
            ("scope", ("94-V:22.1", "94-V:25.2.8"))),
    section("detection",
            ("report", ("94-V:22.1", "94-V:25.3")),
            ("to_responsible", ("94-V:25.2.10", "94-V:25.3"), c.HAS_RESPONSIBLE),
            ("to_operator", ("94-V:25.2.8",), ~c.HAS_RESPONSIBLE),
            ("recipients", ("94-V:10.1", "94-V:22"), c.HAS_UNDERTAKINGS)),
    section("response",
            ("contain", ("94-V:22.1",)),
            ("assess", ("94-V:22.1", "R481"))),
    section("authority",
            ("deadline", ("94-V:25.2.8",)),
            ("contents", ("94-V:25.2.8", "R481"))),
    section("subjects",
            ("alert", ("94-V:27-1", "R481")),
            ("notice", ("94-V:25.2.8", "R481"))),
    section("record",
            ("keep", ("94-V:25.3",))),
    section("notification_form",
            ("addressee", ("94-V:25.2.8",)),
            ("sender", ("94-V:25.2.8",)),
            ("contact", ("94-V:25.2.8",)),
            ("details", ("94-V:25.2.8", "94-V:1.15-2", "R481")),
            ("signature", ("94-V:25.2.8",))),
    section("subject_notice",
            ("text", ("94-V:25.2.8", "R481")),
            ("contact", ("94-V:25.2.6", "94-V:24.1")),
            ("complaint", ("94-V:27", "94-V:27-1"))),
    section("notes",
            ("forms", ("94-V:25.2.8", "R481", "R179"))),
), head=(APPROVED_BLANK,), pack=True)

#: One per recipient with the subject's consent: the view carries that recipient as `recipient`.
RECIPIENT_UNDERTAKING = DocumentSpec("recipient-undertaking", (
    section("parties",
            ("contract", ("94-V:10.1",)),
            ("operator", ("94-V:1.10",)),
            ("recipient", ("94-V:1.17",))),
    section("subject",
            ("purposes", ("94-V:7.8", "94-V:8.4.4")),
            ("data", ("94-V:7.9", "94-V:8.4.7")),
            ("country", ("94-V:12.2", "94-V:16.3", "94-V:7.6"))),
    section("duties",
            ("law", ("94-V:10.1",)),
            ("purpose_only", ("94-V:7.8",)),
            ("confidentiality", ("94-V:11",)),
            ("protection", ("94-V:20", "94-V:22", "R179")),
            ("onward", ("94-V:7.6", "94-V:8.4.4")),
            ("requests", ("94-V:25.2.8", "94-V:8.7")),
            ("breach", ("94-V:25.2.8", "94-V:1.15-2")),
            ("destruction", ("94-V:18", "94-V:22.2"))),
    section("term",
            ("validity", ("94-V:22.2",)),
            ("precedence", ("94-V:10.1",))),
    section("signatures",
            ("parties", ("94-V:10.1",))),
), when=c.HAS_UNDERTAKINGS, pack=True,
   each=Each("recipients with the subject's consent",
             ("third_parties", "third_parties[].service", "third_parties[].role", "third_parties[].under_law"),
             recipient_items, "undertakings"))

STAFF_UNDERTAKING = DocumentSpec("staff-undertaking", (
    section("employee",
            ("identity", ("94-V:11",))),
    section("undertakings",
            ("confidentiality", ("94-V:11",)),
            ("duties_only", ("94-V:7.8", "94-V:22.1")),
            ("rules", ("94-V:25.3",)),
            ("no_copies", ("94-V:11", "94-V:22.1")),
            ("breach", ("94-V:25.2.8", "94-V:25.3")),
            ("termination", ("94-V:11",)),
            ("liability", ("94-V:29",))),
    section("signature",
            ("date", ("94-V:11",))),
), pack=True)

JOURNALS = DocumentSpec("journals", (
    section("access_log",
            ("purpose", ("94-V:22.1", "R179")),
            ("automatic", ("94-V:22.1", "R179"), c.LOGGING),
            ("table", ("94-V:22.1", "R179"))),
    section("request_register",
            ("purpose", ("94-V:25.2.6", "94-V:25.3")),
            ("deadlines", ("94-V:25.2.6", "94-V:25.2.8", "94-V:8.7", "R395:16")),
            ("table", ("94-V:25.2.6", "94-V:25.2.7"))),
    section("consent_register",
            ("purpose", ("94-V:8.1", "94-V:25.2.5", "94-V:22.1.5")),
            ("electronic", ("94-V:22.1.5",)),
            ("table", ("94-V:8.1", "94-V:8.7", "94-V:22.1.5"))),
    section("notes",
            ("forms", ("94-V:22.1", "R179"))),
), pack=True)

#: Part B of the pack.
PACK_B: tuple[DocumentSpec, ...] = (PROCESSING_RULES, BREACH_PROCEDURE, RECIPIENT_UNDERTAKING, STAFF_UNDERTAKING,
                                    JOURNALS)
PACK: tuple[DocumentSpec, ...] = PACK_A + PACK_B

DOCUMENTS: tuple[DocumentSpec, ...] = (POLICY, CONSENT, CONSENT_CROSS_BORDER, CONSENT_MARKETING, CONSENT_PUBLIC,
                                       WITHDRAWAL_FORM, REQUEST_FORM, COOKIE_NOTICE, FORM_SNIPPETS, *PACK)

#: Documents a person signs on paper: printed formats add lines for the printed name, a representative
#: (when the plan has one) and, for those sent to the operator, a receipt block.
SIGNED_ON_PAPER = frozenset({"consent", "consent-cross-border", "consent-marketing", "consent-public",
                             "withdrawal-form", "request-form"})
#: Forms the subject sends to the operator, whose answer period runs from their receipt.
SENT_TO_OPERATOR = frozenset({"withdrawal-form", "request-form"})
