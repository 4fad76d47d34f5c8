"""tree-sitter-go -> the go/ast look-alike of `nodes.py`: declarations in `ast.Inspect` order (top
level and inside function bodies, as tygo walks them), type and constant expressions, struct tags,
and comment groups attached as `go/parser` attaches them (`comments.py`)."""

from __future__ import annotations

from tree_sitter import Node

from ..treesitter import parse, text
from .nodes import ArrayT, Bad, BasicLit, Binary, Field, GenDecl, GoFile, Ident, Index, InterfaceT, MapT, Opaque, Paren, Selector, Star, StructT, TypeSpec, Unary, ValueSpec
from .comments import Comments, comment_text
from .syntax import parse_go


def _line(node: Node) -> int:
    return node.start_point[0] + 1


def _named(node: Node) -> list[Node]:
    return [c for c in node.named_children if c.type != "comment"]


class _Builder:
    def __init__(self, root: Node):
        self.comments = Comments(root)

    # ---- types
    def type_expr(self, node: Node) -> object:
        t = node.type
        if t in ("type_identifier", "identifier"):
            return Ident(text(node))
        if t == "qualified_type":
            return Selector(text(node.child_by_field_name("package")), text(node.child_by_field_name("name")))
        if t == "pointer_type":
            return Star(self.type_expr(_named(node)[0]))
        if t in ("slice_type", "array_type", "implicit_length_array_type"):
            return ArrayT(self.type_expr(node.child_by_field_name("element")))
        if t == "map_type":
            return MapT(
                self.type_expr(node.child_by_field_name("key")), self.type_expr(node.child_by_field_name("value"))
            )
        if t == "struct_type":
            return StructT(self.fields(_named(node)[0]))
        if t == "interface_type":
            return InterfaceT(self.interface_elems(node))
        if t == "function_type":
            return Opaque("FuncType")
        if t == "channel_type":
            return Opaque("ChanType")
        if t == "generic_type":
            args = node.child_by_field_name("type_arguments")
            return Index(self.type_expr(node.child_by_field_name("type")), [self.type_expr(a) for a in _named(args)])
        if t == "parenthesized_type":
            return Paren(self.type_expr(_named(node)[0]))
        if t == "negated_type":
            return Unary("~", self.type_expr(_named(node)[0]), _line(node))
        if t in ("type_elem", "type_constraint"):
            parts = [self.type_expr(c) for c in _named(node)]
            out = parts[0]
            for p in parts[1:]:
                out = Binary(out, "|", p)
            return out
        return self.value_expr(node)

    def fields(self, field_list: Node) -> list[Field]:
        out = []
        for f in field_list.named_children:
            if f.type != "field_declaration":
                continue
            names = [text(n) for n in f.children_by_field_name("name") if n.is_named]
            typ = self.type_expr(f.child_by_field_name("type"))
            if not names and any(c.type == "*" for c in f.children):
                typ = Star(typ)
            tag_node = f.child_by_field_name("tag")
            tag = None
            if tag_node is not None:
                raw = text(tag_node)
                if tag_node.type == "raw_string_literal":
                    raw = raw.replace("\r", "")
                tag = raw[1:-1]
            out.append(
                Field(
                    names,
                    typ,
                    tag,
                    self.comments.doc(f),
                    self.comments.line_comment(f),
                    line=_line(f),
                )
            )
        return out

    def interface_elems(self, node: Node) -> list[Field]:
        out = []
        for e in _named(node):
            if e.type == "method_elem":
                out.append(
                    Field(
                        [text(e.child_by_field_name("name"))],
                        Opaque("FuncType"),
                        doc=self.comments.doc(e),
                        comment=self.comments.line_comment(e),
                        is_method=True,
                    )
                )
            elif e.type == "type_elem":
                first = _named(e)[0]
                starts_with_ident = first.type in ("type_identifier", "qualified_type", "generic_type")
                out.append(
                    Field(
                        [],
                        self.type_expr(e),
                        doc=self.comments.doc(e) if starts_with_ident else None,
                        comment=self.comments.line_comment(e),
                    )
                )
        return out

    def type_params(self, node: Node | None) -> list[Field] | None:
        if node is None:
            return None
        out = []
        for d in _named(node):
            names = [text(n) for n in d.children_by_field_name("name") if n.is_named]
            out.append(Field(names, self.type_expr(d.child_by_field_name("type"))))
        return out

    # ---- constant expressions
    def value_expr(self, node: Node) -> object:
        t = node.type
        line = _line(node)
        if t in ("identifier", "true", "false", "nil", "iota", "blank_identifier", "type_identifier"):
            return Ident(text(node))
        if t == "int_literal":
            return BasicLit("INT", text(node), line)
        if t == "float_literal":
            return BasicLit("FLOAT", text(node), line)
        if t == "imaginary_literal":
            return BasicLit("IMAG", text(node), line)
        if t == "rune_literal":
            return BasicLit("CHAR", text(node), line)
        if t == "interpreted_string_literal":
            return BasicLit("STRING", text(node), line)
        if t == "raw_string_literal":
            return BasicLit("STRING", text(node).replace("\r", ""), line)
        if t == "binary_expression":
            return Binary(
                self.value_expr(node.child_by_field_name("left")),
                text(node.child_by_field_name("operator")),
                self.value_expr(node.child_by_field_name("right")),
            )
        if t == "unary_expression":
            return Unary(
                text(node.child_by_field_name("operator")), self.value_expr(node.child_by_field_name("operand")), line
            )
        if t == "parenthesized_expression":
            return Paren(self.value_expr(_named(node)[0]))
        if t in ("call_expression", "type_conversion_expression"):
            return Opaque("CallExpr")
        if t == "selector_expression":
            operand = node.child_by_field_name("operand")
            if operand.type != "identifier":
                return Bad("selector on " + operand.type, line)
            return Selector(text(operand), text(node.child_by_field_name("field")))
        if t == "index_expression":
            return Index(
                self.value_expr(node.child_by_field_name("operand")),
                [self.value_expr(node.child_by_field_name("index"))],
            )
        if t == "type_instantiation_expression":
            named = _named(node)
            return Index(self.value_expr(named[0]), [self.type_expr(a) for a in named[1:]])
        if t in (
            "qualified_type",
            "pointer_type",
            "slice_type",
            "array_type",
            "map_type",
            "struct_type",
            "interface_type",
            "function_type",
            "channel_type",
            "generic_type",
            "parenthesized_type",
        ):
            return self.type_expr(node)
        return Bad(t, line)

    # ---- declarations
    def gen_decl(self, node: Node) -> GenDecl:
        tok = {"type_declaration": "type", "const_declaration": "const", "var_declaration": "var"}[node.type]
        grouped = any(c.type == "(" for c in node.children) or any(c.type == "var_spec_list" for c in node.children)
        spec_nodes: list[Node] = []
        for c in _named(node):
            if c.type == "var_spec_list":
                spec_nodes.extend(s for s in _named(c) if s.type == "var_spec")
            elif c.type in ("type_spec", "type_alias", "const_spec", "var_spec"):
                spec_nodes.append(c)
        specs = []
        for s in spec_nodes:
            doc = self.comments.doc(s) if grouped else None
            comment = self.comments.line_comment(s)
            if s.type in ("type_spec", "type_alias"):
                specs.append(
                    TypeSpec(
                        text(s.child_by_field_name("name")),
                        self.type_expr(s.child_by_field_name("type")),
                        self.type_params(s.child_by_field_name("type_parameters")),
                        doc,
                        comment,
                    )
                )
            else:
                typ = s.child_by_field_name("type")
                value = s.child_by_field_name("value")
                specs.append(
                    ValueSpec(
                        [text(n) for n in s.children_by_field_name("name") if n.is_named],
                        self.type_expr(typ) if typ is not None else None,
                        [self.value_expr(v) for v in _named(value)] if value is not None else [],
                        doc,
                        comment,
                        _line(s),
                    )
                )
        return GenDecl(tok, specs, self.comments.doc(node), _line(node))


_DECLS = ("type_declaration", "const_declaration", "var_declaration")


def header_comments(source: str) -> list[str]:
    """The comments before the package clause (where build constraints live), even when the rest
    of the file does not parse: go list drops excluded files before anything parses them."""
    out = []
    for c in parse("go", source + "\n").root_node.children:
        if c.type == "package_clause":
            break
        if c.type == "comment":
            out.append(comment_text(c))
    return out


def read_go_file(source: str) -> tuple[GoFile | None, tuple[int, str] | None]:
    """Parse one file; returns (file, None) or (None, (line, message)) when it does not parse."""
    if not source.endswith("\n"):
        source += "\n"  # tree-sitter-go rejects a file ending in a comment without a newline; Go does not
    tree, problem = parse_go(source)
    if problem is not None:
        return None, (problem.line, f"{problem.line}:{problem.column}: {problem.message}")
    root = tree.root_node
    b = _Builder(root)
    package = ""
    doc = None
    seen_package = False
    for c in root.children:
        if c.type == "package_clause":
            seen_package = True
            doc = b.comments.doc(c)
            package = text(_named(c)[0])
    if not seen_package:
        return None, (1, "expected 'package', found EOF")

    decls: list[GenDecl] = []
    const_decls: list[GenDecl] = []

    stack = list(reversed(root.named_children))  # ast.Inspect order; declarations are not entered
    while stack:
        c = stack.pop()
        if c.type in _DECLS:
            decl = b.gen_decl(c)
            decls.append(decl)
            if decl.tok == "const":
                const_decls.append(decl)
        elif c.type != "import_declaration":
            stack.extend(reversed(c.named_children))
    gf = GoFile(package, doc, decls, const_decls)
    for c in root.named_children:
        if c.type == "type_declaration":
            for s in _named(c):
                if s.type in ("type_spec", "type_alias"):
                    gf.type_kinds[text(s.child_by_field_name("name"))] = (
                        s.child_by_field_name("type").type == "struct_type"
                    )
        elif c.type in ("const_declaration", "var_declaration", "function_declaration"):
            for n in _iter_decl_names(c):
                gf.other_names.add(n)
    return gf, None


def _iter_decl_names(node: Node):
    if node.type == "function_declaration":
        yield text(node.child_by_field_name("name"))
        return
    for c in _named(node):
        if c.type == "var_spec_list":
            yield from _iter_decl_names(c)
        elif c.type in ("const_spec", "var_spec"):
            for n in c.children_by_field_name("name"):
                if not n.is_named:
                    continue
                yield text(n)
