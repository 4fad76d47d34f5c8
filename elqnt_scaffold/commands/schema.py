"""`schema`: the JSON Schema of the spec format, from the pydantic models, for editors' YAML servers.

The same text is committed at schema/elqnt-scaffold-spec.json; saved specs point at it with
`# yaml-language-server: $schema=<spec.SCHEMA_URL>`.
"""

from __future__ import annotations

import json
from typing import Any

from ..spec import SCHEMA_URL, Spec

DRAFT = "https://json-schema.org/draft/2020-12/schema"
COMMITTED = "schema/elqnt-scaffold-spec.json"


def spec_schema() -> dict[str, Any]:
    schema = Spec.model_json_schema(by_alias=True)
    return {"$schema": DRAFT, "$id": SCHEMA_URL, **schema, "title": "elqnt-scaffold spec"}


def schema_text() -> str:
    return json.dumps(spec_schema(), indent=2, ensure_ascii=False) + "\n"
