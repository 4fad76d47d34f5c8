"""The parser's model graph -> the spec's fields and models, and a warning for everything that could
not be carried (never dropped silently): `oneOf at #/properties/x: not representable, mapped to any`.

Objects become models (their own Go struct and TS interface), referenced or inline; required and
nullable carry over (nullable: a Go pointer); arrays and maps nest; enums become `enum` fields;
validation keywords become validator/v10 rules (importer.types).
"""

from __future__ import annotations

import json
from typing import Any

from .. import naming
from ..spec import IMPLICIT_FIELDS, is_model_name
from ..spec.models import enum_type_name
from .document import Document, child
from .graph import GField, GModel, GType
from .types import FORMATS, Mapped, constraint_rules, container_rules, join_levels, map_enum

# Keywords the mapping reads, or that only annotate; any other keyword is reported.
_READ = frozenset(
    """type description title enum const items properties required additionalProperties $ref format minLength
    maxLength minimum maximum exclusiveMinimum exclusiveMaximum minItems maxItems uniqueItems nullable examples
    example $comment deprecated allOf anyOf oneOf default pattern multipleOf $id $schema $anchor $defs
    definitions externalDocs xml""".split()
)
_IMPLICIT = {naming.camel(name) for name in IMPLICIT_FIELDS}


class Mapper:
    def __init__(self, doc: Document, graph: dict[str, GModel], resource_go: str, reserved: set[str]) -> None:
        self.doc, self.graph = doc, graph
        self.resource_go = resource_go
        self.resource_path = ""  # the model the resource is built from
        self.reserved = set(reserved)  # Go names the resource declares itself
        self.warnings: list[str] = []
        self.names: dict[str, str] = {}  # model path -> spec model name
        self.models: dict[str, dict[str, Any]] = {}

    def warn(self, what: str, pointer: str, text: str) -> None:
        line = f"{what} at {pointer}: {text}"
        if line not in self.warnings:
            self.warnings.append(line)

    # ------------------------------------------------------------------ objects

    def resource_fields(self, model: GModel) -> list[dict[str, Any]]:
        self.resource_path = model.path
        return self.object_fields(model, self.pointer_of(model, "#"), top=True)

    def pointer_of(self, model: GModel, inline_at: str) -> str:
        if model.inline:  # the parser's path is not a JSON pointer: the property that holds it is
            return self._object_node(inline_at)
        return "#" + model.path.split("#", 1)[1] if "#" in model.path else "#"

    def _object_node(self, pointer: str) -> str:
        """`anyOf: [{type: object, ...}, {type: null}]`: the member that has the properties."""
        node = self.doc.node(pointer)
        if isinstance(node, dict) and "properties" not in node:
            for key in ("allOf", "anyOf", "oneOf"):
                for index, sub in enumerate(node.get(key) or []):
                    if isinstance(sub, dict) and "properties" in sub:
                        return child(pointer, key, index)
        return pointer

    def object_fields(self, model: GModel, pointer: str, top: bool) -> list[dict[str, Any]]:
        fields: list[dict[str, Any]] = []
        for base in model.bases:  # allOf parents first, as the parser's inheritance has them
            parent = self.graph.get(base)
            if parent is not None and parent.kind == "object":
                fields += self.object_fields(parent, self.pointer_of(parent, pointer), top)
        self.check_keywords(pointer, extra_ok={"properties", "required"})
        node = self.doc.node(pointer)
        if isinstance(node, dict) and node.get("additionalProperties") is False:
            self.warn("additionalProperties: false", pointer, "unknown keys are ignored by Go's decoder, not rejected")
        for gf in model.fields:
            item = self.field(gf, self.property_pointer(pointer, gf.name), top)
            if item is None:
                continue
            same = next((i for i, f in enumerate(fields) if naming.camel(f["name"]) == naming.camel(item["name"])), None)
            if same is None:
                fields.append(item)
            else:  # an allOf part redefines a parent's property: the part wins
                fields[same] = item
        return fields

    def property_pointer(self, pointer: str, name: str) -> str:
        node = self.doc.node(pointer)
        if isinstance(node, dict):
            if name in (node.get("properties") or {}):
                return child(pointer, "properties", name)
            for index, sub in enumerate(node.get("allOf") or []):
                if isinstance(sub, dict) and name in (sub.get("properties") or {}):
                    return child(pointer, "allOf", index, "properties", name)
        return child(pointer, "properties", name)

    def model_ref(self, model: GModel, at: str) -> str:
        if model.path in self.names:
            return self.names[model.path]
        # the resource's own schema, nested in itself (`$ref: "#"`), is a model beside the resource's struct
        name = self._new_name(self.resource_go if model.path == self.resource_path else model.class_name)
        self.names[model.path] = name
        self.models[name] = {}  # keeps the order models are met in
        fields = self.object_fields(model, self.pointer_of(model, at), top=False)
        self.models[name] = {**({"description": model.description} if model.description else {}), "fields": fields}
        return name

    def _new_name(self, class_name: str) -> str:
        base = naming.go_name(class_name) or "Model"
        if not is_model_name(base):
            base = "Model" + base
        name = base
        if base in self.reserved:
            name = base + "Model"
            self.warn(f"model {base}", "#", f"renamed {name}: the resource declares a Go type {base} itself")
        candidate, n = name, 2
        while candidate in self.models or candidate in self.reserved:
            candidate, n = f"{name}{n}", n + 1
        return candidate

    def settle_names(self, resource_go: str, fields: list[dict[str, Any]]) -> None:
        """Enum fields declare `<Owner><Field>` types: a model of that name is renamed (`...Model`)."""
        for _ in range(len(self.models) + 1):
            enums = {enum_type_name(resource_go, f["name"]) for f in fields if f["type"] == "enum"}
            for owner, body in self.models.items():
                enums |= {enum_type_name(owner, f["name"]) for f in body["fields"] if f["type"] == "enum"}
            clash = next((name for name in self.models if name in enums), None)
            if clash is None:
                return
            new = clash + "Model"
            while new in self.models or new in enums:
                new += "X"
            self.warn(f"model {clash}", "#", f"renamed {new}: an enum field's Go type is {clash}")
            self.models = {(new if k == clash else k): v for k, v in self.models.items()}
            self.names = {path: (new if v == clash else v) for path, v in self.names.items()}
            for item in fields + [f for body in self.models.values() for f in body["fields"]]:
                prefix, _, leaf = item["type"].rpartition("]")
                if leaf == clash:
                    item["type"] = prefix + ("]" if prefix else "") + new

    # ------------------------------------------------------------------ fields

    def field(self, gf: GField, pointer: str, top: bool) -> dict[str, Any] | None:
        name = spec_name(gf.name)
        if name is None:
            self.warn(f"property {gf.name!r}", pointer, "no layer can carry this name: left out")
            return None
        if top and naming.camel(name) in _IMPLICIT:
            self.warn(f"property {gf.name!r}", pointer, "the tool adds id (string), createdAt and updatedAt "
                      "(Unix ms) to every resource itself: the schema's definition is not used")
            return None
        if naming.camel(name) != gf.name:
            self.warn(f"property {gf.name!r}", pointer, f"its JSON name becomes {naming.camel(name)!r} "
                      "(the platform's JSON names are camelCase)")
        self.check_keywords(pointer)
        mapped = self.map_type(gf.type, pointer, gf.constraints, 0)
        item: dict[str, Any] = {"name": name, "type": mapped.type}
        if gf.required:
            item["required"] = True
        if gf.nullable or mapped.nullable:
            item["nullable"] = True
        rules = join_levels(mapped.levels)
        if rules:
            item["validate"] = rules
        notes = list(mapped.notes)
        if gf.default is not None:
            notes.append(f"Default: {json.dumps(gf.default)}.")
            self.warn("default", pointer, "the spec has no defaults: noted in the description")
        node = self.doc.node(pointer)
        if isinstance(node, dict) and node.get("deprecated") is True:
            notes.append("Deprecated.")
        text = " ".join(t for t in [(gf.description or "").strip(), *notes] if t)
        if text:
            item["description"] = text
        if mapped.values is not None:
            item["values"] = mapped.values
        return item

    def check_keywords(self, pointer: str, extra_ok: set[str] | frozenset[str] = frozenset()) -> None:
        node = self.doc.node(pointer)
        if not isinstance(node, dict):
            return
        for key in node:
            if key in _READ or key in extra_ok or str(key).startswith("x-"):
                continue
            if key in ("readOnly", "writeOnly"):
                self.warn(key, pointer, "one struct serves requests and responses: the field is read and written")
            else:
                self.warn(key, pointer, "not representable, ignored")

    # ------------------------------------------------------------------ types

    def map_type(self, t: GType, pointer: str, constraints: dict[str, Any], depth: int) -> Mapped:
        def warn(what: str, text: str) -> None:
            self.warn(what, pointer, text)

        if t.kind == "union":
            members = [m for m in t.items if m.kind != "null"]
            if len(members) == 1:
                inner = self.map_type(members[0], pointer, constraints, depth)
                inner.nullable = inner.nullable or len(members) < len(t.items) or t.nullable
                return inner
            warn(self._union_keyword(pointer), "not representable, mapped to any")
            return Mapped("any", nullable=t.nullable)
        if t.kind in ("any", "null"):
            return Mapped("any", nullable=t.nullable)
        if t.kind == "literal":
            mapped = map_enum(t.values, depth, warn)
            mapped.nullable = mapped.nullable or t.nullable
            return mapped
        if t.kind == "scalar":
            return self._scalar(t, pointer, constraints)
        if t.kind in ("list", "map"):
            key = "items" if t.kind == "list" else "additionalProperties"
            inner_at = child(pointer, key)
            self.check_keywords(inner_at)
            inner = self.map_type(t.items[0], inner_at, {}, depth + 1)
            if inner.nullable:
                self.warn("null", inner_at, "null items are not representable: decoded as the zero value")
            prefix = "[]" if t.kind == "list" else "map[string]"
            rules = container_rules(t.kind, constraints)
            return Mapped(prefix + inner.type, [rules] + inner.levels, nullable=t.nullable, notes=inner.notes)
        return self._ref(t, pointer, constraints, depth)

    def _scalar(self, t: GType, pointer: str, constraints: dict[str, Any]) -> Mapped:
        def warn(what: str, text: str) -> None:
            self.warn(what, pointer, text)

        spec_type, rules, note, why = FORMATS.get(t.name, ("string", [], None, "not understood: mapped to string"))
        node = self.doc.node(pointer)
        node = node if isinstance(node, dict) else {}
        wire, fmt = node.get("type"), node.get("format")
        if isinstance(fmt, str):
            if why:
                warn(f"format {fmt!r}", why)
            elif t.name == wire or (t.name == "string" and wire is None):  # the parser fell back to the plain type
                warn(f"format {fmt!r}", "not understood, or no validator rule for it: not enforced")
            on_wire = {"string": "string", "integer": "int64", "number": "float64"}.get(wire if isinstance(wire, str) else "")
            if on_wire and (on_wire == "string") != (spec_type == "string"):  # the format would change the JSON type
                article = "an" if str(wire)[0] in "aeiou" else "a"
                warn(f"format {fmt!r}", f"on {article} {wire}: kept as {on_wire}, the format is not enforced")
                spec_type, rules, note = on_wire, [], None
        more, notes = constraint_rules(spec_type, constraints, warn)
        return Mapped(spec_type, [rules + more], nullable=t.nullable, notes=([note] if note else []) + notes)

    def _ref(self, t: GType, pointer: str, constraints: dict[str, Any], depth: int) -> Mapped:
        model = self.graph.get(t.name)
        if model is None:
            self.warn("$ref", pointer, "its target was not built by the parser: mapped to any")
            return Mapped("any", nullable=t.nullable)
        if model.kind == "enum":
            mapped = map_enum(model.values, depth, lambda what, text: self.warn(what, pointer, text))
        elif model.kind == "root":  # a named scalar or array: its type, its keywords, the field's own on top
            root = model.fields[0]
            mapped = self.map_type(root.type, pointer, {**root.constraints, **constraints}, depth)
            mapped.nullable = mapped.nullable or root.nullable
        else:
            mapped = Mapped(self.model_ref(model, pointer))
        mapped.nullable = mapped.nullable or t.nullable
        return mapped

    def _union_keyword(self, pointer: str) -> str:
        node = self.doc.node(pointer)
        if isinstance(node, dict):
            for key in ("oneOf", "anyOf", "allOf"):
                if key in node:
                    return key
            if isinstance(node.get("type"), list):
                return f"type {node['type']}"
        return "union"


def spec_name(original: str) -> str | None:
    """The property's name as a spec field name: kept when valid, else its words in snake_case."""
    if naming.name_problem(original) is None:
        return original
    words = naming.words(original)
    if not words or words[0][0].isdigit():
        return None
    return "_".join(words)
