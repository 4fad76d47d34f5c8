"""Load YAML into plain Python values and remember the line of every key and list item."""

from __future__ import annotations

from typing import Any

import yaml

from ...errors import UserError

try:  # the C loader when libyaml is there; same nodes, faster
    _Loader: type = yaml.CSafeLoader  # type: ignore[attr-defined]
except AttributeError:  # pragma: no cover - depends on the PyYAML build
    _Loader = yaml.SafeLoader

Path = tuple[Any, ...]


class Located:
    """A loaded document and the 1-based line of each path in it (`("fields", 2, "type")`)."""

    def __init__(self, value: Any, lines: dict[Path, int]) -> None:
        self.value = value
        self.lines = lines

    def line_of(self, path: Path) -> int | None:
        """Line of `path`, or of its nearest ancestor that has one."""
        path = tuple(path)
        while path:
            if path in self.lines:
                return self.lines[path]
            path = path[:-1]
        return self.lines.get((), None)


def load(text: str, file: str) -> Located:
    """Parse one YAML document; a syntax error or a duplicate key raises UserError with its line."""
    try:
        loader = _Loader(text)
        try:
            node = loader.get_single_node()
        finally:
            loader.dispose()
    except yaml.MarkedYAMLError as exc:
        mark = exc.problem_mark or exc.context_mark
        raise UserError(
            f"invalid YAML: {exc.problem or exc.context}",
            file=file,
            line=mark.line + 1 if mark else None,
            hint="fix the YAML syntax (indentation, quoting, a missing ':')",
        ) from None
    except yaml.YAMLError as exc:
        raise UserError(f"invalid YAML: {exc}", file=file) from None
    lines: dict[Path, int] = {}
    if node is None:
        return Located(None, lines)
    lines[()] = node.start_mark.line + 1
    constructor = yaml.SafeLoader("")
    return Located(_build(node, (), lines, constructor, file), lines)


def _build(node: yaml.Node, path: Path, lines: dict[Path, int], ctor: yaml.SafeLoader, file: str) -> Any:
    if isinstance(node, yaml.MappingNode):
        out: dict[Any, Any] = {}
        for key_node, value_node in node.value:
            key = _build(key_node, path, {}, ctor, file)
            if key in out:
                raise UserError(
                    f"duplicate key {key!r}",
                    file=file,
                    line=key_node.start_mark.line + 1,
                    field=_dotted(path + (key,)),
                    hint="remove one of the two entries",
                )
            lines[path + (key,)] = key_node.start_mark.line + 1
            out[key] = _build(value_node, path + (key,), lines, ctor, file)
        return out
    if isinstance(node, yaml.SequenceNode):
        items = []
        for index, item in enumerate(node.value):
            lines[path + (index,)] = item.start_mark.line + 1
            items.append(_build(item, path + (index,), lines, ctor, file))
        return items
    return ctor.construct_object(node, deep=True)


def _dotted(path: Path) -> str:
    out = ""
    for part in path:
        out += f"[{part}]" if isinstance(part, int) else (f".{part}" if out else str(part))
    return out


dotted = _dotted
