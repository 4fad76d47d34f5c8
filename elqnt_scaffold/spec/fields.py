"""The spec's building blocks (DESIGN section 3): field types, fields, models, gateway settings, problems.

Imported by the operations, the models check and the spec document; imports nothing of the spec itself."""

from __future__ import annotations

import re
from typing import Any, Literal, Union

from pydantic import BaseModel, ConfigDict, Field, ValidationError, field_validator, model_validator

from .. import naming

SCALAR_TYPES = ("string", "int", "int32", "int64", "float32", "float64", "bool", "any", "timestamp")
CRUD_OPERATIONS = ("list", "create", "get", "update", "delete")
IMPLICIT_FIELDS = ("id", "created_at", "updated_at")
# The spec format's JSON Schema, committed at schema/elqnt-scaffold-spec.json (`elqnt-scaffold schema`).
SCHEMA_URL = "https://raw.githubusercontent.com/elqnt/elqnt-scaffold/main/schema/elqnt-scaffold-spec.json"
MODEL_NAME = re.compile(r"^[A-Z][A-Za-z0-9]*$")
TYPE_PATTERN = r"^(\[\]|map\[string\])*(" + "|".join(SCALAR_TYPES) + r"|[A-Z][A-Za-z0-9]*)$|^enum$"


class SpecProblem(ValueError):
    """A value that pydantic should report at the field it was raised for (or at `path`, when given)."""

    def __init__(self, message: str, path: tuple[Any, ...] | None = None, hint: str | None = None) -> None:
        super().__init__(message)
        self.path = path
        self.hint = hint


def is_model_name(name: str) -> bool:
    """Model names are Go type names, PascalCase: `Address`, `LineItem` (scalar types are lower case)."""
    return bool(MODEL_NAME.match(name))


def parse_type(text: str) -> tuple[str, ...]:
    """`[]map[string]int64` -> ("list", "map", "int64"); `[]Address` -> ("list", "Address").

    A PascalCase base names a model of the spec (checked against `models:` by the Spec); anything else
    unknown raises SpecProblem."""
    parts: list[str] = []
    rest = text.strip()
    while True:
        if rest.startswith("[]"):
            parts.append("list")
            rest = rest[2:]
        elif rest.startswith("map[string]"):
            parts.append("map")
            rest = rest[len("map[string]") :]
        else:
            break
    if rest == "enum" and not parts:
        return ("enum",)
    if rest not in SCALAR_TYPES and not is_model_name(rest):
        known = ", ".join(SCALAR_TYPES + ("enum", "[]T", "map[string]T", "a model name (Address)"))
        raise SpecProblem(f"unknown type {text!r}; known types: {known}")
    return tuple(parts) + (rest,)


def check_name(value: str, what: str) -> str:
    problem = naming.name_problem(value)
    if problem:
        raise SpecProblem(f"{what} {value!r} {problem}")
    return value


class Strict(BaseModel):
    model_config = ConfigDict(extra="forbid", frozen=True)


class FieldSpec(Strict):
    """One field of the resource, or of one of its models."""

    name: str = Field(description="snake_case or camelCase; JSON uses camelCase, Go uses Go initialisms")
    type: str = Field(
        description="string int int32 int64 float32 float64 bool any timestamp enum []T map[string]T, "
        "or the name of one of the spec's `models` (Address, []Address, map[string]Address)",
        json_schema_extra={"pattern": TYPE_PATTERN},
    )
    required: bool = False
    nullable: bool = Field(False, description="null is a value: a pointer in Go (nil is null), optional (`?`) in TS")
    validate_: str | None = Field(None, alias="validate", description="extra go-playground/validator rules")
    description: str | None = None
    values: list[str] | None = Field(None, description="the values of an enum field")

    model_config = ConfigDict(extra="forbid", frozen=True, populate_by_name=True)

    @field_validator("name")
    @classmethod
    def _name(cls, value: str) -> str:
        return check_name(value, "field name")

    @field_validator("type")
    @classmethod
    def _type(cls, value: str) -> str:
        parse_type(value)
        return value.strip()

    @field_validator("values")
    @classmethod
    def _values(cls, values: list[str] | None) -> list[str] | None:
        if values is not None:
            if not values:
                raise SpecProblem("an enum needs at least one value")
            seen: set[str] = set()
            for value in values:
                check_name(value, "enum value")
                if value in seen:
                    raise SpecProblem(f"enum value {value!r} appears twice")
                seen.add(value)
        return values

    @model_validator(mode="after")
    def _enum_values(self) -> "FieldSpec":
        if self.type == "enum" and not self.values:
            raise SpecProblem("type enum needs `values: [a, b, ...]`")
        if self.type != "enum" and self.values is not None:
            raise SpecProblem("`values` only applies to type enum")
        return self

    @property
    def kind(self) -> tuple[str, ...]:
        return parse_type(self.type)

    @property
    def model(self) -> str | None:
        """The model the type names at its base (`[]Address` -> "Address"), or None."""
        base = self.kind[-1]
        return base if is_model_name(base) else None


def check_field_names(fields: list[FieldSpec], implicit: tuple[str, ...] = ()) -> list[FieldSpec]:
    seen = {naming.camel(name): name for name in implicit}
    for index, field in enumerate(fields):
        key = naming.camel(field.name)
        if key in seen:
            what = "an implicit field the tool adds" if seen[key] in implicit else "another field"
            raise SpecProblem(f"{field.name!r} duplicates {seen[key]!r} ({what})", (index, "name"))
        seen[key] = field.name
    return fields


class ModelSpec(Strict):
    """A named object type: its own Go struct in the resource's models file, its own TS interface."""

    description: str | None = None
    fields: list[FieldSpec] = Field(default_factory=list)

    @field_validator("fields")
    @classmethod
    def _unique(cls, fields: list[FieldSpec]) -> list[FieldSpec]:
        return check_field_names(fields)


class GatewaySpec(Strict):
    """How the API gateway's routes.yaml entries of the resource look."""

    auth_required: bool = True
    cache_ttl: str | None = Field("60s", description="cache TTL of GET routes; null for none")
    write_scopes: list[str] | None = Field(None, description="scopes of write routes; default write:<plural>")

def format_problem(err: dict[str, Any]) -> str:
    message = str(err.get("msg", "invalid value"))
    for prefix in ("Value error, ", "Assertion failed, "):
        if message.startswith(prefix):
            message = message[len(prefix) :]
    if err.get("type") == "extra_forbidden":
        return "unknown key"
    return message
