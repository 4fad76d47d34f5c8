"""tygo v0.2.20's `write.go` and `write_comment.go`, ported: type expressions, struct fields, interface
elements and comment groups; v0.2.21's byte rules behind `Writer.byte_as_number` (see `versions.py`).
Quirks are kept on purpose (they are what tygo writes)."""

from __future__ import annotations

import json
import re
import unicodedata

from .nodes import ArrayT, Bad, BasicLit, Binary, CommentGroup, Field, Ident, Index, InterfaceT, MapT, Opaque, Paren, Selector, Star, StructT, Unary, Unconvertible
from .tags import parse_tags
from .versions import BASELINE, features

_BACKQUOTE_ESCAPE = re.compile(r"([$\\])")
_OCTAL_PREFIX = re.compile(r"^0[0-7]")
_UNICODE8 = re.compile(r"\\\\|\\U[0-9a-fA-F]{8}")

# https://developer.mozilla.org/en-US/docs/Web/JavaScript/Reference/Operators/Operator_precedence#table
_JS_PRECEDENCE = {"*": 6, "/": 6, "%": 6, "+": 5, "-": 5, "<<": 4, ">>": 4, "&": 3, "&^": 3, "|": 2, "^": 1}

_NUMBERS = {
    "int", "int8", "int16", "int32", "int64",
    "uint", "uint8", "uint16", "uint32", "uint64",
    "float32", "float64", "complex64", "complex128", "rune",
}  # fmt: skip


def get_ident(s: str, byte_as_number: bool = False) -> str:
    """tygo's getIdent; `byte_as_number` (v0.2.21) makes `byte` a number like `uint8`."""
    if s == "bool":
        return "boolean"
    if s in _NUMBERS or (byte_as_number and s == "byte"):
        return "number /* " + s + " */"
    return s


def is_exported(name: str) -> bool:
    """go/token.IsExported: the first rune is an upper-case letter."""
    return bool(name) and unicodedata.category(name[0]) == "Lu"


def valid_js_name(n: str) -> bool:
    """`^[\\pL_][\\pL\\pN_]*$`"""
    if not n:
        return False
    if not (n[0] == "_" or unicodedata.category(n[0]).startswith("L")):
        return False
    return all(c == "_" or unicodedata.category(c)[0] in "LN" for c in n[1:])


# --------------------------------------------------------------------------- writer


class Writer:
    def __init__(self, conf: dict):
        self.conf = conf
        self.byte_as_number = features(conf.get("version", BASELINE)).byte_as_number

    def ident(self, name: str) -> str:
        return get_ident(name, self.byte_as_number)

    # ---- comments
    def preserve_doc_comments(self) -> bool:
        return self.conf["preserve_comments"] == "default"

    def preserve_type_comments(self) -> bool:
        return self.conf["preserve_comments"] in ("types", "default")

    def write_indent(self, s: list[str], depth: int) -> None:
        s.append(self.conf["indent"] * depth)

    def write_directive(self, s: list[str], cg: CommentGroup) -> None:
        for index, c in enumerate(cg.comments):
            if c.startswith("//tygo:emit"):
                rest = c[len("//tygo:emit") :]
                if not rest:
                    raise Unconvertible(
                        cg.line_of(index), "a bare //tygo:emit where tygo emits the comment's own text: write "
                        "the TypeScript after it (`//tygo:emit export type X = ...`)"
                    )
                s.append(rest[1:] + "\n")

    def write_comment_group(self, s: list[str], cg: CommentGroup | None, depth: int) -> None:
        if cg is None:
            return
        txt = cg.text()
        self.write_directive(s, cg)
        if cg.comments and txt == "":
            s.append("\n")
            return
        if depth != 0:
            self.write_indent(s, depth)
        s.append("/**\n")
        for c in txt.split("\n"):
            if not c.strip():
                continue
            self.write_indent(s, depth)
            s.append(" * " + c.replace("*/", "*\\/") + "\n")
        self.write_indent(s, depth)
        s.append(" */\n")

    def write_single_line_comment(self, s: list[str], cg: CommentGroup) -> None:
        txt = cg.text()
        if cg.comments and txt == "":
            s.append("\n")
            return
        s.append(" // " + txt)
        if not txt:
            s.append("\n")

    # ---- types
    def write_type(self, s: list[str], t: object, p: object, depth: int, optional_parens: bool) -> None:
        fallback = self.conf["fallback_type"]
        if isinstance(t, Star):
            if optional_parens:
                s.append("(")
            self.write_type(s, t.x, t, depth, False)
            s.append(" | undefined")
            if optional_parens:
                s.append(")")
        elif isinstance(t, ArrayT):
            if isinstance(t.elt, Ident) and self.byte_as_number and t.elt.name in ("byte", "uint8"):
                s.append(f"string /* []{t.elt.name} */")  # v0.2.21, fixed-size arrays too
                return
            if isinstance(t.elt, Ident) and t.elt.name == "byte":
                s.append("string")
                return
            self.write_type(s, t.elt, t, depth, True)
            s.append("[]")
        elif isinstance(t, StructT):
            s.append("{\n")
            self.write_struct_fields(s, t.fields, depth + 1)
            self.write_indent(s, depth + 1)
            s.append("}")
        elif isinstance(t, Ident):
            s.append(self.ident(fallback if t.name == "any" else t.name))
        elif isinstance(t, Selector):
            long_type = f"{t.x}.{t.sel}"
            mapped = self.conf["type_mappings"].get(long_type)
            if mapped is not None:
                s.append(mapped)
            else:
                s.append(f"{fallback} /* {long_type} */")
        elif isinstance(t, MapT):
            s.append("{ [key: ")
            self.write_type(s, t.key, t, depth, False)
            s.append("]: ")
            self.write_type(s, t.value, t, depth, False)
            s.append("}")
        elif isinstance(t, BasicLit):
            t.value = _basic_lit(t)  # tygo rewrites the literal in place
            s.append(t.value)
        elif isinstance(t, Paren):
            s.append("(")
            self.write_type(s, t.x, t, depth, False)
            s.append(")")
        elif isinstance(t, Binary):
            in_paren = isinstance(p, Binary) and _JS_PRECEDENCE.get(t.op, 0) < _JS_PRECEDENCE.get(p.op, 0)
            if in_paren:
                s.append("(")
            self.write_type(s, t.x, t, depth, False)
            s.append(" & ~" if t.op == "&^" else f" {t.op} ")
            self.write_type(s, t.y, t, depth, False)
            if in_paren:
                s.append(")")
        elif isinstance(t, InterfaceT):
            self.write_interface_fields(s, t.elems, depth + 1)
        elif isinstance(t, Opaque):
            s.append(fallback)
        elif isinstance(t, Unary):
            if t.op == "~":
                self.write_type(s, t.x, t, depth, False)
            elif t.op == "^":
                s.append("~")
                self.write_type(s, t.x, t, depth, False)
            elif t.op in ("+", "-", "!"):
                s.append(t.op)
                self.write_type(s, t.x, t, depth, False)
            else:
                raise Unconvertible(t.line, f"unhandled unary expression {t.op!r}")
        elif isinstance(t, Index):
            self.write_type(s, t.x, t, depth, False)
            s.append("<")
            for i, index in enumerate(t.indices):
                self.write_type(s, index, t, depth, False)
                if i != len(t.indices) - 1:
                    s.append(", ")
            s.append(">")
        elif isinstance(t, Bad):
            raise Unconvertible(t.line, f"unhandled expression: {t.kind}")
        else:  # pragma: no cover - every converted node is one of the above
            raise Unconvertible(0, f"unhandled: {t!r}")

    def write_type_params_fields(self, s: list[str], fields: list[Field]) -> None:
        s.append("<")
        for i, f in enumerate(fields):
            for j, name in enumerate(f.names):
                s.append(name + " extends ")
                self.write_type(s, f.type, None, 0, True)
                if i != len(fields) - 1 or j != len(f.names) - 1:
                    s.append(", ")
        s.append(">")

    def write_interface_fields(self, s: list[str], fields: list[Field], depth: int) -> None:
        fallback = self.conf["fallback_type"]
        if not fields:
            s.append(fallback)
            return
        did_contain = False
        for f in fields:
            if f.is_method:
                continue
            s.append(" &\n" if did_contain else "\n")
            did_contain = True
            if self.preserve_type_comments():
                self.write_comment_group(s, f.doc, depth + 1)
            self.write_indent(s, depth + 1)
            self.write_type(s, f.type, None, depth, False)
            if f.comment is not None and self.preserve_type_comments():
                s.append(" // " + f.comment.text())
        if not did_contain:
            s.append(fallback)

    def write_struct_fields(self, s: list[str], fields: list[Field], depth: int) -> None:
        for f in fields:
            optional = required = readonly = False
            ftype = f.type  # tygo replaces a pointer field's type by its element, once per name
            field_names: list[str] = []
            if not f.names:
                name, valid = anonymous_field_name(ftype)
                if valid:
                    field_names.append(name)
            else:
                field_names = [n for n in f.names if n and "A" <= n[0] <= "Z"]
            for field_name in field_names:
                name = ""
                tstype = ""
                if f.tag is not None:
                    tags = parse_tags(f.tag, f.line)
                    json_tag = tags.get("json")
                    if json_tag is not None:
                        name = json_tag.name
                        if name == "-":
                            continue
                        optional = json_tag.has_option("omitempty") or json_tag.has_option("omitzero")
                    yaml_tag = tags.get("yaml")
                    if yaml_tag is not None:
                        name = yaml_tag.name
                        if name == "-":
                            continue
                        optional = yaml_tag.has_option("omitempty")
                    ts_tag = tags.get("tstype")
                    if ts_tag is not None:
                        tstype = ts_tag.name
                        if tstype == "-" or ts_tag.has_option("extends"):
                            continue
                        required = ts_tag.has_option("required")
                        readonly = ts_tag.has_option("readonly")
                if not name:
                    name = field_name.lower() if self.conf["flavor"] == "yaml" else field_name
                if self.preserve_type_comments():
                    self.write_comment_group(s, f.doc, depth + 1)
                self.write_indent(s, depth + 1)
                quoted = not valid_js_name(name)
                if quoted:
                    s.append("'")
                if readonly:
                    s.append("readonly ")
                s.append(name)
                if quoted:
                    s.append("'")
                if isinstance(ftype, Star):
                    optional = not required
                    ftype = ftype.x
                if optional and self.conf["optional_type"] == "undefined":
                    s.append("?")
                s.append(": ")
                if tstype == "":
                    self.write_type(s, ftype, None, depth, False)
                    if optional and self.conf["optional_type"] == "null":
                        s.append(" | null")
                else:
                    s.append(tstype)
                s.append(";")
                if f.comment is not None and self.preserve_type_comments():
                    s.append(" // " + f.comment.text())
                else:
                    s.append("\n")


def anonymous_field_name(t: object) -> tuple[str, bool]:
    if isinstance(t, Ident):
        return t.name, is_exported(t.name)
    if isinstance(t, Index):
        return anonymous_field_name(t.x)
    if isinstance(t, Selector):
        return t.sel, is_exported(t.sel)
    if isinstance(t, Star):
        return anonymous_field_name(t.x)
    return "", False


def _basic_lit(t: BasicLit) -> str:
    v = t.value
    if t.kind == "INT":
        if _OCTAL_PREFIX.match(v):
            v = "0o" + v[1:]
    elif t.kind == "CHAR":
        if v.startswith(("'\\x", "'\\u", "'\\U")):
            try:
                char = int(v[3:-1], 16)
            except ValueError:
                raise Unconvertible(t.line, f"cannot convert rune literal {v}") from None
            if char >= 1 << 31:
                raise Unconvertible(t.line, f"cannot convert rune literal {v}")
        else:
            try:
                decoded = json.loads('"' + v[1:-1] + '"')
            except ValueError:
                raise Unconvertible(t.line, f"cannot convert rune literal {v}") from None
            if not decoded:
                raise Unconvertible(t.line, f"cannot convert rune literal {v}")
            char = ord(decoded[0])
        v = f"0x{char:08X} /* {v} */" if char > 0xFFFF else f"0x{char:04X} /* {v} */"
    elif t.kind == "STRING":
        if v.startswith("`"):
            v = _BACKQUOTE_ESCAPE.sub(r"\\\1", v)
        else:
            v = _UNICODE8.sub(
                lambda m: "\\u{" + m.group(0)[2:].upper() + "}" if len(m.group(0)) == 10 else m.group(0), v
            )
    return v
