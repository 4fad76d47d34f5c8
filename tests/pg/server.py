"""A throwaway PostgreSQL 15 server for the tests: one per test session (per xdist worker), a database per test.

Debian's `postgresql-15` binaries (`/usr/lib/postgresql/15/bin`, or `PG_BINDIR`) are run as the `postgres`
user when the suite runs as root (`initdb` and `pg_ctl` refuse root), through `runuser -u postgres --`;
as any other user, directly. The cluster lives in a short temporary folder (its socket too: a Unix socket
path is limited to 107 bytes), listens on a free port of 127.0.0.1 only, is created with
`-E UTF8 --locale=C.UTF-8` and trust authentication for local connections, and is stopped (`pg_ctl stop -m
fast`) and removed in a `finally`. A server that cannot start is an error naming the command and its output,
never a skip.
"""

from __future__ import annotations

import os
import pwd
import shutil
import subprocess
import tempfile
import uuid
from dataclasses import dataclass
from pathlib import Path

from tests.roundtrip.process import free_port

BINDIR = Path(os.environ.get("PG_BINDIR", "/usr/lib/postgresql/15/bin"))
INSTALL_HINT = "install Debian's postgresql-15 (scripts/bootstrap.sh --with-postgres does it as root)"


class PostgresUnavailable(RuntimeError):
    """The server could not be set up; the message names the command and its output."""


def _as_server_user(args: list[str]) -> list[str]:
    if os.geteuid() != 0:
        return args
    return ["runuser", "-u", "postgres", "--", *args]


def _run(args: list[str], **kw) -> subprocess.CompletedProcess:
    proc = subprocess.run(_as_server_user(args), capture_output=True, text=True, **kw)
    if proc.returncode != 0:
        raise PostgresUnavailable(f"{' '.join(args)} failed ({proc.returncode}):\n{proc.stdout}\n{proc.stderr}")
    return proc


@dataclass
class Postgres:
    """A running cluster: `url(db)` is a DATABASE_URL for pgx and psql."""

    folder: Path
    port: int

    @property
    def data(self) -> Path:
        return self.folder / "data"

    def url(self, database: str = "postgres") -> str:
        return f"postgres://postgres@127.0.0.1:{self.port}/{database}?sslmode=disable"

    def psql(self, sql: str, database: str = "postgres") -> str:
        """Run SQL with psql (ON_ERROR_STOP); return its unaligned, tuples-only output."""
        proc = subprocess.run(
            [str(BINDIR / "psql"), "-X", "-q", "-A", "-t", "-v", "ON_ERROR_STOP=1", "-d", self.url(database), "-c", sql],
            capture_output=True, text=True,
        )
        if proc.returncode != 0:
            raise AssertionError(f"psql -c {sql!r} failed:\n{proc.stderr}")
        return proc.stdout.strip()

    def create_database(self, prefix: str = "t") -> str:
        """A new, empty database; returns its name."""
        name = f"{prefix}_{uuid.uuid4().hex[:12]}"
        self.psql(f'CREATE DATABASE "{name}"')
        return name

    def stop(self) -> None:
        try:
            if (self.data / "postmaster.pid").exists():
                _run([str(BINDIR / "pg_ctl"), "-D", str(self.data), "-m", "fast", "-w", "stop"])
        finally:
            shutil.rmtree(self.folder, ignore_errors=True)


def start() -> Postgres:
    """initdb + pg_ctl start on a free port of 127.0.0.1; the caller stops it (in a finally)."""
    for tool in ("initdb", "pg_ctl", "psql"):
        if not (BINDIR / tool).exists():
            raise PostgresUnavailable(f"{BINDIR / tool} is missing: {INSTALL_HINT}")
    folder = Path(tempfile.mkdtemp(prefix="pg", dir="/tmp"))  # short: the socket path must fit 107 bytes
    try:
        if os.geteuid() == 0:
            user = pwd.getpwnam("postgres")
            os.chown(folder, user.pw_uid, user.pw_gid)
        os.chmod(folder, 0o700)
        data = folder / "data"
        _run([str(BINDIR / "initdb"), "-D", str(data), "-E", "UTF8", "--locale=C.UTF-8", "-U", "postgres",
              "-A", "trust", "--no-sync"])
        last = ""
        for _ in range(5):  # a free port can be taken between probing and binding
            port = free_port()
            options = f"-c listen_addresses=127.0.0.1 -p {port} -k {folder} -c fsync=off -c max_connections=200"
            try:
                _run([str(BINDIR / "pg_ctl"), "-D", str(data), "-l", str(folder / "log"), "-o", options,
                      "-w", "-t", "120", "start"])
                return Postgres(folder, port)
            except PostgresUnavailable as exc:
                last = str(exc) + (folder / "log").read_text(errors="replace") if (folder / "log").exists() else str(exc)
        raise PostgresUnavailable(f"PostgreSQL did not start:\n{last}")
    except BaseException:
        shutil.rmtree(folder, ignore_errors=True)
        raise
