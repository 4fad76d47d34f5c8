"""Database connections a Go function opens: the variable holding a `*pgxpool.Pool` or a `*sql.DB`.

    connection_vars(src, "main") -> [Connection(kind="pgxpool", name="pool", line=12), ...]

A connection is a direct statement of the function's body (`pool, err := pgxpool.New(ctx, url)`,
`db, err = sql.Open("pgx", url)`, `var pool, _ = pgxpool.NewWithConfig(ctx, cfg)`) whose outermost call is
one of the constructors below, spelled with the file's own name for the package (an aliased import
counts; a dot or blank import does not), or a function of the same file whose first result is
`*pgxpool.Pool` / `*sql.DB` (`pool := openPool()`). A pool built in another file is not seen: its type is
not in the text. Raises GoSourceError (1-based line) when the file does not parse or has no such function.
"""

from __future__ import annotations

from dataclasses import dataclass

from ..treesitter import text
from .nodes import Doc, assigned_names, body_statements, import_specs, outer_calls

PGXPOOL = "github.com/jackc/pgx/v5/pgxpool"
DATABASE_SQL = "database/sql"
# package path -> (kind, constructors returning the connection as their first result)
CONSTRUCTORS = {PGXPOOL: ("pgxpool", ("New", "NewWithConfig")), DATABASE_SQL: ("sql", ("Open", "OpenDB"))}


@dataclass(frozen=True)
class Connection:
    kind: str  # "pgxpool" (*pgxpool.Pool) or "sql" (*sql.DB)
    name: str  # the variable: "pool"
    line: int  # 1-based line of the statement
    call: str  # the constructor as written: "pgxpool.New"


def _package_names(root) -> dict[str, str]:
    """Local package name -> import path, for the constructors' packages."""
    out = {}
    for spec, path in import_specs(root):
        if path not in CONSTRUCTORS:
            continue
        alias = spec.child_by_field_name("name")
        local = text(alias) if alias is not None else path.rsplit("/", 1)[-1]
        if local not in ("_", "."):
            out[local] = path
    return out


def connection_vars(src: str, func: str = "main") -> list[Connection]:
    """The connections `func` opens in its own body, in source order."""
    doc = Doc(src)
    packages = _package_names(doc.root)
    constructors = {
        f"{local}.{fn}": CONSTRUCTORS[path][0] for local, path in packages.items() for fn in CONSTRUCTORS[path][1]
    }
    constructors.update(_local_constructors(doc.root, packages))
    body = doc.func(func).child_by_field_name("body")
    out: list[Connection] = []
    for stmt in body_statements(body) if body is not None and constructors else []:
        calls = outer_calls(stmt)
        if len(calls) != 1:
            continue
        callee = text(calls[0].child_by_field_name("function"))
        left = _first_name(stmt)
        if callee in constructors and left is not None and left in assigned_names(stmt):
            out.append(Connection(constructors[callee], left, stmt.start_point[0] + 1, callee))
    return out


def _local_constructors(root, packages: dict[str, str]) -> dict[str, str]:
    """Top-level functions of the file whose first result is a connection: name -> kind."""
    types = {f"*{local}.{'Pool' if path == PGXPOOL else 'DB'}": CONSTRUCTORS[path][0] for local, path in packages.items()}
    out = {}
    for child in root.named_children:
        result = child.child_by_field_name("result") if child.type == "function_declaration" else None
        if result is None:
            continue
        first = result
        if result.type == "parameter_list":
            params = [c for c in result.named_children if c.type == "parameter_declaration"]
            first = params[0].child_by_field_name("type") if params else None
        kind = types.get(text(first).replace(" ", "")) if first is not None else None
        if kind is not None:
            out[text(child.child_by_field_name("name"))] = kind
    return out


def first_call(src: str, func: str, prefix: str) -> str | None:
    """The callee of the first direct statement of `func` whose outermost call starts with `prefix`
    (`repositories.New` -> "repositories.NewInMemoryWidgetRepository"), else None."""
    doc = Doc(src)
    body = doc.func(func).child_by_field_name("body")
    for stmt in body_statements(body) if body is not None else []:
        for call in outer_calls(stmt):
            callee = text(call.child_by_field_name("function"))
            if callee.startswith(prefix):
                return callee
    return None


def _first_name(stmt) -> str | None:
    """The first name a statement declares or assigns (the constructor's first result)."""
    if stmt.type in ("short_var_declaration", "assignment_statement"):
        left = stmt.child_by_field_name("left")
        first = left.named_children[0] if left is not None and left.named_children else None
        return text(first) if first is not None and first.type == "identifier" else None
    if stmt.type == "var_declaration":
        for child in stmt.named_children:
            specs = child.named_children if child.type == "var_spec_list" else [child]
            for spec in specs:
                names = spec.children_by_field_name("name") if spec.type == "var_spec" else []
                if names:
                    return text(names[0])
    return None
