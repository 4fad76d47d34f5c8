"""The spec loader: valid specs load; every bad one names file:line, the field and a fix."""

from pathlib import Path

import pytest

from elqnt_scaffold.errors import UserError
from elqnt_scaffold.spec import dump_spec, load_spec, spec_from_flags


def write(tmp_path: Path, text: str) -> Path:
    path = tmp_path / "widget.yaml"
    path.write_text(text)
    return path


def test_full_spec_loads(tmp_path):
    spec = load_spec(
        write(
            tmp_path,
            """resource: widget
plural: widgets
description: A dashboard widget.
fields:
  - {name: name, type: string, required: true, validate: "min=1,max=120", description: Display name.}
  - {name: config, type: any}
  - {name: tags, type: "[]string"}
  - {name: matrix, type: "[]map[string]int64"}
  - {name: status, type: enum, values: [draft, active, archived]}
  - {name: type, type: string}
  - {name: default, type: bool}
operations: [list, create, get, update, delete]
gateway: {auth_required: true, cache_ttl: 60s, write_scopes: ["write:widgets"]}
frontend: true
""",
        )
    )
    assert [f.name for f in spec.fields] == ["name", "config", "tags", "matrix", "status", "type", "default"]
    assert spec.fields[3].kind == ("list", "map", "int64")
    assert spec.service_name == "widget-service"
    assert spec.write_scopes == ["write:widgets"]


BAD = [
    ("resource: widget\nfields:\n  - {name: x, type: strin}\n", 3, "fields[0].type", "unknown type"),
    ("resource: widget\ncolour: red\n", 2, "colour", "unknown key"),
    ("resource: widget\nfields:\n  - {name: a, type: string}\n  - {name: createdAt, type: int64}\n", 4, "fields[1].name", "duplicates"),
    ("resource: widget\nfields:\n  - {name: id, type: string}\n", 3, "fields[0].name", "implicit"),
    ("resource: widget\nfields:\n  - {name: a, type: string}\n  - {name: a, type: int}\n", 4, "fields[1].name", "duplicates"),
    ("resource: 9lives\n", 1, "resource", "starts with a digit"),
    ("resource: widget\nfields:\n  - {name: my field, type: string}\n", 3, "fields[0].name", "letters, digits"),
    ("resource: ../etc\n", 1, "resource", "letters, digits"),
    ("resource: widget\nfields:\n  - {name: s, type: enum}\n", 3, "fields[0]", "values"),
    ("resource: widget\noperations: [list, frobnicate]\n", 2, "operations[1]", "list"),
    ("resource: widget\ngateway:\n  auth: true\n", 3, "gateway.auth", "unknown key"),
    ("resource: widget\nfields: [\n", 3, None, "invalid YAML"),
    ("resource: widget\nresource: gadget\n", 2, "resource", "duplicate key"),
    ("fields: []\n", 1, "resource", "Field required"),
]


@pytest.mark.parametrize("text, line, field, words", BAD)
def test_bad_specs_name_file_line_and_field(tmp_path, text, line, field, words):
    path = write(tmp_path, text)
    with pytest.raises(UserError) as info:
        load_spec(path)
    err = info.value
    assert err.file == str(path)
    assert err.line == line
    assert err.field == field
    assert words in err.message
    assert err.hint  # every error says how to fix it


def test_keywords_are_ordinary_field_names(tmp_path):
    spec = spec_from_flags("widget", ["type:string", "func:int", "default:bool", "delete:any", "range:[]string"])
    assert [f.name for f in spec.fields] == ["type", "func", "default", "delete", "range"]


def test_flags_build_a_spec():
    spec = spec_from_flags("api_key", ["name:string:required", "meta:map[string]any", "tags:[]string"])
    assert [(f.name, f.type, f.required) for f in spec.fields] == [
        ("name", "string", True),
        ("meta", "map[string]any", False),
        ("tags", "[]string", False),
    ]


@pytest.mark.parametrize("flag", ["name", "name:string:maybe", "x:y:z:w"])
def test_bad_field_flags(flag):
    with pytest.raises(UserError) as info:
        spec_from_flags("widget", [flag])
    assert info.value.field == "--field[0]"


def test_dumped_spec_round_trips(tmp_path):
    spec = spec_from_flags("widget", ["name:string:required", "tags:[]string"])
    text = dump_spec(spec)
    assert text.startswith("# yaml-language-server: $schema=")
    assert load_spec(write(tmp_path, text)) == spec
