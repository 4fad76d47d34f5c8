"""What the tool wrote into shared files for one resource, so it can update or remove exactly that later.

Saved beside the spec as `services/<service>/endpoints/<resource>.lock` (JSON), like copier's answers file
or Terraform's state: per shared file, per part the tool inserted, the part's text (a Go statement, an
import path) or a content digest (a routes.yaml entry, a generated method skeleton, a user file as
written). A part whose current text still matches is the tool's to update or remove; one that differs
was edited by a person and is a conflict when the spec needs it changed.

    {"version": 1, "parts": {"services/widget-service/routes/routes.go":
        {"route GET /widgets": "mux.HandleFunc(\"GET /widgets\", widgetHandler.ListWidgets)"}, ...}}
"""

from __future__ import annotations

import hashlib
import json
from dataclasses import dataclass, field

from .errors import UserError

VERSION = 1
NOTE = "elqnt-scaffold: what it wrote into shared files for this resource. Commit it; do not edit it."


def lock_rel(spec_rel: str) -> str:
    """`services/w/endpoints/widget.yaml` -> `services/w/endpoints/widget.lock`."""
    stem = spec_rel[: -len(".yaml")] if spec_rel.endswith(".yaml") else spec_rel
    return stem + ".lock"


def digest(text: str) -> str:
    """`sha256:` and 16 hex digits of the text with CRLF read as LF and the final line ending dropped
    (neither a file's line endings nor an entry becoming the last line count as an edit)."""
    norm = text.replace("\r\n", "\n").rstrip("\n")
    return "sha256:" + hashlib.sha256(norm.encode("utf-8")).hexdigest()[:16]


@dataclass
class Lock:
    parts: dict[str, dict[str, str]] = field(default_factory=dict)  # file -> part id -> text or digest
    present: bool = False  # read from a file (False: a new resource, or one made by elqnt-scaffold 0.1)

    def of(self, rel: str) -> dict[str, str]:
        return dict(self.parts.get(rel, {}))

    def get(self, rel: str, part: str) -> str | None:
        return self.parts.get(rel, {}).get(part)

    def record(self, rel: str, part: str, value: str) -> None:
        self.parts.setdefault(rel, {})[part] = value

    def forget(self, rel: str, part: str) -> None:
        self.parts.get(rel, {}).pop(part, None)


def load_lock(text: str | None, rel: str) -> Lock:
    """Read a lock file; None (no file) is an empty lock. A broken file is exit 2 naming it."""
    if text is None:
        return Lock()
    try:
        data = json.loads(text)
        parts = data["parts"]
        if data.get("version") != VERSION or not isinstance(parts, dict):
            raise ValueError(f"version {data.get('version')!r}")
        clean = {str(f): {str(k): str(v) for k, v in p.items()} for f, p in parts.items()}
    except (ValueError, KeyError, TypeError, AttributeError) as exc:
        raise UserError(
            f"the lock file cannot be read ({exc})",
            file=rel,
            hint="restore it from version control; deleting it makes the tool rebuild it from what it finds "
            "(route lines in its own form, gateway entries holding exactly the spec's fields)",
        ) from None
    return Lock(clean, present=True)


def dump_lock(lock: Lock) -> str:
    parts = {rel: dict(sorted(p.items())) for rel, p in sorted(lock.parts.items()) if p}
    return json.dumps({"_": NOTE, "version": VERSION, "parts": parts}, indent=2, ensure_ascii=False) + "\n"
