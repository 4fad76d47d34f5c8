"""Parsing and checking for :mod:`.splice`: a routes file as pyyaml nodes with line marks.

The file is composed by libyaml (pyyaml's CParser: C speed, line/column marks) with no implicit typing,
like ``BaseLoader``: every untagged scalar is tagged str, plain ones keep an empty ``style``. Plain
scalars get their YAML 1.1 type only where a value is needed (``implicit_tag``), so the values read
equal ``yaml.safe_load``'s. Duplicate keys, which pyyaml accepts silently, are errors here.
"""

from __future__ import annotations

import re
from collections.abc import Callable
from dataclasses import dataclass, field

import yaml
from yaml.error import Mark
from yaml.nodes import MappingNode, Node, ScalarNode, SequenceNode

from .marks import alias_lines, alias_uses, is_alias, node_start
from .style import STR_TAG, implicit_tag, node_is_plain_null

MAP_TAG, SEQ_TAG = "tag:yaml.org,2002:map", "tag:yaml.org,2002:seq"
_TAGS = {ScalarNode: STR_TAG, SequenceNode: SEQ_TAG, MappingNode: MAP_TAG}

try:  # libyaml; the composer calls back into Python only to resolve tags, which we make trivial
    from yaml._yaml import CParser as _Parser
except ImportError:  # pragma: no cover - pyyaml without libyaml: same nodes, slower
    _Parser = yaml.BaseLoader  # type: ignore[misc,assignment]


class _Loader(_Parser):  # type: ignore[misc,valid-type]
    """Composes nodes with every untagged node given the generic tag of its kind (what BaseLoader does)
    and no path resolvers; implicit types are applied later, only to the values we read."""

    def resolve(self, kind, value, implicit):  # noqa: ANN001, ANN201
        return _TAGS[kind]

    def descend_resolver(self, parent, index):  # noqa: ANN001, ANN201
        return None

    def ascend_resolver(self):  # noqa: ANN201
        return None


BREAKS = "\r\n\x85\u2028\u2029"
_NON_PRINTABLE = re.compile("[^\x09\x0a\x0d\x20-\x7e\x85\xa0-\ud7ff\ue000-\ufffd\U00010000-\U0010ffff]")


class RoutesFileError(Exception):
    """A routes file this module cannot read or will not edit. ``line`` is 1-based (or None)."""

    def __init__(self, message: str, line: int | None = None, field: str | None = None):
        self.message, self.line, self.field = message, line, field
        super().__init__(message, line, field)

    def __str__(self) -> str:
        parts = [f"line {self.line}"] if self.line is not None else []
        if self.field is not None:
            parts.append(f"field {self.field!r}")
        return ": ".join(parts + [self.message])


class RoutesConflict(RoutesFileError):
    """An existing entry has the same method and path as a new one but different values."""


class EditRefused(RoutesFileError):
    """The file reads well, but the edit could not be proven to be exactly the one asked for (a layout the
    line edit gets wrong): nothing is returned. ``line`` is the user's line where the edit goes."""


# --------------------------------------------------------------------------------------------- parsing


@dataclass
class Doc:
    """A file with a top-level list of mappings, as ``parse_doc`` read it (lines and marks 0-based)."""

    bom: str
    lines: list[str]  # with their line endings (splitlines: the same breaks libyaml counts)
    root: MappingNode | None
    key: ScalarNode | None  # the list key in the root mapping
    value: Node | None  # its value
    items: list[MappingNode]  # the entries (empty unless value is a block sequence)
    aliases: dict[int, int] = field(default_factory=dict)  # entry written as an alias ('- *h') -> its line
    value_alias: bool = False  # the list is an alias ('routes: *r'): its entries are written elsewhere

    def line_of(self, i: int) -> int:
        """0-based line where entry ``i`` is written (its alias's line for '- *h')."""
        return self.aliases.get(i, self.items[i].start_mark.line)


def compose(text: str) -> Node | None:
    try:
        return yaml.compose(text, Loader=_Loader)
    except yaml.MarkedYAMLError as e:
        mark = e.problem_mark or e.context_mark
        what = " ".join(x for x in (e.context, e.problem) if x)
        raise RoutesFileError(f"invalid YAML: {what}", mark.line + 1 if mark else None) from None
    except yaml.YAMLError as e:  # reader errors: characters YAML does not allow
        m = _NON_PRINTABLE.search(text)
        line = text.count("\n", 0, m.start()) + 1 if m else None
        raise RoutesFileError(f"invalid YAML: {getattr(e, 'reason', e)}", line) from None


def check_keys(mapping: MappingNode) -> None:
    keys = [k.value for k, _ in mapping.value if type(k) is ScalarNode]
    if len(keys) != len(set(keys)):
        seen: set[str] = set()
        for k, _ in mapping.value:
            if type(k) is ScalarNode:
                if k.value in seen:
                    raise RoutesFileError("duplicate key", k.start_mark.line + 1, k.value)
                seen.add(k.value)


def parse_doc(text: str, list_key: str) -> Doc:
    """``text`` (a BOM allowed) as a Doc whose ``items`` are the mappings of its top-level ``list_key``
    list. RoutesFileError (1-based line) for invalid YAML, a top level that is not a block mapping, a list
    that is not a block list of mappings (or empty/null), a duplicate key, or alias entries whose lines
    cannot be told."""
    bom = "\ufeff" if text.startswith("\ufeff") else ""
    body = text[len(bom) :]
    root = compose(body)
    lines = body.splitlines(keepends=True)
    if root is None or node_is_plain_null(root, lines) and root.value == "":
        return Doc(bom, lines, None, None, None, [])
    if not isinstance(root, MappingNode) or root.flow_style:
        raise RoutesFileError("the top level must be a block mapping (a 'routes:' key)", root.start_mark.line + 1)
    check_keys(root)
    key = value = None
    for k, v in root.value:
        if isinstance(k, ScalarNode) and k.value == list_key:
            key, value = k, v
    items: list[MappingNode] = []
    value_alias = value is not None and is_alias(value, key.end_mark.index)  # type: ignore[union-attr]
    if value is not None:
        if isinstance(value, SequenceNode) and value.tag != SEQ_TAG:
            raise RoutesFileError(f"must be a list of route mappings, not {value.tag}", value.start_mark.line + 1, list_key)
        if isinstance(value, SequenceNode) and not value.flow_style:
            items = value.value
        elif not (node_is_plain_null(value, lines) or isinstance(value, SequenceNode) and not value.value):
            raise RoutesFileError("must be a block list of route mappings", value.start_mark.line + 1, list_key)
    doc = Doc(bom, lines, root, key, value, items, value_alias=value_alias)
    if items and not value_alias and "*" in body:
        doc.aliases = _alias_items(doc)
    for i, item in enumerate(items):
        if type(item) is not MappingNode or item.tag != MAP_TAG:
            raise RoutesFileError(f"each {list_key} entry must be a mapping", doc.line_of(i) + 1)
        check_keys(item)
    return doc


def _alias_items(doc: Doc) -> dict[int, int]:
    """Entry index -> 0-based line, for the entries written as aliases: each is found between the
    entries written out around it (by marks), as the n-th alias token there."""
    seq, lines = doc.value, doc.lines
    assert seq is not None
    out: dict[int, int] = {}
    bound, gap, pending = seq.start_mark.index, node_start(seq, lines), []
    for i, item in enumerate([*doc.items, None]):
        if item is not None and is_alias(item, bound):
            pending.append(i)
            continue
        if pending:
            end = (item.start_mark.line, item.start_mark.column) if item else (seq.end_mark.line, seq.end_mark.column)
            found = alias_lines(lines, gap, end)
            if len(found) != len(pending):
                raise RoutesFileError(f"cannot tell which line holds each alias in '{doc.key.value}'", gap[0] + 1)  # type: ignore[union-attr]
            out.update(zip(pending, found))
            pending = []
        if item is not None:
            bound, gap = item.end_mark.index, (item.end_mark.line, item.end_mark.column)
    return out


def dash_column(doc: Doc) -> int:
    """Column of the '-' of the list's entries (past properties: 'routes: &r' marks its list at the '&')."""
    return node_start(doc.value, doc.lines)[1]  # type: ignore[arg-type]


def check_editable(doc: Doc, list_key: str) -> None:
    """RoutesFileError (with the line) when the list cannot be edited by lines: it is an alias of a list
    written elsewhere, or it carries an anchor an alias uses (the alias would change with it)."""
    k, v = doc.key, doc.value
    if k is None or v is None:
        return
    if doc.value_alias:
        raise RoutesFileError(
            f"'{list_key}' is an alias of a list written elsewhere (line {node_start(v, doc.lines)[0] + 1}); "
            f"write its entries under '{list_key}:' or edit that list by hand",
            k.start_mark.line + 1,
            list_key,
        )
    uses = alias_uses(doc.lines, v)
    if uses:
        name, _, line = uses[0]
        raise RoutesFileError(
            f"'{list_key}' carries the anchor &{name}, which the alias at line {line + 1} uses: that alias would "
            "change with it; edit the file by hand",
            k.start_mark.line + 1,
            list_key,
        )


# --------------------------------------------------------------------------------------------- values


def to_py(node: Node, lines: list[str], depth: int = 0) -> object:
    """A node as the value ``yaml.safe_load`` gives (fast path for plain data, pyyaml for the rest)."""
    if depth > 50:
        return safe_construct(node, lines)
    if isinstance(node, ScalarNode):
        tag = implicit_tag(node, lines)
        if tag == STR_TAG:
            return node.value
        return safe_construct(node, lines)
    if isinstance(node, SequenceNode) and node.tag == SEQ_TAG:
        return [to_py(x, lines, depth + 1) for x in node.value]
    if isinstance(node, MappingNode) and node.tag == MAP_TAG:
        if any(isinstance(k, ScalarNode) and k.value == "<<" and not k.style for k, _ in node.value):
            return safe_construct(node, lines)  # merge keys
        out = {}
        for k, v in node.value:
            key = to_py(k, lines, depth + 1)
            try:
                out[key] = to_py(v, lines, depth + 1)
            except TypeError:
                raise RoutesFileError("unhashable mapping key", k.start_mark.line + 1) from None
        return out
    return safe_construct(node, lines)


def safe_construct(node: Node, lines: list[str]) -> object:
    """pyyaml's SafeConstructor on a copy of ``node`` whose plain scalars carry their implicit tags (the
    composed nodes stay as they are: they are compared with the edited file's later)."""
    copies: dict[int, Node] = {}

    def typed(n: Node) -> Node:
        if id(n) in copies:  # aliases share nodes; recursive structures stay recursive
            return copies[id(n)]
        if isinstance(n, ScalarNode):
            c: Node = ScalarNode(implicit_tag(n, lines), n.value, n.start_mark, n.end_mark, n.style)
            copies[id(n)] = c
        elif isinstance(n, SequenceNode):
            c = copies[id(n)] = SequenceNode(n.tag, [], n.start_mark, n.end_mark, n.flow_style)
            c.value.extend(typed(x) for x in n.value)
        else:
            c = copies[id(n)] = MappingNode(n.tag, [], n.start_mark, n.end_mark, n.flow_style)
            c.value.extend((typed(k), typed(v)) for k, v in n.value)
        return c

    copy = node
    try:
        copy = typed(node)
        return yaml.constructor.SafeConstructor().construct_document(copy)
    except RecursionError:
        raise RoutesFileError("value nested too deeply", node.start_mark.line + 1) from None
    except yaml.YAMLError as e:
        mark = getattr(e, "problem_mark", None) or node.start_mark
        raise RoutesFileError(f"cannot read value: {getattr(e, 'problem', e)}", mark.line + 1) from None
    except (ValueError, TypeError, ArithmeticError) as e:  # a value its tag does not fit: '!!int abc', 2020-99-99
        raise RoutesFileError(f"cannot read value: {e}", _unreadable(copy).line + 1) from None


def _unreadable(node: Node) -> Mark:
    """The start mark of the first scalar in ``node`` (implicit tags applied) its tag cannot construct."""
    ctor, stack, seen = yaml.constructor.SafeConstructor(), [node], set()
    while stack:
        n = stack.pop()
        if id(n) not in seen and isinstance(n, ScalarNode):
            try:
                ctor.construct_object(n)
            except Exception:  # noqa: BLE001 - any failure is the answer
                return n.start_mark
        elif id(n) not in seen:
            stack += reversed([x for pair in n.value for x in pair] if isinstance(n, MappingNode) else n.value)
        seen.add(id(n))
    return node.start_mark


def _has_merge(item: MappingNode) -> bool:
    return any(type(k) is ScalarNode and k.value == "<<" and not k.style for k, _ in item.value)


def str_field(item: MappingNode, name: str, lines: list[str]) -> str:
    """The non-empty string value of ``name`` in an entry (merge keys included)."""
    for k, v in item.value:
        if type(k) is ScalarNode and k.value == name:
            if type(v) is ScalarNode and v.value and implicit_tag(v, lines) == STR_TAG:
                return v.value
            raise RoutesFileError("must be a non-empty string", v.start_mark.line + 1, name)
    if _has_merge(item):
        value = to_py(item, lines).get(name)  # type: ignore[union-attr]
        if isinstance(value, str) and value:
            return value
        if value is not None:
            raise RoutesFileError("must be a non-empty string", item.start_mark.line + 1, name)
    raise RoutesFileError(f"route entry has no '{name}'", item.start_mark.line + 1, name)


def value_of(item: MappingNode, name: str, lines: list[str]) -> object:
    """The value of ``name`` in an entry (merge keys included) if it is a scalar, else its repr; None if absent."""
    for k, v in item.value:
        if type(k) is ScalarNode and k.value == name:
            value = to_py(v, lines)
            break
    else:
        value = to_py(item, lines).get(name) if _has_merge(item) else None  # type: ignore[union-attr]
    return value if isinstance(value, (str, int, float, bool, type(None))) else repr(value)


# --------------------------------------------------------------------------------------------- verification


def same(a: Node, b: Node) -> bool:
    if type(a) is not type(b) or a.tag != b.tag:
        return False
    if isinstance(a, ScalarNode):
        return a.value == b.value and a.style == b.style
    if len(a.value) != len(b.value):
        return False
    if isinstance(a, SequenceNode):
        return all(same(x, y) for x, y in zip(a.value, b.value))
    return all(same(k1, k2) and same(v1, v2) for (k1, v1), (k2, v2) in zip(a.value, b.value))


def strict_eq(a: object, b: object) -> bool:
    """Equality that also tells True from 1 and 1 from 1.0."""
    if type(a) is not type(b):
        return False
    if isinstance(a, list):
        return len(a) == len(b) and all(strict_eq(x, y) for x, y in zip(a, b))  # type: ignore[arg-type]
    if isinstance(a, dict):
        return a.keys() == b.keys() and all(strict_eq(v, b[k]) for k, v in a.items())  # type: ignore[union-attr,index]
    return a == b


# 0-based line of the edited text -> (1-based line of the user's file, '' when it is that line, else what it
# is there: 'the lines the tool would insert after this one')
Origin = Callable[[int], tuple[int, str]]


def verify(old: Doc, new_text: str, list_key: str, expected: list[object], origin: Origin | None = None) -> Doc:
    """Parse ``new_text``: its list must be ``expected`` (old item nodes and new entry dicts, in order) and
    everything else in the document must be what it was. RoutesFileError otherwise, whose line is one of
    the user's file (``origin`` maps a line of the edited text to one; without it, lines of the edited text
    are not named)."""

    def place(line0: int) -> tuple[int | None, str]:
        if origin is None:
            return None, ""
        line, what = origin(line0)
        return line, f" (in {what})" if what else ""

    try:
        new = parse_doc(new_text, list_key)
    except RoutesFileError as e:
        line, said = place(e.line - 1) if e.line is not None else (None, "")
        where = f"field {e.field!r}: " if e.field else ""
        raise EditRefused(
            f"internal error, refusing to write: the edited file would not parse: {where}{e.message}{said}", line
        ) from None

    def fail(why: str, line: int | None = None) -> RoutesFileError:
        return EditRefused(
            "internal error, refusing to write: the edited file would not mean the old routes plus the new "
            f"ones ({why})",
            line,
        )

    key_line = old.key.start_mark.line + 1 if old.key is not None else None
    old_pairs = old.root.value if old.root is not None else []
    new_pairs = new.root.value if new.root is not None else []
    try:
        if len(new_pairs) != len(old_pairs) + (old.key is None):
            raise fail("top-level keys changed")
        for (k1, v1), (k2, v2) in zip(old_pairs, new_pairs):
            if not same(k1, k2) or (k1 is not old.key and not same(v1, v2)):
                raise fail(f"top-level key {k1.value!r} changed", k1.start_mark.line + 1)
        if len(new.items) != len(expected):
            raise fail(f"{len(new.items)} entries instead of {len(expected)}", key_line)
        for i, (node, want) in enumerate(zip(new.items, expected)):
            if isinstance(want, Node):
                if not same(want, node):
                    j = next(n for n, x in enumerate(old.items) if x is want)
                    raise fail("this entry would change", old.line_of(j) + 1)
            elif not strict_eq(to_py(node, new.lines), want):
                line, said = place(new.line_of(i))
                raise fail("a new entry reads back differently" + said, line)
    except RecursionError:
        raise fail("structure too deep to compare") from None
    return new
