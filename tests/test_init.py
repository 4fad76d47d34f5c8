"""`elqnt-scaffold init` makes a folder a platform repository, and nothing else does: `--repo` at a folder
that is not one used to get a whole skeleton (services/, routes.yaml, tygo.yaml, packages) from
add-endpoint; now every command refuses it (exit 2: what is missing, and `elqnt-scaffold init`)."""

from __future__ import annotations

import json
import subprocess
from pathlib import Path

import pytest
import yaml

from elqnt_scaffold.commands.init import skeleton
from elqnt_scaffold.repo import Config, load_config

from tests.conftest import assert_go_quality, needs_go, needs_tsc, tree_digest, tsc

CONFIG = ".elqnt-scaffold.yaml"
ROUTES = "services/api-gateway/config/routes.yaml"
TYPES = "eloquent-packages/packages/types"
CLIENT = "eloquent-packages/packages/api-client"
SKELETON = [
    CONFIG, ROUTES, "tygo.yaml",
    f"{TYPES}/package.json", f"{TYPES}/tsconfig.json", f"{TYPES}/src/index.ts",
    f"{CLIENT}/package.json", f"{CLIENT}/tsconfig.json", f"{CLIENT}/src/http.ts", f"{CLIENT}/src/index.ts",
]
FIELDS = ["--field", "name:string:required", "--field", "tags:[]string"]


def files(root: Path) -> list[str]:
    return sorted(p.relative_to(root).as_posix() for p in root.rglob("*") if p.is_file())


# ------------------------------------------------------------------------------------------ init itself


def test_init_writes_the_skeleton_and_says_what_next(cli, tmp_path):
    root = tmp_path / "new" / "platform"  # missing folders are made
    run = cli("init", "--repo", str(root))
    assert run.code == 0, run.err
    assert files(root) == sorted(SKELETON)
    for rel in SKELETON:
        assert f"    {rel} (created)" in run.out
    assert f"next: elqnt-scaffold add-endpoint widget --field name:string:required --repo {root.resolve()}" in run.out
    assert yaml.safe_load((root / ROUTES).read_text()) == {"routes": []}
    assert yaml.safe_load((root / "tygo.yaml").read_text()) == {"packages": []}
    assert json.loads((root / CLIENT / "package.json").read_text())["dependencies"] == {"@elqnt/types": "workspace:*"}
    assert (root / CLIENT / "src/index.ts").read_text() == 'export * from "./http";\n'
    assert all((root / rel).stat().st_mode & 0o777 == 0o644 for rel in SKELETON)


def test_init_without_repo_uses_the_working_directory(cli, tmp_path):
    run = cli("init", cwd=tmp_path)
    assert run.code == 0, run.err
    assert files(tmp_path) == sorted(SKELETON)


def test_the_config_shows_every_default_and_reads_as_them(init_repo):
    text = (init_repo / CONFIG).read_text()
    # a new repository stores in postgres (the one setting on); every other one is commented out at its default
    assert load_config(init_repo) == Config(storage="postgres")
    assert Config().storage == "memory"  # a repository whose config lacks the line: no change
    uncommented = "".join(line[2:] + "\n" for line in text.splitlines() if line.startswith("# ") and ":" in line
                          and not line.startswith("# elqnt-scaffold") and not line.startswith("# Every"))
    assert set(yaml.safe_load(uncommented)) == set(Config.model_fields) - {"storage"}
    (init_repo / CONFIG).write_text(uncommented)
    assert load_config(init_repo) == Config()


@pytest.mark.parametrize("rel", [CONFIG, ROUTES, "tygo.yaml", f"{CLIENT}/package.json", f"{TYPES}/src/index.ts"])
def test_init_never_overwrites_and_names_what_exists(cli, tmp_path, rel):
    root = tmp_path / "repo"
    (root / rel).parent.mkdir(parents=True)
    (root / rel).write_text("mine\n")
    before = tree_digest(root)
    run = cli("init", "--repo", str(root))
    assert run.code == 2, run.out
    assert run.err.startswith(f"error: {rel}: field '--repo': {rel} already exists: init never overwrites a file")
    assert "nothing was written" in run.err
    assert tree_digest(root) == before


def test_init_twice_is_refused_and_says_it_is_a_platform_repository(cli, init_repo):
    before = tree_digest(init_repo)
    run = cli("init", "--repo", str(init_repo))
    assert run.code == 2
    assert "already exist: init never overwrites a file" in run.err
    assert "fix: this folder is a platform repository already: run add-endpoint, check or drift in it" in run.err
    assert tree_digest(init_repo) == before


def test_init_inside_a_platform_repository_or_on_a_file_is_refused(cli, example, tmp_path):
    inner = example / "services" / "new-place"
    run = cli("init", "--repo", str(inner))
    assert run.code == 2 and f"{inner.resolve()} is inside the platform repository {example.resolve()}" in run.err
    assert not inner.exists()
    a_file = tmp_path / "file.txt"
    a_file.write_text("x\n")
    run = cli("init", "--repo", str(a_file))
    assert run.code == 2 and "is not a folder" in run.err and a_file.read_text() == "x\n"


def test_a_symlink_in_the_way_counts_as_existing(cli, tmp_path):
    root = tmp_path / "repo"
    root.mkdir()
    (root / CONFIG).symlink_to(tmp_path / "nowhere.yaml")  # dangling
    run = cli("init", "--repo", str(root))
    assert run.code == 2 and f"{CONFIG} already exists" in run.err
    assert files(root) == []


# ------------------------------------------------------------------------ no other command makes one


@pytest.mark.parametrize(
    "args",
    [
        ["add-endpoint", "widget", *FIELDS],
        ["add-endpoint", "widget", *FIELDS, "--dry-run"],
        ["remove-endpoint", "widget"],
        ["check"],
        ["drift"],
        ["drift", "--fix"],
    ],
)
def test_a_folder_that_is_not_a_platform_repository_is_refused(cli, tmp_path, args):
    root = tmp_path / "plain"
    (root / "services" / "some-service").mkdir(parents=True)  # a services folder alone does not make one
    before = tree_digest(root)
    run = cli(*args, "--repo", str(root))
    assert run.code == 2, run.out + run.err
    assert (f"error: field '--repo': {root.resolve()} is not an Eloquent platform repository: "
            f"it has neither {CONFIG} nor {ROUTES}") in run.err
    assert f"fix: make it one with `elqnt-scaffold init --repo {root.resolve()}`" in run.err
    assert tree_digest(root) == before


def test_a_git_root_found_from_the_working_directory_is_not_enough(cli, tmp_path):
    subprocess.run(["git", "init", "-q", str(tmp_path / "proj")], check=True)
    work = tmp_path / "proj" / "sub"
    work.mkdir()
    run = cli("check", cwd=work)
    assert run.code == 2
    assert f"the repository found above the working directory, {(tmp_path / 'proj').resolve()}, is not an Eloquent" in run.err
    assert "nothing was written" not in run.err  # check writes nothing, ever


def test_a_config_file_alone_makes_a_platform_repository(cli, tmp_path):
    (tmp_path / CONFIG).write_text("api_prefix: /api/v2\n")
    run = cli("check", "--repo", str(tmp_path))
    assert run.code == 0, run.err


# ------------------------------------------------------------------------------- what init made works


def test_check_and_drift_pass_on_a_fresh_repository(cli, init_repo):
    assert cli("check", "--repo", str(init_repo)).code == 0
    assert cli("drift", "--repo", str(init_repo)).code == 0


@needs_go
@needs_tsc
def test_a_first_endpoint_in_an_initialised_repository_builds_and_compiles(cli, init_repo):
    run = cli("add-endpoint", "widget", "--repo", str(init_repo), *FIELDS)
    assert run.code == 0, run.out + run.err
    assert f"{CLIENT}/src/http.ts (" not in run.out  # init's request helper is used, not made again
    assert (init_repo / CLIENT / "src/index.ts").read_text() == 'export * from "./http";\nexport * from "./widgets";\n'
    assert (init_repo / TYPES / "src/index.ts").read_text().endswith('export * from "./widget-service";\n')
    assert_go_quality(init_repo / "services" / "widget-service")
    for package in (TYPES, CLIENT):
        proc = tsc(init_repo / package)
        assert proc.returncode == 0, proc.stdout + proc.stderr
    assert cli("check", "--repo", str(init_repo)).code == 0
    assert cli("drift", "--repo", str(init_repo)).code == 0


def test_init_writes_the_client_package_add_endpoint_would(cli, init_repo, empty_repo):
    """The same templates: after the first endpoint, the client package is byte for byte the one add-endpoint
    creates in a repository without it."""
    for root in (init_repo, empty_repo):
        run = cli("add-endpoint", "widget", "--repo", str(root), *FIELDS, "--only", "service,types,client", "--no-tidy")
        assert run.code == 0, run.out + run.err
    for rel in ("package.json", "tsconfig.json", "src/http.ts", "src/index.ts", "src/widgets.ts"):
        assert (init_repo / CLIENT / rel).read_bytes() == (empty_repo / CLIENT / rel).read_bytes(), rel
    for rel in ("package.json", "tsconfig.json"):
        assert (init_repo / TYPES / rel).read_bytes() == (empty_repo / TYPES / rel).read_bytes(), rel


def test_the_skeleton_follows_the_config_locations():
    config = Config(gateway_routes="gw/routes.yaml", types_package="pkgs/t", client_package="web/client", api_prefix="/v2/")
    made = skeleton(config)
    assert {"gw/routes.yaml", "pkgs/t/src/index.ts", "web/client/src/http.ts"} <= set(made)
    assert json.loads(made["web/client/tsconfig.json"])["compilerOptions"]["paths"] == {"@elqnt/types": ["../../pkgs/t/src/index.ts"]}
    assert 'request paths start with "/v2"' in made["web/client/src/http.ts"]
