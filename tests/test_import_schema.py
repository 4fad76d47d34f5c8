"""`import-schema`: JSON Schema (draft-07, 2020-12) and OpenAPI (3.0, 3.1) documents -> specs that
`add-endpoint --spec` scaffolds into code that builds, tests and compiles; bad documents exit 2."""

from __future__ import annotations

import os
import subprocess
import sys
from pathlib import Path

import pytest
import yaml

from elqnt_scaffold.spec import SCHEMA_URL, load_spec
from tests.conftest import ROOT, assert_go_quality, needs_go, needs_tsc, tsc

SCHEMAS = Path(__file__).parent / "data" / "schemas"
TYPES = "eloquent-packages/packages/types"
CLIENT = "eloquent-packages/packages/api-client"

# (document, resource, extra arguments, warnings it must report)
DOCUMENTS = {
    "jsonschema-2020-12": ("order.schema.json", "order", [], [
        "property 'id' at #/properties/id: the tool adds id",
        "oneOf at #/properties/payment: not representable, mapped to any",
        "pattern at #/properties/tracking/properties/code: validator/v10 has no regular-expression rule",
    ]),
    "jsonschema-draft-07": ("customer.draft07.json", "customer", ["--service", "project-service"], [
        "enum at #/properties/tier: integer values: mapped to int64 with `oneof`",
        "multipleOf at #/properties/score:",
        "enum at #/properties/languages/items: inside a list or map",
    ]),
    "openapi-3.0": ("petstore.openapi30.yaml", "pet", ["--model", "Pet"], [
        "property 'id' at #/components/schemas/Pet/properties/id",
    ]),
    "openapi-3.1": ("inventory.openapi31.yaml", "item", ["--model", "Item", "--service", "inventory-service"], [
        "default at #/components/schemas/Dimensions/properties/unit: the spec has no defaults",
    ]),
}


def import_to(cli, tmp_path: Path, case: str) -> tuple[Path, str]:
    name, resource, extra, _ = DOCUMENTS[case]
    out = tmp_path / "specs" / f"{resource}.yaml"
    run = cli("import-schema", str(SCHEMAS / name), "--resource", resource, "-o", str(out), *extra)
    assert run.code == 0, run.err
    return out, run.err


@pytest.mark.parametrize("case", sorted(DOCUMENTS))
def test_import_reports_what_it_cannot_carry_and_the_spec_loads(cli, tmp_path, case):
    out, err = import_to(cli, tmp_path, case)
    assert out.read_text().startswith(f"# yaml-language-server: $schema={SCHEMA_URL}\n")
    for warning in DOCUMENTS[case][3]:
        assert f"warning: {warning}" in err
    spec = load_spec(out)
    assert spec.resource == DOCUMENTS[case][1]


@needs_go
@needs_tsc
@pytest.mark.parametrize("case", sorted(DOCUMENTS))
def test_imported_specs_scaffold_into_code_that_builds_and_compiles(cli, example, tmp_path, case):
    out, _ = import_to(cli, tmp_path, case)
    spec = load_spec(out)
    run = cli("add-endpoint", spec.resource, "--spec", str(out), "--repo", str(example))
    assert run.code == 0, run.out + run.err
    assert_go_quality(example / "services" / spec.service_name)
    for package in (TYPES, CLIENT):
        proc = tsc(example / package)
        assert proc.returncode == 0, f"{package}:\n{proc.stdout}{proc.stderr}"
    assert cli("drift", "--repo", str(example)).code == 0


def test_the_mapping_of_a_json_schema(cli, tmp_path):
    out, _ = import_to(cli, tmp_path, "jsonschema-2020-12")
    data = yaml.safe_load(out.read_text())
    fields = {f["name"]: f for f in data["fields"]}
    assert data["description"] == "A customer order."
    assert fields["customer"] == {"name": "customer", "type": "string", "required": True, "validate": "min=1,max=80",
                                  "description": "Who placed the order."}
    assert fields["email"]["validate"] == "email" and fields["website"]["validate"] == "url"
    assert fields["placedAt"]["type"] == "string"  # RFC 3339 on the wire: not `timestamp` (Unix ms)
    assert fields["placedAt"]["validate"] == "datetime=2006-01-02T15:04:05Z07:00"
    assert fields["note"] == {"name": "note", "type": "string", "nullable": True, "validate": "max=500"}
    assert fields["status"] == {"name": "status", "type": "enum", "values": ["new", "paid", "shipped", "cancelled"],
                                "description": "Where the order is."}
    assert fields["priority"]["validate"] == "min=1,max=5" and fields["discount"]["validate"] == "gt=0,lt=1"
    assert fields["items"] == {"name": "items", "type": "[]LineItem", "required": True, "validate": "min=1,max=100",
                               "description": "What was ordered."}
    assert fields["shipping"]["type"] == "Address" and fields["shipping"]["required"] is True
    assert fields["billing"] == {"name": "billing", "type": "Address", "nullable": True}  # anyOf [$ref, null]
    assert fields["labels"]["type"] == "map[string]string" and fields["addressBook"]["type"] == "map[string]Address"
    assert fields["tags"] == {"name": "tags", "type": "[]string", "validate": "unique,dive,min=1"}
    assert fields["payment"]["type"] == "any" and fields["tracking"]["type"] == "Tracking"
    assert "id" not in fields
    models = data["models"]
    assert list(models) == ["LineItem", "Address", "Tracking", "Event"]  # referenced and inline objects
    assert models["LineItem"]["description"] == "One product line."
    assert {"name": "quantity", "type": "int32", "required": True, "validate": "min=1"} in models["LineItem"]["fields"]
    assert {"name": "country", "type": "string", "required": True, "validate": "len=2",
            "description": "ISO 3166-1 alpha-2."} in models["Address"]["fields"]
    assert {"name": "events", "type": "[]Event"} in models["Tracking"]["fields"]


def test_openapi_nullable_refs_and_recursion(cli, tmp_path):
    out, _ = import_to(cli, tmp_path, "openapi-3.0")
    data = yaml.safe_load(out.read_text())
    fields = {f["name"]: f for f in data["fields"]}
    assert fields["nickname"]["nullable"] is True and fields["age"] == {
        "name": "age", "type": "int32", "nullable": True, "validate": "min=0"}
    assert fields["owner"]["type"] == "Person" and fields["owner"]["nullable"] is True  # allOf [$ref] + nullable
    assert fields["photoUrls"]["validate"] == "dive,url"
    assert fields["vaccinations"]["type"] == "map[string]Vaccination"
    assert {"name": "parent", "type": "Category"} in data["models"]["Category"]["fields"]  # optional: a pointer
    assert "Error" not in data["models"]  # only what the resource reaches


def test_the_spec_is_printed_without_o_and_the_output_is_stable(cli):
    args = ("import-schema", str(SCHEMAS / "inventory.openapi31.yaml"), "--resource", "item", "--model", "Item")
    first, second = cli(*args), cli(*args)
    assert first.code == 0 and first.out == second.out and first.err == second.err
    data = yaml.safe_load(first.out)
    assert data["resource"] == "item" and "Dimensions" in data["models"]
    assert {"name": "supplierContacts", "type": "map[string][]string", "validate": "dive,dive,email"} in data["fields"]


BAD_DOCUMENTS = [
    # (file name, text, line, field, words)
    ("bad-type.json", '{"type": "object",\n "properties": {"a": {"type": "strin"}}}', 2, "#/properties/a/type", "`type` must be"),
    ("bad-props.yaml", "type: object\nproperties: [a, b]\n", 2, "#/properties", "must be a mapping"),
    ("dangling.json", '{"type": "object", "properties": {\n"a": {"$ref": "#/$defs/Nope"}}}', 2, "#/properties/a/$ref", "does not resolve"),
    ("external.json", '{"type": "object", "properties": {"a": {"$ref": "other.json#/A"}}}', 1, "#/properties/a/$ref", "outside this document"),
    ("syntax.json", '{"type": "object",\n "properties": {', 2, None, "invalid JSON"),
    ("list.yaml", "- a\n- b\n", 1, None, "not a JSON Schema or OpenAPI document"),
    ("swagger.yaml", "swagger: '2.0'\ninfo: {title: x}\n", 1, "swagger", "Swagger 2.0 is not supported"),
    ("no-schemas.yaml", "openapi: 3.0.0\ninfo: {title: x, version: '1'}\npaths: {}\n", 1, "#/components/schemas", "no components.schemas"),
    ("not-a-schema.json", '{"hello": "world"}', 1, "#", "not a JSON Schema"),
    ("scalar.json", '{"type": "string"}', 1, None, "no object schema"),
    ("count.yaml", "type: object\nproperties:\n  a: {type: string, minLength: -1}\n", 3, "#/properties/a/minLength", "non-negative"),
]


@pytest.mark.parametrize("name, text, line, field, words", BAD_DOCUMENTS)
def test_a_document_that_is_not_a_valid_schema_exits_2_and_writes_nothing(cli, tmp_path, name, text, line, field, words):
    path = tmp_path / name
    path.write_text(text)
    out = tmp_path / "out" / "spec.yaml"
    run = cli("import-schema", str(path), "--resource", "thing", "-o", str(out))
    assert run.code == 2, run.err
    where = f"{path}:{line}: " if line else f"{path}: "
    assert run.err.startswith("error: " + where + (f"field '{field}': " if field else "")), run.err
    assert words in run.err and "fix: " in run.err and "nothing was written" in run.err
    assert run.out == "" and not out.exists() and not out.parent.exists()


@pytest.mark.parametrize(
    "document, model, words",
    [
        ("petstore.openapi30.yaml", "Dog", "no object schema named 'Dog' in this document (its objects: Category, Error, Person, Pet, Tag, Vaccination)"),
        ("petstore.openapi30.yaml", None, "several object schemas (Category, Error, Person, Pet, Tag, Vaccination)"),
        ("order.schema.json", "Nope", "its objects: Address, Card, LineItem, Order, Transfer"),
    ],
)
def test_a_model_that_is_not_in_the_document_exits_2(cli, tmp_path, document, model, words):
    out = tmp_path / "spec.yaml"
    args = ["--model", model] if model else []
    run = cli("import-schema", str(SCHEMAS / document), "--resource", "pet", "-o", str(out), *args)
    assert run.code == 2
    assert f"field '--model': " in run.err and words in run.err and "nothing was written" in run.err
    assert not out.exists()


def test_a_json_schema_with_only_definitions_takes_its_one_object(cli, tmp_path):
    path = tmp_path / "one.yaml"
    path.write_text("$defs:\n  Note:\n    type: object\n    required: [text]\n    properties:\n      text: {type: string}\n")
    run = cli("import-schema", str(path), "--resource", "note")
    assert run.code == 0, run.err
    assert yaml.safe_load(run.out)["fields"] == [{"name": "text", "type": "string", "required": True}]


def test_names_no_layer_can_carry_are_reported(cli, tmp_path):
    path = tmp_path / "names.json"
    path.write_text('{"type": "object", "properties": {"postal_code": {"type": "string"}, "9lives": {"type": "string"},'
                    ' "createdAt": {"type": "integer"}, "kind": {"const": "x"}, "extra": {"type": "string", "readOnly": true}}}')
    run = cli("import-schema", str(path), "--resource", "thing")
    assert run.code == 0, run.err
    names = [f["name"] for f in yaml.safe_load(run.out)["fields"]]
    assert names == ["postal_code", "kind", "extra"]
    assert "warning: property 'postal_code' at #/properties/postal_code: its JSON name becomes 'postalCode'" in run.err
    assert "warning: property '9lives' at #/properties/9lives: no layer can carry this name: left out" in run.err
    assert "warning: property 'createdAt' at #/properties/createdAt: the tool adds" in run.err
    assert "warning: readOnly at #/properties/extra:" in run.err


def test_datamodel_code_generator_is_imported_only_by_import_schema():
    """--help and every other command stay fast: the parsers (0.25 s or more) load only for import-schema."""
    code = """
import sys
from typer.testing import CliRunner
from elqnt_scaffold.cli import app
import elqnt_scaffold.commands.import_schema  # the command module itself imports the parsers lazily
runner = CliRunner()
for args in (["--help"], ["import-schema", "--help"], ["schema"], ["check", "--repo", sys.argv[1]],
             ["drift", "--repo", sys.argv[1]], ["add-endpoint", "gadget", "--field", "a:string", "--dry-run",
             "--repo", sys.argv[1]]):
    result = runner.invoke(app, args)
    assert result.exit_code in (0, 1), (args, result.output)
loaded = sorted(m for m in sys.modules if m.split(".")[0] == "datamodel_code_generator")
print(len(loaded), loaded[:3])
"""
    env = {**os.environ, "PYTHONPATH": str(ROOT)}
    proc = subprocess.run([sys.executable, "-c", code, str(ROOT / "examples" / "eloquent")],
                          capture_output=True, text=True, env=env, cwd=ROOT)
    assert proc.returncode == 0, proc.stderr
    assert proc.stdout.startswith("0 []"), proc.stdout
    timing = subprocess.run([sys.executable, "-X", "importtime", "-m", "elqnt_scaffold.cli", "--help"],
                            capture_output=True, text=True, env=env, cwd=ROOT)
    assert timing.returncode == 0 and "datamodel_code_generator" not in timing.stderr


def test_a_bad_resource_name_exits_2(cli, tmp_path):
    out = tmp_path / "spec.yaml"
    run = cli("import-schema", str(SCHEMAS / "order.schema.json"), "--resource", "9orders", "-o", str(out))
    assert run.code == 2 and "field '--resource': resource name '9orders' starts with a digit" in run.err
    assert not out.exists()


def test_formats_it_cannot_enforce_and_a_self_reference(cli, tmp_path):
    path = tmp_path / "formats.json"
    path.write_text('{"type": "object", "properties": {"g": {"type": "string", "format": "weird"},'
                    ' "j": {"type": "integer", "format": "date-time"}, "p": {"type": "string", "format": "password"},'
                    ' "self": {"$ref": "#"}}}')
    run = cli("import-schema", str(path), "--resource", "thing")
    assert run.code == 0, run.err
    data = yaml.safe_load(run.out)
    assert [(f["name"], f["type"]) for f in data["fields"]] == [
        ("g", "string"), ("j", "int64"), ("p", "string"), ("self", "ThingModel")]
    assert list(data["models"]) == ["ThingModel"]  # the resource's schema nested in itself: its own struct
    assert "warning: format 'weird' at #/properties/g: not understood" in run.err
    assert "warning: format 'date-time' at #/properties/j: on an integer: kept as int64" in run.err
    assert "password" not in run.err
    assert "warning: model Thing at #: renamed ThingModel" in run.err
