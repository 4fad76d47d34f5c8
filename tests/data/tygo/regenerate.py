#!/usr/bin/env python3
"""Regenerate the golden files tests/data/tygo/<case>/expected.ts with the REAL tygo.

This is the one command that writes them (never edit an expected.ts by hand):

    .venv/bin/python tests/data/tygo/regenerate.py            # every case
    .venv/bin/python tests/data/tygo/regenerate.py CASE ...   # some cases

Each case directory holds Go files of one package (*.go; _test.go files are part of the fixture,
tygo skips them) and optionally options.yaml with the tygo.yaml package options to use. The case is
copied into a throw-away module as package example.com/fixture/<case> and `tygo generate` is run
there (tygo v0.2.20, built from tests/tools/tygo into .cache/bin/tygo; needs Go and the module proxy).
"""

from __future__ import annotations

import sys
from pathlib import Path

HERE = Path(__file__).resolve().parent
sys.path.insert(0, str(HERE.parents[1]))  # tests/

from tygo_tool import case_files, case_options, run_tygo, tygo_binary, unavailable_reason  # noqa: E402


def main(argv: list[str]) -> int:
    if tygo_binary() is None:
        print("cannot run tygo: " + unavailable_reason(), file=sys.stderr)
        return 1
    cases = [HERE / name for name in argv] if argv else sorted(p for p in HERE.iterdir() if p.is_dir())
    for case in cases:
        out = run_tygo(case_files(case), case_options(case), case=case.name)
        (case / "expected.ts").write_bytes(out.encode("utf-8"))
        print(f"{case.name}: {len(out.splitlines())} lines")
    return 0


if __name__ == "__main__":
    sys.exit(main(sys.argv[1:]))
