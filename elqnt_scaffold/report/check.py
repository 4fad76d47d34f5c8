"""What `check` prints: the guide's four-column checklist (text), JSON, or GitHub annotations."""

from __future__ import annotations

import json
from collections import defaultdict

from ..commands.check import CheckResult
from ..commands.check_model import LAYERS, Finding, Row
from ..inventory.common import FileProblem
from .annotations import annotation, fenced

TITLES = {"service": "Service", "gateway": "Gateway", "types": "Types", "client": "Frontend"}
LONG_TITLES = {"service": "Service", "gateway": "API Gateway", "types": "Types", "client": "Frontend"}
LEGEND = "[x] present  [ ] missing  [-] not needed  [?] cannot be read  [!] present, with a warning  [2] registered twice"
_NO_SERVICE = "(no service)"


def text(result: CheckResult, show_all: bool = False) -> str:
    """Endpoints with findings or warnings (all with `show_all`), grouped by service, each followed by
    what is missing and where; then a one-line summary."""
    rows = [r for r in result.rows if show_all or r.findings]
    lines = _table(rows) if rows else []
    if rows:
        lines.append(LEGEND)
    lines.append(summary(result))
    return "\n".join(lines)


def summary(result: CheckResult) -> str:
    if not result.scope.everything and not result.scope.services:
        return "check: the given paths touch no service, routes.yaml, tygo.yaml or TS package: nothing to check"
    endpoints = [r for r in result.rows if r.path is not None]  # method-less (ANY) routes are endpoints too
    services = {r.service for r in endpoints if r.service}
    checked = f"{len(endpoints)} endpoint{_s(endpoints)} of {len(services)} service{_s(services)} checked"
    warnings = len(result.warnings)
    warned = f", {warnings} warning{_s(warnings)}" if warnings else ""
    errors = result.errors
    if not errors:
        return f"check: every endpoint has every layer it needs ({checked}{warned})"
    return f"check: {_errors_said(errors)} ({checked}{warned})"


def _errors_said(errors: list[Finding], where_too: bool = True) -> str:
    """`8 missing layers in 6 endpoints and 1 models package`, `1 pattern registered twice (...)`, or both."""
    missing = [f for f in errors if f.kind != "duplicate"]
    twice = len(errors) - len(missing)
    said = []
    if missing and not where_too:
        said.append(f"{len(missing)} missing layer{_s(missing)}")
    elif missing:
        where = []
        endpoints_hit = {(f.service, f.endpoint) for f in missing if f.endpoint}
        packages_hit = {f.service for f in missing if not f.endpoint}
        if endpoints_hit:
            where.append(f"{len(endpoints_hit)} endpoint{_s(endpoints_hit)}")
        if packages_hit:
            where.append(f"{len(packages_hit)} models package{_s(packages_hit)}")
        said.append(f"{len(missing)} missing layer{_s(missing)} in {' and '.join(where)}")
    if twice:
        said.append(f"{twice} pattern{_s(twice)} registered twice (ServeMux panics at start)")
    return "; ".join(said)


def resource_rows(result: CheckResult, service: str, keys: list[tuple[str, str]]) -> str:
    """The check rows of one resource's routes (printed by add-endpoint after its own checklist)."""
    wanted = set(keys)
    rows = [
        r for r in result.rows
        if r.service == service and ((r.method, r.path) in wanted or (r.label == "models package" and r.findings))
    ]
    if result.problems:
        return "\n".join(["Check: cannot read every layer"] + [f"  {_problem_line(p)}" for p in result.problems])
    errors = [f for r in rows for f in r.findings if f.severity == "error"]
    head = "Check: every layer present" if not errors else f"Check: {_errors_said(errors, where_too=False)}"
    return "\n".join([head, *_table(rows)])


def _table(rows: list[Row]) -> list[str]:
    by_service: dict[str, list[Row]] = defaultdict(list)
    for row in rows:
        by_service[row.service or _NO_SERVICE].append(row)
    width = max([len(r.label) + 2 for r in rows] + [len(s) for s in by_service] + [20])
    out = [f"{'Endpoint':<{width}}  " + "  ".join(f"{TITLES[k]:<8}" for k in LAYERS).rstrip()]
    for service in sorted(by_service, key=lambda s: (s == _NO_SERVICE, s)):
        out.append(service)
        for row in by_service[service]:
            marks = "  ".join(f"{'[' + row.marks[k] + ']':<8}" for k in LAYERS).rstrip()
            out.append(f"  {row.label:<{width - 2}}  {marks}")
            for finding in sorted(row.findings, key=lambda f: f.severity != "error"):
                where = f"{finding.where}: " if finding.where else ""
                out.append(f"      {finding.severity:<7} {LONG_TITLES[finding.layer]}: {where}{finding.message}")
    return out


def as_json(result: CheckResult) -> str:
    items = [_finding_dict(f) for f in result.findings] if not result.problems else [_problem_dict(p) for p in result.problems]
    return json.dumps(items, indent=2)


def _finding_dict(f: Finding) -> dict:
    return {
        "severity": f.severity,
        "kind": f.kind,
        "endpoint": f.endpoint,
        "method": f.method,
        "path": f.path,
        "service": f.service,
        "layer": f.layer,
        "file": f.file,
        "line": f.line,
        "message": f.message,
    }


def _problem_dict(p: FileProblem) -> dict:
    return {
        "severity": "error",
        "kind": "unparseable",
        "endpoint": None,
        "method": None,
        "path": None,
        "service": None,
        "layer": p.layer,
        "file": p.file,
        "line": p.line,
        "message": p.message,
    }


def github(result: CheckResult) -> str:
    """`::error file=F,line=L::message` / `::warning ...` lines for GitHub Actions."""
    lines = []
    if result.problems:
        lines = [annotation("error", p.file, p.line, p.message) for p in result.problems]
    else:
        for f in result.findings:
            label = f"{f.endpoint} ({f.service}): " if f.endpoint and f.service else f"{f.endpoint}: " if f.endpoint else ""
            lines.append(annotation(f.severity, f.file, f.line, f"{label}{LONG_TITLES[f.layer]}: {f.message}"))
    lines.append(summary(result) if not result.problems else f"check: {len(result.problems)} file(s) cannot be read")
    return "\n".join(lines)


def step_summary(result: CheckResult) -> str:
    """Markdown for `$GITHUB_STEP_SUMMARY`: the summary line as a heading and, when there are findings or
    unreadable files, the text report in a fenced block."""
    if result.problems:
        return f"### check: {len(result.problems)} file(s) cannot be read\n\n" + fenced(problems_text(result.problems))
    head = f"### {summary(result)}\n"
    return head if not result.findings else head + "\n" + fenced(text(result))


def problems_text(problems: list[FileProblem]) -> str:
    """For stderr: every file that cannot be read, as `file:line: message`, and how to go on."""
    lines = [f"error: {_problem_line(p)}" for p in problems]
    if any("gofmt accepts this file" in p.message for p in problems):
        lines.append("check: cannot read these files where it must (a registration or a models type): rewrite what each "
                     "message names (or fix it, where gofmt rejects it too), then run check again")
    else:
        lines.append("check: fix these files (they do not parse), then run check again")
    return "\n".join(lines)


def _problem_line(p: FileProblem) -> str:
    return f"{p.file}{':' + str(p.line) if p.line else ''}: {p.message}"


def _s(n) -> str:
    count = n if isinstance(n, int) else len(n)
    return "" if count == 1 else "s"
