"""A `storage: postgres` resource against a real PostgreSQL 15 (tests/pg/server.py, one server per xdist
worker, a database per test): migrations applied with the golang-migrate CLI, the generated service started
with DATABASE_URL and driven over HTTP; main.go's pool (one per service, reused, or the service's own).
"""

from __future__ import annotations

import re
import shutil
from concurrent.futures import ThreadPoolExecutor
from pathlib import Path

import pytest

from tests.conftest import EXAMPLE, assert_go_quality, needs_go, run_cli
from tests.pg.migrate import migrate_up
from tests.roundtrip.process import go_build, start
from tests.test_service_roundtrip import Api, new_org

pytestmark = needs_go

GADGET_SPEC = """\
resource: gadget
storage: postgres
fields:
  - {name: name, type: string, required: true}
  - {name: code, type: string, unique: true}
  - {name: tags, type: "[]string"}
  - {name: meta, type: any}
  - {name: note, type: string, nullable: true}
  - {name: count, type: int}
  - {name: due_at, type: timestamp}
"""
SERVICE = "services/gadget-service"


def _add(repo: Path, tmp: Path, resource: str, spec: str, *extra: str) -> None:
    path = tmp / f"{resource}.yaml"
    path.write_text(spec)
    run = run_cli("add-endpoint", resource, "--spec", str(path), *extra, "--repo", str(repo))
    assert run.code == 0, f"add-endpoint {resource} failed ({run.code}):\n{run.out}\n{run.err}"


def _example(tmp: Path) -> Path:
    repo = tmp / "eloquent"
    shutil.copytree(EXAMPLE, repo)
    return repo


@pytest.fixture(scope="module")
def gadget_service(tmp_path_factory) -> tuple[Path, Path]:
    """(service folder, built binary) of a new postgres service."""
    tmp = tmp_path_factory.mktemp("gadget")
    repo = _example(tmp)
    _add(repo, tmp, "gadget", GADGET_SPEC)
    service = repo / SERVICE
    assert_go_quality(service)
    return service, go_build(service, tmp / "gadget-service")


@pytest.fixture
def gadget(gadget_service, pg_url, tmp_path):
    """The service on a migrated, empty database: (Api, restart())."""
    service, binary = gadget_service
    migrate_up(service / "migrations", pg_url)
    servers = [start(binary, tmp_path, {"DATABASE_URL": pg_url})]

    def restart() -> Api:
        assert servers[-1].stop() == 0, servers[-1].output()
        servers.append(start(binary, tmp_path, {"DATABASE_URL": pg_url}))
        return Api(servers[-1].base)

    yield Api(servers[0].base), restart
    for server in servers:
        server.stop()


def _body(name: str, code: str | None = None, **more) -> dict:
    """A request body; `code` is unique in an organization (the empty string too), so it defaults to the name."""
    return {"name": name, "code": name if code is None else code, **more}


def test_crud_round_trip_and_restart(gadget):
    api, restart = gadget
    org = new_org()
    full = _body("g1", "C-1", tags=["a", "b"], meta={"k": [1, "x"]}, note="hi", count=7, dueAt=1700000000123)
    created = api.call("POST", "/gadgets", org, full)
    assert created.status == 201, created.raw
    item = created.json
    assert {k: item[k] for k in full} == full and item["id"] and item["createdAt"] == item["updatedAt"] > 0
    got = api.call("GET", f"/gadgets/{item['id']}", org)
    assert got.status == 200 and got.json == item
    bare = api.call("POST", "/gadgets", org, {"name": "g2", "meta": "just a string"}).json  # code ""
    assert (bare["tags"], bare["note"], bare["meta"], bare["count"]) == ([], None, "just a string", 0)

    changed = api.call("PUT", f"/gadgets/{item['id']}", org, _body("g1b", "C-1", tags=[], note=None))
    assert changed.status == 200, changed.raw
    assert changed.json["name"] == "g1b" and changed.json["note"] is None and changed.json["meta"] is None
    assert changed.json["createdAt"] == item["createdAt"] and changed.json["updatedAt"] >= item["updatedAt"]

    api = restart()  # the data lives in the database, not in the process
    after = api.call("GET", f"/gadgets/{item['id']}", org)
    assert after.status == 200 and after.json == changed.json
    listed = api.call("GET", "/gadgets", org).json
    assert listed["total"] == 2 and [i["id"] for i in listed["items"]] == [item["id"], bare["id"]]

    assert api.call("DELETE", f"/gadgets/{item['id']}", org).status == 204
    for method, body in (("GET", None), ("PUT", _body("x")), ("DELETE", None)):
        gone = api.call(method, f"/gadgets/{item['id']}", org, body)
        assert gone.status == 404 and gone.json["code"] == "NOT_FOUND", (method, gone.raw)
    assert api.call("GET", "/gadgets", org).json["total"] == 1


def test_one_organization_never_reaches_anothers_rows(gadget):
    api, _ = gadget
    mine, theirs = new_org(), new_org()
    item = api.call("POST", "/gadgets", mine, _body("secret", "S-1")).json
    assert api.call("GET", f"/gadgets/{item['id']}", theirs).status == 404
    assert api.call("PUT", f"/gadgets/{item['id']}", theirs, _body("stolen")).status == 404
    assert api.call("DELETE", f"/gadgets/{item['id']}", theirs).status == 404
    assert api.call("GET", "/gadgets", theirs).json == {"items": [], "total": 0, "page": 1, "limit": 20}
    # the same unique value in another organization is no conflict
    assert api.call("POST", "/gadgets", theirs, _body("mine too", "S-1")).status == 201
    assert api.call("GET", f"/gadgets/{item['id']}", mine).json == item  # untouched


def test_pagination_with_total(gadget):
    api, _ = gadget
    org = new_org()
    created = [api.call("POST", "/gadgets", org, _body(f"g{i}")).json for i in range(7)]
    # the list's order is (created_at, id): creations within one millisecond are ordered by id
    ids = [c["id"] for c in sorted(created, key=lambda c: (c["createdAt"], c["id"]))]
    pages = [api.call("GET", f"/gadgets?page={p}&limit=3", org).json for p in (1, 2, 3, 4)]
    assert [p["total"] for p in pages] == [7, 7, 7, 7]
    assert [i["id"] for p in pages for i in p["items"]] == ids  # in that order, nothing twice
    assert [len(p["items"]) for p in pages] == [3, 3, 1, 0]  # past the end: no items, the total still right


def test_a_duplicate_unique_field_is_409_naming_it(gadget):
    api, _ = gadget
    org = new_org()
    first = api.call("POST", "/gadgets", org, _body("a", "DUP")).json
    for resp in (
        api.call("POST", "/gadgets", org, _body("b", "DUP")),
        api.call("PUT", f"/gadgets/{api.call('POST', '/gadgets', org, _body('c', 'OTHER')).json['id']}", org,
                 _body("c", "DUP")),
    ):
        assert resp.status == 409, resp.raw
        body = resp.json
        assert body["code"] == "CONFLICT" and body["details"] == [{"field": "code", "rule": "unique", "param": ""}]
    assert api.call("PUT", f"/gadgets/{first['id']}", org, _body("a2", "DUP")).status == 200  # its own value
    assert api.call("GET", "/gadgets", org).json["total"] == 2


def test_fifty_concurrent_creates_all_land(gadget):
    api, _ = gadget
    org = new_org()
    with ThreadPoolExecutor(max_workers=50) as pool:
        statuses = list(pool.map(lambda i: api.call("POST", "/gadgets", org, _body(f"c{i}", f"K{i}")).status, range(50)))
    assert statuses == [201] * 50
    listed = api.call("GET", "/gadgets?limit=100", org).json
    assert listed["total"] == 50 and len({i["id"] for i in listed["items"]}) == 50


def test_without_a_database_it_exits_1_saying_why(gadget_service, pg_server, tmp_path):
    _, binary = gadget_service
    import subprocess

    for env, says in (
        ({"DATABASE_URL": ""}, "DATABASE_URL is not set"),
        ({"DATABASE_URL": f"postgres://postgres@127.0.0.1:{_closed_port()}/x?sslmode=disable"}, "does not answer"),
    ):
        proc = subprocess.run([str(binary)], env={"PATH": "/usr/bin:/bin", "PORT": "0", **env},
                              capture_output=True, text=True, cwd=tmp_path)
        assert proc.returncode == 1 and says in proc.stdout + proc.stderr, (proc.returncode, proc.stdout, proc.stderr)


def _closed_port() -> int:
    from tests.roundtrip.process import free_port

    return free_port()  # nothing listens there once the probe socket is closed


NOTE_SPEC = "resource: note\nstorage: postgres\nfields:\n  - {name: text, type: string, unique: true}\n"


def test_two_postgres_resources_share_one_pool(tmp_path, pg_url):
    repo = _example(tmp_path)
    _add(repo, tmp_path, "gadget", GADGET_SPEC)
    _add(repo, tmp_path, "note", NOTE_SPEC, "--service", "gadget-service")
    service = repo / SERVICE
    main = (service / "main.go").read_text()
    assert main.count("pgxpool.New(") == 1 and "openPostgresPool" not in main, main
    assert "repositories.NewPostgresGadgetRepository(pool)" in main
    assert "repositories.NewPostgresNoteRepository(pool)" in main
    assert sorted(p.name for p in (service / "migrations").glob("*.up.sql")) == [
        "000001_create_gadgets.up.sql", "000002_create_notes.up.sql"]
    assert_go_quality(service)
    migrate_up(service / "migrations", pg_url)
    server = start(go_build(service, tmp_path / "svc"), tmp_path, {"DATABASE_URL": pg_url})
    try:
        api, org = Api(server.base), new_org()
        note = api.call("POST", "/notes", org, {"text": "t"})
        assert note.status == 201 and api.call("GET", f"/notes/{note.json['id']}", org).json == note.json
        assert api.call("POST", "/notes", org, {"text": "t"}).json["details"][0]["field"] == "text"
        assert api.call("POST", "/gadgets", org, _body("g")).status == 201
    finally:
        server.stop()


TASK_SPEC = "resource: task\nstorage: postgres\nfields:\n  - {name: title, type: string, required: true}\n"
OWN_POOL = """\
	// 1. Create Database/Redis connections
	db, err := pgxpool.New(context.Background(), os.Getenv("DATABASE_URL"))
	if err != nil {
		log.Fatal(err)
	}
	defer db.Close()
"""


def test_an_existing_service_with_its_own_pool_gets_the_repository_wired_to_it(tmp_path, pg_url):
    repo = _example(tmp_path)
    main_go = repo / "services/project-service/main.go"
    src = main_go.read_text()
    src = src.replace("\t// 1. Create Database/Redis connections\n", OWN_POOL, 1)
    main_go.write_text(src.replace('"time"\n', '"time"\n\n\t"github.com/jackc/pgx/v5/pgxpool"\n', 1))
    _add(repo, tmp_path, "task", TASK_SPEC, "--service", "project-service")
    main = main_go.read_text()
    assert "taskRepo := repositories.NewPostgresTaskRepository(db)" in main, main
    assert main.count("pgxpool.New(") == 1 and "openPostgresPool" not in main
    service = repo / "services/project-service"
    assert_go_quality(service)
    migrate_up(service / "migrations", pg_url)
    server = start(go_build(service, tmp_path / "svc"), tmp_path, {"DATABASE_URL": pg_url})
    try:
        api, org = Api(server.base), new_org()
        task = api.call("POST", "/tasks", org, {"title": "t"})
        assert task.status == 201 and api.call("GET", "/tasks", org).json["total"] == 1
    finally:
        server.stop()


def test_an_existing_service_without_a_pool_gets_one_and_keeps_it_for_the_next(tmp_path):
    repo = _example(tmp_path)
    _add(repo, tmp_path, "task", TASK_SPEC, "--service", "project-service")
    _add(repo, tmp_path, "note", NOTE_SPEC, "--service", "project-service")
    main = (repo / "services/project-service/main.go").read_text()
    assert main.count("pgPool := openPostgresPool()") == 1 and main.count("func openPostgresPool()") == 1
    opened = main.index("pgPool := openPostgresPool()")
    assert opened < main.index("projectRepo :=") < main.index("taskRepo := repositories.NewPostgresTaskRepository(pgPool)")
    assert "noteRepo := repositories.NewPostgresNoteRepository(pgPool)" in main
    assert re.search(r"pgPool := openPostgresPool\(\)\n\tdefer pgPool.Close\(\)\n", main), main
    gomod = (repo / "services/project-service/go.mod").read_text()
    assert re.search(r"github.com/jackc/pgx/v5 v5\.12\.0\n", gomod), gomod  # go 1.26.0: the newest pinned
    assert_go_quality(repo / "services/project-service")
    again = run_cli("add-endpoint", "note", "--service", "project-service", "--repo", str(repo))
    assert again.code == 0 and (repo / "services/project-service/main.go").read_text() == main, again.out + again.err


def test_an_existing_sql_db_is_refused_naming_its_line(tmp_path):
    repo = _example(tmp_path)
    main_go = repo / "services/project-service/main.go"
    src = main_go.read_text().replace(
        "\t// 1. Create Database/Redis connections\n",
        '\t// 1. Create Database/Redis connections\n\tdb, _ := sql.Open("pgx", os.Getenv("DATABASE_URL"))\n\t_ = db\n', 1)
    main_go.write_text(src.replace('"errors"\n', '"database/sql"\n\t"errors"\n', 1))
    line = next(i for i, text in enumerate(main_go.read_text().splitlines(), 1) if "sql.Open" in text)
    before = main_go.read_text()
    path = tmp_path / "task.yaml"
    path.write_text(TASK_SPEC)
    run = run_cli("add-endpoint", "task", "--spec", str(path), "--service", "project-service", "--repo", str(repo))
    assert run.code == 2 and f"main.go:{line}" in run.err and "*pgxpool.Pool" in run.err, run.err
    assert main_go.read_text() == before and not (repo / "services/project-service/repositories/task.go").exists()


def test_the_in_memory_repository_enforces_unique_fields_too(tmp_path):
    repo = _example(tmp_path)
    _add(repo, tmp_path, "gadget", GADGET_SPEC.replace("storage: postgres", "storage: memory"))
    service = repo / SERVICE
    assert "pgx" not in (service / "go.mod").read_text() and not (service / "migrations").exists()
    server = start(go_build(service, tmp_path / "svc"), tmp_path)
    try:
        api, org, other = Api(server.base), new_org(), new_org()
        first = api.call("POST", "/gadgets", org, _body("a", "DUP")).json
        dup = api.call("POST", "/gadgets", org, _body("b", "DUP"))
        assert dup.status == 409 and dup.json["details"] == [{"field": "code", "rule": "unique", "param": ""}]
        second = api.call("POST", "/gadgets", org, _body("b", "B")).json
        assert api.call("PUT", f"/gadgets/{second['id']}", org, _body("b", "DUP")).status == 409
        assert api.call("PUT", f"/gadgets/{first['id']}", org, _body("a2", "DUP")).status == 200
        assert api.call("POST", "/gadgets", other, _body("a", "DUP")).status == 201
    finally:
        server.stop()
