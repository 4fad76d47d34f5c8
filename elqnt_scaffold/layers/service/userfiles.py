"""The one per-resource file of a service that is the user's: `services/<resource>.go`, the business logic.

Written whole once. Afterwards the tool only appends, with tree-sitter-go, a method for each operation the
file lacks (CRUD methods over the repository, custom operations as 501 skeletons), with the imports they
use; every other byte stays. What the spec determines (request -> record mapping, the ServiceAPI interface,
the compile-time assertion) lives in the tool's files, so a new field needs no hand edit here.
"""

from __future__ import annotations

from ... import render
from ...errors import UserError
from ...plan import Owner
from ...sources import go
from ...sources.go.read import declaration_keys
from ..base import Job

KEY = "service"
_CRUD_IMPORTS = {
    "list": ("context", "models"),
    "create": ("context", "time", "models"),
    "get": ("context", "models"),
    "update": ("context", "time", "models"),
    "delete": ("context",),
}
_CRUD_METHOD = {"list": "List", "create": "Create", "get": "Get", "update": "Update", "delete": "Delete"}


def wanted_methods(ctx: dict) -> list[tuple[str, str, tuple[str, ...]]]:
    """(declaration key, Go text, imports) of every method and helper the service file should have."""
    n, module = ctx["r"], ctx["module"]
    out = []
    for op in ctx["ops"]:
        text = render.render_snippet("service/service_method.go.j2", {**ctx, "op": op})
        out.append((f"{n.go}Service.{_CRUD_METHOD[op]}", text, _CRUD_IMPORTS[op]))
    if "create" in ctx["ops"]:
        text = render.render_snippet("service/service_new_id.go.j2", ctx)
        out.append((f"new{n.go}ID", text, ("crypto/rand", "encoding/hex")))
    for o in ctx["custom"]:
        text = render.render_snippet("service/operation_service.go.j2", {**ctx, "o": o})
        needs = ("context", "models") if "models." in o.service_signature else ("context",)
        out.append((f"{n.go}Service.{o.method}", text, needs))
    return [(key, text, tuple(f"{module}/models" if i == "models" else i for i in imports)) for key, text, imports in out]


def plan_service_file(job: Job, ctx: dict, rel: str, emit) -> None:
    full = f"{job.service_rel}/{rel}"
    old = job.plan.old_text(full)
    if old is None or job.force:
        emit("service.go.j2", rel, Owner.USER)
        return
    if not job.compare_user_files:
        return  # drift: the user's file only has to exist (and build)
    try:
        have = declaration_keys(old)
        missing = [(key, text, imports) for key, text, imports in wanted_methods(ctx) if key not in have]
        if not missing:
            emit("service.go.j2", rel, Owner.USER)  # reported as unchanged or kept
            return
        new = go.append_decls(old, [text for _, text, _ in missing])
        new = go.ensure_imports(new, sorted({i for _, _, imports in missing for i in imports}))
    except go.GoSourceError as exc:
        raise UserError(exc.message, file=full, line=exc.line, hint="fix the Go syntax first (gofmt -l shows it)") from None
    job.plan.add(full, new, KEY)
