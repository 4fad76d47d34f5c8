"""ensure_imports: adding import paths to a Go file, gofmt-grouped and sorted, by byte splices."""

from __future__ import annotations

from tree_sitter import Node

from .nodes import Doc, Edit, GoSourceError, import_specs
from ..treesitter import text


def ensure_imports(src: str, paths: list[str]) -> str:
    """Add the import paths that are missing (an aliased import of the same path counts as present).

    Target block: the first grouped ``import ( ... )``; else the first single ``import "x"`` (not "C"),
    rewritten as a grouped block; else a new grouped block after the package clause (or after the
    cgo ``import "C"``).  Inside a block, groups are runs of specs separated by blank lines: a standard
    library path (no dot in its first element) joins the first all-stdlib group, or opens a new group at
    the top; any other path joins the non-stdlib group sharing the longest path prefix with it (the first
    one on a tie), or opens a new group at the bottom.  It lands at its sorted place in the group.
    """
    doc = Doc(src)
    present = {path for _, path in import_specs(doc.root)}
    wanted: list[str] = []
    for path in paths:
        if path not in present and path not in wanted:
            wanted.append(path)
    if not wanted:
        return src
    decls = [d for d in doc.root.named_children if d.type == "import_declaration"]
    for decl in decls:
        spec_list = next((c for c in decl.named_children if c.type == "import_spec_list"), None)
        if spec_list is not None:
            return doc.splice(_add_to_spec_list(doc, spec_list, wanted))
    for decl in decls:
        spec = next((c for c in decl.named_children if c.type == "import_spec"), None)
        if spec is not None and _spec_path(spec) != "C":
            block = _block_text([(text(spec), _spec_path(spec))], wanted, "\t")
            return doc.splice([(decl.start_byte, decl.end_byte, "import " + block)])
    if decls:
        anchor = decls[-1]
    else:
        anchor = next((c for c in doc.root.named_children if c.type == "package_clause"), None)
        if anchor is None:
            raise GoSourceError(1, "no package clause")
    at = doc.line_end(anchor.end_byte)
    suffix = "" if at < len(doc.data) else "\n"
    return doc.splice([(at, at, "\n\nimport " + _block_text([], wanted, "\t") + suffix)])


def _is_std(path: str) -> bool:
    return "." not in path.split("/", 1)[0]


def _spec_path(spec: Node) -> str:
    path = spec.child_by_field_name("path")
    raw = text(path) if path is not None else '""'
    return raw[1:-1]


def _quote(path: str) -> str:
    return '"' + path.replace("\\", "\\\\").replace('"', '\\"') + '"'


def _block_text(existing: list[tuple[str, str]], wanted: list[str], indent: str) -> str:
    items = existing + [(_quote(p), p) for p in wanted]
    std = sorted((i for i in items if _is_std(i[1])), key=lambda i: i[1])
    other = sorted((i for i in items if not _is_std(i[1])), key=lambda i: i[1])
    groups = [g for g in (std, other) if g]
    body = "\n\n".join("\n".join(indent + t for t, _ in g) for g in groups)
    return "(\n" + body + "\n)"


def _common_segments(a: str, b: str) -> int:
    n = 0
    for x, y in zip(a.split("/"), b.split("/")):
        if x != y:
            break
        n += 1
    return n


def _leading_comments_start(doc: Doc, node: Node, floor_row: int) -> int:
    """Byte offset of the line where ``node``'s own-line comments directly above it begin."""
    start = node
    prev = node.prev_sibling
    while (
        prev is not None
        and prev.type == "comment"
        and prev.end_point[0] == start.start_point[0] - 1
        and prev.start_point[0] > floor_row
    ):
        before = prev.prev_sibling
        if before is not None and before.end_point[0] == prev.start_point[0]:
            break  # trailing comment of the line above
        start = prev
        prev = prev.prev_sibling
    return doc.line_start(start.start_byte)


def _add_to_spec_list(doc: Doc, spec_list: Node, wanted: list[str]) -> list[Edit]:
    specs = [(c, _spec_path(c)) for c in spec_list.named_children if c.type == "import_spec"]
    open_row = spec_list.start_point[0]
    close_row = spec_list.end_point[0]
    rows = [s.start_point[0] for s, _ in specs]
    one_line = (
        not specs
        or len(set(rows)) != len(rows)
        or rows[0] == open_row
        or specs[-1][0].end_point[0] == close_row
    )
    if one_line:
        if any(c.type == "comment" for c in spec_list.named_children):
            raise GoSourceError(open_row + 1, "import block is not gofmt-formatted (run gofmt first)")
        indent = doc.indent_at(spec_list.start_byte) + "\t"
        block = _block_text([(text(s), p) for s, p in specs], wanted, indent)
        block = block[:-1] + doc.indent_at(spec_list.start_byte) + ")"
        return [(spec_list.start_byte, spec_list.end_byte, block)]

    lines = doc.data.split(b"\n")
    groups: list[list[tuple[Node, str]]] = [[specs[0]]]
    for prev, cur in zip(specs, specs[1:]):
        between = range(prev[0].end_point[0] + 1, cur[0].start_point[0])
        if any(not lines[r].strip() for r in between):
            groups.append([])
        groups[-1].append(cur)
    indent = doc.indent_at(specs[0][0].start_byte)

    def before(spec: Node) -> int:
        return _leading_comments_start(doc, spec, open_row)

    new_std: list[str] = []
    new_other: list[str] = []
    placed: dict[int, list[tuple[str, str]]] = {}  # group index -> [(path, where)]
    for path in wanted:
        if _is_std(path):
            target = next((i for i, g in enumerate(groups) if all(_is_std(p) for _, p in g)), None)
            if target is None:
                new_std.append(path)
                continue
        else:
            scored = [
                (_common_segments(path, p), -i) for i, g in enumerate(groups) for _, p in g if not _is_std(p)
            ]
            if not scored:
                new_other.append(path)
                continue
            target = -max(scored)[1]
        placed.setdefault(target, []).append((path, ""))

    edits: list[Edit] = []
    if new_std:
        at = before(groups[0][0][0])
        edits.append((at, at, "".join(f"{indent}{_quote(p)}\n" for p in sorted(new_std)) + "\n"))
    for gi in sorted(placed):
        group = groups[gi]
        for path in sorted(p for p, _ in placed[gi]):
            nxt = next((s for s, p in group if p > path), None)
            if nxt is not None:
                at = before(nxt)
                edits.append((at, at, f"{indent}{_quote(path)}\n"))
            else:
                at = doc.line_end(group[-1][0].end_byte)
                edits.append((at, at, f"\n{indent}{_quote(path)}"))
    if new_other:
        at = doc.line_end(specs[-1][0].end_byte)
        edits.append((at, at, "\n" + "".join(f"\n{indent}{_quote(p)}" for p in sorted(new_other))))
    return edits


__all__ = ["ensure_imports"]
