"""The document `import-schema` reads: loaded with lines, recognised (JSON Schema or OpenAPI 3.x), and
checked for the shape of every schema in it before datamodel-code-generator sees it (that parser is
lenient: `type: strin` or a dangling `$ref` would silently become `any`). Errors name file:line and
the JSON pointer of the bad keyword.
"""

from __future__ import annotations

import json
from dataclasses import dataclass
from pathlib import Path
from typing import Any
from urllib.parse import unquote

from ..errors import UserError
from ..sources.yaml.lines import Located, load

TYPES = frozenset({"string", "integer", "number", "boolean", "object", "array", "null"})
_SCHEMA_MAPS = ("properties", "patternProperties", "$defs", "definitions", "dependentSchemas")
_SCHEMA_LISTS = ("allOf", "anyOf", "oneOf", "prefixItems")
_SCHEMA_ONE = ("additionalProperties", "not", "if", "then", "else", "contains", "propertyNames",
               "unevaluatedProperties", "unevaluatedItems", "additionalItems")
_COUNTS = ("minLength", "maxLength", "minItems", "maxItems", "minProperties", "maxProperties")
_NUMBERS = ("minimum", "maximum", "multipleOf")
_STRINGS = ("format", "pattern", "description", "title")
_SCHEMA_HINTS = ("type", "properties", "$defs", "definitions", "$ref", "allOf", "anyOf", "oneOf", "enum", "items")


@dataclass
class Document:
    file: str  # as the user named it
    data: dict[str, Any]
    located: Located | None
    kind: str  # "openapi" or "jsonschema"
    version: str  # "3.0.3", "3.1.0", or the $schema URI ("" when absent)

    def line_of(self, pointer: str) -> int | None:
        return self.located.line_of(pointer_parts(pointer)) if self.located else None

    def node(self, pointer: str) -> Any:
        """The value at a local JSON pointer (`#/$defs/Address`), or None."""
        node: Any = self.data
        for part in pointer_parts(pointer):
            if isinstance(node, dict) and part in node:
                node = node[part]
            elif isinstance(node, list) and isinstance(part, int) and 0 <= part < len(node):
                node = node[part]
            else:
                return None
        return node

    def error(self, pointer: str, message: str, hint: str) -> UserError:
        return UserError(message, file=self.file, line=self.line_of(pointer), field=pointer, hint=hint)


def pointer_parts(pointer: str) -> tuple[Any, ...]:
    """`#/properties/a~1b/items/0` -> ("properties", "a/b", "items", 0)."""
    text = pointer.split("#", 1)[1] if "#" in pointer else pointer
    parts: list[Any] = []
    for raw in text.split("/")[1:] if text else []:
        part = unquote(raw).replace("~1", "/").replace("~0", "~")
        parts.append(int(part) if part.isdigit() else part)
    return tuple(parts)


def child(pointer: str, *keys: Any) -> str:
    out = pointer
    for key in keys:
        out += "/" + str(key).replace("~", "~0").replace("/", "~1")
    return out


def load_document(path: Path, shown: str | None = None) -> Document:
    shown = shown or str(path)
    try:
        text = path.read_text(encoding="utf-8")
    except OSError as exc:
        raise UserError(f"cannot read the schema: {exc.strerror}", file=shown, hint="check the FILE path") from None
    except UnicodeDecodeError:
        raise UserError("not a text file (UTF-8)", file=shown, hint="pass a JSON or YAML document") from None
    located: Located | None = None
    if path.suffix.lower() == ".json":
        try:
            data = json.loads(text)
        except json.JSONDecodeError as exc:
            raise UserError(f"invalid JSON: {exc.msg}", file=shown, line=exc.lineno, hint="fix the JSON syntax") from None
        try:
            located = load(text, shown)  # only for the lines of keys; JSON that YAML 1.1 dislikes has none
        except UserError:
            located = None
    else:
        located = load(text, shown)
        data = located.value
    return _recognise(shown, data, located)


def _recognise(shown: str, data: Any, located: Located | None) -> Document:
    if not isinstance(data, dict):
        what = "empty" if data is None else f"a {type(data).__name__}"
        raise UserError(
            f"not a JSON Schema or OpenAPI document: the top level is {what}, not an object",
            file=shown, line=1, hint="pass a JSON Schema (with `type: object` and `properties`) or an OpenAPI 3 document",
        )
    if "swagger" in data:
        raise UserError(
            f"Swagger {data.get('swagger')} is not supported", file=shown, line=_line(located, "swagger"),
            field="swagger", hint="convert the document to OpenAPI 3 (e.g. with swagger2openapi) and import that",
        )
    if "openapi" in data:
        version = str(data["openapi"])
        if not version.startswith("3."):
            raise UserError(
                f"OpenAPI {version} is not supported", file=shown, line=_line(located, "openapi"),
                field="openapi", hint="import an OpenAPI 3.0 or 3.1 document",
            )
        doc = Document(shown, data, located, "openapi", version)
        schemas = (data.get("components") or {}).get("schemas") if isinstance(data.get("components"), dict) else None
        if not isinstance(schemas, dict) or not schemas:
            raise doc.error("#/components/schemas", "the OpenAPI document has no components.schemas",
                            "define the resource's object under components.schemas")
        for name, schema in schemas.items():
            check_schema(doc, schema, child("#/components/schemas", name), openapi=True)
        return doc
    doc = Document(shown, data, located, "jsonschema", str(data.get("$schema", "")))
    if not any(key in data for key in _SCHEMA_HINTS):
        raise doc.error("#", "not a JSON Schema: no type, properties, $defs, definitions or $ref at the top",
                        "pass a JSON Schema of an object, or an OpenAPI 3 document")
    check_schema(doc, data, "#", openapi=False)
    return doc


def _line(located: Located | None, key: str) -> int | None:
    return located.line_of((key,)) if located else None


def check_schema(doc: Document, node: Any, pointer: str, openapi: bool) -> None:
    """Every keyword the mapping reads has the JSON type the specification gives it; every $ref resolves."""
    if isinstance(node, bool):
        return
    if not isinstance(node, dict):
        raise doc.error(pointer, f"a schema is an object, not {json.dumps(node)[:40]}", "write the schema as a mapping")

    def bad(key: str, what: str) -> UserError:
        return doc.error(child(pointer, key), f"`{key}` must be {what}", "fix the schema (see json-schema.org)")

    kind = node.get("type")
    if kind is not None:
        kinds = kind if isinstance(kind, list) else [kind]
        if not kinds or not all(isinstance(k, str) and k in TYPES for k in kinds):
            raise bad("type", "one of " + ", ".join(sorted(TYPES)) + " (or a list of them)")
    if "required" in node and not (isinstance(node["required"], list) and all(isinstance(r, str) for r in node["required"])):
        raise bad("required", "a list of property names")
    if "enum" in node and not (isinstance(node["enum"], list) and node["enum"]):
        raise bad("enum", "a non-empty list")
    for key in _COUNTS:
        if key in node and not (isinstance(node[key], int) and not isinstance(node[key], bool) and node[key] >= 0):
            raise bad(key, "a non-negative integer")
    for key in _NUMBERS:
        if key in node and not _is_number(node[key]):
            raise bad(key, "a number")
    for key in ("exclusiveMinimum", "exclusiveMaximum"):
        if key in node and not (_is_number(node[key]) or isinstance(node[key], bool)):
            raise bad(key, "a number (or, in OpenAPI 3.0, a boolean)")
    for key in _STRINGS:
        if key in node and not isinstance(node[key], str):
            raise bad(key, "a string")
    if openapi and "nullable" in node and not isinstance(node["nullable"], bool):
        raise bad("nullable", "true or false")
    if "$ref" in node:
        _check_ref(doc, node["$ref"], child(pointer, "$ref"))
    for key in _SCHEMA_MAPS:
        if key in node:
            if not isinstance(node[key], dict):
                raise bad(key, "a mapping of names to schemas")
            for name, sub in node[key].items():
                check_schema(doc, sub, child(pointer, key, name), openapi)
    for key in _SCHEMA_LISTS:
        if key in node:
            if not isinstance(node[key], list) or not node[key]:
                raise bad(key, "a non-empty list of schemas")
            for index, sub in enumerate(node[key]):
                check_schema(doc, sub, child(pointer, key, index), openapi)
    items = node.get("items")
    if isinstance(items, list):  # draft-07 tuple form
        for index, sub in enumerate(items):
            check_schema(doc, sub, child(pointer, "items", index), openapi)
    elif "items" in node:
        check_schema(doc, items, child(pointer, "items"), openapi)
    for key in _SCHEMA_ONE:
        if key in node:
            check_schema(doc, node[key], child(pointer, key), openapi)


def _is_number(value: Any) -> bool:
    return isinstance(value, (int, float)) and not isinstance(value, bool)


def _check_ref(doc: Document, ref: Any, pointer: str) -> None:
    if not isinstance(ref, str):
        raise doc.error(pointer, "`$ref` must be a string", "write the reference as `#/$defs/Name`")
    base = str(doc.data.get("$id", "")).split("#", 1)[0]
    local = ref[len(base) :] if base and ref.startswith(base + "#") else ref
    if not local.startswith("#"):
        raise doc.error(
            pointer, f"the reference {ref!r} points outside this document",
            "bundle the schemas into one document (local `#/...` references only), then import it",
        )
    if doc.node(local) is None and local not in ("#", "#/"):
        raise doc.error(pointer, f"the reference {ref!r} does not resolve in this document",
                        "fix the reference, or add the definition it names")
