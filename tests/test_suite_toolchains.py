"""The suite proves what it claims: with `CI` set, a missing toolchain fails the test instead of skipping it
(tests/conftest.py turns those skips into failures); without CI it skips, with the reason.

Each case runs pytest on one real test of the suite in a subprocess whose PATH holds only python and git
(no go, gofmt, node or npm), so the marks, fixtures and hand-written skips are exercised as a CI machine
without Go would exercise them.
"""

from __future__ import annotations

import os
import shutil
import subprocess
import sys
from pathlib import Path

import pytest

ROOT = Path(__file__).resolve().parent.parent

GO_NEEDING = [
    # the needs_go mark
    "tests/test_add_endpoint.py::test_new_and_existing_services_pass_the_go_toolchain",
    # the tygo_bin fixture (tests/tygo_tool.py: real tygo cannot be built without Go)
    "tests/test_tygo.py::test_live_snippets[adjacent-groups]",
    # a test's own pytest.skip("go not installed")
    "tests/test_golang_source.py::test_edited_service_builds_and_vets",
]


def _pytest_without_go(tmp_path: Path, node: str, ci: str | None) -> subprocess.CompletedProcess:
    bin_dir = tmp_path / "bin"
    bin_dir.mkdir(exist_ok=True)
    for tool in ("python3", "git"):
        found = shutil.which(tool)
        if found and not (bin_dir / tool).exists():
            (bin_dir / tool).symlink_to(found)
    env = {k: v for k, v in os.environ.items() if k not in ("CI", "PYTEST_ADDOPTS", "PYTEST_XDIST_WORKER")}
    env["PATH"] = str(bin_dir)
    if ci is not None:
        env["CI"] = ci
    return subprocess.run(
        [sys.executable, "-m", "pytest", "-p", "no:cacheprovider", "-p", "no:xdist", "-q", "-rsf", node],
        cwd=ROOT, env=env, capture_output=True, text=True,
    )


def test_the_hidden_path_has_no_go(tmp_path):
    probe = _pytest_without_go(tmp_path, "--version", None)
    assert probe.returncode == 0, probe.stderr
    bin_dir = tmp_path / "bin"
    assert shutil.which("go", path=str(bin_dir)) is None and shutil.which("npm", path=str(bin_dir)) is None
    assert shutil.which("python3", path=str(bin_dir)) is not None


@pytest.mark.parametrize("node", GO_NEEDING, ids=["needs_go", "tygo_bin", "own-skip"])
def test_with_ci_set_a_missing_go_fails_the_test_with_the_reason(tmp_path, node):
    run = _pytest_without_go(tmp_path, node, "true")
    out = run.stdout + run.stderr
    assert run.returncode == 1, out
    summary = out.rsplit("\n", 2)[-2]  # "1 failed in ..." (in the call) or "1 error in ..." (in set-up)
    assert summary.startswith(("1 failed", "1 error")) and "skipped" not in summary, out
    assert "CI is set ('true'), so a missing toolchain fails instead of skipping" in out, out
    assert "not installed" in out, out


@pytest.mark.parametrize("node", GO_NEEDING, ids=["needs_go", "tygo_bin", "own-skip"])
def test_without_ci_a_missing_go_skips_the_test(tmp_path, node):
    run = _pytest_without_go(tmp_path, node, None)
    out = run.stdout + run.stderr
    assert run.returncode == 0, out
    assert "1 skipped" in out and "SKIPPED" in out and "not installed" in out, out
    assert "failed" not in out, out


def test_an_empty_ci_variable_is_not_ci(tmp_path):
    run = _pytest_without_go(tmp_path, GO_NEEDING[0], "")
    assert run.returncode == 0 and "1 skipped" in run.stdout, run.stdout + run.stderr


# --------------------------------------------------------------------------- scripts/bootstrap.sh


def test_bootstrap_with_node_fails_when_npm_is_missing_before_touching_anything(tmp_path):
    bin_dir = tmp_path / "bin"
    bin_dir.mkdir()
    for tool in ("bash", "dirname", "python3"):
        (bin_dir / tool).symlink_to(shutil.which(tool))
    stamp = ROOT / ".venv" / ".elqnt-installed"
    before = stamp.stat().st_mtime_ns if stamp.exists() else None
    run = subprocess.run(
        [str(bin_dir / "bash"), str(ROOT / "scripts" / "bootstrap.sh"), "--with-node"],
        env={"PATH": str(bin_dir), "HOME": str(tmp_path)}, capture_output=True, text=True,
    )
    assert run.returncode == 1, run.stdout + run.stderr
    assert "bootstrap.sh: npm is missing; install Node.js with npm" in run.stderr
    assert (stamp.stat().st_mtime_ns if stamp.exists() else None) == before


def test_bootstrap_installs_with_the_constraints_file():
    script = (ROOT / "scripts" / "bootstrap.sh").read_text()
    assert "constraints=constraints/test.txt" in script
    assert """pip install --quiet -c "$constraints" -e '.[test]'""" in script


# --------------------------------------------------------------------------- constraints/test.txt


def _pins() -> dict[str, str]:
    pins = {}
    for line in (ROOT / "constraints" / "test.txt").read_text().splitlines():
        if line and not line.startswith("#"):
            name, _, version = line.partition("==")
            pins[name] = version
    return pins


def test_the_constraints_pin_every_dependency_and_test_extra_within_its_range():
    import tomllib

    from packaging.requirements import Requirement

    project = tomllib.loads((ROOT / "pyproject.toml").read_text())["project"]
    pins = _pins()
    wanted = [Requirement(r) for r in project["dependencies"] + project["optional-dependencies"]["test"]]
    assert "jsonschema" in {r.name for r in wanted}
    for req in wanted:
        name = req.name.lower().replace("_", "-").replace(".", "-")
        assert name in pins, f"{req.name} is not pinned: run .venv/bin/python constraints/refresh.py"
        assert req.specifier.contains(pins[name], prereleases=True), f"{name}=={pins[name]} is outside {req.specifier}"


def test_the_suite_runs_on_the_pinned_versions():
    from importlib import metadata

    pins = _pins()
    installed = {name: metadata.version(name) for name in pins}
    stale = {name: (pins[name], got) for name, got in installed.items() if got != pins[name]}
    assert stale == {}, "installed versions differ from constraints/test.txt (pinned, installed): " + str(stale) + (
        "; run scripts/bootstrap.sh, or .venv/bin/python constraints/refresh.py to pin what is installed"
    )
