"""What a schema says besides its type, read from the document wherever it sits: on the property, on the
definition a `$ref` points to, in `allOf`/`anyOf`/`oneOf` members, in `items` and `additionalProperties`.

Carried as sentences of the description: `description` (of what the property refers to), `pattern`,
`multipleOf`, `default`, `deprecated`. Reported as warnings (`default at #/$defs/Link: ...`): `default`,
`pattern` and `multipleOf` (no validator rule), `readOnly`/`writeOnly`, formats nothing enforces, and every
keyword the mapping does not read. Only what the document says: the parser's own additions (the hostname
regex datamodel-code-generator puts on `format: hostname`) are never read.
"""

from __future__ import annotations

import json
from dataclasses import dataclass, field
from typing import Any, Callable

from .document import Document, child
from .graph import GModel, format_type
from .types import format_warnings, number_text

# Keywords the mapping reads, or that only annotate; any other keyword is reported.
READ = frozenset(
    """type description title enum const items properties required additionalProperties $ref format minLength
    maxLength minimum maximum exclusiveMinimum exclusiveMaximum minItems maxItems uniqueItems nullable examples
    example $comment deprecated allOf anyOf oneOf default pattern multipleOf $id $schema $anchor $defs
    definitions externalDocs xml""".split()
)
# the innermost container -> the subject of its sentences (a field's or a model's own speak of themselves)
_SUBJECT = {"items": "Items", "values": "Values"}
_NO_DEFAULTS = "the spec has no defaults: noted in the description"
_NO_RULE = "validator/v10 has no {}; noted in the description, not enforced"


@dataclass
class _Walk:
    """One walk's findings: descriptions first, then notes; formats to check against the mapped types."""

    model: bool  # an object model's own keywords (no descriptions, no items), or a field's
    seen: set[str] = field(default_factory=set)
    descriptions: list[str] = field(default_factory=list)
    notes: list[str] = field(default_factory=list)
    formats: list[tuple[tuple[str, ...], str, str, str]] = field(default_factory=list)  # level, pointer, fmt, type


class Keywords:
    """`warn(what, pointer, text)` receives every report, `warned(what, pointer)` says whether one was made;
    the notes come back as sentences."""

    def __init__(self, doc: Document, graph: dict[str, GModel], warn: Callable[[str, str, str], None],
                 warned: Callable[[str, str], bool]) -> None:
        self.doc, self.graph, self.warn, self.warned = doc, graph, warn, warned

    def check(self, pointer: str, extra_ok: set[str] | frozenset[str] = frozenset()) -> None:
        """Report the keywords of the schema at `pointer` that the mapping neither reads nor carries."""
        node = self.doc.node(pointer)
        if not isinstance(node, dict):
            return
        for key in node:
            if key in READ or key in extra_ok or str(key).startswith("x-"):
                continue
            if key in ("readOnly", "writeOnly"):
                if node[key] is not False:
                    self.warn(key, pointer, "one struct serves requests and responses: the field is read and written")
            else:
                self.warn(key, pointer, "not representable, ignored")

    def field_notes(self, pointer: str, scalars: dict[tuple[str, ...], set[str]]) -> tuple[list[str], list[str]]:
        """(descriptions, notes) of a property: its own keywords (not its description: the parser's) and those
        of what it refers to, its members, items and values. A `$ref` to an object stops the walk: that object
        is a model and carries its own (`model_notes`). `scalars`: the Types names the mapping applied at each
        level (() the value, ("items",) its items...); a format the parser left out there is reported."""
        walk = _Walk(model=False)
        self._visit(pointer, (), walk, top=True)
        for level, at, fmt, parsed in walk.formats:
            if parsed not in scalars.get(level, ()) and not self.warned(f"format {fmt!r}", at):
                self.warn(f"format {fmt!r}", at, f"the parser does not apply it to {pointer}: not enforced")
        return walk.descriptions, walk.notes

    def model_notes(self, model: GModel, pointer: str) -> list[str]:
        """The sentences of an object model's own keywords and its allOf parents'. An inline object's own
        node is its property's (the field carries those)."""
        walk = _Walk(model=True)
        if not model.inline:
            self._visit(pointer, (), walk, top=True)
        for base in model.bases:
            parent = self.graph.get(base)
            if parent is not None and parent.kind == "object" and not parent.inline:
                walk.notes += [n for n in self.model_notes(parent, json_pointer(base)) if n not in walk.notes]
        return walk.notes

    def _visit(self, pointer: str, level: tuple[str, ...], walk: _Walk, top: bool) -> None:
        if pointer in walk.seen:
            return
        walk.seen.add(pointer)
        node = self.doc.node(pointer)
        if not isinstance(node, dict):
            return
        is_object = "properties" in node  # a model: its properties are fields, its description its own
        self.check(pointer, {"required"} if is_object else frozenset())
        subject = _SUBJECT[level[-1]] if level else None
        description = node.get("description")
        if not (top or is_object or walk.model) and isinstance(description, str) and description.strip():
            walk.descriptions.append(f"{subject}: {description.strip()}" if subject else description.strip())
        walk.notes += self._sentences(node, pointer, subject)
        if isinstance(node.get("format"), str):
            self._format(node, pointer, level, walk)
        ref = node.get("$ref")
        if isinstance(ref, str) and not walk.model:  # a model's parents: `model_notes`
            target = self._local(ref)
            model = self.graph.get(target)
            if model is None or model.kind != "object":
                self._visit(target, level, walk, top=False)
        for key in ("allOf", "anyOf", "oneOf"):
            members = [i for i, m in enumerate(node.get(key) or []) if isinstance(m, dict)]
            real = [i for i in members if node[key][i].get("type") != "null"]
            if key != "allOf" and len(real) > 1:
                continue  # a union: reported as a whole ("not representable, mapped to any")
            for index in members:
                self._visit(child(pointer, key, index), level, walk, top=False)
        if not (walk.model or is_object):  # an object's other keys: reported by the mapping
            for key, inner in (("items", "items"), ("additionalProperties", "values")):
                if isinstance(node.get(key), dict):
                    self._visit(child(pointer, key), (*level, inner), walk, top=False)

    def _sentences(self, node: dict[str, Any], pointer: str, subject: str | None) -> list[str]:
        out: list[str] = []
        if isinstance(node.get("pattern"), str):
            self.warn("pattern", pointer, _NO_RULE.format("regular-expression rule"))
            out.append(f"{subject} match `{node['pattern']}`." if subject else f"Pattern: `{node['pattern']}`.")
        if "multipleOf" in node:
            self.warn("multipleOf", pointer, _NO_RULE.format("such rule"))
            number = number_text(node["multipleOf"])
            out.append(f"{subject} are multiples of {number}." if subject else f"A multiple of {number}.")
        if "default" in node:
            self.warn("default", pointer, _NO_DEFAULTS)
            value = json.dumps(node["default"], ensure_ascii=False)
            out.append(f"{subject} default to {value}." if subject else f"Default: {value}.")
        if node.get("deprecated") is True:
            out.append(f"{subject} are deprecated." if subject else "Deprecated.")
        return out

    def _format(self, node: dict[str, Any], pointer: str, level: tuple[str, ...], walk: _Walk) -> None:
        fmt, wire = node["format"], node.get("type")
        if isinstance(wire, list):  # [T, "null"]: T's formats
            kinds = [k for k in wire if k != "null"]
            wire = kinds[0] if len(kinds) == 1 else None
        elif wire is None:  # beside a $ref, or in an allOf member: the string there (alone: the mapping says any)
            wire = "string"
        parsed = format_type(wire, fmt) if isinstance(wire, str) else None
        reports = format_warnings(wire, fmt, parsed)
        for text in reports:
            self.warn(f"format {fmt!r}", pointer, text)
        if not reports and not walk.model and parsed is not None:
            walk.formats.append((level, pointer, fmt, parsed))

    def _local(self, ref: str) -> str:
        base = str(self.doc.data.get("$id", "")).split("#", 1)[0]
        return ref[len(base) :] if base and ref.startswith(base + "#") else ref


def json_pointer(path: str) -> str:
    """The JSON pointer of a (not inline) model's reference path: `#/$defs/Address`, `#` for the root."""
    return "#" + path.split("#", 1)[1] if "#" in path else "#"


def join_sentences(parts: list[str | None]) -> str:
    """Texts as one description: each stripped, empty and repeated ones left out, a full stop added after
    one that does not end a sentence already (`.`, `!`, `?`, `…`, `:`, `;`, `,`, before closing quotes or
    brackets); the case of each is kept. ["Created", "An RFC 3339 date-time."] -> "Created. An RFC..."."""
    out: list[str] = []
    seen: set[str] = set()
    for part in parts:
        text = (part or "").strip()
        if not text or text in seen:
            continue
        seen.add(text)
        if out and not out[-1].rstrip(")]}\"'’”»").endswith((".", "!", "?", "…", ":", ";", ",")):
            out[-1] += "."
        out.append(text)
    return " ".join(out)
