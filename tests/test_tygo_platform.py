"""The tygo port reads the files `go list` selects for the platform tygo runs on, as real tygo does:
GOOS/GOARCH file-name suffixes (`_darwin.go`, `_arm64.go`, `_darwin_arm64.go`), `//go:build` and
`// +build` lines (unix, cgo, negations). The platform is the host Go toolchain's (`go env GOOS GOARCH
CGO_ENABLED`, honouring $GOOS/$GOARCH) unless .elqnt-scaffold.yaml sets tygo_goos / tygo_goarch.

Every expectation is what the REAL tygo (tests/tygo_tool.py builds v0.2.20 and v0.2.21) writes for the same
package with `GOOS=... GOARCH=... tygo generate`.
"""

from __future__ import annotations

import json
import subprocess
import sys
from pathlib import Path

import pytest

sys.path.insert(0, str(Path(__file__).resolve().parent))

from tygo_tool import VERSIONS, run_tygo  # noqa: E402
from tygo_tool import tygo_bin, tygo_bin_latest  # noqa: E402,F401  (fixtures)

from elqnt_scaffold.sources.tygo import generate_package  # noqa: E402
from elqnt_scaffold.sources.tygo.platform import host_platform, resolve_platform  # noqa: E402
from tests.conftest import ROOT, needs_go  # noqa: E402


def _file(name: str, header: str = "") -> tuple[str, str]:
    return name, f"{header}package models\n\ntype {_type_of(name)} struct {{\n\tX int `json:\"x\"`\n}}\n"


def _type_of(name: str) -> str:
    return "T_" + name.removesuffix(".go").replace("-", "_")


FILES = [
    _file("common.go"),
    _file("m_darwin.go"),
    _file("m_linux.go"),
    _file("m_windows.go"),
    _file("m_arm64.go"),
    _file("m_amd64.go"),
    _file("m_darwin_arm64.go"),
    _file("m_linux_amd64.go"),
    _file("m_unix.go"),  # `unix` is no GOOS: not a suffix constraint
    _file("tag_a_windows_x.go"),  # only the last one or two parts of a name count
    _file("tag_darwin_expr.go", "//go:build darwin\n\n"),
    _file("tag_notdarwin.go", "//go:build !darwin\n\n"),
    _file("tag_unixnotlinux.go", "//go:build unix && !linux\n\n"),
    _file("tag_arm64orwindows.go", "//go:build arm64 || windows\n\n"),
    _file("tag_cgo.go", "//go:build cgo\n\n"),
    _file("tag_no_cgo.go", "//go:build !cgo\n\n"),
    _file("tag_plus_darwin.go", "// +build darwin,arm64\n\n"),
    _file("tag_ios.go", "//go:build ios\n\n"),
]
PLATFORMS = [("darwin", "arm64"), ("linux", "amd64"), ("linux", "arm64"), ("windows", "amd64"), ("ios", "arm64")]

# What go list keeps, per platform, beside common.go and m_unix.go (the fixture must tell the platforms apart).
EXPECTED_ONLY = {
    ("darwin", "arm64"): {"m_darwin", "m_arm64", "m_darwin_arm64", "tag_darwin_expr", "tag_unixnotlinux",
                          "tag_arm64orwindows", "tag_no_cgo", "tag_plus_darwin"},
    ("windows", "amd64"): {"m_windows", "m_amd64", "tag_notdarwin", "tag_arm64orwindows", "tag_no_cgo"},
    ("ios", "arm64"): {"m_darwin", "m_arm64", "m_darwin_arm64", "tag_darwin_expr", "tag_unixnotlinux",
                       "tag_arm64orwindows", "tag_no_cgo", "tag_plus_darwin", "tag_ios"},
}


def _types_in(ts: str) -> set[str]:
    return {line.split()[2].removeprefix("T_") for line in ts.splitlines() if line.startswith("export interface ")}


@pytest.mark.parametrize("version", VERSIONS)
@pytest.mark.parametrize("goos,goarch", PLATFORMS, ids=["/".join(p) for p in PLATFORMS])
def test_the_port_reads_the_files_real_tygo_reads_for_each_platform(tygo_bin, tygo_bin_latest, goos, goarch, version):
    real = run_tygo(FILES, case="models", version=version, env={"GOOS": goos, "GOARCH": goarch})
    assert generate_package(FILES, version=version, goos=goos, goarch=goarch) == real
    kept = _types_in(real)
    assert {"common", "m_unix", "tag_a_windows_x"} <= kept
    if (goos, goarch) in EXPECTED_ONLY:
        assert kept - {"common", "m_unix", "tag_a_windows_x"} == EXPECTED_ONLY[(goos, goarch)]


def test_the_platforms_really_differ():
    outputs = {p: generate_package(FILES, goos=p[0], goarch=p[1]) for p in PLATFORMS}
    assert len(set(outputs.values())) == len(PLATFORMS)


@needs_go
def test_the_default_is_the_host_go_toolchains_platform():
    go_env = subprocess.run(["go", "env", "GOOS", "GOARCH", "CGO_ENABLED"], capture_output=True, text=True, check=True)
    goos, goarch, cgo = go_env.stdout.split()
    host = host_platform()
    assert (host.goos, host.goarch, host.cgo) == (goos, goarch, cgo == "1")
    assert generate_package(FILES) == generate_package(FILES, goos=goos, goarch=goarch)
    assert resolve_platform(goos, goarch) == host and resolve_platform() == host


_IN_A_PROCESS = """
import json, sys
from elqnt_scaffold.sources.tygo import generate_package
print(json.dumps(generate_package(json.loads(sys.stdin.read()), version=sys.argv[1])))
"""


@pytest.mark.parametrize("goos,goarch", [("darwin", "arm64"), ("windows", "amd64")])
def test_goos_and_goarch_in_the_environment_are_followed_as_go_env_follows_them(tygo_bin_latest, goos, goarch):
    """`GOOS=darwin GOARCH=arm64 elqnt-scaffold ...` sees what `GOOS=darwin GOARCH=arm64 tygo generate` sees."""
    env = {"GOOS": goos, "GOARCH": goarch}
    proc = subprocess.run(
        [sys.executable, "-c", _IN_A_PROCESS, VERSIONS[-1]], input=json.dumps(FILES), capture_output=True, text=True,
        env={**__import__("os").environ, **env}, cwd=ROOT,
    )
    assert proc.returncode == 0, proc.stderr
    assert json.loads(proc.stdout) == run_tygo(FILES, case="models", version=VERSIONS[-1], env=env)


def test_a_platform_go_does_not_know_is_a_value_error():
    with pytest.raises(ValueError, match="GOOS 'macos' is not one Go knows"):
        generate_package(FILES, goos="macos")
    with pytest.raises(ValueError, match="GOARCH 'x86_64' is not one Go knows"):
        generate_package(FILES, goarch="x86_64")


# --------------------------------------------------------------------------- the settings, through the CLI

MODELS = "services/project-service/models"
WIDGET = ("--service", "project-service", "--field", "name:string:required")
TYPES_TS = "eloquent-packages/packages/types/src/project-service.ts"
DARWIN_ONLY = "package models\n\n// MacThing is only built on darwin.\ntype MacThing struct {\n\tPath string `json:\"path\"`\n}\n"


def _configure(example: Path, lines: str) -> None:
    config = example / ".elqnt-scaffold.yaml"
    config.write_text(config.read_text() + lines)


def test_tygo_goos_and_goarch_settings_choose_the_files_of_the_types_layer(cli, example):
    (example / MODELS / "mac_darwin.go").write_text(DARWIN_ONLY)
    (example / MODELS / "arm_arm64.go").write_text(DARWIN_ONLY.replace("MacThing", "ArmThing"))
    if host_platform().goos != "darwin":
        assert cli("drift", "--repo", str(example)).code == 0  # the host's tygo does not read mac_darwin.go
    _configure(example, "\ntygo_goos: darwin\ntygo_goarch: arm64\n")
    drift = cli("drift", "--repo", str(example))
    assert drift.code == 1 and TYPES_TS in drift.out + drift.err, drift.out + drift.err
    run = cli("add-endpoint", "widget", *WIDGET, "--repo", str(example), "--no-tidy")
    assert run.code == 0, run.out + run.err
    ts = (example / TYPES_TS).read_text()
    assert "export interface MacThing {" in ts and "export interface ArmThing {" in ts
    files = sorted((p.name, p.read_text()) for p in (example / MODELS).glob("*.go"))
    assert ts == generate_package(files, version=VERSIONS[-1], goos="darwin", goarch="arm64")
    assert cli("drift", "--repo", str(example)).code == 0


def test_tygo_goarch_alone_keeps_the_hosts_goos(cli, example):
    (example / MODELS / "arm_arm64.go").write_text(DARWIN_ONLY.replace("MacThing", "ArmThing"))
    (example / MODELS / "mac_darwin.go").write_text(DARWIN_ONLY)
    _configure(example, "\ntygo_goarch: arm64\n")
    run = cli("add-endpoint", "widget", *WIDGET, "--repo", str(example), "--no-tidy")
    assert run.code == 0, run.out + run.err
    ts = (example / TYPES_TS).read_text()
    assert "export interface ArmThing {" in ts
    assert ("export interface MacThing {" in ts) == (host_platform().goos == "darwin")


@pytest.mark.parametrize("setting,value,what", [("tygo_goos", "macos", "GOOS"), ("tygo_goarch", "x86_64", "GOARCH")])
def test_an_unknown_platform_setting_is_exit_2_naming_it(cli, example, setting, value, what):
    _configure(example, f"\n{setting}: {value}\n")
    run = cli("drift", "--repo", str(example))
    out = run.out + run.err
    assert run.code == 2 and setting in out and f"'{value}' is not a {what} Go knows" in out, out
