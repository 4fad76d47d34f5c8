"""Layer 1 as it is: the routes each Go service registers, its models package, its internal specs.

A service is a folder of ``services_dir`` holding a go.mod. Every ``.go`` file of it (``_test.go``
excluded, sub-folders included) that mentions ``Handle``/``HandleFunc`` is read with tree-sitter-go:
``<anything>.HandleFunc(pattern, handler)`` and ``.Handle(...)`` calls, wherever they are, whose first
argument could be a pattern (``h.Handle(ctx, rec)`` of a log handler is not a route). A pattern that
is not a string literal (concatenation, a constant, fmt.Sprintf) is kept as *unreadable*, never
guessed. Files that cannot register routes are not parsed (speed: a pre-commit hook), unless the
service mounts muxes (``http.StripPrefix``, routegroup/chi ``Mount``): then every file is read to
follow which mux is served where (:mod:`.mounts`), and a route of a mounted mux is kept at the path
it is served at (``/api/users``), or *unplaced* (a warning) when check cannot follow the mount.

A syntax error (or a construct tree-sitter-go does not know yet, such as Go 1.26's ``new(expr)``)
stops the reading of a file only where it reaches a registration or a models type declaration; the
problem then says whether ``gofmt`` accepts the file.

Markers, on the registration line or the line above it::

    mux.HandleFunc("GET /metrics", h.Metrics) //elqnt:internal   (no gateway entry, no client function)
    //elqnt:no-client
    mux.HandleFunc("POST /webhooks/stripe", h.Stripe)            (gateway entry, no client function)

Routes of a spec saved with ``frontend: false`` (``<service>/endpoints/*.yaml``) need no client either,
and the structs of its models file need no TypeScript types.
"""

from __future__ import annotations

import re
from dataclasses import dataclass, field, replace
from functools import lru_cache
from pathlib import Path

from ..repo import Config
from ..sources.go import GoModError, GoSourceError, RouteRegistration, module_path, route_registrations, struct_types
from ..sources.go.muxes import MuxFacts, mux_facts
from ..sources.go.routes import path_segments
from ..sources.go.tolerance import gofmt_verdict
from .common import FileProblem, read_source, walk_files
from .mounts import Mounts, needs_mounts

LAYER = "service"
MARKER = re.compile(r"//\s*elqnt:(internal|no-client)\b")
_REGISTERS = re.compile(r"\bHandle(?:Func)?\b")
_JSON_NAME = re.compile(r'(?:^|\s)json:"([^",]*)')


@dataclass(frozen=True)
class Route:
    service: str
    method: str | None  # None: the pattern has no method (any method matches)
    path: str | None  # the service path, /widgets/{id}; None when the pattern is unreadable
    file: str  # relative to the repository root
    line: int
    handler: str
    marker: str | None = None  # "internal", "no-client" or None
    unreadable: str | None = None  # why the pattern cannot be read statically
    frontend: bool = True  # False: a spec with `frontend: false` declares this route
    host: str | None = None  # "example.com" for "GET example.com/x"; None when the pattern has none
    mux: str = ""  # the mux it is registered on, when the service mounts muxes ("" otherwise)
    registered: str | None = None  # the pattern as written, when a mount serves it elsewhere ("GET /users")
    via: str | None = None  # file:line of the mount that serves it at `path`
    unplaced: bool = False  # served under a mount check cannot follow: `unreadable` says which

    @property
    def internal(self) -> bool:
        return self.marker == "internal"

    @property
    def pattern(self) -> str:
        """The pattern as registered, normalised: ``GET example.com/widgets/{id}``."""
        return f"{self.method + ' ' if self.method else ''}{self.host or ''}{self.path or '?'}"

    @property
    def same_requests(self) -> tuple | None:
        """Equal for two readable routes ServeMux sees as one pattern (registering both panics):
        same method (or both none), same host, same segments; None when unreadable."""
        return None if self.path is None else (self.mux, self.method, self.host, path_segments(self.path))

    @property
    def needs_client(self) -> bool:
        return self.marker is None and self.frontend

    @property
    def mounted(self) -> str:
        """`` (registered as GET /users, mounted at main.go:12)`` for a route a mount serves elsewhere."""
        return f" (registered as {self.registered}, mounted at {self.via})" if self.via and self.registered else ""


@dataclass(frozen=True)
class ModelStruct:
    """An exported struct with JSON tags in the models package: tygo must have written it."""

    name: str
    file: str  # relative to the repository root
    line: int


@dataclass
class Service:
    name: str
    rel: str  # services/<name>
    module: str | None  # go.mod's module path (None when unreadable)
    routes: list[Route] = field(default_factory=list)
    models: list[ModelStruct] = field(default_factory=list)
    routers: list[tuple[str, int, str]] = field(default_factory=list)  # (file, line, import path) of routers check does not read

    @property
    def models_package(self) -> str | None:
        return f"{self.module}/models" if self.module else None

    @property
    def models_rel(self) -> str:
        return f"{self.rel}/models"


def service_folders(root: Path, config: Config) -> set[str]:
    """Every folder name under services_dir (Go service or not): what an upstream may name."""
    base = root / config.services_dir
    return {p.name for p in base.iterdir() if p.is_dir()} if base.is_dir() else set()


def read_services(root: Path, config: Config, only: set[str] | None, problems: list[FileProblem]) -> dict[str, Service]:
    """The Go services (folders with a go.mod), all of them or the ones named in `only`. The gateway's own
    folder (the one holding routes.yaml) is not a backend service: its routes are the proxy's."""
    out: dict[str, Service] = {}
    for name in sorted(service_folders(root, config)):
        if (only is not None and name not in only) or config.gateway_routes.startswith(f"{config.services_dir}/{name}/"):
            continue
        rel = f"{config.services_dir}/{name}"
        gomod = read_source(root / rel / "go.mod", f"{rel}/go.mod", LAYER, problems)
        if gomod is None:
            continue
        out[name] = _read_service(root, name, rel, gomod, problems)
    return out


# Routers whose own method helpers (r.Get, e.POST, ...) register routes check does not read: warned, never guessed.
_ROUTERS = re.compile(
    r'"(github\.com/(?:go-chi/chi(?:/v\d+)?|gorilla/mux|gin-gonic/gin|labstack/echo(?:/v\d+)?|gofiber/fiber(?:/v\d+)?'
    r'|julienschmidt/httprouter))"'
)


def _read_service(root: Path, name: str, rel: str, gomod: str, problems: list[FileProblem]) -> Service:
    try:
        module: str | None = module_path(gomod)
    except GoModError as exc:
        problems.append(FileProblem(LAYER, f"{rel}/go.mod", exc.line, exc.message))
        module = None
    service = Service(name, rel, module)
    models_rel = service.models_rel
    texts: dict[str, str] = {}
    registrations: dict[str, list[RouteRegistration]] = {}
    for path, file_rel in walk_files(root, rel, ".go"):
        if file_rel.endswith("_test.go"):
            continue
        src = read_source(path, file_rel, LAYER, problems)
        if src is None:
            continue
        texts[file_rel] = src
        for match in _ROUTERS.finditer(src):
            service.routers.append((file_rel, src.count("\n", 0, match.start()) + 1, match.group(1)))
        try:
            if "Handle" in src and _REGISTERS.search(src):
                registrations[file_rel] = route_registrations(src, tolerant=True)
            if file_rel.rpartition("/")[0] == models_rel and "json:" in src:
                service.models.extend(_json_structs(file_rel, src))
        except GoSourceError as exc:
            problems.append(FileProblem(LAYER, file_rel, exc.line, unparseable(exc, src)))
    joined = _mounts(module, rel, texts, registrations) if registrations and needs_mounts(list(texts.values())) else None
    for file_rel, regs in registrations.items():
        service.routes.extend(_routes(name, file_rel, texts[file_rel], regs, joined))
    off_routes, off_models = _frontend_off(root, rel, problems)
    if off_routes:
        service.routes = [replace(r, frontend=False) if (r.method, r.path) in off_routes else r for r in service.routes]
    if off_models:
        service.models = [m for m in service.models if m.file not in off_models]
    return service


def unparseable(exc: GoSourceError, src: str) -> str:
    """The problem of a Go file tree-sitter-go cannot read: says whether gofmt accepts it."""
    verdict = gofmt_verdict(src)
    if verdict is None:
        return f"Go does not parse: {exc.message}"
    if verdict.startswith("gofmt accepts"):
        return (f"tree-sitter-go does not parse: {exc.message}; {verdict} (write that expression another way, "
                "e.g. through a variable, until tree-sitter-go reads it)")
    return f"Go does not parse: {exc.message} ({verdict})"


def _mounts(module: str | None, rel: str, texts: dict[str, str], registrations: dict[str, list[RouteRegistration]]) -> tuple[Mounts, dict[str, MuxFacts]]:
    """The joined mux facts of every file of the service (files that do not parse are left out: their
    registrations are problems already)."""
    files = []
    facts_of: dict[str, MuxFacts] = {}
    for file_rel, src in texts.items():
        folder = file_rel.rpartition("/")[0][len(rel) + 1 :] if file_rel.rpartition("/")[0] != rel else ""
        package = "/".join(p for p in (module or rel, folder) if p)
        try:
            facts = mux_facts(src, package, file_rel, tolerant=True)
        except GoSourceError:
            continue
        facts_of[file_rel] = facts
        files.append((file_rel, facts, registrations.get(file_rel, [])))
    return Mounts(files), facts_of


def _routes(service: str, file_rel: str, src: str, regs: list[RouteRegistration], joined: tuple[Mounts, dict[str, MuxFacts]] | None) -> list[Route]:
    lines = src.splitlines()
    out = []
    for reg in regs:
        route = Route(service=service, method=reg.method, path=reg.path, file=file_rel, line=reg.line,
                      handler=reg.brief or reg.handler, marker=_marker(lines, reg.line), unreadable=reg.unreadable, host=reg.host)
        if joined is None or reg.path is None or file_rel not in joined[1]:
            out.append(route)
            continue
        mounts, facts = joined
        if mounts.is_mount(file_rel, reg):
            continue  # root.Handle("/api/", http.StripPrefix("/api", api)): api's routes are the endpoints
        placements = mounts.placements(file_rel, reg, facts[file_rel].receivers.get(reg.offset))
        if isinstance(placements, str):  # why check cannot place it: a warning, never the bare path
            out.append(replace(route, path=None, registered=reg.pattern, unplaced=True, unreadable=placements))
            continue
        for place in placements:
            moved = place.path(reg.path) != reg.path or place.host
            out.append(replace(route, path=place.path(reg.path), host=reg.host or place.host, mux=place.mux,
                               registered=reg.pattern if moved else None, via=place.via if moved else None))
    return out


@lru_cache(maxsize=8192)
def request_segments(path: str) -> tuple[tuple[str, str], ...]:
    """:func:`path_segments` of a request path template: a trailing ``/`` asks for exactly that path
    (``("", "/")``, as ``{$}`` registers it), not for a subtree."""
    segments = path_segments(path)
    return segments[:-1] + (("", "/"),) if path.endswith("/") else segments


def serves(route_path: str, request_path: str) -> bool:
    """Does a route registered at ``route_path`` serve the requests of ``request_path``, a gateway
    path template (``{id}`` any one segment, ``{rest...}`` any rest, a trailing ``/`` that exact path)?
    ``/files/{path...}`` serves ``/files/{id}`` and ``/files/a/b``; ``/files/{id}`` does not serve
    ``/files/{rest...}``; ``/{$}`` and ``/`` serve ``/``."""
    route, request = path_segments(route_path), request_segments(request_path)
    for i, (kind, literal) in enumerate(route):
        if kind == "{...}":
            return i < len(request)  # "/a/" and "/a/{x...}" serve "/a/" and below, not "/a"
        if i >= len(request) or request[i][0] == "{...}":
            return False
        if kind == "" and request[i] != (kind, literal):
            return False
    return len(route) == len(request)


def _marker(lines: list[str], line: int) -> str | None:
    """`//elqnt:internal` or `//elqnt:no-client` on the registration line or in a comment just above."""
    here = MARKER.search(lines[line - 1]) if line - 1 < len(lines) else None
    if here is None and line >= 2 and lines[line - 2].lstrip().startswith("//"):
        here = MARKER.search(lines[line - 2])
    return here.group(1) if here else None


def _json_structs(file_rel: str, src: str) -> list[ModelStruct]:
    out = []
    for decl in struct_types(src, tolerant=True):
        if not decl.name[:1].isupper():
            continue
        if any(m.group(1) != "-" for f in decl.fields if f.tag for m in _JSON_NAME.finditer(f.tag)):
            out.append(ModelStruct(decl.name, file_rel, decl.line))
    return out


def _frontend_off(root: Path, rel: str, problems: list[FileProblem]) -> tuple[set[tuple[str, str]], set[str]]:
    """The (method, path) routes and the models files of this service's specs that say `frontend: false`
    (add-endpoint writes no client function and no types for them)."""
    found: set[tuple[str, str]] = set()
    models: set[str] = set()
    folder = root / rel / "endpoints"
    if not folder.is_dir():
        return found, models
    for path in sorted(folder.glob("*.y*ml")):
        spec_rel = f"{rel}/endpoints/{path.name}"
        text = read_source(path, spec_rel, LAYER, problems)
        if text is None or "frontend" not in text:
            continue  # the default is frontend: true; no need to validate the spec
        from ..spec.endpoint import spec_endpoints  # pydantic models: only for specs that may turn it off
        from ..errors import UserError
        from ..spec import load_spec

        try:
            spec = load_spec(path, spec_rel)
        except UserError as exc:
            problems.append(FileProblem(LAYER, exc.file or spec_rel, exc.line, f"invalid spec: {exc.message}"))
            continue
        if not spec.frontend:
            found |= {(e.method, e.path) for e in spec_endpoints(spec)}
            models.add(f"{rel}/models/{spec.names.file_stem}.go")
    return found, models
