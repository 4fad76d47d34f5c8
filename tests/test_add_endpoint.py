"""`add-endpoint` as a user runs it: first run, re-run, user edits, --force, --dry-run, --only, bad input."""

from pathlib import Path

import pytest

from tests.conftest import needs_go, assert_go_quality, tree_digest

FIELDS = ["--field", "name:string:required", "--field", "tags:[]string", "--no-tidy"]


def test_first_run_creates_the_service_and_prints_the_checklist(cli, example):
    run = cli("add-endpoint", "widget", "--repo", str(example), *FIELDS)
    assert run.code == 0, run.err
    svc = example / "services/widget-service"
    for rel in ["models/widget.go", "handlers/widget.go", "handlers/widget_test.go", "services/widget.go",
                "repositories/widget.go", "routes/routes.go", "main.go", "go.mod", "endpoints/widget.yaml"]:
        assert (svc / rel).is_file(), rel
    assert "[x] 1. Service      written" in run.out
    assert "services/widget-service/handlers/widget.go (created)" in run.out
    assert "make docker-rebuild-widget-service" in run.out
    for layer in ("2. API Gateway", "3. Types", "4. Frontend"):
        assert any(layer in line and "written" in line for line in run.out.splitlines()), layer


def test_second_run_changes_nothing_and_says_so(cli, example):
    assert cli("add-endpoint", "widget", "--repo", str(example), *FIELDS).code == 0
    before = tree_digest(example)
    run = cli("add-endpoint", "widget", "--repo", str(example), *FIELDS)
    assert run.code == 0, run.err
    assert "Nothing to do" in run.out
    assert "(created)" not in run.out and "(updated)" not in run.out
    assert tree_digest(example) == before


def test_saved_spec_is_reused_without_flags(cli, example):
    assert cli("add-endpoint", "widget", "--repo", str(example), *FIELDS).code == 0
    before = tree_digest(example)
    run = cli("add-endpoint", "widget", "--repo", str(example), "--no-tidy")
    assert run.code == 0 and "Nothing to do" in run.out
    assert tree_digest(example) == before


def test_user_edits_are_kept_unless_forced(cli, example):
    """services/<resource>.go is the user's: kept; the handler carries the generated header: the tool's."""
    assert cli("add-endpoint", "widget", "--repo", str(example), *FIELDS).code == 0
    service = example / "services/widget-service/services/widget.go"
    edited = service.read_text() + "\n// my own change\n"
    service.write_text(edited)
    handler = example / "services/widget-service/handlers/widget.go"
    handler.write_text(handler.read_text() + "\n// an edit of a generated file\n")
    run = cli("add-endpoint", "widget", "--repo", str(example), *FIELDS)
    assert run.code == 0
    assert "services/widget.go (kept)" in run.out
    assert service.read_text() == edited
    assert "handlers/widget.go (updated)" in run.out
    assert "an edit of a generated file" not in handler.read_text()
    run = cli("add-endpoint", "widget", "--repo", str(example), *FIELDS, "--force")
    assert run.code == 0 and "services/widget.go (updated)" in run.out
    assert "my own change" not in service.read_text()


def test_tool_owned_models_are_regenerated_when_the_spec_changes(cli, example):
    assert cli("add-endpoint", "widget", "--repo", str(example), *FIELDS).code == 0
    run = cli("add-endpoint", "widget", "--repo", str(example), *FIELDS, "--field", "size:int")
    assert run.code == 0
    assert "models/widget.go (updated)" in run.out
    assert "Size" in (example / "services/widget-service/models/widget.go").read_text()
    assert "handlers/widget.go (unchanged)" in run.out or "handlers/widget.go (kept)" in run.out


def test_dry_run_prints_diffs_and_writes_nothing(cli, example):
    before = tree_digest(example)
    run = cli("add-endpoint", "widget", "--repo", str(example), *FIELDS, "--dry-run")
    assert run.code == 0, run.err
    assert "+++ b/services/widget-service/handlers/widget.go" in run.out
    assert "+++ b/services/widget-service/models/widget.go" in run.out
    assert "dry run, nothing written" in run.out
    assert tree_digest(example) == before


def test_dry_run_on_an_existing_service_shows_the_structural_edits(cli, example):
    run = cli("add-endpoint", "task", "--service", "project-service", "--repo", str(example), "--dry-run",
              "--field", "title:string")
    assert run.code == 0, run.err
    # the example stores in postgres and project-service opens no pool yet: one is added and used
    assert "+\tpgPool := openPostgresPool()" in run.out
    assert "+\ttaskRepo := repositories.NewPostgresTaskRepository(pgPool)" in run.out
    assert '+\tmux.HandleFunc("GET /tasks", taskHandler.ListTasks)' in run.out


def test_existing_service_keeps_every_other_byte(cli, example):
    svc = example / "services/project-service"
    old = {rel: (svc / rel).read_text() for rel in ("main.go", "routes/routes.go", "go.mod")}
    run = cli("add-endpoint", "task", "--service", "project-service", "--repo", str(example),
              "--field", "title:string:required", "--no-tidy")
    assert run.code == 0, run.err
    for rel, text in old.items():
        new = (svc / rel).read_text()
        old_lines = text.splitlines()
        # every old line is still there, in order (the one changed line is the SetupRoutes signature/call)
        kept = [line for line in old_lines if line in new.splitlines()]
        assert len(old_lines) - len(kept) <= 1, rel
    assert "respond.go" not in run.out  # the service's own writeJSON/writeError/validate are reused
    assert not (svc / "handlers/scaffold_helpers.go").exists()


def test_only_types_without_the_service_says_to_run_the_service_layer(cli, example):
    before = tree_digest(example)
    run = cli("add-endpoint", "widget", "--repo", str(example), "--only", "types,client", "--field", "name:string")
    assert run.code == 2
    assert "services/widget-service/go.mod" in run.err and "run the service layer first" in run.err
    assert tree_digest(example) == before


def test_only_selected_layers_are_written(cli, example):
    run = cli("add-endpoint", "widget", "--repo", str(example), "--only", "service", "--field", "name:string", "--no-tidy")
    assert run.code == 0, run.err
    assert "[-] 2. API Gateway  skipped (--only)" in run.out
    assert "widgets" not in (example / "services/api-gateway/config/routes.yaml").read_text()


def test_only_unknown_layer(cli, example):
    run = cli("add-endpoint", "widget", "--repo", str(example), "--only", "database")
    assert run.code == 2 and "unknown layer 'database'" in run.err


BAD_INPUT = [
    (["add-endpoint", "my widget"], "RESOURCE"),
    (["add-endpoint", "9widget"], "RESOURCE"),
    (["add-endpoint", "../etc"], "RESOURCE"),
    (["add-endpoint", "widget", "--field", "name:strnig"], "unknown type"),
    (["add-endpoint", "widget", "--field", "id:string"], "implicit"),
    (["add-endpoint", "widget", "--field", "created_at:int64"], "implicit"),
    (["add-endpoint", "widget", "--field", "a:string", "--field", "a:int"], "duplicates"),
    (["add-endpoint", "widget", "--field", "bad name:string"], "letters, digits"),
    (["add-endpoint", "widget", "--ops", "list,frobnicate"], "operations"),
    (["add-endpoint", "widget", "--service", "../evil"], "service"),
]


@pytest.mark.parametrize("args, words", BAD_INPUT)
def test_bad_input_exits_2_and_writes_nothing(cli, example, args, words):
    before = tree_digest(example)
    run = cli(*args, "--repo", str(example))
    assert run.code == 2, run.out + run.err
    assert words in run.err
    assert "fix:" in run.err
    assert tree_digest(example) == before


def test_bad_spec_file_names_file_and_line(cli, example, tmp_path):
    spec = tmp_path / "widget.yaml"
    spec.write_text("resource: widget\nfields:\n  - {name: name, type: string}\n  - {name: size, type: integer}\n")
    before = tree_digest(example)
    run = cli("add-endpoint", "widget", "--spec", str(spec), "--repo", str(example))
    assert run.code == 2
    assert f"{spec}:4: field 'fields[1].type': unknown type 'integer'" in run.err
    assert tree_digest(example) == before


def test_unknown_spec_key_and_invalid_yaml(cli, example, tmp_path):
    spec = tmp_path / "widget.yaml"
    spec.write_text("resource: widget\nfeilds: []\n")
    run = cli("add-endpoint", "widget", "--spec", str(spec), "--repo", str(example))
    assert run.code == 2 and ":2: field 'feilds': unknown key" in run.err and "fields" in run.err
    spec.write_text("resource: widget\nfields:\n  - {name: x, type: string\n")
    run = cli("add-endpoint", "widget", "--spec", str(spec), "--repo", str(example))
    assert run.code == 2 and "invalid YAML" in run.err


def test_a_folder_that_is_not_a_go_service(cli, example):
    before = tree_digest(example)
    run = cli("add-endpoint", "route", "--service", "api-gateway", "--repo", str(example))
    assert run.code == 2
    assert "services/api-gateway/go.mod" in run.err and "not a Go service" in run.err
    assert tree_digest(example) == before


def test_unparseable_go_in_an_existing_service(cli, example):
    routes = example / "services/project-service/routes/routes.go"
    routes.write_text(routes.read_text().replace("func SetupRoutes(", "func SetupRoutes(("))
    before = tree_digest(example)
    run = cli("add-endpoint", "task", "--service", "project-service", "--repo", str(example))
    assert run.code == 2
    assert "routes/routes.go:" in run.err
    assert tree_digest(example) == before


def test_keyword_field_names_work(cli, example):
    run = cli("add-endpoint", "widget", "--repo", str(example), "--no-tidy", "--field", "type:string",
              "--field", "func:int", "--field", "default:bool", "--field", "range:[]string", "--field", "delete:any")
    assert run.code == 0, run.err
    models = (example / "services/widget-service/models/widget.go").read_text()
    for go, js in [("Type", "type"), ("Func", "func"), ("Default", "default"), ("Range", "range"), ("Delete", "delete")]:
        assert f'`json:"{js}"`' in models and f"\t{go} " in models


@needs_go
def test_new_and_existing_services_pass_the_go_toolchain(cli, example):
    spec = Path(__file__).parent / "data" / "widget.yaml"
    assert cli("add-endpoint", "widget", "--spec", str(spec), "--repo", str(example)).code == 0
    run = cli("add-endpoint", "task", "--service", "project-service", "--repo", str(example),
              "--field", "title:string:required", "--field", "done:bool", "--field", "type:string")
    assert run.code == 0, run.err
    # a second resource in the service the tool created: the structural edits work on its own output too
    assert cli("add-endpoint", "gadget", "--service", "widget-service", "--repo", str(example),
               "--field", "size:int").code == 0
    assert_go_quality(example / "services/widget-service")
    assert_go_quality(example / "services/project-service")
