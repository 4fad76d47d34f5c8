#!/usr/bin/env python3
"""`make demo`'s PostgreSQL part: the scaffolded widget-service against a throwaway database.

    .venv/bin/python scripts/demo_postgres.py .demo/eloquent

Starts PostgreSQL 15 on a free port of 127.0.0.1 (tests/pg/server.py; as root through runuser), applies the
service's migrations with the golang-migrate CLI (tests/pg/migrate.py builds it once into .cache/bin), builds
and starts the service with DATABASE_URL, creates and reads widgets of two organizations over HTTP, restarts
the service and reads them again. Everything is stopped in a `finally`. Exit 1 on any failed step.
"""

from __future__ import annotations

import json
import sys
import urllib.error
import urllib.request
from pathlib import Path

ROOT = Path(__file__).resolve().parent.parent
sys.path.insert(0, str(ROOT))

from tests.pg import server as pg  # noqa: E402
from tests.pg.migrate import migrate_up  # noqa: E402
from tests.roundtrip.process import go_build, start  # noqa: E402


def call(base: str, method: str, path: str, org: str, body: dict | None = None) -> tuple[int, dict]:
    data = json.dumps(body).encode() if body is not None else None
    req = urllib.request.Request(base + path, data=data, method=method, headers={
        "X-Org-ID": org, "X-User-ID": "demo", "Content-Type": "application/json"})
    try:
        with urllib.request.urlopen(req, timeout=30) as resp:
            return resp.status, json.loads(resp.read() or b"{}")
    except urllib.error.HTTPError as err:
        return err.code, json.loads(err.read() or b"{}")


def main(demo: Path) -> int:
    service = demo / "services" / "widget-service"
    server = pg.start()
    try:
        database = server.create_database("demo")
        url = server.url(database)
        print(f"== PostgreSQL 15 on 127.0.0.1:{server.port}; migrations of {service.relative_to(demo)}")
        migrate_up(service / "migrations", url)
        print(server.psql("SELECT string_agg(column_name || ' ' || data_type, ', ' ORDER BY ordinal_position) "
                          "FROM information_schema.columns WHERE table_name = 'widgets'", database))
        binary = go_build(service, demo.parent / "widget-service")
        run = start(binary, demo.parent, {"DATABASE_URL": url})
        try:
            status, created = call(run.base, "POST", "/widgets", "org-a", {"name": "first", "tags": ["demo"]})
            assert status == 201, (status, created)
            status, other = call(run.base, "GET", f"/widgets/{created['id']}", "org-b")
            assert status == 404, (status, other)
            print(f"== created {created['id']} in org-a; org-b gets 404")
        finally:
            run.stop()
        run = start(binary, demo.parent, {"DATABASE_URL": url})
        try:
            status, listed = call(run.base, "GET", "/widgets", "org-a")
            assert status == 200 and listed["total"] == 1, (status, listed)
            print(f"== after a restart: {listed['total']} widget in org-a ({listed['items'][0]['name']})")
        finally:
            run.stop()
    finally:
        server.stop()
    return 0


if __name__ == "__main__":
    sys.exit(main(Path(sys.argv[1]).resolve()))
