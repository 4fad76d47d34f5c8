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
from ...lockfile import digest
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
    """Create services/<resource>.go, or append what it lacks; a 501 skeleton still exactly as the tool wrote
    it (its digest is in the lock) is regenerated when its operation's shape changes, and removed with it."""
    full = f"{job.service_rel}/{rel}"
    old = job.plan.old_text(full)
    wanted = wanted_methods(ctx)
    if old is None or job.force:
        emit("service.go.j2", rel, Owner.USER)
        _record(job, full, None, job.plan.old_text(full) or "", wanted, ctx)  # written whole now
        return
    if not job.compare_user_files:
        return  # drift: the user's file only has to exist (and build)
    try:
        new = _merge(job, full, old, wanted)
    except go.GoSourceError as exc:
        raise UserError(exc.message, file=full, line=exc.line, hint="fix the Go syntax first (gofmt -l shows it)") from None
    if new == old:
        emit("service.go.j2", rel, Owner.USER)  # reported as unchanged or kept
    else:
        job.plan.add(full, new, KEY)
    _record(job, full, old, new, wanted, ctx)


def _merge(job: Job, full: str, old: str, wanted: list[tuple[str, str, tuple[str, ...]]]) -> str:
    have = declaration_keys(old)
    untouched = {
        key: text
        for part, value in job.lock.of(full).items()
        if part.startswith("skeleton ")
        and (text := go.decl_text(old, key := part[len("skeleton ") :])) is not None
        and digest(text) == value
    }
    wanted_keys = {key for key, _, _ in wanted}
    changes: dict[str, str | None] = {key: None for key in untouched if key not in wanted_keys}  # op removed
    changes.update({key: text for key, text, _ in wanted if key in untouched and untouched[key] != text})
    new = go.replace_decls(old, changes) if changes else old
    if None in changes.values():  # a removed skeleton may have been the last user of an import
        models = [path for path in go.imports(new) if path.endswith("/models")]
        new = go.remove_unused_imports(new, ["context", "errors", "time", *models])
    missing = [(key, text, imports) for key, text, imports in wanted if key not in have]
    if missing:
        new = go.append_decls(new, [text for _, text, _ in missing])
    needs = sorted({i for key, _, imports in wanted if key in changes or key not in have for i in imports})
    if needs and new != old:
        new = go.ensure_imports(new, needs)
    return new


def _record(job: Job, full: str, old: str | None, text: str, wanted: list[tuple[str, str, tuple[str, ...]]], ctx: dict) -> None:
    """Remember the file while nobody but the tool has changed it: written now, or unchanged since the digest
    the lock has (remove-endpoint deletes it only then); and each 501 skeleton nobody edited."""
    recorded = job.lock.get(full, "file")
    fresh = old is None or (recorded is not None and recorded == digest(old))
    if fresh or (recorded is None and text == render.render("service/service.go.j2", ctx, job.template_override)):
        job.record(full, "file", digest(text))
    try:
        for key, snippet, _ in wanted:
            if key.startswith(f"{job.spec.names.go}Service.") and "NotImplemented" in snippet:
                current = go.decl_text(text, key)
                if current is not None and current == snippet:
                    job.record(full, f"skeleton {key}", digest(current))
    except go.GoSourceError:
        pass  # the file does not parse: nothing to remember; the build says what is wrong
