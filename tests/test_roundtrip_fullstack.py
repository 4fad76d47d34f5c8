"""The full round trip, all four layers at once, as a frontend would see them.

`widget` is scaffolded from tests/data/widget.yaml into a scratch copy of the example; then
- the generated Go service is built and started on 127.0.0.1 (PORT=<free port>);
- a test-only stand-in gateway (tests/roundtrip/gateway.py) routes by the *generated* routes.yaml: method +
  path pattern, bearer token -> X-Org-ID / X-User-ID, scopes, `/api/v1` stripped, `$WIDGET_SERVICE_URL`;
- the generated api-client (with the tygo types it imports) and a driver script written in TypeScript
  (tests/roundtrip/client_roundtrip.ts) are compiled by the pinned tsc under --strict and run by node:
  create, get, list, update, delete, a 404 and a 400 VALIDATION_ERROR as typed ApiErrors, a path
  parameter that needs encoding, organization isolation and the gateway's 401/403.

The script runs once per module (it is the expensive part) and prints a JSON report; each test below
checks one aspect of it, so a failure names what broke.
"""

from __future__ import annotations

import json
import shutil
import time
import urllib.error
import urllib.request
from pathlib import Path

import pytest

from tests.conftest import EXAMPLE, ROOT, needs_go, needs_tsc, run_cli
from tests.roundtrip.gateway import Identity, StandInGateway
from tests.roundtrip.driver import compile_driver, run_driver
from tests.roundtrip.process import go_build, start

pytestmark = [needs_go, needs_tsc]

SPEC = ROOT / "tests" / "data" / "widget.yaml"
DRIVER = ROOT / "tests" / "roundtrip" / "client_roundtrip.ts"
API_CLIENT = Path("eloquent-packages/packages/api-client")

TOKENS = {
    "tok-org-a": Identity("org-a", "user-a", frozenset({"write:widgets"})),
    "tok-org-b": Identity("org-b", "user-b", frozenset({"write:widgets"})),
    "tok-read-only": Identity("org-a", "user-r"),
}

# Hang guards only (a binary that never listens, a wedged request), never performance assertions.
HTTP_GUARD_S = 60.0


# --------------------------------------------------------------------------------------------------
# Fixtures: scaffold, service, gateway, compiled client, the report
# --------------------------------------------------------------------------------------------------


@pytest.fixture(scope="module")
def repo(tmp_path_factory) -> Path:
    repo = tmp_path_factory.mktemp("fullstack") / "eloquent"
    shutil.copytree(EXAMPLE, repo)
    run = run_cli("add-endpoint", "widget", "--repo", str(repo), "--spec", str(SPEC), "--storage", "memory")
    assert run.code == 0, f"add-endpoint failed ({run.code}):\n{run.out}\n{run.err}"
    return repo


@pytest.fixture(scope="module")
def service(repo, tmp_path_factory):
    out = tmp_path_factory.mktemp("fullstack-bin")
    binary = go_build(repo / "services/widget-service", out / "widget-service")
    svc = start(binary, out)
    yield svc
    svc.stop()


@pytest.fixture(scope="module")
def gateway(repo, service):
    gw = StandInGateway(
        repo / "services/api-gateway/config/routes.yaml",
        upstreams={"WIDGET_SERVICE_URL": service.url},
        tokens=TOKENS,
    ).start()
    yield gw
    gw.stop()


@pytest.fixture(scope="module")
def compiled(repo, tmp_path_factory) -> Path:
    """The generated client + the driver, compiled to CommonJS (see tests/roundtrip/driver.py)."""
    return compile_driver(repo / API_CLIENT, DRIVER, tmp_path_factory.mktemp("fullstack-js"))


@pytest.fixture(scope="module")
def report(compiled, gateway) -> dict:
    return run_driver(compiled, {
        "GATEWAY_URL": gateway.url,
        "TOKEN_ORG_A": "tok-org-a",
        "TOKEN_ORG_B": "tok-org-b",
        "TOKEN_READ_ONLY": "tok-read-only",
    })


# --------------------------------------------------------------------------------------------------
# Report helpers
# --------------------------------------------------------------------------------------------------


def ok(report: dict, name: str):
    assert name in report, f"step {name!r} did not run: {sorted(report)}"
    outcome = report[name]
    assert outcome["ok"], f"{name}: {outcome['error']}"
    return outcome["value"]


def api_error(report: dict, name: str, status: int, code: str) -> dict:
    """The step threw the client's typed error (instanceof ApiError) with this status and code."""
    assert name in report, f"step {name!r} did not run: {sorted(report)}"
    outcome = report[name]
    assert not outcome["ok"], f"{name}: expected ApiError {status} {code}, got {outcome['value']!r}"
    err = outcome["error"]
    assert err["isApiError"], f"{name}: not an ApiError: {err}"
    assert err["name"] == "ApiError", err
    assert (err["status"], err["code"]) == (status, code), f"{name}: {err}"
    assert isinstance(err["message"], str) and err["message"].strip(), err
    return err


WIDGET_FIELDS = {
    "id", "name", "description", "config", "tags", "status", "type", "apiUrl", "weights", "dueAt",
    "createdAt", "updatedAt",
}
CREATED = {
    "name": "Revenue",
    "description": "Monthly revenue",
    "config": {"chart": "bar", "series": [1, 2.5, None]},
    "tags": ["finance", "monthly"],
    "status": "active",
    "type": "gauge",
    "apiUrl": "https://example.com/revenue",
    "weights": {"eur": 0.5, "usd": 1.25},
    "dueAt": 1735689600000,
}


# --------------------------------------------------------------------------------------------------
# The round trip
# --------------------------------------------------------------------------------------------------


def test_create_returns_the_stored_widget(report):
    created = ok(report, "create")
    assert set(created) == WIDGET_FIELDS, created
    assert isinstance(created["id"], str) and created["id"]
    for key, value in CREATED.items():
        assert created[key] == value, key
    assert isinstance(created["createdAt"], int) and abs(created["createdAt"] - time.time() * 1000) < 3_600_000
    assert created["createdAt"] == created["updatedAt"]


def test_get_and_list(report):
    created = ok(report, "create")
    assert ok(report, "get") == created
    listed = ok(report, "list")
    assert set(listed) == {"items", "total", "page", "limit"}, listed
    assert listed["items"] == [created]
    assert (listed["total"], listed["page"], listed["limit"]) == (1, 1, 10)


def test_update_replaces_the_editable_fields(report):
    created = ok(report, "create")
    updated = ok(report, "update")
    assert updated["id"] == created["id"]
    assert (updated["name"], updated["tags"], updated["config"]) == ("Revenue (EUR)", ["eur"], 42)
    assert updated["description"] == "" and updated["apiUrl"] == ""
    assert updated["createdAt"] == created["createdAt"]
    assert updated["updatedAt"] >= created["updatedAt"]
    assert ok(report, "getAfterUpdate") == updated


def test_delete_then_get_is_a_typed_404(report):
    assert ok(report, "delete") is None  # 204: the client resolves to undefined
    api_error(report, "getDeleted", 404, "NOT_FOUND")
    listed = ok(report, "listAfterDelete")
    assert listed["items"] == [] and listed["total"] == 0


def test_invalid_body_is_a_typed_400_validation_error(report):
    api_error(report, "createInvalid", 400, "VALIDATION_ERROR")
    api_error(report, "createTooLong", 400, "VALIDATION_ERROR")


def test_path_parameters_are_encoded_into_one_segment(report, gateway):
    # NOT_FOUND is the service's answer: the gateway matched /widgets/{id} (its own miss is ROUTE_NOT_FOUND),
    # so "a/b" travelled as one segment.
    api_error(report, "getSlashId", 404, "NOT_FOUND")
    api_error(report, "getQuestionMarkId", 404, "NOT_FOUND")
    paths = {f.path for f in gateway.forwarded if f.method == "GET"}
    assert "/widgets/a%2Fb" in paths, sorted(paths)
    assert "/widgets/x%3Fy%3D1%23z" in paths, sorted(paths)


def test_organizations_are_isolated_through_the_gateway(report):
    kept = ok(report, "createKept")
    api_error(report, "orgB.get", 404, "NOT_FOUND")
    listed_b = ok(report, "orgB.list")
    assert listed_b["items"] == [] and listed_b["total"] == 0
    api_error(report, "orgB.update", 404, "NOT_FOUND")
    api_error(report, "orgB.delete", 404, "NOT_FOUND")
    own_b = ok(report, "orgB.create")
    # Headers the caller sends cannot move it into another organization.
    api_error(report, "orgB.spoofedOrgHeader", 404, "NOT_FOUND")

    assert ok(report, "orgA.getKept") == kept
    listed_a = ok(report, "orgA.list")
    assert listed_a["items"] == [kept] and listed_a["total"] == 1
    assert own_b["id"] not in {w["id"] for w in listed_a["items"]}
    assert ok(report, "orgA.getKeptAtEnd") == kept


def test_gateway_rejects_missing_and_unknown_tokens(report):
    api_error(report, "noToken.list", 401, "UNAUTHORIZED")
    api_error(report, "noToken.create", 401, "UNAUTHORIZED")
    api_error(report, "badToken.get", 401, "UNAUTHORIZED")


def test_gateway_enforces_write_scopes(report):
    assert ok(report, "readOnly.get") == ok(report, "createKept")
    api_error(report, "readOnly.create", 403, "FORBIDDEN")
    api_error(report, "readOnly.delete", 403, "FORBIDDEN")


def test_gateway_set_the_identity_headers(report, gateway):
    """What reached the service: prefix stripped, X-Org-ID / X-User-ID from the token, never the caller's."""
    forwarded = [f for f in gateway.forwarded if f.upstream == "WIDGET_SERVICE_URL"]
    assert forwarded, "nothing reached the service"
    assert all(not f.path.startswith("/api/") for f in forwarded), forwarded
    assert {"/widgets?page=1&limit=10", "/widgets"} <= {f.path for f in forwarded if f.method == "GET"}
    identities = {(f.headers.get("X-Org-ID"), f.headers.get("X-User-ID")) for f in forwarded}
    assert identities == {("org-a", "user-a"), ("org-b", "user-b"), ("org-a", "user-r")}, identities


# --------------------------------------------------------------------------------------------------
# The gateway itself, over raw HTTP (it is part of what the round trip relies on)
# --------------------------------------------------------------------------------------------------


def _raw(gateway, method: str, path: str, token: str | None = None) -> tuple[int, dict]:
    headers = {"Authorization": f"Bearer {token}"} if token else {}
    req = urllib.request.Request(gateway.url + path, method=method, headers=headers)
    try:
        with urllib.request.urlopen(req, timeout=HTTP_GUARD_S) as resp:
            return resp.status, json.loads(resp.read())
    except urllib.error.HTTPError as err:
        with err:
            return err.code, json.loads(err.read())


def test_gateway_routes_are_the_generated_ones(gateway):
    routes = {(r.method, "/".join(("",) + r.segments)) for r in gateway.routes}
    for method, path in [
        ("GET", "/api/v1/widgets"), ("POST", "/api/v1/widgets"), ("GET", "/api/v1/widgets/{id}"),
        ("PUT", "/api/v1/widgets/{id}"), ("DELETE", "/api/v1/widgets/{id}"),
    ]:
        assert (method, path) in routes, sorted(routes)
    for route in gateway.routes:
        if route.segments[:2] == ("api", "v1") and route.segments[2:3] == ("widgets",):
            assert route.entry.fields["proxy_upstream"] == "$WIDGET_SERVICE_URL", route.entry


def test_gateway_unknown_route_and_missing_token(gateway):
    status, body = _raw(gateway, "GET", "/api/v1/widgets/a/b", "tok-org-a")
    assert (status, body["code"]) == (404, "ROUTE_NOT_FOUND")
    status, body = _raw(gateway, "PATCH", "/api/v1/widgets/x", "tok-org-a")
    assert (status, body["code"]) == (404, "ROUTE_NOT_FOUND")
    status, body = _raw(gateway, "GET", "/widgets", "tok-org-a")  # the service path, without /api/v1
    assert (status, body["code"]) == (404, "ROUTE_NOT_FOUND")
    status, body = _raw(gateway, "GET", "/api/v1/widgets")
    assert (status, body["code"]) == (401, "UNAUTHORIZED")
    status, body = _raw(gateway, "GET", "/api/v1/widgets", "tok-org-a")
    assert status == 200 and set(body) == {"items", "total", "page", "limit"}
