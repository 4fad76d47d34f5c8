"""Which tygo release to reproduce: the releases this port knows and the one a go.mod pins.

tygo v0.2.21 changed exactly one thing against v0.2.20 (`tygo/write.go`, measured by diffing the two module
sources): `byte` is a number like the other integer types (`number /* byte */`, v0.2.20 wrote `byte`),
and a slice or array of `byte` or `uint8` is `string /* []byte */` / `string /* []uint8 */` (v0.2.20
wrote `string` for `[]byte` and `number /* uint8 */[]` for `[]uint8`). `Features` carries that switch.

    normalize_version("0.2.21")        -> "v0.2.21"          (ValueError naming the supported ones)
    features("v0.2.20").byte_as_number -> False
    pinned_version(gomod_text)         -> Pin("v0.2.21", line=7, directive="require") | None
                                          (PinError with a 1-based line when the pin cannot be read)
"""

from __future__ import annotations

import re
from dataclasses import dataclass

MODULE = "github.com/gzuidhof/tygo"
VERSIONS = ("v0.2.20", "v0.2.21")
LATEST = VERSIONS[-1]
BASELINE = VERSIONS[0]  # what generate_package writes when no version is given (the golden suite's)


@dataclass(frozen=True)
class Features:
    byte_as_number: bool  # v0.2.21: `byte` -> `number /* byte */`; `[]byte`, `[]uint8` -> `string /* []T */`


_FEATURES = {"v0.2.20": Features(byte_as_number=False), "v0.2.21": Features(byte_as_number=True)}


def normalize_version(value: object) -> str:
    """`v0.2.21` or `0.2.21` -> `v0.2.21`; anything this port does not reproduce is a ValueError."""
    text = str(value).strip() if isinstance(value, (str, int, float)) else ""
    version = text if text.startswith("v") else "v" + text
    if version not in _FEATURES:
        raise ValueError(
            f"tygo {value!r} is not a version elqnt-scaffold reproduces (it reproduces {', '.join(VERSIONS)} "
            "byte for byte)"
        )
    return version


def features(version: str) -> Features:
    return _FEATURES[normalize_version(version)]


@dataclass(frozen=True)
class Pin:
    version: str  # as written in the go.mod (may be one this port does not reproduce: the caller decides)
    line: int  # 1-based line of the directive that decides it
    directive: str  # "require" or "replace"


class PinError(ValueError):
    """A go.mod names tygo in a way that gives no release: a local or forked replacement, a tool without
    a requirement."""

    def __init__(self, line: int, message: str) -> None:
        super().__init__(f"line {line}: {message}")
        self.line = line
        self.message = message


_TOKEN = re.compile(r'"(?:[^"\\]|\\.)*"|`[^`]*`|=>|[()]|[^\s()"`]+')


def _tokens(line: str) -> list[str]:
    out = []
    for token in _TOKEN.findall(_strip_comment(line)):
        out.append(token[1:-1] if token[:1] in ('"', "`") else token)
    return out


def _strip_comment(line: str) -> str:
    quote = ""
    for i, c in enumerate(line):
        if quote:
            if c == quote:
                quote = ""
        elif c in "\"`":
            quote = c
        elif line.startswith("//", i):
            return line[:i]
    return line


def _directives(text: str):
    """(verb, arguments, 1-based line) of every go.mod directive, block entries unfolded."""
    block = None
    for number, line in enumerate(text.splitlines(), 1):
        tokens = _tokens(line)
        if not tokens:
            continue
        if block is not None:
            if tokens == [")"]:
                block = None
            else:
                yield block, tokens, number
        elif len(tokens) == 2 and tokens[1] == "(":
            block = tokens[0]
        else:
            yield tokens[0], tokens[1:], number


def pinned_version(gomod_text: str) -> Pin | None:
    """The tygo release `go run`/`go tool` builds from this go.mod: the `require` of github.com/gzuidhof/tygo
    (what a `tool` directive or a tools.go import needs), or a `replace` of it by another release of it.
    None when the go.mod does not name tygo. PinError: a replacement by a folder or another module (no
    release to reproduce), or a `tool` directive without a `require` (the go.mod is incomplete)."""
    required: tuple[str, int] | None = None
    replaced: tuple[list[str], int] | None = None
    tool_line = 0
    for verb, args, line in _directives(gomod_text):
        if verb == "require" and len(args) >= 2 and args[0] == MODULE:
            required = (args[1], line)
        elif verb == "replace" and args and args[0] == MODULE and "=>" in args:
            replaced = (args, line)
        elif verb == "tool" and args and (args[0] == MODULE or args[0].startswith(MODULE + "/")):
            tool_line = line
    if required is None:
        if tool_line:
            raise PinError(tool_line, f"`tool {MODULE}` without a `require` of it: run `go mod tidy`")
        return None
    version, line = required
    if replaced is not None:
        args, rline = replaced
        arrow = args.index("=>")
        old = args[1:arrow]
        new = args[arrow + 1 :]
        if not old or old[0] == version:
            if len(new) == 2 and new[0] == MODULE:
                return Pin(new[1], rline, "replace")
            target = " ".join(new)
            raise PinError(rline, f"{MODULE} is replaced by {target}, not by a release of tygo")
    return Pin(version, line, "require")
