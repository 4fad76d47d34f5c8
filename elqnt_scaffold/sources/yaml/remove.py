"""Updating and removing entries of a hand-kept YAML list (``routes.yaml``, ``tygo.yaml``) by line edits.

The inverse of :mod:`.splice`: an entry is found by its key fields, and its lines are deleted
(``remove_items``) or re-rendered in its own style (``replace_items``); every other byte stays.
Removing what ``add_items`` inserted gives back the text from before, byte for byte (bar a list it
created, which ends as ``routes: []``).

An entry's lines (``item_span``): its ``-`` line to its last content line, plus the comment lines indented
into it right after it (``place.insertion_line``'s rule: adding entries after it does not change them).
A comment above it is not its own and stays (a note). With it go the blank lines between it and the
entry before (after, when no entry before it stays): the blank lines ``add_items`` put before it.

Emptied list: the key line becomes ``routes: []`` (a comment on it stays): an empty list to every YAML
reader (Go's too; ``routes:`` would be null), and what ``add_items`` turns back into a block list.

Node properties: a list written ``routes: &r`` or ``!!seq``, entries with anchors or tags, merge keys,
and alias entries (``- *h``: its own line is its span) are edited like any other; a list an alias
elsewhere uses, or that is itself an alias, is refused (RoutesFileError at its key's line).

Guards, before anything is returned: only lines deleted (remove) or an entry's content lines swapped
(replace); no anchor in an edited entry used by an alias elsewhere; the edited file parses to the old
document with exactly those entries removed or replaced (else EditRefused, at a line of the user's file).
"""

from __future__ import annotations

import itertools
from dataclasses import dataclass, replace

import yaml
from yaml.nodes import ScalarNode, SequenceNode

from ...gcpause import gc_paused
from .document import BREAKS, Doc, EditRefused, RoutesConflict, RoutesFileError, check_editable, dash_column
from .document import parse_doc, strict_eq, to_py, value_of, verify
from .marks import aliases_of
from .place import ListKind, _closing_start, _default_style, _is_blank, _is_comment, _item_end, _newline
from .place import ending, insertion_line, style_near
from .splice import _insertions_only, _normalise
from .style import render_entry

__all__ = ["Span", "item_span", "remove_items", "remove_routes", "replace_items", "replace_routes", "spans"]

_EventLoader = getattr(yaml, "CSafeLoader", yaml.SafeLoader)
ROUTES = ListKind()  # routes.yaml: key fields method and path, the guide's key order


@dataclass(frozen=True)
class Span:
    """0-based lines of entry ``index``: its '-' line, last content line, last line (trailing comments)."""

    index: int
    dash: int
    content_end: int
    end: int


# --------------------------------------------------------------------------------------------- finding


def _kind(list_key: str | ListKind) -> ListKind:
    if isinstance(list_key, ListKind):
        return list_key
    return ListKind(list_key=list_key, key_fields=(), group_field=None, header=None, guide=())


def _check_key(key: dict[str, str]) -> dict[str, str]:
    if not key or not all(isinstance(k, str) and isinstance(v, str) and v for k, v in key.items()):
        raise ValueError(f"a key is a non-empty dict of non-empty strings, not {key!r}")
    return dict(key)


def _norm(field: str, value: str) -> str:
    return value.upper() if field == "method" else value


def _label(key: dict[str, object], kind: ListKind) -> str:
    fields = [f for f in kind.key_fields if f in key] + [f for f in key if f not in kind.key_fields]
    return " ".join(str(key[f]) for f in fields)


class _Finder:
    """Entries by key: one index per set of key fields, built on first use."""

    def __init__(self, doc: Doc, kind: ListKind) -> None:
        _no_alias_entries(doc)
        self.doc, self.kind = doc, kind
        self.indexes: dict[tuple[str, ...], dict[tuple[str, ...], list[int]]] = {}

    def matching(self, fields: tuple[str, ...], values: dict[str, object]) -> list[int]:
        if fields not in self.indexes:
            index = self.indexes[fields] = {}
            for i, item in enumerate(self.doc.items):
                vals = [value_of(item, f, self.doc.lines) for f in fields]
                if all(isinstance(v, str) for v in vals):
                    index.setdefault(tuple(_norm(f, v) for f, v in zip(fields, vals)), []).append(i)  # type: ignore[arg-type]
        return self.indexes[fields].get(tuple(_norm(f, str(values[f])) for f in fields), [])

    def find(self, key: dict[str, str]) -> int | None:
        """Index of the one entry with ``key``; None if there is none; RoutesFileError if several."""
        found = self.matching(tuple(key), key)  # type: ignore[arg-type]
        if len(found) > 1:
            lines = ", ".join(str(self.doc.line_of(i) + 1) for i in found)
            raise RoutesFileError(
                f"{_label(key, self.kind)} is in '{self.kind.list_key}' more than once (lines {lines}); "
                "edit the file by hand",
                self.doc.line_of(found[1]) + 1,
            )
        return found[0] if found else None


def _no_alias_entries(doc: Doc) -> None:
    """An entry that is an alias ('- *name') is the node of another entry: its marks point there."""
    seen: set[int] = set()
    for item in doc.items:
        if id(item) in seen:
            raise RoutesFileError(
                "this entry is repeated as an alias ('- *e'); edit the file by hand", item.start_mark.line + 1
            )
        seen.add(id(item))


def _dash_line(doc: Doc, i: int, dash_col: int, lowest: int) -> int:
    """0-based line of entry ``i``'s '-': its first line, or a line of its own above it ('-' alone)."""
    lines, first = doc.lines, doc.line_of(i)

    def is_dash(line: str) -> bool:
        return line[:dash_col].strip(" ") == "" and line[dash_col : dash_col + 1] == "-"

    if (i in doc.aliases or doc.items[i].start_mark.column > dash_col) and is_dash(lines[first]):
        return first
    for ln in range(first - 1, lowest - 1, -1):
        if _is_blank(lines[ln]) or _is_comment(lines[ln]):
            continue
        rest = lines[ln][dash_col + 1 :].strip()
        if is_dash(lines[ln]) and (not rest or rest.startswith("#")):
            return ln
        break
    raise RoutesFileError("cannot find the '-' of this entry; edit the file by hand", first + 1)


def spans(doc: Doc) -> list[Span]:
    """Every entry's lines (the rules of ``item_span``); RoutesFileError where they cannot be told."""
    if not doc.items:
        return []
    _no_alias_entries(doc)
    dash_col = dash_column(doc)  # past an anchor or tag: 'routes: &r'
    closing = _closing_start(doc.lines)
    out: list[Span] = []
    lowest = doc.key.end_mark.line + 1  # type: ignore[union-attr]
    for i in range(len(doc.items)):
        dash = _dash_line(doc, i, dash_col, lowest)
        content_end = _item_end(doc, i)
        end = max(content_end, insertion_line(doc, i, dash_col, closing) - 1)
        if not lowest <= dash <= content_end:
            raise RoutesFileError("cannot tell where this entry starts and ends; edit the file by hand", dash + 1)
        out.append(Span(i, dash, content_end, end))
        lowest = end + 1
    return out


def item_span(text: str | None, list_key: str | ListKind, key: dict[str, str]) -> tuple[int, int, str] | None:
    """(first line, last line, text) of the entry whose fields equal ``key`` (a method in any case), 1-based
    lines; None if there is none. The text is the entry's own lines with their line endings (see the
    module's doc; at the end of a file without a final line break, its last line has none).
    RoutesFileError for an unreadable file or a key matching several entries."""
    key = _check_key(key)
    with gc_paused():
        doc = parse_doc(text or "", _kind(list_key).list_key)
        i = _Finder(doc, _kind(list_key)).find(key)
        if i is None:
            return None
        s = spans(doc)[i]
        return s.dash + 1, s.end + 1, "".join(doc.lines[s.dash : s.end + 1])


# --------------------------------------------------------------------------------------------- guards


def _check_anchors(body: str, edited: dict[int, tuple[int, int]], labels: dict[int, str], verb: str) -> None:
    """Refuse when an anchor defined in an edited line range is used by an alias outside it."""
    ranges = [(a, b, labels[i]) for i, (a, b) in edited.items()]

    def owner(line: int) -> str | None:
        return next((label for a, b, label in ranges if a <= line <= b), None)

    for anchor, at, alias in aliases_of(body, lambda mark: owner(mark.line) is not None):
        if owner(alias) is None:
            raise RoutesFileError(
                f"cannot {verb} {owner(at)}: its anchor &{anchor} is used by the alias at line {alias + 1}; "
                "edit the file by hand",
                at + 1,
            )


def _verify(old: Doc, new_text: str, expected: list[object], verb: str, origin: list[tuple[int, str]]) -> None:
    """``document.verify`` (the list holds ``expected``, all else as it was); an emptied list is ``[]``.
    ``origin[j]``: the user's line that line j of the edited text is, or stands for (``document.Origin``)."""
    list_key = old.key.value  # type: ignore[union-attr]
    try:
        new = verify(old, new_text, list_key, expected, lambda j: origin[min(j, len(origin) - 1)])
    except RoutesFileError as e:
        what = f"the old document with exactly those entries {verb}"
        raise EditRefused(e.message.replace("the old routes plus the new ones", what), e.line) from None
    if not expected and not (isinstance(new.value, SequenceNode) and not new.value.value):
        raise EditRefused(
            f"internal error, refusing to write: '{list_key}' would not be an empty list",
            old.key.start_mark.line + 1,  # type: ignore[union-attr]
        )


# --------------------------------------------------------------------------------------------- remove


def remove_routes(text: str | None, keys: list[dict[str, str]]) -> tuple[str, list[str]]:
    """``remove_items`` for routes.yaml: ``keys`` like ``{"method": "GET", "path": "/api/v1/widgets"}``."""
    return remove_items(text, ROUTES, keys)


def remove_items(text: str | None, list_key: str | ListKind, keys: list[dict[str, str]]) -> tuple[str, list[str]]:
    """``text`` without the entries of ``list_key`` matching ``keys``; returns (new text, notes). Undoes
    ``add_items`` byte for byte (a list it made from ``routes:``/``~``/nothing ends as ``routes: []``).
    A key with no entry: a note. RoutesFileError, and nothing returned, for an unreadable file, a key
    matching several entries, an anchor in a removed entry used elsewhere, or an edit that would not
    read as the old document minus exactly those entries."""
    kind = _kind(list_key)
    wanted = [_check_key(k) for k in keys]
    text = text or ""
    with gc_paused():
        doc = parse_doc(text, kind.list_key)
        notes: list[str] = []
        found: dict[int, str] = {}
        finder = _Finder(doc, kind)
        for key in wanted:
            i = finder.find(key)
            if i is None:
                notes.append(f"{_label(key, kind)}: not in '{kind.list_key}', nothing to remove")
            else:
                found.setdefault(i, _label(key, kind))
        if not found:
            return text, notes
        return _remove(text, doc, found, kind, notes)


def _remove(text: str, doc: Doc, found: dict[int, str], kind: ListKind, notes: list[str]) -> tuple[str, list[str]]:
    check_editable(doc, kind.list_key)
    lines, all_spans = doc.lines, spans(doc)
    key_line = doc.key.end_mark.line  # type: ignore[union-attr]
    ranges = {i: (all_spans[i].dash, all_spans[i].end) for i in found}
    _check_anchors(text[len(doc.bom) :], ranges, found, "remove")
    n = len(all_spans)
    kept = [i for i in range(n) if i not in found]
    gone: set[int] = set()
    for i in sorted(found):
        s = all_spans[i]
        gone.update(range(s.dash, s.end + 1))
        above = all_spans[i - 1].end + 1 if i else key_line + 1
        if not kept or kept[0] < i:  # the blank lines between it and the entry before it
            run = range(s.dash - 1, above - 1, -1)
        else:  # the first entries go: the blank lines between it and the entry after it
            run = range(s.end + 1, all_spans[i + 1].dash if i + 1 < n else len(lines))
        gone.update(itertools.takewhile(lambda ln: _is_blank(lines[ln]), run))
        if s.dash > above and _is_comment(lines[s.dash - 1]):
            notes.append(f"line {s.dash}: the comment above {found[i]} stays")
        notes.append(f"{found[i]}: removed lines {s.dash + 1}-{s.end + 1}")
    out = list(lines)
    if not kept:
        out[key_line] = _emptied_key_line(doc)
        notes.append(f"line {key_line + 1}: '{kind.list_key}' has no entries left, now '{kind.list_key}: []'")
    out = [line for ln, line in enumerate(out) if ln not in gone]
    if out and len(lines) - 1 in gone and not ending(lines[-1]):  # no line break at the end: still none
        out[-1] = out[-1].rstrip(BREAKS)
    # guard 1: line deletions only (the key line of an emptied list aside)
    check = list(out)
    if not kept:  # all removed lines come after the key line: it keeps its index
        check[key_line] = lines[key_line].rstrip(BREAKS) + ending(out[key_line])
    if _insertions_only(check, list(lines)) is not None or len(check) != len(lines) - len(gone):
        first = min(all_spans[i].dash for i in found) + 1
        raise EditRefused("internal error, refusing to write: the edit is not line deletions only", first)
    new_text = doc.bom + "".join(out)
    origin = [(ln + 1, "") for ln in range(len(lines)) if ln not in gone] or [(key_line + 1, "")]
    _verify(doc, new_text, [doc.items[i] for i in kept], "removed", origin)  # guard 2: the meaning
    return new_text, notes


def _emptied_key_line(doc: Doc) -> str:
    """``routes:`` (with a comment or not) as ``routes: []``."""
    k = doc.key
    line = doc.lines[k.end_mark.line]  # type: ignore[union-attr]
    col = k.end_mark.column  # type: ignore[union-attr]
    colon = col + len(line[col:]) - len(line[col:].lstrip(" \t"))
    rest = line[colon + 1 :]
    if line[colon : colon + 1] != ":" or rest.strip() and not rest.strip().startswith("#"):
        raise RoutesFileError(
            f"cannot empty '{k.value}' written this way; write '{k.value}:' alone on its line",  # type: ignore[union-attr]
            k.end_mark.line + 1,  # type: ignore[union-attr]
        )
    return line[: colon + 1] + " []" + rest


# --------------------------------------------------------------------------------------------- replace


_Todo = dict[int, tuple[str, dict[str, object], tuple[str, ...]]]  # entry -> (label, new mapping, key fields)


def replace_routes(
    text: str | None, replacements: list[tuple[dict[str, str], dict[str, object]]]
) -> tuple[str, list[str]]:
    """``replace_items`` for routes.yaml (new keys get the guide's key order)."""
    return replace_items(text, ROUTES, replacements)


def replace_items(
    text: str | None, list_key: str | ListKind, replacements: list[tuple[dict[str, str], dict[str, object]]]
) -> tuple[str, list[str]]:
    """``text`` with the entry matching each key replaced by its new mapping; returns (new text, notes).

    The mapping is rendered in the entry's own style (indentation, '-' placement, flow or block, quoting,
    its key order for the keys both have; other keys where neighbours or the guide put them) and its
    content lines are swapped for those; all else stays (comments inside it go, with a note). An entry
    already equal to its mapping, or a key with no entry: a note. The mapping may change the key fields
    unless another entry has them (RoutesConflict); ValueError if it lacks them. RoutesFileError, and
    nothing returned, as for ``remove_items`` (bar "minus": "with exactly those entries replaced")."""
    kind = _kind(list_key)
    text = text or ""
    with gc_paused():
        doc = parse_doc(text, kind.list_key)
        notes: list[str] = []
        todo: _Todo = {}
        finder = _Finder(doc, kind)
        for key, mapping in replacements:
            key = _check_key(key)
            entry = _normalise(mapping, replace(kind, key_fields=tuple(key)))
            label = _label(key, kind)
            i = finder.find(key)
            if i is None:
                notes.append(f"{label}: not in '{kind.list_key}', nothing to replace")
            elif i in todo:
                if not strict_eq(todo[i][1], entry):
                    raise RoutesConflict(f"{label} is given twice with different values")
            elif strict_eq(to_py(doc.items[i], doc.lines), entry):
                notes.append(f"{label}: already as given at line {doc.line_of(i) + 1}, left as is")
            else:
                todo[i] = (label, entry, tuple(key))
        if not todo:
            return text, notes
        return _replace(text, doc, todo, finder, notes)


def _replace(text: str, doc: Doc, todo: _Todo, finder: _Finder, notes: list[str]) -> tuple[str, list[str]]:
    check_editable(doc, finder.kind.list_key)
    lines, all_spans = doc.lines, spans(doc)
    ranges = {i: (all_spans[i].dash, all_spans[i].content_end) for i in todo}
    _check_anchors(text[len(doc.bom) :], ranges, {i: t[0] for i, t in todo.items()}, "replace")
    for i, (label, entry, fields) in todo.items():  # new key fields must not be another entry's
        ident = [_norm(f, str(entry[f])) for f in fields]
        clash = [j for j in finder.matching(fields, entry) if j not in todo]
        clash += [j for j, t in todo.items() if j != i and [_norm(f, str(t[1].get(f))) for f in fields] == ident]
        if clash:
            raise RoutesConflict(
                f"{label}: the new values are another entry's", doc.line_of(clash[0]) + 1
            )
    kind = finder.kind
    dash_col = dash_column(doc)
    default = _default_style(doc, doc.key.start_mark.column, kind)  # type: ignore[union-attr]
    out: list[str] = []
    keep: list[str] = []  # the old lines that stay, for the deletion/insertion guard
    origin: list[tuple[int, str]] = []  # the user's line each line of out is, or stands for
    expected: list[object] = list(doc.items)
    pos, added = 0, 0
    for i in sorted(todo):
        label, entry, _ = todo[i]
        s, item = all_spans[i], doc.items[i]
        st = style_near(doc, i, dash_col, default)
        st.orders = [tuple(k.value for k, _ in item.value if isinstance(k, ScalarNode))]
        if item.flow_style and st.flow_item is None and i not in doc.aliases:  # an alias: its neighbours
            st.flow_item = ("", ", ", "")
        nl = _newline(lines, s.dash + 1)
        new_lines = [line + nl for line in render_entry(entry, st)]
        if s.content_end == len(lines) - 1 and not ending(lines[-1]):
            new_lines[-1] = new_lines[-1].rstrip(BREAKS)
        old_part = lines[s.dash : s.content_end + 1]
        if any(_is_comment(line) for line in old_part) or _has_inline_comment("".join(old_part)):
            notes.append(f"{label}: comments inside the entry (lines {s.dash + 1}-{s.content_end + 1}) were dropped")
        out += lines[pos : s.dash] + new_lines
        keep += lines[pos : s.dash]
        origin += [(ln + 1, "") for ln in range(pos, s.dash)]
        origin += [(s.dash + 1, "the lines the tool would write in place of this entry")] * len(new_lines)
        at = s.dash + added
        notes.append(
            f"{label}: replaced lines {s.dash + 1}-{s.content_end + 1} by lines {at + 1}-{at + len(new_lines)}"
        )
        added += len(new_lines) - (s.content_end + 1 - s.dash)
        pos = s.content_end + 1
        expected[i] = entry
    out += lines[pos:]
    keep += lines[pos:]
    origin += [(ln + 1, "") for ln in range(pos, len(lines))]
    if _insertions_only(keep, out) is not None or len(out) != len(lines) + added:
        first = min(all_spans[i].dash for i in todo) + 1
        raise EditRefused("internal error, refusing to write: the edit is not the entries' lines alone", first)
    new_text = doc.bom + "".join(out)
    _verify(doc, new_text, expected, "replaced", origin)
    return new_text, notes


def _has_inline_comment(chunk: str) -> bool:
    """Whether ``chunk`` (YAML lines) has a comment after content: a '#' after the last token on a line."""
    try:
        tokens = list(yaml.scan(chunk, Loader=_EventLoader))
    except yaml.YAMLError:
        return "#" in chunk
    last: dict[int, int] = {}
    inside: set[int] = set()  # lines within a multi-line token
    for tok in tokens:
        inside.update(range(tok.start_mark.line + 1, tok.end_mark.line))
        last[tok.end_mark.line] = max(last.get(tok.end_mark.line, 0), tok.end_mark.column)
    return any(
        ln not in inside and line[last.get(ln, 0) :].lstrip().startswith("#")
        for ln, line in enumerate(chunk.splitlines())
    )
