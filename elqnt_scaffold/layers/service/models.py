r"""The Go shape of a spec: struct fields, tags, enums and sample values, for the service templates.

TypeScript through tygo's own mechanisms (the Types layer runs tygo, or its port, on these files):
- Enums. A tygo.yaml entry the tool writes has `enum_style: union`: tygo turns `type WidgetStatus string`
  and its const block into `export const WidgetStatusDraft = "draft"; ...` and
  `export type WidgetStatus = typeof WidgetStatusDraft | ...`. tygo puts a const block's doc on that union
  and prints the type's own doc where the type stood (floating above the first const), so in that case the
  doc goes on the const block and the type has none. An entry a person wrote is never edited: under its
  style (default `const`: `export type WidgetStatus = string;`), and for a one-value enum, which no style
  makes a union, the doc stays on the type and the fields of the enum type carry the literal union as
  a tstype struct tag: `tstype:"\"draft\" | \"active\""`. Double quotes, escaped in Go, because
  that is how the generated TS spells every other string (`export const WidgetStatusDraft: WidgetStatus =
  "draft";`): the field reads `status?: "draft" | "active";`, as a TS engineer would write it. The escape
  parses with reflect.StructTag (go vet checks it) and fatih/structtag (tygo's parser).
- Nullable. The Go field is a pointer (nil is null); its tag says `tstype:"T | null,required"` on the
  record (the key is always there: `note: string | null;`) and `tstype:"T | null"` on request structs and
  models (the key may be absent: `note?: string | null;`), with T as tygo writes the Go type (`number /*
  int64 */`, `string[]`, `{ [key: string]: number /* float64 */}`, a model or enum name, the literal
  union). `any` is a nil-able interface already: no pointer, no tag.
- Empty. An optional enum a request leaves out is "" in the record (whose keys are always there), so the
  record's field says so: `status: WidgetStatus | "";` (request structs and models omit it: `status?:`).
"""

from __future__ import annotations

import json
from dataclasses import dataclass, field
from typing import TYPE_CHECKING, Any

from ...sources import tygo
from ...sources.go import gofmt
from ... import naming
from ...spec import FieldSpec, Spec
from ...spec.models import enum_type_name

if TYPE_CHECKING:
    from ..base import Job

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
_TS_SCALARS = {"string": "string", "bool": "boolean", "timestamp": "number /* int64 */"} | {
    k: f"number /* {k} */" for k in ("int", "int32", "int64", "float32", "float64")
}


@dataclass(frozen=True)
class TygoView:
    """How tygo reads the models package, from its tygo.yaml entry: `unions`, whether an enum type of two
    values or more becomes a TS union (or TS enum: `enum_style` union or enum); `fallback`, what it writes
    for `any` (`fallback_type`)."""

    unions: bool = True  # the entry the tool writes says `enum_style: union`
    fallback: str = "any"


def tygo_view(job: "Job", module: str) -> TygoView:
    """The view of the first tygo.yaml entry for `<module>/models` (tygo uses the first); with none, the
    entry the Types layer will write. A tygo.yaml that does not read gives the const style (the tags then
    type the fields under any style); the Types layer reports it."""
    try:
        entries = tygo.read_tygo_config(job.plan.old_text(job.repo.config.tygo_config) or "")
        entry = next((e for e in entries if e.get("path") == f"{module}/models"), None)
        conf = tygo.normalize_options(entry) if entry is not None else None
    except (tygo.TygoConfigError, ValueError):
        return TygoView(unions=False)
    if conf is None:
        return TygoView()
    return TygoView(conf["enum_style"] in ("union", "enum"), conf["fallback_type"])


@dataclass(frozen=True)
class GoField:
    spec: FieldSpec
    go_name: str
    json_name: str
    go_type: str
    enum_type: str | None
    pointer: bool = False  # nullable, or an optional model: nil is null / absent
    tygo: TygoView = field(default_factory=TygoView)

    @property
    def tygo_union(self) -> bool:
        """Whether tygo makes a TS union (or enum) of the field's enum type: it needs two constants."""
        return bool(self.enum_type) and self.tygo.unions and len(self.spec.values or ()) >= 2

    @property
    def ts_type(self) -> str:
        """The field's TS type as tygo writes its Go type (pointer aside), or the enum's literal union
        when tygo writes the enum type as `string`: `"draft" | "active"`, `string[]`, `Address`."""
        base = self.spec.kind[-1]
        if base == "enum":
            leaf = self.enum_type if self.tygo_union else " | ".join(json.dumps(v) for v in self.spec.values or ())
        else:
            leaf = self.tygo.fallback if base == "any" else _TS_SCALARS.get(base, base)
        for level in reversed(self.spec.kind[:-1]):  # no union inside: enums are never in lists or maps
            leaf = leaf + "[]" if level == "list" else "{ [key: string]: " + leaf + "}"
        return leaf

    def tstype_tag(self, record: bool = False) -> str:
        """` tstype:"..."` where tygo's own TS would be wrong: a nullable field (`T | null`, `,required` on
        the record, whose key is always there), an enum tygo writes as `string`, and on the record an
        optional enum, which is "" when a request left it out (`WidgetStatus | ""`); else ""."""
        if self.pointer and self.spec.nullable:
            ts = self.ts_type + " | null" + (",required" if record else "")
        elif self.enum_type and record and not self.spec.required:
            ts = self.ts_type + ' | ""'
        elif self.enum_type and not self.tygo_union:
            ts = self.ts_type
        else:
            return ""
        return ' tstype:"' + ts.replace("\\", "\\\\").replace('"', '\\"') + '"'

    def record_tag(self) -> str:
        return f'`json:"{self.json_name}"{self.tstype_tag(record=True)}`'

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
        return tag + (f' validate:"{",".join(rules)}"' if rules else "") + self.tstype_tag() + "`"


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


def _go_fields(owner: str, fields: list[FieldSpec], view: TygoView = TygoView()) -> list[GoField]:
    out = []
    for f in fields:
        enum_type = enum_type_name(owner, f.name) if f.type == "enum" else None
        pointer = _pointer(f)
        go = go_type(f.kind, enum_type, pointer)
        out.append(GoField(f, naming.go_name(f.name), naming.camel(f.name), go, enum_type, pointer, view))
    return out


def go_fields(spec: Spec, view: TygoView = TygoView()) -> list[GoField]:
    """The resource's fields; `view` (tygo_view) decides the tstype tags and where enum docs go."""
    return _go_fields(spec.names.go, spec.fields, view)


def model_fields(spec: Spec, view: TygoView = TygoView()) -> dict[str, list[GoField]]:
    """The Go fields of each of the spec's models, by model name."""
    return {name: _go_fields(name, model.fields, view) for name, model in spec.models.items()}


def _field_rows(fields: list[GoField], tag_of) -> list[gofmt.Row]:
    rows: list[gofmt.Row] = []
    for f in fields:
        rows.extend(gofmt.comment(f.spec.description))
        rows.append([f.go_name, f.go_type, tag_of(f)])
    return rows


def model_lines(spec: Spec, fields: list[GoField]) -> list[str]:
    rows: list[gofmt.Row] = [["ID", "string", '`json:"id"`']]
    rows += _field_rows(fields, GoField.record_tag)
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
        what = f"// {f.enum_type} is the type of {f.enum_type.removesuffix(f.go_name)}.{f.go_name}"
        if f.tygo_union:  # tygo puts the const block's doc on the union; the type's would float above it
            docs = {"type_doc": "", "const_doc": what + ": one of these values."}
        else:
            docs = {"type_doc": what + ": one of the constants below.", "const_doc": ""}
        docs["doc"] = docs["type_doc"] or docs["const_doc"]  # what a template override of 0.2 placed
        out.append({"go_type": f.enum_type, **docs, "lines": gofmt.align(rows)})
    return out


def models(spec: Spec, view: TygoView = TygoView()) -> list[dict[str, Any]]:
    """The spec's models as the models template declares them: enums, doc, struct lines (request tags:
    the same struct is read from requests, so it carries the validate rules)."""
    out = []
    for name, fields in model_fields(spec, view).items():
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
