"""Layer 3, Types: what `tygo generate` writes for the service's models package, byte for byte.

The TypeScript is generated from the Go source of the models package (hand-written files included),
not from the spec, so it is exactly what the platform's own `tygo generate` would produce. The package
is added to tygo.yaml (insert-only edit) with `enum_style: union`, and re-exported from the types
package's src/index.ts. An entry already there (a person's) is never edited: the generated models then
carry tstype tags for their enum fields (see layers/service/models.py).
"""

from __future__ import annotations

import json
import os
import posixpath
import weakref
from functools import lru_cache
from pathlib import Path, PurePosixPath

from .. import render
from ..errors import UserError
from ..plan import Owner, Plan
from ..repo import CONFIG_FILE, Repo
from ..sources.go import gomod
from ..sources import tygo, ts
from ..sources.tygo import versions
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
    models_rel = f"{svc}/models"
    entry, lines = _entry(tygo_text, tygo_rel, package)
    if job.removing:
        _plan_removal(job, entry, lines, tygo_rel, package)
        return
    if entry is None:
        output = f"{config.types_package.rstrip('/')}/src/{job.spec.service_name}.ts"
        # enum types as TS string-literal unions (a typo does not compile); the models module
        # (layers/service/models.py) places the enum docs for it and tags what tygo cannot type
        entry = {"path": package, "output_path": output, "enum_style": "union"}
        job.plan.add(tygo_rel, _add_package(tygo_text, entry, tygo_rel), KEY)
        job.record(tygo_rel, f"package {package}", package)
    elif job.lock.get(tygo_rel, f"package {package}"):
        job.record(tygo_rel, f"package {package}", package)
    output = output_path(job.plan, entry, models_rel, tygo_rel, lines)
    _refuse_outside_types_package(job, output, tygo_rel, lines)
    job.plan.add(output, generate(job.plan, models_rel, entry, tygo_rel, tygo_version(job.repo), platform(job.repo)), KEY)
    _plan_package(job, output)


def _refuse_outside_types_package(job: Job, output: str, tygo_rel: str, lines: dict) -> None:
    """The client imports its types from the types package: a tygo output outside its src/ (no
    `output_path`: `<models>/index.ts`) would leave the generated client without them (tsc fails). `drift`
    only compares what tygo writes; `add-endpoint` refuses before writing."""
    src = f"{job.repo.config.types_package.rstrip('/')}/src/"
    if not job.compare_user_files or output.startswith(src):
        return
    raise UserError(
        f"tygo writes the types of {job.spec.service_name} to {output}, outside the types package "
        f"({src}), so the API client's imports would not find them",
        file=tygo_rel,
        line=lines.get("output_path") or lines.get("path") if isinstance(lines, dict) else None,
        field="output_path",
        hint=f"set the package's output_path under {src} (e.g. {src}{job.spec.service_name}.ts), or mark the "
        "resource `frontend: false` in its spec",
    )


def _plan_removal(job: Job, entry: dict | None, lines: dict[str, int], tygo_rel: str, package: str) -> None:
    """A resource goes: its model file is gone from the plan, so the service's TS is regenerated from the
    models left; when none is left, the TS file, its re-export and the tygo.yaml entry the tool added go."""
    if entry is None:
        return
    models_rel = f"{job.service_rel}/models"
    output = output_path(job.plan, entry, models_rel, tygo_rel, lines)
    if model_files(job.plan, models_rel):
        job.plan.add(output, generate(job.plan, models_rel, entry, tygo_rel, tygo_version(job.repo), platform(job.repo)), KEY)
        return
    job.plan.delete(output, KEY)
    index_rel, module = _reexport(job, output)
    index = job.plan.old_text(index_rel) if module else None
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


def _entry(text: str | None, rel: str, package: str) -> tuple[dict | None, dict[str, int]]:
    """The first tygo.yaml package with this import path (tygo uses the first) and its lines."""
    for entry, lines in read_packages(text, rel):
        if entry.get("path") == package:
            return entry, lines
    return None, {}


def read_packages(text: str | None, rel: str) -> tuple[tuple[dict, dict[str, int]], ...]:
    """(package entry, {"": line of its item, key: line}) of every package of tygo.yaml (shared: read, never
    change them); UserError (exit 2, file:line) for a tygo.yaml tygo itself refuses."""
    if text is None:
        return ()
    try:
        return _packages(text)
    except tygo.TygoConfigError as exc:
        raise UserError(f"cannot read tygo.yaml: {exc.message}", file=rel, line=exc.line,
                        hint="fix tygo.yaml (tygo refuses it too), then run again") from None


@lru_cache(maxsize=4)
def _packages(text: str) -> tuple[tuple[dict, dict[str, int]], ...]:
    """Once per tygo.yaml text: drift asks once per spec."""
    return tuple(zip(tygo.read_tygo_config(text), tygo.tygo_config_lines(text)))


def output_path(plan: Plan, entry: dict, models_rel: str, tygo_rel: str, lines: dict[str, int]) -> str:
    """Where tygo writes the package (`tygo.resolved_output_path`), checked: inside the repository, not a
    folder, no file where a folder of it must be (tygo silently writes nothing there). `lines` are the
    entry's (read_packages), for the error's line."""
    rel = tygo.resolved_output_path(entry, models_rel)
    written = entry.get("output_path") or ""
    problem = hint = ""
    if rel == ".." or rel.startswith(("../", "/")):
        problem, hint = "is outside the repository", "give a path relative to the repository root"
    elif (plan.root / rel).is_file():
        return rel  # the usual case, one stat
    elif (plan.root / rel).is_dir():
        problem = f"is the folder {rel}: tygo cannot write a file there (it writes nothing)"
        hint = "name a .ts file, or a folder without the .ts suffix (tygo writes index.ts in it)"
    else:
        blocked = next((p for p in PurePosixPath(rel).parents if str(p) != "." and (plan.root / p).is_file()), None)
        if blocked is not None:
            problem = f"needs the folder {blocked}, which is a file: tygo cannot create {rel} (it writes nothing)"
            hint = "point output_path at a .ts file or a folder"
    if problem:
        line = lines.get("output_path", lines.get("")) if written else lines.get("")
        raise UserError(f"output_path {written!r} {problem}", file=tygo_rel, line=line, field="output_path", hint=hint)
    return rel


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


def generate(
    plan: Plan, models_rel: str, entry: dict, tygo_rel: str, version: str = versions.LATEST,
    goos_goarch: tuple[str | None, str | None] = (None, None),
) -> str:
    """What tygo `version` writes for the models package at `models_rel`, with the package's tygo.yaml
    options, for (GOOS, GOARCH) `goos_goarch` (platform(repo); None: the host Go's). UserError: Go tygo
    refuses (its file:line), options tygo refuses (tygo.yaml)."""
    options = {k: v for k, v in entry.items() if k not in ("path", "output_path")}
    try:
        return _generate(tuple(model_files(plan, models_rel)), _frozen(options), version, goos_goarch)
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
    index_rel, module = _reexport(job, output)
    if not module:
        return  # written outside the types package's src/ (tygo.yaml says so): nothing to re-export
    index = job.plan.old_text(index_rel) or ""
    try:
        job.plan.add(index_rel, ts.ensure_reexport(index, module), KEY)
    except ts.TSSourceError as exc:
        raise UserError(
            exc.message, file=index_rel, line=exc.line, hint=f'fix the syntax, or add `export * from "{module}";` by hand'
        ) from None


def _reexport(job: Job, output: str) -> tuple[str, str]:
    """(src/index.ts of the types package, the module re-exporting `output`); module "" when the output
    is not under that src/ folder."""
    src = job.repo.config.types_package.rstrip("/") + "/src"
    if not output.startswith(src + "/") or output == f"{src}/index.ts":
        return f"{src}/index.ts", ""  # outside src/, or tygo writes the index itself (output_path: .../src)
    return f"{src}/index.ts", "./" + posixpath.splitext(posixpath.relpath(output, src))[0]


@lru_cache(maxsize=64)
def _generate(files: tuple[tuple[str, str], ...], options: str, version: str, goos_goarch: tuple) -> str:
    """tygo output, once per (files, options, version, platform): drift regenerates a package once per spec in it."""
    return tygo.generate_package(list(files), json.loads(options), version, *goos_goarch)


def platform(repo: Repo) -> tuple[str | None, str | None]:
    """(GOOS, GOARCH) whose files tygo reads: the tygo_goos/tygo_goarch settings; None for the host Go's."""
    return repo.config.tygo_goos, repo.config.tygo_goarch


# --------------------------------------------------------------------------- which tygo


_VERSION_OF: dict[int, tuple[weakref.ref, str]] = {}
_NOT_SEARCHED = {"node_modules", "vendor", "testdata"}


def tygo_version(repo: Repo) -> str:
    """The tygo release whose output the layer reproduces: `tygo_version` of .elqnt-scaffold.yaml, else
    the one a go.mod of the repository pins (`tool`/tools.go `require`, or a `replace` by a release),
    else the latest (versions.LATEST). Worked out once per Repo. UserError (exit 2): go.mod files pinning
    different releases, a release this tool does not reproduce, a pin that names no release."""
    known = _VERSION_OF.get(id(repo))
    if known is not None and known[0]() is repo:
        return known[1]
    version = _resolve_version(repo)
    _VERSION_OF[id(repo)] = (weakref.ref(repo), version)
    weakref.finalize(repo, _VERSION_OF.pop, id(repo), None)
    return version


def _resolve_version(repo: Repo) -> str:
    if repo.config.tygo_version:
        return versions.normalize_version(repo.config.tygo_version)
    hint = f"set `tygo_version: {versions.LATEST}` (or {versions.BASELINE}) in {CONFIG_FILE} to choose the output"
    pins = []
    for rel, text in _go_mods(repo):
        try:
            pin = versions.pinned_version(text)
        except versions.PinError as exc:
            raise UserError(exc.message, file=rel, line=exc.line, field="tygo_version", hint=hint) from None
        if pin is not None:
            pins.append((rel, pin))
    if not pins:
        return versions.LATEST
    if len({pin.version for _, pin in pins}) > 1:
        where = ", ".join(f"{rel}:{pin.line} ({pin.version})" for rel, pin in pins)
        raise UserError(f"go.mod files pin different tygo releases: {where}", file=pins[0][0], line=pins[0][1].line,
                        field="tygo_version", hint=f"require one release everywhere, or {hint}")
    rel, pin = pins[0]
    try:
        return versions.normalize_version(pin.version)
    except ValueError as exc:
        raise UserError(f"{pin.directive} of tygo {pin.version}: {exc}", file=rel, line=pin.line,
                        field="tygo_version", hint=f"require {versions.LATEST}, or {hint}") from None


def _go_mods(repo: Repo):
    """(path, text) of every go.mod of the repository naming tygo (not under hidden, vendor or
    node_modules folders), in a stable order."""
    for folder, dirs, files in os.walk(repo.root):
        dirs[:] = sorted(d for d in dirs if d not in _NOT_SEARCHED and not d.startswith((".", "_")))
        if "go.mod" in files:
            path = Path(folder) / "go.mod"
            text = path.read_bytes().decode("utf-8", "replace")
            if versions.MODULE in text:
                yield path.relative_to(repo.root).as_posix(), text


def _frozen(options: dict) -> str:
    return json.dumps(options, sort_keys=True)
