"""Where a TypeScript module declares a name, and what a function's signature and an object type say.

Plain readers over one module's text (tree-sitter-typescript), for callers that follow names across files
themselves:

- :func:`lookup` answers where `name` comes from: a :class:`Signature` (a function declared here: `function`,
  `const f = async <T>(...) => ...`, `function (...)`, `declare const f: (...) => R`), a :class:`TypeExpr`
  (an interface or type alias declared here), a :class:`Forward` (declared in another module:
  `export { a as name } from "m"`, or imported and re-exported), an :class:`Unreadable` (found, but its
  shape cannot be read statically: overloads, `const f = make()`), or None (the caller then follows the
  module's `export * from` statements, see :func:`module.reexported_modules`).
- :func:`object_arguments` gives the keys of object-literal arguments at one position of a function's
  calls (`f("POST", "/x", { body })` -> `("body",)`).

Every reader parses once and raises :class:`TSSourceError` (1-based line) when the text does not parse.
This module knows nothing of HTTP or endpoints.
"""

from __future__ import annotations

from dataclasses import dataclass
from functools import lru_cache

from tree_sitter import Node

from ..treesitter import text
from .module import _Doc, _calls_named, _string_value, _walk

_FUNCTION_NODES = frozenset({"function_declaration", "function_signature", "function_expression", "arrow_function"})
_UTILITY_WRAPPERS = frozenset({"Partial", "Required", "Readonly"})  # the same members, other modifiers
_NULLISH = frozenset({"undefined", "null", "void"})


@dataclass(frozen=True)
class Forward:
    """`name` is declared in `module` (a module specifier as written, relative to the reading file)."""

    module: str
    name: str
    line: int


@dataclass(frozen=True)
class Unreadable:
    """The name is declared here, but what it is cannot be read statically."""

    reason: str
    line: int


@dataclass(frozen=True)
class TypeExpr:
    """A type, taken apart: `{ body?: unknown } & Partial<Base> | undefined` has members (`body`) and refs
    (`Base`). `undefined`/`null` union members and `Partial`/`Required`/`Readonly` wrappers are looked through;
    anything else (`unknown`, `T`, `Record<string, X>`, a union of two object types) is in `other`."""

    text: str  # as written
    members: tuple[tuple[str, str], ...] = ()  # (property, its type as written; "" when untyped)
    refs: tuple[str, ...] = ()  # named types it is made of (`Options`, `ns.Options`): declared elsewhere
    other: tuple[str, ...] = ()  # parts that are neither an object type nor a named type
    line: int = 0


@dataclass(frozen=True)
class Param:
    name: str | None  # None for a destructuring pattern
    keys: tuple[str, ...]  # the properties a `{ body, query }` pattern takes
    type: TypeExpr | None  # None when not annotated
    optional: bool  # `?` or a default value
    rest: bool  # `...args`


@dataclass(frozen=True)
class Signature:
    name: str
    type_params: tuple[tuple[str, bool], ...]  # (name, has a default)
    params: tuple[Param, ...]  # a `this` parameter left out
    returns: str | None  # the return type as written, None when not annotated
    line: int


def lookup(src: str, name: str, exported: bool = True) -> Signature | TypeExpr | Forward | Unreadable | None:
    """What the module exports as `name` (see the module docstring); values before types of the same name.

    With ``exported=False``: what `name` means inside the module (a declaration, exported or not, or the
    import binding it), as a type annotation there would see it.
    """
    root = _Doc(src).root
    return _exported(root, name) if exported else _local(root, name, frozenset())


def object_arguments(src: str, function: str, index: int) -> list[tuple[int, tuple[str, ...]]]:
    """(line, keys) of every call of `function` (or `x.function`) whose argument at `index` (0-based) is an
    object literal: `request("POST", "/w", { body })` with index 2 -> `(line, ("body",))`."""
    return list(_object_arguments(src, function, index))


@lru_cache(maxsize=512)  # drift asks it of every client module once per spec
def _object_arguments(src: str, function: str, index: int) -> tuple[tuple[int, tuple[str, ...]], ...]:
    out = []
    for node in _walk(_Doc(src).root):
        if node.type != "call_expression" or not _calls_named(node, function):
            continue
        args = node.child_by_field_name("arguments")
        positional = [a for a in (args.named_children if args is not None else []) if a.type != "comment"]
        if len(positional) > index and positional[index].type == "object":
            out.append((node.start_point[0] + 1, _object_keys(positional[index])))
    return tuple(out)


# --------------------------------------------------------------------------- finding a name


def _exported(root: Node, name: str) -> Signature | TypeExpr | Forward | Unreadable | None:
    found = _default(root) if name == "default" else _declared(root, name, exported_only=True)
    if found is not None:
        return found
    for stmt in root.named_children:
        if stmt.type != "export_statement":
            continue
        clause = next((c for c in stmt.named_children if c.type == "export_clause"), None)
        if clause is None:
            continue
        source = stmt.child_by_field_name("source")
        for spec in clause.named_children:
            if spec.type != "export_specifier":
                continue
            local = spec.child_by_field_name("name")
            alias = spec.child_by_field_name("alias") or local
            if local is None or _name_text(alias) != name:
                continue
            line = spec.start_point[0] + 1
            if source is not None:
                return Forward(_string_value(source), _name_text(local), line)
            return _local(root, _name_text(local), frozenset()) or Unreadable(f"`{_name_text(local)}` is not declared here", line)
    return None


def _default(root: Node) -> Signature | TypeExpr | Forward | Unreadable | None:
    """`export default function (...) {}`, `export default async <T>(...) => ...`, `export default request;`."""
    for stmt in root.named_children:
        if stmt.type != "export_statement" or _child(stmt, "default") is None:
            continue
        node = stmt.child_by_field_name("declaration") or stmt.child_by_field_name("value")
        if node is not None and node.type in _FUNCTION_NODES:
            return _signature("default", node)
        if node is not None and node.type == "identifier":
            return _local(root, text(node), frozenset())
        return Unreadable(f"the default export is `{text(node or stmt)[:60]}`, not a function whose parameters can be read", stmt.start_point[0] + 1)
    return None


def _local(root: Node, name: str, seen: frozenset[str]) -> Signature | TypeExpr | Forward | Unreadable | None:
    """A declaration of `name` at the top level, exported or not, or the import that binds it."""
    if name in seen:
        return Unreadable(f"`{name}` is defined in a circle", 0)
    found = _declared(root, name, exported_only=False, seen=seen | {name})
    if found is not None:
        return found
    for stmt in root.named_children:
        if stmt.type != "import_statement" or stmt.child_by_field_name("source") is None:
            continue
        module = _string_value(stmt.child_by_field_name("source"))
        clause = next((c for c in stmt.named_children if c.type == "import_clause"), None)
        for part in clause.named_children if clause is not None else []:
            line = part.start_point[0] + 1
            if part.type == "identifier" and text(part) == name:
                return Forward(module, "default", line)
            if part.type == "namespace_import":
                continue
            for spec in part.named_children if part.type == "named_imports" else []:
                imported = spec.child_by_field_name("name")
                bound = spec.child_by_field_name("alias") or imported
                if imported is not None and _name_text(bound) == name:
                    return Forward(module, _name_text(imported), line)
    return None


def _declared(root: Node, name: str, exported_only: bool, seen: frozenset[str] = frozenset()):
    """The function, variable, interface or type alias `name` declared at the top level."""
    functions: list[Node] = []
    types: list[Node] = []
    variable: Node | None = None
    for stmt in root.named_children:
        node = stmt
        if stmt.type == "export_statement":
            if _child(stmt, "default") is not None:
                continue
            node = stmt.child_by_field_name("declaration")
        elif exported_only:
            continue
        if node is None:
            continue
        if node.type == "ambient_declaration":
            node = next((c for c in node.named_children if c.type != "comment"), node)
        declared = node.child_by_field_name("name")
        if node.type in ("function_declaration", "function_signature") and declared is not None and text(declared) == name:
            functions.append(node)
        elif node.type in ("interface_declaration", "type_alias_declaration") and declared is not None and text(declared) == name:
            types.append(node)
        elif node.type in ("lexical_declaration", "variable_declaration"):
            for declarator in node.named_children:
                key = declarator.child_by_field_name("name") if declarator.type == "variable_declarator" else None
                if key is not None and key.type == "identifier" and text(key) == name:
                    variable = declarator
    if len(functions) > 1:
        return Unreadable(f"`{name}` is overloaded ({len(functions) - 1} signatures)", functions[0].start_point[0] + 1)
    if functions:
        return _signature(name, functions[0])
    if variable is not None:
        return _variable(root, name, variable, seen | {name})
    if types:
        return _type_declaration(types[0])
    return None


def _variable(root: Node, name: str, declarator: Node, seen: frozenset[str]):
    line = declarator.start_point[0] + 1
    value = declarator.child_by_field_name("value")
    annotation = declarator.child_by_field_name("type")
    annotated = annotation.named_children[0] if annotation is not None and annotation.named_children else None
    while value is not None and value.type in ("parenthesized_expression", "satisfies_expression") and value.named_children:
        value = value.named_children[0]
    if value is not None and value.type in _FUNCTION_NODES:
        return _signature(name, value)
    if value is not None and value.type == "identifier":  # const request = send;
        return _local(root, text(value), seen)
    if annotated is not None and annotated.type == "function_type":  # declare const f: (...) => R
        return _signature(name, annotated)
    shown = text(value if value is not None else declarator)
    return Unreadable(f"`{name}` is `{shown[:60]}`, not a function whose parameters can be read", line)


# --------------------------------------------------------------------------- signatures and types


def _signature(name: str, node: Node) -> Signature:
    type_params = []
    tp = node.child_by_field_name("type_parameters")
    for param in tp.named_children if tp is not None else []:
        if param.type == "type_parameter" and param.child_by_field_name("name") is not None:
            type_params.append((text(param.child_by_field_name("name")), param.child_by_field_name("value") is not None))
    params: list[Param] = []
    formal = node.child_by_field_name("parameters")
    single = node.child_by_field_name("parameter")  # x => ...
    if single is not None:
        params.append(Param(text(single), (), None, False, False))
    for param in formal.named_children if formal is not None else []:
        if param.type not in ("required_parameter", "optional_parameter"):
            continue
        pattern = param.child_by_field_name("pattern")
        if pattern is None or pattern.type == "this":
            continue
        annotation = param.child_by_field_name("type")
        kind = annotation.named_children[0] if annotation is not None and annotation.named_children else None
        rest = pattern.type == "rest_pattern"
        bound = pattern.named_children[0] if rest and pattern.named_children else pattern
        params.append(
            Param(
                name=text(bound) if bound.type == "identifier" else None,
                keys=_object_keys(bound) if bound.type == "object_pattern" else (),
                type=_type_expr(kind) if kind is not None else None,
                optional=param.type == "optional_parameter" or param.child_by_field_name("value") is not None,
                rest=rest,
            )
        )
    returns = node.child_by_field_name("return_type")
    if returns is not None and returns.type == "type_annotation":
        returns = returns.named_children[0] if returns.named_children else None
    return Signature(name, tuple(type_params), tuple(params), text(returns) if returns is not None else None, node.start_point[0] + 1)


def _type_declaration(node: Node) -> TypeExpr:
    line = node.start_point[0] + 1
    if node.type == "type_alias_declaration":
        value = node.child_by_field_name("value")
        found = _type_expr(value) if value is not None else TypeExpr(text(node))
        return TypeExpr(found.text, found.members, found.refs, found.other, line)
    refs: list[str] = []
    for clause in (c for c in node.named_children if c.type == "extends_type_clause"):
        refs += [_generic_name(base) or text(base) for base in clause.named_children]  # Base, Base<X>
    body = node.child_by_field_name("body")
    return TypeExpr(text(node), _members(body) if body is not None else (), tuple(refs), (), line)


def _type_expr(node: Node) -> TypeExpr:
    members: list[tuple[str, str]] = []
    refs: list[str] = []
    other: list[str] = []

    def visit(part: Node) -> None:
        if part.type in ("parenthesized_type", "type_annotation") and part.named_children:
            visit(part.named_children[0])
        elif part.type == "union_type":
            kept = [c for c in part.named_children if not (c.type in ("literal_type", "predefined_type") and text(c) in _NULLISH)]
            if len(kept) == 1:
                visit(kept[0])
            else:
                other.append(text(part))
        elif part.type == "intersection_type":
            for child in part.named_children:
                visit(child)
        elif part.type == "generic_type" and _generic_name(part) in _UTILITY_WRAPPERS and len(_type_args(part)) == 1:
            visit(_type_args(part)[0])
        elif part.type == "object_type":
            members.extend(_members(part))
        elif part.type in ("type_identifier", "nested_type_identifier"):
            refs.append(text(part))
        else:
            other.append(text(part))

    visit(node)
    return TypeExpr(text(node), tuple(members), tuple(refs), tuple(other), node.start_point[0] + 1)


def _members(body: Node) -> tuple[tuple[str, str], ...]:
    out = []
    for member in body.named_children:
        key = member.child_by_field_name("name")
        if member.type in ("property_signature", "method_signature") and key is not None:
            annotation = member.child_by_field_name("type")
            shown = text(annotation.named_children[0]) if annotation is not None and annotation.named_children else ""
            out.append((_name_text(key), shown if member.type == "property_signature" else "method"))
        elif member.type == "index_signature":
            out.append(("[index]", text(member)))
    return tuple(out)


def _generic_name(node: Node) -> str:
    name = node.child_by_field_name("name") if node.type == "generic_type" else None
    return text(name) if name is not None else ""


def _type_args(node: Node) -> list[Node]:
    args = node.child_by_field_name("type_arguments")
    return list(args.named_children) if args is not None else []


def _object_keys(node: Node) -> tuple[str, ...]:
    """Property names of an object literal or an object pattern (spreads and computed keys left out)."""
    keys = []
    for child in node.named_children:
        if child.type in ("shorthand_property_identifier", "shorthand_property_identifier_pattern"):
            keys.append(text(child))
        elif child.type in ("pair", "pair_pattern", "object_assignment_pattern", "method_definition"):
            key = child.child_by_field_name("key") or child.child_by_field_name("left") or child.child_by_field_name("name")
            if key is not None and key.type in ("property_identifier", "string", "shorthand_property_identifier_pattern"):
                keys.append(_name_text(key))
    return tuple(keys)


def _name_text(node: Node) -> str:
    return _string_value(node) if node.type == "string" else text(node)


def _child(node: Node, kind: str) -> Node | None:
    return next((c for c in node.children if c.type == kind), None)


__all__ = ["Forward", "Param", "Signature", "TypeExpr", "Unreadable", "lookup", "object_arguments"]
