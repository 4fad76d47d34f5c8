"""Timings of `check` (the pre-commit hook) on synthetic monorepos with every layer complete.

    .venv/bin/python bench/bench_check.py [--reps N] [--sizes 50,100,200]

Each monorepo is generated directly (in a temp dir) from the example's project-service: per service
two resources, i.e. 10 routes, 12 Go files, 2 specs, 2 client modules, one tygo output file, one
tygo.yaml package and 10 routes.yaml entries. 200 services = 2,000 routes.

Timed: `commands.check.run` in-process (imports excluded) and the console script `elqnt-scaffold check
--repo ...` in a fresh process (start-up and imports included). Prints min / median per size, the
time per route (flat = linear growth) and whether 200 services stay under the aim of 1 s.
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
sys.path.insert(0, str(ROOT))
EXAMPLE = ROOT / "examples" / "eloquent"
SERVICE = EXAMPLE / "services" / "project-service"
TYPES = EXAMPLE / "eloquent-packages" / "packages" / "types"
CLIENT = EXAMPLE / "eloquent-packages" / "packages" / "api-client"
MODULE = "github.com/elqnt/eloquent/services/project-service"
CRUD = [("GET", "", "List{P}s"), ("POST", "", "Create{P}"), ("GET", "/{{id}}", "Get{P}"),
        ("PUT", "/{{id}}", "Update{P}"), ("DELETE", "/{{id}}", "Delete{P}")]
AIM = 1.0


def exe() -> str:
    venv = Path(os.environ.get("VIRTUAL_ENV", ROOT / ".venv"))
    cand = venv / "bin" / "elqnt-scaffold"
    return str(cand) if cand.exists() else (shutil.which("elqnt-scaffold") or "elqnt-scaffold")


def _rename(text: str, service: str, resource: str) -> str:
    module = f"github.com/elqnt/eloquent/services/{service}"
    text = text.replace(MODULE, module).replace("project-service", service)
    return text.replace("Project", resource.capitalize()).replace("project", resource)


def build(dest: Path, n_services: int) -> int:
    """Write a monorepo of `n_services` services (2 resources, 10 routes each); return the route count."""
    shutil.copytree(EXAMPLE, dest)
    shutil.rmtree(dest / "services" / "project-service")
    for p in (TYPES / "src" / "project-service.ts", CLIENT / "src" / "projects.ts"):
        (dest / p.relative_to(EXAMPLE)).unlink()
    go_sources = {p.relative_to(SERVICE).as_posix(): p.read_text() for p in SERVICE.rglob("*.go")}
    types_ts = (TYPES / "src" / "project-service.ts").read_text()
    client_ts = (CLIENT / "src" / "projects.ts").read_text()
    gomod = (SERVICE / "go.mod").read_text()
    gateway = [(dest / "services/api-gateway/config/routes.yaml").read_text().split("# Projects")[0]]
    tygo = ["packages:\n"]
    client_index, types_index = ['export * from "./http";\n'], []
    routes = 0
    for i in range(n_services):
        service = f"svc{i:03d}-service"
        base = dest / "services" / service
        resources = [f"alpha{i}", f"beta{i}"]
        (base / "routes").mkdir(parents=True)
        (base / "endpoints").mkdir()
        (base / "go.mod").write_text(gomod.replace(MODULE, f"github.com/elqnt/eloquent/services/{service}"))
        lines = []
        for res in resources:
            for rel, src in go_sources.items():
                if rel in ("main.go", "routes/routes.go") or (rel == "handlers/respond.go" and res != resources[0]):
                    continue
                target = base / rel.replace("project", res)
                target.parent.mkdir(parents=True, exist_ok=True)
                target.write_text(_rename(src, service, res))
            (base / "endpoints" / f"{res}.yaml").write_text(f"resource: {res}\nservice: {service}\nfields:\n  - {{name: name, type: string}}\n")
            for method, suffix, handler in CRUD:
                lines.append(f'\tmux.HandleFunc("{method} /{res}s{suffix.format()}", h{res}.{handler.format(P=res.capitalize())})')
                gateway.append(
                    f"- path: /api/v1/{res}s{suffix.format()}\n  method: {method}\n  proxy_upstream: ${service.upper().replace('-', '_')}_URL\n"
                    f"  auth_required: true\n" + ("  cache_ttl: 60s\n" if method == "GET" else f"  scopes:\n  - write:{res}s\n") + "\n"
                )
                routes += 1
            (dest / CLIENT.relative_to(EXAMPLE) / "src" / f"{res}s.ts").write_text(_rename(client_ts, service, res))
            client_index.append(f'export * from "./{res}s";\n')
        (base / "main.go").write_text(_rename(go_sources["main.go"], service, resources[0]))
        params = ", ".join(f"h{r} *handlers.{r.capitalize()}Handler" for r in resources)
        (base / "routes" / "routes.go").write_text(
            f'package routes\n\nimport (\n\t"net/http"\n\n\t"github.com/elqnt/eloquent/services/{service}/handlers"\n)\n\n'
            f"// SetupRoutes registers the service's handlers on mux.\nfunc SetupRoutes(mux *http.ServeMux, {params}) {{\n"
            + "\n".join(lines) + "\n}\n"
        )
        out_rel = f"eloquent-packages/packages/types/src/{service}.ts"
        body = types_ts.split("\n", 1)[1]
        (dest / out_rel).write_text(types_ts.split("\n", 1)[0] + "\n" + "".join(_rename(body, service, r) for r in resources))
        tygo.append(f'  - path: "github.com/elqnt/eloquent/services/{service}/models"\n    output_path: "{out_rel}"\n')
        types_index.append(f'export * from "./{service}";\n')
    (dest / "services/api-gateway/config/routes.yaml").write_text("".join(gateway))
    (dest / "tygo.yaml").write_text("".join(tygo))
    (dest / CLIENT.relative_to(EXAMPLE) / "src" / "index.ts").write_text("".join(client_index))
    (dest / TYPES.relative_to(EXAMPLE) / "src" / "index.ts").write_text("".join(types_index))
    return routes


def in_process(root: Path, reps: int) -> list[float]:
    from elqnt_scaffold.commands import check
    from elqnt_scaffold.repo import open_repo

    times = []
    for _ in range(reps):
        start = time.perf_counter()
        result = check.run(open_repo(root))
        times.append(time.perf_counter() - start)
        if result.exit_code != 0:
            from elqnt_scaffold.report.check import problems_text, text

            sys.exit(f"check found something in the synthetic monorepo:\n{problems_text(result.problems) if result.problems else text(result)}")
    return times


def via_cli(root: Path, reps: int) -> list[float]:
    times = []
    for _ in range(reps):
        start = time.perf_counter()
        proc = subprocess.run([exe(), "check", "--repo", str(root)], capture_output=True, text=True)
        times.append(time.perf_counter() - start)
        if proc.returncode != 0:
            sys.exit(f"elqnt-scaffold check exited {proc.returncode}:\n{proc.stdout}\n{proc.stderr}")
    return times


def main() -> None:
    ap = argparse.ArgumentParser(description=__doc__, formatter_class=argparse.RawDescriptionHelpFormatter)
    ap.add_argument("--reps", type=int, default=5, help="timed repetitions per size (default 5)")
    ap.add_argument("--sizes", default="50,100,200", help="numbers of services (default 50,100,200)")
    opts = ap.parse_args()
    sizes = [int(s) for s in opts.sizes.split(",")]
    print(f"check on synthetic monorepos (every layer complete), {opts.reps} reps, median [min]")
    print(f"{'services':>8} {'routes':>7} {'in-process':>18} {'per route':>10} {'CLI (fresh process)':>22}")
    medians = {}
    with tempfile.TemporaryDirectory(prefix="elqnt-bench-check-") as tmp:
        for n in sizes:
            root = Path(tmp) / f"mono-{n}"
            routes = build(root, n)
            in_process(root, 1)  # warm the OS caches and the parsers
            inner = in_process(root, opts.reps)
            cli = via_cli(root, opts.reps)
            med = statistics.median(inner)
            medians[n] = med
            print(f"{n:>8} {routes:>7} {med:>9.3f} s [{min(inner):.3f}] {med / routes * 1e6:>7.0f} us"
                  f" {statistics.median(cli):>12.3f} s [{min(cli):.3f}]")
    if 200 in medians:
        verdict = "meets" if medians[200] < AIM else "MISSES"
        print(f"200 services in-process: {medians[200]:.3f} s ({verdict} the aim of < {AIM:.0f} s)")
    if len(sizes) >= 2:
        lo, hi = sizes[0], sizes[-1]
        print(f"growth {lo} -> {hi} services: x{medians[hi] / medians[lo]:.2f} for x{hi / lo:.0f} the size (linear: x{hi / lo:.0f})")


if __name__ == "__main__":
    main()
