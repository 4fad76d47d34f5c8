"""`check --baseline FILE` / `--write-baseline FILE`: existing gaps recorded so they do not block unrelated work.

A baseline is a YAML file (written by ``--write-baseline``; edit it only to delete entries)::

    # elqnt-scaffold check baseline: ...
    version: 1
    findings:
      - {service: widget-service, kind: missing-client, endpoint: GET /widgets}
      - {service: billing-service, kind: missing-types, file: services/billing-service/models/invoice.go}

One entry per error finding (warnings never fail, so they are never recorded), keyed by the service, the
finding's kind and its endpoint (``METHOD /service/path``, ``ANY /path`` without a method) — or, for a finding
on no endpoint (a models package), its file. No line numbers: an entry keeps matching while the gap exists,
wherever its lines move. An entry that matches no finding any more (the gap was fixed) is *stale*: reported
as a warning naming it, so the baseline shrinks; it never changes the exit status. Entries of services out
of the checked scope (paths that touch other services) are neither applied nor reported.

Errors: UserError (exit 2) naming the file and line when the baseline cannot be read or has another shape.
"""

from __future__ import annotations

from dataclasses import dataclass
from pathlib import Path

import yaml

from ..errors import UserError
from .check import CheckResult
from .check_model import Finding

HEADER = """\
# elqnt-scaffold check baseline: errors `check --baseline THIS_FILE` ignores (existing gaps).
# Written by `elqnt-scaffold check --write-baseline THIS_FILE`. Keyed by service, kind and endpoint
# (METHOD /path) or file, never line numbers. Delete an entry once its gap is fixed (check names stale ones).
"""


@dataclass(frozen=True, order=True)
class Entry:
    service: str
    kind: str
    endpoint: str  # "GET /widgets/{id}"; "" for a finding on no endpoint
    file: str  # only for a finding on no endpoint

    def describe(self) -> str:
        what = self.endpoint or self.file
        return f"{self.service or '(no service)'} {self.kind} {what}"


def key(finding: Finding) -> Entry:
    endpoint = finding.endpoint or ""
    return Entry(finding.service or "", finding.kind, endpoint, "" if endpoint else (finding.file or ""))


def write(result: CheckResult, path: Path) -> int:
    """Record the errors of `result` in `path` (replacing it); returns how many entries were written."""
    entries = sorted({key(f) for f in result.errors})
    lines = [HEADER.rstrip("\n"), "version: 1", "findings:" + ("" if entries else " []")]
    for e in entries:
        fields = {"service": e.service, "kind": e.kind}
        fields.update({"endpoint": e.endpoint} if e.endpoint else {"file": e.file})
        lines.append("  - " + yaml.safe_dump(fields, default_flow_style=True, sort_keys=False, width=1 << 16).strip())
    try:
        path.write_text("\n".join(lines) + "\n", encoding="utf-8")
    except OSError as exc:
        raise UserError(f"cannot write the baseline: {exc.strerror}", file=str(path), field="--write-baseline") from None
    return len(entries)


def read(path: Path) -> set[Entry]:
    """The entries of a baseline file."""
    try:
        data = yaml.safe_load(path.read_text(encoding="utf-8"))
    except OSError as exc:
        raise UserError(f"cannot read the baseline: {exc.strerror}", file=str(path), field="--baseline",
                        hint="write one with `elqnt-scaffold check --write-baseline FILE`") from None
    except yaml.YAMLError as exc:
        mark = getattr(exc, "problem_mark", None)
        raise UserError(f"the baseline is not valid YAML: {getattr(exc, 'problem', exc)}", file=str(path),
                        line=mark.line + 1 if mark else None, field="--baseline") from None
    findings = data.get("findings") if isinstance(data, dict) else None
    if not isinstance(findings, list):
        raise UserError("a baseline is a mapping with a `findings` list", file=str(path), field="--baseline",
                        hint="write one with `elqnt-scaffold check --write-baseline FILE`")
    out = set()
    for index, item in enumerate(findings):
        if not isinstance(item, dict) or not item.get("kind") or not (item.get("endpoint") or item.get("file")):
            raise UserError(f"entry {index + 1} needs kind and endpoint (or file)", file=str(path),
                            field=f"findings[{index}]", hint="see the README's baseline section")
        endpoint = str(item.get("endpoint") or "")
        out.add(Entry(str(item.get("service") or ""), str(item["kind"]), endpoint, "" if endpoint else str(item.get("file") or "")))
    return out


def apply(result: CheckResult, entries: set[Entry]) -> tuple[int, list[Entry]]:
    """Drop the errors `entries` record from `result`'s rows (in place); returns (how many findings were
    dropped, the stale entries: in scope, matching no error)."""
    matched: set[Entry] = set()
    dropped = 0
    for row in result.rows:
        kept = []
        for finding in row.findings:
            k = key(finding)
            if finding.severity == "error" and k in entries:
                matched.add(k)
                dropped += 1
            else:
                kept.append(finding)
        row.findings = kept
    result.findings = [f for row in result.rows for f in row.findings]
    in_scope = [e for e in entries if result.scope.everything or e.service in result.scope.services]
    return dropped, sorted(e for e in in_scope if e not in matched)


@dataclass
class HookRun:
    """What `check` with --staged/--baseline/--write-baseline did besides its findings."""

    result: CheckResult
    notes: list[str]  # lines for stderr: stale baseline entries (warnings), what was written or ignored


def run(repo, paths: list[str] | None, *, staged: bool = False, baseline: Path | None = None,
        write_baseline: Path | None = None) -> HookRun:
    """`check [PATHS]` on the disk or (`staged`) the git index; then record its errors in `write_baseline`,
    or drop those `baseline` records and name its stale entries."""
    from . import check as command

    result = command.run_staged(repo, paths) if staged else command.run(repo, paths)
    notes: list[str] = []
    if result.problems:
        return HookRun(result, notes)  # nothing is judged while a file does not parse
    if write_baseline is not None:
        count = write(result, write_baseline)
        notes.append(f"baseline {write_baseline}: {count} entr{'y' if count == 1 else 'ies'} written")
        apply(result, {key(f) for f in result.errors})  # recorded: this run passes
    elif baseline is not None:
        dropped, stale = apply(result, read(baseline))
        if dropped:
            notes.append(f"baseline {baseline}: {dropped} known finding{'' if dropped == 1 else 's'} ignored")
        notes += [f"warning: baseline {baseline}: entry `{e.describe()}` matches no finding any more (fixed?): "
                  "delete it from the file" for e in stale]
    return HookRun(result, notes)
