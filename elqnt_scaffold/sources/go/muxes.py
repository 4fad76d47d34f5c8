"""Which mux is which in a Go file: what it creates, mounts, serves, passes, returns (for `check`).

Facts, never conclusions: the caller joins the facts of every file of a service (see
``inventory/mounts.py``). Values are *refs*, hashable tuples:

- ``("local", scope, name)``: a variable or parameter of a function (``scope`` = ``package_id:Func``
  or ``package_id:Recv.Method``; function literals share their declaration's scope);
- ``("global", package, name)``: a package-level name (``package`` = ``package_id``, or an import path);
- ``("field", name)``: ``x.name`` for any ``x`` that is not a package;
- ``("new", site)``: a mux made here (``http.NewServeMux()``, ``new(http.ServeMux)``, ``&http.ServeMux{}``,
  ``chi.NewRouter()``, ``mux.NewRouter()``); ``site`` = ``file_id:line@byte``;
- ``("view", parent, prefix, site, style)``: a group over ``parent``'s mux whose routes get ``prefix``
  (routegroup ``b.Mount("/p")``, ``routegroup.Mount(mux, "/p")``, ``routegroup.New(mux)``, ``b.Group()``,
  ``b.With(mw)``: style "group", where a route ``/`` becomes ``/{$}``; chi ``r.Route("/p", fn)``: "chi";
  ``prefix`` None when it is not a string literal);
- ``("call", callee, args)``: a call's result (``callee`` = ``("func", package, name)`` or
  ``("method", name)``; ``args`` the refs of its arguments: a wrapper such as ``auth(mux)`` passes them on);
- ``("ret", scope)``: what a function returns.
"""

from __future__ import annotations

import re
from dataclasses import dataclass, field

from tree_sitter import Node

from ..treesitter import text
from .nodes import Doc, call_arg_nodes, import_specs, string_value, walk
from .routes import registration_calls

Ref = tuple
_NEW = frozenset({"NewServeMux", "NewRouter", "NewMux"})
_SERVE = {"ListenAndServe": 1, "ListenAndServeTLS": 3, "Serve": 1, "ServeTLS": 1, "NewServer": 0, "NewTLSServer": 0}
_DECLS = frozenset({"function_declaration", "method_declaration"})


@dataclass(frozen=True)
class Mount:
    """``parent`` serves ``child`` (a handler that may be a mux) for the requests of a registration:
    ``root.Handle("/api/", http.StripPrefix("/api", api))`` (strip "/api"), ``r.Mount("/api", api)`` (chi:
    strip "/api"), ``root.Handle("/", api)`` (strip None: the child sees the whole path)."""

    parent: Ref | None
    child: Ref | None
    strip: str | None  # the prefix the child does not see; None: nothing stripped, or (stripped) unreadable
    offset: int  # byte offset of the registration (or Mount call)
    line: int
    text: str  # the child expression as written
    relative: bool = False  # chi's Mount: the prefix is relative to the group the parent is
    stripped: bool = False  # a prefix is stripped (StripPrefix, chi Mount); strip None then: unreadable


@dataclass
class MuxFacts:
    functions: list[tuple[tuple, str, list[str]]] = field(default_factory=list)  # (key, scope, parameter names)
    flows: list[tuple[Ref, Ref]] = field(default_factory=list)  # (target, source): target gets source's muxes
    calls: list[tuple[tuple, tuple]] = field(default_factory=list)  # (callee, argument refs)
    mounts: list[Mount] = field(default_factory=list)
    served: list[Ref] = field(default_factory=list)  # passed to a server: ListenAndServe, Server{Handler: ...}
    receivers: dict[int, Ref | None] = field(default_factory=dict)  # registration offset -> receiver ref


def mux_facts(src: str, package_id: str, file_id: str, tolerant: bool = False) -> MuxFacts:
    """The facts of one file (see the module doc). ``package_id`` names its package (its folder),
    ``file_id`` the file; raises GoSourceError as :func:`~.routes.route_registrations` does."""
    doc = Doc(src, tolerant=tolerant)
    reader = _Reader(doc, package_id, file_id)
    for call, fn, _, handler in registration_calls(doc):
        reader.registration(call, fn, handler)
    reader.read_statements()
    return reader.facts


class _Reader:
    def __init__(self, doc: Doc, package_id: str, file_id: str) -> None:
        self.doc, self.package, self.file = doc, package_id, file_id
        self.facts = MuxFacts()
        self.imports = {_alias(spec, path): path for spec, path in import_specs(doc.root)}
        self.locals: dict[int, tuple[str, set[str]]] = {}  # declaration start byte -> (scope, names)
        self.literals: dict[int, set[str]] = {}  # function literal start byte -> the names it declares
        for decl in doc.root.named_children:
            if decl.type in _DECLS:
                self._declare(decl)

    # ----------------------------------------------------------------------------- scopes
    def _declare(self, decl: Node) -> None:
        name_node = decl.child_by_field_name("name")
        if name_node is None:
            return  # a declaration the parser lost (tolerant reading): its names stay package-level
        name = text(name_node)
        params = _param_names(decl.child_by_field_name("parameters"))
        if decl.type == "method_declaration":
            recv = decl.child_by_field_name("receiver")
            rtype = next((text(n) for n in walk(recv) if n.type == "type_identifier"), "") if recv is not None else ""
            scope, key = f"{self.package}:{rtype}.{name}", ("method", name)
        else:
            scope, key = f"{self.package}:{name}", ("func", self.package, name)
        self.locals[decl.start_byte] = (scope, _declared_names(decl, into_literals=True))
        self.facts.functions.append((key, scope, params))

    def scope_of(self, node: Node) -> tuple[str, set[str]]:
        while node.parent is not None and node.parent.type != "source_file":
            node = node.parent
        return self.locals.get(node.start_byte, (f"{self.package}:", set()))

    def local_scope(self, node: Node, name: str) -> str | None:
        """The scope declaring ``name`` where ``node`` uses it: the innermost function literal whose
        parameters or body declare it (``r.Route("/x", func(r chi.Router) {...})`` shadows ``r``), else
        the declaration's; None for a package-level name."""
        scope, names = self.scope_of(node)
        anc = node.parent
        while anc is not None and anc.type != "source_file":
            if anc.type == "func_literal" and name in self._literal_names(anc):
                return f"{scope}#{anc.start_byte}"
            anc = anc.parent
        return scope if name in names else None

    def _literal_names(self, literal: Node) -> set[str]:
        found = self.literals.get(literal.start_byte)
        if found is None:
            found = self.literals[literal.start_byte] = _declared_names(literal, into_literals=False)
        return found

    # ------------------------------------------------------------------------------ refs
    def ref(self, node: Node | None, depth: int = 0) -> Ref | None:
        if node is None or depth > 8:
            return None
        while node.type in ("parenthesized_expression", "unary_expression", "literal_element") and node.named_child_count == 1:
            node = node.child_by_field_name("operand") if node.type == "unary_expression" else node.named_children[0]
        kind = node.type
        if kind == "identifier":
            name = text(node)
            if name in self.imports or name in ("nil", "_"):
                return None
            scope = self.local_scope(node, name)
            return ("local", scope, name) if scope is not None else ("global", self.package, name)
        if kind == "selector_expression":
            operand, name = node.child_by_field_name("operand"), _text(node.child_by_field_name("field"))
            if name == "ServeHTTP":
                return self.ref(operand, depth + 1)
            if operand is not None and operand.type == "identifier" and text(operand) in self.imports:
                return ("global", self.imports[text(operand)], name)
            return ("field", name)
        if kind == "composite_literal":
            typ = node.child_by_field_name("type")
            return ("new", self._site(node)) if typ is not None and text(typ).endswith("ServeMux") else None
        if kind == "call_expression":
            return self._call_ref(node, depth)
        return None

    def _call_ref(self, call: Node, depth: int) -> Ref | None:
        fn = call.child_by_field_name("function")
        args = call_arg_nodes(call)
        if fn is None:
            return None
        name = _text(fn.child_by_field_name("field")) if fn.type == "selector_expression" else text(fn)
        operand = fn.child_by_field_name("operand") if fn.type == "selector_expression" else None
        package = self.imports.get(text(operand)) if operand is not None and operand.type == "identifier" else None
        if name in _NEW or (name == "new" and args and text(args[0]).endswith("ServeMux")):
            return ("new", self._site(call))
        if package is not None and package.endswith("routegroup") and name in ("New", "Mount") and args:
            prefix = string_value(args[1])[0] if name == "Mount" and len(args) > 1 else ""
            return ("view", self.ref(args[0], depth + 1), prefix, self._site(call), "group")
        if operand is not None and package is None and (name in ("Group", "With") and not _has_func(args) or name == "Mount" and len(args) == 1):
            prefix = string_value(args[0])[0] if name == "Mount" else ""
            return ("view", self.ref(operand, depth + 1), prefix, self._site(call), "group")
        if name == "StripPrefix" and len(args) == 2:
            return self.ref(args[1], depth + 1)
        if package is not None:
            callee: tuple = ("func", package, name)
        elif operand is not None:
            callee = ("method", name)
        else:
            callee = ("func", self.package, name)
        return ("call", callee, tuple(self.ref(a, depth + 1) for a in args))

    def _site(self, node: Node) -> str:
        return f"{self.file}:{node.start_point[0] + 1}@{node.start_byte}"

    # -------------------------------------------------------------------------- statements
    def registration(self, call: Node, fn: Node, handler: Node) -> None:
        parent = self.ref(fn.child_by_field_name("operand"))
        self.facts.receivers[call.start_byte] = parent
        strip, child = None, handler
        while child.type == "parenthesized_expression" and child.named_child_count == 1:
            child = child.named_children[0]
        found = _strip_prefix(child)
        if found is not None:
            strip, child = found
        self._mount(parent, child, strip, call, stripped=found is not None)

    def _mount(self, parent: Ref | None, child: Node, strip: str | None, call: Node, relative: bool = False, stripped: bool = False) -> None:
        line = call.start_point[0] + 1
        self.facts.mounts.append(Mount(parent, self.ref(child), strip, call.start_byte, line, text(child), relative, stripped))

    def read_statements(self) -> None:
        for node in walk(self.doc.root):
            kind = node.type
            if kind in ("short_var_declaration", "assignment_statement"):
                left, right = node.child_by_field_name("left"), node.child_by_field_name("right")
                if left is not None and right is not None:
                    self._assign(list(left.named_children), list(right.named_children))
            elif kind == "var_spec":
                value = node.child_by_field_name("value")
                if value is not None:
                    self._assign(node.children_by_field_name("name"), list(value.named_children))
            elif kind == "return_statement":
                scope, _ = self.scope_of(node)
                for expr in (c for lst in node.named_children for c in (lst.named_children if lst.type == "expression_list" else [lst])):
                    self._flow(("ret", scope), self.ref(expr))
            elif kind == "keyed_element":
                key, value = node.named_children[0], node.named_children[-1]
                name = text(key)
                if name == "Handler":
                    self._served(self.ref(value))
                elif name.isidentifier():
                    self._flow(("field", name), self.ref(value))
            elif kind == "call_expression":
                self._call(node)

    def _assign(self, targets: list[Node], values: list[Node]) -> None:
        if len(values) == 1 and len(targets) > 1:
            values = values + [None] * (len(targets) - 1)  # a, err := f(): the first result
        for target, value in zip(targets, values):
            if target.type == "identifier" or target.type == "selector_expression":
                ref = self.ref(target)
                if target.type == "selector_expression" and text(target.child_by_field_name("field")) == "Handler":
                    self._served(self.ref(value))
                elif ref is not None and value is not None:
                    self._flow(ref, self.ref(value))

    def _flow(self, target: Ref | None, source: Ref | None) -> None:
        if target is not None and source is not None:
            self.facts.flows.append((target, source))

    def _served(self, ref: Ref | None) -> None:
        if ref is not None:
            self.facts.served.append(ref)

    def _call(self, call: Node) -> None:
        fn = call.child_by_field_name("function")
        args = call_arg_nodes(call)
        if fn is None or not args:
            return
        name = _text(fn.child_by_field_name("field")) if fn.type == "selector_expression" else text(fn)
        operand = fn.child_by_field_name("operand") if fn.type == "selector_expression" else None
        if name in _SERVE and len(args) > _SERVE[name]:
            self._served(self.ref(args[_SERVE[name]]))
        elif name == "Mount" and operand is not None and len(args) == 2:  # chi: r.Mount("/api", api)
            self._mount(self.ref(operand), args[1], string_value(args[0])[0], call, relative=True, stripped=True)
        elif name in ("Route", "Group") and operand is not None and _has_func(args):
            prefix = string_value(args[0])[0] if name == "Route" and len(args) == 2 else ""
            scope, _ = self.scope_of(call)
            view: Ref = ("view", self.ref(operand), prefix, self._site(call), "chi" if len(args) == 2 else "group")
            if name == "Route" and len(args) == 1:  # routegroup: b.Route(func(b *Bundle) {...}) is b itself
                view = self.ref(operand)
            for param in _param_names(args[-1].child_by_field_name("parameters")):
                self._flow(("local", f"{scope}#{args[-1].start_byte}", param), view)
        ref = self._call_ref(call, 0)
        if ref is not None and ref[0] == "call" and any(a is not None for a in ref[2]):
            self.facts.calls.append((ref[1], ref[2]))


def _strip_prefix(node: Node) -> tuple[str | None, Node] | None:
    """(prefix, child) of the outermost ``http.StripPrefix(prefix, child)`` call in ``node``."""
    for n in walk(node):
        if n.type == "call_expression":
            fn = n.child_by_field_name("function")
            args = call_arg_nodes(n)
            if fn is not None and text(fn).endswith("StripPrefix") and len(args) == 2:
                return string_value(args[0])[0], args[1]
    return None


def _text(node: Node | None) -> str:
    return text(node) if node is not None else ""


def _declared_names(root: Node, into_literals: bool) -> set[str]:
    """The names declared under ``root``: parameters, receivers, results, ``:=``, ``var``, range variables
    (those of nested function literals too, or not)."""
    names: set[str] = set()
    stack = list(root.named_children)
    while stack:
        node = stack.pop()
        if node.type == "func_literal" and not into_literals:
            continue
        if node.type in ("short_var_declaration", "range_clause"):
            left = node.child_by_field_name("left")
            names.update(text(c) for c in (left.named_children if left is not None else []) if c.type == "identifier")
        elif node.type in ("var_spec", "parameter_declaration", "variadic_parameter_declaration"):
            names.update(text(c) for c in node.children_by_field_name("name"))
        stack.extend(node.named_children)
    return names


def _has_func(args: list[Node]) -> bool:
    return bool(args) and args[-1].type == "func_literal"


def _param_names(params: Node | None) -> list[str]:
    if params is None:
        return []
    return [text(n) for d in params.named_children for n in d.children_by_field_name("name")]


def _alias(spec: Node, path: str) -> str:
    """The name a file calls an import by: its alias, else the last path element that is not a major
    version (``github.com/go-chi/chi/v5`` -> ``chi``)."""
    name = spec.child_by_field_name("name")
    if name is not None:
        return text(name)
    parts = path.rstrip("/").split("/")
    return parts[-2] if len(parts) > 1 and re.fullmatch(r"v[0-9]+", parts[-1]) else parts[-1]
