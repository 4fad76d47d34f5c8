"""The Types layer inside `add-endpoint`: byte for byte what real tygo writes, tygo.yaml and index edits."""

from pathlib import Path

import yaml

from tests.conftest import needs_tsc, tree_digest, tsc
from tests.tygo_tool import run_tygo, tygo_bin  # noqa: F401  (tygo_bin is a fixture)

SPEC = Path(__file__).parent / "data" / "widget.yaml"
TYPES = "eloquent-packages/packages/types"


def models_of(repo: Path, service: str) -> list[tuple[str, str]]:
    models = repo / "services" / service / "models"
    return [(p.name, p.read_text()) for p in sorted(models.glob("*.go"))]


def test_types_equal_real_tygo_for_a_new_service(cli, example, tygo_bin):
    run = cli("add-endpoint", "widget", "--spec", str(SPEC), "--repo", str(example), "--no-tidy")
    assert run.code == 0, run.err
    ours = (example / TYPES / "src/widget-service.ts").read_text()
    assert ours == run_tygo(models_of(example, "widget-service"), {"enum_style": "union"})
    assert "export interface Widget {" in ours and "createdAt: number /* int64 */;" in ours
    # the entry the tool writes makes enums unions; the const block's doc lands on the union
    assert 'export const WidgetStatusDraft = "draft";\n' in ours
    assert ("/**\n * WidgetStatus is the type of Widget.Status: one of these values.\n */\nexport type WidgetStatus = "
            "typeof WidgetStatusDraft | typeof WidgetStatusActive | typeof WidgetStatusArchived;\n") in ours


def test_types_of_an_existing_service_cover_its_hand_written_models(cli, example, tygo_bin):
    run = cli("add-endpoint", "task", "--service", "project-service", "--repo", str(example), "--no-tidy",
              "--field", "title:string:required", "--field", "done:bool")
    assert run.code == 0, run.err
    ours = (example / TYPES / "src/project-service.ts").read_text()
    assert ours == run_tygo(models_of(example, "project-service"))
    assert "export interface Project {" in ours and "export interface Task {" in ours
    # the existing package entry is reused: tygo.yaml is unchanged
    assert (example / "tygo.yaml").read_text() == (Path(__file__).parent.parent / "examples/eloquent/tygo.yaml").read_text()


def test_tygo_yaml_gains_the_package_by_insertion_only(cli, example):
    old = (example / "tygo.yaml").read_text()
    assert cli("add-endpoint", "widget", "--field", "name:string", "--repo", str(example), "--no-tidy").code == 0
    new = (example / "tygo.yaml").read_text()
    assert new.startswith(old)
    assert yaml.safe_load(new)["packages"][-1] == {
        "path": "github.com/elqnt/eloquent/services/widget-service/models",
        "output_path": "eloquent-packages/packages/types/src/widget-service.ts",
        "enum_style": "union",
    }
    assert '  - path: "github.com/elqnt/eloquent/services/widget-service/models"' in new  # neighbours' quoting
    index = (example / TYPES / "src/index.ts").read_text()
    assert index.count('export * from "./widget-service";') == 1


def test_rerun_changes_nothing(cli, example):
    args = ["add-endpoint", "widget", "--field", "name:string", "--repo", str(example), "--no-tidy"]
    assert cli(*args).code == 0
    before = tree_digest(example)
    assert "Nothing to do" in cli(*args).out
    assert tree_digest(example) == before


def test_internal_resources_get_no_types_or_client(cli, example, tmp_path):
    spec = tmp_path / "job.yaml"
    spec.write_text("resource: job\nfrontend: false\nfields:\n  - {name: name, type: string}\n")
    before_types = tree_digest(example / TYPES)
    run = cli("add-endpoint", "job", "--spec", str(spec), "--repo", str(example), "--no-tidy")
    assert run.code == 0, run.err
    assert tree_digest(example / TYPES) == before_types
    assert not (example / "eloquent-packages/packages/api-client/src/jobs.ts").exists()


def test_a_hand_written_model_that_does_not_parse_exits_2(cli, example):
    models = example / "services/project-service/models/project.go"
    models.write_text(models.read_text() + "\ntype Broken struct {\n")
    before = tree_digest(example)
    run = cli("add-endpoint", "task", "--service", "project-service", "--field", "title:string", "--repo", str(example))
    assert run.code == 2
    assert "models/project.go" in run.err
    assert tree_digest(example) == before


@needs_tsc
def test_types_package_compiles(cli, example):
    assert cli("add-endpoint", "widget", "--spec", str(SPEC), "--repo", str(example), "--no-tidy").code == 0
    proc = tsc(example / TYPES)
    assert proc.returncode == 0, proc.stdout + proc.stderr


@needs_tsc
def test_both_packages_compile_after_adding_to_an_existing_service(cli, example):
    run = cli("add-endpoint", "task", "--service", "project-service", "--repo", str(example), "--no-tidy",
              "--field", "title:string:required", "--field", "labels:map[string]string", "--field", "done:bool")
    assert run.code == 0, run.err
    for package in (TYPES, "eloquent-packages/packages/api-client"):
        proc = tsc(example / package)
        assert proc.returncode == 0, f"{package}: {proc.stdout}{proc.stderr}"
