"""Round-trip editing of a hand-kept YAML document: the intended change, and not one byte more.

`RoundTrip(text, file).rewrite(new_value)` returns the text holding `new_value`. ruamel.yaml composes the
document in round-trip mode (each node with its marks, flow style and quoting); the new value is compared with
the old one node by node and only the nodes that differ are rewritten, spliced as text into the original.
Every other byte stays: comments, blank lines, key order, quoting, indentation, CRLF (a whole ruamel dump
would re-indent the document). New nodes are spelled like their neighbours: an item of a flow list goes in
flow, a new item of a list of flow mappings is a flow mapping, block lists keep their indentation, a changed
scalar keeps its quotes (unless only the old value needed them). Lists are compared item by item
(difflib), so an item replaced in place stays in place. The result is parsed again (the loader the tool
reads YAML with) and must mean exactly `new_value`; otherwise UserError, and nothing should be written.
"""

from __future__ import annotations

import difflib
import io
import json
from typing import Any

import yaml
from ruamel.yaml import YAML
from ruamel.yaml.error import YAMLError
from ruamel.yaml.nodes import MappingNode, Node, ScalarNode, SequenceNode

from ...errors import UserError
from .lines import Located, load

_STR_TAG = "tag:yaml.org,2002:str"
_RESOLVER = yaml.resolver.Resolver()
_EMITTER = yaml.emitter.Emitter(io.StringIO())
_CONSTRUCTOR = yaml.SafeLoader("")
_NULLS = ("", "~", "null", "Null", "NULL")


def _same(a: Any, b: Any) -> bool:
    """Equal values of equal types (YAML `true` is not `1`)."""
    if isinstance(a, dict) and isinstance(b, dict):
        return a.keys() == b.keys() and all(_same(a[k], b[k]) for k in a)
    if isinstance(a, list) and isinstance(b, list):
        return len(a) == len(b) and all(_same(x, y) for x, y in zip(a, b))
    return type(a) is type(b) and a == b


def _leaf(value: Any) -> bool:
    """A collection holding no collection: written in flow style by default (as `dump_spec` does)."""
    items = value.values() if isinstance(value, dict) else value
    return not any(isinstance(item, (dict, list)) for item in items)


def _digest(value: Any) -> str:
    return json.dumps(value, sort_keys=True, default=str)


class RoundTrip:
    """One document's text, its loaded value (`data`, `located` for lines) and `rewrite`."""

    def __init__(self, text: str, file: str) -> None:
        self.text, self.file = text, file
        self.located: Located = load(text, file)
        self.data: Any = self.located.value
        try:
            self.root: Node = YAML(typ="rt").compose(text)
        except YAMLError as exc:
            raise UserError(f"invalid YAML: {exc}", file=file, hint="fix the YAML syntax") from None
        if self.root is None:
            raise UserError("the document is empty", file=file, line=1, hint="write the document first")
        self.nl = "\r\n" if "\r\n" in text else "\n"
        self.edits: list[tuple[int, int, int, str]] = []
        self._style(self.root)

    # ------------------------------------------------------------------ the document's habits
    def _style(self, root: Node) -> None:
        quotes = {'"': 0, "'": 0}
        self.seq_off = self.map_indent = None

        def walk(node: Node, key_col: int | None) -> None:
            if isinstance(node, ScalarNode):
                if node.style in quotes:
                    quotes[node.style] += 1
                return
            if isinstance(node, SequenceNode):
                if key_col is not None and not node.flow_style and self.seq_off is None:
                    self.seq_off = node.start_mark.column - key_col
                for item in node.value:
                    walk(item, None)
                return
            if key_col is not None and not node.flow_style and node.value and self.map_indent is None:
                self.map_indent = node.value[0][0].start_mark.column - key_col
            for key, value in node.value:
                walk(key, None)
                walk(value, None if node.flow_style else key.start_mark.column)

        walk(root, None)
        self.quote = '"' if quotes['"'] > quotes["'"] else "'"
        self.seq_off = 2 if self.seq_off is None or self.seq_off < 0 else self.seq_off
        self.map_indent = 2 if not self.map_indent or self.map_indent < 1 else self.map_indent

    # ------------------------------------------------------------------ positions
    def _end(self, node: Node) -> int:
        """Just past the node's last character (block collections end at their last value, not at the next
        token; block scalars without their trailing line breaks)."""
        if isinstance(node, ScalarNode):
            end = node.end_mark.index
            if node.style in ("|", ">"):
                while end > node.start_mark.index and self.text[end - 1] in " \t\r\n":
                    end -= 1
            return end
        if node.flow_style or not node.value:
            return node.end_mark.index
        if isinstance(node, SequenceNode):
            return max(self._end(item) for item in node.value)
        return max(self._pair_end(key, value) for key, value in node.value)

    def _pair_end(self, key: Node, value: Node) -> int:
        if self._empty(value):
            return self._colon(key) + 1
        return self._end(value)

    def _empty(self, node: Node) -> bool:
        return isinstance(node, ScalarNode) and not node.style and node.start_mark.index == node.end_mark.index

    def _dash(self, item: Node) -> int:
        """The `-` of a block sequence item (on the item's line, or alone on a line above it)."""
        at = item.start_mark.index - 1
        while at > 0 and self.text[at] in " \t\r\n":
            at -= 1
        return at

    def _colon(self, key: Node) -> int:
        return self.text.index(":", self._end(key))

    def _line_start(self, pos: int) -> int:
        return self.text.rfind("\n", 0, pos) + 1

    def _line_end(self, pos: int) -> int:
        found = self.text.find("\n", pos)
        return len(self.text) if found < 0 else found + 1

    def _edit(self, start: int, end: int, new: str) -> None:
        self.edits.append((start, end, len(self.edits), new))

    def _insert_lines(self, pos: int, lines: list[str]) -> None:
        block = "".join(line + self.nl for line in lines)
        if pos == len(self.text) and self.text and not self.text.endswith("\n"):
            block = self.nl + block[: -len(self.nl)]
        self._edit(pos, pos, block)

    # ------------------------------------------------------------------ rendering new nodes
    def _scalar(self, value: Any, flow: bool, keep: str | None = None) -> str:
        if value is None:
            return "null"
        if isinstance(value, bool):
            return "true" if value else "false"
        if not isinstance(value, str):
            return yaml.safe_dump(value).split("\n")[0]
        if keep in ('"', "'"):
            return _quoted(value, keep)
        return value if _plain(value, flow) else _quoted(value, self.quote)

    def _inline(self, value: Any) -> str:
        if isinstance(value, dict):
            return "{" + ", ".join(f"{self._scalar(k, True)}: {self._inline(v)}" for k, v in value.items()) + "}"
        if isinstance(value, list):
            return "[" + ", ".join(self._inline(v) for v in value) + "]"
        return self._scalar(value, True)

    def _after_key(self, value: Any, col: int) -> list[str]:
        """`key:` followed by `value`: the rest of the key's line, then the lines below it."""
        if not isinstance(value, (dict, list)):
            return [" " + self._scalar(value, False)]
        if not value or _leaf(value):
            return [" " + self._inline(value)]
        if isinstance(value, dict):
            return [""] + self._block_map(value, col + self.map_indent)
        lines: list[str] = [""]
        for item in value:
            lines += self._seq_item(item, col + self.seq_off, 2, None)
        return lines

    def _block_map(self, value: dict[str, Any], col: int) -> list[str]:
        lines = []
        for key, item in value.items():
            rest = self._after_key(item, col)
            lines += [" " * col + self._scalar(key, False) + ":" + rest[0], *rest[1:]]
        return lines

    def _seq_item(self, item: Any, dash: int, gap: int, flow: bool | None) -> list[str]:
        lead = " " * dash + "-" + " " * (gap - 1)
        if not isinstance(item, (dict, list)):
            return [lead + self._scalar(item, False)]
        if not item or isinstance(item, list) or (_leaf(item) if flow is None else flow):
            return [lead + self._inline(item)]
        body = self._block_map(item, dash + gap)
        return [lead + body[0][dash + gap :], *body[1:]]

    # ------------------------------------------------------------------ reconciling old nodes with new values
    def rewrite(self, new: Any, key_order: tuple[str, ...] = ()) -> str:
        """The text holding `new`; a key the top-level mapping gains goes after the last key it has that comes
        before it in `key_order` (at the end when it is not listed there)."""
        self._node(self.root, self.data, new, 0, key_order)
        out = self._apply()
        try:
            ok = _same(load(out, self.file).value, new)
        except UserError:
            ok = False
        if not ok:
            raise UserError(
                "cannot make this change without rewriting the layout around it",
                file=self.file,
                hint="make the change in the file by hand",
            )
        return out

    def _apply(self) -> str:
        text, bound = self.text, len(self.text) + 1
        for start, end, _, new in sorted(self.edits, reverse=True):
            if end > bound:
                raise UserError("overlapping edits", file=self.file, hint="make the change in the file by hand")
            text = text[:start] + new + text[end:]
            bound = start
        return text

    def _node(self, node: Node, old: Any, new: Any, col: int, order: tuple[str, ...] = ()) -> bool:
        """Edit `node` (holding `old`) to hold `new`; False when it cannot be done inside the node."""
        if _same(old, new):
            return True
        if isinstance(node, (MappingNode, SequenceNode)) and node.flow_style and not node.value:
            if isinstance(new, (dict, list)):  # `[]`, `{}`: the new items in flow too
                self._edit(node.start_mark.index, node.end_mark.index, self._inline(new))
                return True
        if isinstance(node, (MappingNode, SequenceNode)) and isinstance(new, (dict, list)) and not new:
            return False  # a block collection emptied: `[]` / `{}` in its place (by the caller)
        if isinstance(node, MappingNode) and isinstance(old, dict) and isinstance(new, dict) and node.value:
            return self._flow_mapping(node, old, new) if node.flow_style else self._block_mapping(node, old, new, order)
        if isinstance(node, SequenceNode) and isinstance(old, list) and isinstance(new, list) and node.value:
            if len(node.value) != len(old):
                return False
            return self._sequence(node, old, new, col)
        if isinstance(node, ScalarNode) and not isinstance(new, (dict, list)) and not self._empty(node):
            flow = self._in_flow(node)
            keep = node.style if node.style in ('"', "'") else None
            if keep and isinstance(new, str) and _plain(new, flow) and not _plain(node.value, flow):
                keep = None  # the quotes were needed by the old value only
            self._edit(node.start_mark.index, self._end(node), self._scalar(new, flow, keep))
            return True
        return False

    def _in_flow(self, node: Node) -> bool:
        return any(start < node.start_mark.index < end for start, end in self.flows)

    @property
    def flows(self) -> list[tuple[int, int]]:
        if not hasattr(self, "_flows"):
            found: list[tuple[int, int]] = []

            def walk(node: Node) -> None:
                if isinstance(node, (MappingNode, SequenceNode)):
                    if node.flow_style:
                        found.append((node.start_mark.index, node.end_mark.index))
                    for part in node.value:
                        for child in part if isinstance(part, tuple) else (part,):
                            walk(child)

            walk(self.root)
            self._flows = found
        return self._flows

    def _key(self, node: Node) -> Any:
        if not isinstance(node, ScalarNode):
            return None
        if node.style:
            return node.value
        tag = _RESOLVER.resolve(yaml.ScalarNode, node.value, (True, False))
        return _CONSTRUCTOR.construct_object(yaml.ScalarNode(tag, node.value))

    def _value(self, key: Node, value: Node, old: Any, new: Any, col: int) -> None:
        """The value of a block mapping's `key` becomes `new`."""
        if self._node(value, old, new, col):
            return
        rest = self._after_key(new, col)
        colon = self._colon(key)
        if self._empty(value) or (isinstance(value, ScalarNode) and not value.style and value.value in _NULLS):
            if len(rest) == 1:
                self._edit(colon + 1, self._end(value) if not self._empty(value) else colon + 1, rest[0])
            else:
                if not self._empty(value):
                    self._edit(colon + 1, self._end(value), "")
                self._insert_lines(self._line_end(colon), rest[1:])
            return
        self._edit(colon + 1, self._end(value), self.nl.join(rest))

    def _block_mapping(self, node: MappingNode, old: dict, new: dict, order: tuple[str, ...]) -> bool:
        pairs = [(self._key(k), k, v) for k, v in node.value]
        known = [p for p in pairs if p[0] in old]
        col = pairs[0][1].start_mark.column
        gone = [i for i, (key, _, _) in enumerate(pairs) if key in old and key not in new]
        first = pairs[0][1].start_mark.index
        if 0 in gone and self.text[self._line_start(first) : first].strip():  # `- key:` opens an item
            kept = next((i for i in range(len(pairs)) if i not in gone), None)
            if kept is None:
                body = self._block_map(new, col)
                self._edit(first, self._end(node), self.nl.join([body[0][col:], *body[1:]]))
                return True
            self._edit(first, pairs[kept][1].start_mark.index, "")
            gone = [i for i in gone if i > kept]
        for i in gone:
            key, k, v = pairs[i]
            self._edit(self._line_start(k.start_mark.index), self._line_end(self._pair_end(k, v)), "")
        for key, k, v in known:
            if key in new:
                self._value(k, v, old[key], new[key], col)
        added: dict[int, list[str]] = {}
        for key, value in new.items():
            if key in old:
                continue
            anchor = pairs[-1]
            if key in order:
                before = [p for p in pairs if p[0] in order and order.index(p[0]) < order.index(key)]
                anchor = before[-1] if before else pairs[0]
                at = self._line_end(self._pair_end(anchor[1], anchor[2])) if before else self._line_start(first)
            else:
                at = self._line_end(self._pair_end(anchor[1], anchor[2]))
            rest = self._after_key(value, col)
            added.setdefault(at, []).extend([" " * col + self._scalar(key, False) + ":" + rest[0], *rest[1:]])
        for at, lines in added.items():
            self._insert_lines(at, lines)
        return True

    def _flow_mapping(self, node: MappingNode, old: dict, new: dict) -> bool:
        pairs = [(self._key(k), k, v) for k, v in node.value]
        if any(key in old and key not in new for key, _, _ in pairs):
            pieces = []
            for key, k, v in pairs:
                if key not in old or (key in new and _same(old[key], new[key])):
                    pieces.append(self.text[k.start_mark.index : self._end(v)])
                elif key in new:
                    pieces.append(f"{self.text[k.start_mark.index : self._end(k)]}: {self._inline(new[key])}")
            pieces += [f"{self._scalar(key, True)}: {self._inline(v)}" for key, v in new.items() if key not in old]
            pad = " " if self.text[node.start_mark.index + 1] == " " else ""
            self._edit(node.start_mark.index, node.end_mark.index, "{" + pad + ", ".join(pieces) + pad + "}")
            return True
        for key, k, v in pairs:
            if key in old and not self._node(v, old[key], new[key], 0):
                self._edit(v.start_mark.index, self._end(v), self._inline(new[key]))
        extra = "".join(f", {self._scalar(key, True)}: {self._inline(v)}" for key, v in new.items() if key not in old)
        if extra:
            self._edit(self._end(pairs[-1][2]), self._end(pairs[-1][2]), extra)
        return True

    def _sequence(self, node: SequenceNode, old: list, new: list, col: int) -> bool:
        items: list[Node] = node.value
        matcher = difflib.SequenceMatcher(None, [_digest(x) for x in old], [_digest(x) for x in new], autojunk=False)
        flow = bool(node.flow_style)
        for tag, i1, i2, j1, j2 in matcher.get_opcodes():
            if tag == "equal":
                continue
            if flow and i2 > i1 and j2 > j1 and tag == "replace" and i2 - i1 != j2 - j1:
                return self._flow_rewrite(node, old, new, matcher)
            for d in range(min(i2 - i1, j2 - j1)):
                if not self._node(items[i1 + d], old[i1 + d], new[j1 + d], col):
                    self._item(items[i1 + d], new[j1 + d], items)
            paired = min(i2 - i1, j2 - j1)
            if i2 > i1 + paired:
                if flow:
                    return self._flow_rewrite(node, old, new, matcher)
                for item in items[i1 + paired : i2]:
                    self._edit(self._line_start(self._dash(item)), self._line_end(self._end(item)), "")
            if j2 > j1 + paired:
                self._insert_items(node, i1 + paired, new[j1 + paired : j2])
        return True

    def _item(self, node: Node, new: Any, items: list[Node]) -> None:
        """A sequence item replaced by a value of another shape, written like its neighbours."""
        col = node.start_mark.column
        if self._in_flow(node) or not isinstance(new, dict) or self._neighbour_flow(items, new):
            text = self._inline(new) if isinstance(new, (dict, list)) else self._scalar(new, self._in_flow(node))
        else:
            body = self._block_map(new, col)
            text = self.nl.join([body[0][col:], *body[1:]])
        self._edit(node.start_mark.index, self._end(node), text)

    def _neighbour_flow(self, items: list[Node], value: Any) -> bool:
        """Flow for a new mapping item when a neighbour of its shape is: a flat mapping is flow when some
        neighbour is, a nested one only when all are (no neighbours: flat ones are flow, as `dump_spec` does)."""
        flows = [bool(item.flow_style) for item in items if isinstance(item, MappingNode)]
        if not flows:
            return _leaf(value)
        return any(flows) if _leaf(value) else all(flows)

    def _insert_items(self, node: SequenceNode, gap: int, values: list[Any]) -> None:
        items: list[Node] = node.value
        if node.flow_style:
            texts = [self._inline(v) for v in values]
            if gap > 0:
                self._edit(self._end(items[gap - 1]), self._end(items[gap - 1]), "".join(", " + t for t in texts))
            else:
                self._edit(items[0].start_mark.index, items[0].start_mark.index, "".join(t + ", " for t in texts))
            return
        dash = node.start_mark.column
        indent = items[0].start_mark.column - dash
        lines = []
        for value in values:
            lines += self._seq_item(value, dash, max(indent, 2), self._neighbour_flow(items, value))
        at = self._line_end(self._end(items[gap - 1])) if gap > 0 else self._line_start(self._dash(items[0]))
        self._insert_lines(at, lines)

    def _flow_rewrite(self, node: SequenceNode, old: list, new: list, matcher: difflib.SequenceMatcher) -> bool:
        """A flow list losing items: written again, its unchanged items as they were spelled."""
        texts = [self._inline(v) for v in new]
        for tag, i1, i2, j1, j2 in matcher.get_opcodes():
            if tag == "equal":
                for d in range(i2 - i1):
                    item = node.value[i1 + d]
                    texts[j1 + d] = self.text[item.start_mark.index : self._end(item)]
        pad = " " if self.text[node.start_mark.index + 1] == " " else ""
        self.edits = [e for e in self.edits if not (node.start_mark.index <= e[0] < node.end_mark.index)]
        self._edit(node.start_mark.index, node.end_mark.index, "[" + pad + ", ".join(texts) + pad + "]")
        return True


def _plain(value: str, flow: bool) -> bool:
    """`value` reads back as the same string unquoted, in a flow (`{...}`, `[...]`) or block context."""
    if not value:
        return False
    analysis = _EMITTER.analyze_scalar(value)
    return (
        not analysis.multiline
        and (analysis.allow_flow_plain if flow else analysis.allow_block_plain)
        and _RESOLVER.resolve(yaml.ScalarNode, value, (True, False)) == _STR_TAG
    )


def _quoted(value: str, quote: str) -> str:
    if quote == "'" and value.isprintable():
        return "'" + value.replace("'", "''") + "'"
    return json.dumps(value, ensure_ascii=False)
