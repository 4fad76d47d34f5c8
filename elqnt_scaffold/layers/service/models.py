"""The Go shape of a spec: struct fields, tags, enums and sample values, for the service templates."""

from __future__ import annotations

import json
from dataclasses import dataclass
from typing import Any

from ...sources.go import gofmt
from ... import naming
from ...spec import FieldSpec, Spec
from ...spec.models import enum_type_name

_GO_SCALARS = {
    "string": "string",
    "int": "int",
    "int32": "int32",
    "int64": "int64",
    "float32": "float32",
    "float64": "float64",
    "bool": "bool",
    "any": "any",
    "timestamp": "int64",
}


_ZERO_VALID = frozenset({"int", "int32", "int64", "float32", "float64", "bool", "timestamp"})


@dataclass(frozen=True)
class GoField:
    spec: FieldSpec
    go_name: str
    json_name: str
    go_type: str
    enum_type: str | None
    pointer: bool = False  # nullable, or an optional model: nil is null / absent

    @property
    def is_model_value(self) -> bool:
        """A model held by value (`Address`, required): the validator checks its fields, not its presence."""
        return self.spec.model is not None and len(self.spec.kind) == 1 and not self.pointer

    @property
    def validate_rules(self) -> list[str]:
        rules: list[str] = []
        if self.spec.validate_:
            rules.extend(r for r in self.spec.validate_.split(",") if r)
        if self.enum_type and self.spec.values:
            rules.append("oneof=" + " ".join(self.spec.values))
        if self.spec.model is not None:  # lists and maps of models: `dive` down to the model's own rules
            rules.extend(["dive"] * (len(self.spec.kind) - 1 - rules.count("dive")))
        return rules

    @property
    def zero_is_valid(self) -> bool:
        """Numbers and booleans: 0 and false are real values, so `required` cannot be checked."""
        return self.spec.kind == (self.spec.kind[-1],) and self.spec.kind[-1] in _ZERO_VALID

    @property
    def presence_checked(self) -> bool:
        """Whether validator's `required` can tell an absent value: not for 0/false, null (nullable) or a struct."""
        return self.spec.required and not (self.zero_is_valid or self.spec.nullable or self.is_model_value)

    @property
    def needs_empty_default(self) -> bool:
        """Slices and maps: an absent value must come back as [] / {}, not null (unless null is a value)."""
        return self.spec.kind[0] in ("list", "map") and not self.pointer

    @property
    def local_type(self) -> str:
        """The Go type as the models package spells it: `[]LineItem`."""
        return go_type(self.spec.kind, self.enum_type, self.pointer)

    @property
    def qualified_type(self) -> str:
        """The Go type as another package of the service spells it: `[]models.LineItem`."""
        enum_type = f"models.{self.enum_type}" if self.enum_type else None
        return go_type(self.spec.kind, enum_type, self.pointer, qualifier="models.")

    def request_tag(self) -> str:
        rules = self.validate_rules
        tag = f'`json:"{self.json_name}"' if self.spec.required else f'`json:"{self.json_name},omitempty"'
        if self.presence_checked:
            rules = ["required", *(r for r in rules if r != "required")]
        elif rules and (not self.spec.required or self.spec.nullable) and rules[0] not in ("omitempty", "omitnil"):
            rules = ["omitempty", *rules]  # nil / absent skips the rules (once: a spec may say it already)
        return tag + (f' validate:"{",".join(rules)}"' if rules else "") + "`"


def go_type(kind: tuple[str, ...], enum_type: str | None, pointer: bool = False, qualifier: str = "") -> str:
    prefix = "".join("[]" if k == "list" else "map[string]" for k in kind[:-1])
    base = kind[-1]
    if base == "enum" and enum_type:
        leaf = enum_type
    elif base in _GO_SCALARS:
        leaf = _GO_SCALARS[base]
    else:
        leaf = qualifier + base  # a model's Go name is its spec name
    return ("*" if pointer else "") + prefix + leaf


def _pointer(field: FieldSpec) -> bool:
    if field.kind == ("any",):
        return False  # an interface: nil is already null
    if field.nullable:
        return True
    return field.model is not None and len(field.kind) == 1 and not field.required


def _go_fields(owner: str, fields: list[FieldSpec]) -> list[GoField]:
    out = []
    for f in fields:
        enum_type = enum_type_name(owner, f.name) if f.type == "enum" else None
        pointer = _pointer(f)
        out.append(GoField(f, naming.go_name(f.name), naming.camel(f.name), go_type(f.kind, enum_type, pointer), enum_type, pointer))
    return out


def go_fields(spec: Spec) -> list[GoField]:
    return _go_fields(spec.names.go, spec.fields)


def model_fields(spec: Spec) -> dict[str, list[GoField]]:
    """The Go fields of each of the spec's models, by model name."""
    return {name: _go_fields(name, model.fields) for name, model in spec.models.items()}


def _field_rows(fields: list[GoField], tag_of) -> list[gofmt.Row]:
    rows: list[gofmt.Row] = []
    for f in fields:
        rows.extend(gofmt.comment(f.spec.description))
        rows.append([f.go_name, f.go_type, tag_of(f)])
    return rows


def model_lines(spec: Spec, fields: list[GoField]) -> list[str]:
    rows: list[gofmt.Row] = [["ID", "string", '`json:"id"`']]
    rows += _field_rows(fields, lambda f: f'`json:"{f.json_name}"`')
    rows += [
        "// CreatedAt and UpdatedAt are Unix milliseconds.",
        ["CreatedAt", "int64", '`json:"createdAt"`'],
        ["UpdatedAt", "int64", '`json:"updatedAt"`'],
    ]
    return gofmt.align(rows)


def request_lines(fields: list[GoField]) -> list[str]:
    return gofmt.align(_field_rows(fields, GoField.request_tag))


def list_lines(spec: Spec) -> list[str]:
    go = spec.names.go
    return gofmt.align(
        [
            ["Items", f"[]{go}", '`json:"items"`'],
            ["Total", "int", '`json:"total"`'],
            ["Page", "int", '`json:"page"`'],
            ["Limit", "int", '`json:"limit"`'],
        ]
    )


def enums(fields: list[GoField]) -> list[dict[str, Any]]:
    out = []
    for f in fields:
        if not f.enum_type:
            continue
        rows: list[gofmt.Row] = [
            [f.enum_type + naming.go_name(v), f.enum_type, f"= {json.dumps(v)}"] for v in f.spec.values or []
        ]
        doc = f"// {f.enum_type} is one of the values of {f.go_name}."
        out.append({"go_type": f.enum_type, "doc": doc, "lines": gofmt.align(rows)})
    return out


def models(spec: Spec) -> list[dict[str, Any]]:
    """The spec's models as the models template declares them: enums, doc, struct lines (request tags:
    the same struct is read from requests, so it carries the validate rules)."""
    out = []
    for name, fields in model_fields(spec).items():
        text = spec.models[name].description or f"a model of the {spec.names.resource.replace('_', ' ')} spec."
        out.append(
            {
                "name": name,
                "enums": enums(fields),
                "doc": _doc(name, text),
                "lines": gofmt.align(_field_rows(fields, GoField.request_tag)),
            }
        )
    return out


def _doc(name: str, text: str) -> list[str]:
    first, *rest = text.strip().splitlines()
    word = first.split()[0]
    if word[:1].isupper() and (len(word) == 1 or word[1:].islower()):  # "A widget" -> "a widget"; keep "API ..."
        first = first[0].lower() + first[1:]
    return gofmt.comment("\n".join([f"{name} is {first}", *rest]))


def resource_doc(spec: Spec) -> list[str]:
    text = spec.description or f"a {spec.names.resource.replace('_', ' ')} of the {spec.service_name}."
    return _doc(spec.names.go, text)
