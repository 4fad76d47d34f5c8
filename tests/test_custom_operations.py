"""Custom operations in every layer: Go that builds, vets and tests, TS that compiles under --strict,
gateway entries, client functions; re-runs change nothing; check and drift are clean; and adding an
operation to a resource whose handler and service the user edited only appends to them."""

from __future__ import annotations

import difflib
from pathlib import Path

import pytest
import yaml

from elqnt_scaffold.sources import go
from tests.conftest import ROOT, assert_go_quality, needs_go, needs_tsc, tree_digest, tsc

SPEC = ROOT / "tests" / "data" / "widget_ops.yaml"
SVC = Path("services/widget-service")
CLIENT = Path("eloquent-packages/packages/api-client")
ROUTES = Path("services/api-gateway/config/routes.yaml")


def _scaffold(cli, example: Path, *args: str) -> None:
    run = cli("add-endpoint", "widget", "--repo", str(example), *args)
    assert run.code == 0, run.out + run.err


def _only_insertions(old: str, new: str) -> list[str]:
    """The lines `new` adds to `old`; fails when a line of `old` was changed or removed."""
    added = []
    for line in difflib.ndiff(old.splitlines(), new.splitlines()):
        assert not line.startswith("- "), f"a line of the user's file changed: {line!r}"
        if line.startswith("+ "):
            added.append(line[2:])
    return added


def test_three_operations_reach_every_layer(cli, example):
    _scaffold(cli, example, "--spec", str(SPEC), "--no-tidy")
    routes_go = (example / SVC / "routes/routes.go").read_text()
    for line in (
        'mux.HandleFunc("POST /widgets/{id}/archive", widgetHandler.ArchiveWidget)',
        'mux.HandleFunc("GET /widgets/{id}/usage", widgetHandler.UsageWidget)',
        'mux.HandleFunc("PUT /widgets/{id}/tags/{tag}", widgetHandler.MoveTagWidget)',
    ):
        assert line in routes_go
    models = (example / SVC / "models/widget.go").read_text()
    for decl in ("type UsageWidgetQuery struct", "type MoveTagWidgetRequest struct", "type UsageReport struct"):
        assert decl in models
    query = models.split("type UsageWidgetQuery struct {\n", 1)[1].split("}")[0]
    assert [line.split()[:2] for line in query.splitlines()] == [["From", "int64"], ["To", "*int64"], ["Detailed", "*bool"]]
    handler = (example / SVC / "handlers/widget.go").read_text()
    assert 'r.PathValue("tag")' in handler and '"INVALID_QUERY", "from must be an integer' in handler
    assert "http.StatusNotImplemented" in handler and "w.WriteHeader(http.StatusNoContent)" in handler
    service = (example / SVC / "services/widget.go").read_text()
    assert "return models.UsageReport{}, ErrWidgetNotImplemented" in service
    client = (example / CLIENT / "src/widgets.ts").read_text()
    assert "export async function archiveWidget(id: string): Promise<Widget>" in client
    assert "export async function usageWidget(id: string, query: UsageWidgetQuery): Promise<UsageReport>" in client
    assert "moveTagWidget(id: string, tag: string, body: MoveTagWidgetRequest): Promise<void>" in client
    entries = {(e["method"], e["path"]): e for e in yaml.safe_load((example / ROUTES).read_text())["routes"]}
    assert entries[("PUT", "/api/v1/widgets/{id}/tags/{tag}")]["scopes"] == ["admin:widgets"]
    assert "cache_ttl" not in entries[("GET", "/api/v1/widgets/{id}/usage")]  # only the list route is cached
    assert entries[("GET", "/api/v1/widgets")]["cache_ttl"] == "60s"
    assert entries[("POST", "/api/v1/widgets/{id}/archive")]["scopes"] == ["write:widgets"]


@needs_go
@needs_tsc
def test_generated_code_builds_and_compiles_and_reruns_change_nothing(cli, example):
    _scaffold(cli, example, "--spec", str(SPEC))
    assert_go_quality(example / SVC)
    proc = tsc(example / CLIENT)
    assert proc.returncode == 0, proc.stdout + proc.stderr
    before = tree_digest(example)
    _scaffold(cli, example, "--spec", str(SPEC))
    _scaffold(cli, example)  # from the saved spec
    assert tree_digest(example) == before
    check = cli("check", "--repo", str(example))
    assert check.code == 0, check.out + check.err
    drift = cli("drift", "--repo", str(example))
    assert drift.code == 0, drift.out + drift.err


@needs_go
@needs_tsc
@pytest.mark.parametrize("legacy", [False, True], ids=["generated-handler", "legacy-handler"])
def test_adding_operations_to_an_edited_resource_only_appends(cli, example, legacy):
    """The user's service file is only appended to. The handler is the tool's (regenerated) unless it lost
    its generated header (a 0.1 project, or taken over by hand): then it is only appended to as well."""
    _scaffold(cli, example, "--field", "name:string:required", "--field", "tags:[]string")
    handler_path, service_path = example / SVC / "handlers/widget.go", example / SVC / "services/widget.go"
    handler = handler_path.read_text()
    if legacy:
        handler = handler.split("\n\n", 1)[1].replace("func (h *WidgetHandler) GetWidget(", "// Mine.\nfunc (h *WidgetHandler) GetWidget(")
        handler_path.write_text(handler)
    service = service_path.read_text().replace("// Get returns", "// Get (my words) returns")
    service_path.write_text(service)
    test_file = (example / SVC / "handlers/widget_test.go").read_text()

    _scaffold(cli, example, "--op", "archive: POST /{id}/archive", "--response", "resource")
    _scaffold(cli, example, "--op", "rename: PATCH /{id}/name", "--field", "name:string:required", "--query", "dry_run:bool")
    _scaffold(cli, example, "--op", "search: GET /search", "--query", "q:string:required", "--query", "max_hits:int",
              "--response", "list")

    if legacy:
        added = _only_insertions(handler, handler_path.read_text())
        assert '\t"encoding/json"' not in added  # the CRUD handler imported it already
    else:
        added = handler_path.read_text()
        assert added.startswith("// Code generated by elqnt-scaffold")
    assert "func (h *WidgetHandler) SearchWidgets(w http.ResponseWriter, r *http.Request) {" in added  # the collection's
    added = _only_insertions(service, service_path.read_text())
    assert "func (s *WidgetService) Archive(ctx context.Context, orgID, userID, id string) (models.Widget, error) {" in added
    if legacy and not (example / SVC / "services/widget_gen.go").exists():
        assert '\t"errors"' in added and "var ErrWidgetNotImplemented = errors.New(\"not implemented\")" in added
    else:
        assert "ErrWidgetNotImplemented = " not in added  # declared in services/widget_gen.go, the tool's
        assert "ErrWidgetNotImplemented = " in (example / SVC / "services/widget_gen.go").read_text()
    assert (example / SVC / "handlers/widget_test.go").read_text() == test_file
    saved = yaml.safe_load((example / SVC / "endpoints/widget.yaml").read_text())
    assert [o if isinstance(o, str) else o["name"] for o in saved["operations"]] == [
        "list", "create", "get", "update", "delete", "archive", "rename", "search"
    ]
    assert saved["operations"][6]["body"] == [{"name": "name", "type": "string", "required": True}]

    assert_go_quality(example / SVC)
    proc = tsc(example / CLIENT)
    assert proc.returncode == 0, proc.stdout + proc.stderr
    before = tree_digest(example)
    _scaffold(cli, example, "--op", "search: GET /search", "--query", "q:string:required", "--query", "max_hits:int",
              "--response", "list")
    assert tree_digest(example) == before
    assert cli("check", "--repo", str(example)).code == 0
    assert cli("drift", "--repo", str(example)).code == 0


def test_drift_sees_a_custom_route_line_or_client_function_gone(cli, example):
    _scaffold(cli, example, "--spec", str(SPEC), "--no-tidy")
    client = example / CLIENT / "src/widgets.ts"
    client.write_text(client.read_text().split("\n/** Calls `archive`")[0] + "\n")
    routes_go = example / SVC / "routes/routes.go"
    routes_go.write_text(routes_go.read_text().replace('\tmux.HandleFunc("GET /widgets/{id}/usage", widgetHandler.UsageWidget)\n', ""))
    run = cli("drift", "--repo", str(example))
    assert run.code == 1
    assert "widgets.ts" in run.out and "routes/routes.go" in run.out
    assert cli("drift", "--fix", "--repo", str(example)).code == 0
    assert "UsageWidget)" in routes_go.read_text() and "archiveWidget" in client.read_text()


def test_internal_operations_have_no_gateway_entry_and_no_client_function(cli, example, tmp_path):
    spec = tmp_path / "widget.yaml"
    spec.write_text(
        "resource: widget\nfields: [{name: name, type: string}]\noperations:\n  - get\n"
        '  - {name: reindex, method: POST, path: "/{id}/reindex", gateway: {internal: true}}\n'
    )
    _scaffold(cli, example, "--spec", str(spec), "--no-tidy")
    assert "widgets/{id}/reindex" not in (example / ROUTES).read_text()
    assert "reindex" not in (example / CLIENT / "src/widgets.ts").read_text()
    routes_go = (example / SVC / "routes/routes.go").read_text()
    assert 'mux.HandleFunc("POST /widgets/{id}/reindex", widgetHandler.ReindexWidget) //elqnt:internal' in routes_go
    assert cli("check", "--repo", str(example)).code == 0


def test_op_flag_needs_a_saved_spec_and_a_well_formed_value(cli, example):
    before = tree_digest(example)
    run = cli("add-endpoint", "widget", "--repo", str(example), "--op", "archive: POST /{id}/archive")
    assert run.code == 2 and "no saved spec" in run.err
    _scaffold(cli, example, "--field", "name:string", "--no-tidy")
    after = tree_digest(example)
    for args in (
        ("--op", "archive POST"),
        ("--op", "archive: POST /{id}/archive", "--response", "Nope"),
        ("--op", "archive: POST /{id}/archive", "--query", "from:date"),
        ("--op", "fetch: GET /{key}"),  # the route of get
        ("--query", "from:int"),
    ):
        run = cli("add-endpoint", "widget", "--repo", str(example), *args)
        assert run.code == 2, (args, run.out, run.err)
    assert tree_digest(example) == after != before


def test_append_decls_is_idempotent_by_name_and_keeps_every_byte():
    src = "package x\n\n// A is mine.\nfunc (h *H) A() {} // keep\n\nvar errX = 1\n"
    decls = ["func (h *H) B() {\n\treturn\n}", "var ErrY = 2", "func (h H) A() {}", "var errX = 3"]
    out = go.append_decls(src, decls)
    assert out == src + "\nfunc (h *H) B() {\n\treturn\n}\n\nvar ErrY = 2\n"
    assert go.append_decls(out, decls) == out
    crlf = src.replace("\n", "\r\n")
    assert go.append_decls(crlf, ["var ErrY = 2"]) == crlf + "\r\nvar ErrY = 2\r\n"


@needs_go
@needs_tsc
def test_a_resource_of_custom_operations_only(cli, example):
    """Collection paths, an inline response, a body of models, keyword-named path parameters, every query
    type, an internal operation: it builds, vets, tests, compiles, and check and drift are clean."""
    run = cli("add-endpoint", "gadget", "--repo", str(example), "--spec", str(ROOT / "tests/data/gadget_ops.yaml"))
    assert run.code == 0, run.err
    svc = example / "services/gadget-service"
    assert_go_quality(svc)
    proc = tsc(example / CLIENT)
    assert proc.returncode == 0, proc.stdout + proc.stderr
    handler = (svc / "handlers/gadget.go").read_text()
    assert 'r.PathValue("gadget_id"), r.PathValue("type")' in handler
    assert "result = []models.Gadget{} // an empty list is [], not null" in handler  # paginate: false
    assert "result.Items = []models.Gadget{} // an empty page is [], not null" in handler
    assert "typeParam string, query models.ResetGadgetQuery) error" in (svc / "services/gadget.go").read_text()
    client = (example / CLIENT / "src/gadgets.ts").read_text()
    assert "bulkImportGadgets(body: BulkImportGadgetsRequest): Promise<BulkImportGadgetsResponse>" in client
    assert "pingGadgets(params?: { page?: number; limit?: number }): Promise<ListGadgetsResponse>" in client
    assert "allGadgets(): Promise<Gadget[]>" in client
    assert "reset" not in client and "/gadgets/{gadget_id}" not in (example / ROUTES).read_text()
    assert cli("check", "--repo", str(example)).code == 0
    assert cli("drift", "--repo", str(example)).code == 0


def test_ops_flag_keeps_custom_operations_and_op_flag_replaces_by_name(cli, example):
    _scaffold(cli, example, "--spec", str(SPEC), "--no-tidy")
    _scaffold(cli, example, "--ops", "list,get", "--no-tidy")
    saved = yaml.safe_load((example / SVC / "endpoints/widget.yaml").read_text())
    assert [o if isinstance(o, str) else o["name"] for o in saved["operations"]] == [
        "list", "get", "archive", "usage", "move_tag"
    ]
    _scaffold(cli, example, "--op", "archive: PATCH /{id}/archived", "--response", "none", "--no-tidy")
    saved = yaml.safe_load((example / SVC / "endpoints/widget.yaml").read_text())
    assert saved["operations"][2] == {"name": "archive", "method": "PATCH", "path": "/{id}/archived", "response": "none"}  # in place
    assert len(saved["operations"]) == 5
    assert 'mux.HandleFunc("PATCH /widgets/{id}/archived"' in (example / SVC / "routes/routes.go").read_text()
