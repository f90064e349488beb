"""JSON Schema of the profile, for editors' autocompletion (committed as schema/profile.schema.json).

Why post-processed here and not only generated: pydantic's schema knows types, but an editor also
needs what a user may write (`schema_version: 1` as an integer, catalogue keys as choices with their
wording) and a sentence on every field; and it must use standard keywords only, because editors ignore
the rest. The model stays the one source of what is valid; this adds what helps a person type it.
"""

from __future__ import annotations

import json
from typing import Any

from kzpolicy_gen import catalogue as cat
from kzpolicy_gen.models.profile import Profile

#: One sentence per field, by model then field; a test checks that every property has one.
FIELD_HELP: dict[str, dict[str, str]] = {
    "Profile": {
        "schema_version": "Version of the profile format; write 1.",
        "extends": "Relative path of a base profile whose fields this profile inherits (mappings merge, "
                   "this file wins, lists are replaced whole).",
        "output_name": "Safe name ([a-z0-9-]) of this client's folder in portfolio builds.",
        "document": "Version, effective date, languages and links of the published documents.",
        "operator": "The business: owner and/or operator of the database (Art. 1 p.9-10).",
        "responsible_person": "Person responsible for organising processing; required for legal entities "
                              "(Art. 25 p.2 sub.10).",
        "website_description": "What the website is, per language, for the scope of the policy.",
        "points_of_sale": "Offline places (shops, trading points) where data are also collected.",
        "subjects": "Whose data are processed (Art. 25 p.2): catalogue keys or {id, name}.",
        "data_categories": "The list of personal data processed (Art. 25 p.2 sub.1): catalogue keys or {id, name}.",
        "sources": "Where the data come from, per language.",
        "purposes": "Each purpose with its data, legal basis, actions and retention (Art. 7, Art. 8 p.4).",
        "third_parties": "Who receives the data: well-known services or categories of contractors (Art. 8 p.4).",
        "storage": "Where the primary database is (Art. 12 p.2: in Kazakhstan) and copies abroad.",
        "consent": "How consent is obtained and for how long (Art. 8).",
        "cookies": "Cookie categories the website sets.",
        "marketing": "Channels of advertising messages (a separate, optional consent).",
        "minors": "Whether minors are served (consent of legal representatives, Art. 8 p.2).",
        "public_distribution": "Data published in publicly available sources (Art. 7 p.3).",
        "requests": "How data subjects send requests and withdraw consent (Art. 8 p.3, Art. 24).",
        "deletion_refusals": "Cases when a deletion or withdrawal cannot be honoured yet, per language.",
        "automated_decisions": "Decisions made without human participation (Art. 19-1).",
        "id_documents": "Identity documents collected (Art. 7 p.10).",
        "biometrics": "Face images used for identification (Art. 7 p.12).",
        "restricted_access_data": "Whether data of restricted access are processed (Art. 25-1 category).",
        "scale": "Size of processing, for the Art. 25-1 category.",
        "authority_notification": "The Art. 10-1 notification of the start of processing (large operators): "
                                  "start date for the draft, date it was sent.",
        "security_measures": "Legal, organisational and technical protection measures (Art. 22).",
    },
    "Document": {
        "version": "Version of the documents, e.g. \"1.0\".",
        "effective_date": "Date the documents take effect (YYYY-MM-DD).",
        "languages": "Languages to publish: ru, kk, en.",
        "public_url": "Address where the policy is published.",
        "approved_by": "Who approved the documents (e.g. an order of the director), per language.",
        "history": "Earlier versions and what changed.",
        "related": "Related documents (public offer, terms) with their addresses.",
        "annex_to": "The document this policy is an annex to, per language.",
        "law_pack": "Version of the law pack the profile was reviewed against.",
        "pack": "Also build the compliance pack of internal acts into pack/<lang>/ (as build --pack).",
    },
    "HistoryEntry": {"version": "Version number.", "date": "Date of the version (YYYY-MM-DD).",
                     "changes": "What changed, per language."},
    "RelatedDocument": {"title": "Title of the document, per language.", "url": "Its address."},
    "Operator": {
        "name": "Full name with legal form, per language (e.g. ТОО «…» / «…» ЖШС / … LLP).",
        "brand": "Trade name used on the website.",
        "legal_form": "Legal form of the business.",
        "bin": "Business identification number, 12 digits in quotes; the check digit is verified.",
        "iin": "Individual identification number of an entrepreneur, 12 digits in quotes.",
        "role": "Owner and operator, operator only, or owner only of the database (Art. 1 p.9-10).",
        "registered_address": "Registered address, per language.",
        "actual_address": "Actual address when it differs, per language.",
        "email": "E-mail for personal-data matters.",
        "phone": "Phone number, e.g. \"+7 727 123 45 67\".",
        "websites": "Addresses of the websites the policy covers.",
    },
    "ResponsiblePerson": {"name": "Name, per language.", "position": "Job title, per language.",
                          "email": "E-mail of the responsible person.", "phone": "Phone number."},
    "Text": {"ru": "Text in Russian.", "kk": "Text in Kazakh.", "en": "Text in English."},
    "LongText": {"ru": "Text in Russian (may have paragraphs).", "kk": "Text in Kazakh (may have paragraphs).",
                 "en": "Text in English (may have paragraphs)."},
    "CustomEntry": {"id": "Your own key (lowercase letters, digits, underscores).",
                    "name": "Its wording, per language."},
    "Purpose": {
        "purpose": "The purpose: a catalogue key or {id, name}.",
        "data": "Keys of the data categories processed for this purpose (declared in data_categories).",
        "basis": "Legal basis: consent or a case of Art. 9 (law, international_treaty, rights_protection).",
        "law": "The law that allows processing without consent, per language (required unless consent).",
        "actions": "Actions with the data (Art. 1).",
        "retention": "How long the data are kept for this purpose.",
        "optional": "True when the person may refuse this purpose and still be served.",
    },
    "Period": {"years": "Number of years.", "months": "Number of months.", "days": "Number of days.",
               "until_purpose_achieved": "True: until the purpose is achieved.",
               "note": "A note on the period, per language."},
    "ThirdParty": {
        "service": "A well-known service from the catalogue (its provider and country are known).",
        "role": "A category of recipients, when no single service is named.",
        "name": "The recipient's name or description, per language.",
        "country": "ISO 3166 country code; overrides the service's usual country.",
        "purposes": "Keys of the purposes for which data go to this recipient.",
    },
    "Storage": {"primary_country": "Country of the primary database; must be KZ (Art. 12 p.2).",
                "location": "Where the database is, per language.",
                "copies_abroad": "Copies kept outside Kazakhstan (need cross-border consent)."},
    "Copy": {"country": "ISO 3166 country code of the copy.", "provider": "Who keeps the copy."},
    "Consent": {"term": "How long consent lasts.", "channels": "How consent is obtained.",
                "cross_border_separate": "Ask for cross-border transfer in a separate consent."},
    "Cookies": {"categories": "Cookie categories set by the website.", "banner": "Whether a cookie banner is shown."},
    "Marketing": {"channels": "Channels of advertising messages.",
                  "separate_consent": "Advertising needs its own optional consent (keep true)."},
    "Minors": {"served": "True when minors are served.",
               "own_consent_age": "Age from which a minor consents alone (default 14).",
               "representative_consent": "Consent of legal representatives below that age."},
    "PublicDistribution": {"what": "What is published, per language.",
                           "consent": "Publication is based on consent."},
    "Requests": {"channels": "How requests are accepted.", "email": "E-mail for requests.",
                 "web_form_url": "Address of the request form.",
                 "subject_markers": "Words to put in an e-mail subject line.",
                 "stated_deadlines": "Deadlines (working days) already promised elsewhere; check compares them "
                                     "with the law."},
    "SubjectMarkers": {"update": "Subject for updating data.", "withdraw": "Subject for withdrawing consent.",
                       "access": "Subject for access requests.", "delete": "Subject for deletion requests."},
    "StatedDeadlines": {"access_information": "Days to give access to information.",
                        "rectify": "Days to rectify data.", "block": "Days to block data.",
                        "destroy_unlawful": "Days to destroy unlawfully processed data.",
                        "withdrawal": "Days to act on a withdrawal.",
                        "automated_objection": "Days to answer an objection to an automated decision.",
                        "third_party_notice": "Days to notify third parties."},
    "AutomatedDecisions": {"used": "True when decisions are made without human participation.",
                           "description": "What is decided and how, per language.",
                           "objection_procedure": "A person may object to the decision."},
    "IdDocuments": {"collects": "none, digital (details only) or paper copies.",
                    "ground": "The law that allows paper copies, per language."},
    "Biometrics": {"used": "True when face images identify people.", "description": "How, per language.",
                   "specific_consent": "A specific consent is asked."},
    "Scale": {"unique_subjects": "About how many different people's data are processed."},
    "AuthorityNotification": {"processing_start": "The date processing starts or started (Art. 10-1 p.3).",
                              "date": "The date the notification was sent to the authorised body."},
    "Source": {"kind": "Where the data come from (Art. 24 p.1 sub.1).",
               "description": "The business's own words for this source, per language (required for 'other')."},
    "Premises": {"kind": "What kind of place it is (decides the word used).", "name": "Its name or address, "
                 "per language."},
}
FIELD_HELP["Profile"] |= {"premises": "Places where data are collected in person (shops, branches, front desks).",
                          "website_forms": "The forms the website has (each gets its consent snippet)."}
FIELD_HELP["Cookies"] |= {"functions": "What the strictly necessary cookies do (required with 'necessary')."}
FIELD_HELP["Document"] |= {"scope": "What the documents cover, per language, when not the whole business."}
FIELD_HELP["Marketing"] |= {"unsubscribe_link": "True when every message carries an unsubscribe link."}
FIELD_HELP["PublicDistribution"] |= {"data": "Keys of the data categories published.",
                                     "purposes": "Keys of the purposes the publication serves.",
                                     "term": "How long the data stay published.",
                                     "first_name_only": "True when only the first name is shown."}
FIELD_HELP["ResponsiblePerson"] |= {"gender": "female or male, for the grammatical agreement in Russian."}
FIELD_HELP["ThirdParty"] |= {"under_law": "The law under which this recipient receives the data, per language.",
                             "agreement": "True when a data-processing agreement binds the recipient."}

FIELD_HELP["Profile"] |= {"approval": "The order approving the policy (Art. 25 p.2 sub.1-1): by, order_no, date, "
                                      "place.",
                          "presentation": "How the HTML and PDF look and link (font, theme, heading level, URLs); "
                                          "never what they say.",
                          "not_processed": "What the operator states it does not process (biometric_data, "
                                           "sensitive_data); refused when the profile declares such data."}
FIELD_HELP["Approval"] = {"by": "Who approved it (the order's author, e.g. the director), per language.",
                          "order_no": "Number of the order.", "date": "Date of the order (YYYY-MM-DD).",
                          "place": "Place of the order, per language."}
FIELD_HELP["Operator"] |= {"licences": "Licences the operator holds (type, number, date, issuer).",
                           "parent": "Parent or group organisation, per language.",
                           "contacts": "Additional contacts by purpose (contact centre, personal-data mailbox, "
                                       "compliance, AML, branch, complaints)."}
FIELD_HELP["Licence"] = {"type": "Kind of licence (medical, banking, microfinance…), per language.",
                         "number": "Number of the licence.", "date": "Date of issue (YYYY-MM-DD).",
                         "issuer": "Who issued it, per language."}
FIELD_HELP["Contact"] = {"purpose": "What the contact is for.", "name": "Its name or label, per language.",
                         "phone": "Phone number.", "email": "E-mail address."}
FIELD_HELP["Document"] |= {"title": "Own title of a policy scoped to one group or service, per language.",
                           "build": "Only these documents (ids), unless --documents says otherwise."}
FIELD_HELP["Period"] |= {"statutory": "A period set by another act: {act, years?} instead of a made-up number."}
FIELD_HELP["Statutory"] = {"act": "The act that sets the period, per language.",
                           "years": "The number of years it sets, when it names one."}
FIELD_HELP["Presentation"] = {"font": "sans (default) or serif.",
                              "theme": "light (default), auto (follows the visitor's dark mode) or dark.",
                              "fragment_heading_level": "1 (default) or 2: the fragment's title as h2 under a "
                                                        "page's own h1.",
                              "base_url": "Links between documents become <base_url>/<lang>/<doc>.html.",
                              "document_urls": "Document id → the address it is published at (or per language)."}
# The compliance pack, part B: what the internal rules and the undertakings read.
FIELD_HELP["Profile"] |= {"access_roles": "Positions or groups of employees with access, and to which data (the "
                                          "internal rules' access table).",
                          "internal_control": "How often the responsible person checks compliance: {frequency}."}
FIELD_HELP["AccessRole"] = {"role": "The position or group of employees, per language.",
                            "data": "Keys of the data categories it may access."}
FIELD_HELP["Storage"] |= {"paper": "Where paper documents with personal data are kept, per language.",
                          "backups": "Backup copies: where they are kept (per language) and how often they are made."}
FIELD_HELP["Backups"] = {"location": "Where the backup copies are kept, per language.",
                         "frequency": "daily, weekly, monthly, quarterly, half_yearly or yearly."}
FIELD_HELP["InternalControl"] = {"frequency": "daily, weekly, monthly, quarterly, half_yearly or yearly."}
FIELD_HELP["ThirdParty"] |= {"data": "Keys of the data this recipient receives (its undertaking lists them)."}

#: Fields whose values are catalogue keys: (model, field) → (section, whether own keys are allowed too).
CATALOGUE_FIELDS: dict[tuple[str, str], tuple[str, bool]] = {
    ("Profile", "subjects"): ("subjects", False),
    ("Profile", "data_categories"): ("data_categories", False),
    ("Profile", "security_measures"): ("security_measures", False),
    ("Purpose", "purpose"): ("purposes", False),
    ("Purpose", "data"): ("data_categories", True),
    ("Purpose", "basis"): ("bases", False),
    ("Purpose", "actions"): ("processing_actions", False),
    ("ThirdParty", "service"): ("services", False),
    ("ThirdParty", "role"): ("third_party_roles", False),
    ("ThirdParty", "purposes"): ("purposes", True),
    ("Consent", "channels"): ("consent_channels", False),
    ("Cookies", "categories"): ("cookie_categories", False),
    ("Marketing", "channels"): ("marketing_channels", False),
    ("Requests", "channels"): ("request_channels", False),
    ("Operator", "legal_form"): ("legal_forms", False),
    ("Operator", "role"): ("roles", False),
    ("Source", "kind"): ("source_kinds", False),
    ("Cookies", "functions"): ("cookie_functions", False),
}
CATALOGUE_FIELDS |= {("AccessRole", "data"): ("data_categories", True),
                     ("ThirdParty", "data"): ("data_categories", True)}
_KEY_PATTERN = "^[a-z][a-z0-9_]{0,47}$"
_RENAMED = {"ge": "minimum", "le": "maximum", "gt": "exclusiveMinimum", "lt": "exclusiveMaximum"}


def entry_words(section: str, key: str, lang: str) -> str:
    """How the catalogue words an entry in one language (services: name, provider and country)."""
    entry = cat.entry(section, key)
    if section == "services":
        return f"{entry['name']} ({entry['provider']}, {entry['country']})"
    for field in ("label", "name", "title"):
        if isinstance(entry.get(field), dict):
            entry = entry[field]
    return str(entry.get(lang, key))


def _choices(section: str, open_keys: bool) -> dict[str, Any]:
    """A reference to the section's choices (defined once in $defs), or to them plus an own key."""
    ref = {"$ref": f"#/$defs/{_choice_def(section)}"}
    if not open_keys:
        return ref
    return {"anyOf": [ref, {"type": "string", "pattern": _KEY_PATTERN,
                            "description": "the id of your own entry ({id, name}) declared in this profile"}]}


def _choice_def(section: str) -> str:
    return "Key" + "".join(part.title() for part in section.split("_"))


def _choice_defs() -> dict[str, Any]:
    sections = sorted({section for section, _ in CATALOGUE_FIELDS.values()})
    return {_choice_def(section): {"description": f"A key of the catalogue section '{section}'.",
                                   "anyOf": [{"const": key, "description": _bilingual(section, key)}
                                             for key in cat.keys(section)]} for section in sections}


def _bilingual(section: str, key: str) -> str:
    ru, en = entry_words(section, key, "ru"), entry_words(section, key, "en")
    return en if ru == en else f"{ru} — {en}"


def _replace_strings(node: Any, choices: dict[str, Any]) -> Any:
    """Swap each plain string schema inside `node` (items, anyOf/oneOf branches) for the choices."""
    if isinstance(node, dict):
        if node.get("type") == "string" and "$ref" not in node:
            return dict(choices)
        if "enum" in node and node.get("type") == "string":
            return dict(choices)
        return {k: _replace_strings(v, choices) if k in ("items", "anyOf", "oneOf") else v for k, v in node.items()}
    if isinstance(node, list):
        return [_replace_strings(item, choices) for item in node]
    return node


def _standard(node: Any) -> Any:
    """Pydantic's ge/le (left by constraints after a before-validator) → minimum/maximum."""
    if isinstance(node, dict):
        return {_RENAMED.get(k, k): _standard(v) for k, v in node.items()}
    if isinstance(node, list):
        return [_standard(item) for item in node]
    return node


def _describe(name: str, model: dict[str, Any]) -> None:
    for field, prop in model.get("properties", {}).items():
        help_text = FIELD_HELP.get(name, {}).get(field)
        if help_text:
            prop["description"] = help_text
        if (name, field) in CATALOGUE_FIELDS:
            section, open_keys = CATALOGUE_FIELDS[(name, field)]
            model["properties"][field] = {**_replace_strings(prop, _choices(section, open_keys)),
                                          "description": prop.get("description", "")}


def _partial(node: Any) -> Any:
    """The same shapes with nothing required: a profile that `extends:` a base gives only part of the fields."""
    if isinstance(node, dict):
        out = {k: _partial(v) for k, v in node.items() if k != "required"}
        if isinstance(out.get("$ref"), str) and not out["$ref"].startswith("#/$defs/Key"):
            out["$ref"] = out["$ref"].replace("#/$defs/", "#/$defs/Partial")
        return out
    if isinstance(node, list):
        return [_partial(item) for item in node]
    return node


def profile_schema() -> dict[str, Any]:
    """The schema as a mapping (draft 2020-12): a whole profile, or a partial one when it `extends:` a base."""
    profile: dict[str, Any] = _standard(Profile.model_json_schema(mode="validation"))
    defs = profile.pop("$defs")
    profile["properties"]["schema_version"] = {"enum": [1, "1"], "default": 1}
    profile["properties"]["extends"] = {"type": "string"}
    _describe("Profile", profile)
    for name, model in defs.items():
        _describe(name, model)
    defs["Profile"] = profile
    partial = {f"Partial{name}": _partial(model) for name, model in defs.items()}
    partial["PartialProfile"]["required"] = ["extends"]
    return {
        "$schema": "https://json-schema.org/draft/2020-12/schema",
        "title": "kzpolicy-gen profile",
        "description": profile.pop("description", ""),
        "type": "object",
        "$defs": {**defs, **partial, **_choice_defs()},
        "if": {"type": "object", "required": ["extends"]},
        "then": {"$ref": "#/$defs/PartialProfile"},
        "else": {"$ref": "#/$defs/Profile"},
    }


def schema_json() -> str:
    return json.dumps(profile_schema(), ensure_ascii=False, indent=2, sort_keys=True) + "\n"

# Issue 15 (part A): services beyond the website, governing acts, subjects' duties, the prevailing language.
FIELD_HELP["Profile"] |= {
    "apps": "Services beyond the website (mobile or web app, personal cabinet on another domain, POS, storefront): "
            "named in the policy's scope and the cookie notice.",
    "governing_acts": "Sector acts the operator rests on (catalogue keys or {id, name}): listed in the clause "
                      "'developed on the basis of'.",
    "law_articles": "Articles of Law No. 94-V the business relies on, e.g. [\"7\", \"9\"].",
    "subject_duties": "Duties the operator's terms put on subjects (report changes of their data).",
}
FIELD_HELP["Document"] |= {"prevailing_language": "The language version that prevails where versions differ "
                                                  "(one of languages)."}
FIELD_HELP["Purpose"] |= {"acts": "Ids of governing_acts this purpose rests on (cited in its row)."}
FIELD_HELP["App"] = {"kind": "mobile_app, web_app, personal_account, pos, storefront or other.",
                     "name": "The service's name as users see it.", "url": "Its address, if it has one.",
                     "store_ids": "Its ids in the app stores.",
                     "platforms": "Platforms it runs on (ios, android, huawei, web, windows, macos).",
                     "sdks": "Catalogue services built into it (declared in third_parties too)."}
FIELD_HELP["StoreIds"] = {"app_store": "App Store id (id…).", "google_play": "Google Play package name.",
                          "app_gallery": "Huawei AppGallery id."}
FIELD_HELP["SubjectDuties"] = {"report_changes_days": "Working days within which a subject reports a change of "
                                                      "their data."}
CATALOGUE_FIELDS[("App", "sdks")] = ("services", False)
CATALOGUE_FIELDS[("Profile", "governing_acts")] = ("governing_acts", False)
