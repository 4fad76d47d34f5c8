"""The generated Go really serves: build the scaffolded service, start it on loopback, drive it over raw HTTP.

Two services are built once each (module-scoped fixtures):
- `widget-service`, a new service scaffolded from a spec (validate rule, []string, any, a Go keyword field);
- `project-service`, the example's hand-written service after `add-endpoint task --service project-service`.
"""

from __future__ import annotations

import json
import shutil
import signal
import socket
import time
import urllib.error
import urllib.request
import uuid
from dataclasses import dataclass
from pathlib import Path

import pytest

from tests.roundtrip.process import STARTUP_GUARD_S, go_build, start
from tests.conftest import EXAMPLE, needs_go, run_cli

pytestmark = needs_go

WIDGET_SPEC = """\
resource: widget
fields:
  - {name: name, type: string, required: true, validate: "min=1,max=120"}
  - {name: description, type: string}
  - {name: tags, type: "[]string"}
  - {name: config, type: any}
  - {name: type, type: string}
"""

# How long a freshly started binary may take to accept connections before we call it broken. A guard
# against hanging the suite, not a performance assertion.
HTTP_TIMEOUT_S = 30.0


# --------------------------------------------------------------------------------------------------
# Building and running a service
# --------------------------------------------------------------------------------------------------


def _scaffold(tmp: Path, *args: str) -> Path:
    repo = tmp / "eloquent"
    shutil.copytree(EXAMPLE, repo)
    run = run_cli(*args, "--storage", "memory", "--repo", str(repo))  # storage: postgres is test_postgres_repository.py
    assert run.code == 0, f"add-endpoint failed ({run.code}):\n{run.out}\n{run.err}"
    return repo


@pytest.fixture(scope="module")
def widget_binary(tmp_path_factory) -> Path:
    tmp = tmp_path_factory.mktemp("widget")
    spec = tmp / "widget.yaml"
    spec.write_text(WIDGET_SPEC)
    repo = _scaffold(tmp, "add-endpoint", "widget", "--spec", str(spec))
    return go_build(repo / "services/widget-service", tmp / "widget-service")


@pytest.fixture(scope="module")
def widget(widget_binary, tmp_path_factory):
    server = start(widget_binary, tmp_path_factory.mktemp("widget-run"))
    yield Api(server.base)
    server.stop()


@pytest.fixture(scope="module")
def project_binary(tmp_path_factory) -> Path:
    tmp = tmp_path_factory.mktemp("project")
    repo = _scaffold(
        tmp, "add-endpoint", "task", "--service", "project-service",
        "--field", "title:string:required", "--field", "done:bool",
    )
    return go_build(repo / "services/project-service", tmp / "project-service")


@pytest.fixture(scope="module")
def project(project_binary, tmp_path_factory):
    server = start(project_binary, tmp_path_factory.mktemp("project-run"))
    yield Api(server.base)
    server.stop()


# --------------------------------------------------------------------------------------------------
# Raw HTTP
# --------------------------------------------------------------------------------------------------


@dataclass
class Response:
    status: int
    headers: dict[str, str]
    raw: bytes

    @property
    def json(self):
        return json.loads(self.raw)


class Api:
    def __init__(self, base: str):
        self.base = base

    def call(self, method: str, path: str, org: str | None, body=None, *, raw: bytes | None = None,
             user: str = "user-1", headers: dict[str, str] | None = None) -> Response:
        extra = headers or {}
        headers: dict[str, str] = {"Accept": "application/json"}
        if org is not None:
            headers["X-Org-ID"] = org
        if user:
            headers["X-User-ID"] = user
        data = raw
        if body is not None:
            data = json.dumps(body).encode()
        if data is not None:
            headers["Content-Type"] = "application/json"
        headers.update(extra)
        req = urllib.request.Request(self.base + path, data=data, method=method, headers=headers)
        try:
            with urllib.request.urlopen(req, timeout=HTTP_TIMEOUT_S) as resp:
                return Response(resp.status, {k.lower(): v for k, v in resp.headers.items()}, resp.read())
        except urllib.error.HTTPError as err:
            with err:
                return Response(err.code, {k.lower(): v for k, v in err.headers.items()}, err.read())


def new_org() -> str:
    """Every test works in its own organizations, so tests sharing one server stay independent."""
    return f"org-{uuid.uuid4().hex[:12]}"


def assert_error(resp: Response, status: int, code: str) -> None:
    assert resp.status == status, f"want {status} {code}, got {resp.status}: {resp.raw!r}"
    assert resp.headers.get("content-type", "").startswith("application/json"), resp.headers
    body = resp.json
    # the platform's shape: details only on validation errors (JSON paths), requestId only on 500s
    extra = {"details"} if code == "VALIDATION_ERROR" else {"requestId"} if status == 500 else set()
    assert isinstance(body, dict) and set(body) == {"code", "message"} | extra, body
    if extra == {"details"}:
        assert body["details"] and all(set(d) == {"field", "rule", "param"} for d in body["details"]), body
    assert body["code"] == code, body
    assert isinstance(body["message"], str) and body["message"].strip(), body


def assert_ok_json(resp: Response, status: int = 200):
    assert resp.status == status, f"want {status}, got {resp.status}: {resp.raw!r}"
    assert resp.headers.get("content-type", "").startswith("application/json"), resp.headers
    return resp.json


WIDGET = {
    "name": "Revenue",
    "description": "Monthly revenue",
    "tags": ["finance", "monthly"],
    "config": {"chart": "bar", "series": [1, 2.5, None], "nested": {"on": True}},
    "type": "gauge",
}
WIDGET_FIELDS = {"id", "name", "description", "tags", "config", "type", "createdAt", "updatedAt"}


def create_widget(api: Api, org: str, **over) -> dict:
    return assert_ok_json(api.call("POST", "/widgets", org, {**WIDGET, **over}), 201)


# --------------------------------------------------------------------------------------------------
# widget-service: the full CRUD round trip
# --------------------------------------------------------------------------------------------------


def test_crud_round_trip(widget):
    org = new_org()
    before = int(time.time() * 1000)

    created = create_widget(widget, org)
    assert set(created) == WIDGET_FIELDS, created
    assert isinstance(created["id"], str) and created["id"]
    for key, value in WIDGET.items():
        assert created[key] == value, key
    for stamp in ("createdAt", "updatedAt"):
        assert isinstance(created[stamp], int), created
        # Unix milliseconds (not seconds, not nanoseconds): within a minute of this machine's clock.
        assert abs(created[stamp] - before) < 60_000, created
    assert created["createdAt"] == created["updatedAt"]
    wid = created["id"]

    got = assert_ok_json(widget.call("GET", f"/widgets/{wid}", org))
    assert got == created

    listed = assert_ok_json(widget.call("GET", "/widgets", org))
    assert set(listed) == {"items", "total", "page", "limit"}, listed
    assert listed["items"] == [created]
    assert (listed["total"], listed["page"], listed["limit"]) == (1, 1, 20)

    # PUT replaces every field: what the body leaves out is cleared, not kept.
    replacement = {"name": "Revenue (EUR)", "tags": ["eur"], "config": 42}
    updated = assert_ok_json(widget.call("PUT", f"/widgets/{wid}", org, replacement))
    assert updated["id"] == wid
    assert updated["name"] == "Revenue (EUR)"
    assert updated["tags"] == ["eur"]
    assert updated["config"] == 42
    assert updated["description"] == ""
    assert updated["type"] == ""
    assert updated["createdAt"] == created["createdAt"]
    assert updated["updatedAt"] >= created["updatedAt"]
    assert assert_ok_json(widget.call("GET", f"/widgets/{wid}", org)) == updated

    deleted = widget.call("DELETE", f"/widgets/{wid}", org)
    assert deleted.status == 204, deleted
    assert deleted.raw == b""

    assert_error(widget.call("GET", f"/widgets/{wid}", org), 404, "NOT_FOUND")
    assert_error(widget.call("PUT", f"/widgets/{wid}", org, {"name": "x"}), 404, "NOT_FOUND")
    assert_error(widget.call("DELETE", f"/widgets/{wid}", org), 404, "NOT_FOUND")
    listed = assert_ok_json(widget.call("GET", "/widgets", org))
    assert listed["items"] == [] and listed["total"] == 0


def test_keyword_field_type_round_trips(widget):
    """`type` is a Go/TS keyword; it is an ordinary field on the wire."""
    org = new_org()
    created = create_widget(widget, org, type="func")
    assert created["type"] == "func"
    assert assert_ok_json(widget.call("GET", f"/widgets/{created['id']}", org))["type"] == "func"
    updated = assert_ok_json(widget.call("PUT", f"/widgets/{created['id']}", org, {"name": "n", "type": "range"}))
    assert updated["type"] == "range"


def test_optional_fields_may_be_left_out(widget):
    org = new_org()
    created = assert_ok_json(widget.call("POST", "/widgets", org, {"name": "bare"}), 201)
    assert set(created) == WIDGET_FIELDS, created
    assert created["name"] == "bare"
    assert created["description"] == "" and created["type"] == ""
    assert created["config"] is None
    # Unset []string comes back as [] (the service empties nil lists), never null.
    assert created["tags"] == []


def test_ids_are_unique(widget):
    org = new_org()
    ids = {create_widget(widget, org, name=f"w{i}")["id"] for i in range(10)}
    assert len(ids) == 10


def test_pagination(widget):
    org = new_org()
    names = [f"w{i}" for i in range(5)]
    for name in names:
        create_widget(widget, org, name=name)

    page = assert_ok_json(widget.call("GET", "/widgets?page=2&limit=2", org))
    assert (page["total"], page["page"], page["limit"]) == (5, 2, 2)
    assert [w["name"] for w in page["items"]] == names[2:4]

    last = assert_ok_json(widget.call("GET", "/widgets?page=3&limit=2", org))
    assert [w["name"] for w in last["items"]] == names[4:]

    beyond = assert_ok_json(widget.call("GET", "/widgets?page=9&limit=2", org))
    assert beyond["items"] == [] and beyond["total"] == 5

    everything = assert_ok_json(widget.call("GET", "/widgets?limit=100", org))
    assert [w["name"] for w in everything["items"]] == names


def test_organizations_are_isolated(widget):
    org_a, org_b = new_org(), new_org()
    record = create_widget(widget, org_a)
    wid = record["id"]

    assert_error(widget.call("GET", f"/widgets/{wid}", org_b), 404, "NOT_FOUND")
    listed = assert_ok_json(widget.call("GET", "/widgets", org_b))
    assert listed["total"] == 0 and listed["items"] == []
    assert_error(widget.call("PUT", f"/widgets/{wid}", org_b, {"name": "hijacked"}), 404, "NOT_FOUND")
    assert_error(widget.call("DELETE", f"/widgets/{wid}", org_b), 404, "NOT_FOUND")

    # org A's record is untouched by all of that.
    assert assert_ok_json(widget.call("GET", f"/widgets/{wid}", org_a)) == record
    listed = assert_ok_json(widget.call("GET", "/widgets", org_a))
    assert listed["total"] == 1 and listed["items"] == [record]

    # And org B's own records do not leak into org A.
    create_widget(widget, org_b, name="b's")
    assert assert_ok_json(widget.call("GET", "/widgets", org_a))["items"] == [record]


@pytest.mark.parametrize(
    "method,path,body",
    [
        ("GET", "/widgets", None),
        ("POST", "/widgets", WIDGET),
        ("GET", "/widgets/some-id", None),
        ("PUT", "/widgets/some-id", WIDGET),
        ("DELETE", "/widgets/some-id", None),
    ],
)
def test_missing_org_id_is_rejected_on_every_route(widget, method, path, body):
    assert_error(widget.call(method, path, None, body), 400, "MISSING_ORG_ID")
    assert_error(widget.call(method, path, "", body), 400, "MISSING_ORG_ID")


@pytest.mark.parametrize("raw", [b"{not json", b"", b"[1, 2]", b'{"name": 5}', b'{"tags": "solo", "name": "x"}'])
def test_bad_json_is_rejected(widget, raw):
    org = new_org()
    assert_error(widget.call("POST", "/widgets", org, raw=raw), 400, "INVALID_JSON")
    record = create_widget(widget, org)
    assert_error(widget.call("PUT", f"/widgets/{record['id']}", org, raw=raw), 400, "INVALID_JSON")
    # Nothing changed.
    assert assert_ok_json(widget.call("GET", f"/widgets/{record['id']}", org)) == record
    assert assert_ok_json(widget.call("GET", "/widgets", org))["total"] == 1


@pytest.mark.parametrize(
    "body",
    [
        {"description": "no name"},
        {"name": ""},
        {"name": "x" * 121},
    ],
    ids=["missing-name", "empty-name", "name-too-long"],
)
def test_validation_errors(widget, body):
    org = new_org()
    assert_error(widget.call("POST", "/widgets", org, body), 400, "VALIDATION_ERROR")
    record = create_widget(widget, org)
    assert_error(widget.call("PUT", f"/widgets/{record['id']}", org, body), 400, "VALIDATION_ERROR")
    assert assert_ok_json(widget.call("GET", f"/widgets/{record['id']}", org)) == record
    assert assert_ok_json(widget.call("GET", "/widgets", org))["total"] == 1


def test_validation_boundary_is_inclusive(widget):
    org = new_org()
    assert create_widget(widget, org, name="x" * 120)["name"] == "x" * 120
    assert create_widget(widget, org, name="y")["name"] == "y"


@pytest.mark.parametrize("query", ["limit=0", "limit=-1", "limit=abc", "limit=101", "page=0", "page=-3", "page=x"])
def test_invalid_query(widget, query):
    assert_error(widget.call("GET", f"/widgets?{query}", new_org()), 400, "INVALID_QUERY")


def test_unknown_id_is_not_found(widget):
    org = new_org()
    create_widget(widget, org)
    for method, body in (("GET", None), ("PUT", {"name": "x"}), ("DELETE", None)):
        assert_error(widget.call(method, "/widgets/does-not-exist", org, body), 404, "NOT_FOUND")


def test_graceful_shutdown_on_sigterm(widget_binary, tmp_path):
    """A fresh instance (the shared one keeps serving the other tests): SIGTERM -> exit status 0."""
    server = start(widget_binary, tmp_path)
    try:
        api = Api(server.base)
        org = new_org()
        create_widget(api, org)
        assert assert_ok_json(api.call("GET", "/widgets", org))["total"] == 1
    finally:
        code = server.stop()
    assert code == 0, f"exit status {code} after SIGTERM:\n{server.output()}"
    out = server.output()
    assert "shutting down" in out, out
    with pytest.raises(OSError):
        socket.create_connection(("127.0.0.1", server.port), timeout=2).close()


def test_sigint_also_shuts_down_cleanly(widget_binary, tmp_path):
    server = start(widget_binary, tmp_path)
    server.proc.send_signal(signal.SIGINT)
    code = server.proc.wait(timeout=STARTUP_GUARD_S)
    assert code == 0, f"exit status {code} after SIGINT:\n{server.output()}"


# --------------------------------------------------------------------------------------------------
# project-service: a resource added to an existing, hand-written service
# --------------------------------------------------------------------------------------------------


def test_added_task_resource_is_wired(project):
    org = new_org()
    created = assert_ok_json(project.call("POST", "/tasks", org, {"title": "Write docs", "done": True}), 201)
    assert set(created) == {"id", "title", "done", "createdAt", "updatedAt"}, created
    assert created["title"] == "Write docs" and created["done"] is True
    assert isinstance(created["id"], str) and created["id"]
    assert isinstance(created["createdAt"], int) and created["createdAt"] == created["updatedAt"]

    assert assert_ok_json(project.call("GET", f"/tasks/{created['id']}", org)) == created

    listed = assert_ok_json(project.call("GET", "/tasks", org))
    assert listed["items"] == [created]
    assert (listed["total"], listed["page"], listed["limit"]) == (1, 1, 20)

    other = new_org()
    assert_error(project.call("GET", f"/tasks/{created['id']}", other), 404, "NOT_FOUND")
    assert assert_ok_json(project.call("GET", "/tasks", other))["total"] == 0

    assert_error(project.call("POST", "/tasks", org, {"done": False}), 400, "VALIDATION_ERROR")
    assert_error(project.call("POST", "/tasks", None, {"title": "t"}), 400, "MISSING_ORG_ID")


def test_existing_project_routes_still_work(project):
    org = new_org()
    created = assert_ok_json(
        project.call("POST", "/projects", org, {"name": "Apollo", "status": "active", "tags": ["space"]}), 201
    )
    assert created["name"] == "Apollo" and created["status"] == "active" and created["tags"] == ["space"]
    pid = created["id"]
    assert assert_ok_json(project.call("GET", f"/projects/{pid}", org)) == created
    listed = assert_ok_json(project.call("GET", "/projects", org))
    assert listed["items"] == [created] and listed["total"] == 1

    updated = assert_ok_json(project.call("PUT", f"/projects/{pid}", org, {"name": "Apollo 11"}))
    assert updated["name"] == "Apollo 11"
    assert project.call("DELETE", f"/projects/{pid}", org).status == 204
    assert_error(project.call("GET", f"/projects/{pid}", org), 404, "NOT_FOUND")


def test_tasks_and_projects_are_separate_stores(project):
    org = new_org()
    task = assert_ok_json(project.call("POST", "/tasks", org, {"title": "t"}), 201)
    proj = assert_ok_json(project.call("POST", "/projects", org, {"name": "p"}), 201)
    assert assert_ok_json(project.call("GET", "/tasks", org))["items"] == [task]
    assert assert_ok_json(project.call("GET", "/projects", org))["items"] == [proj]
    assert_error(project.call("GET", f"/tasks/{proj['id']}", org), 404, "NOT_FOUND")
    assert_error(project.call("GET", f"/projects/{task['id']}", org), 404, "NOT_FOUND")
