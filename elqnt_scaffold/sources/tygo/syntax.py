"""Parsing a Go file the way go/parser (inside tygo) accepts it, with tree-sitter-go.

Two differences between the two parsers matter for tygo's output:

- Go 1.26's `new(expr)` (`new("anon")`, `new(42)`, `new(f())`): tree-sitter-go only knows `new(Type)` and
  marks the rest a syntax error. go/parser reads any `new(...)` as a call, and tygo never prints a call's
  callee (a call is the fallback type wherever it is written), so the `new` of a call whose arguments
  tree-sitter rejects is renamed, in place and at the same length, to a plain function name, and the file
  is parsed again: every other error stays an error, every offset and line stays the same.
- go/parser stops at 100,000 levels of nesting ("exceeded max nesting depth") and tygo fails with it;
  `nesting_problem` estimates go/parser's level (exact for chains of binary operators, parentheses,
  unary operators and nested types, the shapes that get that deep) so such a file is refused too, while a
  constant of thousands of concatenated strings is converted.

    parse_go(source)      -> (tree, None) | (tree, SyntaxProblem(line, column, message))
"""

from __future__ import annotations

from tree_sitter import Node, Tree

from ..treesitter import SyntaxProblem, first_syntax_problem, parse

MAX_NESTING = 100_000  # go/parser's maxNestLev

_IDENT = frozenset(b"abcdefghijklmnopqrstuvwxyzABCDEFGHIJKLMNOPQRSTUVWXYZ0123456789_")


def parse_go(source: str) -> tuple[Tree, SyntaxProblem | None]:
    """tree-sitter-go's tree of `source` (with `new(expr)` calls made readable) and the first problem
    go/parser would report, or None."""
    tree = parse("go", source)
    if tree.root_node.has_error and "new" in source:
        tree = _readable_new_calls(source, tree)
    problem = first_syntax_problem(tree)
    if problem is None and len(source) >= MAX_NESTING:  # each level takes at least one byte
        problem = nesting_problem(tree.root_node)
    return tree, problem


# --------------------------------------------------------------------------- new(expr)


def _readable_new_calls(source: str, tree: Tree) -> Tree:
    data = bytearray(source.encode("utf-8"))
    spans = _new_calls(bytes(data))
    while spans:
        start, end = _first_error(tree.root_node)
        hit = next((span for span in spans if span[0] <= end and start <= span[1]), None)
        if hit is None:
            break  # an error no `new(...)` explains: a real one
        spans.remove(hit)
        data[hit[0] + 2] = ord("x")  # new -> nex: an ordinary call, same length
        tree = parse("go", bytes(data))
        if not tree.root_node.has_error:
            break
    return tree


def _first_error(root: Node) -> tuple[int, int]:
    """Byte range of the first ERROR or MISSING node (tree-sitter may wrap a whole declaration)."""
    stack = [root]
    while stack:
        node = stack.pop()
        if node.is_missing or node.is_error:
            return node.start_byte, node.end_byte
        stack.extend(reversed([c for c in node.children if c.has_error or c.is_missing]))
    return root.start_byte, root.end_byte


def _new_calls(data: bytes) -> list[tuple[int, int]]:
    """(offset of `new`, offset of its closing parenthesis) of every `new(` outside comments and
    literals that is not a selector (`x.new(`)."""
    out = []
    opened: list[int | None] = []  # per open parenthesis: the `new` it belongs to
    i, n = 0, len(data)
    while i < n:
        c = data[i]
        if c == 0x2F and data[i + 1 : i + 2] == b"/":  # // comment
            end = data.find(b"\n", i)
            i = n if end == -1 else end
        elif c == 0x2F and data[i + 1 : i + 2] == b"*":
            end = data.find(b"*/", i + 2)
            i = n if end == -1 else end + 2
        elif c in b"\"'":
            i = _skip_quoted(data, i, c)
        elif c == 0x60:  # raw string
            end = data.find(b"`", i + 1)
            i = n if end == -1 else end + 1
        elif c == 0x28:  # (
            opened.append(None)
            i += 1
        elif c == 0x29:  # )
            if opened:
                start = opened.pop()
                if start is not None:
                    out.append((start, i))
            i += 1
        elif data.startswith(b"new", i) and _starts_word(data, i) and (i + 3 >= n or data[i + 3] not in _IDENT):
            j = i + 3
            while j < n and data[j] in b" \t":
                j += 1
            if j < n and data[j] == 0x28:
                opened.append(i)
                i = j + 1
            else:
                i += 3
        else:
            i += 1
    out += [(start, n) for start in opened if start is not None]  # never closed: to the end
    return out


def _starts_word(data: bytes, i: int) -> bool:
    if i == 0:
        return True
    before = data[i - 1]
    return before not in _IDENT and before != 0x2E and before < 0x80


def _skip_quoted(data: bytes, i: int, quote: int) -> int:
    j = i + 1
    while j < len(data) and data[j] != quote and data[j] != 0x0A:
        j += 2 if data[j] == 0x5C else 1
    return j + 1


# --------------------------------------------------------------------------- nesting


_PASS = 0  # declarations, specs, lists: go/parser does not count them
_TYPES = ("pointer_type", "slice_type", "array_type", "implicit_length_array_type", "map_type", "channel_type",
          "function_type", "struct_type", "interface_type", "generic_type", "parenthesized_type")  # fmt: skip
_TYPE_LEAVES = ("type_identifier", "qualified_type")
_LITERALS = ("int_literal", "float_literal", "imaginary_literal", "rune_literal", "interpreted_string_literal",
             "raw_string_literal")  # fmt: skip
_STATEMENTS_UP = ("block", "if_statement", "for_statement", "expression_switch_statement", "type_switch_statement",
                  "select_statement", "literal_value", "func_literal")  # fmt: skip


def nesting_problem(root: Node) -> SyntaxProblem | None:
    """go/parser's "exceeded max nesting depth", estimated over the tree (see the module's doc)."""
    stack: list[tuple[Node, int, bool]] = [(root, 0, False)]  # node, level, is the type of a spec or field
    while stack:
        node, level, spec_type = stack.pop()
        t = node.type
        if t == "binary_expression":
            spine = []
            while node.type == "binary_expression":
                spine.append(node)
                node = node.child_by_field_name("left")
            if level + len(spine) + 1 > MAX_NESTING:
                return _too_deep(spine[0])
            stack.append((node, level, False))
            stack.extend((b.child_by_field_name("right"), level + j, False) for j, b in enumerate(reversed(spine), 1))
            continue
        if t in ("unary_expression", "parenthesized_expression"):
            if level + 2 > MAX_NESTING:
                return _too_deep(node)
            stack.extend((c, level + 1, False) for c in node.named_children)
            continue
        if t in _TYPES:
            inner = level if spec_type and t in ("slice_type", "array_type") else level + 1
            stack.extend((c, inner, False) for c in node.named_children)
            continue
        if t in _TYPE_LEAVES:
            if level + 1 > MAX_NESTING:
                return _too_deep(node)
            continue
        if node.child_count == 0 or t in _LITERALS:
            if level + 2 > MAX_NESTING:
                return _too_deep(node)
            continue
        up = 1 if t in _STATEMENTS_UP or t.endswith(("_expression", "_statement")) else _PASS
        typed = node.child_by_field_name("type") if t in ("type_spec", "type_alias", "field_declaration") else None
        for c in node.named_children:
            is_type = typed is not None and c == typed  # go/parser reads a `[` there without a level
            stack.append((c, level + up, is_type))
    return None


def _too_deep(node: Node) -> SyntaxProblem:
    row, col = node.start_point
    return SyntaxProblem(row + 1, col + 1, "exceeded max nesting depth")
