"""The plan/apply engine: diffs before writing, all-or-nothing apply, user-owned files kept."""

import os
from pathlib import Path

import pytest

from elqnt_scaffold import plan as planmod
from elqnt_scaffold.errors import ApplyError
from elqnt_scaffold.plan import Action, Owner, Plan


def test_actions_and_diff(tmp_path):
    (tmp_path / "same.txt").write_text("a\n")
    (tmp_path / "mine.txt").write_text("my edit\n")
    (tmp_path / "tool.txt").write_text("old\n")
    p = Plan(tmp_path)
    assert p.add("new/dir/file.txt", "hello\n", "x").action is Action.CREATE
    assert p.add("same.txt", "a\n", "x").action is Action.UNCHANGED
    assert p.add("mine.txt", "template\n", "x", Owner.USER).action is Action.KEPT
    assert p.add("tool.txt", "new\n", "x").action is Action.UPDATE
    diff = p.diff()
    assert "+++ b/new/dir/file.txt" in diff and "-old\n+new\n" in diff
    assert "mine.txt" not in diff  # kept files are not written, so not in the diff
    p.apply()
    assert (tmp_path / "new/dir/file.txt").read_text() == "hello\n"
    assert (tmp_path / "mine.txt").read_text() == "my edit\n"
    assert (tmp_path / "tool.txt").read_text() == "new\n"


def test_force_overwrites_user_files(tmp_path):
    (tmp_path / "mine.txt").write_text("my edit\n")
    p = Plan(tmp_path)
    assert p.add("mine.txt", "template\n", "x", Owner.USER, force=True).action is Action.UPDATE
    p.apply()
    assert (tmp_path / "mine.txt").read_text() == "template\n"


def test_crlf_and_bom_are_kept_byte_for_byte(tmp_path):
    raw = "\ufeffroutes:\r\n- a\r\n".encode()
    (tmp_path / "r.yaml").write_bytes(raw)
    p = Plan(tmp_path)
    change = p.add("r.yaml", "\ufeffroutes:\r\n- a\r\n- b\r\n", "x")
    assert change.old == raw.decode()
    p.apply()
    assert (tmp_path / "r.yaml").read_bytes() == "\ufeffroutes:\r\n- a\r\n- b\r\n".encode()


def test_file_mode_is_kept(tmp_path):
    script = tmp_path / "run.sh"
    script.write_text("echo 1\n")
    script.chmod(0o755)
    p = Plan(tmp_path)
    p.add("run.sh", "echo 2\n", "x")
    p.apply()
    assert script.stat().st_mode & 0o777 == 0o755


def snapshot(root: Path) -> dict[str, bytes]:
    return {p.relative_to(root).as_posix(): p.read_bytes() for p in root.rglob("*") if p.is_file()}


def test_a_write_failing_midway_leaves_the_tree_as_it_was(tmp_path, monkeypatch):
    (tmp_path / "a.txt").write_text("a\n")
    (tmp_path / "b.txt").write_text("b\n")
    before = snapshot(tmp_path)
    p = Plan(tmp_path)
    p.add("a.txt", "A\n", "x")
    p.add("new/deep/c.txt", "C\n", "x")
    p.add("b.txt", "B\n", "x")
    real_replace = os.replace
    calls = []

    def failing_replace(src, dst):
        calls.append(dst)
        if len(calls) == 3:
            raise OSError(28, "No space left on device", str(dst))
        return real_replace(src, dst)

    monkeypatch.setattr(planmod.os, "replace", failing_replace)
    with pytest.raises(ApplyError, match="restored"):
        p.apply()
    assert len(calls) == 3  # two files were already swapped in before the failure
    assert snapshot(tmp_path) == before
    assert not (tmp_path / "new").exists()  # directories it made are gone too
    assert not list(tmp_path.rglob("*.elqnt-tmp"))


def test_a_failure_while_staging_writes_nothing(tmp_path, monkeypatch):
    (tmp_path / "a.txt").write_text("a\n")
    before = snapshot(tmp_path)
    p = Plan(tmp_path)
    p.add("a.txt", "A\n", "x")
    p.add("z/new.txt", "N\n", "x")
    real_mkstemp = planmod.tempfile.mkstemp
    count = []

    def failing_mkstemp(*args, **kwargs):
        count.append(1)
        if len(count) == 2:
            raise OSError(13, "Permission denied", kwargs.get("dir"))
        return real_mkstemp(*args, **kwargs)

    monkeypatch.setattr(planmod.tempfile, "mkstemp", failing_mkstemp)
    with pytest.raises(ApplyError, match="nothing was written"):
        p.apply()
    assert snapshot(tmp_path) == before
    assert not (tmp_path / "z").exists()


def test_planned_text_is_what_later_edits_see(tmp_path):
    (tmp_path / "f.txt").write_text("1\n")
    p = Plan(tmp_path)
    p.add("f.txt", "2\n", "x")
    assert p.old_text("f.txt") == "2\n"
    change = p.add("f.txt", "3\n", "x")
    assert change.old == "1\n" and change.new == "3\n" and len(p.changes) == 1
