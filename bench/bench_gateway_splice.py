"""Timings of the gateway-layer edit (yamlsplice) on a small and a large routes.yaml.

    .venv/bin/python bench/bench_gateway_splice.py [--reps N] [--entries N] [--ruamel]

Builds, in a temporary directory, a 10-entry and a 2,000-entry routes.yaml (hand-kept style: grouped
by service with comment headers, blank lines between entries, block and flow scope lists) and times:

  read_routes      parse + every entry as plain values
  add_routes       the edit: two new routes, one into an existing service's group in the middle of the
                   file, one for a new service at the end; includes the guard and the re-parse check
  edit (file)      read the file, add_routes, write the file (in process)
  edit (process)   the same in a fresh Python process: start-up and imports count, as for the CLI

and prints the median of each, the large/small ratio, and the aims from the issue: the whole edit well
under 1 s on the large file and at most 1.5x the small one. ``--ruamel`` also times a ruamel.yaml
round-trip load + dump of the large file, for comparison.
"""

from __future__ import annotations

import argparse
import io
import statistics
import subprocess
import sys
import tempfile
import time
from pathlib import Path

ROOT = Path(__file__).resolve().parent.parent
sys.path.insert(0, str(ROOT))

from elqnt_scaffold.sources.yaml.splice import add_routes, read_routes  # noqa: E402

NEW = [
    {
        "path": "/api/v1/svc7/things/{id}/extra",
        "method": "GET",
        "proxy_upstream": "$SVC7_SERVICE_URL",
        "auth_required": True,
        "cache_ttl": "60s",
    },
    {
        "path": "/api/v1/gadgets",
        "method": "POST",
        "proxy_upstream": "$GADGET_SERVICE_URL",
        "auth_required": True,
        "scopes": ["write:gadgets"],
    },
]

CHILD = """
import sys, time
t0 = time.perf_counter()
from elqnt_scaffold.sources.yaml.splice import add_routes
path = sys.argv[1]
with open(path, encoding="utf-8", newline="") as f:
    text = f.read()
new, notes = add_routes(text, NEW)
with open(path + ".out", "w", encoding="utf-8", newline="") as f:
    f.write(new)
"""


def routes_yaml(n: int) -> str:
    """A hand-kept-looking routes.yaml with ``n`` entries, about 10 per service."""
    out = ["# API gateway routes", "# Keep entries grouped by service; one block per service.", "", "routes:"]
    services = max(1, n // 10)
    for i in range(n):
        svc = i * services // n
        if i == 0 or (i - 1) * services // n != svc:
            out += ["", f"  # --- svc{svc} -------------------------------------------"]
        else:
            out.append("")
        method = ("GET", "POST", "PUT", "DELETE", "GET")[i % 5]
        out += [
            f"  - path: /api/v1/svc{svc}/things{i}" + ("/{id}" if i % 2 else ""),
            f"    method: {method}",
            f"    proxy_upstream: $SVC{svc}_SERVICE_URL",
            "    auth_required: true",
        ]
        if method == "GET":
            out.append("    cache_ttl: 60s")
        elif i % 3:
            out += ["    scopes:", f"      - write:svc{svc}"]
        else:
            out.append(f'    scopes: [ "write:svc{svc}", "admin:svc{svc}" ]')
    out += ["", "# end of routes", ""]
    return "\n".join(out)


def median_time(fn, reps: int) -> float:
    fn()  # warm-up
    times = []
    for _ in range(reps):
        t0 = time.perf_counter()
        fn()
        times.append(time.perf_counter() - t0)
    return statistics.median(times)


def in_file(path: Path) -> None:
    text = path.read_text(encoding="utf-8")
    new, _ = add_routes(text, NEW)
    path.with_suffix(".out").write_text(new, encoding="utf-8")


def in_process(path: Path) -> None:
    code = f"NEW = {NEW!r}\n" + CHILD
    subprocess.run([sys.executable, "-c", code, str(path)], check=True, cwd=ROOT)


def fmt(seconds: float) -> str:
    return f"{seconds * 1000:9.1f} ms"


def main() -> None:
    ap = argparse.ArgumentParser(description=__doc__, formatter_class=argparse.RawDescriptionHelpFormatter)
    ap.add_argument("--reps", type=int, default=15, help="timed repetitions per case (default 15)")
    ap.add_argument("--entries", type=int, default=2000, help="entries in the large file (default 2000)")
    ap.add_argument("--ruamel", action="store_true", help="also time a ruamel.yaml round-trip of the large file")
    opts = ap.parse_args()

    with tempfile.TemporaryDirectory() as tmp:
        files = {}
        for n in (10, opts.entries):
            p = Path(tmp) / f"routes-{n}.yaml"
            p.write_text(routes_yaml(n), encoding="utf-8")
            files[n] = p
        small, large = files[10], files[opts.entries]
        st, lt = small.read_text(encoding="utf-8"), large.read_text(encoding="utf-8")
        assert len(read_routes(st)) == 10 and len(read_routes(lt)) == opts.entries
        new_large, _ = add_routes(lt, NEW)
        assert len(read_routes(new_large)) == opts.entries + 2

        rows = [
            ("read_routes", lambda t: (lambda: read_routes(t)), st, lt),
            ("add_routes", lambda t: (lambda: add_routes(t, NEW)), st, lt),
            ("edit (file)", lambda p: (lambda: in_file(p)), small, large),
            ("edit (process)", lambda p: (lambda: in_process(p)), small, large),
        ]
        print(
            f"routes.yaml sizes: 10 entries = {len(st.splitlines())} lines, "
            f"{opts.entries} entries = {len(lt.splitlines())} lines; median of {opts.reps} runs"
        )
        print(f"{'case':<16}{'10 entries':>12}{f'{opts.entries} entries':>16}{'ratio':>9}")
        results = {}
        for name, make, a, b in rows:
            reps = max(3, opts.reps // 3) if name == "edit (process)" else opts.reps
            ts, tl = median_time(make(a), reps), median_time(make(b), reps)
            results[name] = (ts, tl)
            print(f"{name:<16}{fmt(ts):>12}{fmt(tl):>16}{tl / ts:>8.1f}x")

        ts, tl = results["edit (process)"]
        added = results["edit (file)"][1] - results["edit (file)"][0]
        print()
        print(f"aim: whole edit on the large file well under 1 s ........ {tl:.3f} s  {'ok' if tl < 0.5 else 'MISSED'}")
        print(
            f"aim: large / small at most 1.5x, bare process ........... {tl / ts:.2f}x  {'ok' if tl / ts <= 1.5 else 'MISSED'}"
        )
        print(
            f"     (the large file adds {added * 1000:.0f} ms of parsing and checking to a process that "
            f"spends {ts * 1000:.0f} ms starting Python and importing pyyaml)"
        )
        cli = ROOT / ".venv" / "bin" / "elqnt-scaffold"
        if cli.exists():
            base = median_time(lambda: subprocess.run([str(cli), "--help"], check=True, capture_output=True), 5)
            ratio = (base + results["edit (file)"][1]) / (base + results["edit (file)"][0])
            print(
                f"aim: large / small at most 1.5x, in the CLI ............. {ratio:.2f}x  {'ok' if ratio <= 1.5 else 'MISSED'}"
                f"  (projected: 'elqnt-scaffold --help' alone takes {base * 1000:.0f} ms)"
            )

        if opts.ruamel:
            from ruamel.yaml import YAML

            yml = YAML()

            def round_trip() -> None:
                buf = io.StringIO()
                yml.dump(yml.load(lt), buf)

            print(f"ruamel.yaml round-trip load + dump of the large file: {fmt(median_time(round_trip, 3)).strip()}")


if __name__ == "__main__":
    main()
