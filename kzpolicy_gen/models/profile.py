"""The profile: one business described once, validated strictly.

Why strict and frozen: a typo must fail (unknown keys are errors), `no` must not become False,
and nothing downstream may change what the user wrote. Cross-field facts that the law ties
together (a legal entity needs a responsible person; a basis outside consent needs its law) are
checked here; softer judgements live in the compliance rules.
"""

from __future__ import annotations

import difflib
import re
from typing import Annotated, Any, Literal, get_args

from pydantic import (
    AfterValidator,
    BaseModel,
    ConfigDict,
    Discriminator,
    Field,
    Tag,
    WithJsonSchema,
    field_validator,
    model_validator,
)
from pydantic_core import PydanticCustomError

from kzpolicy_gen import catalogue as cat
from kzpolicy_gen.models.fields import (
    MAX_ITEMS,
    Bin,
    Country,
    Email,
    Iin,
    IsoDate,
    Key,
    Line,
    NonNegativeInt,
    Paragraph,
    Phone,
    PositiveInt,
    Slug,
    Url,
)

Language = Literal["ru", "kk", "en"]  # the codes of languages.LANGUAGES (tests/test_languages.py checks)
_ALL_LANGUAGES: tuple[Language, ...] = get_args(Language)
FORBIDDEN_BASES = {
    "contract": "Kazakhstan law has no 'performance of a contract' basis",
    "performance_of_contract": "Kazakhstan law has no 'performance of a contract' basis",
    "legitimate_interest": "Kazakhstan law has no 'legitimate interest' basis",
    "legitimate_interests": "Kazakhstan law has no 'legitimate interest' basis",
}


class Model(BaseModel):
    """Base: unknown keys are errors, values are exact, inputs never echoed in errors."""

    model_config = ConfigDict(extra="forbid", strict=True, frozen=True, hide_input_in_errors=True)


class Text(Model):
    """A one-line text given per language."""

    ru: Line | None = None
    kk: Line | None = None
    en: Line | None = None

    def get(self, lang: str) -> str:
        value: str | None = getattr(self, lang)
        if value is None:
            raise KeyError(lang)
        return value

    @model_validator(mode="after")
    def _not_empty(self) -> Text:
        if self.ru is None and self.kk is None and self.en is None:
            raise PydanticCustomError("missing-language", "give the text in at least one language (ru, kk, en)",
                                      {"hint": "e.g. {ru: ..., kk: ..., en: ...}"})
        return self


class LongText(Text):
    """A text of one or more paragraphs given per language."""

    ru: Paragraph | None = None
    kk: Paragraph | None = None
    en: Paragraph | None = None


#: Catalogue sections whose lists also take a custom `{id, name}` entry; the others accept keys only, so their
#: hint must not promise one.
CUSTOM_SECTIONS = {"subjects", "data_categories", "purposes", "third_party_roles", "security_measures"}


def _catalogue_key(section: str) -> Any:
    def check(value: str) -> str:
        if value not in cat.catalogue()[section]:
            custom = (" Or give a custom entry: {id: ..., name: {ru: ..., kk: ..., en: ...}}"
                      if section in CUSTOM_SECTIONS else "")
            hint = cat.suggest(section, value)
            if custom and not hint.endswith("?"):
                hint += "."  # two sentences, each translated (messages.translate)
            raise PydanticCustomError("unknown-key", "unknown {section} key '{value}'",
                                      {"section": section.replace("_", " "), "value": value[:40],
                                       "hint": hint + custom})
        return value
    return check


class CustomEntry(Model):
    """An entry the catalogue lacks, worded by the business itself."""

    id: Key
    name: Text


def in_catalogue(section: str) -> AfterValidator:
    """The check of a `CatalogueKey`: an unknown key is reported at its own position, with 'did you mean'."""
    return AfterValidator(_catalogue_key(section))


# Catalogue keys, one field type per catalogue section.
BasisKey = Annotated[Key, in_catalogue("bases")]
ActionKey = Annotated[Key, in_catalogue("processing_actions")]
ServiceKey = Annotated[Key, in_catalogue("services")]
ConsentChannelKey = Annotated[Key, in_catalogue("consent_channels")]
CookieCategoryKey = Annotated[Key, in_catalogue("cookie_categories")]
MarketingChannelKey = Annotated[Key, in_catalogue("marketing_channels")]
RequestChannelKey = Annotated[Key, in_catalogue("request_channels")]
SecurityMeasureKey = Annotated[Key, in_catalogue("security_measures")]
CookieFunctionKey = Annotated[Key, in_catalogue("cookie_functions")]
WebsiteFormKey = Annotated[Key, in_catalogue("website_forms")]
SourceKindKey = Annotated[Key, in_catalogue("source_kinds")]


def _entry_kind(value: Any) -> str:
    return "custom" if isinstance(value, dict) else "key"


def _entry(section: str) -> Any:
    return Annotated[
        Annotated[str, in_catalogue(section), Tag("key")] | Annotated[CustomEntry, Tag("custom")],
        Discriminator(_entry_kind),
    ]


SubjectEntry = _entry("subjects")
DataEntry = _entry("data_categories")
PurposeEntry = _entry("purposes")
RoleEntry = _entry("third_party_roles")
MeasureEntry = _entry("security_measures")
NotProcessed = Literal["biometric_data", "sensitive_data"]
#: Data categories that contradict a `not_processed` statement.
NOT_PROCESSED_CONFLICTS = {"biometric_data": ("face_image",), "sensitive_data": ("health_data",)}

LegalForm = Literal["llp", "jsc", "branch", "representative_office", "foreign_branch", "foreign_representative_office",
                    "aifc_private_company", "public_foundation", "other_entity", "individual_entrepreneur"]


def entry_id(value: str | CustomEntry) -> str:
    """The key of a catalogue reference or the id of a custom entry."""
    return value if isinstance(value, str) else value.id


class Licence(Model):
    """A licence the operator works under (medical, banking, microfinance, …), as printed on it."""

    type: Text
    number: Line
    date: IsoDate
    issuer: Text | None = None


ContactPurpose = Literal["call_centre", "personal_data", "compliance", "aml", "branch", "complaints"]


class Contact(Model):
    """A contact for one purpose (a call centre, a personal-data or AML mailbox, a branch's phone).

    Why per purpose: real operators publish several contacts and say which one takes what; one
    `operator.email` cannot tell a subject where a request on personal data goes.
    """

    purpose: ContactPurpose
    name: Text | None = None
    phone: Phone | None = None
    email: Email | None = None

    @model_validator(mode="after")
    def _reachable(self) -> Contact:
        if self.phone is None and self.email is None:
            raise PydanticCustomError("missing-field", "a contact needs a phone or an e-mail",
                                      {"hint": "e.g. {purpose: call_centre, phone: \"+7 727 000 00 00\"}"})
        if self.purpose == "branch" and self.name is None:
            raise PydanticCustomError("missing-field", "a branch contact needs the branch's name",
                                      {"hint": "add name: {ru: филиал в г. …, kk: … қаласындағы филиал, "
                                               "en: the … branch}"})
        return self


class Operator(Model):
    """The owner and/or operator of the database (Art. 1 p.9-10).

    `email` and `phone` are optional: Art. 8 p.4 needs the name, the BIN/IIN and the address; a business
    that takes requests in person or by post need not invent a mailbox (a check makes sure a request
    channel reaches it).
    """

    name: Text
    brand: Line | None = None
    legal_form: LegalForm
    bin: Bin | None = None
    iin: Iin | None = None
    role: Literal["owner_and_operator", "operator", "owner"] = "owner_and_operator"
    registered_address: Text
    actual_address: Text | None = None
    email: Email | None = None
    phone: Phone | None = None
    websites: list[Url] = Field(default_factory=list, max_length=20)
    #: Licences the business holds; listed in the policy's operator section.
    licences: list[Licence] = Field(default_factory=list, max_length=20)
    #: The parent organisation or group the operator belongs to, as it is named.
    parent: Text | None = None
    #: Contacts by purpose, besides `email` and `phone`.
    contacts: list[Contact] = Field(default_factory=list, max_length=50)

    @property
    def is_legal_entity(self) -> bool:
        return bool(cat.entry("legal_forms", self.legal_form)["entity"])

    @property
    def identifier(self) -> str:
        return self.bin or self.iin or ""

    @model_validator(mode="after")
    def _identifier(self) -> Operator:
        if self.is_legal_entity and not self.bin:
            raise PydanticCustomError("missing-bin", "a legal entity must state its BIN (Art. 8 p.4 sub.1)",
                                      {"hint": "add bin: \"123456789012\" under operator"})
        if not self.is_legal_entity and not (self.iin or self.bin):
            raise PydanticCustomError("missing-iin", "an individual entrepreneur must state an IIN or BIN",
                                      {"hint": "add iin: \"900315400007\" (your own 12-digit IIN) under operator"})
        return self


class ResponsiblePerson(Model):
    """The person responsible for organising processing (Art. 25 p.2 sub.10)."""

    name: Text | None = None
    position: Text | None = None
    #: For agreement in Russian ("назначена"); without it the name's endings tell, else the sentence is built
    #: around the position noun.
    gender: Literal["female", "male"] | None = None
    email: Email
    phone: Phone | None = None

    @model_validator(mode="after")
    def _name_or_position(self) -> ResponsiblePerson:
        if self.name is None and self.position is None:
            raise PydanticCustomError("missing-field", "give the person's name or position",
                                      {"hint": "add name: {ru: ..., kk: ..., en: ...}"})
        return self


class Statutory(Model):
    """A period another act sets (the storage period of a medical record, of accounting documents).

    Why: a business that keeps data "for the period the law sets" must not be made to invent a number;
    `act` names the act (per language, as it reads after "set by"), `years` the period when the act states one.
    """

    act: Text
    years: PositiveInt | None = None


class Period(Model):
    """A period: exactly one of years, months, days, a statutory period, or until the purposes are achieved."""

    years: PositiveInt | None = None
    months: PositiveInt | None = None
    days: PositiveInt | None = None
    statutory: Statutory | None = None
    until_purpose_achieved: bool = False
    note: Text | None = None

    @model_validator(mode="after")
    def _exactly_one(self) -> Period:
        given = [self.years, self.months, self.days, self.statutory].count(None)
        count = 4 - given + (1 if self.until_purpose_achieved else 0)
        if count != 1:
            raise PydanticCustomError("period", "give exactly one of years, months, days, statutory or "
                                      "until_purpose_achieved: true",
                                      {"hint": "e.g. {years: 3}, or {statutory: {act: {ru: …, kk: …, en: …}, "
                                               "years: 5}} for a period another act sets"})
        return self


class Purpose(Model):
    """One purpose of processing with its data, basis, actions and retention."""

    purpose: PurposeEntry  # type: ignore[valid-type]
    data: list[Key] = Field(min_length=1, max_length=MAX_ITEMS)
    basis: BasisKey = "consent"
    law: Text | None = None
    actions: list[ActionKey] = Field(default_factory=lambda: ["collection", "accumulation", "storage", "use",
                                                        "destruction"], max_length=20)
    retention: Period
    optional: bool = False
    #: Ids of governing_acts this purpose rests on (cited in its row even when the basis is consent).
    acts: list[Key] = Field(default_factory=list, max_length=10)

    @property
    def id(self) -> str:
        return str(entry_id(self.purpose))

    @field_validator("basis", mode="before")
    @classmethod
    def _basis(cls, value: Any) -> Any:
        """Before the catalogue check: a basis of another country's law gets its own message."""
        if isinstance(value, str) and value in FORBIDDEN_BASES:
            raise PydanticCustomError("basis-not-in-kz-law", "{why}",
                                      {"why": FORBIDDEN_BASES[value],
                                       "hint": "use basis: consent, or basis: law with the law that requires it"})
        return value

    @model_validator(mode="after")
    def _law_given(self) -> Purpose:
        if self.basis != "consent" and self.law is None:
            raise PydanticCustomError("missing-law", "a purpose without consent must name the law that allows it",
                                      {"hint": "add law: {ru: ..., kk: ..., en: ...}"})
        return self


class ThirdParty(Model):
    """A recipient: a well-known service or a category of contractors.

    `under_law` names the law under which the recipient receives the data (state bodies, a credit
    bureau): such a recipient is not presented as one the subject consents to. `agreement: true`
    records that a contract binds the recipient to the Law's duties (Art. 10 p.1); only then does
    the policy say so.
    """

    service: ServiceKey | None = None
    role: RoleEntry | None = None  # type: ignore[valid-type]
    name: Text | None = None
    country: Country | None = None
    purposes: list[Key] = Field(default_factory=list, max_length=MAX_ITEMS)
    under_law: Text | None = None
    agreement: bool = False
    #: The data this recipient receives (keys of data_categories); the undertaking lists these, else the data of
    #: the purposes it serves as an upper bound.
    data: list[Key] = Field(default_factory=list, max_length=MAX_ITEMS)

    @model_validator(mode="after")
    def _identified(self) -> ThirdParty:
        if self.service is None and self.role is None:
            raise PydanticCustomError("missing-field", "a third party needs a service or a role",
                                      {"hint": "e.g. service: kaspi_pay, or role: courier"})
        return self

    @property
    def role_id(self) -> str:
        if self.role is not None:
            return entry_id(self.role)
        return str(cat.entry("services", str(self.service))["role"])

    @property
    def resolved_country(self) -> str:
        """The country of processing; a role given without one counts as Kazakhstan for derived facts only
        (the wording says the country is not stated, and `check` warns: KZ-RECIPIENT-COUNTRY)."""
        if self.country:
            return self.country
        if self.service:
            return str(cat.entry("services", self.service)["country"])
        return "KZ"

    @property
    def country_stated(self) -> bool:
        """Whether the country is known: given, a catalogue service's, or implied by the role (state bodies)."""
        return bool(self.country or self.service
                    or cat.catalogue()["third_party_roles"].get(self.role_id, {}).get("country"))

    @property
    def overrides_country(self) -> bool:
        """A catalogue service moved to another country: its catalogue provider may not be the one there."""
        return bool(self.service and self.country
                    and self.country != cat.entry("services", self.service)["country"])


class Copy(Model):
    """A copy of the database kept abroad (allowed only with cross-border consent)."""

    country: Country
    provider: Line | None = None


Frequency = Literal["daily", "weekly", "monthly", "quarterly", "half_yearly", "yearly"]


class Backups(Model):
    """Backup copies of the databases: where they are kept and how often they are made (internal rules).

    Why its own block: the security measure `backups` says only that backups exist; the rules must say where
    and how often, and those are facts only the business knows.
    """

    location: Text
    frequency: Frequency


class Storage(Model):
    """Where the primary database lives (Art. 12 p.2: in Kazakhstan)."""

    primary_country: Country = "KZ"
    location: Text | None = None
    copies_abroad: list[Copy] = Field(default_factory=list, max_length=20)
    #: Where paper documents with personal data are kept (a locked cabinet in the registry), as the business says.
    paper: Text | None = None
    backups: Backups | None = None


class AccessRole(Model):
    """A position or group of employees with access to personal data, and to which data (internal rules)."""

    role: Text
    data: list[Key] = Field(min_length=1, max_length=MAX_ITEMS)


class InternalControl(Model):
    """How often the responsible person (or the entrepreneur) checks compliance (Art. 25 p.3)."""

    frequency: Frequency


class Consent(Model):
    """How consent is obtained and how long it lasts (Art. 8)."""

    term: Period
    channels: list[ConsentChannelKey] = Field(default_factory=lambda: ["web_form_checkbox"], min_length=1,
                                              max_length=10)
    cross_border_separate: bool = True


class Cookies(Model):
    """Cookie categories used on the website, and what the strictly necessary ones do.

    Why `functions`: "the cart, signing in" is false for a site without a cart or an account, so the
    description of necessary cookies is built only from what the profile says they do.
    """

    categories: list[CookieCategoryKey] = Field(min_length=1, max_length=10)
    functions: list[CookieFunctionKey] = Field(default_factory=list, max_length=10)
    banner: bool = True

    @model_validator(mode="after")
    def _functions_given(self) -> Cookies:
        if "necessary" in self.categories and not self.functions:
            raise PydanticCustomError("missing-field", "say what the strictly necessary cookies do",
                                      {"hint": "add functions: [session, security] (keys: "
                                       + ", ".join(cat.catalogue()["cookie_functions"]) + ")"})
        return self


class Marketing(Model):
    """Advertising messages: always a separate, optional consent."""

    channels: list[MarketingChannelKey] = Field(min_length=1, max_length=10)
    separate_consent: bool = True
    unsubscribe_link: bool = False  # every message carries an unsubscribe link (only then is it promised)


class Minors(Model):
    """Whether minors are served; consent then comes from legal representatives.

    `served` has no default: "not intended for minors" is false for a bank or a marketplace, so the
    profile must answer.
    """

    served: bool
    own_consent_age: PositiveInt = 14
    representative_consent: bool = True


class PublicDistribution(Model):
    """What is published in publicly available sources (Art. 7 p.3), which data and for which purposes.

    Why data and purposes: the separate consent must list its own data (Art. 8 p.4 sub.7), and the
    purposes it serves get "distribution" among their actions in every document.
    """

    what: Text
    data: list[Key] = Field(min_length=1, max_length=MAX_ITEMS)
    purposes: list[Key] = Field(min_length=1, max_length=MAX_ITEMS)
    term: Period | None = None
    first_name_only: bool = False
    consent: bool = True


class SubjectMarkers(Model):
    """Words to put in an e-mail subject so a request is routed correctly: one code for every language
    ("PD-UPDATE") or words per language, so that no document quotes another language's words."""

    update: Line | Text | None = None
    withdraw: Line | Text | None = None
    access: Line | Text | None = None
    delete: Line | Text | None = None


class StatedDeadlines(Model):
    """Deadlines (working days) the business already promises elsewhere, e.g. in its offer; checked by `check`."""

    access_information: PositiveInt | None = None
    rectify: PositiveInt | None = None
    block: PositiveInt | None = None
    destroy_unlawful: PositiveInt | None = None
    withdrawal: PositiveInt | None = None
    automated_objection: PositiveInt | None = None
    third_party_notice: PositiveInt | None = None


class Requests(Model):
    """How data subjects send requests and withdraw consent: exactly these channels are printed."""

    channels: list[RequestChannelKey] = Field(min_length=1, max_length=10)
    email: Email | None = None
    web_form_url: Url | None = None
    subject_markers: SubjectMarkers | None = None
    stated_deadlines: StatedDeadlines | None = None


class AutomatedDecisions(Model):
    """Decisions made without human participation (Art. 19-1)."""

    used: bool = False
    description: Text | None = None
    objection_procedure: bool = True


class IdDocuments(Model):
    """Identity documents collected (Art. 7 p.10 bans paper copies save for stated grounds)."""

    collects: Literal["none", "digital", "paper"] = "none"
    ground: Text | None = None


class Biometrics(Model):
    """Face images used for identification, or face recognition in public places (Art. 7 p.12)."""

    used: bool = False
    description: Text | None = None
    specific_consent: bool = True


class Scale(Model):
    """Size of processing, for the Art. 25-1 category."""

    unique_subjects: NonNegativeInt = 0


class HistoryEntry(Model):
    """An earlier version. `changes` may be left out: a build fills the entries of the versions it archived
    (OUT/versions/) with their version and date only, since what changed is the operator's to say."""

    version: Line
    date: IsoDate
    changes: Text | None = None


class RelatedDocument(Model):
    title: Text
    url: Url


class Source(Model):
    """Where personal data come from (Art. 24 p.1 sub.1): a kind, and optionally the business's own words."""

    kind: SourceKindKey
    description: Text | None = None

    @model_validator(mode="after")
    def _other_described(self) -> Source:
        if self.kind == "other" and self.description is None:
            raise PydanticCustomError("missing-field", "a source of kind 'other' needs a description",
                                      {"hint": "add description: {ru: ..., kk: ..., en: ...}"})
        return self


PremisesKind = Literal["point_of_sale", "branch", "office", "front_desk", "clinic", "restaurant", "other"]


class Premises(Model):
    """A place where data are collected in person: its kind decides the word ("branch", "front desk")."""

    kind: PremisesKind
    name: Text


# The documents' ids (plan/structure.py, which the model may not import; a test keeps the two equal).
DocumentId = Literal["policy", "consent", "consent-cross-border", "consent-marketing", "consent-public",
                     "withdrawal-form", "request-form", "cookie-notice", "form-snippets",
                     # the compliance pack (internal acts)
                     "approval-order", "responsible-order", "data-list", "authority-notification",
                     # part B
                     "processing-rules", "breach-procedure", "recipient-undertaking", "staff-undertaking", "journals"]
_CUSTOM_DOC = re.compile(r"consent-[a-z][a-z0-9-]{0,47}")


def _document_ref(value: str) -> str:
    """A built-in document id, or `consent-<id>` of a custom consent (checked against the profile later)."""
    if value in get_args(DocumentId) or _CUSTOM_DOC.fullmatch(value):
        return value
    close = difflib.get_close_matches(value, get_args(DocumentId), n=1)
    raise PydanticCustomError("invalid-choice", "not a document: one of {known}, or consent-<id> of a custom consent",
                              {"known": ", ".join(get_args(DocumentId)),
                               "hint": f"did you mean '{close[0]}'?" if close else "see docs/cli.md, Documents"})


#: A document of this profile: a built-in id or `consent-<id>` (custom_consents).
DocumentRef = Annotated[str, AfterValidator(_document_ref), WithJsonSchema(
    {"anyOf": [{"enum": list(get_args(DocumentId))}, {"type": "string", "pattern": "^consent-[a-z][a-z0-9-]{0,47}$"}]})]


class Approval(Model):
    """The act that approved the policy (Art. 25 p.2 sub.1-1: the operator approves its policy).

    Why its own block: Kazakhstan policies open with "УТВЕРЖДЕНА приказом … от … № …"; a name alone
    (the old `document.approved_by`) could not say by which act or when. `by` is the approver as a noun
    phrase in the nominative ("директор ТОО «Alma Market»", "ЖШС директоры", "the Director"); the wording
    puts it in the case its slot needs.
    """

    by: Text
    order_no: Line
    date: IsoDate
    place: Text | None = None


class AuthorityNotification(Model):
    """The Art. 10-1 notification of the start of processing, which a large operator (Art. 25-1) sends to the
    authorised body before it starts: `processing_start` goes into the draft (its p.3 "start date"), `date`
    records when the notification was sent (rule KZ-NOTIFICATION-DATE looks for it)."""

    processing_start: IsoDate | None = None
    date: IsoDate | None = None


class Document(Model):
    """Metadata of the published documents."""

    version: Line = "1.0"
    effective_date: IsoDate
    languages: list[Language] = Field(default_factory=lambda: list(_ALL_LANGUAGES), min_length=1,
                                     max_length=len(_ALL_LANGUAGES))
    public_url: Url | None = None
    approved_by: Text | None = None
    history: list[HistoryEntry] = Field(default_factory=list, max_length=50)
    related: list[RelatedDocument] = Field(default_factory=list, max_length=20)
    annex_to: Text | None = None
    scope: Text | None = None
    #: The policy's own title when it covers one group or service («Политика … персональных данных абонентов»).
    title: Text | None = None
    #: Only these documents are built (the `--documents` option wins); none listed: every applicable one.
    build: list[DocumentRef] = Field(default_factory=list, max_length=40)
    #: Also build the compliance pack (internal acts, `DIR/pack/<lang>/`), as `build --pack` does.
    pack: bool = False
    #: Documents built in fewer languages than `languages` ({policy: [kk, ru], consent-credit-bureau: [en]});
    #: a document not listed is built in every language of `languages`.
    document_languages: dict[DocumentRef, list[Language]] = Field(default_factory=dict, max_length=30)
    law_pack: Line | None = None
    #: The language version that prevails where the versions differ (one of `languages`).
    prevailing_language: Language | None = None

    def languages_for(self, doc: str) -> list[Language]:
        """The languages `doc` is built in: its entry of `document_languages`, else `languages`."""
        narrowed = self.document_languages.get(doc)
        return list(self.languages) if narrowed is None else [x for x in self.languages if x in narrowed]

    @field_validator("approved_by", mode="before")
    @classmethod
    def _approved_by(cls, value: Any) -> Any:
        """The old field printed nothing; a precise migration error beats silently dropping the name."""
        if value is not None:
            raise PydanticCustomError(
                "moved-field", "document.approved_by is replaced by the top-level block approval",
                {"hint": "write approval: {by: {ru: директор ТОО «…», kk: ЖШС директоры, en: the Director}, "
                         "order_no: \"15-П\", date: 2026-12-01} at the top level and remove approved_by"})
        return value




class Presentation(Model):
    """How the HTML and PDF look and link; changes no word of the documents."""

    font: Literal["sans", "serif"] = "sans"
    theme: Literal["light", "auto", "dark"] = "light"
    fragment_heading_level: Annotated[PositiveInt, Field(le=2)] = 1
    base_url: Url | None = None
    document_urls: dict[DocumentRef, Url | dict[Language, Url]] = Field(default_factory=dict, max_length=30)


#: Blanks a paper consent form carries besides the name and the signature.
ConsentBlank = Literal["id_document", "iin", "address", "phone", "representative"]
#: Ids a custom consent may not take: the document `consent-<id>` would be a built-in one.
RESERVED_CONSENT_IDS = ("cross_border", "marketing", "public", "custom")  # consent-custom: the wording file


class CustomConsent(Model):
    """A consent document the business needs besides the built-in ones: to requests to and reports from a
    credit bureau, a separate consent for biometric data, to a partner's processing.

    Why from purposes: its data, actions, recipients, countries and publication follow from the purposes it
    covers (plan/facts.py), exactly as for the built-in consent, so the two can never disagree; `data`
    narrows the data when the consent covers only some of them. Built as `consent-<id>` in every format.
    """

    id: Key
    #: The document's title per language («Согласие на предоставление сведений в кредитное бюро …»).
    title: Text
    purposes: list[Key] = Field(min_length=1, max_length=MAX_ITEMS)
    data: list[Key] = Field(default_factory=list, max_length=MAX_ITEMS)
    #: The term of this consent; default `consent.term`.
    term: Period | None = None
    #: A consent to biometric data (the face image, a facial biometric vector): the separate consent the
    #: policy promises when `biometrics.used` (Art. 7 p.12).
    biometric: bool = False
    #: Blanks the paper form has besides the name and the signature.
    blanks: list[ConsentBlank] = Field(default_factory=list, max_length=5)
    #: What follows when the subject refuses, per language ("check-in is impossible without …").
    refusal: Text | None = None
    #: Statements the subject ticks, per language (one tick line each).
    confirmations: list[Text] = Field(default_factory=list, max_length=10)

    @field_validator("id")
    @classmethod
    def _not_reserved(cls, value: str) -> str:
        if value in RESERVED_CONSENT_IDS:
            raise PydanticCustomError("reserved-id", "the id '{value}' would make a built-in document "
                                      "(consent-{value})", {"value": value,
                                                            "hint": "choose another id, e.g. credit_bureau"})
        return value

    @property
    def doc(self) -> str:
        """The document's id and file name: `consent-<id>` (underscores become hyphens)."""
        return "consent-" + self.id.replace("_", "-")


# --- Issue 15 (part A): services beyond the website, governing acts, subjects' duties -------------------------

AppKind = Literal["mobile_app", "web_app", "personal_account", "pos", "storefront", "other"]
AppPlatform = Literal["ios", "android", "huawei", "web", "windows", "macos"]
GoverningActKey = Annotated[Key, in_catalogue("governing_acts")]
ActEntry = _entry("governing_acts")


class StoreIds(Model):
    """The app's ids in the stores, as the store shows them (App Store "id…", Google Play package name)."""

    app_store: Line | None = None
    google_play: Line | None = None
    app_gallery: Line | None = None


class App(Model):
    """A service of the operator beyond the website: a mobile or web app, a personal cabinet on another domain,
    a POS or storefront service. Named in the policy's scope; `sdks` are catalogue services built into it
    (they must also be declared in third_parties, so that their countries count)."""

    kind: AppKind
    name: Line
    url: Url | None = None
    store_ids: StoreIds | None = None
    platforms: list[AppPlatform] = Field(default_factory=list, max_length=6)
    sdks: list[ServiceKey] = Field(default_factory=list, max_length=20)


class SubjectDuties(Model):
    """Duties the operator's terms put on subjects; printed only when given."""

    #: The subject reports a change of their data within this many working days.
    report_changes_days: PositiveInt | None = None


class Profile(Model):
    """The whole description of one business."""

    schema_version: Literal["1"] = "1"
    output_name: Slug | None = None
    document: Document
    operator: Operator
    responsible_person: ResponsiblePerson | None = None
    approval: Approval | None = None
    website_description: LongText | None = None
    premises: list[Premises] = Field(default_factory=list, max_length=50)
    website_forms: list[WebsiteFormKey] = Field(default_factory=list, max_length=10)
    subjects: list[SubjectEntry] = Field(min_length=1, max_length=MAX_ITEMS)  # type: ignore[valid-type]
    data_categories: list[DataEntry] = Field(min_length=1, max_length=MAX_ITEMS)  # type: ignore[valid-type]
    sources: list[Source] = Field(min_length=1, max_length=20)
    purposes: list[Purpose] = Field(min_length=1, max_length=MAX_ITEMS)
    third_parties: list[ThirdParty] = Field(default_factory=list, max_length=100)
    storage: Storage = Field(default_factory=Storage)
    consent: Consent
    cookies: Cookies | None = None
    marketing: Marketing | None = None
    minors: Minors
    public_distribution: PublicDistribution | None = None
    requests: Requests
    deletion_refusals: list[Text] = Field(default_factory=list, max_length=20)
    automated_decisions: AutomatedDecisions = Field(default_factory=AutomatedDecisions)
    id_documents: IdDocuments = Field(default_factory=IdDocuments)
    biometrics: Biometrics = Field(default_factory=Biometrics)
    restricted_access_data: bool = False
    scale: Scale = Field(default_factory=Scale)
    authority_notification: AuthorityNotification | None = None
    presentation: Presentation = Field(default_factory=Presentation)
    #: Consent documents besides the built-in ones (credit bureau, biometric data, …), each `consent-<id>`.
    custom_consents: list[CustomConsent] = Field(default_factory=list, max_length=20)
    #: No default: "encryption in transit (TLS)" is false for a business without a website. Catalogue keys, or
    #: `{id, name}` for a measure the catalogue lacks (medical secrecy, encryption at rest, pseudonymisation).
    security_measures: list[MeasureEntry] = Field(min_length=1, max_length=30)  # type: ignore[valid-type]
    #: What the operator states it does not process: printed only when listed, and refused when the profile
    #: declares such data (face images, health data).
    not_processed: list[NotProcessed] = Field(default_factory=list, max_length=2)
    #: Who has access to which data (the internal rules print a table; without it, a list to be approved).
    access_roles: list[AccessRole] = Field(default_factory=list, max_length=50)
    internal_control: InternalControl | None = None
    #: Services beyond the website (apps, a personal cabinet on another domain, POS): named in the scope.
    apps: list[App] = Field(default_factory=list, max_length=20)
    #: Sector acts the operator rests on (catalogue keys or {id, name}): listed in "developed on the basis of".
    governing_acts: list[ActEntry] = Field(default_factory=list, max_length=20)  # type: ignore[valid-type]
    #: Articles of Law No. 94-V the business relies on ("7", "9", "10-1"): named in the same clause.
    law_articles: list[Annotated[str, Field(pattern=r"^[1-9][0-9]?(-[1-9])?$")]] = Field(default_factory=list,
                                                                                       max_length=20)
    subject_duties: SubjectDuties | None = None

    @model_validator(mode="after")
    def _references_declared(self) -> Profile:
        """An app's SDK is a recipient, a purpose's act is a governing act, the prevailing language is built."""
        services = {tp.service for tp in self.third_parties if tp.service}
        for app in self.apps:
            missing = [k for k in app.sdks if k not in services]
            if missing:
                raise PydanticCustomError("undeclared", "the app {app} uses {sdks}, not declared in third_parties",
                                          {"app": app.name[:40], "sdks": ", ".join(missing),
                                           "hint": f"add - service: {missing[0]} (with its purposes) under "
                                                   "third_parties"})
        acts = {entry_id(a) for a in self.governing_acts}
        for purpose in self.purposes:
            missing = [a for a in purpose.acts if a not in acts]
            if missing:
                raise PydanticCustomError("undeclared", "purpose {purpose} cites acts not in governing_acts: "
                                          "{acts}", {"purpose": purpose.id, "acts": ", ".join(missing),
                                                     "hint": f"add {missing[0]} to governing_acts"})
        lang = self.document.prevailing_language
        if lang is not None and (lang not in self.document.languages or len(self.document.languages) < 2):
            raise PydanticCustomError("prevailing-language", "prevailing_language {lang} must be one of two or more "
                                      "document.languages", {"lang": lang,
                                                             "hint": "e.g. languages: [kk, ru], "
                                                                     "prevailing_language: ru"})
        return self

    @field_validator("schema_version", mode="before")
    @classmethod
    def _schema_version(cls, value: Any) -> Any:
        if value not in ("1", 1):
            raise PydanticCustomError("schema-version", "unsupported schema_version (this tool reads 1)",
                                      {"hint": "write schema_version: 1"})
        return "1"

    @model_validator(mode="after")
    def _not_processed_is_true(self) -> Profile:
        """A "we do not process …" sentence must not contradict the profile's own data."""
        for item in self.not_processed:
            clash = [d for d in NOT_PROCESSED_CONFLICTS[item] if d in self.data_ids]
            if item == "biometric_data" and self.biometrics.used:
                clash.append("biometrics.used")
            if clash:
                raise PydanticCustomError("contradiction", "not_processed lists {item}, but the profile declares "
                                          "{clash}", {"item": item, "clash": ", ".join(clash),
                                                      "hint": f"remove {item} from not_processed, or the data"})
        return self

    @property
    def request_email(self) -> str | None:
        """Where e-mailed requests go: `requests.email`, else the personal-data mailbox, else `operator.email`."""
        mailbox = next((ct.email for ct in self.operator.contacts if ct.purpose == "personal_data" and ct.email),
                       None)
        return self.requests.email or mailbox or self.operator.email

    @property
    def data_ids(self) -> list[str]:
        return [entry_id(e) for e in self.data_categories]

    @property
    def purpose_ids(self) -> list[str]:
        return [p.id for p in self.purposes]

    @property
    def abroad_countries(self) -> list[str]:
        """Countries outside Kazakhstan that receive data, in first-mention order."""
        seen: list[str] = []
        for tp in self.third_parties:
            if tp.resolved_country != "KZ" and tp.resolved_country not in seen:
                seen.append(tp.resolved_country)
        for copy in self.storage.copies_abroad:
            if copy.country != "KZ" and copy.country not in seen:
                seen.append(copy.country)
        return seen

    @property
    def cross_border(self) -> bool:
        return bool(self.abroad_countries)
