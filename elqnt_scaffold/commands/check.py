"""`check [PATHS...]`: the pre-commit hook. Every endpoint has every layer it needs (DESIGN section 5).

Reads the repository as it is (hand-written code included) with each layer's inventory, builds one
checklist row per endpoint (:mod:`.check_rows`) and keeps the rows the paths touch:

- no paths: the whole repository;
- a path under ``services/<name>/``: that service (its routes, gateway entries, client calls, types);
- routes.yaml, tygo.yaml, ``.elqnt-scaffold.yaml`` or a file of the types or client package: everything;
- any other path touches nothing.

Only the services in scope are read; the gateway, tygo.yaml and the client package always are.
Files that do not parse are returned as problems (exit 2), never guessed around.

:func:`run_staged` (``check --staged``, the pre-commit hook) judges what the git index stages instead of the
disk (:mod:`.staged`): untracked files and staged deletions are absent; without paths, the paths are the
staged changes (deletions included), and with nothing staged, the whole index.
"""

from __future__ import annotations

from dataclasses import dataclass, field
from pathlib import Path

from ..gcpause import gc_paused
from ..inventory.client import read_client
from ..inventory.common import FileProblem
from ..inventory.gateway import read_gateway
from ..inventory.service import read_services, service_folders
from ..inventory.types import read_types
from ..repo import CONFIG_FILE, Repo
from .check_model import Finding, Row
from .check_rows import Inputs, build_rows


@dataclass(frozen=True)
class Scope:
    everything: bool
    services: frozenset[str] = frozenset()

    def covers(self, service: str | None) -> bool:
        return self.everything or (service is not None and service in self.services)


@dataclass
class CheckResult:
    rows: list[Row]  # in scope, every endpoint (with or without findings)
    problems: list[FileProblem]  # files that do not parse: exit 2
    scope: Scope
    services_read: int
    findings: list[Finding] = field(init=False)

    def __post_init__(self) -> None:
        self.findings = [f for row in self.rows for f in row.findings]

    @property
    def errors(self) -> list[Finding]:
        return [f for f in self.findings if f.severity == "error"]

    @property
    def warnings(self) -> list[Finding]:
        return [f for f in self.findings if f.severity == "warning"]

    @property
    def exit_code(self) -> int:
        return 2 if self.problems else 1 if self.errors else 0


def scope_of(repo: Repo, paths: list[str] | None, cwd: Path | None = None) -> Scope:
    """What the paths touch (None or []: the whole repository)."""
    if not paths:
        return Scope(True)
    config = repo.config
    root = repo.root.resolve()
    shared = {config.gateway_routes, config.tygo_config, CONFIG_FILE}
    packages = tuple(p.rstrip("/") + "/" for p in (config.types_package, config.client_package))
    services_dir = config.services_dir.rstrip("/") + "/"
    touched: set[str] = set()
    for raw in paths:
        rel = _relative(Path(raw), root, (cwd or Path.cwd()).resolve())
        if rel is None:
            continue
        if rel == "." or rel in shared or rel.startswith(packages) or (rel + "/") in packages:
            return Scope(True)
        if rel.startswith(services_dir):
            touched.add(rel[len(services_dir) :].split("/", 1)[0])
    return Scope(False, frozenset(touched))


def _relative(path: Path, root: Path, cwd: Path) -> str | None:
    candidates = [path] if path.is_absolute() else [cwd / path, root / path]
    for candidate in candidates:
        try:
            return candidate.resolve().relative_to(root).as_posix()
        except ValueError:
            continue
    return None


def run(repo: Repo, paths: list[str] | None = None, *, services: set[str] | None = None, cwd: Path | None = None) -> CheckResult:
    """Check the repository (or what `paths` touch, or the named `services`)."""
    scope = Scope(False, frozenset(services)) if services is not None else scope_of(repo, paths, cwd)
    if not scope.everything and not scope.services:
        return CheckResult([], [], scope, 0)
    with gc_paused():  # many small objects, none cyclic, short-lived: collection is pure overhead here
        return _run(repo, scope)


def run_staged(repo: Repo, paths: list[str] | None = None, cwd: Path | None = None) -> CheckResult:
    """`run` on the git index: `paths` (relative to `cwd`) narrow it, else what the index changes against
    HEAD; nothing staged checks the whole index. GitIndexError (exit 2) outside a git work tree."""
    from .staged import staged_changes, staged_repo

    root = repo.root.resolve()
    if paths:
        here = (cwd or Path.cwd()).resolve()
        rels = [rel for rel in (_relative(Path(p), root, here) for p in paths) if rel is not None]
        if not rels:
            return CheckResult([], [], Scope(False), 0)
    else:
        rels = staged_changes(repo)
    with staged_repo(repo) as staged:
        return run(staged, rels or None, cwd=staged.root)


def _run(repo: Repo, scope: Scope) -> CheckResult:
    root, config = repo.root, repo.config
    problems: list[FileProblem] = []
    read = read_services(root, config, None if scope.everything else set(scope.services), problems)
    gateway = read_gateway(root, config, problems)
    types = read_types(root, config, problems)
    calls = read_client(root, config, problems)
    inputs = Inputs(
        prefix=config.api_prefix.rstrip("/"),
        services=read,
        folders=service_folders(root, config),
        external=set(config.external_services),
        gateway=gateway,
        gateway_rel=config.gateway_routes,
        calls=calls,
        client_src=f"{config.client_package.rstrip('/')}/src",
        client_function=config.client_request.function,
        types=types,
        whole_repo=scope.everything,
    )
    rows = [row for row in build_rows(inputs) if scope.covers(row.service)]
    return CheckResult(rows, problems, scope, len(read))


def resource_keys(spec) -> list[tuple[str, str]]:
    """(method, path) of a spec's routes: the rows `add-endpoint` prints after its own checklist."""
    from ..spec.endpoint import spec_endpoints

    return [(e.method, e.path) for e in spec_endpoints(spec)]
