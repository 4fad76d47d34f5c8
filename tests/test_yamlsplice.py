"""yamlsplice: insert-only edits of a hand-kept routes.yaml, checked on a corpus of file styles."""

from __future__ import annotations

import difflib
from pathlib import Path

import pytest
import yaml

from elqnt_scaffold.sources.yaml.splice import NEW_FILE_HEADER, RouteEntry, RoutesConflict, RoutesFileError, add_items, add_routes, read_routes

W = "$WIDGET_SERVICE_URL"
GET_ONE = {
    "path": "/api/v1/widgets/{id}",
    "method": "GET",
    "proxy_upstream": W,
    "auth_required": True,
    "cache_ttl": "60s",
}
POST_GADGET = {
    "path": "/api/v1/gadgets",
    "method": "POST",
    "proxy_upstream": "$GADGET_SERVICE_URL",
    "auth_required": True,
    "scopes": ["write:gadgets"],
}
NEW = [GET_ONE, POST_GADGET]


# ------------------------------------------------------------------------------------------- helpers


def line_ops(old: str, new: str) -> list[tuple[str, list[str], list[str]]]:
    """Non-equal difflib opcodes between the lines of old and new, line endings included (so a CRLF ->
    LF change shows)."""
    a, b = old.splitlines(keepends=True), new.splitlines(keepends=True)
    sm = difflib.SequenceMatcher(None, a, b, autojunk=False)
    return [(tag, a[i1:i2], b[j1:j2]) for tag, i1, i2, j1, j2 in sm.get_opcodes() if tag != "equal"]


def assert_insertions_only(old: str, new: str) -> None:
    """Every old line is still there, unchanged and in order. The one exception, for a file that does
    not end with a line break: its last line gains one so that lines can follow it."""
    ops = line_ops(old, new)
    assert ops, "nothing was inserted"
    for tag, removed, added in ops:
        if tag == "insert":
            continue
        last = old.splitlines(keepends=True)[-1]
        assert tag == "replace" and removed == [last] and last == last.rstrip("\r\n"), ops
        assert last + "\n" in added or last + "\r\n" in added, ops


def expected_routes(old_routes: list[dict], new_entries: list[dict]) -> list[dict]:
    """The placement rule, stated independently: each new entry goes after the last entry (old or
    already placed) with its proxy_upstream, else at the end."""
    out = list(old_routes)
    for e in new_entries:
        last = max((i for i, r in enumerate(out) if r.get("proxy_upstream") == e.get("proxy_upstream")), default=None)
        out.insert(len(out) if last is None else last + 1, e)
    return out


def load(text: str) -> dict:
    return yaml.safe_load(text.lstrip("\ufeff")) or {}


def check_edit(old: str, new_entries: list[dict] = NEW, key: str = "routes") -> str:
    """Add entries; assert insertions only, the meaning, the rest of the document, idempotence."""
    new, notes = add_routes(old, new_entries, key)
    assert_insertions_only(old, new)
    before, after = load(old), load(new)
    assert after[key] == expected_routes(before.get(key) or [], new_entries)
    assert {k: v for k, v in after.items() if k != key} == {k: v for k, v in before.items() if k != key}
    assert [k for k in after if k != key] == [k for k in before if k != key]  # key order of the document
    added = [n for n in notes if "added at line" in n]
    assert len(added) == len(new_entries)
    new_lines = new.lstrip("\ufeff").splitlines()
    for n in added:  # 'GET /api/v1/x: added at line 12' names the line of the entry's first key
        label, line = n.split(": added at line ")
        entry = next(e for e in new_entries if f"{e['method']} {e['path']}" == label)
        first_key = new_lines[int(line) - 1].lstrip(" -{")
        assert any(first_key.lstrip("'\"").startswith(k) for k in entry), (n, new_lines[int(line) - 1])
    again, notes2 = add_routes(new, new_entries, key)
    assert again == new
    assert all("already present" in n for n in notes2)
    return new


# ------------------------------------------------------------------------------------------- corpus
# tests/data/routes/<style>.yaml is a routes file in one style; <style>.expected.yaml is that file after
# adding NEW (reviewed by hand: the new entries must look like their neighbours). The variants below
# derive CRLF, BOM, '---' and no-final-newline files from them, applying the same change to both.

DATA = Path(__file__).parent / "data" / "routes"
BASE_STYLES = sorted(p.name[: -len(".yaml")] for p in DATA.glob("*.yaml") if not p.name.endswith(".expected.yaml"))


def corpus_file(name: str, expected: bool = False) -> str:
    return (DATA / f"{name}{'.expected' if expected else ''}.yaml").read_bytes().decode("utf-8")


def crlf(t: str) -> str:
    return t.replace("\n", "\r\n")


VARIANTS = {
    "bom_directive_doc_start": ("guide", lambda t: "\ufeff%YAML 1.1\n---\n" + t),
    "crlf": ("indentless_blank_lines", crlf),
    "no_final_newline": ("guide", lambda t: t.rstrip("\n")),
    "mixed_bom_crlf_flow_no_newline": (
        "double_quoted_flow_scopes",
        lambda t: "\ufeff---\r\n# mixed\r\n" + crlf(t).rstrip("\r\n"),
    ),
    "crlf_comments_top_level": ("comments", lambda t: crlf(t.replace("routes:", "version: 3\nroutes:"))),
}
CORPUS: dict[str, tuple[str, str]] = {name: (corpus_file(name), corpus_file(name, True)) for name in BASE_STYLES}
for _name, (_base, _change) in VARIANTS.items():
    CORPUS[_name] = (_change(corpus_file(_base)), _change(corpus_file(_base, True)))

GUIDE = corpus_file("guide")
COMMENTS = corpus_file("comments")
INDENTLESS_BLANKS = corpus_file("indentless_blank_lines")
TOP_LEVEL_AROUND = corpus_file("top_level_keys_around")
EXTRA_KEYS = corpus_file("extra_keys_yes_booleans")
MIXED = CORPUS["mixed_bom_crlf_flow_no_newline"][0]


def test_corpus_is_big_enough() -> None:
    assert len(BASE_STYLES) >= 12 and len(CORPUS) >= 16


@pytest.mark.parametrize("name", sorted(CORPUS))
def test_corpus_insertions_only_and_meaning(name: str) -> None:
    old, expected = CORPUS[name]
    new = check_edit(old)
    assert new == expected
    assert new.startswith("\ufeff") == old.startswith("\ufeff")
    assert ("\r\n" in old) == ("\r\n" in new) and (new.count("\r\n") == new.count("\n") or "\r\n" not in old)
    assert new.endswith("\n") == old.endswith("\n")


def test_blank_line_separation_is_copied() -> None:
    new = check_edit(INDENTLESS_BLANKS)
    assert "  scopes:\n  - write:widgets\n\n- path: /api/v1/widgets/{id}\n" in new
    assert "  cache_ttl: 60s\n\n- path: /api/v1/users\n" in new
    assert new.endswith(
        "  cache_ttl: 30s\n\n- path: /api/v1/gadgets\n  method: POST\n  proxy_upstream: $GADGET_SERVICE_URL\n"
        "  auth_required: true\n  scopes:\n  - write:gadgets\n"
    )


def test_same_upstream_goes_after_its_group_not_at_end() -> None:
    new = check_edit(GUIDE, [GET_ONE])
    lines = new.splitlines()
    assert lines.index("  - path: /api/v1/widgets/{id}") < lines.index("  - path: /api/v1/users")


def test_comment_ownership() -> None:
    new = check_edit(COMMENTS)
    lines = new.splitlines()
    todo = lines.index("    # TODO: shorten once the cache is warm")
    assert lines[todo + 1] == "  - path: /api/v1/widgets/{id}"  # after the entry's own comment
    assert lines[todo + 6] == "  # --- user service ---------------------------------------------"
    assert lines[-2:] == COMMENTS.splitlines()[-2:]  # the closing block stays last
    assert lines[-9] == "  - path: /api/v1/gadgets"


def test_other_top_level_keys_after_the_list() -> None:
    new = check_edit(TOP_LEVEL_AROUND)
    assert new.index("/api/v1/gadgets") < new.index("cors:")
    assert "    cache_ttl: 60s\n  - path: /api/v1/widgets/{id}\n" in new


def test_extra_keys_and_spellings_are_copied() -> None:
    new = check_edit(EXTRA_KEYS)
    added = new[len(EXTRA_KEYS) :]
    assert added.count("auth_required: yes") == 2 and "true" not in added
    # the caller's GET is equal to a hand-written 'get' entry with more fields: nothing to do
    same = {"path": "/api/v1/widgets", "method": "GET", "proxy_upstream": W, "auth_required": True, "cache_ttl": "60s"}
    assert add_routes(EXTRA_KEYS, [same]) == (
        EXTRA_KEYS,
        ["GET /api/v1/widgets: already present at line 2, left as is"],
    )


# ------------------------------------------------------------------------------------------- empty lists


@pytest.mark.parametrize(
    "old, replaced",
    [
        ("routes: []\n", ("routes: []", "routes:")),
        ("version: 1\nroutes: [ ]   # none yet\nother: x\n", ("routes: [ ]   # none yet", "routes:   # none yet")),
        ("routes: ~\n", ("routes: ~", "routes:")),
        ("routes: null\r\n", ("routes: null\r", "routes:\r")),
    ],
)
def test_empty_flow_or_null_list_becomes_block_list(old: str, replaced: tuple[str, str]) -> None:
    new, notes = add_routes(old, NEW)
    # the single allowed non-insertion: that one line loses its '[]' / '~' / 'null'
    assert_insertions_only(old.replace(replaced[0], replaced[1], 1), new)
    assert sum(tag != "insert" for tag, _, _ in line_ops(old, new)) == 1
    assert load(new)["routes"] == NEW
    assert {k: v for k, v in load(new).items() if k != "routes"} == {
        k: v for k, v in load(old).items() if k != "routes"
    }
    assert any("block list" in n for n in notes)
    assert add_routes(new, NEW)[0] == new


@pytest.mark.parametrize(
    "old",
    [
        "routes:\n",
        "# header only\n",
        "# header, no newline",
        "routes:\nlimits:\n  x: 1\n",
        "routes:  # filled by elqnt-scaffold\n\n# trailing\n",
        "---\n",
        "version: 1\n\nother: 2\n",
        "version: 1\n",
    ],
)
def test_empty_or_missing_list(old: str) -> None:
    new = check_edit(old)
    assert load(new)["routes"] == NEW


def test_empty_list_uses_the_files_sequence_indent() -> None:
    new = check_edit("cors:\n- a\nroutes:\n")
    assert "\n- path: /api/v1/widgets/{id}\n  method: GET\n" in new
    assert "  scopes:\n  - write:gadgets\n" in new


def test_missing_file_is_created_in_guide_style() -> None:
    expected = (
        NEW_FILE_HEADER + "\n"
        "routes:\n"
        "  - path: /api/v1/widgets/{id}\n"
        "    method: GET\n"
        "    proxy_upstream: $WIDGET_SERVICE_URL\n"
        "    auth_required: true\n"
        "    cache_ttl: 60s\n"
        "  - path: /api/v1/gadgets\n"
        "    method: POST\n"
        "    proxy_upstream: $GADGET_SERVICE_URL\n"
        "    auth_required: true\n"
        "    scopes:\n"
        "      - write:gadgets\n"
    )
    for text in (None, ""):
        new, notes = add_routes(text, NEW)
        assert new == expected
        assert notes == ["GET /api/v1/widgets/{id}: added at line 3", "POST /api/v1/gadgets: added at line 8"]
        assert add_routes(new, NEW) == (
            new,
            [f"{n.split(':')[0]}: already present at line {n.split()[-1]}, left as is" for n in notes],
        )


def test_nothing_to_add_returns_the_text_untouched() -> None:
    assert add_routes(GUIDE, []) == (GUIDE, [])
    new = check_edit(GUIDE)
    assert add_routes(new, NEW)[0] is new or add_routes(new, NEW)[0] == new


# ------------------------------------------------------------------------------------------- conflicts


def test_conflict_names_the_existing_entry_line() -> None:
    other = dict(GET_ONE, path="/api/v1/widgets", proxy_upstream="$LEGACY_URL")
    with pytest.raises(RoutesConflict) as err:
        add_routes(GUIDE, [other])
    assert err.value.line == 3
    assert err.value.field == "proxy_upstream"
    assert str(err.value).startswith(
        "line 3: field 'proxy_upstream': GET /api/v1/widgets already exists with other values: proxy_upstream is '$WIDGET_SERVICE_URL' there, not '$LEGACY_URL'"
    )
    assert isinstance(err.value, RoutesFileError)


def test_conflict_on_a_missing_field_and_within_the_request() -> None:
    with pytest.raises(RoutesConflict) as err:
        add_routes(GUIDE, [dict(GET_ONE, path="/api/v1/widgets", cache_ttl="5m")])
    assert (err.value.line, err.value.field) == (3, "cache_ttl")
    with pytest.raises(RoutesConflict):
        add_routes(GUIDE, [GET_ONE, dict(GET_ONE, auth_required=False)])
    assert add_routes(GUIDE, [GET_ONE, dict(GET_ONE)])[0] == add_routes(GUIDE, [GET_ONE])[0]


def test_conflict_writes_nothing_even_with_other_new_entries() -> None:
    bad = dict(POST_GADGET, path="/api/v1/users", method="GET", proxy_upstream="$X_URL")
    with pytest.raises(RoutesConflict) as err:
        add_routes(GUIDE, [GET_ONE, bad])
    assert err.value.line == 14


# ------------------------------------------------------------------------------------------- errors


@pytest.mark.parametrize(
    "text, line, field",
    [
        ("routes:\n  - path: /a\n\tmethod: GET\n", 3, None),  # a tab
        ("routes:\n  - path: [/a\n", 3, None),
        ("routes:\n  - path: /a\n    method: GET\n    method: POST\n", 4, "method"),  # duplicate key
        ("routes: 1\nroutes: []\n", 2, "routes"),
        ("routes:\n  - just a string\n", 2, None),
        ("routes:\n  - path: /a\n", 2, "method"),
        ("routes:\n  - path: /a\n    method: 12\n", 3, "method"),
        ("routes: {a: 1}\n", 1, "routes"),
        ("routes: [{path: /a, method: GET}]\n", 1, "routes"),
        ("- a\n- b\n", 1, None),
        ("a: b\n---\nc: d\n", 2, None),
        ("routes:\n  - path: \x07\n", 2, None),
    ],
)
def test_invalid_files_raise_with_a_line(text: str, line: int, field: str | None) -> None:
    for call in (lambda: read_routes(text), lambda: add_routes(text, NEW)):
        with pytest.raises(RoutesFileError) as err:
            call()
        assert not isinstance(err.value, RoutesConflict)
        assert err.value.line == line, str(err.value)
        assert err.value.field == field
        assert str(err.value).startswith(f"line {line}: ")


def test_bad_entries_are_a_programming_error() -> None:
    with pytest.raises(ValueError):
        add_routes(GUIDE, [{"path": "/x"}])


def test_guard_refuses_anything_but_insertions(monkeypatch: pytest.MonkeyPatch) -> None:
    from elqnt_scaffold.sources.yaml import splice

    real_splice = splice._splice

    def lossy(lines, replacements, inserts):  # a splice that also loses a neighbour's line
        out = real_splice(lines, replacements, inserts)
        del out[1]
        return out

    monkeypatch.setattr(splice, "_splice", lossy)
    with pytest.raises(RoutesFileError, match="refusing to rewrite") as err:
        add_routes(GUIDE, NEW)
    assert "line 2 'routes:' would be removed" in str(err.value)


def test_verification_catches_a_wrong_meaning(monkeypatch: pytest.MonkeyPatch) -> None:
    from elqnt_scaffold.sources.yaml import place

    # inserting in the middle of an entry is all insertions, but means something else
    monkeypatch.setattr(place, "insertion_line", lambda doc, i, dash_col, closing: 4)
    for full in (False, True):
        with pytest.raises(RoutesFileError, match="refusing to write"):
            add_routes(GUIDE, NEW, full_check=full)


@pytest.mark.parametrize("name", sorted(CORPUS))
def test_local_check_agrees_with_the_full_parse(name: str) -> None:
    old = CORPUS[name][0]
    assert add_routes(old, NEW) == add_routes(old, NEW, full_check=True)


def test_local_check_is_what_usually_runs(monkeypatch: pytest.MonkeyPatch) -> None:
    from elqnt_scaffold.sources.yaml import splice

    calls: list[str] = []
    real = splice.verify
    monkeypatch.setattr(splice, "verify", lambda *a: calls.append("full") or real(*a))
    add_routes(GUIDE, NEW)
    assert calls == []
    # aliases could make a node stand for another: parse the whole result
    aliased = GUIDE.replace("routes:", "defaults: &auth true\nroutes:").replace(
        "auth_required: true\n    cache_ttl: 30s", "auth_required: *auth\n    cache_ttl: 30s"
    )
    assert read_routes(aliased)[-1].fields["auth_required"] is True
    check_edit(aliased)
    assert calls
    calls.clear()
    check_edit(
        "routes:\n  - path: /a\n    method: GET\n    proxy_upstream: $WIDGET_SERVICE_URL\n    note: |+\n      kept\n\n\n"
    )
    assert calls  # a block scalar keeps trailing blank lines: parse the whole result


# ------------------------------------------------------------------------------------------- read_routes


def test_read_routes() -> None:
    routes = read_routes(COMMENTS)
    assert routes == [
        RouteEntry(
            "GET",
            "/api/v1/widgets",
            {
                "path": "/api/v1/widgets",
                "method": "GET",
                "proxy_upstream": W,
                "auth_required": True,
                "cache_ttl": "60s",
            },
            6,
        ),
        RouteEntry(
            "GET",
            "/api/v1/users",
            {
                "path": "/api/v1/users",
                "method": "GET",
                "proxy_upstream": "$USER_SERVICE_URL",
                "auth_required": True,
                "cache_ttl": "30s",
            },
            13,
        ),
    ]
    assert list(routes[0].fields) == ["path", "method", "proxy_upstream", "auth_required", "cache_ttl"]
    assert read_routes("") == [] and read_routes("routes: []\n") == [] and read_routes("x: 1\n") == []
    assert [r.line for r in read_routes(MIXED)] == [4, 9, 14]


def test_read_routes_values_match_safe_load() -> None:
    text = """\
defaults: &d
  auth_required: true
  timeout: 30
routes:
  - <<: *d
    path: /a
    method: GET
    weight: 1.5
    tags: !!set {a, b}
    note: !!str yes
    when: 2024-01-01
  - {path: "/b", method: 'POST', x: ~, y: "yes", z: 0x10}
"""
    got = [r.fields for r in read_routes(text)]
    assert got == yaml.safe_load(text)["routes"]


@pytest.mark.parametrize(
    "old",
    [
        # the entry above the insertion point ends in a block scalar, a multi-line plain scalar, a
        # multi-line flow list, a quoted scalar over two lines
        "routes:\n  - path: /a\n    method: GET\n    proxy_upstream: $WIDGET_SERVICE_URL\n    note: |\n      two\n      lines\n\n",
        "routes:\n  - path: /a\n    method: GET\n    proxy_upstream: $WIDGET_SERVICE_URL\n    note: >-\n      folded\n\n\n# end\n",
        "routes:\n  - path: /a\n    method: GET\n    proxy_upstream: $WIDGET_SERVICE_URL\n    note: a plain\n      scalar\n",
        "routes:\n  - path: /a\n    method: GET\n    proxy_upstream: $WIDGET_SERVICE_URL\n    scopes: [a,\n      b]\nnext: 1\n",
        'routes:\n  - path: /a\n    method: GET\n    proxy_upstream: $WIDGET_SERVICE_URL\n    note: "quoted\n      on two lines"\n',
        '"routes":\n  - "path": /a\n    "method": GET\n    "proxy_upstream": $WIDGET_SERVICE_URL\n',
        "routes:\n  - path: /a\n    method: GET\n    proxy_upstream: $WIDGET_SERVICE_URL\n    extra:\n      nested: {x: 1}\n      deeper:\n        - 1\n",
        "routes:\n- &first\n  path: /a\n  method: GET\n  proxy_upstream: $WIDGET_SERVICE_URL\n- <<: *first\n  path: /b\n",
    ],
)
def test_odd_neighbours(old: str) -> None:
    check_edit(old)


def test_non_ascii_and_odd_scalars_round_trip() -> None:
    text = "routes:\n  - path: /api/v1/café  # é\n    method: GET\n    proxy_upstream: $CAFE_URL\n"
    entries = [
        {"path": "/api/v1/café/{id}", "method": "GET", "proxy_upstream": "$CAFE_URL", "note": "it's: #1", "n": "123"},
        {
            "path": "/api/v1/x",
            "method": "PUT",
            "proxy_upstream": "$CAFE_URL",
            "scopes": ["a b", "yes", "- x", ""],
            "q": 'say "hi"\n',
        },
    ]
    check_edit(text, entries)


# ------------------------------------------------------------------------------------------- other lists

TYGO = """\
# tygo generate: Go models -> TypeScript
packages:
  - path: "github.com/eloquent/eloquent/services/user-service/models"
    output_path: "../eloquent-packages/packages/types/src/user.ts"
    type_mappings:
      time.Time: "string"

  - path: "github.com/eloquent/eloquent/services/org-service/models"
    output_path: "../eloquent-packages/packages/types/src/org.ts"
"""


def test_add_items_to_another_list() -> None:
    entry = {
        "path": "github.com/eloquent/eloquent/services/widget-service/models",
        "output_path": "../eloquent-packages/packages/types/src/widget.ts",
        "type_mappings": {"time.Time": "string"},
    }
    new, notes = add_items(TYGO, [entry], list_key="packages", key_fields=("path",))
    assert_insertions_only(TYGO, new)
    assert new == TYGO + (
        "\n"
        '  - path: "github.com/eloquent/eloquent/services/widget-service/models"\n'
        '    output_path: "../eloquent-packages/packages/types/src/widget.ts"\n'
        "    type_mappings:\n"
        '      time.Time: "string"\n'
    )
    assert load(new)["packages"] == load(TYGO)["packages"] + [entry]
    assert notes == ["github.com/eloquent/eloquent/services/widget-service/models: added at line 11"]
    assert add_items(new, [entry], "packages", key_fields=("path",))[0] == new
    with pytest.raises(RoutesConflict) as err:
        add_items(new, [dict(entry, output_path="elsewhere.ts")], "packages", key_fields=("path",))
    assert (err.value.line, err.value.field) == (11, "output_path")
    created, _ = add_items(None, [entry], "packages", key_fields=("path",))
    assert created.startswith("packages:\n  - path: github.com/eloquent/eloquent/services/widget-service/models\n")
    assert load(created) == {"packages": [entry]}
