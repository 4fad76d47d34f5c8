"""What a generated NEW service answers to bad requests, failures and panics, over plain HTTP (issue 14).

The service is scaffolded from a spec with a nested model (`owner.email` required + email), built, and its
user-owned service file is edited the way a developer would to force a storage error (`name: "boom-error"`,
an error whose text names a table and a Go type) and a panic (`name: "boom-panic"`).
"""

from __future__ import annotations

import json
import re
import shutil

import pytest

from tests.conftest import EXAMPLE, go, needs_go, run_cli, tree_digest
from tests.roundtrip.process import go_build, start
from tests.test_service_roundtrip import Api, new_org

pytestmark = needs_go

SPEC = """\
resource: widget
fields:
  - {name: name, type: string, required: true, validate: "min=1,max=120"}
  - {name: owner, type: Owner, required: true}
  - {name: items, type: "[]Item"}
  - {name: status, type: enum, values: [draft, active]}
  - {name: note, type: string, nullable: true}
models:
  Owner:
    fields:
      - {name: email, type: string, required: true, validate: email}
  Item:
    fields:
      - {name: sku, type: string, required: true}
"""
SECRET = "pq: relation widgets_secret_table (models.Widget) does not exist"
VALID = {"name": "w", "owner": {"email": "a@example.com"}}


@pytest.fixture(scope="module")
def service(tmp_path_factory):
    tmp = tmp_path_factory.mktemp("hardening")
    repo = tmp / "eloquent"
    shutil.copytree(EXAMPLE, repo)
    (tmp / "widget.yaml").write_text(SPEC)
    run = run_cli("add-endpoint", "widget", "--spec", str(tmp / "widget.yaml"), "--storage", "memory", "--repo", str(repo))
    assert run.code == 0, run.out + run.err
    svc = repo / "services/widget-service"
    user_file = svc / "services/widget.go"
    src = user_file.read_text()
    anchor = re.search(r"func \(s \*WidgetService\) Create\([^\n]*\{\n", src)
    assert anchor, src
    forced = (
        '\tif req.Name == "boom-error" {\n\t\treturn models.Widget{}, errors.New("' + SECRET + '")\n\t}\n'
        '\tif req.Name == "boom-panic" {\n\t\tpanic("boom: " + req.Name)\n\t}\n'
    )
    src = src[: anchor.end()] + forced + src[anchor.end():]
    if '"errors"' not in src:
        src = src.replace("import (\n", 'import (\n\t"errors"\n', 1)
    user_file.write_text(src)
    assert go(["vet", "./..."], svc).returncode == 0
    server = start(go_build(svc, tmp / "widget-service"), tmp)
    yield Api(server.base), server
    server.stop()


def _error(resp, status: int, code: str) -> dict:
    assert resp.status == status, f"want {status} {code}, got {resp.status}: {resp.raw!r}"
    assert resp.headers.get("content-type", "").startswith("application/json"), resp.headers
    body = resp.json
    assert body["code"] == code and isinstance(body["message"], str) and body["message"], body
    return body


def test_body_over_the_limit_is_413(service):
    api, _ = service
    big = b'{"name": "' + b"x" * (2 * 1024 * 1024) + b'"}'
    _error(api.call("POST", "/widgets", new_org(), raw=big), 413, "BODY_TOO_LARGE")


def test_trailing_data_after_the_json_value_is_400(service):
    api, _ = service
    for trailing in (b" garbage", b" {}", b"]"):
        raw = json.dumps(VALID).encode() + trailing
        body = _error(api.call("POST", "/widgets", new_org(), raw=raw), 400, "INVALID_JSON")
        assert "after" in body["message"], body


def test_invalid_json_names_the_place_in_json_terms(service):
    api, _ = service
    body = _error(api.call("POST", "/widgets", new_org(), raw=b'{"name": 5, "owner": {}}'), 400, "INVALID_JSON")
    assert body["message"] == "name must be a string, not number", body
    body = _error(api.call("POST", "/widgets", new_org(), raw=b'{"name": "a", "owner": {"email": [1]}}'), 400, "INVALID_JSON")
    assert body["message"].startswith("owner.email must be a string"), body
    body = _error(api.call("POST", "/widgets", new_org(), raw=b'{"name": '), 400, "INVALID_JSON")
    assert "models." not in body["message"] and "Widget" not in body["message"], body


def test_wrong_content_type_is_415(service):
    api, _ = service
    resp = api.call("POST", "/widgets", new_org(), raw=json.dumps(VALID).encode(),
                    headers={"Content-Type": "application/x-www-form-urlencoded"})
    _error(resp, 415, "UNSUPPORTED_MEDIA_TYPE")
    ok = api.call("POST", "/widgets", new_org(), raw=json.dumps(VALID).encode(),
                  headers={"Content-Type": "application/json; charset=utf-8"})
    assert ok.status == 201, ok.raw


def test_validation_details_are_json_paths(service):
    api, _ = service
    body = _error(api.call("POST", "/widgets", new_org(), body={"name": "w", "owner": {}}), 400, "VALIDATION_ERROR")
    assert body["details"][0] == {"field": "owner.email", "rule": "required", "param": ""}, body
    body = _error(api.call("POST", "/widgets", new_org(),
                           body={"name": "", "owner": {"email": "nope"}, "items": [{"sku": "a"}, {}], "status": "x"}),
                  400, "VALIDATION_ERROR")
    got = {(d["field"], d["rule"], d["param"]) for d in body["details"]}
    assert got == {("name", "required", ""), ("owner.email", "email", ""), ("items[1].sku", "required", ""),
                   ("status", "oneof", "draft active")}, body


def test_a_service_error_is_500_without_its_text(service):
    api, server = service
    resp = api.call("POST", "/widgets", new_org(), body={**VALID, "name": "boom-error"})
    body = _error(resp, 500, "CREATE_FAILED")
    assert set(body) == {"code", "message", "requestId"}, body
    assert "secret" not in resp.raw.decode() and "pq:" not in resp.raw.decode() and "models." not in resp.raw.decode()
    assert resp.headers["x-request-id"] == body["requestId"]
    logged = [json.loads(line) for line in server.output().splitlines() if line.startswith("{")]
    assert any(e.get("error") == SECRET and e.get("request_id") == body["requestId"] for e in logged), logged[-5:]


def test_unknown_route_is_404_json(service):
    api, _ = service
    body = _error(api.call("GET", "/nowhere", new_org()), 404, "NOT_FOUND")
    assert "/nowhere" in body["message"]


def test_wrong_method_is_405_json_with_allow(service):
    api, _ = service
    resp = api.call("PATCH", "/widgets", new_org())
    _error(resp, 405, "METHOD_NOT_ALLOWED")
    assert {m.strip() for m in resp.headers["allow"].split(",")} >= {"GET", "POST"}, resp.headers
    resp = api.call("POST", "/widgets/some-id", new_org(), body=VALID)
    _error(resp, 405, "METHOD_NOT_ALLOWED")
    assert "PUT" in resp.headers["allow"] and "DELETE" in resp.headers["allow"], resp.headers


def test_a_panic_is_500_and_the_service_keeps_serving(service):
    api, server = service
    org = new_org()
    resp = api.call("POST", "/widgets", org, body={**VALID, "name": "boom-panic"})
    body = _error(resp, 500, "INTERNAL")
    assert "boom" not in resp.raw.decode(), body
    assert server.proc.poll() is None
    after = api.call("POST", "/widgets", org, body=VALID)
    assert after.status == 201, after.raw
    assert "handler panicked" in server.output()


def test_healthz(service):
    api, _ = service
    resp = api.call("GET", "/healthz", None)
    assert resp.status == 200 and resp.json == {"status": "ok"}, resp.raw


def test_a_caller_request_id_is_kept(service):
    api, _ = service
    resp = api.call("GET", "/widgets", new_org(), headers={"X-Request-ID": "gw-123"})
    assert resp.status == 200 and resp.headers["x-request-id"] == "gw-123"


POLICY_TEST = """package httpapi

import (
	"net/http"
	"net/http/httptest"
	"strings"
	"testing"
)

func TestConfiguredPolicy(t *testing.T) {
	for _, c := range []struct {
		body   string
		status int
	}{
		{`{"name":"a"}`, 0},
		{`{"name":"a","extra":1}`, http.StatusBadRequest},
		{`{"name":"` + strings.Repeat("x", 60) + `"}`, http.StatusRequestEntityTooLarge},
	} {
		rec := httptest.NewRecorder()
		var dst struct {
			Name string `json:"name"`
		}
		ok := DecodeJSON(rec, httptest.NewRequest("POST", "/", strings.NewReader(c.body)), &dst)
		if ok != (c.status == 0) || (!ok && rec.Code != c.status) {
			t.Errorf("%s: ok=%v status %d, want %d: %s", c.body, ok, rec.Code, c.status, rec.Body.String())
		}
	}
}
"""


def test_body_limit_and_unknown_fields_come_from_the_config(init_repo):
    config = init_repo / ".elqnt-scaffold.yaml"
    config.write_text(config.read_text() + "request_body_limit: 64\nunknown_fields: reject\n")
    run = run_cli("add-endpoint", "gizmo", "--field", "name:string:required", "--repo", str(init_repo))
    assert run.code == 0, run.out + run.err
    pkg = init_repo / "services/gizmo-service/internal/httpapi"
    text = (pkg / "httpapi.go").read_text()
    assert "const MaxBodyBytes = 64\n" in text and "const AllowUnknownFields = false\n" in text
    (pkg / "policy_test.go").write_text(POLICY_TEST)
    proc = go(["test", "-race", "-count=1", "-run", "TestConfiguredPolicy", "./internal/httpapi/"], pkg.parents[1])
    assert proc.returncode == 0, proc.stdout + proc.stderr


def test_a_config_value_out_of_range_is_refused(init_repo):
    config = init_repo / ".elqnt-scaffold.yaml"
    config.write_text(config.read_text() + "unknown_fields: drop\n")
    run = run_cli("add-endpoint", "gizmo", "--field", "name:string:required", "--repo", str(init_repo))
    assert run.code == 2 and "unknown_fields" in run.out + run.err, run.out + run.err
    assert not (init_repo / "services/gizmo-service").exists()


def test_a_null_body_and_a_page_past_any_offset_are_400(service):
    api, _ = service
    body = _error(api.call("POST", "/widgets", new_org(), raw=b" null "), 400, "INVALID_JSON")
    assert "null" in body["message"], body
    org = new_org()
    assert api.call("POST", "/widgets", org, body=VALID).status == 201
    _error(api.call("GET", "/widgets?page=9223372036854775807&limit=100", org), 400, "INVALID_QUERY")
    last = api.call("GET", "/widgets?page=1000000000&limit=100", org)
    assert last.status == 200 and last.json["items"] == [] and last.json["total"] == 1, last.raw


def test_enum_values_that_are_one_go_constant_are_refused(init_repo, tmp_path):
    spec = tmp_path / "coupon.yaml"
    spec.write_text("resource: coupon\nfields:\n- {name: kind, type: enum, values: [one-off, one_off, multi]}\n")
    before = tree_digest(init_repo)
    run = run_cli("add-endpoint", "coupon", "--spec", str(spec), "--repo", str(init_repo))
    assert run.code == 2 and "'one-off' and 'one_off'" in run.out + run.err, run.out + run.err
    assert tree_digest(init_repo) == before
