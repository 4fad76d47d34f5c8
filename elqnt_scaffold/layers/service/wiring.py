"""The tool's lines in a service's shared files: route lines in routes/routes.go, wiring in main.go.

Both files are the user's; the tool edits only its own statements, structurally (tree-sitter-go). What it
inserts is recorded in the resource's lock (`job.record`): a recorded line that is still there verbatim is
the tool's to replace or remove when the spec changes or the resource goes; a line a person edited stays,
and a pattern registered twice (ServeMux panics at start) is refused with its line.
"""

from __future__ import annotations

import re

from ... import render
from ...errors import UserError
from ...sources import go
from ...sources.go import connections, gomod
from ...sources.go.routes import path_segments
from ...sources.go.tolerance import gofmt_verdict
from ..base import Job, PostStep
from . import pgx_version

KEY = "service"
_EDIT_HINT = "wire the new handler by hand the way the guide shows, or fix the file so the tool can find its anchors"


def route_line(mux: str, handler_var: str, method: str, path: str, handler: str, internal: bool = False) -> str:
    marker = " //elqnt:internal" if internal else ""
    return f'{mux}.HandleFunc("{method} {path}", {handler_var}.{handler}){marker}'


def setup_func(src: str) -> str:
    funcs = go.top_level_funcs(src)
    for candidate in ("SetupRoutes", "Setup"):
        if candidate in funcs:
            return candidate
    raise go.GoSourceError(1, "no SetupRoutes (or Setup) function to register the routes in")


def edit(job: Job, rel: str, change) -> None:
    src = job.plan.old_text(rel)
    if src is None:
        if job.removing:
            return
        raise UserError(
            f"{rel} is missing",
            file=rel,
            hint="an existing service needs routes/routes.go with SetupRoutes and a main.go that calls it",
        )
    try:
        job.plan.add(rel, change(src), KEY)
    except go.GoSourceError as exc:
        verdict = gofmt_verdict(src) if "syntax error" in exc.message else None
        message = f"{exc.message} ({verdict})" if verdict else exc.message
        raise UserError(message, file=rel, line=exc.line, hint=_EDIT_HINT) from None


def _record_imports(job: Job, rel: str, before: list[str], paths: list[str]) -> None:
    for path in paths:
        if path not in before or job.lock.get(rel, f"import {path}"):
            job.record(rel, f"import {path}", path)


def _added_imports(job: Job, rel: str, fallback: list[str]) -> list[str]:
    """The imports the tool added to `rel` (a 0.1 project has no lock: the tool's usual ones, if unused)."""
    if not job.lock.present:
        return fallback
    return [path for part, path in job.lock.of(rel).items() if part.startswith("import ")]


def plan_routes(job: Job, ctx: dict, routes: list[tuple[str, str, str, bool]]) -> None:
    names, module = ctx["r"], ctx["module"]
    rel = f"{job.service_rel}/routes/routes.go"
    var, var_type = f"{names.local}Handler", f"*handlers.{names.go}Handler"

    def change(src: str) -> str:
        if not job.removing and _wired(job, rel, src, routes, var, var_type, f"{module}/handlers"):
            return src  # every line of the spec is there and none of the lock's is stale: nothing to parse
        func = setup_func(src)
        params = go.func_params(src, func)
        mux = next((n for n, t in params if t.endswith("http.ServeMux")), params[0][0] if params else "mux")
        desired = {} if job.removing else {f"route {m} {p}": route_line(mux, var, m, p, h, i) for m, p, h, i in routes}
        recorded = {k: v for k, v in job.lock.of(rel).items() if k.startswith("route ")}
        if not job.lock.present:
            recorded = _tool_route_lines(src, mux, var)
        before = go.imports(src)
        stale = {part: text for part, text in recorded.items() if desired.get(part) != text}
        src = go.remove_statements(src, func, list(stale.values()))
        _note_hand_edited(job, rel, src, stale, desired)
        kept = _not_registered_otherwise(src, desired)
        for part in set(desired) - set(kept):  # a person's form of our line: still ours to name when it goes
            if job.lock.get(rel, part):
                job.record(rel, part, job.lock.get(rel, part))
        desired = kept
        if job.removing:
            if (var, var_type) in go.func_params(src, func):
                src = go.remove_func_param(src, func, var)
            return go.remove_unused_imports(src, _added_imports(job, rel, [f"{module}/handlers"]))
        src = go.add_func_param(src, func, var, var_type)
        src = go.append_statements(src, func, list(desired.values()))
        src = go.ensure_imports(src, [f"{module}/handlers"])
        _refuse_duplicates(src, rel)
        for part, text in desired.items():
            job.record(rel, part, text)
        job.record(rel, "param", f"{var} {var_type}")
        _record_imports(job, rel, before, [f"{module}/handlers"])
        return src

    edit(job, rel, change)


def _wired(job: Job, rel: str, src: str, routes, var: str, var_type: str, handlers: str) -> bool:
    """The fast path (drift asks once per spec): the lock says what the tool wrote, every line of it is in
    the file verbatim, and the spec wants exactly those lines. Then the edit would change nothing."""
    parts = job.lock.of(rel)
    lines = {k: v for k, v in parts.items() if k.startswith("route ")}
    if not job.lock.present or set(lines) != {f"route {m} {p}" for m, p, _, _ in routes}:
        return False
    mux = next(iter(lines.values())).split(".", 1)[0] if lines else "mux"
    wanted = {f"route {m} {p}": route_line(mux, var, m, p, h, i) for m, p, h, i in routes}
    if wanted != lines or any(f"\t{line}\n" not in src for line in lines.values()):
        return False
    if f"{var} {var_type}" not in src or f'"{handlers}"' not in src:
        return False
    for part, text in parts.items():
        job.record(rel, part, text)
    return True


def _pattern_key(method: str | None, path: str) -> tuple:
    """What ServeMux tells patterns apart by (net/http's segments: wildcard names do not count)."""
    return (method or "", path_segments(path))


def _tool_form(reg) -> str:
    return f'{reg.call}("{reg.pattern}", {reg.handler})'


def _not_registered_otherwise(src: str, desired: dict[str, str]) -> dict[str, str]:
    """Leave out a route line whose pattern a statement in another form registers already (a person wrapped
    it in middleware, say): that registration serves the route; adding ours would register it twice."""
    others = {}
    for reg in go.route_registrations(src):
        if reg.path is not None and reg.pattern is not None:
            others.setdefault(_pattern_key(reg.method, reg.path), []).append(_tool_form(reg))
    out = {}
    for part, line in desired.items():
        _, method, path = part.split(" ", 2)
        forms = others.get(_pattern_key(method, path), [])
        if forms and line.split(" //", 1)[0] not in forms:
            continue
        out[part] = line
    return out


def _note_hand_edited(job: Job, rel: str, src: str, stale: dict[str, str], desired: dict[str, str]) -> None:
    """A stale route the tool could not remove (its line was edited by hand) is named with its line."""
    gone = {_pattern_key(*part.split(" ", 2)[1:]) for part in stale if part not in desired}
    for reg in go.route_registrations(src):
        if reg.path is not None and _pattern_key(reg.method, reg.path) in gone:
            job.plan.notes.append(
                f"{rel}:{reg.line} registers {reg.pattern}, which no operation of the spec has any more; the line "
                "was edited by hand, so the tool left it: delete it"
            )


def _tool_route_lines(src: str, mux: str, var: str) -> dict[str, str]:
    """Without a lock (elqnt-scaffold 0.1): registrations of the resource's handler in the tool's own form."""
    return {
        f"route {reg.method} {reg.path}": _tool_form(reg)
        for reg in go.route_registrations(src)
        if reg.pattern and reg.method and reg.handler.startswith(var + ".") and reg.call == f"{mux}.HandleFunc"
    }


def _refuse_duplicates(src: str, rel: str) -> None:
    """ServeMux panics at start on a pattern registered twice (wildcard names do not count): refuse it."""
    seen: dict[tuple, int] = {}
    for reg in go.route_registrations(src):
        if reg.path is None:
            continue
        key = (reg.host or "", *_pattern_key(reg.method, reg.path))
        if key in seen:
            raise UserError(
                f"{reg.pattern} is registered twice (lines {seen[key]} and {reg.line}): net/http's ServeMux "
                "panics at start",
                file=rel,
                line=reg.line,
                hint="a person edited or added one of those lines: remove one, or change its method or path",
            )
        seen[key] = reg.line


def wiring_statements(names, pool: str | None = None) -> dict[str, str]:
    """The main.go statements of one resource, in the guide's composition order; `pool`: the variable of
    the service's *pgxpool.Pool, which a postgres resource's repository is built on."""
    repo, svc, handler = f"{names.local}Repo", f"{names.local}Service", f"{names.local}Handler"
    ctor = f"NewPostgres{names.go}Repository({pool})" if pool else f"NewInMemory{names.go}Repository()"
    return {
        "wire repository": f"{repo} := repositories.{ctor}",
        "wire service": f"{svc} := services.New{names.go}Service({repo})",
        "wire handler": f"{handler} := handlers.New{names.go}Handler({svc})",
    }


def record_new_service(job: Job, ctx: dict, routes: list[tuple[str, str, str, bool]]) -> None:
    """A new service's main.go and routes.go come from templates: record the tool's parts of them."""
    names, module, svc = ctx["r"], ctx["module"], job.service_rel
    rel, var = f"{svc}/routes/routes.go", f"{names.local}Handler"
    for m, p, h, i in routes:
        job.record(rel, f"route {m} {p}", route_line("mux", var, m, p, h, i))
    job.record(rel, "param", f"{var} *handlers.{names.go}Handler")
    job.record(rel, f"import {module}/handlers", f"{module}/handlers")
    main = f"{svc}/main.go"
    pool = "pool" if ctx["storage"] == "postgres" else None  # main.go.j2 opens it
    for part, text in wiring_statements(names, pool).items():
        job.record(main, part, text)
    job.record(main, "arg", f"{names.local}Handler")
    for pkg in ("handlers", "repositories", "services"):
        job.record(main, f"import {module}/{pkg}", f"{module}/{pkg}")


def plan_main(job: Job, ctx: dict) -> None:
    n, module = ctx["r"], ctx["module"]
    rel = f"{job.service_rel}/main.go"
    routes_src = job.plan.old_text(f"{job.service_rel}/routes/routes.go") or ""
    handler = f"{n.local}Handler"
    paths = [f"{module}/{p}" for p in ("handlers", "repositories", "services")]
    postgres = ctx.get("storage") == "postgres" and not job.removing

    def change(src: str) -> str:
        setup = f"routes.{setup_func(routes_src)}" if routes_src else "routes.SetupRoutes"
        stmts = wiring_statements(n)
        if postgres:
            src, pool = _pool(job, rel, src, setup)
            stmts = wiring_statements(n, pool)
        if job.removing:
            recorded = [v for k, v in job.lock.of(rel).items() if k.startswith("wire ")]
            src = go.remove_statements(src, "main", recorded if job.lock.present else list(stmts.values()))
            src = go.remove_call_arg(src, "main", setup, job.lock.get(rel, "arg") or handler)
            return go.remove_unused_imports(src, _added_imports(job, rel, paths))
        if job.lock.present and _main_wired(job, rel, src, stmts, handler, paths):
            return src
        before = go.imports(src)
        stale = [v for k, v in job.lock.of(rel).items() if k.startswith("wire ") and stmts.get(k) != v]
        src = go.remove_statements(src, "main", stale)  # storage changed: the repository is built anew
        repo_stmt, svc_stmt, handler_stmt = stmts.values()
        src = go.insert_statement_after(src, "main", repo_stmt, ["repositories.New"], setup)
        src = go.insert_statement_after(src, "main", svc_stmt, ["services.New", "repositories.New"], setup)
        src = go.insert_statement_after(
            src, "main", handler_stmt, ["handlers.New", "services.New", "repositories.New"], setup
        )
        src = go.add_call_arg(src, "main", setup, handler)
        src = go.ensure_imports(src, paths)
        for part, text in stmts.items():
            job.record(rel, part, text)
        job.record(rel, "arg", handler)
        _record_imports(job, rel, before, paths)
        return src

    edit(job, rel, change)


def _main_wired(job: Job, rel: str, src: str, stmts: dict[str, str], handler: str, paths: list[str]) -> bool:
    """The fast path of main.go: the lock's statements are the spec's and all are in the file verbatim."""
    parts = job.lock.of(rel)
    if any(parts.get(k) != v for k, v in stmts.items()) or parts.get("arg") != handler:
        return False
    if any(f"\t{text}\n" not in src for text in stmts.values()) or any(f'"{path}"' not in src for path in paths):
        return False
    if not re.search(rf"\bSetup\w*\([^)]*\b{handler}\b", src):
        return False
    for part, text in parts.items():
        job.record(rel, part, text)
    return True


POOL_VAR, POOL_FUNC = "pgPool", "openPostgresPool"
_POOL_IMPORTS = ["context", "fmt", "os", "time", connections.PGXPOOL]


def _pool(job: Job, rel: str, src: str, setup: str) -> tuple[str, str]:
    """main.go with the service's *pgxpool.Pool, and its variable: the pool main() opens already (the tool's
    from an earlier resource, or the person's own), else one the tool adds (`pgPool := openPostgresPool()`,
    `defer pgPool.Close()` and the function, recorded in the lock; a resource removed later leaves them: the
    other resources may use the pool). A *sql.DB alone is refused: the repository runs on pgx."""
    try:
        found = connections.connection_vars(src, "main")
    except go.GoSourceError:
        return src, POOL_VAR  # edit() reports the syntax error with its line
    pools = [c for c in found if c.kind == "pgxpool"]
    if pools:
        for part, text in job.lock.of(rel).items():
            if part.startswith("pool "):
                job.record(rel, part, text)  # the tool's pool: still recorded for the next run
        return src, pools[0].name
    for c in found:
        raise UserError(
            f"main() opens a *sql.DB ({c.call}, line {c.line}); the postgres repository needs a *pgxpool.Pool",
            file=rel,
            line=c.line,
            hint="open a pool from the same DATABASE_URL in main() before the repositories (`pool, err := "
            "pgxpool.New(ctx, os.Getenv(\"DATABASE_URL\"))`, github.com/jackc/pgx/v5/pgxpool) and run the command "
            "again: the tool wires the repository to it; or give the resource `storage: memory`",
        )
    before = go.imports(src)
    open_stmt, close_stmt = f"{POOL_VAR} := {POOL_FUNC}()", f"defer {POOL_VAR}.Close()"
    first_repo = connections.first_call(src, "main", "repositories.New") or setup
    src = go.insert_statement_after(src, "main", open_stmt, [], first_repo)
    src = go.insert_statement_after(src, "main", close_stmt, [POOL_FUNC], setup)
    pool_func = render.render_snippet("service/open_pool.go.j2", {"template_override": job.template_override})
    src = go.append_decls(src, [pool_func])
    src = go.ensure_imports(src, _POOL_IMPORTS)
    job.record(rel, "pool open", open_stmt)
    job.record(rel, "pool close", close_stmt)
    job.record(rel, "pool func", POOL_FUNC)
    _record_imports(job, rel, before, _POOL_IMPORTS)
    return src, POOL_VAR


def plan_pgx_require(job: Job, gomod_rel: str, tidy: bool = True) -> None:
    """A postgres resource's service requires pgx v5 (the newest release its `go` line builds, `go mod tidy`
    for go.sum); a go.mod that requires it already keeps its version."""
    text = job.plan.old_text(gomod_rel)
    if text is None or gomod.has_require(text, pgx_version.MODULE):
        return
    version = pgx_version.pgx_for_go(gomod.go_version(text))
    job.plan.add(gomod_rel, gomod.add_require(text, pgx_version.MODULE, version), KEY)
    if tidy:
        job.post_steps.append(PostStep(KEY, ("go", "mod", "tidy"), job.service_rel, f"go.sum entries for {pgx_version.MODULE}"))
