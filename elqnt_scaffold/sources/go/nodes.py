"""Shared tree-sitter-go node helpers for the readers (:mod:`.read`, :mod:`.routes`, :mod:`.muxes`,
:mod:`.tolerance`) and the editors (:mod:`.edit`, :mod:`.imports`, :mod:`.remove`) (not public API).

``Doc`` is one parse of one source text (bytes, tree, line geometry, splicing), strict by default (the
editors refuse a file with a syntax error), tolerant on request (readers); the functions below
answer small structural questions about nodes: string literal values, a block's statements, the names
a statement declares, the calls it makes, a whitespace-insensitive normal form.
"""

from __future__ import annotations

from tree_sitter import Node

from ..treesitter import first_syntax_problem, parse, text

Edit = tuple[int, int, str]  # (start byte, end byte, replacement text)

STRING_LITERALS = frozenset({"interpreted_string_literal", "raw_string_literal", "rune_literal"})


class GoSourceError(Exception):
    """A Go file that cannot be read or edited as asked.  ``line`` is 1-based."""

    def __init__(self, line: int, message: str, column: int | None = None) -> None:
        super().__init__(line, message)
        self.line = line
        self.message = message
        self.column = column

    def __str__(self) -> str:
        where = f"line {self.line}" + (f", column {self.column}" if self.column else "")
        return f"{where}: {self.message}"


class Doc:
    """One parse of one source text; raises GoSourceError on a syntax problem.

    ``tolerant=True`` (for readers that can skip what they do not need) never raises: ``broken`` says
    whether the tree has ERROR or MISSING nodes, and :func:`syntax_error` turns one into a GoSourceError.
    The editors always parse strictly: an edit of a file with a syntax error is refused."""

    def __init__(self, src: str, tolerant: bool = False) -> None:
        self.src = src
        self.data = src.encode("utf-8")
        self.tree = parse("go", self.data)
        self.root = self.tree.root_node
        self.broken = self.root.has_error
        if not self.broken or tolerant:
            return
        problem = first_syntax_problem(self.tree)
        if problem is not None:
            raise syntax_error(self.data, problem.line, problem.column, problem.message)

    # line geometry on bytes
    def line_start(self, offset: int) -> int:
        return self.data.rfind(b"\n", 0, offset) + 1

    def line_end(self, offset: int) -> int:
        """Offset of the newline ending the line holding ``offset`` (or len(data))."""
        end = self.data.find(b"\n", offset)
        return len(self.data) if end < 0 else end

    def indent_at(self, offset: int) -> str:
        start = self.line_start(offset)
        i = start
        while i < len(self.data) and self.data[i : i + 1] in (b" ", b"\t"):
            i += 1
        return self.data[start:i].decode("utf-8")

    def func(self, name: str) -> Node:
        for child in self.root.named_children:
            if child.type == "function_declaration":
                n = child.child_by_field_name("name")
                if n is not None and text(n) == name:
                    return child
        raise GoSourceError(1, f"no top-level function {name}()")

    def splice(self, edits: list[tuple[int, int, str]]) -> str:
        """Apply (start, end, text) byte-range replacements; equal starts keep list order."""
        data = self.data
        ordered = sorted(enumerate(edits), key=lambda e: (e[1][0], e[0]), reverse=True)
        for _, (start, end, new) in ordered:
            data = data[:start] + new.encode("utf-8") + data[end:]
        return data.decode("utf-8")


def syntax_error(data: bytes, line: int, column: int, message: str = "syntax error") -> GoSourceError:
    """A GoSourceError for a problem at 1-based (line, byte column): the column counted in characters,
    a problem past the last token moved to the last line of code, "syntax error" said with the text near it."""
    lines = data.split(b"\n")
    row = lines[line - 1] if line - 1 < len(lines) else b""
    at: int | None = len(row[: column - 1].decode("utf-8", "replace")) + 1
    if message == "syntax error":
        near = row[column - 1 :].decode("utf-8", "replace").strip()
        if near:
            message = f"syntax error near {near[:40]!r}"
    if line > 1 and line - 1 < len(lines) and not lines[line - 1].strip():
        # reported past the last token (a missing "}" at end of file): point at the last code
        while line > 1 and not lines[line - 1].strip():
            line -= 1
        at = None
    return GoSourceError(line, message, at)


def error_nodes(node: Node) -> list[Node]:
    """Every ERROR and MISSING node under ``node`` (itself included), in document order."""
    out: list[Node] = []
    stack = [node]
    while stack:
        n = stack.pop()
        if n.is_error or n.is_missing:
            out.append(n)
        stack.extend(reversed([c for c in n.children if c.has_error or c.is_missing or c.is_error]))
    return out


def walk(node: Node):
    stack = [node]
    while stack:
        n = stack.pop()
        yield n
        stack.extend(reversed(n.named_children))


def call_arg_nodes(call: Node) -> list[Node]:
    args = call.child_by_field_name("arguments")
    if args is None:
        return []
    return [c for c in args.named_children if c.type != "comment"]


def import_specs(root: Node) -> list[tuple[Node, str]]:
    out = []
    for decl in root.named_children:
        if decl.type != "import_declaration":
            continue
        for child in decl.named_children:
            specs = child.named_children if child.type == "import_spec_list" else [child]
            for spec in specs:
                if spec.type == "import_spec":
                    path = spec.child_by_field_name("path")
                    value, _ = string_value(path) if path is not None else (None, None)
                    if value is not None:
                        out.append((spec, value))
    return out


_SIMPLE_ESCAPES = {
    "a": b"\a", "b": b"\b", "f": b"\f", "n": b"\n", "r": b"\r", "t": b"\t", "v": b"\v",
    "\\": b"\\", "'": b"'", '"': b'"',
}  # fmt: skip


def _decode_escape(esc: str) -> bytes:
    kind = esc[1:2]
    if kind in _SIMPLE_ESCAPES:
        return _SIMPLE_ESCAPES[kind]
    if kind == "x":
        return bytes([int(esc[2:4], 16)])
    if kind in ("u", "U"):
        return chr(int(esc[2:], 16)).encode("utf-8", "surrogatepass")
    if kind.isdigit():
        return bytes([int(esc[1:4], 8) & 0xFF])
    return esc.encode("utf-8")


def string_value(node: Node) -> tuple[str | None, str | None]:
    """(value, None) for a string literal, (None, why-unreadable) for any other expression."""
    if node.type == "raw_string_literal":
        raw = node.text[1:-1] if node.text else b""
        return raw.replace(b"\r", b"").decode("utf-8"), None
    if node.type == "interpreted_string_literal":
        buf = bytearray()
        for child in node.children:
            if child.type == "escape_sequence":
                buf += _decode_escape(text(child))
            elif child.type == "interpreted_string_literal_content":
                buf += child.text or b""
        return buf.decode("utf-8", "replace"), None
    while node.type == "parenthesized_expression" and node.named_child_count == 1:
        node = node.named_children[0]
        if node.type in ("raw_string_literal", "interpreted_string_literal"):
            return string_value(node)
    src = text(node)
    if node.type == "binary_expression":
        return None, f"pattern built at run time (concatenation: {src})"
    if node.type == "call_expression":
        return None, f"pattern built at run time (call: {src})"
    if node.type in ("identifier", "selector_expression"):
        return None, f"pattern read from variable or constant {src}"
    return None, f"pattern is not a string literal ({src})"


def doc_comment(node: Node) -> str | None:
    """Raw comment lines that end on the line right above ``node`` (a contiguous run)."""
    lines: list[str] = []
    row = node.start_point[0]
    prev = node.prev_sibling
    while prev is not None and prev.type == "comment" and prev.end_point[0] == row - 1:
        # a trailing comment of the previous line's code is not a doc comment
        before = prev.prev_sibling
        if before is not None and before.type != "comment" and before.end_point[0] == prev.start_point[0]:
            break
        lines.insert(0, text(prev))
        row = prev.start_point[0]
        prev = prev.prev_sibling
    return "\n".join(lines) if lines else None


def trailing_comment(node: Node) -> str | None:
    nxt = node.next_sibling
    if nxt is not None and nxt.type == "comment" and nxt.start_point[0] == node.end_point[0]:
        return text(nxt)
    return None


def body_statements(block: Node) -> list[Node]:
    """Direct statements of a block (comments excluded), in source order."""
    out: list[Node] = []
    for child in block.named_children:
        if child.type == "statement_list":
            out.extend(c for c in child.named_children if c.type not in ("comment", "empty_statement"))
        elif child.type not in ("comment", "empty_statement"):
            out.append(child)
    return out


def block_comments(block: Node) -> list[Node]:
    out: list[Node] = []
    for child in block.named_children:
        if child.type == "statement_list":
            out.extend(c for c in child.named_children if c.type == "comment")
        elif child.type == "comment":
            out.append(child)
    return out


def tokens(node: Node) -> str:
    """Whitespace-insensitive normal form of a node: its leaf tokens joined by one space, comments out.
    Remembered per (node type, text): drift asks it of the same statements once per spec."""
    key = (node.type, node.text)
    found = _TOKENS.get(key)
    if found is None:
        found = _tokens(node)
        if len(_TOKENS) < 100_000:
            _TOKENS[key] = found
    return found


_TOKENS: dict[tuple[str, bytes | None], str] = {}


def _tokens(node: Node) -> str:
    parts: list[str] = []
    stack = [node]
    while stack:
        n = stack.pop()
        if n.type == "comment":
            continue
        if n.child_count == 0 or n.type in STRING_LITERALS:
            parts.append(text(n))
        else:
            stack.extend(reversed(n.children))
    return " ".join(parts)


def declared_names(stmt: Node) -> set[str]:
    """Identifiers a statement declares in its scope (``a, b := ...``, ``var a = ...``, ``const``)."""
    names: set[str] = set()
    if stmt.type == "short_var_declaration":
        left = stmt.child_by_field_name("left")
        if left is not None:
            names.update(text(c) for c in left.named_children if c.type == "identifier")
    elif stmt.type in ("var_declaration", "const_declaration"):
        for spec in walk(stmt):
            if spec.type in ("var_spec", "const_spec"):
                names.update(text(c) for c in spec.children_by_field_name("name") if c.type == "identifier")
    names.discard("_")
    return names


def assigned_names(stmt: Node) -> set[str]:
    """Identifiers a statement declares or assigns at its top level."""
    if stmt.type == "assignment_statement":
        left = stmt.child_by_field_name("left")
        return {text(c) for c in left.named_children if c.type == "identifier"} if left else set()
    return declared_names(stmt)


def used_identifiers(node: Node) -> set[str]:
    return {text(n) for n in walk(node) if n.type == "identifier"}


def outer_calls(stmt: Node) -> list[Node]:
    """The outermost call(s) a statement makes: ``x := f()``, ``x, err = f()``, ``f()``, ``var x = f()``,
    ``defer f()``, ``go f()``."""
    exprs: list[Node] = []
    if stmt.type in ("short_var_declaration", "assignment_statement"):
        right = stmt.child_by_field_name("right")
        if right is not None:
            exprs.extend(right.named_children)
    elif stmt.type in ("expression_statement", "defer_statement", "go_statement"):
        exprs.extend(stmt.named_children)
    elif stmt.type == "var_declaration":
        for spec in walk(stmt):
            if spec.type == "var_spec":
                value = spec.child_by_field_name("value")
                if value is not None:
                    exprs.extend(value.named_children)
    out = []
    for e in exprs:
        while e.type == "parenthesized_expression" and e.named_child_count == 1:
            e = e.named_children[0]
        if e.type == "call_expression":
            out.append(e)
    return out


def calls_in(node: Node, callee: str) -> list[Node]:
    """Calls anywhere under ``node`` whose function text is exactly ``callee``."""
    out = []
    for n in walk(node):
        if n.type == "call_expression":
            fn = n.child_by_field_name("function")
            if fn is not None and text(fn) == callee:
                out.append(n)
    return out


def decl_keys(root: Node) -> set[str]:
    """The names top-level declarations declare: `Name` for functions, types, vars and consts;
    `Recv.Name` for methods (a method of `*T` and of `T` both key as `T.Name`)."""
    keys: set[str] = set()
    for child in root.named_children:
        if child.type == "function_declaration":
            name = child.child_by_field_name("name")
            if name is not None:
                keys.add(text(name))
        elif child.type == "method_declaration":
            name = child.child_by_field_name("name")
            receiver = child.child_by_field_name("receiver")
            recv_type = ""
            if receiver is not None:
                for ident in _walk_types(receiver):
                    recv_type = ident
                    break
            if name is not None:
                keys.add(f"{recv_type}.{text(name)}")
        elif child.type == "type_declaration":
            for spec in child.named_children:
                if spec.type in ("type_spec", "type_alias"):
                    name = spec.child_by_field_name("name")
                    if name is not None:
                        keys.add(text(name))
        elif child.type in ("var_declaration", "const_declaration"):
            keys |= declared_names(child)
    return keys


def _walk_types(node: Node):
    stack = [node]
    while stack:
        current = stack.pop(0)
        if current.type == "type_identifier":
            yield text(current)
        stack.extend(current.named_children)
