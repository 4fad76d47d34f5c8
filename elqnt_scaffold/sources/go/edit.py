"""Structural edits of Go source: byte splices at tree-sitter node offsets, gofmt-clean results.

Each function parses the file once, computes one or more (start, end, text) splices and applies them;
every byte outside the splices is kept.  Inserted code is indented like its neighbours (tabs in gofmt
code).  Every edit is idempotent: applying it to its own result changes nothing.
"""

from __future__ import annotations

from tree_sitter import Node

from .nodes import Doc, Edit, GoSourceError, call_arg_nodes, assigned_names, block_comments, body_statements, calls_in, decl_keys, declared_names, outer_calls, tokens, used_identifiers
from ..treesitter import first_syntax_problem, parse, text

# --------------------------------------------------------------------------- parameters and arguments


def add_func_param(src: str, func: str, name: str, type_: str) -> str:
    """Add ``name type_`` as the last parameter of top-level ``func``; no-op if ``name`` is a parameter."""
    doc = Doc(src)
    fn = doc.func(func)
    params = fn.child_by_field_name("parameters")
    assert params is not None
    decls = [
        c
        for c in params.named_children
        if c.type in ("parameter_declaration", "variadic_parameter_declaration")
    ]
    for decl in decls:
        if name in (text(n) for n in decl.children_by_field_name("name")):
            return src
    line = params.start_point[0] + 1
    if any(not decl.children_by_field_name("name") for decl in decls):
        raise GoSourceError(line, f"{func}() has unnamed parameters; cannot add named parameter {name}")
    if decls and decls[-1].type == "variadic_parameter_declaration":
        raise GoSourceError(line, f"{func}() ends with a variadic parameter; cannot add {name} after it")
    return doc.splice([_append_item(doc, params, decls, f"{name} {type_}")])


def add_call_arg(src: str, func: str, callee: str, arg: str) -> str:
    """Append ``arg`` to the first call of ``callee`` in ``func``'s body; no-op if already an argument."""
    doc = Doc(src)
    fn = doc.func(func)
    body = fn.child_by_field_name("body")
    calls = calls_in(body, callee) if body is not None else []
    if not calls:
        raise GoSourceError(fn.start_point[0] + 1, f"{func}() has no call to {callee}()")
    call = calls[0]
    args = call_arg_nodes(call)
    new = tokens(_snippet_expr(arg, fn))
    if any(tokens(a) == new for a in args):
        return src
    if args and args[-1].type == "variadic_argument":
        raise GoSourceError(
            call.start_point[0] + 1, f"call to {callee}() ends with a variadic argument; cannot add {arg}"
        )
    arg_list = call.child_by_field_name("arguments")
    assert arg_list is not None
    return doc.splice([_append_item(doc, arg_list, args, arg.strip())])


def _append_item(doc: Doc, lst: Node, items: list[Node], new: str) -> Edit:
    """Append to a parenthesised, comma-separated list (parameters or arguments), keeping its layout."""
    open_, close = lst.children[0], lst.children[-1]
    if not items:
        if any(c.type == "comment" for c in lst.named_children):
            raise GoSourceError(lst.start_point[0] + 1, "cannot add to a list that holds only comments")
        return (open_.end_byte, close.start_byte, new)
    last = items[-1]
    if last.end_point[0] == close.start_point[0]:
        return (last.end_byte, last.end_byte, ", " + new)
    # multi-line list: the last item ends with a comma; the new item gets its own line
    if last.start_point[0] != open_.start_point[0]:
        indent = doc.indent_at(last.start_byte)
    else:
        indent = doc.indent_at(close.start_byte) + "\t"
    at = doc.line_end(last.end_byte)
    return (at, at, f"\n{indent}{new},")


def _snippet_expr(expr: str, where: Node) -> Node:
    tree = parse("go", f"package p\n\nvar _ = f(\n{expr.strip()},\n)\n")
    problem = first_syntax_problem(tree)
    args = None if problem else call_arg_nodes(_first(tree.root_node, "call_expression"))
    if problem or not args or len(args) != 1:
        raise GoSourceError(where.start_point[0] + 1, f"not a Go expression: {expr!r}")
    return args[0]


def _first(node: Node, type_: str) -> Node:
    stack = [node]
    while stack:
        n = stack.pop()
        if n.type == type_:
            return n
        stack.extend(reversed(n.named_children))
    raise LookupError(type_)


# --------------------------------------------------------------------------- statements


def _snippet_stmt(stmt: str, where: Node) -> Node:
    tree = parse("go", f"package p\n\nfunc _() {{\n{stmt.strip()}\n}}\n")
    problem = first_syntax_problem(tree)
    block = _first(tree.root_node, "block")
    stmts = body_statements(block) if problem is None else []
    if len(stmts) != 1:
        why = f"({problem.message})" if problem else "(expected exactly one statement)"
        raise GoSourceError(where.start_point[0] + 1, f"not a Go statement {why}: {stmt!r}")
    return stmts[0]


def _indented(stmt: str, indent: str) -> str:
    return "\n".join(indent + line if line.strip() else "" for line in stmt.strip().split("\n"))


def _present(new: Node, stmts: list[Node]) -> bool:
    """The statement is in the body already, or is a ``:=`` that would only redeclare names."""
    norm = tokens(new)
    if any(tokens(s) == norm for s in stmts):
        return True
    names = declared_names(new)
    if new.type == "short_var_declaration" and names:
        declared = set().union(*(declared_names(s) for s in stmts)) if stmts else set()
        return names <= declared
    return False


def _body(doc: Doc, func: str) -> tuple[Node, Node]:
    fn = doc.func(func)
    body = fn.child_by_field_name("body")
    if body is None:
        raise GoSourceError(fn.start_point[0] + 1, f"{func}() has no body")
    return fn, body


def _block_items(body: Node) -> list[Node]:
    return sorted(body_statements(body) + block_comments(body), key=lambda n: n.start_byte)


def _needs_rebuild(doc: Doc, body: Node) -> bool:
    """A body on one line (``{}`` / ``{ x() }``) or with code before its closing brace."""
    close = body.children[-1]
    return body.start_point[0] == close.start_point[0] or bool(
        doc.data[doc.line_start(close.start_byte) : close.start_byte].strip()
    )


def _rebuild(doc: Doc, fn: Node, body: Node, at: int, new_texts: list[str]) -> Edit:
    """Rewrite a one-line body as a gofmt multi-line block with ``new_texts`` at item index ``at``."""
    outer = doc.indent_at(fn.start_byte)
    lines = [_indented(text(n), outer + "\t") for n in _block_items(body)]
    lines[at:at] = [_indented(t, outer + "\t") for t in new_texts]
    return (body.start_byte, body.end_byte, "{\n" + "".join(s + "\n" for s in lines) + outer + "}")


def _body_indent(doc: Doc, fn: Node, body: Node) -> str:
    for item in _block_items(body):
        if item.start_point[0] != body.start_point[0]:
            return doc.indent_at(item.start_byte)
    return doc.indent_at(fn.start_byte) + "\t"


def append_statements(src: str, func: str, stmts: list[str]) -> str:
    """Append statements at the end of ``func``'s body, skipping those already present.

    Present means: a direct statement of the body with the same tokens (whitespace and comments
    ignored), or - for ``a, b := ...`` - every name it declares is declared by the body already (it
    could not compile a second time).
    """
    doc = Doc(src)
    fn, body = _body(doc, func)
    existing = body_statements(body)
    new_texts: list[str] = []
    for stmt in stmts:
        node = _snippet_stmt(stmt, fn)
        if _present(node, existing):
            continue
        existing.append(node)
        new_texts.append(stmt.strip())
    if not new_texts:
        return src
    if _needs_rebuild(doc, body):
        return doc.splice([_rebuild(doc, fn, body, len(_block_items(body)), new_texts)])
    indent = _body_indent(doc, fn, body)
    at = doc.line_start(body.children[-1].start_byte)
    return doc.splice([(at, at, "".join(_indented(t, indent) + "\n" for t in new_texts))])


def insert_statement_after(
    src: str, func: str, stmt: str, after_callee_prefixes: list[str], before_callee: str
) -> str:
    """Insert ``stmt`` into ``func``'s body at its place in a composition sequence.

    1. No-op when the statement is present (see :func:`append_statements`).
    2. Anchor: for the first prefix in ``after_callee_prefixes`` that matches anything, the LAST direct
       statement of the body whose outermost call (``x := f()``, ``x, err := f()``, ``f()``,
       ``var x = f()``) has a function text starting with the prefix.  The statement goes on its own
       line right after the anchor (after its trailing comment; a comment on the next line stays
       where it is).  Guards of the anchor's variables that follow it (``if err != nil {...}``,
       ``defer db.Close()``) stay attached to it: the new line goes after them.
    3. No anchor: before the first direct statement calling ``before_callee`` - and before the run of
       statements directly above it (no blank line) that declare what it uses (``mux :=
       http.NewServeMux()``) and the comment lines heading that run (``// Routes``), followed by a
       blank line when there was such a heading.
    4. Never before a statement declaring an identifier that ``stmt`` uses: the line moves down to
       just after that declaration (and its guards) when the rule above would put it earlier.
    GoSourceError when there is no anchor, no call to ``before_callee`` and no declaration ``stmt`` uses.
    """
    doc = Doc(src)
    fn, body = _body(doc, func)
    stmts = body_statements(body)
    new = _snippet_stmt(stmt, fn)
    if _present(new, stmts):
        return src
    new_text = stmt.strip()
    uses = used_identifiers(new) - declared_names(new)
    dep = max((i for i, s in enumerate(stmts) if declared_names(s) & uses), default=-1)

    anchor = None
    for prefix in after_callee_prefixes:
        hits = [
            i
            for i, s in enumerate(stmts)
            if any(text(c.child_by_field_name("function")).startswith(prefix) for c in outer_calls(s))
        ]
        if hits:
            anchor = hits[-1]
            break

    before = None
    if anchor is None:
        before = next((i for i, s in enumerate(stmts) if calls_in(s, before_callee)), None)
        if before is None and dep < 0:
            raise GoSourceError(
                fn.start_point[0] + 1,
                f"{func}(): no place for {new_text!r}: no call starting with "
                f"{' / '.join(after_callee_prefixes)} and no call to {before_callee}()",
            )
        if before is not None:
            while (
                before - 1 > dep
                and stmts[before - 1].end_point[0] == stmts[before].start_point[0] - 1
                and declared_names(stmts[before - 1]) & used_identifiers(stmts[before])
            ):
                before -= 1
            if before <= dep:
                before = None
    if before is None:
        anchor = max(anchor if anchor is not None else -1, dep)
        names = assigned_names(stmts[anchor])
        while anchor + 1 < len(stmts) and _guards(stmts[anchor + 1], names):
            anchor += 1

    items = _block_items(body)
    if _needs_rebuild(doc, body):
        if before is not None:
            at = _index_of(items, stmts[before]) - _heading_len(items, stmts[before])
        else:
            at = _index_of(items, stmts[anchor]) + 1
        return doc.splice([_rebuild(doc, fn, body, at, [new_text])])
    if before is not None:
        target = stmts[before]
        heading = _heading_len(items, target)
        first = items[_index_of(items, target) - heading]
        at = doc.line_start(first.start_byte)
        insert = _indented(new_text, doc.indent_at(target.start_byte)) + "\n" + ("\n" if heading else "")
        return doc.splice([(at, at, insert)])
    target = stmts[anchor]
    at = doc.line_end(target.end_byte)
    return doc.splice([(at, at, "\n" + _indented(new_text, doc.indent_at(target.start_byte)))])


def _guards(stmt: Node, names: set[str]) -> bool:
    """``if err != nil {...}`` / ``defer db.Close()`` following the statement that set err / db."""
    if not names:
        return False
    if stmt.type == "if_statement" and stmt.child_by_field_name("initializer") is None:
        cond = stmt.child_by_field_name("condition")
        return cond is not None and bool(used_identifiers(cond) & names)
    if stmt.type == "defer_statement":
        return bool(used_identifiers(stmt) & names)
    return False


def _index_of(items: list[Node], node: Node) -> int:
    return next(i for i, n in enumerate(items) if n.start_byte == node.start_byte and n.type == node.type)


def _heading_len(items: list[Node], node: Node) -> int:
    """Number of own-line comments directly above ``node`` (no blank line between)."""
    i = _index_of(items, node)
    n = 0
    row = node.start_point[0]
    while i - n - 1 >= 0:
        c = items[i - n - 1]
        if c.type != "comment" or c.end_point[0] != row - 1:
            break
        if i - n - 2 >= 0 and items[i - n - 2].end_point[0] == c.start_point[0]:
            break  # trailing comment of a statement
        n += 1
        row = c.start_point[0]
    return n


__all__ = [
    "add_call_arg",
    "add_func_param",
    "append_statements",
    "insert_statement_after",
]


# --------------------------------------------------------------------------- declarations


def append_decls(src: str, decls: list[str]) -> str:
    """Append top-level declarations (functions, methods, types, vars, consts) at the end of the file,
    skipping each one whose names the file declares already (methods by receiver type and name).

    Each new declaration is separated from what precedes it by one blank line; every byte of the file
    before its end is kept.  Idempotent: applying it to its own result changes nothing.
    """
    doc = Doc(src)
    have = decl_keys(doc.root)
    new_texts: list[str] = []
    for decl in decls:
        tree = parse("go", f"package p\n\n{decl.strip()}\n".encode("utf-8"))
        problem = first_syntax_problem(tree)
        if problem is not None:
            raise GoSourceError(1, f"not a Go declaration ({problem.message}): {decl.strip()[:60]!r}")
        keys = decl_keys(tree.root_node)
        if not keys:
            raise GoSourceError(1, f"not a Go declaration: {decl.strip()[:60]!r}")
        if keys & have:
            continue
        have |= keys
        new_texts.append(decl.strip("\n"))
    if not new_texts:
        return src
    body = src.rstrip("\r\n")
    newline = "\r\n" if "\r\n" in src else "\n"
    added = "".join(newline + newline + t.replace("\n", newline) for t in new_texts)
    return body + added + newline
