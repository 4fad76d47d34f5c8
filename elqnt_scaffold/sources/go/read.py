"""Reading Go source with tree-sitter-go: package, functions, imports, route registrations, structs.

Every public function takes the source text, parses it once, and raises :class:`GoSourceError` (with a
1-based line) when the file does not parse.  Node helpers shared with the editors live in
:mod:`.nodes`.
"""

from __future__ import annotations

import re
from dataclasses import dataclass

from tree_sitter import Node

from .nodes import Doc, GoSourceError, calls_in, call_arg_nodes, decl_keys, doc_comment, import_specs, string_value, trailing_comment
from .routes import RouteRegistration, route_registrations, split_pattern
from .tolerance import Damage
from ..treesitter import text

# --------------------------------------------------------------------------- public readers
def check_syntax(src: str) -> None:
    """Raise GoSourceError on the first ERROR or MISSING node."""
    Doc(src)


def package_name(src: str) -> str:
    doc = Doc(src)
    for child in doc.root.named_children:
        if child.type == "package_clause":
            for sub in child.named_children:
                if sub.type == "package_identifier":
                    return text(sub)
    raise GoSourceError(1, "no package clause")


def top_level_funcs(src: str) -> set[str]:
    """Names of top-level functions (methods excluded)."""
    doc = Doc(src)
    names = set()
    for child in doc.root.named_children:
        if child.type == "function_declaration":
            name = child.child_by_field_name("name")
            if name is not None:
                names.add(text(name))
    return names


def declaration_keys(src: str) -> set[str]:
    """Every top-level declaration's key: `Name` for functions, types, vars and consts, `Recv.Name` for
    methods (`func (s *WidgetService) Archive` -> `WidgetService.Archive`)."""
    return decl_keys(Doc(src).root)


def top_level_names(src: str, tolerant: bool = False) -> set[str]:
    """Every package-level name the file declares: functions (not methods), types, vars, consts.
    `tolerant`: the names of the declarations that parse, when a part of the file does not (Go 1.26's
    `new(expr)` inside a function body, which tree-sitter-go 0.25 cannot read)."""
    return {key for key in decl_keys(Doc(src, tolerant=tolerant).root) if "." not in key}


def imports(src: str) -> list[str]:
    """Import paths in source order (aliases, `_` and `.` imports included)."""
    return [path for _, path in import_specs(Doc(src).root)]


def func_params(src: str, func: str) -> list[tuple[str | None, str]]:
    """(name, type text) of each parameter of top-level ``func``; ``a, b int`` gives two entries,
    an unnamed parameter has name None, a variadic one has type ``...T``."""
    doc = Doc(src)
    params = doc.func(func).child_by_field_name("parameters")
    out: list[tuple[str | None, str]] = []
    for decl in params.named_children if params is not None else []:
        if decl.type not in ("parameter_declaration", "variadic_parameter_declaration"):
            continue
        typ = decl.child_by_field_name("type")
        type_text = ("..." if decl.type.startswith("variadic") else "") + (text(typ) if typ else "")
        names = [text(n) for n in decl.children_by_field_name("name")] or [None]
        out.extend((n, type_text) for n in names)
    return out


def call_args(src: str, func: str, callee: str) -> list[str]:
    """Source text of the arguments of the first call of ``callee`` in ``func``'s body."""
    doc = Doc(src)
    fn = doc.func(func)
    body = fn.child_by_field_name("body")
    calls = calls_in(body, callee) if body is not None else []
    if not calls:
        raise GoSourceError(fn.start_point[0] + 1, f"{func}() has no call to {callee}()")
    return [text(a) for a in call_arg_nodes(calls[0])]


@dataclass(frozen=True)
class StructField:
    name: str  # for an embedded field, the unqualified type name (Go's rule): *pkg.Base -> "Base"
    type: str  # source text of the type
    tag: str | None  # the tag's value (backquotes/quotes removed, escapes decoded); None without a tag
    line: int  # 1-based
    embedded: bool = False
    doc: str | None = None  # raw comment lines directly above the field ("// ..."), joined by "\n"
    comment: str | None = None  # raw trailing comment on the field's last line


@dataclass(frozen=True)
class StructDecl:
    name: str
    fields: list[StructField]
    line: int  # 1-based line of the type name
    doc: str | None  # raw comment lines directly above the declaration, joined by "\n"; None if none
    type_params: str | None = None  # "[T any]" for a generic struct


def struct_types(src: str, tolerant: bool = False) -> list[StructDecl]:
    """Top-level struct type declarations (``type X struct{...}`` and inside ``type ( ... )``).

    Aliases (``type X = struct{}``) are not declarations of new types and are skipped.
    Raises GoSourceError on a syntax error; with ``tolerant``, only on one that reaches a type
    declaration (errors inside function bodies and other declarations are skipped).
    """
    doc = Doc(src, tolerant=tolerant)
    if doc.broken:
        _check_types_readable(doc)
    out: list[StructDecl] = []
    for decl in doc.root.named_children:
        if decl.type != "type_declaration":
            continue
        specs = [c for c in decl.named_children if c.type == "type_spec"]
        grouped = any(c.type == "(" for c in decl.children)
        for spec in specs:
            typ = spec.child_by_field_name("type")
            name = spec.child_by_field_name("name")
            if typ is None or name is None or typ.type != "struct_type":
                continue
            params = spec.child_by_field_name("type_parameters")
            out.append(
                StructDecl(
                    name=text(name),
                    fields=_struct_fields(typ),
                    line=name.start_point[0] + 1,
                    doc=doc_comment(spec if grouped else decl),
                    type_params=text(params) if params is not None else None,
                )
            )
    return out


def _check_types_readable(doc: Doc) -> None:
    damage = Damage(doc)
    for decl in doc.root.named_children:
        if decl.type == "type_declaration" and decl.has_error:
            raise damage.error(decl, f"the type declaration at line {decl.start_point[0] + 1}")
    for start, region in damage.region_text():
        found = re.search(rb"(?:^|\n)type\b", region)
        if found is not None:
            line = doc.data.count(b"\n", 0, start + found.end()) + 1
            raise damage.error_in_region(start, f"the type declaration at line {line}")


def comment_text(raw: str | None) -> str | None:
    """Plain text of a raw comment block as returned in ``doc``/``comment`` ("// a\\n// b" -> "a\\nb")."""
    if raw is None:
        return None
    lines: list[str] = []
    for line in raw.split("\n"):
        line = line.strip()
        if line.startswith("//"):
            line = line[2:]
            lines.append(line[1:] if line.startswith(" ") else line)
        else:
            if line.startswith("/*"):
                line = line[2:]
            if line.endswith("*/"):
                line = line[:-2]
            lines.append(line.strip())
    return "\n".join(lines).strip("\n")


def _struct_fields(struct_node: Node) -> list[StructField]:
    fields: list[StructField] = []
    body = next((c for c in struct_node.named_children if c.type == "field_declaration_list"), None)
    if body is None:
        return fields
    for decl in body.named_children:
        if decl.type != "field_declaration":
            continue
        typ = decl.child_by_field_name("type")
        tag_node = decl.child_by_field_name("tag")
        tag = string_value(tag_node)[0] if tag_node is not None else None
        names = [c for c in decl.children_by_field_name("name")]
        type_text = text(typ) if typ is not None else ""
        line = decl.start_point[0] + 1
        doc = doc_comment(decl)
        comment = trailing_comment(decl)
        if names:
            for n in names:
                fields.append(StructField(text(n), type_text, tag, line, False, doc, comment))
        else:
            # embedded: the star (a separate child in some grammar versions) is part of the type
            star = any(c.type == "*" for c in decl.children)
            full = ("*" if star else "") + type_text
            base = type_text.lstrip("*").split("[", 1)[0].rsplit(".", 1)[-1]
            fields.append(StructField(base, full, tag, line, True, doc, comment))
    return fields


__all__ = [
    "GoSourceError",
    "RouteRegistration",
    "call_args",
    "func_params",
    "StructDecl",
    "StructField",
    "check_syntax",
    "comment_text",
    "imports",
    "package_name",
    "route_registrations",
    "split_pattern",
    "struct_types",
    "top_level_funcs",
    "top_level_names",
]
