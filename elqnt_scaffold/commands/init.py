"""`init`: make a folder a platform repository (DESIGN section 2), the only command that creates the skeleton.

It writes the config (`.elqnt-scaffold.yaml`, every setting commented out at its default), the gateway's
`routes.yaml` and `tygo.yaml` with empty lists, and the types and api-client packages as `add-endpoint`
would create them (the same templates: package.json, a strict tsconfig.json, src/index.ts, and the
client's request helper src/http.ts). It never overwrites: one file already there and nothing is written.
"""

from __future__ import annotations

import posixpath
from dataclasses import dataclass
from pathlib import Path

import yaml

from .. import render
from ..errors import UserError
from ..plan import Plan
from ..repo import CONFIG_FILE, Config, enclosing_platform, is_platform
from ..sources.yaml.splice import NEW_FILE_HEADER

LAYER = "init"
TYGO_TEXT = (
    "# tygo: generates the TypeScript types of the types package from the Go models of each service\n"
    "# (`tygo generate`, https://github.com/gzuidhof/tygo). elqnt-scaffold adds one entry per service.\n"
    "packages: []\n"
)
TYPES_INDEX = "// The types of every service's API (tygo output): elqnt-scaffold adds one re-export per service.\n"


@dataclass
class InitResult:
    root: Path
    plan: Plan

    @property
    def created(self) -> list[str]:
        """The files written, relative to the root, in the order they were planned."""
        return [change.rel for change in self.plan.writes]


def run(root: Path) -> InitResult:
    """Write the skeleton of a platform repository under `root` (created when missing).

    Raises UserError (exit 2, nothing written) when `root` is a file, lies inside another platform
    repository, or already holds any file of the skeleton (each is named). Raises ApplyError when a
    write fails (every file restored)."""
    root = root.resolve()
    if root.exists() and not root.is_dir():
        raise UserError(f"{root} is not a folder", field="--repo", hint="pass a folder; it is created when missing")
    enclosing = enclosing_platform(root)
    if enclosing is not None:
        raise UserError(
            f"{root} is inside the platform repository {enclosing}",
            field="--repo",
            hint=f"work in that one (--repo {enclosing}), or run init in a folder outside it",
        )
    files = skeleton(Config(), root / Config().templates)
    existing = [rel for rel in files if (root / rel).exists() or (root / rel).is_symlink()]
    if existing:
        already = is_platform(root)
        raise UserError(
            f"{', '.join(existing)} already exist{'s' if len(existing) == 1 else ''}: init never overwrites a file",
            file=existing[0],
            field="--repo",
            hint="this folder is a platform repository already: run add-endpoint, check or drift in it"
            if already
            else "move those files away and run init again, or write the rest by hand (see the README)",
        )
    plan = Plan(root)
    for rel, text in files.items():
        plan.add(rel, text, LAYER)
    plan.apply()
    return InitResult(root, plan)


def skeleton(config: Config, override: Path | None = None) -> dict[str, str]:
    """{path relative to the root: text} of every file init writes, for `config`'s locations."""
    types_pkg = config.types_package.rstrip("/")
    client_pkg = config.client_package.rstrip("/")
    types_entry = posixpath.relpath(f"{types_pkg}/src/index.ts", client_pkg)

    def rendered(template: str, ctx: dict) -> str:
        return render.render(template, ctx, override)

    return {
        CONFIG_FILE: config_text(config),
        config.gateway_routes: f"{NEW_FILE_HEADER}\nroutes: []\n",
        config.tygo_config: TYGO_TEXT,
        f"{types_pkg}/package.json": rendered("types/package.json.j2", {"name": config.types_package_name}),
        f"{types_pkg}/tsconfig.json": rendered("types/tsconfig.json.j2", {"name": config.types_package_name}),
        f"{types_pkg}/src/index.ts": TYPES_INDEX,
        f"{client_pkg}/package.json": rendered(
            "client/package.json.j2", {"name": config.client_package_name, "types_name": config.types_package_name}
        ),
        f"{client_pkg}/tsconfig.json": rendered(
            "client/tsconfig.json.j2", {"types_name": config.types_package_name, "types_entry": types_entry}
        ),
        f"{client_pkg}/src/http.ts": rendered("client/http.ts.j2", {"api_prefix": config.api_prefix.rstrip("/")}),
        f"{client_pkg}/src/index.ts": rendered("client/index.ts.j2", {"modules": ["./http"]}),
    }


def config_text(config: Config) -> str:
    """The config file: a header, `storage: postgres` (a new repository keeps its records in PostgreSQL; the
    default without the line is memory, so older repositories see no change), and every other setting
    commented out at its value (uncommented, it reads the same)."""
    settings = {k: v for k, v in config.model_dump(mode="json").items() if k != "storage"}
    body = yaml.safe_dump(settings, sort_keys=False, default_flow_style=None, width=100)
    lines = "".join(f"# {line}\n" for line in body.splitlines())
    return (
        "# elqnt-scaffold settings of this platform repository (made by `elqnt-scaffold init`).\n"
        "# Every setting is optional; the defaults are shown. See the README's Configuration section.\n"
        "storage: postgres  # new resources: a PostgreSQL table and migrations (memory: in-process, lost on restart)\n"
        f"{lines}"
    )
