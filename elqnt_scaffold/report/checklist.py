"""Text the CLI prints: the four-layer checklist, plans, errors."""

from __future__ import annotations

from ..commands.add_endpoint import AddEndpointResult
from ..layers import registry

_MARK = {"written": "[x]", "unchanged": "[x]", "skipped (--only)": "[-]"}


def checklist(result: AddEndpointResult) -> str:
    spec = result.spec
    head = "Plan (dry run, nothing written)" if result.dry_run else "Checklist"
    lines = [f"{head}: {spec.resource} -> {spec.service_name}"]
    for change in (c for c in result.plan.changes if c.layer == "spec"):
        what = "lock" if change.rel.endswith(".lock") else "spec"
        lines.append(f"    {what}  {change.rel} ({_verb(change.action.value, result.dry_run)})")
    for outcome in result.layers:
        info = registry.by_key(outcome.key)
        status = outcome.status
        if result.dry_run and status == "written":
            status = "to write"
        lines.append(f"{_MARK.get(outcome.status, '[ ]')} {info.number}. {info.title:<12} {status}")
        for change in outcome.files:
            lines.append(f"        {change.rel} ({_verb(change.action.value, result.dry_run)})")
            if change.action.value == "kept":
                lines.append("          yours: the tool only appends to it, never rewrites it (--force rewrites it from the template)")
    for note in result.plan.notes:
        lines.append(f"note: {note}")
    for post in result.post:
        state = "ok" if post.ok else "FAILED"
        lines.append(f"    {' '.join(post.step.argv)} in {post.step.cwd_rel}: {state}")
        if not post.ok:
            lines.append(f"      {post.output.splitlines()[-1] if post.output else ''}")
            lines.append(f"      run it yourself once the problem is fixed ({post.step.why})")
    for problem in result.problems:
        lines.append(f"error: {problem.where}: go {problem.tool}: {problem.message}")
        lines.append(f"  fix: {problem.hint}")
    if result.problems:
        services = sorted({p.service for p in result.problems})
        lines.append(f"{', '.join(services)} no longer builds: the files above were written; fix what the errors name")
    if not result.dry_run:
        if result.changed:
            if result.deploy:
                lines.append("Deploy: " + " && ".join(result.deploy))
        else:
            lines.append("Nothing to do: every file already says this.")
    return "\n".join(lines)


def _verb(action: str, dry_run: bool) -> str:
    if not dry_run:
        return action
    return {"created": "to create", "updated": "to update", "deleted": "to delete"}.get(action, action)
