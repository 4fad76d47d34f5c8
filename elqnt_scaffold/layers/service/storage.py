"""Where a resource's records live, and the PostgreSQL table a `storage: postgres` resource gets.

The table is derived from the spec, like the models: one table per resource (`widgets`: the snake_case
plural), `org_id text` and `id text` as its primary key (org first: every key, WHERE and index starts with
the organization), one column per field, `created_at`/`updated_at`. Column types:

| spec type                              | column                                            |
|----------------------------------------|---------------------------------------------------|
| string, enum                           | text NOT NULL DEFAULT ''                          |
| int, int64                             | bigint NOT NULL DEFAULT 0 (Go int is 64-bit)      |
| int32                                  | integer NOT NULL DEFAULT 0                        |
| float32 / float64                      | real / double precision NOT NULL DEFAULT 0        |
| bool                                   | boolean NOT NULL DEFAULT false                    |
| timestamp, created_at, updated_at      | bigint NOT NULL DEFAULT 0: Unix milliseconds, as the models carry them (no conversion, no time zone) |
| []T, map[string]T                      | jsonb NOT NULL DEFAULT '[]' / '{}'                |
| a model held by value                  | jsonb NOT NULL DEFAULT '{}'                       |
| any, an optional model                 | jsonb (NULL is null)                              |
| `nullable: true`                       | the type above without NOT NULL and DEFAULT (NULL is null) |

Every default keeps the rows a later `ADD COLUMN` meets valid. Indexes: `<table>_org_id_created_at_id_idx`
on (org_id, created_at, id) for the paginated list (its ORDER BY), and `<table>_org_id_<column>_key`, a
unique index on (org_id, column), for each `unique: true` field.
"""

from __future__ import annotations

from dataclasses import dataclass

from ... import naming
from ...sources.sql import Column, Table, column_definition
from ..base import Job
from .models import GoField

_SCALAR = {
    "string": ("text", "''"), "enum": ("text", "''"), "int": ("bigint", "0"), "int64": ("bigint", "0"),
    "int32": ("integer", "0"), "float32": ("real", "0"), "float64": ("double precision", "0"),
    "bool": ("boolean", "false"), "timestamp": ("bigint", "0"),
}


def storage_of(job: Job) -> str:
    """"postgres" or "memory": the spec's `storage`, else the config's."""
    return job.spec.storage or job.repo.config.storage


def table_name(names) -> str:
    """The resource's table: its snake_case plural (`widgets`, `api_keys`)."""
    return names.plural_name


@dataclass(frozen=True)
class StoredField:
    """One column of the table and the Go field it holds."""

    column: str  # "due_at"
    go_name: str  # "DueAt"
    sql_type: str  # "bigint"
    not_null: bool
    default: str | None  # SQL text: "''", "'[]'::jsonb", None
    unique: bool
    json: bool  # a jsonb column (pgx encodes/decodes the Go value as JSON)

    @property
    def definition(self) -> str:
        """`due_at bigint NOT NULL DEFAULT 0`, as CREATE TABLE and ADD COLUMN spell it."""
        return column_definition(Column(self.column, self.sql_type, self.not_null, self.default))


def stored_fields(fields: list[GoField]) -> list[StoredField]:
    """The spec's fields as columns, in the spec's order."""
    out = []
    for f in fields:
        kind, nullable = f.spec.kind, f.spec.nullable
        column = naming.snake(f.spec.name)
        if len(kind) == 1 and kind[0] in _SCALAR:
            sql_type, default = _SCALAR[kind[0]]
            json = False
        else:
            sql_type, json = "jsonb", True
            if kind[0] == "list":
                default = "'[]'::jsonb"
            elif kind[0] == "map":
                default = "'{}'::jsonb"
            elif f.spec.model is not None and not f.pointer:
                default = "'{}'::jsonb"
            else:  # any, an optional model: NULL is null
                default, nullable = None, True
        if nullable:
            default = None
        out.append(StoredField(column, f.go_name, sql_type, not nullable, default, f.spec.unique, json))
    return out


def create_table_sql(table: str, fields: list[StoredField]) -> str:
    """The CREATE TABLE and CREATE INDEX statements of the table as the spec describes it now."""
    lines = ["org_id text NOT NULL", "id text NOT NULL"]
    lines += [f.definition for f in fields]
    lines += ["created_at bigint NOT NULL DEFAULT 0", "updated_at bigint NOT NULL DEFAULT 0", "PRIMARY KEY (org_id, id)"]
    out = [f"CREATE TABLE {table} (\n    " + ",\n    ".join(lines) + "\n);"]
    out.append(f"CREATE INDEX {table}_org_id_created_at_id_idx ON {table} (org_id, created_at, id);")
    out += [unique_index_sql(table, f.column) for f in fields if f.unique]
    return "\n".join(out) + "\n"


def unique_index_sql(table: str, column: str) -> str:
    return f"CREATE UNIQUE INDEX {unique_index_name(table, column)} ON {table} (org_id, {column});"


def unique_index_name(table: str, column: str) -> str:
    return f"{table}_org_id_{column}_key"


def desired_table(table: str, fields: list[StoredField]) -> Table:
    """The table the spec describes, in the canonical form a replay of migrations gives (to compare)."""
    from ...sources.sql.read import replay  # pglast: only when a postgres resource is planned

    return replay([("<spec>", create_table_sql(table, fields))])[table]
