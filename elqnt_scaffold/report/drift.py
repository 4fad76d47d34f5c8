"""How `drift` prints its findings: text with unified diffs, JSON, GitHub annotations."""

from __future__ import annotations

import json

from ..commands.drift import DriftResult
from .annotations import annotation, fenced

# The annotation title of each kind: what was found, not the kind twice.
TITLES = {
    "drift": "drift: generated file differs from its spec or Go models",
    "missing": "missing: generated file is not there",
    "stale": "stale: part of an operation no spec has any more",
    "migration": "migration: the spec's storage differs from the migrations",
    "orphan": "orphan: generated file whose spec is gone",
    "conflict": "conflict: hand-edited entry the spec needs changed",
}
ANNOTATION_DIFF_LINES = 200  # longer diffs are cut in the annotation; the job summary and text keep them whole


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
    """One `::error file=F,line=L,title=T::message` per finding left, its unified diff in the (escaped)
    message; then the summary line."""
    lines = [annotation("error", f.file, f.line, _with_diff(f.message, f.diff), TITLES.get(f.kind, f.kind))
             for f in result.remaining]
    lines.append(summary(result, result.after is not None))
    return "\n".join(lines)


def _with_diff(message: str, diff: str) -> str:
    if not diff:
        return message
    lines = diff.rstrip("\n").split("\n")
    if len(lines) > ANNOTATION_DIFF_LINES:
        cut = len(lines) - ANNOTATION_DIFF_LINES
        lines = lines[:ANNOTATION_DIFF_LINES] + [f"... {cut} more lines: the job summary or `elqnt-scaffold drift` shows them"]
    return message + "\n\n" + "\n".join(lines)


def step_summary(result: DriftResult) -> str:
    """Markdown for `$GITHUB_STEP_SUMMARY`: a heading with the summary line, then each finding left with its
    file, line and message, and its unified diff as a fenced `diff` block."""
    out = [f"### {summary(result, result.after is not None)}", ""]
    for f in result.remaining:
        where = f"{f.file}:{f.line}" if f.line else f.file
        out.append(f"**{TITLES.get(f.kind, f.kind)}** — `{where}`: {f.message}")
        out.append("")
        if f.diff:
            out.append(fenced(f.diff, "diff"))
    return "\n".join(out).rstrip("\n") + "\n"
