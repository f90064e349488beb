"""The consent-record specification: a record made from a real build's manifest validates; a wrong one does not."""

from __future__ import annotations

import csv
import io
import json
from pathlib import Path
from typing import Any

import jsonschema
import pytest

from kzpolicy_gen.build import render_files
from kzpolicy_gen.consent_record import CSV_FILE, FIELD_NAMES, SCHEMA_FILE, consent_record_schema, csv_row
from kzpolicy_gen.options import BuildOptions
from kzpolicy_gen.validate import load_profile_located

ROOT = Path(__file__).resolve().parents[1]


def _built(name: str) -> tuple[dict[str, Any], dict[str, Any]]:
    """(manifest, schema) of a Markdown-only build of a shipped profile, in memory."""
    profile, _ = load_profile_located(ROOT / "profiles" / f"{name}.yaml", ())
    files = render_files(profile, BuildOptions.parse("ru,kk", "md", pack=True))
    return json.loads(files["manifest.json"]), json.loads(files[SCHEMA_FILE])


def _record(manifest: dict[str, Any], document: str, lang: str, channel: str) -> dict[str, Any]:
    return {"record_id": "7d0c1c3e-3f55-4c1e-9d7a-0c9f3c2b8a11", "document": document,
            "document_version": manifest["document_version"], "language": lang,
            "text_sha256": manifest["text_sha256"][document][lang], "channel": channel, "form": None,
            "given_at": "2026-12-01T10:15:00+05:00", "subject_id": "order-10234", "representative_id": None,
            "purposes": None, "withdrawn_at": None, "withdrawal_channel": None}


@pytest.mark.parametrize(("name", "channel"), [("example", "web_form_checkbox"), ("clinic", "paper")])
def test_a_record_of_the_published_text_validates(name: str, channel: str) -> None:
    manifest, schema = _built(name)
    jsonschema.Draft202012Validator.check_schema(schema)
    validator = jsonschema.Draft202012Validator(schema, format_checker=jsonschema.FormatChecker())
    for document in schema["properties"]["document"]["enum"]:
        for lang in ("ru", "kk"):
            validator.validate(_record(manifest, document, lang, channel))
    # every consent document of the build is one a record may name, and nothing else
    assert set(schema["properties"]["document"]["enum"]) == {d for d in manifest["documents"]
                                                            if d.startswith("consent")}


def test_wrong_records_fail() -> None:
    manifest, schema = _built("example")
    validator = jsonschema.Draft202012Validator(schema, format_checker=jsonschema.FormatChecker())
    good = _record(manifest, "consent", "ru", "web_form_checkbox")
    bad = [
        {**good, "document": "policy"},  # not a consent
        {**good, "text_sha256": good["text_sha256"].upper()},
        {**good, "language": "de"},
        {**good, "channel": "paper"},  # the example takes consent by checkbox only
        {**good, "given_at": "01.12.2026"},
        {**good, "withdrawn_at": "2027-01-10T09:00:00Z"},  # a withdrawal says how it arrived
        {**good, "purposes": ["no_such_purpose"]},
        {**good, "ip_address": "10.0.0.1"},  # nothing beyond the specification is kept
        {k: v for k, v in good.items() if k != "subject_id"},
    ]
    for record in bad:
        assert not validator.is_valid(record), record
    assert validator.is_valid({**good, "withdrawn_at": "2027-01-10T09:00:00Z", "withdrawal_channel": "email",
                               "purposes": ["marketing"], "form": "newsletter"})


def test_the_csv_header_has_the_schema_fields_in_order() -> None:
    profile, _ = load_profile_located(ROOT / "profiles" / "example.yaml", ())
    files = render_files(profile, BuildOptions.parse("ru", "md", pack=True))
    header = files[CSV_FILE].decode("utf-8")
    assert header.endswith("\r\n") and header.count("\n") == 1
    assert tuple(next(csv.reader(io.StringIO(header)))) == FIELD_NAMES
    schema = consent_record_schema(profile, ["ru"])
    assert tuple(schema["properties"]) == FIELD_NAMES
    row = csv_row({"record_id": "1", "purposes": ["marketing", "analytics"], "form": None})
    assert row[FIELD_NAMES.index("purposes")] == "marketing;analytics"
    assert row[FIELD_NAMES.index("form")] == ""
