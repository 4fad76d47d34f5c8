"""`add-endpoint RESOURCE`: one spec, every layer, one plan, applied all or nothing."""

from __future__ import annotations

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
from ..yamllines import load


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
    repo: Repo, spec: Spec, plan: Plan, only: list[str], force: bool = False, compare_user_files: bool = True
) -> Job:
    """Add everything `spec` needs in the `only` layers to `plan` (nothing is written)."""
    spec_rel = spec_rel_for(repo, spec)
    job = Job(repo, spec, spec_rel, plan, force=force, compare_user_files=compare_user_files)
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
