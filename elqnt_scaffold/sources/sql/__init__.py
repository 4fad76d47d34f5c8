"""PostgreSQL DDL read with pglast (libpg_query, PostgreSQL's own parser): what a folder of migrations
leaves in the database, computed without one. `replay` (and pglast) load on first use: a run whose resources
all store in memory never imports the parser."""

from .diff import Change, TableDiff, column_definition, diff_table, index_sql
from .schema import Column, Index, MigrationError, Table

__all__ = [
    "Change", "Column", "Index", "MigrationError", "Table", "TableDiff", "column_definition", "diff_table",
    "index_sql", "replay",
]


def __getattr__(name: str):
    if name == "replay":
        from .read import replay

        return replay
    raise AttributeError(name)
