"""What a replay of migrations gives: tables, columns and indexes in canonical form, and the error of a file
PostgreSQL would not take. No parser here (pglast is imported by `.replay` only, when migrations are read)."""

from __future__ import annotations

from dataclasses import dataclass, field


class MigrationError(ValueError):
    def __init__(self, file: str, line: int, message: str):
        super().__init__(f"{file}:{line}: {message}")
        self.file, self.line, self.message = file, line, message


@dataclass(frozen=True)
class Column:
    name: str
    type: str  # canonical: "bigint", "text", "jsonb", "character varying(40)"
    not_null: bool = False
    default: str | None = None  # deparsed SQL: "''", "0", "'[]'::jsonb"
    added_in: str = field(default="", compare=False)  # the file whose statement added it (its name as replayed)


@dataclass(frozen=True)
class Index:
    name: str
    columns: tuple[str, ...]
    unique: bool = False


@dataclass
class Table:
    name: str
    columns: dict[str, Column] = field(default_factory=dict)  # in the order they were added
    primary_key: tuple[str, ...] = ()
    indexes: dict[str, Index] = field(default_factory=dict)
