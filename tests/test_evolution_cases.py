"""The ways an endpoint changes that used to fail silently, each with its right result."""

from __future__ import annotations

from pathlib import Path

import yaml

from tests.conftest import ROOT, assert_go_quality, needs_go, needs_tsc, tree_digest

SVC = "services/gadget-service"
SPEC = f"{SVC}/endpoints/gadget.yaml"
ROUTES_YAML = "services/api-gateway/config/routes.yaml"
CLIENT_TS = "eloquent-packages/packages/api-client/src/gadgets.ts"


def _add(cli, repo: Path, *args: str):
    return cli("add-endpoint", "gadget", "--repo", str(repo), *args)


def _edit(repo: Path, rel: str, old: str, new: str) -> None:
    text = (repo / rel).read_text()
    assert old in text, text
    (repo / rel).write_text(text.replace(old, new, 1))


def test_a_hand_written_models_file_is_never_overwritten(cli, example):
    """project-service's models/project.go has no generated header: exit 2 naming it, nothing written."""
    before = tree_digest(example)
    run = cli("add-endpoint", "project", "--repo", str(example), "--field", "name:string:required")
    assert run.code == 2
    assert "services/project-service/models/project.go:1:" in run.err
    assert "was not written by elqnt-scaffold" in run.err and "--force" in run.err
    assert tree_digest(example) == before


@needs_go
def test_an_operation_moved_onto_a_dropped_crud_path_registers_once(cli, example):
    """`get` dropped and a custom GET moved to /{id}: the old line goes, the pattern is registered once."""
    assert _add(cli, example, "--field", "name:string", "--op", "x: GET /{id}/x", "--response", "resource").code == 2
    assert _add(cli, example, "--field", "name:string").code == 0
    assert _add(cli, example, "--op", "x: GET /{id}/x", "--response", "resource").code == 0
    _edit(example, SPEC, "- get\n", "")
    _edit(example, SPEC, "path: '/{id}/x'", "path: '/{id}'")
    run = _add(cli, example)
    assert run.code == 0, run.out + run.err
    routes = (example / SVC / "routes/routes.go").read_text()
    assert routes.count('"GET /gadgets/{id}"') == 1 and "gadgetHandler.XGadget" in routes
    assert "GetGadget" not in routes and '"GET /gadgets/{id}/x"' not in routes
    assert_go_quality(example / SVC)  # the handler tests go through routes.SetupRoutes: a duplicate panics


@needs_go
def test_a_route_line_a_person_duplicated_is_refused_with_its_line(cli, example):
    assert _add(cli, example, "--field", "name:string").code == 0
    routes = example / SVC / "routes/routes.go"
    text = routes.read_text()
    routes.write_text(text.replace("}\n", '\tmux.HandleFunc("GET /gadgets/{key}", gadgetHandler.GetGadget)\n}\n', 1)
                      if text.rstrip().endswith("}") and text.count("}\n") == 1 else
                      text[: text.rindex("}")] + '\tmux.HandleFunc("GET /gadgets/{key}", gadgetHandler.GetGadget)\n}\n')
    before = tree_digest(example)
    run = _add(cli, example, "--op", "peek: GET /{id}/peek")
    assert run.code == 2
    assert f"{SVC}/routes/routes.go:" in run.err and "registered twice" in run.err
    assert tree_digest(example) == before


@needs_go
def test_an_unedited_skeleton_follows_its_operation_and_an_edited_one_is_kept(cli, example):
    assert _add(cli, example, "--field", "name:string").code == 0
    assert _add(cli, example, "--op", "peek: GET /{id}/peek", "--response", "none").code == 0
    assert _add(cli, example, "--op", "poke: POST /{id}/poke", "--response", "none").code == 0
    service = example / SVC / "services/gadget.go"
    _edit(example, f"{SVC}/services/gadget.go", "Poke(ctx context.Context, orgID, userID, id string) error {\n\treturn ErrGadgetNotImplemented",
          "Poke(ctx context.Context, orgID, userID, id string) error {\n\treturn nil // poked")
    # both operations now return the resource: the untouched skeleton is regenerated, the written one is not
    assert _add(cli, example, "--op", "peek: GET /{id}/peek", "--response", "resource").code == 0
    run = _add(cli, example, "--op", "poke: POST /{id}/poke", "--response", "resource")
    assert run.code == 1  # the compiler names the method the person has to change
    assert "wrong type for method Poke" in run.out and f"{SVC}/services/gadget.go:" in run.out
    text = service.read_text()
    assert "Peek(ctx context.Context, orgID, userID, id string) (models.Gadget, error) {\n\treturn models.Gadget{}, ErrGadgetNotImplemented" in text
    assert "return nil // poked" in text
    # removing the edited operation keeps the person's method; removing an untouched one takes its skeleton
    _edit(example, f"{SVC}/services/gadget.go", "error {\n\treturn nil // poked", "(models.Gadget, error) {\n\treturn models.Gadget{}, nil // poked")
    assert cli("remove-endpoint", "gadget", "--op", "peek", "--repo", str(example)).code == 0
    assert cli("remove-endpoint", "gadget", "--op", "poke", "--repo", str(example)).code == 0
    text = service.read_text()
    assert "Peek(" not in text and "// poked" in text
    assert_go_quality(example / SVC)


def test_drift_reports_stale_parts_and_fix_removes_them_in_one_pass(cli, example):
    assert _add(cli, example, "--field", "name:string", "--no-tidy").code == 0
    assert _add(cli, example, "--op", "peek: GET /{id}/peek", "--no-tidy").code == 0
    # the operation leaves the spec by hand, and a field is added: nothing regenerated yet
    text = (example / SPEC).read_text()
    (example / SPEC).write_text(text.split("- {name: peek")[0].rstrip("\n") + "\n")
    _edit(example, SPEC, "- {name: name, type: string}\n", "- {name: name, type: string}\n- {name: budget, type: int}\n")
    run = cli("drift", "--repo", str(example))
    assert run.code == 1
    stale = [line for line in run.out.splitlines() if line.startswith("stale: ")]
    assert any("routes/routes.go" in line and "GET /gadgets/{id}/peek" in line for line in stale), run.out
    assert any(ROUTES_YAML in line and "GET /api/v1/gadgets/{id}/peek" in line for line in stale), run.out
    assert any(CLIENT_TS in line and "peekGadget" in line for line in stale), run.out
    run = cli("drift", "--fix", "--repo", str(example))
    assert run.code == 0 and "no drift left" in run.out, run.out
    assert cli("drift", "--repo", str(example)).code == 0  # one pass: Go models and the TS made from them
    assert "peek" not in (example / ROUTES_YAML).read_text() and "peek" not in (example / CLIENT_TS).read_text()
    assert "budget: number" in (example / "eloquent-packages/packages/types/src/gadget-service.ts").read_text()


def test_drift_fix_never_calls_a_conflict_fixed(cli, example):
    assert _add(cli, example, "--field", "name:string", "--no-tidy").code == 0
    _edit(example, ROUTES_YAML, "- path: /api/v1/gadgets\n  method: GET\n", "- path: /api/v1/gadgets\n  method: GET  # ours\n")
    (example / SPEC).write_text((example / SPEC).read_text() + "gateway: {cache_ttl: 5s}\n")
    run = cli("drift", "--fix", "--repo", str(example))
    assert run.code == 1, run.out
    conflict = [line for line in run.out.splitlines() if line.startswith("conflict: ")]
    assert conflict and all("(fixed)" not in line for line in conflict), run.out
    assert "need a person" in run.out


def test_cache_ttl_change_updates_the_tools_own_entries(cli, example):
    assert _add(cli, example, "--field", "name:string", "--no-tidy").code == 0
    before = (example / ROUTES_YAML).read_text()
    (example / SPEC).write_text((example / SPEC).read_text() + "gateway: {cache_ttl: 5s, get_cache_ttl: 7s}\n")
    run = _add(cli, example, "--no-tidy")
    assert run.code == 0, run.out + run.err
    after = (example / ROUTES_YAML).read_text()
    entries = yaml.safe_load(after)["routes"]
    assert [e["cache_ttl"] for e in entries if e["path"].startswith("/api/v1/gadgets") and e["method"] == "GET"] == ["5s", "7s"]
    changed = [line for line in after.splitlines() if line not in before.splitlines()]
    assert changed == ["  cache_ttl: 5s", "  cache_ttl: 7s"], changed


def test_replaced_shared_files_keep_their_mode(cli, example):
    shared = [ROUTES_YAML, "services/project-service/routes/routes.go", "services/project-service/main.go"]
    for rel in shared:
        (example / rel).chmod(0o600)
    run = cli("add-endpoint", "task", "--service", "project-service", "--field", "title:string", "--repo", str(example), "--no-tidy")
    assert run.code == 0, run.out + run.err
    for rel in shared:
        assert "task" in (example / rel).read_text().lower(), rel
        assert (example / rel).stat().st_mode & 0o777 == 0o600, rel


def test_remove_endpoint_refuses_what_it_cannot_do_and_dry_run_writes_nothing(cli, example):
    run = cli("remove-endpoint", "gadget", "--repo", str(example))
    assert run.code == 2 and f"{SPEC}" in run.err and "no saved spec" in run.err
    assert _add(cli, example, "--field", "name:string", "--ops", "list", "--no-tidy").code == 0
    before = tree_digest(example)
    run = cli("remove-endpoint", "gadget", "--op", "archive", "--repo", str(example))
    assert run.code == 2 and "has no operation 'archive' (it has: list)" in run.err
    run = cli("remove-endpoint", "gadget", "--op", "list", "--repo", str(example))
    assert run.code == 2 and "remove-endpoint gadget" in run.err
    run = cli("remove-endpoint", "gadget", "--dry-run", "--repo", str(example))
    assert run.code == 0, run.out + run.err
    assert f"--- a/{SPEC}\n+++ /dev/null" in run.out and "(to delete)" in run.out
    assert tree_digest(example) == before


def test_an_entry_a_person_edited_is_never_adopted_by_a_rerun(cli, example):
    assert _add(cli, example, "--field", "name:string", "--no-tidy").code == 0
    _edit(example, ROUTES_YAML, "- path: /api/v1/gadgets\n  method: POST\n", "- path: /api/v1/gadgets\n  method: POST  # reviewed by security\n  timeout: 30s\n")
    assert _add(cli, example, "--no-tidy").code == 0  # nothing the spec changed: the edited entry stays as is
    edited = (example / ROUTES_YAML).read_text()
    (example / SPEC).write_text((example / SPEC).read_text() + 'gateway: {write_scopes: ["gadgets:write"]}\n')
    run = _add(cli, example, "--no-tidy")
    assert run.code == 2, run.out
    assert f"{ROUTES_YAML}:" in run.err
    assert (example / ROUTES_YAML).read_text() == edited


@needs_go
def test_a_route_line_wrapped_in_middleware_stays_the_persons(cli, example):
    assert _add(cli, example, "--field", "name:string").code == 0
    routes = example / SVC / "routes/routes.go"
    text = routes.read_text().replace("gadgetHandler.CreateGadget)", "withAudit(gadgetHandler.CreateGadget))")
    routes.write_text(text + "\nfunc withAudit(h http.HandlerFunc) http.HandlerFunc { return h }\n")
    assert cli("check", "--repo", str(example)).code == 0
    assert cli("drift", "--repo", str(example)).code == 0
    run = _add(cli, example, "--op", "peek: GET /{id}/peek")
    assert run.code == 0, run.out + run.err
    assert routes.read_text().count('"POST /gadgets"') == 1
    run = cli("remove-endpoint", "gadget", "--op", "create", "--repo", str(example))
    assert run.code == 1  # the person's line still calls the handler the spec no longer has
    assert f'{SVC}/routes/routes.go:' in run.out and "registers POST /gadgets, which no operation of the spec has" in run.out


def test_a_resource_started_with_only_gateway_can_be_completed(cli, example):
    assert _add(cli, example, "--field", "name:string", "--only", "gateway", "--no-tidy").code == 0
    run = _add(cli, example, "--no-tidy")
    assert run.code == 0, run.out + run.err
    assert (example / SVC / "go.mod").is_file() and (example / SVC / "handlers/gadget.go").is_file()


def test_a_resource_of_another_service_is_found_without_service(cli, example):
    run = cli("add-endpoint", "category", "--service", "project-service", "--field", "name:string", "--repo", str(example), "--no-tidy")
    assert run.code == 0, run.out + run.err
    run = cli("add-endpoint", "category", "--repo", str(example), "--no-tidy")
    assert run.code == 0 and "category -> project-service" in run.out, run.out + run.err
    run = cli("remove-endpoint", "category", "--repo", str(example), "--no-tidy")
    assert run.code == 0, run.out + run.err
    assert not (example / "services/project-service/endpoints/category.yaml").exists()


def test_a_service_whose_go_mod_has_no_module_line_is_exit_2(cli, example):
    gomod = example / "services/project-service/go.mod"
    gomod.write_text("go 1.22\n")
    before = tree_digest(example)
    run = cli("add-endpoint", "task", "--service", "project-service", "--field", "title:string", "--repo", str(example))
    assert run.code == 2 and "services/project-service/go.mod:" in run.err and "Traceback" not in run.err
    assert tree_digest(example) == before


@needs_tsc
def test_a_new_plural_moves_the_client_module(cli, example):
    from tests.conftest import tsc

    assert _add(cli, example, "--field", "name:string", "--no-tidy").code == 0
    _edit(example, SPEC, "resource: gadget\n", "resource: gadget\nplural: gizmos\n")
    run = _add(cli, example, "--no-tidy")
    assert run.code == 0, run.out + run.err
    client = example / "eloquent-packages/packages/api-client"
    assert not (client / "src/gadgets.ts").exists() and (client / "src/gizmos.ts").is_file()
    index = (client / "src/index.ts").read_text()
    assert './gizmos"' in index and './gadgets"' not in index
    proc = tsc(client)
    assert proc.returncode == 0, proc.stdout + proc.stderr
    assert cli("drift", "--repo", str(example)).code == 0


def test_a_plural_that_names_the_index_or_the_helper_is_refused(cli, example):
    before = tree_digest(example)
    for plural in ("http", "index"):
        spec = example / f"{plural}.yaml"
        spec.write_text(f"resource: thing\nplural: {plural}\nservice: zz-service\nfields:\n- {{name: name, type: string}}\n")
        run = cli("add-endpoint", "thing", "--spec", str(spec), "--repo", str(example), "--no-tidy")
        assert run.code == 2 and f"src/{plural}.ts" in run.err and "plural" in run.err, run.out + run.err
        spec.unlink()
    assert tree_digest(example) == before
