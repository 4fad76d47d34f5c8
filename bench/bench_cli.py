"""Wall-clock timings of the CLI as a user feels them (a fresh process per run, the real console script).

    .venv/bin/python bench/bench_cli.py [--reps N]

Cases:
  --help                      elqnt-scaffold --help
  add-endpoint (new service)  add-endpoint widget ... --no-tidy on a fresh copy of examples/eloquent
  add-endpoint (re-run)       the same command again on that copy: an idempotent no-op
  add-endpoint (existing svc) add-endpoint task --service project-service --no-tidy on a fresh copy

Prints min / median / max per case and whether the median meets the aim (--help < 0.2 s,
add-endpoint < 0.5 s). Each timed run starts a new process, so Python start-up and imports count.
"""

from __future__ import annotations

import argparse
import os
import shutil
import statistics
import subprocess
import sys
import tempfile
import time
from pathlib import Path

ROOT = Path(__file__).resolve().parent.parent
EXAMPLE = ROOT / "examples" / "eloquent"
WIDGET = ["--field", "name:string:required", "--field", "description:string", "--field", "tags:[]string",
          "--field", "config:any", "--no-tidy"]
TASK = ["--service", "project-service", "--field", "title:string:required", "--field", "done:bool", "--no-tidy"]


def exe() -> str:
    venv = Path(os.environ.get("VIRTUAL_ENV", ROOT / ".venv"))
    cand = venv / "bin" / "elqnt-scaffold"
    return str(cand) if cand.exists() else (shutil.which("elqnt-scaffold") or "elqnt-scaffold")


def timed(args: list[str]) -> float:
    start = time.perf_counter()
    proc = subprocess.run([exe(), *args], capture_output=True, text=True)
    elapsed = time.perf_counter() - start
    if proc.returncode != 0:
        sys.exit(f"elqnt-scaffold {' '.join(args)} exited {proc.returncode}:\n{proc.stdout}\n{proc.stderr}")
    return elapsed


def fresh_copy(scratch: Path, n: int) -> Path:
    dest = scratch / f"eloquent-{n}"
    shutil.copytree(EXAMPLE, dest)
    return dest


def main() -> None:
    ap = argparse.ArgumentParser(description=__doc__, formatter_class=argparse.RawDescriptionHelpFormatter)
    ap.add_argument("--reps", type=int, default=7, help="timed repetitions per case (default 7)")
    ap.add_argument("--warmup", type=int, default=1, help="untimed runs first, to warm the OS caches")
    opts = ap.parse_args()

    results: dict[str, list[float]] = {"--help": [], "add-endpoint (new service)": [],
                                       "add-endpoint (re-run, no-op)": [], "add-endpoint (existing svc)": []}
    aims = {"--help": 0.2}
    with tempfile.TemporaryDirectory(prefix="elqnt-bench-") as tmp:
        scratch = Path(tmp)
        n = 0
        for rep in range(opts.warmup + opts.reps):
            keep = rep >= opts.warmup
            t = timed(["--help"])
            if keep:
                results["--help"].append(t)

            n += 1
            repo = fresh_copy(scratch, n)
            t1 = timed(["add-endpoint", "widget", "--repo", str(repo), *WIDGET])
            t2 = timed(["add-endpoint", "widget", "--repo", str(repo), *WIDGET])

            n += 1
            repo = fresh_copy(scratch, n)
            t3 = timed(["add-endpoint", "task", "--repo", str(repo), *TASK])
            if keep:
                results["add-endpoint (new service)"].append(t1)
                results["add-endpoint (re-run, no-op)"].append(t2)
                results["add-endpoint (existing svc)"].append(t3)

    print(f"elqnt-scaffold CLI wall-clock, {opts.reps} runs each (+{opts.warmup} warm-up), "
          f"Python {sys.version.split()[0]}, {sys.platform}")
    header = f"{'case':<30} {'min':>7} {'median':>7} {'max':>7}  {'aim':>6}  ok"
    print(header)
    print("-" * len(header))
    for case, times in results.items():
        aim = aims.get(case, 0.5)
        med = statistics.median(times)
        print(f"{case:<30} {min(times):>6.3f}s {med:>6.3f}s {max(times):>6.3f}s  <{aim:.1f}s  "
              f"{'yes' if med < aim else 'NO'}")


if __name__ == "__main__":
    main()
