"""A postgres resource through a spec change, against a real PostgreSQL 15 (issue 15, "Evolution"):
rows written by the old service are served by the new one with the new field's default, new rows carry the
field, and a field removed without --allow-data-loss is exit 2 with nothing written."""

from __future__ import annotations

import shutil

from tests.conftest import EXAMPLE, assert_go_quality, needs_go, run_cli, tree_digest
from tests.pg.migrate import migrate, migrate_up
from tests.roundtrip.process import go_build, start
from tests.test_service_roundtrip import Api, new_org

pytestmark = needs_go

SPEC = """\
resource: part
storage: postgres
fields:
  - {name: name, type: string, required: true}
  - {name: sku, type: string, unique: true}
"""
SERVICE = "services/part-service"


def test_a_field_added_later_serves_old_rows_with_its_default(tmp_path, pg_url):
    repo = tmp_path / "eloquent"
    shutil.copytree(EXAMPLE, repo)
    (tmp_path / "part.yaml").write_text(SPEC)
    run = run_cli("add-endpoint", "part", "--spec", str(tmp_path / "part.yaml"), "--repo", str(repo))
    assert run.code == 0, run.out + run.err
    service = repo / SERVICE
    migrate_up(service / "migrations", pg_url)
    server = start(go_build(service, tmp_path / "v1"), tmp_path, {"DATABASE_URL": pg_url})
    org = new_org()
    try:
        old = Api(server.base).call("POST", "/parts", org, {"name": "bolt", "sku": "B-1"})
        assert old.status == 201, old.raw
    finally:
        assert server.stop() == 0, server.output()

    # the spec gains three fields: one migration adds their columns, old rows keep their values
    run = run_cli("add-endpoint", "part", "--repo", str(repo), "--field", "color:string", "--field", "weight:int",
                  "--field", "labels:[]string")
    assert run.code == 0, run.out + run.err
    ups = sorted(p.name for p in (service / "migrations").glob("*.up.sql"))
    assert ups[0] == "000001_create_parts.up.sql" and len(ups) == 2 and ups[1].startswith("000002_add_parts_"), ups
    assert "ADD COLUMN color text NOT NULL DEFAULT ''" in (service / "migrations" / ups[1]).read_text()
    assert run_cli("drift", "--repo", str(repo)).code == 0
    migrate_up(service / "migrations", pg_url)
    assert "2" in migrate(service / "migrations", pg_url, "version")
    assert_go_quality(service)
    server = start(go_build(service, tmp_path / "v2"), tmp_path, {"DATABASE_URL": pg_url})
    try:
        api = Api(server.base)
        got = api.call("GET", f"/parts/{old.json['id']}", org)
        assert got.status == 200, got.raw
        assert {k: got.json[k] for k in ("name", "sku", "color", "weight", "labels")} == {
            "name": "bolt", "sku": "B-1", "color": "", "weight": 0, "labels": []}
        new = api.call("POST", "/parts", org, {"name": "nut", "sku": "N-1", "color": "red", "weight": 3, "labels": ["m4"]})
        assert new.status == 201 and (new.json["color"], new.json["weight"], new.json["labels"]) == ("red", 3, ["m4"])
        listed = api.call("GET", "/parts", org).json
        assert listed["total"] == 2 and {i["name"] for i in listed["items"]} == {"bolt", "nut"}
    finally:
        assert server.stop() == 0, server.output()

    # removing a field would drop its column: refused without --allow-data-loss, nothing written
    spec = service / "endpoints/part.yaml"
    text = spec.read_text()
    assert "- {name: color, type: string}\n" in text, text
    before = tree_digest(repo)
    spec.write_text(text.replace("- {name: color, type: string}\n", ""))
    before = {**before, "services/part-service/endpoints/part.yaml": tree_digest(repo)["services/part-service/endpoints/part.yaml"]}
    run = run_cli("add-endpoint", "part", "--repo", str(repo))
    assert run.code == 2 and "--allow-data-loss" in run.out + run.err and "color" in run.out + run.err, run.out + run.err
    assert tree_digest(repo) == before
