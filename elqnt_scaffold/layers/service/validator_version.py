"""The validator version a service builds with decides which `validate` rules exist at run time.

The spec is checked at load against go-playground/validator v10.30.6's tags (`spec/validator_tags.py`); a
service that requires an older v10 (new services get the config's `validator_version`, v10.26.0 by default)
panics on the first request that meets a rule its version lacks (`uuid7`, `noneof`, ...). Refuse those here,
where the service's go.mod is known: exit 2 naming the spec field and the version.
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
