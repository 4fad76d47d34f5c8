"""The wheel is what users install: build it, install it into a fresh plain venv, and run the CLI from there.

Proves that the templates (top-level `templates/`, force-included as `elqnt_scaffold/templates`) ship
inside the wheel, and that the runtime dependencies are declared (the venv has nothing else).
Slow (downloads the dependencies): deselect with `-m "not slow"`.
"""

from __future__ import annotations

import importlib.util
import os
import re
import shutil
import subprocess
import sys
import tomllib
import venv
import zipfile
from pathlib import Path

import pytest

from tests.conftest import EXAMPLE, ROOT

pytestmark = pytest.mark.slow


def _clean_env() -> dict[str, str]:
    """The environment without any trace of the development venv or the source tree."""
    env = {k: v for k, v in os.environ.items() if k not in {"VIRTUAL_ENV", "PYTHONPATH", "PYTHONHOME"}}
    dev_bin = str(ROOT / ".venv" / "bin")
    env["PATH"] = os.pathsep.join(p for p in env.get("PATH", "").split(os.pathsep) if p != dev_bin)
    env["PIP_DISABLE_PIP_VERSION_CHECK"] = "1"
    return env


def _run(args: list[str], cwd: Path) -> subprocess.CompletedProcess:
    return subprocess.run(args, cwd=cwd, env=_clean_env(), capture_output=True, text=True)


@pytest.fixture(scope="module")
def wheel(tmp_path_factory) -> Path:
    out = tmp_path_factory.mktemp("dist")
    if importlib.util.find_spec("build") is not None:
        cmd = [sys.executable, "-m", "build", "--wheel", "--outdir", str(out), str(ROOT)]
    else:
        cmd = [sys.executable, "-m", "pip", "wheel", "--no-deps", "-w", str(out), str(ROOT)]
    proc = subprocess.run(cmd, cwd=out, capture_output=True, text=True)
    assert proc.returncode == 0, f"{' '.join(cmd)}:\n{proc.stdout}\n{proc.stderr}"
    wheels = list(out.glob("elqnt_scaffold-*.whl"))
    assert len(wheels) == 1, wheels
    return wheels[0]


@pytest.fixture(scope="module")
def installed(wheel, tmp_path_factory) -> Path:
    """A fresh plain venv (no system site-packages) with only the wheel and what it declares."""
    env_dir = tmp_path_factory.mktemp("venv") / "env"
    venv.EnvBuilder(with_pip=True, system_site_packages=False, clear=True).create(env_dir)
    py = env_dir / "bin" / "python"
    proc = _run([str(py), "-m", "pip", "install", "--quiet", str(wheel)], cwd=env_dir)
    assert proc.returncode == 0, f"pip install {wheel.name}:\n{proc.stdout}\n{proc.stderr}"
    return env_dir


def test_wheel_contains_package_and_templates(wheel):
    names = set(zipfile.ZipFile(wheel).namelist())
    assert "elqnt_scaffold/__init__.py" in names
    assert "elqnt_scaffold/cli.py" in names
    shipped = {n.removeprefix("elqnt_scaffold/") for n in names if n.startswith("elqnt_scaffold/templates/")}
    on_disk = {p.relative_to(ROOT).as_posix() for p in (ROOT / "templates").rglob("*") if p.is_file()}
    assert on_disk, "no templates in the source tree?"
    assert on_disk <= shipped, f"templates missing from the wheel: {sorted(on_disk - shipped)}"
    # Nothing of the development tree leaks in.
    assert not any(n.startswith(("tests/", "examples/", ".venv/", "bench/")) for n in names)


def _normalized(requirement: str) -> str:
    """PEP 503 name normalization (hatchling writes ruamel.yaml as ruamel-yaml), spaces dropped."""
    req = requirement.replace(" ", "")
    name = re.match(r"[A-Za-z0-9._-]+", req).group(0)
    return re.sub(r"[-_.]+", "-", name).lower() + req[len(name):]


def test_wheel_declares_the_runtime_dependencies(wheel):
    with zipfile.ZipFile(wheel) as zf:
        meta_name = next(n for n in zf.namelist() if n.endswith(".dist-info/METADATA"))
        meta = zf.read(meta_name).decode()
        entry_points = zf.read(meta_name.replace("METADATA", "entry_points.txt")).decode()
    declared = tomllib.loads((ROOT / "pyproject.toml").read_text())["project"]["dependencies"]
    requires = [line.split(":", 1)[1].strip() for line in meta.splitlines() if line.startswith("Requires-Dist:")]
    runtime = [r for r in requires if "extra ==" not in r]
    assert sorted(map(_normalized, runtime)) == sorted(map(_normalized, declared))
    assert "elqnt-scaffold = elqnt_scaffold.cli:main" in entry_points


def test_installed_package_is_the_wheel_not_the_source_tree(installed, tmp_path):
    py = installed / "bin" / "python"
    proc = _run([str(py), "-c", "import elqnt_scaffold, sys; print(elqnt_scaffold.__file__)"], cwd=tmp_path)
    assert proc.returncode == 0, proc.stderr
    location = Path(proc.stdout.strip()).resolve()
    assert location.is_relative_to(installed.resolve()), location
    assert not location.is_relative_to(ROOT.resolve()), location
    assert (location.parent / "templates" / "service").is_dir()


def test_help_works_from_the_wheel(installed, tmp_path):
    exe = installed / "bin" / "elqnt-scaffold"
    assert exe.is_file()
    proc = _run([str(exe), "--help"], cwd=tmp_path)
    assert proc.returncode == 0, f"{proc.stdout}\n{proc.stderr}"
    assert "add-endpoint" in proc.stdout
    proc = _run([str(exe), "add-endpoint", "--help"], cwd=tmp_path)
    assert proc.returncode == 0, f"{proc.stdout}\n{proc.stderr}"
    for option in ("--service", "--spec", "--field", "--only", "--dry-run", "--repo"):
        assert option in proc.stdout, option


def test_add_endpoint_works_from_the_wheel(installed, tmp_path):
    repo = tmp_path / "eloquent"
    shutil.copytree(EXAMPLE, repo)
    exe = installed / "bin" / "elqnt-scaffold"
    proc = _run(
        [str(exe), "add-endpoint", "widget", "--repo", str(repo), "--field", "name:string",
         "--only", "service", "--no-tidy"],
        cwd=tmp_path,
    )
    assert proc.returncode == 0, f"{proc.stdout}\n{proc.stderr}"
    svc = repo / "services" / "widget-service"
    handler = svc / "handlers" / "widget.go"
    assert handler.is_file(), proc.stdout
    assert "func (h *WidgetHandler) CreateWidget(" in handler.read_text()
    for rel in ("models/widget.go", "services/widget.go", "repositories/widget.go", "routes/routes.go",
                "main.go", "go.mod", "endpoints/widget.yaml"):
        assert (svc / rel).is_file(), rel
    assert "services/widget-service/handlers/widget.go (created)" in proc.stdout
