"""The github.com/jackc/pgx/v5 release a postgres service requires: the newest one its `go` line can build.

pgx raised its `go` line over its releases (v5.7.5: 1.23.0, v5.8.0: 1.24.0, v5.9.0: 1.25.0); `go mod tidy`
raises a module's `go` line to the newest in its module graph, so a go 1.22 service requiring v5.12.0 would
have its go.mod rewritten (or fail under GOTOOLCHAIN=local). `pgx_for_go("1.22")` -> "v5.7.4".
tests/test_pgx_version.py tidies each entry (and the release after it) against the module proxy.
"""

from __future__ import annotations

from ...sources.go import gomod

MODULE = "github.com/jackc/pgx/v5"
POOL = "github.com/jackc/pgx/v5/pgxpool"

# (`go` line the release needs at least, the newest release that needs no more), oldest first. The last
# entry is the pinned release for any newer Go.
RELEASES: list[tuple[str, str]] = [
    ("1.22", "v5.7.4"),
    ("1.23.0", "v5.7.6"),
    ("1.24.0", "v5.8.0"),
    ("1.25.0", "v5.12.0"),
]


def pgx_for_go(go_line: str | None) -> str:
    """The newest pinned pgx v5 release whose `go` line is at most `go_line` ("1.24" -> "v5.8.0"); a service
    older than 1.22 (or with no `go` line) gets the oldest entry: the generated code needs 1.22 anyway."""
    fitting = [release for needed, release in RELEASES if go_line and gomod.go_version_key(needed) <= gomod.go_version_key(go_line)]
    return fitting[-1] if fitting else RELEASES[0][1]
