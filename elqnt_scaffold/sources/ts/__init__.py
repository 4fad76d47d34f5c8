"""TypeScript sources (tree-sitter-typescript): exports, re-exports and request-helper calls of a module,
and the one structural edit the tool makes (`ensure_reexport`). See `module` for the details."""

from __future__ import annotations

from .module import (
    ClientCall,
    TSSourceError,
    check_syntax,
    client_calls,
    ensure_reexport,
    exported_names,
    reexported_modules,
    remove_reexport,
)

__all__ = [
    "ClientCall",
    "TSSourceError",
    "check_syntax",
    "client_calls",
    "ensure_reexport",
    "exported_names",
    "reexported_modules",
    "remove_reexport",
]
