"""Both hooks of .pre-commit-hooks.yaml through the real pre-commit framework (`pre-commit try-repo`), on
commits of a scratch platform repository: what the commit holds is judged, not the working tree.

The hook repository is this project as it is on disk, snapshotted into a throwaway git repository
(tests/test_check_precommit.py's `hook_repo`). pre-commit builds the hook's environment with pip once per
module (PRE_COMMIT_HOME is shared by this module's tests). Slow."""

from __future__ import annotations

import os
import shutil
import subprocess
from pathlib import Path

import pytest

from tests.conftest import EXAMPLE, run_cli
from tests.test_check_precommit import _pre_commit, hook_repo  # noqa: F401  (a fixture)
from tests.test_precommit_staged import CLIENT, ROUTES, WIDGETS, git, scaffold_widget

pytestmark = pytest.mark.slow


@pytest.fixture(scope="module")
def home(tmp_path_factory) -> Path:
    return tmp_path_factory.mktemp("pre-commit-home")


@pytest.fixture
def platform(tmp_path: Path) -> Path:
    repo = tmp_path / "platform"
    shutil.copytree(EXAMPLE, repo)
    git(repo, "init", "-q")
    git(repo, "add", ".")
    git(repo, "commit", "-q", "-m", "example")
    return repo


def try_repo(hook: Path, repo: Path, home: Path, hook_id: str, *extra: str) -> subprocess.CompletedProcess:
    """`pre-commit try-repo HOOK ID` in `repo`: the hook on what is staged, as `git commit` runs it."""
    env = {**os.environ, "PRE_COMMIT_HOME": str(home), "PRE_COMMIT_COLOR": "never"}
    env.pop("VIRTUAL_ENV", None)
    return subprocess.run([_pre_commit(), "try-repo", str(hook), hook_id, "--verbose", *extra],
                          cwd=repo, env=env, capture_output=True, text=True)


def test_an_untracked_client_module_fails_the_hook_naming_it(hook_repo, platform, home):
    scaffold_widget(platform)
    git(platform, "add", ".")
    git(platform, "reset", "-q", "--", WIDGETS)  # left untracked, unstaged

    failed = try_repo(hook_repo, platform, home, "elqnt-scaffold-check")
    assert failed.returncode == 1, failed.stdout + failed.stderr
    assert "no client function calls POST /api/v1/widgets" in failed.stdout
    assert f"no request(...) call in {CLIENT}/" in failed.stdout

    git(platform, "add", WIDGETS)
    passed = try_repo(hook_repo, platform, home, "elqnt-scaffold-check")
    assert passed.returncode == 0, passed.stdout + passed.stderr


@pytest.mark.parametrize("removed, says", [
    (f"{CLIENT}/projects.ts", "no client function calls DELETE /api/v1/projects/{id}"),
    ("services/project-service", "there is no project-service service"),
])
def test_a_deletion_runs_the_hook_and_fails(hook_repo, platform, home, removed, says):
    git(platform, "rm", "-rq", removed)
    failed = try_repo(hook_repo, platform, home, "elqnt-scaffold-check")
    assert "Skipped" not in failed.stdout
    assert failed.returncode == 1, failed.stdout + failed.stderr
    assert says in failed.stdout


def test_baseline_known_gap_passes_new_gap_fails_fixed_gap_is_stale(hook_repo, platform, home, tmp_path):
    baseline = platform / ".elqnt-scaffold-baseline.yaml"
    git(platform, "rm", "-q", f"{CLIENT}/projects.ts")
    git(platform, "commit", "-q", "-m", "an existing gap")
    assert run_cli("check", "--write-baseline", str(baseline), "--repo", str(platform)).code == 0
    git(platform, "add", baseline.name)
    git(platform, "commit", "-q", "-m", "baseline")
    config = _baseline_config(hook_repo, baseline.name)

    routes = platform / ROUTES
    routes.write_text(routes.read_text() + "# an unrelated edit\n")
    git(platform, "add", ROUTES)
    unrelated = _run_config(platform, home, config)
    assert unrelated.returncode == 0, unrelated.stdout + unrelated.stderr

    routes.write_text(routes.read_text().replace("method: DELETE", "method: PATCH", 1))
    git(platform, "add", ROUTES)
    new_gap = _run_config(platform, home, config)
    assert new_gap.returncode == 1, new_gap.stdout + new_gap.stderr

    git(platform, "checkout", "-q", "HEAD~2", "--", f"{CLIENT}/projects.ts")  # the gap fixed, staged
    git(platform, "checkout", "-q", "HEAD", "--", ROUTES)
    fixed = _run_config(platform, home, config)
    assert fixed.returncode == 0, fixed.stdout + fixed.stderr
    assert "entry `project-service missing-client DELETE /projects/{id}` matches no finding any more" in fixed.stdout


def _baseline_config(hook: Path, baseline: str) -> str:
    rev = subprocess.run(["git", "rev-parse", "HEAD"], cwd=hook, check=True, capture_output=True, text=True).stdout.strip()
    return (f"repos:\n  - repo: {hook}\n    rev: {rev}\n    hooks:\n      - id: elqnt-scaffold-check\n"
            f"        args: [--baseline, {baseline}]\n")


def _run_config(repo: Path, home: Path, config: str) -> subprocess.CompletedProcess:
    """`pre-commit run` with a config outside the repository (so the config itself is never staged)."""
    path = home.parent / "baseline-config.yaml"
    path.write_text(config)
    env = {**os.environ, "PRE_COMMIT_HOME": str(home), "PRE_COMMIT_COLOR": "never"}
    env.pop("VIRTUAL_ENV", None)
    return subprocess.run([_pre_commit(), "run", "--config", str(path), "--verbose"], cwd=repo, env=env,
                          capture_output=True, text=True)


def test_the_drift_hook_fails_on_a_staged_hand_edit_and_passes_when_it_is_unstaged(hook_repo, platform, home):
    scaffold_widget(platform)
    git(platform, "add", ".")
    git(platform, "commit", "-q", "-m", "widget")
    model = platform / "services/widget-service/models/widget.go"
    model.write_text(model.read_text().replace("package models\n", "package models\n\n// a hand edit\n", 1))

    unstaged = try_repo(hook_repo, platform, home, "elqnt-scaffold-drift")
    assert unstaged.returncode == 0, unstaged.stdout + unstaged.stderr

    git(platform, "add", str(model))
    staged = try_repo(hook_repo, platform, home, "elqnt-scaffold-drift")
    assert staged.returncode == 1, staged.stdout + staged.stderr
    assert "services/widget-service/models/widget.go" in staged.stdout and "-// a hand edit" in staged.stdout


def test_the_hook_environment_has_no_import_schema_dependencies(hook_repo, platform, home):
    assert try_repo(hook_repo, platform, home, "elqnt-scaffold-check").returncode == 0
    installed = {p.name.split("-")[0].lower() for p in home.rglob("site-packages/*.dist-info")}
    assert "elqnt_scaffold" in installed
    assert not installed & {"datamodel_code_generator", "black", "isort"}, sorted(installed)
