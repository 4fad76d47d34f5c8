"""Applying a plan keeps what a replaced file was (mode, owner, group, symlink, hard links) and refuses,
before writing anything, a file the caller may not write: a read-only routes.yaml used to be replaced
through a rename (its mode and group changed)."""

from __future__ import annotations

import os
import stat
from pathlib import Path

import pytest

from elqnt_scaffold import plan as planmod
from elqnt_scaffold.errors import UserError
from elqnt_scaffold.plan import Plan

from tests.conftest import tree_digest

ROUTES = "services/api-gateway/config/routes.yaml"
ARGS = ["--field", "name:string:required", "--only", "service,gateway", "--no-tidy"]
as_root = pytest.mark.skipif(os.geteuid() != 0, reason="giving a file to another uid needs root")


def make(root: Path, rel: str, text: str, mode: int = 0o644) -> Path:
    path = root / rel
    path.parent.mkdir(parents=True, exist_ok=True)
    path.write_text(text)
    path.chmod(mode)
    return path


def owner(path: Path) -> tuple[int, int, int]:
    st = path.stat()
    return st.st_uid, st.st_gid, stat.S_IMODE(st.st_mode)


# ------------------------------------------------------------------------------- refused before writing


@pytest.mark.parametrize("mode", [0o444, 0o440, 0o400, 0o000])
def test_a_read_only_file_is_refused_and_nothing_is_written(tmp_path, mode):
    """As root too: a file without any write bit is read-only on purpose."""
    make(tmp_path, "a.txt", "a\n")
    locked = make(tmp_path, "locked.txt", "old\n", mode)
    before = tree_digest(tmp_path)
    p = Plan(tmp_path)
    p.add("a.txt", "A\n", "x")
    p.add("new/b.txt", "B\n", "x")
    p.add("locked.txt", "new\n", "x")
    with pytest.raises(UserError) as info:
        p.apply()
    assert info.value.file == "locked.txt" and f"mode {mode:o}" in info.value.message
    assert info.value.hint == "if the tool may change it: chmod u+w locked.txt, then run again"
    locked.chmod(0o644)
    assert tree_digest(tmp_path) == before
    assert not list(tmp_path.rglob("*.elqnt-tmp"))


def test_a_read_only_file_is_not_deleted_either(tmp_path):
    make(tmp_path, "gone.txt", "x\n", 0o444)
    p = Plan(tmp_path)
    p.delete("gone.txt", "x")
    with pytest.raises(UserError, match="does not delete a file you cannot write"):
        p.apply()
    assert (tmp_path / "gone.txt").read_text() == "x\n"


def test_a_file_with_a_write_bit_for_someone_is_written_by_root_only(tmp_path):
    """0o464: group-writable. Root writes it (the caller may); anyone else without the group may not."""
    path = make(tmp_path, "shared.txt", "old\n", 0o464)
    p = Plan(tmp_path)
    p.add("shared.txt", "new\n", "x")
    if os.geteuid() == 0:
        p.apply()
        assert path.read_text() == "new\n" and owner(path)[2] == 0o464
    else:
        writable = os.access(path, os.W_OK)
        if writable:
            p.apply()
            assert path.read_text() == "new\n"
        else:
            with pytest.raises(UserError):
                p.apply()


def test_a_folder_the_caller_cannot_write_is_refused(tmp_path, monkeypatch):
    """Creating a file needs write permission on its folder (root has it everywhere: os.access is asked)."""
    folder = tmp_path / "locked"
    folder.mkdir()
    make(tmp_path, "a.txt", "a\n")
    real_access = os.access
    monkeypatch.setattr(planmod.os, "access", lambda path, mode: Path(path) != folder and real_access(path, mode))
    p = Plan(tmp_path)
    p.add("a.txt", "A\n", "x")
    p.add("locked/deeper/new.txt", "N\n", "x")  # the nearest folder that exists is asked
    with pytest.raises(UserError, match=r"cannot create files in locked/ \(permission denied\), needed for locked/deeper/new.txt"):
        p.apply()
    assert (tmp_path / "a.txt").read_text() == "a\n" and not (folder / "deeper").exists()


def test_add_endpoint_refuses_a_read_only_routes_yaml(cli, example):
    routes = example / ROUTES
    routes.chmod(0o444)
    before = tree_digest(example)
    run = cli("add-endpoint", "widget", "--repo", str(example), *ARGS)
    assert run.code == 2, run.out + run.err
    assert run.err.startswith(f"error: {ROUTES}: {ROUTES} is read-only (mode 444")
    assert f"fix: if the tool may change it: chmod u+w {ROUTES}, then run again" in run.err
    assert "nothing was written" in run.err
    assert tree_digest(example) == before and owner(routes)[2] == 0o444


# --------------------------------------------------------------------------- what a replaced file keeps


@as_root
def test_root_keeps_another_users_owner_group_and_mode(tmp_path):
    path = make(tmp_path, "theirs.txt", "old\n", 0o640)
    os.chown(path, 1234, 1234)
    p = Plan(tmp_path)
    p.add("theirs.txt", "new\n", "x")
    p.apply()
    assert path.read_text() == "new\n"
    assert owner(path) == (1234, 1234, 0o640)


@as_root
def test_add_endpoint_keeps_the_owner_of_routes_yaml(cli, example):
    routes = example / ROUTES
    os.chown(routes, 1234, 1234)
    routes.chmod(0o664)
    run = cli("add-endpoint", "widget", "--repo", str(example), *ARGS)
    assert run.code == 0, run.out + run.err
    assert "/api/v1/widgets" in routes.read_text()
    assert owner(routes) == (1234, 1234, 0o664)


def test_when_the_owner_cannot_be_given_the_file_is_rewritten_in_place(tmp_path, monkeypatch):
    """Not root: a new file cannot be given the old one's owner, so the old inode is rewritten."""
    path = make(tmp_path, "theirs.txt", "old\n", 0o664)
    inode = path.stat().st_ino

    def refuse(*args, **kwargs):
        raise PermissionError(1, "Operation not permitted")

    real_stat = os.stat

    def other_owner(target, *args, **kwargs):  # the replaced file looks like someone else's
        st = real_stat(target, *args, **kwargs)
        if Path(target) == path:
            return os.stat_result((st.st_mode, st.st_ino, st.st_dev, st.st_nlink, 4321, 4321, *st[6:]))
        return st

    monkeypatch.setattr(planmod.os, "chown", refuse)
    p = Plan(tmp_path)
    p.add("theirs.txt", "new\n", "x")
    monkeypatch.setattr(Path, "stat", lambda self, **kw: other_owner(self, **kw))
    p.apply()
    monkeypatch.undo()
    assert path.read_text() == "new\n"
    assert path.stat().st_ino == inode  # the same file, so its owner and group stay
    assert not list(tmp_path.rglob("*.elqnt-tmp"))


def test_a_hard_linked_file_stays_linked(tmp_path):
    path = make(tmp_path, "a.txt", "old\n")
    twin = tmp_path / "twin.txt"
    os.link(path, twin)
    p = Plan(tmp_path)
    p.add("a.txt", "new\n", "x")
    p.apply()
    assert twin.read_text() == "new\n" and path.stat().st_ino == twin.stat().st_ino


def test_a_symlinked_file_is_written_through_its_link(tmp_path):
    shared = make(tmp_path, "shared/routes.yaml", "routes: []\n", 0o640)
    link = tmp_path / "config" / "routes.yaml"
    link.parent.mkdir()
    link.symlink_to(Path("..") / "shared" / "routes.yaml")
    p = Plan(tmp_path)
    p.add("config/routes.yaml", "routes:\n  - a\n", "x")
    p.apply()
    assert link.is_symlink() and shared.read_text() == "routes:\n  - a\n"
    assert owner(shared)[2] == 0o640


def test_a_failure_after_an_in_place_write_restores_it(tmp_path, monkeypatch):
    path = make(tmp_path, "a.txt", "old\n")
    os.link(path, tmp_path / "twin.txt")  # rewritten in place
    make(tmp_path, "b.txt", "b\n")
    before = tree_digest(tmp_path)

    def failing_replace(src, dst):
        raise OSError(28, "No space left on device", str(dst))

    monkeypatch.setattr(planmod.os, "replace", failing_replace)
    p = Plan(tmp_path)
    p.add("a.txt", "new\n", "x")
    p.add("b.txt", "B\n", "x")
    with pytest.raises(planmod.ApplyError, match="restored"):
        p.apply()
    assert tree_digest(tmp_path) == before
