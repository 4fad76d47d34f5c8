"""The spec's `models:` (named object types) and `nullable`, through every layer; and the spec's own schema."""

from __future__ import annotations

import json
import re
from pathlib import Path

import jsonschema
import pytest
import yaml

from elqnt_scaffold.errors import UserError
from elqnt_scaffold.layers.service import models, samples
from elqnt_scaffold.spec import SCHEMA_URL, dump_spec, from_data, load_spec
from tests.conftest import ROOT, assert_go_quality, needs_go, needs_tsc, tree_digest, tsc
from tests.tygo_tool import run_tygo, tygo_bin  # noqa: F401  (tygo_bin is a fixture)

DATA = Path(__file__).parent / "data"
ORDER = DATA / "order.yaml"
TYPES = "eloquent-packages/packages/types"
CLIENT = "eloquent-packages/packages/api-client"


def write(tmp_path: Path, text: str, name: str = "order.yaml") -> Path:
    path = tmp_path / name
    path.write_text(text)
    return path


def go_models(repo: Path, service: str) -> str:
    return (repo / "services" / service / "models" / "order.go").read_text()


# --------------------------------------------------------------------------- the spec


def test_models_load_and_fields_name_them():
    spec = load_spec(ORDER)
    assert list(spec.models) == ["Address", "GeoPoint", "LineItem", "Category", "CategoryRoot"]
    by_name = {f.name: f for f in spec.fields}
    assert by_name["items"].kind == ("list", "LineItem") and by_name["items"].model == "LineItem"
    assert by_name["address_book"].model == "Address" and by_name["customer"].model is None
    assert by_name["note"].nullable and not by_name["customer"].nullable


def test_saved_specs_round_trip_with_models_and_nullable(tmp_path):
    spec = load_spec(ORDER)
    text = dump_spec(spec)
    assert text.startswith(f"# yaml-language-server: $schema={SCHEMA_URL}\n")
    assert load_spec(write(tmp_path, text, "saved.yaml")) == spec
    saved = yaml.safe_load(text)
    assert list(saved)[-1] == "models"  # the named types come after the fields that use them
    assert {"name": "note", "type": "string", "nullable": True, "validate": "max=500"} in saved["fields"]


BASE = "resource: order\nfields:\n  - {name: a, type: string}\n"
BAD = [
    # (spec text, line, field, words in the message)
    ("resource: order\nfields:\n  - {name: ship, type: Adress}\nmodels:\n  Address: {fields: []}\n",
     3, "fields[0].type", "unknown model 'Adress'"),
    (BASE + "models:\n  Address:\n    fields:\n      - {name: geo, type: '[]Geo'}\n",
     7, "models.Address.fields[0].type", "unknown model 'Geo' in type '[]Geo'"),
    (BASE + "models:\n  address: {fields: []}\n", 5, "models.address", "not a Go type name"),
    (BASE + "models:\n  Order: {fields: []}\n", 5, "models.Order", "the resource"),
    (BASE + "models:\n  CreateOrderRequest: {fields: []}\n", 5, "models.CreateOrderRequest", "already declares"),
    ("resource: order\nfields:\n  - {name: status, type: enum, values: [a]}\nmodels:\n  OrderStatus: {fields: []}\n",
     5, "models.OrderStatus", "fields[0]"),
    (BASE + "models:\n  Node:\n    fields:\n      - {name: next, type: Node, required: true}\n",
     7, "models.Node.fields[0].type", "required cycle Node.next -> Node"),
    (BASE + "models:\n  A:\n    fields:\n      - {name: b, type: B, required: true}\n"
            "  B:\n    fields:\n      - {name: a, type: A, required: true}\n",
     7, "models.A.fields[0].type", "required cycle A.b -> B.a -> A"),
    (BASE + "models:\n  A:\n    colour: red\n", 6, "models.A.colour", "unknown key"),
    (BASE + "models:\n  A:\n    fields:\n      - {name: x, type: string}\n      - {name: X, type: int}\n",
     8, "models.A.fields[1].name", "duplicates 'x'"),
    (BASE + "models:\n  A:\n    fields:\n      - {name: x, type: strin}\n", 7, "models.A.fields[0].type", "unknown type"),
]


@pytest.mark.parametrize("text, line, field, words", BAD)
def test_bad_models_name_file_line_and_field(tmp_path, text, line, field, words):
    path = write(tmp_path, text)
    with pytest.raises(UserError) as info:
        load_spec(path)
    err = info.value
    assert (err.file, err.line, err.field) == (str(path), line, field)
    assert words in err.message
    assert err.hint


def test_an_unknown_key_in_a_model_lists_the_allowed_ones(tmp_path):
    with pytest.raises(UserError) as info:
        load_spec(write(tmp_path, BASE + "models:\n  A:\n    colour: red\n"))
    assert info.value.hint == "remove it or use one of: description, fields"


def test_cycles_through_optional_nullable_list_or_map_fields_are_fine():
    spec = from_data(
        {
            "resource": "tree",
            "models": {
                "Node": {"fields": [
                    {"name": "parent", "type": "Node"},
                    {"name": "twin", "type": "Node", "required": True, "nullable": True},
                    {"name": "children", "type": "[]Node", "required": True},
                    {"name": "by_name", "type": "map[string]Node", "required": True},
                ]},
            },
        },
        "x",
    )
    assert [models.go_type(f.kind, None, models._pointer(f)) for f in spec.models["Node"].fields] == [
        "*Node", "*Node", "[]Node", "map[string]Node"]


def test_add_endpoint_reports_a_bad_spec_and_writes_nothing(cli, example, tmp_path):
    path = write(tmp_path, BASE + "models:\n  Node:\n    fields:\n      - {name: next, type: Node, required: true}\n")
    before = tree_digest(example)
    run = cli("add-endpoint", "order", "--spec", str(path), "--repo", str(example))
    assert run.code == 2
    assert f"{path}:7: field 'models.Node.fields[0].type': required cycle" in run.err
    assert tree_digest(example) == before


# --------------------------------------------------------------------------- the Go shape


def test_go_structs_pointers_dive_and_tags(cli, example):
    run = cli("add-endpoint", "order", "--spec", str(ORDER), "--repo", str(example), "--only", "service", "--no-tidy")
    assert run.code == 0, run.err
    go = go_models(example, "order-service")
    squash = lambda s: re.sub(r"[ \t]+", " ", s)  # noqa: E731 - gofmt's column alignment does not matter here
    text = squash(go)
    # the resource: a required model by value, optional and nullable ones by pointer, lists and maps dive
    assert 'Shipping Address `json:"shipping"`' in text
    assert 'Billing *Address `json:"billing,omitempty"`' in text
    assert 'Items []LineItem `json:"items" validate:"required,min=1,dive"`' in text
    assert 'AddressBook map[string]Address `json:"addressBook,omitempty" validate:"omitempty,dive"`' in text
    # nullable: `T | null` in TS through tstype (the record always has the key: `,required`)
    assert 'Note *string `json:"note,omitempty" validate:"omitempty,max=500" tstype:"string | null"`' in text
    assert 'Note *string `json:"note" tstype:"string | null,required"`' in text
    # required but nullable: null is a value, nothing to require
    assert 'Count *int64 `json:"count" tstype:"number /* int64 */ | null"`' in text
    assert 'Labels *[]string `json:"labels,omitempty" tstype:"string[] | null"`' in text
    # each model: its own struct (named as given), its own enums, request-style tags
    assert "// Address is a postal address.\ntype Address struct {" in go
    assert 'Geo *GeoPoint `json:"geo,omitempty" tstype:"GeoPoint | null"`' in text
    assert 'AddressKindHome AddressKind = "home"' in text
    assert 'Options map[string][]string `json:"options,omitempty"`' in text
    assert 'Children []Category `json:"children,omitempty" validate:"omitempty,dive"`' in text
    assert 'Top *Category `json:"top" tstype:"Category | null"`' in text
    # the request -> record mapping (models, the tool's) fills absent lists with empty ones
    assert "item.Items = []LineItem{}" in go
    service = (example / "services/order-service/services/order.go").read_text()
    assert "req.NewOrder(newOrderID(), time.Now().UnixMilli())" in service
    assert "item.AddressBook = map[string]Address{}" in go
    assert "item.Labels" not in go.split("func emptyNil")[1]  # nullable: null stays null


def test_sample_bodies_satisfy_nested_rules_and_end_on_recursion():
    spec = load_spec(ORDER)
    body = json.loads(samples.sample_body(spec))
    assert body["items"] == [{"sku": "example", "quantity": 1, "placedAt": "2006-01-02T15:04:05Z", "options": {}}]
    assert body["shipping"] == {"street": "example", "kind": "home", "geo": {"lat": 1, "lng": 1}}
    assert body["addressBook"] == {"key1": body["shipping"]}
    assert body["discount"] == 0.5  # gt=0,lt=1
    assert body["category"] == {"name": "example", "children": [], "root": {"top": None, "label": "example"}}
    invalid = json.loads(samples.invalid_body(spec))
    assert "customer" not in invalid and set(body) - set(invalid) == {"customer"}


@pytest.mark.parametrize(
    "base, rules, value",
    [
        ("float64", ["gt=0", "lt=1"], 0.5),
        ("int64", ["min=3", "max=5"], 3),
        ("int64", ["gt=5"], 6),
        ("int32", ["max=0"], 0),
        ("int64", ["lt=0"], -1),
        ("int64", ["oneof=7 8"], 7),
        ("string", ["oneof=en de"], "en"),
        ("string", ["datetime=2006-01-02"], "2006-01-02"),
        ("string", ["base64"], "ZXhhbXBsZQ=="),
        ("string", ["len=2"], "xx"),
    ],
)
def test_sample_scalars_follow_their_rules(base, rules, value):
    assert samples.scalar(base, rules) == value


@needs_go
@needs_tsc
def test_a_spec_with_models_builds_tests_and_compiles_in_every_layer(cli, example, tygo_bin):
    run = cli("add-endpoint", "order", "--spec", str(ORDER), "--repo", str(example))
    assert run.code == 0, run.out + run.err
    assert_go_quality(example / "services/order-service")
    ours = (example / TYPES / "src/order-service.ts").read_text()
    models = example / "services/order-service/models"
    assert ours == run_tygo([(p.name, p.read_text()) for p in sorted(models.glob("*.go"))], {"enum_style": "union"})
    assert "export interface Address {" in ours and "  geo?: GeoPoint | null;" in ours and "  items: LineItem[];" in ours
    assert "  note: string | null;" in ours and "  note?: string | null;" in ours  # record, request
    for package in (TYPES, CLIENT):
        proc = tsc(example / package)
        assert proc.returncode == 0, proc.stdout + proc.stderr
    assert cli("drift", "--repo", str(example)).code == 0
    before = tree_digest(example)
    assert cli("add-endpoint", "order", "--spec", str(ORDER), "--repo", str(example)).code == 0
    assert tree_digest(example) == before


def test_a_model_name_another_resource_of_the_service_declares_is_a_conflict(cli, example, tmp_path):
    assert cli("add-endpoint", "order", "--spec", str(ORDER), "--repo", str(example), "--no-tidy").code == 0
    other = write(tmp_path, "resource: invoice\nservice: order-service\nfields:\n  - {name: to, type: Address}\n"
                            "models:\n  Address:\n    fields:\n      - {name: line, type: string}\n", "invoice.yaml")
    before = tree_digest(example)
    run = cli("add-endpoint", "invoice", "--spec", str(other), "--repo", str(example), "--no-tidy")
    assert run.code == 2
    assert "field 'models.Address': the Go type Address is already declared in services/order-service/models/order.go" in run.err
    assert tree_digest(example) == before


# --------------------------------------------------------------------------- the spec's own schema


def test_schema_command_prints_the_committed_schema_file(cli):
    run = cli("schema")
    assert run.code == 0, run.err
    committed = (ROOT / "schema" / "elqnt-scaffold-spec.json").read_text()
    assert run.out == committed, "run `elqnt-scaffold schema > schema/elqnt-scaffold-spec.json`"
    assert SCHEMA_URL.endswith("/schema/elqnt-scaffold-spec.json")  # the raw file of this repository


def test_the_schema_is_json_schema_and_validates_specs(cli):
    schema = json.loads(cli("schema").out)
    assert schema["$schema"] == "https://json-schema.org/draft/2020-12/schema" and schema["$id"] == SCHEMA_URL
    assert set(schema["$defs"]) == {
        "FieldSpec", "GatewaySpec", "ModelSpec", "OperationSpec", "OperationGatewaySpec", "QueryParamSpec"
    }
    assert schema["additionalProperties"] is False and schema["required"] == ["resource"]
    jsonschema.Draft202012Validator.check_schema(schema)
    for path in SPECS:
        assert validate(schema, yaml.safe_load(path.read_text())) == [], path
    bad = {"resource": "widget", "fields": [{"name": "a", "type": "strin", "colour": 1}], "models": {"x": {}}}
    errors = validate(schema, bad)
    assert any("colour" in e for e in errors) and any("strin" in e for e in errors) and any("'x'" in e for e in errors)


# jsonschema (the test extra) is required: the schema is checked against the real Draft 2020-12 metaschema, never
# skipped. Draft202012Validator.META_SCHEMA is that metaschema as jsonschema-specifications ships it.
SPECS = sorted(DATA.glob("*.yaml"))  # widget, widget_ops, gadget_ops, order: every spec of tests/data


def test_the_committed_schema_file_is_valid_against_the_draft_2020_12_metaschema():
    committed = json.loads((ROOT / "schema" / "elqnt-scaffold-spec.json").read_text())
    meta = jsonschema.Draft202012Validator.META_SCHEMA
    assert meta["$id"] == committed["$schema"] == "https://json-schema.org/draft/2020-12/schema"
    assert jsonschema.validators.validator_for(committed) is jsonschema.Draft202012Validator
    jsonschema.Draft202012Validator.check_schema(committed)  # raises SchemaError naming the keyword
    assert list(jsonschema.Draft202012Validator(meta).iter_errors(committed)) == []
    # the metaschema really judges: a schema that misuses a keyword is refused
    with pytest.raises(jsonschema.SchemaError, match="is not valid under any of the given schemas|is not of type"):
        jsonschema.Draft202012Validator.check_schema({**committed, "required": "resource"})
    with pytest.raises(jsonschema.SchemaError):
        jsonschema.Draft202012Validator.check_schema({**committed, "additionalProperties": "no"})


@pytest.mark.parametrize("path", SPECS, ids=lambda p: p.stem)
def test_the_specs_the_loader_accepts_are_valid_against_the_schema(path):
    committed = json.loads((ROOT / "schema" / "elqnt-scaffold-spec.json").read_text())
    data = yaml.safe_load(path.read_text())
    from_data(data, path.name)  # the loader accepts it (a UserError would fail the test)
    assert validate(committed, data) == []


INVALID_SPECS = {
    "no-resource": ({"fields": [{"name": "a", "type": "string"}]}, "'resource' is a required property"),
    "unknown-key": ({"resource": "widget", "colour": "red"}, "'colour' was unexpected"),
    "unknown-field-type": ({"resource": "widget", "fields": [{"name": "a", "type": "strin"}]}, "'strin'"),
    "unknown-field-key": ({"resource": "widget", "fields": [{"name": "a", "type": "string", "x": 1}]}, "'x' was unexpected"),
    "fields-not-a-list": ({"resource": "widget", "fields": {"name": "a"}}, "is not of type 'array'"),
    "resource-not-a-string": ({"resource": 7}, "7 is not of type 'string'"),
}


@pytest.mark.parametrize("name", INVALID_SPECS)
def test_invalid_specs_fail_the_schema_and_the_loader(name):
    committed = json.loads((ROOT / "schema" / "elqnt-scaffold-spec.json").read_text())
    data, message = INVALID_SPECS[name]
    errors = validate(committed, data)
    assert any(message in e for e in errors), errors
    with pytest.raises(UserError):
        from_data(data, f"{name}.yaml")


def validate(schema: dict, instance) -> list[str]:
    """Every error jsonschema's Draft 2020-12 validator finds in `instance` (its messages)."""
    return [e.message for e in jsonschema.Draft202012Validator(schema).iter_errors(instance)]
