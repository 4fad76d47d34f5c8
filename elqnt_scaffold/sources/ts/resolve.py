"""Which file a TypeScript module specifier names, as tsc's `Bundler` resolution would find it.

Plain functions over repository-relative POSIX paths; files are read through the caller's ``read(rel)``
(None when the file does not exist), so planned, not yet written files count too.
"""

from __future__ import annotations

import json
import posixpath
import re
from typing import Callable

Read = Callable[[str], "str | None"]
_TS_EXTENSIONS = (".ts", ".tsx", ".mts", ".cts", ".d.ts")


def resolve_module(read: Read, folder: str, module: str, package: str) -> str | None:
    """The file `module` names when imported from a file in `folder`, or None.

    Relative (`./http`, `./http.js`, `./lib` for lib/index.ts): the file with a TS extension. Bare
    (`@acme/http`, `@acme/http/sub`): through `paths` of `<package>/tsconfig.json` (exact keys), then the
    `node_modules` of `package` and of every folder above it (its package.json `types`, `typings` or `main`,
    else `index`).
    """
    if module.startswith("."):
        return _file(read, posixpath.normpath(posixpath.join(folder, module)))
    options = _json(read(f"{package}/tsconfig.json")).get("compilerOptions")
    options = options if isinstance(options, dict) else {}
    paths = options.get("paths") if isinstance(options.get("paths"), dict) else {}
    base_url = options.get("baseUrl") if isinstance(options.get("baseUrl"), str) else "."
    for target in paths.get(module) or []:
        found = _file(read, posixpath.normpath(posixpath.join(package, base_url, target))) if isinstance(target, str) else None
        if found is not None:
            return found
    parts = module.split("/")
    cut = 2 if module.startswith("@") else 1
    name, sub = "/".join(parts[:cut]), "/".join(parts[cut:])
    folder = package
    while True:
        root = posixpath.normpath(posixpath.join(folder, "node_modules", name))
        if sub:
            found = _file(read, f"{root}/{sub}")
        else:
            meta = _json(read(f"{root}/package.json"))
            entry = next((meta[k] for k in ("types", "typings", "main") if isinstance(meta.get(k), str)), "index")
            found = _file(read, posixpath.normpath(posixpath.join(root, entry)))
        if found is not None or folder in ("", "."):
            return found
        folder = posixpath.dirname(folder)


def _file(read: Read, base: str) -> str | None:
    stem = re.sub(r"\.[cm]?jsx?$", "", base)
    candidates = [base] if base.endswith(_TS_EXTENSIONS) else []
    candidates += [stem + ext for ext in _TS_EXTENSIONS] + [f"{stem}/index{ext}" for ext in _TS_EXTENSIONS]
    return next((rel for rel in candidates if read(rel) is not None), None)


def _json(text: str | None) -> dict:
    try:
        data = json.loads(text or "{}")
    except json.JSONDecodeError:
        return {}
    return data if isinstance(data, dict) else {}


__all__ = ["resolve_module"]
