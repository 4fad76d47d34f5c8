"""Replay golang-migrate `.up.sql` files to the tables they leave, without a database.

Parsed with pglast (libpg_query: PostgreSQL's own grammar, PostgreSQL 17 at pglast 7/8). The statements a
migration of a table uses are understood: CREATE TABLE (columns, NOT NULL, DEFAULT, PRIMARY KEY/UNIQUE),
ALTER TABLE ... ADD/DROP COLUMN, ALTER COLUMN ... TYPE / SET|DROP NOT NULL / SET|DROP DEFAULT, RENAME COLUMN,
RENAME TO, DROP TABLE, CREATE [UNIQUE] INDEX, DROP INDEX. Anything else (INSERT, UPDATE, functions,
triggers, comments, grants, ...) changes no column and is passed over. A file PostgreSQL would not parse is a
:class:`MigrationError` with its file and line.

Types are normalized to PostgreSQL's canonical names (`int8` -> `bigint`, `bool` -> `boolean`,
`float8` -> `double precision`, `varchar(n)` -> `character varying(n)`) so that `bigint` and `int8` compare
equal; defaults are compared as the SQL text pglast deparses.
"""

from __future__ import annotations

from dataclasses import replace

import pglast
from pglast import ast
from pglast.enums import AlterTableType, ConstrType, ObjectType
from pglast.stream import RawStream

from .schema import Column, Index, MigrationError, Table

_CANONICAL = {
    "int8": "bigint", "int4": "integer", "int2": "smallint", "bool": "boolean", "float8": "double precision",
    "float4": "real", "varchar": "character varying", "bpchar": "character", "timestamptz":
    "timestamp with time zone", "timestamp": "timestamp without time zone", "numeric": "numeric",
}


def replay(files: list[tuple[str, str]], tables: dict[str, Table] | None = None) -> dict[str, Table]:
    """Apply each (file name, SQL text) in order to `tables` (empty: a new database); return the tables."""
    tables = {} if tables is None else tables
    for name, text in files:
        try:
            statements = pglast.parse_sql(text)
        except pglast.parser.ParseError as exc:
            message, where = (exc.args + ("syntax error", 0))[:2]
            line = text.count("\n", 0, max(int(where or 0) - 1, 0)) + 1
            raise MigrationError(name, line, str(message)) from None
        for raw in statements:
            line = text.count("\n", 0, raw.stmt_location or 0) + 1
            try:
                _apply(tables, raw.stmt, name)
            except KeyError as exc:
                raise MigrationError(name, line, f"{exc.args[0]} does not exist at this point") from None
    return tables


def _type_name(type_name: ast.TypeName) -> str:
    names = [n.sval for n in type_name.names if n.sval != "pg_catalog"]
    base = _CANONICAL.get(names[-1], names[-1])
    mods = [m.val.ival for m in (type_name.typmods or ()) if isinstance(m, ast.A_Const) and hasattr(m.val, "ival")]
    if mods:
        base += "(" + ",".join(str(m) for m in mods) + ")"
    return base + "[]" * len(type_name.arrayBounds or ())


def _sql(node) -> str:
    return RawStream()(node)


def _column(definition: ast.ColumnDef, table: Table, origin: str) -> Column:
    not_null, default = bool(definition.is_not_null), None
    for con in definition.constraints or ():
        if con.contype == ConstrType.CONSTR_NOTNULL:
            not_null = True
        elif con.contype == ConstrType.CONSTR_DEFAULT:
            default = _sql(con.raw_expr)
        elif con.contype == ConstrType.CONSTR_PRIMARY:
            not_null, table.primary_key = True, (definition.colname,)
        elif con.contype == ConstrType.CONSTR_UNIQUE:
            idx = f"{table.name}_{definition.colname}_key"
            table.indexes[idx] = Index(idx, (definition.colname,), True)
    return Column(definition.colname, _type_name(definition.typeName), not_null, default, origin)


def _table_constraint(con: ast.Constraint, table: Table) -> None:
    keys = tuple(k.sval for k in con.keys or ())
    if con.contype == ConstrType.CONSTR_PRIMARY:
        table.primary_key = keys
        for key in keys:
            table.columns[key] = replace(table.columns[key], not_null=True)
    elif con.contype == ConstrType.CONSTR_UNIQUE:
        idx = con.conname or f"{table.name}_{'_'.join(keys)}_key"
        table.indexes[idx] = Index(idx, keys, True)


def _apply(tables: dict[str, Table], stmt, origin: str) -> None:
    if isinstance(stmt, ast.CreateStmt):
        name = stmt.relation.relname
        if name in tables and stmt.if_not_exists:
            return
        table = Table(name)
        for element in stmt.tableElts or ():
            if isinstance(element, ast.ColumnDef):
                table.columns[element.colname] = _column(element, table, origin)
        for element in stmt.tableElts or ():
            if isinstance(element, ast.Constraint):
                _table_constraint(element, table)
        tables[name] = table
    elif isinstance(stmt, ast.AlterTableStmt) and stmt.objtype == ObjectType.OBJECT_TABLE:
        table = tables.get(stmt.relation.relname)
        if table is None:
            if stmt.missing_ok:
                return
            raise KeyError(f"table {stmt.relation.relname}")
        for cmd in stmt.cmds:
            _alter(table, cmd, origin)
    elif isinstance(stmt, ast.IndexStmt):
        table = tables.get(stmt.relation.relname)
        if table is None:
            raise KeyError(f"table {stmt.relation.relname}")
        cols = tuple(p.name or _sql(p.expr) for p in stmt.indexParams)
        table.indexes[stmt.idxname] = Index(stmt.idxname, cols, bool(stmt.unique))
    elif isinstance(stmt, ast.DropStmt) and stmt.removeType in (ObjectType.OBJECT_TABLE, ObjectType.OBJECT_INDEX):
        for obj in stmt.objects:
            name = obj[-1].sval
            if stmt.removeType == ObjectType.OBJECT_TABLE:
                if tables.pop(name, None) is None and not stmt.missing_ok:
                    raise KeyError(f"table {name}")
            else:
                owner = next((t for t in tables.values() if name in t.indexes), None)
                if owner is None and not stmt.missing_ok:
                    raise KeyError(f"index {name}")
                if owner is not None:
                    del owner.indexes[name]
    elif isinstance(stmt, ast.RenameStmt) and stmt.renameType in (ObjectType.OBJECT_COLUMN, ObjectType.OBJECT_TABLE):
        table = tables[stmt.relation.relname]
        if stmt.renameType == ObjectType.OBJECT_TABLE:
            tables[stmt.newname] = tables.pop(table.name)
            table.name = stmt.newname
        else:
            column = table.columns[stmt.subname]
            table.columns = {(stmt.newname if k == stmt.subname else k): (replace(v, name=stmt.newname)
                             if k == stmt.subname else v) for k, v in table.columns.items()}
            del column


def _alter(table: Table, cmd: ast.AlterTableCmd, origin: str) -> None:
    kind = cmd.subtype
    if kind == AlterTableType.AT_AddColumn:
        if cmd.missing_ok and cmd.def_.colname in table.columns:
            return
        table.columns[cmd.def_.colname] = _column(cmd.def_, table, origin)
        return
    if kind == AlterTableType.AT_AddConstraint:
        _table_constraint(cmd.def_, table)
        return
    if kind == AlterTableType.AT_DropConstraint:
        table.indexes.pop(cmd.name, None)
        return
    if kind == AlterTableType.AT_DropColumn:
        if cmd.name not in table.columns:
            if cmd.missing_ok:
                return
            raise KeyError(f"column {table.name}.{cmd.name}")
        del table.columns[cmd.name]
        table.indexes = {k: v for k, v in table.indexes.items() if cmd.name not in v.columns}
        return
    if cmd.name is None or kind not in _COLUMN_CHANGES:
        return
    column = table.columns[cmd.name] if cmd.name in table.columns else None
    if column is None:
        raise KeyError(f"column {table.name}.{cmd.name}")
    table.columns[cmd.name] = _COLUMN_CHANGES[kind](column, cmd)


_COLUMN_CHANGES = {
    AlterTableType.AT_AlterColumnType: lambda c, cmd: replace(c, type=_type_name(cmd.def_.typeName)),
    AlterTableType.AT_SetNotNull: lambda c, cmd: replace(c, not_null=True),
    AlterTableType.AT_DropNotNull: lambda c, cmd: replace(c, not_null=False),
    AlterTableType.AT_ColumnDefault: lambda c, cmd: replace(c, default=_sql(cmd.def_) if cmd.def_ is not None else None),
}
