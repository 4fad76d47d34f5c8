"""Build a generated Go service and run it on 127.0.0.1 for the round-trip tests."""

from __future__ import annotations

import os
import signal
import socket
import subprocess
import time
from dataclasses import dataclass
from pathlib import Path

# Hang guards only (the tests have no time limits): how long a service may take to start or stop.
STARTUP_GUARD_S = 120.0


def go_build(service_dir: Path, out: Path) -> Path:
    proc = subprocess.run(["go", "build", "-o", str(out), "."], cwd=service_dir, capture_output=True, text=True)
    assert proc.returncode == 0, f"go build in {service_dir}:\n{proc.stdout}\n{proc.stderr}"
    assert out.is_file()
    return out


def free_port() -> int:
    with socket.socket(socket.AF_INET, socket.SOCK_STREAM) as s:
        s.bind(("127.0.0.1", 0))
        return s.getsockname()[1]


@dataclass
class Server:
    proc: subprocess.Popen
    port: int
    log: Path

    @property
    def base(self) -> str:
        return f"http://127.0.0.1:{self.port}"

    url = base

    def output(self) -> str:
        return self.log.read_text(errors="replace") if self.log.exists() else ""

    def stop(self) -> int:
        """SIGTERM, then wait for the exit status (kill only if it ignores the signal)."""
        if self.proc.poll() is None:
            self.proc.send_signal(signal.SIGTERM)
            try:
                return self.proc.wait(timeout=STARTUP_GUARD_S)
            except subprocess.TimeoutExpired:
                self.proc.kill()
                self.proc.wait()
                raise AssertionError(f"server ignored SIGTERM:\n{self.output()}")
        return self.proc.returncode


def start(binary: Path, logdir: Path, env: dict[str, str] | None = None) -> Server:
    """Start the binary with PORT=<free port> (and `env` over the test's environment, e.g. DATABASE_URL);
    return once 127.0.0.1:<port> accepts connections."""
    last = ""
    for _ in range(5):  # a free port can be taken between probing and binding: try another one
        port = free_port()
        log = logdir / f"{binary.name}-{port}.log"
        with log.open("wb") as fh:
            proc = subprocess.Popen(
                [str(binary)], env={**os.environ, **(env or {}), "PORT": str(port)}, stdout=fh, stderr=subprocess.STDOUT, cwd=logdir
            )
        server = Server(proc, port, log)
        deadline = time.monotonic() + STARTUP_GUARD_S
        while proc.poll() is None and time.monotonic() < deadline:
            try:
                with socket.create_connection(("127.0.0.1", port), timeout=1):
                    return server
            except OSError:
                time.sleep(0.05)
        last = server.output()
        if proc.poll() is None:
            proc.kill()
            proc.wait()
            raise AssertionError(f"{binary.name} never accepted connections on {port}:\n{last}")
    raise AssertionError(f"{binary.name} exited before listening (5 attempts); last output:\n{last}")
