"""How one generated client function calls the package's request helper, and the per-call options it passes.

A :class:`CallShape` is read from the helper's signature (`client_helper.shape_of`) or named by the
`client_request.call` setting. It says where the body and the query go and, in `passes`, which per-call
options (`signal`, `headers`, `timeoutMs`) the helper's options object can carry. Only then do the generated
functions take a last parameter `options?: <type>`, spread first into the options object
(`request<W>("POST", p, { ...options, body })`, or `options` itself when nothing else goes there). The
parameter's type is the helper module's exported `CallOptions` when every member of it is one the helper's
options take (the tool's own `src/http.ts`), else a local alias read off the helper's own parameter:
`type CallOptions = Pick<NonNullable<Parameters<typeof request>[2]>, "signal" | "headers">`.

A helper whose options have neither `signal` nor `headers` (or that takes no options object: the body as
its 3rd argument, method and path only, or a signature only `client_request.call` describes) cannot carry
them: its functions take no such parameter (nothing is printed; the README says so).
"""

from __future__ import annotations

import json
from dataclasses import dataclass
from types import SimpleNamespace as NS

PER_CALL = ("signal", "headers", "timeoutMs")  # the members a per-call options object may carry, in order
CARRIERS = frozenset({"signal", "headers"})  # an options object with one of these carries per-call options
OPTIONS_LOCAL = "options"  # the parameter's name in the generated functions (a reserved name for path params)


@dataclass(frozen=True)
class CallShape:
    """How the generated functions pass a body, a query and the per-call options to the helper."""

    kind: str  # a `client_request.call` value (options, body, body-options, init), or "none" (the helper takes the method and the path only)
    body_key: str | None = "body"  # the options member carrying the body; None: positional, the 3rd argument
    options_at: int | None = 2  # argument index of the options object; None: the helper takes none
    query_key: str | None = "query"  # the options member carrying the query; None: encoded into the path
    stringify: bool = False  # the body must be JSON text (a fetch RequestInit)
    headers: bool = False  # send `Content-Type: application/json` with a stringified body
    options_required: bool = False  # the options object must be passed, `{}` when there is nothing in it
    body_required: bool = False  # the positional body must be passed, `undefined` when there is none
    generic: bool = True  # request<T>(...); False: request(...) as Promise<T>
    file: str = ""  # the file declaring the helper, for messages
    line: int = 0  # its line there (0: not read, `client_request.call` said how to call it)
    passes: tuple[str, ...] = ()  # per-call options its options object carries (PER_CALL order); (): none
    options_type: str = ""  # the helper module's exported type for them ("CallOptions"); "": a local alias

    @property
    def carries_body(self) -> bool:
        return self.kind in ("body", "body-options") or self.body_key is not None

    @property
    def where(self) -> str:
        return f"{self.file}:{self.line}" if self.line else self.file

    @property
    def merges_headers(self) -> bool:
        """The call sets Content-Type itself and the caller's headers go into the same member."""
        return self.headers and "headers" in self.passes

    def call(self, function: str, result: str, method: str, path: str, body: str | None, query: str | None, options: str | None = None) -> str:
        """The call expression: `request<Widget>("PUT", path, { body })`. `path` is a TS expression; a query
        (`page: params?.page, ...`) that has no options member must already be in it (client.path_with_query).
        `options`: the local holding the per-call options, passed when the helper carries them."""
        options = options if self.passes and self.options_at is not None else None
        value = f"JSON.stringify({body})" if body and self.stringify else body
        members = [f"...{options}"] if options else []
        if value and self.body_key is not None:
            members.append(value if value == self.body_key else f"{self.body_key}: {value}")
            if self.headers:
                merged = f"...{options}?.headers, " if options and self.merges_headers else ""
                members.append(f'headers: {{ {merged}"Content-Type": "application/json" }}')
        if query and self.query_key is not None:
            members.append(f"{self.query_key}: {{ {query} }}")
        slots: dict[int, str] = {}
        if value and self.body_key is None:
            slots[2] = value
        if self.options_at is not None:
            if options and members == [f"...{options}"]:
                slots[self.options_at] = f"{options} ?? {{}}" if self.options_required else options
            elif members or self.options_required:
                slots[self.options_at] = "{ " + ", ".join(members) + " }" if members else "{}"
        if self.body_required and self.body_key is None:
            slots.setdefault(2, "undefined")
        args = [json.dumps(method), path] + [slots.get(i, "undefined") for i in range(2, max(slots, default=1) + 1)]
        if self.generic:
            return f"{function}<{result}>({', '.join(args)})"
        return f"{function}({', '.join(args)}) as Promise<{result}>"

    def alias_type(self, function: str) -> str:
        """The local alias's type: the helper's own options members, `Pick`ed from its parameter (with a
        plain headers record when the call merges them with its Content-Type)."""
        picked = [m for m in self.passes if not (m == "headers" and self.merges_headers)]
        parts = []
        if picked:
            keys = " | ".join(json.dumps(m) for m in picked)
            parts.append(f"Pick<NonNullable<Parameters<typeof {function}>[{self.options_at}]>, {keys}>")
        if self.merges_headers:
            parts.append("{ headers?: Record<string, string> }")
        return " & ".join(parts)


DEFAULT_SHAPE = CallShape("options")  # request<T>(method, path, { body, query }), as `client_request.call: options` says


def call_options(shape: CallShape, function: str, taken: set[str]) -> NS:
    """What the template writes for the per-call options: `param` (", options?: CallOptions"-ready text, ""
    when the helper carries none), `local` (the parameter's name or None), `imports` (extra names of the
    helper's import: `type CallOptions`), `alias` (a local `type X = ...` declaration, or "") and
    `alias_members` (its members, for the alias's comment)."""
    if not shape.passes or shape.options_at is None:
        return NS(param="", local=None, imports=[], alias="", alias_members="")
    name = next(n for n in (f"CallOptions{'_' * i}" for i in range(len(taken) + 1)) if n not in taken)
    if shape.options_type:
        spelled = shape.options_type if name == shape.options_type else f"{shape.options_type} as {name}"
        return NS(param=f"{OPTIONS_LOCAL}?: {name}", local=OPTIONS_LOCAL, imports=[f"type {spelled}"], alias="", alias_members="")
    alias = f"type {name} = {shape.alias_type(function)};"
    members = ", ".join(f"`{m}`" for m in shape.passes)
    return NS(param=f"{OPTIONS_LOCAL}?: {name}", local=OPTIONS_LOCAL, imports=[], alias=alias, alias_members=members)


__all__ = ["CARRIERS", "CallShape", "DEFAULT_SHAPE", "OPTIONS_LOCAL", "PER_CALL", "call_options"]
