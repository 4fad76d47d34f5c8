"""A port of tygo (github.com/gzuidhof/tygo v0.2.20 and v0.2.21): Go models -> the TypeScript `tygo generate`
writes.

`package` is the entry point (one package's output); `config` reads tygo.yaml; `versions` knows the releases
and reads the one a go.mod pins; `syntax`, `read` and `comments` turn Go source (tree-sitter-go) into the
go/ast look-alike of `nodes`; `write`, `decls` and `tags` are tygo's writer.
"""

from __future__ import annotations

from .config import (
    PACKAGE_OPTIONS,
    TygoConfigError,
    normalize_options,
    read_tygo_config,
    resolved_output_path,
    tygo_config_lines,
)
from .package import TygoError, generate_package

__all__ = [
    "PACKAGE_OPTIONS",
    "TygoConfigError",
    "TygoError",
    "generate_package",
    "normalize_options",
    "read_tygo_config",
    "resolved_output_path",
    "tygo_config_lines",
]
