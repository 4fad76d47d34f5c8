"""The terminal: colour for error/warning/ok on a terminal (a real pty), none piped or with NO_COLOR;
messages wrapped at the terminal's width with their indent kept; diffs never wrapped."""

from __future__ import annotations

import os
import re
import subprocess
import sys
from pathlib import Path

import click

from elqnt_scaffold.report.terminal import styled, wrapped
from tests.conftest import run_cli

EXE = Path(sys.executable).parent / "elqnt-scaffold"
ANSI = re.compile(r"\x1b\[[0-9;]*m")
RED_ERROR = click.style("error", fg="red", bold=True)


def run_in_pty(*args: str, env: dict[str, str] | None = None) -> tuple[int, str]:
    """The console script with stdin, stdout and stderr on a new pseudo-terminal; its exit status and what
    the terminal received (CRLF, the tty's line ending, read back as LF)."""
    full_env = {k: v for k, v in os.environ.items() if k not in ("NO_COLOR", "FORCE_COLOR", "COLUMNS", "TERM")}
    full_env.update(TERM="xterm-256color", **(env or {}))
    master, slave = os.openpty()
    try:
        proc = subprocess.Popen([str(EXE), *args], stdin=slave, stdout=slave, stderr=slave, env=full_env,
                                close_fds=True)
    finally:
        os.close(slave)
    chunks = []
    try:
        while True:
            try:
                data = os.read(master, 65536)
            except OSError:  # EIO: every end of the slave is closed
                break
            if not data:
                break
            chunks.append(data)
    finally:
        os.close(master)
    return proc.wait(), b"".join(chunks).decode("utf-8").replace("\r\n", "\n")


def test_a_terminal_gets_colour(example, tmp_path):
    code, out = run_in_pty("check", "--repo", str(tmp_path / "missing"))
    assert code == 2 and f"{RED_ERROR}: field '--repo'" in out
    code, out = run_in_pty("check", "--repo", str(example))
    assert code == 0 and out.startswith(click.style("check: every endpoint has every layer", fg="green")[:-4])
    assert all(line.endswith("\x1b[0m") for line in out.splitlines())  # a wrapped summary is green on every line


def test_no_color_turns_it_off_on_a_terminal(tmp_path):
    code, out = run_in_pty("check", "--repo", str(tmp_path / "missing"), env={"NO_COLOR": "1"})
    assert code == 2 and out.startswith("error: field '--repo'") and "\x1b[" not in out


def test_a_pipe_gets_no_colour_unless_forced(tmp_path):
    piped = run_cli("check", "--repo", str(tmp_path / "missing"))
    assert piped.code == 2 and piped.err.startswith("error: ") and "\x1b[" not in piped.err
    forced = subprocess.run([str(EXE), "check", "--repo", str(tmp_path / "missing")], capture_output=True, text=True,
                            env={**os.environ, "FORCE_COLOR": "1", "NO_COLOR": ""})
    assert forced.returncode == 2 and forced.stderr.startswith(RED_ERROR)


def test_columns_80_wraps_a_long_message_with_its_hanging_indent(example):
    args = ("add-endpoint", "widgets", "--field", "name:string:required", "--dry-run", "--repo", str(example))
    piped = run_cli(*args)
    [warning] = [line for line in piped.err.splitlines() if line.startswith("warning: ")]
    assert len(warning) > 160  # one line when piped
    code, out = run_in_pty(*args, env={"COLUMNS": "80", "NO_COLOR": "1"})
    assert code == 0
    lines = out.splitlines()
    start = lines.index(next(line for line in lines if line.startswith("warning: resource 'widgets'")))
    block = [lines[start]]
    for line in lines[start + 1:]:
        if not line.startswith(" " * 9):
            break
        block.append(line)
    assert len(block) >= 3 and all(len(line) <= 80 for line in block)
    assert all(line.startswith(" " * 9) and line[9] != " " for line in block[1:])  # under the text after "warning: "
    assert " ".join(line.strip() for line in block) == warning
    long_diff_lines = [line for line in piped.out.splitlines() if line.startswith("+") and len(line) > 80]
    assert long_diff_lines and set(long_diff_lines) <= set(lines)  # the dry run's diff is never wrapped


def test_wrapping_keeps_labels_and_diffs():
    text = ("      error   API Gateway: services/api-gateway/config/routes.yaml:12: no entry for PUT /projects/{id}; add "
            "one with proxy_upstream $PROJECT_SERVICE_URL\n"
            "--- a/x.ts\n+++ b/x.ts\n@@ -1 +1 @@\n-" + "a " * 60 + "\n+" + "b " * 60 + "\n"
            "drift: 1 finding(s); `elqnt-scaffold drift --fix` rewrites generated files and says what it did, once")
    out = wrapped(text, 60).splitlines()
    assert out[0].startswith("      error   API Gateway:") and len(out[0]) <= 60
    assert out[1].startswith(" " * 14) and out[1][14] != " "
    assert "-" + "a " * 60 in out and "+" + "b " * 60 in out
    assert out[-1].startswith("    ") and out[-2].startswith("drift: 1 finding(s)")


def test_styles():
    out = styled("  [x] 1. Service      written\n    go build ./... in s: FAILED\nwarning: w\n--- a/f\n+++ b/f\n-old\n+new")
    assert click.style("[x]", fg="green") in out and click.style(": FAILED", fg="red") in out
    assert click.style("warning", fg="yellow", bold=True) + ": w" in out
    assert click.style("-old", fg="red") in out and click.style("+new", fg="green") in out
