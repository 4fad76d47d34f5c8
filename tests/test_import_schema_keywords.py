"""`import-schema` drops nothing silently (issue #13, section 7): keywords are reported wherever they sit
(the property, the definition it refers to, allOf/anyOf members, items, additionalProperties, object
definitions and their parents); nothing the document does not say is reported or copied (the regex
datamodel-code-generator adds to `format: hostname`); descriptions and notes join as sentences."""

from __future__ import annotations

import json
from pathlib import Path

import pytest
import yaml

from elqnt_scaffold.importer.keywords import join_sentences
from elqnt_scaffold.spec import load_spec
from tests.conftest import assert_go_quality, needs_go, needs_tsc, tsc

RFC3339 = "datetime=2006-01-02T15:04:05Z07:00"
NO_DEFAULTS = "the spec has no defaults: noted in the description"
READ_WRITTEN = "one struct serves requests and responses: the field is read and written"
NOT_UNDERSTOOD = "not understood, or no validator rule for it: not enforced"
NO_REGEX = "validator/v10 has no regular-expression rule; noted in the description, not enforced"
# the definition of the issue: every keyword here was dropped without a word when it sat behind a $ref
LINK = {"type": "string", "format": "uri-reference", "default": "/x", "readOnly": True, "deprecated": True}
LINK_WARNINGS = [f"readOnly at #/$defs/Link: {READ_WRITTEN}", f"default at #/$defs/Link: {NO_DEFAULTS}",
                 f"format 'uri-reference' at #/$defs/Link: {NOT_UNDERSTOOD}"]


def imported(cli, tmp_path: Path, document: dict, *args: str) -> tuple[dict, list[str]]:
    """(the spec printed, the warning lines) of importing `document` as the resource `thing`."""
    path = tmp_path / "doc.json"
    path.write_text(json.dumps(document, indent=1))
    run = cli("import-schema", str(path), "--resource", "thing", *args)
    assert run.code == 0, run.err
    lines = run.err.splitlines()
    assert all(line.startswith("warning: ") for line in lines), run.err
    return yaml.safe_load(run.out), [line[len("warning: "):] for line in lines]


def one_property(schema: dict, defs: dict | None = None) -> dict:
    return {"type": "object", "properties": {"p": schema}, **({"$defs": defs} if defs else {})}


# (case, property schema, $defs, the field, the warnings): the same keywords, wherever they sit
WHERE = [
    ("the definition referred to", {"$ref": "#/$defs/Link"}, {"Link": LINK},
     {"name": "p", "type": "string", "description": 'Default: "/x". Deprecated.'}, LINK_WARNINGS),
    ("the property that refers", {"$ref": "#/$defs/Plain", **{k: v for k, v in LINK.items() if k != "type"}},
     {"Plain": {"type": "string"}},
     {"name": "p", "type": "string", "description": 'Default: "/x". Deprecated.'},
     [f"readOnly at #/properties/p: {READ_WRITTEN}", f"default at #/properties/p: {NO_DEFAULTS}",
      f"format 'uri-reference' at #/properties/p: {NOT_UNDERSTOOD}"]),
    ("an allOf member", {"allOf": [{"$ref": "#/$defs/Link"}], "description": "Where to go"}, {"Link": LINK},
     {"name": "p", "type": "string", "description": 'Where to go. Default: "/x". Deprecated.'}, LINK_WARNINGS),
    ("an allOf member of its own", {"allOf": [{"type": "string"}, {"readOnly": True, "default": 3}]}, None,
     {"name": "p", "type": "string", "description": "Default: 3."},
     [f"readOnly at #/properties/p/allOf/1: {READ_WRITTEN}", f"default at #/properties/p/allOf/1: {NO_DEFAULTS}"]),
    ("an anyOf member beside null", {"anyOf": [{**LINK, "description": "A link"}, {"type": "null"}]}, None,
     {"name": "p", "type": "string", "nullable": True, "description": 'A link. Default: "/x". Deprecated.'},
     [f"readOnly at #/properties/p/anyOf/0: {READ_WRITTEN}", f"default at #/properties/p/anyOf/0: {NO_DEFAULTS}",
      f"format 'uri-reference' at #/properties/p/anyOf/0: {NOT_UNDERSTOOD}"]),
    ("an anyOf member that refers", {"anyOf": [{"$ref": "#/$defs/Link"}, {"type": "null"}]}, {"Link": LINK},
     {"name": "p", "type": "string", "nullable": True, "description": 'Default: "/x". Deprecated.'},
     LINK_WARNINGS),
    ("array items", {"type": "array", "items": {"$ref": "#/$defs/Link"}}, {"Link": LINK},
     {"name": "p", "type": "[]string", "description": 'Items default to "/x". Items are deprecated.'},
     LINK_WARNINGS),
    ("additionalProperties", {"type": "object", "additionalProperties": {"$ref": "#/$defs/Link"}}, {"Link": LINK},
     {"name": "p", "type": "map[string]string", "description": 'Values default to "/x". Values are deprecated.'},
     LINK_WARNINGS),
    ("inline items", {"type": "array", "items": {**LINK, "description": "One link", "pattern": "^/"}}, None,
     {"name": "p", "type": "[]string",
      "description": 'Items: One link. Items match `^/`. Items default to "/x". Items are deprecated.'},
     [f"readOnly at #/properties/p/items: {READ_WRITTEN}", f"pattern at #/properties/p/items: {NO_REGEX}",
      f"default at #/properties/p/items: {NO_DEFAULTS}",
      f"format 'uri-reference' at #/properties/p/items: {NOT_UNDERSTOOD}"]),
    ("a definition that refers on", {"$ref": "#/$defs/Alias"},
     {"Alias": {"$ref": "#/$defs/Link", "description": "An alias"}, "Link": {**LINK, "description": "A link"}},
     {"name": "p", "type": "string", "description": 'An alias. A link. Default: "/x". Deprecated.'}, LINK_WARNINGS),
    ("an enum definition", {"$ref": "#/$defs/State"},
     {"State": {"type": "string", "enum": ["open", "closed"], "default": "open", "deprecated": True,
                "description": "the state", "writeOnly": True}},
     {"name": "p", "type": "enum", "values": ["open", "closed"],
      "description": 'the state. Default: "open". Deprecated.'},
     [f"writeOnly at #/$defs/State: {READ_WRITTEN}", f"default at #/$defs/State: {NO_DEFAULTS}"]),
    ("a null default", {"type": ["string", "null"], "default": None}, None,
     {"name": "p", "type": "string", "nullable": True, "description": "Default: null."},
     [f"default at #/properties/p: {NO_DEFAULTS}"]),
    ("a format the parser leaves out of an allOf", {"allOf": [{"type": "string"}, {"format": "email"}]}, None,
     {"name": "p", "type": "string"},
     ["format 'email' at #/properties/p/allOf/1: the parser does not apply it to #/properties/p: not enforced"]),
    ("a format beside a $ref to another", {"$ref": "#/$defs/Url", "format": "email"},
     {"Url": {"type": "string", "format": "uri"}},
     {"name": "p", "type": "string", "validate": "email"},
     ["format 'uri' at #/$defs/Url: the parser does not apply it to #/properties/p: not enforced"]),
    ("a format without a type", {"format": "email"}, None, {"name": "p", "type": "any"},
     ["format 'email' at #/properties/p: without a `type` beside it: mapped to any, not enforced"]),
]


@pytest.mark.parametrize("case, schema, defs, field, warnings", WHERE, ids=[w[0] for w in WHERE])
def test_keywords_are_reported_wherever_they_sit(cli, tmp_path, case, schema, defs, field, warnings):
    data, got = imported(cli, tmp_path, one_property(schema, defs))
    assert data["fields"] == [field]
    assert "models" not in data
    assert got == warnings


def test_a_definition_used_twice_is_reported_once_and_noted_on_both(cli, tmp_path):
    data, warnings = imported(cli, tmp_path, {
        "type": "object", "$defs": {"Link": LINK},
        "properties": {"a": {"$ref": "#/$defs/Link"}, "b": {"$ref": "#/$defs/Link", "description": "Back"}}})
    assert data["fields"] == [{"name": "a", "type": "string", "description": 'Default: "/x". Deprecated.'},
                              {"name": "b", "type": "string", "description": 'Back. Default: "/x". Deprecated.'}]
    assert warnings == LINK_WARNINGS


def test_object_definitions_and_their_parents_carry_their_own_keywords(cli, tmp_path):
    document = {
        "title": "Thing", "description": "A thing",
        "allOf": [{"$ref": "#/$defs/Base"}, {"type": "object", "properties": {"place": {"$ref": "#/$defs/Place"}}}],
        "$defs": {
            "Base": {"type": "object", "deprecated": True, "default": {"kind": "a"}, "description": "A base",
                     "properties": {"kind": {"type": "string"}}},
            "Place": {"type": "object", "readOnly": True, "default": {}, "deprecated": True,
                      "description": "Where it is", "properties": {"name": {"type": "string"}}},
        },
    }
    data, warnings = imported(cli, tmp_path, document)
    assert data == {
        "resource": "thing", "description": 'A thing. Default: {"kind": "a"}. Deprecated.',
        "fields": [{"name": "kind", "type": "string"}, {"name": "place", "type": "Place"}],
        "models": {"Place": {"description": "Where it is. Default: {}. Deprecated.",
                             "fields": [{"name": "name", "type": "string"}]}},
    }
    assert warnings == [f"readOnly at #/$defs/Place: {READ_WRITTEN}", f"default at #/$defs/Place: {NO_DEFAULTS}",
                        f"default at #/$defs/Base: {NO_DEFAULTS}"]


def test_openapi_30_allof_ref_with_nullable(cli, tmp_path):
    document = {
        "openapi": "3.0.3", "info": {"title": "t", "version": "1"}, "paths": {},
        "components": {"schemas": {
            "Link": {**LINK, "description": "A link"},
            "Thing": {"type": "object", "properties": {
                "home": {"allOf": [{"$ref": "#/components/schemas/Link"}], "nullable": True},
                "links": {"type": "array", "items": {"$ref": "#/components/schemas/Link"}}}},
        }},
    }
    data, warnings = imported(cli, tmp_path, document, "--model", "Thing")
    assert data["fields"] == [
        {"name": "home", "type": "string", "nullable": True, "description": 'A link. Default: "/x". Deprecated.'},
        {"name": "links", "type": "[]string",
         "description": 'Items: A link. Items default to "/x". Items are deprecated.'}]
    at = "#/components/schemas/Link"
    assert warnings == [f"readOnly at {at}: {READ_WRITTEN}", f"default at {at}: {NO_DEFAULTS}",
                        f"format 'uri-reference' at {at}: {NOT_UNDERSTOOD}"]


# ----------------------------------------------------------------- what the document does not say

HOSTNAME = {"type": "string", "format": "hostname"}


@pytest.mark.parametrize("schema, defs, field", [
    (HOSTNAME, None, {"name": "p", "type": "string", "validate": "hostname_rfc1123"}),
    ({"$ref": "#/$defs/Host"}, {"Host": HOSTNAME}, {"name": "p", "type": "string", "validate": "hostname_rfc1123"}),
    ({"type": "array", "items": HOSTNAME}, None, {"name": "p", "type": "[]string", "validate": "dive,hostname_rfc1123"}),
    ({"type": "object", "additionalProperties": {"$ref": "#/$defs/Host"}}, {"Host": HOSTNAME},
     {"name": "p", "type": "map[string]string", "validate": "dive,hostname_rfc1123"}),
    ({"anyOf": [{**HOSTNAME, "minLength": 3}, {"type": "null"}]}, None,
     {"name": "p", "type": "string", "nullable": True, "validate": "hostname_rfc1123,min=3"}),
], ids=["inline", "definition", "items", "values", "anyOf"])
def test_the_parsers_hostname_regex_is_never_reported_nor_copied(cli, tmp_path, schema, defs, field):
    data, warnings = imported(cli, tmp_path, one_property(schema, defs))
    assert data["fields"] == [field] and warnings == []


def test_a_hostname_keeps_its_own_pattern_not_the_parsers(cli, tmp_path):
    data, warnings = imported(cli, tmp_path, one_property({**HOSTNAME, "pattern": "^[a-z.]+$"}))
    assert data["fields"] == [{"name": "p", "type": "string", "validate": "hostname_rfc1123",
                               "description": "Pattern: `^[a-z.]+$`."}]
    assert warnings == [f"pattern at #/properties/p: {NO_REGEX}"]


def test_patterns_of_allof_members_are_reported_where_they_sit_not_joined(cli, tmp_path):
    data, warnings = imported(cli, tmp_path, one_property(
        {"allOf": [{"type": "string", "pattern": "^a"}, {"pattern": "b$"}, {"multipleOf": 2}]}))
    assert data["fields"] == [{"name": "p", "type": "string",
                               "description": "Pattern: `^a`. Pattern: `b$`. A multiple of 2."}]
    assert warnings == [f"pattern at #/properties/p/allOf/0: {NO_REGEX}", f"pattern at #/properties/p/allOf/1: {NO_REGEX}",
                        "multipleOf at #/properties/p/allOf/2: validator/v10 has no such rule; noted in the "
                        "description, not enforced"]


@pytest.mark.parametrize("openapi", [False, True], ids=["jsonschema", "openapi"])
def test_no_format_of_the_parser_adds_a_keyword_the_document_does_not_have(cli, tmp_path, openapi):
    """Every format datamodel-code-generator knows, on the type it knows it for: the spec says no more than
    the format's own note, and nothing but formats is reported."""
    from datamodel_code_generator.parser.schema_version import get_data_formats

    from elqnt_scaffold.importer.types import FORMATS

    props, notes = {}, {}
    for wire, formats in get_data_formats(is_openapi=openapi).items():
        for fmt, kind in formats.items():
            if fmt != "default" and wire in ("string", "integer", "number"):
                name = f"{wire[0]}{len(props)}"  # `string` + `date-time`: s3
                props[name] = {"type": wire, "format": fmt}
                notes[name] = FORMATS[kind.name][2] if (FORMATS[kind.name][0] == "string") == (wire == "string") else None
    assert {"type": "string", "format": "hostname"} in props.values() and len(props) > 30
    schema = {"type": "object", "properties": props}
    document = ({"openapi": "3.1.0", "info": {"title": "t", "version": "1"}, "paths": {},
                 "components": {"schemas": {"Thing": schema}}} if openapi else schema)
    data, warnings = imported(cli, tmp_path, document)
    assert [f["name"] for f in data["fields"]] == list(props)
    for f in data["fields"]:
        assert f.get("description") == notes[f["name"]], f
    assert all(w.startswith("format '") for w in warnings), warnings
    assert not any("attern" in w for w in warnings)


EXTRA = {"type": "object", "properties": {"a": {"type": "string"}}, "additionalProperties": {"type": "string"}}
OTHER_KEYS = "other keys beside the properties are not representable: ignored by Go's decoder, not kept"


@pytest.mark.parametrize("document, fields, models, warnings", [
    (one_property(EXTRA), [{"name": "p", "type": "P"}], {"P": {"fields": [{"name": "a", "type": "string"}]}},
     [f"additionalProperties at #/properties/p: {OTHER_KEYS}"]),
    (one_property({"$ref": "#/$defs/Box"}, {"Box": EXTRA}), [{"name": "p", "type": "Box"}],
     {"Box": {"fields": [{"name": "a", "type": "string"}]}}, [f"additionalProperties at #/$defs/Box: {OTHER_KEYS}"]),
    (EXTRA, [{"name": "a", "type": "string"}], None, [f"additionalProperties at #: {OTHER_KEYS}"]),
    (one_property({"type": "array", "items": {**EXTRA, "additionalProperties": {"$ref": "#/$defs/Link"}}},
                  {"Link": LINK}),
     [{"name": "p", "type": "[]PItem"}], {"PItem": {"fields": [{"name": "a", "type": "string"}]}},
     [f"additionalProperties at #/properties/p/items: {OTHER_KEYS}"]),
], ids=["property", "definition", "root", "items"])
def test_other_keys_beside_properties_are_reported_and_no_field_is_invented(cli, tmp_path, document, fields,
                                                                            models, warnings):
    """The parser models them as pydantic's `__pydantic_extra__`: no property of the document."""
    data, got = imported(cli, tmp_path, document)
    assert data["fields"] == fields and data.get("models") == models
    assert got == warnings


# ----------------------------------------------------------------- sentences

@pytest.mark.parametrize("parts, text", [
    (["Created", "An RFC 3339 date-time."], "Created. An RFC 3339 date-time."),
    (["Created.", "An RFC 3339 date-time."], "Created. An RFC 3339 date-time."),
    (["Created!", "Default: 1."], "Created! Default: 1."),
    (["Size (in cm.)", "Deprecated."], "Size (in cm.) Deprecated."),
    (["Size (in cm)", "Deprecated."], "Size (in cm). Deprecated."),
    (['Say "hi."', "Deprecated."], 'Say "hi." Deprecated.'),
    (["One of:", "a b"], "One of: a b"),
    (["  Created \n", None, "", "a link", "a link"], "Created. a link"),
    (["Line one.\n\nLine two", "Deprecated."], "Line one.\n\nLine two. Deprecated."),
    (["Etc…", "Deprecated."], "Etc… Deprecated."),
    ([], ""),
])
def test_join_sentences(parts, text):
    assert join_sentences(parts) == text


def test_descriptions_and_notes_join_as_sentences(cli, tmp_path):
    document = {
        "title": "Thing", "description": "A thing\n", "deprecated": True, "type": "object",
        "$defs": {"Stamp": {"type": "string", "format": "date-time", "description": "created at"},
                  "Box": {"type": "object", "description": "A box", "deprecated": True,
                          "properties": {"size": {"type": "integer", "description": "Size (cm)", "multipleOf": 5}}}},
        "properties": {
            "created": {"type": "string", "format": "date-time", "description": "Created"},
            "updated": {"type": "string", "format": "date-time", "description": "Updated."},
            "seen": {"$ref": "#/$defs/Stamp"},
            "again": {"$ref": "#/$defs/Stamp", "description": "created at"},
            "day": {"type": "string", "format": "date", "description": "Due:  "},
            "box": {"$ref": "#/$defs/Box"},
        },
    }
    data, warnings = imported(cli, tmp_path, document)
    assert data == {
        "resource": "thing", "description": "A thing. Deprecated.",
        "fields": [
            {"name": "created", "type": "string", "validate": RFC3339, "description": "Created. An RFC 3339 date-time."},
            {"name": "updated", "type": "string", "validate": RFC3339, "description": "Updated. An RFC 3339 date-time."},
            {"name": "seen", "type": "string", "validate": RFC3339, "description": "created at. An RFC 3339 date-time."},
            {"name": "again", "type": "string", "validate": RFC3339, "description": "created at. An RFC 3339 date-time."},
            {"name": "day", "type": "string", "validate": "datetime=2006-01-02",
             "description": "Due: An RFC 3339 full-date (2006-01-02)."},
            {"name": "box", "type": "Box"},
        ],
        "models": {"Box": {"description": "A box. Deprecated.", "fields": [
            {"name": "size", "type": "int64", "description": "Size (cm). A multiple of 5."}]}},
    }
    assert warnings == ["multipleOf at #/$defs/Box/properties/size: validator/v10 has no such rule; noted in the "
                        "description, not enforced"]


# ----------------------------------------------------------------- the real toolchains

@needs_go
@needs_tsc
def test_a_spec_with_these_notes_scaffolds_into_code_that_builds_and_compiles(cli, example, tmp_path):
    document = one_property({"$ref": "#/$defs/Link"}, {"Link": {**LINK, "description": 'A "link"', "pattern": "^/`*/"}})
    document["properties"] |= {"host": HOSTNAME, "tags": {"type": "array", "items": {"$ref": "#/$defs/Link"}},
                               "at": {"type": "string", "format": "date-time", "description": "Created"}}
    path = tmp_path / "doc.json"
    path.write_text(json.dumps(document))
    out = tmp_path / "thing.yaml"
    assert cli("import-schema", str(path), "--resource", "gizmo", "-o", str(out)).code == 0
    spec = load_spec(out)
    assert [f.description for f in spec.fields] == [
        'A "link". Pattern: `^/`*/`. Default: "/x". Deprecated.', None,
        'Items: A "link". Items match `^/`*/`. Items default to "/x". Items are deprecated.',
        "Created. An RFC 3339 date-time."]
    run = cli("add-endpoint", "gizmo", "--spec", str(out), "--repo", str(example))
    assert run.code == 0, run.out + run.err
    assert_go_quality(example / "services" / spec.service_name)
    models = (example / "services" / spec.service_name / "models" / "gizmo.go").read_text()
    assert "// Created. An RFC 3339 date-time." in models
    for package in ("eloquent-packages/packages/types", "eloquent-packages/packages/api-client"):
        proc = tsc(example / package)
        assert proc.returncode == 0, f"{package}:\n{proc.stdout}{proc.stderr}"
