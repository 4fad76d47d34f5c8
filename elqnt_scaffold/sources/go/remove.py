"""Inverse edits of :mod:`.edit` and :mod:`.imports`: removing and replacing code by byte splices.

Every function parses its input once (:class:`GoSourceError` with a 1-based ``line`` on a syntax error
or an edit that cannot be made), deletes or replaces byte ranges at tree-sitter node offsets, keeps every
other byte, and returns its input object unchanged when there is nothing to do; each is idempotent.
Removing what the matching insert added gives back the file byte for byte (see each docstring for
the shapes where that cannot be told apart from the result).
"""

from __future__ import annotations

import re
from types import SimpleNamespace

from tree_sitter import Node

from .edit import _body, _snippet_expr, _snippet_stmt
from .nodes import Doc, Edit, GoSourceError, body_statements, call_arg_nodes, calls_in, decl_keys, import_specs, tokens
from ..treesitter import first_syntax_problem, parse, text

# --------------------------------------------------------------------------- line geometry


def _rest_end(doc: Doc, pos: int, comma: bool = False) -> int | None:
    """End of what follows ``pos`` on its line - an optional ``,`` then comments - when nothing else
    (no code) follows; None when code follows."""
    data, end, p = doc.data, pos, pos
    while True:
        while p < len(data) and data[p : p + 1] in (b" ", b"\t"):
            p += 1
        if comma and data[p : p + 1] == b",":
            p = end = p + 1
            comma = False
            continue
        if data[p : p + 2] in (b"//", b"/*"):
            node = doc.root.descendant_for_byte_range(p, p + 2)
            if node is None or node.type != "comment" or node.start_byte != p:
                return None
            p = end = node.end_byte
            if data[p - 1 : p] == b"\r":  # a // comment's node holds the \r of a \r\n
                end -= 1
            continue
        return end if p >= len(data) or data[p : p + 1] in (b"\r", b"\n") else None


def _owned_end(doc: Doc, start: int, end: int, comma: bool = False) -> int | None:
    """End of the item at [start, end) with its trailing comma / comments when it is alone on its
    lines (only indentation before it), else None."""
    if doc.data[doc.line_start(start) : start].strip():
        return None
    return _rest_end(doc, end, comma)


def _blank(doc: Doc, line_start: int) -> bool:
    return line_start < len(doc.data) and not doc.data[line_start : doc.line_end(line_start)].strip()


def _drop_lines(doc: Doc, spans: list[tuple[int, int]], open_row: int, close_row: int, imports: bool) -> list[Edit]:
    """Delete the whole lines of each span (items alone on their lines).  Runs separated only by blank
    lines merge.  A blank line left right after ``{`` / ``(`` or after another blank line goes too (it
    was inserted with the run); with ``imports`` also a blank line left right before ``)`` (a group
    ``ensure_imports`` opened at the bottom)."""
    data = doc.data
    runs: list[list[int]] = []
    for s, e in sorted(spans):
        s, e = doc.line_start(s), min(doc.line_end(e) + 1, len(data))
        if runs and not data[runs[-1][1] : max(s, runs[-1][1])].strip():
            runs[-1][1] = max(runs[-1][1], e)
        else:
            runs.append([s, e])
    edits: list[Edit] = []
    for s, e in runs:
        before_blank = s > 0 and _blank(doc, doc.line_start(s - 1))
        if _blank(doc, e) and (before_blank or data.count(b"\n", 0, s) - 1 == open_row):
            e = min(doc.line_end(e) + 1, len(data))
        elif imports and before_blank and data.count(b"\n", 0, e) == close_row:
            s = doc.line_start(s - 1)
        edits.append((s, e, ""))
    return edits


# --------------------------------------------------------------------------- statements


def remove_statements(src: str, func: str, stmts: list[str]) -> str:
    """Remove the direct statements of ``func``'s body whose tokens equal one of ``stmts`` (whitespace
    and comments ignored; every occurrence), with their whole lines and trailing comments.

    The inverse of :func:`append_statements` / :func:`insert_statement_after`: a blank line left right
    after the body's ``{`` or after another blank line goes too (the one inserted with a statement
    placed above a ``// Routes`` heading).  Statements not found are ignored.  GoSourceError: no
    function ``func``, a ``stmts`` entry that is not one statement, or a matching statement sharing its
    line with other code (``{ a(); b() }``).  Not inverted: a one-line body the insert rebuilt on
    several lines stays multi-line.
    """
    doc = Doc(src)
    fn, body = _body(doc, func)
    wanted = {tokens(_snippet_stmt(s, fn)) for s in stmts}
    spans = []
    for stmt in body_statements(body):
        if tokens(stmt) not in wanted:
            continue
        end = _owned_end(doc, stmt.start_byte, stmt.end_byte)
        if end is None:
            raise GoSourceError(stmt.start_point[0] + 1, f"{func}(): {text(stmt)[:60]!r} shares its line with other code")
        spans.append((stmt.start_byte, end))
    if not spans:
        return src
    return doc.splice(_drop_lines(doc, spans, body.start_point[0], body.end_point[0], imports=False))


# --------------------------------------------------------------------------- parameters and arguments


def _remove_item(doc: Doc, lst: Node, items: list[Node], i: int) -> Edit:
    """Delete item ``i`` of a parenthesised comma-separated list, keeping its layout: a line of its own
    (with its comma and trailing comment) in a multi-line list, ``, x`` / ``x, `` on one line, and the
    only item down to ``()``."""
    open_, close, item = lst.children[0], lst.children[-1], items[i]
    end = _owned_end(doc, item.start_byte, item.end_byte, comma=True)
    stop = item.end_byte if end is None else end
    others = [c for c in lst.named_children if c.type == "comment" and not item.start_byte <= c.start_byte < stop]
    if len(items) == 1 and not others:
        return (open_.end_byte, close.start_byte, "")
    if end is not None:
        return _drop_lines(doc, [(item.start_byte, end)], open_.start_point[0], close.start_point[0], False)[0]
    prev = items[i - 1] if i else None
    nxt = items[i + 1] if i + 1 < len(items) else None
    if prev is not None and (nxt is None or prev.end_point[0] == item.start_point[0]):
        return (prev.end_byte, item.end_byte, "")
    if nxt is not None:
        return (item.start_byte, nxt.start_byte, "")
    return (item.start_byte, _rest_end(doc, item.end_byte, comma=True) or item.end_byte, "")


def remove_call_arg(src: str, func: str, callee: str, arg: str) -> str:
    """Remove ``arg`` (compared by tokens) from the first call of ``callee`` in ``func``'s body; the
    inverse of :func:`add_call_arg` for one-line lists (``f(a, b)``), multi-line lists with trailing
    commas (the argument's line goes) and the only argument (``f()``).  Every occurrence goes.
    No-op when the call or the argument is missing; GoSourceError: no function ``func`` or ``arg`` is
    not an expression."""
    doc = Doc(src)
    fn, body = _body(doc, func)
    want = tokens(_snippet_expr(arg, fn))
    out = src
    while True:
        calls = calls_in(body, callee)
        args = call_arg_nodes(calls[0]) if calls else []
        i = next((i for i, a in enumerate(args) if tokens(a) == want), None)
        if i is None:
            return out
        out = doc.splice([_remove_item(doc, calls[0].child_by_field_name("arguments"), args, i)])
        doc = Doc(out)
        fn, body = _body(doc, func)


def remove_func_param(src: str, func: str, name: str) -> str:
    """Remove parameter ``name`` from top-level ``func``; the inverse of :func:`add_func_param`.

    Shapes: ``(a T, b U)`` -> ``(a T)``; a parameter on its own line of a multi-line list loses the
    line; the only parameter -> ``()``; in a group ``a, b *T`` only the name goes (``a *T``).  No-op
    when there is no such parameter; GoSourceError when there is no function ``func``.
    """
    doc = Doc(src)
    params = doc.func(func).child_by_field_name("parameters")
    assert params is not None
    decls = [c for c in params.named_children if c.type in ("parameter_declaration", "variadic_parameter_declaration")]
    for i, decl in enumerate(decls):
        names = decl.children_by_field_name("name")
        for j, node in enumerate(names):
            if text(node) != name:
                continue
            if len(names) == 1:
                return doc.splice([_remove_item(doc, params, decls, i)])
            if j:
                return doc.splice([(names[j - 1].end_byte, node.end_byte, "")])
            return doc.splice([(node.start_byte, names[1].start_byte, "")])
    return src


# --------------------------------------------------------------------------- imports


def _assumed_name(path: str) -> str:
    """The package name an unaliased import is referred to by (goimports' ImportPathToAssumedName)."""
    parts = path.split("/")
    base = parts[-1]
    if len(parts) > 1 and base[:1] == "v" and base[1:].isdigit():
        base = parts[-2]
    return re.match(r"\w*", base.removeprefix("go-")).group()  # type: ignore[union-attr]


def _package_refs(root: Node) -> set[str]:
    """Identifiers used as the package of a selector ``pkg.X`` or qualified type, outside imports."""
    refs: set[str] = set()
    stack = [root]
    while stack:
        n = stack.pop()
        if n.type in ("import_declaration", "package_clause"):
            continue
        operand = n.child_by_field_name("operand") if n.type == "selector_expression" else None
        if operand is not None and operand.type == "identifier":
            refs.add(text(operand))
        elif n.type == "qualified_type" and (pkg := n.child_by_field_name("package")) is not None:
            refs.add(text(pkg))
        stack.extend(n.named_children)
    return refs


def _drop_decl(doc: Doc, decl: Node) -> Edit:
    """Delete a whole declaration with the blank line separating it from what precedes it (the
    ``"\\n\\nimport (...)"`` that ensure_imports inserted), or else its own lines."""
    start, end = decl.start_byte, _rest_end(doc, decl.end_byte) or decl.end_byte
    for sep in (b"\n\n", b"\r\n\r\n"):
        if doc.data[:start].endswith(sep):
            return (start - len(sep), end, "")
    return (doc.line_start(start), min(doc.line_end(end) + 1, len(doc.data)), "")


def remove_unused_imports(src: str, paths: list[str]) -> str:
    """Remove the imports of ``paths`` whose package is not referenced any more (no ``pkg.X`` selector
    or ``pkg.T`` type anywhere; the package is the alias, else the last path element without a ``/vN``
    suffix or ``go-`` prefix).  Blank (``_``), dot and ``"C"`` imports are never removed.

    Inverse of :func:`ensure_imports`: a spec's line goes with a blank line left after ``(`` or another
    blank line, or before ``)`` (a group it opened); a block left with one spec (and no comments)
    becomes ``import "x"`` again; an emptied block (or single import) goes with the blank line above
    it.  Not told apart: a one-spec block the user wrote also becomes ``import "x"``, and ``package p``
    with no newline at EOF comes back with one.  GoSourceError: an import block with two specs on a
    line (not gofmt-formatted).
    """
    doc = Doc(src)
    used = _package_refs(doc.root)
    drop: set[int] = set()
    for spec, path in import_specs(doc.root):
        alias = spec.child_by_field_name("name")
        name = text(alias) if alias is not None else _assumed_name(path)
        if path in paths and path != "C" and name not in ("_", ".") and name not in used:
            drop.add(spec.start_byte)
    if not drop:
        return src
    edits: list[Edit] = []
    for decl in (d for d in doc.root.named_children if d.type == "import_declaration"):
        spec_list = next((c for c in decl.named_children if c.type == "import_spec_list"), None)
        if spec_list is None:
            if any(c.start_byte in drop for c in decl.named_children if c.type == "import_spec"):
                edits.append(_drop_decl(doc, decl))
            continue
        specs = [c for c in spec_list.named_children if c.type == "import_spec"]
        gone = [s for s in specs if s.start_byte in drop]
        kept = [s for s in specs if s.start_byte not in drop]
        comments = any(c.type == "comment" for c in spec_list.named_children)
        if not gone:
            continue
        if not kept and not comments:
            edits.append(_drop_decl(doc, decl))
        elif len(kept) == 1 and not comments:
            edits.append((spec_list.start_byte, spec_list.end_byte, text(kept[0])))
        else:
            spans = []
            for spec in gone:
                end = _owned_end(doc, spec.start_byte, spec.end_byte)
                if end is None:
                    raise GoSourceError(spec.start_point[0] + 1, "import block is not gofmt-formatted (run gofmt first)")
                spans.append((spec.start_byte, end))
            edits += _drop_lines(doc, spans, spec_list.start_point[0], spec_list.end_point[0], imports=True)
    return doc.splice(edits)


# --------------------------------------------------------------------------- declarations


def _decls(doc: Doc) -> list[tuple[Node, set[str]]]:
    """Top-level declarations with the keys :func:`nodes.decl_keys` gives them (``F``, ``T.M``, ...)."""
    out = []
    for child in doc.root.named_children:
        keys = decl_keys(SimpleNamespace(named_children=[child]))  # type: ignore[arg-type]
        if keys:
            out.append((child, keys))
    return out


def _extent(doc: Doc, node: Node) -> tuple[int, int]:
    """[start of its doc comment, end of its trailing comment) of a top-level declaration."""
    first, prev = node, node.prev_sibling
    while prev is not None and prev.type == "comment" and prev.end_point[0] == first.start_point[0] - 1:
        before = prev.prev_sibling
        if before is not None and before.type != "comment" and before.end_point[0] == prev.start_point[0]:
            break  # the trailing comment of the line above
        first, prev = prev, prev.prev_sibling
    return first.start_byte, _rest_end(doc, node.end_byte) or node.end_byte


def decl_text(src: str, key: str) -> str | None:
    """The text of the top-level declaration keyed ``key`` (``F``, ``T.M`` for methods of ``T`` or
    ``*T``, ``T`` for types, ``V`` for vars and consts) with its doc comment and trailing comment,
    ``\\r\\n`` read as ``\\n``; None when the file has no such declaration.  GoSourceError: syntax."""
    doc = Doc(src)
    for node, keys in _decls(doc):
        if key in keys:
            start, end = _extent(doc, node)
            return doc.data[start:end].decode("utf-8").replace("\r\n", "\n")
    return None


def replace_decls(src: str, decls: dict[str, str | None]) -> str:
    """Replace (text) or remove (None) top-level declarations by key (see :func:`decl_text`).

    A replacement takes the place of the declaration and its doc comment (``\\n`` written as the file's
    ``\\r\\n`` when it uses them) and must declare ``key``.  A removal also deletes the blank lines
    separating the declaration from what precedes it, so removing what :func:`append_decls` appended
    gives the file back.  A removal of a missing key is ignored.  GoSourceError: a replacement for a
    missing key or that is not a declaration of ``key``; a key declared together with another
    (``var a, b = ...``, ``const ( ... )``) unless every key of that declaration gets the same value.
    """
    doc = Doc(src)
    found = _decls(doc)
    newline = "\r\n" if "\r\n" in src else "\n"
    edits: list[Edit] = []
    done: set[int] = set()
    for key, new in decls.items():
        node, keys = next(((n, ks) for n, ks in found if key in ks), (None, set()))
        if node is None:
            if new is None:
                continue
            raise GoSourceError(1, f"no top-level declaration {key} to replace")
        line = node.start_point[0] + 1
        for other in sorted(keys - {key}):
            if other not in decls or decls[other] != new:
                raise GoSourceError(line, f"{key} is declared together with {other}; replace or remove both")
        if node.start_byte in done:
            continue
        done.add(node.start_byte)
        start, end = _extent(doc, node)
        if new is None:
            edits.append((len(doc.data[:start].rstrip(b" \t\r\n")), end, ""))
            continue
        tree = parse("go", f"package p\n\n{new.strip()}\n".encode("utf-8"))
        if first_syntax_problem(tree) is not None or key not in decl_keys(tree.root_node):
            raise GoSourceError(line, f"not a Go declaration of {key}: {new.strip()[:60]!r}")
        replacement = new.strip("\r\n").replace("\r\n", "\n").replace("\n", newline)
        if replacement.encode("utf-8") != doc.data[start:end]:
            edits.append((start, end, replacement))
    return doc.splice(edits) if edits else src


__all__ = [
    "decl_text",
    "remove_call_arg",
    "remove_func_param",
    "remove_statements",
    "remove_unused_imports",
    "replace_decls",
]
