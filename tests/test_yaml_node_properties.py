"""Node properties in hand-kept YAML lists (issue #13, section 3): anchors, tags, aliases, merge keys.

pyyaml marks a node from its properties on ('routes: &r' starts the list at the '&'), and an alias is
the node it names, with that node's marks. The line edits (add, replace, remove) must read the layout
past them, insert and remove where the text really is, or refuse clearly, naming a line of the user's
file. Whatever they return is checked whole: an edit that would not read back as asked is refused,
never returned (nothing is written; exit 2 at the CLI).
"""

from __future__ import annotations

import difflib
import subprocess
import sys

import pytest
import yaml
from hypothesis import HealthCheck, given, note, settings
from hypothesis import strategies as st

from elqnt_scaffold.sources.yaml import place, splice
from elqnt_scaffold.sources.yaml.document import EditRefused
from elqnt_scaffold.sources.yaml.remove import item_span, remove_items, remove_routes, replace_items, replace_routes
from elqnt_scaffold.sources.yaml.splice import RoutesFileError, add_items, add_routes, read_routes
from tests.conftest import ROOT, tree_digest
from tests.test_yamlsplice import check_edit, expected_routes

ROUTES = "services/api-gateway/config/routes.yaml"
ARGS = ["--field", "name:string:required", "--only", "service,gateway", "--no-tidy"]
NEW = {"path": "/api/v1/new", "method": "POST", "proxy_upstream": "$A_URL", "auth_required": True, "scopes": ["w:a", "w:b"]}
OTHER = {"path": "/api/v1/other", "method": "GET", "proxy_upstream": "$Z_URL", "auth_required": False, "cache_ttl": "5s"}
ENTRY = "  - path: /a\n    method: GET\n    proxy_upstream: $A_URL\n"
DRAFT_NAMES = ("<unicode string>", "<string>", "/tmp/", ".elqnt-tmp")


def load(text: str) -> dict:
    return yaml.safe_load(text.lstrip("\ufeff")) or {}


def inserted(old: str, new: str) -> list[str]:
    """The lines ``new`` has that ``old`` has not (difflib), line endings dropped."""
    a, b = old.splitlines(), new.splitlines()
    sm = difflib.SequenceMatcher(None, a, b, autojunk=False)
    assert all(tag in ("equal", "insert") for tag, *_ in sm.get_opcodes()), "insertions only"
    return [line for tag, _, _, j1, j2 in sm.get_opcodes() if tag == "insert" for line in b[j1:j2]]


def entry_dashes(lines: list[str]) -> set[int]:
    """Columns of the '-' that start list entries (not those of a scope list) among ``lines``."""
    starts = ("- path:", "- method:", "- {", "- *", "- &", "- !", "- <<")
    return {len(x) - len(x.lstrip(" ")) for x in lines if x.strip() == "-" or x.strip().startswith(starts)}


def refused(call, line: int, *words: str) -> RoutesFileError:
    """``call`` raises RoutesFileError at ``line`` of the user's file, saying ``words``, naming no draft."""
    with pytest.raises(RoutesFileError) as err:
        call()
    assert err.value.line == line, str(err.value)
    for w in words:
        assert w in str(err.value), str(err.value)
    assert not any(d in str(err.value) for d in DRAFT_NAMES), str(err.value)
    return err.value


# ------------------------------------------------------------------------------------------- the list itself


@pytest.mark.parametrize(
    "head, dash",
    [
        ("routes: &r", 2),  # the case: new entries went to column 8
        ("routes: &routes_table   # shared", 2),
        ("routes: !!seq", 2),
        ("routes: !!seq &r", 2),
        ("routes: !<tag:yaml.org,2002:seq>", 2),
        ("routes:\n  &r", 2),  # the anchor on a line of its own
        ("routes: &r", 0),  # entries at the key's column
    ],
)
def test_a_list_with_properties_gets_entries_at_its_dash_column(head: str, dash: int) -> None:
    body = "".join(" " * dash + line[2:] + "\n" for line in ENTRY.splitlines())
    old = f"# gateway\n{head}\n{body}\nnext: 1\n"
    new = check_edit(old, [NEW, OTHER])  # insertions only, old + new entries, rest unchanged, idempotent
    assert entry_dashes(inserted(old, new)) == {dash}
    assert head in new
    assert remove_routes(new, [{"method": e["method"], "path": e["path"]} for e in (NEW, OTHER)])[0] == old


@pytest.mark.parametrize(
    "old, kept",
    [
        ("routes: &r []\nx: 1\n", "routes: &r\n"),
        ("routes: !!seq []\n", "routes: !!seq\n"),
        ("routes: &r ~  # none yet\n", "routes: &r  # none yet\n"),
        ("routes: &r\nx: 1\n", "routes: &r\n"),
    ],
)
def test_an_empty_list_with_properties_keeps_them(old: str, kept: str) -> None:
    new, _ = add_routes(old, [NEW])
    assert new.startswith(kept)
    assert load(new)["routes"] == [NEW]
    assert {k: v for k, v in load(new).items() if k != "routes"} == {k: v for k, v in load(old).items() if k != "routes"}


@pytest.mark.parametrize(
    "old, line, words",
    [
        # an alias of a list written elsewhere: its entries are there
        ("base: &b\n" + ENTRY + "routes: *b\n", 5, ("alias of a list written elsewhere (line 2)",)),
        # an anchored list another key uses: that key would gain the entries too
        ("routes: &r\n" + ENTRY + "mirror: *r\n", 1, ("&r", "alias at line 5")),
        ("routes: &r []\nmirror: *r\n", 1, ("&r", "alias at line 2")),
        ("x: 1\nroutes: !custom\n" + ENTRY, 2, ("not !custom",)),
        ("routes: !!str\n", 1, ("block list",)),
        ("routes: !!null ~\n", 1, ("block list",)),
    ],
)
def test_lists_that_cannot_take_entries_are_refused_at_their_line(old: str, line: int, words: tuple[str, ...]) -> None:
    err = refused(lambda: add_routes(old, [NEW]), line, *words)
    assert not isinstance(err, EditRefused)  # a clear refusal, not an internal error


def test_remove_and_replace_in_an_anchored_list_and_the_same_refusals() -> None:
    old = "routes: &r\n" + ENTRY + "  - path: /b\n    method: GET\n    proxy_upstream: $A_URL\n"
    new, _ = remove_routes(old, [{"method": "GET", "path": "/a"}])
    assert new == "routes: &r\n  - path: /b\n    method: GET\n    proxy_upstream: $A_URL\n"
    new, _ = replace_routes(old, [({"method": "GET", "path": "/b"}, {"path": "/b", "method": "GET", "proxy_upstream": "$Z"})])
    assert new == "routes: &r\n" + ENTRY + "  - path: /b\n    method: GET\n    proxy_upstream: $Z\n"
    assert item_span(old, "routes", {"method": "GET", "path": "/b"}) == (5, 7, old.split("\n", 4)[4])
    used = old + "mirror: *r\n"
    refused(lambda: remove_routes(used, [{"method": "GET", "path": "/a"}]), 1, "alias at line 8")
    refused(lambda: replace_routes(used, [({"method": "GET", "path": "/a"}, {"path": "/a", "method": "PUT"})]), 1)


# ------------------------------------------------------------------------------------------- entries


HIDDEN = "hidden: &h {path: /h, method: GET, proxy_upstream: $H_URL}\n"


@pytest.mark.parametrize(
    "old",
    [
        # an alias as the last entry, in the middle, first, twice in a row, its '-' alone, a comment after
        HIDDEN + "routes:\n" + ENTRY + "  - *h\n",
        HIDDEN + "routes:\n" + ENTRY + "  - *h\n" + ENTRY.replace("/a", "/b"),
        HIDDEN + "routes:\n  - *h\n" + ENTRY,
        HIDDEN + "h2: &g {path: /g, method: GET, proxy_upstream: $A_URL}\nroutes:\n" + ENTRY + "  - *h\n  - *g  # g\n",
        HIDDEN + "routes:\n" + ENTRY + "  -\n    *h\n",
        # an alias of an entry's inner node, and of an earlier entry as a whole (merge)
        "routes:\n" + ENTRY + "    x: &m {path: /m, method: GET, proxy_upstream: $A_URL}\n  - *m\n",
        "routes:\n  - &e\n    path: /a\n    method: GET\n    proxy_upstream: $A_URL\n  - <<: *e\n    path: /b\n",
    ],
)
def test_alias_entries_are_read_where_they_are_written(old: str) -> None:
    lines = old.splitlines()
    for route in read_routes(old):  # an alias entry's line is the alias's, not its anchor's
        if route.path in ("/h", "/g", "/m"):
            assert lines[route.line - 1].strip().startswith("*") or lines[route.line - 1].strip().startswith("- *")
    new = check_edit(old, [NEW, OTHER])
    assert entry_dashes(inserted(old, new)) == {2}
    back, _ = remove_routes(new, [{"method": e["method"], "path": e["path"]} for e in (NEW, OTHER)])
    assert back == old


def test_alias_entries_can_be_removed_and_replaced_by_their_own_line() -> None:
    old = HIDDEN + "routes:\n" + ENTRY + "  - *h\n" + ENTRY.replace("/a", "/b")
    assert item_span(old, "routes", {"method": "GET", "path": "/h"}) == (6, 6, "  - *h\n")
    new, notes = remove_routes(old, [{"method": "GET", "path": "/h"}])
    assert new == old.replace("  - *h\n", "") and notes == ["GET /h: removed lines 6-6"]
    new, _ = replace_routes(old, [({"method": "GET", "path": "/h"}, {"path": "/h", "method": "GET", "proxy_upstream": "$Z"})])
    assert new == old.replace("  - *h\n", "  - path: /h\n    method: GET\n    proxy_upstream: $Z\n")
    assert load(new)["hidden"] == {"path": "/h", "method": "GET", "proxy_upstream": "$H_URL"}  # the anchor's node stays
    err = refused(lambda: add_routes(old, [dict(NEW, path="/h", method="GET")]), 6, "already exists")
    assert err.field == "proxy_upstream"


@pytest.mark.parametrize(
    "entry",
    [
        "  - &e path: /a\n    method: GET\n    proxy_upstream: $A_URL\n",  # an anchor on the first key
        "  - &e\n    path: /a\n    method: GET\n    proxy_upstream: $A_URL\n",  # on the entry, keys below
        "  - !!map\n    path: /a\n    method: GET\n    proxy_upstream: $A_URL\n",
        "  - path: !!str /a\n    method: !!str GET\n    proxy_upstream: $A_URL\n    auth_required: !!bool true\n",
        "  - path: &p /a\n    method: GET\n    proxy_upstream: $A_URL\n    other: *p\n",  # ends in an alias
        "  - path: /a\n    method: POST\n    proxy_upstream: $A_URL\n    scopes: &w\n      - write:a\n",
        "  - path: /a\n    method: POST\n    proxy_upstream: $A_URL\n    scopes: !!seq\n      - write:a\n",
        "  - path: /a\n    method: POST\n    proxy_upstream: $A_URL\n    scopes: &w [ write:a ]\n",
        "  - path: /a\n    method: GET\n    <<: *d\n",  # merge keys, last, first, a list of them
        "  - <<: *d\n    path: /a\n    method: GET\n",
        "  - path: /a\n    method: GET\n    <<: [*d, *t]\n",
        "  - &f {path: /a, method: GET, proxy_upstream: $A_URL}\n",  # flow entries with properties
        "  - !!map {path: /a, method: GET, <<: *d}\n",
        "  - {path: /a, method: GET, proxy_upstream: $A_URL}\n  - path: /b\n    method: GET\n    proxy_upstream: $A_URL\n",
        "  - path: /b\n    method: GET\n    proxy_upstream: $A_URL\n  - {path: /a, method: GET, proxy_upstream: $A_URL}\n",
    ],
)
def test_entries_with_properties_are_neighbours_like_any_other(entry: str) -> None:
    old = "d: &d {proxy_upstream: $A_URL}\nt: &t {cache_ttl: 5s}\nroutes:\n" + entry + "# end\n"
    new = check_edit(old, [NEW, OTHER])
    added = inserted(old, new)
    assert entry_dashes(added) == {2}
    # a block scope list at the neighbour's indentation whatever its anchor or tag; a flow one copied
    assert all(line.startswith("      - w:") for line in added if line.lstrip().startswith("- w:")), added
    if "[ write:a ]" in entry:
        assert "scopes: [ w:a, w:b ]" in "".join(added)
    assert not any(c in "".join(added) for c in "&*!"), "new entries are written plainly"
    assert new.rstrip().endswith("# end")
    # and back: replace and remove work on such files too
    back, _ = remove_routes(new, [{"method": e["method"], "path": e["path"]} for e in (NEW, OTHER)])
    assert back == old
    swapped, _ = replace_routes(new, [({"method": "POST", "path": "/api/v1/new"}, dict(NEW, auth_required=False))])
    assert load(swapped)["routes"] == [dict(r, auth_required=False) if r == NEW else r for r in load(new)["routes"]]


# ------------------------------------------------------------------------------------------- tygo.yaml

TYGO = 'packages: &pkgs\n  - path: "github.com/x/a/models"\n    output_path: "a.ts"\n    type_mappings: &tm\n      time.Time: "string"\n'


def test_tygo_packages_with_properties() -> None:
    entry = {"path": "github.com/x/b/models", "output_path": "b.ts"}
    new, _ = add_items(TYGO, [entry], list_key="packages", key_fields=("path",))
    assert inserted(TYGO, new) == ['  - path: "github.com/x/b/models"', '    output_path: "b.ts"']
    assert load(new)["packages"] == load(TYGO)["packages"] + [entry]
    assert remove_items(new, "packages", [{"path": "github.com/x/b/models"}])[0] == TYGO
    new2, _ = replace_items(new, "packages", [({"path": "github.com/x/b/models"}, dict(entry, output_path="c.ts"))])
    assert load(new2)["packages"][1] == dict(entry, output_path="c.ts")
    shared = TYGO + '  - path: "github.com/x/c/models"\n    type_mappings: *tm\n'
    refused(
        lambda: remove_items(shared, "packages", [{"path": "github.com/x/a/models"}]), 4, "&tm", "alias at line 7"
    )
    refused(lambda: add_items("packages: *p\np: &p []\n", [entry], "packages"), 1, "undefined alias")


# ------------------------------------------------------------------------------------------- the guard


def test_the_fast_check_never_decides_on_a_file_with_properties(monkeypatch: pytest.MonkeyPatch) -> None:
    calls: list[int] = []
    real = splice.verify
    monkeypatch.setattr(splice, "verify", lambda *a: calls.append(1) or real(*a))
    for old in ("routes: &r\n" + ENTRY, "routes:\n" + ENTRY.replace("GET", "!!str GET"), HIDDEN + "routes:\n  - *h\n"):
        calls.clear()
        add_routes(old, [NEW])
        assert calls == [1], old
    calls.clear()
    add_routes("routes:\n" + ENTRY, [NEW])
    assert calls == []  # a plain file: the proof from the inserted lines


@pytest.mark.parametrize("text", ["routes: &r\n" + ENTRY + "x: 1\n", "routes:\n" + ENTRY + "x: 1\n"])
def test_a_wrong_placement_is_refused_at_the_users_line(monkeypatch: pytest.MonkeyPatch, text: str) -> None:
    """The issue's bug, put back: entries rendered at column 8. The check refuses, naming the user's line
    after which they would go (not a line of the edited draft), and returns nothing."""
    monkeypatch.setattr(place, "dash_column", lambda doc: 8)
    err = refused(lambda: add_routes(text, [NEW]), 4, "refusing to write", "insert after this one")
    assert isinstance(err, EditRefused)
    for full in (False, True):
        with pytest.raises(EditRefused):
            add_routes(text, [NEW], full_check=full)


def test_verification_names_the_users_lines(monkeypatch: pytest.MonkeyPatch) -> None:
    old = "a: 1\nroutes:\n" + ENTRY + ENTRY.replace("/a", "/b").replace("$A_URL", "$B_URL") + "z: 2\n"
    real = place.render_entries
    # a line that joins the entry above: every line parses, but that entry changes
    monkeypatch.setattr(place, "render_entries", lambda *a, **k: ["    extra: 1\n"] + real(*a, **k))
    err = refused(lambda: add_routes(old, [NEW]), 3, "this entry would change")
    assert isinstance(err, EditRefused)
    # an entry that reads back as another: named by the line it would follow
    monkeypatch.setattr(place, "render_entries", lambda entries, *a, **k: real([dict(e, x=1) for e in entries], *a, **k))
    refused(lambda: add_routes(old, [NEW]), 5, "reads back differently", "insert after this one")


def test_unreadable_values_name_their_line_not_the_parser() -> None:
    for value, line in (("!!int abc", 5), ("2020-99-99", 5), ("!foo x", 5), ("[1, !!float x]", 5)):
        text = "routes:\n" + ENTRY.replace("/a", "/x") + f"    v: {value}\n"
        refused(lambda: read_routes(text), line, "cannot read value")
        refused(lambda: add_routes(text, [dict(NEW, path="/x", method="GET")]), line)
        assert add_routes(text, [NEW])[0].startswith(text)  # an entry the edit does not read stays as it is


# ------------------------------------------------------------------------------------------- random files


@st.composite
def propertied_tables(draw: st.DrawFn) -> tuple[str, int]:
    """A routes file whose list, entries, keys and values carry anchors, tags, aliases and merge keys."""
    dash = draw(st.sampled_from([0, 2, 4]))
    lines = ["d: &d {auth_required: true}", "h: &h {path: /api/v9/h, method: GET, proxy_upstream: $H_URL}"]
    head = draw(st.sampled_from(["routes:", "routes: &r", "routes: !!seq", "routes: !!seq &r  # c", "routes: &r # c"]))
    lines.append(head)
    if head == "routes:" and dash and draw(st.booleans()):
        lines.append(" " * dash + "&r")
    pad, col, alias = " " * dash, dash + 2, draw(st.integers(-1, 6))
    for i in range(draw(st.integers(1, 6))):
        if i == alias:  # at most one: the same node twice in the list cannot be removed by line
            lines.append(pad + draw(st.sampled_from(["- *h", "- *h  # the health check", "-\n" + pad + "  *h"])))
            continue
        up = draw(st.sampled_from(["$A_URL", "$B_URL"]))
        method = draw(st.sampled_from(["GET", "POST"]))
        tag = draw(st.sampled_from(["", "", "!!str "]))
        pairs = [("path", f"{tag}/api/v1/r{i}"), ("method", method), ("proxy_upstream", up)]
        pairs.append(("<<", "*d") if draw(st.booleans()) else ("auth_required", draw(st.sampled_from(["true", "!!bool false"]))))
        form = draw(st.sampled_from(["block", "anchored", "dash_alone", "tagged", "flow"]))
        if form == "flow":
            lines.append(pad + f"- {draw(st.sampled_from(['', f'&f{i} ', '!!map ']))}{{" + ", ".join(f"{k}: {v}" for k, v in pairs) + "}")
            continue
        body = [" " * col + f"{k}: {v}" for k, v in pairs]
        if method == "POST":
            props = draw(st.sampled_from(["", " &s" + str(i), " !!seq"]))
            body += [" " * col + f"scopes:{props}", " " * (col + 2) + "- write:x"]
        if form == "block":
            lines += [pad + "- " + body[0][col:]] + body[1:]
        elif form == "anchored":
            lines += [pad + f"- &e{i} " + body[0][col:]] + body[1:]
        else:
            lines += [pad + ("-" if form == "dash_alone" else "- !!map")] + body
        if draw(st.integers(0, 3)) == 0:
            lines.append("")
    if draw(st.booleans()):
        lines += ["", "# end of routes"]
    return "\n".join(lines) + "\n", dash


@settings(max_examples=300, deadline=None, suppress_health_check=[HealthCheck.too_slow])
@given(table=propertied_tables(), data=st.data())
def test_random_tables_with_node_properties(table: tuple[str, int], data: st.DataObject) -> None:
    old, dash = table
    note(old)
    fresh = [
        {"path": f"/api/v2/n{i}", "method": m, "proxy_upstream": up, "auth_required": True} | ({"scopes": ["w:n"]} if m == "POST" else {})
        for i, (m, up) in enumerate(data.draw(st.lists(st.tuples(st.sampled_from(["GET", "POST"]), st.sampled_from(["$A_URL", "$B_URL", "$C_URL"])), min_size=1, max_size=3)))
    ]
    new, notes = add_routes(old, fresh)  # everything generated here is supported: no refusal
    note(new)
    added = inserted(old, new)
    assert load(new)["routes"] == expected_routes(load(old)["routes"], fresh)
    assert {k: v for k, v in load(new).items() if k != "routes"} == {k: v for k, v in load(old).items() if k != "routes"}
    assert entry_dashes(added) == {dash}
    assert not any(c in "".join(added) for c in "&*!")
    assert add_routes(old, fresh, full_check=True) == (new, notes)
    assert add_routes(new, fresh)[0] == new
    assert remove_routes(new, [{"method": e["method"], "path": e["path"]} for e in fresh])[0] == old


# ------------------------------------------------------------------------------------------- the CLI


def test_cli_add_endpoint_on_an_anchored_routes_list(cli, example) -> None:
    routes = example / ROUTES
    old = routes.read_text().replace("\nroutes:\n", "\nroutes: &r\n", 1)
    routes.write_text(old)
    run = cli("add-endpoint", "widget", "--repo", str(example), *ARGS)
    assert run.code == 0, run.err
    new = routes.read_text()
    assert "invalid YAML" not in run.out + run.err
    added = load(new)["routes"][len(load(old)["routes"]) :]
    assert load(new)["routes"][: len(load(old)["routes"])] == load(old)["routes"]
    assert [(r["method"], r["path"]) for r in added] == [
        ("GET", "/api/v1/widgets"), ("POST", "/api/v1/widgets"), ("GET", "/api/v1/widgets/{id}"),
        ("PUT", "/api/v1/widgets/{id}"), ("DELETE", "/api/v1/widgets/{id}"),
    ]
    assert entry_dashes(inserted(old, new)) == {0}  # the file's own indentation (entries at column 0)
    run = cli("remove-endpoint", "widget", "--repo", str(example), "--no-tidy")
    assert run.code == 0, run.err
    assert routes.read_text() == old


def test_cli_alias_entry_and_merge_keys(cli, example) -> None:
    routes = example / ROUTES
    text = routes.read_text()
    head = "defaults: &defaults\n  auth_required: true\n"
    head += "health: &health {path: /api/v1/healthz, method: GET, proxy_upstream: $HEALTH_SERVICE_URL, auth_required: false}\n"
    mine = "- *health\n- path: /api/v1/ping\n  method: GET\n  proxy_upstream: $HEALTH_SERVICE_URL\n  <<: *defaults\n\n"
    old = head + text.replace("\nroutes:\n", "\nroutes:\n" + mine, 1)
    routes.write_text(old)
    assert load(old)["routes"][1] == {"path": "/api/v1/ping", "method": "GET", "proxy_upstream": "$HEALTH_SERVICE_URL", "auth_required": True}
    run = cli("add-endpoint", "widget", "--repo", str(example), *ARGS)
    assert run.code == 0, run.err
    new = routes.read_text()
    assert load(new)["routes"][: len(load(old)["routes"])] == load(old)["routes"]
    assert len(load(new)["routes"]) == len(load(old)["routes"]) + 5
    assert "Check: cannot read" not in run.out
    assert new.startswith(head) and mine in new


def test_cli_refuses_an_anchored_list_an_alias_uses(cli, example) -> None:
    routes = example / ROUTES
    old = routes.read_text().replace("\nroutes:\n", "\nroutes: &r\n", 1) + "mirror: *r\n"
    routes.write_text(old)
    line = old.splitlines().index("routes: &r") + 1
    before = tree_digest(example)
    run = cli("add-endpoint", "widget", "--repo", str(example), *ARGS)
    assert run.code == 2
    assert f"{ROUTES}:{line}:" in run.err and "&r" in run.err and "nothing was written" in run.err
    assert tree_digest(example) == before


def test_cli_fails_closed_when_the_edit_would_not_read_back(example) -> None:
    """The issue's bug put back in a real CLI run (new entries at column 8): exit 2, the user's file and
    line, never a temporary file or the draft's lines, and nothing written."""
    routes = example / ROUTES
    old = routes.read_text().replace("\nroutes:\n", "\nroutes: &r\n", 1)
    routes.write_text(old)
    before = tree_digest(example)
    code = (
        "import sys\n"
        "from elqnt_scaffold.sources.yaml import place\n"
        "place.dash_column = lambda doc: 8\n"
        "from elqnt_scaffold.cli import main\n"
        f"sys.argv = ['elqnt-scaffold', 'add-endpoint', 'widget', '--repo', {str(example)!r}, *{ARGS!r}]\n"
        "main()\n"
    )
    run = subprocess.run([sys.executable, "-c", code], cwd=ROOT, capture_output=True, text=True)
    assert run.returncode == 2, run.stdout + run.stderr
    assert f"{ROUTES}:" in run.stderr and "refusing to write" in run.stderr
    said = int(run.stderr.split(f"{ROUTES}:")[1].split(":")[0])  # the last line of the last entry
    assert old.splitlines()[said - 1] == "  - write:projects" and old.splitlines()[said].strip() == ""
    assert "routes.yaml is valid" in run.stderr and "by hand" in run.stderr
    assert not any(d in run.stderr for d in DRAFT_NAMES)
    assert tree_digest(example) == before
