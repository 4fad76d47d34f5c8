"""What the layer inventories share: unparseable-file problems, route path shapes, marker comments."""

from __future__ import annotations

import os
import re
from dataclasses import dataclass
from pathlib import Path
from typing import Iterator

_PARAM = re.compile(r"\{[^{}]*\}")
# Go skips folders starting with "." or "_", plus vendor/testdata; node_modules is never source.
_SKIP_DIRS = frozenset({"vendor", "testdata", "node_modules"})


@dataclass(frozen=True)
class FileProblem:
    """A file `check` cannot read: it does not parse. `line` is 1-based (None: the whole file)."""

    layer: str  # service, gateway, types, client, config
    file: str  # relative to the repository root
    line: int | None
    message: str


def shape(path: str) -> str:
    """A route path with every wildcard as `{}` (names do not matter): `/a/{id}/b/{x...}` -> `/a/{}/b/{}`.

    `{$}` (net/http's end-of-path anchor) is kept as it is."""
    return _PARAM.sub(lambda m: m.group(0) if m.group(0) == "{$}" else "{}", path)


def served_path(path: str) -> str:
    """The path a request has to reach a pattern path: ``/{$}`` -> ``/``, ``/files/{$}`` -> ``/files/``
    (``{$}`` anchors the end of the path; it is not a segment a gateway entry or a client writes)."""
    return path[: -len("{$}")] if path.endswith("/{$}") else path


def walk_files(root: Path, folder_rel: str, suffix: str) -> Iterator[tuple[str, str]]:
    """(path, path relative to root) of the files under `folder_rel` ending in `suffix`, in a stable
    order, skipping hidden, `_`, vendor and testdata folders (what the Go tool skips) and node_modules."""
    top = os.path.join(root, folder_rel)
    for dirpath, dirnames, filenames in os.walk(top):
        dirnames[:] = sorted(d for d in dirnames if d not in _SKIP_DIRS and not d.startswith((".", "_")))
        sub = os.path.relpath(dirpath, top).replace(os.sep, "/")
        base = folder_rel if sub == "." else f"{folder_rel}/{sub}"
        for name in sorted(filenames):
            if name.endswith(suffix):
                yield os.path.join(dirpath, name), f"{base}/{name}"


def read_source(path: Path | str, rel: str, layer: str, problems: list[FileProblem]) -> str | None:
    """The file's text (a UTF-8 BOM dropped); None when it is missing or not UTF-8 (then a problem)."""
    try:
        with open(path, encoding="utf-8-sig") as handle:
            return handle.read()
    except (FileNotFoundError, NotADirectoryError, IsADirectoryError):
        return None
    except UnicodeDecodeError as exc:
        problems.append(FileProblem(layer, rel, None, f"not UTF-8 text ({exc.reason} at byte {exc.start})"))
        return None
