"""The gateway layer inside `add-endpoint`: entries in the guide's shape, insert-only, conflicts refused."""

import yaml

from tests.conftest import tree_digest

ROUTES = "services/api-gateway/config/routes.yaml"
ARGS = ["--field", "name:string:required", "--only", "service,gateway", "--no-tidy"]


def test_entries_follow_the_guide_and_only_insert(cli, example):
    old = (example / ROUTES).read_text()
    run = cli("add-endpoint", "widget", "--repo", str(example), *ARGS)
    assert run.code == 0, run.err
    new = (example / ROUTES).read_text()
    old_lines, new_lines = old.splitlines(), new.splitlines()
    it = iter(new_lines)
    assert all(line in it for line in old_lines), "every old line is kept, in order"
    routes = yaml.safe_load(new)["routes"]
    added = routes[len(yaml.safe_load(old)["routes"]):]
    assert added == [
        {"path": "/api/v1/widgets", "method": "GET", "proxy_upstream": "$WIDGET_SERVICE_URL", "auth_required": True, "cache_ttl": "60s"},
        {"path": "/api/v1/widgets", "method": "POST", "proxy_upstream": "$WIDGET_SERVICE_URL", "auth_required": True, "scopes": ["write:widgets"]},
        {"path": "/api/v1/widgets/{id}", "method": "GET", "proxy_upstream": "$WIDGET_SERVICE_URL", "auth_required": True},
        {"path": "/api/v1/widgets/{id}", "method": "PUT", "proxy_upstream": "$WIDGET_SERVICE_URL", "auth_required": True, "scopes": ["write:widgets"]},
        {"path": "/api/v1/widgets/{id}", "method": "DELETE", "proxy_upstream": "$WIDGET_SERVICE_URL", "auth_required": True, "scopes": ["write:widgets"]},
    ]
    assert new.rstrip().endswith("# ---------------------------------------------------------------------------"), "the closing comment block stays last"
    assert "[x] 2. API Gateway  written" in run.out
    assert "make docker-rebuild-api-gateway" in run.out


def test_rerun_changes_nothing(cli, example):
    assert cli("add-endpoint", "widget", "--repo", str(example), *ARGS).code == 0
    before = tree_digest(example)
    run = cli("add-endpoint", "widget", "--repo", str(example), *ARGS)
    assert run.code == 0 and "Nothing to do" in run.out
    assert tree_digest(example) == before


def test_entries_of_an_existing_service_go_after_its_own(cli, example):
    run = cli("add-endpoint", "task", "--service", "project-service", "--repo", str(example), *ARGS)
    assert run.code == 0, run.err
    routes = yaml.safe_load((example / ROUTES).read_text())["routes"]
    upstreams = [r["proxy_upstream"] for r in routes]
    last_project = max(i for i, u in enumerate(upstreams) if u == "$PROJECT_SERVICE_URL")
    assert [r["path"] for r in routes[last_project - 4:last_project + 1]] == [
        "/api/v1/tasks", "/api/v1/tasks", "/api/v1/tasks/{id}", "/api/v1/tasks/{id}", "/api/v1/tasks/{id}"
    ]


def test_conflict_exits_2_naming_the_existing_entry_and_writes_nothing(cli, example):
    routes = example / ROUTES
    text = routes.read_text()
    routes.write_text(text.replace("routes:\n", "routes:\n- path: /api/v1/widgets\n  method: GET\n  proxy_upstream: $LEGACY_SERVICE_URL\n  auth_required: true\n", 1))
    line = routes.read_text().splitlines().index("- path: /api/v1/widgets") + 1
    before = tree_digest(example)
    run = cli("add-endpoint", "widget", "--repo", str(example), *ARGS)
    assert run.code == 2
    assert f"{ROUTES}:{line}:" in run.err and "proxy_upstream" in run.err
    assert tree_digest(example) == before


def test_a_missing_routes_file_is_created(cli, example):
    (example / ROUTES).unlink()
    run = cli("add-endpoint", "widget", "--repo", str(example), *ARGS)
    assert run.code == 0, run.err
    routes = yaml.safe_load((example / ROUTES).read_text())["routes"]
    assert [(r["method"], r["path"]) for r in routes][:2] == [("GET", "/api/v1/widgets"), ("POST", "/api/v1/widgets")]


def test_spec_gateway_settings_and_prefix(cli, example, tmp_path):
    (example / ".elqnt-scaffold.yaml").write_text("api_prefix: /api/v2\n")
    spec = tmp_path / "widget.yaml"
    spec.write_text("resource: widget\noperations: [list, create]\ngateway: {auth_required: false, cache_ttl: null, write_scopes: [admin]}\n")
    run = cli("add-endpoint", "widget", "--spec", str(spec), "--repo", str(example), "--only", "service,gateway", "--no-tidy")
    assert run.code == 0, run.err
    routes = yaml.safe_load((example / ROUTES).read_text())["routes"]
    assert routes[-2:] == [
        {"path": "/api/v2/widgets", "method": "GET", "proxy_upstream": "$WIDGET_SERVICE_URL", "auth_required": False},
        {"path": "/api/v2/widgets", "method": "POST", "proxy_upstream": "$WIDGET_SERVICE_URL", "auth_required": False, "scopes": ["admin"]},
    ]


def test_unreadable_routes_file_exits_2(cli, example):
    (example / ROUTES).write_text("routes:\n  - path: [unclosed\n")
    before = tree_digest(example)
    run = cli("add-endpoint", "widget", "--repo", str(example), *ARGS)
    assert run.code == 2 and f"{ROUTES}:" in run.err
    assert tree_digest(example) == before


def _gets(example):
    routes = yaml.safe_load((example / ROUTES).read_text())["routes"]
    return {r["path"]: r.get("cache_ttl") for r in routes if r["method"] == "GET" and r["path"].startswith("/api/v1/widgets")}


def test_only_the_list_route_is_cached_unless_the_spec_asks(cli, example, tmp_path):
    spec = tmp_path / "widget.yaml"
    spec.write_text(
        "resource: widget\noperations:\n  - list\n  - get\n"
        '  - {name: usage, method: GET, path: "/{id}/usage"}\n'
        '  - {name: search, method: GET, path: /search, response: list, gateway: {cache_ttl: 30s}}\n'
    )
    run = cli("add-endpoint", "widget", "--spec", str(spec), "--repo", str(example), "--only", "service,gateway", "--no-tidy")
    assert run.code == 0, run.err
    assert _gets(example) == {
        "/api/v1/widgets": "60s", "/api/v1/widgets/{id}": None, "/api/v1/widgets/{id}/usage": None,
        "/api/v1/widgets/search": "30s",
    }
    spec.write_text(spec.read_text() + "gateway: {cache_ttl: 5m, get_cache_ttl: 10s}\n")
    run = cli("add-endpoint", "widget", "--spec", str(spec), "--repo", str(example), "--only", "service,gateway", "--no-tidy")
    assert run.code == 0, run.err
    assert _gets(example) == {
        "/api/v1/widgets": "5m", "/api/v1/widgets/{id}": "10s", "/api/v1/widgets/{id}/usage": None,
        "/api/v1/widgets/search": "30s",
    }


def test_a_get_entry_the_tool_wrote_with_a_cache_ttl_loses_it_through_the_lock(cli, example, tmp_path):
    """Entries written when every GET was cached: the tool's (the lock has their digests) are updated, only
    the cache_ttl line goes. One a person edited since is theirs: left as it is (a cache they chose stays)."""
    spec = tmp_path / "widget.yaml"
    spec.write_text("resource: widget\noperations: [list, get]\ngateway: {get_cache_ttl: 60s}\n")  # the old shape
    args = ["--repo", str(example), "--only", "service,gateway", "--no-tidy"]
    assert cli("add-endpoint", "widget", "--spec", str(spec), *args).code == 0
    assert _gets(example) == {"/api/v1/widgets": "60s", "/api/v1/widgets/{id}": "60s"}
    spec.write_text("resource: widget\noperations: [list, get]\n")
    scratch = tmp_path / "edited"
    import shutil

    shutil.copytree(example, scratch)
    before = (example / ROUTES).read_text()
    run = cli("add-endpoint", "widget", "--spec", str(spec), *args)
    assert run.code == 0, run.err
    after = (example / ROUTES).read_text()
    assert _gets(example) == {"/api/v1/widgets": "60s", "/api/v1/widgets/{id}": None}
    removed = [line for line in before.splitlines() if line not in after.splitlines()]
    assert len(before.splitlines()) - len(after.splitlines()) == 1 and removed == [], "exactly one cache_ttl line goes"

    routes = scratch / ROUTES
    text = routes.read_text()
    head, tail = text.split("- path: /api/v1/widgets/{id}\n", 1)
    routes.write_text(head + "- path: /api/v1/widgets/{id}  # reviewed: cached on purpose\n" + tail)
    edited = routes.read_text()
    run = cli("add-endpoint", "widget", "--spec", str(spec), "--repo", str(scratch), "--only", "service,gateway", "--no-tidy")
    assert run.code == 0, run.err
    assert routes.read_text() == edited and _gets(scratch)["/api/v1/widgets/{id}"] == "60s"
