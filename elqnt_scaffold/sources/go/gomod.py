"""go.mod, read and edited line by line (it is not Go source).

Only what the scaffolder needs: the module path, the go version, and adding a requirement while keeping
every other byte (comments, blank lines, line endings) as it was.
"""

from __future__ import annotations

import re
from dataclasses import dataclass


class GoModError(ValueError):
    def __init__(self, line: int, message: str) -> None:
        super().__init__(line, message)
        self.line = line
        self.message = message

    def __str__(self) -> str:
        return f"line {self.line}: {self.message}"


def _words(line: str) -> list[str]:
    return line.split("//", 1)[0].split()


def _unquote(word: str) -> str:
    return word[1:-1] if len(word) >= 2 and word[0] == word[-1] and word[0] in '"`' else word


def module_path(gomod_text: str) -> str:
    for line in gomod_text.splitlines():
        words = _words(line)
        if len(words) >= 2 and words[0] == "module":
            return _unquote(words[1])
    raise GoModError(1, "no module directive")


def go_version(gomod_text: str) -> str | None:
    for line in gomod_text.splitlines():
        words = _words(line)
        if len(words) >= 2 and words[0] == "go":
            return words[1]
    return None


def go_version_key(version: str) -> tuple[int, ...]:
    """A `go` line as numbers to compare (`1.24` and `1.24.0` sort alike, before `1.26.0`): the language
    versions go.mod files name, not toolchain pre-releases (`1.24rc1` sorts as `1.24.0`)."""
    numbers = tuple(int(part) for part in re.findall(r"\d+", version)[:3])
    return numbers + (0,) * (3 - len(numbers))


@dataclass
class _Require:
    line: int  # 0-based index in the line list
    module: str
    indirect: bool
    version: str = ""


@dataclass
class _Block:
    open: int  # index of "require (" line
    close: int  # index of ")" line
    entries: list[_Require]


def _scan(lines: list[str]) -> tuple[list[_Block], list[_Require]]:
    blocks: list[_Block] = []
    singles: list[_Require] = []
    current: _Block | None = None
    for i, line in enumerate(lines):
        words = _words(line)
        indirect = "// indirect" in line or "//indirect" in line
        if current is not None:
            if words[:1] == [")"]:
                current.close = i
                blocks.append(current)
                current = None
            elif words:
                current.entries.append(_Require(i, _unquote(words[0]), indirect, words[1] if len(words) > 1 else ""))
        elif words[:2] == ["require", "("]:
            current = _Block(i, -1, [])
        elif len(words) >= 3 and words[0] == "require":
            singles.append(_Require(i, _unquote(words[1]), indirect, words[2]))
    return blocks, singles


def _requires(gomod_text: str) -> list[_Require]:
    blocks, singles = _scan(gomod_text.splitlines())
    return singles + [e for b in blocks for e in b.entries]


def has_require(gomod_text: str, module: str) -> bool:
    return any(r.module == module for r in _requires(gomod_text))


def required_version(gomod_text: str, module: str) -> str | None:
    """The version go.mod requires of `module` (`v10.30.6`), or None when it does not require it."""
    return next((r.version for r in _requires(gomod_text) if r.module == module), None)


def add_require(gomod_text: str, module: str, version: str) -> str:
    """Add ``module version`` (no-op if ``module`` is required already, whatever the version).

    Goes to the first ``require (...)`` block holding a direct (not ``// indirect``) requirement, else
    the first block, at its sorted place; else a new block after the last single-line ``require``, or
    after the ``go`` line, or after the ``module`` line.
    """
    if has_require(gomod_text, module):
        return gomod_text
    lines = gomod_text.splitlines(keepends=True)
    nl = "\r\n" if "\r\n" in gomod_text else "\n"
    blocks, singles = _scan([ln.rstrip("\r\n") for ln in lines])
    if blocks:
        block = next((b for b in blocks if any(not e.indirect for e in b.entries)), blocks[0])
        indent = "\t"
        if block.entries:
            first = lines[block.entries[0].line]
            indent = first[: len(first) - len(first.lstrip(" \t"))] or "\t"
        after = [e for e in block.entries if e.module > module]
        at = after[0].line if after else block.close
        lines.insert(at, f"{indent}{module} {version}{nl}")
        return "".join(lines)
    anchor = None
    if singles:
        anchor = singles[-1].line
    else:
        for i, line in enumerate(lines):
            words = _words(line)
            if words[:1] == ["go"] or (anchor is None and words[:1] == ["module"]):
                anchor = i
    if anchor is None:
        raise GoModError(1, "no module directive")
    if not lines[anchor].endswith("\n"):
        lines[anchor] += nl
    lines.insert(anchor + 1, f"{nl}require ({nl}\t{module} {version}{nl}){nl}")
    return "".join(lines)


__all__ = ["GoModError", "add_require", "go_version", "has_require", "module_path"]
