"""The service's shared request helpers: `internal/httpapi` (the tool's) and `handlers/respond.go`.

`internal/httpapi/httpapi.go`, `middleware.go` and their test are regenerated in every service the tool touches: the
generated handlers read bodies (bounded by `request_body_limit`, `unknown_fields` policy), validate them and
answer errors through them; a new service's main.go wires the middleware (request id, request log, recover,
JSON 404/405, /healthz). An existing service gets the package but none of the middleware wired.

`handlers/respond.go` keeps the guide's package helpers for hand-written handlers: `writeJSON` and
`writeError` (the platform's `{code, message}` shape) unless a file of the user's declares them,
and `validate` only while a file of the user's still calls it without declaring it (elqnt-scaffold 0.1
handlers did). When a respond.go of the user's exists, the helpers go to scaffold_helpers.go.
"""

from __future__ import annotations

import re
from pathlib import Path

from ... import render
from ...errors import UserError
from ...plan import Owner
from ...sources import go
from ..base import Job
from . import ownership

KEY = "service"
_USES_VALIDATE = re.compile(r"\bvalidate\.(Struct|Var)\b")


def plan_helpers(job: Job, ctx: dict, svc_dir: Path, legacy: bool) -> None:
    """Plan internal/httpapi/*.go and handlers/respond.go (or scaffold_helpers.go) of the service. A 0.1
    resource (`legacy`: its handler is the user's) needs httpapi only for the custom operations appended to
    it, or when the package is there already."""
    svc = job.service_rel
    config = job.repo.config
    extra = {"body_limit": config.request_body_limit, "allow_unknown": config.unknown_fields == "accept"}
    present = (svc_dir / "internal/httpapi/httpapi.go").is_file()
    files = (("httpapi.go.j2", "httpapi.go"), ("httpapi_middleware.go.j2", "middleware.go"),
             ("httpapi_test.go.j2", "httpapi_test.go"))
    for template, name in files:
        if legacy and not ctx["custom"] and not present:
            break
        rel = f"{svc}/internal/httpapi/{name}"
        ownership.claim(job, rel)
        job.plan.add(rel, render.render(f"service/{template}", {**ctx, **extra}, job.template_override), KEY,
                     Owner.TOOL, job.force)
    have, calls_validate = _user_names(svc_dir / "handlers")
    need = {
        "need_write_json": "writeJSON" not in have,
        "need_write_error": "writeError" not in have,
        "need_validate": calls_validate and "validate" not in have,
    }
    if not any(need.values()):
        return
    planned = job.plan.old_text(f"{svc}/handlers/respond.go")
    name = "respond.go" if planned is None or ownership.generated(planned) else "scaffold_helpers.go"
    text = render.render("service/respond.go.j2", {**ctx, **need}, job.template_override)
    ownership.claim(job, f"{svc}/handlers/{name}")
    job.plan.add(f"{svc}/handlers/{name}", text, KEY, Owner.TOOL, job.force)


def _user_names(directory: Path) -> tuple[set[str], bool]:
    """The top-level names the user's (not generated) files of the package declare, and whether one of them
    calls `validate.Struct`."""
    names: set[str] = set()
    calls_validate = False
    for path in sorted(directory.glob("*.go")) if directory.is_dir() else []:
        if path.name.endswith("_test.go"):
            continue
        src = path.read_text(encoding="utf-8")
        if ownership.generated(src):
            continue
        calls_validate = calls_validate or bool(_USES_VALIDATE.search(src))
        try:
            names |= go.top_level_names(src, tolerant=True)
        except go.GoSourceError as exc:
            raise UserError(exc.message, file=str(path), line=exc.line,
                            hint="fix the Go syntax first (gofmt -l shows it), then run the command again") from None
    return names, calls_validate
