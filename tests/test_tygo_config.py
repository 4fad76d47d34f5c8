"""tygo.yaml as tygo reads it: yaml.v2's rules, errors with their line, and `output_path` resolved where tygo
writes (a folder's index.ts, the package's own index.ts without one). `drift` and `add-endpoint` follow it,
and refuse a tygo.yaml tygo refuses with exit 2, tygo.yaml:line, a hint and nothing written.
"""

from __future__ import annotations

import re
import sys
import tempfile
from pathlib import Path

import pytest

sys.path.insert(0, str(Path(__file__).resolve().parent))

from tygo_tool import run_tygo_in  # noqa: E402
from tygo_tool import tygo_bin_latest  # noqa: E402,F401  (fixture)

from elqnt_scaffold.sources.tygo import TygoConfigError, generate_package, read_tygo_config, resolved_output_path, tygo_config_lines  # noqa: E402
from tests.conftest import needs_tsc, tree_digest, tsc  # noqa: E402

PKG = "example.com/m/pkg"
PKG_SRC = 'package pkg\n\n// A doc.\ntype A struct {\n\tB []byte `json:"b"`\n\tT time.Time `json:"t"`\n}\n'

REJECTED = {  # tygo.yaml text -> (line, words of the message)
    "packages-a-string": ("packages: foo\n", 1, "`packages` must be a list"),
    "package-a-string": ("packages:\n  - foo\n", 2, "a package must be a mapping"),
    "package-empty": ("packages:\n  -\n  - path: x\n", 2, "empty package item"),
    "path-a-list": ("packages:\n  - path: [a]\n", 2, "`path` must be a string"),
    "exclude-a-string": (f"packages:\n  - path: {PKG}\n    exclude_files: a.go\n", 3, "`exclude_files` must be a list"),
    "mappings-a-list": (f"packages:\n  - path: {PKG}\n    type_mappings: [a]\n", 3, "`type_mappings` must be a mapping"),
    "frontmatter-a-map": (f"packages:\n  - path: {PKG}\n    frontmatter: {{a: 1}}\n", 3, "`frontmatter` must be a string"),
    "flavor-unknown": (f"packages:\n  - path: {PKG}\n    flavor: toml\n", 3, "unsupported flavor: toml"),
    "top-level-list": ("- a\n", 1, "the file must be a mapping"),
    "yaml-unclosed": ("packages:\n  - path: [\n", 3, "invalid YAML"),
    "yaml-tab": (f"packages:\n\t- path: {PKG}\n", 2, "invalid YAML"),
}


@pytest.mark.parametrize("name", sorted(REJECTED))
def test_what_tygo_refuses_is_an_error_with_its_line(name):
    text, line, says = REJECTED[name]
    with pytest.raises(TygoConfigError) as info:
        read_tygo_config(text)
    assert info.value.line == line and says in info.value.message, str(info.value)


def test_yaml_v2_rules_scalar_text_null_repeats_unknown_keys():
    text = (
        "type_mappings:\n  time.Time: string\n"
        "packages:\n"
        f"  - path: {PKG}\n    output_path: 12\n    output_path: 0x10\n    indent: true\n    unknown: 2024-01-01\n"
        "    type_mappings: ~\n    exclude_files: [a.go, ~]\n"
        f"  - path: {PKG}/b\n    output_path: ~\n    include_files: ~\n"
    )
    first, second = read_tygo_config(text)
    assert first == {"path": PKG, "output_path": "0x10", "indent": "true", "type_mappings": {"time.Time": "string"},
                     "exclude_files": ["a.go", ""]}
    assert second == {"path": f"{PKG}/b", "output_path": "", "include_files": [], "type_mappings": {"time.Time": "string"}}
    assert [lines[""] for lines in tygo_config_lines(text)] == [4, 11]
    assert tygo_config_lines(text)[0]["output_path"] == 6


@pytest.mark.parametrize(
    ("output_path", "where"),
    [
        (None, "pkg/index.ts"),
        ("", "pkg/index.ts"),
        ("out.ts", "out.ts"),
        ("out", "out/index.ts"),
        ("out/", "out/index.ts"),
        ("x.tsx", "x.tsx/index.ts"),
        ("12", "12/index.ts"),
        ("./a/../b/c.ts", "b/c.ts"),
        ("pkg", "pkg/index.ts"),
    ],
)
def test_resolved_output_path(output_path, where):
    entry = {"path": PKG} if output_path is None else {"path": PKG, "output_path": output_path}
    assert resolved_output_path(entry, "pkg") == where


# --------------------------------------------------------------------------- live: the real tygo


def _real(tygo_yaml: str) -> tuple[int, dict[str, str], str]:
    with tempfile.TemporaryDirectory(prefix="tygo-conf-") as tmp:
        root = Path(tmp)
        (root / "go.mod").write_text("module example.com/m\n\ngo 1.22\n")
        (root / "pkg").mkdir()
        (root / "pkg/a.go").write_text(PKG_SRC.replace("package pkg\n", 'package pkg\n\nimport "time"\n'))
        (root / "tygo.yaml").write_text(tygo_yaml)
        proc = run_tygo_in(root, "v0.2.21")
        written = {p.relative_to(root).as_posix(): p.read_text() for p in root.rglob("*.ts")}
        return proc.returncode, written, proc.stdout + proc.stderr


@pytest.mark.toolchain
@pytest.mark.parametrize("name", sorted(REJECTED))
def test_live_the_real_tygo_refuses_them_too(tygo_bin_latest, name):
    code, written, _ = _real(REJECTED[name][0])
    assert code != 0 and written == {}


@pytest.mark.toolchain
@pytest.mark.parametrize(
    "package",
    [
        {"output_path": "out"},
        {"output_path": "x.tsx"},
        {},
        {"output_path": "12", "indent": "true"},
        {"output_path": "o.ts", "type_mappings": None, "exclude_files": None},
        {"output_path": "o.ts", "flavor": "yaml", "preserve_comments": "none"},
    ],
    ids=["folder", "tsx-is-a-folder", "none", "scalar-text", "nulls", "options"],
)
def test_live_written_where_and_what_tygo_writes(tygo_bin_latest, package):
    lines = [f"  - path: {PKG}"] + [f"    {k}: {'~' if v is None else v}" for k, v in package.items()]
    text = "type_mappings:\n  time.Time: string\npackages:\n" + "\n".join(lines) + "\n"
    code, written, log = _real(text)
    assert code == 0, log
    [entry] = read_tygo_config(text)
    where = resolved_output_path(entry, "pkg")
    assert list(written) == [where]
    source = PKG_SRC.replace("package pkg\n", 'package pkg\n\nimport "time"\n')
    assert generate_package([("a.go", source)], entry, "v0.2.21") == written[where]


# --------------------------------------------------------------------------- add-endpoint and drift

TYPES = "eloquent-packages/packages/types"
OUTPUT_LINE = '    output_path: "eloquent-packages/packages/types/src/project-service.ts"\n'


def _set_output(repo: Path, line: str) -> None:
    path = repo / "tygo.yaml"
    text = path.read_text()
    assert OUTPUT_LINE in text
    path.write_text(text.replace(OUTPUT_LINE, line))


def _line_of(repo: Path, rel: str, needle: str) -> int:
    return next(i for i, line in enumerate((repo / rel).read_text().splitlines(), 1) if needle in line)


BROKEN = [
    ("packages:\n", "packages:\n  - path: [\n", "path: ["),
    ("packages:\n", "packages: 3\nold_packages:\n", "packages: 3"),
    ("packages:\n", "packages:\n  - path: x\n    exclude_files: a.go\n", "exclude_files"),
    ("packages:\n", "packages:\n  -\n", "  -"),
    ('    output_path: "eloquent', '    flavor: toml\n    output_path: "eloquent', "flavor"),
]


@pytest.mark.parametrize(("old", "new", "needle"), BROKEN, ids=["yaml", "shape", "list", "empty-item", "option"])
@pytest.mark.parametrize("command", ["drift", "drift --fix", "add-endpoint", "remove-endpoint"])
def test_a_broken_tygo_yaml_is_exit_2_with_its_line_and_nothing_written(cli, example, old, new, needle, command):
    if command == "remove-endpoint":
        assert cli("add-endpoint", "task", "--service", "project-service", "--field", "title:string", "--no-tidy",
                   "--repo", str(example)).code == 0
    path = example / "tygo.yaml"
    path.write_text(path.read_text().replace(old, new, 1))
    before = tree_digest(example)
    args = {
        "drift": ["drift"],
        "drift --fix": ["drift", "--fix"],
        "add-endpoint": ["add-endpoint", "task", "--service", "project-service", "--field", "title:string", "--no-tidy"],
        "remove-endpoint": ["remove-endpoint", "task", "--service", "project-service", "--no-tidy"],
    }[command]
    run = cli(*args, "--repo", str(example))
    assert run.code == 2, run.out + run.err
    m = re.search(r"^error: tygo\.yaml:(\d+): ", run.err, re.M)
    assert m and abs(int(m.group(1)) - _line_of(example, "tygo.yaml", needle)) <= 1, run.err
    assert "fix:" in run.err and "Traceback" not in run.err
    assert tree_digest(example) == before


def test_an_output_folder_gets_its_index_ts(cli, example):
    _set_output(example, '    output_path: "eloquent-packages/packages/types/src/project"\n')
    (example / TYPES / "src/project").mkdir()
    run = cli("drift", "--repo", str(example))
    assert run.code == 1 and f"missing: {TYPES}/src/project/index.ts" in run.out
    check = cli("check", "--repo", str(example))  # check looks for the same file
    assert check.code == 1 and f"its output {TYPES}/src/project/index.ts does not exist" in check.out
    old = (example / TYPES / "src/project-service.ts").read_text()
    run = cli("drift", "--fix", "--repo", str(example))
    assert run.code == 0, run.out + run.err
    assert (example / TYPES / "src/project/index.ts").read_text() == old
    assert cli("check", "--repo", str(example)).code == 0


def test_no_output_path_is_the_package_folders_index_ts(cli, example):
    _set_output(example, "")
    old = (example / TYPES / "src/project-service.ts").read_text()
    run = cli("drift", "--repo", str(example))
    assert run.code == 1 and "missing: services/project-service/models/index.ts" in run.out
    assert cli("drift", "--fix", "--repo", str(example)).code == 0
    assert (example / "services/project-service/models/index.ts").read_text() == old


@needs_tsc
def test_add_endpoint_follows_the_output_folder_and_the_types_package_compiles(cli, example):
    _set_output(example, '    output_path: "eloquent-packages/packages/types/src/project"\n')
    index = example / TYPES / "src/index.ts"
    index.write_text('export * from "./project";\n')
    (example / TYPES / "src/project-service.ts").unlink()
    run = cli("add-endpoint", "task", "--service", "project-service", "--field", "title:string", "--no-tidy",
              "--repo", str(example))
    assert run.code == 0, run.out + run.err
    assert "export interface Task {" in (example / TYPES / "src/project/index.ts").read_text()
    assert index.read_text() == 'export * from "./project";\n'  # "./project" is "./project/index"
    proc = tsc(example / TYPES)
    assert proc.returncode == 0, proc.stdout + proc.stderr
    assert cli("drift", "--repo", str(example)).code == 0


def test_add_endpoint_without_output_path_is_refused_since_the_client_could_not_import_the_types(cli, example):
    """tygo would write beside the models (`<models>/index.ts`), outside the types package the client imports:
    the client would not compile. Refused (exit 2 at tygo.yaml), nothing written; drift still reads it."""
    _set_output(example, "")
    before = tree_digest(example)
    run = cli("add-endpoint", "task", "--service", "project-service", "--field", "title:string", "--no-tidy",
              "--repo", str(example))
    assert run.code == 2, run.out + run.err
    assert "tygo.yaml" in run.err and "outside the types package" in run.err and "output_path" in run.err
    assert tree_digest(example) == before


@pytest.mark.parametrize(
    ("output", "prepare", "says"),
    [
        ("eloquent-packages/packages/types/src/project.ts", "dir", "is the folder"),
        ("eloquent-packages/packages/types/src/README/x.ts", "file", "which is a file"),
        ("../outside.ts", None, "outside the repository"),
        ("/tmp/abs.ts", None, "outside the repository"),
    ],
    ids=["ts-named-folder", "file-in-the-way", "parent", "absolute"],
)
def test_output_paths_tygo_cannot_write_are_exit_2(cli, example, output, prepare, says):
    _set_output(example, f'    output_path: "{output}"\n')
    if prepare == "dir":
        (example / output).mkdir()
    elif prepare == "file":
        (example / TYPES / "src/README").write_text("a file\n")
    before = tree_digest(example)
    line = _line_of(example, "tygo.yaml", "output_path")
    for args in (["drift", "--fix"], ["add-endpoint", "task", "--service", "project-service", "--field", "title:string",
                                      "--no-tidy"]):
        run = cli(*args, "--repo", str(example))
        assert run.code == 2, run.out + run.err
        assert f"error: tygo.yaml:{line}: field 'output_path': " in run.err and says in run.err, run.err
        assert tree_digest(example) == before


def test_a_repeated_package_uses_its_first_entry_as_tygo_does(cli, example):
    path = example / "tygo.yaml"
    path.write_text(path.read_text() + '  - path: "github.com/elqnt/eloquent/services/project-service/models"\n'
                    '    output_path: "eloquent-packages/packages/types/src/second.ts"\n')
    run = cli("drift", "--repo", str(example))
    assert run.code == 0 and "second.ts" not in run.out, run.out + run.err


def test_an_output_folder_that_is_the_types_src_gets_no_self_reexport(cli, example):
    _set_output(example, '    output_path: "eloquent-packages/packages/types/src"\n')  # tygo writes src/index.ts
    run = cli("add-endpoint", "task", "--service", "project-service", "--field", "title:string", "--no-tidy",
              "--repo", str(example))
    assert run.code == 0, run.out + run.err
    index = (example / TYPES / "src/index.ts").read_text()
    assert index.startswith("// Code generated by tygo. DO NOT EDIT.\n") and "export interface Task {" in index
    assert "export * from" not in index
    assert cli("drift", "--repo", str(example)).code == 0
