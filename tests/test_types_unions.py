"""Enums as string-literal unions, nullable fields as `T | null` (issue 14), through tygo's own mechanisms:
the entry the tool writes in tygo.yaml says `enum_style: union`; under an entry a person wrote (never
edited) the generated Go models carry tstype struct tags. Real tygo (both pinned releases) must write
exactly what our port writes, tsc must reject a misspelt enum value and a null where none is allowed, and
the Go still builds, vets and tests."""

from __future__ import annotations

import re
import subprocess
from pathlib import Path

import pytest
import yaml

from tests.conftest import TSC, assert_go_quality, needs_go, needs_tsc
from tests.tygo_tool import VERSIONS, run_tygo, tygo_bin, tygo_bin_latest  # noqa: F401  (fixtures)

TYPES = "eloquent-packages/packages/types"
MODULES = "github.com/elqnt/eloquent/services"

# an enum of three values, a nullable one, a one-value one (no tygo style makes a union of it), a nullable
# field of every kind, and a model with a required nullable enum
SPEC = """\
resource: gadget
description: A gadget with enums and a nullable field of every kind.
fields:
  - {name: name, type: string, required: true}
  - {name: status, type: enum, values: [draft, active, archived]}
  - {name: phase, type: enum, values: [beta, live], nullable: true}
  - {name: mode, type: enum, values: [manual]}
  - {name: label, type: string, nullable: true}
  - {name: rank, type: int, required: true, nullable: true}
  - {name: ratio, type: float64, nullable: true}
  - {name: enabled, type: bool, nullable: true}
  - {name: due_at, type: timestamp, nullable: true}
  - {name: tags, type: "[]string", nullable: true}
  - {name: weights, type: "map[string]float64", nullable: true}
  - {name: groups, type: "map[string][]string", nullable: true}
  - {name: parts, type: "[]Part", nullable: true}
  - {name: owner, type: Part, nullable: true}
  - {name: extra, type: any, nullable: true}
models:
  Part:
    fields:
      - {name: kind, type: enum, values: [bolt, nut], required: true, nullable: true}
      - {name: size, type: int32, nullable: true}
"""

# where the types go: a new service (the tool writes its tygo.yaml entry), or project-service, whose
# entry a person wrote: as it is (enum_style const by default), or with `enum_style: enum`
SERVICE = {"new": "gadget-service", "const": "project-service", "enum": "project-service"}


def scaffold(cli, example: Path, tmp_path: Path, where: str, version: str | None = None, tidy: bool = False) -> Path:
    """add-endpoint gadget; returns the types file tygo writes for its service."""
    if version:
        with (example / ".elqnt-scaffold.yaml").open("a") as config:
            config.write(f"tygo_version: {version}\n")
    if where == "enum":
        tygo_yaml = example / "tygo.yaml"
        tygo_yaml.write_text(tygo_yaml.read_text() + '    enum_style: "enum"\n')
    spec = tmp_path / "gadget.yaml"
    spec.write_text(SPEC)
    args = ["add-endpoint", "gadget", "--spec", str(spec), "--repo", str(example)]
    args += ["--service", SERVICE[where]] if where != "new" else []
    run = cli(*args, *([] if tidy else ["--no-tidy"]))
    assert run.code == 0, run.out + run.err
    return example / TYPES / f"src/{SERVICE[where]}.ts"


def entry_options(example: Path, service: str) -> dict:
    """The options of the service's tygo.yaml entry, as tygo reads them."""
    for entry in yaml.safe_load((example / "tygo.yaml").read_text())["packages"]:
        if entry["path"] == f"{MODULES}/{service}/models":
            return {k: v for k, v in entry.items() if k not in ("path", "output_path")}
    raise AssertionError(f"no tygo.yaml entry for {service}")


# what each style makes of the spec (lines of the generated TS)
EXPECTED = {
    "new": [
        'export const GadgetStatusDraft = "draft";',
        "/**\n * GadgetStatus is the type of Gadget.Status: one of these values.\n */\n"
        "export type GadgetStatus = typeof GadgetStatusDraft | typeof GadgetStatusActive | typeof GadgetStatusArchived;",
        'export type GadgetMode = string;',  # one value: tygo makes no union, the field's tag does
        '  status: GadgetStatus | "";',  # record: an optional enum left out is ""
        "  phase: GadgetPhase | null;",
        '  mode: "manual" | "";',
        "  status?: GadgetStatus;",
        "  phase?: GadgetPhase | null;",
        '  mode?: "manual";',
        "  kind?: PartKind | null;",
    ],
    "const": [
        "/**\n * GadgetStatus is the type of Gadget.Status: one of the constants below.\n */\n"
        "export type GadgetStatus = string;\nexport const GadgetStatusDraft: GadgetStatus = \"draft\";",
        '  status: "draft" | "active" | "archived" | "";',
        '  phase: "beta" | "live" | null;',
        '  status?: "draft" | "active" | "archived";',
        '  phase?: "beta" | "live" | null;',
        '  kind?: "bolt" | "nut" | null;',
    ],
    "enum": [
        "/**\n * GadgetStatus is the type of Gadget.Status: one of these values.\n */\nexport enum GadgetStatus {\n"
        '  Draft = "draft",',
        '  status: GadgetStatus | "";',
        '  mode?: "manual";',
    ],
}
# the same in every style: nullable as `T | null`, the record's key always there, T as tygo writes it
NULLABLE = [
    "  label: string | null;",
    "  rank: number /* int */ | null;",
    "  ratio: number /* float64 */ | null;",
    "  enabled: boolean | null;",
    "  dueAt: number /* int64 */ | null;",
    "  tags: string[] | null;",
    "  weights: { [key: string]: number /* float64 */} | null;",
    "  groups: { [key: string]: string[]} | null;",
    "  parts: Part[] | null;",
    "  owner: Part | null;",
    "  extra: any;",
    "  label?: string | null;",
    "  rank?: number /* int */ | null;",
    "  owner?: Part | null;",
    "  size?: number /* int32 */ | null;",
]


@pytest.mark.parametrize("version", VERSIONS)
@pytest.mark.parametrize("where", ["new", "const", "enum"])
def test_types_are_byte_identical_to_real_tygo(cli, example, tmp_path, tygo_bin, tygo_bin_latest, where, version):
    user_tygo_yaml = (example / "tygo.yaml").read_text() + ('    enum_style: "enum"\n' if where == "enum" else "")
    ours = scaffold(cli, example, tmp_path, where, version).read_text()
    service = SERVICE[where]
    models = example / "services" / service / "models"
    files = [(p.name, p.read_text()) for p in sorted(models.glob("*.go"))]
    assert ours == run_tygo(files, entry_options(example, service), version=version)
    for line in EXPECTED[where] + NULLABLE:
        assert "\n" + line + "\n" in ours, line
    if where == "new":
        assert entry_options(example, service) == {"enum_style": "union"}
    else:  # the user's entry is never edited
        assert (example / "tygo.yaml").read_text() == user_tygo_yaml


def test_go_tags_as_written(cli, example, tmp_path):
    scaffold(cli, example, tmp_path, "const")
    go = re.sub(r"[ \t]+", " ", (example / "services/project-service/models/gadget.go").read_text())
    assert 'Status GadgetStatus `json:"status" tstype:"\\"draft\\" | \\"active\\" | \\"archived\\" | \\"\\""`' in go
    assert 'Phase *GadgetPhase `json:"phase" tstype:"\\"beta\\" | \\"live\\" | null,required"`' in go
    assert 'Weights *map[string]float64 `json:"weights" tstype:"{ [key: string]: number /* float64 */} | null,required"`' in go
    assert 'Label *string `json:"label,omitempty" tstype:"string | null"`' in go
    assert 'Extra any `json:"extra,omitempty"`' in go
    # the doc stays on the type: tygo's const style writes it there
    assert "// GadgetStatus is the type of Gadget.Status: one of the constants below.\ntype GadgetStatus string\n" in go


def tsc_errors(project: Path, *flags: str) -> tuple[int, list[tuple[str, int, str, str]]]:
    """(exit status, [(file, line, TSxxxx, message)]) of the pinned tsc on the project."""
    proc = subprocess.run([str(TSC), "--noEmit", "--pretty", "false", *flags, "-p", str(project)],
                          cwd=project, capture_output=True, text=True)
    found = re.findall(r"^(\S+?)\((\d+),\d+\): error (TS\d+): (.*)$", proc.stdout, re.M)
    return proc.returncode, [(file, int(line), code, message) for file, line, code, message in found]


PROBE = """\
import type {{ CreateGadgetRequest, Gadget, Part }} from "./{module}";

export const fine: CreateGadgetRequest = {{
  name: "n", status: "active", phase: null, mode: "manual", label: null, rank: null, ratio: null, enabled: null,
  dueAt: null, tags: null, weights: null, groups: null, parts: null, owner: null, extra: null,
}};
export const record: Pick<Gadget, "status" | "phase" | "label" | "owner"> = {{ status: "", phase: null, label: null, owner: null }};
export const part: Part = {{ kind: null, size: null }};
export const misspelt: CreateGadgetRequest = {{ name: "n", status: "activ" }};
export const misspeltOne: Gadget["mode"] = "manul";
export const unknown: CreateGadgetRequest = {{ name: "n", status: "published" }};
export const nullName: CreateGadgetRequest = {{ name: null }};
export const nullRecordName: Gadget["name"] = null;
export const keyLeftOut: Pick<Gadget, "label"> = {{}};
"""
# tsc reports a value one edit away from a member as TS2820, TS2322's "Did you mean" form
PROBE_ERRORS = [
    (9, "TS2820", """Type '"activ"' is not assignable to type '{status} | undefined'. Did you mean '"active"'?"""),
    (10, "TS2820", """Type '"manul"' is not assignable to type '"" | "manual"'. Did you mean '"manual"'?"""),
    (11, "TS2322", """Type '"published"' is not assignable to type '{status} | undefined'."""),
    (12, "TS2322", "Type 'null' is not assignable to type 'string'."),
    (13, "TS2322", "Type 'null' is not assignable to type 'string'."),
    (14, "TS2741", "Property 'label' is missing in type '{{}}' but required in type 'Pick<Gadget, \"label\">'."),
]


@needs_tsc
@pytest.mark.parametrize("where", ["new", "const", "enum"])
def test_tsc_rejects_typos_and_misplaced_nulls(cli, example, tmp_path, where):
    ts = scaffold(cli, example, tmp_path, where)
    project = example / TYPES
    strict = ("--strict", "--exactOptionalPropertyTypes", "--noUncheckedIndexedAccess")
    code, errors = tsc_errors(project, *strict)
    assert (code, errors) == (0, []), "the generated types must pass the strictest flags"
    if where == "enum":
        return  # a TS enum takes no string literal: the probe is for the union styles
    (project / "src/probe.ts").write_text(PROBE.format(module=ts.stem))
    code, errors = tsc_errors(project, "--strict")
    assert code != 0
    # exactly these: a misspelt value (3 values, 1 value), one that is no value, null on a field that is not
    # nullable (request, record), the record's nullable key left out; every null on a nullable field compiles
    status = "GadgetStatus" if where == "new" else '"draft" | "active" | "archived"'
    assert errors == [("src/probe.ts", line, code, text.format(status=status)) for line, code, text in PROBE_ERRORS]


@needs_go
@pytest.mark.parametrize("where", ["new", "const"])
def test_generated_go_builds_vets_and_tests(cli, example, tmp_path, where):
    scaffold(cli, example, tmp_path, where, tidy=True)
    assert_go_quality(example / "services" / SERVICE[where])  # go vet checks the struct tags' syntax


def test_a_user_entry_switched_to_unions_is_followed_by_drift_fix(cli, example, tmp_path, tygo_bin):
    scaffold(cli, example, tmp_path, "const")
    tygo_yaml = example / "tygo.yaml"
    tygo_yaml.write_text(tygo_yaml.read_text() + "    enum_style: union\n")  # the person's own edit
    run = cli("drift", "--repo", str(example))
    assert run.code == 1
    assert "drift: services/project-service/models/gadget.go:" in run.out
    assert cli("drift", "--fix", "--repo", str(example)).code == 0
    go = (example / "services/project-service/models/gadget.go").read_text()
    assert "type GadgetStatus string\n\n// GadgetStatus is the type of Gadget.Status: one of these values.\nconst (\n" in go
    assert '"phase" tstype:"GadgetPhase | null,required"`' in go
    models = example / "services/project-service/models"
    ours = (example / TYPES / "src/project-service.ts").read_text()
    assert ours == run_tygo([(p.name, p.read_text()) for p in sorted(models.glob("*.go"))], {"enum_style": "union"})
    assert "export type GadgetStatus = typeof GadgetStatusDraft | " in ours
    assert cli("drift", "--repo", str(example)).code == 0
