"""`add-endpoint RESOURCE`: one spec, every layer, one plan, applied all or nothing."""

from __future__ import annotations

import re
import shutil
import subprocess
from dataclasses import dataclass, field
from pathlib import Path

from .. import naming
from ..errors import UserError
from ..layers import registry
from ..layers.base import Job, LayerOutcome, PostStep
from ..plan import Action, Plan, read_text
from ..repo import Repo
from ..spec import Spec, dump_spec, from_data, load_spec, spec_from_flags
from ..sources.yaml.lines import load


@dataclass
class PostResult:
    step: PostStep
    ok: bool
    output: str


@dataclass
class AddEndpointResult:
    spec: Spec
    spec_rel: str
    plan: Plan
    layers: list[LayerOutcome]
    dry_run: bool
    post: list[PostResult] = field(default_factory=list)

    @property
    def changed(self) -> bool:
        return bool(self.plan.writes)

    @property
    def deploy(self) -> list[str]:
        steps = []
        touched = {c.layer for c in self.plan.writes}
        if "service" in touched:
            steps.append(f"make docker-rebuild-{self.spec.service_name}")
        if "gateway" in touched:
            steps.append("make docker-rebuild-api-gateway")
        return steps


def parse_only(only: str | None) -> list[str]:
    """`--only service,gateway`: known layers only, in the checklist's order."""
    if not only:
        return list(registry.KEYS)
    wanted = [part.strip() for part in only.split(",") if part.strip()]
    for key in wanted:
        if key not in registry.KEYS:
            raise UserError(
                f"unknown layer {key!r}", field="--only", hint=f"use a comma-separated list of {', '.join(registry.KEYS)}"
            )
    return [key for key in registry.KEYS if key in wanted]


def spec_rel_for(repo: Repo, spec: Spec) -> str:
    return f"{repo.service_dir(spec.service_name)}/endpoints/{spec.resource}.yaml"


def resolve_spec(
    repo: Repo,
    resource: str,
    spec_file: Path | None,
    fields: list[str],
    service: str | None,
    ops: str | None,
) -> Spec:
    problem = naming.name_problem(resource)
    if problem:
        raise UserError(f"resource name {resource!r} {problem}", field="RESOURCE", hint="use a singular snake_case name like widget or api_key")
    op_list = [o.strip() for o in ops.split(",")] if ops else None
    if spec_file is not None:
        if fields:
            raise UserError("--spec and --field cannot be combined", field="--field", hint="put the fields in the spec file")
        spec = load_spec(spec_file)
        if naming.snake(spec.resource) != naming.snake(resource):
            raise UserError(
                f"the spec describes {spec.resource!r}, not {resource!r}",
                file=str(spec_file),
                line=1,
                field="resource",
                hint=f"run `elqnt-scaffold add-endpoint {spec.resource} --spec {spec_file}`",
            )
        ops_value = None if op_list is None else _with_custom(spec, op_list)
        overrides = {k: v for k, v in {"service": service, "operations": ops_value}.items() if v is not None}
        if overrides:
            spec = from_data({**spec.model_dump(by_alias=True, exclude_defaults=True), **overrides}, "command line")
        return spec
    if not fields:
        saved = repo.root / repo.service_dir(service or naming.default_service(resource)) / "endpoints" / f"{naming.snake(resource)}.yaml"
        if saved.exists():
            spec = load_spec(saved, repo.rel(saved))
            if op_list is None:
                return spec
            data = {**spec.model_dump(by_alias=True, exclude_defaults=True), "operations": _with_custom(spec, op_list)}
            return from_data(data, "command line")
    return spec_from_flags(naming.snake(resource), fields, service=service, operations=op_list)


_OP_FLAG = re.compile(r"^\s*([A-Za-z][A-Za-z0-9_-]*)\s*:\s*([A-Za-z]+)\s+(\S+)\s*$")


def add_operation(
    repo: Repo,
    resource: str,
    op_flag: str,
    *,
    spec_file: Path | None = None,
    service: str | None = None,
    fields: list[str] | None = None,
    query: list[str] | None = None,
    response: str | None = None,
) -> Spec:
    """`--op "archive: POST /{id}/archive"`: the resource's saved spec (or --spec) with that operation added,
    or replaced when the spec has one of that name. `--field` flags are its body, `--query` its query."""
    match = _OP_FLAG.match(op_flag)
    if match is None:
        raise UserError(
            f"--op {op_flag!r} is not NAME: METHOD PATH",
            field="--op",
            hint='for example --op "archive: POST /{id}/archive" (the path is relative to the resource)',
        )
    name, method, path = match.group(1), match.group(2).upper(), match.group(3)
    if spec_file is not None:
        base = load_spec(spec_file)
    else:
        folder = repo.root / repo.service_dir(service or naming.default_service(resource))
        saved = folder / "endpoints" / f"{naming.snake(resource)}.yaml"
        if not saved.exists():
            raise UserError(
                f"{resource} has no saved spec at {repo.rel(saved)} to add the operation to",
                field="--op",
                hint=f"scaffold the resource first (elqnt-scaffold add-endpoint {resource} --field ...), "
                "pass --spec, or --service when it lives in another service",
            )
        base = load_spec(saved, repo.rel(saved))
    op: dict[str, object] = {"name": name, "method": method, "path": path}
    if query:
        op["query"] = [_query_flag(flag, index) for index, flag in enumerate(query)]
    if fields:
        op["body"] = spec_from_flags(base.resource, fields).model_dump(by_alias=True, exclude_defaults=True)["fields"]
    if response:
        op["response"] = _response_flag(response, base)
    data = base.model_dump(by_alias=True, exclude_defaults=True)
    ops = [
        o for o in data.get("operations", list(base.operations)) if not (isinstance(o, dict) and o.get("name") == name)
    ]
    data["operations"] = [*ops, op]
    return from_data(data, "command line")


def _query_flag(flag: str, index: int) -> dict[str, object]:
    parts = flag.split(":")
    if len(parts) not in (1, 2, 3) or (len(parts) == 3 and parts[2] not in ("required", "optional")):
        raise UserError(
            f"--query {flag!r} is not NAME[:TYPE[:required]]",
            field=f"--query[{index}]",
            hint="for example --query from:timestamp:required --query to:timestamp",
        )
    out: dict[str, object] = {"name": parts[0], "type": parts[1] if len(parts) > 1 else "string"}
    if len(parts) == 3 and parts[2] == "required":
        out["required"] = True
    return out


def _response_flag(value: str, spec: Spec) -> str:
    if value in ("resource", "list", "none") or value in spec.models:
        return value
    known = ", ".join(["resource", "list", "none", *spec.models])
    raise UserError(f"--response {value!r} is not one of {known}", field="--response",
                    hint="name a model of the spec's `models:`, or use resource, list or none")


def _with_custom(spec: Spec, crud: list[str]) -> list[object]:
    """`--ops` names the CRUD operations; the spec's custom operations stay."""
    return [*crud, *(op.model_dump(by_alias=True, exclude_defaults=True) for op in spec.custom_operations)]


def _spec_text(repo: Repo, spec: Spec, rel: str) -> str:
    """The saved spec's own text when it already says the same thing (comments and layout kept)."""
    old = read_text(repo.root / rel)
    if old is not None:
        try:
            located = load(old, rel)
            if from_data(located.value, rel, located) == spec:
                return old
        except UserError:
            pass
    return dump_spec(spec)


def plan_spec(
    repo: Repo,
    spec: Spec,
    plan: Plan,
    only: list[str],
    force: bool = False,
    compare_user_files: bool = True,
    save_spec: bool = True,
) -> Job:
    """Add everything `spec` needs in the `only` layers to `plan` (nothing is written).
    `save_spec=False` (drift): the spec file is the source, not something to write."""
    spec_rel = spec_rel_for(repo, spec)
    job = Job(repo, spec, spec_rel, plan, force=force, compare_user_files=compare_user_files)
    if save_spec:
        plan.add(spec_rel, _spec_text(repo, spec, spec_rel), "spec")
    for key in only:
        registry.by_key(key).plan(job)
    return job


def run(
    repo: Repo,
    spec: Spec,
    *,
    only: list[str],
    dry_run: bool = False,
    force: bool = False,
    tidy: bool = True,
) -> AddEndpointResult:
    plan = Plan(repo.root)
    job = plan_spec(repo, spec, plan, only, force)
    spec_rel = job.spec_rel
    outcomes = _outcomes(plan, only)
    result = AddEndpointResult(spec, spec_rel, plan, outcomes, dry_run)
    if dry_run:
        return result
    plan.apply()
    if tidy:
        result.post = _run_post_steps(repo, [s for s in job.post_steps if _touched(plan, s)])
    return result


def _touched(plan: Plan, step: PostStep) -> bool:
    return any(c.rel == f"{step.cwd_rel}/go.mod" and c.writes for c in plan.changes)


def _run_post_steps(repo: Repo, steps: list[PostStep]) -> list[PostResult]:
    results = []
    for step in steps:
        if shutil.which(step.argv[0]) is None:
            results.append(PostResult(step, False, f"{step.argv[0]} is not on PATH"))
            continue
        proc = subprocess.run(step.argv, cwd=repo.root / step.cwd_rel, capture_output=True, text=True)
        results.append(PostResult(step, proc.returncode == 0, (proc.stdout + proc.stderr).strip()))
    return results


def _outcomes(plan: Plan, only: list[str]) -> list[LayerOutcome]:
    out = []
    for layer in registry.LAYERS:
        files = [c for c in plan.changes if c.layer == layer.key]
        if layer.key not in only:
            status = "skipped (--only)"
        elif any(c.writes for c in files):
            status = "written"
        else:
            status = "unchanged"
        out.append(LayerOutcome(layer.key, layer.title, status, files))
    return out


__all__ = ["AddEndpointResult", "Action", "parse_only", "resolve_spec", "run"]
