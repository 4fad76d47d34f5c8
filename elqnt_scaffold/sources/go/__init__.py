"""Go source files, read and edited structurally with tree-sitter-go.

Plain functions over source text (``str``, UTF-8; all offsets are handled as bytes).  Every function
parses its input once and raises :class:`GoSourceError` (1-based ``line``) on a syntax error, a missing
function or call, or an edit that cannot be made.  Edits splice text at node offsets: every byte outside
the edit is kept, the inserted code is gofmt-clean, and each edit is idempotent.

Reading lives in :mod:`.read`, editing in :mod:`.edit` and :mod:`.imports`, shared
node helpers in :mod:`.nodes`; go.mod helpers in :mod:`.gomod`.
"""

from __future__ import annotations

from .edit import add_call_arg, add_func_param, append_decls, append_statements, insert_statement_after
from .imports import ensure_imports
from .remove import decl_text, remove_call_arg, remove_func_param, remove_statements, remove_unused_imports, replace_decls
from .read import GoSourceError, RouteRegistration, StructDecl, StructField, call_args, check_syntax, comment_text, func_params, imports, package_name, route_registrations, split_pattern, struct_types, top_level_funcs, top_level_names
from .gomod import GoModError, add_require, go_version, has_require, module_path

__all__ = [
    "GoModError",
    "GoSourceError",
    "RouteRegistration",
    "StructDecl",
    "StructField",
    "add_call_arg",
    "add_func_param",
    "add_require",
    "append_decls",
    "append_statements",
    "call_args",
    "check_syntax",
    "comment_text",
    "decl_text",
    "ensure_imports",
    "func_params",
    "go_version",
    "has_require",
    "imports",
    "insert_statement_after",
    "module_path",
    "package_name",
    "remove_call_arg",
    "remove_func_param",
    "remove_statements",
    "remove_unused_imports",
    "replace_decls",
    "route_registrations",
    "split_pattern",
    "struct_types",
    "top_level_funcs",
    "top_level_names",
]
