"""Insert-only editing of a hand-kept ``routes.yaml`` (the API gateway's route table).

Engineers keep that file by hand, so the only edit made here is to *insert* lines: new route entries
are rendered as text in the style of their neighbours and spliced into the original text; every other
byte (comments, blank lines, quoting, indentation, key order, CRLF, BOM, ``---``) stays as it was.
The one exception: an empty list written ``routes: []`` or ``routes: ~`` loses that token from its
line (``routes:``) so that a block list can follow; the guard accepts that single replacement and
nothing else besides insertions.

Speed: no round-trip dump ever happens. The old file is composed once by libyaml (C speed, line and
column marks, implicit types applied only to the values we read); the insertion points and styles come
from those marks, read past node properties (``routes: &r``, ``- !!map``, ``scopes: &w``) and with
alias entries (``- *h``) found where they are written (``marks``). Every edit is then checked to mean
the old document plus exactly the new entries before it is returned: by parsing the edited file whole
and comparing it node by node, or, for a file with no anchor, tag or alias at all, from the inserted
lines alone (``place.local_check``). A failed check is ``EditRefused`` naming a line of the user's file
(never one of the draft's): nothing is returned, so nothing is written.

Modules: ``document`` (parsing, values, whole-file check), ``marks`` (where nodes really are: past
properties, aliases), ``style`` (neighbours' style, rendering), ``place`` (placement, local check),
this one (API, selection, splice, guard), ``remove`` (replace and remove).
"""

from __future__ import annotations

import difflib
from dataclasses import dataclass

from ...gcpause import gc_paused
from .document import BREAKS, Doc, EditRefused, Origin, RoutesConflict, RoutesFileError, check_editable, parse_doc
from .document import str_field, strict_eq, to_py, value_of, verify
from .place import NEW_FILE_HEADER, ListKind, ending, local_check, plan_into_list, plan_new_list, render_entries

__all__ = [
    "NEW_FILE_HEADER",
    "EditRefused",
    "ListKind",
    "RouteEntry",
    "RoutesConflict",
    "RoutesFileError",
    "add_items",
    "add_routes",
    "read_routes",
    "render_entries",
]


@dataclass(frozen=True)
class RouteEntry:
    method: str
    path: str
    fields: dict[str, object]  # the whole mapping as plain Python values, in file order
    line: int  # 1-based line of the entry's first key


def read_routes(text: str, list_key: str = "routes") -> list[RouteEntry]:
    """The entries of ``list_key`` in order. Raises RoutesFileError (with a line) for a file that is not
    valid YAML, not a mapping, or whose list is not a list of mappings with string ``method`` and ``path``."""
    with gc_paused():
        doc = parse_doc(text or "", list_key)
        out = []
        for i, item in enumerate(doc.items):
            method = str_field(item, "method", doc.lines)
            path = str_field(item, "path", doc.lines)
            fields = to_py(item, doc.lines)
            out.append(RouteEntry(method, path, fields, doc.line_of(i) + 1))  # type: ignore[arg-type]
        return out


# --------------------------------------------------------------------------------------------- guard


def _insertions_only(old: list[str], new: list[str]) -> tuple[int, str] | None:
    """None when ``new`` is ``old`` with lines inserted (the old last line may gain a line ending):
    old must be a subsequence of new, which a greedy scan decides in linear time. Else (1-based line of
    ``old``, what would change there)."""
    j, m, last = 0, len(new), len(old) - 1
    for i, line in enumerate(old):
        open_end = i == last and not ending(line)
        while j < m and not (new[j] == line or open_end and new[j].rstrip(BREAKS) == line):
            j += 1
        if j == m:
            return _first_change(old, new)
        j += 1
    return None


def _first_change(old: list[str], new: list[str]) -> tuple[int, str]:
    lo = 0
    while lo < min(len(old), len(new)) and old[lo] == new[lo]:
        lo += 1
    sm = difflib.SequenceMatcher(None, old[lo : lo + 400], new[lo : lo + 400], autojunk=False)
    for tag, i1, i2, j1, j2 in sm.get_opcodes():
        if tag in ("replace", "delete"):
            was = "".join(old[lo + i1 : lo + i2]).rstrip(BREAKS)
            now = "".join(new[lo + j1 : lo + j2]).rstrip(BREAKS)
            said = f"replaced by {now!r}" if tag == "replace" else "removed"
            return lo + i1 + 1, f"line {lo + i1 + 1} {was!r} would be {said}"
    return lo + 1, f"line {lo + 1} {old[lo].rstrip(BREAKS) if lo < len(old) else ''!r} would change"


# --------------------------------------------------------------------------------------------- selection

_MISSING = object()


def _normalise(entry: dict[str, object], kind: ListKind) -> dict[str, object]:
    def plain(v: object) -> object:
        if isinstance(v, (list, tuple)):
            return [plain(x) for x in v]
        if isinstance(v, dict):
            return {str(k): plain(x) for k, x in v.items()}
        return v

    out = {str(k): plain(v) for k, v in entry.items()}
    for name in kind.key_fields:
        if not isinstance(out.get(name), str) or not out[name]:
            raise ValueError(f"{kind.list_key} entry needs a non-empty string {name!r}: {entry!r}")
    return out


def _identity(values: dict[str, object], kind: ListKind) -> tuple[str, ...]:
    """What makes two entries the same entry: their key fields (an HTTP method in any case)."""
    return tuple(str(values[f]).upper() if f == "method" else str(values[f]) for f in kind.key_fields)


def _differs(existing: dict[str, object], new: dict[str, object]) -> str | None:
    """None when ``existing`` already says everything ``new`` says (it may say more, and may spell the
    method in another case); else the first field that differs."""
    for k, v in new.items():
        have = existing.get(k, _MISSING)
        if k == "method" and isinstance(have, str) and isinstance(v, str):
            have, v = have.upper(), v.upper()
        if not strict_eq(have, v):
            return k
    return None


def _select(
    doc: Doc, wanted: list[dict[str, object]], kind: ListKind, notes: list[str]
) -> tuple[list[dict[str, object]], list[object]]:
    """(entries to add, each existing entry's group value); skips entries already there, raises on conflicts."""
    lines = doc.lines
    index: dict[tuple[str, ...], list[int]] = {}
    groups: list[object] = []
    for i, item in enumerate(doc.items):
        index.setdefault(_identity({f: str_field(item, f, lines) for f in kind.key_fields}, kind), []).append(i)
        groups.append(value_of(item, kind.group_field, lines) if kind.group_field else None)
    todo: list[dict[str, object]] = []
    planned: dict[tuple[str, ...], dict[str, object]] = {}
    for e in wanted:
        ident = _identity(e, kind)
        label = " ".join(str(e[f]) for f in kind.key_fields)
        if ident in planned:
            if _differs(planned[ident], e) or _differs(e, planned[ident]):
                raise RoutesConflict(f"{label} is given twice with different values")
            continue
        present = index.get(ident, [])
        for i in present:
            fields = to_py(doc.items[i], lines)
            name = _differs(fields, e)  # type: ignore[arg-type]
            if name is not None:
                have = fields.get(name, _MISSING)  # type: ignore[union-attr]
                said = "nothing" if have is _MISSING else repr(have)
                raise RoutesConflict(
                    f"{label} already exists with other values: {name} is {said} there, not {e[name]!r}",
                    doc.line_of(i) + 1,
                    name,
                )
        if present:
            notes.append(f"{label}: already present at line {doc.line_of(present[0]) + 1}, left as is")
            continue
        planned[ident] = e
        todo.append(e)
    return todo, groups


def _splice(lines: list[str], replacements: dict[int, str], inserts: list[tuple[int, list[str]]]) -> list[str]:
    out = [replacements.get(i, line) for i, line in enumerate(lines)]
    for p, new_lines in sorted(inserts, key=lambda t: t[0], reverse=True):
        if p >= len(out) and out and not ending(out[-1]):  # no line ending at the end: keep it that way
            out[-1] += ending(new_lines[0]) or "\n"
            new_lines = new_lines[:-1] + [new_lines[-1].rstrip(BREAKS)]
        out[p:p] = new_lines
    return out


def _origin(inserts: list[tuple[int, list[str]]]) -> Origin:
    """``document.Origin`` for ``_splice``'s output: an old line is itself, an inserted one follows old line p."""
    blocks = sorted((p, len(new_lines)) for p, new_lines in inserts)

    def origin(j: int) -> tuple[int, str]:
        shift = 0
        for p, count in blocks:
            if j < p + shift:
                break
            if j < p + shift + count:
                return max(p, 1), "the lines the tool would insert after this one" if p else "the lines it would insert"
            shift += count
        return j - shift + 1, ""

    return origin


# --------------------------------------------------------------------------------------------- add


def add_routes(
    text: str | None, entries: list[dict[str, object]], list_key: str = "routes", full_check: bool = False
) -> tuple[str, list[str]]:
    """``text`` with ``entries`` inserted as new items of its ``list_key`` list; returns (new text, notes).

    ``text`` None or empty: a new file (a comment header, ``routes:`` and the entries, guide style).
    Entries already present (same method and path, every given field equal; the existing entry may have
    more fields, and may spell the method in another case) are skipped with a note; the same method and
    path with a different value raises RoutesConflict carrying the existing entry's line and the field.
    A new entry goes after the last entry with the same ``proxy_upstream``, else at the end of the list
    (above a closing comment block), in its neighbours' style. Anchors and tags on the list, its entries
    and their values, alias entries and merge keys are read where they are written; new entries carry
    none. Raises RoutesFileError (with the user's line) for unreadable files and for lists that cannot
    take entries by insertion ('routes: *other', an anchored list an alias elsewhere uses); and
    EditRefused (a RoutesFileError) instead of returning an edit that is anything but insertions (bar
    ``routes: []`` / ``routes: ~`` becoming ``routes:``) or that does not read back as the old entries
    plus the new ones.

    That last check parses the edited file and compares it with the old one node by node; for a file
    without anchors, tags or aliases (nothing shifts the marks the proof reads) ``place.local_check``
    proves the same from the inserted lines alone, which halves the time on a large file.
    ``full_check=True`` always parses the whole edited file.
    """
    return add_items(text, entries, ListKind(list_key=list_key), full_check=full_check)


def add_items(
    text: str | None,
    items: list[dict[str, object]],
    list_key: str | ListKind,
    *,
    key_fields: tuple[str, ...] = ("path",),
    group_field: str | None = None,
    header: str | None = None,
    full_check: bool = False,
) -> tuple[str, list[str]]:
    """``add_routes`` for any top-level list of mappings, e.g. tygo.yaml's ``packages``:
    ``add_items(text, [entry], list_key="packages", key_fields=("path",))``. ``key_fields`` identify an
    item (string values, required), new items go after the last one with the same ``group_field`` value
    (None: at the end), ``header`` is the first line of a new file. Same guarantees and errors as
    ``add_routes``; a ListKind may be given instead of the list key and those three."""
    kind = list_key
    if isinstance(kind, str):
        kind = ListKind(list_key=kind, key_fields=key_fields, group_field=group_field, header=header, guide=())
    wanted = [_normalise(e, kind) for e in items]
    with gc_paused():
        return _add(text or "", wanted, kind, full_check)


def _add(text: str, wanted: list[dict[str, object]], kind: ListKind, full_check: bool) -> tuple[str, list[str]]:
    doc = parse_doc(text, kind.list_key)
    notes: list[str] = []
    todo, groups = _select(doc, wanted, kind, notes)
    if not todo:
        return text, notes
    check_editable(doc, kind.list_key)
    plan = plan_into_list(doc, todo, groups, kind) if doc.items else plan_new_list(doc, todo, kind, notes)
    out = _splice(doc.lines, plan.replacements, plan.inserts)
    why = _insertions_only([plan.replacements.get(i, line) for i, line in enumerate(doc.lines)], out)
    if why is not None:
        raise EditRefused(f"refusing to rewrite the file, the edit is not insertions only: {why[1]}", why[0])
    new_text = doc.bom + "".join(out)
    where = None if full_check else local_check(doc, plan, text)
    if where is None:  # the final word: the whole edited file, parsed and compared with the old one
        new_doc = verify(doc, new_text, kind.list_key, plan.expected, _origin(plan.inserts))
        where = {id(want): node.start_mark.line + 1 for node, want in zip(new_doc.items, plan.expected)}
    for want in plan.expected:
        if isinstance(want, dict):
            label = " ".join(str(want[f]) for f in kind.key_fields)
            notes.append(f"{label}: added at line {where[id(want)]}")
    return new_text, notes
