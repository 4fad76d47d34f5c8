"""Layer 1, Service: model structs, handler, service, repository, tests, routes.go and main.go wiring.

A new service gets a skeleton (go.mod, main.go, routes.go); an existing one is edited structurally
(tree-sitter-go): every byte it had stays where it was.
"""

from __future__ import annotations

import re
from pathlib import Path

from ... import render
from ...spec.endpoint import spec_endpoints
from ...errors import UserError
from ...plan import Owner, read_text
from ...sources import go
from ...sources.go import gomod
from . import (
    helpers, migrations, models, operations, ownership, removal, samples, storage, userfiles, validator_version, wiring,
)
from ..base import Job, PostStep

KEY = "service"
TITLE = "Service"
VALIDATOR = "github.com/go-playground/validator/v10"
DEFAULT_MODULE_ROOT = "github.com/elqnt/eloquent/services"


def plan(job: Job) -> None:
    spec, names = job.spec, job.spec.names
    svc = job.service_rel
    svc_dir = job.root / svc
    # a folder holding only the saved spec (an --only run without the service layer) is not a service yet
    existing = svc_dir.is_dir() and any(p.name != "endpoints" for p in svc_dir.iterdir())
    gomod_text = read_text(svc_dir / "go.mod") if existing else None
    if existing and gomod_text is None:
        raise UserError(
            f"{svc}/ exists but is not a Go service (no go.mod)",
            file=f"{svc}/go.mod",
            field="--service",
            hint="pass --service with the name of a Go service folder, or a new name to create one",
        )
    siblings = [] if existing else _sibling_gomods(job)  # a new service takes its module root and versions from them
    try:
        module = gomod.module_path(gomod_text) if gomod_text else infer_module(job, siblings)
    except gomod.GoModError as exc:
        raise UserError(exc.message, file=f"{svc}/go.mod", line=exc.line, hint="give the service's go.mod a `module` line") from None
    if job.removing:
        removal.plan_removal(job, {"r": names, "module": module})
        migrations.kept_table_note(job)
        return
    config = job.repo.config
    go_line, new_validator = validator_version.new_service_versions(
        [text for _, text in siblings], config.go_version, config.validator_version
    )
    validator_version.check_rules(job, validator_version.service_version(gomod_text, new_validator))
    view = models.tygo_view(job, module)  # how tygo reads the models: tstype tags, enum docs
    fields = models.go_fields(spec, view)
    routes = route_table(job)
    custom = operations.operations(spec)
    crud_handlers = {e.handler for e in spec_endpoints(spec) if e.custom is None}
    # the handler test exercises the CRUD routes (all routes when there is none): adding a custom
    # operation later leaves the user's test file as it is
    test_routes = [route for route in routes if route[2] in crud_handlers] or routes
    crud = spec.crud_operations
    ctx = {
        "custom": custom,
        "imports": {
            "errors": bool({"get", "update", "delete"} & set(crud)) or bool(custom),
            "strconv": any(o.uses_strconv for o in custom),
            "models": bool({"create", "update"} & set(crud)) or any(o.uses_models for o in custom),
        },
        "r": names,
        "spec": spec,
        "service": spec.service_name,
        "module": module,
        "fields": fields,
        "empty_defaults": [f for f in fields if f.needs_empty_default],
        "ops": spec.crud_operations,
        "spec_path": job.spec_rel,
        "enums": models.enums(fields),
        "models": models.models(spec, view),
        "resource_doc": models.resource_doc(spec),
        "model_lines": models.model_lines(spec, fields),
        "request_lines": models.request_lines(fields),
        "list_lines": models.list_lines(spec),
        "sample_body": samples.sample_body(spec, fields),
        "invalid_body": samples.invalid_body(spec, fields),
        "probe": {"method": test_routes[0][0], "path": re.sub(r"\{[^{}]*\}", "x", test_routes[0][1])},
        "route_lines": [wiring.route_line("mux", names.local + "Handler", *route) for route in routes],
        "test_route_lines": [wiring.route_line("mux", "h", *route) for route in test_routes],
        "go_version": go_line,  # a new service's go.mod: its siblings' newest, else the config's
        "validator_version": new_validator,
    }

    ctx.update(_service_context(spec, custom, module))
    ctx["storage"] = storage.storage_of(job)
    ctx["table"] = storage.table_name(names)
    ctx["stored_fields"] = storage.stored_fields(fields)
    if ctx["storage"] == "postgres":
        migrations.plan(job, ctx)
    ctx["setup_func"] = _setup_name(job, existing)

    def emit(template: str, rel: str, owner: Owner) -> None:
        if job.wants(f"{svc}/{rel}", owner):
            text = render.render(f"service/{template}", ctx, job.template_override)
            if owner is Owner.TOOL:
                ownership.claim(job, f"{svc}/{rel}")
            job.plan.add(f"{svc}/{rel}", text, KEY, owner, job.force)

    stem = names.file_stem
    legacy = ownership.legacy_handler(job, f"{svc}/handlers/{stem}.go")
    # a 0.1 service copies the fields itself: its models stay as 0.1 wrote them, unless it uses the mapping
    user_service = job.plan.old_text(f"{svc}/services/{stem}.go") or ""
    ctx["mapping"] = not legacy or f".New{names.go}(" in user_service or ".ApplyTo(" in user_service
    emit("models.go.j2", f"models/{stem}.go", Owner.TOOL)
    _check_package_names(job, svc_dir / "models", f"{stem}.go")
    if legacy:
        # made by elqnt-scaffold 0.1 (or by hand): its handler, service, repository and test are the user's
        job.plan.notes.append(ownership.legacy_note(svc, stem))
        gen = job.plan.old_text(f"{svc}/services/{stem}_gen.go")
        ctx["sentinel_elsewhere"] = gen is not None and ownership.generated(gen)
        if ctx["sentinel_elsewhere"]:  # taken back by hand after the tool made it: its _gen.go stays the tool's
            emit("service_gen.go.j2", f"services/{stem}_gen.go", Owner.TOOL)
        emit("repository.go.j2", f"repositories/{stem}.go", Owner.USER)
        _emit_user_go(job, ctx, "service.go.j2", f"services/{stem}.go", _service_decls, emit)
        _emit_user_go(job, ctx, "handler.go.j2", f"handlers/{stem}.go", _handler_decls, emit)
        emit("handler_test.go.j2", f"handlers/{stem}_test.go", Owner.USER)
    else:
        emit("repository.go.j2", f"repositories/{stem}.go", Owner.TOOL)
        emit("service_gen.go.j2", f"services/{stem}_gen.go", Owner.TOOL)
        emit("handler.go.j2", f"handlers/{stem}.go", Owner.TOOL)
        emit("handler_test.go.j2", f"handlers/{stem}_test.go", Owner.TOOL)
        userfiles.plan_service_file(job, ctx, f"services/{stem}.go", emit)
    helpers.plan_helpers(job, ctx, svc_dir, legacy)

    if not existing:
        emit("go.mod.j2", "go.mod", Owner.TOOL)
        if ctx["storage"] == "postgres":
            wiring.plan_pgx_require(job, f"{svc}/go.mod", tidy=False)  # tidied below
        emit("routes.go.j2", "routes/routes.go", Owner.TOOL)
        emit("main.go.j2", "main.go", Owner.TOOL)
        wiring.record_new_service(job, ctx, routes)
        job.post_steps.append(PostStep(KEY, ("go", "mod", "tidy"), svc, "go.sum for the new service"))
        return
    wiring.plan_routes(job, ctx, routes)
    wiring.plan_main(job, ctx)
    if not gomod.has_require(gomod_text, VALIDATOR):
        job.plan.add(f"{svc}/go.mod", gomod.add_require(gomod_text, VALIDATOR, ctx["validator_version"]), KEY)
        job.post_steps.append(PostStep(KEY, ("go", "mod", "tidy"), svc, f"go.sum entries for {VALIDATOR}"))
    if ctx["storage"] == "postgres":
        wiring.plan_pgx_require(job, f"{svc}/go.mod")


def route_table(job: Job) -> list[tuple[str, str, str, bool]]:
    """(method, service path, handler method, internal?) for each operation of the spec: CRUD in the
    guide's order, then the custom operations."""
    return [(e.method, e.path, e.handler, e.internal) for e in spec_endpoints(job.spec)]


def _handler_decls(ctx: dict) -> list[str]:
    return [render.render_snippet("service/operation_handler.go.j2", {**ctx, "o": o}) for o in ctx["custom"]]


def _service_decls(ctx: dict) -> list[str]:
    decls = [] if ctx.get("sentinel_elsewhere") else [render.render_snippet("service/operation_sentinel.go.j2", ctx)]
    return decls + [render.render_snippet("service/operation_service.go.j2", {**ctx, "o": o}) for o in ctx["custom"]]


def _emit_user_go(job: Job, ctx: dict, template: str, rel: str, decls, emit) -> None:
    """A user-owned Go file: rendered whole the first time; later, custom operations the file lacks are
    appended to it as declarations (tree-sitter-go), every other byte kept."""
    full = f"{job.service_rel}/{rel}"
    old = job.plan.old_text(full)
    if old is None or job.force or not ctx["custom"]:
        emit(template, rel, Owner.USER)
        return
    if not job.compare_user_files:
        return  # drift: the user's file only has to exist
    module = ctx["module"]
    imports = (operations.handler_imports if "handler" in template else operations.service_imports)(
        ctx["custom"], module
    )
    if ctx.get("sentinel_elsewhere"):
        imports = [i for i in imports if i != "errors"]
    rendered = [d for d in decls({**ctx, "template_override": job.template_override})]
    try:
        new = go.append_decls(old, rendered)
        if new != old:
            new = go.ensure_imports(new, imports)
    except go.GoSourceError as exc:
        hint = "fix the Go syntax first (gofmt -l shows it)"
        raise UserError(exc.message, file=full, line=exc.line, hint=hint) from None
    if new == old:
        emit(template, rel, Owner.USER)  # nothing to add: unchanged or kept, as before
        return
    job.plan.add(full, new, KEY)


def _sibling_gomods(job: Job) -> list[tuple[Path, str]]:
    """(path, text) of the repository's services' go.mod files (`services/*/go.mod`); unreadable ones
    (not UTF-8 text, no permission) are skipped."""
    services = job.root / job.repo.config.services_dir
    out = []
    for path in sorted(services.glob("*/go.mod")) if services.is_dir() else []:
        try:
            out.append((path, path.read_text(encoding="utf-8")))
        except (OSError, UnicodeDecodeError):
            continue
    return out


def infer_module(job: Job, siblings: list[tuple[Path, str]]) -> str:
    """The module path of a new service, from a sibling service's go.mod (`.../services/<name>`), else
    `github.com/elqnt/eloquent/services/<service>`. A sibling whose go.mod cannot tell (empty, no `module`
    line) is skipped: it has nothing to say about the new service."""
    service = job.spec.service_name
    for sibling, text in siblings:
        try:
            path = gomod.module_path(text)
        except gomod.GoModError:
            continue
        parent, _, last = path.rpartition("/")
        if last == sibling.parent.name and parent:
            return f"{parent}/{service}"
    return f"{DEFAULT_MODULE_ROOT}/{service}"


def _check_package_names(job: Job, models_dir: Path, own: str) -> None:
    """The models file declares its types in a package other resources share: a name declared twice
    (a model `Address` in two resources of one service) would not build."""
    text = job.plan.old_text(f"{job.service_rel}/models/{own}") or ""  # what this plan writes there
    mine = go.top_level_names(text)
    for path in sorted(models_dir.glob("*.go")) if models_dir.is_dir() else []:
        if path.name == own or path.name.endswith("_test.go"):
            continue
        try:
            theirs = go.top_level_names(path.read_text(encoding="utf-8"), tolerant=True)
        except go.GoSourceError as exc:
            raise _go_error(job_file=path, exc=exc) from None
        for name in sorted(mine & theirs):
            where = "models" if name in job.spec.models else "resource"
            raise UserError(
                f"the Go type {name} is already declared in {job.repo.rel(path)}",
                file=job.spec_rel,
                field=f"models.{name}" if where == "models" else "resource",
                hint=f"rename the model in the spec (e.g. {job.spec.names.go}{name}), or reuse the existing "
                "type by hand",
            )


def _go_error(job_file: Path, exc: "go.GoSourceError") -> UserError:
    return UserError(
        exc.message,
        file=str(job_file),
        line=exc.line,
        hint="fix the Go syntax first (gofmt -l shows it), then run the command again",
    )


def _setup_name(job: Job, existing: bool) -> str:
    """The function of routes/routes.go that registers the routes (SetupRoutes, or Setup)."""
    src = job.plan.old_text(f"{job.service_rel}/routes/routes.go") if existing else None
    if not src:
        return "SetupRoutes"
    try:
        return wiring.setup_func(src)
    except go.GoSourceError:
        return "SetupRoutes"  # _edit_routes reports it with its line


_CRUD_API = {
    "list": "List(ctx context.Context, orgID string, page, limit int) (models.List{P}Response, error)",
    "create": "Create(ctx context.Context, orgID, userID string, req models.Create{R}Request) (models.{R}, error)",
    "get": "Get(ctx context.Context, orgID, id string) (models.{R}, error)",
    "update": "Update(ctx context.Context, orgID, userID, id string, req models.Update{R}Request) (models.{R}, error)",
    "delete": "Delete(ctx context.Context, orgID, id string) error",
}


def _service_context(spec, custom: list, module: str) -> dict:
    """What services/<stem>_gen.go and services/<stem>.go need: the API's method lines and imports."""
    n = spec.names
    api = [_CRUD_API[op].replace("{P}", n.go_plural).replace("{R}", n.go) for op in spec.crud_operations]
    api += [o.service_signature for o in custom]
    custom_models = f"{module}/models" in operations.service_imports(custom, module)
    return {
        "crud_ops": spec.crud_operations,
        "service_api": api,
        "custom_uses_models": custom_models,
        "api_uses_models": any("models." in line for line in api),
    }
