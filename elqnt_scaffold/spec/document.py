"""The resource spec (DESIGN section 3): the `Spec` document, loaded and validated with file:line errors,
built from `--field` flags, and saved."""

from __future__ import annotations

from pathlib import Path
from typing import Any, Literal, Union

from pydantic import BaseModel, Field, ValidationError, field_validator, model_validator

from .. import naming
from ..errors import UserError
from ..sources.yaml.lines import Located, dotted, load
from .fields import (
    CRUD_OPERATIONS,
    IMPLICIT_FIELDS,
    MODEL_NAME,
    SCHEMA_URL,
    FieldSpec,
    GatewaySpec,
    ModelSpec,
    SpecProblem,
    Strict,
    check_field_names,
    check_name,
    format_problem,
)
from .models import check_models
from .operations import OperationSpec, check_operations, validate_items


Operation = Union[Literal["list", "create", "get", "update", "delete"], OperationSpec]


class Spec(Strict):
    """One resource of an Eloquent service: the source of truth `elqnt-scaffold add-endpoint` and `drift` use
    for the four layers (Go service, API gateway, TypeScript types, API client)."""

    resource: str = Field(description="singular, snake_case")
    plural: str | None = None
    service: str | None = Field(None, description="default <resource>-service")
    description: str | None = None
    fields: list[FieldSpec] = Field(default_factory=list)
    operations: list[Operation] = Field(
        default_factory=lambda: list(CRUD_OPERATIONS),
        description="CRUD names (list create get update delete) and custom operations "
        '({name: archive, method: POST, path: "/{id}/archive", response: resource})',
    )
    gateway: GatewaySpec = Field(default_factory=GatewaySpec)
    storage: Literal["postgres", "memory"] | None = Field(
        None,
        description="where the repository keeps the records: postgres (a table, migrations) or memory; default: "
        "`storage` in .elqnt-scaffold.yaml (memory when unset)",
    )
    frontend: bool = Field(True, description="false: internal endpoint, no types/client layer")
    models: dict[str, ModelSpec] = Field(
        default_factory=dict,
        description="named object types (PascalCase) that field types can name: `type: Address`, `[]Address`",
        json_schema_extra={"propertyNames": {"pattern": MODEL_NAME.pattern}},
    )

    @field_validator("resource", "plural")
    @classmethod
    def _resource(cls, value: str | None) -> str | None:
        return None if value is None else check_name(value, "name")

    @field_validator("service")
    @classmethod
    def _service(cls, value: str | None) -> str | None:
        if value is not None:
            check_name(value, "service name")
        return value

    @field_validator("operations", mode="before")
    @classmethod
    def _operation_items(cls, ops: Any) -> Any:
        return validate_items(ops)

    @field_validator("operations")
    @classmethod
    def _operations(cls, ops: list[Any]) -> list[Any]:
        if not ops:
            raise SpecProblem("at least one operation is needed")
        crud = [op for op in ops if isinstance(op, str)]
        if len(set(crud)) != len(crud):
            raise SpecProblem("an operation is listed twice")
        # CRUD in the guide's order, then the custom operations in the spec's order
        return [op for op in CRUD_OPERATIONS if op in crud] + [op for op in ops if not isinstance(op, str)]

    @field_validator("fields")
    @classmethod
    def _unique(cls, fields: list[FieldSpec]) -> list[FieldSpec]:
        return check_field_names(fields, IMPLICIT_FIELDS)

    @model_validator(mode="after")
    def _models(self) -> "Spec":
        check_models(self)
        check_operations(self)
        return self

    # Derived values every layer asks for.
    @property
    def names(self) -> naming.ResourceNames:
        return naming.ResourceNames.of(self.resource, self.plural)

    @property
    def crud_operations(self) -> list[str]:
        return [op for op in self.operations if isinstance(op, str)]

    @property
    def custom_operations(self) -> list[OperationSpec]:
        return [op for op in self.operations if not isinstance(op, str)]

    @property
    def service_name(self) -> str:
        return self.service or naming.default_service(self.resource)

    @property
    def write_scopes(self) -> list[str]:
        if self.gateway.write_scopes is not None:
            return list(self.gateway.write_scopes)
        return [f"write:{self.names.kebab_plural}"]




def _hint(err: dict[str, Any], path: tuple[Any, ...]) -> str:
    problem = (err.get("ctx") or {}).get("error")
    if isinstance(problem, SpecProblem) and problem.hint:
        return problem.hint
    if err.get("type") == "extra_forbidden":
        allowed = _allowed_keys(path[:-1])
        return f"remove it or use one of: {', '.join(allowed)}" if allowed else "remove it"
    if err.get("type") == "missing":
        return "add it"
    if err.get("type") == "literal_error":
        return f"use one of: {', '.join(CRUD_OPERATIONS)}"
    return "see `elqnt-scaffold schema` for the spec format"


def _allowed_keys(path: tuple[Any, ...]) -> list[str]:
    model: type[BaseModel] = Spec
    keyed = False  # the part after `models` is a model's name, not a key of the spec format
    for part in path:
        if isinstance(part, int) or keyed:
            keyed = False
            continue
        info = model.model_fields.get(part)
        if info is None:
            return []
        ann = info.annotation
        models = (FieldSpec, GatewaySpec, ModelSpec)
        target = next((m for m in models if m is ann or m in getattr(ann, "__args__", ())), None)
        if target is None:
            return []
        keyed = getattr(ann, "__origin__", None) is dict
        model = target
    return [info.alias or name for name, info in model.model_fields.items()]


def from_data(data: Any, file: str, located: Located | None = None) -> Spec:
    """Validate a loaded spec; every problem names file:line and the field."""
    if not isinstance(data, dict):
        raise UserError("a spec is a mapping with at least `resource:`", file=file, line=1, hint="see `elqnt-scaffold schema`")
    try:
        return Spec.model_validate(data)
    except ValidationError as exc:
        err = exc.errors()[0]
        path = tuple(err.get("loc", ()))
        message = format_problem(err)
        problem = (err.get("ctx") or {}).get("error")
        if isinstance(problem, SpecProblem) and problem.path:  # a check that knows the item it is about
            path = path + tuple(problem.path)
        line = located.line_of(path) if located else None
        raise UserError(message, file=file, line=line, field=dotted(path) or None, hint=_hint(err, path)) from None


def load_spec(path: Path, display: str | None = None) -> Spec:
    shown = display or str(path)
    try:
        text = path.read_text(encoding="utf-8")
    except OSError as exc:
        raise UserError(f"cannot read the spec: {exc.strerror}", file=shown, hint="check the --spec path") from None
    located = load(text, shown)
    return from_data(located.value, shown, located)


def spec_from_flags(resource: str, fields: list[str], **extra: Any) -> Spec:
    """Build a spec from `--field NAME:TYPE[:required]` flags."""
    items: list[dict[str, Any]] = []
    for index, flag in enumerate(fields):
        parts = flag.split(":")
        # map[string]T contains no ':' so a plain split is enough
        if len(parts) not in (2, 3) or (len(parts) == 3 and parts[2] not in ("required", "optional")):
            raise UserError(
                f"--field {flag!r} is not NAME:TYPE or NAME:TYPE:required",
                field=f"--field[{index}]",
                hint="for example --field name:string:required --field tags:[]string",
            )
        item: dict[str, Any] = {"name": parts[0], "type": parts[1]}
        if len(parts) == 3 and parts[2] == "required":
            item["required"] = True
        if parts[1] == "enum":
            raise UserError(
                f"--field {flag!r}: enum fields need values, which flags cannot carry",
                field=f"--field[{index}]",
                hint="write a spec file with `values: [...]` and pass it with --spec",
            )
        items.append(item)
    data = {"resource": resource, "fields": items, **{k: v for k, v in extra.items() if v is not None}}
    return from_data(data, "command line")


def dump_spec(spec: Spec, note: str = "elqnt-scaffold spec: the source of truth for `elqnt-scaffold drift`.") -> str:
    """The spec file the tool saves: stable key order, defaults left out, an editor schema pointer on top."""
    import yaml

    data = spec.model_dump(mode="json", by_alias=True, exclude_defaults=True)
    data = {"resource": spec.resource, **{k: v for k, v in data.items() if k != "resource"}}
    if "fields" in data:
        data["fields"] = _dump_fields(spec.fields)
    if spec.models:  # after everything else: the named types the fields above use
        data.pop("models", None)
        data["models"] = {
            name: {**({"description": m.description} if m.description else {}), "fields": _dump_fields(m.fields)}
            for name, m in spec.models.items()
        }
    body = yaml.safe_dump(data, sort_keys=False, default_flow_style=None, width=100, allow_unicode=True)
    return f"# yaml-language-server: $schema={SCHEMA_URL}\n# {note}\n{body}"


def _dump_fields(fields: list[FieldSpec]) -> list[dict[str, Any]]:
    return [{k: v for k, v in f.model_dump(mode="json", by_alias=True).items() if v not in (None, False)} for f in fields]
