"""The JSON Schema as an editor uses it: shipped profiles validate, catalogue keys are choices, every field
is described, only standard keywords appear."""

from __future__ import annotations

import json
import re
from pathlib import Path
from typing import Any

import jsonschema
import pytest
import yaml

from kzpolicy_gen import catalogue as cat
from kzpolicy_gen.schema import profile_schema, schema_json
from tests.conftest import PROFILES, ROOT

SCHEMA_FILE = ROOT / "schema" / "profile.schema.json"
MODELINE = re.compile(r"^# yaml-language-server: \$schema=(\S+)$", re.MULTILINE)


class EditorLoader(yaml.SafeLoader):
    """YAML as editors read it (YAML 1.2 core schema): dates stay text, only true/false are booleans."""


EditorLoader.yaml_implicit_resolvers = {
    first: [(tag, regexp) for tag, regexp in resolvers if tag not in ("tag:yaml.org,2002:timestamp",
                                                                       "tag:yaml.org,2002:bool")]
    for first, resolvers in yaml.SafeLoader.yaml_implicit_resolvers.items()}
EditorLoader.add_implicit_resolver("tag:yaml.org,2002:bool", re.compile(r"^(?:true|false)$"), list("tf"))


def editor_data(text: str) -> Any:
    return yaml.load(text, Loader=EditorLoader)  # a SafeLoader subclass: no arbitrary objects


def validator() -> jsonschema.Draft202012Validator:
    schema = json.loads(SCHEMA_FILE.read_text(encoding="utf-8"))
    jsonschema.Draft202012Validator.check_schema(schema)
    return jsonschema.Draft202012Validator(schema, format_checker=jsonschema.Draft202012Validator.FORMAT_CHECKER)


def test_committed_schema_is_current() -> None:
    assert SCHEMA_FILE.read_text(encoding="utf-8") == schema_json()


@pytest.mark.parametrize("path", PROFILES, ids=lambda p: p.name)
def test_every_shipped_profile_validates_and_names_the_schema(path: Path) -> None:
    text = path.read_text(encoding="utf-8")
    errors = [f"{list(e.path)}: {e.message}" for e in validator().iter_errors(editor_data(text))]
    assert errors == []
    match = MODELINE.search(text)
    assert match and (path.parent / match[1]).resolve() == SCHEMA_FILE


def test_docs_examples_carry_the_modeline() -> None:
    blocks = re.findall(r"```yaml\n(.*?)```", (ROOT / "docs" / "profile.md").read_text(encoding="utf-8"), re.S)
    assert blocks and all(MODELINE.search(block) for block in blocks)


def test_schema_version_accepts_what_users_write_and_refuses_others() -> None:
    base = editor_data((ROOT / "profiles" / "example.yaml").read_text(encoding="utf-8"))
    check = validator()
    for good in (1, "1"):
        assert check.is_valid({**base, "schema_version": good})
    for bad in (2, "2", 1.5, True):
        assert not check.is_valid({**base, "schema_version": bad})


def test_schema_rejects_what_the_model_rejects() -> None:
    base = editor_data((ROOT / "profiles" / "example.yaml").read_text(encoding="utf-8"))
    check = validator()
    assert not check.is_valid({**base, "subjects": ["custmers"]})  # a typo of a catalogue key
    assert not check.is_valid({**base, "surprise": 1})
    assert not check.is_valid({**base, "consent": {**base["consent"], "term": {"years": 0}}})
    third = [{"service": "yandex_metrika", "purposes": ["analytics"]}]
    assert not check.is_valid({**base, "third_parties": third})
    own = {**base, "data_categories": [*base["data_categories"], {"id": "car_plate", "name": {"en": "plate"}}]}
    own["purposes"] = [{**base["purposes"][0], "data": ["identity", "car_plate"]}, *base["purposes"][1:]]
    assert check.is_valid(own)  # an own key, declared in the profile, may be referenced


def test_a_profile_that_extends_a_base_may_give_part_of_the_fields() -> None:
    check = validator()
    child = {"extends": "../agency/_base.yaml", "operator": {"bin": "210540012341"}}
    assert check.is_valid(child)
    assert not check.is_valid({"operator": {"bin": "210540012341"}})  # without a base it is incomplete
    assert not check.is_valid({**child, "subjects": ["custmers"]})  # choices and types still hold
    assert not check.is_valid({**child, "operator": {"bin": 12}})
    assert not check.is_valid({**child, "surprise": True})


def _walk(node: Any, found: set[str]) -> None:
    if isinstance(node, dict):
        for key, value in node.items():
            found.add(key)
            if key in ("properties", "$defs"):
                for child in value.values():
                    _walk(child, found)
            elif key not in ("const", "default", "enum", "description", "title", "pattern"):
                _walk(value, found)
    elif isinstance(node, list):
        for item in node:
            _walk(item, found)


def test_only_standard_keywords() -> None:
    found: set[str] = set()
    _walk(profile_schema(), found)
    standard = {"$schema", "$defs", "$ref", "if", "then", "else", "title", "description", "type", "properties",
                "required", "additionalProperties", "items", "anyOf", "oneOf", "const", "enum", "default", "pattern",
                "format", "minimum", "maximum", "minItems", "maxItems", "minLength", "maxLength",
                "propertyNames", "maxProperties"}
    assert found <= standard, found - standard


def test_every_field_has_a_description() -> None:
    schema = profile_schema()
    missing = [f"{name}.{field}" for name, model in schema["$defs"].items()
               for field, prop in model.get("properties", {}).items() if not prop.get("description")]
    assert missing == []


def test_catalogue_keys_are_choices_with_russian_and_english_words() -> None:
    schema = profile_schema()
    assert schema["$defs"]["Profile"]["properties"]["subjects"]["items"]["oneOf"][0] == {
        "$ref": "#/$defs/KeySubjects"}
    subjects = schema["$defs"]["KeySubjects"]["anyOf"]
    assert [c["const"] for c in subjects] == list(cat.keys("subjects"))
    customers = next(c for c in subjects if c["const"] == "customers")
    assert customers["description"] == "покупатели и заказчики — customers"
    assert {"$ref": "#/$defs/KeyServices"} in schema["$defs"]["ThirdParty"]["properties"]["service"]["anyOf"]
    services = schema["$defs"]["KeyServices"]["anyOf"]
    assert [c["const"] for c in services] == list(cat.keys("services"))
    assert "Yandex" in json.dumps(services, ensure_ascii=False)
