"""Human-readable text on a terminal: colour for error/warning/ok and lines wrapped at the terminal's width.

Only a stream that is a terminal gets either (a pipe, a file or a CI log receives the report's text byte for
byte, one message a line). Colour follows https://no-color.org: `NO_COLOR` (any non-empty value) turns it
off; `FORCE_COLOR` (any non-empty value, https://force-color.org) turns it on for a pipe too (CI logs
render ANSI colour); `TERM=dumb` turns it off. The width is `COLUMNS`, else the terminal's, else 80.
Machine formats (json, github, the schema) never come through here.
"""

from __future__ import annotations

import os
import re
import sys
import textwrap
from typing import TextIO

import typer  # typer carries click's echo and style (typer 0.29 vendors them: no click dependency)

# A line's label, after which a wrapped message continues: `error: `, `  fix: `, check's `      error   `.
_LABEL = re.compile(r"(\s*)(?:(?:error|warning|note|fix):\s+|(?:error|warning)\s+(?=\S))?")
_DRIFT_KINDS = ("drift", "missing", "stale", "migration", "orphan", "conflict")
_RULES: list[tuple[re.Pattern[str], dict]] = [
    (re.compile(r"^(\s*)(error|FAILED)\b"), {"fg": "red", "bold": True}),
    (re.compile(r"^(\s*)(warning)\b"), {"fg": "yellow", "bold": True}),
    (re.compile(r"^(\s*)(note|fix)(?=:)"), {"fg": "cyan"}),
    (re.compile(r"^()((?:check|drift): (?:every endpoint has every layer|none)\b.*|drift --fix: .*no drift left)$"),
     {"fg": "green"}),
    (re.compile(r"^()(check: .*(?:missing|registered twice|cannot).*|drift: \d+ finding.*)$"), {"fg": "red", "bold": True}),
    (re.compile(rf"^()((?:{'|'.join(_DRIFT_KINDS)}): )"), {"fg": "red"}),
    (re.compile(r"^()((?:Nothing to do|No changes|Check: every layer present).*)$"), {"fg": "green"}),
]
_MARKS = {"[x]": "green", "[ ]": "red", "[!]": "yellow", "[?]": "magenta", "[2]": "red"}
_WORDS = re.compile(r"\[[x !?2]\]|: ok$|: FAILED$|\(fixed\)")


def echo(text: str, err: bool = False, nl: bool = True, wrap: bool = True) -> None:
    """Print `text` to stdout (stderr with `err`): wrapped (unless `wrap` is False: diffs, code) and coloured
    where that stream is a terminal, as it is otherwise."""
    stream = sys.stderr if err else sys.stdout
    columns = width(stream) if wrap and _isatty(stream) else None
    colour = color_enabled(stream)
    typer.echo(render(text, columns, colour), err=err, nl=nl, color=colour)


def color_enabled(stream: TextIO) -> bool:
    """NO_COLOR set: no; FORCE_COLOR set: yes; TERM=dumb: no; else whether `stream` is a terminal."""
    if os.environ.get("NO_COLOR"):
        return False
    if os.environ.get("FORCE_COLOR"):
        return True
    return os.environ.get("TERM") != "dumb" and _isatty(stream)


def width(stream: TextIO) -> int:
    """Columns to wrap at: `COLUMNS` when it is a positive integer, else the terminal's, else 80."""
    try:
        columns = int(os.environ.get("COLUMNS", ""))
    except ValueError:
        columns = 0
    if columns <= 0:
        try:
            columns = os.get_terminal_size(stream.fileno()).columns
        except (OSError, ValueError, AttributeError):
            columns = 0
    return columns if columns > 0 else 80


def wrapped(text: str, columns: int) -> str:
    """`text` wrapped at `columns`, without colour (see `render`)."""
    return render(text, columns, False)


def styled(text: str) -> str:
    """`text` with ANSI colour, not wrapped (see `render`)."""
    return render(text, None, True)


def render(text: str, columns: int | None, colour: bool) -> str:
    """Each line of `text`, wrapped when `columns` is given and coloured when `colour`.

    Wrapping: a line longer than `columns` is broken at spaces; its continuation lines are indented under
    the message (after `error: `, `  fix: `, check's `      error   `; else the line's indent + 4); words
    longer than a line are never broken. Colour: error/FAILED red, warning yellow, note/fix cyan, drift's
    kinds red, a passing summary green and a failing one red, [x]/ok/(fixed) green, [ ] red, [!] yellow.
    A unified diff (from a `--- `/`+++ ` pair on) is never wrapped; its -/+ lines are red/green, @@ cyan."""
    out = []
    for line, in_diff in _lines(text):
        if in_diff:
            hue = {"+": "green", "-": "red", "@": "cyan"}.get(line[:1]) if colour else None
            out.append(typer.style(line, fg=hue, bold=line.startswith(("+++", "---")) or None) if hue else line)
            continue
        pieces = _wrap(line, columns) if columns and len(line) > columns else [line]
        if colour:
            pieces = _colour(line, pieces)
        out.extend(pieces)
    return "\n".join(out)


def _wrap(line: str, columns: int) -> list[str]:
    match = _LABEL.match(line)
    hanging = len(match.group(0)) if match.group(0) != match.group(1) else len(match.group(1)) + 4
    if hanging > columns // 2:
        hanging = min(len(match.group(1)) + 4, columns // 2)
    return textwrap.wrap(line, columns, subsequent_indent=" " * hanging, break_long_words=False,
                         break_on_hyphens=False) or [line]


def _colour(line: str, pieces: list[str]) -> list[str]:
    """The first rule that matches the whole `line` styles its span: every piece when the span runs to the
    line's end (a summary), else within the first piece (a label). Then the marks and words of each piece."""
    for pattern, style in _RULES:
        match = pattern.match(line)
        if not match:
            continue
        start, end = match.span(2)
        if end == len(line) and start == len(match.group(1)):
            pieces = [p[: len(p) - len(p.lstrip())] + typer.style(p.lstrip(), **style) for p in pieces]
        elif end <= len(pieces[0]):
            first = pieces[0]
            pieces = [first[:start] + typer.style(first[start:end], **style) + first[end:], *pieces[1:]]
        break
    return [_WORDS.sub(_word, p) for p in pieces]


def _word(match: re.Match[str]) -> str:
    word = match.group(0)
    if word in _MARKS:
        return typer.style(word, fg=_MARKS[word])
    return typer.style(word, fg="red" if "FAILED" in word else "green")


def _lines(text: str):
    """(line, whether it belongs to a unified diff): from a `--- ` line followed by `+++ ` to the first line
    that is not a hunk, context, added, removed or `\\ No newline` line."""
    lines = text.split("\n")
    in_diff = False
    for index, line in enumerate(lines):
        if line.startswith("--- ") and index + 1 < len(lines) and lines[index + 1].startswith("+++ "):
            in_diff = True
        elif in_diff and line and line[0] not in " +-@\\":
            in_diff = False
        yield line, in_diff


def _isatty(stream: TextIO) -> bool:
    try:
        return stream.isatty()
    except (AttributeError, ValueError):
        return False
