"""tygo.yaml as tygo reads it (gopkg.in/yaml.v2 into `tygo.Config`), with the line of every package and key.

    read_tygo_config(text)      -> [{"path": ..., "output_path": ..., "type_mappings": {...}, ...}, ...]
    tygo_config_lines(text)     -> [{"": line of the package item, "output_path": line, ...}, ...]
    normalize_options(options)  -> the per-package options with tygo's defaults (PackageConfig.Normalize)
    resolved_output_path(entry, package_dir) -> where tygo writes that package (ResolvedOutputPath)

Errors are `TygoConfigError(line, message)` (a ValueError), for what makes tygo stop: YAML that does not
parse, a value of the wrong shape (`packages: foo`, `exclude_files: a.go`, `path: [a]`), an empty package
item (tygo dereferences it), an unsupported enumerated option (`flavor: toml`). Like yaml.v2, a scalar
read into a string keeps its text (`output_path: 12` is "12", `indent: true` is "true"), null is "",
a repeated key keeps its last value, and unknown keys are ignored.
"""

from __future__ import annotations

import posixpath
from functools import lru_cache

import yaml

_LOADER = getattr(yaml, "CSafeLoader", yaml.SafeLoader)


class TygoConfigError(ValueError):
    """tygo.yaml that tygo refuses: `line` is 1-based (None when the text has none to give)."""

    def __init__(self, line: int | None, message: str) -> None:
        super().__init__(f"line {line}: {message}" if line else message)
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
_STRINGS = ("path", "output_path", "indent", "frontmatter", "fallback_type", "flavor", "preserve_comments",
            "extends", "optional_type", "enum_style")  # fmt: skip
_LISTS = ("exclude_files", "include_files")


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


def resolved_output_path(entry: dict, package_dir: str) -> str:
    """tygo's ResolvedOutputPath, '/'-separated and cleaned: no `output_path` -> `<package_dir>/index.ts`;
    one not ending in `.ts` names a folder -> `<output_path>/index.ts`; else `output_path` itself."""
    output = str(entry.get("output_path") or "")
    if output == "":
        return posixpath.normpath(posixpath.join(package_dir, "index.ts"))
    if not output.endswith(".ts"):
        return posixpath.normpath(posixpath.join(output, "index.ts"))
    return posixpath.normpath(output)


def read_tygo_config(text: str) -> list[dict]:
    """The packages of a tygo.yaml as plain dicts (keys as in the file: path, output_path,
    type_mappings, ...). The top-level `type_mappings` are merged under each package's own, as
    tygo does, so a returned dict can be passed straight to `generate_package` as its options."""
    return [dict(entry) for entry in _load(text)[0]]


def tygo_config_lines(text: str) -> list[dict[str, int]]:
    """Per package (in read_tygo_config's order): "" -> the line of its item, each key -> its line."""
    return [dict(lines) for lines in _load(text)[1]]


@lru_cache(maxsize=8)
def _load(text: str) -> tuple[tuple[dict, ...], tuple[dict[str, int], ...]]:
    """Parsed once per text: drift asks for the same tygo.yaml once per spec."""
    try:
        root = yaml.compose(text, Loader=_LOADER)
    except yaml.MarkedYAMLError as exc:
        mark = exc.problem_mark or exc.context_mark
        raise TygoConfigError(mark.line + 1 if mark else None, f"invalid YAML: {exc.problem or exc.context}") from None
    except yaml.YAMLError as exc:
        raise TygoConfigError(None, f"invalid YAML: {exc}") from None
    if root is None or _is_null(root):
        return (), ()
    top = _mapping(root, "the file")
    global_mappings = _string_map(top["type_mappings"][1]) if "type_mappings" in top else {}
    packages_node = top["packages"][1] if "packages" in top else None
    if packages_node is None or _is_null(packages_node):
        return (), ()
    if not isinstance(packages_node, yaml.SequenceNode):
        raise _shape(packages_node, "`packages` must be a list of packages (`- path: ...`)")
    entries, lines = [], []
    for item in packages_node.value:
        if _is_null(item):
            raise TygoConfigError(_line(item), "an empty package item (tygo crashes on it): give it a `path:`")
        fields = _mapping(item, "a package")
        entry: dict = {}
        where = {"": _line(item)}
        for key, (key_node, value) in fields.items():
            if key in _STRINGS:
                entry[key] = _string(value, key)
            elif key in _LISTS:
                entry[key] = _string_list(value, key)
            elif key == "type_mappings":
                entry[key] = _string_map(value)
            else:
                continue  # tygo ignores keys it does not know
            where[key] = _line(key_node)
            if key in _CHOICES and entry[key] not in _CHOICES[key]:
                accepted = ", ".join(sorted({k for k in _CHOICES[key] if k}))
                raise TygoConfigError(_line(value), f"unsupported {key}: {entry[key]} (tygo accepts {accepted})")
        if global_mappings or "type_mappings" in entry:
            entry["type_mappings"] = {**global_mappings, **(entry.get("type_mappings") or {})}
        entries.append(entry)
        lines.append(where)
    return tuple(entries), tuple(lines)


def _line(node: yaml.Node) -> int:
    return node.start_mark.line + 1


def _is_null(node: yaml.Node) -> bool:
    return isinstance(node, yaml.ScalarNode) and node.tag == "tag:yaml.org,2002:null"


def _kind(node: yaml.Node) -> str:
    if isinstance(node, yaml.MappingNode):
        return "a mapping"
    if isinstance(node, yaml.SequenceNode):
        return "a list"
    return f"the scalar {node.value!r}"


def _shape(node: yaml.Node, message: str) -> TygoConfigError:
    return TygoConfigError(_line(node), f"{message}, not {_kind(node)}")


def _mapping(node: yaml.Node, what: str) -> dict[str, tuple[yaml.Node, yaml.Node]]:
    """key -> (key node, value node); a repeated key keeps its last value, as yaml.v2 does."""
    if not isinstance(node, yaml.MappingNode):
        raise _shape(node, f"{what} must be a mapping")
    out: dict[str, tuple[yaml.Node, yaml.Node]] = {}
    for key_node, value in node.value:
        if not isinstance(key_node, yaml.ScalarNode):
            raise _shape(key_node, "a key must be a plain name")
        out[key_node.value] = (key_node, value)
    return out


def _string(node: yaml.Node, key: str) -> str:
    if not isinstance(node, yaml.ScalarNode):
        raise _shape(node, f"`{key}` must be a string")
    return "" if _is_null(node) else node.value


def _string_list(node: yaml.Node, key: str) -> list[str]:
    if _is_null(node):
        return []
    if not isinstance(node, yaml.SequenceNode):
        raise _shape(node, f"`{key}` must be a list of file names (`[a.go, b.go]`)")
    return [_string(item, key) for item in node.value]


def _string_map(node: yaml.Node) -> dict[str, str]:
    if _is_null(node):
        return {}
    fields = _mapping(node, "`type_mappings`")
    return {key: _string(value, f"type_mappings.{key}") for key, (_, value) in fields.items()}
