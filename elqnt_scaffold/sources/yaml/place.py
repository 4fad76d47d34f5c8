"""Where new routes.yaml entries go, and the proof that inserting them there changes nothing else.

Part of :mod:`.splice`. Works on a :class:`.document.Doc` (pyyaml nodes with line marks, and the
file's lines with their line endings): finds the line after which each group of new entries goes,
renders them in their neighbours' style (:mod:`.style`), and, for a file without anchors, tags or
aliases, checks from the inserted lines alone that the edited file means the old one plus the new
entries (``local_check``). Positions are read past node properties and alias entries (:mod:`.marks`).
"""

from __future__ import annotations

from collections import Counter
from dataclasses import dataclass, field, replace

from yaml.nodes import MappingNode, Node, ScalarNode, SequenceNode

from .document import BREAKS, Doc, RoutesFileError, compose, dash_column, strict_eq, to_py
from .marks import is_alias, node_start, written
from .style import GUIDE_ORDER, EntryStyle, ListStyle, infer_style, node_is_plain_null, render_entry

NEW_FILE_HEADER = "# API gateway routes: one entry per route (backend services guide, step 4)."


@dataclass(frozen=True)
class ListKind:
    """What the list holds: ``list_key`` at the top level, items identified by ``key_fields``, new items
    placed after the last item with the same ``group_field`` value (else at the end), ``header`` as the
    first line of a new file, ``guide`` the key order for keys the neighbours lack (empty: the item's)."""

    list_key: str = "routes"
    key_fields: tuple[str, ...] = ("method", "path")
    group_field: str | None = "proxy_upstream"
    header: str | None = NEW_FILE_HEADER
    guide: tuple[str, ...] = GUIDE_ORDER


def _is_blank(line: str) -> bool:
    return not line.strip()


def _is_comment(line: str) -> bool:
    return line.lstrip(" \t").startswith("#")


def _keeps_trailing_lines(node: ScalarNode, lines: list[str]) -> bool:
    """A block scalar with the keep indicator ('|+', '>+2', ...): its trailing blank lines are content."""
    head = lines[node.start_mark.line][node.start_mark.column :].split("#", 1)[0].split()
    return any(tok[:1] in "|>" and "+" in tok for tok in head if tok)


class _Elsewhere(Exception):
    """The node ends in an alias, whose marks are those of the node it names."""


def _written_last(node: Node, children: list[Node]) -> Node:
    """The last of a block node's children (keys and values in turn), if written there; _Elsewhere if an alias."""
    if not written(node, children)[-1]:
        raise _Elsewhere
    return children[-1]


def _last_line(node: Node, lines: list[str]) -> int | None:
    """0-based line of the last character of ``node``'s content (None for an empty plain scalar);
    _Elsewhere when its last part is an alias."""
    if isinstance(node, ScalarNode):
        if node.value == "" and not node.style:
            return None
        end = node.end_mark
        ln = end.line if end.column else end.line - 1
        if node.style in ("|", ">") and not _keeps_trailing_lines(node, lines):
            while ln > node.start_mark.line and _is_blank(lines[ln]):
                ln -= 1
        return ln
    if node.flow_style or not node.value:
        return node.end_mark.line
    if isinstance(node, SequenceNode):
        return _last_line(_written_last(node, node.value), lines)
    k, v = node.value[-1]
    ln = _last_line(_written_last(node, [x for pair in node.value for x in pair]), lines)
    return k.end_mark.line if ln is None else ln


def _item_end(doc: Doc, i: int) -> int:
    """0-based last content line of entry ``i``: an alias's line ('- *h'); its end as marked, or (when it
    ends in an alias, whose marks point elsewhere) the last non-blank, non-comment line before the next entry."""
    item, first = doc.items[i], doc.line_of(i)
    if i in doc.aliases:
        return first
    if i + 1 < len(doc.items):
        nxt = doc.line_of(i + 1)
    else:
        end = doc.value.end_mark  # type: ignore[union-attr]  # the token after the list
        nxt = end.line + (1 if end.column else 0)
    nxt = min(nxt, len(doc.lines))
    try:
        ln = _last_line(item, doc.lines)
    except (RecursionError, _Elsewhere):
        ln = None
    if ln is not None and first <= ln < nxt:
        return ln
    ln = nxt - 1
    while ln > first and (
        _is_blank(doc.lines[ln]) or _is_comment(doc.lines[ln]) or doc.lines[ln].strip() == "-"
    ):
        ln -= 1
    return ln


def style_near(doc: Doc, i: int, dash_col: int, default: EntryStyle) -> EntryStyle:
    """``infer_style`` for entries next to entry ``i``, from the entries written out (an alias entry's
    marks are those of the node it names)."""
    if not doc.aliases:
        return infer_style(doc.items, i, dash_col, doc.lines, default)
    written = [j for j in range(len(doc.items)) if j not in doc.aliases]
    if not written:
        return replace(default, dash_col=dash_col)
    near = min(written, key=lambda j: (abs(j - i), j > i))
    return infer_style([doc.items[j] for j in written], written.index(near), dash_col, doc.lines, default)


def _closing_start(lines: list[str]) -> int:
    """First line of the file's closing block of blank and comment lines."""
    i = len(lines)
    while i > 0 and (_is_blank(lines[i - 1]) or _is_comment(lines[i - 1])):
        i -= 1
    return i


def insertion_line(doc: Doc, i: int, dash_col: int, closing: int) -> int:
    """Insert after entry ``i``'s content and the comments indented into it that directly follow."""
    p = _item_end(doc, i) + 1
    lines = doc.lines
    while (
        p < min(closing, len(lines)) and _is_comment(lines[p]) and len(lines[p]) - len(lines[p].lstrip(" ")) > dash_col
    ):
        p += 1
    return p


def _gap_modes(doc: Doc, upstreams: list[object]) -> tuple[int, int]:
    """(blank lines between entries of one upstream, blank lines where the upstream changes): the most
    common counts in the file (ties: fewer)."""
    within: Counter[int] = Counter()
    between: Counter[int] = Counter()
    lines, items = doc.lines, doc.items
    for i in range(len(items) - 1):
        a, b = doc.line_of(i), doc.line_of(i + 1)
        blanks = sum(1 for ln in range(a + 1, b) if _is_blank(lines[ln]))
        (within if upstreams[i] == upstreams[i + 1] else between)[blanks] += 1

    def mode(c: Counter[int]) -> int | None:
        return min(c, key=lambda n: (-c[n], n)) if c else None

    w, b = mode(within), mode(between)
    overall = mode(within + between) or 0
    return (w if w is not None else overall), (b if b is not None else (w if w is not None else overall))


def ending(line: str) -> str:
    return line[len(line.rstrip(BREAKS)) :]


def _newline(lines: list[str], p: int) -> str:
    """The line ending for lines inserted at ``p``: that of the line above, else the file's first."""
    for line in (lines[p - 1] if p > 0 else "", lines[0] if lines else ""):
        if ending(line) in ("\n", "\r\n", "\r"):
            return ending(line)
    return "\n"


def _default_style(doc: Doc, key_col: int, kind: ListKind) -> EntryStyle:
    """Style for a list with no entries yet: the guide's, with the file's sequence indentation."""
    rel = 2
    if doc.root is not None:
        for k, v in doc.root.value:
            if isinstance(v, SequenceNode) and not v.flow_style and v.value and not is_alias(v, k.end_mark.index):
                rel = max(0, node_start(v, doc.lines)[1] - k.start_mark.column)
                break
    return EntryStyle(dash_col=key_col + rel, list_style=ListStyle(dash_rel=rel), guide=kind.guide)


def render_entries(
    entries: list[dict[str, object]], style: EntryStyle, newline: str = "\n", blanks: list[int] | None = None
) -> list[str]:
    """Lines (with ``newline``) for ``entries``; ``blanks[i]`` blank lines go before entry i."""
    out: list[str] = []
    for i, entry in enumerate(entries):
        out += [newline] * (blanks[i] if blanks else 0)
        out += [line + newline for line in render_entry(entry, style)]
    return out


_NO_ANCHOR = object()


def _hashable(v: object) -> bool:
    try:
        hash(v)
    except TypeError:
        return False
    return True


def _grouped(entries: list[dict[str, object]], first_group: object, kind: ListKind) -> list[dict[str, object]]:
    """Entries of ``first_group`` first, then the others grouped (by upstream) in order of appearance."""
    order: dict[object, list[dict[str, object]]] = {first_group: []} if _hashable(first_group) else {}
    rest: list[dict[str, object]] = []
    for e in entries:
        up = _group(e, kind)
        if _hashable(up):
            order.setdefault(up, []).append(e)
        else:
            rest.append(e)
    return [e for group in order.values() for e in group] + rest


@dataclass
class Plan:
    inserts: list[tuple[int, list[str]]] = field(default_factory=list)  # (line index, lines to insert there)
    blocks: list[tuple[int, int, list[dict[str, object]]]] = field(
        default_factory=list
    )  # (entry, line, entries) after it
    replacements: dict[int, str] = field(default_factory=dict)  # the one allowed: 'routes: []' -> 'routes:'
    expected: list[object] = field(default_factory=list)  # the list afterwards: old item nodes and new dicts


def _group(entry: dict[str, object], kind: ListKind) -> object:
    return entry.get(kind.group_field) if kind.group_field else None


def plan_into_list(doc: Doc, todo: list[dict[str, object]], upstreams: list[object], kind: ListKind) -> Plan:
    """New entries after the last entry with their upstream (``upstreams[i]``: entry i's), else after the
    last entry."""
    lines, items = doc.lines, doc.items
    last_of = {u: i for i, u in enumerate(upstreams) if _hashable(u)}
    groups: dict[int, list[dict[str, object]]] = {}
    for e in todo:
        up = _group(e, kind)
        groups.setdefault(last_of.get(up, len(items) - 1) if _hashable(up) else len(items) - 1, []).append(e)  # type: ignore[arg-type]
    dash_col = dash_column(doc)
    within, between = _gap_modes(doc, upstreams)
    closing = _closing_start(lines)
    default = _default_style(doc, doc.key.start_mark.column, kind)  # type: ignore[union-attr]
    plan = Plan(expected=list(items))
    for anchor in sorted(groups, reverse=True):
        ordered = _grouped(groups[anchor], upstreams[anchor], kind)
        style = style_near(doc, anchor, dash_col, default)
        blanks, prev = [], upstreams[anchor]
        for e in ordered:
            blanks.append(within if _group(e, kind) == prev else between)
            prev = _group(e, kind)
        p = insertion_line(doc, anchor, dash_col, closing)
        plan.inserts.append((p, render_entries(ordered, style, _newline(lines, p), blanks)))
        plan.blocks.append((anchor, p, ordered))
        plan.expected[anchor + 1 : anchor + 1] = ordered
    return plan


def plan_new_list(doc: Doc, todo: list[dict[str, object]], kind: ListKind, notes: list[str]) -> Plan:
    """The first entries: under 'routes:' (made a block list), or under a new 'routes:' key."""
    lines, list_key = doc.lines, kind.list_key
    ordered = _grouped(todo, _NO_ANCHOR, kind)
    plan = Plan(expected=list(ordered))
    if doc.key is not None:  # 'routes:', 'routes: ~' or 'routes: []'
        k, v = doc.key, doc.value
        p = k.end_mark.line + 1
        assert v is not None
        if not (node_is_plain_null(v, lines) and v.value == ""):
            start = node_start(v, lines)  # past an anchor or tag, which stay
            if start[0] != k.end_mark.line or v.end_mark.line != start[0]:
                raise RoutesFileError(
                    f"cannot add to '{list_key}' written this way; write '{list_key}:' alone on its line",
                    v.start_mark.line + 1,
                )
            line = lines[k.end_mark.line]
            rest = line[v.end_mark.column :]
            plan.replacements[k.end_mark.line] = line[: start[1]].rstrip(" \t") + (
                rest if rest.strip() else ending(line)
            )
            notes.append(f"line {k.end_mark.line + 1}: '{line.strip()}' became '{list_key}:' followed by a block list")
        style = _default_style(doc, k.start_mark.column, kind)
        plan.inserts.append((p, render_entries(ordered, style, _newline(lines, p))))
        return plan
    # no list key: a new last top-level key (after a comment-only file's comments)
    col, p, pre = 0, len(lines), 0
    if doc.root is not None:
        col = doc.root.value[0][0].start_mark.column  # the keys' column ('--- !!map' marks the root there)
        k_last, v_last = doc.root.value[-1]
        end = doc.root.end_mark
        p = _pair_end(k_last, v_last, lines, min(len(lines), end.line + (1 if end.column else 0))) + 1
        if len(doc.root.value) > 1:  # as many blank lines as between the last two keys
            k_prev, v_prev = doc.root.value[-2]
            end = _pair_end(k_prev, v_prev, lines, k_last.start_mark.line)
            pre = sum(1 for ln in range(end + 1, k_last.start_mark.line) if _is_blank(lines[ln]))
    nl = _newline(lines, p)
    head = [nl] * pre + [" " * col + list_key + ":" + nl]
    if not lines and kind.header:
        head.insert(0, kind.header + nl)
    plan.inserts.append((p, head + render_entries(ordered, _default_style(doc, col, kind), nl)))
    return plan


def _pair_end(k: Node, v: Node, lines: list[str], limit: int) -> int:
    """0-based last content line of the pair ``k: v`` (below line ``limit``): by marks, or when it ends in
    an alias, the last line before ``limit`` that is not blank or a comment."""
    try:
        if is_alias(v, k.end_mark.index):
            raise _Elsewhere
        end = _last_line(v, lines)
        return k.end_mark.line if end is None else end
    except (_Elsewhere, RecursionError):
        ln = limit - 1
        while ln > k.start_mark.line and (_is_blank(lines[ln]) or _is_comment(lines[ln])):
            ln -= 1
        return ln


def _last_leaf(node: Node) -> Node:
    while not isinstance(node, ScalarNode) and node.value and not node.flow_style:
        node = node.value[-1][1] if isinstance(node, MappingNode) else node.value[-1]
    return node


def local_check(doc: Doc, plan: Plan, text: str) -> dict[int, int] | None:
    """Proves, without parsing the edited file, that it means the old document with the new entries in
    the list; returns each new entry's 1-based line in the edited file (by ``id``), or None when the
    conditions below do not all hold (then the caller parses the whole edited file instead).

    Block YAML nests by indentation only. Lines inserted between two complete items of a block sequence
    at column d, that by themselves parse as a block sequence at column d (every line indented at least
    d), extend that sequence and leave every other node as it was, provided nothing spans the insertion
    point: the item above ends (by its marks) right before it, bar comments, and is not a block scalar
    (whose kept trailing blank lines would move), the next line that is not blank or a comment is
    indented at most d (the next item, or the end of the list), no alias exists that could make one
    node stand for another, and no node property ('&anchor', '!tag') exists either: the marks of a node
    with properties start at them, not at the '-' or key that give the layout ('routes: &r'), so the
    premises above are read from the marks only in a file that has neither. Any other file (anything
    unusual) is parsed whole.
    """
    if plan.replacements or not doc.items or doc.value is None or any(c in text for c in "*&!"):
        return None
    lines, dash = doc.lines, doc.value.start_mark.column
    blocks = {p: new_lines for p, new_lines in plan.inserts}
    where: dict[int, int] = {}
    shift = 0
    for anchor, p, ordered in sorted(plan.blocks, key=lambda b: b[1]):
        item = doc.items[anchor]
        try:
            end = _last_line(item, lines)
            leaf = _last_leaf(item)
        except RecursionError:
            return None
        if end is None or not item.start_mark.line <= end < p or getattr(leaf, "style", None) in ("|", ">"):
            return None
        if not all(_is_comment(lines[ln]) for ln in range(end + 1, p)):
            return None
        nxt = next((ln for ln in range(p, len(lines)) if not (_is_blank(lines[ln]) or _is_comment(lines[ln]))), None)
        if nxt is not None and len(lines[nxt]) - len(lines[nxt].lstrip(" ")) > dash:
            return None
        new_lines = blocks[p]
        for line in new_lines:
            body = line.rstrip(BREAKS)
            indent = len(body) - len(body.lstrip(" "))
            if body.strip() and (
                indent < dash
                or indent == dash
                and not body.startswith("-", indent)
                or "\t" in body
                or body.lstrip().startswith("#")
            ):
                return None
        try:
            seq = compose("".join(new_lines))
        except RoutesFileError:
            return None
        if (
            not isinstance(seq, SequenceNode)
            or seq.flow_style
            or seq.start_mark.column != dash
            or len(seq.value) != len(ordered)
        ):
            return None
        if any(line.strip() for line in new_lines[: seq.start_mark.line]):
            return None
        for node, want in zip(seq.value, ordered):
            if not strict_eq(to_py(node, new_lines), want):
                return None
            where[id(want)] = p + shift + node.start_mark.line + 1
        shift += len(new_lines)
    return where
