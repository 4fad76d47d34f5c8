"""`check --staged`, `drift --staged` and `check --baseline` on a real git repository made from the example:
what the git index stages is judged, never the working tree (the console script in a subprocess, real git).
The same cases through the real pre-commit framework are in tests/test_precommit_hooks.py."""

from __future__ import annotations

import subprocess
import sys
from pathlib import Path

import pytest
import yaml

from tests.conftest import run_cli

CLIENT = "eloquent-packages/packages/api-client/src"
WIDGETS = f"{CLIENT}/widgets.ts"
ROUTES = "services/api-gateway/config/routes.yaml"


def git(repo: Path, *args: str) -> str:
    done = subprocess.run(["git", "-c", "user.name=t", "-c", "user.email=t@example.com", *args], cwd=repo,
                          check=True, capture_output=True, text=True)
    return done.stdout


@pytest.fixture
def repo(example: Path) -> Path:
    git(example, "init", "-q")
    git(example, "add", ".")
    git(example, "commit", "-q", "-m", "example")
    return example


def scaffold_widget(repo: Path) -> None:
    done = run_cli("add-endpoint", "widget", "--field", "name:string:required", "--no-tidy", "--repo", str(repo))
    assert done.code == 0, done.out + done.err


def test_an_untracked_client_module_is_absent_from_what_is_committed(repo):
    scaffold_widget(repo)
    git(repo, "add", ".")
    git(repo, "reset", "-q", "--", WIDGETS)  # everything staged but the new client module

    on_disk = run_cli("check", "--repo", str(repo))
    staged = run_cli("check", "--staged", "--repo", str(repo))

    assert on_disk.code == 0, on_disk.out
    assert staged.code == 1, staged.out + staged.err
    assert "no client function calls POST /api/v1/widgets" in staged.out
    git(repo, "add", WIDGETS)
    assert run_cli("check", "--staged", "--repo", str(repo)).code == 0


def test_a_staged_deletion_of_a_client_module_or_a_service_fails(repo):
    git(repo, "rm", "-q", f"{CLIENT}/projects.ts")
    module = run_cli("check", "--staged", "--repo", str(repo))
    assert module.code == 1, module.out + module.err
    assert "no client function calls DELETE /api/v1/projects/{id}" in module.out
    assert (repo / ROUTES).exists()

    git(repo, "reset", "-q", "--hard")
    git(repo, "rm", "-rq", "services/project-service")
    service = run_cli("check", "--staged", "--repo", str(repo))
    assert service.code == 1, service.out + service.err
    assert "there is no project-service service" in service.out


def test_staged_paths_narrow_and_unstaged_edits_are_not_read(repo):
    routes = repo / ROUTES
    routes.write_text(routes.read_text().replace("method: DELETE", "method: PATCH", 1))  # unstaged only
    assert run_cli("check", "--repo", str(repo)).code == 1
    assert run_cli("check", "--staged", "--repo", str(repo)).code == 0  # nothing staged: the whole index, as committed
    (repo / "notes.txt").write_text("x\n")
    git(repo, "add", "notes.txt")
    unrelated = run_cli("check", "--staged", "--repo", str(repo))
    assert unrelated.code == 0 and "nothing to check" in unrelated.out


def test_baseline_ignores_known_gaps_blocks_new_ones_and_names_stale_entries(repo, tmp_path):
    baseline = tmp_path / "baseline.yaml"
    git(repo, "rm", "-q", f"{CLIENT}/projects.ts")
    git(repo, "commit", "-q", "-m", "a gap")
    written = run_cli("check", "--write-baseline", str(baseline), "--repo", str(repo))
    assert written.code == 0, written.out + written.err
    entries = yaml.safe_load(baseline.read_text())["findings"]
    assert {"service": "project-service", "kind": "missing-client", "endpoint": "DELETE /projects/{id}"} in entries
    assert all(set(e) == {"service", "kind", "endpoint"} for e in entries)  # no line numbers

    # an unrelated edit of routes.yaml: the known gaps do not block it
    routes = repo / ROUTES
    routes.write_text(routes.read_text() + "# a comment\n")
    git(repo, "add", ROUTES)
    assert run_cli("check", "--repo", str(repo)).code == 1
    known = run_cli("check", "--staged", "--baseline", str(baseline), "--repo", str(repo))
    assert known.code == 0, known.out + known.err
    assert "known findings ignored" in known.err

    # a new gap does
    routes.write_text(routes.read_text().replace("method: DELETE", "method: PATCH", 1))
    git(repo, "add", ROUTES)
    new = run_cli("check", "--staged", "--baseline", str(baseline), "--repo", str(repo))
    assert new.code == 1, new.out + new.err
    assert "PATCH" in new.out or "DELETE" in new.out

    # a fixed gap: the entry is stale, named, and the exit status stays 0
    git(repo, "reset", "-q", "--hard", "HEAD~1")
    fixed = run_cli("check", "--staged", "--baseline", str(baseline), "--repo", str(repo))
    assert fixed.code == 0, fixed.out + fixed.err
    assert "entry `project-service missing-client DELETE /projects/{id}` matches no finding any more" in fixed.err


def test_a_malformed_baseline_is_exit_2_naming_it(repo, tmp_path):
    bad = tmp_path / "b.yaml"
    bad.write_text("findings:\n  - {kind: missing-client}\n")
    done = run_cli("check", "--baseline", str(bad), "--repo", str(repo))
    assert done.code == 2
    assert "b.yaml" in done.err and "needs kind and endpoint" in done.err


def test_drift_staged_judges_the_index_only(repo):
    scaffold_widget(repo)
    git(repo, "add", ".")
    git(repo, "commit", "-q", "-m", "widget")
    model = repo / "services/widget-service/models/widget.go"
    model.write_text(model.read_text().replace("package models\n", "package models\n\n// a hand edit\n", 1))

    unstaged = run_cli("drift", "--staged", "--repo", str(repo))
    assert unstaged.code == 0, unstaged.out + unstaged.err
    git(repo, "add", str(model))
    staged = run_cli("drift", "--staged", "--repo", str(repo))
    assert staged.code == 1, staged.out + staged.err
    assert "services/widget-service/models/widget.go" in staged.out and "-// a hand edit" in staged.out


def test_drift_staged_compares_only_the_services_touched(repo):
    scaffold_widget(repo)
    git(repo, "add", ".")
    git(repo, "commit", "-q", "-m", "widget")
    model = repo / "services/widget-service/models/widget.go"
    model.write_text(model.read_text() + "\n// drifted\n")
    git(repo, "add", str(model))
    git(repo, "commit", "-q", "-m", "drift committed")
    (repo / "services/project-service/README.md").write_text("x\n")
    git(repo, "add", "services/project-service/README.md")
    other = run_cli("drift", "--staged", "--repo", str(repo))
    assert other.code == 0, other.out  # widget-service is not touched by what is staged
    assert run_cli("drift", "--repo", str(repo)).code == 1


def test_staged_outside_a_git_work_tree_is_exit_2(example):
    done = run_cli("check", "--staged", "--repo", str(example))
    assert done.code == 2 and "git" in done.err


def test_drift_staged_with_fix_is_refused(repo):
    done = run_cli("drift", "--staged", "--fix", "--repo", str(repo))
    assert done.code == 2 and "--staged reads the index" in done.err


def test_check_and_drift_do_not_import_the_import_extra(repo):
    probe = (
        "import sys\n"
        "from typer.testing import CliRunner\n"
        "from elqnt_scaffold.cli import app\n"
        "for args in (['check', '--repo', sys.argv[1]], ['drift', '--repo', sys.argv[1]],\n"
        "             ['add-endpoint', 'gadget', '--field', 'name:string', '--no-tidy', '--repo', sys.argv[1]]):\n"
        "    code = CliRunner().invoke(app, args).exit_code\n"
        "    assert code == 0, (args, code)\n"
        "print(sorted(m for m in sys.modules if m.startswith(('datamodel_code_generator', 'black', 'isort'))))\n"
    )
    done = subprocess.run([sys.executable, "-c", probe, str(repo)], capture_output=True, text=True)
    assert done.returncode == 0, done.stderr
    assert done.stdout.strip() == "[]"


def test_import_schema_without_the_extra_says_the_pip_line(tmp_path):
    schema = tmp_path / "order.json"
    schema.write_text('{"type": "object", "properties": {"name": {"type": "string"}}}')
    probe = (
        "import sys\n"
        "sys.modules['datamodel_code_generator'] = None  # as if the extra were not installed\n"
        "from elqnt_scaffold.cli import main\n"
        "sys.argv = ['elqnt-scaffold', 'import-schema', sys.argv[1], '--resource', 'order']\n"
        "main()\n"
    )
    done = subprocess.run([sys.executable, "-c", probe, str(schema)], capture_output=True, text=True)
    assert done.returncode == 2, done.stdout + done.stderr
    assert "pip install 'elqnt-scaffold[import]'" in done.stderr
