"""The consent-record specification: what the operator keeps as proof of each consent, as a JSON Schema and a
CSV header written with the build.

Why: Art. 8 p.1 and Art. 25 p.2 sub.5 put the proof of consent on the operator, and Art. 22 p.1 sub.5 asks it
to keep account of the consent-related actions. Proof is only worth something if it says *which* text the
subject agreed to: each record names the document, its version, its language and the sha256 of its published
text (manifest.json, `text_sha256.<document>.<language>`), so a form handler that logs these fields can later
show the exact words. The field names below are public interface (docs/compliance-pack.md): renaming one breaks
every site that logs consents.
"""

from __future__ import annotations

import csv
import io
import json
from dataclasses import dataclass
from typing import Any

from kzpolicy_gen.models.profile import Profile
from kzpolicy_gen.plan.facts import facts

#: The file names under the output folder (public interface).
SCHEMA_FILE = "consent-record.schema.json"
CSV_FILE = "consent-records.csv"
#: The `$id` of the schema: a name, never fetched (the build works offline).
SCHEMA_ID = "urn:kzpolicy-gen:consent-record:1"
#: How a list is written in one CSV cell.
CSV_LIST_SEPARATOR = ";"

DATE_TIME = {"type": "string", "format": "date-time",
             "pattern": r"^\d{4}-\d{2}-\d{2}T\d{2}:\d{2}:\d{2}(\.\d+)?(Z|[+-]\d{2}:\d{2})$"}


@dataclass(frozen=True)
class RecordField:
    """One field of a consent record: its name, whether every record has a value, and why it is kept."""

    name: str
    required: bool
    description: str
    articles: tuple[str, ...]


FIELDS: tuple[RecordField, ...] = (
    RecordField("record_id", True, "unique id of this record in the operator's log (a UUID, for example)",
                ("94-V:22.1.5",)),
    RecordField("document", True, "id of the consent document the subject agreed to (consent, consent-cross-border, "
                "consent-marketing, consent-public)", ("94-V:8.4",)),
    RecordField("document_version", True, "the document's version as published (manifest.json document_version)",
                ("94-V:8.4",)),
    RecordField("language", True, "the language of the text shown to the subject", ("94-V:8.4",)),
    RecordField("text_sha256", True, "sha256 of the published text the subject saw: manifest.json "
                "text_sha256.<document>.<language>", ("94-V:8.4", "94-V:25.2.5")),
    RecordField("channel", True, "how consent was given: a key of consent.channels (web_form_checkbox, paper, "
                "electronic_signature, otp_sms, state_service, non_state_service)", ("94-V:8.1", "94-V:25.2.5")),
    RecordField("form", False, "the website form it was given on (a key of website_forms), empty otherwise",
                ("94-V:8.1",)),
    RecordField("given_at", True, "when consent was given, RFC 3339 with a time zone (2026-12-01T10:15:00+05:00)",
                ("94-V:8.4.3", "94-V:25.2.5")),
    RecordField("subject_id", True, "the operator's own identifier of the subject (account or order number, "
                "phone, e-mail), enough to find the subject's data and nothing more", ("94-V:8.4.2", "94-V:7.9")),
    RecordField("representative_id", False, "identifier of the legal representative who consented on the "
                "subject's behalf; empty when the subject consented", ("94-V:7.1", "94-V:8.1")),
    RecordField("purposes", False, "ids of the purposes consented to (register.json purposes[].id), when the "
                "subject could decline optional ones; empty: every purpose of the document",
                ("94-V:7.8", "94-V:8.4.8")),
    RecordField("withdrawn_at", False, "when the consent was withdrawn (RFC 3339), empty while it stands",
                ("94-V:8.7", "94-V:24.1.5")),
    RecordField("withdrawal_channel", False, "how the withdrawal arrived: a key of requests.channels; required with "
                "withdrawn_at", ("94-V:8.7",)),
)

FIELD_NAMES: tuple[str, ...] = tuple(f.name for f in FIELDS)


def _nullable(schema: dict[str, Any]) -> dict[str, Any]:
    return {"anyOf": [schema, {"type": "null"}]}


def consent_record_schema(profile: Profile, languages: list[str] | tuple[str, ...],
                          built: list[str] | None = None) -> dict[str, Any]:
    """The JSON Schema (2020-12) of one consent record for this profile's built documents and channels.

    The closed lists (documents, languages, channels, forms, purposes) come from the profile and the build, so
    a record that names a document this operator does not publish fails validation; the hash is checked for its
    shape here and against manifest.json by whoever audits the log.
    """
    known = facts(profile)
    documents = [doc for doc in known.consents if built is None or doc in built]
    purposes = [p for p in profile.purpose_ids
                if any(p in item.purposes for item in known.consents.values())]
    described = {f.name: f for f in FIELDS}

    def field(name: str, schema: dict[str, Any]) -> dict[str, Any]:
        item = described[name]
        body = schema if item.required else _nullable(schema)
        return {"description": f"{item.description} ({', '.join(item.articles)})", **body}

    properties = {
        "record_id": field("record_id", {"type": "string", "minLength": 1, "maxLength": 200}),
        "document": field("document", {"enum": documents}),
        "document_version": field("document_version", {"type": "string", "minLength": 1, "maxLength": 100}),
        "language": field("language", {"enum": list(languages)}),
        "text_sha256": field("text_sha256", {"type": "string", "pattern": "^[0-9a-f]{64}$"}),
        "channel": field("channel", {"enum": list(profile.consent.channels)}),
        "form": field("form", {"enum": list(profile.website_forms)}),
        "given_at": field("given_at", DATE_TIME),
        "subject_id": field("subject_id", {"type": "string", "minLength": 1, "maxLength": 200}),
        "representative_id": field("representative_id", {"type": "string", "minLength": 1, "maxLength": 200}),
        "purposes": field("purposes", {"type": "array", "items": {"enum": purposes}, "uniqueItems": True}),
        "withdrawn_at": field("withdrawn_at", DATE_TIME),
        "withdrawal_channel": field("withdrawal_channel", {"enum": list(profile.requests.channels)}),
    }
    if not profile.website_forms:  # no website form: the field stays, always empty
        properties["form"] = {"description": properties["form"]["description"], "type": "null"}
    return {
        "$schema": "https://json-schema.org/draft/2020-12/schema",
        "$id": SCHEMA_ID,
        "title": "Consent record",
        "description": f"Proof of one consent given to {profile.operator.name.get(languages[0])} "
                       f"({profile.operator.identifier}); the fields are those of {CSV_FILE}, in the same order.",
        "type": "object",
        "properties": properties,
        "required": [f.name for f in FIELDS if f.required],
        "additionalProperties": False,
        "if": {"properties": {"withdrawn_at": {"type": "string"}}, "required": ["withdrawn_at"]},
        "then": {"properties": {"withdrawal_channel": {"type": "string"}}, "required": ["withdrawal_channel"]},
    }


def consent_record_schema_json(profile: Profile, languages: list[str] | tuple[str, ...],
                               built: list[str] | None = None) -> str:
    return json.dumps(consent_record_schema(profile, languages, built), ensure_ascii=False, indent=2) + "\n"


def consent_records_csv() -> str:
    """The header line of the consent log as CSV (RFC 4180, CRLF); one row per record follows it.

    Empty cells stand for null; `purposes` holds ids separated by `CSV_LIST_SEPARATOR`."""
    buffer = io.StringIO()
    csv.writer(buffer, lineterminator="\r\n").writerow(FIELD_NAMES)
    return buffer.getvalue()


def csv_row(record: dict[str, Any]) -> list[str]:
    """A record (as the schema describes it) as one CSV row: null → empty, a list → ids joined by `;`."""
    row = []
    for name in FIELD_NAMES:
        value = record.get(name)
        if value is None:
            row.append("")
        elif isinstance(value, list):
            row.append(CSV_LIST_SEPARATOR.join(str(v) for v in value))
        else:
            row.append(str(value))
    return row


def files(profile: Profile, languages: list[str] | tuple[str, ...], built: list[str] | None = None) -> dict[str, bytes]:
    """The two files of the specification, keyed by their path under the output folder; `built`: the ids of
    the documents this build publishes (a record can name only a consent whose text it published)."""
    return {SCHEMA_FILE: consent_record_schema_json(profile, languages, built).encode("utf-8"),
            CSV_FILE: consent_records_csv().encode("utf-8")}
