"""`remove-endpoint RESOURCE`: the service's files and lines of one resource go, nothing else.

The tool's files (generated header) are deleted; the user's `services/<resource>.go` is deleted only while
it is byte for byte what the tool last wrote (its digest in the lock), else kept and listed; the route
lines, the main.go wiring and the imports the tool added are removed structurally.
"""

from __future__ import annotations

import re

from ...lockfile import digest
from ...plan import Owner, generated
from ..base import Job
from . import wiring

KEY = "service"
TOOL_FILES = ("models/{stem}.go", "handlers/{stem}.go", "handlers/{stem}_test.go", "repositories/{stem}.go", "services/{stem}_gen.go")


def plan_removal(job: Job, ctx: dict) -> None:
    svc, stem = job.service_rel, job.spec.names.file_stem
    for pattern in TOOL_FILES:
        rel = f"{svc}/{pattern.format(stem=stem)}"
        text = job.plan.old_text(rel)
        if text is None:
            continue
        if generated(text):
            job.plan.delete(rel, KEY)
        else:
            job.plan.notes.append(f"{rel} has no generated header (yours): kept; delete it by hand if the resource is gone")
    user = f"{svc}/services/{stem}.go"
    text = job.plan.old_text(user)
    if text is not None:
        if job.lock.get(user, "file") == digest(text):
            job.plan.delete(user, KEY, Owner.USER)
        else:
            job.plan.notes.append(f"{user} changed since the tool wrote it (your business logic): kept; delete it by hand")
    wiring.plan_routes(job, ctx, [])
    wiring.plan_main(job, ctx)
    for rel, names in ((f"{svc}/main.go", _wiring_names(ctx)), (f"{svc}/routes/routes.go", [f"{ctx['r'].local}Handler"])):
        left = job.plan.old_text(rel) or ""
        still = [name for name in names if re.search(rf"\b{name}\b", left)]
        if still:
            job.plan.notes.append(f"{rel} still mentions {', '.join(still)} (edited since the tool wrote it): remove that by hand")


def _wiring_names(ctx: dict) -> list[str]:
    """The variables main.go's wiring of the resource declares (`widgetRepo`, ...)."""
    return [stmt.split(" := ", 1)[0] for stmt in wiring.wiring_statements(ctx["r"]).values()]
