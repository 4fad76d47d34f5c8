"""A spec's `validate` rules are checked against go-playground/validator v10 at load: a misspelt tag
(`requred`), a parameter it cannot parse (`min=abc` on a string), `dive` into a string, `oneof` on a float
... panicked on every request; now they are exit 2 with file:line and the nearest tag.

The committed table (elqnt_scaffold/spec/validator_tags.py) is compared with the real validator source
(downloaded with `go mod download`; no skip: a machine without Go or the module fails), and every verdict
of the checker is compared with what the real validator does with the same tag on the same Go type."""

from __future__ import annotations

import json
import os
import re
import subprocess
from pathlib import Path

import pytest

from elqnt_scaffold.errors import UserError
from elqnt_scaffold.spec import from_data, load_spec
from elqnt_scaffold.spec import validator_tags as tags

from tests.conftest import ROOT, tree_digest

MODULE = "github.com/go-playground/validator/v10"


def module_dir(version: str, cwd: Path) -> Path:
    """The module's source in the Go module cache (downloaded when missing)."""
    proc = subprocess.run(
        ["go", "mod", "download", "-json", f"{MODULE}@{version}"],
        cwd=cwd, capture_output=True, text=True, env={**os.environ, "GOFLAGS": "-mod=mod"},
    )
    assert proc.returncode == 0, f"go mod download {MODULE}@{version}:\n{proc.stdout}{proc.stderr}"
    return Path(json.loads(proc.stdout)["Dir"])


@pytest.fixture(scope="module")
def source(tmp_path_factory) -> Path:
    return module_dir(tags.VERSION, tmp_path_factory.mktemp("gomod"))


def baked_in(folder: Path) -> tuple[set[str], dict[str, str], str]:
    text = (folder / "baked_in.go").read_text()
    validators = re.search(r"bakedInValidators = map\[string\]Func\{(.*?)\n\t\}", text, re.S)
    aliases = re.search(r"bakedInAliases = map\[string\]string\{(.*?)\n\t\}", text, re.S)
    assert validators and aliases, "baked_in.go changed shape"
    names = re.findall(r'^\s*"([^"]+)":', validators.group(1), re.M)
    assert len(names) == len(set(names))
    return set(names), dict(re.findall(r'"([^"]+)":\s*"([^"]+)"', aliases.group(1))), validators.group(1)


def test_the_tag_table_is_the_validator_source(source):
    validators, aliases, _ = baked_in(source)
    assert tags.VALIDATORS == validators
    assert tags.ALIASES == aliases


def test_the_keywords_are_those_the_tag_parser_handles_itself(source):
    constants = dict(re.findall(r'^\t(\w+)\s*=\s*"([^"]*)"', (source / "validator_instance.go").read_text(), re.M))
    cache = (source / "cache.go").read_text()
    parser = cache[cache.index("func (v *Validate) parseFieldTagsRecursive") :]
    switch = parser[parser.index("switch t {") : parser.index("default:")]
    cases = re.findall(r"case (\w+):", switch)
    assert {constants[c] for c in cases} == tags.KEYWORDS


def _functions(folder: Path) -> dict[str, str]:
    text = "".join(p.read_text() for p in folder.glob("*.go") if not p.name.endswith("_test.go") and p.name != "validate_fn.go")
    return {m.group(1): m.group(2) for m in re.finditer(r"^func (\w+)\([^)]*\)[^{\n]*\{\n(.*?)^\}", text, re.S | re.M)}


def test_the_parameter_table_is_what_the_validator_functions_read(source):
    """A validator reads its parameter when its function (or one it passes `fl` to) calls fl.Param(), or
    fl.GetStructFieldOK...() (the cross-field tags: the parameter names the other field)."""
    _, _, table = baked_in(source)
    bodies = _functions(source)

    def reads(name: str, seen: frozenset[str] = frozenset()) -> bool:
        body = bodies[name]
        if "Param()" in body or "GetStructFieldOK" in body:
            return True
        return any(reads(callee, seen | {name}) for callee in re.findall(r"\b(\w+)\(fl\b", body)
                   if callee in bodies and callee not in seen | {name})

    functions = dict(re.findall(r'^\s*"([^"]+)":\s*(\w+)', table, re.M))
    assert {tag for tag, fn in functions.items() if reads(fn)} == tags.PARAMETERS | tags.OPTIONAL_PARAMETER
    assert not tags.PARAMETERS & tags.OPTIONAL_PARAMETER


def test_the_tags_a_pinned_service_lacks(source, tmp_path):
    """New services require validator v10.26.0 (Config.validator_version): the table says which tags it lacks."""
    from elqnt_scaffold.repo import Config

    assert Config().validator_version == tags.PINNED_VERSION
    pinned, _, _ = baked_in(module_dir(tags.PINNED_VERSION, tmp_path))
    assert tags.VALIDATORS - pinned == tags.ADDED_AFTER_PINNED


# --------------------------------------------------------------------- the checker against the real validator

# (spec type, validate, Go type, Go value). PANICS: the validator panics and the spec refuses. FINE: neither.
PANICS = [
    ("string", "requred,min=1", "string", '"x"'),
    ("string", "Required", "string", '"x"'),
    ("string", "min=1, max=5", "string", '"x"'),
    ("string", "min=abc", "string", '"x"'),
    ("int", "min=1.5", "int", "1"),
    ("int64", "max=99999999999999999999", "int64", "1"),
    ("float32", "max=1e39", "float32", "1.5"),
    ("float64", "max=1e309", "float64", "1.5"),
    ("bool", "min=1", "bool", "true"),
    ("bool", "eq=yes", "bool", "true"),
    ("string", "dive", "string", '"x"'),
    ("[]string", "dive,dive,email", "[]string", '[]string{"x"}'),
    ("any", "dive", "any", '"x"'),
    ("any", "min=1", "any", "true"),  # a request may send a bool
    ("any", "oneof=a b", "any", "1.5"),  # or a number (float64)
    ("[]string", "dive,keys,min=1,endkeys", "[]string", '[]string{"x"}'),
    ("string", "keys", "string", '"x"'),
    ("float64", "oneof=1 2", "float64", "1.5"),
    ("int", "datetime=2006", "int", "1"),
    ("string", "unique", "string", '"x"'),
    ("Address", "min=1", "Address", 'Address{Street: "x"}'),
    ("string", "email|", "string", '"x"'),
    ("string", "omitempty|email", "string", '"x"'),
    ("string", "required,-", "string", '"x"'),
    ("string", "min=1,,max=2", "string", '"x"'),
]
FINE = [
    ("string", "required,min=1", "string", '"x"'),
    ("float64", "min=1.5", "float64", "1.5"),
    ("[]string", "min=1,dive,email", "[]string", '[]string{"a@b.co"}'),
    ("[]int", "dive,oneof=1 2", "[]int", "[]int{1}"),
    ("map[string]int", "dive,keys,min=1,endkeys,gte=0", "map[string]int", 'map[string]int{"k": 1}'),
    ("string", "email|url", "string", '"x"'),
    ("string", "oneof=a b", "string", '"a"'),
    ("string", "oneof='a b' c", "string", '"a b"'),
    ("int", "oneof=1 2", "int", "1"),
    ("string", "iscolor", "string", '"#fff"'),
    ("int64", "min=0x10", "int64", "17"),
    ("int64", "min=010", "int64", "9"),
    ("int", "min=1_000", "int", "1000"),
    ("string", "max=+5", "string", '"x"'),
    ("float64", "max=1e308", "float64", "1.5"),
    ("string", "eq=", "string", '""'),
    ("bool", "eq=true", "bool", "true"),
    ("Address", "required", "Address", 'Address{Street: "x"}'),
    ("[]Address", "min=1,dive,required", "[]Address", '[]Address{{Street: "x"}}'),
    ("[]string", "unique", "[]string", '[]string{"x"}'),
    ("any", "required", "any", "true"),
    ("string", "datetime=2006-01-02", "string", '"2024-01-02"'),
    ("string", "omitempty,uuid7", "string", '"01890a5d-ac96-774b-bcce-b302099a8057"'),
]
# Refused although the validator does not panic: the rule cannot do what it says.
MISLEADING = [
    ("string", "required=true", "takes no parameter (the validator ignores 'true')", "write `required`"),
    ("int", "oneof=a b", "the values of oneof on int must be integers", "for example oneof=1 2 3"),
    ("string", "contains=", "contains= has an empty parameter", "for example contains=..."),
    ("map[string]int", "dive,keys,min=1", "keys needs a closing endkeys", "dive,keys,<rules for the keys>,endkeys"),
]


def spec_verdict(spec_type: str, rules: str) -> str | None:
    """None when the spec loads, else the error."""
    data = {
        "resource": "widget",
        "fields": [{"name": "f", "type": spec_type, "validate": rules}],
        "models": {"Address": {"fields": [{"name": "street", "type": "string"}]}},
    }
    try:
        from_data(data, "spec.yaml")
    except UserError as exc:
        return str(exc)
    return None


@pytest.fixture(scope="module")
def real_validator(tmp_path_factory) -> list[str]:
    """Each case of PANICS + FINE validated by the real validator: "panic: ..." or "ok"."""
    work = tmp_path_factory.mktemp("harness")
    cases = PANICS + FINE
    types = "".join(f'type C{i} struct {{\n\tF {go} `validate:"{rules}"`\n}}\n\n' for i, (_, rules, go, _) in enumerate(cases))
    calls = "".join(f"\tfmt.Println(try(C{i}{{F: {value}}}))\n" for i, (_, _, _, value) in enumerate(cases))
    (work / "main.go").write_text(
        'package main\n\nimport (\n\t"fmt"\n\n\t"github.com/go-playground/validator/v10"\n)\n\n'
        'type Address struct {\n\tStreet string `json:"street"`\n}\n\n' + types +
        "func try(v any) (out string) {\n\tdefer func() {\n\t\tif r := recover(); r != nil {\n"
        '\t\t\tout = fmt.Sprint("panic: ", r)\n\t\t}\n\t}()\n\t_ = validator.New().Struct(v)\n\treturn "ok"\n}\n\n'
        "func main() {\n" + calls + "}\n"
    )
    (work / "go.mod").write_text(f"module harness\n\ngo 1.22\n\nrequire {MODULE} {tags.VERSION}\n")
    env = {**os.environ, "GOFLAGS": "-mod=mod"}
    for args in (["mod", "tidy"], ["run", "."]):
        proc = subprocess.run(["go", *args], cwd=work, capture_output=True, text=True, env=env)
        assert proc.returncode == 0, f"go {' '.join(args)}:\n{proc.stdout}{proc.stderr}"
    verdicts = proc.stdout.splitlines()
    assert len(verdicts) == len(cases)
    return verdicts


@pytest.mark.parametrize("index", range(len(PANICS)), ids=[f"{c[0]}:{c[1]}" for c in PANICS])
def test_a_rule_the_validator_panics_on_is_refused(real_validator, index):
    spec_type, rules, _, _ = PANICS[index]
    assert real_validator[index].startswith("panic: "), real_validator[index]
    problem = spec_verdict(spec_type, rules)
    assert problem is not None, f"{rules!r} on {spec_type} panics ({real_validator[index]}) but the spec accepts it"
    assert "field 'fields[0].validate': validate rule " in problem and "fix: " in problem


@pytest.mark.parametrize("index", range(len(FINE)), ids=[f"{c[0]}:{c[1]}" for c in FINE])
def test_a_rule_the_validator_runs_is_accepted(real_validator, index):
    spec_type, rules, _, _ = FINE[index]
    assert real_validator[len(PANICS) + index] == "ok"
    assert spec_verdict(spec_type, rules) is None


@pytest.mark.parametrize("spec_type, rules, message, hint", MISLEADING)
def test_a_rule_that_cannot_do_what_it_says_is_refused(spec_type, rules, message, hint):
    problem = spec_verdict(spec_type, rules)
    assert problem is not None and message in problem and hint in problem


def test_the_messages_name_the_nearest_tag():
    assert "fix: did you mean required?" in spec_verdict("string", "requred,min=1")
    assert "fix: did you mean required?" in spec_verdict("string", "Required")
    assert "fix: did you mean oneof?" in spec_verdict("string", "one_of=a b")
    assert "fix: did you mean email?" in spec_verdict("string", "emial")
    assert "no regular-expression rule" in spec_verdict("string", "regexp=^a$")
    assert "has no tag 'requred'" in spec_verdict("string", "requred")
    assert "for example min=1" in spec_verdict("string", "min")


# ----------------------------------------------------------------------------- where the spec says it

SPEC = """resource: widget
fields:
  - name: title
    type: string
    required: true
    validate: "requred,min=1"
"""


def test_a_misspelt_rule_in_a_spec_exits_2_with_its_line_and_writes_nothing(cli, example, tmp_path):
    spec = tmp_path / "widget.yaml"
    spec.write_text(SPEC)
    before = tree_digest(example)
    run = cli("add-endpoint", "widget", "--spec", str(spec), "--repo", str(example))
    assert run.code == 2, run.out + run.err
    assert run.err.startswith(f"error: {spec}:6: field 'fields[0].validate': validate rule 'requred': ")
    assert "fix: did you mean required?" in run.err and "nothing was written" in run.err
    assert tree_digest(example) == before


@pytest.mark.parametrize(
    "text, line, field",
    [
        # a model's field
        ("resource: widget\nfields:\n  - {name: home, type: Address}\nmodels:\n  Address:\n    fields:\n"
         "      - {name: zip, type: string, validate: 'len=abc'}\n", 7, "models.Address.fields[0].validate"),
        # a custom operation's inline body
        ("resource: widget\noperations:\n  - name: rename\n    method: POST\n    path: /{id}/rename\n    body:\n"
         "      - {name: title, type: string, validate: 'min=1,mx=2'}\n", 7, "operations[0].body[0].validate"),
        # a list of models: dive is counted against the type
        ("resource: widget\nfields:\n  - name: tags\n    type: '[]string'\n    validate: dive,dive\n", 5, "fields[0].validate"),
    ],
)
def test_every_field_of_a_spec_is_checked_at_its_line(tmp_path, text, line, field):
    path = tmp_path / "widget.yaml"
    path.write_text(text)
    with pytest.raises(UserError) as info:
        load_spec(path)
    assert (info.value.file, info.value.line, info.value.field) == (str(path), line, field)


def test_every_committed_spec_still_loads():
    specs = [p for p in (ROOT / "tests" / "data").glob("*.yaml")] + list((ROOT / "tests").glob("**/endpoints/*.yaml"))
    specs += list((ROOT / "examples").glob("**/endpoints/*.yaml"))
    assert len(specs) >= 5
    for path in specs:
        load_spec(path)
