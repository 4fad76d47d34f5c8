"""A plan of file changes, computed before the disk is touched; printed as diffs or applied all or nothing."""

from __future__ import annotations

import difflib
import os
import tempfile
from dataclasses import dataclass, field
from enum import Enum
from pathlib import Path

from .errors import ApplyError


class Owner(str, Enum):
    TOOL = "tool"  # the tool regenerates it (models, routes lines, gateway entries, types, client)
    USER = "user"  # the user owns it after the first run (handler, service, repository, tests)


class Action(str, Enum):
    CREATE = "created"
    UPDATE = "updated"
    UNCHANGED = "unchanged"
    KEPT = "kept"  # a user-owned file that differs from the template: never overwritten without --force


@dataclass
class FileChange:
    rel: str  # path relative to the repository, with '/'
    new: str
    old: str | None  # None: the file does not exist
    layer: str
    owner: Owner = Owner.TOOL
    force: bool = False

    @property
    def action(self) -> Action:
        if self.old is None:
            return Action.CREATE
        if self.old == self.new:
            return Action.UNCHANGED
        if self.owner is Owner.USER and not self.force:
            return Action.KEPT
        return Action.UPDATE

    @property
    def writes(self) -> bool:
        return self.action in (Action.CREATE, Action.UPDATE)

    def diff(self) -> str:
        if not self.writes:
            return ""
        old = [] if self.old is None else self.old.splitlines(keepends=True)
        new = self.new.splitlines(keepends=True)
        lines = difflib.unified_diff(
            old, new, fromfile="/dev/null" if self.old is None else f"a/{self.rel}", tofile=f"b/{self.rel}"
        )
        return "".join(line if line.endswith("\n") else line + "\n\\ No newline at end of file\n" for line in lines)


def read_text(path: Path) -> str | None:
    """A file's text exactly as stored (CRLF and BOM kept), or None when it does not exist."""
    try:
        return path.read_bytes().decode("utf-8")
    except FileNotFoundError:
        return None


@dataclass
class Plan:
    root: Path
    changes: list[FileChange] = field(default_factory=list)
    notes: list[str] = field(default_factory=list)
    _by_rel: dict[str, FileChange] = field(default_factory=dict, repr=False)
    _disk: dict[str, str | None] = field(default_factory=dict, repr=False)
    _position: dict[str, int] = field(default_factory=dict, repr=False)
    _by_folder: dict[str, set[str]] = field(default_factory=dict, repr=False)

    def old_text(self, rel: str) -> str | None:
        """The content a file will have before this plan's own later changes: planned text wins over disk."""
        change = self._by_rel.get(rel)
        if change is not None:
            return change.new if change.writes else change.old
        if rel not in self._disk:
            self._disk[rel] = read_text(self.root / rel)
        return self._disk[rel]

    def add(self, rel: str, new: str, layer: str, owner: Owner = Owner.TOOL, force: bool = False) -> FileChange:
        """Plan `rel` to hold `new`. A second change to the same file replaces the first (keeping its old text)."""
        previous = self._by_rel.get(rel)
        if previous is not None:
            merged = FileChange(rel, new, previous.old, layer, owner, force)
            self.changes[self._position[rel]] = merged
            self._by_rel[rel] = merged
            return merged
        old = self._disk[rel] if rel in self._disk else read_text(self.root / rel)
        change = FileChange(rel, new, old, layer, owner, force)
        self._position[rel] = len(self.changes)
        self.changes.append(change)
        self._by_rel[rel] = change
        folder, _, name = rel.rpartition("/")
        self._by_folder.setdefault(folder, set()).add(name)
        return change

    def planned_in(self, folder: str) -> set[str]:
        """Names of the files this plan has for `folder` (relative, '/'-separated)."""
        return set(self._by_folder.get(folder, ()))

    @property
    def writes(self) -> list[FileChange]:
        return [c for c in self.changes if c.writes]

    def diff(self) -> str:
        return "".join(c.diff() for c in self.changes)

    def apply(self) -> None:
        """Write every change or none: stage temp files, then swap them in; on any failure restore all."""
        staged: list[tuple[FileChange, Path, Path]] = []
        made_dirs: list[Path] = []
        try:
            for change in self.writes:
                target = self.root / change.rel
                made_dirs.extend(_make_parents(target.parent))
                fd, tmp = tempfile.mkstemp(prefix=f".{target.name}.", suffix=".elqnt-tmp", dir=target.parent)
                with os.fdopen(fd, "wb") as handle:
                    handle.write(change.new.encode("utf-8"))
                if change.old is not None:
                    os.chmod(tmp, target.stat().st_mode & 0o7777)
                else:
                    os.chmod(tmp, 0o644)
                staged.append((change, target, Path(tmp)))
        except OSError as exc:
            _discard(staged, made_dirs)
            raise ApplyError(f"could not stage {exc.filename or ''}: {exc.strerror}; nothing was written") from exc
        done: list[tuple[FileChange, Path]] = []
        try:
            for change, target, tmp in staged:
                os.replace(tmp, target)
                done.append((change, target))
        except OSError as exc:
            _restore(done)
            _discard(staged, made_dirs)
            raise ApplyError(f"could not write {exc.filename or ''}: {exc.strerror}; every file was restored") from exc


def _make_parents(directory: Path) -> list[Path]:
    missing: list[Path] = []
    probe = directory
    while not probe.exists():
        missing.append(probe)
        probe = probe.parent
    missing.reverse()  # shallowest first: the order they are made in
    for path in missing:
        path.mkdir()
    return missing


def _restore(done: list[tuple[FileChange, Path]]) -> None:
    for change, target in reversed(done):
        if change.old is None:
            target.unlink(missing_ok=True)
        else:
            target.write_bytes(change.old.encode("utf-8"))


def _discard(staged: list[tuple[FileChange, Path, Path]], made_dirs: list[Path]) -> None:
    for _, _, tmp in staged:
        tmp.unlink(missing_ok=True)
    for directory in reversed(made_dirs):
        try:
            directory.rmdir()
        except OSError:
            pass
