#!/usr/bin/env python3
"""Regenerate tests/data/tygo_versions/<case>/expected.<version>.ts with the REAL tygo of every version.

This is the one command that writes them (never edit an expected.*.ts by hand):

    .venv/bin/python tests/data/tygo_versions/regenerate.py            # every case
    .venv/bin/python tests/data/tygo_versions/regenerate.py CASE ...   # some cases

Each case directory holds the Go files of one package (and optionally options.yaml with tygo.yaml package
options). It is run through tygo v0.2.20 and v0.2.21 (built from tests/tools/tygo and tests/tools/tygo-v0.2.21
into .cache/bin; needs Go and the module proxy), as package example.com/fixture/<case>.
"""

from __future__ import annotations

import sys
from pathlib import Path

HERE = Path(__file__).resolve().parent
sys.path.insert(0, str(HERE.parents[1]))  # tests/

from tygo_tool import VERSIONS, case_files, case_options, run_tygo, tygo_binary, unavailable_reason  # noqa: E402


def main(argv: list[str]) -> int:
    for version in VERSIONS:
        if tygo_binary(version) is None:
            print(f"cannot run tygo {version}: " + unavailable_reason(version), file=sys.stderr)
            return 1
    cases = [HERE / name for name in argv] if argv else sorted(p for p in HERE.iterdir() if p.is_dir())
    for case in cases:
        for version in VERSIONS:
            out = run_tygo(case_files(case), case_options(case), case=case.name, version=version)
            (case / f"expected.{version}.ts").write_bytes(out.encode("utf-8"))
            print(f"{case.name} ({version}): {len(out.splitlines())} lines")
    return 0


if __name__ == "__main__":
    sys.exit(main(sys.argv[1:]))
