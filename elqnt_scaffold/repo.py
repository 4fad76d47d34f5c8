"""Finding the monorepo and reading its `.elqnt-scaffold.yaml` (every setting optional)."""

from __future__ import annotations

from dataclasses import dataclass
from pathlib import Path
from typing import Literal

from pydantic import BaseModel, ConfigDict, Field, ValidationError, field_validator

from .errors import UserError
from .sources.yaml.lines import dotted, load

CONFIG_FILE = ".elqnt-scaffold.yaml"
GATEWAY_ROUTES = "services/api-gateway/config/routes.yaml"


class ClientRequest(BaseModel):
    model_config = ConfigDict(extra="forbid", frozen=True)
    module: str = Field("./http", description="module of the client package's request helper")
    function: str = Field("request", description="its name: request<T>(method, path, ...): Promise<T>, called as its signature says")
    call: Literal["auto", "options", "body", "body-options", "init"] = Field(
        "auto",
        description="how to call it: auto (read from its signature), options (method, path, {body, query}), "
        "body (method, path, body), body-options (method, path, body, {query}), "
        "init (method, path, {body: JSON text}); set it when the signature cannot be read",
    )


class Config(BaseModel):
    model_config = ConfigDict(extra="forbid", frozen=True)
    api_prefix: str = "/api/v1"
    services_dir: str = "services"
    gateway_routes: str = GATEWAY_ROUTES
    tygo_config: str = "tygo.yaml"
    types_package: str = "eloquent-packages/packages/types"
    types_package_name: str = Field("@elqnt/types", description="npm name of the types package the tool creates")
    client_package: str = "eloquent-packages/packages/api-client"
    client_package_name: str = Field("@elqnt/api-client", description="npm name of the client package the tool creates")
    client_request: ClientRequest = Field(default_factory=ClientRequest)
    templates: str = Field(".elqnt-scaffold/templates", description="per-repository template overrides")
    go_version: str = Field(
        "1.22", description="go line of a new service's go.mod when no sibling service has one (at least 1.22; "
        "raised to what the validator needs)"
    )
    validator_version: str = Field(
        "v10.26.0", description="validator of a new service when no sibling service requires one (v10.26.0: the "
        "newest whose dependencies still build with Go 1.22)"
    )
    storage: Literal["memory", "postgres"] = Field(
        "memory", description="a resource's storage when its spec says none (`init` writes postgres for a new repository)"
    )
    request_body_limit: int = Field(
        1 << 20, ge=1, description="bytes a generated handler reads of a request body; more answers 413 BODY_TOO_LARGE"
    )
    unknown_fields: Literal["accept", "reject"] = Field(
        "accept", description="a body member no request field takes: ignored (accept, the guide's) or 400 INVALID_JSON"
    )
    external_services: list[str] = Field(
        default_factory=list,
        description="services the gateway routes to that live outside this repository (check accepts their upstreams)",
    )
    tygo_version: str | None = Field(
        None,
        description="tygo release whose output the Types layer reproduces (v0.2.20 or v0.2.21); default: the one "
        "a go.mod of the repository requires, else the latest",
    )

    tygo_goos: str | None = Field(
        None,
        description="GOOS whose files the Types layer reads, as `GOOS=... tygo generate` (`_darwin.go`, `//go:build "
        "darwin`); default: the host Go toolchain's (`go env GOOS`)",
    )
    tygo_goarch: str | None = Field(
        None, description="GOARCH likewise (`_arm64.go`, `//go:build arm64`); default: `go env GOARCH`"
    )

    @field_validator("tygo_version", mode="before")
    @classmethod
    def _known_tygo(cls, value: object) -> object:
        from .sources.tygo.versions import normalize_version

        return None if value is None else normalize_version(value)

    @field_validator("tygo_goos", "tygo_goarch")
    @classmethod
    def _known_platform(cls, value: str | None, info) -> str | None:
        from .sources.tygo.platform import KNOWN_ARCH, KNOWN_OS

        known, what = (KNOWN_OS, "GOOS") if info.field_name == "tygo_goos" else (KNOWN_ARCH, "GOARCH")
        if value is not None and value not in known:
            raise ValueError(f"{value!r} is not a {what} Go knows (known: {', '.join(sorted(known))})")
        return value


@dataclass(frozen=True)
class Repo:
    root: Path
    config: Config

    def rel(self, path: Path) -> str:
        return path.resolve().relative_to(self.root.resolve()).as_posix()

    def service_dir(self, service: str) -> str:
        return f"{self.config.services_dir}/{service}"


def find_root(start: Path) -> Path | None:
    """Walk up to the folder holding .elqnt-scaffold.yaml, else the gateway routes file, else .git."""
    start = start.resolve()
    chain = [start, *start.parents]
    for marker in (CONFIG_FILE, GATEWAY_ROUTES, ".git"):
        for folder in chain:
            if (folder / marker).exists():
                return folder
    return None


def is_platform(root: Path) -> bool:
    """Whether `root` is a platform repository: it holds .elqnt-scaffold.yaml or the gateway's routes.yaml
    (`elqnt-scaffold init` writes both)."""
    return (root / CONFIG_FILE).is_file() or (root / GATEWAY_ROUTES).is_file()


def enclosing_platform(folder: Path) -> Path | None:
    """The platform repository `folder` lies inside (a parent of it that is one), or None."""
    return next((parent for parent in folder.resolve().parents if is_platform(parent)), None)


def open_repo(repo: Path | None, cwd: Path | None = None) -> Repo:
    """The platform repository a command works in: `--repo`, else found from the working directory (find_root),
    with its config. Raises UserError (exit 2) when there is none, and when the folder is not a platform
    repository (is_platform): `elqnt-scaffold init` makes one; no other command creates that skeleton."""
    if repo is not None:
        root = repo.resolve()
        if not root.is_dir():
            raise UserError(f"--repo {repo} is not a folder", field="--repo", hint="pass the monorepo's root folder")
        what = str(root)
    else:
        found = find_root(cwd or Path.cwd())
        if found is None:
            raise UserError(
                "no Eloquent monorepo found above the working directory",
                field="--repo",
                hint=f"run inside the monorepo, pass --repo PATH, or add {CONFIG_FILE} at its root",
            )
        root = found
        what = f"the repository found above the working directory, {root},"
    if not is_platform(root):
        raise UserError(
            f"{what} is not an Eloquent platform repository: it has neither {CONFIG_FILE} nor {GATEWAY_ROUTES}",
            field="--repo",
            hint=f"make it one with `elqnt-scaffold init --repo {root}`, or pass --repo with the platform repository's root",
        )
    return Repo(root, load_config(root))


def load_config(root: Path) -> Config:
    path = root / CONFIG_FILE
    if not path.exists():
        return Config()
    located = load(path.read_text(encoding="utf-8"), CONFIG_FILE)
    data = located.value or {}
    if not isinstance(data, dict):
        raise UserError("the config must be a mapping of settings", file=CONFIG_FILE, line=1)
    try:
        return Config.model_validate(data)
    except ValidationError as exc:
        err = exc.errors()[0]
        path_ = tuple(err["loc"])
        unknown = err["type"] == "extra_forbidden"
        raise UserError(
            "unknown setting" if unknown else err["msg"],
            file=CONFIG_FILE,
            line=located.line_of(path_),
            field=dotted(path_),
            hint=("known settings: " + ", ".join(Config.model_fields)) if unknown else "see the README's Configuration section",
        ) from None
