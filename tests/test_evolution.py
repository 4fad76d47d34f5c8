"""One resource through its whole life: every spec change reaches every layer, nothing stale stays.

create -> a field added by editing the saved spec (which has a comment) -> a custom operation with --op ->
that operation's response changed -> cache_ttl changed -> a CRUD operation dropped -> remove-endpoint --op
-> remove-endpoint. After every step: the comment is still in the spec; gofmt/vet/build/test and
`tsc --strict` pass; check and drift exit 0; the service, built and started on 127.0.0.1 behind the
stand-in gateway, serves exactly the spec's routes (others: 404 at the gateway, 404/405 at the service);
no route line, gateway entry, client function or wiring of a removed operation remains.
"""

from __future__ import annotations

import json
import re
import urllib.error
import urllib.request
from pathlib import Path

import yaml

from tests.conftest import assert_go_quality, needs_go, needs_tsc, tree_digest, tsc
from tests.roundtrip.gateway import Identity, StandInGateway
from tests.roundtrip.process import go_build, start

SVC = "services/gadget-service"
SPEC = f"{SVC}/endpoints/gadget.yaml"
ROUTES_YAML = "services/api-gateway/config/routes.yaml"
CLIENT = "eloquent-packages/packages/api-client"
TOKENS = {"tok": Identity("org-a", "user-a", frozenset({"write:gadgets"}))}
HTTP_GUARD_S = 30.0
ALL = {  # every route the resource may ever have: (method, service path with x for {id})
    "list": ("GET", "/gadgets"),
    "create": ("POST", "/gadgets"),
    "get": ("GET", "/gadgets/x"),
    "update": ("PUT", "/gadgets/x"),
    "delete": ("DELETE", "/gadgets/x"),
    "peek": ("POST", "/gadgets/x/peek"),
}


def _http(base: str, method: str, path: str, body: dict | None = None, headers: dict | None = None) -> tuple[int, object]:
    data = json.dumps(body).encode() if body is not None else None
    req = urllib.request.Request(base + path, data=data, method=method, headers={"Content-Type": "application/json", **(headers or {})})
    try:
        with urllib.request.urlopen(req, timeout=HTTP_GUARD_S) as resp:
            raw = resp.read()
            return resp.status, json.loads(raw) if raw else None
    except urllib.error.HTTPError as err:
        with err:
            raw = err.read()
            try:
                return err.code, json.loads(raw) if raw else None
            except ValueError:
                return err.code, raw.decode(errors="replace")


def _spec_ops(repo: Path) -> list[str]:
    saved = yaml.safe_load((repo / SPEC).read_text())
    return [o if isinstance(o, str) else o["name"] for o in saved.get("operations", list(ALL)[:5])]


def _assert_everything(cli, repo: Path, tmp: Path, expect_field: str | None) -> None:
    assert "# the gadget's owner team decides these" in (repo / SPEC).read_text()
    assert_go_quality(repo / SVC)
    proc = tsc(repo / CLIENT)
    assert proc.returncode == 0, proc.stdout + proc.stderr
    assert (run := cli("check", "--repo", str(repo))).code == 0, run.out + run.err
    assert (run := cli("drift", "--repo", str(repo))).code == 0, run.out + run.err
    ops = _spec_ops(repo)
    routes_go = (repo / SVC / "routes/routes.go").read_text()
    client = (repo / CLIENT / "src/gadgets.ts").read_text()
    for op, (method, path) in ALL.items():
        pattern = f'"{method} {path.replace("/x", "/{id}")}"'
        assert (pattern in routes_go) == (op in ops), (op, routes_go)
    assert ("peekGadget" in client) == ("peek" in ops)
    assert ("deleteGadget" in client) == ("delete" in ops)

    binary = go_build(repo / SVC, tmp / "gadget-service")
    server = start(binary, tmp)
    gateway = StandInGateway(repo / ROUTES_YAML, upstreams={"GADGET_SERVICE_URL": server.url}, tokens=TOKENS).start()
    try:
        auth = {"Authorization": "Bearer tok"}
        body = {"name": "g1", **({expect_field: 500} if expect_field else {})}
        status, created = _http(gateway.url, "POST", "/api/v1/gadgets", body, auth)
        assert status == 201, created
        if expect_field:
            assert created[expect_field] == 500, created  # the new field is stored and returned
        gid = created["id"]
        for op, (method, path) in ALL.items():
            status, answer = _http(gateway.url, method, "/api/v1" + path.replace("/x", f"/{gid}"), {"name": "g2"}, auth)
            if op in ops:
                assert status != 404 or answer.get("code") == "NOT_FOUND", (op, status, answer)
                assert status not in (405, 501), (op, status, answer)
            else:
                assert status == 404 and answer["code"] == "ROUTE_NOT_FOUND", (op, status, answer)
                direct, _ = _http(server.url, method, path.replace("/x", f"/{gid}"), {"name": "g2"}, {"X-Org-ID": "o"})
                assert direct in (404, 405), (op, direct)
    finally:
        gateway.stop()
        server.stop()


@needs_go
@needs_tsc
def test_one_resource_through_its_whole_life(cli, example, tmp_path):
    before = tree_digest(example)
    shared_before = {rel: (example / rel).read_bytes() for rel in (ROUTES_YAML, f"{CLIENT}/src/index.ts", "tygo.yaml")}
    step = iter(range(100))

    def scaffold(*args: str) -> None:
        run = cli("add-endpoint", "gadget", "--repo", str(example), *args)
        assert run.code == 0, run.out + run.err

    def edit_spec(old: str, new: str) -> None:
        text = (example / SPEC).read_text()
        assert old in text, text
        (example / SPEC).write_text(text.replace(old, new, 1))

    # 1. create
    scaffold("--field", "name:string:required", "--field", "size:int", "--storage", "memory")  # postgres: test_postgres_evolution.py
    edit_spec("fields:\n", "# the gadget's owner team decides these\nfields:\n")
    _assert_everything(cli, example, tmp_path / f"s{next(step)}", None)

    # 2. a field added by editing the saved spec
    edit_spec("- {name: size, type: int}\n", "- {name: size, type: int}\n- {name: budget, type: int}\n")
    scaffold()
    _assert_everything(cli, example, tmp_path / f"s{next(step)}", "budget")

    # 3. a custom operation with --op (the service method answers 501 until written: write it)
    scaffold("--op", "peek: POST /{id}/peek", "--response", "none")
    service = example / SVC / "services/gadget.go"
    text = service.read_text()
    assert "ErrGadgetNotImplemented" in text
    _assert_everything_but_501 = text  # the skeleton answers 501: the route exists (checked below)
    service.write_text(re.sub(r"(func \(s \*GadgetService\) Peek\([^)]*\) error \{\n)\treturn ErrGadgetNotImplemented",
                              r"\1\treturn nil", _assert_everything_but_501))
    _assert_everything(cli, example, tmp_path / f"s{next(step)}", "budget")

    # 4. that operation's response changed (the hand-written method must change: a compile error names it)
    run = cli("add-endpoint", "gadget", "--repo", str(example), "--op", "peek: POST /{id}/peek", "--response", "resource")
    assert run.code == 1, run.out
    assert "Peek" in run.out and "services/gadget.go" in run.out  # the build names what to change
    service.write_text(service.read_text().replace(
        "string) error {\n\treturn nil", "string) (models.Gadget, error) {\n\treturn s.repo.Get(ctx, orgID, id)"))
    _assert_everything(cli, example, tmp_path / f"s{next(step)}", "budget")

    # 5. cache_ttl changed in the spec: the tool's own entries follow
    (example / SPEC).write_text((example / SPEC).read_text() + "gateway: {cache_ttl: 15s}\n")
    scaffold()
    entries = yaml.safe_load((example / ROUTES_YAML).read_text())["routes"]
    cached = {e["path"]: e.get("cache_ttl") for e in entries if e["path"].startswith("/api/v1/gadgets") and e["method"] == "GET"}
    assert cached == {"/api/v1/gadgets": "15s", "/api/v1/gadgets/{id}": None}  # the list route only
    _assert_everything(cli, example, tmp_path / f"s{next(step)}", "budget")

    # 6. a CRUD operation dropped from the spec
    edit_spec("- delete\n", "")
    scaffold()
    assert "DeleteGadget" not in (example / SVC / "handlers/gadget.go").read_text()
    _assert_everything(cli, example, tmp_path / f"s{next(step)}", "budget")

    # 7. remove-endpoint --op
    run = cli("remove-endpoint", "gadget", "--op", "peek", "--repo", str(example))
    assert run.code == 0, run.out + run.err
    assert "peek" not in (example / ROUTES_YAML).read_text()
    _assert_everything(cli, example, tmp_path / f"s{next(step)}", "budget")

    # 8. remove-endpoint: the user's service file was edited (steps 3-4), so it stays and is listed; the
    #    service cannot build with it (its repository is gone): exit 1 naming it, until it is deleted
    run = cli("remove-endpoint", "gadget", "--repo", str(example))
    assert run.code == 1, run.out + run.err
    assert f"{SVC}/services/gadget.go changed since the tool wrote it" in run.out
    assert f"error: {SVC}/services/gadget.go:" in run.out
    (example / SVC / "services/gadget.go").unlink()
    for rel, data in shared_before.items():
        assert (example / rel).read_bytes() == data, rel
    assert not (example / SPEC).exists() and not (example / f"{CLIENT}/src/gadgets.ts").exists()
    left = {k for k in tree_digest(example) if k not in before and not k.endswith("/")}
    service_wide = ("go.mod", "go.sum", "main.go", "routes/routes.go", "handlers/respond.go", "internal/httpapi/httpapi.go",
                    "internal/httpapi/httpapi_test.go", "internal/httpapi/middleware.go")
    assert left == {f"{SVC}/{rel}" for rel in service_wide}, left
    routes_go = (example / SVC / "routes/routes.go").read_text()
    main_go = (example / SVC / "main.go").read_text()
    assert "gadgetHandler" not in routes_go and "gadgetHandler" not in main_go and "gadgetRepo" not in main_go
    assert_go_quality(example / SVC)
    assert cli("check", "--repo", str(example)).code == 0
    assert cli("drift", "--repo", str(example)).code == 0
