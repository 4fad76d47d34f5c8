"""The CI examples (examples/ci/) run as their jobs would: the commands of their `run:` / `script:` blocks,
read with pyyaml, run with bash in a copy of the example monorepo, one with drift (a hand-edited generated
file) and one without.

How a job is replayed here:
- GitHub Actions: `uses:` steps are what the test already has (the copy of the repo is the checkout, this
  venv's Python is setup-python); every `run:` step runs as GitHub runs it (`bash -e`, a new shell per step)
  when its `if:` holds (`success()` when it has none; `!cancelled()`, `steps.<id>.outcome == 'success'`),
  and the job fails when a step failed. `$GITHUB_STEP_SUMMARY` is a file of the test.
- GitLab CI: `before_script` and `script` run in one `bash -eo pipefail` shell, as the runner does.
- The pinned install line (asserted to be exactly INSTALL) is replaced by `elqnt-scaffold --version`, with
  this venv's bin folder first on PATH: the elqnt-scaffold under test is the one installed.
"""

from __future__ import annotations

import os
import re
import shutil
import subprocess
import sys
from dataclasses import dataclass
from pathlib import Path

import pytest
import yaml

from tests.conftest import EXAMPLE, ROOT

CI = ROOT / "examples" / "ci"
INSTALL = 'pip install "elqnt-scaffold @ git+https://github.com/elqnt/elqnt-scaffold@v0.1.0"'
TYPES_TS = "eloquent-packages/packages/types/src/project-service.ts"
VENV_BIN = Path(sys.executable).parent


@dataclass
class Job:
    failed: bool
    log: str  # every command's stdout and stderr, in order, with a `$ command` line before each


def _env(summary: Path) -> dict[str, str]:
    env = {k: v for k, v in os.environ.items() if k not in ("FORCE_COLOR", "NO_COLOR", "COLUMNS")}
    env["PATH"] = f"{VENV_BIN}{os.pathsep}{env.get('PATH', '')}"
    env.update(GITHUB_STEP_SUMMARY=str(summary), GITHUB_ACTIONS="true", CI="true")
    return env


def _replace_install(command: str) -> str:
    return command.replace(INSTALL, "elqnt-scaffold --version")


def _bash(script: str, repo: Path, env: dict[str, str], *flags: str) -> tuple[int, str]:
    proc = subprocess.run(["bash", "--noprofile", "--norc", *flags, "-c", script], cwd=repo, env=env,
                          stdout=subprocess.PIPE, stderr=subprocess.STDOUT, text=True)
    return proc.returncode, proc.stdout


def _condition_holds(condition: str | None, outcomes: dict[str, str], failed: bool) -> bool:
    if condition is None:
        return not failed  # success()
    expr = condition.strip()
    assert expr.startswith("${{") and expr.endswith("}}"), condition
    holds = True
    for term in (t.strip() for t in expr[3:-2].split("&&")):
        if term == "!cancelled()":
            continue  # nobody cancels a test
        step = re.fullmatch(r"steps\.([\w-]+)\.outcome == 'success'", term)
        if step is None:
            pytest.fail(f"the replay does not know the condition term {term!r}")
        holds = holds and outcomes.get(step.group(1)) == "success"
    return holds


def run_github(repo: Path, summary: Path) -> Job:
    workflow = yaml.safe_load((CI / "github-actions.yml").read_text())
    [job] = workflow["jobs"].values()
    env, outcomes, failed, log = _env(summary), {}, False, []
    for step in job["steps"]:
        if "uses" in step:
            assert step["uses"].split("@")[0] in ("actions/checkout", "actions/setup-python"), step
            continue
        if not _condition_holds(step.get("if"), outcomes, failed):
            outcomes[step.get("id", "")] = "skipped"
            continue
        log.append(f"$ {step['run']}")
        code, out = _bash(_replace_install(step["run"]), repo, env, "-e")
        log.append(out)
        outcomes[step.get("id", "")] = "success" if code == 0 else "failure"
        failed = failed or code != 0
    return Job(failed, "\n".join(log))


def run_gitlab(repo: Path, summary: Path) -> Job:
    config = yaml.safe_load((CI / "gitlab-ci.yml").read_text())
    job = config["endpoints"]
    lines = [_replace_install(line) for line in job.get("before_script", []) + job["script"]]
    code, out = _bash("\n".join(lines), repo, _env(summary), "-eo", "pipefail")
    return Job(code != 0, out)


def _repo(tmp_path: Path, drifted: bool) -> Path:
    repo = tmp_path / "eloquent"
    shutil.copytree(EXAMPLE, repo)
    if drifted:  # a hand edit of a generated file (tygo's TS types of project-service's models)
        path = repo / TYPES_TS
        text = path.read_text()
        assert "  id: string;\n" in text
        path.write_text(text.replace("  id: string;\n", "  id: string | null;\n", 1))
    return repo


def _unescape(message: str) -> str:
    return message.replace("%0A", "\n").replace("%0D", "\r").replace("%25", "%")


def test_both_examples_install_the_pinned_release():
    workflow = yaml.safe_load((CI / "github-actions.yml").read_text())
    [job] = workflow["jobs"].values()
    assert [s["run"] for s in job["steps"] if "pip install" in s.get("run", "")] == [INSTALL]
    gitlab = yaml.safe_load((CI / "gitlab-ci.yml").read_text())["endpoints"]
    assert gitlab["before_script"] == [INSTALL]


def test_github_job_on_a_drifted_repo_runs_both_and_fails_with_the_diff(tmp_path):
    summary = tmp_path / "summary.md"
    job = run_github(_repo(tmp_path, drifted=True), summary)
    assert job.failed, job.log
    assert "$ elqnt-scaffold drift --format github" in job.log and "$ elqnt-scaffold check --format github" in job.log
    assert "check: every endpoint has every layer it needs" in job.log  # check ran after drift failed
    [error] = [line for line in job.log.splitlines() if line.startswith(f"::error file={TYPES_TS},line=")]
    assert ",title=drift%3A generated file differs from its spec or Go models::" in error
    message = _unescape(error.split("::", 2)[2])
    assert "-  id: string | null;\n+  id: string;\n" in message and f"--- a/{TYPES_TS}\n" in message
    written = summary.read_text()
    assert f"```diff\n--- a/{TYPES_TS}\n" in written and "-  id: string | null;\n+  id: string;\n" in written
    assert "### check: every endpoint has every layer" in written  # check's part of the summary


def test_github_job_on_a_clean_repo_passes(tmp_path):
    summary = tmp_path / "summary.md"
    job = run_github(_repo(tmp_path, drifted=False), summary)
    assert not job.failed, job.log
    assert "drift: none" in job.log and "check: every endpoint has every layer it needs" in job.log
    assert "::error" not in job.log
    assert summary.read_text().startswith("### drift: none")


def test_gitlab_job_on_a_drifted_repo_runs_both_and_fails_with_the_diff(tmp_path):
    job = run_gitlab(_repo(tmp_path, drifted=True), tmp_path / "summary.md")
    assert job.failed, job.log
    assert f"drift: {TYPES_TS}:" in job.log and "-  id: string | null;\n+  id: string;\n" in job.log
    assert "check: every endpoint has every layer it needs" in job.log
    assert "elqnt-scaffold drift: exit 1; elqnt-scaffold check: exit 0" in job.log
    assert not (tmp_path / "summary.md").exists()  # text format: nothing for GitHub's summary


def test_gitlab_job_on_a_clean_repo_passes(tmp_path):
    job = run_gitlab(_repo(tmp_path, drifted=False), tmp_path / "summary.md")
    assert not job.failed, job.log
    assert "elqnt-scaffold drift: exit 0; elqnt-scaffold check: exit 0" in job.log and "drift: none" in job.log


def test_gitlab_job_fails_when_only_check_fails(tmp_path):
    repo = _repo(tmp_path, drifted=False)
    client = repo / "eloquent-packages/packages/api-client/src"
    module = next(p for p in sorted(client.glob("*.ts")) if p.name not in ("index.ts", "http.ts"))
    module.unlink()
    job = run_gitlab(repo, tmp_path / "summary.md")
    assert job.failed, job.log
    assert re.search(r"elqnt-scaffold drift: exit \d; elqnt-scaffold check: exit 1", job.log), job.log
