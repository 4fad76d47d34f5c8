"""Where a YAML node really is in the text, for the line edits of :mod:`.splice` and :mod:`.remove`.

pyyaml marks a node from its *properties* on: ``routes: &r`` starts its list at the ``&``, ``- !!map``
its mapping at the ``!``, although the ``-`` and the keys that give the layout are elsewhere. An alias
(``- *h``, ``<<: *defaults``) is the node it names, with that node's marks. The functions here read
the layout past properties and tell aliases by their place; they work on the file's lines (line
endings kept) and pyyaml marks, and know nothing of routes.
"""

from __future__ import annotations

from collections.abc import Callable

import yaml
from yaml.events import AliasEvent
from yaml.error import Mark
from yaml.nodes import Node

_EventLoader = getattr(yaml, "CSafeLoader", yaml.SafeLoader)

PROPERTY_START = "&!"


def _skip_blank(lines: list[str], line: int, col: int) -> tuple[int, int]:
    """The next position at or after (line, col) that is not a space, a tab, a comment or a line end."""
    while line < len(lines):
        text = lines[line]
        while col < len(text) and text[col] in " \t":
            col += 1
        if col < len(text) and text[col] not in "#\r\n\x85\u2028\u2029":
            return line, col
        line, col = line + 1, 0
    return line, 0


def content_start(lines: list[str], line: int, col: int) -> tuple[int, int]:
    """(0-based line, column) of what follows the properties (``&anchor``, ``!tag``, ``!<verbatim>``)
    starting at (line, col): the ``-`` of a block list, the ``{`` of a flow mapping, a first key. A
    position without properties is returned as is."""
    if line >= len(lines) or lines[line][col : col + 1] not in tuple(PROPERTY_START):
        return line, col
    while line < len(lines) and lines[line][col : col + 1] in tuple(PROPERTY_START):
        text = lines[line]
        if text.startswith("!<", col):
            end = text.find(">", col)
            col = len(text) if end < 0 else end + 1
        else:  # a tag ends at a blank, an anchor also at a flow indicator ('&w[a]' is not valid, '&w,' is)
            stops = " \t\r\n\x85\u2028\u2029" + (",[]{}" if text[col] == "&" else "")
            while col < len(text) and text[col] not in stops:
                col += 1
        line, col = _skip_blank(lines, line, col)
    return line, col


def node_start(node: Node, lines: list[str]) -> tuple[int, int]:
    """``content_start`` of ``node``'s start mark."""
    return content_start(lines, node.start_mark.line, node.start_mark.column)


def is_alias(node: Node, after: int) -> bool:
    """Whether ``node``, met in the text after character index ``after`` (its key's end, the end of the
    sibling before it, its list's start), is an alias: an alias names a node written before it, so its
    marks lie before the place it is met; a node written there starts after it."""
    return node.start_mark.index < after


def written(parent: Node, children: list[Node]) -> list[bool]:
    """For each child of ``parent`` (a mapping's keys and values in turn), whether it is written there:
    False for an alias (``is_alias`` after the end of the last child written there, or the parent's start)."""
    bound, out = parent.start_mark.index, []
    for x in children:
        out.append(not is_alias(x, bound))
        if out[-1]:
            bound = x.end_mark.index
    return out


def alias_lines(lines: list[str], start: tuple[int, int], end: tuple[int, int]) -> list[int]:
    """0-based lines of the alias tokens (``*name``) between two positions of a block list, where only
    ``-`` indicators, aliases and comments can stand (between two items written out)."""
    out = []
    for ln in range(start[0], min(end[0] + 1, len(lines))):
        text = lines[ln]
        lo = start[1] if ln == start[0] else 0
        hi = end[1] if ln == end[0] else len(text)
        for token in text[lo:hi].split():
            if token.startswith("#"):  # a comment: '#' after a space or at the start
                break
            if token.startswith("*"):
                out.append(ln)
    return out


def aliases_of(body: str, defined_where: Callable[[Mark], bool]) -> list[tuple[str, int, int]]:
    """(anchor, 0-based line of its definition, 0-based line of the alias) for every alias naming an anchor
    whose definition in force (anchors may be redefined) starts at a mark ``defined_where`` accepts."""
    if "&" not in body or "*" not in body:
        return []
    defined: dict[str, int | None] = {}  # anchor -> line of its definition, None when not one of ours
    out = []
    for ev in yaml.parse(body, Loader=_EventLoader):
        if isinstance(ev, AliasEvent):
            at = defined.get(ev.anchor)  # type: ignore[arg-type]
            if at is not None:
                out.append((ev.anchor, at, ev.start_mark.line))
        elif getattr(ev, "anchor", None):
            defined[ev.anchor] = ev.start_mark.line if defined_where(ev.start_mark) else None  # type: ignore[index]
    return out


def alias_uses(lines: list[str], node: Node) -> list[tuple[str, int, int]]:
    """``aliases_of`` the anchor among ``node``'s own properties ('routes: &r'); [] when it has none."""
    if node_start(node, lines) == (node.start_mark.line, node.start_mark.column):
        return []
    return aliases_of("".join(lines), lambda mark: mark.index == node.start_mark.index)
