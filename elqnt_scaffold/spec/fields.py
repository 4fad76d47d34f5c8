"""The spec's building blocks (DESIGN section 3): field types, fields, models, gateway settings, problems.

Imported by the operations, the models check and the spec document; imports nothing of the spec itself."""

from __future__ import annotations

import difflib
import math
import re
from typing import Any, Literal, Union

from pydantic import BaseModel, ConfigDict, Field, ValidationError, field_validator, model_validator

from .. import naming
from . import validator_tags as tags

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
    nullable: bool = Field(False, description="null is a value: a pointer in Go (nil is null), `T | null` in TS")
    validate_: str | None = Field(None, alias="validate", description="extra go-playground/validator rules")
    description: str | None = None
    values: list[str] | None = Field(None, description="the values of an enum field")
    unique: bool = Field(
        False,
        description="no two records of one organization share the value (postgres: a unique index on org_id and "
        "the column; memory: checked on write); a duplicate answers 409 CONFLICT naming the field",
    )

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
            seen: dict[str, str] = {}
            for value in values:
                check_name(value, "enum value")
                if value in seen.values():
                    raise SpecProblem(f"enum value {value!r} appears twice")
                go = naming.go_name(value)  # each value is a Go constant <Type><GoName>
                if go in seen:
                    raise SpecProblem(f"enum values {seen[go]!r} and {value!r} are both the Go constant suffix {go}: "
                                      "rename one")
                seen[go] = value
        return values

    @model_validator(mode="after")
    def _enum_values(self) -> "FieldSpec":
        if self.type == "enum" and not self.values:
            raise SpecProblem("type enum needs `values: [a, b, ...]`")
        if self.type != "enum" and self.values is not None:
            raise SpecProblem("`values` only applies to type enum")
        return self

    @model_validator(mode="after")
    def _unique_scalar(self) -> "FieldSpec":
        if self.unique and (len(self.kind) > 1 or self.kind[-1] == "any" or self.model is not None):
            raise SpecProblem("`unique` applies to a scalar or enum field (not a list, map, model or any)")
        return self

    @model_validator(mode="after")
    def _validate_rules(self) -> "FieldSpec":
        if self.validate_ is not None:
            check_validate(self.validate_, self.kind)
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
    """How the API gateway's routes.yaml entries of the resource look. A cached route of a tenant needs a
    gateway cache key that includes the org (X-Org-ID), or one organization's data is served to another."""

    auth_required: bool = True
    cache_ttl: str | None = Field(
        "60s", description="cache TTL of the list route (GET on the collection, as the guide shows); null for none"
    )
    get_cache_ttl: str | None = Field(
        None,
        description="cache TTL of get-by-id (GET /<plural>/{id}); default none: a read after a write is fresh. "
        "Custom GETs set their own (operations[].gateway.cache_ttl)",
    )
    write_scopes: list[str] | None = Field(None, description="scopes of write routes; default write:<plural>")

# ------------------------------------------------------------ `validate`: go-playground/validator v10 rules

# What each level of a field's type is to the validator (its reflect.Kind); a model is a struct.
_LEVELS = {"string": "string", "enum": "string", "int": "int", "int32": "int", "int64": "int", "timestamp": "int",
           "float32": "float", "float64": "float", "bool": "bool", "any": "any", "list": "list", "map": "map"}
_SIZES = frozenset({"len", "min", "max", "lt", "lte", "gt", "gte"})  # a length (string, list, map) or a number
_EQUALS = frozenset({"eq", "ne"})  # a string, a length or a number
_ONE_OF = frozenset({"oneof", "noneof"})  # strings or integers
_STRINGS_ONLY = frozenset({"eq_ignore_case", "ne_ignore_case", "oneofci", "noneofci", "datetime"})
_EMPTY_PARAMETER = frozenset({"eq", "ne", "eq_ignore_case", "ne_ignore_case"})  # `eq=`: the empty string
_EXAMPLES = {"len": "len=10", "min": "min=1", "max": "max=120", "lt": "lt=10", "lte": "lte=10", "gt": "gt=0",
             "gte": "gte=0", "eq": "eq=1", "ne": "ne=0", "oneof": "oneof=draft active", "noneof": "noneof=admin root",
             "datetime": "datetime=2006-01-02", "required_if": "required_if=Status active", "eqfield": "eqfield=Password"}
_GO_BOOLS = frozenset({"1", "t", "T", "TRUE", "true", "True", "0", "f", "F", "FALSE", "false", "False"})
_GO_FLOAT = re.compile(r"[+-]?((\d+\.?\d*|\.\d+)([eE][+-]?\d+)?|(?i:inf|infinity|nan))")
_TAGS_URL = "https://pkg.go.dev/github.com/go-playground/validator/v10"


def check_validate(text: str, kind: tuple[str, ...]) -> None:
    """Raise SpecProblem (at `validate`) unless every rule of `text` is one go-playground/validator v10 knows
    (spec/validator_tags.py), in a form it accepts at its level of the field's type `kind` (parse_type):
    `min=1,dive,email` on `[]string`. Checked: the names ("did you mean"), `|` alternatives, a parameter where
    the validator reads one and none where it ignores it, numbers where it parses one (len min max lt lte gt
    gte eq ne), `oneof` values, `dive` only into a list or map and `keys ... endkeys` only on a map, and the
    rules that panic on the level's Go type (`min` on a bool, `oneof` on a float, either on `any`).
    tests/test_validator_tags.py runs the real validator on the same tags and types."""
    levels = [_LEVELS.get(k, "struct") for k in kind]
    rules = text.split(",")
    depth, index = 0, 0
    while index < len(rules):
        rule = rules[index]
        if rule == "dive":
            if levels[depth] not in ("list", "map"):
                raise _rule_problem(rule, f"dive goes into the items of a list or map, and this level is {_type_text(kind[depth:])}",
                                    "drop it, or give the field a []T or map[string]T type")
            depth += 1
            if rules[index + 1 : index + 2] == ["keys"]:
                index = _check_keys(rules, index + 1, kind[depth - 1])
                continue
        elif rule in ("keys", "endkeys"):
            raise _rule_problem(rule, f"{rule} belongs right after dive on a map: dive,keys,<key rules>,endkeys",
                                "write dive,keys,<rules for the keys>,endkeys,<rules for the values>")
        else:
            _check_rule(rule, levels[depth], kind[depth:])
        index += 1


def _check_keys(rules: list[str], at: int, container: str) -> int:
    """`keys` at rules[at], right after a dive: its rules up to `endkeys` are checked on the (string) keys."""
    if container != "map":
        raise _rule_problem("keys", "keys ... endkeys validates the keys of a map, and this level is a list",
                            "drop keys ... endkeys, or give the field a map[string]T type")
    if "endkeys" not in rules[at + 1 :]:
        raise _rule_problem("keys", "keys needs a closing endkeys", "write dive,keys,<rules for the keys>,endkeys")
    end = rules.index("endkeys", at + 1)
    for rule in rules[at + 1 : end]:
        if rule in ("dive", "keys"):
            raise _rule_problem(rule, "a map key is a string: there is nothing to dive into", "remove it from keys ... endkeys")
        _check_rule(rule, "string", ("string",))
    return end + 1


def _check_rule(rule: str, level: str, kind: tuple[str, ...]) -> None:
    if not rule:
        raise _rule_problem(rule, "an empty rule: two commas in a row, or a comma at an end", "remove the extra comma")
    if rule != rule.strip():
        raise _rule_problem(rule, "spaces around a rule are part of its name to the validator",
                            f"remove them: {rule.strip()!r}")
    if rule == "-":
        raise _rule_problem(rule, "`-` (skip validation) cannot be combined with the rules the tool adds",
                            "leave `validate` out for no rules")
    if rule in tags.KEYWORDS:
        return
    alternatives = rule.split("|")
    for tag in alternatives:
        _check_tag(tag, rule, level, kind, len(alternatives) > 1)


def _check_tag(tag: str, rule: str, level: str, kind: tuple[str, ...], alternative: bool) -> None:
    name, eq, param = tag.partition("=")
    if not name:
        raise _rule_problem(rule, "a rule without a name (an empty `|` alternative, or `=` first)", "write NAME or NAME=PARAMETER")
    if name in tags.KEYWORDS:
        if alternative:
            raise _rule_problem(rule, f"{name} cannot be an alternative of `|`", f"put it first, on its own: {name},...")
        raise _rule_problem(rule, f"{name} takes no parameter", f"write `{name}`")
    if name in tags.ALIASES:
        if eq:
            raise _rule_problem(rule, f"{name} (an alias of {tags.ALIASES[name]}) takes no parameter", f"write `{name}`")
        return
    if name not in tags.VALIDATORS:
        raise _rule_problem(rule, f"go-playground/validator {tags.VERSION} has no tag {name!r} (it would panic on "
                            "every request it validates)", _nearest(name))
    if name in tags.PARAMETERS and not eq:
        raise _rule_problem(rule, f"{name} needs a parameter", f"for example {_EXAMPLES.get(name, name + '=...')}")
    if eq and name not in tags.PARAMETERS | tags.OPTIONAL_PARAMETER:
        raise _rule_problem(rule, f"{name} takes no parameter (the validator ignores {param!r})", f"write `{name}`")
    if eq and not param and name not in _EMPTY_PARAMETER:
        raise _rule_problem(rule, f"{name}= has an empty parameter", f"for example {_EXAMPLES.get(name, name + '=...')}")
    _check_level(name, param, rule, level, kind)


def _check_level(name: str, param: str, rule: str, level: str, kind: tuple[str, ...]) -> None:
    """Rules that panic (or can never pass) on this level's Go type, and parameters they cannot parse."""
    what = _type_text(kind)
    typed = name in _SIZES | _EQUALS | _ONE_OF | _STRINGS_ONLY or name == "unique"
    if level == "any" and typed:
        raise _rule_problem(rule, f"{name} on a field of type any panics when a request sends a value of the "
                            "wrong kind (a bool, a number, an object)", "give the field a concrete type, or drop the rule")
    misfit = (
        (name in _SIZES and level in ("bool", "struct"))
        or (name in _EQUALS and level == "struct")
        or (name in _ONE_OF and level not in ("string", "int"))
        or (name in _STRINGS_ONLY and level != "string")
        or (name == "unique" and level not in ("list", "map"))
    )
    if misfit:
        raise _rule_problem(rule, f"{name} does not apply to {what} (the validator panics: Bad field type)",
                            "drop it, or move it after a dive to the items it is meant for")
    if name in _ONE_OF:
        values = [v.replace("'", "") for v in re.findall(r"'[^']*'|\S+", param)]
        if level == "int" and not all(_go_int(v) is not None for v in values):
            raise _rule_problem(rule, f"the values of {name} on {what} must be integers", f"for example {name}=1 2 3")
        return
    if name not in _SIZES | _EQUALS or (level == "string" and name in _EQUALS):
        return  # eq/ne on a string compare text: any parameter
    if level == "bool":
        if param not in _GO_BOOLS:
            raise _rule_problem(rule, f"{name} on a bool needs true or false", f"{name}=true")
    elif level == "float":
        if _go_float(param, 32 if kind == ("float32",) else 64) is None:
            raise _rule_problem(rule, f"{name} on {what} needs a number, not {param!r}", f"for example {name}=0.5")
    elif _go_int(param) is None:
        size = "length" if level in ("string", "list", "map") else "value"
        raise _rule_problem(rule, f"{name} on {what} compares its {size} with an integer, not {param!r}",
                            f"for example {_EXAMPLES.get(name, name + '=1')}")


def _go_int(text: str) -> int | None:
    """strconv.ParseInt(text, 0, 64) (asInt): decimal, 0x/0o/0b and legacy 0-octal, `_` separators, int64 range."""
    if not text or not text.isascii() or text != text.strip():
        return None
    sign, body = (-1, text[1:]) if text[0] == "-" else (1, text[1:] if text[0] == "+" else text)
    if re.fullmatch(r"0[0-7_]+", body):
        body = "0o" + body[1:]
    try:
        value = sign * int(body, 0)
    except ValueError:
        return None
    return value if -(2**63) <= value < 2**63 else None


def _go_float(text: str, bits: int) -> float | None:
    """strconv.ParseFloat(text, bits) for decimal numbers, Inf and NaN; None when out of range."""
    if not _GO_FLOAT.fullmatch(text):
        return None
    value = float(text)
    limit = 3.4028234663852886e38 if bits == 32 else math.inf
    if math.isinf(value) and "inf" not in text.lower() or (not math.isinf(value) and abs(value) > limit):
        return None
    return value


def _type_text(kind: tuple[str, ...]) -> str:
    """("list", "string") -> "[]string", for messages about one level of a field's type."""
    return "".join("[]" if k == "list" else "map[string]" if k == "map" else k for k in kind)


def _nearest(name: str) -> str:
    if name.lower() in ("regex", "regexp", "pattern", "match"):
        return f"validator v10 has no regular-expression rule; check it in the service code ({_TAGS_URL})"
    known = sorted(tags.known())
    lowered = name.lower()
    match = lowered if lowered in tags.known() else next(iter(difflib.get_close_matches(lowered, known, n=1, cutoff=0.6)), None)
    return f"did you mean {match}?" if match else f"use one of the validator's tags ({_TAGS_URL})"


def _rule_problem(rule: str, message: str, hint: str) -> SpecProblem:
    return SpecProblem(f"validate rule {rule!r}: {message}", ("validate",), hint)


def format_problem(err: dict[str, Any]) -> str:
    message = str(err.get("msg", "invalid value"))
    for prefix in ("Value error, ", "Assertion failed, "):
        if message.startswith(prefix):
            message = message[len(prefix) :]
    if err.get("type") == "extra_forbidden":
        return "unknown key"
    return message
