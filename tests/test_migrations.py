"""Migrations through an endpoint's life, computed without a database: the diff of every change kind, one
migration per run, idempotence, one version sequence per service, hand-written migrations, the data-loss
refusal (exit 2, nothing written), an unparseable migration (file:line), and drift's `migration` kind.
The same migrations applied to a real PostgreSQL: tests/test_migrations_pg.py.

Helpers (shared with test_migrations_pg.py): a postgres platform repository, a spec written as YAML, and
add-endpoint run in-process on the service layer (no go mod tidy, no build: the migrations are the subject).
"""

from __future__ import annotations

import json
from pathlib import Path

import pytest

from elqnt_scaffold.commands import add_endpoint
from elqnt_scaffold.commands import drift
from elqnt_scaffold.errors import UserError
from elqnt_scaffold.layers.service import storage
from elqnt_scaffold.repo import open_repo
from elqnt_scaffold.sources.sql import Table, diff_table, replay
from tests.conftest import run_cli, tree_digest
def postgres_repo(root: Path) -> Path:
    (root / "services/api-gateway/config").mkdir(parents=True)
    (root / "services/api-gateway/config/routes.yaml").write_text("routes:\n")
    (root / ".elqnt-scaffold.yaml").write_text("storage: postgres\n")
    return root


def write_spec(root: Path, resource: str, fields: list[dict], service: str | None = None) -> Path:
    folder = root / "services" / (service or f"{resource}-service") / "endpoints"
    folder.mkdir(parents=True, exist_ok=True)
    lines = [f"resource: {resource}"] + ([f"service: {service}"] if service else []) + ["fields:"]
    lines += [f"- {json.dumps(f)}" for f in fields]
    path = folder / f"{resource}.yaml"
    path.write_text("\n".join(lines) + "\n")
    return path


def scaffold(root: Path, resource: str, fields: list[dict], service: str | None = None, allow_data_loss: bool = False) -> list[str]:
    """Save the spec and run add-endpoint (service layer); return the migration files it wrote, by name."""
    write_spec(root, resource, fields, service)
    repo = open_repo(root)
    spec = add_endpoint.resolve_spec(repo, resource, None, [], service, None)
    result = add_endpoint.run(repo, spec, only=["service"], tidy=False, allow_data_loss=allow_data_loss)
    return sorted(c.rel.rsplit("/", 1)[1] for c in result.plan.writes if "/migrations/" in c.rel)


def migrations(root: Path, service: str) -> list[Path]:
    return sorted((root / "services" / service / "migrations").glob("*.sql"))


def ups(root: Path, service: str) -> list[Path]:
    return [p for p in migrations(root, service) if p.name.endswith(".up.sql")]


def replayed(root: Path, service: str) -> dict[str, Table]:
    return replay([(p.name, p.read_text()) for p in ups(root, service)])


def shape(table: Table) -> dict:
    """What the diff compares: column -> (type, NOT NULL), and indexes as (columns, unique)."""
    return {
        "columns": {c.name: (c.type, c.not_null) for c in table.columns.values()},
        "indexes": sorted((i.columns, i.unique) for i in table.indexes.values()),
    }


# --- the diff, on tables replayed from SQL --------------------------------------------------------------

BASE = """CREATE TABLE w (org_id text NOT NULL, id text NOT NULL, name text NOT NULL DEFAULT '', note text,
n integer NOT NULL DEFAULT 0, PRIMARY KEY (org_id, id));
CREATE UNIQUE INDEX w_org_id_name_key ON w (org_id, name);"""
WANTED = {  # what the wanted table says instead, and the changes the diff names (verb, name, data loss)
    "add": (BASE.replace("n integer", "color text NOT NULL DEFAULT '', n integer"), [("add", "color", False)]),
    "drop": (BASE.replace(" note text,", ""), [("drop", "note", True)]),
    "retype": (BASE.replace("n integer", "n bigint"), [("retype", "n", True)]),
    "nullable": (BASE.replace("name text NOT NULL DEFAULT ''", "name text"), [("nullable", "name", False)]),
    "not_null": (BASE.replace("note text", "note text NOT NULL DEFAULT 'x'"), [("not_null", "note", False)]),
    "not_unique": (BASE.split("CREATE UNIQUE")[0], [("not_unique", "name", False)]),
    "unique": (BASE + "\nCREATE UNIQUE INDEX w_org_id_n_key ON w (org_id, n);", [("unique", "n", False)]),
    "retype_unique": (BASE.replace("name text NOT NULL DEFAULT ''", "name varchar(40) NOT NULL DEFAULT ''"),
                      [("retype", "name", True), ("unique", "name", False)]),
}


@pytest.mark.parametrize("kind", sorted(WANTED))
def test_diff_names_each_change_and_its_up_and_down_undo_each_other(kind: str) -> None:
    wanted_sql, expected = WANTED[kind]
    current, wanted = replay([("base", BASE)])["w"], replay([("wanted", wanted_sql)])["w"]
    diff = diff_table(current, wanted)
    assert [(c.verb, c.name, c.data_loss) for c in diff.changes] == expected
    up, down = "\n".join(diff.up), "\n".join(diff.down)
    after_up = replay([("base", BASE), ("up", up)])["w"]
    assert shape(after_up) == shape(wanted), up
    assert diff_table(after_up, wanted).changes == []
    assert shape(replay([("base", BASE), ("up", up), ("down", down)])["w"]) == shape(current), down


def test_diff_of_equal_tables_is_empty_whatever_the_spelling_of_types_and_defaults() -> None:
    spelled = BASE.replace("n integer NOT NULL DEFAULT 0", "n int4 NOT NULL DEFAULT 0::integer").replace(
        "DEFAULT ''", "DEFAULT ''::text")
    diff = diff_table(replay([("a", BASE)])["w"], replay([("b", spelled)])["w"])
    assert (diff.changes, diff.up, diff.down) == ([], [], [])


def test_a_not_null_column_without_default_is_added_with_its_zero_then_the_default_dropped() -> None:
    wanted = replay([("b", BASE.replace("n integer", "flag boolean NOT NULL, n integer"))])["w"]
    diff = diff_table(replay([("a", BASE)])["w"], wanted)
    assert diff.up == ["ALTER TABLE w ADD COLUMN flag boolean NOT NULL DEFAULT false;",
                       "ALTER TABLE w ALTER COLUMN flag DROP DEFAULT;"]


# --- add-endpoint: versions, idempotence, hand-written migrations ----------------------------------------

NAME = {"name": "name", "type": "string", "required": True}


def test_a_new_field_is_the_next_migration_and_a_second_run_writes_nothing(tmp_path: Path) -> None:
    root = postgres_repo(tmp_path / "mono")
    assert scaffold(root, "widget", [NAME]) == ["000001_create_widgets.down.sql", "000001_create_widgets.up.sql"]
    fields = [NAME, {"name": "color", "type": "string"}, {"name": "tags", "type": "[]string"},
              {"name": "note", "type": "string", "nullable": True}]
    assert scaffold(root, "widget", fields) == ["000002_add_widgets_color_tags_note.down.sql",
                                                "000002_add_widgets_color_tags_note.up.sql"]
    up = (root / "services/widget-service/migrations/000002_add_widgets_color_tags_note.up.sql").read_text()
    assert "ALTER TABLE widgets ADD COLUMN color text NOT NULL DEFAULT '';" in up
    assert "ALTER TABLE widgets ADD COLUMN tags jsonb NOT NULL DEFAULT '[]'::jsonb;" in up
    assert "ALTER TABLE widgets ADD COLUMN note text;" in up
    assert up.splitlines()[1] == "BEGIN;" and up.splitlines()[-1] == "COMMIT;"
    before = tree_digest(root)
    assert scaffold(root, "widget", fields) == []
    assert tree_digest(root) == before
    fields[2] = {"name": "tags", "type": "[]string", "required": True}  # validation only: the column is the same
    assert scaffold(root, "widget", fields) == []


def test_nullable_and_unique_changes_are_one_migration_of_the_table(tmp_path: Path) -> None:
    root = postgres_repo(tmp_path / "mono")
    scaffold(root, "widget", [NAME, {"name": "email", "type": "string"}, {"name": "note", "type": "string", "nullable": True}])
    written = scaffold(root, "widget", [{**NAME, "unique": True}, {"name": "email", "type": "string", "nullable": True},
                                        {"name": "note", "type": "string"}])
    assert written == ["000002_alter_widgets_email_note_name.down.sql", "000002_alter_widgets_email_note_name.up.sql"]
    up = (root / "services/widget-service/migrations" / written[1]).read_text()
    assert "ALTER TABLE widgets ALTER COLUMN email DROP NOT NULL;" in up
    assert "UPDATE widgets SET note = '' WHERE note IS NULL;" in up
    assert "CREATE UNIQUE INDEX widgets_org_id_name_key ON widgets (org_id, name);" in up
    desired = storage.desired_table("widgets", storage.stored_fields(_go_fields(root, "widget")))
    assert shape(replayed(root, "widget-service")["widgets"]) == shape(desired)
    written = scaffold(root, "widget", [NAME, {"name": "email", "type": "string", "nullable": True},
                                        {"name": "note", "type": "string"}])
    assert written == ["000003_not_unique_widgets_name.down.sql", "000003_not_unique_widgets_name.up.sql"]


def _go_fields(root: Path, resource: str):
    from elqnt_scaffold.layers.service import models
    from elqnt_scaffold.layers.base import Job
    from elqnt_scaffold.plan import Plan

    repo = open_repo(root)
    spec = add_endpoint.resolve_spec(repo, resource, None, [], None, None)
    job = Job(repo, spec, add_endpoint.spec_rel_for(repo, spec), Plan(root))
    return models.go_fields(spec, models.tygo_view(job, "example.com/x"))


def test_two_resources_of_one_service_share_the_version_sequence(tmp_path: Path) -> None:
    root = postgres_repo(tmp_path / "mono")
    assert scaffold(root, "widget", [NAME], service="shop")[1] == "000001_create_widgets.up.sql"
    assert scaffold(root, "gadget", [NAME], service="shop")[1] == "000002_create_gadgets.up.sql"
    assert scaffold(root, "widget", [NAME, {"name": "size", "type": "int32"}], service="shop")[1] == "000003_add_widgets_size.up.sql"
    assert set(replayed(root, "shop")) == {"widgets", "gadgets"}


def test_drift_writes_the_migrations_of_two_resources_with_distinct_versions(tmp_path: Path) -> None:
    root = postgres_repo(tmp_path / "mono")
    scaffold(root, "widget", [NAME], service="shop")
    scaffold(root, "gadget", [NAME], service="shop")
    write_spec(root, "widget", [NAME, {"name": "a", "type": "bool"}], service="shop")
    write_spec(root, "gadget", [NAME, {"name": "b", "type": "bool"}], service="shop")
    found = [f for f in drift.run(open_repo(root)).findings if f.kind == "migration"]
    assert sorted(f.file.rsplit("/", 1)[1] for f in found) == ["000003_add_gadgets_b.up.sql", "000004_add_widgets_a.up.sql"]  # specs by name


def test_a_hand_written_migration_adding_the_specs_column_means_no_new_migration(tmp_path: Path) -> None:
    root = postgres_repo(tmp_path / "mono")
    scaffold(root, "widget", [NAME])
    folder = root / "services/widget-service/migrations"
    (folder / "000002_widget_color.up.sql").write_text("ALTER TABLE widgets ADD COLUMN color text NOT NULL DEFAULT ''::text;\n"
                                                      "ALTER TABLE widgets ADD COLUMN audit_note text;\n")
    (folder / "000002_widget_color.down.sql").write_text("ALTER TABLE widgets DROP COLUMN color, DROP COLUMN audit_note;\n")
    assert scaffold(root, "widget", [NAME, {"name": "color", "type": "string"}]) == []
    # its other column is not the spec's to drop: a later change leaves it alone
    assert scaffold(root, "widget", [NAME, {"name": "color", "type": "string"}, {"name": "x", "type": "int"}])[1] == "000003_add_widgets_x.up.sql"
    assert "audit_note" not in (folder / "000003_add_widgets_x.up.sql").read_text()


# --- data loss -------------------------------------------------------------------------------------------

@pytest.mark.parametrize("change", ["remove", "retype"])
def test_data_loss_is_exit_2_naming_spec_field_and_flag_with_nothing_written(tmp_path: Path, change: str) -> None:
    root = postgres_repo(tmp_path / "mono")
    scaffold(root, "widget", [NAME, {"name": "count", "type": "int"}])
    spec = write_spec(root, "widget", [NAME] if change == "remove" else [NAME, {"name": "count", "type": "string"}])
    before = tree_digest(root)
    run = run_cli("add-endpoint", "widget", "--field", "extra:string", "--no-tidy", "--repo", str(root))
    assert run.code == 2, run.out + run.err
    assert "services/widget-service/endpoints/widget.yaml" in run.err and "'count'" in run.err
    assert "--allow-data-loss" in run.err and "column count would be dropped" in run.err
    assert tree_digest(root) == before  # not the spec edit of --field either
    assert "extra" not in spec.read_text()


def test_allow_data_loss_drops_or_retypes_and_down_restores_the_definition(tmp_path: Path) -> None:
    root = postgres_repo(tmp_path / "mono")
    scaffold(root, "widget", [NAME, {"name": "count", "type": "int"}, {"name": "code", "type": "string", "unique": True}])
    written = scaffold(root, "widget", [NAME, {"name": "count", "type": "int32"}], allow_data_loss=True)
    assert written == ["000002_alter_widgets_code_count.down.sql", "000002_alter_widgets_code_count.up.sql"]
    folder = root / "services/widget-service/migrations"
    up, down = (folder / written[1]).read_text(), (folder / written[0]).read_text()
    assert "ALTER TABLE widgets DROP COLUMN code;" in up
    assert "ALTER TABLE widgets DROP COLUMN count;\nALTER TABLE widgets ADD COLUMN count integer NOT NULL DEFAULT 0;" in up
    assert "not restorable" in down
    assert "ALTER TABLE widgets ADD COLUMN count bigint NOT NULL DEFAULT 0;" in down
    assert "ALTER TABLE widgets ADD COLUMN code text NOT NULL DEFAULT '';" in down
    assert down.index("ADD COLUMN code") < down.index("CREATE UNIQUE INDEX widgets_org_id_code_key ON widgets (org_id, code);")
    assert scaffold(root, "widget", [NAME, {"name": "count", "type": "int32"}]) == []


def test_a_migration_postgres_would_not_parse_is_exit_2_naming_file_and_line(tmp_path: Path) -> None:
    root = postgres_repo(tmp_path / "mono")
    scaffold(root, "widget", [NAME])
    bad = root / "services/widget-service/migrations/000002_oops.up.sql"
    bad.write_text("-- fine\nALTER TABLE widgets ADD COLUMN x text;\nALTER TABLE widgets ADD COLUM y text;\n")
    before = tree_digest(root)
    run = run_cli("add-endpoint", "widget", "--field", "z:string", "--no-tidy", "--repo", str(root))
    assert run.code == 2, run.out + run.err
    assert "services/widget-service/migrations/000002_oops.up.sql:3:" in run.err
    assert tree_digest(root) == before


def test_two_migrations_of_one_version_is_exit_2(tmp_path: Path) -> None:
    root = postgres_repo(tmp_path / "mono")
    scaffold(root, "widget", [NAME])
    (root / "services/widget-service/migrations/000001_other.up.sql").write_text("SELECT 1;\n")
    with pytest.raises(UserError, match="two migrations have version 1") as err:
        scaffold(root, "widget", [NAME])
    assert err.value.file == "services/widget-service/migrations/000001_other.up.sql"


def test_remove_endpoint_keeps_the_table_and_its_migrations_and_says_so(tmp_path: Path) -> None:
    root = postgres_repo(tmp_path / "mono")
    scaffold(root, "widget", [NAME])
    files = migrations(root, "widget-service")
    before = {p: p.read_bytes() for p in files}
    result = add_endpoint.run(open_repo(root), add_endpoint.resolve_spec(open_repo(root), "widget", None, [], None, None),
                              only=["service"], tidy=False, removing=True)
    assert {p: p.read_bytes() for p in migrations(root, "widget-service")} == before
    assert any("the table widgets and its migrations" in note for note in result.plan.notes)


# --- drift -----------------------------------------------------------------------------------------------

def test_drift_reports_kind_migration_and_fix_writes_it(tmp_path: Path) -> None:
    root = postgres_repo(tmp_path / "mono")
    run = run_cli("add-endpoint", "widget", "--field", "name:string:required", "--no-tidy", "--repo", str(root))
    assert run.code == 0, run.out + run.err
    assert run_cli("drift", "--repo", str(root)).code == 0
    write_spec(root, "widget", [NAME, {"name": "color", "type": "string"}])
    run = run_cli("drift", "--format", "json", "--repo", str(root))
    assert run.code == 1
    found = [f for f in json.loads(run.out) if f["kind"] == "migration"]
    assert [f["file"] for f in found] == ["services/widget-service/migrations/000002_add_widgets_color.up.sql"]
    assert found[0]["message"].startswith("widgets: add color (color text NOT NULL DEFAULT '')")
    assert not (root / found[0]["file"]).exists()  # drift writes nothing
    fixed = run_cli("drift", "--fix", "--repo", str(root))
    assert fixed.code == 0, fixed.out + fixed.err
    assert f"migration: {found[0]['file']}" in fixed.out and "(fixed)" in fixed.out
    assert (root / found[0]["file"]).exists()
    assert (root / found[0]["file"].replace(".up.", ".down.")).exists()
    assert run_cli("drift", "--repo", str(root)).code == 0


def test_drift_reports_a_data_losing_change_and_fix_leaves_it_to_add_endpoint(tmp_path: Path) -> None:
    root = postgres_repo(tmp_path / "mono")
    run = run_cli("add-endpoint", "widget", "--field", "name:string:required", "--field", "count:int", "--no-tidy",
                  "--repo", str(root))
    assert run.code == 0, run.out + run.err
    write_spec(root, "widget", [NAME])
    fixed = run_cli("drift", "--fix", "--repo", str(root))
    assert fixed.code == 1
    assert ("migration: services/widget-service/endpoints/widget.yaml: widgets: drop count "
            "(count bigint NOT NULL DEFAULT 0)") in fixed.out
    assert "add-endpoint widget --allow-data-loss" in fixed.out
    assert [p.name for p in ups(root, "widget-service")] == ["000001_create_widgets.up.sql"]
    assert run_cli("add-endpoint", "widget", "--allow-data-loss", "--no-tidy", "--repo", str(root)).code == 0
    assert run_cli("drift", "--repo", str(root)).code == 0
