"""Layer 2, API Gateway: one routes.yaml entry per route, spliced into the hand-kept file.

Every byte outside the tool's own entries stays as it was (sources/yaml/splice.py inserts,
sources/yaml/remove.py replaces and removes, each checked to mean exactly that edit).
"""

from __future__ import annotations

from functools import lru_cache

from .. import naming
from ..spec.endpoint import spec_endpoints
from ..errors import ConflictError, UserError
from ..lockfile import digest
from ..sources.yaml import remove as yaml_remove
from ..sources.yaml import splice
from ..sources.yaml.document import parse_doc, str_field
from ..sources.yaml.style import GUIDE_ORDER
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
        cache_ttl = _cache_ttl(spec, endpoint)
        if endpoint.method == "GET" and cache_ttl:
            entry["cache_ttl"] = cache_ttl
        if own is not None and own.scopes is not None:
            if own.scopes:
                entry["scopes"] = list(own.scopes)
        elif endpoint.writes:
            entry["scopes"] = spec.write_scopes
        out.append(entry)
    return out


def _cache_ttl(spec, endpoint) -> str | None:
    """The guide caches the list route only: `gateway.cache_ttl` goes there; get-by-id is cached with
    `gateway.get_cache_ttl`, a custom GET with its own `gateway.cache_ttl`; nothing else is cached."""
    if endpoint.custom is not None:
        return endpoint.custom.gateway.cache_ttl
    if endpoint.operation == "list":
        return spec.gateway.cache_ttl
    if endpoint.operation == "get":
        return spec.gateway.get_cache_ttl
    return None


def plan(job: Job) -> None:
    """Add the spec's entries; update or remove the ones the tool wrote earlier (their digests are in the
    lock) when the spec changed them or dropped their operation. An entry a person edited, or one the
    tool did not write, is a conflict (exit 2, its line) when the spec needs it changed."""
    rel = job.repo.config.gateway_routes
    old = job.plan.old_text(rel)
    wanted = [] if job.removing else entries(job)
    recorded = {k[len("entry ") :]: v for k, v in job.lock.of(rel).items() if k.startswith("entry ")}
    if old and _all_present(old, wanted) and set(recorded) <= {_key(e) for e in wanted}:
        _record(job, rel, old, wanted, old)
        return  # nothing to change: skip the full edit (drift asks this once per spec)
    try:
        new = _reconcile(job, rel, old, wanted, recorded)
    except splice.RoutesConflict as exc:
        raise ConflictError(
            exc.message,
            file=rel,
            line=exc.line,
            field=exc.field,
            hint="the entry was edited since the tool wrote it: remove it by hand, then run again"
            if job.removing
            else "the route already exists with other settings (edited by a person, or not written by "
            "elqnt-scaffold): change or remove that entry by hand, or scaffold a different resource",
        ) from None
    except splice.EditRefused as exc:  # the file reads well; the tool's line edit could not be proven right
        todo = [_key(e) for e in wanted if not _all_present(old or "", [e])]
        raise UserError(
            exc.message,
            file=rel,
            line=exc.line,
            field=exc.field,
            hint="routes.yaml is valid, but the tool cannot edit it safely written this way; nothing was written. "
            + (f"Add {', '.join(todo)} by hand, then run again" if todo else "Make the change by hand, then run again")
            + " (entries already there are left as they are)",
        ) from None
    except splice.RoutesFileError as exc:
        raise UserError(
            exc.message,
            file=rel,
            line=exc.line,
            field=exc.field,
            hint="fix routes.yaml by hand (the tool only edits its own entries), then run again",
        ) from None
    if new != old:
        job.plan.add(rel, new, KEY)
    _record(job, rel, new, wanted, old)


def _key(entry: dict[str, object]) -> str:
    return f"{str(entry['method']).upper()} {entry['path']}"


def _span_key(key: str) -> dict[str, str]:
    method, _, path = key.partition(" ")
    return {"method": method, "path": path}


def _reconcile(job: Job, rel: str, old: str | None, wanted: list[dict[str, object]], recorded: dict[str, str]) -> str:
    text = old or ""
    index = _index(text) if text else {}
    replace, add = [], []
    for entry in wanted:
        key = _key(entry)
        have = index.get((str(entry["method"]).upper(), str(entry["path"])))
        if have is None:
            add.append(entry)
        elif _differs(have, entry):
            own = _entry_texts(text).get(key)
            if own is not None and recorded.get(key) == digest(own):
                replace.append((_span_key(key), entry))
            else:
                add.append(entry)  # add_routes raises the conflict, naming the entry's line and field
    wanted_keys = {_key(e) for e in wanted}
    stale = []
    for key, value in recorded.items():
        if key in wanted_keys:
            continue
        span = yaml_remove.item_span(text, "routes", _span_key(key)) if text else None
        if span is None:
            continue  # already gone
        if digest(span[2]) != value:
            raise splice.RoutesConflict(
                f"{key} belongs to an operation the spec no longer has, but it was edited since the tool wrote "
                "it; the tool will not remove it",
                span[0],
            )
        stale.append(_span_key(key))
    if stale:
        text, _ = yaml_remove.remove_routes(text, stale)
    if replace:
        text, _ = yaml_remove.replace_routes(text, replace)
    if add:
        text, _ = splice.add_routes(text or None, add)
    return text


def _record(job: Job, rel: str, text: str | None, wanted: list[dict[str, object]], old: str | None = None) -> None:
    """Remember the entries the tool wrote: those it inserted or replaced in this run (their text differs
    from before), and those still exactly as recorded. An entry a person edited keeps its old digest (so a
    later spec change is a conflict, not an overwrite); one nobody recorded is adopted only when it holds
    exactly the wanted fields and no comment."""
    texts = _entry_texts(text) if text and wanted else {}
    before = _entry_texts(old) if old else {}
    for entry in wanted:
        key = _key(entry)
        if key not in texts:
            continue
        part, now = f"entry {key}", digest(texts[key])
        recorded = job.lock.get(rel, part)
        written = before.get(key) != texts[key]
        if written or recorded == now:
            job.record(rel, part, now)
        elif recorded is not None:
            job.record(rel, part, recorded)  # edited by a person: not the tool's to change any more
        elif "#" not in texts[key] and _exactly(_index(text).get((str(entry["method"]).upper(), str(entry["path"]))), entry):
            job.record(rel, part, now)


def _exactly(have: dict[str, object] | None, entry: dict[str, object]) -> bool:
    """The entry holds the wanted fields and nothing else (the method in any case)."""
    return have is not None and set(have) == set(entry) and all(k == "method" or have[k] == v for k, v in entry.items())


@lru_cache(maxsize=4)
def _entry_texts(text: str) -> dict[str, str]:
    """"METHOD path" -> the entry's own lines, for every readable entry; one parse per text."""
    try:
        doc = parse_doc(text, "routes")
        out = {}
        for span in yaml_remove.spans(doc):
            item = doc.items[span.index]
            try:
                key = f"{str_field(item, 'method', doc.lines).upper()} {str_field(item, 'path', doc.lines)}"
            except splice.RoutesFileError:
                continue
            out.setdefault(key, "".join(doc.lines[span.dash : span.end + 1]))
        return out
    except splice.RoutesFileError:
        return {}


@lru_cache(maxsize=4)
def _index(text: str) -> dict[tuple[str, str], dict[str, object]]:
    """(METHOD, path) -> fields of the file's entries; parsed once per text."""
    try:
        return {(e.method.upper(), e.path): e.fields for e in splice.read_routes(text)}
    except splice.RoutesFileError:
        return {}  # let add_routes report it with its line


def _differs(have: dict[str, object], entry: dict[str, object]) -> bool:
    """The file's entry is not the wanted one: a value differs, or it holds a key the tool decides that the
    spec no longer asks for (a cache_ttl on get-by-id from before only the list was cached). Keys the tool
    never writes (a person's `timeout:`) are not its to judge."""
    return any(k != "method" and have.get(k) != v for k, v in entry.items()) or bool(
        (set(have) & set(GUIDE_ORDER)) - set(entry)
    )


def _all_present(text: str, wanted: list[dict[str, object]]) -> bool:
    index = _index(text)
    for entry in wanted:
        fields = index.get((str(entry["method"]).upper(), str(entry["path"])))
        if fields is None or _differs(fields, entry):
            return False
    return True
