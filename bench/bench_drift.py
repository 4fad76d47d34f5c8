"""Timings of `drift` (the CI job) on synthetic monorepos scaffolded by the tool itself.

    .venv/bin/python bench/bench_drift.py [--reps N] [--sizes 50,100,200]

Each monorepo starts from examples/eloquent and gets N new services with two resources each (every
resource: 5 routes, 4 fields), all four layers written by `add-endpoint` in-process (no go mod tidy).
200 services = 2,000 routes and 400 specs. Timed: `commands.drift.run` in-process and the console
script `elqnt-scaffold drift --repo ...` in a fresh process. Aim: under 2 s for 200 services.
"""

from __future__ import annotations

import argparse
import itertools
import os
import shutil
import statistics
import string
import subprocess
import sys
import tempfile
import time
from pathlib import Path

ROOT = Path(__file__).resolve().parent.parent
sys.path.insert(0, str(ROOT))

from elqnt_scaffold.commands import add_endpoint, drift  # noqa: E402
from elqnt_scaffold.layers import registry  # noqa: E402
from elqnt_scaffold.repo import open_repo  # noqa: E402
from elqnt_scaffold.spec import spec_from_flags  # noqa: E402

AIM = 2.0
FIELDS = ["name:string:required", "description:string", "tags:[]string", "size:int"]


def names():
    for a, b, c in itertools.product(string.ascii_lowercase, repeat=3):
        yield f"r{a}{b}{c}"


def build(dest: Path, n_services: int) -> int:
    shutil.copytree(ROOT / "examples" / "eloquent", dest)
    repo = open_repo(dest)
    resources = names()
    routes = 0
    for i in range(n_services):
        service = f"s{i:03d}-service"
        for _ in range(2):
            spec = spec_from_flags(next(resources), FIELDS, service=service)
            add_endpoint.run(repo, spec, only=list(registry.KEYS), tidy=False)
            routes += len(spec.operations)
    return routes


def timed(fn, reps: int) -> list[float]:
    out = []
    for _ in range(reps):
        start = time.perf_counter()
        fn()
        out.append(time.perf_counter() - start)
    return out


def main() -> None:
    parser = argparse.ArgumentParser()
    parser.add_argument("--reps", type=int, default=5)
    parser.add_argument("--sizes", default="50,100,200")
    args = parser.parse_args()
    exe = Path(os.environ.get("VIRTUAL_ENV", ROOT / ".venv")) / "bin" / "elqnt-scaffold"
    print(f"elqnt-scaffold drift, {args.reps} runs each; median [min]")
    print(f"{'services':>8} {'routes':>7} {'build':>8} {'in-process':>18} {'CLI (fresh process)':>22}")
    last = None
    with tempfile.TemporaryDirectory() as tmp:
        for size in (int(s) for s in args.sizes.split(",")):
            root = Path(tmp) / f"mono{size}"
            start = time.perf_counter()
            routes = build(root, size)
            built = time.perf_counter() - start
            repo = open_repo(root)
            result = drift.run(repo)
            assert result.exit_code == 0, [f.file for f in result.findings][:5]
            inproc = timed(lambda: drift.run(repo), args.reps)
            cli = timed(lambda: subprocess.run([str(exe), "drift", "--repo", str(root)], check=True, capture_output=True), args.reps)
            print(
                f"{size:>8} {routes:>7} {built:>7.1f}s {statistics.median(inproc):>9.3f} s [{min(inproc):.3f}]"
                f" {statistics.median(cli):>12.3f} s [{min(cli):.3f}]"
            )
            last = statistics.median(cli)
    if last is not None:
        print(f"aim: drift on the largest monorepo under {AIM:.0f} s (CLI) ... {last:.3f} s {'ok' if last < AIM else 'MISSED'}")


if __name__ == "__main__":
    main()
