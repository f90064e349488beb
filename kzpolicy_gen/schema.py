"""JSON Schema of the profile, for editors' autocompletion (committed as schema/profile.schema.json)."""

from __future__ import annotations

import json

from kzpolicy_gen.models.profile import Profile


def schema_json() -> str:
    schema = Profile.model_json_schema(mode="validation")
    schema["$schema"] = "https://json-schema.org/draft/2020-12/schema"
    schema["title"] = "kzpolicy-gen profile"
    schema["properties"]["extends"] = {
        "type": "string",
        "title": "Extends",
        "description": "Relative path of a base profile whose fields this profile inherits (mappings merge, "
                       "this file wins, lists are replaced whole).",
    }
    return json.dumps(schema, ensure_ascii=False, indent=2, sort_keys=True) + "\n"
