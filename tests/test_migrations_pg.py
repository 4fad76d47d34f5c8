"""The migrations add-endpoint writes, applied to a real PostgreSQL 15 (tests/pg/server.py; one server for the
module, a fresh database per test): every up migration applies in order with `psql -v ON_ERROR_STOP=1 -f`
and leaves the table the replay computes, every down applies in reverse back to the start, and after an
add-field evolution the rows that existed before hold the new columns' defaults. A server that cannot be set
up fails the test (no skip). The generated service against the database is tests/test_postgres_repository.py.
"""

from __future__ import annotations

import subprocess
from pathlib import Path

import pytest

from tests.pg import server
from tests.test_migrations import NAME, migrations, postgres_repo, replay, scaffold, shape, ups


@pytest.fixture(scope="module")
def pg():
    running = server.start()
    try:
        yield running
    finally:
        running.stop()


def apply(pg: server.Postgres, db: str, path: Path) -> None:
    proc = subprocess.run([str(server.BINDIR / "psql"), "-X", "-q", "-v", "ON_ERROR_STOP=1", "-d", pg.url(db), "-f", str(path)],
                          capture_output=True, text=True)
    assert proc.returncode == 0, f"psql -f {path.name}:\n{proc.stdout}{proc.stderr}\n{path.read_text()}"


def live_shape(pg: server.Postgres, db: str, table: str) -> dict:
    """The table as PostgreSQL has it, in the form of tests.test_migrations.shape."""
    if pg.psql(f"SELECT to_regclass('{table}') IS NULL", db) == "t":
        return {}
    rows = pg.psql(f"SELECT attname, format_type(atttypid, atttypmod), attnotnull FROM pg_attribute "
                   f"WHERE attrelid = '{table}'::regclass AND attnum > 0 AND NOT attisdropped", db)
    columns = {name: (type_, notnull == "t") for name, type_, notnull in (r.split("|") for r in rows.splitlines())}
    rows = pg.psql(f"SELECT i.indisunique, array_to_string(array_agg(a.attname ORDER BY k.n), ',') FROM pg_index i "
                   f"CROSS JOIN LATERAL unnest(i.indkey) WITH ORDINALITY AS k(attnum, n) "
                   f"JOIN pg_attribute a ON a.attrelid = i.indrelid AND a.attnum = k.attnum "
                   f"WHERE i.indrelid = '{table}'::regclass AND NOT i.indisprimary GROUP BY i.indexrelid, i.indisunique", db)
    indexes = sorted((tuple(cols.split(",")), unique == "t") for unique, cols in (r.split("|") for r in rows.splitlines()))
    return {"columns": columns, "indexes": indexes}


def replayed_shape(files: list[Path], table: str) -> dict:
    tables = replay([(p.name, p.read_text()) for p in files])
    return shape(tables[table]) if table in tables else {}


LIFE = [  # (fields, allow_data_loss): an endpoint's life, each step one migration
    ([NAME, {"name": "count", "type": "int"}, {"name": "code", "type": "string", "unique": True},
      {"name": "note", "type": "string", "nullable": True}], False),
    ([NAME, {"name": "count", "type": "int"}, {"name": "code", "type": "string", "unique": True},
      {"name": "note", "type": "string", "nullable": True}, {"name": "tags", "type": "[]string"},
      {"name": "flag", "type": "bool"}, {"name": "payload", "type": "any"}], False),
    ([{**NAME, "unique": True}, {"name": "count", "type": "int"}, {"name": "code", "type": "string"},
      {"name": "note", "type": "string"}, {"name": "tags", "type": "[]string", "nullable": True},
      {"name": "flag", "type": "bool"}, {"name": "payload", "type": "any"}], False),
    ([{**NAME, "unique": True}, {"name": "code", "type": "int32"}, {"name": "note", "type": "string"},
      {"name": "tags", "type": "[]string", "nullable": True}, {"name": "flag", "type": "bool"}], True),
]


def test_every_migration_of_a_life_applies_up_in_order_and_down_in_reverse(pg, tmp_path: Path) -> None:
    root = postgres_repo(tmp_path / "mono")
    db = pg.create_database()
    for step, (fields, allow) in enumerate(LIFE, start=1):
        assert scaffold(root, "widget", fields, allow_data_loss=allow), f"step {step} wrote no migration"
        new = ups(root, "widget-service")[-1]
        assert new.name.startswith(f"{step:06d}_")
        apply(pg, db, new)
        # rows in two organizations, distinct per org, so that later unique indexes and NOT NULLs hold
        for org in ("org-a", "org-b"):
            pg.psql(f"INSERT INTO widgets (org_id, id, name, code) VALUES ('{org}', 'r{step}', 'n{step}', '{step}')", db)
        assert live_shape(pg, db, "widgets") == replayed_shape(ups(root, "widget-service"), "widgets"), new.name
    assert scaffold(root, "widget", LIFE[-1][0]) == []
    # a dropped unique column comes back holding its default in every row: its index needs one row per org
    pg.psql("DELETE FROM widgets WHERE id <> 'r1'", db)
    downs = [p for p in migrations(root, "widget-service") if p.name.endswith(".down.sql")]
    for index in range(len(downs) - 1, -1, -1):
        apply(pg, db, downs[index])
        assert live_shape(pg, db, "widgets") == replayed_shape(ups(root, "widget-service")[:index], "widgets"), downs[index].name
    assert live_shape(pg, db, "widgets") == {}


def test_after_an_add_field_migration_old_rows_hold_the_defaults(pg, tmp_path: Path) -> None:
    root = postgres_repo(tmp_path / "mono")
    db = pg.create_database()
    scaffold(root, "widget", [NAME, {"name": "memo", "type": "string", "nullable": True}])
    apply(pg, db, ups(root, "widget-service")[0])
    pg.psql("INSERT INTO widgets (org_id, id, name, memo) VALUES ('o', 'a', 'old a', NULL), ('o', 'b', 'old b', 'kept')", db)
    fields = [NAME, {"name": "memo", "type": "string"}, {"name": "color", "type": "string"}, {"name": "size", "type": "int"},
              {"name": "ratio", "type": "float64"}, {"name": "ok", "type": "bool"}, {"name": "tags", "type": "[]string"},
              {"name": "attrs", "type": "map[string]string"}, {"name": "due", "type": "timestamp"},
              {"name": "note", "type": "string", "nullable": True}]
    assert scaffold(root, "widget", fields)[1].startswith("000002_alter_widgets_")
    apply(pg, db, ups(root, "widget-service")[1])
    rows = pg.psql("SELECT id, quote_nullable(memo), quote_nullable(color), size, ratio, ok, tags, attrs, due, "
                   "note IS NULL FROM widgets ORDER BY id", db)
    assert rows.splitlines() == ["a|''|''|0|0|f|[]|{}|0|t", "b|'kept'|''|0|0|f|[]|{}|0|t"]
    pg.psql("INSERT INTO widgets (org_id, id, name, color, note) VALUES ('o', 'c', 'new', 'red', 'n')", db)
    assert pg.psql("SELECT color, note FROM widgets WHERE id = 'c'", db) == "red|n"
