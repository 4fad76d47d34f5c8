"""yaml.remove: removing and replacing entries of a hand-kept routes.yaml / tygo.yaml by line edits.

The corpus and the random styles of the insert tests are reused: removing what ``add_routes`` added
gives the old text back byte for byte; removing or replacing hand-written entries changes only their
lines and reads (with plain pyyaml) as the old document minus / with exactly those entries.
"""

from __future__ import annotations

import textwrap

import pytest
import yaml
from hypothesis import HealthCheck, given, note, settings
from hypothesis import strategies as st

from elqnt_scaffold.sources.yaml import remove as remove_mod
from elqnt_scaffold.sources.yaml.remove import (
    item_span,
    remove_items,
    remove_routes,
    replace_items,
    replace_routes,
)
from elqnt_scaffold.sources.yaml.splice import RoutesConflict, RoutesFileError, add_items, add_routes
from tests.test_yamlsplice import COMMENTS, CORPUS, GUIDE, INDENTLESS_BLANKS, NEW, TOP_LEVEL_AROUND, TYGO, corpus_file
from tests.test_yamlsplice_property import SCOPES, UPSTREAMS, route_entries, styles, write_file

W = "$WIDGET_SERVICE_URL"


def key(e: dict) -> dict[str, str]:
    return {"method": e["method"], "path": e["path"]}


def load(text: str) -> dict:
    """Plain pyyaml (no ruamel, nothing of the module under test)."""
    return yaml.safe_load(text.lstrip("\ufeff")) or {}


def assert_deletions_only(old: str, new: str) -> None:
    """new's lines are old's lines with some left out, in order and unchanged. The one exception: a file
    that did not end with a line break still does not, so new's last line may have lost its break."""
    assert new.startswith("\ufeff") == old.startswith("\ufeff")
    assert new.endswith("\n") == old.endswith("\n") or not new
    br = "" if old.endswith("\n") else "\r\n" if "\r\n" in old else "\n"
    a = (old.lstrip("\ufeff") + br).splitlines(keepends=True)
    b = (new.lstrip("\ufeff") + br).splitlines(keepends=True) if new.lstrip("\ufeff") else []
    rest = iter(a)
    assert all(any(line == x for x in rest) for line in b), (a, b)  # b is a subsequence of a
    assert len(b) < len(a)


# ------------------------------------------------------------------------------------------- round trips


@pytest.mark.parametrize("name", sorted(CORPUS))
def test_corpus_remove_undoes_add(name: str) -> None:
    old, expected = CORPUS[name]
    added, _ = add_routes(old, NEW)
    assert added == expected
    back, notes = remove_routes(added, [key(e) for e in reversed(NEW)])
    assert back == old
    assert [n.split(":")[0] for n in notes if "removed lines" in n] == [
        "GET /api/v1/widgets/{id}",
        "POST /api/v1/gadgets",
    ]
    assert remove_items(added, "routes", [key(e) for e in NEW])[0] == old  # the generic entry point agrees
    assert load(back) == load(old)


@pytest.mark.parametrize("name", sorted(CORPUS))
def test_corpus_entry_text_is_stable_and_is_what_was_added(name: str) -> None:
    old, expected = CORPUS[name]
    texts = [item_span(expected, "routes", key(e)) for e in NEW]
    assert all(t is not None for t in texts)
    # each added entry's text is a list of that one entry; with the blank lines before them, they are
    # all the lines that were added
    for (first, last, text), e in zip(texts, NEW):  # type: ignore[misc]
        assert yaml.safe_load(textwrap.dedent(text)) == [e]
    lines = expected.lstrip("\ufeff").splitlines(keepends=True)
    blanks = sum(1 for f, _, _ in texts if f > 1 and not lines[f - 2].strip())  # type: ignore[misc]
    assert sum(last - first + 1 for first, last, _ in texts) + blanks == len(lines) - len(old.splitlines())  # type: ignore[misc]
    for first, last, text in texts:  # type: ignore[misc]
        assert expected.lstrip("\ufeff").splitlines(keepends=True)[first - 1 : last] == text.splitlines(keepends=True)
    for r in load(old)["routes"]:  # the old entries' texts did not change when entries were added after them
        before, after = item_span(old, "routes", key(r)), item_span(expected, "routes", key(r))
        assert before is not None and after is not None
        assert before[2] == after[2] or (not before[2].endswith("\n") and after[2].rstrip("\r\n") == before[2])


@settings(max_examples=300, deadline=None, suppress_health_check=[HealthCheck.too_slow])
@given(data=st.data())
def test_random_styles_remove_undoes_add(data: st.DataObject) -> None:
    taken: set[tuple[str, str]] = set()
    old_entries = data.draw(route_entries(UPSTREAMS, taken, 8))
    style = data.draw(styles())
    old, _ = write_file(old_entries, style, data.draw)
    fresh = data.draw(route_entries(UPSTREAMS + ["$NEW_SERVICE_URL"], taken, 4))
    if not fresh:
        return
    added, _ = add_routes(old, fresh)
    note(f"old: {old!r}\nadded: {added!r}")
    for e in old_entries:  # adding entries leaves the old entries' texts (what a caller hashes) alone
        a, b = item_span(old, "routes", key(e)), item_span(added, "routes", key(e))
        assert a is not None and b is not None and a[2].rstrip("\r\n") == b[2].rstrip("\r\n")
        assert a[2] == b[2] or not a[2].endswith("\n")
    keys = [key(e) for e in data.draw(st.permutations(fresh))]
    back, notes = remove_routes(added, keys)
    note(f"back: {back!r}")
    assert len([n for n in notes if "removed lines" in n]) == len(fresh)
    if old_entries or style.empty_form == "routes: []":
        assert back == old
    elif style.empty_form in ("routes:", "routes: ~"):  # emptied: an empty list
        assert back == old.replace(style.empty_form, "routes: []", 1)
    else:  # the list did not exist: it stays, empty
        assert load(back) == {**load(old), "routes": []}
        assert "routes: []" in back
    assert remove_routes(back, keys)[0] == back  # nothing left to remove: unchanged, notes only


@settings(max_examples=300, deadline=None, suppress_health_check=[HealthCheck.too_slow])
@given(data=st.data())
def test_random_styles_remove_hand_written_entries(data: st.DataObject) -> None:
    taken: set[tuple[str, str]] = set()
    old_entries = data.draw(route_entries(UPSTREAMS, taken, 8))
    if not old_entries:
        return
    style = data.draw(styles())
    old, _ = write_file(old_entries, style, data.draw)
    gone = data.draw(
        st.lists(
            st.sampled_from(old_entries),
            min_size=1,
            max_size=len(old_entries),
            unique_by=lambda e: (e["method"], e["path"]),
        )
    )
    note(f"old: {old!r}")
    new, notes = remove_routes(old, [key(e) for e in gone])
    note(f"new: {new!r}")
    kept = [e for e in old_entries if e not in gone]
    before, after = load(old), load(new)
    assert after["routes"] == kept
    assert {k: v for k, v in after.items() if k != "routes"} == {k: v for k, v in before.items() if k != "routes"}
    assert list(after) == list(before)
    assert new.startswith("\ufeff") == old.startswith("\ufeff")
    assert new.count("\r\n") == (new.count("\n") if "\r\n" in old else 0)  # CRLF stays CRLF, LF stays LF
    assert new.endswith("\n") == old.endswith("\n")
    if kept:
        assert_deletions_only(old, new)
    else:
        assert_deletions_only(old, new.replace("routes: []", "routes:", 1))
    assert [n for n in notes if "removed lines" in n] and len([n for n in notes if "removed lines" in n]) == len(gone)


@settings(max_examples=200, deadline=None, suppress_health_check=[HealthCheck.too_slow])
@given(data=st.data())
def test_random_styles_replace(data: st.DataObject) -> None:
    taken: set[tuple[str, str]] = set()
    old_entries = data.draw(route_entries(UPSTREAMS, taken, 6))
    if not old_entries:
        return
    style = data.draw(styles())
    old, _ = write_file(old_entries, style, data.draw)
    target = data.draw(st.sampled_from(old_entries))
    changed = dict(target, auth_required=not target["auth_required"])
    if "cache_ttl" in target:
        changed["cache_ttl"] = data.draw(st.sampled_from(["1s", "15m", "1h"]))
    else:
        changed["scopes"] = data.draw(st.lists(st.sampled_from(SCOPES), min_size=1, max_size=3))
    if data.draw(st.booleans()):
        changed["timeout"] = "9s"
    note(f"old: {old!r}")
    new, notes = replace_routes(old, [(key(target), changed)])
    note(f"new: {new!r}")
    assert load(new)["routes"] == [changed if e is target else e for e in old_entries]
    assert {k: v for k, v in load(new).items() if k != "routes"} == {
        k: v for k, v in load(old).items() if k != "routes"
    }
    first, last, text = item_span(old, "routes", key(target))  # type: ignore[misc]
    a, b = old.lstrip("\ufeff").splitlines(keepends=True), new.lstrip("\ufeff").splitlines(keepends=True)
    assert b[: first - 1] == a[: first - 1]  # nothing before the entry changed ...
    tail = len(a) - last
    assert b[len(b) - tail :] == a[last:] or not tail  # ... nor anything after it
    assert any("replaced lines" in n for n in notes)
    assert replace_routes(new, [(key(target), changed)])[0] == new  # already as given: unchanged
    back, _ = replace_routes(new, [(key(target), target)])
    assert load(back) == load(old)


# ------------------------------------------------------------------------------------------- item_span


def test_item_span_is_the_entrys_own_lines() -> None:
    # a comment inside the entry and one indented into it after it belong to it; the next entry's
    # comment, blank lines and the closing block do not
    assert item_span(COMMENTS, "routes", {"method": "get", "path": "/api/v1/widgets"}) == (
        6,
        11,
        "  - path: /api/v1/widgets\n    method: GET\n    proxy_upstream: $WIDGET_SERVICE_URL  # list\n"
        "    auth_required: true\n    cache_ttl: 60s\n    # TODO: shorten once the cache is warm\n",
    )
    assert item_span(COMMENTS, "routes", {"method": "GET", "path": "/api/v1/users"}) == (
        13,
        17,
        "  - path: /api/v1/users\n    method: GET\n    proxy_upstream: $USER_SERVICE_URL\n"
        "    auth_required: true\n    cache_ttl: 30s\n",
    )
    assert item_span(INDENTLESS_BLANKS, "routes", {"method": "POST", "path": "/api/v1/widgets"}) == (
        8,
        13,
        "- path: /api/v1/widgets\n  method: POST\n  proxy_upstream: $WIDGET_SERVICE_URL\n"
        "  auth_required: true\n  scopes:\n  - write:widgets\n",
    )
    dash_alone = corpus_file("dash_alone")
    assert item_span(dash_alone, "routes", {"method": "GET", "path": "/api/v1/widgets"}) == (2, 6, dash_alone[8:])
    flow = corpus_file("flow_items")
    assert item_span(flow, "routes", {"method": "GET", "path": "/api/v1/users"}) == (3, 3, flow.splitlines(True)[2])
    crlf = "\ufeffroutes:\r\n  - path: /a\r\n    method: GET\r\n"
    assert item_span(crlf, "routes", {"method": "GET", "path": "/a"}) == (2, 3, "  - path: /a\r\n    method: GET\r\n")
    assert item_span(crlf.rstrip("\r\n"), "routes", {"method": "GET", "path": "/a"})[2] == "  - path: /a\r\n    method: GET"  # type: ignore[index]


def test_item_span_missing_and_other_lists() -> None:
    assert item_span(GUIDE, "routes", {"method": "PUT", "path": "/api/v1/widgets"}) is None
    assert item_span(None, "routes", {"method": "GET", "path": "/a"}) is None
    assert item_span("routes: []\n", "routes", {"method": "GET", "path": "/a"}) is None
    pkg = {"path": "github.com/eloquent/eloquent/services/org-service/models"}
    assert item_span(TYGO, "packages", pkg) == (
        8,
        9,
        '  - path: "github.com/eloquent/eloquent/services/org-service/models"\n'
        '    output_path: "../eloquent-packages/packages/types/src/org.ts"\n',
    )


def test_item_span_refuses_an_ambiguous_key() -> None:
    text = "routes:\n  - path: /a\n    method: GET\n  - path: /a\n    method: get\n"
    with pytest.raises(RoutesFileError) as err:
        item_span(text, "routes", {"method": "GET", "path": "/a"})
    assert err.value.line == 4 and "more than once (lines 2, 4)" in str(err.value)
    with pytest.raises(RoutesFileError):
        remove_routes(text, [{"method": "GET", "path": "/a"}])
    with pytest.raises(ValueError):
        item_span(text, "routes", {"method": "GET", "path": ""})


# ------------------------------------------------------------------------------------------- remove


def test_remove_keeps_comments_above_and_drops_those_inside() -> None:
    new, notes = remove_routes(COMMENTS, [{"method": "GET", "path": "/api/v1/widgets"}])
    assert new == (
        "# API gateway routes.\n# Keep entries grouped by service.\n\nroutes:\n"
        "  # --- widget service -------------------------------------------\n"
        "  # --- user service ---------------------------------------------\n"
        "  - path: /api/v1/users\n    method: GET\n    proxy_upstream: $USER_SERVICE_URL\n"
        "    auth_required: true\n    cache_ttl: 30s\n\n"
        "# end of routes; rate limits live in limits.yaml\n# (do not add anything below this line)\n"
    )
    assert notes == ["line 5: the comment above GET /api/v1/widgets stays", "GET /api/v1/widgets: removed lines 6-11"]
    assert load(new)["routes"] == [
        {
            "path": "/api/v1/users",
            "method": "GET",
            "proxy_upstream": "$USER_SERVICE_URL",
            "auth_required": True,
            "cache_ttl": "30s",
        }
    ]


def test_remove_several_with_blank_line_separation() -> None:
    text = INDENTLESS_BLANKS.replace(
        "- path: /api/v1/users", "- path: /api/v1/users\n  method: GET\n  proxy_upstream: $U\n\n- path: /api/v1/orgs", 1
    )
    new, notes = remove_routes(
        text,
        [
            {"method": "GET", "path": "/api/v1/widgets"},
            {"method": "GET", "path": "/api/v1/orgs"},
            {"method": "DELETE", "path": "/x"},
        ],
    )
    # the first entry takes the blank line after it, a later one the blank line before it
    assert new == (
        "routes:\n- path: /api/v1/widgets\n  method: POST\n  proxy_upstream: $WIDGET_SERVICE_URL\n"
        "  auth_required: true\n  scopes:\n  - write:widgets\n\n- path: /api/v1/users\n  method: GET\n  proxy_upstream: $U\n"
    )
    assert notes[0] == "DELETE /x: not in 'routes', nothing to remove"
    assert [n for n in notes[1:]] == ["GET /api/v1/widgets: removed lines 2-6", "GET /api/v1/orgs: removed lines 19-23"]
    assert [r["path"] for r in load(new)["routes"]] == ["/api/v1/widgets", "/api/v1/users"]


def test_removing_every_entry_leaves_an_empty_list() -> None:
    new, notes = remove_routes(TOP_LEVEL_AROUND, [{"method": "GET", "path": "/api/v1/widgets"}])
    assert new == (
        "version: 2\ndefaults:\n  timeout: 30s\nroutes: []\n\ncors:\n  allowed_origins:\n"
        "    - https://app.example.com\nrate_limits: {default: 100}\n"
    )
    assert notes[-1] == "line 4: 'routes' has no entries left, now 'routes: []'"
    assert load(new) == {**load(TOP_LEVEL_AROUND), "routes": []}
    # a comment on the key line stays; CRLF, BOM and a missing final line break are kept
    text = "\ufeffroutes:   # by elqnt-scaffold\r\n  - path: /a\r\n    method: GET"
    assert remove_routes(text, [{"method": "GET", "path": "/a"}])[0] == "\ufeffroutes: []   # by elqnt-scaffold"
    # a list add_routes made from 'routes: []' comes back exactly
    made, _ = add_routes("routes: []\nother: 1\n", NEW)
    assert remove_routes(made, [key(e) for e in NEW])[0] == "routes: []\nother: 1\n"
    with pytest.raises(RoutesFileError) as err:  # an anchored list cannot be emptied by a line edit
        remove_routes("routes: &r\n  - path: /a\n    method: GET\n", [{"method": "GET", "path": "/a"}])
    assert err.value.line == 1


def test_remove_crlf_bom_and_no_final_newline() -> None:
    old = "\ufeff# gw\r\nroutes:\r\n  - path: /a\r\n    method: GET\r\n\r\n  - path: /b\r\n    method: POST\r\n    scopes: [x]"
    new, _ = remove_routes(old, [{"method": "POST", "path": "/b"}])
    assert new == "\ufeff# gw\r\nroutes:\r\n  - path: /a\r\n    method: GET"
    new, _ = remove_routes(old, [{"method": "GET", "path": "/a"}])
    assert new == "\ufeff# gw\r\nroutes:\r\n  - path: /b\r\n    method: POST\r\n    scopes: [x]"
    assert load(new) == {"routes": [{"path": "/b", "method": "POST", "scopes": ["x"]}]}


def test_remove_flow_items_and_dash_alone() -> None:
    flow = corpus_file("flow_items")
    new, _ = remove_routes(flow, [{"method": "GET", "path": "/api/v1/widgets"}])
    assert new == "routes:\n" + flow.splitlines(True)[2]
    dash = corpus_file("dash_alone", expected=True)
    new, _ = remove_routes(dash, [{"method": "GET", "path": "/api/v1/widgets/{id}"}])
    assert load(new)["routes"] == [r for r in load(dash)["routes"] if r["path"] != "/api/v1/widgets/{id}"]
    assert new.count("  -\n") == 2


def test_remove_after_a_block_scalar_keeping_its_blank_lines() -> None:
    old = "routes:\n  - path: /a\n    method: GET\n    note: |+\n      kept\n\n  - path: /b\n    method: GET\n"
    new, _ = remove_routes(old, [{"method": "GET", "path": "/b"}])
    assert new == "routes:\n  - path: /a\n    method: GET\n    note: |+\n      kept\n\n"
    assert load(new)["routes"][0]["note"] == "kept\n\n"


def test_remove_and_add_other_lists() -> None:
    entry = {"path": "github.com/eloquent/eloquent/services/widget-service/models", "output_path": "w.ts"}
    added, _ = add_items(TYGO, [entry], list_key="packages", key_fields=("path",))
    assert remove_items(added, "packages", [{"path": entry["path"]}]) == (
        TYGO,
        [f"{entry['path']}: removed lines 11-12"],
    )
    everything = [{"path": p["path"]} for p in load(TYGO)["packages"]]
    new, _ = remove_items(TYGO, "packages", everything)
    assert new == "# tygo generate: Go models -> TypeScript\npackages: []\n"
    assert load(new) == {"packages": []}


# ------------------------------------------------------------------------------------------- replace


def test_replace_cache_ttl_and_scopes_in_each_entrys_style() -> None:
    new, notes = replace_routes(
        GUIDE,
        [
            (
                {"method": "GET", "path": "/api/v1/widgets"},
                {
                    "path": "/api/v1/widgets",
                    "method": "GET",
                    "proxy_upstream": W,
                    "auth_required": True,
                    "cache_ttl": "5m",
                },
            ),
            (
                {"method": "POST", "path": "/api/v1/widgets"},
                {
                    "path": "/api/v1/widgets",
                    "method": "POST",
                    "proxy_upstream": W,
                    "auth_required": True,
                    "scopes": ["write:widgets", "admin:widgets"],
                },
            ),
        ],
    )
    assert new == GUIDE.replace("cache_ttl: 60s", "cache_ttl: 5m").replace(
        "      - write:widgets\n", "      - write:widgets\n      - admin:widgets\n"
    )
    assert notes == [
        "GET /api/v1/widgets: replaced lines 3-7 by lines 3-7",
        "POST /api/v1/widgets: replaced lines 8-13 by lines 8-14",
    ]
    tight = corpus_file("single_quoted_tight_flow", expected=True)
    users = {
        "path": "/api/v1/users",
        "method": "PUT",
        "proxy_upstream": "$USER_SERVICE_URL",
        "auth_required": False,
        "scopes": ["write:users"],
    }
    new, _ = replace_routes(tight, [({"method": "put", "path": "/api/v1/users"}, users)])
    assert new == tight.replace(
        "    auth_required: True\n    scopes: ['write:users','admin:users']",
        "    auth_required: False\n    scopes: ['write:users']",
    )
    assert load(new)["routes"][2] == users


def test_replace_keeps_flow_items_flow_and_adds_keys_where_the_guide_says() -> None:
    flow = corpus_file("flow_items")
    get = {
        "path": "/api/v1/users",
        "method": "GET",
        "proxy_upstream": "$USER_SERVICE_URL",
        "auth_required": False,
        "scopes": ["read:users"],
    }
    new, _ = replace_routes(flow, [({"method": "GET", "path": "/api/v1/users"}, get)])
    assert new.splitlines()[2] == (
        "  - { path: /api/v1/users, method: GET, proxy_upstream: $USER_SERVICE_URL, auth_required: false, scopes: [read:users] }"
    )
    aligned = corpus_file("aligned_values")
    post = {
        "path": "/api/v1/widgets",
        "method": "GET",
        "proxy_upstream": W,
        "auth_required": True,
        "scopes": ["a", "b"],
        "timeout": "5s",
    }
    new, _ = replace_routes(aligned, [({"method": "GET", "path": "/api/v1/widgets"}, post)])
    assert new == (
        "routes:\n  - path:           /api/v1/widgets\n    method:         GET\n    proxy_upstream: $WIDGET_SERVICE_URL\n"
        "    auth_required:  true\n    scopes:\n      - a\n      - b\n    timeout:        5s\n"
    )


def test_replace_crlf_bom_comments_and_no_final_newline() -> None:
    old = "\ufeffroutes:\r\n  - path: /a  # the list\r\n    method: GET\r\n    cache_ttl: 60s\r\n    # reviewed\r\n  - path: /b\r\n    method: GET"
    new, notes = replace_routes(
        old,
        [
            ({"method": "GET", "path": "/a"}, {"path": "/a", "method": "GET", "cache_ttl": "5m"}),
            ({"method": "GET", "path": "/b"}, {"path": "/b", "method": "GET", "cache_ttl": "1s"}),
        ],
    )
    assert new == (
        "\ufeffroutes:\r\n  - path: /a\r\n    method: GET\r\n    cache_ttl: 5m\r\n    # reviewed\r\n"
        "  - path: /b\r\n    method: GET\r\n    cache_ttl: 1s"
    )
    assert "GET /a: comments inside the entry (lines 2-4) were dropped" in notes
    assert load(new)["routes"] == [
        {"path": "/a", "method": "GET", "cache_ttl": "5m"},
        {"path": "/b", "method": "GET", "cache_ttl": "1s"},
    ]


def test_replace_unchanged_missing_and_conflicting() -> None:
    same = load(GUIDE)["routes"][0]
    assert replace_routes(GUIDE, [(key(same), same)]) == (
        GUIDE,
        ["GET /api/v1/widgets: already as given at line 3, left as is"],
    )
    assert replace_routes(GUIDE, [({"method": "GET", "path": "/nope"}, {"method": "GET", "path": "/nope"})]) == (
        GUIDE,
        ["GET /nope: not in 'routes', nothing to replace"],
    )
    with pytest.raises(RoutesConflict) as err:  # the new path is another entry's
        replace_routes(GUIDE, [(key(same), dict(same, path="/api/v1/users"))])
    assert err.value.line == 14
    renamed, _ = replace_routes(GUIDE, [(key(same), dict(same, path="/api/v1/things"))])
    assert load(renamed)["routes"][0]["path"] == "/api/v1/things"
    with pytest.raises(ValueError):
        replace_routes(GUIDE, [(key(same), {"path": "/api/v1/widgets"})])


def test_replace_tygo_package_options() -> None:
    pkg = {"path": "github.com/eloquent/eloquent/services/user-service/models"}
    entry = dict(
        pkg, output_path="../eloquent-packages/packages/types/src/users.ts", type_mappings={"time.Time": "Date"}
    )
    new, _ = replace_items(TYGO, "packages", [(pkg, entry)])
    assert new == TYGO.replace("src/user.ts", "src/users.ts").replace('time.Time: "string"', 'time.Time: "Date"')
    assert load(new)["packages"][0] == entry


# ------------------------------------------------------------------------------------------- guards

ANCHORED = """\
routes:
  - &base
    path: /a
    method: GET
    proxy_upstream: $X
  - <<: *base
    path: /b
"""


def test_guard_refuses_removing_an_anchor_another_entry_uses() -> None:
    for call in (
        lambda: remove_routes(ANCHORED, [{"method": "GET", "path": "/a"}]),
        lambda: replace_routes(ANCHORED, [({"method": "GET", "path": "/a"}, {"path": "/a", "method": "GET"})]),
    ):
        with pytest.raises(RoutesFileError) as err:
            call()
        assert err.value.line == 2 and "anchor &base is used by the alias at line 6" in str(err.value)
    # both together, or only the one that uses it: fine
    assert (
        remove_routes(ANCHORED, [{"method": "GET", "path": "/a"}, {"method": "GET", "path": "/b"}])[0] == "routes: []\n"
    )
    new, _ = replace_routes(
        ANCHORED, [({"method": "GET", "path": "/b"}, {"path": "/b", "method": "GET", "proxy_upstream": "$Y"})]
    )
    assert load(new)["routes"] == [
        {"path": "/a", "method": "GET", "proxy_upstream": "$X"},
        {"path": "/b", "method": "GET", "proxy_upstream": "$Y"},
    ]


def test_guard_parses_the_result_even_without_the_anchor_check(monkeypatch: pytest.MonkeyPatch) -> None:
    monkeypatch.setattr(remove_mod, "_check_anchors", lambda *a: None)
    with pytest.raises(RoutesFileError, match="refusing to write.*would not parse"):
        remove_routes(ANCHORED, [{"method": "GET", "path": "/a"}])


def test_guard_refuses_a_wrong_meaning(monkeypatch: pytest.MonkeyPatch) -> None:
    real = remove_mod.spans

    def one_line_short(doc):  # deletes all but the entry's last line: deletions only, but a broken entry
        return [remove_mod.Span(s.index, s.dash, s.content_end, s.end - 1) if s.end > s.dash else s for s in real(doc)]

    monkeypatch.setattr(remove_mod, "spans", one_line_short)
    with pytest.raises(RoutesFileError, match="refusing to write"):
        remove_routes(GUIDE, [{"method": "POST", "path": "/api/v1/widgets"}])


def test_guard_refuses_an_emptied_list_that_is_not_a_list(monkeypatch: pytest.MonkeyPatch) -> None:
    monkeypatch.setattr(remove_mod, "_emptied_key_line", lambda doc: "routes:\n")
    with pytest.raises(RoutesFileError, match="would not be an empty list"):
        remove_routes("routes:\n  - path: /a\n    method: GET\n", [{"method": "GET", "path": "/a"}])


def test_guard_refuses_a_replacement_that_reads_back_differently(monkeypatch: pytest.MonkeyPatch) -> None:
    monkeypatch.setattr(remove_mod, "render_entry", lambda entry, st: ["  - path: /api/v1/widgets", "    method: GET"])
    with pytest.raises(RoutesFileError, match="reads back differently"):
        replace_routes(
            GUIDE,
            [({"method": "GET", "path": "/api/v1/widgets"}, {"path": "/api/v1/widgets", "method": "GET", "x": "1"})],
        )


@pytest.mark.parametrize(
    "text, line",
    [
        ("routes:\n  - path: [/a\n", 3),
        ("routes:\n  - path: /a\n    method: GET\n    method: POST\n", 4),
        ("routes: [{path: /a, method: GET}]\n", 1),
        ("routes:\n- &e {path: /a, method: GET}\n- *e\n", 2),
    ],
)
def test_unreadable_files_raise_with_a_line(text: str, line: int) -> None:
    for call in (
        lambda: remove_routes(text, [{"method": "GET", "path": "/a"}]),
        lambda: replace_routes(text, [({"method": "GET", "path": "/a"}, {"method": "GET", "path": "/a", "x": "y"})]),
        lambda: item_span(text, "routes", {"method": "GET", "path": "/a"}),
    ):
        with pytest.raises(RoutesFileError) as err:
            call()
        assert err.value.line == line, str(err.value)


def test_spans_of_every_entry() -> None:
    from elqnt_scaffold.sources.yaml.document import parse_doc

    doc = parse_doc(COMMENTS, "routes")
    assert [(s.index, s.dash + 1, s.content_end + 1, s.end + 1) for s in remove_mod.spans(doc)] == [
        (0, 6, 10, 11),
        (1, 13, 17, 17),
    ]
    assert remove_mod.spans(parse_doc("routes: []\n", "routes")) == []
    with pytest.raises(RoutesFileError) as err:
        remove_mod.spans(parse_doc("routes:\n- &e {path: /a, method: GET}\n- *e\n", "routes"))
    assert err.value.line == 2 and "alias" in str(err.value)
