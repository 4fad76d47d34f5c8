"""The Go shape of a spec: struct fields, tags, enums and sample values, for the service templates."""

from __future__ import annotations

import json
from dataclasses import dataclass
from typing import Any

from .. import goformat, naming
from ..spec import FieldSpec, Spec

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

    @property
    def validate_rules(self) -> list[str]:
        rules: list[str] = []
        if self.spec.validate_:
            rules.extend(r for r in self.spec.validate_.split(",") if r)
        if self.enum_type and self.spec.values:
            rules.append("oneof=" + " ".join(self.spec.values))
        return rules

    @property
    def zero_is_valid(self) -> bool:
        """Numbers and booleans: 0 and false are real values, so `required` cannot be checked."""
        return self.spec.kind == (self.spec.kind[-1],) and self.spec.kind[-1] in _ZERO_VALID

    @property
    def needs_empty_default(self) -> bool:
        """Slices and maps: an absent value must come back as [] / {}, not null."""
        return self.spec.kind[0] in ("list", "map")

    def request_tag(self) -> str:
        rules = self.validate_rules
        if self.spec.required:
            tag = f'`json:"{self.json_name}"'
            if not self.zero_is_valid:  # validator's `required` would reject 0 and false
                rules = ["required", *rules]
        else:
            tag = f'`json:"{self.json_name},omitempty"'
            rules = ["omitempty", *rules] if rules else []
        return tag + (f' validate:"{",".join(rules)}"' if rules else "") + "`"


def go_type(kind: tuple[str, ...], enum_type: str | None) -> str:
    prefix = "".join("[]" if k == "list" else "map[string]" for k in kind[:-1])
    return prefix + (enum_type if kind[-1] == "enum" and enum_type else _GO_SCALARS[kind[-1]])


def go_fields(spec: Spec) -> list[GoField]:
    names = spec.names
    out = []
    for f in spec.fields:
        enum_type = names.go + naming.go_name(f.name) if f.type == "enum" else None
        out.append(GoField(f, naming.go_name(f.name), naming.camel(f.name), go_type(f.kind, enum_type), enum_type))
    return out


def _field_rows(fields: list[GoField], tag_of) -> list[goformat.Row]:
    rows: list[goformat.Row] = []
    for f in fields:
        rows.extend(goformat.comment(f.spec.description))
        rows.append([f.go_name, f.go_type, tag_of(f)])
    return rows


def model_lines(spec: Spec, fields: list[GoField]) -> list[str]:
    rows: list[goformat.Row] = [["ID", "string", '`json:"id"`']]
    rows += _field_rows(fields, lambda f: f'`json:"{f.json_name}"`')
    rows += [
        "// CreatedAt and UpdatedAt are Unix milliseconds.",
        ["CreatedAt", "int64", '`json:"createdAt"`'],
        ["UpdatedAt", "int64", '`json:"updatedAt"`'],
    ]
    return goformat.align(rows)


def request_lines(fields: list[GoField]) -> list[str]:
    return goformat.align(_field_rows(fields, GoField.request_tag))


def list_lines(spec: Spec) -> list[str]:
    go = spec.names.go
    return goformat.align(
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
        rows: list[goformat.Row] = [
            [f.enum_type + naming.go_name(v), f.enum_type, f"= {json.dumps(v)}"] for v in f.spec.values or []
        ]
        doc = f"// {f.enum_type} is one of the values of {f.go_name}."
        out.append({"go_type": f.enum_type, "doc": doc, "lines": goformat.align(rows)})
    return out


def resource_doc(spec: Spec) -> list[str]:
    text = spec.description or f"a {spec.names.resource.replace('_', ' ')} of the {spec.service_name}."
    first, *rest = text.strip().splitlines()
    word = first.split()[0]
    if word[:1].isupper() and (len(word) == 1 or word[1:].islower()):  # "A widget" -> "a widget"; keep "API ..."
        first = first[0].lower() + first[1:]
    return goformat.comment("\n".join([f"{spec.names.go} is {first}", *rest]))


# --- sample JSON bodies for the generated handler tests -------------------------------------------


def _rule_number(rules: list[str], *names: str) -> int | None:
    for rule in rules:
        key, _, value = rule.partition("=")
        if key in names:
            try:
                return int(float(value))
            except ValueError:
                return None
    return None


def sample_value(field: GoField) -> Any:
    kind = field.spec.kind
    rules = field.validate_rules
    if kind[0] == "list":
        return []
    if kind[0] == "map":
        return {}
    base = kind[-1]
    if base == "enum":
        return (field.spec.values or [""])[0]
    if base == "bool":
        return True
    if base == "any":
        return {"example": True}
    if base in ("int", "int32", "int64", "timestamp", "float32", "float64"):
        low = _rule_number(rules, "min", "gte", "eq", "len")
        gt = _rule_number(rules, "gt")
        value = max(1, low or 0, (gt + 1) if gt is not None else 0)
        return value
    for rule in rules:
        if rule == "email":
            return "someone@example.com"
        if rule in ("url", "uri", "http_url"):
            return "https://example.com/"
        if rule in ("uuid", "uuid4"):
            return "0b7e9f3c-1d2a-4c5b-8e6f-7a8b9c0d1e2f"
    length = _rule_number(rules, "len")
    if length is not None:
        return "x" * length
    low = _rule_number(rules, "min", "gte") or 1
    high = _rule_number(rules, "max", "lte")
    text = "example"
    if len(text) < low:
        text = text + "x" * (low - len(text))
    if high is not None and len(text) > high:
        text = "x" * max(high, low)
    return text


def sample_body(fields: list[GoField]) -> str:
    return json.dumps({f.json_name: sample_value(f) for f in fields}, separators=(",", ":"))


def invalid_body(fields: list[GoField]) -> str | None:
    """A body that validation must reject: the sample without its first required field, if any."""
    required = [f for f in fields if f.spec.required and not f.zero_is_valid]
    if not required:
        return None
    data = {f.json_name: sample_value(f) for f in fields if f is not required[0]}
    return json.dumps(data, separators=(",", ":"))
