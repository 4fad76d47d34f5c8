"""The Go shape of a spec's custom operations: model structs, handler and service method parts."""

from __future__ import annotations

from dataclasses import dataclass, field
from typing import Any

from ...sources.go import gofmt
from ... import naming
from ...spec.endpoint import Endpoint, spec_endpoints
from ...spec import Spec
from ...spec.operations import operation_types
from . import models

# query type -> (Go type, parse statement producing `n, err`, conversion of n, what the message says)
_QUERY = {
    "int": ("int", "strconv.Atoi(v)", "n", "an integer"),
    "int32": ("int32", "strconv.ParseInt(v, 10, 32)", "int32(n)", "a 32-bit integer"),
    "int64": ("int64", "strconv.ParseInt(v, 10, 64)", "n", "an integer"),
    "timestamp": ("int64", "strconv.ParseInt(v, 10, 64)", "n", "an integer (Unix milliseconds)"),
    "float32": ("float32", "strconv.ParseFloat(v, 32)", "float32(n)", "a number"),
    "float64": ("float64", "strconv.ParseFloat(v, 64)", "n", "a number"),
    "bool": ("bool", "strconv.ParseBool(v)", "n", "true or false"),
}
_GO_KEYWORDS = {
    "break", "case", "chan", "const", "continue", "default", "defer", "else", "fallthrough", "for", "func", "go",
    "goto", "if", "import", "interface", "map", "package", "range", "return", "select", "struct", "switch", "type",
    "var",
}
_TAKEN_LOCALS = {
    "ctx", "orgID", "userID", "req", "query", "result", "err", "h", "s", "w", "r", "v", "n", "page", "limit", "value"
}


@dataclass
class GoOperation:
    endpoint: Endpoint
    op: Any  # OperationSpec
    handler: str  # ArchiveWidget
    method: str  # Archive (service method)
    route: str  # POST /widgets/{id}/archive
    params: list[tuple[str, str]]  # (path wildcard, Go local)
    query_type: str | None
    query_lines: list[str]  # struct lines of the query model
    query_params: list[dict[str, Any]]
    body_type: str | None  # models.ArchiveWidgetRequest
    request_type: str | None  # ArchiveWidgetRequest when declared inline
    request_lines: list[str]
    response_type: str | None  # models.Widget, []models.Widget, ... None: 204
    response_zero: str
    response_struct: str | None  # ArchiveWidgetResponse when declared inline
    response_lines: list[str]
    error_code: str  # ARCHIVE_FAILED
    doc: list[str] = field(default_factory=list)
    paginated: bool = False  # a list response answered one page at a time (page, limit), like the CRUD list

    @property
    def uses_strconv(self) -> bool:
        return any(p["parse"] for p in self.query_params)

    @property
    def uses_models(self) -> bool:
        """Whether the handler names the models package: query or body structs, or a list it fills in."""
        return bool(self.query_type or self.body_type or self.paginated or (self.response_type or "").startswith("[]"))

    @property
    def service_signature(self) -> str:
        args = ["ctx context.Context", "orgID, userID" + "".join(f", {local}" for _, local in self.params) + " string"]
        if self.query_type:
            args.append(f"query models.{self.query_type}")
        if self.paginated:
            args.append("page, limit int")
        if self.body_type:
            args.append(f"req {self.body_type}")
        result = f"({self.response_type}, error)" if self.response_type else "error"
        return f"{self.method}({', '.join(args)}) {result}"

    @property
    def call_lhs(self) -> str:
        return "result, err" if self.response_type else "err"

    @property
    def service_args(self) -> str:
        args = ["r.Context()", "orgID", "userID"] + [f'r.PathValue("{p}")' for p, _ in self.params]
        if self.query_type:
            args.append("query")
        if self.paginated:
            args += ["page", "limit"]
        if self.body_type:
            args.append("req")
        return ", ".join(args)


def _local(name: str) -> str:
    local = naming.go_local(name)
    return local + "Param" if local in _TAKEN_LOCALS or local in _GO_KEYWORDS else local


def _inline_lines(fields: list) -> list[str]:
    go_fields = models._go_fields("", fields)
    return gofmt.align(models._field_rows(go_fields, models.GoField.request_tag))


def operations(spec: Spec) -> list[GoOperation]:
    out = []
    for endpoint in spec_endpoints(spec):
        op = endpoint.custom
        if op is None:
            continue
        types = operation_types(spec, op)
        query_params, query_rows = [], []
        for q in op.query:
            param, row = _query_param(q)
            query_params.append(param)
            query_rows.extend(gofmt.comment(q.description))
            query_rows.append(row)
        if op.body_model:
            body_type = f"models.{op.body_model}"
        elif "request" in types:
            body_type = f"models.{types['request']}"
        else:
            body_type = None
        response, zero = _response(spec, op, types)
        route = f"{endpoint.method} {endpoint.path}"
        out.append(
            GoOperation(
                endpoint=endpoint,
                op=op,
                handler=endpoint.handler,
                method=op.go,
                route=route,
                params=[(p, _local(p)) for p in op.params],
                query_type=types.get("query"),
                query_lines=gofmt.align(query_rows),
                query_params=query_params,
                body_type=body_type,
                request_type=types.get("request"),
                request_lines=_inline_lines(op.body) if isinstance(op.body, list) else [],
                response_type=response,
                response_zero=zero,
                response_struct=types.get("response"),
                response_lines=_inline_lines(op.response) if isinstance(op.response, list) else [],
                error_code=naming.upper_snake(op.name) + "_FAILED",
                doc=gofmt.comment(op.description) if op.description else [],
                paginated=op.paginated,
            )
        )
    return out


def _query_param(q: Any) -> tuple[dict[str, Any], list[str]]:
    """What the handler template needs of one query parameter, and its row in the query struct. A required
    one is a value (`From int64`); an optional one a pointer (`To *int64`, `json:",omitempty"`): nil when the
    request does not carry it, so absent is never read as 0, false or ""."""
    go_t, parse, conv, what = _QUERY.get(q.type, ("string", "", "v", "text"))
    go_name, json_name = naming.go_name(q.name), naming.camel(q.name)
    pointer = not q.required
    param = {
        "go": go_name, "json": json_name, "parse": parse, "conv": conv, "what": what, "required": q.required,
        "pointer": pointer,
    }
    tag = f'`json:"{json_name},omitempty"`' if pointer else f'`json:"{json_name}"`'
    return param, [go_name, ("*" if pointer else "") + go_t, tag]


def _response(spec: Spec, op: Any, types: dict[str, str]) -> tuple[str | None, str]:
    r = op.response
    if isinstance(r, list):
        return f"models.{types['response']}", f"models.{types['response']}{{}}"
    if r == "none":
        return None, ""
    if r == "resource":
        return f"models.{spec.names.go}", f"models.{spec.names.go}{{}}"
    if r == "list" and op.paginated:
        page = f"models.List{spec.names.go_plural}Response"
        return page, page + "{}"
    if r == "list":
        return f"[]models.{spec.names.go}", "nil"
    return f"models.{r}", f"models.{r}{{}}"


def handler_imports(ops: list[GoOperation], module: str) -> list[str]:
    """What the appended handler methods import."""
    paths = ["errors", "net/http", f"{module}/internal/httpapi", f"{module}/services"]
    if any(o.uses_strconv for o in ops):
        paths.append("strconv")
    if any(o.uses_models for o in ops):
        paths.append(f"{module}/models")
    return paths


def service_imports(ops: list[GoOperation], module: str) -> list[str]:
    paths = ["context", "errors"]
    if any(o.query_type or o.body_type or o.response_type for o in ops):
        paths.append(f"{module}/models")
    return paths
