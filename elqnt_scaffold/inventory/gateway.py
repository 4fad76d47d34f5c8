"""Layer 2 as it is: the entries of the gateway's routes.yaml, each with the service it proxies to.

The service is read from ``proxy_upstream``: ``$WIDGET_SERVICE_URL`` (or ``${WIDGET_SERVICE_URL}``)
names ``widget-service``; a URL whose host is ``widget-service`` names it too. A write route that is
public on purpose (a login) is marked with an ``# elqnt:public`` comment: trailing on a line of the
entry, or on the comment line just above it.
"""

from __future__ import annotations

import re
from dataclasses import dataclass
from pathlib import Path
from urllib.parse import urlsplit

from ..naming import service_from_upstream
from ..repo import Config
from ..sources.yaml.splice import RoutesFileError, read_routes
from .common import FileProblem, read_source

LAYER = "gateway"
_PUBLIC = re.compile(r"#.*\belqnt:public\b")


@dataclass(frozen=True)
class GatewayEntry:
    method: str  # upper case
    path: str  # the public path, /api/v1/widgets/{id}
    service_path: str  # without the api prefix: /widgets/{id}
    upstream: str | None  # proxy_upstream as written
    service: str | None  # the service it names; None when the upstream has no recognisable name
    auth_required: bool
    scopes: tuple[str, ...]
    file: str
    line: int  # of the entry's first key
    public: bool  # marked `# elqnt:public`


def read_gateway(root: Path, config: Config, problems: list[FileProblem]) -> list[GatewayEntry] | None:
    """The entries in file order; None when the file does not exist."""
    rel = config.gateway_routes
    text = read_source(root / rel, rel, LAYER, problems)
    if text is None:
        return None
    try:
        routes = read_routes(text)
    except RoutesFileError as exc:
        field = f" (field {exc.field!r})" if exc.field else ""
        problems.append(FileProblem(LAYER, rel, exc.line, f"routes.yaml cannot be read{field}: {exc.message}"))
        return []
    lines = text.splitlines() if "elqnt:public" in text else []
    starts = [r.line for r in routes] + [text.count("\n") + 2]
    prefix = config.api_prefix.rstrip("/")
    out = []
    for i, route in enumerate(routes):
        fields = route.fields
        upstream = fields.get("proxy_upstream")
        upstream = str(upstream) if upstream is not None else None
        scopes = fields.get("scopes") or ()
        out.append(
            GatewayEntry(
                method=route.method.upper(),
                path=route.path,
                service_path=_service_path(route.path, prefix),
                upstream=upstream,
                service=_service_of(upstream),
                auth_required=fields.get("auth_required") is not False,
                scopes=tuple(str(s) for s in scopes) if isinstance(scopes, (list, tuple)) else (str(scopes),),
                file=rel,
                line=route.line,
                public=bool(lines) and _marked_public(lines, route.line, starts[i + 1]),
            )
        )
    return out


def _marked_public(lines: list[str], first: int, next_first: int) -> bool:
    """`# elqnt:public` as a trailing comment of the entry's lines, or on a comment line just above it."""
    above = lines[first - 2] if first >= 2 else ""
    if above.lstrip().startswith("#") and _PUBLIC.search(above):
        return True
    own = (line for line in lines[first - 1 : next_first - 1] if not line.lstrip().startswith("#"))
    return any(_PUBLIC.search(line) for line in own)


def _service_path(path: str, prefix: str) -> str:
    if prefix and (path == prefix or path.startswith(prefix + "/")):
        return path[len(prefix) :] or "/"
    return path


def _service_of(upstream: str | None) -> str | None:
    if not upstream:
        return None
    named = service_from_upstream(upstream)
    if named is not None:
        return named
    try:
        host = urlsplit(upstream.strip()).hostname
    except ValueError:
        return None
    return host if host and re.fullmatch(r"[a-z0-9][a-z0-9-]*", host) else None
