"""Emitted files of the example equal the golden files (regenerate with `make golden`)."""

from pathlib import Path

import pytest

from tests.golden_cases import CASES, GOLDEN, emitted


@pytest.mark.parametrize("case", sorted(CASES))
def test_emitted_files_match_golden(case, tmp_path):
    got = emitted(case, tmp_path)
    golden_dir = GOLDEN / case
    want = {p.relative_to(golden_dir).as_posix(): p.read_text(encoding="utf-8") for p in golden_dir.rglob("*") if p.is_file()}
    assert sorted(got) == sorted(want), "the set of emitted files changed; run `make golden` and review the diff"
    for rel in sorted(want):
        assert got[rel] == want[rel], f"{rel} differs from tests/golden/{case}/{rel}; run `make golden` and review"
