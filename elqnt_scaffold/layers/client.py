"""Layer 4, Frontend: one typed API-client function per route, in the client package.

`src/<plural>.ts` is the tool's (regenerated from the spec); it calls the package's own request helper
(`client_request` in the config, `./http` `request` by default) and, when the package has none, a
`src/http.ts` the tool creates once and the user owns.  `src/index.ts` gains `export * from "./<plural>";`
by a structural edit (tree-sitter-typescript).  A missing client package is created.
"""

from __future__ import annotations

import json
import posixpath
import re
from types import SimpleNamespace as NS

from .. import naming, render
from ..errors import UserError
from ..plan import Owner, generated
from ..repo import CONFIG_FILE
from ..sources import ts
from . import client_helper as helper
from .base import Job
from .client_call import OPTIONS_LOCAL, CallShape, call_options

KEY = "client"
TITLE = "Frontend"
DEFAULT_HELPER = ("./http", "request")  # what the tool creates when the package has no helper
_PARAM = re.compile(r"\{([A-Za-z_][A-Za-z0-9_]*)\}")


def plan(job: Job) -> None:
    config = job.repo.config
    pkg = config.client_package.rstrip("/")
    if job.removing or not job.spec.frontend:
        _plan_removal(job, pkg)  # removed, or turned internal: no client function
        return
    types_name, types_entry = _types_package(job)
    new_package = job.plan.old_text(f"{pkg}/package.json") is None
    module, function, create_helper, shape = _helper(job, pkg)
    _refuse_taken_module(job, module)
    if create_helper:  # planned first, then read like any helper: its calls are those of the same file found later
        http_rel = f"{pkg}/src/http.ts"
        prefix = {"api_prefix": job.repo.config.api_prefix.rstrip("/")}
        job.plan.add(http_rel, render.render("client/http.ts.j2", prefix, job.template_override), KEY, Owner.USER, job.force)
        shape = helper.shape_of(job, http_rel, function, configured="auto")
    for part, value in job.lock.of(f"{pkg}/src/index.ts").items():  # a module of an earlier plural
        if part.startswith("reexport ./") and value != f"./{job.spec.names.ts_module}":
            _plan_removal(job, pkg, value[len("./") :], stale=True)
    ctx = _context(job, types_name, module, function, shape)
    resource_rel = f"src/{job.spec.names.ts_module}.ts"
    if job.compare_user_files:  # add-endpoint prints notes; drift (once per spec) does not
        for note in helper.misplaced_bodies(job, pkg, function, shape, f"{pkg}/{resource_rel}"):
            if note not in job.plan.notes:
                job.plan.notes.append(note)

    def emit(template: str, rel: str, owner: Owner, extra: dict | None = None) -> None:
        text = render.render(f"client/{template}", {**ctx, **(extra or {})}, job.template_override)
        job.plan.add(f"{pkg}/{rel}", text, KEY, owner, job.force)

    if new_package:
        emit("package.json.j2", "package.json", Owner.USER, {"name": job.repo.config.client_package_name, "types_name": types_name})
        if job.plan.old_text(f"{pkg}/tsconfig.json") is None:
            entry = posixpath.relpath(types_entry, pkg)
            emit("tsconfig.json.j2", "tsconfig.json", Owner.USER, {"types_name": types_name, "types_entry": entry})
    emit("resource.ts.j2", resource_rel, _resource_owner(job, f"{pkg}/{resource_rel}"))

    modules = ([DEFAULT_HELPER[0]] if create_helper else []) + [f"./{job.spec.names.ts_module}"]
    index_rel = f"{pkg}/src/index.ts"
    index = job.plan.old_text(index_rel)
    if index is None:
        emit("index.ts.j2", "src/index.ts", Owner.TOOL, {"modules": modules})
        job.record(index_rel, f"reexport ./{job.spec.names.ts_module}", f"./{job.spec.names.ts_module}")
        return
    job.record(index_rel, f"reexport ./{job.spec.names.ts_module}", f"./{job.spec.names.ts_module}")
    for module_ in modules:
        try:
            index = ts.ensure_reexport(index, module_ + _extension_style(index))
        except ts.TSSourceError as exc:
            raise UserError(
                exc.message,
                file=index_rel,
                line=exc.line,
                hint=f'fix the TypeScript syntax first, or add `export * from "{module_}";` by hand',
            ) from None
    job.plan.add(index_rel, index, KEY)


def _refuse_taken_module(job: Job, helper_module: str) -> None:
    """`plural: index` or `plural: http` would make the client module the package's index or its helper."""
    stem = job.spec.names.ts_module
    helper_stem = posixpath.splitext(posixpath.basename(helper_module))[0]
    if stem in ("index", helper_stem):
        what = "index" if stem == "index" else f"request helper ({helper_module})"
        raise UserError(
            f"the client module of {job.spec.resource} would be src/{stem}.ts, the package's {what}",
            file=job.spec_rel,
            field="plural",
            hint="set `plural:` in the spec to another name",
        )


def _plan_removal(job: Job, pkg: str, stem: str | None = None, stale: bool = False) -> None:
    """The resource's client module goes (when it still carries the generated header) with its re-export;
    `stale`: a module of the resource's earlier plural, deleted only when its header names this spec."""
    stem = stem or job.spec.names.ts_module
    rel = f"{pkg}/src/{stem}.ts"
    text = job.plan.old_text(rel)
    if text is None:
        return
    if not generated(text) or (stale and f" from {job.spec_rel}." not in text.split("\n", 1)[0]):
        if not stale:
            job.plan.notes.append(f"{rel} has no generated header (yours): kept; delete it by hand")
        return
    job.plan.delete(rel, KEY)
    index_rel = f"{pkg}/src/index.ts"
    index = job.plan.old_text(index_rel)
    module = f"./{stem}"
    if index is None or not (job.lock.get(index_rel, f"reexport {module}") or not job.lock.present):
        return
    try:
        job.plan.add(index_rel, ts.remove_reexport(index, module + _extension_style(index)), KEY)
    except ts.TSSourceError as exc:
        raise UserError(exc.message, file=index_rel, line=exc.line, hint=f'remove `export * from "{module}";` by hand') from None


def _extension_style(index: str) -> str:
    """`.js` when every relative re-export of the index spells it (NodeNext resolution), else nothing."""
    try:
        relative = [m for m in ts.reexported_modules(index) if m.startswith(".")]
    except ts.TSSourceError:
        return ""  # ensure_reexport reports it
    return ".js" if relative and all(m.endswith(".js") for m in relative) else ""


# --------------------------------------------------------------------------- the request helper


def _helper(job: Job, pkg: str) -> tuple[str, str, bool, CallShape]:
    """(module, function, create it?, how to call it): the configured helper if the package has it, else
    ./http request (see client_helper for how the call shape is read from its signature)."""
    wanted = job.repo.config.client_request
    src = f"{pkg}/src"
    if not wanted.module.startswith("."):  # a package of its own: read through tsconfig paths / node_modules
        rel = helper.resolve(job, src, wanted.module)
        if rel is not None:
            return wanted.module, wanted.function, False, helper.shape_of(job, rel, wanted.function)
        if wanted.call != "auto":
            return wanted.module, wanted.function, False, helper.shape_of_setting(wanted.call, wanted.module)
        raise UserError(
            f"cannot read the request helper `{wanted.function}` from {wanted.module!r}: the client's tsconfig "
            "`paths` does not map it and no node_modules holds it",
            file=CONFIG_FILE,
            field="client_request.call",
            hint="install the package (its .d.ts is enough), or set client_request.call to how it is called "
            "(options, body, body-options or init: see the README)",
        )
    module, function = wanted.module, wanted.function
    rel = helper.resolve(job, src, module)
    if rel is None or helper.find(job, rel, function)[0] is None:
        module, function = DEFAULT_HELPER
        rel = helper.resolve(job, src, module)
        if (module, function) == (wanted.module, wanted.function) or rel is None or helper.find(job, rel, function)[0] is None:
            if rel is not None:
                raise UserError(
                    f"{rel} exists but does not export `{function}`, and the configured helper "
                    f"`{wanted.function}` from {wanted.module!r} was not found",
                    file=rel,
                    field="client_request",
                    hint="set client_request.module and client_request.function in .elqnt-scaffold.yaml to the "
                    "package's request helper (request<T>(method, path, {body, query}): Promise<T>), or rename the file",
                )
            return module, function, True, helper.DEFAULT_SHAPE  # the tool's own src/http.ts: plan() reads it once planned
    return module, function, False, helper.shape_of(job, rel, function)


# --------------------------------------------------------------------------- the generated module


def _types_package(job: Job) -> tuple[str, str]:
    """The types package's npm name and its entry file (repo-relative) for the tsconfig `paths` map."""
    pkg = job.repo.config.types_package.rstrip("/")
    text = job.plan.old_text(f"{pkg}/package.json")
    data: object = {}
    if text is not None:
        try:
            data = json.loads(text)
        except json.JSONDecodeError as exc:
            raise UserError(
                f"not valid JSON: {exc.msg}",
                file=f"{pkg}/package.json",
                line=exc.lineno,
                hint="fix the types package's package.json; its `name` is what the client imports types from",
            ) from None
    if not isinstance(data, dict):
        data = {}
    name = data.get("name") if isinstance(data.get("name"), str) else job.repo.config.types_package_name
    entry = next((data[k] for k in ("types", "typings", "main") if isinstance(data.get(k), str)), "src/index.ts")
    return name, posixpath.normpath(posixpath.join(pkg, entry))


def _context(job: Job, types_name: str, module: str, function: str, shape: CallShape = helper.DEFAULT_SHAPE) -> dict:
    names, ops = job.spec.names, job.spec.crud_operations
    prefix = job.repo.config.api_prefix.rstrip("/")
    types = {
        "model": names.go,
        "create": f"Create{names.go}Request",
        "update": f"Update{names.go}Request",
        "list": f"List{names.go_plural}Response",
    }
    used = {
        "model": bool({"create", "get", "update"} & set(ops)),
        "create": "create" in ops,
        "update": "update" in ops,
        "list": "list" in ops,
    }
    paths = {"collection": prefix + names.collection_path, "item": prefix + names.item_path}
    one = _phrase(naming.words(names.resource))
    custom = _custom_functions(job, prefix)
    type_imports = [t for key, t in types.items() if used[key]]
    for fn in custom:
        type_imports += [t for t in fn.types if t not in type_imports]
    functions = {op: names.ts_function(op, plural=op == "list") for op in ops}
    exprs = {k: path_expression(v) for k, v in paths.items()}
    taken = {function, *type_imports, *functions.values(), *(n for fn in custom for n in (fn.name, *fn.locals))}
    query_helper = next(n for n in (f"toQuery{'_' * i}" for i in range(len(taken) + 1)) if n not in taken)
    requests = {  # op: (result type, method, path, body, query)
        "list": (types["list"], "GET", exprs["collection"], None, "page: params?.page, limit: params?.limit"),
        "create": (types["model"], "POST", exprs["collection"], "body", None),
        "get": (types["model"], "GET", exprs["item"], None, None),
        "update": (types["model"], "PUT", exprs["item"], "body", None),
        "delete": ("void", "DELETE", exprs["item"], None, None),
    }
    per_call = call_options(shape, function, taken | {query_helper})
    calls = {op: _call(shape, function, *requests[op], query_helper, per_call.local) for op in ops}
    for fn in custom:
        fn.call = _call(shape, function, fn.result, fn.method, fn.expr, fn.body, fn.query, query_helper, per_call.local)
    if (any(requests[op][3] for op in ops) or any(fn.body for fn in custom)) and not shape.carries_body:
        raise helper.missing_body(shape, function)
    uses_query = shape.query_key is None and ("list" in ops or any(fn.query for fn in custom))
    return {
        "calls": NS(**calls),
        "query_helper": query_helper if uses_query else "",
        "custom": custom,
        "spec_path": job.spec_rel,
        "ops": ops,
        "request": function,
        "request_imports": [function, *per_call.imports],
        "options": per_call,  # .param (the functions' last parameter, or ""), .alias (a local type, or "")
        "request_module": module,
        "types_module": types_name,
        "type_imports": type_imports,
        # namespaces, not dicts: `functions.update` must not find dict.update in the templates
        "types": NS(**types),
        "functions": NS(**functions),
        "paths": NS(**{k: v.replace("*/", "*\\/") for k, v in paths.items()}),
        "exprs": NS(**exprs),
        "words": NS(one=one, a_one=f"{_article(one)} {one}", plural=_phrase(naming.words(names.plural_name))),
        "api_prefix": prefix,
    }


_TS_RESERVED = frozenset(
    "break case catch class const continue debugger default delete do else enum export extends false finally for "
    "function if import in instanceof new null return super switch this throw true try typeof var void while with "
    f"yield let static implements interface package private protected public await body query {OPTIONS_LOCAL}".split()
)


def _call(shape: CallShape, function: str, result: str, method: str, path: str, body, query, query_helper: str, options: str | None) -> str:
    """The helper call of one client function; a query the helper takes no option for goes into the path."""
    if query and shape.query_key is None:
        path = path_with_query(path, f"{query_helper}({{ {query} }})")
    return shape.call(function, result, method, path, body, query, options)


def path_with_query(path: str, query: str) -> str:
    """`"/w"` + `toQuery({...})` -> `` `/w${toQuery({...})}` ``: the query string appended to a path expression."""
    if path.startswith('"'):
        path = "`" + _template_text(json.loads(path)) + "`"
    return path[:-1] + "${" + query + "}`"


def _ts_param(name: str) -> str:
    local = naming.camel(name)
    return local + "Param" if local in _TS_RESERVED else local


def _custom_functions(job: Job, prefix: str) -> list[NS]:
    """One client function per public custom operation: path parameters, then body, then query."""
    from ..spec.endpoint import spec_endpoints
    from ..spec.operations import operation_types

    spec, names = job.spec, job.spec.names
    out = []
    for endpoint in spec_endpoints(spec):
        op = endpoint.custom
        if op is None or endpoint.internal:
            continue
        declared = operation_types(spec, op)
        params = [(p, _ts_param(p) + ("Param" if _ts_param(p) == "params" else "")) for p in op.params]
        args = [f"{local}: string" for _, local in params]
        used: list[str] = []
        body = op.body_model or declared.get("request")
        if body:
            args.append(f"body: {body}")
            used.append(body)
        query_type = declared.get("query")
        query_expr = ""
        if query_type:
            required = any(q.required for q in op.query)
            args.append(f"query{'' if required else '?'}: {query_type}")
            used.append(query_type)
            dot = "." if required else "?."
            query_expr = ", ".join(f"{naming.camel(q.name)}: query{dot}{naming.camel(q.name)}" for q in op.query)
        if op.paginated:  # one page, as listWidgets: page and limit beside the operation's own query
            args.append("params?: { page?: number; limit?: number }")
            query_expr = ", ".join(e for e in (query_expr, "page: params?.page, limit: params?.limit") if e)
        response = op.response
        if isinstance(response, list):
            result = declared["response"]
            used.append(result)
        elif response == "none":
            result = "void"
        elif response == "resource":
            result = names.go
            used.append(result)
        elif response == "list" and op.paginated:
            result = f"List{names.go_plural}Response"
            used.append(result)
        elif response == "list":
            result = f"{names.go}[]"
            used.append(names.go)
        else:
            result = response
            used.append(result)
        options = [o for o in ("body" if body else "", f"query: {{ {query_expr} }}" if query_expr else "") if o]
        path = prefix + endpoint.path
        expr = _PARAM.sub(lambda m: "{" + dict(params).get(m.group(1), m.group(1)) + "}", path)
        out.append(
            NS(
                name=names.ts_function(naming.camel(op.name), plural=endpoint.plural),
                doc=(op.description or f"Calls `{op.name}` on " + (
                    f"the {_phrase(naming.words(names.plural_name))}" if endpoint.plural else
                    f"{_article(_phrase(naming.words(names.resource)))} {_phrase(naming.words(names.resource))}"
                )).strip().rstrip(".").replace("*/", "*\\/"),
                method=endpoint.method,
                path=path.replace("*/", "*\\/"),
                args=", ".join(args),
                result=result,
                expr=_path_expression_exact(expr),
                options=(", { " + ", ".join(options) + " }") if options else "",
                types=used,
                body="body" if body else None,
                query=query_expr or None,
                locals=[local for _, local in params],
            )
        )
    return out


def _path_expression_exact(path: str) -> str:
    """Like path_expression, with the parameter names used as they are (already TS locals)."""
    if not _PARAM.search(path):
        return json.dumps(path)
    out, last = [], 0
    for match in _PARAM.finditer(path):
        out.append(_template_text(path[last : match.start()]))
        out.append(f"${{encodeURIComponent({match.group(1)})}}")
        last = match.end()
    out.append(_template_text(path[last:]))
    return "`" + "".join(out) + "`"


def path_expression(path: str) -> str:
    """`/api/v1/widgets` -> `"/api/v1/widgets"`; `/w/{id}` -> `` `/w/${encodeURIComponent(id)}` ``."""
    if not _PARAM.search(path):
        return json.dumps(path)
    out, last = [], 0
    for match in _PARAM.finditer(path):
        out.append(_template_text(path[last : match.start()]))
        out.append(f"${{encodeURIComponent({naming.camel(match.group(1))})}}")
        last = match.end()
    out.append(_template_text(path[last:]))
    return "`" + "".join(out) + "`"


def _template_text(value: str) -> str:
    return value.replace("\\", "\\\\").replace("`", "\\`").replace("${", "\\${")


def _phrase(words: list[str]) -> str:
    return " ".join(w.upper() if w.upper() in naming.GO_INITIALISMS else w for w in words)


def _article(phrase: str) -> str:
    first = phrase.split(" ", 1)[0]
    if first.isupper():  # an initialism is spelled out: an API key, a URL
        return "an" if first[0] in "AEFHILMNORSX" else "a"
    return "an" if first[:1] in "aeiou" else "a"


def _resource_owner(job: Job, rel: str) -> Owner:
    """The tool's file, unless a hand-written module (no generated header) already sits there."""
    old = job.plan.old_text(rel)
    if old is not None and not generated(old):
        return Owner.USER  # kept unless --force: never overwrite a hand-written client silently
    return Owner.TOOL


__all__ = ["KEY", "TITLE", "path_expression", "plan"]
