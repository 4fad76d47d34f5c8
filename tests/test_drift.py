"""`drift`: a freshly scaffolded repo has none; each kind of drift is reported with its file; --fix mends it."""

import json
from pathlib import Path

import yaml

from tests.conftest import tree_digest

SPEC = Path(__file__).parent / "data" / "widget.yaml"
TYPES_TS = "eloquent-packages/packages/types/src/widget-service.ts"
CLIENT_TS = "eloquent-packages/packages/api-client/src/widgets.ts"


def scaffold(cli, repo: Path) -> None:
    run = cli("add-endpoint", "widget", "--spec", str(SPEC), "--repo", str(repo), "--no-tidy")
    assert run.code == 0, run.err


def drift(cli, repo: Path, *args: str):
    return cli("drift", "--repo", str(repo), *args)


def test_example_and_fresh_scaffold_have_no_drift(cli, example):
    run = drift(cli, example)
    assert run.code == 0 and "drift: none" in run.out, run.out + run.err
    scaffold(cli, example)
    run = drift(cli, example)
    assert run.code == 0, run.out


def test_hand_edited_ts_type(cli, example):
    scaffold(cli, example)
    path = example / TYPES_TS
    lines = path.read_text().splitlines(keepends=True)
    line = next(i for i, l in enumerate(lines) if l.startswith("  description: string;")) + 1
    lines[line - 1] = "  description: string | null;\n"
    path.write_text("".join(lines))
    run = drift(cli, example)
    assert run.code == 1
    assert f"drift: {TYPES_TS}:{line}: differs from what tygo generates" in run.out
    assert "-  description: string | null;\n+  description: string;" in run.out


def test_hand_edited_generated_client(cli, example):
    scaffold(cli, example)
    path = example / CLIENT_TS
    path.write_text(path.read_text().replace('"/api/v1/widgets"', '"/api/v1/widget"'))
    run = drift(cli, example)
    assert run.code == 1
    assert f"drift: {CLIENT_TS}:" in run.out and "client layer" in run.out
    assert '+  return request<ListWidgetsResponse>("GET", "/api/v1/widgets"' in run.out


def test_field_added_to_a_hand_written_model_without_regenerating(cli, example):
    models = example / "services/project-service/models/project.go"
    models.write_text(models.read_text().replace("type Project struct {\n", 'type Project struct {\n\tOwner string `json:"owner"`\n', 1))
    run = drift(cli, example)
    assert run.code == 1
    assert "eloquent-packages/packages/types/src/project-service.ts" in run.out
    assert "+  owner: string;" in run.out


def test_spec_changed_without_regenerating(cli, example):
    scaffold(cli, example)
    spec = example / "services/widget-service/endpoints/widget.yaml"
    data = yaml.safe_load(spec.read_text())
    data["fields"].append({"name": "size", "type": "int"})
    spec.write_text(yaml.safe_dump(data, sort_keys=False))
    run = drift(cli, example, "--format", "json")
    assert run.code == 1
    files = {f["file"] for f in json.loads(run.out)}
    assert {"services/widget-service/models/widget.go", TYPES_TS} <= files
    # the example stores in postgres: the new field is also a migration the folder lacks
    kinds = {f["kind"] for f in json.loads(run.out)}
    assert kinds == {"drift", "migration"}, kinds
    assert any(f["kind"] == "migration" and "add size" in f["message"] for f in json.loads(run.out)), run.out


def test_deleted_spec_leaves_orphans(cli, example):
    scaffold(cli, example)
    (example / "services/widget-service/endpoints/widget.yaml").unlink()
    run = drift(cli, example)
    assert run.code == 1
    assert "orphan: services/widget-service/models/widget.go:1: generated from services/widget-service/endpoints/widget.yaml" in run.out
    assert f"orphan: {CLIENT_TS}:1:" in run.out
    before = tree_digest(example)
    run = drift(cli, example, "--fix")
    assert run.code == 1 and "need a person" in run.out
    assert tree_digest(example) == before  # --fix never deletes


def test_missing_user_owned_file(cli, example):
    scaffold(cli, example)
    (example / "services/widget-service/handlers/widget_test.go").unlink()
    run = drift(cli, example)
    assert run.code == 1 and "missing: services/widget-service/handlers/widget_test.go" in run.out


def test_user_owned_files_are_not_compared(cli, example):
    scaffold(cli, example)
    service = example / "services/widget-service/services/widget.go"
    service.write_text(service.read_text() + "\n// business logic of my own\n")
    assert drift(cli, example).code == 0


def test_an_edited_generated_handler_is_drift(cli, example):
    scaffold(cli, example)
    handler = example / "services/widget-service/handlers/widget.go"
    handler.write_text(handler.read_text().replace("X-Org-ID header required", "org please", 1))
    run = drift(cli, example)
    assert run.code == 1
    assert "services/widget-service/handlers/widget.go" in run.out and "-" in run.out


def test_fix_leaves_no_drift(cli, example):
    scaffold(cli, example)
    (example / TYPES_TS).write_text("// stale\n")
    (example / CLIENT_TS).write_text((example / CLIENT_TS).read_text() + "\n// edited\n")
    routes = example / "services/widget-service/routes/routes.go"
    routes.write_text(routes.read_text().replace('\tmux.HandleFunc("DELETE /widgets/{id}", widgetHandler.DeleteWidget)\n', ""))
    run = drift(cli, example, "--fix")
    assert run.code == 0, run.out
    assert "(fixed)" in run.out and "no drift left" in run.out
    assert drift(cli, example).code == 0
    assert 'mux.HandleFunc("DELETE /widgets/{id}", widgetHandler.DeleteWidget)' in routes.read_text()


def test_formats(cli, example):
    scaffold(cli, example)
    (example / TYPES_TS).write_text((example / TYPES_TS).read_text().replace("tags: string[];", "tags: any;", 1))
    gh = drift(cli, example, "--format", "github")
    assert gh.code == 1
    assert gh.out.splitlines()[0].startswith(f"::error file={TYPES_TS},line=")
    data = json.loads(drift(cli, example, "--format", "json").out)
    assert data[0]["file"] == TYPES_TS and data[0]["kind"] == "drift" and data[0]["line"] > 1 and "@@" in data[0]["diff"]
    bad = drift(cli, example, "--format", "xml")
    assert bad.code == 2 and "--format" in bad.err


def test_gateway_entry_changed_by_hand_is_a_conflict(cli, example):
    scaffold(cli, example)
    routes = example / "services/api-gateway/config/routes.yaml"
    routes.write_text(routes.read_text().replace("$WIDGET_SERVICE_URL", "$OTHER_SERVICE_URL", 1))
    run = drift(cli, example)
    assert run.code == 1
    assert "conflict: services/api-gateway/config/routes.yaml:" in run.out


def test_bad_spec_exits_2(cli, example):
    scaffold(cli, example)
    (example / "services/widget-service/endpoints/widget.yaml").write_text("resource: widget\nfields: {oops\n")
    run = drift(cli, example)
    assert run.code == 2 and "services/widget-service/endpoints/widget.yaml:" in run.err


def test_ci_examples_are_valid_yaml_with_the_commands():
    ci = Path(__file__).parent.parent / "examples" / "ci"
    gha = yaml.safe_load((ci / "github-actions.yml").read_text())
    steps = [s.get("run", "") for s in gha["jobs"]["layers"]["steps"]]
    assert "elqnt-scaffold drift --format github" in steps
    assert any(s.startswith("elqnt-scaffold check") for s in steps)
    assert gha["jobs"]["layers"]["steps"][0]["uses"].startswith("actions/checkout@")
    gitlab = yaml.safe_load((ci / "gitlab-ci.yml").read_text())
    assert any("elqnt-scaffold drift" in line for line in gitlab["endpoints"]["script"])
    assert any("elqnt-scaffold check" in line for line in gitlab["endpoints"]["script"])
