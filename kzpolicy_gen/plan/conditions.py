"""Named conditions over the profile that switch documents and clauses on.

Why named objects instead of lambdas in the tree: the manifest and `--explain` must tell a lawyer
*which profile fields* switched a clause on, so each condition declares the fields it reads.
"""

from __future__ import annotations

from collections.abc import Callable
from dataclasses import dataclass

from kzpolicy_gen.models.profile import Profile
from kzpolicy_gen.plan.facts import facts, operator_category


@dataclass(frozen=True)
class Condition:
    """A yes/no question about the profile, with the fields it looks at."""

    name: str
    fields: tuple[str, ...]
    test: Callable[[Profile], bool]

    def __call__(self, profile: Profile) -> bool:
        return self.test(profile)

    def __invert__(self) -> Condition:
        return Condition(f"not {self.name}", self.fields, lambda p: not self.test(p))

    def __and__(self, other: Condition) -> Condition:
        fields = self.fields + tuple(f for f in other.fields if f not in self.fields)
        return Condition(f"{self.name} and {other.name}", fields, lambda p: self.test(p) and other.test(p))


ALWAYS = Condition("always", (), lambda p: True)
HAS_RESPONSIBLE = Condition("responsible person named", ("responsible_person",),
                            lambda p: p.responsible_person is not None)
HAS_THIRD_PARTIES = Condition("third parties declared", ("third_parties",), lambda p: bool(p.third_parties))
HAS_CONSENT_RECIPIENTS = Condition("recipients with the subject's consent declared",
                                   ("third_parties", "third_parties[].under_law"),
                                   lambda p: bool(facts(p).consent_recipients))
HAS_LAW_RECIPIENTS = Condition("recipients under a law declared", ("third_parties[].under_law",),
                               lambda p: bool(facts(p).law_recipients))
AGREEMENTS_RECORDED = Condition("recipients' agreements recorded", ("third_parties[].agreement",),
                                lambda p: facts(p).agreements_recorded)
ALL_NEED_TRANSFER = Condition("no purpose can be served without the transfer abroad",
                              ("storage.copies_abroad", "third_parties[].country", "third_parties[].purposes"),
                              lambda p: facts(p).all_need_transfer)
CONSENT_TERM_OK = Condition("rule KZ-CONSENT-TERM holds", ("consent.term", "purposes[].retention"),
                            lambda p: facts(p).consent_term_within_purposes)
OUTLIVES_CONSENT = Condition("data of a consent purpose are kept past the consent term",
                             ("consent.term", "purposes[].retention"),
                             lambda p: any(x.outlives_consent for x in facts(p).purposes))
HAS_HEALTH_DATA = Condition("health data processed", ("data_categories",),
                            lambda p: "health_data" in p.data_ids)
FIRST_NAME_ONLY = Condition("published under the first name only", ("public_distribution.first_name_only",),
                            lambda p: p.public_distribution is not None and p.public_distribution.first_name_only)
HAS_SCOPE = Condition("policy scoped to a group or service", ("document.scope",),
                      lambda p: p.document.scope is not None)
KK_AND_RU = Condition("built in Kazakh and Russian", ("document.languages",),
                      lambda p: "kk" in p.document.languages and "ru" in p.document.languages)
HAS_FORMS = Condition("website forms declared", ("website_forms",), lambda p: bool(p.website_forms))


def consents(doc: str, item: str) -> Condition:
    """An Art. 8 p.4 yes/no item (`third_parties`, `cross_border`, `public`) of one consent document."""
    fields = {"third_parties": ("third_parties", "third_parties[].purposes", "third_parties[].under_law"),
              "cross_border": ("third_parties[].country", "third_parties[].purposes", "storage.copies_abroad"),
              "public": ("public_distribution.purposes",)}[item]

    def test(p: Profile) -> bool:
        consent = facts(p).consents.get(doc)
        return consent is not None and bool(getattr(consent, item))
    return Condition(f"{doc}: {item.replace('_', ' ')}", fields, test)


def form(key: str) -> Condition:
    """The website has the form `key` (website_forms)."""
    return Condition(f"website has the {key} form", ("website_forms",), lambda p: key in p.website_forms)
CROSS_BORDER = Condition("data go abroad", ("third_parties[].country", "third_parties[].service",
                                            "storage.copies_abroad"), lambda p: p.cross_border)
NON_CONSENT_BASIS = Condition("a purpose rests on a law, not consent", ("purposes[].basis",),
                              lambda p: any(x.basis != "consent" for x in p.purposes))
HAS_COOKIES = Condition("cookies declared", ("cookies",), lambda p: p.cookies is not None)
HAS_ANALYTICS = Condition("analytics or advertising services used", ("third_parties[].service",),
                          lambda p: any(tp.role_id in ("analytics", "advertising") for tp in p.third_parties))
HAS_OPTIONAL_COOKIES = Condition("cookies that need consent declared", ("cookies.categories",),
                                 lambda p: p.cookies is not None
                                 and any(k != "necessary" for k in p.cookies.categories))
HAS_MARKETING = Condition("marketing declared", ("marketing",), lambda p: p.marketing is not None)
MINORS_SERVED = Condition("minors served", ("minors.served",), lambda p: p.minors.served)
PUBLIC_DISTRIBUTION = Condition("public distribution declared", ("public_distribution",),
                                lambda p: p.public_distribution is not None)
AUTOMATED = Condition("automated decisions used", ("automated_decisions.used",),
                      lambda p: p.automated_decisions.used)
BIOMETRICS = Condition("face images or biometrics used", ("biometrics.used",), lambda p: p.biometrics.used)
ID_DOCUMENTS = Condition("identity documents collected", ("id_documents.collects",),
                         lambda p: p.id_documents.collects != "none")
HAS_STORAGE_LOCATION = Condition("storage location described", ("storage.location",),
                                 lambda p: p.storage.location is not None)
HAS_DELETION_REFUSALS = Condition("cases of refusing deletion listed", ("deletion_refusals",),
                                  lambda p: bool(p.deletion_refusals))
HAS_HISTORY = Condition("version history given", ("document.history",), lambda p: bool(p.document.history))
HAS_RELATED = Condition("related documents listed", ("document.related",), lambda p: bool(p.document.related))
HAS_MARKERS = Condition("e-mail subject markers given", ("requests.subject_markers",),
                        lambda p: p.requests.subject_markers is not None)
HAS_PREMISES = Condition("premises where data are collected in person listed", ("premises",),
                         lambda p: bool(p.premises))
HAS_DESCRIPTION = Condition("website described", ("website_description",),
                            lambda p: p.website_description is not None)
HAS_LICENCES = Condition("licences stated", ("operator.licences",), lambda p: bool(p.operator.licences))
HAS_PARENT = Condition("parent organisation stated", ("operator.parent",), lambda p: p.operator.parent is not None)
HAS_OPERATOR_CONTACTS = Condition("operator e-mail or phone stated", ("operator.email", "operator.phone"),
                                  lambda p: p.operator.email is not None or p.operator.phone is not None)
HAS_MORE_CONTACTS = Condition("contacts by purpose stated", ("operator.contacts",),
                              lambda p: bool(p.operator.contacts))
HAS_NOT_PROCESSED = Condition("data stated as not processed", ("not_processed",), lambda p: bool(p.not_processed))
HAS_APPROVAL = Condition("approval act stated", ("approval",), lambda p: p.approval is not None)
IS_ANNEX = Condition("policy is an annex to another document", ("document.annex_to",),
                     lambda p: p.document.annex_to is not None)

HAS_APPS = Condition("services beyond the website listed", ("apps",), lambda p: bool(p.apps))
HAS_PREVAILING = Condition("a prevailing language version stated", ("document.prevailing_language",),
                           lambda p: p.document.prevailing_language is not None)
HAS_REPORT_DUTY = Condition("subjects must report changes of their data", ("subject_duties.report_changes_days",),
                            lambda p: p.subject_duties is not None
                            and p.subject_duties.report_changes_days is not None)
UNKNOWN_COUNTRY = Condition("a recipient's country is not stated", ("third_parties[].country",),
                            lambda p: any(not tp.country_stated for tp in p.third_parties))

# The compliance pack (issue 20)
IS_LEGAL_ENTITY = Condition("the operator is a legal entity", ("operator.legal_form",),
                            lambda p: p.operator.is_legal_entity)
HAS_PUBLIC_URL = Condition("the policy's public address given", ("document.public_url",),
                           lambda p: p.document.public_url is not None)
NOTIFIES_AUTHORITY = Condition("Art. 25-1 category large: the Art. 10-1 notification is required",
                               ("scale.unique_subjects", "restricted_access_data"),
                               lambda p: operator_category(p) == "large")
# The compliance pack, part B (internal rules, breach procedure, undertakings, journals)
HAS_ACCESS_ROLES = Condition("positions with access listed", ("access_roles",), lambda p: bool(p.access_roles))
HAS_PAPER = Condition("place of paper records stated", ("storage.paper",), lambda p: p.storage.paper is not None)
HAS_BACKUPS = Condition("backups described", ("storage.backups",), lambda p: p.storage.backups is not None)
BACKUPS_DECLARED = Condition("backups declared as a measure, not described", ("security_measures", "storage.backups"),
                             lambda p: p.storage.backups is None and "backups" in p.security_measures)
HAS_COPIES_ABROAD = Condition("database copies kept abroad", ("storage.copies_abroad",),
                              lambda p: bool(p.storage.copies_abroad))
HAS_CONTROL_FREQUENCY = Condition("frequency of internal control stated", ("internal_control.frequency",),
                                  lambda p: p.internal_control is not None)
LOGGING = Condition("database events logged", ("security_measures",), lambda p: "logging" in p.security_measures)
DEPERSONALISES = Condition("a purpose depersonalises data", ("purposes[].actions",),
                           lambda p: any("depersonalisation" in x.actions for x in p.purposes))
HAS_STATUTORY_RETENTION = Condition("a period is set by another act", ("purposes[].basis", "purposes[].retention"),
                                    lambda p: any(x.basis != "consent" or x.retention.statutory is not None
                                                  for x in p.purposes))
HAS_UNDERTAKINGS = Condition("recipients with the subject's consent declared", ("third_parties",
                                                                                "third_parties[].under_law"),
                             lambda p: bool(facts(p).consent_recipients))
