"""The client package's request helper: which file declares it, and how a generated function must call it.

The helper is found by following the module named in `client_request` (relative to the package's `src/`,
or a package: the client's tsconfig `paths`, then `node_modules`) through `export { a as b } from`,
`export * from` and import-then-export, to its declaration; its signature is read with
tree-sitter-typescript (`sources/ts/signature.py`) and gives a :class:`CallShape`:

| helper                                                           | a create calls                                     |
|------------------------------------------------------------------|----------------------------------------------------|
| `request<T>(method, path, options?: { body?, query? })`          | `request<T>("POST", p, { body })` (`options`)      |
| `request<T>(method, path, body?: unknown)`                       | `request<T>("POST", p, body)` (`body`)             |
| `request<T>(method, path, body?: unknown, options?: { query? })` | `request<T>("POST", p, body)` (`body-options`)     |
| `request<T>(method, path, init?: RequestInit)`                   | `request<T>("POST", p, { body: JSON.stringify(body), headers: {...} })` (`init`) |

A query goes in the options object when it has a `query` member, else into the path (`URLSearchParams`).
A signature that cannot be read (`...args: any[]`, overloads, `const request = make()`, a package the tool
cannot see) is refused (UserError naming it and `client_request.call`) unless `client_request.call` says
how to call it; a setting that contradicts a readable signature is refused too. Nothing is ever guessed.

Per-call options (`signal`, `headers`, `timeoutMs`: `client_call.py`) are passed only through an options
object whose type has a `signal` or `headers` member (a RequestInit counts); a helper without one, or one
described only by `client_request.call`, gets functions without the parameter.
"""

from __future__ import annotations

import posixpath
import re
from dataclasses import replace

from ..errors import UserError
from ..plan import generated
from ..sources import ts
from ..sources.ts.resolve import resolve_module
from ..sources.ts.signature import Forward, Signature, TypeExpr, Unreadable, lookup, object_arguments
from .base import Job
from .client_call import CARRIERS, DEFAULT_SHAPE, PER_CALL, CallShape

_BODY_NAMES = frozenset({"body", "data", "payload", "json"})
_METHOD = re.compile(r"method|verb", re.I)
_PATH = re.compile(r"path|url|uri|endpoint|route|href", re.I)
_TEXT_BODY = frozenset({"string", "BodyInit"})  # a body of these types must be JSON text already
# lib.dom's RequestInit, as far as a call needs it.
_REQUEST_INIT = (("body", "BodyInit | null"), ("headers", "HeadersInit"), ("method", "string"), ("signal", "AbortSignal | null"))
_HINT_CALLS = (
    "set client_request.call in .elqnt-scaffold.yaml to how the helper is called: options "
    "(request<T>(method, path, { body, query })), body (request<T>(method, path, body)), body-options "
    "(request<T>(method, path, body, { query })) or init (request<T>(method, path, { body: JSON.stringify(body) })); "
    "or give it a typed signature: request<T>(method: string, path: string, options?: { body?: unknown; query?: Record<string, ...> }): Promise<T>"
)
_OPTIONS_TYPE = "CallOptions"  # the helper module's type for the per-call options, imported when it fits



def resolve(job: Job, folder: str, module: str) -> str | None:
    """The repository-relative file a module specifier names from `folder` (`./http` -> src/http.ts);
    a bare specifier (`@acme/http`) through the client's tsconfig `paths`, then `node_modules`."""
    return resolve_module(job.plan.old_text, folder, module, job.repo.config.client_package.rstrip("/"))


def find(job: Job, rel: str, name: str, seen: frozenset[tuple[str, str]] = frozenset()):
    """(what `rel` exports as `name`, the file declaring it): a Signature, TypeExpr or Unreadable, or
    (None, None) when no module it re-exports has it. Follows `export {a as b} from`, import-then-export
    and `export * from`; raises UserError (file:line) on a file that does not parse."""
    if (rel, name) in seen:
        return None, None
    seen = seen | {(rel, name)}
    src = _source(job, rel)
    found = _read(rel, lambda: lookup(src, name))
    if isinstance(found, Forward):
        return _forward(job, rel, found, seen)
    if found is not None:
        return found, rel
    for module in _read(rel, lambda: ts.reexported_modules(src)):
        target = resolve(job, posixpath.dirname(rel), module)
        if target is not None:
            hit, where = find(job, target, name, seen)
            if hit is not None:
                return hit, where
    return None, None


def shape_of(job: Job, rel: str, name: str, configured: str | None = None) -> CallShape:
    """The CallShape of the helper `name` exported by `rel` (read from its signature; `client_request.call`
    for one that cannot be read). Raises UserError (file:line of the declaration) when `rel` does not export
    it, when the signature cannot be read and no setting says how to call it (field client_request.call),
    when it clearly cannot serve the generated calls (client_request), or when the setting contradicts it.
    `configured`: the call setting to apply (default: the config's; "auto" for the helper the tool creates)."""
    configured = configured or job.repo.config.client_request.call
    found, where = find(job, rel, name)
    line = getattr(found, "line", 0) or None
    if found is None:
        raise UserError(
            f"{rel} does not export `{name}`",
            file=rel,
            field="client_request.function",
            hint="set client_request.function to the name of the package's request helper",
        )
    try:
        if isinstance(found, Unreadable):
            raise _Unclear(found.reason)
        if not isinstance(found, Signature):
            raise _Unclear(f"`{name}` is not a function")
        shape = replace(_classify(job, where, found), file=where, line=found.line)
    except _Misfit as misfit:
        raise UserError(
            f"the request helper `{name}` cannot be called by the generated client: {misfit}",
            file=where,
            line=line,
            field="client_request",
            hint="point client_request.module/function at a helper request<T>(method, path, ...): Promise<T> that "
            "resolves to the decoded JSON body and throws on an error status (or write one that wraps this one)",
        ) from None
    except _Unclear as unclear:
        if configured != "auto":
            return replace(_configured(configured), file=where or rel)
        raise UserError(
            f"cannot tell how to call the request helper `{name}`: {unclear}",
            file=where or rel,
            line=line,
            field="client_request.call",
            hint=_HINT_CALLS,
        ) from None
    if configured != "auto" and configured != shape.kind:
        raise UserError(
            f"client_request.call says {configured!r}, but `{name}` is called as {shape.kind!r}: {name}{_describe(shape)}",
            file=where,
            line=line,
            field="client_request.call",
            hint="remove client_request.call from .elqnt-scaffold.yaml (the signature says how to call it), or fix the signature",
        )
    return _with_options_type(job, rel, shape)


def _with_options_type(job: Job, rel: str, shape: CallShape) -> CallShape:
    """`rel`'s exported `CallOptions` becomes the functions' options type when each of its members is one
    the helper carries (then exactly those are passed); otherwise they get a local alias (client_call)."""
    if not shape.passes:
        return shape
    found, where = find(job, rel, _OPTIONS_TYPE)
    if not isinstance(found, TypeExpr):
        return shape
    members: dict[str, list[str]] = {}
    unread: list[str] = []
    _members(job, where, found, members, unread, 0)
    if unread or not members or not set(members) <= set(shape.passes):
        return shape
    return replace(shape, passes=tuple(m for m in PER_CALL if m in members), options_type=_OPTIONS_TYPE)


def missing_body(shape: CallShape, name: str) -> UserError:
    """The UserError for a spec that sends a body through a helper that takes none."""
    return UserError(
        f"the request helper `{name}` takes no request body: {name}{_describe(shape)}; the spec's operations send one",
        file=shape.file or None,
        line=shape.line or None,
        field="client_request",
        hint="point client_request.module/function at a helper that sends a JSON body, or give this one a body parameter",
    )


def misplaced_bodies(job: Job, pkg: str, function: str, shape: CallShape, skip: str) -> list[str]:
    """Notes on hand-written calls that pass `{ body }` or `{ query }` to a helper taking the body itself
    (they send `{"body": ...}`); `skip` is the generated module being planned."""
    if shape.body_key is not None:
        return []
    notes = []
    for path in sorted((job.root / pkg / "src").rglob("*.ts")):
        rel = job.repo.rel(path)
        src = job.plan.old_text(rel) or ""
        if rel == skip or function not in src or generated(src):
            continue
        try:
            calls = object_arguments(src, function, 2)
        except ts.TSSourceError:
            continue
        for line, keys in calls:
            fixes = (["pass the body itself"] if "body" in keys else []) + (["put the query into the path"] if "query" in keys else [])
            if fixes:
                notes.append(
                    f"{rel}:{line}: passes {{ {', '.join(keys)} }} to `{function}`, which sends its 3rd argument "
                    f"as the JSON body ({shape.where}): {' and '.join(fixes)}"
                )
    return notes


# --------------------------------------------------------------------------- reading the signature


class _Unclear(Exception):
    """The signature does not say how to call the helper (the message says why): `client_request.call` may."""


class _Misfit(Exception):
    """The signature says clearly that the generated calls cannot use the helper: no setting changes that."""


def _classify(job: Job, rel: str, sig: Signature) -> CallShape:
    params = list(sig.params)
    for index, param in enumerate(params[:4]):
        if param.rest:
            raise _Unclear(f"its parameter {index + 1} is `...{param.name or 'args'}`: its arguments have no names")
    if len(params) < 2 or not _is(params[0], _METHOD, '"GET"') or not _is(params[1], _PATH, None):
        shown = ", ".join(_shown(p) for p in params[:2])
        swapped = params and (_is(params[0], _PATH, None) or (len(params) > 1 and _is(params[1], _METHOD, '"GET"')))
        raise (_Misfit if swapped or len(params) < 2 else _Unclear)(
            f"it takes ({shown}): the tool needs (method: string, path: string, ...)"
        )
    generic = _generic(sig)
    third = params[2] if len(params) > 2 else None
    if third is None:
        shape = CallShape("none", body_key=None, options_at=None, query_key=None, generic=generic)
        return _no_more(params, 2, shape)
    types, unread = _keys(job, rel, third)
    if "body" in types:
        stringify = _text_body(types["body"])
        shape = CallShape(
            "init" if stringify else "options",
            query_key="query" if "query" in types else None,
            stringify=stringify,
            headers=stringify and "headers" in types,
            options_required=not third.optional,
            generic=generic,
            passes=_passes(types),
        )
        return _no_more(params, 3, shape)
    if third.name in _BODY_NAMES:
        stringify = _text_body([third.type.text] if third.type is not None else [])
        fourth = params[3] if len(params) > 3 else None
        fourth_types = _keys(job, rel, fourth)[0] if fourth is not None and not fourth.rest else {}
        if "query" in fourth_types:
            shape = CallShape("body-options", body_key=None, options_at=3, stringify=stringify, options_required=not fourth.optional,
                              body_required=not third.optional, generic=generic, passes=_passes(fourth_types))
            return _no_more(params, 4, shape)
        shape = CallShape("body", body_key=None, options_at=None, query_key=None, stringify=stringify,
                          body_required=not third.optional, generic=generic)
        return _no_more(params, 3, shape)
    if "query" in types and not unread:  # an options object without a body: GETs only
        shape = CallShape("options", body_key=None, options_required=not third.optional, generic=generic, passes=_passes(types))
        return _no_more(params, 3, shape)
    unknown = f" (made of {', '.join(unread)}, which the tool cannot read)" if unread else ""
    raise _Unclear(
        f"its 3rd parameter `{_shown(third)}`{unknown} is neither the body (named body, data or payload) "
        "nor an options object with a `body` member"
    )


def _passes(types: dict[str, list[str]]) -> tuple[str, ...]:
    """The per-call options an options object of these members carries: none without signal or headers."""
    return tuple(m for m in PER_CALL if m in types) if CARRIERS & set(types) else ()


def _is(param, pattern: re.Pattern, literal: str | None) -> bool:
    if param.name is not None and pattern.search(param.name):
        return True
    return literal is not None and param.type is not None and literal in param.type.text


def _shown(param) -> str:
    name = param.name or "{ " + ", ".join(param.keys) + " }"
    return f"{'...' if param.rest else ''}{name}{'?' if param.optional else ''}" + (f": {param.type.text}" if param.type else "")


def _generic(sig: Signature) -> bool:
    """request<T>(...) when T is what it resolves to; request(...) as Promise<T> when it resolves to unknown."""
    if sig.type_params:
        first = sig.type_params[0][0]
        if any(not has_default for _, has_default in sig.type_params[1:]):
            raise _Unclear(f"it takes {len(sig.type_params)} type parameters: the tool passes one, the response type")
        used = any(p.type is not None and re.search(rf"\b{re.escape(first)}\b", p.type.text) for p in sig.params)
        if sig.returns is None and not used:
            return True  # <T> only in the (inferred) result: the response type
        if sig.returns is not None and re.fullmatch(rf"Promise<\s*{re.escape(first)}\s*>", sig.returns):
            return True
        raise (_Misfit if sig.returns else _Unclear)(
            f"it returns `{sig.returns or 'an inferred type'}`: the tool needs Promise<{first}> (the decoded JSON body)"
        )
    if sig.returns is not None and re.fullmatch(r"Promise<\s*(unknown|any)\s*>", sig.returns):
        return False
    raise (_Misfit if sig.returns else _Unclear)(
        f"it returns `{sig.returns or 'an inferred type'}`: the tool needs request<T>(...): Promise<T> (the decoded JSON body)"
    )


def _no_more(params: list, used: int, shape: CallShape) -> CallShape:
    for param in params[used:]:
        if not param.optional and not param.rest:
            raise _Misfit(f"its parameter `{_shown(param)}` is required, and the generated calls have nothing to pass")
    return shape


def _text_body(types: list[str]) -> bool:
    """A body member typed `string` or `BodyInit` (fetch's) must be JSON text; `unknown`, `object`, `T`... not."""
    parts = [{p.strip() for p in t.split("|")} - {"null", "undefined", ""} for t in types if t]
    texty = [p for p in parts if p and p <= _TEXT_BODY]
    if texty and any(p and not p <= _TEXT_BODY and p & _TEXT_BODY for p in parts):
        raise _Unclear(f"its body is typed `{' & '.join(types)}`: both JSON text and a value")
    return bool(texty)


def _keys(job: Job, rel: str, param) -> tuple[dict[str, list[str]], list[str]]:
    """(member -> its types, the parts of the type it could not read) of a parameter's object type."""
    types: dict[str, list[str]] = {k: [] for k in param.keys}
    unread: list[str] = []
    if param.type is not None:
        _members(job, rel, param.type, types, unread, 0)
    return types, unread


def _members(job: Job, rel: str, expr: TypeExpr, into: dict, unread: list, depth: int) -> None:
    for key, kind in expr.members:
        into.setdefault(key, []).append(kind)
    if expr.other and (expr.members or expr.refs):
        unread.extend(expr.other)  # `Omit<X, "a"> & {...}`: part of it unread
    for ref in expr.refs:
        found, where = _type(job, rel, ref)
        if isinstance(found, TypeExpr) and depth < 8:
            _members(job, where, found, into, unread, depth + 1)
        elif found is None and ref == "RequestInit":
            for key, kind in _REQUEST_INIT:
                into.setdefault(key, []).append(kind)
        else:
            unread.append(ref)


def _type(job: Job, rel: str, name: str):
    if "." in name:
        return None, None
    src = _source(job, rel)
    found = _read(rel, lambda: lookup(src, name, exported=False))
    if isinstance(found, Forward):
        return _forward(job, rel, found, frozenset())
    return found, rel


def _forward(job: Job, rel: str, forward: Forward, seen: frozenset):
    target = resolve(job, posixpath.dirname(rel), forward.module)
    if target is None:
        return Unreadable(f"`{forward.name}` comes from {forward.module!r}, which the tool cannot find", forward.line), rel
    found, where = find(job, target, forward.name, seen)
    if found is None:
        return Unreadable(f"{target} does not export `{forward.name}`", forward.line), rel
    return found, where


def shape_of_setting(kind: str, file: str) -> CallShape:
    """The CallShape `client_request.call` names (for a helper whose signature the tool cannot see)."""
    return replace(_configured(kind), file=file)


def _configured(kind: str) -> CallShape:
    return {
        "options": DEFAULT_SHAPE,
        "body": CallShape("body", body_key=None, options_at=None, query_key=None),
        "body-options": CallShape("body-options", body_key=None, options_at=3),
        "init": CallShape("init", query_key=None, stringify=True, headers=True),
    }[kind]


def _describe(shape: CallShape) -> str:
    return {
        "none": "(method, path)",
        "options": "(method, path, { body, query })" if shape.body_key else "(method, path, { query })",
        "body": "(method, path, body)",
        "body-options": "(method, path, body, { query })",
        "init": "(method, path, { body: JSON text })",
    }[shape.kind]


def _source(job: Job, rel: str) -> str:
    return job.plan.old_text(rel) or ""


def _read(rel: str, reader):
    try:
        return reader()
    except ts.TSSourceError as exc:
        raise UserError(exc.message, file=rel, line=exc.line, hint="fix the TypeScript syntax of the request helper first") from None


__all__ = ["CallShape", "DEFAULT_SHAPE", "find", "misplaced_bodies", "missing_body", "resolve", "shape_of", "shape_of_setting"]
