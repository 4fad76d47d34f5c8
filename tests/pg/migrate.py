"""The golang-migrate CLI, built with `-tags postgres` from the pinned tools module tests/tools/migrate
(go.mod + go.sum: exactly that release) into .cache/bin/migrate, once (rebuilt when the module changes).

    migrate_binary()                 -> Path to .cache/bin/migrate; AssertionError naming the build failure
    migrate_up(folder, database_url) -> runs `migrate -path folder -database URL up`; AssertionError with its output
"""

from __future__ import annotations

import os
import subprocess
from pathlib import Path

REPO = Path(__file__).resolve().parents[2]
TOOLS_MODULE = REPO / "tests" / "tools" / "migrate"
BINARY = REPO / ".cache" / "bin" / "migrate"
PACKAGE = "github.com/golang-migrate/migrate/v4/cmd/migrate"


def _stamp() -> str:
    return (TOOLS_MODULE / "go.mod").read_text() + (TOOLS_MODULE / "go.sum").read_text()


def migrate_binary() -> Path:
    """Build the CLI once per tools-module content; a build failure is an AssertionError (a test failure)."""
    stamp = BINARY.with_name(BINARY.name + ".stamp")
    if BINARY.exists() and stamp.exists() and stamp.read_text() == _stamp():
        return BINARY
    BINARY.parent.mkdir(parents=True, exist_ok=True)
    tmp = BINARY.with_name(f"{BINARY.name}.{os.getpid()}.tmp")
    env = {**os.environ, "GOFLAGS": "-mod=mod", "GOWORK": "off", "GO111MODULE": "on", "GOTOOLCHAIN": "local"}
    proc = subprocess.run(
        ["go", "build", "-tags", "postgres", "-o", str(tmp), PACKAGE],
        cwd=TOOLS_MODULE, env=env, capture_output=True, text=True,
    )
    if proc.returncode != 0 or not tmp.exists():
        tmp.unlink(missing_ok=True)
        raise AssertionError(
            f"building golang-migrate ({PACKAGE}, -tags postgres) in {TOOLS_MODULE} failed (Go toolchain and "
            f"module proxy needed):\n{proc.stdout}{proc.stderr}"
        )
    os.replace(tmp, BINARY)  # atomic: another xdist worker may build it at the same time
    stamp.write_text(_stamp())
    return BINARY


def migrate(folder: Path, database_url: str, *command: str) -> str:
    """`migrate -path folder -database URL <command...>` (e.g. "up"); returns its output."""
    proc = subprocess.run(
        [str(migrate_binary()), "-path", str(folder), "-database", database_url, *command],
        capture_output=True, text=True,
    )
    assert proc.returncode == 0, f"migrate {' '.join(command)} on {folder} failed:\n{proc.stdout}{proc.stderr}"
    return proc.stdout + proc.stderr


def migrate_up(folder: Path, database_url: str) -> str:
    return migrate(folder, database_url, "up")
