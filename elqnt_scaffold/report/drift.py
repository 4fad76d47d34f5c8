"""How `drift` prints its findings: text with unified diffs, JSON, GitHub annotations."""

from __future__ import annotations

import json

from ..commands.drift import DriftResult
from .annotations import annotation


def text(result: DriftResult, fix: bool) -> str:
    lines: list[str] = []
    for f in result.findings:
        where = f"{f.file}:{f.line}" if f.line else f.file
        state = " (fixed)" if result.is_fixed(f) else ""
        lines.append(f"{f.kind}: {where}: {f.message}{state}")
        if f.diff and not fix:
            lines.append(f.diff.rstrip("\n"))
    lines.append(summary(result, fix))
    return "\n".join(lines)


def summary(result: DriftResult, fix: bool) -> str:
    if not result.findings:
        return "drift: none — every generated file and entry matches the specs and the Go models"
    if fix:
        left = result.remaining
        done = f"drift --fix: wrote {len(result.fixed)} file(s)"
        return done + (f"; {len(left)} finding(s) need a person (see above)" if left else "; no drift left")
    return f"drift: {len(result.findings)} finding(s); `elqnt-scaffold drift --fix` rewrites generated files"


def as_json(result: DriftResult) -> str:
    return json.dumps(
        [
            {"kind": f.kind, "file": f.file, "line": f.line, "message": f.message, "diff": f.diff, "fixed": result.is_fixed(f)}
            for f in result.findings
        ],
        indent=2,
    )


def github(result: DriftResult) -> str:
    lines = [annotation("error", f.file, f.line, f"drift ({f.kind}): {f.message}") for f in result.remaining]
    lines.append(summary(result, result.after is not None))
    return "\n".join(lines)
