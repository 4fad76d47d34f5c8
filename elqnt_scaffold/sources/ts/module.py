"""TypeScript source files, read and edited structurally with tree-sitter-typescript.

Plain functions over source text (``str``; offsets are handled as UTF-8 bytes).  Every function parses
its input once and raises :class:`TSSourceError` (1-based ``line``) when it does not parse.  The two
editors, :func:`ensure_reexport` and its inverse :func:`remove_reexport`, splice text at a node boundary:
every other byte is kept, the file's line endings and quote style are reused, and the edits are idempotent.

This module knows nothing of endpoints: it reads exports, re-exports and calls of a named function.
"""

from __future__ import annotations

from functools import lru_cache

import re
from dataclasses import dataclass
from typing import Iterator

from tree_sitter import Node

from ..treesitter import first_syntax_problem, parse, text

# Declarations an `export` statement can carry, whose `name` field is the exported name.
_NAMED_DECLARATIONS = frozenset(
    {
        "function_declaration",
        "generator_function_declaration",
        "function_signature",
        "class_declaration",
        "abstract_class_declaration",
        "interface_declaration",
        "type_alias_declaration",
        "enum_declaration",
        "internal_module",
        "module",
        "import_alias",
    }
)
_FUNCTIONS = frozenset(
    {"function_declaration", "generator_function_declaration", "function_expression", "method_definition"}
)
_ESCAPES = {"n": "\n", "t": "\t", "r": "\r", "b": "\b", "f": "\f", "v": "\v", "0": "\0"}


class TSSourceError(Exception):
    """A TypeScript file that cannot be read or edited as asked.  ``line`` is 1-based."""

    def __init__(self, line: int, message: str) -> None:
        super().__init__(line, message)
        self.line = line
        self.message = message

    def __str__(self) -> str:
        return f"line {self.line}: {self.message}"


@dataclass(frozen=True)
class ClientCall:
    """One call of the request helper with a literal method and path."""

    method: str  # upper case: GET, POST, ...
    path_template: str  # every `${...}` (or concatenated expression) as `{}`: /api/v1/widgets/{}
    function: str | None  # the enclosing function's name (listWidgets), None at top level
    line: int  # 1-based line of the call


class _Doc:
    """One parse of one source text; raises TSSourceError on a syntax problem."""

    def __init__(self, src: str) -> None:
        self.data = src.encode("utf-8")
        tree = parse("typescript", self.data)
        self.root = tree.root_node
        problem = first_syntax_problem(tree)
        if problem is not None:
            row = self.data.split(b"\n")[problem.line - 1][problem.column - 1 :]
            near = row.decode("utf-8", "replace").strip()[:40]
            detail = f" near {near!r}" if near and problem.message == "syntax error" else ""
            raise TSSourceError(problem.line, f"{problem.message}{detail} (column {problem.column})")


def check_syntax(src: str) -> None:
    """Raise TSSourceError on the first ERROR or MISSING node."""
    _Doc(src)


# --------------------------------------------------------------------------- readers


def exported_names(src: str) -> set[str]:
    """Names the module exports itself: declarations, `export { a as b }`, `export * as ns`, `default`.

    `export * from "m"` contributes nothing here (the names live in "m"): see :func:`reexported_modules`.
    """
    names: set[str] = set()
    for stmt in _exports(_Doc(src).root):
        if _child_of_type(stmt, "default") is not None:
            names.add("default")
            continue
        clause = _child_of_type(stmt, "export_clause")
        if clause is not None:
            for spec in clause.named_children:
                if spec.type == "export_specifier":
                    alias = spec.child_by_field_name("alias") or spec.child_by_field_name("name")
                    if alias is not None:
                        names.add(_unquote_node(alias))
            continue
        star_as = _child_of_type(stmt, "namespace_export")
        if star_as is not None:
            names |= {_unquote_node(c) for c in star_as.named_children}
            continue
        declaration = stmt.child_by_field_name("declaration")
        if declaration is not None:
            names |= _declared_names(declaration)
    return names


def reexported_modules(src: str) -> list[str]:
    """Module specifiers of `export * from "m"` statements (not `export * as ns`), in source order."""
    return list(_reexported(src))


@lru_cache(maxsize=16)
def _reexported(src: str) -> tuple[str, ...]:
    return tuple(_string_value(source) for stmt, source in _export_froms(_Doc(src).root) if _is_star(stmt))


def client_calls(src: str, function: str = "request") -> list[ClientCall]:
    """Calls of `function` (or `x.function`) whose method and path are string or template literals.

    ``request<T>("GET", `/api/v1/widgets/${encodeURIComponent(id)}`)`` gives
    ``ClientCall("GET", "/api/v1/widgets/{}", <enclosing function>, <line>)``; a path joined with `+`
    reads the same way.  Calls whose method or path is not literal are left out.
    """
    calls: list[ClientCall] = []
    for node in _walk(_Doc(src).root):
        if node.type != "call_expression" or not _calls_named(node, function):
            continue
        args = node.child_by_field_name("arguments")
        if args is None or args.type != "arguments":
            continue
        positional = [a for a in args.named_children if a.type != "comment"]
        if len(positional) < 2:
            continue
        method, path = _literal(positional[0]), _path_template(positional[1])
        if method is None or "{}" in method or path is None:
            continue
        calls.append(ClientCall(method.upper(), path, _enclosing_function(node), node.start_point[0] + 1))
    return calls


# --------------------------------------------------------------------------- editors


def ensure_reexport(src: str, module: str) -> str:
    """`src` with `export * from "<module>";` after its last export-from statement (or at the end).

    Unchanged when the module is already re-exported with `export *` (`./m`, `./m.js` and `./m/index`
    count as the same module).  The new line uses the file's line ending, quote style and semicolons.
    """
    wanted = _module_key(module)
    if any(_module_key(m) == wanted for m in _reexported(src)):
        return src
    doc = _Doc(src)
    froms = list(_export_froms(doc.root))
    data = doc.data
    newline = b"\r\n" if b"\r\n" in data else b"\n"
    quote, semi = '"', ";"
    if froms:
        last, source = froms[-1]
        quote = text(source)[:1] if text(source)[:1] in ("'", '"') else '"'
        semi = ";" if text(last).rstrip().endswith(";") else ""
    line = f"export * from {_quote(module, quote)}{semi}".encode("utf-8")
    if froms:
        end = data.find(b"\n", froms[-1][0].end_byte)
        if end == -1:
            return (data + newline + line).decode("utf-8")
        return (data[: end + 1] + line + newline + data[end + 1 :]).decode("utf-8")
    if not data.strip(b"\xef\xbb\xbf \t\r\n"):
        return (data + line + newline).decode("utf-8")
    sep = b"" if data.endswith(b"\n") else newline
    return (data + sep + line + newline).decode("utf-8")


def remove_reexport(src: str, module: str) -> str:
    """`src` without its `export * from "<module>"` statements (`./m`, `./m.js`, `./m/index` alike): the
    inverse of :func:`ensure_reexport`, so removing what it added gives `src` back byte for byte.

    A statement alone on its line(s) goes with that line, its line break and a `//` comment after it
    (with the line break before it when it ends the file without one); one sharing a line with other
    code goes with the spaces after it (before it, at the end of the line). Comments on other lines
    stay. `export * as ns from` and `export { a } from` are not re-exports of everything and stay.
    Unchanged when there is nothing to remove. The one case not restored exactly: the line break
    `ensure_reexport` adds to a file with no `export ... from` that did not end with one stays.
    """
    wanted = _module_key(module)
    if not any(_module_key(m) == wanted for m in _reexported(src)):
        return src
    doc = _Doc(src)
    data = doc.data
    bom = 3 if data.startswith(b"\xef\xbb\xbf") else 0
    cuts: list[tuple[int, int]] = []
    for stmt, source in _export_froms(doc.root):
        if not _is_star(stmt) or _module_key(_string_value(source)) != wanted:
            continue
        start, end = stmt.start_byte, stmt.end_byte
        line_start = max(data.rfind(b"\n", 0, start) + 1, bom)
        eol = data.find(b"\n", end)
        line_end = len(data) if eol == -1 else eol
        tail = data[end:line_end].strip(b" \t\r")
        alone = not data[line_start:start].strip(b" \t") and (not tail or tail.startswith(b"//"))
        if alone and eol != -1:
            cuts.append((line_start, eol + 1))
        elif alone:  # the last line, without a line break: the break before it goes
            brk = line_start - (2 if data[bom : line_start][-2:] == b"\r\n" else 1 if line_start > bom else 0)
            cuts.append((brk, len(data)))
        else:
            after = end + len(data[end:line_end]) - len(data[end:line_end].lstrip(b" \t"))
            if after < line_end and data[after:line_end].strip(b" \t\r"):
                cuts.append((start, after))
            else:
                before = start - (len(data[line_start:start]) - len(data[line_start:start].rstrip(b" \t")))
                cuts.append((before, end))
    out = data
    for a, b in sorted(cuts, reverse=True):
        out = out[:a] + out[b:]
    result = out.decode("utf-8")
    remaining = [m for m in _reexported(src) if _module_key(m) != wanted]
    if list(_reexported(result)) != remaining or exported_names(result) != exported_names(src):
        line = doc.data[: cuts[0][0]].count(b"\n") + 1
        raise TSSourceError(line, f"internal error: removing the re-export of {module!r} would change more")
    return result


# --------------------------------------------------------------------------- helpers


def _walk(node: Node) -> Iterator[Node]:
    stack = [node]
    while stack:
        current = stack.pop()
        yield current
        stack.extend(reversed(current.children))


def _exports(root: Node) -> Iterator[Node]:
    """Top-level export statements (those inside `declare module "x" { ... }` belong to "x")."""
    for child in root.named_children:
        if child.type == "export_statement":
            yield child


def _export_froms(root: Node) -> Iterator[tuple[Node, Node]]:
    for stmt in _exports(root):
        source = stmt.child_by_field_name("source")
        if source is not None and source.type == "string":
            yield stmt, source


def _is_star(stmt: Node) -> bool:
    return any(c.type == "*" for c in stmt.children)


def _child_of_type(node: Node, kind: str) -> Node | None:
    return next((c for c in node.children if c.type == kind), None)


def _declared_names(declaration: Node) -> set[str]:
    if declaration.type == "ambient_declaration":  # export declare function f(): void;
        names: set[str] = set()
        for child in declaration.named_children:
            names |= _declared_names(child)
        return names
    if declaration.type in _NAMED_DECLARATIONS:
        name = declaration.child_by_field_name("name")
        if name is None:  # import_alias: export import X = N.Y;
            name = next((c for c in declaration.named_children if c.type == "identifier"), None)
        return {text(name)} if name is not None else set()
    if declaration.type in ("lexical_declaration", "variable_declaration"):
        names = set()
        for declarator in declaration.named_children:
            if declarator.type == "variable_declarator":
                pattern = declarator.child_by_field_name("name")
                if pattern is not None:
                    names |= _pattern_names(pattern)
        return names
    return set()


def _pattern_names(pattern: Node) -> set[str]:
    """Identifiers bound by a destructuring pattern (`[a, b]`, `{ a, b: c, ...d }`, defaults)."""
    if pattern.type in ("identifier", "shorthand_property_identifier_pattern"):
        return {text(pattern)}
    names: set[str] = set()
    skip = {pattern.child_by_field_name("key"), pattern.child_by_field_name("right")} - {None}
    for child in pattern.named_children:
        if child in skip:
            continue
        if child.type in ("identifier", "shorthand_property_identifier_pattern") or child.type.endswith("pattern"):
            names |= _pattern_names(child)
    return names


def _string_value(node: Node) -> str:
    """The value of a string literal node (escape sequences decoded)."""
    out = []
    for child in node.named_children:
        if child.type == "escape_sequence":
            out.append(_unescape(text(child)))
        elif child.type == "string_fragment":
            out.append(text(child))
    return "".join(out)


def _unquote_node(node: Node) -> str:
    return _string_value(node) if node.type == "string" else text(node)


def _unescape(seq: str) -> str:
    body = seq[1:]
    if body[:1] in _ESCAPES and len(body) == 1:
        return _ESCAPES[body]
    if body[:1] in ("x", "u"):
        digits = body[1:].strip("{}")
        try:
            return chr(int(digits, 16))
        except ValueError:
            return seq
    if body.startswith(("\n", "\r")):  # a line continuation
        return ""
    return body


def _literal(node: Node) -> str | None:
    """A string literal's value, or a template literal's with each substitution as `{}`."""
    if node.type == "string":
        return _string_value(node)
    if node.type == "template_string":
        out = []
        for child in node.named_children:
            if child.type == "template_substitution":
                out.append("{}")
            elif child.type == "escape_sequence":
                out.append(_unescape(text(child)))
            elif child.type == "string_fragment":
                out.append(text(child))
        return "".join(out)
    if node.type == "parenthesized_expression" and node.named_child_count == 1:
        return _literal(node.named_children[0])
    return None


def _path_template(node: Node) -> str | None:
    """A literal path; `"/a/" + encodeURIComponent(id)` reads as `/a/{}`; None if no part is literal."""
    parts = _concat_parts(node)
    if not any(isinstance(p, str) for p in parts):
        return None
    return "".join(p if isinstance(p, str) else "{}" for p in parts)


def _concat_parts(node: Node) -> list[str | None]:
    if node.type == "binary_expression":
        operator = node.child_by_field_name("operator")
        left, right = node.child_by_field_name("left"), node.child_by_field_name("right")
        if operator is not None and text(operator) == "+" and left is not None and right is not None:
            return _concat_parts(left) + _concat_parts(right)
    value = _literal(node)
    return [value]


def _calls_named(call: Node, function: str) -> bool:
    callee = call.child_by_field_name("function")
    if callee is None:
        return False
    if callee.type == "identifier":
        return text(callee) == function
    if callee.type == "member_expression":
        prop = callee.child_by_field_name("property")
        return prop is not None and text(prop) == function
    return False


def _enclosing_function(node: Node) -> str | None:
    """The name of the innermost named function around `node` (a `const f = () => ...` counts)."""
    current = node.parent
    while current is not None:
        if current.type in _FUNCTIONS:
            name = current.child_by_field_name("name")
            if name is not None:
                return text(name)
        if current.type in ("arrow_function", "function_expression") and current.parent is not None:
            holder = current.parent
            if holder.type in ("variable_declarator", "pair", "public_field_definition"):
                key = holder.child_by_field_name("name") or holder.child_by_field_name("key")
                if key is not None and key.type in ("identifier", "property_identifier"):
                    return text(key)
        current = current.parent
    return None


_MODULE_SUFFIX = re.compile(r"(\.(?:[cm]?[jt]sx?))?$")


def _module_key(module: str) -> str:
    """`./m`, `./m.js`, `./m.ts`, `./m/index` name the same module."""
    key = _MODULE_SUFFIX.sub("", module, count=1)
    return key[: -len("/index")] if key.endswith("/index") else key


def _quote(value: str, quote: str) -> str:
    escaped = value.replace("\\", "\\\\").replace(quote, "\\" + quote)
    return f"{quote}{escaped}{quote}"


__all__ = [
    "ClientCall",
    "TSSourceError",
    "check_syntax",
    "client_calls",
    "ensure_reexport",
    "exported_names",
    "reexported_modules",
    "remove_reexport",
]
