"""The validator version a service builds with decides which `validate` rules exist at run time.

The spec is checked at load against go-playground/validator v10.30.6's tags (`spec/validator_tags.py`); a
service that requires an older v10 panics on the first request that meets a rule its version lacks (`uuid7`,
`noneof`, ...). Refuse those here, where the service's go.mod is known: exit 2 naming the spec field and the
version.

A new service's go.mod (`new_service_versions`) takes the newest `go` line and the newest validator among its
sibling services (`services/*/go.mod`), else the config's `go_version` / `validator_version`; its `go` line is
raised to what that validator needs (`MIN_GO`), so `go mod tidy` never has to.
"""

from __future__ import annotations

import re

from ...errors import UserError
from ...sources.go import gomod
from ...spec.validator_tags import ADDED_AFTER_PINNED, PINNED_VERSION, VERSION
from ..base import Job

MODULE = "github.com/go-playground/validator/v10"


def _semver(version: str) -> tuple[int, ...]:
    return tuple(int(part) for part in re.findall(r"\d+", version.split("-", 1)[0])[:3])


# The lowest `go` line (from 1.22 up, what the generated code needs) that `go mod tidy` keeps for a module
# requiring the validator: the newest `go` line in its module graph. Each entry is the first release that
# needs that Go; releases before the first need no more than 1.22 (a newer release, at least its last entry's).
# tests/test_new_service_versions.py checks every entry and its predecessor against the module proxy.
FLOOR_GO = "1.22"
MIN_GO: dict[str, str] = {"v10.28.0": "1.24.0", "v10.30.2": "1.25.0", "v10.30.5": "1.26.0"}


def min_go(validator: str) -> str | None:
    """The `go` line a module requiring `validator` (`v10.30.6`) needs at least (`1.26.0`); None: 1.22 will do."""
    needed = [go for release, go in MIN_GO.items() if _semver(release) <= _semver(validator)]
    return max(needed, key=gomod.go_version_key) if needed else None


def new_service_versions(gomods: list[str], go_default: str, validator_default: str) -> tuple[str, str]:
    """(`go` line, validator version) of a new service's go.mod, from its siblings' go.mod texts: the newest
    `go` line and the newest validator v10 they require, each else the default (the config's); the `go` line
    raised to `min_go` of that validator. Versions are compared as numbers (`1.24` = `1.24.0` < `1.26.0`)."""
    go_lines = [v for text in gomods if (v := gomod.go_version(text))]
    validators = [v for text in gomods if (v := gomod.required_version(text, MODULE)) and _semver(v)]
    go = max(go_lines, key=gomod.go_version_key) if go_lines else go_default
    validator = max(validators, key=_semver) if validators else validator_default
    for needed in (FLOOR_GO, min_go(validator)):  # method patterns in routes need 1.22
        if needed is not None and gomod.go_version_key(needed) > gomod.go_version_key(go):
            go = needed
    return go, validator


def service_version(gomod_text: str | None, default: str) -> str:
    """The validator v10 version the service's go.mod requires, else `default` (a new service's)."""
    return (gomod.required_version(gomod_text, MODULE) if gomod_text else None) or default


def check_rules(job: Job, version: str) -> None:
    """Rules newer than the service's validator (the table knows those added after v10.26.0) are exit 2."""
    if _semver(version) >= _semver(VERSION) or _semver(version) < _semver(PINNED_VERSION):
        return  # as new as the table, or older than anything the table tells apart: nothing to say
    for where, field in _fields(job):
        rules = {part.split("=", 1)[0] for alt in (field.validate_ or "").split(",") for part in alt.split("|")}
        for rule in sorted(rules & ADDED_AFTER_PINNED):
            raise UserError(
                f"the rule {rule!r} needs go-playground/validator {VERSION}; {job.service_rel} builds with {version}, "
                "where every request would panic on it",
                file=job.spec_rel,
                field=f"{where}.validate",
                hint=f"require {MODULE} {VERSION} in the service's go.mod (and `validator_version` in the config "
                "for new services), or use another rule",
            )


def _fields(job: Job):
    spec = job.spec
    out = [(f"fields[{i}]", f) for i, f in enumerate(spec.fields)]
    for name, model in spec.models.items():
        out += [(f"models.{name}.fields[{i}]", f) for i, f in enumerate(model.fields)]
    return out
