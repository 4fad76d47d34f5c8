"""A postgres resource's migrations: golang-migrate's plain format in `services/<service>/migrations/`.

Files are `NNNNNN_<name>.up.sql` and `NNNNNN_<name>.down.sql` (six-digit versions, one sequence per
service, shared by its resources). What the folder's `.up.sql` files leave in the database is computed by
replaying them (`sources.sql.read.replay`, pglast), without a database; when that differs from the table the
spec describes (`storage.desired_table`), the next version is written: `000001_create_widgets` for a new
table, then one migration per run holding every change of the table (`000002_add_widgets_color`,
`000003_alter_widgets_...` when the changes are of several kinds; the statements and their order:
`sources.sql.diff`), each file one transaction (BEGIN ... COMMIT). A migration is never edited after it is
written (an applied migration must not change), and a run with nothing new writes nothing.

Data loss (a column dropped because its field left the spec, or a field's column type changed) is refused
(exit 2, naming the spec and field, nothing written) unless `--allow-data-loss`; then up drops the column
(and re-adds it with the new type) and down restores its definition, not its data. Only columns a
migration of the tool added are dropped: a column added by a hand-written migration stays, and one the
spec also has counts as there. Removing a resource writes no migration: the table and its data stay.
"""

from __future__ import annotations

import re
from dataclasses import dataclass, replace
from pathlib import Path

from ...errors import UserError
from ...plan import Owner
from ...sources.sql import Change, MigrationError, Table, diff_table
from ..base import Job
from . import storage

KEY = "service"
MIGRATION_FILE = re.compile(r"^(\d+)_(.+)\.(up|down)\.sql$")  # golang-migrate's file names
HEADER = "-- Written by elqnt-scaffold from "
_MAX_NAME = 60


@dataclass(frozen=True)
class StorageChange:
    """What a plan found between a resource's spec and its migrations (drift reports it as `migration`)."""

    table: str
    changes: tuple[Change, ...]
    up_rel: str | None  # the migration planned; None when refused (data loss without --allow-data-loss)

    @property
    def summary(self) -> str:
        return f"{self.table}: " + "; ".join(str(c) for c in self.changes)


def migrations_rel(job: Job) -> str:
    return f"{job.service_rel}/migrations"


def existing(folder: Path, shown: str = "") -> list[tuple[int, str, Path]]:
    """(version, name, path) of each `.up.sql` in the folder, by version. Two of one version: exit 2 naming
    the second as `shown`/<file name>."""
    out: dict[int, tuple[int, str, Path]] = {}
    for path in sorted(folder.glob("*.up.sql")) if folder.is_dir() else []:
        m = MIGRATION_FILE.match(path.name)
        if m:
            version = int(m[1])
            if version in out:
                raise UserError(
                    f"two migrations have version {version}: {out[version][2].name} and {path.name}",
                    file=f"{shown or folder}/{path.name}", hint="golang-migrate refuses that too: renumber the one not yet applied",
                )
            out[version] = (version, m[2], path)
    return [out[v] for v in sorted(out)]


def current_tables(job: Job) -> tuple[dict[str, Table], set[str]]:
    """The tables the service's migrations leave, and which of the files the tool wrote (by repo path)."""
    files = [(job.repo.rel(p), p.read_text(encoding="utf-8")) for _, _, p in existing(job.root / migrations_rel(job), migrations_rel(job))]
    try:
        from ...sources.sql.read import replay  # pglast: only when a postgres resource is planned

        tables = replay(files)
    except MigrationError as exc:
        raise UserError(
            f"cannot read the migration: {exc.message}", file=exc.file, line=exc.line,
            hint="fix the SQL (psql would refuse it too); the tool replays every .up.sql to know the table",
        ) from None
    return tables, {rel for rel, text in files if text.startswith(HEADER)}


def next_version(job: Job) -> int:
    """One more than every version in the folder (up or down files) and in this plan (another resource's)."""
    rel = migrations_rel(job)
    folder = job.root / rel
    names = {p.name for p in folder.glob("*.sql")} if folder.is_dir() else set()
    names |= job.plan.planned_in(rel)
    versions = [int(m[1]) for m in map(MIGRATION_FILE.match, names) if m]
    return max(versions, default=0) + 1


def plan(job: Job, ctx: dict) -> None:
    """Plan the next migration when the spec's table differs from what the migrations leave.

    Raises UserError (exit 2) for a migration PostgreSQL would not parse (file:line) and, unless
    `job.data_loss` is "allow" (or "report": then it is only listed in `job.migrations`), for a change that
    drops data."""
    table = storage.table_name(job.spec.names)
    fields = ctx["stored_fields"]
    tables, tool_files = current_tables(job)
    version = next_version(job)
    if table not in tables:
        name = f"create_{table}"
        up = storage.create_table_sql(table, fields)
        _write(job, version, name, up, f"DROP TABLE IF EXISTS {table};\n")
        job.migrations.append(StorageChange(table, (Change("create", table, ""),), _up_rel(job, version, name)))
        return
    wanted = storage.desired_table(table, fields)
    for f in fields:  # the spec's spelling of each default (`'[]'::jsonb`), not the deparsed one (`CAST(...)`)
        wanted.columns[f.column] = replace(wanted.columns[f.column], default=f.default)
    diff = diff_table(
        tables[table], wanted,
        owned_column=lambda c: c.added_in in tool_files,
        owned_index=lambda name: _tool_index(table, name),
    )
    if not diff.changes:
        return
    if diff.data_loss and job.data_loss != "allow":
        if job.data_loss == "report":
            job.migrations.append(StorageChange(table, tuple(diff.changes), None))
            return
        raise _refusal(job, table, diff.data_loss)
    name = _name(table, diff.changes)
    up = "\n".join(diff.up) + "\n"
    down = "\n".join(diff.down) + "\n"
    _write(job, version, name, up, down)
    job.migrations.append(StorageChange(table, tuple(diff.changes), _up_rel(job, version, name)))


def kept_table_note(job: Job) -> None:
    """remove-endpoint of a postgres resource: the table and its migrations stay (dropping it would lose its
    data, and a migration that does is never written for you); say how to drop it."""
    if storage.storage_of(job) != "postgres":
        return
    table = storage.table_name(job.spec.names)
    if table in current_tables(job)[0]:
        job.plan.notes.append(
            f"the table {table} and its migrations in {migrations_rel(job)}/ stay, with their data: to drop it, "
            f"add a migration (`DROP TABLE {table};`, down: its CREATE TABLE) by hand"
        )


def _tool_index(table: str, name: str) -> bool:
    return name == f"{table}_org_id_created_at_id_idx" or re.fullmatch(rf"{re.escape(table)}_org_id_\w+_key", name) is not None


def _refusal(job: Job, table: str, lost: list[Change]) -> UserError:
    what = "; ".join(
        f"the column {c.name} would be dropped" + (f" and re-added as {c.detail.split(' -> ')[-1]}" if c.verb == "retype" else "")
        for c in lost
    )
    return UserError(
        f"{table}: {what}, losing its data",
        file=job.spec_rel,
        field=lost[0].name,
        hint="run add-endpoint again with --allow-data-loss to write that migration (its down migration restores "
        "the column's definition, not its data), or put the field back as it was",
    )


def _name(table: str, changes: list[Change]) -> str:
    """`add_widgets_color`, `drop_widgets_legacy_notes`, `alter_widgets_...` (several kinds of change)."""
    verbs = {c.verb for c in changes}
    verb = verbs.pop() if len(verbs) == 1 else "alter"
    names = list(dict.fromkeys(c.name for c in changes))
    what = "_".join(names)
    if len(names) > 2 and len(what) > _MAX_NAME:
        what = f"{names[0]}_and_{len(names) - 1}_more"
    return f"{verb}_{table}_{what}"[: _MAX_NAME + 20].rstrip("_")


def _up_rel(job: Job, version: int, name: str) -> str:
    return f"{migrations_rel(job)}/{version:06d}_{name}.up.sql"


def _write(job: Job, version: int, name: str, up: str, down: str) -> None:
    header = f"{HEADER}{job.spec_rel}; never edited after: a spec change adds a migration.\n"
    base = f"{migrations_rel(job)}/{version:06d}_{name}"
    job.plan.add(f"{base}.up.sql", f"{header}BEGIN;\n{up}COMMIT;\n", KEY, Owner.USER)
    job.plan.add(f"{base}.down.sql", f"{header}BEGIN;\n{down}COMMIT;\n", KEY, Owner.USER)
