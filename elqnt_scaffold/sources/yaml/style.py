"""Style inference and rendering for :mod:`.splice`: new routes.yaml entries that look like their neighbours.

Everything here works on pyyaml nodes composed by :mod:`.document` (``BaseLoader`` typing: every scalar is
tagged ``str``; plain scalars have an empty ``style``) and on the file's lines (with their line endings).
Nothing here decides *where* entries go; it only decides how they are spelled.
"""

from __future__ import annotations

import re
from collections import Counter
from dataclasses import dataclass, field
from functools import lru_cache

import yaml
from yaml.nodes import MappingNode, Node, ScalarNode, SequenceNode

from .marks import is_alias, node_start, written

GUIDE_ORDER = ("path", "method", "proxy_upstream", "auth_required", "cache_ttl", "scopes")
_MAX_DONORS = 48  # neighbours looked at, nearest first; bounds the work on huge files

_SafeLoader = getattr(yaml, "CSafeLoader", yaml.SafeLoader)
_RESOLVER = yaml.resolver.Resolver()
_RESOLVED_FIRST = frozenset(k for k in _RESOLVER.yaml_implicit_resolvers if k)
STR_TAG = "tag:yaml.org,2002:str"
BOOL_TAG = "tag:yaml.org,2002:bool"
NULL_TAG = "tag:yaml.org,2002:null"

_BOOL_PAIRS = {}
for _t, _f in (("true", "false"), ("yes", "no"), ("on", "off")):
    for _case in (str.lower, str.capitalize, str.upper):
        _BOOL_PAIRS[_case(_t)] = _BOOL_PAIRS[_case(_f)] = (_case(_t), _case(_f))
# Strings YAML 1.2 readers (the gateway is Go) would take for numbers although pyyaml (YAML 1.1) does not.
_YAML12_NUMBER = re.compile(
    r"0o[0-7]+|[-+]?(\.[0-9]+|[0-9]+(\.[0-9]*)?)([eE][-+]?[0-9]+)?|[-+]?\.(inf|Inf|INF)|\.(nan|NaN|NAN)"
)


def implicit_tag(node: ScalarNode, lines: list[str]) -> str:
    """The tag a YAML 1.1 safe loader gives ``node`` (composed by a BaseLoader, which tags all scalars str)."""
    if node.style or node.tag != STR_TAG:
        return node.tag
    value = node.value
    if value and value[0] not in _RESOLVED_FIRST:
        return STR_TAG
    start = node.start_mark
    head = lines[start.line][start.column :] if start.line < len(lines) else ""
    if head.startswith("&"):  # an anchor before the scalar; a tag may follow it
        head = head.split(None, 1)[1] if len(head.split(None, 1)) > 1 else ""
    if head.startswith("!"):  # explicit tag, already resolved by the composer
        return node.tag
    return _RESOLVER.resolve(ScalarNode, value, (True, False))


# --------------------------------------------------------------------------------------------- style


@dataclass
class ListStyle:
    flow: bool = False
    dash_rel: int = 2  # block: dash column relative to the owning key's column
    item_offset: int = 2  # block: item column relative to the dash
    open_pad: str = ""  # flow: text between '[' and the first item
    sep: str = ", "  # flow: text between items
    close_pad: str = ""  # flow: text between the last item and ']'
    item_style: str | None = None  # quoting of string items; None: follow the value default


@dataclass
class EntryStyle:
    dash_col: int = 2
    key_offset: int = 2  # first key column minus dash column
    dash_alone: bool = False  # '-' on its own line, keys below it
    flow_item: tuple[str, str, str] | None = None  # ('{' padding, pair separator, '}' padding) of '- {a: 1}' entries
    key_sep: str = ": "
    align: int | None = None  # value column relative to the key column, when neighbours align their values
    orders: list[tuple[str, ...]] = field(default_factory=list)
    key_styles: dict[str, str] = field(default_factory=dict)
    value_styles: dict[str, str] = field(default_factory=dict)
    default_key_style: str = ""
    default_value_style: str = ""
    quoted_fallback: str = "'"
    bool_words: tuple[str, str] = ("true", "false")
    null_word: str = "null"
    list_style: ListStyle = field(default_factory=ListStyle)
    nested_indent: int = 2
    guide: tuple[str, ...] = GUIDE_ORDER  # order of keys the neighbours lack; empty: the entry's own


def _same_line_text(lines: list[str], a, b) -> str | None:
    """Text between marks a and b when both are on one line, else None."""
    if a.line != b.line or a.line >= len(lines):
        return None
    return lines[a.line][a.column : b.column]


def _list_facts(key: ScalarNode, seq: SequenceNode, lines: list[str]) -> ListStyle | None:
    items = seq.value
    strs = [x.style or "" for x in items if isinstance(x, ScalarNode) and implicit_tag(x, lines) == STR_TAG]
    item_style = Counter(strs).most_common(1)[0][0] if strs else None
    if seq.flow_style:
        line, col = node_start(seq, lines)  # the '[', past an anchor or tag ('scopes: &w [a]')
        if not items or line != seq.end_mark.line:
            return None  # '[]' or a multi-line flow list says nothing about spacing
        if not all(written(seq, items)):
            return ListStyle(True, item_style=item_style)  # an alias's marks are elsewhere
        first, last = items[0], items[-1]
        open_pad = lines[line][col + 1 : first.start_mark.column]
        close_pad = lines[seq.end_mark.line][last.end_mark.column : seq.end_mark.column - 1]
        sep = _same_line_text(lines, items[0].end_mark, items[1].start_mark) if len(items) > 1 else None
        if sep is None or "," not in sep:
            sep = ", " if open_pad == "" or len(items) > 1 else "," + open_pad
        return ListStyle(True, open_pad=open_pad, sep=sep, close_pad=close_pad, item_style=item_style)
    line, dash = node_start(seq, lines)  # the '-', past an anchor or tag ('scopes: &w')
    first_here = items and items[0].start_mark.line == line and written(seq, items[:1])[0]  # not '- *x'
    offset = items[0].start_mark.column - dash if first_here else 2
    return ListStyle(
        False, dash_rel=max(0, dash - key.start_mark.column), item_offset=max(2, offset), item_style=item_style
    )


@dataclass
class _Facts:
    order: tuple[str, ...] = ()
    key_styles: dict[str, str] = field(default_factory=dict)
    value_styles: dict[str, str] = field(default_factory=dict)
    seps: list[tuple[str, int]] = field(default_factory=list)  # (separator text, value column - key column)
    bool_words: tuple[str, str] | None = None
    null_word: str | None = None
    list_style: ListStyle | None = None


def _facts(item: MappingNode, lines: list[str]) -> _Facts:
    f = _Facts(order=tuple(k.value for k, _ in item.value if isinstance(k, ScalarNode)))
    for k, v in item.value:
        if not isinstance(k, ScalarNode) or is_alias(v, k.end_mark.index):  # an alias's marks are elsewhere
            continue
        f.key_styles[k.value] = k.style or ""
        if isinstance(v, ScalarNode):
            tag = implicit_tag(v, lines)
            if v.value == "" and not v.style:
                continue
            if tag == STR_TAG:
                f.value_styles[k.value] = v.style if v.style in ("'", '"') else ""
            elif tag == BOOL_TAG and f.bool_words is None:
                f.bool_words = _BOOL_PAIRS.get(v.value)
            elif tag == NULL_TAG and f.null_word is None:
                f.null_word = v.value
        elif isinstance(v, SequenceNode) and f.list_style is None:
            f.list_style = _list_facts(k, v, lines)
        if not item.flow_style and (isinstance(v, ScalarNode) or getattr(v, "flow_style", False)):
            sep = _same_line_text(lines, k.end_mark, v.start_mark)
            if sep is not None and v.value != "":
                f.seps.append((sep, v.start_mark.column - k.start_mark.column))
    return f


def _flow_item_spacing(item: MappingNode, lines: list[str]) -> tuple[str, str, str] | None:
    if not item.flow_style or not item.value:
        return None
    ln, col = node_start(item, lines)  # the '{', past an anchor or tag
    (k0, _), (_, vn) = item.value[0], item.value[-1]
    if ln != item.end_mark.line:
        return None
    if not all(written(item, [x for pair in item.value for x in pair])):
        return "", ", ", ""  # an alias's marks are elsewhere
    line = lines[ln]
    open_pad = line[col + 1 : k0.start_mark.column]
    close_pad = line[vn.end_mark.column : item.end_mark.column - 1]
    sep = ", "
    if len(item.value) > 1:
        sep = line[item.value[0][1].end_mark.column : item.value[1][0].start_mark.column]
    return open_pad, sep, close_pad


def _agrees(a: dict[str, str], b: dict[str, str]) -> bool:
    return all(a[k] == s for k, s in b.items() if k in a)


def donor_order(anchor: int, count: int) -> list[int]:
    """Item indices nearest to ``anchor`` first: anchor, anchor-1, anchor+1, ..."""
    out = [anchor]
    step = 1
    while len(out) < min(count, _MAX_DONORS) and (anchor - step >= 0 or anchor + step < count):
        if anchor - step >= 0:
            out.append(anchor - step)
        if anchor + step < count:
            out.append(anchor + step)
        step += 1
    return out[:_MAX_DONORS]


def infer_style(
    items: list[MappingNode], anchor: int | None, dash_col: int, lines: list[str], default: EntryStyle
) -> EntryStyle:
    """The style of entries inserted after ``items[anchor]``; ``default`` when the list is empty."""
    if anchor is None or not items:
        return default
    st = EntryStyle(dash_col=dash_col, list_style=default.list_style, guide=default.guide)
    a = items[anchor]
    key_line = lines[a.start_mark.line]  # an anchor or tag on the '-' line counts as the keys' start
    st.dash_alone = key_line[: a.start_mark.column].strip() != "-"
    offset = a.start_mark.column - dash_col
    st.key_offset = max(1, offset) if st.dash_alone else max(2, offset)
    st.flow_item = _flow_item_spacing(a, lines)
    facts = [_facts(items[i], lines) for i in donor_order(anchor, len(items))]
    st.orders = [f.order for f in facts]
    near = facts[0]
    bool_words, null_word, list_style = None, None, None  # each from the nearest entry that shows one
    for f in facts:
        # a farther entry lends the quoting of keys the nearest one lacks only if it quotes like it
        if _agrees(near.key_styles, f.key_styles):
            for k, s in f.key_styles.items():
                st.key_styles.setdefault(k, s)
        if _agrees(near.value_styles, f.value_styles):
            for k, s in f.value_styles.items():
                st.value_styles.setdefault(k, s)
        bool_words = bool_words or f.bool_words
        null_word = null_word or f.null_word
        list_style = list_style or f.list_style
    st.bool_words = bool_words or st.bool_words
    st.null_word = null_word or st.null_word
    st.list_style = list_style or default.list_style
    key_counts = Counter(near.key_styles.values())
    st.default_key_style = key_counts.most_common(1)[0][0] if key_counts else ""
    val_counts = Counter(near.value_styles.values())
    st.default_value_style = val_counts.most_common(1)[0][0] if val_counts else ""
    quoted = Counter(s for f in facts for s in f.value_styles.values() if s)
    st.quoted_fallback = quoted.most_common(1)[0][0] if quoted else "'"
    seps = near.seps
    if seps:
        texts = {s for s, _ in seps}
        cols = {c for _, c in seps}
        if len(texts) > 1 and len(cols) == 1:
            st.align = cols.pop()
        else:
            st.key_sep = Counter(s for s, _ in seps).most_common(1)[0][0]
    st.nested_indent = max(2, st.key_offset)
    return st


# --------------------------------------------------------------------------------------------- rendering


@lru_cache(maxsize=4096)
def _plain_ok(s: str, ctx: str) -> bool:
    if not s or s != s.strip() or any(c in s for c in "\r\n\t\x85\u2028\u2029\ufeff") or _YAML12_NUMBER.fullmatch(s):
        return False
    try:
        if ctx == "key":
            return yaml.load(f"{s}: v\n", Loader=_SafeLoader) == {s: "v"}
        if ctx == "flow":
            return yaml.load(f"[{s}]\n", Loader=_SafeLoader) == [s] and yaml.load(
                f"{{k: {s}}}\n", Loader=_SafeLoader
            ) == {"k": s}
        return yaml.load(f"k: {s}\n", Loader=_SafeLoader) == {"k": s} and yaml.load(f"- {s}\n", Loader=_SafeLoader) == [
            s
        ]
    except yaml.YAMLError:
        return False


_DQ_ESCAPES = {
    "\0": "\\0",
    "\a": "\\a",
    "\b": "\\b",
    "\t": "\\t",
    "\n": "\\n",
    "\v": "\\v",
    "\f": "\\f",
    "\r": "\\r",
    "\x1b": "\\e",
    '"': '\\"',
    "\\": "\\\\",
    "\x85": "\\N",
    "\xa0": "\\_",
    "\u2028": "\\L",
    "\u2029": "\\P",
}


def _needs_escape(ch: str) -> bool:
    o = ord(ch)
    return o < 0x20 or 0x7F <= o <= 0x9F or o in (0x2028, 0x2029, 0xFEFF, 0xFFFE, 0xFFFF) or 0xD800 <= o <= 0xDFFF


def double_quoted(s: str) -> str:
    out = []
    for ch in s:
        if ch in _DQ_ESCAPES and ch != "\xa0":
            out.append(_DQ_ESCAPES[ch])
        elif _needs_escape(ch):
            o = ord(ch)
            out.append(f"\\x{o:02x}" if o < 0x100 else f"\\u{o:04x}")
        else:
            out.append(ch)
    return '"' + "".join(out) + '"'


def quote(s: str, style: str, ctx: str, fallback: str) -> str:
    """``s`` as a YAML scalar in ``style`` ('' plain, "'" or '"'), falling back when the style cannot hold it."""
    if style == "" and _plain_ok(s, ctx):
        return s
    if style == "":
        style = fallback
    if style == "'" and not any(_needs_escape(c) for c in s):
        return "'" + s.replace("'", "''") + "'"
    return double_quoted(s)


def scalar_text(value: object, style: str, st: EntryStyle, ctx: str) -> str:
    if value is True or value is False:
        return st.bool_words[0] if value else st.bool_words[1]
    if value is None:
        return st.null_word
    if isinstance(value, str):
        return quote(value, style, ctx, st.quoted_fallback)
    if isinstance(value, (int, float)):
        return yaml.safe_dump(value).splitlines()[0]
    raise TypeError(f"cannot write a {type(value).__name__} as a YAML scalar")


def _flow_value(value: object, style: str, st: EntryStyle) -> str:
    if isinstance(value, list):
        ls = st.list_style if st.list_style.flow else ListStyle(True)
        if not value:
            return "[]"
        item_style = ls.item_style if ls.item_style is not None else style
        inner = ls.sep.join(_flow_value(x, item_style, st) for x in value)
        return "[" + ls.open_pad + inner + ls.close_pad + "]"
    if isinstance(value, dict):
        if not value:
            return "{}"
        return (
            "{"
            + ", ".join(f"{scalar_text(k, '', st, 'key')}: {_flow_value(v, style, st)}" for k, v in value.items())
            + "}"
        )
    return scalar_text(value, style, st, "flow")


def key_order(keys: list[str], orders: list[tuple[str, ...]], guide: tuple[str, ...] = GUIDE_ORDER) -> list[str]:
    """Keys of a new entry in the neighbours' order; keys they lack in the guide's order, then the rest."""
    wanted = set(keys)
    for order in orders:
        if set(order) == wanted and len(order) == len(keys):
            return list(order)
    result = [k for k in (orders[0] if orders else ()) if k in wanted]
    rank = {k: i for i, k in enumerate(guide)}
    for g in guide:
        if g in wanted and g not in result:
            pos = 0
            for i, k in enumerate(result):
                if k in rank and rank[k] < rank[g]:
                    pos = i + 1
            result.insert(pos, g)
    result += [k for k in keys if k not in result]
    return result


def _pair_lines(key: str, value: object, col: int, st: EntryStyle) -> list[str]:
    """Lines (without line endings) of one ``key: value`` pair whose key sits at column ``col``."""
    ktext = scalar_text(key, st.key_styles.get(key, st.default_key_style), st, "key")
    vstyle = st.value_styles.get(key, st.default_value_style)
    if st.align is not None:
        sep = ":" + " " * max(1, st.align - len(ktext) - 1)
    else:
        sep = st.key_sep
    head = " " * col + ktext
    if isinstance(value, list):
        ls = st.list_style
        if not value or ls.flow or any(isinstance(x, (list, dict)) for x in value):
            return [head + sep + _flow_value(value, vstyle, st)]
        item_style = ls.item_style if ls.item_style is not None else vstyle
        dash = " " * (col + ls.dash_rel) + "-" + " " * (ls.item_offset - 1)
        return [head + sep.rstrip()] + [dash + scalar_text(x, item_style, st, "block") for x in value]
    if isinstance(value, dict):
        if not value:
            return [head + sep + "{}"]
        out = [head + sep.rstrip()]
        for k, v in value.items():
            out += _pair_lines(k, v, col + st.nested_indent, st)
        return out
    return [head + sep + scalar_text(value, vstyle, st, "block")]


def render_entry(entry: dict[str, object], st: EntryStyle) -> list[str]:
    """One sequence item (lines without line endings) for ``entry``, in style ``st``."""
    keys = key_order(list(entry), st.orders, st.guide or tuple(entry))
    dash = " " * st.dash_col + "-"
    if st.flow_item is not None:
        open_pad, sep, close_pad = st.flow_item
        pairs = [
            scalar_text(k, st.key_styles.get(k, st.default_key_style), st, "key")
            + ": "
            + _flow_value(entry[k], st.value_styles.get(k, st.default_value_style), st)
            for k in keys
        ]
        return [dash + " " * (st.key_offset - 1) + "{" + open_pad + sep.join(pairs) + close_pad + "}"]
    col = st.dash_col + st.key_offset
    out: list[str] = [dash] if st.dash_alone else []
    for k in keys:
        out += _pair_lines(k, entry[k], col, st)
    if not st.dash_alone:
        out[0] = dash + " " * (st.key_offset - 1) + out[0][col:]
    return out


def node_is_plain_null(node: Node, lines: list[str]) -> bool:
    """An untagged null scalar ('', '~', 'null'...; an anchor may come before it, a tag may not)."""
    return (
        isinstance(node, ScalarNode)
        and not node.style
        and node.tag == STR_TAG
        and node.value in ("", "~", "null", "Null", "NULL")
        and implicit_tag(node, lines) == NULL_TAG
    )
