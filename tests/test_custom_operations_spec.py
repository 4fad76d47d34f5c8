"""Custom operations in the spec: the shape, the saved spec round trip, and every bad one named by
file:line and field (the CLI exits 2 and writes nothing)."""

from pathlib import Path

import pytest
import yaml

from elqnt_scaffold.spec.endpoint import spec_endpoints
from elqnt_scaffold.errors import UserError
from elqnt_scaffold.spec import dump_spec, from_data, load_spec
from tests.conftest import ROOT, tree_digest

SPEC = ROOT / "tests" / "data" / "widget_ops.yaml"


def write(tmp_path: Path, text: str) -> Path:
    path = tmp_path / "widget.yaml"
    path.write_text(text)
    return path


def test_crud_names_and_custom_operations_mix():
    spec = load_spec(SPEC)
    assert spec.crud_operations == ["list", "create", "get", "update", "delete"]
    assert [op.name for op in spec.custom_operations] == ["archive", "usage", "move_tag"]
    routes = [(e.method, e.path, e.handler) for e in spec_endpoints(spec)][5:]
    assert routes == [
        ("POST", "/widgets/{id}/archive", "ArchiveWidget"),
        ("GET", "/widgets/{id}/usage", "UsageWidget"),
        ("PUT", "/widgets/{id}/tags/{tag}", "MoveTagWidget"),
    ]
    usage = spec.custom_operations[1]
    assert usage.params == ["id"] and [q.type for q in usage.query] == ["timestamp", "timestamp", "bool"]
    assert usage.response_model == "UsageReport" and usage.body == "none"


def test_the_string_form_still_works_and_is_ordered(tmp_path):
    spec = load_spec(write(tmp_path, "resource: widget\noperations: [delete, get]\n"))
    assert spec.operations == ["get", "delete"] and spec.custom_operations == []


def test_saved_specs_round_trip_with_custom_operations(tmp_path):
    spec = load_spec(SPEC)
    text = dump_spec(spec)
    assert from_data(yaml.safe_load(text), "saved") == spec
    assert dump_spec(load_spec(write(tmp_path, text))) == text
    assert "- {name: archive, method: POST, path: '/{id}/archive', response: resource}" in text


BAD = [
    # duplicate method + path, also against a CRUD route (parameter names do not matter to a ServeMux)
    ('operations:\n  - get\n  - {name: fetch, method: GET, path: "/{key}"}\n', 4, "operations[1].path", "route of get"),
    (
        'operations:\n  - {name: a, method: POST, path: "/{id}/x"}\n  - {name: b, method: POST, path: "/{id}/x"}\n',
        4,
        "operations[1].path",
        "route of a",
    ),
    ('operations:\n  - {name: a, method: POST, path: "/{id}/x"}\n  - {name: a, method: PUT, path: "/{id}/x"}\n',
     4, "operations[1].name", "defined twice"),
    ('operations:\n  - {name: get, method: POST, path: "/{id}/x"}\n', 3, "operations[0].name", "CRUD operation"),
    # paths and their parameters
    ('operations:\n  - {name: a, method: POST, path: "/{id}/us{age"}\n', 3, "operations[0].path", "us{age"),
    ('operations:\n  - {name: a, method: POST, path: "/{}/x"}\n', 3, "operations[0].path", "{}"),
    ('operations:\n  - {name: a, method: POST, path: "/{id}/{id}"}\n', 3, "operations[0].path", "twice"),
    ('operations:\n  - {name: a, method: POST, path: "archive"}\n', 3, "operations[0].path", "start with /"),
    ('operations:\n  - {name: a, method: GET, path: "/{id}/x", query: [{name: id}]}\n', 3,
     "operations[0].query[0].name", "already a parameter"),
    # types and models
    ('operations:\n  - name: usage\n    method: GET\n    path: "/{id}/usage"\n    query:\n      - {name: from, type: date}\n',
     7, "operations[0].query[0].type", "timestamp"),
    ('operations:\n  - {name: usage, method: GET, path: "/{id}/usage", response: Report}\n', 3,
     "operations[0].response", "unknown model 'Report'"),
    ('operations:\n  - {name: a, method: POST, path: "/x", body: Report}\n', 3, "operations[0].body", "unknown model"),
    ('operations:\n  - {name: a, method: POST, path: "/x", response: things}\n', 3, "operations[0].response", "things"),
    ('operations:\n  - {name: a, method: GET, path: "/x", body: [{name: n, type: string}]}\n', 3,
     "operations[0].body", "GET"),
    ('operations:\n  - {name: a, method: FETCH, path: "/x"}\n', 3, "operations[0].method", "GET"),
    ('operations:\n  - {name: a, method: GET, path: "/x", colour: red}\n', 3, "operations[0].colour", "unknown key"),
    ("operations:\n  - lst\n", 3, "operations[0]", "unknown operation 'lst'"),
    ('operations:\n  - {name: a, method: POST, path: "/x", body: 5}\n', 3, "operations[0].body", "inline fields"),
    ('operations:\n  - name: a\n    method: POST\n    path: "/x"\n    body:\n      - {name: ok, type: string}\n'
     "      - {name: x, type: strin}\n", 8, "operations[0].body[1].type", "unknown type 'strin'"),
    # pagination of a list response
    ('operations:\n  - {name: a, method: GET, path: "/x", response: resource, paginate: false}\n', 3,
     "operations[0].paginate", "response: list"),
    ('operations:\n  - {name: a, method: GET, path: "/x", response: list, query: [{name: q}, {name: limit, type: int}]}\n',
     3, "operations[0].query[1].name", "page parameters"),
]


@pytest.mark.parametrize("ops, line, field, words", BAD)
def test_bad_operations_name_file_line_and_field(tmp_path, ops, line, field, words):
    path = write(tmp_path, "resource: widget\n" + ops)
    with pytest.raises(UserError) as info:
        load_spec(path)
    err = info.value
    assert (err.file, err.line, err.field) == (str(path), line, field), err
    assert words in err.message
    assert err.hint


def test_a_bad_operation_exits_2_and_writes_nothing(example, cli, tmp_path):
    path = write(tmp_path, 'resource: widget\noperations:\n  - get\n  - {name: fetch, method: GET, path: "/{key}"}\n')
    before = tree_digest(example)
    run = cli("add-endpoint", "widget", "--spec", str(path), "--repo", str(example))
    assert run.code == 2
    assert f"{path}:4" in run.err and "operations[1].path" in run.err
    assert tree_digest(example) == before


def test_the_committed_schema_accepts_custom_operations(cli):
    from tests.test_spec_models import validate

    schema = yaml.safe_load(cli("schema").out)
    assert validate(schema, yaml.safe_load(SPEC.read_text())) == []
    bad = {"resource": "widget", "operations": ["list", {"name": "a", "method": "FETCH", "path": "/x"}]}
    assert validate(schema, bad) != []


def test_collection_level_operations_are_named_in_the_plural_and_page_their_lists(tmp_path):
    """`/search` acts on the collection: SearchWidgets, searchWidgets, SearchWidgetsQuery; `/{id}/...` on one
    item: ArchiveWidget. A `list` response is one page unless `paginate: false`; the page parameters are
    free for the operation's own query then."""
    from elqnt_scaffold.spec.operations import operation_types

    spec = load_spec(write(tmp_path, (
        "resource: widget\noperations:\n  - get\n"
        '  - {name: archive, method: POST, path: "/{id}/archive", query: [{name: why}]}\n'
        '  - {name: search, method: GET, path: /search, query: [{name: q}], response: list}\n'
        '  - {name: export, method: GET, path: "/export/{format}", response: list, paginate: false, query: [{name: page}]}\n'
    )))
    assert [(e.handler, e.plural) for e in spec_endpoints(spec)] == [
        ("GetWidget", False), ("ArchiveWidget", False), ("SearchWidgets", True), ("ExportWidgets", True)
    ]
    archive, search, export = spec.custom_operations
    assert operation_types(spec, archive) == {"query": "ArchiveWidgetQuery"}
    assert operation_types(spec, search) == {"query": "SearchWidgetsQuery"}
    assert (search.paginated, export.paginated, archive.paginated) == (True, False, False)
