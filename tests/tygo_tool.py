"""The real tygo (github.com/gzuidhof/tygo v0.2.20), built from the tools module tests/tools/tygo,
for golden files (tests/data/tygo/regenerate.py) and live comparisons (tests/test_tygo.py).

    tygo_binary()            -> Path to .cache/bin/tygo (built once), or None without Go / the proxy
    unavailable_reason()     -> why tygo_binary() returned None
    run_tygo(files, options) -> what `tygo generate` writes for those files as one package
    tygo_bin                 -> pytest fixture: the binary, or a skip with the reason
"""

from __future__ import annotations

import os
import shutil
import subprocess
import tempfile
from pathlib import Path

import yaml

REPO = Path(__file__).resolve().parents[1]
TOOLS_MODULE = REPO / "tests" / "tools" / "tygo"
BINARY = REPO / ".cache" / "bin" / "tygo"
TYGO_VERSION = "v0.2.20"

_state: dict[str, object] = {}


def _go_env() -> dict[str, str]:
    env = dict(os.environ)
    env.update({"GOFLAGS": "-mod=mod", "GOWORK": "off", "GO111MODULE": "on", "GOTOOLCHAIN": "local"})
    return env


def _stamp() -> str:
    return (TOOLS_MODULE / "go.mod").read_text() + (TOOLS_MODULE / "go.sum").read_text()


def tygo_binary() -> Path | None:
    """Build tygo once into .cache/bin/tygo (rebuilt when the tools module changes)."""
    if "binary" in _state:
        return _state["binary"]  # type: ignore[return-value]
    _state["binary"] = None
    go = shutil.which("go")
    if go is None:  # tygo itself runs `go list`, so a cached binary is no use without Go
        _state["reason"] = "the go toolchain is not installed"
        return None
    stamp_file = BINARY.with_name("tygo.stamp")
    if BINARY.exists() and stamp_file.exists() and stamp_file.read_text() == _stamp():
        _state["binary"] = BINARY
        return BINARY
    BINARY.parent.mkdir(parents=True, exist_ok=True)
    tmp = BINARY.with_name(f"tygo.{os.getpid()}.tmp")
    try:
        proc = subprocess.run(
            [go, "build", "-o", str(tmp), "github.com/gzuidhof/tygo"],
            cwd=TOOLS_MODULE,
            env=_go_env(),
            capture_output=True,
            text=True,
            timeout=600,
        )
    except (OSError, subprocess.TimeoutExpired) as exc:
        _state["reason"] = f"building tygo failed: {exc}"
        return None
    if proc.returncode != 0 or not tmp.exists():
        _state["reason"] = (
            "building tygo failed (no Go module proxy?): " + (proc.stderr.strip() or proc.stdout.strip())[-800:]
        )
        tmp.unlink(missing_ok=True)
        return None
    os.replace(tmp, BINARY)
    stamp_file.write_text(_stamp())
    _state["binary"] = BINARY
    return BINARY


def unavailable_reason() -> str:
    tygo_binary()
    return str(_state.get("reason", ""))


def run_tygo(files: list[tuple[str, str]], options: dict | None = None, case: str = "pkg") -> str:
    """Run `tygo generate` on `files` (name, source) laid out as package example.com/fixture/<case>
    in a throw-away module; returns the output file's text. Raises RuntimeError when tygo fails."""
    binary = tygo_binary()
    if binary is None:
        raise RuntimeError("tygo is unavailable: " + unavailable_reason())
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
        proc = subprocess.run(
            [str(binary), "generate"], cwd=root, env=_go_env(), capture_output=True, text=True, timeout=300
        )
        out = root / "out.ts"
        if proc.returncode != 0 or not out.exists():
            raise RuntimeError(f"tygo generate failed ({proc.returncode}): {proc.stdout}{proc.stderr}")
        return out.read_bytes().decode("utf-8")


def case_files(case_dir: Path) -> list[tuple[str, str]]:
    """The Go files of a fixture case (every *.go, _test.go ones too: tygo must skip those)."""
    return [(p.name, p.read_bytes().decode("utf-8")) for p in sorted(case_dir.glob("*.go"))]


def read_golden(case_dir: Path) -> str:
    return (case_dir / "expected.ts").read_bytes().decode("utf-8")


def case_options(case_dir: Path) -> dict | None:
    path = case_dir / "options.yaml"
    return yaml.safe_load(path.read_text(encoding="utf-8")) if path.exists() else None


try:
    import pytest

    @pytest.fixture(scope="session")
    def tygo_bin() -> Path:
        binary = tygo_binary()
        if binary is None:
            pytest.skip("real tygo unavailable: " + unavailable_reason())
        return binary

except ImportError:  # pragma: no cover - regenerate.py runs without pytest too
    pass
