"""Route registrations in Go source: ``<anything>.HandleFunc(pattern, handler)`` and ``.Handle(...)``.

A call is a registration *candidate* only when its first argument could be a pattern, i.e. could have
type ``string`` (ServeMux, routegroup, chi and gorilla all take one): a string literal, a constant, a
concatenation, ``fmt.Sprintf``, a variable or parameter of type string, a field. A call whose first
argument cannot be a string (``h.Handle(ctx, rec)`` of a ``slog.Handler``, with ``ctx`` a
``context.Context`` parameter; a number, a composite or function literal, ``&x``, ``r.Context()``)
is not a registration at all.
"""

from __future__ import annotations

import re
from dataclasses import dataclass, field
from typing import Iterator
from urllib.parse import unquote

from tree_sitter import Node

from ..treesitter import text
from .nodes import Doc, GoSourceError, call_arg_nodes, error_nodes, string_value
from .tolerance import Damage

_TOKEN_CHARS = frozenset("!#$%&'*+-.^_`|~0123456789abcdefghijklmnopqrstuvwxyzABCDEFGHIJKLMNOPQRSTUVWXYZ")
_CANDIDATE = re.compile(rb"\.\s*(HandleFunc|Handle)\s*\(")
_STRINGS = frozenset({"interpreted_string_literal", "raw_string_literal"})
_NOT_STRINGS = frozenset({
    "int_literal", "float_literal", "imaginary_literal", "rune_literal", "true", "false", "nil", "iota",
    "composite_literal", "func_literal",
})  # fmt: skip
_SCOPES = frozenset({"function_declaration", "method_declaration", "func_literal"})
_BRIEF = 60


@dataclass(frozen=True)
class RouteRegistration:
    method: str | None  # "GET", or None when the pattern has no method
    path: str | None  # "/widgets/{id}" (host dropped); None when unreadable
    handler: str  # source text of the handler argument
    line: int  # 1-based line of the call
    call: str  # "mux.HandleFunc", "s.mux.Handle", ...
    unreadable: str | None = None  # why the pattern could not be read statically; None when read
    host: str | None = None  # "example.com" for "GET example.com/x"; None when absent or unreadable
    pattern: str | None = None  # the decoded pattern string, None when unreadable
    brief: str = field(default="", compare=False)  # the handler in one short line: `func(w, r) {...}`
    offset: int = field(default=0, compare=False)  # byte offset of the call (joins muxes.mux_facts)


def route_registrations(src: str, tolerant: bool = False) -> list[RouteRegistration]:
    """Every registration candidate (see the module doc), in source order.

    The pattern is read only from an interpreted or raw string literal; anything else (concatenation,
    a variable or constant, fmt.Sprintf) is reported with ``unreadable`` set and method/path None.
    A literal that net/http would reject (no "/", bad method) is reported unreadable as well.
    Raises GoSourceError on a syntax error; with ``tolerant``, only on one inside (or hiding) a
    registration: errors elsewhere (a function body, another declaration) are skipped.
    """
    doc = Doc(src, tolerant=tolerant)
    found: list[RouteRegistration] = []
    for call, fn, pattern_node, handler_node in registration_calls(doc):
        reg = dict(handler=text(handler_node), line=call.start_point[0] + 1, call=text(fn),
                   brief=brief(handler_node), offset=call.start_byte)
        pattern, why = string_value(pattern_node)
        if pattern is None:
            found.append(RouteRegistration(method=None, path=None, unreadable=why, **reg))
            continue
        method, host, path, why = split_pattern(pattern)
        found.append(RouteRegistration(method=method, path=path, unreadable=why, host=host, pattern=pattern, **reg))
    return found


def registration_calls(doc: Doc) -> Iterator[tuple[Node, Node, Node, Node]]:
    """(call, function, pattern argument, handler argument) of each registration candidate.
    A broken doc is checked first: a candidate the syntax error reaches raises GoSourceError."""
    if doc.broken:
        _check_damage(doc)
    stack = [doc.root]
    while stack:
        node = stack.pop()
        stack.extend(reversed(node.named_children))
        if node.type != "call_expression" or (doc.broken and node.has_error and not _readable(node)):
            continue
        fn = node.child_by_field_name("function")
        if fn is None or fn.type != "selector_expression":
            continue
        selector = fn.child_by_field_name("field")
        if selector is None or text(selector) not in ("HandleFunc", "Handle"):
            continue
        args = call_arg_nodes(node)
        if len(args) == 2 and could_be_string(args[0]):
            yield node, fn, args[0], args[1]


def _check_damage(doc: Doc) -> None:
    """Raise when a syntax error reaches a ``.Handle(``/``.HandleFunc(`` call (or hides one)."""
    damage = Damage(doc)
    for match in _CANDIDATE.finditer(doc.data):
        at = match.start(1)
        node = doc.root.descendant_for_byte_range(at, match.end(1))
        if node is None or node.type == "comment":
            continue
        line = doc.data.count(b"\n", 0, at) + 1
        what = f"the route registration at line {line}"
        if damage.damaged(at, match.end()):
            raise damage.error_in_region(at, what)
        call = _enclosing_call(node, at)
        if call is None:
            if any(a.type in _STRINGS for a in _ancestors(node)) and not any(a.is_error for a in _ancestors(node)):
                continue  # the text of a string literal
            raise damage.error(_outermost_error(node) or doc.root, what)
        if call.has_error and not _readable(call):
            args = call_arg_nodes(call)
            if args and not args[0].has_error and not could_be_string(args[0]):
                continue  # h.Handle(ctx, ...) of a log handler: not a registration, its errors are not read
            raise damage.error(call, what)


def _readable(call: Node) -> bool:
    """A call with syntax errors whose callee and first argument are clean and whose errors all lie
    inside function-literal bodies of its other arguments: what a reader needs of it parsed."""
    fn = call.child_by_field_name("function")
    args = call.child_by_field_name("arguments")
    if fn is None or args is None or fn.has_error or args.is_missing:
        return False
    named = call_arg_nodes(call)
    if not named or named[0].has_error or any(c.is_error or c.is_missing for c in args.children):
        return False
    return all(_in_func_body(e, call) for e in error_nodes(args))


def _in_func_body(node: Node, stop: Node) -> bool:
    while node is not None and node != stop:
        if node.type == "block" and node.parent is not None and node.parent.type == "func_literal":
            return True
        node = node.parent
    return False


def _enclosing_call(node: Node, at: int) -> Node | None:
    """The call whose selector's field starts at byte ``at``."""
    for anc in _ancestors(node):
        if anc.type == "call_expression":
            fn = anc.child_by_field_name("function")
            field_node = fn.child_by_field_name("field") if fn is not None and fn.type == "selector_expression" else None
            if field_node is not None and field_node.start_byte == at:
                return anc
        if anc.type in _SCOPES or anc.is_error:
            return None
    return None


def _outermost_error(node: Node) -> Node | None:
    errors = [a for a in _ancestors(node) if a.is_error]
    return errors[-1] if errors else None


def _ancestors(node: Node) -> Iterator[Node]:
    while node is not None:
        yield node
        node = node.parent


# ------------------------------------------------------------------------- could it be a string?


def could_be_string(node: Node, depth: int = 0) -> bool:
    """False only when ``node`` provably has a type other than ``string`` (see the module doc)."""
    while node.type == "parenthesized_expression" and node.named_child_count == 1:
        node = node.named_children[0]
    kind = node.type
    if kind in _STRINGS:
        return True
    if kind in _NOT_STRINGS:
        return False
    if depth > 4:
        return True  # too far to follow: it could be
    if kind == "unary_expression":
        op = node.child_by_field_name("operator")
        return op is not None and text(op) in ("*", "<-")
    if kind == "binary_expression":
        op = node.child_by_field_name("operator")
        return op is not None and text(op) == "+" and all(could_be_string(c, depth + 1) for c in node.named_children)
    if kind == "call_expression":
        fn = node.child_by_field_name("function")
        callee = text(fn) if fn is not None else ""
        return not (callee.startswith(("context.", "errors.", "slog.", "time.")) or callee.endswith(".Context"))
    if kind == "type_conversion_expression":
        typ = node.child_by_field_name("type")
        return typ is not None and text(typ) == "string"
    if kind == "identifier":
        return _identifier_could_be_string(node, depth)
    return True  # a field, an index, a call result: could be a string


def _identifier_could_be_string(ident: Node, depth: int) -> bool:
    """What the nearest declaration of ``ident`` says of its type (unknown: True)."""
    name, at = text(ident), ident.start_byte
    for scope in _ancestors(ident.parent):
        if scope.type in _SCOPES:
            for group in ("receiver", "parameters", "result"):
                params = scope.child_by_field_name(group)
                for decl in params.named_children if params is not None else []:
                    if name in (text(n) for n in decl.children_by_field_name("name")):
                        typ = decl.child_by_field_name("type")
                        return typ is not None and text(typ) == "string" and decl.type == "parameter_declaration"
        if scope.type == "for_statement" and any(
            c.type == "range_clause" and name in text(c.child_by_field_name("left") or c).replace(",", " ").split()
            for c in scope.named_children
        ):
            return True  # a range variable: its type is the element's
        for stmt in _earlier_declarations(scope, at):
            verdict = _declares(stmt, name, depth)
            if verdict is not None:
                return verdict
    return True


def _earlier_declarations(scope: Node, at: int) -> Iterator[Node]:
    """Declarations among the direct children of ``scope`` (and of its statement list) before byte ``at``;
    at the file's top level, all of them (package-level order does not matter)."""
    children = list(scope.named_children)
    for child in list(children):
        if child.type == "statement_list":
            children.extend(child.named_children)
    top = scope.type == "source_file"
    for child in reversed(children):
        if child.type in ("short_var_declaration", "var_declaration", "const_declaration") and (top or child.end_byte <= at):
            yield child


def _declares(stmt: Node, name: str, depth: int) -> bool | None:
    """Whether ``stmt`` declares ``name`` as something that could be a string (None: it does not declare it)."""
    if stmt.type == "short_var_declaration":
        left, right = stmt.child_by_field_name("left"), stmt.child_by_field_name("right")
        names = [text(c) for c in left.named_children] if left is not None else []
        values = list(right.named_children) if right is not None else []
        if name not in names:
            return None
        i = names.index(name)
        return could_be_string(values[i], depth + 1) if len(values) == len(names) else True
    for spec in stmt.named_children:
        specs = spec.named_children if spec.type in ("var_spec_list", "const_spec_list") else [spec]
        for one in specs:
            names = [text(n) for n in one.children_by_field_name("name")]
            if name not in names:
                continue
            typ = one.child_by_field_name("type")
            if typ is not None:
                return text(typ) == "string"
            value = one.child_by_field_name("value")
            values = list(value.named_children) if value is not None else []
            i = names.index(name)
            return could_be_string(values[i], depth + 1) if len(values) == len(names) else True
    return None


# ------------------------------------------------------------------------------------ patterns


def split_pattern(pattern: str) -> tuple[str | None, str | None, str | None, str | None]:
    """Split a ServeMux pattern as net/http (Go 1.22) does: ``[METHOD ][HOST]/[PATH]``.

    Returns (method, host, path, problem); problem is None for a valid pattern.
    """
    if pattern == "":
        return None, None, None, "empty pattern"
    method, rest = "", pattern
    for i, ch in enumerate(pattern):
        if ch in " \t":
            method, rest = pattern[:i], pattern[i + 1 :].lstrip(" \t")
            break
    if method and not all(ch in _TOKEN_CHARS for ch in method):
        return None, None, None, f"invalid method {method!r} in pattern {pattern!r}"
    slash = rest.find("/")
    if slash < 0:
        return None, None, None, f"pattern {pattern!r} has no '/'"
    host = rest[:slash] or None
    return method or None, host, rest[slash:], None


def brief(node: Node) -> str:
    """An expression in one short line: function literals as ``func(w, r) {...}``, whitespace collapsed,
    cut at 80 characters (``h.List`` stays ``h.List``)."""
    raw = text(node)
    if "\n" not in raw and len(raw) <= _BRIEF:
        return raw
    edits: list[tuple[int, int, str]] = []
    stack = [node]
    while stack:
        n = stack.pop()
        if n.type != "func_literal":
            stack.extend(n.named_children)
            continue
        params, body = n.child_by_field_name("parameters"), n.child_by_field_name("body")
        if params is not None and body is not None:
            names = [text(x) for d in params.named_children for x in (d.children_by_field_name("name") or [d])]
            names = [x if x.isidentifier() else "_" for x in names]
            edits.append((params.start_byte, body.end_byte, f"({', '.join(names)}) {{...}}"))
    data = node.text or b""
    for start, end, new in sorted(edits, reverse=True):
        data = data[: start - node.start_byte] + new.encode("utf-8") + data[end - node.start_byte :]
    short = re.sub(r",?\s*\n\s*\)", ")", data.decode("utf-8", "replace"))
    short = re.sub(r"\(\s*\n\s*", "(", short)
    short = re.sub(r"\s+", " ", short)
    return short if len(short) <= 80 else short[:77] + "..."


__all__ = ["GoSourceError", "RouteRegistration", "brief", "could_be_string", "registration_calls", "route_registrations", "split_pattern"]


def path_segments(path: str) -> tuple[tuple[str, str], ...]:
    """A pattern's path as net/http's parser splits it (Go 1.22 `parsePattern`): a literal segment
    unescaped (``("", "a b")`` for ``a%20b``), ``("{}", "")`` a wildcard (its name does not matter),
    ``("{...}", "")`` a multi-segment wildcard or a trailing slash (``/files/`` = ``/files/{rest...}``),
    ``{$}`` a literal ``/``."""
    out: list[tuple[str, str]] = []
    rest = path
    while rest.startswith("/"):
        rest = rest[1:]
        if not rest:
            out.append(("{...}", ""))
            break
        seg, slash, tail = rest.partition("/")
        rest = slash + tail
        if seg.startswith("{") and seg.endswith("}"):
            name = seg[1:-1]
            out.append(("", "/") if name == "$" else ("{...}", "") if name.endswith("...") else ("{}", ""))
        else:
            out.append(("", unquote(seg)))
    return tuple(out)
