"""Layer 3, Types: what `tygo generate` writes for the service's models package, byte for byte.

The TypeScript is generated from the Go source of the models package (hand-written files included),
not from the spec, so it is exactly what the platform's own `tygo generate` would produce. The package
is added to tygo.yaml (insert-only edit) and re-exported from the types package's src/index.ts.
"""

from __future__ import annotations

import json
import posixpath
from functools import lru_cache

from .. import render
from ..errors import UserError
from ..plan import Owner, Plan
from ..sources.go import gomod
from ..sources import tygo, ts
from ..sources.yaml import remove as yaml_remove
from ..sources.yaml import splice
from .base import Job

KEY = "types"
TITLE = "Types"


def plan(job: Job) -> None:
    if not job.spec.frontend and not job.removing:
        return  # an internal endpoint: no types
    config = job.repo.config
    svc = job.service_rel
    package = f"{_module(job)}/models"
    tygo_rel = config.tygo_config
    tygo_text = job.plan.old_text(tygo_rel)
    entry = _entry(tygo_text, tygo_rel, package)
    if job.removing:
        _plan_removal(job, entry, tygo_rel, package)
        return
    if entry is None:
        output = f"{config.types_package.rstrip('/')}/src/{job.spec.service_name}.ts"
        entry = {"path": package, "output_path": output}
        job.plan.add(tygo_rel, _add_package(tygo_text, entry, tygo_rel), KEY)
        job.record(tygo_rel, f"package {package}", package)
    elif job.lock.get(tygo_rel, f"package {package}"):
        job.record(tygo_rel, f"package {package}", package)
    output = str(entry["output_path"])
    job.plan.add(output, generate(job.plan, f"{svc}/models", entry, tygo_rel), KEY)
    _plan_package(job, output)


def _plan_removal(job: Job, entry: dict | None, tygo_rel: str, package: str) -> None:
    """A resource goes: its model file is gone from the plan, so the service's TS is regenerated from the
    models left; when none is left, the TS file, its re-export and the tygo.yaml entry the tool added go."""
    if entry is None:
        return
    output = str(entry["output_path"])
    models_rel = f"{job.service_rel}/models"
    if model_files(job.plan, models_rel):
        job.plan.add(output, generate(job.plan, models_rel, entry, tygo_rel), KEY)
        return
    job.plan.delete(output, KEY)
    pkg = job.repo.config.types_package.rstrip("/")
    index_rel = f"{pkg}/src/index.ts"
    module = "./" + posixpath.splitext(posixpath.relpath(output, f"{pkg}/src"))[0]
    index = job.plan.old_text(index_rel)
    if index is not None:
        job.plan.add(index_rel, ts.remove_reexport(index, module), KEY)
    if job.lock.get(tygo_rel, f"package {package}") or not job.lock.present:
        text = job.plan.old_text(tygo_rel)
        try:
            new, _ = yaml_remove.remove_items(text, "packages", [{"path": package}])
        except splice.RoutesFileError as exc:
            raise UserError(exc.message, file=tygo_rel, line=exc.line, hint="remove the package from tygo.yaml by hand") from None
        job.plan.add(tygo_rel, new, KEY)


def _module(job: Job) -> str:
    text = job.plan.old_text(f"{job.service_rel}/go.mod")
    if text is None:
        raise UserError(
            f"{job.service_rel}/go.mod is missing, so the models package has no import path",
            file=f"{job.service_rel}/go.mod",
            field="--only",
            hint="run the service layer first (drop --only, or add service to it)",
        )
    return gomod.module_path(text)


def _entry(text: str | None, rel: str, package: str) -> dict | None:
    if text is None:
        return None
    try:
        packages = tygo.read_tygo_config(text)
    except (ValueError, splice.RoutesFileError) as exc:
        raise UserError(f"cannot read tygo.yaml: {exc}", file=rel, hint="fix the YAML, then run again") from None
    return next((p for p in packages if p.get("path") == package), None)


def _add_package(text: str | None, entry: dict, rel: str) -> str:
    try:
        new, _ = splice.add_items(text, [entry], list_key="packages", key_fields=("path",))
    except splice.RoutesFileError as exc:
        raise UserError(exc.message, file=rel, line=exc.line, hint="fix tygo.yaml by hand, then run again") from None
    return new


def model_files(plan: Plan, models_rel: str) -> list[tuple[str, str]]:
    """(file name, text) of every .go file of the models package: on disk and planned in this run."""
    names = {p.name for p in (plan.root / models_rel).glob("*.go")}
    names |= {name for name in plan.planned_in(models_rel) if name.endswith(".go")}
    files = []
    for name in sorted(names):
        text = plan.old_text(f"{models_rel}/{name}")
        if text is not None:
            files.append((name, text))
    return files


def generate(plan: Plan, models_rel: str, entry: dict, tygo_rel: str) -> str:
    """What tygo writes for the models package at `models_rel`, with the package's tygo.yaml options."""
    options = {k: v for k, v in entry.items() if k not in ("path", "output_path")}
    try:
        return _generate(tuple(model_files(plan, models_rel)), _frozen(options))
    except tygo.TygoError as exc:
        raise UserError(
            exc.message,
            file=f"{models_rel}/{exc.file}" if exc.file else models_rel,
            line=exc.line or None,
            hint="fix the Go model so tygo can read it",
        ) from None
    except ValueError as exc:
        raise UserError(str(exc), file=tygo_rel, hint="fix the package's options in tygo.yaml") from None


def _plan_package(job: Job, output: str) -> None:
    """Re-export the output from the types package's src/index.ts; create the package when missing."""
    pkg = job.repo.config.types_package.rstrip("/")
    if job.plan.old_text(f"{pkg}/package.json") is None:
        ctx = {"name": job.repo.config.types_package_name}
        for template, rel in (("package.json.j2", "package.json"), ("tsconfig.json.j2", "tsconfig.json")):
            if job.plan.old_text(f"{pkg}/{rel}") is None:
                job.plan.add(f"{pkg}/{rel}", render.render(f"types/{template}", ctx, job.template_override), KEY, Owner.USER)
    index_rel = f"{pkg}/src/index.ts"
    module = "./" + posixpath.splitext(posixpath.relpath(output, f"{pkg}/src"))[0]
    index = job.plan.old_text(index_rel) or ""
    try:
        job.plan.add(index_rel, ts.ensure_reexport(index, module), KEY)
    except ts.TSSourceError as exc:
        raise UserError(
            exc.message, file=index_rel, line=exc.line, hint=f'fix the syntax, or add `export * from "{module}";` by hand'
        ) from None


@lru_cache(maxsize=64)
def _generate(files: tuple[tuple[str, str], ...], options: str) -> str:
    """tygo output, once per (files, options): drift regenerates a package once per spec in it."""
    return tygo.generate_package(list(files), json.loads(options))


def _frozen(options: dict) -> str:
    return json.dumps(options, sort_keys=True)
