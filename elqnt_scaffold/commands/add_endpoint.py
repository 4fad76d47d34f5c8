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
from ..lockfile import Lock, dump_lock, load_lock, lock_rel
from .verify import BuildProblem, verify_services
from ..plan import Action, Plan
from ..repo import Repo
from ..spec import Spec, dump_spec, edit, from_data, spec_from_flags
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
    problems: list[BuildProblem] = field(default_factory=list)  # the build after apply: empty when it builds

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
    storage: str | None = None,
) -> Spec:
    """The spec `add-endpoint RESOURCE` works from: `--spec FILE`, else the resource's saved spec, else one built
    from `--field` flags. `--field` (on a saved spec), `--ops`, `--storage` and `--service` are merged into that
    file's text (spec/edit.py): the saved spec keeps its comments and layout, only the changed nodes move."""
    problem = naming.name_problem(resource)
    if problem:
        raise UserError(f"resource name {resource!r} {problem}", field="RESOURCE", hint="use a singular snake_case name like widget or api_key")
    op_list = [o.strip() for o in ops.split(",")] if ops else None
    if spec_file is not None:
        if fields:
            raise UserError("--spec and --field cannot be combined", field="--field", hint="put the fields in the spec file")
        source, display = spec_file, str(spec_file)
    else:
        source = saved_path(repo, resource, service)
        display = repo.rel(source)
        if not source.exists():
            return spec_from_flags(naming.snake(resource), fields, service=service, operations=op_list, storage=storage)
    text = _read_spec(source, display)
    base = _checked_spec(text, display, resource, spec_file)
    new_text = _with_service(text, display, base, service, from_spec_file=spec_file is not None)
    if fields:
        new_text = edit.merge_fields(new_text, _flag_fields(base, fields), file=display)
    if op_list is not None:
        new_text = edit.set_operations(new_text, op_list, file=display)
    if storage is not None and storage != base.storage:
        new_text = edit.set_key(new_text, "storage", storage, file=display)
    spec = base if new_text == text else _validated(new_text, display)
    return edited_in_place(repo, spec, source, new_text)


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
    or replaced where it stands when the spec has one of that name (the same operation again changes nothing).
    `--field` flags are its body, `--query` its query. The spec's text is edited in place (spec/edit.py)."""
    match = _OP_FLAG.match(op_flag)
    if match is None:
        raise UserError(
            f"--op {op_flag!r} is not NAME: METHOD PATH",
            field="--op",
            hint='for example --op "archive: POST /{id}/archive" (the path is relative to the resource)',
        )
    name, method, path = match.group(1), match.group(2).upper(), match.group(3)
    if spec_file is not None:
        source, display = spec_file, str(spec_file)
    else:
        source = saved_path(repo, resource, service)
        display = repo.rel(source)
        if not source.exists():
            raise UserError(
                f"{resource} has no saved spec at {display} to add the operation to",
                field="--op",
                hint=f"scaffold the resource first (elqnt-scaffold add-endpoint {resource} --field ...), "
                "pass --spec, or --service when it lives in another service",
            )
    text = _read_spec(source, display)
    base = _checked_spec(text, display, resource, spec_file)
    op: dict[str, object] = {"name": name, "method": method, "path": path}
    if query:
        op["query"] = [_query_flag(flag, index) for index, flag in enumerate(query)]
    if fields:
        op["body"] = _flag_fields(base, fields)
    if response:
        op["response"] = _response_flag(response, base)
    new_text = edit.upsert_operation(text, op, file=display)
    spec = _validated(new_text, display)
    if _custom_op(spec, name) == _custom_op(base, name):  # the same operation said again (defaults spelled out or not)
        new_text, spec = text, base
    new_text = _with_service(new_text, display, spec, service, from_spec_file=spec_file is not None)
    if new_text != text:
        spec = _validated(new_text, display)
    return edited_in_place(repo, spec, source, new_text)


def saved_path(repo: Repo, resource: str, service: str | None) -> Path:
    """Where the resource's spec is saved: in `--service`'s folder; without it, the default service's, or the
    one service folder that has a saved spec of that name (two or more: exit 2, pass --service)."""
    name = f"{naming.snake(resource)}.yaml"
    default = repo.root / repo.service_dir(service or naming.default_service(resource)) / "endpoints" / name
    if service is not None or default.exists():
        return default
    services = repo.root / repo.config.services_dir
    found = sorted(services.glob(f"*/endpoints/{name}")) if services.is_dir() else []
    if len(found) > 1:
        raise UserError(
            f"{resource} has saved specs in {len(found)} services: {', '.join(repo.rel(f) for f in found)}",
            field="--service",
            hint="pass --service with the one you mean",
        )
    return found[0] if found else default


def _read_spec(path: Path, display: str) -> str:
    try:
        return path.read_bytes().decode("utf-8")  # CRLF and BOM kept: the text is edited in place
    except OSError as exc:
        raise UserError(f"cannot read the spec: {exc.strerror}", file=display, hint="check the --spec path") from None
    except UnicodeDecodeError:
        raise UserError("the spec is not UTF-8 text", file=display, hint="save it as UTF-8") from None


def _validated(text: str, display: str) -> Spec:
    located = load(text, display)
    return from_data(located.value, display, located)


def _checked_spec(text: str, display: str, resource: str, spec_file: Path | None) -> Spec:
    """The spec of `text`, which must describe RESOURCE (else file:line of its `resource:`)."""
    located = load(text, display)
    spec = from_data(located.value, display, located)
    if naming.snake(spec.resource) != naming.snake(resource):
        hint = (
            f"run `elqnt-scaffold add-endpoint {spec.resource} --spec {spec_file}` with the same flags, "
            f"or pass the spec of {resource}"
            if spec_file is not None
            else f"set `resource: {naming.snake(resource)}` in it, or move it to endpoints/{naming.snake(spec.resource)}.yaml"
        )
        raise UserError(
            f"the spec describes {spec.resource!r}, not {resource!r}",
            file=display,
            line=located.line_of(("resource",)),
            field="resource",
            hint=hint,
        )
    return spec


def _with_service(text: str, display: str, spec: Spec, service: str | None, *, from_spec_file: bool) -> str:
    """`--service` with --spec sets the spec's `service:`; without, it only says where the saved spec is, and is
    written into it only when the spec would otherwise name another service."""
    if service is None or spec.service == service or (not from_spec_file and spec.service_name == service):
        return text
    return edit.set_key(text, "service", service, file=display)


def _flag_fields(base: Spec, flags: list[str]) -> list[dict[str, object]]:
    """`--field` flags as spec fields, checked like a spec's (their types may name the spec's models)."""
    models = {name: model.model_dump(by_alias=True, exclude_defaults=True) for name, model in base.models.items()}
    flagged = spec_from_flags(base.resource, flags, plural=base.plural, models=models or None)
    return flagged.model_dump(by_alias=True, exclude_defaults=True)["fields"]


def _custom_op(spec: Spec, name: str) -> object:
    return next((op for op in spec.custom_operations if op.name == name), None)


_SAVED_TEXT = "_elqnt_saved_text"  # (spec_rel, text) of a spec edited in place, for _spec_text


def edited_in_place(repo: Repo, spec: Spec, source: Path, text: str) -> Spec:
    """When `source` is the spec's own saved file, remember its edited text: `_spec_text` saves that text (every
    comment and layout choice kept) instead of `dump_spec`. A spec from another file is saved as before."""
    rel = spec_rel_for(repo, spec)
    if source.resolve() == (repo.root / rel).resolve():
        setattr(spec, _SAVED_TEXT, (rel, text))
    return spec


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


def _spec_text(spec: Spec, rel: str, old: str | None, saved: Spec | None) -> str:
    """The saved spec's text: as edited in place by the command line (spec/edit.py), or its own text `old`
    when it (`saved`, parsed) already says the same thing (comments and layout kept), else `dump_spec` (a new
    spec, or --spec FILE)."""
    edited = getattr(spec, _SAVED_TEXT, None)
    if edited is not None and edited[0] == rel:
        return edited[1]
    if old is not None and saved == spec:
        return old
    return dump_spec(spec)


def _parsed(text: str | None, rel: str) -> Spec | None:
    """The saved spec, or None when there is none or it does not load."""
    if text is None:
        return None
    try:
        located = load(text, rel)
        return from_data(located.value, rel, located)
    except UserError:
        return None


def plan_spec(
    repo: Repo,
    spec: Spec,
    plan: Plan,
    only: list[str],
    force: bool = False,
    compare_user_files: bool = True,
    save_spec: bool = True,
    removing: bool = False,
    data_loss: str = "refuse",
) -> Job:
    """Add everything `spec` needs in the `only` layers to `plan` (nothing is written).
    `save_spec=False` (drift): the spec file is the source, not something to write. `data_loss`: a migration
    that drops a column is "refuse"d (UserError), "allow"ed (--allow-data-loss) or only "report"ed (drift)."""
    spec_rel = spec_rel_for(repo, spec)
    old = plan.old_text(spec_rel) if save_spec else None
    saved = _parsed(old, spec_rel) if save_spec and not removing else None  # read once: storage, then "unchanged?"
    if save_spec and not removing and spec.storage is None:
        # a new resource records the storage it is made with: a later change of the config's default must not
        # move its records (a saved spec without the key keeps following the config); a --spec FILE that says
        # nothing keeps what the saved spec says
        storage = repo.config.storage if old is None else (saved.storage if saved is not None else None)
        if storage is not None:
            spec = spec.model_copy(update={"storage": storage})
    job = Job(repo, spec, spec_rel, plan, force=force, compare_user_files=compare_user_files, removing=removing,
              data_loss=data_loss)
    job.lock = load_lock(plan.old_text(lock_rel(spec_rel)), lock_rel(spec_rel))
    if save_spec:
        plan.add(spec_rel, None if removing else _spec_text(spec, spec_rel, old, saved), "spec")
    for key in only:
        registry.by_key(key).plan(job)
    if save_spec:  # drift never writes the lock: a 0.1 project has none and must stay clean
        plan_lock(job, only)
    return job


def plan_lock(job: Job, only: list[str]) -> None:
    """Save what the layers wrote into shared files (all layers: exactly that; --only: merged with the
    parts of the layers that did not run); a removed resource's lock goes with its spec."""
    rel = lock_rel(job.spec_rel)
    if job.removing:
        job.plan.delete(rel, "spec")
        return
    lock = job.recorded
    if set(only) != set(registry.KEYS):
        merged = Lock({f: dict(p) for f, p in job.lock.parts.items()})
        for f, parts in job.recorded.parts.items():
            merged.parts.setdefault(f, {}).update(parts)
        lock = merged
    job.plan.add(rel, dump_lock(lock), "spec")


def run(
    repo: Repo,
    spec: Spec,
    *,
    only: list[str],
    dry_run: bool = False,
    force: bool = False,
    tidy: bool = True,
    removing: bool = False,
    allow_data_loss: bool = False,
) -> AddEndpointResult:
    plan = Plan(repo.root)
    job = plan_spec(repo, spec, plan, only, force, removing=removing, data_loss="allow" if allow_data_loss else "refuse")
    return apply_job(repo, job, only, dry_run=dry_run, tidy=tidy)


def apply_job(repo: Repo, job: Job, only: list[str], *, dry_run: bool, tidy: bool) -> AddEndpointResult:
    """Apply a planned job, run its post steps (`go mod tidy`), then build and vet each service it touched
    (`go build ./...`, `go vet ./...`): a service that no longer builds is in `result.problems` (exit 1)."""
    plan = job.plan
    result = AddEndpointResult(job.spec, job.spec_rel, plan, _outcomes(plan, only), dry_run)
    if dry_run:
        return result
    plan.apply()
    if tidy:
        result.post = _run_post_steps(repo, [s for s in job.post_steps if _touched(plan, s)])
        touched = sorted({job.service_rel for c in plan.writes if c.layer == "service" and c.rel.endswith(".go")})
        result.problems = verify_services(repo.root, touched)
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
