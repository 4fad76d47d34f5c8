"""The hook through the real pre-commit framework: `pre-commit try-repo <this project> elqnt-scaffold-check
--all-files` in a scratch git repository made from the example, as a platform repository runs it.

try-repo installs the hook from a commit of this project, and a commit of a checkout leaves out its
untracked files; so the project is first snapshotted as it is on disk (tracked and untracked files,
.gitignore respected) into a throwaway git repository. Slow: pre-commit builds the hook's environment
with pip (from PyPI)."""

from __future__ import annotations

import os
import shutil
import subprocess
import sys
from pathlib import Path

import pytest

from tests.conftest import EXAMPLE, ROOT

pytestmark = pytest.mark.slow

ROUTES = "services/api-gateway/config/routes.yaml"


def _pre_commit() -> str:
    exe = Path(sys.executable).parent / "pre-commit"
    if exe.exists():
        return str(exe)
    found = shutil.which("pre-commit")
    if found is None:
        pytest.skip("pre-commit is not installed (pip install -e '.[test]')")
    return found


def _git(args: list[str], cwd: Path) -> None:
    subprocess.run(["git", *args], cwd=cwd, check=True, capture_output=True, text=True)


@pytest.fixture(scope="module")
def hook_repo(tmp_path_factory) -> Path:
    """This project as it is on disk, committed in a throwaway repository."""
    dest = tmp_path_factory.mktemp("hook") / "elqnt-scaffold"
    files = subprocess.run(["git", "ls-files", "-co", "--exclude-standard", "-z"], cwd=ROOT, check=True, capture_output=True)
    for rel in filter(None, files.stdout.decode().split("\0")):
        src = ROOT / rel
        if src.is_file() and not rel.startswith(("tests/golden/", "examples/")):
            (dest / rel).parent.mkdir(parents=True, exist_ok=True)
            shutil.copy2(src, dest / rel)
    _git(["init", "-q"], dest)
    _git(["add", "."], dest)
    _git(["-c", "user.name=t", "-c", "user.email=t@example.com", "commit", "-q", "-m", "snapshot"], dest)
    return dest


@pytest.fixture
def platform_repo(tmp_path: Path) -> Path:
    repo = tmp_path / "platform"
    shutil.copytree(EXAMPLE, repo)
    _git(["init", "-q"], repo)
    _git(["add", "."], repo)
    _git(["-c", "user.name=t", "-c", "user.email=t@example.com", "commit", "-q", "-m", "example"], repo)
    return repo


def _try_repo(hook: Path, repo: Path, home: Path) -> subprocess.CompletedProcess:
    env = {**os.environ, "PRE_COMMIT_HOME": str(home), "PRE_COMMIT_COLOR": "never"}
    env.pop("VIRTUAL_ENV", None)
    return subprocess.run(
        [_pre_commit(), "try-repo", str(hook), "elqnt-scaffold-check", "--all-files", "--verbose"],
        cwd=repo, env=env, capture_output=True, text=True,
    )


def test_the_hook_passes_on_the_example_and_fails_on_a_missing_gateway_entry(hook_repo, platform_repo, tmp_path):
    home = tmp_path / "pre-commit-home"
    ok = _try_repo(hook_repo, platform_repo, home)
    assert ok.returncode == 0, ok.stdout + ok.stderr
    assert "every endpoint has every layer it needs" in ok.stdout

    routes = platform_repo / ROUTES
    text = routes.read_text()
    entry = "- path: /api/v1/projects/{id}\n  method: DELETE\n  proxy_upstream: $PROJECT_SERVICE_URL\n  auth_required: true\n  scopes:\n  - write:projects\n\n"
    assert entry in text
    routes.write_text(text.replace(entry, ""))
    _git(["add", ROUTES], platform_repo)  # the hook judges what is committed: the index
    failed = _try_repo(hook_repo, platform_repo, home)
    assert failed.returncode != 0
    assert "DELETE /projects/{id}" in failed.stdout
    assert "services/project-service/routes/routes.go:17" in failed.stdout
