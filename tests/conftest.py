"""Shared fixtures: a scratch copy of the example monorepo, the CLI, and the real toolchains."""

from __future__ import annotations

import hashlib
import os
import re
import shutil
import subprocess
from dataclasses import dataclass
from pathlib import Path

import pytest

ROOT = Path(__file__).resolve().parent.parent
EXAMPLE = ROOT / "examples" / "eloquent"
TSC = ROOT / "tests" / "ts" / "node_modules" / ".bin" / "tsc"


@dataclass
class Run:
    code: int
    out: str
    err: str


def run_cli(*args: str, cwd: Path | None = None) -> Run:
    """The real console script in a subprocess: what a user types, exit status and both streams."""
    exe = Path(os.environ.get("VIRTUAL_ENV", ROOT / ".venv")) / "bin" / "elqnt-scaffold"
    if not exe.exists():
        exe = Path(shutil.which("elqnt-scaffold") or "elqnt-scaffold")
    proc = subprocess.run([str(exe), *args], cwd=cwd, capture_output=True, text=True)
    return Run(proc.returncode, proc.stdout, proc.stderr)


@pytest.fixture
def cli():
    return run_cli


@pytest.fixture
def example(tmp_path: Path) -> Path:
    """A scratch copy of examples/eloquent."""
    dest = tmp_path / "eloquent"
    shutil.copytree(EXAMPLE, dest)
    return dest


@pytest.fixture
def empty_repo(tmp_path: Path) -> Path:
    """The smallest platform repository: only the gateway's routes.yaml (what makes a folder one, beside
    .elqnt-scaffold.yaml); no service, no tygo.yaml, no packages: add-endpoint creates those it needs."""
    root = tmp_path / "mono"
    (root / "services/api-gateway/config").mkdir(parents=True)
    (root / "services/api-gateway/config/routes.yaml").write_text("routes:\n")
    return root


@pytest.fixture
def init_repo(tmp_path: Path) -> Path:
    """A platform repository made by `elqnt-scaffold init`: config, routes.yaml, tygo.yaml, both packages."""
    root = tmp_path / "fresh"
    run = run_cli("init", "--repo", str(root))
    assert run.code == 0, run.out + run.err
    return root


def tree_digest(root: Path) -> dict[str, str]:
    """Every file under root with a hash of its bytes (to prove nothing was written)."""
    return {
        p.relative_to(root).as_posix(): hashlib.sha256(p.read_bytes()).hexdigest()
        for p in sorted(root.rglob("*"))
        if p.is_file()
    } | {p.relative_to(root).as_posix() + "/": "dir" for p in root.rglob("*") if p.is_dir()}


needs_go = pytest.mark.skipif(shutil.which("go") is None, reason="the Go toolchain is not installed")
needs_tsc = pytest.mark.skipif(
    not TSC.exists(), reason="the pinned TypeScript (tests/ts) is not installed: run scripts/bootstrap.sh --with-node"
)

# A skip for a missing toolchain (needs_go, needs_tsc, the tygo_bin fixtures, a test's own `pytest.skip("go not
# installed")`) is a failure when CI is set: a CI machine without Go must not pass by skipping what needs Go.
_MISSING_TOOLCHAIN = re.compile(
    r"(?is)(?=.*\b(go|gofmt|tygo|tsc|typescript|node|npm|postgresql)\b)(?=.*\b(not installed|unavailable|missing)\b)"
)


@pytest.hookimpl(hookwrapper=True)
def pytest_runtest_makereport(item, call):
    outcome = yield
    report = outcome.get_result()
    if not os.environ.get("CI") or not report.skipped or hasattr(report, "wasxfail"):
        return
    reason = report.longrepr[2] if isinstance(report.longrepr, tuple) else str(report.longrepr)
    if _MISSING_TOOLCHAIN.match(reason):
        report.outcome = "failed"
        report.longrepr = (
            f"CI is set ({os.environ['CI']!r}), so a missing toolchain fails instead of skipping: "
            f"{reason.removeprefix('Skipped: ')}\n"
            "install it (scripts/bootstrap.sh --with-node --with-postgres sets up tsc and PostgreSQL; Go from go.dev), "
            "or unset CI to skip these tests locally"
        )


def go(args: list[str], cwd: Path) -> subprocess.CompletedProcess:
    return subprocess.run(["go", *args], cwd=cwd, capture_output=True, text=True)


def assert_go_quality(service_dir: Path) -> None:
    """gofmt -l prints nothing; go vet, go build and go test -race pass."""
    fmt = subprocess.run(["gofmt", "-l", "."], cwd=service_dir, capture_output=True, text=True)
    assert fmt.returncode == 0 and fmt.stdout == "", f"gofmt -l: {fmt.stdout}{fmt.stderr}"
    for args in (["vet", "./..."], ["build", "./..."], ["test", "-race", "-count=1", "./..."]):
        proc = go(args, service_dir)
        assert proc.returncode == 0, f"go {' '.join(args)} in {service_dir}:\n{proc.stdout}\n{proc.stderr}"


def tsc(project: Path) -> subprocess.CompletedProcess:
    return subprocess.run(
        [str(TSC), "--strict", "--noEmit", "-p", str(project)], capture_output=True, text=True
    )


@pytest.fixture(scope="session")
def pg_server():
    """One throwaway PostgreSQL 15 per test session (per xdist worker), stopped in a finally. A server that
    cannot start fails the test with the command's output: never a skip."""
    from tests.pg import server

    try:
        pg = server.start()
    except server.PostgresUnavailable as exc:
        pytest.fail(f"PostgreSQL for the tests did not start: {exc}", pytrace=False)
    try:
        yield pg
    finally:
        pg.stop()


@pytest.fixture
def pg_url(pg_server) -> str:
    """DATABASE_URL of a new, empty database of the session's server (one per test)."""
    return pg_server.url(pg_server.create_database())
