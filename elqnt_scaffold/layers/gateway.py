"""Layer 2, API Gateway: one routes.yaml entry per route, spliced into the hand-kept file.

Only insertions: every byte outside the new entries stays as it was (see sources/yaml/splice.py).
"""

from __future__ import annotations

from functools import lru_cache

from .. import naming
from ..spec.endpoint import spec_endpoints
from ..errors import ConflictError, UserError
from ..sources.yaml import splice
from .base import Job

KEY = "gateway"
TITLE = "API Gateway"


def entries(job: Job) -> list[dict[str, object]]:
    """The gateway entries of the spec's routes, keys in the guide's order."""
    spec, prefix = job.spec, job.repo.config.api_prefix.rstrip("/")
    out: list[dict[str, object]] = []
    for endpoint in spec_endpoints(spec):
        if endpoint.internal:
            continue  # a custom operation marked internal: no gateway entry
        own = endpoint.custom.gateway if endpoint.custom is not None else None
        auth = own.auth_required if own is not None and own.auth_required is not None else spec.gateway.auth_required
        entry: dict[str, object] = {
            "path": prefix + endpoint.path,
            "method": endpoint.method,
            "proxy_upstream": naming.upstream_env(spec.service_name),
            "auth_required": auth,
        }
        cache_ttl = own.cache_ttl if own is not None and own.cache_ttl is not None else spec.gateway.cache_ttl
        if endpoint.method == "GET" and cache_ttl:
            entry["cache_ttl"] = cache_ttl
        if own is not None and own.scopes is not None:
            if own.scopes:
                entry["scopes"] = list(own.scopes)
        elif endpoint.writes:
            entry["scopes"] = spec.write_scopes
        out.append(entry)
    return out


def plan(job: Job) -> None:
    rel = job.repo.config.gateway_routes
    old = job.plan.old_text(rel)
    wanted = entries(job)
    if old and _all_present(old, wanted):
        return  # nothing to insert: skip the full edit (drift asks this once per spec)
    try:
        new, _notes = splice.add_routes(old, wanted)
    except splice.RoutesConflict as exc:
        raise ConflictError(
            exc.message,
            file=rel,
            line=exc.line,
            field=exc.field,
            hint="the route already exists with other settings: change or remove that entry, or scaffold a different resource",
        ) from None
    except splice.RoutesFileError as exc:
        raise UserError(
            exc.message,
            file=rel,
            line=exc.line,
            field=exc.field,
            hint="fix routes.yaml by hand (the tool only ever inserts entries), then run again",
        ) from None
    job.plan.add(rel, new, KEY)


@lru_cache(maxsize=4)
def _index(text: str) -> dict[tuple[str, str], dict[str, object]]:
    """(METHOD, path) -> fields of the file's entries; parsed once per text."""
    try:
        return {(e.method.upper(), e.path): e.fields for e in splice.read_routes(text)}
    except splice.RoutesFileError:
        return {}  # let add_routes report it with its line


def _all_present(text: str, wanted: list[dict[str, object]]) -> bool:
    index = _index(text)
    for entry in wanted:
        fields = index.get((str(entry["method"]).upper(), str(entry["path"])))
        if fields is None or any(k != "method" and fields.get(k) != v for k, v in entry.items()):
            return False
    return True
