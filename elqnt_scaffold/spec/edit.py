"""Round-trip edits of a saved spec's text: the command line's change, and not one byte more.

Saved specs (`services/<service>/endpoints/<resource>.yaml`) are kept by hand: comments, blank lines, key
order, quoting, flow or block style. `add-endpoint` merges its flags into them with the functions here. Each
takes the spec's text and returns the new text, which the caller validates (`load` + `from_data`), so that
errors keep their file:line. Brand-new specs are written by `dump_spec` instead.

How: `sources.yaml.roundtrip` composes the spec with ruamel.yaml in round-trip mode and rewrites only the
nodes whose value changes, spliced into the original text: everything else stays byte for byte, and new
nodes are spelled like their neighbours (a new operation in a flow list is flow, a new field in a list of
flow mappings is a flow mapping). Items keep their place: a field or an operation given again by name is
changed where it stands; a new one goes last.
"""

from __future__ import annotations

import copy
from typing import TYPE_CHECKING, Any, Callable

from ..errors import UserError
from .fields import CRUD_OPERATIONS

if TYPE_CHECKING:
    from ..sources.yaml.roundtrip import RoundTrip

# Where a new top-level key goes: after the last key the spec has that comes before it here.
KEY_ORDER = ("resource", "plural", "service", "description", "fields", "operations", "gateway", "frontend", "models")


def merge_fields(text: str, fields: list[dict[str, Any]], *, file: str = "spec") -> str:
    """`--field` flags on an existing resource: each field is merged into the field of the same name where it
    stands, or added at the end of `fields`; the others stay. A field given with its saved type keeps its other
    keys (validate, description, nullable...) and takes the flag's `required`; with another type it is replaced."""

    def change(editor: RoundTrip, data: dict[str, Any]) -> None:
        items = data["fields"] = _list_at(editor, data, "fields")
        for new in fields:
            at = _index_of(items, new["name"])
            if at is None:
                items.append(dict(new))
            else:
                items[at] = _merged_field(items[at], new)

    return _edited(text, file, change)


def upsert_operation(text: str, op: dict[str, Any], *, file: str = "spec") -> str:
    """`--op`: the custom operation replaces the one of the same name where it stands, or goes last. A spec
    without `operations:` (the CRUD five by default) gets them written out, then the operation."""

    def change(editor: RoundTrip, data: dict[str, Any]) -> None:
        ops = data["operations"] = _list_at(editor, data, "operations", CRUD_OPERATIONS)
        at = _index_of(ops, op["name"])
        if at is None:
            ops.append(dict(op))
        else:
            ops[at] = dict(op)

    return _edited(text, file, change)


def set_operations(text: str, crud: list[str], *, file: str = "spec") -> str:
    """`--ops list,get`: exactly these CRUD operations; the custom ones stay where they are. CRUD names the
    spec lacks go after its last CRUD name (first when it has none)."""

    def change(editor: RoundTrip, data: dict[str, Any]) -> None:
        ops, seen, last = [], set(), -1
        for op in _list_at(editor, data, "operations", CRUD_OPERATIONS):
            if not isinstance(op, str):
                ops.append(op)
            elif op in crud and op not in seen:
                seen.add(op)
                ops.append(op)
                last = len(ops) - 1
        ops[last + 1 : last + 1] = [name for name in dict.fromkeys(crud) if name not in seen]
        data["operations"] = ops

    return _edited(text, file, change)


def remove_operation(text: str, name: str, *, file: str = "spec") -> str:
    """`remove-endpoint --op NAME`: the operation (a CRUD name or a custom one) leaves the list; every other
    item stays where it is. A spec without `operations:` gets the CRUD five written out, less that one."""

    def change(editor: "RoundTrip", data: dict[str, Any]) -> None:
        ops = _list_at(editor, data, "operations", CRUD_OPERATIONS)
        data["operations"] = [op for op in ops if op != name and not (isinstance(op, dict) and op.get("name") == name)]

    return _edited(text, file, change)


def set_key(text: str, key: str, value: Any, *, file: str = "spec") -> str:
    """One top-level key set to `value` (placed in the spec's usual key order when it is new)."""
    return _edited(text, file, lambda _editor, data: data.__setitem__(key, value))


def _edited(text: str, file: str, change: Callable[[RoundTrip, dict[str, Any]], None]) -> str:
    from ..sources.yaml.roundtrip import RoundTrip  # ruamel.yaml: loaded when a spec is edited, not by drift or check

    editor = RoundTrip(text, file)
    if not isinstance(editor.data, dict):
        raise UserError("a spec is a mapping with at least `resource:`", file=file, line=1, hint="see `elqnt-scaffold schema`")
    data = copy.deepcopy(editor.data)
    change(editor, data)
    return editor.rewrite(data, KEY_ORDER)


def _index_of(items: list[Any], name: str) -> int | None:
    return next((i for i, item in enumerate(items) if isinstance(item, dict) and item.get("name") == name), None)


def _merged_field(old: Any, new: dict[str, Any]) -> Any:
    if not isinstance(old, dict) or old.get("type") != new.get("type"):
        return dict(new)
    out = dict(old)
    if new.get("required"):
        out["required"] = True
    elif out.get("required"):
        del out["required"]
    return out


def _list_at(editor: RoundTrip, data: dict[str, Any], key: str, default: tuple[str, ...] = ()) -> list[Any]:
    value = data.get(key)
    if value is None:
        return list(default)
    if not isinstance(value, list):
        raise UserError(f"`{key}` is not a list", file=editor.file, line=editor.located.line_of((key,)), field=key,
                        hint=f"write `{key}:` as a YAML list")
    return value


__all__ = ["KEY_ORDER", "merge_fields", "remove_operation", "set_key", "set_operations", "upsert_operation"]
