"""Custom operations of a spec: any method and path under the resource, beside the five CRUD routes.

```yaml
operations:
  - list
  - get
  - {name: archive, method: POST, path: "/{id}/archive", response: resource}
  - name: usage
    method: GET
    path: "/{id}/usage"
    query: [{name: from, type: timestamp, required: true}, {name: to, type: timestamp}]
    response: UsageReport          # a model of the spec
  - name: rename
    method: PATCH
    path: "/{id}/name"
    body: [{name: name, type: string, required: true}]   # inline fields: RenameWidgetRequest
    gateway: {scopes: ["admin:widgets"]}
```

`body`: `none` (the default), a model name, or inline fields (a `<Op><Resource>Request` struct).
`response`: `none` (204, the default), `resource`, `list` (one page of the resource, like the CRUD `list`:
`page` and `limit` query parameters, a `List<Resources>Response` `{items, total, page, limit}`; with
`paginate: false` the whole JSON array), a model name, or inline fields (a `<Op><Resource>Response` struct).
Path parameters are strings (`r.PathValue`); query parameters are typed scalars, parsed by the handler (400
INVALID_QUERY on a bad value); an optional one is a pointer in Go (absent is nil, not 0/false/"").

Names: an operation whose path starts with a fixed segment (`/search`, `/import`) acts on the collection and
is named in the plural (`SearchWidgets`, `searchWidgets`, `SearchWidgetsQuery`); one whose path starts with a
parameter (`/{id}/archive`) acts on an item and is named in the singular (`ArchiveWidget`). The service
method is the operation's own name either way (`Search`, `Archive`).
"""

from __future__ import annotations

import re
from typing import TYPE_CHECKING, Any, Literal, Union

from pydantic import Field, ValidationError, field_validator, model_validator

from .. import naming
from .endpoint import spec_endpoints
from .fields import (
    CRUD_OPERATIONS,
    FieldSpec,
    SpecProblem,
    Strict,
    check_field_names,
    check_name,
    format_problem,
    is_model_name,
)

if TYPE_CHECKING:  # pragma: no cover
    from .document import Spec

METHODS = ("GET", "POST", "PUT", "PATCH", "DELETE")
QUERY_TYPES = ("string", "int", "int32", "int64", "float32", "float64", "bool", "timestamp")
PATH_PARAM = re.compile(r"\{([^{}]*)\}")
GO_IDENT = re.compile(r"^[A-Za-z_][A-Za-z0-9_]*$")
SEGMENT = re.compile(r"^[A-Za-z0-9._~-]+$")
PAGE_PARAMS = ("page", "limit")  # the query parameters of a paginated list response


def _problem(message: str, path: tuple[Any, ...] | None = None, hint: str | None = None) -> Exception:
    return SpecProblem(message, path, hint)


def path_params(path: str) -> list[str]:
    """`/{id}/members/{member_id}` -> ["id", "member_id"]."""
    return PATH_PARAM.findall(path)


def route_shape(method: str, path: str) -> str:
    """Method and path with every parameter name dropped: two routes of one shape clash in a ServeMux."""
    return f"{method} {PATH_PARAM.sub('{}', path)}"



class QueryParamSpec(Strict):
    """One query parameter of a custom operation: parsed by the handler, 400 INVALID_QUERY when bad."""

    name: str = Field(description="snake_case or camelCase; the query string uses camelCase")
    type: Literal["string", "int", "int32", "int64", "float32", "float64", "bool", "timestamp"] = "string"
    required: bool = False
    description: str | None = None

    @field_validator("name")
    @classmethod
    def _name(cls, value: str) -> str:
        return check_name(value, "query parameter name")

class OperationGatewaySpec(Strict):
    """routes.yaml settings of one custom operation; unset values come from the spec's `gateway`."""

    auth_required: bool | None = None
    scopes: list[str] | None = Field(None, description="default: the spec's write_scopes on writes, none on GET")
    cache_ttl: str | None = Field(
        None, description="GET only; default: none (the spec's cache_ttl is the list route's); a route of a tenant "
        "needs a gateway cache key that includes X-Org-ID"
    )
    internal: bool = Field(
        False, description="no gateway entry and no client function; the route line is marked //elqnt:internal"
    )

class OperationSpec(Strict):
    """A custom operation: any method and path under the resource's collection path."""

    name: str = Field(description="snake_case verb: archive, usage, bulk_import (Go: Archive, TS: archiveWidget)")
    method: Literal["GET", "POST", "PUT", "PATCH", "DELETE"]
    path: str = Field(
        description="relative to the collection path (/widgets): `/{id}/archive`, `/search`; "
        "`{name}` segments are string path parameters. A path starting with a parameter acts on one item "
        "(archiveWidget), any other on the collection (searchWidgets)"
    )
    description: str | None = None
    query: list[QueryParamSpec] = Field(default_factory=list)
    body: Union[str, list[FieldSpec]] = Field(
        "none", description="`none`, the name of a model of the spec, or inline fields"
    )
    response: Union[str, list[FieldSpec]] = Field(
        "none", description="`none` (204), `resource`, `list`, the name of a model of the spec, or inline fields"
    )
    paginate: bool = Field(
        True,
        description="`response: list` only: true answers one page like the CRUD list (`page` and `limit` query "
        "parameters, `{items, total, page, limit}`); false answers the whole JSON array",
    )
    gateway: OperationGatewaySpec = Field(default_factory=OperationGatewaySpec)

    @field_validator("name")
    @classmethod
    def _name(cls, value: str) -> str:

        check_name(value, "operation name")
        if naming.snake(value) in CRUD_OPERATIONS:
            raise _problem(
                f"{value!r} is a CRUD operation; list it as a plain name",
                hint=f"write `- {naming.snake(value)}`, or name the custom operation differently",
            )
        return value

    @field_validator("path")
    @classmethod
    def _path(cls, value: str) -> str:
        check_path(value)
        return value

    @field_validator("body", "response")
    @classmethod
    def _shape(cls, value: Any, info: Any) -> Any:
        if isinstance(value, list):
            return check_field_names(value)
        allowed = ("none",) if info.field_name == "body" else ("none", "resource", "list")
        if value not in allowed and not is_model_name(value):
            raise _problem(
                f"{info.field_name} {value!r} is neither {', '.join(allowed)} nor a model name",
                hint=f"use {' / '.join(allowed)}, a model of the spec (PascalCase), or a list of inline fields",
            )
        return value

    @model_validator(mode="after")
    def _query(self) -> "OperationSpec":
        seen: dict[str, str] = {naming.camel(p): p for p in path_params(self.path)}
        for index, param in enumerate(self.query):
            key = naming.camel(param.name)
            if key in seen:
                raise _problem(
                    f"query parameter {param.name!r} has the name of {seen[key]!r}, already a parameter",
                    ("query", index, "name"),
                    hint="rename one of them",
                )
            seen[key] = param.name
        if self.method == "GET" and self.body != "none":
            raise _problem("a GET operation takes no body", ("body",), hint="use query parameters, or POST")
        if "paginate" in self.model_fields_set and self.response != "list":
            raise _problem(
                "paginate applies to `response: list` only", ("paginate",), hint="remove it, or answer a list"
            )
        if self.paginated:
            for index, param in enumerate(self.query):
                if naming.camel(param.name) in PAGE_PARAMS:
                    raise _problem(
                        f"query parameter {param.name!r} is one of the page parameters (page, limit) the paginated "
                        "list response adds",
                        ("query", index, "name"),
                        hint="rename it, or set `paginate: false`",
                    )
        return self

    # derived names
    @property
    def go(self) -> str:  # Archive
        return naming.go_name(self.name)

    @property
    def params(self) -> list[str]:
        return path_params(self.path)

    @property
    def collection_level(self) -> bool:
        """Acts on the collection (`/search`, `/import/{batch}`), not on one item (`/{id}/archive`):
        its names take the resource's plural."""
        return not self.path[1:].startswith("{")

    @property
    def paginated(self) -> bool:
        """A `list` response answered one page at a time, like the CRUD list."""
        return self.response == "list" and self.paginate

    @property
    def body_model(self) -> str | None:
        return self.body if isinstance(self.body, str) and self.body != "none" else None

    @property
    def response_model(self) -> str | None:
        r = self.response
        return r if isinstance(r, str) and r not in ("none", "resource", "list") else None



def check_path(value: str) -> None:
    if not value.startswith("/") or value == "/":
        raise _problem(
            f"path {value!r} must start with / and name something under the collection",
            hint='write it relative to the resource: "/{id}/archive", "/search"',
        )
    seen: set[str] = set()
    for segment in value[1:].split("/"):
        if not segment:
            raise _problem(f"path {value!r} has an empty segment", hint="remove the doubled or trailing /")
        if segment.startswith("{") or segment.endswith("}"):
            name = segment[1:-1] if segment.startswith("{") and segment.endswith("}") else ""
            if not GO_IDENT.match(name):
                raise _problem(
                    f"path parameter {segment!r} is not a `{{name}}` segment",
                    hint="a path parameter is a whole segment named with letters, digits and _: /{id}, /{member_id}",
                )
            if name in seen:
                raise _problem(f"path parameter {name!r} appears twice in {value!r}", hint="rename one of them")
            seen.add(name)
        elif not SEGMENT.match(segment):
            raise _problem(
                f"path segment {segment!r} has characters a route cannot carry",
                hint="use letters, digits, - . _ ~ and {name} parameters",
            )


def check_operations(spec: "Spec") -> None:
    """Across operations: no two routes of one shape, no unknown models, no clashing Go names."""

    shapes: dict[str, str] = {}
    index_of = {id(op): i for i, op in enumerate(spec.operations)}
    for endpoint in spec_endpoints(spec):
        shape = route_shape(endpoint.method, endpoint.path)
        if shape in shapes:
            where = ("operations", index_of[id(endpoint.custom)], "path") if endpoint.custom else ("operations",)
            raise _problem(
                f"{endpoint.method} {endpoint.path} ({endpoint.operation}) is the route of {shapes[shape]} already",
                where,
                hint="give the operation another method or path",
            )
        shapes[shape] = endpoint.operation
    names: dict[str, int] = {}
    for index, op in enumerate(spec.operations):
        if isinstance(op, str):
            continue
        key = naming.snake(op.name)
        if key in names:
            raise _problem(f"operation {op.name!r} is defined twice", ("operations", index, "name"), hint="rename one")
        names[key] = index
        _check_ops_models(spec, index, op)
    _check_type_names(spec)


def _check_ops_models(spec: "Spec", index: int, op: Any) -> None:
    """Models an operation names (as body or response, or in its inline fields' types) exist."""
    for part, model in (("body", op.body_model), ("response", op.response_model)):
        if model is not None and model not in spec.models:
            known = ", ".join(spec.models) or "none"
            raise _problem(
                f"unknown model {model!r} (the spec's models: {known})",
                ("operations", index, part),
                hint=f"add `{model}:` under `models:`, or use inline fields",
            )
    for part in ("body", "response"):
        fields = getattr(op, part)
        if isinstance(fields, list):
            for findex, field in enumerate(fields):
                if field.model is not None and field.model not in spec.models:
                    raise _problem(
                        f"unknown model {field.model!r} in type {field.type!r}",
                        ("operations", index, part, findex, "type"),
                        hint=f"add `{field.model}:` under `models:`",
                    )
                if field.type == "enum":
                    raise _problem(
                        "enum fields are not supported in inline operation fields",
                        ("operations", index, part, findex, "type"),
                        hint="declare a model with the enum field and name it",
                    )


def _check_type_names(spec: "Spec") -> None:
    names = spec.names
    taken = {names.go, f"Create{names.go}Request", f"Update{names.go}Request", f"List{names.go_plural}Response"}
    taken |= set(spec.models)
    for index, op in enumerate(spec.operations):
        if isinstance(op, str):
            continue
        for go in operation_types(spec, op).values():
            if go in taken:
                raise _problem(
                    f"operation {op.name!r} needs the Go type {go}, which the spec already declares",
                    ("operations", index, "name"),
                    hint="rename the operation or the model",
                )
            taken.add(go)


def operation_types(spec: "Spec", op: Any) -> dict[str, str]:
    """The Go type names a custom operation declares in the models file: request, response, query
    (`UsageWidgetQuery`; a collection-level operation's in the plural: `SearchWidgetsQuery`)."""
    base = op.go + (spec.names.go_plural if op.collection_level else spec.names.go)
    out = {}
    if isinstance(op.body, list):
        out["request"] = f"{base}Request"
    if isinstance(op.response, list):
        out["response"] = f"{base}Response"
    if op.query:
        out["query"] = f"{base}Query"
    return out


def validate_items(items: Any) -> Any:
    """`operations:` before pydantic's own check: CRUD names stay strings, mappings become OperationSpecs,
    each problem is reported at its item (`operations[2].path`)."""

    if not isinstance(items, list):
        return items
    out = []
    for index, item in enumerate(items):
        if isinstance(item, str):
            if item not in CRUD_OPERATIONS:
                raise _problem(
                    f"unknown operation {item!r} (CRUD operations: {', '.join(CRUD_OPERATIONS)})",
                    (index,),
                    hint="use a CRUD name, or a custom operation "
                    '{name: archive, method: POST, path: "/{id}/archive"}',
                )
            out.append(item)
        elif isinstance(item, dict):
            try:
                out.append(OperationSpec.model_validate(item))
            except ValidationError as exc:
                raise _nested_problem(exc, (index,)) from None
        else:
            out.append(item)  # an OperationSpec already, or a value pydantic reports
    return out


def _nested_problem(exc: ValidationError, prefix: tuple[Any, ...]) -> Exception:

    errors = exc.errors()
    err = max(errors, key=lambda e: len(e.get("loc", ())))  # a union's deepest error is the branch that fit
    loc = tuple(p for p in err.get("loc", ()) if not (isinstance(p, str) and ("[" in p or p in ("str", "list"))))
    if loc and loc[-1] in ("body", "response") and err.get("type") in ("string_type", "list_type"):
        what = "`none`, a model name or a list of inline fields" if loc[-1] == "body" else (
            "`none`, `resource`, `list`, a model name or a list of inline fields"
        )
        return SpecProblem(f"{loc[-1]} is {what}", prefix + loc, "see the README's Custom operations section")
    problem = (err.get("ctx") or {}).get("error")
    hint = problem.hint if isinstance(problem, SpecProblem) else None
    extra = tuple(problem.path) if isinstance(problem, SpecProblem) and problem.path else ()
    if err.get("type") == "extra_forbidden":
        hint = "remove it; see `elqnt-scaffold schema` for the keys of an operation"
    elif err.get("type") == "literal_error" and loc and loc[-1] == "method":
        hint = f"use one of {', '.join(METHODS)}"
    elif err.get("type") == "literal_error" and "type" in loc:
        hint = f"query parameters are scalars: {', '.join(QUERY_TYPES)}"
    elif err.get("type") == "missing":
        hint = "add it"
    return SpecProblem(format_problem(err), prefix + loc + extra, hint)
