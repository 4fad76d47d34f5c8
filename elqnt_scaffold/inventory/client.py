"""Layer 4 as it is: the routes the TS API client calls, read from every ``.ts`` file of its ``src/``.

A call is one of the request helper (``client_request.function`` in the config, ``request`` by default,
called bare or as ``x.request``) whose method and path are string or template literals (or a path
joined with ``+``): ``request("GET", `/api/v1/widgets/${encodeURIComponent(id)}`)`` is
``GET /api/v1/widgets/{}``. A query string is dropped, as is a trailing substitution glued to the last
segment (`` `/api/v1/widgets${qs}` ``).
"""

from __future__ import annotations

from dataclasses import dataclass
from pathlib import Path

from ..repo import Config
from ..sources.ts import TSSourceError, check_syntax, client_calls
from .common import FileProblem, read_source, shape, walk_files

LAYER = "client"


@dataclass(frozen=True)
class ClientCall:
    method: str  # upper case
    path: str  # every substitution as `{}`, query string dropped: /api/v1/widgets/{}
    function: str | None  # the enclosing function (getWidget); None at top level
    file: str  # relative to the repository root
    line: int


def read_client(root: Path, config: Config, problems: list[FileProblem]) -> list[ClientCall]:
    src_rel = f"{config.client_package.rstrip('/')}/src"
    folder = root / src_rel
    if not folder.is_dir():
        return []
    function = config.client_request.function
    out: list[ClientCall] = []
    for path, rel in walk_files(root, src_rel, ".ts"):
        if rel.endswith(".d.ts"):
            continue
        text = read_source(path, rel, LAYER, problems)
        if text is None:
            continue
        try:
            if function not in text:  # cannot call it: only make sure the file parses
                check_syntax(text)
                continue
            calls = client_calls(text, function=function)
        except TSSourceError as exc:
            problems.append(FileProblem(LAYER, rel, exc.line, f"TypeScript does not parse: {exc.message}"))
            continue
        out.extend(ClientCall(c.method, clean_path(c.path_template), c.function, rel, c.line) for c in calls)
    return out


def clean_path(template: str) -> str:
    """`/api/v1/widgets/{}?page={}` -> `/api/v1/widgets/{}`; `/api/v1/widgets{}` -> `/api/v1/widgets`."""
    path = template.split("?", 1)[0].split("#", 1)[0]
    while path.endswith("{}") and len(path) > 2 and path[-3] != "/":
        path = path[:-2]
    return shape(path)
