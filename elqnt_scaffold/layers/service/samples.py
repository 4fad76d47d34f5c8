"""Sample JSON bodies for the generated handler tests: values every validate rule accepts.

A body holds a value for every field; nested models get theirs recursively (a model already being
sampled is left out, or empty, so recursive models end); lists and maps of models get one element so
the `dive` rules run. `invalid_body` drops the first field whose absence the validator can see.
"""

from __future__ import annotations

import json
import math
from typing import Any

from ...spec import Spec
from .models import GoField, go_fields, model_fields

_INTS = frozenset({"int", "int32", "int64", "timestamp"})
_FIXED = {  # string formats: a value each rule accepts
    "email": "someone@example.com",
    "url": "https://example.com/",
    "uri": "https://example.com/",
    "http_url": "https://example.com/",
    "uuid": "0b7e9f3c-1d2a-4c5b-8e6f-7a8b9c0d1e2f",
    "uuid4": "0b7e9f3c-1d2a-4c5b-8e6f-7a8b9c0d1e2f",
    "uuid_rfc4122": "0b7e9f3c-1d2a-4c5b-8e6f-7a8b9c0d1e2f",
    "ipv4": "192.0.2.1",
    "ipv6": "2001:db8::1",
    "ip": "192.0.2.1",
    "cidrv4": "192.0.2.0/24",
    "cidrv6": "2001:db8::/32",
    "hostname": "example.com",
    "hostname_rfc1123": "example.com",
    "fqdn": "example.com",
    "base64": "ZXhhbXBsZQ==",
    "ulid": "01ARZ3NDEKTSV4RRFFQ69G5FAV",
}


class Sampler:
    def __init__(self, spec: Spec) -> None:
        self.models = model_fields(spec)

    def body(self, fields: list[GoField], stack: tuple[str, ...] = (), required_only: bool = False) -> dict[str, Any]:
        """A JSON object for `fields`; `stack` holds the models being sampled. Back at one of them, only
        required fields are followed: required value cycles are rejected by the spec, so this ends."""
        out: dict[str, Any] = {}
        for f in fields:
            if required_only and not f.spec.required:
                continue
            model = f.spec.model
            if model is not None and model in stack and len(f.spec.kind) == 1:
                if not f.spec.required:
                    continue
                if f.pointer:
                    out[f.json_name] = None  # required but nullable: null ends the recursion
                else:
                    out[f.json_name] = self.body(self.models[model], stack + (model,), required_only=True)
                continue
            out[f.json_name] = self.value(f, stack)
        return out

    def value(self, field: GoField, stack: tuple[str, ...] = ()) -> Any:
        levels = _levels(field.validate_rules)
        return self._level(field, field.spec.kind, levels, stack)

    def _level(self, field: GoField, kind: tuple[str, ...], levels: list[list[str]], stack: tuple[str, ...]) -> Any:
        rules = levels[0] if levels else []
        deeper = levels[1:]
        if kind[0] in ("list", "map"):
            model = field.spec.model
            count = _rule_number(rules, "len", "min", "gte") or 0
            if model is not None and model not in stack:
                count = max(count, 1)
            items = [self._level(field, kind[1:], deeper, stack) for _ in range(int(count))]
            return items if kind[0] == "list" else {f"key{i + 1}": v for i, v in enumerate(items)}
        base = kind[0]
        if base == "enum":
            return (field.spec.values or [""])[0]
        if field.spec.model is not None:
            return self.body(self.models[base], stack + (base,))
        return scalar(base, rules)


def _levels(rules: list[str]) -> list[list[str]]:
    """The rules of each level: `min=1,dive,email` -> [["min=1"], ["email"]]."""
    out: list[list[str]] = [[]]
    for rule in rules:
        if rule == "dive":
            out.append([])
        else:
            out[-1].append(rule)
    return out


def _rule_value(rules: list[str], *names: str) -> str | None:
    for rule in rules:
        key, _, value = rule.partition("=")
        if key in names:
            return value
    return None


def _rule_number(rules: list[str], *names: str) -> float | None:
    value = _rule_value(rules, *names)
    try:
        return float(value) if value is not None else None
    except ValueError:
        return None


def scalar(base: str, rules: list[str]) -> Any:
    if base == "bool":
        return True
    if base == "any":
        return {"example": True}
    choice = _rule_value(rules, "oneof")
    if base in _INTS or base.startswith("float"):
        if choice:
            first = choice.split()[0]
            return int(first) if base in _INTS else float(first)
        return _number(rules, base in _INTS)
    if choice:
        return choice.split()[0]
    for rule in rules:
        if rule in _FIXED:
            return _FIXED[rule]
    layout = _rule_value(rules, "datetime")
    if layout is not None:  # Go's reference time, printed in UTC, parses back with its own layout
        return layout.replace("Z07:00", "Z").replace("-07:00", "+00:00").replace("MST", "UTC")
    length = _rule_number(rules, "len")
    if length is not None:
        return "x" * int(length)
    low = int(_rule_number(rules, "min", "gte") or 1)
    high = _rule_number(rules, "max", "lte")
    text = "example"
    if len(text) < low:
        text = text + "x" * (low - len(text))
    if high is not None and len(text) > high:
        text = "x" * max(int(high), low)
    return text


def _number(rules: list[str], integer: bool) -> int | float:
    """1, unless the bounds (min/gte, gt, max/lte, lt, eq, len) say otherwise."""
    exact = _rule_number(rules, "eq", "len")
    if exact is not None:
        return int(exact) if integer else exact
    low, low_open = _bound(rules, ("min", "gte"), "gt")
    high, high_open = _bound(rules, ("max", "lte"), "lt")
    step = 1 if integer else 0.5
    value: float = 1
    if low is not None and (value < low or (low_open and value <= low)):
        value = (math.floor(low) + 1 if low_open else math.ceil(low)) if integer else (low + step if low_open else low)
    if high is not None and (value > high or (high_open and value >= high)):
        if low is not None:
            value = (low + high) / 2
            value = math.floor(value) if integer else value
        else:
            value = (math.ceil(high) - 1 if high_open else math.floor(high)) if integer else (high - step if high_open else high)
    return int(value) if integer else value


def _bound(rules: list[str], closed: tuple[str, ...], open_: str) -> tuple[float | None, bool]:
    value = _rule_number(rules, *closed)
    if value is not None:
        return value, False
    value = _rule_number(rules, open_)
    return value, value is not None


def sample_body(spec: Spec, fields: list[GoField] | None = None) -> str:
    fields = go_fields(spec) if fields is None else fields
    return json.dumps(Sampler(spec).body(fields), separators=(",", ":"))


def invalid_body(spec: Spec, fields: list[GoField] | None = None) -> str | None:
    """A body that validation must reject: the sample without its first field whose absence shows."""
    fields = go_fields(spec) if fields is None else fields
    checked = [f for f in fields if f.presence_checked]
    if not checked:
        return None
    data = Sampler(spec).body([f for f in fields if f is not checked[0]])
    return json.dumps(data, separators=(",", ":"))
