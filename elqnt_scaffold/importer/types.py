"""JSON Schema types, formats and validation keywords -> spec types and validator/v10 rules.

Formats: `date-time` stays a string on the wire, so it maps to `string` with the validator rule
`datetime=2006-01-02T15:04:05Z07:00` (RFC 3339), not to the spec's `timestamp` (Unix milliseconds,
a number: another wire format). `date` and `time` likewise. Integers without a format are `int64`.
"""

from __future__ import annotations

from dataclasses import dataclass, field
from typing import Any

from .. import naming

RFC3339 = "2006-01-02T15:04:05Z07:00"

# Types name -> (spec type, validator rules, note for the description, why it is not enforced)
FORMATS: dict[str, tuple[str, list[str], str | None, str | None]] = {
    "string": ("string", [], None, None),
    "integer": ("int64", [], None, None),
    "int32": ("int32", [], None, None),
    "int64": ("int64", [], None, None),
    "number": ("float64", [], None, None),
    "float": ("float32", [], None, None),
    "double": ("float64", [], None, None),
    "decimal": ("float64", [], None, "mapped to float64: decimal precision may be lost"),
    "boolean": ("bool", [], None, None),
    "date_time": ("string", [f"datetime={RFC3339}"], "An RFC 3339 date-time.", None),
    "date": ("string", ["datetime=2006-01-02"], "An RFC 3339 full-date (2006-01-02).", None),
    "time": ("string", ["datetime=15:04:05Z07:00"], "An RFC 3339 full-time.", None),
    "date_time_local": ("string", ["datetime=2006-01-02T15:04:05"], "A local date-time (no offset).", None),
    "time_local": ("string", ["datetime=15:04:05"], "A local time (no offset).", None),
    "timedelta": ("string", [], "An ISO 8601 duration.", "mapped to string: the duration's syntax is not checked"),
    "email": ("string", ["email"], None, None),
    "uri": ("string", ["url"], None, None),
    "uuid": ("string", ["uuid"], None, None),
    "uuid1": ("string", ["uuid"], None, None),
    "uuid2": ("string", ["uuid"], None, None),
    "uuid3": ("string", ["uuid3"], None, None),
    "uuid4": ("string", ["uuid4"], None, None),
    "uuid5": ("string", ["uuid5"], None, None),
    "ulid": ("string", ["ulid"], None, None),
    "hostname": ("string", ["hostname_rfc1123"], None, None),
    "ipv4": ("string", ["ipv4"], None, None),
    "ipv6": ("string", ["ipv6"], None, None),
    "ipv4_network": ("string", ["cidrv4"], None, None),
    "ipv6_network": ("string", ["cidrv6"], None, None),
    "byte": ("string", ["base64"], "Base64-encoded bytes.", None),
    "binary": ("string", [], "Binary data.", "mapped to string: raw bytes are not JSON"),
    "password": ("string", [], None, None),
    "path": ("string", [], None, None),
}
_ON_WIRE = {"string": "string", "integer": "int64", "number": "float64"}
NUMBER_TYPES = frozenset({"int32", "int64", "float32", "float64"})
_ONEOF_UNSAFE = set(" \t\n,|='\"")


@dataclass
class Mapped:
    """One JSON Schema type as the spec carries it."""

    type: str
    levels: list[list[str]] = field(default_factory=lambda: [[]])  # validate rules per container level
    values: list[str] | None = None  # an enum's
    nullable: bool = False
    notes: list[str] = field(default_factory=list)  # sentences for the field's description


def number_text(value: Any) -> str:
    number = float(value)
    return str(int(number)) if number.is_integer() else repr(number)


def constraint_rules(spec_type: str, c: dict[str, Any]) -> list[str]:
    """The validator rules of a scalar's length and range keywords (`pattern` and `multipleOf`, which have
    none, are read from the document by importer.keywords)."""
    rules: list[str] = []
    if spec_type == "string":
        low, high = c.get("min_length"), c.get("max_length")
        if low is not None and low == high:
            rules.append(f"len={low}")
        else:
            rules += [f"min={low}"] * (low is not None) + [f"max={high}"] * (high is not None)
    elif spec_type in NUMBER_TYPES:
        for key, rule in (("ge", "min"), ("gt", "gt"), ("le", "max"), ("lt", "lt")):
            if c.get(key) is not None:
                rules.append(f"{rule}={number_text(c[key])}")
    return rules


def scalar_type(name: str, wire: Any) -> tuple[str, list[str], str | None]:
    """(spec type, validator rules, description note) of the parser's scalar type `name` (a Types name:
    `date_time`, `email`...) on a schema whose JSON `type` is `wire`: a format that would change the JSON
    type (`integer` + `date-time`) is not applied, the wire type is kept."""
    spec_type, rules, note, _ = FORMATS.get(name, ("string", [], None, None))
    on_wire = _ON_WIRE.get(wire) if isinstance(wire, str) else None
    if on_wire and (on_wire == "string") != (spec_type == "string"):
        return on_wire, [], None
    return spec_type, list(rules), note


def format_warnings(wire: str | None, fmt: str, parsed: str | None) -> list[str]:
    """What to report about `format: fmt` on a schema of JSON type `wire`, which the parser reads as the
    Types name `parsed` (None: a type it has no formats for): [] when the format is enforced."""
    if wire not in _ON_WIRE or parsed is None:
        return ["not understood, or no validator rule for it: not enforced"]
    spec_type, _, _, why = FORMATS.get(parsed, ("string", [], None, "not understood: mapped to string"))
    out = [why] if why else []
    if not why and parsed == wire:  # the parser fell back to the plain type
        out.append("not understood, or no validator rule for it: not enforced")
    on_wire = _ON_WIRE[wire]
    if (on_wire == "string") != (spec_type == "string"):  # the format would change the JSON type
        article = "an" if wire[0] in "aeiou" else "a"
        out.append(f"on {article} {wire}: kept as {on_wire}, the format is not enforced")
    return out


def container_rules(kind: str, c: dict[str, Any]) -> list[str]:
    """minItems / maxItems (the parser calls them min_length / max_length on lists) and uniqueItems."""
    low = c.get("min_items", c.get("min_length"))
    high = c.get("max_items", c.get("max_length"))
    rules = [f"min={low}"] * (low is not None) + [f"max={high}"] * (high is not None)
    if kind == "list" and c.get("unique_items"):
        rules.append("unique")
    return rules


def join_levels(levels: list[list[str]]) -> str:
    """[["min=1"], ["email"]] -> "min=1,dive,email"; levels without rules at the end need no dive."""
    last = max((i for i, rules in enumerate(levels) if rules), default=-1)
    out: list[str] = []
    for index, rules in enumerate(levels[: last + 1]):
        if index:
            out.append("dive")
        out.extend(rules)
    return ",".join(out)


def map_enum(values: list[Any], depth: int, warn) -> Mapped:
    """An enum (or const) as the spec carries it: `enum` when every value can name a Go constant; else
    the base type with a `oneof` rule; else a warning. Inside lists and maps always `oneof`."""
    present = [v for v in values if v is not None]
    nullable = len(present) < len(values)
    if present and all(isinstance(v, str) for v in present):
        go_names = [naming.go_name(v) for v in present]
        names_ok = all(naming.name_problem(v) is None for v in present) and len(set(go_names)) == len(present)
        if depth == 0 and names_ok:
            return Mapped("enum", values=list(present), nullable=nullable)
        if all(v and not (set(v) & _ONEOF_UNSAFE) for v in present):
            why = "inside a list or map" if depth else "with values that are not identifiers"
            warn("enum", f"{why}: mapped to string with `oneof` (TS sees string)")
            return Mapped("string", [["oneof=" + " ".join(present)]], nullable=nullable)
        warn("enum", "values with spaces or punctuation cannot be a `oneof` rule: mapped to string, not enforced")
        return Mapped("string", nullable=nullable, notes=[f"One of: {', '.join(map(repr, present))}."])
    if present and all(isinstance(v, int) and not isinstance(v, bool) for v in present):
        warn("enum", "integer values: mapped to int64 with `oneof` (TS sees number)")
        return Mapped("int64", [["oneof=" + " ".join(str(v) for v in present)]], nullable=nullable)
    warn("enum", "values of mixed or non-string types: mapped to any, not enforced")
    return Mapped("any", nullable=nullable, notes=[f"One of: {', '.join(map(repr, present))}."])
