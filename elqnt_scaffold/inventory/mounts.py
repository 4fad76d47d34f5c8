"""Where a service's routes are served when it mounts sub-muxes: the facts of every file, joined.

``root.Handle("/api/", http.StripPrefix("/api", api))`` serves ``api``'s ``GET /users`` at
``/api/users``; a routegroup ``b.Mount("/update")`` serves its routes under ``/update``; chi's
``r.Mount("/api", sub)`` and ``r.Route("/api", fn)`` likewise. Which variable holds which mux is
followed through assignments, struct fields, function parameters and results and wrappers
(``auth(api)``), flow-insensitively (:mod:`..sources.go.muxes` gives the facts, per file).

A mux object is *placed* by the mounts above it; one nobody mounts is served at the root. When a
mount's handler cannot be followed (``http.StripPrefix("/api", legacy())``), a mux that is neither
mounted nor given to a server may be the one behind it: its routes are *unplaced* (``placements``
says why instead of where), never reported at a guessed path; so are the routes of a mux mounted with a
prefix check cannot read, or one no request reaches (``StripPrefix("/api")`` under ``"/v1/"``).

Approximations (each errs towards a warning or an extra place, never a silently merged route): struct
fields are told apart by name only, function literals share their function's variables except the
ones they declare, and calls to methods match every method of that name in the service.
"""

from __future__ import annotations

from dataclasses import dataclass

from ..sources.go import RouteRegistration
from ..sources.go.muxes import Mount, MuxFacts, Ref

TRIGGERS = ("StripPrefix", ".Mount(", "routegroup", ".Route(", ".Group(")
_NOT_MUXES = ("FileServer", "NotFoundHandler", "RedirectHandler")


def needs_mounts(texts: list[str]) -> bool:
    """Can these files (a service's) mount one mux in another (StripPrefix, Mount, Route, Group,
    routegroup, two NewServeMux)? Only then is the join worth making."""
    muxes = 0
    for src in texts:
        if any(word in src for word in TRIGGERS):
            return True
        muxes += src.count("NewServeMux(")
        if muxes > 1:
            return True
    return False


@dataclass(frozen=True)
class Placement:
    """Where one registration is served: ``prefix`` + its path (a routegroup's ``/`` becomes ``/{$}``)."""

    prefix: str
    host: str | None  # the host of a mount pattern above it ("admin.example.com/")
    group_root: bool  # routegroup rewrites "/" to "/{$}"
    mux: str  # the underlying mux (two placements on one mux can collide in ServeMux)
    via: str | None  # file:line of the mount that puts it there, None at the root

    def path(self, path: str) -> str:
        if self.group_root and path == "/":
            path = "/{$}"
        return (self.prefix.rstrip("/") + path) if self.prefix else path


@dataclass(frozen=True)
class Opaque:
    """A mount whose handler check cannot follow to a mux."""

    file: str
    line: int
    text: str
    strip: str | None


_Placed = tuple[str, str, str | None, str, str, str | None]  # (mux prefix, group prefix, host, style, mux, via)


class Mounts:
    """The joined facts of one service. ``files``: (file rel, facts, registrations) per Go file."""

    def __init__(self, files: list[tuple[str, MuxFacts, list[RouteRegistration]]]) -> None:
        self.facts = files
        self.functions: dict[tuple, list[tuple[str, list[str]]]] = {}
        for _, facts, _ in files:
            for key, scope, params in facts.functions:
                self.functions.setdefault(key, []).append((scope, params))
        self.regs = {(rel, r.offset): r for rel, _, regs in files for r in regs}
        self.pts: dict[Ref, set[Ref]] = {}
        self._solve()
        self.served = {o for _, facts, _ in files for ref in facts.served for o in self.eval(ref)}
        self.edges: dict[Ref, list[tuple[Ref, Mount, str, str | None]]] = {}
        self.mounts: set[tuple[str, int]] = set()
        self.opaque: list[Opaque] = []
        self.unreachable: dict[Ref, str] = {}  # mux -> why no request reaches it as mounted
        for rel, facts, _ in files:
            for mount in facts.mounts:
                self._mount(rel, mount)

    # ------------------------------------------------------------------------------ points-to
    def eval(self, ref: Ref | None) -> set[Ref]:
        """The mux objects a ref may hold."""
        if ref is None:
            return set()
        kind = ref[0]
        if kind in ("new", "view", "root"):
            return {ref}
        if kind == "call":
            found = self.functions.get(ref[1])
            if found:
                return set().union(*(self.pts.get(("ret", scope), set()) for scope, _ in found))
            return set().union(*(self.eval(a) for a in ref[2]))  # a wrapper: auth(api) serves api
        return self.pts.get(ref, set())

    def _add(self, target: Ref, objects: set[Ref]) -> bool:
        have = self.pts.setdefault(target, set())
        if objects <= have:
            return False
        have |= objects
        return True

    def _solve(self) -> None:
        changed = True
        while changed:
            changed = False
            for _, facts, _ in self.facts:
                for target, source in facts.flows:
                    changed |= self._add(target, self.eval(source))
                for callee, args in facts.calls:
                    for scope, params in self.functions.get(callee, ()):
                        for name, arg in zip(params, args):
                            changed |= self._add(("local", scope, name), self.eval(arg))

    def _objects(self, ref: Ref | None) -> set[Ref]:
        """What a receiver or mount parent holds; an unknown one is a root of its own."""
        return self.eval(ref) or {("root", ref)}

    def _mount(self, rel: str, mount: Mount) -> None:
        children = self.eval(mount.child)
        reg = self.regs.get((rel, mount.offset))
        if not children:
            if mount.stripped and not any(name in mount.text for name in _NOT_MUXES):
                self.opaque.append(Opaque(rel, mount.line, mount.text, mount.strip))
            return
        self.mounts.add((rel, mount.offset))
        where = f"{rel}:{mount.line}"
        why = None
        if mount.stripped and mount.strip is None:
            why = f"{where} strips a prefix check cannot read"
        elif reg is not None and mount.strip and reg.path is not None and not reg.path.startswith(mount.strip.rstrip("/")):
            why = f"{where} strips {mount.strip!r} from requests for {reg.path!r}, which do not start with it"
        if why is not None:
            self.unreachable.update(dict.fromkeys(children, why))
            return
        host = reg.host if reg is not None else None
        for parent in self._objects(mount.parent):
            for child in children:
                self.edges.setdefault(child, []).append((parent, mount, where, host))

    # ------------------------------------------------------------------------------ placing
    def is_mount(self, rel: str, reg: RouteRegistration) -> bool:
        """Is this registration a mount (its handler is a mux), not an endpoint?"""
        return (rel, reg.offset) in self.mounts

    def placements(self, rel: str, reg: RouteRegistration, receiver: Ref | None) -> list[Placement] | str:
        """Every place the registration is served (one per mount path above it), or why it has none
        (a mount check cannot follow, or that no request reaches)."""
        out: list[Placement] = []
        for obj in sorted(self._objects(receiver), key=repr):
            placed = self._place(obj, frozenset())
            if isinstance(placed, str):
                return placed
            for mux_prefix, group_prefix, host, style, mux, via in placed:
                one = Placement(mux_prefix.rstrip("/") + group_prefix, host, style == "group", mux, via)
                if one not in out:
                    out.append(one)
        return out or "check cannot tell where its mux is served"

    def _opaque(self) -> str:
        return "; ".join(f"{o.file}:{o.line} mounts {o.text} under {o.strip or 'a prefix'}, which check cannot follow to a mux"
                         for o in self.opaque)

    def _place(self, obj: Ref, seen: frozenset) -> list[_Placed] | str:
        if obj in seen:
            return []
        seen = seen | {obj}
        if obj[0] == "view":
            _, parent, prefix, site, style = obj
            if prefix is None:
                return f"{site.rpartition('@')[0]} makes a route group with a prefix check cannot read"
            out: list[_Placed] = []
            for above in sorted(self._objects(parent), key=repr):
                placed = self._place(above, seen)
                if isinstance(placed, str):
                    return placed
                here = site.rpartition("@")[0] if prefix else None  # the group call (file:line) adding a prefix
                out.extend((mp, gp.rstrip("/") + prefix, host, style, mux, here or via) for mp, gp, host, _, mux, via in placed)
            return out
        if obj in self.unreachable:
            return self.unreachable[obj]
        edges = self.edges.get(obj)
        if not edges:
            if obj[0] == "root" or obj in self.served or not self.opaque:
                return [("", "", None, "", _name(obj), None)]
            return self._opaque()  # neither served nor mounted: maybe what an opaque mount serves
        out = []
        for parent, mount, where, host in edges:
            placed = self._place(parent, seen)
            if isinstance(placed, str):
                return placed
            for mp, gp, above_host, _, _, _ in placed:
                base = mp.rstrip("/") + (gp if mount.relative else "")
                out.append((base.rstrip("/") + (mount.strip or ""), "", host or above_host, "", _name(obj), where))
        return out


def _name(obj: Ref) -> str:
    """A mux's identity: where it is made (``main.go:12@345``), or the ref an unknown root is."""
    return obj[1] if obj[0] == "new" else repr(obj)
