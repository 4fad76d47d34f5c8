"""The parser's model graph -> the spec's fields and models, and a warning for everything that could
not be carried (never dropped silently): `oneOf at #/properties/x: not representable, mapped to any`.
The keywords beside the types, wherever they sit, are importer.keywords'.

Objects become models (their own Go struct and TS interface), referenced or inline; required and
nullable carry over (nullable: a Go pointer); arrays and maps nest; enums become `enum` fields;
validation keywords become validator/v10 rules (importer.types).
"""

from __future__ import annotations

from typing import Any

from .. import naming
from ..spec import IMPLICIT_FIELDS, is_model_name
from ..spec.models import enum_type_name
from .document import Document, child
from .graph import GField, GModel, GType
from .keywords import Keywords, join_sentences, json_pointer
from .types import Mapped, constraint_rules, container_rules, join_levels, map_enum, scalar_type

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
        self.keywords = Keywords(doc, graph, self.warn, self.warned)
        self.scalars: dict[tuple[str, ...], set[str]] = {}  # the current field's scalar types, by level

    def warn(self, what: str, pointer: str, text: str) -> None:
        line = f"{what} at {pointer}: {text}"
        if line not in self.warnings:
            self.warnings.append(line)

    def warned(self, what: str, pointer: str) -> bool:
        return any(line.startswith(f"{what} at {pointer}: ") for line in self.warnings)

    # ------------------------------------------------------------------ objects

    def resource_fields(self, model: GModel) -> list[dict[str, Any]]:
        self.resource_path = model.path
        return self.object_fields(model, self.pointer_of(model, "#"), top=True)

    def description(self, model: GModel, pointer: str) -> str:
        """An object model's description and the sentences of its own keywords (`Deprecated.`)."""
        return join_sentences([model.description, *self.keywords.model_notes(model, pointer)])

    def pointer_of(self, model: GModel, inline_at: str) -> str:
        if model.inline:  # the parser's path is not a JSON pointer: the property that holds it is
            return self._object_node(inline_at)
        return json_pointer(model.path)

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
        self.keywords.check(pointer, extra_ok={"properties", "required"})
        node = self.doc.node(pointer)
        extra = node.get("additionalProperties") if isinstance(node, dict) else None
        if extra is False:
            self.warn("additionalProperties: false", pointer, "unknown keys are ignored by Go's decoder, not rejected")
        elif isinstance(extra, dict):
            self.warn("additionalProperties", pointer, "other keys beside the properties are not representable: "
                      "ignored by Go's decoder, not kept")
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
        pointer = self.pointer_of(model, at)
        fields = self.object_fields(model, pointer, top=False)
        text = self.description(model, pointer)
        self.models[name] = {**({"description": text} if text else {}), "fields": fields}
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
        outer, self.scalars = self.scalars, {}  # a nested model's fields are mapped inside map_type
        mapped = self.map_type(gf.type, pointer, gf.constraints, ())
        scalars, self.scalars = self.scalars, outer
        descriptions, notes = self.keywords.field_notes(pointer, scalars)
        item: dict[str, Any] = {"name": name, "type": mapped.type}
        if gf.required:
            item["required"] = True
        if gf.nullable or mapped.nullable:
            item["nullable"] = True
        rules = join_levels(mapped.levels)
        if rules:
            item["validate"] = rules
        text = join_sentences([gf.description, *descriptions, *mapped.notes, *notes])
        if text:
            item["description"] = text
        if mapped.values is not None:
            item["values"] = mapped.values
        return item

    # ------------------------------------------------------------------ types

    def map_type(self, t: GType, pointer: str, constraints: dict[str, Any], level: tuple[str, ...]) -> Mapped:
        """`level`: the containers around the value, ("items", "values") for a map of lists' values."""
        def warn(what: str, text: str) -> None:
            self.warn(what, pointer, text)

        if t.kind == "union":
            members = [m for m in t.items if m.kind != "null"]
            if len(members) == 1:
                inner = self.map_type(members[0], self._member(pointer), constraints, level)
                inner.nullable = inner.nullable or len(members) < len(t.items) or t.nullable
                return inner
            warn(self._union_keyword(pointer), "not representable, mapped to any")
            return Mapped("any", nullable=t.nullable)
        if t.kind in ("any", "null"):
            node = self.doc.node(pointer)
            if isinstance(node, dict) and isinstance(node.get("format"), str) and "type" not in node:
                warn(f"format {node['format']!r}", "without a `type` beside it: mapped to any, not enforced")
            return Mapped("any", nullable=t.nullable)
        if t.kind == "literal":
            mapped = map_enum(t.values, len(level), warn)
            mapped.nullable = mapped.nullable or t.nullable
            return mapped
        if t.kind == "scalar":
            self.scalars.setdefault(level, set()).add(t.name)  # the formats applied, for importer.keywords
            return self._scalar(t, pointer, constraints)
        if t.kind in ("list", "map"):
            key = "items" if t.kind == "list" else "additionalProperties"
            inner_at = child(pointer, key)
            inner = self.map_type(t.items[0], inner_at, {}, (*level, "items" if t.kind == "list" else "values"))
            if inner.nullable:
                self.warn("null", inner_at, "null items are not representable: decoded as the zero value")
            prefix = "[]" if t.kind == "list" else "map[string]"
            rules = container_rules(t.kind, constraints)
            return Mapped(prefix + inner.type, [rules] + inner.levels, nullable=t.nullable, notes=inner.notes)
        return self._ref(t, pointer, constraints, level)

    def _scalar(self, t: GType, pointer: str, constraints: dict[str, Any]) -> Mapped:
        node = self.doc.node(pointer)
        wire = node.get("type") if isinstance(node, dict) else None
        if isinstance(wire, list):
            kinds = [k for k in wire if k != "null"]
            wire = kinds[0] if len(kinds) == 1 else None
        spec_type, rules, note = scalar_type(t.name, wire)  # the keywords' reports: importer.keywords
        rules += constraint_rules(spec_type, constraints)
        return Mapped(spec_type, [rules], nullable=t.nullable, notes=[note] if note else [])

    def _ref(self, t: GType, pointer: str, constraints: dict[str, Any], level: tuple[str, ...]) -> Mapped:
        model = self.graph.get(t.name)
        if model is None:
            self.warn("$ref", pointer, "its target was not built by the parser: mapped to any")
            return Mapped("any", nullable=t.nullable)
        if model.kind == "enum":
            mapped = map_enum(model.values, len(level), lambda what, text: self.warn(what, pointer, text))
        elif model.kind == "root":  # a named scalar or array: its type, its keywords, the field's own on top
            root = model.fields[0]  # read where it is defined (an inline one: where it stands)
            mapped = self.map_type(root.type, self.pointer_of(model, pointer), {**root.constraints, **constraints}, level)
            mapped.nullable = mapped.nullable or root.nullable
        else:
            mapped = Mapped(self.model_ref(model, pointer))
        mapped.nullable = mapped.nullable or t.nullable
        return mapped

    def _member(self, pointer: str) -> str:
        """`anyOf: [T, {type: null}]`: T's pointer, where T's own keywords are read."""
        node = self.doc.node(pointer)
        if isinstance(node, dict):
            for key in ("anyOf", "oneOf"):
                members = [i for i, m in enumerate(node.get(key) or []) if not _is_null(m)]
                if len(members) == 1:
                    return child(pointer, key, members[0])
        return pointer

    def _union_keyword(self, pointer: str) -> str:
        node = self.doc.node(pointer)
        if isinstance(node, dict):
            for key in ("oneOf", "anyOf", "allOf"):
                if key in node:
                    return key
            if isinstance(node.get("type"), list):
                return f"type {node['type']}"
        return "union"


def _is_null(schema: Any) -> bool:
    return isinstance(schema, dict) and schema.get("type") == "null"


def spec_name(original: str) -> str | None:
    """The property's name as a spec field name: kept when valid, else its words in snake_case."""
    if naming.name_problem(original) is None:
        return original
    words = naming.words(original)
    if not words or words[0][0].isdigit():
        return None
    return "_".join(words)
