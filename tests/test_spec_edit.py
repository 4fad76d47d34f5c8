"""Saved specs are edited in place (spec/edit.py): `add-endpoint --op/--field/--ops` on a hand-kept spec changes
the nodes it means to change and keeps every other byte (comments, blank lines, key order, quoting, flow or
block style, CRLF); `--field` merges by name; `--spec` must describe RESOURCE; an operation given again keeps
its place."""

from __future__ import annotations

import difflib
from pathlib import Path

import pytest
import yaml

from elqnt_scaffold.errors import UserError
from elqnt_scaffold.spec import from_data
from elqnt_scaffold.spec.edit import merge_fields, set_key, set_operations, upsert_operation
from elqnt_scaffold.sources.yaml.lines import load
from tests.conftest import tree_digest

HAND = """\
# Widgets: a hand-kept spec.
resource: widget
description: "A dashboard widget."   # shown in the docs

fields:
  # the display name
  - {name: name, type: string, required: true, validate: "min=1,max=120", description: Display name.}
  - {name: tags, type: "[]string"}

  - name: config
    type: any   # free-form

operations:
  - list
  - get
  # archive keeps it around
  - {name: archive, method: POST, path: "/{id}/archive", response: resource}
  - name: usage
    method: GET
    path: "/{id}/usage"
    query: [{name: from, type: timestamp, required: true}]
    response: UsageReport
  # more operations go above this line

models:
  UsageReport:
    fields:
      - {name: calls, type: int64, required: true}
"""

SVC = Path("services/widget-service")
SAVED = SVC / "endpoints/widget.yaml"


def _changes(old: str, new: str) -> tuple[list[str], list[str]]:
    """(removed lines, added lines) from `old` to `new`."""
    diff = list(difflib.ndiff(old.splitlines(), new.splitlines()))
    return [d[2:] for d in diff if d.startswith("- ")], [d[2:] for d in diff if d.startswith("+ ")]


def _after(text: str, line: str) -> str:
    lines = text.splitlines()
    return lines[lines.index(line) + 1]


def _valid(text: str):
    return from_data(load(text, "spec").value, "spec")


# ------------------------------------------------------------------------------------------- spec/edit.py


def test_a_new_field_is_a_flow_mapping_after_the_last_field():
    out = merge_fields(HAND, [{"name": "size", "type": "int"}])
    assert _changes(HAND, out) == ([], ["  - {name: size, type: int}"])
    assert _after(out, "    type: any   # free-form") == "  - {name: size, type: int}"
    assert [f.name for f in _valid(out).fields] == ["name", "tags", "config", "size"]


def test_a_field_given_again_with_its_type_only_takes_required():
    out = merge_fields(HAND, [{"name": "name", "type": "string"}])
    assert _changes(HAND, out) == (
        ['  - {name: name, type: string, required: true, validate: "min=1,max=120", description: Display name.}'],
        ['  - {name: name, type: string, validate: "min=1,max=120", description: Display name.}'],
    )
    assert merge_fields(HAND, [{"name": "tags", "type": "[]string"}]) == HAND  # nothing to change: same text


def test_a_field_given_with_another_type_is_replaced_where_it_stands():
    out = merge_fields(HAND, [{"name": "tags", "type": "map[string]string", "required": True}])
    assert _changes(HAND, out) == (
        ['  - {name: tags, type: "[]string"}'],
        ['  - {name: tags, type: "map[string]string", required: true}'],
    )
    out = merge_fields(HAND, [{"name": "config", "type": "string"}])  # a block mapping: its comment stays
    assert _changes(HAND, out) == (["    type: any   # free-form"], ["    type: string   # free-form"])


def test_a_flat_operation_goes_last_in_flow_like_its_flat_neighbour():
    out = upsert_operation(HAND, {"name": "ping", "method": "POST", "path": "/{id}/ping"})
    new = '  - {name: ping, method: POST, path: "/{id}/ping"}'  # the document quotes with "
    assert _changes(HAND, out) == ([], [new])
    assert _after(out, "    response: UsageReport") == new  # above the closing comment, not below it
    assert [o if isinstance(o, str) else o.name for o in _valid(out).operations] == [
        "list", "get", "archive", "usage", "ping"
    ]


def test_a_nested_operation_goes_last_in_block_like_its_nested_neighbour():
    op = {"name": "search", "method": "GET", "path": "/search", "query": [{"name": "q", "type": "string"}],
          "response": "list"}
    out = upsert_operation(HAND, op)
    assert _changes(HAND, out) == ([], [
        "  - name: search",
        "    method: GET",
        "    path: /search",
        "    query:",
        "      - {name: q, type: string}",
        "    response: list",
    ])


def test_an_operation_given_again_is_replaced_in_place_and_the_same_one_changes_nothing():
    out = upsert_operation(HAND, {"name": "archive", "method": "PATCH", "path": "/{id}/archived"})
    assert _changes(HAND, out) == (
        ['  - {name: archive, method: POST, path: "/{id}/archive", response: resource}'],
        ['  - {name: archive, method: PATCH, path: "/{id}/archived"}'],
    )
    same = {"name": "archive", "method": "POST", "path": "/{id}/archive", "response": "resource"}
    assert upsert_operation(HAND, same) == HAND
    out = upsert_operation(HAND, {"name": "usage", "method": "GET", "path": "/{id}/usage", "response": "list"})
    assert _changes(HAND, out) == (
        ["    query: [{name: from, type: timestamp, required: true}]", "    response: UsageReport"],
        ["    response: list"],
    )


def test_a_flow_list_of_operations_stays_flow_with_its_comment():
    text = "resource: widget   # mine\noperations: [list, get]  # read-only for now\n"
    out = upsert_operation(text, {"name": "archive", "method": "POST", "path": "/{id}/archive"})
    assert out == (
        "resource: widget   # mine\n"
        "operations: [list, get, {name: archive, method: POST, path: '/{id}/archive'}]  # read-only for now\n"
    )
    assert set_operations(out, ["get"]) == (
        "resource: widget   # mine\n"
        "operations: [get, {name: archive, method: POST, path: '/{id}/archive'}]  # read-only for now\n"
    )


def test_set_operations_touches_only_the_crud_names():
    out = set_operations(HAND, ["list", "get", "delete"])
    assert _changes(HAND, out) == ([], ["  - delete"])
    assert _after(out, "  - get") == "  - delete"
    assert _changes(HAND, set_operations(HAND, ["get"])) == (["  - list"], [])
    assert set_operations(HAND, ["get", "list"]) == HAND


def test_new_top_level_keys_go_in_the_usual_order():
    assert _changes(HAND, set_key(HAND, "service", "dash-service")) == ([], ["service: dash-service"])
    assert _after(set_key(HAND, "service", "dash-service"), "resource: widget") == "service: dash-service"
    text = "# mine\nresource: widget\n\n# the models\nmodels:\n  Usage:\n    fields: [{name: n, type: int}]\n"
    out = merge_fields(upsert_operation(text, {"name": "ping", "method": "POST", "path": "/{id}/ping"}),
                       [{"name": "size", "type": "int"}])
    assert out == (
        "# mine\nresource: widget\nfields:\n  - {name: size, type: int}\noperations:\n  - list\n  - create\n"
        "  - get\n  - update\n  - delete\n  - {name: ping, method: POST, path: '/{id}/ping'}\n"
        "\n# the models\nmodels:\n  Usage:\n    fields: [{name: n, type: int}]\n"
    )


def test_the_document_indentation_is_kept_for_new_items():
    text = "resource: widget\nfields:\n- {name: a, type: string}\noperations:\n- get\n"  # what dump_spec writes
    out = merge_fields(text, [{"name": "b", "type": "[]int"}])
    assert out == "resource: widget\nfields:\n- {name: a, type: string}\n- {name: b, type: '[]int'}\noperations:\n- get\n"
    block = "resource: widget\nfields:\n    -   name: a\n        type: string\n"
    out = merge_fields(block, [{"name": "b", "type": "int"}, {"name": "c", "type": "[]string"}])
    assert out == block + "    -   name: b\n        type: int\n    -   name: c\n        type: '[]string'\n"


def test_crlf_no_final_newline_and_empty_values():
    text = "resource: widget\r\nfields:   # none yet\r\noperations: [get]"
    out = merge_fields(text, [{"name": "a", "type": "string"}])
    assert out == "resource: widget\r\nfields:   # none yet\r\n  - {name: a, type: string}\r\noperations: [get]"
    out = upsert_operation(text, {"name": "ping", "method": "POST", "path": "/ping"})
    assert out == "resource: widget\r\nfields:   # none yet\r\noperations: [get, {name: ping, method: POST, path: /ping}]"
    assert merge_fields("resource: w\nfields: []  # x\n", [{"name": "a", "type": "int"}]) == (
        "resource: w\nfields: [{name: a, type: int}]  # x\n"
    )
    assert merge_fields("resource: w\nfields: ~\n", [{"name": "a", "type": "int"}]) == (
        "resource: w\nfields:\n  - {name: a, type: int}\n"
    )


def test_a_field_or_operation_block_item_can_lose_its_first_key():
    text = "resource: w\noperations:\n  - description: Old.  # gone\n    name: ping\n    method: POST\n    path: /p\n"
    out = upsert_operation(text, {"name": "ping", "method": "POST", "path": "/p"})
    assert out == "resource: w\noperations:\n  - name: ping\n    method: POST\n    path: /p\n"


@pytest.mark.parametrize(
    ("text", "where", "words"),
    [
        ("resource: w\nfields: oops\n", "spec:2", "`fields` is not a list"),
        ("resource: w\nfields: [a\n", "spec:3", "invalid YAML"),
        ("- resource: w\n", "spec:1", "a spec is a mapping"),
        ("resource: w\nfields:\n  - &f {name: a, type: string}\nx: *f\n", "spec", "cannot make this change"),
    ],
)
def test_what_cannot_be_edited_is_an_error_with_its_line(text, where, words):
    with pytest.raises(UserError) as info:
        merge_fields(text, [{"name": "a", "type": "int"}])
    assert str(info.value).startswith(where) and words in str(info.value)


# ------------------------------------------------------------------------------------------- the command line


def _add(cli, example: Path, *args: str, code: int = 0):
    run = cli("add-endpoint", *args, "--repo", str(example), "--no-tidy")
    assert run.code == code, run.out + run.err
    return run


@pytest.fixture
def hand_kept(cli, example, tmp_path):
    """widget scaffolded from HAND, its saved spec then kept by hand as HAND."""
    spec = tmp_path / "widget.yaml"
    spec.write_text(HAND)
    _add(cli, example, "widget", "--spec", str(spec))
    (example / SAVED).write_text(HAND)
    return example


def test_op_query_field_and_ops_edit_the_saved_spec_in_place(cli, hand_kept):
    saved = hand_kept / SAVED
    run = _add(cli, hand_kept, "widget", "--op", "ping: POST /{id}/ping", "--response", "resource")
    assert f"{SAVED.as_posix()} (updated)" in run.out
    assert _changes(HAND, saved.read_text()) == (
        [], ['  - {name: ping, method: POST, path: "/{id}/ping", response: resource}']
    )
    before = saved.read_text()
    _add(cli, hand_kept, "widget", "--op", "search: GET /search", "--query", "q:string:required", "--response", "list")
    assert _changes(before, saved.read_text()) == ([], [
        "  - name: search", "    method: GET", "    path: /search", "    query:",
        "      - {name: q, type: string, required: true}", "    response: list",
    ])
    before = saved.read_text()
    _add(cli, hand_kept, "widget", "--field", "size:int")
    assert _changes(before, saved.read_text()) == ([], ["  - {name: size, type: int}"])
    assert "Size" in (hand_kept / SVC / "models/widget.go").read_text()
    before = saved.read_text()
    _add(cli, hand_kept, "widget", "--ops", "list,get,create")
    assert _changes(before, saved.read_text()) == ([], ["  - create"])
    assert saved.read_text().startswith("# Widgets: a hand-kept spec.\nresource: widget\n")


def test_spec_pointing_at_the_saved_spec_is_edited_in_place_too(cli, hand_kept):
    saved = hand_kept / SAVED
    _add(cli, hand_kept, "widget", "--spec", str(saved), "--op", "ping: POST /{id}/ping")
    assert _changes(HAND, saved.read_text()) == ([], ['  - {name: ping, method: POST, path: "/{id}/ping"}'])


def test_crlf_saved_spec_stays_crlf(cli, hand_kept):
    saved = hand_kept / SAVED
    saved.write_bytes(HAND.replace("\n", "\r\n").encode())
    _add(cli, hand_kept, "widget", "--field", "size:int")
    expected = HAND.replace("    type: any   # free-form\n", "    type: any   # free-form\n  - {name: size, type: int}\n")
    assert saved.read_bytes() == expected.replace("\n", "\r\n").encode()


def test_field_on_an_existing_resource_adds_and_never_drops(cli, example):
    saved = example / "services/campaign-service/endpoints/audience.yaml"
    _add(cli, example, "audience", "--service", "campaign-service", "--field", "name:string:required",
         "--field", "size:int")
    kept = saved.read_text().replace(
        "- {name: name, type: string, required: true}",
        '# who is in it\n- {name: name, type: string, required: true, validate: "min=1"}',
    )
    saved.write_text(kept)
    run = _add(cli, example, "audience", "--service", "campaign-service", "--field", "extra:string")
    assert "endpoints/audience.yaml (updated)" in run.out
    assert _changes(kept, saved.read_text()) == ([], ["- {name: extra, type: string}"])
    models = (example / "services/campaign-service/models/audience.go").read_text()
    for name in ("Name ", "Size ", "Extra "):
        assert name in models, name
    # the same flags again, and a field given again with its own type: nothing moves
    before = tree_digest(example)
    run = _add(cli, example, "audience", "--service", "campaign-service", "--field", "name:string:required",
               "--field", "extra:string")
    assert "Nothing to do" in run.out and tree_digest(example) == before
    _add(cli, example, "audience", "--service", "campaign-service", "--field", "size:int64:required")
    assert [f["name"] for f in yaml.safe_load(saved.read_text())["fields"]] == ["name", "size", "extra"]
    assert yaml.safe_load(saved.read_text())["fields"][1] == {"name": "size", "type": "int64", "required": True}


CAMPAIGN = "# the campaign resource\n\nresource: campaign\nfields: [{name: title, type: string}]\n"


@pytest.mark.parametrize(
    "args",
    [
        ("--op", "archive: POST /{id}/archive"),
        ("--op", "archive: POST /{id}/archive", "--response", "resource", "--query", "q:string"),
        (),
        ("--ops", "list,get"),
        ("--service", "widget-service"),
    ],
)
def test_a_spec_of_another_resource_is_refused_with_its_line(cli, example, tmp_path, args):
    spec = tmp_path / "campaign.yaml"
    spec.write_text(CAMPAIGN)
    before = tree_digest(example)
    run = _add(cli, example, "widget", "--spec", str(spec), *args, code=2)
    assert f"error: {spec}:3: field 'resource': the spec describes 'campaign', not 'widget'" in run.err
    assert f"fix: run `elqnt-scaffold add-endpoint campaign --spec {spec}`" in run.err
    assert "nothing was written" in run.err
    assert tree_digest(example) == before


def test_a_saved_spec_of_another_resource_is_refused_with_its_line(cli, hand_kept):
    (hand_kept / SAVED).write_text(HAND.replace("resource: widget", "resource: gadget"))
    before = tree_digest(hand_kept)
    for args in (("--op", "ping: POST /{id}/ping"), ("--field", "size:int"), ()):
        run = _add(cli, hand_kept, "widget", *args, code=2)
        assert f"{SAVED.as_posix()}:2: field 'resource': the spec describes 'gadget', not 'widget'" in run.err
    assert tree_digest(hand_kept) == before


def test_an_operation_given_again_keeps_its_place_and_the_same_one_is_a_no_op(cli, hand_kept):
    saved = hand_kept / SAVED
    client = hand_kept / "eloquent-packages/packages/api-client/src/widgets.ts"
    _add(cli, hand_kept, "widget")  # the files as HAND says
    before = tree_digest(hand_kept)
    run = _add(cli, hand_kept, "widget", "--op", "archive: POST /{id}/archive", "--response", "resource")
    assert "Nothing to do" in run.out
    assert tree_digest(hand_kept) == before and saved.read_text() == HAND
    _add(cli, hand_kept, "widget", "--op", "archive: PATCH /{id}/archived")
    assert _changes(HAND, saved.read_text()) == (
        ['  - {name: archive, method: POST, path: "/{id}/archive", response: resource}'],
        ['  - {name: archive, method: PATCH, path: "/{id}/archived"}'],
    )
    ts = client.read_text()
    assert ts.index("export async function archiveWidget(") < ts.index("export async function usageWidget(")
