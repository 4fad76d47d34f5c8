"""datamodel-code-generator's parsers, and their model graph read into plain values.

The only module that imports datamodel_code_generator (about 0.25-1 s): `import-schema` imports it
when it runs, never at start-up. Its JsonSchemaParser / OpenAPIParser build the graph (references,
allOf, nullable, enums, inline objects, their names); a DataTypeManager of ours keeps every JSON
Schema type and format by name (`date_time`, `email`, `int32`) instead of a Python type, so nothing is
read back from generated Python. The graph is returned as GModel / GField / GType values.
"""

from __future__ import annotations

import json
import warnings
from dataclasses import dataclass, field
from typing import Any

from datamodel_code_generator.enums import OpenAPIScope
from datamodel_code_generator.model.enum import Enum as EnumModel
from datamodel_code_generator.model.types import DataTypeManager
from datamodel_code_generator.parser.jsonschema import JsonSchemaParser, json_schema_data_formats
from datamodel_code_generator.parser.openapi import OpenAPIParser
from datamodel_code_generator.types import Types

from ..errors import UserError
from .document import Document

_STRUCTURAL = {Types.object, Types.array, Types.null}  # containers keep the parser's own shapes
_MARK = "fmt:"
SPECIAL = "#-datamodel-code-generator-#"  # the parser's marker in the paths of inline schemas


class _NamedTypes(DataTypeManager):
    """Every scalar type and format is kept by its Types name: `fmt:date_time`, `fmt:integer`."""

    def __init__(self, *args: Any, **kwargs: Any) -> None:
        super().__init__(*args, **kwargs)
        for kind in Types:
            if kind not in _STRUCTURAL:
                self.type_map[kind] = self.data_type(type=_MARK + kind.name)


@dataclass
class GType:
    kind: str  # scalar | ref | list | map | union | literal | any | null
    name: str = ""  # scalar: the Types name (string, integer, date_time, email...); ref: the model's path
    items: list["GType"] = field(default_factory=list)  # list / map: one; union: the members
    values: list[Any] = field(default_factory=list)  # literal
    nullable: bool = False


@dataclass
class GField:
    name: str  # the property name as written in the document
    required: bool
    nullable: bool
    type: GType
    constraints: dict[str, Any]
    description: str | None
    default: Any = None


@dataclass
class GModel:
    path: str  # the parser's reference path: `#`, `#/$defs/Address`, or an inline path with SPECIAL
    class_name: str
    kind: str  # object | enum | root
    description: str | None
    fields: list[GField]
    bases: list[str]  # paths of allOf parents, whose fields come first
    values: list[Any]  # enum

    @property
    def inline(self) -> bool:
        return SPECIAL in self.path


def parse(doc: Document) -> dict[str, GModel]:
    """Run the document's parser; return its models by reference path."""
    options: dict[str, Any] = {
        "data_type_manager_type": _NamedTypes,
        "field_constraints": True,
        "strict_nullable": True,
        "use_schema_description": True,
        "use_field_description": True,
    }
    source = json.dumps(doc.data)
    try:
        if doc.kind == "openapi":
            parser: Any = OpenAPIParser(source, openapi_scopes=[OpenAPIScope.Schemas], **options)
        else:
            parser = JsonSchemaParser(source, **options)
        with warnings.catch_warnings():
            warnings.simplefilter("ignore")  # what it warns about (unknown formats...) the mapping reports itself
            parser.parse_raw()
    except Exception as exc:  # noqa: BLE001 - a third-party parser: any failure is a document it cannot read
        first = (str(exc).strip().splitlines() or [type(exc).__name__])[0]
        raise UserError(
            f"datamodel-code-generator cannot read this document: {first}",
            file=doc.file,
            hint="check that it is a valid JSON Schema (draft-07 or 2020-12) or OpenAPI 3.0/3.1 document",
        ) from None
    return {m.reference.path: _model(m) for m in parser.results}


def _model(model: Any) -> GModel:
    description = getattr(model, "description", None)
    bases = [b.reference.path for b in getattr(model, "base_classes", []) if getattr(b, "reference", None)]
    if isinstance(model, EnumModel):
        values = [getattr(f.default, "value", f.default) for f in model.fields]  # member values keep .value
        return GModel(model.reference.path, model.class_name, "enum", description, [], [], values)
    extra = getattr(model, "TYPED_EXTRA_FIELD_NAME", None)  # pydantic's `__pydantic_extra__`: no property
    fields = [_field(f) for f in model.fields if extra is None or f.name != extra]
    kind = "root" if len(model.fields) == 1 and model.fields[0].name is None else "object"
    return GModel(model.reference.path, model.class_name, kind, description, fields, bases, [])


def _field(f: Any) -> GField:
    extras = getattr(f, "extras", None) or {}
    gtype = _type(f.data_type)
    nullable = bool(getattr(f, "nullable", False) or getattr(f, "type_has_null", False) or gtype.nullable)
    default = None if repr(f.default) == "UNDEFINED" else f.default  # the parser's "no default" sentinel
    if "const" in extras and not gtype.values:
        gtype = GType("literal", values=[extras["const"]], nullable=gtype.nullable)
    return GField(
        name=f.original_name or f.name or "",
        required=bool(f.required),
        nullable=nullable,
        type=gtype,
        constraints=_constraints(getattr(f, "constraints", None)),
        description=extras.get("description"),
        default=default,
    )


def _constraints(c: Any) -> dict[str, Any]:
    if c is None:
        return {}
    out: dict[str, Any] = {}
    # not `pattern` (the parser writes a regex of its own for `format: hostname`) nor `multipleOf`: both are
    # read from the document, where they sit (importer.keywords)
    for key in ("gt", "ge", "lt", "le", "min_items", "max_items", "min_length", "max_length", "unique_items"):
        value = getattr(c, key, None)
        if value is not None:
            out[key] = getattr(value, "value", value)  # UnionIntFloat holds the number in .value
    return out


def format_type(wire: str, fmt: str) -> str | None:
    """The Types name both parsers give `type: wire` with `format: fmt` (`string` + `date-time` ->
    "date_time"; a format they do not know -> the plain type, "string"); None for a type without formats."""
    formats = json_schema_data_formats.get(wire)
    if formats is None:
        return None
    return formats.get(fmt, formats["default"]).name


def _type(dt: Any) -> GType:
    if dt.reference is not None:
        out = GType("ref", dt.reference.path)
    elif dt.is_list or getattr(dt, "is_set", False) or getattr(dt, "is_tuple", False):
        out = GType("list", items=[_one([_type(d) for d in dt.data_types])])
    elif dt.is_dict or getattr(dt, "is_mapping", False):
        out = GType("map", items=[_one([_type(d) for d in dt.data_types])])
    elif dt.literals:
        out = GType("literal", values=list(dt.literals))
    elif dt.type:
        out = _scalar(dt.type)
    elif dt.data_types:
        out = _one([_type(d) for d in dt.data_types])
    else:
        out = GType("any")
    if dt.is_optional:
        out.nullable = True
    return out


def _scalar(name: str) -> GType:
    if name.startswith(_MARK):
        kind = name[len(_MARK) :]
        return GType("any") if kind == "any" else GType("scalar", kind)
    if name == "None":
        return GType("null")
    return GType("any")  # `Any` (a free object's values) or a Python type no format of ours produces


def _one(members: list[GType]) -> GType:
    if not members:
        return GType("any")
    return members[0] if len(members) == 1 else GType("union", items=members)
