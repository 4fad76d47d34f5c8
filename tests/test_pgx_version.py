"""pgx v5 for a postgres service's go.mod: the newest pinned release its `go` line builds (RELEASES), checked
against the module proxy's real go.mod graph with `go mod tidy` from go 1.22, as test_new_service_versions.py
checks the validator's MIN_GO."""

from __future__ import annotations

import os
import subprocess
from pathlib import Path

from elqnt_scaffold.layers.service.pgx_version import MODULE, POOL, RELEASES, pgx_for_go
from elqnt_scaffold.sources.go import gomod
from tests.conftest import needs_go


def test_the_newest_release_the_go_line_builds():
    assert [pgx_for_go(go) for go in ("1.21", "1.22", "1.22.5", "1.23", "1.23.0", "1.24", "1.25.0", "1.26.0")] == [
        "v5.7.4", "v5.7.4", "v5.7.4", "v5.7.6", "v5.7.6", "v5.8.0", "v5.12.0", "v5.12.0"]
    assert pgx_for_go(None) == "v5.7.4"


def _env() -> dict[str, str]:
    return {**os.environ, "GOTOOLCHAIN": "local", "GOFLAGS": "-mod=mod", "GOWORK": "off"}


def _tidy_go_line(work: Path, version: str) -> str:
    """The go line `go mod tidy` leaves in a go 1.22 module that imports pgxpool at `version`."""
    if (work / "go.mod").exists():  # an entry can be the release after the one before
        return gomod.go_version((work / "go.mod").read_text()) or ""
    work.mkdir()
    (work / "go.mod").write_text(f"module example.com/s\n\ngo 1.22\n\nrequire {MODULE} {version}\n")
    (work / "main.go").write_text(f'package main\n\nimport _ "{POOL}"\n\nfunc main() {{}}\n')
    proc = subprocess.run(["go", "mod", "tidy"], cwd=work, capture_output=True, text=True, env=_env())
    assert proc.returncode == 0, proc.stderr
    assert gomod.required_version((work / "go.mod").read_text(), MODULE) == version
    return gomod.go_version((work / "go.mod").read_text()) or ""


@needs_go
def test_the_table_matches_the_module_proxy(tmp_path):
    """Each entry needs exactly its go line; the release after it (but the last) needs a newer one, so the
    entry is the newest for its go line."""
    listed = subprocess.run(["go", "list", "-m", "-versions", MODULE], capture_output=True, text=True, env=_env())
    assert listed.returncode == 0, listed.stderr
    versions = listed.stdout.split()[1:]
    for i, (needed, release) in enumerate(RELEASES):
        assert _tidy_go_line(tmp_path / release, release) == needed, release
        if i + 1 < len(RELEASES):
            after = versions[versions.index(release) + 1]
            assert _tidy_go_line(tmp_path / after, after) == RELEASES[i + 1][0], after
