"""Property tests for yamlsplice: random route tables written in random hand-kept styles.

For every generated file and set of new entries: the edit only inserts lines (bar ``routes: []`` /
``routes: ~`` losing that token), the YAML reads as the old routes plus exactly the new ones in the
documented positions, the rest of the document is unchanged, re-running changes nothing, and an entry
that clashes with an existing one raises RoutesConflict with that entry's line.
"""

from __future__ import annotations

import difflib
from dataclasses import dataclass

import pytest
import yaml
from hypothesis import HealthCheck, given, note, settings
from hypothesis import strategies as st

from elqnt_scaffold.sources.yaml.splice import RoutesConflict, add_routes, read_routes

UPSTREAMS = ["$WIDGET_SERVICE_URL", "$USER_SERVICE_URL", "$BILLING_URL"]
RESOURCES = ["widgets", "users", "invoices", "orgs", "teams"]
SCOPES = ["write:widgets", "admin:users", "read:billing", "write:teams"]
GUIDE_KEYS = ["path", "method", "proxy_upstream", "auth_required", "cache_ttl", "scopes"]


@st.composite
def route_entries(draw: st.DrawFn, upstreams: list[str], taken: set[tuple[str, str]], n_max: int) -> list[dict]:
    out = []
    for _ in range(draw(st.integers(0, n_max))):
        method = draw(st.sampled_from(["GET", "POST", "PUT", "PATCH", "DELETE"]))
        path = f"/api/v{draw(st.integers(1, 2))}/{draw(st.sampled_from(RESOURCES))}" + draw(
            st.sampled_from(["", "/{id}", "/{id}/items"])
        )
        if (method, path) in taken:
            continue
        taken.add((method, path))
        e: dict = {
            "path": path,
            "method": method,
            "proxy_upstream": draw(st.sampled_from(upstreams)),
            "auth_required": draw(st.booleans()),
        }
        if method == "GET":
            e["cache_ttl"] = draw(st.sampled_from(["30s", "60s", "5m"]))
        else:
            e["scopes"] = draw(st.lists(st.sampled_from(SCOPES), min_size=1, max_size=3))
        if draw(st.integers(0, 5)) == 0:
            e["timeout"] = "5s"
        out.append(e)
    return out


@dataclass
class Style:
    dash_col: int
    key_offset: int
    blanks: int
    quote: str
    mixed_quotes: bool
    flow_scopes: bool
    flow_pad: str
    flow_sep: str
    scope_dash_rel: int
    key_order: list[str]
    aligned: bool
    comments: bool
    inline_comments: bool
    newline: str
    bom: bool
    doc_start: bool
    header: bool
    closing: bool
    final_newline: bool
    before: bool
    after: bool
    empty_form: str  # how an empty list is written
    item_form: str  # 'block', 'flow' ('- {path: ..., ...}') or 'dash_alone' ('-' on its own line)


@st.composite
def styles(draw: st.DrawFn) -> Style:
    order = draw(st.permutations(GUIDE_KEYS)) if draw(st.booleans()) else list(GUIDE_KEYS)
    return Style(
        dash_col=draw(st.sampled_from([0, 2, 4])),
        key_offset=draw(st.sampled_from([2, 2, 4])),
        blanks=draw(st.sampled_from([0, 0, 1, 2])),
        quote=draw(st.sampled_from(["", "'", '"'])),
        mixed_quotes=draw(st.booleans()),
        flow_scopes=draw(st.booleans()),
        flow_pad=draw(st.sampled_from(["", " "])),
        flow_sep=draw(st.sampled_from([", ", ",", " , "])),
        scope_dash_rel=draw(st.sampled_from([0, 2])),
        key_order=list(order),
        aligned=draw(st.booleans()),
        comments=draw(st.booleans()),
        inline_comments=draw(st.booleans()),
        newline=draw(st.sampled_from(["\n", "\n", "\r\n"])),
        bom=draw(st.booleans()),
        doc_start=draw(st.booleans()),
        header=draw(st.booleans()),
        closing=draw(st.booleans()),
        final_newline=draw(st.booleans()),
        before=draw(st.booleans()),
        after=draw(st.booleans()),
        empty_form=draw(st.sampled_from(["routes: []", "routes:", "routes: ~", "missing"])),
        item_form=draw(st.sampled_from(["block", "block", "block", "flow", "dash_alone"])),
    )


def q(value: str, style: str) -> str:
    if style == "'":
        return "'" + value.replace("'", "''") + "'"
    if style == '"':
        return '"' + value + '"'
    return value


def write_file(entries: list[dict], s: Style, draw: st.DrawFn) -> tuple[str, list[int]]:
    """The text of a routes file holding ``entries`` in style ``s``, and each entry's 1-based line."""
    lines: list[str] = []
    if s.doc_start:
        lines.append("---")
    if s.header:
        lines += ["# API gateway routes", "# keep them grouped by service", ""]
    if s.before:
        lines += ["version: 1", "defaults:", "  timeout: 30s"]
    starts: list[int] = []
    if not entries and s.empty_form != "missing":
        lines.append(s.empty_form)
    elif entries:
        lines.append("routes:")
    width = max(len(k) for k in GUIDE_KEYS + ["timeout"]) + 2
    for i, e in enumerate(entries):
        if i:
            lines += [""] * (s.blanks if draw(st.integers(0, 4)) else draw(st.integers(0, 2)))
        if s.comments and draw(st.integers(0, 2)) == 0:
            lines.append(" " * draw(st.sampled_from([0, s.dash_col])) + f"# {e['method']} {e['path']}")
        keys = [k for k in s.key_order if k in e] + [k for k in e if k not in s.key_order]
        if s.item_form == "flow":
            pairs = []
            for k in keys:
                v, style = e[k], draw(st.sampled_from(["", "'", '"'])) if s.mixed_quotes else s.quote
                if isinstance(v, bool):
                    pairs.append(f"{k}: {'true' if v else 'false'}")
                elif isinstance(v, list):
                    pairs.append(f"{k}: [" + s.flow_pad + s.flow_sep.join(q(x, style) for x in v) + s.flow_pad + "]")
                else:
                    pairs.append(f"{k}: {q(v, style or (chr(39) if '{' in v else ''))}")
            starts.append(len(lines) + 1)
            lines.append(
                " " * s.dash_col
                + "-"
                + " " * (s.key_offset - 1)
                + "{"
                + s.flow_pad
                + ", ".join(pairs)
                + s.flow_pad
                + "}"
            )
            continue
        key_col = s.dash_col + s.key_offset
        body: list[str] = []
        for k in keys:
            v = e[k]
            style = draw(st.sampled_from(["", "'", '"'])) if s.mixed_quotes else s.quote
            sep = ":" + " " * (width - len(k) - 1) if s.aligned else ": "
            if isinstance(v, bool):
                text = "true" if v else "false"
            elif isinstance(v, list):
                if s.flow_scopes:
                    text = "[" + s.flow_pad + s.flow_sep.join(q(x, style) for x in v) + s.flow_pad + "]"
                else:
                    body.append(" " * key_col + k + ":")
                    body += [" " * (key_col + s.scope_dash_rel) + "- " + q(x, style) for x in v]
                    continue
            else:
                text = q(v, style)
            comment = "  # note" if s.inline_comments and draw(st.integers(0, 3)) == 0 else ""
            body.append(" " * key_col + k + sep + text + comment)
        if s.comments and draw(st.integers(0, 4)) == 0:
            body.append(" " * key_col + "# reviewed")
        if s.item_form == "dash_alone":
            lines.append(" " * s.dash_col + "-")
        else:
            body[0] = " " * s.dash_col + "-" + " " * (s.key_offset - 1) + body[0][key_col:]
        starts.append(len(lines) + 1)
        lines += body
    if s.after:
        lines += ["", "cors:", "  origins:", "    - https://app.example.com", "limits: {rps: 10}"]
    if s.closing:
        lines += ["", "# end of routes", "# (nothing below)"]
    text = s.newline.join(lines) + (s.newline if s.final_newline or not lines else "")
    return ("\ufeff" if s.bom else "") + text, starts


def expected_routes(old_routes: list[dict], new_entries: list[dict]) -> list[dict]:
    out = list(old_routes)
    for e in new_entries:
        last = max((i for i, r in enumerate(out) if r.get("proxy_upstream") == e.get("proxy_upstream")), default=None)
        out.insert(len(out) if last is None else last + 1, e)
    return out


def load(text: str) -> dict:
    return yaml.safe_load(text.lstrip("\ufeff")) or {}


def assert_insertions_only(old: str, new: str) -> None:
    """old's lines are all in new, in order, unchanged; only a final line without a line break may gain one."""
    a, b = old.splitlines(keepends=True), new.splitlines(keepends=True)
    for tag, i1, i2, j1, j2 in difflib.SequenceMatcher(None, a, b, autojunk=False).get_opcodes():
        if tag in ("equal", "insert"):
            continue
        # the old last line, which has no line break, is still there with one, among inserted lines
        assert tag == "replace" and i2 == len(a) == i1 + 1 and not a[-1].endswith("\n"), (tag, a[i1:i2], b[j1:j2])
        assert a[-1] + "\n" in b[j1:j2] or a[-1] + "\r\n" in b[j1:j2]


@settings(max_examples=400, deadline=None, suppress_health_check=[HealthCheck.too_slow])
@given(data=st.data())
def test_random_tables_in_random_styles(data: st.DataObject) -> None:
    taken: set[tuple[str, str]] = set()
    old_entries = data.draw(route_entries(UPSTREAMS, taken, 10))
    style = data.draw(styles())
    old, starts = write_file(old_entries, style, data.draw)
    assert (load(old).get("routes") or []) == old_entries
    assert [r.line for r in read_routes(old)] == starts
    assert [r.fields for r in read_routes(old)] == old_entries

    fresh = data.draw(route_entries(UPSTREAMS + ["$NEW_SERVICE_URL", "$OTHER_URL"], taken, 5))
    repeats = data.draw(st.lists(st.sampled_from(old_entries), max_size=2)) if old_entries else []
    given_entries = data.draw(st.permutations(fresh + repeats))
    if not given_entries:
        return
    note(f"old file: {old!r}")
    new, notes = add_routes(old, given_entries)
    note(f"new file: {new!r}")

    allowed = old
    if not old_entries and style.empty_form in ("routes: []", "routes: ~"):
        allowed = old.replace(style.empty_form, "routes:", 1)
    if fresh:
        assert_insertions_only(allowed, new)
    else:
        assert new == old
    before, after = load(old), load(new)
    wanted = [e for e in given_entries if e in fresh]
    assert (after.get("routes") or []) == expected_routes(old_entries, wanted)
    assert {k: v for k, v in after.items() if k != "routes"} == {k: v for k, v in before.items() if k != "routes"}
    assert new.startswith("\ufeff") == old.startswith("\ufeff")
    if old:
        assert ("\r\n" in new) == ("\r\n" in old)
        assert new.endswith("\n") == old.endswith("\n")
    assert len([n for n in notes if "added at line" in n]) == len(wanted)

    assert add_routes(new, given_entries)[0] == new  # re-running changes nothing
    assert add_routes(old, given_entries, full_check=True) == (new, notes)  # the whole-file check agrees

    if old_entries:  # a clash with an existing entry names that entry's line
        i = data.draw(st.integers(0, len(old_entries) - 1))
        clash = dict(old_entries[i], proxy_upstream="$ELSEWHERE_URL")
        with pytest.raises(RoutesConflict) as err:
            add_routes(new, [clash])
        (line,) = [r.line for r in read_routes(new) if r.fields == old_entries[i]]
        first_key = next(k for k in style.key_order if k in old_entries[i])
        assert new.lstrip("\ufeff").splitlines()[line - 1].lstrip(" -{").startswith(first_key + ":")
        assert err.value.line == line
        assert err.value.field == "proxy_upstream"
