"""The git index (what the next commit holds) as a folder on disk, and the paths a commit changes.

`check --staged` and `drift --staged` judge what is committed, not what is on disk: untracked files are
absent, staged deletions are absent, a file with unstaged edits is read as staged. The staged blobs of the
paths a command reads are written into a temporary folder with ``git checkout-index --prefix`` (git's own
filters applied, modes and symlinks kept) and the command runs on that folder. Git is run with the caller's
environment, so ``GIT_INDEX_FILE`` (set by ``git commit PATH`` for its hooks) is honoured.

Errors: :class:`GitIndexError` (exit 2) when git is missing or the folder is not inside a git work tree.
"""

from __future__ import annotations

import os
import shutil
import subprocess
import tempfile
from contextlib import contextmanager
from pathlib import Path
from typing import Iterable, Iterator

from ...errors import UserError


class GitIndexError(UserError):
    """git cannot be run in the folder, or is not a work tree (exit 2)."""


def _git(root: Path, args: list[str], stdin: bytes | None = None) -> bytes:
    try:
        done = subprocess.run(["git", *args], cwd=root, input=stdin, capture_output=True, check=False)
    except FileNotFoundError:
        raise GitIndexError("git is not installed (--staged reads the git index)", field="--staged",
                            hint="install git, or run without --staged to read the files on disk") from None
    if done.returncode != 0:
        message = done.stderr.decode("utf-8", "replace").strip() or f"git {args[0]} failed"
        raise GitIndexError(f"cannot read the git index: {message}", field="--staged",
                            hint="run inside a git work tree, or without --staged to read the files on disk")
    return done.stdout


def prefix_of(root: Path) -> str:
    """`root` relative to its work tree's top ("" at the top, else "sub/dir/"); GitIndexError outside one."""
    return _git(root, ["rev-parse", "--show-prefix"]).decode("utf-8").strip()


def staged_changes(root: Path) -> list[str]:
    """Paths (relative to `root`, posix) the index changes against HEAD: added, copied, modified, renamed
    (both sides: renames are split into a deletion and an addition) and deleted. Every path of the index
    when there is no HEAD yet (the first commit)."""
    has_head = subprocess.run(["git", "rev-parse", "-q", "--verify", "HEAD"], cwd=root, capture_output=True).returncode == 0
    if has_head:
        out = _git(root, ["diff", "--cached", "--name-only", "--no-renames", "--diff-filter=ACMRD", "--relative", "-z"])
    else:
        out = _git(root, ["ls-files", "--cached", "-z"])
    return [p for p in out.decode("utf-8").split("\0") if p]


def staged_files(root: Path, pathspecs: Iterable[str]) -> list[str]:
    """Paths (relative to `root`) the index holds under `pathspecs` (files or folders relative to `root`)."""
    specs = [s for s in pathspecs if s]
    if not specs:
        return []
    out = _git(root, ["ls-files", "--cached", "-z", "--", *specs])
    return sorted({p for p in out.decode("utf-8").split("\0") if p})


def checkout(root: Path, rels: list[str], dest: Path) -> None:
    """Write the staged blobs of `rels` (paths relative to `root` the index holds) under `dest`, at the same
    relative paths."""
    if not rels:
        return
    # checkout-index writes each path as the index names it (from the top) under --prefix; cwd = root
    # takes paths relative to root, so the prefix is the top's place in dest.
    top = dest / "__top__"
    prefix = prefix_of(root)
    target = top / prefix if prefix else top
    target.mkdir(parents=True, exist_ok=True)
    _git(root, ["checkout-index", "--force", "-z", "--stdin", f"--prefix={top.as_posix()}/"],
         stdin=b"\0".join(r.encode("utf-8") for r in rels))
    for entry in os.listdir(target):
        os.replace(target / entry, dest / entry)
    shutil.rmtree(top)


@contextmanager
def scratch() -> Iterator[Path]:
    """An empty temporary folder for :func:`checkout`, removed on exit."""
    with tempfile.TemporaryDirectory(prefix="elqnt-staged-") as tmp:
        dest = Path(tmp) / "repo"
        dest.mkdir()
        yield dest
