"""Go models -> TypeScript, byte for byte what `tygo generate` (github.com/gzuidhof/tygo v0.2.20)
writes for one package.

The Go source is read with tree-sitter-go (`read.py`, `comments.py` -> the go/ast
look-alike of `nodes.py`), so hand-written models work as well as generated ones; the writer
(`write.py`, `decls.py`, `tags.py`) is a faithful port of tygo's, quirks included. Only what tygo does without type information is needed: it loads packages with
`packages.NeedSyntax | packages.NeedFiles`, i.e. it never type-checks.

    generate_package([("widget.go", src)])           -> the text of tygo's output file
    generate_package(files, {"type_mappings": {"time.Time": "string"}})
    read_tygo_config(open("tygo.yaml").read())      -> [{"path": ..., "output_path": ..., ...}]
"""

from __future__ import annotations

import re

from functools import lru_cache

import yaml

_LOADER = getattr(yaml, "CSafeLoader", yaml.SafeLoader)

from .nodes import GoFile, Unconvertible
from .decls import PackageGenerator
from .read import header_comments, read_go_file

__all__ = ["TygoError", "generate_package", "read_tygo_config", "normalize_options", "PACKAGE_OPTIONS"]


class TygoError(Exception):
    """Go source tygo would refuse: it does not parse, or tygo would fail (or panic) on it."""

    def __init__(self, file: str, line: int, message: str):
        super().__init__(f"{file}:{line}: {message}" if file else message)
        self.file = file
        self.line = line
        self.message = message


# The per-package options of tygo.yaml and their defaults (PackageConfig.Normalize).
PACKAGE_OPTIONS: dict[str, object] = {
    "indent": "  ",
    "type_mappings": {},
    "frontmatter": "",
    "exclude_files": [],
    "include_files": [],
    "fallback_type": "any",
    "flavor": "default",
    "preserve_comments": "default",
    "extends": "",
    "optional_type": "undefined",
    "enum_style": "const",
}
_CHOICES = {
    "flavor": {"": "default", "default": "default", "yaml": "yaml"},
    "preserve_comments": {"": "default", "default": "default", "types": "types", "none": "none"},
    "optional_type": {"": "undefined", "default": "undefined", "undefined": "undefined", "null": "null"},
    "enum_style": {"": "const", "const": "const", "enum": "enum", "union": "union"},
}


def normalize_options(options: dict | None) -> dict:
    """tygo's PackageConfig.Normalize: defaults filled in, enumerated options checked (ValueError).
    `path` and `output_path` are accepted and ignored; unknown keys are ignored, as tygo does."""
    conf = {
        k: (dict(v) if isinstance(v, dict) else list(v) if isinstance(v, list) else v)
        for k, v in PACKAGE_OPTIONS.items()
    }
    for key, value in (options or {}).items():
        if key in conf and value is not None:
            conf[key] = value
    for key, default in PACKAGE_OPTIONS.items():
        kind = type(default)
        if not isinstance(conf[key], kind):
            raise ValueError(f"tygo option {key} must be a {kind.__name__}, not {type(conf[key]).__name__}")
    for key in ("indent", "fallback_type"):
        if conf[key] == "":
            conf[key] = PACKAGE_OPTIONS[key]
    for key, choices in _CHOICES.items():
        value = conf[key]
        if value not in choices:
            raise ValueError(f"unsupported {key}: {value}")
        conf[key] = choices[value]
    conf["type_mappings"] = {str(k): str(v) for k, v in (conf["type_mappings"] or {}).items()}
    return conf


def read_tygo_config(text: str) -> list[dict]:
    """The packages of a tygo.yaml as plain dicts (keys as in the file: path, output_path,
    type_mappings, ...). The top-level `type_mappings` are merged under each package's own, as
    tygo does, so a returned dict can be passed straight to `generate_package` as its options."""
    return [dict(entry) for entry in _read_tygo_config(text)]


@lru_cache(maxsize=8)
def _read_tygo_config(text: str) -> tuple[dict, ...]:
    """Parsed once per text: drift asks for the same tygo.yaml once per spec."""
    data = yaml.load(text, Loader=_LOADER) or {}
    if not isinstance(data, dict):
        raise ValueError("tygo.yaml: expected a mapping at the top level")
    global_mappings = data.get("type_mappings") or {}
    out = []
    for pkg in data.get("packages") or []:
        if not isinstance(pkg, dict):
            raise ValueError("tygo.yaml: each package must be a mapping")
        entry = dict(pkg)
        if global_mappings or "type_mappings" in entry:
            entry["type_mappings"] = {**global_mappings, **(entry.get("type_mappings") or {})}
        out.append(entry)
    return tuple(out)


def generate_package(files: list[tuple[str, str]], options: dict | None = None) -> str:
    """What `tygo generate` writes to the package's output_path. `files` are (file name, source)
    of one Go package; `_test.go` files and files excluded by build constraints (for linux/amd64)
    are skipped as `go list` does; sections follow sorted file names, as `go list` lists them."""
    conf = normalize_options(options)
    chosen: list[tuple[str, GoFile]] = []
    package = None
    for name, source in sorted(files, key=lambda f: _basename(f[0]).encode("utf-8")):
        base = _basename(name)
        if not _listed_by_go(base) or not _build_constraints_ok(header_comments(source)):
            continue
        try:
            gofile, problem = read_go_file(source)
        except RecursionError:
            raise TygoError(base, 0, "expressions nested too deeply to convert") from None
        if problem is not None:
            raise TygoError(base, problem[0], problem[1])
        if package is None:
            package = (gofile.package, base)
        elif gofile.package != package[0]:
            raise TygoError(base, 1, f"found packages {package[0]} ({package[1]}) and {gofile.package} ({base})")
        chosen.append((base, gofile))
    if not chosen:
        raise TygoError("", 0, "no input go files for package")

    gen = PackageGenerator(conf)
    out = ["// Code generated by tygo. DO NOT EDIT.\n"]
    if conf["frontmatter"]:
        out.append(conf["frontmatter"])
    for base, gofile in chosen:
        if _ignored(conf, base):
            continue
        try:
            gen.generate_file(out, gofile, base)
        except Unconvertible as exc:
            raise TygoError(base, exc.line, "tygo cannot convert this (it panics): " + exc.message) from None
        except RecursionError:
            raise TygoError(base, 0, "expressions nested too deeply to convert") from None
    return "".join(out)


def _basename(name: str) -> str:
    return name.replace("\\", "/").rsplit("/", 1)[-1]


def _ignored(conf: dict, base: str) -> bool:
    if base in conf["exclude_files"]:
        return True
    if conf["include_files"]:
        return base not in conf["include_files"]
    return False


# --------------------------------------------------------------------------- go list's file selection

_KNOWN_OS = set(
    "aix android darwin dragonfly freebsd hurd illumos ios js linux nacl netbsd openbsd plan9 solaris wasip1 windows zos".split()
)
_KNOWN_ARCH = set(
    "386 amd64 amd64p32 arm armbe arm64 arm64be loong64 mips mipsle mips64 mips64le mips64p32 mips64p32le ppc "
    "ppc64 ppc64le riscv riscv64 s390 s390x sparc sparc64 wasm".split()
)


def _match_tag(tag: str) -> bool:
    """Build tags satisfied when go list runs on linux/amd64 with the gc toolchain and cgo."""
    if tag in ("linux", "amd64", "unix", "gc", "cgo"):
        return True
    return re.fullmatch(r"go1\.\d+", tag) is not None


def _listed_by_go(base: str) -> bool:
    """go/build: .go files, not _test.go, not starting with _ or ., right GOOS/GOARCH suffix."""
    if not base.endswith(".go") or base.startswith(("_", ".")) or base.endswith("_test.go"):
        return False
    name = base.split(".", 1)[0]
    i = name.find("_")
    if i < 0:
        return True
    parts = name[i:].split("_")
    if parts and parts[-1] == "test":
        parts = parts[:-1]
    n = len(parts)
    if n >= 2 and parts[-2] in _KNOWN_OS and parts[-1] in _KNOWN_ARCH:
        return _match_tag(parts[-2]) and _match_tag(parts[-1])
    if n >= 1 and (parts[-1] in _KNOWN_OS or parts[-1] in _KNOWN_ARCH):
        return _match_tag(parts[-1])
    return True


def _build_constraints_ok(comments: list[str]) -> bool:
    """`//go:build` (or else `// +build`) lines before the package clause."""
    plus: list[str] = []
    for c in comments:
        if c.startswith("//go:build ") or c.startswith("//go:build\t"):
            return _eval_build_expr(c[len("//go:build") :])
        body = c[2:].strip() if c.startswith("//") else ""
        if body.startswith("+build"):
            plus.append(body[len("+build") :])
    for line in plus:
        if not any(all(_plus_term(t) for t in opt.split(",")) for opt in line.split()):
            return False
    return True


def _plus_term(term: str) -> bool:
    return not _match_tag(term[1:]) if term.startswith("!") else _match_tag(term)


def _eval_build_expr(expr: str) -> bool:
    tokens = re.findall(r"\|\||&&|[!()]|[\w.]+", expr)
    pos = 0

    def or_expr() -> bool:
        nonlocal pos
        value = and_expr()
        while pos < len(tokens) and tokens[pos] == "||":
            pos += 1
            value = and_expr() or value
        return value

    def and_expr() -> bool:
        nonlocal pos
        value = not_expr()
        while pos < len(tokens) and tokens[pos] == "&&":
            pos += 1
            value = not_expr() and value
        return value

    def not_expr() -> bool:
        nonlocal pos
        if pos < len(tokens) and tokens[pos] == "!":
            pos += 1
            return not not_expr()
        if pos < len(tokens) and tokens[pos] == "(":
            pos += 1
            value = or_expr()
            pos += 1  # ")"
            return value
        tag = tokens[pos] if pos < len(tokens) else ""
        pos += 1
        return _match_tag(tag)

    return or_expr()
