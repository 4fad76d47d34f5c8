"""The statements that take a table from what the migrations leave to what is wanted, and back.

Both tables are in replay's canonical form (:mod:`.read`). Compared: each column's type and NOT NULL,
and the indexes by their columns and uniqueness (an index of other name on the same columns counts).
Not compared: defaults (a default only fills rows that exist when a column is added or made NOT NULL;
`DEFAULT ''` and `DEFAULT ''::text` say the same), the primary key, column order. A column the wanted table
lacks is dropped only when `owned_column` says it is the caller's (a column someone added by hand stays); an
index it lacks only when `owned_index` says so.

Up, in an order that holds inside one transaction: drop indexes, drop columns (removed, and retyped ones,
re-added with the new type: their data is lost), add columns, change NOT NULL (filling NULLs first), create
indexes (last: their columns exist and hold values). Down undoes them in reverse, restoring every dropped
column's definition and index (not its data).
"""

from __future__ import annotations

from dataclasses import dataclass, field
from typing import Callable

from .schema import Column, Index, Table

# what fills a NOT NULL column's NULLs (or a new NOT NULL column without a default) when it has no default
_ZERO = {
    "text": "''", "bigint": "0", "integer": "0", "smallint": "0", "real": "0", "double precision": "0",
    "numeric": "0", "boolean": "false", "jsonb": "'null'::jsonb", "json": "'null'::json",
}


@dataclass(frozen=True)
class Change:
    """One difference, named for people: verb (add, drop, retype, nullable, not_null, unique, not_unique,
    index, drop_index), the column or index, and whether applying it loses data."""

    verb: str
    name: str
    detail: str  # "color text NOT NULL DEFAULT ''", "bigint -> integer"
    data_loss: bool = False

    def __str__(self) -> str:
        return f"{self.verb.replace('_', ' ')} {self.name}" + (f" ({self.detail})" if self.detail else "")


@dataclass
class TableDiff:
    table: str
    changes: list[Change] = field(default_factory=list)
    up: list[str] = field(default_factory=list)  # SQL statements, each ending in ';'
    down: list[str] = field(default_factory=list)

    @property
    def data_loss(self) -> list[Change]:
        return [c for c in self.changes if c.data_loss]


def column_definition(column: Column) -> str:
    out = f"{column.name} {column.type}"
    if column.not_null:
        out += " NOT NULL"
    if column.default is not None:
        out += f" DEFAULT {column.default}"
    return out


def index_sql(table: str, index: Index) -> str:
    unique = "UNIQUE " if index.unique else ""
    return f"CREATE {unique}INDEX {index.name} ON {table} ({', '.join(index.columns)});"


def diff_table(
    current: Table,
    wanted: Table,
    owned_column: Callable[[Column], bool] = lambda c: True,
    owned_index: Callable[[str], bool] = lambda name: True,
) -> TableDiff:
    """What differs between `current` (replayed migrations) and `wanted` (the spec's table), and the up and
    down statements (empty when nothing does). Raises nothing: whether data loss is allowed is the caller's."""
    t = wanted.name
    cur, want = current.columns, wanted.columns
    added = [c for n, c in want.items() if n not in cur]
    removed = [c for n, c in cur.items() if n not in want and owned_column(c)]
    retyped = [(cur[n], c) for n, c in want.items() if n in cur and cur[n].type != c.type]
    toggled = [(cur[n], c) for n, c in want.items() if n in cur and cur[n].type == c.type and cur[n].not_null != c.not_null]
    gone = {c.name for c in removed} | {old.name for old, _ in retyped}
    surviving = [i for i in current.indexes.values() if not gone & set(i.columns)]
    lost_with_columns = [i for i in current.indexes.values() if gone & set(i.columns)]

    def matched(index: Index, among) -> bool:
        return any(index.columns == o.columns and index.unique == o.unique for o in among)

    drop_idx = [i for i in surviving if owned_index(i.name) and not matched(i, wanted.indexes.values())]
    kept = [i for i in surviving if i not in drop_idx]
    create_idx = [i for i in wanted.indexes.values() if not matched(i, kept)]

    d = TableDiff(t)
    alter = f"ALTER TABLE {t}"
    for i in drop_idx:
        d.changes.append(Change("not_unique" if i.unique else "drop_index", _index_label(i), ""))
        d.up.append(f"DROP INDEX {i.name};")
    for c in removed:
        d.changes.append(Change("drop", c.name, column_definition(c), data_loss=True))
        d.up.append(f"{alter} DROP COLUMN {c.name};")
    for old, new in retyped:
        d.changes.append(Change("retype", new.name, f"{old.type} -> {new.type}", data_loss=True))
        d.up.append(f"{alter} DROP COLUMN {old.name};")
        d.up += _add_column(alter, new)
    for c in added:
        d.changes.append(Change("add", c.name, column_definition(c)))
        d.up += _add_column(alter, c)
    for old, new in toggled:
        d.changes.append(Change("not_null" if new.not_null else "nullable", new.name, ""))
        d.up += _set_null(alter, t, old, new)
    for i in create_idx:
        d.changes.append(Change("unique" if i.unique else "index", _index_label(i), ""))
        if i.unique:
            d.up.append(f"-- {i.name} fails when two rows of one organization share a value: make them distinct first")
        d.up.append(index_sql(t, i))

    for i in reversed(create_idx):
        d.down.append(f"DROP INDEX IF EXISTS {i.name};")
    for old, new in reversed(toggled):
        d.down += _set_null(alter, t, new, old)
    for c in reversed(added):
        d.down.append(f"{alter} DROP COLUMN IF EXISTS {c.name};")
    if removed or retyped:
        d.down.append("-- the data these columns held is not restorable: each comes back with its definition only")
    for old, new in reversed(retyped):
        d.down.append(f"{alter} DROP COLUMN IF EXISTS {new.name};")
        d.down += _add_column(alter, old)
    for c in reversed(removed):
        d.down += _add_column(alter, c)
    for i in drop_idx + lost_with_columns:
        if i.unique and i in lost_with_columns:
            d.down.append(f"-- {i.name} fails when two rows of one organization share the restored value")
        d.down.append(index_sql(t, i))
    return d


def _index_label(index: Index) -> str:
    columns = [c for c in index.columns if c != "org_id"] or list(index.columns)
    return "_".join(columns)


def _fill(column: Column) -> str | None:
    return column.default if column.default is not None else _ZERO.get(column.type.split("(")[0])


def _add_column(alter: str, column: Column) -> list[str]:
    """ADD COLUMN keeping existing rows valid: a NOT NULL column without a default is added with its type's
    zero as a default, which is then dropped."""
    if column.not_null and column.default is None and _fill(column) is not None:
        return [f"{alter} ADD COLUMN {column_definition(column)} DEFAULT {_fill(column)};",
                f"{alter} ALTER COLUMN {column.name} DROP DEFAULT;"]
    return [f"{alter} ADD COLUMN {column_definition(column)};"]


def _set_null(alter: str, table: str, old: Column, new: Column) -> list[str]:
    """The statements that take `old`'s NOT NULL and default to `new`'s (same type)."""
    col = f"{alter} ALTER COLUMN {new.name}"
    default = []
    if old.default != new.default:
        default = [f"{col} DROP DEFAULT;" if new.default is None else f"{col} SET DEFAULT {new.default};"]
    if not new.not_null:
        return [f"{col} DROP NOT NULL;", *default]
    fill = _fill(new)
    update = [f"UPDATE {table} SET {new.name} = {fill} WHERE {new.name} IS NULL;"] if fill is not None else []
    return [*default, *update, f"{col} SET NOT NULL;"]
