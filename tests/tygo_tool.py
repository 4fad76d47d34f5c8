"""The real tygo, built from the tools modules under tests/tools/ (one per version), for golden files
(tests/data/tygo/regenerate.py, tests/data/tygo_versions/regenerate.py) and live comparisons.

    VERSIONS                           -> the tygo releases the suite builds: v0.2.20, v0.2.21
    tygo_binary(version="v0.2.20")     -> Path to .cache/bin/tygo[-VERSION] (built once), or None without Go / the proxy
    unavailable_reason(version)        -> why tygo_binary() returned None
    run_tygo(files, options, case, version, env) -> what `tygo generate` writes for those files as one package
    run_tygo_in(root, version, env)    -> runs `tygo generate` in a prepared folder (tygo.yaml, go.mod, packages):
                                          a CompletedProcess (returncode, stdout, stderr); `env` adds variables,
                                          e.g. {"GOOS": "darwin", "GOARCH": "arm64"} (go list reads those files)
    tygo_bin, tygo_bin_latest          -> pytest fixtures: the v0.2.20 / v0.2.21 binary, or a skip with the reason

tests/tools/tygo pins v0.2.20 (its binary keeps the historical name .cache/bin/tygo); tests/tools/tygo-v0.2.21
pins v0.2.21. Both go.sum files pin the module hashes, so the binaries are exactly those releases.
"""

from __future__ import annotations

import os
import shutil
import subprocess
import tempfile
from pathlib import Path

import yaml

REPO = Path(__file__).resolve().parents[1]
TYGO_VERSION = "v0.2.20"  # the default of the helpers below: tests/data/tygo/*/expected.ts are its output
LATEST = "v0.2.21"
VERSIONS = (TYGO_VERSION, LATEST)
TOOLS_MODULES = {TYGO_VERSION: REPO / "tests" / "tools" / "tygo", LATEST: REPO / "tests" / "tools" / "tygo-v0.2.21"}
BINARIES = {TYGO_VERSION: REPO / ".cache" / "bin" / "tygo", LATEST: REPO / ".cache" / "bin" / "tygo-v0.2.21"}
TOOLS_MODULE = TOOLS_MODULES[TYGO_VERSION]
BINARY = BINARIES[TYGO_VERSION]

_state: dict[str, dict[str, object]] = {}


def _go_env() -> dict[str, str]:
    env = dict(os.environ)
    env.update({"GOFLAGS": "-mod=mod", "GOWORK": "off", "GO111MODULE": "on", "GOTOOLCHAIN": "local"})
    return env


def _stamp(version: str) -> str:
    module = TOOLS_MODULES[version]
    return (module / "go.mod").read_text() + (module / "go.sum").read_text()


def tygo_binary(version: str = TYGO_VERSION) -> Path | None:
    """Build tygo `version` once into .cache/bin (rebuilt when its tools module changes)."""
    state = _state.setdefault(version, {})
    if "binary" in state:
        return state["binary"]  # type: ignore[return-value]
    state["binary"] = None
    if version not in TOOLS_MODULES:
        state["reason"] = f"no tools module for tygo {version} (known: {', '.join(VERSIONS)})"
        return None
    go = shutil.which("go")
    if go is None:  # tygo itself runs `go list`, so a cached binary is no use without Go
        state["reason"] = "the go toolchain is not installed"
        return None
    binary = BINARIES[version]
    stamp_file = binary.with_name(binary.name + ".stamp")
    if binary.exists() and stamp_file.exists() and stamp_file.read_text() == _stamp(version):
        state["binary"] = binary
        return binary
    binary.parent.mkdir(parents=True, exist_ok=True)
    tmp = binary.with_name(f"{binary.name}.{os.getpid()}.tmp")
    try:
        proc = subprocess.run(
            [go, "build", "-o", str(tmp), "github.com/gzuidhof/tygo"],
            cwd=TOOLS_MODULES[version],
            env=_go_env(),
            capture_output=True,
            text=True,
            timeout=600,
        )
    except (OSError, subprocess.TimeoutExpired) as exc:
        state["reason"] = f"building tygo {version} failed: {exc}"
        return None
    if proc.returncode != 0 or not tmp.exists():
        state["reason"] = (
            f"building tygo {version} failed (no Go module proxy?): "
            + (proc.stderr.strip() or proc.stdout.strip())[-800:]
        )
        tmp.unlink(missing_ok=True)
        return None
    os.replace(tmp, binary)
    stamp_file.write_text(_stamp(version))
    state["binary"] = binary
    return binary


def unavailable_reason(version: str = TYGO_VERSION) -> str:
    tygo_binary(version)
    return str(_state.get(version, {}).get("reason", ""))


def run_tygo_in(root: Path, version: str = TYGO_VERSION, env: dict[str, str] | None = None) -> subprocess.CompletedProcess:
    """`tygo generate` in `root` (which holds tygo.yaml and the module(s) it names), with `env` added to the
    environment (GOOS, GOARCH, CGO_ENABLED: the platform go list selects files for)."""
    binary = tygo_binary(version)
    if binary is None:
        raise RuntimeError(f"tygo {version} is unavailable: " + unavailable_reason(version))
    return subprocess.run(
        [str(binary), "generate"], cwd=root, env={**_go_env(), **(env or {})}, capture_output=True, text=True,
        timeout=300,
    )


def run_tygo(
    files: list[tuple[str, str]],
    options: dict | None = None,
    case: str = "pkg",
    version: str = TYGO_VERSION,
    env: dict[str, str] | None = None,
) -> str:
    """Run `tygo generate` (of `version`) on `files` (name, source) laid out as package
    example.com/fixture/<case> in a throw-away module; returns the output file's text. Raises RuntimeError
    when tygo fails."""
    with tempfile.TemporaryDirectory(prefix="tygo-") as tmp:
        root = Path(tmp)
        (root / "go.mod").write_text("module example.com/fixture\n\ngo 1.22\n")
        pkg_dir = root / case
        pkg_dir.mkdir()
        for name, source in files:
            (pkg_dir / name).write_bytes(source.encode("utf-8"))
        package = {"path": f"example.com/fixture/{case}", "output_path": "out.ts", **(options or {})}
        (root / "tygo.yaml").write_text(
            yaml.safe_dump({"packages": [package]}, sort_keys=False, allow_unicode=True), encoding="utf-8"
        )
        proc = run_tygo_in(root, version, env)
        out = root / "out.ts"
        if proc.returncode != 0 or not out.exists():
            raise RuntimeError(f"tygo generate failed ({proc.returncode}): {proc.stdout}{proc.stderr}")
        return out.read_bytes().decode("utf-8")


def case_files(case_dir: Path) -> list[tuple[str, str]]:
    """The Go files of a fixture case (every *.go, _test.go ones too: tygo must skip those)."""
    return [(p.name, p.read_bytes().decode("utf-8")) for p in sorted(case_dir.glob("*.go"))]


def read_golden(case_dir: Path, version: str | None = None) -> str:
    """expected.ts (tests/data/tygo: v0.2.20), or expected.<version>.ts (tests/data/tygo_versions)."""
    name = "expected.ts" if version is None else f"expected.{version}.ts"
    return (case_dir / name).read_bytes().decode("utf-8")


def case_options(case_dir: Path) -> dict | None:
    path = case_dir / "options.yaml"
    return yaml.safe_load(path.read_text(encoding="utf-8")) if path.exists() else None


try:
    import pytest

    def _fixture_binary(version: str) -> Path:
        binary = tygo_binary(version)
        if binary is None:
            pytest.skip(f"real tygo {version} unavailable: " + unavailable_reason(version))
        return binary

    @pytest.fixture(scope="session")
    def tygo_bin() -> Path:
        return _fixture_binary(TYGO_VERSION)

    @pytest.fixture(scope="session")
    def tygo_bin_latest() -> Path:
        return _fixture_binary(LATEST)

except ImportError:  # pragma: no cover - regenerate.py runs without pytest too
    pass
