"""The CLI as people use it: -h, --version, help with real metavars and the field types, a bad --format,
a plural resource name, a sibling service whose go.mod says nothing, and the demo's no-op step."""

from __future__ import annotations

import re
import shutil
import subprocess
import tomllib
from pathlib import Path

import pytest

from elqnt_scaffold import __version__
from elqnt_scaffold.cli import FIELD_TYPES
from elqnt_scaffold.naming import singular_of_plural
from elqnt_scaffold.spec.fields import SCALAR_TYPES

from tests.conftest import ROOT, needs_go, tree_digest

COMMANDS = ["init", "add-endpoint", "remove-endpoint", "check", "drift", "schema", "import-schema"]
FIELDS = ["--field", "name:string:required"]


# ------------------------------------------------------------------------------------------------ help


@pytest.mark.parametrize("command", [[], *[[c] for c in COMMANDS]], ids=["root", *COMMANDS])
def test_dash_h_is_help(cli, command):
    short, long = cli(*command, "-h"), cli(*command, "--help")
    assert short.code == long.code == 0, short.err
    assert short.out == long.out and short.out.startswith("Usage: elqnt-scaffold")


def test_version():
    from tests.conftest import run_cli

    run = run_cli("--version")
    project = tomllib.loads((ROOT / "pyproject.toml").read_text())["project"]["version"]
    assert run.code == 0 and run.out == f"elqnt-scaffold {__version__}\n" and __version__ == project


@pytest.mark.parametrize("command", COMMANDS)
def test_help_shows_real_metavars(cli, command):
    text = cli(command, "--help").out
    for leak in ("<bool>", "<str>", "<path>", "<list[str]>", "{resource}", "{RESOURCE}", "TEXT", "BOOLEAN"):
        assert leak not in text, f"{command} --help shows {leak}:\n{text}"
    usage = text.splitlines()[0]
    assert re.fullmatch(r"Usage: elqnt-scaffold [a-z-]+ \[OPTIONS\]( [A-Z]+| \[[A-Z]+\.\.\.\])?", usage), usage


def test_add_endpoint_help_names_its_values_and_the_field_types(cli):
    text = cli("add-endpoint", "--help").out
    assert text.splitlines()[0] == "Usage: elqnt-scaffold add-endpoint [OPTIONS] RESOURCE"
    for option in ("--service NAME", "--spec FILE", "--field NAME:TYPE[:required]", "--ops LIST",
                   '--op "NAME: METHOD PATH"', "--only LAYERS", "--repo PATH", "-h, --help"):
        assert option in text, option
    assert re.search(r"^  --dry-run +Print", text, re.M)  # a flag takes no value
    assert FIELD_TYPES in text
    assert "{name: status, type: enum, values: [draft, active, archived]}" in text
    assert "{name: note, type: string, nullable: true}" in text
    assert "elqnt-scaffold schema" in text


def test_the_help_lists_every_field_type_the_spec_knows():
    assert FIELD_TYPES.split() == [*SCALAR_TYPES, "[]T", "map[string]T", "enum"]


def test_check_help_names_the_formats_and_its_paths(cli):
    text = cli("check", "--help").out
    assert text.splitlines()[0] == "Usage: elqnt-scaffold check [OPTIONS] [PATHS...]"
    assert "--format [text|json|github]" in text


# ------------------------------------------------------------------------------------- a bad --format


@pytest.mark.parametrize("args", [["check"], ["drift"], ["drift", "--fix"]])
@pytest.mark.parametrize("fmt", ["xml", "JSON", ""])
def test_an_unknown_format_is_named_and_exit_2(cli, example, args, fmt):
    before = tree_digest(example)
    run = cli(*args, "--format", fmt, "--repo", str(example))
    assert run.code == 2 and run.out == ""
    assert run.err == f"error: field '--format': unknown format {fmt!r}\n  fix: use text, json or github\n"
    assert tree_digest(example) == before


def test_check_never_says_nothing_was_written(cli, tmp_path):
    run = cli("check", "--repo", str(tmp_path / "missing"))
    assert run.code == 2 and "is not a folder" in run.err and "nothing was written" not in run.err


@pytest.mark.parametrize("args, writes", [(["drift"], False), (["drift", "--format", "github"], False),
                                          (["drift", "--fix"], True)])
def test_only_a_command_that_writes_says_nothing_was_written(cli, example, args, writes):
    endpoints = example / "services/project-service/endpoints"
    endpoints.mkdir(exist_ok=True)
    (endpoints / "project.yaml").write_text("resource: project\nfields: {oops\n")
    before = tree_digest(example)
    run = cli(*args, "--repo", str(example))
    assert run.code == 2 and "services/project-service/endpoints/project.yaml:" in run.err
    assert run.err.rstrip().endswith("nothing was written") is writes
    assert tree_digest(example) == before


# ----------------------------------------------------------------------------------- a plural resource


@pytest.mark.parametrize("resource, single", [("widgets", "widget"), ("people", "person"), ("api_keys", "api_key"),
                                              ("categories", "category"), ("children", "child")])
def test_a_plural_resource_name_warns_and_suggests_the_singular(cli, example, resource, single):
    run = cli("add-endpoint", resource, *FIELDS, "--dry-run", "--repo", str(example))
    assert run.code == 0, run.err
    assert f"warning: resource {resource!r} looks plural" in run.err
    assert f"name it in the singular ({single!r})" in run.err
    assert f"set `plural:` in services/{resource.replace('_', '-')}-service/endpoints/{resource}.yaml" in run.err


@pytest.mark.parametrize("resource", ["widget", "person", "status", "news", "series", "address", "campus", "sms"])
def test_a_singular_resource_name_does_not_warn(cli, example, resource):
    run = cli("add-endpoint", resource, *FIELDS, "--dry-run", "--repo", str(example))
    assert run.code == 0, run.err
    assert "looks plural" not in run.err


def test_a_spec_that_sets_plural_is_not_second_guessed(cli, example, tmp_path):
    spec = tmp_path / "settings.yaml"
    spec.write_text("resource: settings\nplural: settings_list\nfields:\n  - {name: theme, type: string}\n")
    run = cli("add-endpoint", "settings", "--spec", str(spec), "--dry-run", "--repo", str(example))
    assert run.code == 0, run.err
    assert "looks plural" not in run.err


def test_import_schema_warns_about_a_plural_resource_too(cli, tmp_path):
    schema = tmp_path / "orders.json"
    schema.write_text('{"type": "object", "properties": {"total": {"type": "number"}}}')
    run = cli("import-schema", str(schema), "--resource", "orders")
    assert run.code == 0, run.err
    assert "warning: resource 'orders' looks plural" in run.err and "('order')" in run.err


def test_the_singular_suggestions():
    assert [singular_of_plural(w) for w in ("widgets", "StatusUpdates", "user-settings", "todos")] == [
        "widget", "status_update", "user_setting", "todo"]
    assert [singular_of_plural(w) for w in ("widget", "bus", "focus", "gas", "analysis", "")] == [None] * 6


# ------------------------------------------------------------- a sibling service whose go.mod says nothing

SIBLINGS = {
    "aaa-service": b"",  # empty
    "bbb-service": b"go 1.22\n\nrequire github.com/google/uuid v1.6.0\n",  # no module line
    "bbc-service": b"module\n",  # a module keyword without a path
    "bbd-service": b"\xff\xfe\x00m\x00o\x00d\x00",  # not UTF-8
    "ccc-service": b"module example.com/acme/platform/services/ccc-service\n\ngo 1.22\n",  # the first that says
}


@needs_go
def test_siblings_whose_go_mod_says_nothing_are_skipped(cli, example):
    for name, raw in SIBLINGS.items():
        (example / "services" / name).mkdir()
        (example / "services" / name / "go.mod").write_bytes(raw)
    run = cli("add-endpoint", "widget", *FIELDS, "--only", "service", "--repo", str(example))
    assert run.code == 0, run.out + run.err
    gomod = (example / "services/widget-service/go.mod").read_text()
    assert gomod.startswith("module example.com/acme/platform/services/widget-service\n")
    assert "Traceback" not in run.err


def test_no_sibling_that_says_leaves_the_default_module_path(cli, example):
    shutil.rmtree(example / "services" / "project-service")
    for name in ("aaa-service", "bbb-service"):
        (example / "services" / name).mkdir()
        (example / "services" / name / "go.mod").write_bytes(SIBLINGS[name])
    run = cli("add-endpoint", "widget", *FIELDS, "--only", "service", "--no-tidy", "--repo", str(example))
    assert run.code == 0, run.out + run.err
    assert (example / "services/widget-service/go.mod").read_text().startswith(
        "module github.com/elqnt/eloquent/services/widget-service\n")


# ------------------------------------------------------------------------------ make demo's no-op step


@needs_go
def test_the_demo_prints_the_tools_own_no_op_line(example):
    """The step of scripts/demo.sh, run as it is written, on a repository where widget is already there."""
    script = (ROOT / "scripts" / "demo.sh").read_text().splitlines()
    at = script.index('echo "== running it again changes nothing"')
    step = next(line for line in script[at + 1 :] if line.startswith(".venv/bin/elqnt-scaffold"))
    exe = str(ROOT / ".venv/bin/elqnt-scaffold")
    setup = subprocess.run([exe, "add-endpoint", "widget", *FIELDS, "--repo", str(example)], capture_output=True, text=True)
    assert setup.returncode == 0, setup.stdout + setup.stderr

    def demo_step() -> subprocess.CompletedProcess:
        return subprocess.run(["bash", "-c", f"set -euo pipefail\ndemo={example}\n{step}"], cwd=ROOT,
                              capture_output=True, text=True)

    proc = demo_step()
    assert proc.returncode == 0, proc.stderr
    assert proc.stdout == "Nothing to do: every file already says this.\n"
    models = example / "services/widget-service/models/widget.go"
    models.write_text(models.read_text().replace("package models", "package models\n\n// drifted", 1))
    proc = demo_step()
    assert proc.returncode != 0 and proc.stdout == ""  # a second run that changes a file fails the demo
