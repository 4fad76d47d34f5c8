"""PostgreSQL DDL read with pglast (libpg_query, PostgreSQL's own parser): what a folder of migrations
leaves in the database, computed without one, and the statements that take it to another table."""

from .diff import Change, TableDiff, column_definition, diff_table, index_sql
from .replay import Column, Index, MigrationError, Table, replay

__all__ = [
    "Change", "Column", "Index", "MigrationError", "Table", "TableDiff", "column_definition", "diff_table",
    "index_sql", "replay",
]
