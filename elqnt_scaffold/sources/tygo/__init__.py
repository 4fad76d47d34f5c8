"""A port of tygo (github.com/gzuidhof/tygo v0.2.20): Go models -> the TypeScript `tygo generate` writes.

`package` is the entry point (one package's output, tygo.yaml reading); `read` and `comments` turn Go source
(tree-sitter-go) into the go/ast look-alike of `nodes`; `write`, `decls` and `tags` are tygo's writer.
"""

from __future__ import annotations

from .package import PACKAGE_OPTIONS, TygoError, generate_package, normalize_options, read_tygo_config

__all__ = ["PACKAGE_OPTIONS", "TygoError", "generate_package", "normalize_options", "read_tygo_config"]
