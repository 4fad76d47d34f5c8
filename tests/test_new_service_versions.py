"""go.mod of a new service: the newest `go` line and validator among its sibling services, else the config's,
never a `go` line older than the validator needs (MIN_GO, checked against the module proxy's real go.mod
graph with `go mod tidy`); the validator-rule check uses the version written."""

from __future__ import annotations

import subprocess
from pathlib import Path

import pytest

from elqnt_scaffold.layers.service.validator_version import MIN_GO, min_go, new_service_versions
from elqnt_scaffold.sources.go import gomod
from tests.conftest import assert_go_quality, needs_go, tree_digest

MODULE = "github.com/go-playground/validator/v10"
SIBLING = "services/project-service/go.mod"


def _gomod(go: str, validator: str | None = None) -> str:
    text = f"module example.com/services/s\n\ngo {go}\n"
    return text + (f"\nrequire {MODULE} {validator}\n" if validator else "")


def test_the_newest_sibling_versions_else_the_configs():
    assert new_service_versions([_gomod("1.24", "v10.27.0")], "1.22", "v10.26.0") == ("1.24", "v10.27.0")
    assert new_service_versions([], "1.22", "v10.26.0") == ("1.22", "v10.26.0")
    siblings = [_gomod("1.24", "v10.27.0"), _gomod("1.26.0", "v10.30.6"), _gomod("1.23"), "not a go.mod"]
    assert new_service_versions(siblings, "1.22", "v10.26.0") == ("1.26.0", "v10.30.6")
    # the go line is raised to what the validator needs, and never below 1.22 (ServeMux method patterns)
    assert new_service_versions([], "1.22", "v10.30.6") == ("1.26.0", "v10.30.6")
    assert new_service_versions([_gomod("1.24.0", "v10.30.3")], "1.22", "v10.26.0") == ("1.25.0", "v10.30.3")
    assert new_service_versions([_gomod("1.21")], "1.22", "v10.26.0") == ("1.22", "v10.26.0")
    assert new_service_versions([_gomod("1.24")], "1.22", "v10.26.0") == ("1.24", "v10.26.0")  # 1.24 = 1.24.0
    assert (min_go("v10.27.0"), min_go("v10.28.0"), min_go("v10.31.0")) == (None, "1.24.0", "1.26.0")


def _tidy_go_line(work: Path, version: str) -> str:
    """The go line `go mod tidy` leaves in a go 1.22 module that imports the validator at `version`."""
    work.mkdir()
    (work / "go.mod").write_text(_gomod("1.22", version))
    (work / "main.go").write_text(f'package main\n\nimport _ "{MODULE}"\n\nfunc main() {{}}\n')
    proc = subprocess.run(["go", "mod", "tidy"], cwd=work, capture_output=True, text=True, env=_env())
    assert proc.returncode == 0, proc.stderr
    return gomod.go_version((work / "go.mod").read_text()) or ""


def _env() -> dict[str, str]:
    import os

    return {**os.environ, "GOTOOLCHAIN": "local", "GOFLAGS": "-mod=mod"}


@needs_go
def test_the_minimum_go_table_matches_the_module_proxy(tmp_path):
    """Each entry of MIN_GO and the release before it, tidied from go 1.22: the entry is the first release
    that needs its go line."""
    listed = subprocess.run(["go", "list", "-m", "-versions", MODULE], capture_output=True, text=True, env=_env())
    assert listed.returncode == 0, listed.stderr
    versions = listed.stdout.split()[1:]
    for release, needed in MIN_GO.items():
        before = versions[versions.index(release) - 1]
        assert _tidy_go_line(tmp_path / release, release) == needed, release
        assert _tidy_go_line(tmp_path / before, before) == (min_go(before) or "1.22"), before


def _spec(tmp: Path, rule: str = "min=1") -> Path:
    path = tmp / "gadget.yaml"
    path.write_text(f'resource: gadget\nfields:\n- {{name: code, type: string, validate: "omitempty,{rule}"}}\n')
    return path


@needs_go
def test_a_new_service_takes_its_siblings_versions_and_builds(cli, example, tmp_path):
    (example / SIBLING).write_text(
        "module github.com/elqnt/eloquent/services/project-service\n\ngo 1.24\n\nrequire github.com/go-playground/validator/v10 v10.27.0\n"
    )
    before = tree_digest(example)
    run = cli("add-endpoint", "gadget", "--spec", str(_spec(tmp_path, "uuid7")), "--repo", str(example))
    assert run.code == 2 and "v10.27.0" in run.err and "uuid7" in run.err, run.err  # the version it would write
    assert tree_digest(example) == before
    # memory storage: pgx (tests/test_pgx_version.py) would have tidy spell the line 1.24.0
    run = cli("add-endpoint", "gadget", "--spec", str(_spec(tmp_path)), "--repo", str(example), "--storage", "memory")
    assert run.code == 0, run.out + run.err
    text = (example / "services/gadget-service/go.mod").read_text()
    assert gomod.go_version(text) == "1.24" and gomod.required_version(text, MODULE) == "v10.27.0"
    assert_go_quality(example / "services/gadget-service")


@pytest.mark.parametrize(
    "config, go_line, validator",
    [("", "1.22", "v10.26.0"), ('validator_version: v10.30.6\ngo_version: "1.22"\n', "1.26.0", "v10.30.6")],
    ids=["config-defaults", "config-validator-needs-newer-go"],
)
def test_without_siblings_the_config_decides(cli, init_repo, tmp_path, config, go_line, validator):
    (init_repo / ".elqnt-scaffold.yaml").write_text((init_repo / ".elqnt-scaffold.yaml").read_text() + config)
    run = cli("add-endpoint", "gadget", "--spec", str(_spec(tmp_path)), "--repo", str(init_repo), "--no-tidy")
    assert run.code == 0, run.out + run.err
    text = (init_repo / "services/gadget-service/go.mod").read_text()
    assert (gomod.go_version(text), gomod.required_version(text, MODULE)) == (go_line, validator)
