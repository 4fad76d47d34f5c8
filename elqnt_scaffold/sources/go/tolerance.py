"""Reading what parses in a Go file tree-sitter-go cannot parse whole (for readers, never for editors).

tree-sitter-go 0.25 rejects valid Go it does not know yet (Go 1.26's ``new("anon")``); a reader that
needs only some declarations can still trust every part of the tree the error did not reach. A
:class:`Damage` says which parts those are:

- an error inside a function body that ends where it should is *contained*: the rest of the body, and
  every other declaration, parsed as written;
- an error in any other top-level declaration (``var d = new(g())``), or one after which the parser
  swallowed the next declaration (a ``func``/``type``/``var``/``const`` line at column 0 inside the
  damaged node), damages that whole top-level node.

:func:`gofmt_verdict` asks the Go toolchain whether the file is valid Go, so a refusal can say whether
the file or the tool is at fault.
"""

from __future__ import annotations

import re
import shutil
import subprocess
from functools import lru_cache

from tree_sitter import Node

from .nodes import Doc, GoSourceError, error_nodes, syntax_error

_DECL_LINE = re.compile(rb"\n(?:func|type|var|const|import)\b")
_BODIES = frozenset({"function_declaration", "method_declaration"})


class Damage:
    """Where the parse of ``doc`` went wrong: contained errors, and damaged top-level spans (bytes)."""

    def __init__(self, doc: Doc) -> None:
        self.doc = doc
        self.regions: list[tuple[int, int]] = []
        if not doc.broken:
            return
        for top in doc.root.children:
            if not (top.has_error or top.is_error or top.is_missing):
                continue
            inner = doc.data[top.start_byte : top.end_byte]
            if top.type in _BODIES and not _DECL_LINE.search(inner):
                continue  # errors inside one function body: the rest of the file parsed
            self.regions.append((top.start_byte, top.end_byte))

    def damaged(self, start: int, end: int) -> bool:
        """Does [start, end) overlap a damaged top-level span?"""
        return any(s < end and start < e for s, e in self.regions)

    def region_text(self) -> list[tuple[int, bytes]]:
        """(start byte, text) of each damaged span."""
        return [(s, self.doc.data[s:e]) for s, e in self.regions]

    def error(self, node: Node, what: str) -> GoSourceError:
        """The first syntax error in ``node`` (or the first of the file), saying ``what`` cannot be read."""
        found = error_nodes(node) or error_nodes(self.doc.root) or [node]
        first = found[0]
        row, column = first.start_point
        exc = syntax_error(self.doc.data, row + 1, column + 1, f"missing {first.type!r}" if first.is_missing else "syntax error")
        return GoSourceError(exc.line, f"{exc.message} ({what} cannot be read)", exc.column)

    def error_in_region(self, start: int, what: str) -> GoSourceError:
        """The syntax error of the damaged span holding byte ``start``."""
        for top in self.doc.root.children:
            if top.start_byte <= start < max(top.end_byte, top.start_byte + 1):
                return self.error(top, what)
        return self.error(self.doc.root, what)


def gofmt_verdict(src: str) -> str | None:
    """What the Go toolchain says of a file tree-sitter-go rejects: "gofmt accepts this file: ..." (the
    tool's limit), "gofmt rejects it too: <line:col: message>" (the file's fault), or None without gofmt."""
    return _gofmt_verdict(src)


@lru_cache(maxsize=64)
def _gofmt_verdict(src: str) -> str | None:
    gofmt = shutil.which("gofmt")
    if gofmt is None:
        return None
    try:
        proc = subprocess.run([gofmt, "-e"], input=src.encode("utf-8"), capture_output=True, timeout=60)
    except (OSError, subprocess.SubprocessError):
        return None
    if proc.returncode == 0:
        return "gofmt accepts this file: tree-sitter-go cannot read this construct yet"
    first = proc.stderr.decode("utf-8", "replace").strip().splitlines()
    said = first[0].removeprefix("<standard input>:") if first else "syntax error"
    return f"gofmt rejects it too: {said}"
