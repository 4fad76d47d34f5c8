"""tygo v0.2.20 and v0.2.21 as teams run them: the byte rules behind the version switch, the `tygo_version`
setting, the version a go.mod pins, and drift leaving each team's real tygo output alone.

Golden files: tests/data/tygo_versions/<case>/expected.<version>.ts, written only by
    .venv/bin/python tests/data/tygo_versions/regenerate.py
(the real tygo of both versions, built from tests/tools/tygo and tests/tools/tygo-v0.2.21).
"""

from __future__ import annotations

import sys
from pathlib import Path

import pytest

sys.path.insert(0, str(Path(__file__).resolve().parent))

from tygo_tool import LATEST, VERSIONS, case_files, case_options, read_golden, run_tygo  # noqa: E402
from tygo_tool import tygo_bin, tygo_bin_latest  # noqa: E402,F401  (fixtures)

from elqnt_scaffold.repo import Config  # noqa: E402
from elqnt_scaffold.sources.tygo import generate_package  # noqa: E402
from elqnt_scaffold.sources.tygo.versions import BASELINE, PinError, features, normalize_version, pinned_version  # noqa: E402
from tests.conftest import tree_digest  # noqa: E402

DATA = Path(__file__).resolve().parent / "data" / "tygo_versions"
OLD_DATA = Path(__file__).resolve().parent / "data" / "tygo"
CASES = sorted(p.name for p in DATA.iterdir() if p.is_dir())
OLD_CASES = sorted(p.name for p in OLD_DATA.iterdir() if p.is_dir())
TYPES_TS = "eloquent-packages/packages/types/src/project-service.ts"
MODELS = "services/project-service/models"


def test_the_versions_are_the_two_releases_and_the_latest_is_default_for_repositories():
    assert VERSIONS == ("v0.2.20", "v0.2.21") and LATEST == "v0.2.21" and BASELINE == "v0.2.20"
    assert normalize_version("0.2.21") == "v0.2.21" and normalize_version(" v0.2.20 ") == "v0.2.20"
    for bad in ("v0.2.19", "v0.2.22", "latest", "", "v0.2.21-0.20250101000000-abcdef123456", 0.2):
        with pytest.raises(ValueError, match="reproduces v0.2.20, v0.2.21"):
            normalize_version(bad)
    assert not features("v0.2.20").byte_as_number and features("v0.2.21").byte_as_number
    with pytest.raises(ValueError):
        generate_package([("a.go", "package p\n")], version="v0.3.0")


@pytest.mark.parametrize("version", VERSIONS)
@pytest.mark.parametrize("case", CASES)
def test_matches_golden(case, version):
    case_dir = DATA / case
    assert generate_package(case_files(case_dir), case_options(case_dir), version) == read_golden(case_dir, version)


def test_the_goldens_differ_exactly_where_v0_2_21_changed_the_byte_rules():
    old, new = (read_golden(DATA / "bytes", v).splitlines() for v in VERSIONS)
    changed = [(a, b) for a, b in zip(old, new) if a != b]
    assert len(old) == len(new) and len(changed) == 20
    assert ("export type B = byte;", "export type B = number /* byte */;") in changed
    assert ("export type US = number /* uint8 */[];", "export type US = string /* []uint8 */;") in changed
    assert ("  hash: string;", "  hash: string /* []byte */;") in changed  # [32]byte: arrays too
    assert ("  chunks: string[];", "  chunks: string /* []byte */[];") in changed
    assert "export type U = number /* uint8 */;" in new and "  runes: number /* rune */[];" in new  # unchanged
    for case in ("newexpr", "emit", "bigconst"):  # no byte anywhere: both releases write the same
        assert read_golden(DATA / case, VERSIONS[0]) == read_golden(DATA / case, VERSIONS[1])


@pytest.mark.parametrize("case", OLD_CASES)
def test_v0_2_21_writes_the_v0_2_20_golden_where_no_byte_is_involved(case):
    files = case_files(OLD_DATA / case)
    if any("byte" in src or "uint8" in src for _, src in files):
        pytest.skip("uses byte or uint8: compared with the real v0.2.21 in the live test")
    assert generate_package(files, case_options(OLD_DATA / case), "v0.2.21") == read_golden(OLD_DATA / case)


# --------------------------------------------------------------------------- live: the real releases


@pytest.mark.toolchain
@pytest.mark.parametrize("version", VERSIONS)
@pytest.mark.parametrize("case", CASES)
def test_live_goldens_are_what_each_release_writes(tygo_bin, tygo_bin_latest, case, version):
    case_dir = DATA / case
    fresh = run_tygo(case_files(case_dir), case_options(case_dir), case=case, version=version)
    assert fresh == read_golden(case_dir, version), "golden file is stale: tests/data/tygo_versions/regenerate.py"


@pytest.mark.toolchain
@pytest.mark.parametrize("case", OLD_CASES)
def test_live_every_v0_2_20_case_through_v0_2_21(tygo_bin_latest, case):
    case_dir = OLD_DATA / case
    fresh = run_tygo(case_files(case_dir), case_options(case_dir), case=case, version="v0.2.21")
    assert generate_package(case_files(case_dir), case_options(case_dir), "v0.2.21") == fresh


# --------------------------------------------------------------------------- the version a go.mod pins

GOMOD = "module example.com/tools\n\ngo 1.24\n\n"


@pytest.mark.parametrize(
    ("text", "version", "line", "directive"),
    [
        (GOMOD + "require github.com/gzuidhof/tygo v0.2.20\n", "v0.2.20", 5, "require"),
        (GOMOD + "require (\n\tgithub.com/spf13/cobra v1.3.0\n\tgithub.com/gzuidhof/tygo v0.2.21 // indirect\n)\n",
         "v0.2.21", 7, "require"),
        (GOMOD + "tool github.com/gzuidhof/tygo\n\nrequire github.com/gzuidhof/tygo v0.2.21\n", "v0.2.21", 7, "require"),
        (GOMOD + "tool (\n\tgithub.com/gzuidhof/tygo\n)\n\nrequire (\n\t\"github.com/gzuidhof/tygo\" v0.2.20\n)\n",
         "v0.2.20", 10, "require"),
        (GOMOD + "require github.com/gzuidhof/tygo v0.2.20\n\nreplace github.com/gzuidhof/tygo => github.com/gzuidhof/tygo v0.2.21\n",
         "v0.2.21", 7, "replace"),
        (GOMOD + "require github.com/gzuidhof/tygo v0.2.20\n\nreplace github.com/gzuidhof/tygo v0.2.19 => ../tygo\n",
         "v0.2.20", 5, "require"),  # a replacement of another version does not apply
        (GOMOD + "require github.com/gzuidhof/tygo v0.2.21-0.20250101000000-0123456789ab\n",
         "v0.2.21-0.20250101000000-0123456789ab", 5, "require"),  # the caller refuses it
    ],
    ids=["require", "block-indirect", "tool-directive", "tool-block-quoted", "replace-release", "replace-other",
         "pseudo-version"],
)
def test_pinned_version(text, version, line, directive):
    assert pinned_version(text) == pinned_version(text.replace("\n", "\r\n"))
    pin = pinned_version(text)
    assert (pin.version, pin.line, pin.directive) == (version, line, directive)


@pytest.mark.parametrize(
    ("text", "line", "says"),
    [
        (GOMOD + "require github.com/gzuidhof/tygo v0.2.20\nreplace github.com/gzuidhof/tygo => ../forks/tygo\n", 6, "../forks/tygo"),
        (GOMOD + "require github.com/gzuidhof/tygo v0.2.20\nreplace github.com/gzuidhof/tygo => github.com/me/tygo v1.0.0\n", 6,
         "github.com/me/tygo"),
        (GOMOD + "tool github.com/gzuidhof/tygo\n", 5, "go mod tidy"),
    ],
    ids=["local-fork", "other-module", "tool-without-require"],
)
def test_a_pin_that_names_no_release_is_an_error_with_its_line(text, line, says):
    with pytest.raises(PinError) as info:
        pinned_version(text)
    assert info.value.line == line and says in info.value.message


def test_go_mods_that_do_not_pin_tygo():
    assert pinned_version(GOMOD) is None
    assert pinned_version(GOMOD + "// require github.com/gzuidhof/tygo v0.2.20\n") is None
    assert pinned_version(GOMOD + "require github.com/gzuidhof/tygofork v0.2.20\n") is None
    assert pinned_version(GOMOD + 'require example.com/x v1.0.0 // github.com/gzuidhof/tygo v0.2.20\n') is None


def test_the_config_setting_is_checked_and_normalized():
    assert Config().tygo_version is None
    assert Config(tygo_version="0.2.20").tygo_version == "v0.2.20"
    with pytest.raises(ValueError):
        Config(tygo_version="v0.1.0")


# --------------------------------------------------------------------------- in a repository

BYTES_MODEL = """package models

// Blob holds raw bytes.
type Blob struct {
\tRaw    []byte  `json:"raw"`
\tOctets []uint8 `json:"octets"`
\tFlag   byte    `json:"flag"`
}
"""


def _with_bytes(repo: Path) -> list[tuple[str, str]]:
    (repo / MODELS / "blob.go").write_text(BYTES_MODEL)
    return [(p.name, p.read_text()) for p in sorted((repo / MODELS).glob("*.go"))]


def _pin(repo: Path, rel: str, version: str, tool: bool = False) -> None:
    path = repo / rel
    path.parent.mkdir(parents=True, exist_ok=True)
    text = path.read_text() if path.exists() else "module example.com/tools\n\ngo 1.24\n"
    path.write_text(text + ("\ntool github.com/gzuidhof/tygo\n" if tool else "") + f"\nrequire github.com/gzuidhof/tygo {version}\n")


def _write_ts(repo: Path, version: str) -> None:
    files = [(p.name, p.read_text()) for p in sorted((repo / MODELS).glob("*.go"))]
    (repo / TYPES_TS).write_text(generate_package(files, None, version))


def test_unpinned_repositories_get_the_latest(cli, example):
    _with_bytes(example)
    run = cli("drift", "--repo", str(example))
    assert run.code == 1 and "+  raw: string /* []byte */;" in run.out and "+  flag: number /* byte */;" in run.out


@pytest.mark.parametrize(
    ("rel", "version", "tool"),
    [("services/project-service/go.mod", "v0.2.20", False), ("go.mod", "v0.2.20", True), ("tools/go.mod", "v0.2.21", True)],
    ids=["service-tools-go-require", "root-tool-directive", "tools-module"],
)
def test_the_pinned_version_is_reproduced(cli, example, rel, version, tool):
    _with_bytes(example)
    _pin(example, rel, version, tool)
    _write_ts(example, version)
    assert cli("drift", "--repo", str(example)).code == 0
    other = VERSIONS[1 - VERSIONS.index(version)]
    _write_ts(example, other)
    run = cli("drift", "--fix", "--repo", str(example))
    assert run.code == 0, run.out + run.err
    assert (example / TYPES_TS).read_text() == generate_package(
        [(p.name, p.read_text()) for p in sorted((example / MODELS).glob("*.go"))], None, version
    )


def test_the_setting_wins_over_the_pin_and_node_modules_do_not_count(cli, example):
    _with_bytes(example)
    _pin(example, "go.mod", "v0.2.21")
    _pin(example, "eloquent-packages/node_modules/x/go.mod", "v0.2.20")  # not the repository's
    (example / ".elqnt-scaffold.yaml").write_text((example / ".elqnt-scaffold.yaml").read_text() + "tygo_version: 0.2.20\n")
    _write_ts(example, "v0.2.20")
    assert cli("drift", "--repo", str(example)).code == 0


@pytest.mark.parametrize(
    ("pins", "says", "where"),
    [
        ([("go.mod", "v0.2.20"), ("services/project-service/go.mod", "v0.2.21")], "pin different tygo releases", "go.mod:5"),
        ([("go.mod", "v0.2.19")], "tygo v0.2.19", "go.mod:5"),
        ([("go.mod", "v0.2.21-0.20250101000000-0123456789ab")], "reproduces v0.2.20, v0.2.21", "go.mod:5"),
    ],
    ids=["disagreeing", "unsupported", "pseudo-version"],
)
def test_pins_it_cannot_reproduce_are_exit_2_with_file_line_and_nothing_written(cli, example, pins, says, where):
    _with_bytes(example)
    for rel, version in pins:
        _pin(example, rel, version)
    before = tree_digest(example)
    for args in (["drift", "--fix"], ["add-endpoint", "task", "--service", "project-service", "--field", "title:string",
                                      "--no-tidy"]):
        run = cli(*args, "--repo", str(example))
        assert run.code == 2, run.out + run.err
        assert f"{where}: field 'tygo_version': " in run.err and says in run.err and "tygo_version:" in run.err
        assert tree_digest(example) == before


def test_a_bad_setting_is_exit_2_naming_the_config_line(cli, example):
    config = example / ".elqnt-scaffold.yaml"
    config.write_text(config.read_text() + "tygo_version: v0.2.99\n")
    run = cli("drift", "--repo", str(example))
    line = len(config.read_text().splitlines())
    assert run.code == 2 and f".elqnt-scaffold.yaml:{line}: field 'tygo_version'" in run.err and "v0.2.21" in run.err


@pytest.mark.toolchain
@pytest.mark.parametrize("version", VERSIONS)
def test_live_a_team_on_each_release_sees_no_drift_from_its_real_tygo_output(cli, example, tygo_bin, tygo_bin_latest, version):
    files = _with_bytes(example)
    _pin(example, "go.mod", version, tool=True)
    (example / TYPES_TS).write_text(run_tygo(files, version=version))  # what the team's `tygo generate` wrote
    before = tree_digest(example)
    run = cli("drift", "--fix", "--repo", str(example))
    assert run.code == 0 and "drift: none" in run.out, run.out + run.err
    assert tree_digest(example) == before


@pytest.mark.toolchain
def test_live_the_two_releases_differ_only_by_the_byte_rules_ported_here(tygo_bin, tygo_bin_latest):
    """What `versions.Features` ports is all that changed: the module sources differ in tygo/write.go only,
    in getIdent (byte is a number) and writeType's []byte/[]uint8 case."""
    import difflib
    import json
    import subprocess

    from tygo_tool import TOOLS_MODULES, _go_env

    dirs = []
    for version in VERSIONS:
        proc = subprocess.run(["go", "mod", "download", "-json", f"github.com/gzuidhof/tygo@{version}"],
                              cwd=TOOLS_MODULES[version], env=_go_env(), capture_output=True, text=True, timeout=300)
        assert proc.returncode == 0, proc.stderr
        dirs.append(Path(json.loads(proc.stdout)["Dir"]))
    files = [{p.relative_to(d).as_posix(): p.read_bytes() for p in d.rglob("*") if p.is_file()} for d in dirs]
    assert set(files[0]) == set(files[1])
    changed = sorted(name for name in files[0] if files[0][name] != files[1][name])
    assert changed == ["tygo/write.go"]
    old, new = (f["tygo/write.go"].decode().splitlines() for f in files)
    diff = [line for line in difflib.unified_diff(old, new, lineterm="", n=0) if line[:1] in "+-" and line[:3] not in ("+++", "---")]
    assert [line[0] + line[1:].strip() for line in diff] == [
        '-"rune":',
        '+"rune", "byte":',
        '-if v, ok := t.Elt.(*ast.Ident); ok && v.String() == "byte" {',
        '-s.WriteString("string")',
        '+if v, ok := t.Elt.(*ast.Ident); ok && (v.String() == "byte" || v.String() == "uint8") {',
        '+s.WriteString("string /* []" + v.String() + " */")',
    ]
