"""The golden cases: what the tool emits for the example monorepo. `make golden` rewrites tests/golden."""

from __future__ import annotations

import shutil
import subprocess
import sys
from pathlib import Path

ROOT = Path(__file__).resolve().parent.parent
EXAMPLE = ROOT / "examples" / "eloquent"
GOLDEN = ROOT / "tests" / "golden"
SPEC = ROOT / "tests" / "data" / "widget.yaml"

# (case name, add-endpoint arguments); --no-tidy keeps go.mod as the tool writes it.
CASES = {
    "new-service": ["widget", "--spec", str(SPEC), "--no-tidy"],
    "existing-service": ["task", "--service", "project-service", "--field", "title:string:required", "--field", "done:bool", "--no-tidy"],
}


def emitted(case: str, workdir: Path) -> dict[str, str]:
    """Run the case on a fresh copy of the example; return every file it created or changed."""
    repo = workdir / case
    shutil.rmtree(repo, ignore_errors=True)
    shutil.copytree(EXAMPLE, repo)
    before = {p.relative_to(repo).as_posix(): p.read_bytes() for p in repo.rglob("*") if p.is_file()}
    exe = Path(sys.executable).parent / "elqnt-scaffold"
    proc = subprocess.run([str(exe), "add-endpoint", *CASES[case], "--repo", str(repo)], capture_output=True, text=True)
    if proc.returncode != 0:
        raise RuntimeError(f"add-endpoint failed for {case}:\n{proc.stdout}{proc.stderr}")
    out = {}
    for path in sorted(repo.rglob("*")):
        rel = path.relative_to(repo).as_posix()
        if path.is_file() and before.get(rel) != path.read_bytes():
            out[rel] = path.read_text(encoding="utf-8")
    return out
