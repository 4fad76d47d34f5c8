"""Rules the service's validator version lacks are refused where the service is known; rules a spec
already spells (`required`, `omitempty`) are not doubled in the struct tags."""

from __future__ import annotations

from pathlib import Path

from tests.conftest import tree_digest


def _spec(tmp: Path, rules: str, required: bool = False) -> Path:
    path = tmp / "gadget.yaml"
    req = ", required: true" if required else ""
    path.write_text(f'resource: gadget\nfields:\n- {{name: code, type: string, validate: "{rules}"{req}}}\n')
    return path


def test_a_rule_newer_than_the_services_validator_is_refused(cli, example, tmp_path):
    sibling = example / "services/project-service/go.mod"  # a new service takes its siblings' validator
    sibling.write_text(sibling.read_text().replace("v10.30.6", "v10.26.0"))
    before = tree_digest(example)
    for rule in ("uuid7", "noneof=a b", "https_url"):
        run = cli("add-endpoint", "gadget", "--spec", str(_spec(tmp_path, f"omitempty,{rule}")), "--repo", str(example), "--no-tidy")
        assert run.code == 2, run.out
        assert "fields[0].validate" in run.err and "v10.26.0" in run.err and rule.split("=")[0] in run.err
    assert tree_digest(example) == before


def test_the_same_rule_is_accepted_by_a_service_on_a_newer_validator(cli, example, tmp_path):
    gomod = (example / "services/project-service/go.mod").read_text()
    assert "github.com/go-playground/validator/v10 v10.30" in gomod
    run = cli("add-endpoint", "gadget", "--service", "project-service", "--spec", str(_spec(tmp_path, "omitempty,uuid7")),
              "--repo", str(example), "--no-tidy")
    assert run.code == 0, run.out + run.err


def test_rules_the_spec_spells_are_not_doubled(cli, example, tmp_path):
    run = cli("add-endpoint", "gadget", "--spec", str(_spec(tmp_path, "required,email", required=True)), "--repo", str(example), "--no-tidy")
    assert run.code == 0, run.out + run.err
    models = (example / "services/gadget-service/models/gadget.go").read_text()
    assert 'validate:"required,email"' in models and "required,required" not in models
    run = cli("add-endpoint", "gadget", "--spec", str(_spec(tmp_path, "omitempty,min=1,max=5")), "--repo", str(example), "--no-tidy")
    assert run.code == 0, run.out + run.err
    models = (example / "services/gadget-service/models/gadget.go").read_text()
    assert 'validate:"omitempty,min=1,max=5"' in models and "omitempty,omitempty" not in models


def test_the_required_version_is_read_from_go_mod_blocks_and_single_lines():
    from elqnt_scaffold.sources.go import gomod

    block = "module x\n\ngo 1.22\n\nrequire (\n\tgithub.com/go-playground/validator/v10 v10.30.6\n\tgolang.org/x/net v0.1.0 // indirect\n)\n"
    assert gomod.required_version(block, "github.com/go-playground/validator/v10") == "v10.30.6"
    assert gomod.required_version("module x\n\nrequire a/b v1.2.3\n", "a/b") == "v1.2.3"
    assert gomod.required_version(block, "a/b") is None
