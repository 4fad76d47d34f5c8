"""What every layer shares: the job it works on and the outcome it reports."""

from __future__ import annotations

from dataclasses import dataclass, field
from pathlib import Path

from ..lockfile import Lock
from ..plan import FileChange, Owner, Plan
from ..repo import Repo
from ..spec import Spec


@dataclass
class Job:
    """One `add-endpoint` run: the repository, the spec, and the plan every layer adds to."""

    repo: Repo
    spec: Spec
    spec_rel: str  # where the spec is saved, relative to the repository
    plan: Plan
    force: bool = False
    post_steps: list["PostStep"] = field(default_factory=list)
    compare_user_files: bool = True  # False (drift): a user-owned file only has to exist
    lock: Lock = field(default_factory=Lock)  # what the tool wrote into shared files last time
    recorded: Lock = field(default_factory=Lock)  # what it writes there this time (saved after the plan)
    removing: bool = False  # remove-endpoint: every part of the resource goes
    # a migration that drops or retypes a column: "refuse" (exit 2), "allow" (--allow-data-loss: written),
    # "report" (drift: neither written nor raised, only listed in `migrations`)
    data_loss: str = "refuse"
    migrations: list = field(default_factory=list)  # layers.service.migrations.StorageChange: what changed

    def record(self, rel: str, part: str, value: str) -> None:
        self.recorded.record(rel, part, value)

    @property
    def root(self) -> Path:
        return self.repo.root

    @property
    def service_rel(self) -> str:
        return self.repo.service_dir(self.spec.service_name)

    def wants(self, rel: str, owner: "Owner") -> bool:
        """Is it worth rendering `rel`? Not for an existing user-owned file nobody will compare."""
        if owner is Owner.USER and not self.compare_user_files and not self.force:
            return self.plan.old_text(rel) is None
        return True

    @property
    def template_override(self) -> Path:
        return self.repo.root / self.repo.config.templates


@dataclass(frozen=True)
class PostStep:
    """A command to run after the plan is applied (e.g. `go mod tidy`), in a folder of the repository."""

    layer: str
    argv: tuple[str, ...]
    cwd_rel: str
    why: str


@dataclass
class LayerOutcome:
    key: str  # service, gateway, types, client
    title: str
    status: str  # written / unchanged / not yet done / skipped
    files: list[FileChange] = field(default_factory=list)
    notes: list[str] = field(default_factory=list)
