"""The checklist rows of `check`: every endpoint found in any layer, and what each layer says of it.

Keys: a service route is ``(service, METHOD, path shape)``; a gateway entry names its service by
``proxy_upstream`` and its service path is its path without the api prefix; a client call is matched
to the public path (the gateway entry's, else api prefix + service path). Wildcard names never matter
(``{id}`` = ``{projectId}`` = a template's ``${...}``). A pattern without a method matches every method.

Two registrations of one service that ServeMux sees as the same pattern (same method or both none, same
host, same segments: ``Route.same_requests``) are one row with a ``duplicate`` error: net/http panics at
start. ``/files/{id}`` and ``/files/{path...}``, or two hosts, are two routes.

A gateway entry goes to the route that serves its path as net/http would (``inventory.service.serves``):
``/api/v1/files/{rest...}`` to ``/files/{path...}``, never to ``/files/{id}``; ``/api/v1/`` to ``/{$}``;
a route without a host first. The gateway routes by path only, so a route with a host
(``GET admin.example.com/items``) is a ``host-route`` warning: no entry is required for it, and an entry
that reaches it only (no host-less route) is said to depend on the Host header the gateway forwards.
"""

from __future__ import annotations

from collections import defaultdict
from dataclasses import dataclass, field

from ..inventory.client import ClientCall
from ..inventory.common import served_path, shape
from ..inventory.gateway import GatewayEntry
from ..inventory.service import Route, Service, path_segments, request_segments, serves
from ..naming import upstream_env
from .check_model import LAYERS, PRESENT, UNKNOWN, WARNED, WRITES, Row
from .check_types import type_findings


@dataclass
class _RouteState:
    route: Route
    gateway: list[GatewayEntry] = field(default_factory=list)
    duplicates: list[tuple[GatewayEntry, int]] = field(default_factory=list)  # (entry, line of the first)
    twins: list[Route] = field(default_factory=list)  # later registrations of the same pattern: ServeMux panics


@dataclass
class Inputs:
    prefix: str  # the api prefix, without a trailing slash
    services: dict[str, Service]  # the services read (all, or the ones in scope)
    folders: set[str]  # every folder under services_dir
    external: set[str]  # config.external_services
    gateway: list[GatewayEntry] | None  # None: no routes.yaml
    gateway_rel: str
    calls: list[ClientCall]
    client_src: str  # the client package's src/ folder
    client_function: str  # the request helper's name
    types: object  # inventory.types.TypesInventory
    whole_repo: bool  # every service was read (cross-service hints, client warnings)


def build_rows(inp: Inputs) -> list[Row]:
    rows: list[Row] = []
    index: dict[str, dict[tuple[str | None, str], list[_RouteState]]] = defaultdict(dict)
    states: list[_RouteState] = []
    unreadable: dict[str, list[Route]] = defaultdict(list)
    for svc in inp.services.values():
        for file_rel, line, package in svc.routers:
            row = Row(svc.name, f"? {file_rel.rsplit('/', 1)[-1]}:{line}")
            row.marks = dict.fromkeys(LAYERS, UNKNOWN)
            row.add("warning", "router-not-read", "service", file_rel, line,
                    f"imports {package}: routes registered with its own methods (r.Get, r.Post, e.GET, ...) are not "
                    "read by check, so their gateway entries and client functions are not checked; check reads "
                    "net/http's Handle/HandleFunc (also on such routers)")
            rows.append(row)
        first: dict[tuple, _RouteState] = {}
        for route in svc.routes:
            if route.path is None:
                if not route.internal:
                    unreadable[svc.name].append(route)
                    rows.append(_unreadable_row(route))
                continue
            state = first.setdefault(route.same_requests, _RouteState(route))
            if state.route is route:
                states.append(state)
            else:
                state.twins.append(route)
            shaped = index[svc.name].setdefault((route.method, shape(route.path)), [])
            if not any(s is state for s in shaped):
                shaped.append(state)
    gateway_rows = _match_gateway(inp, index, unreadable)
    calls = _CallIndex(inp.calls, inp.prefix)
    needs_types = {name for name, svc in inp.services.items() if any(r.path and r.needs_client for r in svc.routes)}
    type_rows = {name: type_findings(inp.services[name], inp.types) for name in sorted(needs_types)}
    for state in states:
        rows.append(_route_row(inp, state, calls, type_rows.get(state.route.service)))
    rows.extend(gateway_rows)
    for name, row in type_rows.items():
        if row is not None and row.findings:
            rows.append(row)
    if inp.whole_repo and inp.gateway is not None:
        rows.extend(_stray_calls(inp, calls))
    return rows


def _lookup(index, service: str, method: str, path: str) -> _RouteState | None:
    """The route serving `method path`: of the routes of the same shape (and `{$}` for a path ending in
    `/`) that serve it, one of the same method (HEAD: GET; else a method-less one), without a host
    first, then the one with the same segments."""
    routes, path_shape = index.get(service, {}), shape(path)
    shapes = (path_shape, path_shape + "{$}") if path.endswith("/") else (path_shape,)
    want = request_segments(path)
    for each in dict.fromkeys((method, "GET" if method == "HEAD" else method, None)):
        found = [s for sh in shapes for s in routes.get((each, sh), ()) if serves(s.route.path, path)]
        if found:
            return min(found, key=lambda s: (s.route.host is not None, path_segments(s.route.path) != want))
    return None


def _match_gateway(inp: Inputs, index, unreadable: dict[str, list[Route]]) -> list[Row]:
    rows: list[Row] = []
    seen: dict[tuple, int] = {}
    for entry in inp.gateway or []:
        svc = entry.service
        key = (entry.method, request_segments(entry.path))  # {id} and {rest...} are two entries
        first = seen.setdefault(key, entry.line)
        state = _lookup(index, svc, entry.method, entry.service_path) if svc in inp.services else None
        if state is not None:
            state.gateway.append(entry)
            if first != entry.line:
                state.duplicates.append((entry, first))
            continue  # reported on the route's own row (a host route's says the gateway cannot pick a host)
        row = Row(svc, f"{entry.method} {entry.service_path}", entry.method, entry.service_path)
        row.marks["gateway"] = PRESENT
        _entry_warnings(row, entry, first)
        if svc is None:
            row.marks["service"] = UNKNOWN
            row.add("warning", "unknown-upstream", "gateway", entry.file, entry.line,
                    f"proxy_upstream {entry.upstream!r} does not name a service ($<SERVICE>_URL); check cannot tell which service serves {entry.method} {entry.path}")
        elif svc in inp.services:
            _no_route(inp, row, entry, index, unreadable.get(svc))
        elif svc in inp.folders:
            if inp.whole_repo or svc in inp.services:
                row.add("error", "no-service-route", "service", entry.file, entry.line,
                        f"routes.yaml sends {entry.method} {entry.path} to {svc}, but {svc} has no go.mod, so it registers no route")
        elif svc in inp.external:
            pass  # lives outside this repository: nothing more to check
        else:
            row.add("error", "unknown-upstream", "service", entry.file, entry.line,
                    f"routes.yaml sends {entry.method} {entry.path} to {entry.upstream}, but there is no {svc} service "
                    f"(no services/{svc}/): fix proxy_upstream, or list {svc} under external_services in .elqnt-scaffold.yaml if it lives elsewhere")
        rows.append(row)
    return rows


def _no_route(inp: Inputs, row: Row, entry: GatewayEntry, index, unreadable: list[Route] | None) -> None:
    message = f"routes.yaml sends {entry.method} {entry.path} to {entry.service}, which registers no {entry.method} {entry.service_path} route"
    others = [name for name in index if name != entry.service and _lookup(index, name, entry.method, entry.service_path)]
    if others:
        message += f" ({', '.join(sorted(others))} does: is proxy_upstream right?)"
    if unreadable:
        first = unreadable[0]
        row.marks["service"] = UNKNOWN
        row.add("warning", "no-service-route", "service", entry.file, entry.line,
                f"{message} that can be read; {first.file}:{first.line} registers a pattern check cannot read, which may be it")
    else:
        row.add("error", "no-service-route", "service", entry.file, entry.line,
                f"{message}: add the route and handler, or remove the entry")


def _entry_warnings(row: Row, entry: GatewayEntry, first_line: int) -> None:
    if first_line != entry.line:
        _duplicate(row, entry, first_line)
    _write_warnings(row, entry)


def _duplicate(row: Row, entry: GatewayEntry, first_line: int) -> None:
    row.add("warning", "duplicate-gateway-entry", "gateway", entry.file, entry.line,
            f"{entry.method} {entry.path} is listed twice in routes.yaml (first at line {first_line}); the gateway uses one of them")


def _write_warnings(row: Row, entry: GatewayEntry) -> None:
    if entry.method not in WRITES or entry.public:
        return
    if not entry.auth_required:
        row.add("warning", "write-without-auth", "gateway", entry.file, entry.line,
                f"{entry.method} {entry.path} writes with auth_required: false; if it is public on purpose, mark the entry `# elqnt:public`")
    elif not entry.scopes:
        row.add("warning", "write-without-scopes", "gateway", entry.file, entry.line,
                f"{entry.method} {entry.path} writes but has no scopes (e.g. write:<resource>)")


class _CallIndex:
    def __init__(self, calls: list[ClientCall], prefix: str) -> None:
        self.prefix = prefix
        self.by_key: dict[tuple[str, str], list[ClientCall]] = defaultdict(list)
        self.by_path: dict[str, list[ClientCall]] = defaultdict(list)
        for call in calls:
            self.by_key[(call.method, call.path)].append(call)
            self.by_path[call.path].append(call)
        self.used: set[int] = set()

    def find(self, method: str | None, public_path: str) -> list[ClientCall]:
        """Calls of `method` (any method when None) on the public path (or on it without the prefix,
        for a helper that adds the prefix itself)."""
        paths = [shape(public_path)]
        if self.prefix and paths[0].startswith(self.prefix + "/"):
            paths.append(paths[0][len(self.prefix):])
        found = [c for p in paths for c in (self.by_path[p] if method is None else self.by_key[(method, p)])]
        self.used.update(id(c) for c in found)
        return found


def _route_row(inp: Inputs, state: _RouteState, calls: _CallIndex, types_row: Row | None) -> Row:
    route = state.route
    row = Row(route.service, f"{route.method or 'ANY'} {route.host or ''}{route.path}", route.method, route.path)
    row.marks["service"] = PRESENT
    for twin in state.twins:
        row.add("error", "duplicate", "service", twin.file, twin.line, _registered_twice(route, twin))
    if route.host and not route.internal:
        _host_warning(inp, row, state)
        if not state.gateway:
            return row  # no routes.yaml entry can name a host: nothing more is required of it
    if state.gateway:
        row.marks["gateway"] = PRESENT
        for entry in state.gateway:
            _write_warnings(row, entry)
        for entry, first in state.duplicates:
            _duplicate(row, entry, first)
    if route.internal:
        if state.gateway:
            entry = state.gateway[0]
            row.add("warning", "internal-exposed", "gateway", entry.file, entry.line,
                    f"{route.file}:{route.line} marks {row.label} //elqnt:internal, but routes.yaml exposes it as {entry.method} {entry.path}")
        return row
    if not state.gateway:
        public = inp.prefix + served_path(route.path)
        row.add("error", "missing-gateway", "gateway", route.file, route.line,
                f"{row.label}{route.mounted} is registered here, but {inp.gateway_rel} has no {route.method or '<method>'} {public} entry "
                f"(proxy_upstream {upstream_env(route.service)}): add it, or mark the route //elqnt:internal")
    if not route.needs_client:
        return row
    publics = [e.path for e in state.gateway] or [inp.prefix + served_path(route.path)]
    if any(calls.find(route.method, p) for p in publics):
        row.marks["client"] = PRESENT
    else:
        where = (state.gateway[0].file, state.gateway[0].line) if state.gateway else (route.file, route.line)
        row.add("error", "missing-client", "client", *where,
                f"no client function calls {route.method or 'any method on'} {publics[0]} (no {inp.client_function}(...) call in "
                f"{inp.client_src}/): add one, or mark the route //elqnt:no-client if no frontend calls it")
    if types_row is not None:
        row.marks["types"] = types_row.marks["types"]
    return row


def _host_warning(inp: Inputs, row: Row, state: _RouteState) -> None:
    route = state.route
    bare = f"{route.method + ' ' if route.method else ''}{route.path}"
    if state.gateway:
        entry = state.gateway[0]
        said = (f"routes.yaml sends {entry.method} {entry.path} (line {entry.line}) here, but this route serves host "
                f"{route.host} only and the gateway routes by path: it reaches it only if it forwards Host: {route.host}; "
                f"register {bare} without a host, or make sure the gateway keeps the Host header")
    else:
        said = (f"{row.label} serves host {route.host} only; the gateway routes by path (routes.yaml cannot name a host), so "
                f"check requires no entry for it: if this host is served directly, mark the line //elqnt:internal; if it "
                f"goes through the gateway, register {bare} without a host")
    row.add("warning", "host-route", "service", route.file, route.line, said)


def _registered_twice(first: Route, twin: Route) -> str:
    one, other = f"{first.file}:{first.line} (handler {first.handler}){first.mounted}", f"{twin.file}:{twin.line} (handler {twin.handler}){twin.mounted}"
    if twin.pattern == first.pattern:
        said = f"{twin.pattern} is registered twice in {twin.service}: {one} and {other}"
    else:
        said = f"{twin.pattern} at {other} matches the same requests as {first.pattern} at {one}"
    return (f"{said}; net/http's ServeMux panics at start when a pattern is registered twice (wildcard names do "
            f"not matter): remove one registration, or change its method or path")


def _unreadable_row(route: Route) -> Row:
    row = Row(route.service, f"? {route.file.rsplit('/', 1)[-1]}:{route.line}")
    row.marks = dict.fromkeys(LAYERS, UNKNOWN)
    if route.unplaced:
        row.label = f"? {route.registered} ({route.file.rsplit('/', 1)[-1]}:{route.line})"
        row.add("warning", "mounted-route", "service", route.file, route.line,
                f"{route.registered} (handler {route.handler}) is registered on a mux that is mounted, but check cannot tell "
                f"where it is served: {route.unreadable}; it is not served at its bare path: mount the sub-mux variable itself "
                f"(http.StripPrefix(\"/api\", api)), or mark the line //elqnt:internal")
        return row
    row.add("warning", "unreadable-route", "service", route.file, route.line,
            f"the pattern of this route (handler {route.handler}) cannot be read statically: {route.unreadable}; check cannot "
            f"tell which endpoint it is: write the pattern as one string literal, or mark the line //elqnt:internal")
    return row


def _stray_calls(inp: Inputs, calls: _CallIndex) -> list[Row]:
    served = {(e.method, shape(e.path)) for e in inp.gateway or []}
    rows = []
    for call in inp.calls:
        if id(call) in calls.used or not call.path.startswith("/"):
            continue
        if (call.method, call.path) in served or (call.method, inp.prefix + call.path) in served:
            continue
        row = Row(None, f"{call.method} {call.path}", call.method, call.path)
        row.marks["client"] = WARNED
        row.add("warning", "client-without-gateway", "gateway", call.file, call.line,
                f"{call.function or 'a client call'} calls {call.method} {call.path}, which no routes.yaml entry serves")
        rows.append(row)
    return rows
