"""Regenerate tests/golden from the example: `make golden` (never edit golden files by hand)."""

from __future__ import annotations

import shutil
import tempfile
from pathlib import Path

from tests.golden_cases import CASES, GOLDEN, emitted


def main() -> None:
    with tempfile.TemporaryDirectory() as tmp:
        for case in CASES:
            target = GOLDEN / case
            shutil.rmtree(target, ignore_errors=True)
            for rel, text in emitted(case, Path(tmp)).items():
                dest = target / rel
                dest.parent.mkdir(parents=True, exist_ok=True)
                dest.write_text(text, encoding="utf-8")
                print(f"wrote {dest.relative_to(GOLDEN.parent.parent)}")


if __name__ == "__main__":
    main()
