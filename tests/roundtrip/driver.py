"""Compile a TypeScript round-trip driver with the generated client, and run it under node.

Why CommonJS: the generated sources import each other without extensions (`./http`, the package's
`moduleResolution: Bundler` style). Node's ESM loader requires full specifiers (`./http.js`), and
`module: NodeNext` would make tsc demand them in the sources. CommonJS `require("./http")` resolves
extensionless paths natively, so `module: CommonJS` + `moduleResolution: Node10` runs the emitted code
as it is, with no loader. `@elqnt/types` still resolves through the package's `paths`; the client
imports it with `import type` only, which vanishes at emit, so no runtime package is needed.
The temp tsconfig extends the package's own (strict, lib, paths) and overrides only what emitting needs.
"""

from __future__ import annotations

import json
import os
import shutil
import subprocess
from pathlib import Path

from tests.conftest import TSC

HERE = Path(__file__).resolve().parent


def compile_driver(client: Path, driver: Path, out: Path) -> Path:
    """Copy `driver` (as roundtrip/main.ts) and report.ts into the client package, compile; return main.js."""
    (client / "roundtrip").mkdir(exist_ok=True)
    shutil.copyfile(driver, client / "roundtrip" / "main.ts")
    shutil.copyfile(HERE / "report.ts", client / "roundtrip" / "report.ts")
    config = client / "tsconfig.roundtrip.json"
    config.write_text(json.dumps({
        "extends": "./tsconfig.json",
        "compilerOptions": {
            "noEmit": False,
            "outDir": str(out),
            "rootDir": "..",  # packages/: the client and the types it pulls in through `paths`
            "module": "CommonJS",
            "moduleResolution": "Node10",
            "strict": True,
        },
        "include": ["src", "roundtrip"],
    }, indent=2))
    proc = subprocess.run([str(TSC), "-p", str(config)], capture_output=True, text=True)
    assert proc.returncode == 0, f"tsc:\n{proc.stdout}\n{proc.stderr}"
    # The outDir is outside every package.json; say so explicitly all the same (the sources' package is
    # "type": "module", which would make node read the emitted .js as ESM).
    (out / "package.json").write_text('{"type": "commonjs"}\n')
    main = out / client.name / "roundtrip" / "main.js"
    assert main.is_file(), sorted(p.relative_to(out).as_posix() for p in out.rglob("*"))
    return main


def run_driver(main: Path, env: dict[str, str]) -> dict:
    """Run the compiled driver; return its JSON report (the script itself must not have failed)."""
    proc = subprocess.run(["node", str(main)], env={**os.environ, **env}, capture_output=True, text=True)
    assert proc.returncode == 0, f"node exited {proc.returncode}:\n{proc.stdout}\n{proc.stderr}"
    lines = proc.stdout.strip().splitlines()
    assert lines, f"no report on stdout:\n{proc.stderr}"
    data = json.loads(lines[-1])
    assert "script" not in data, data["script"]
    return data
