"""GitHub Actions output shared by check and drift: workflow commands (`::error file=F,line=L,title=T::message`,
https://docs.github.com/actions/reference/workflow-commands-for-github-actions) and the job summary
(`$GITHUB_STEP_SUMMARY`, Markdown)."""

from __future__ import annotations

import os
import re


def annotation(level: str, file: str | None, line: int | None, message: str, title: str | None = None) -> str:
    """One workflow command line: `level` is error, warning or notice; `message` may span lines (escaped)."""
    props = []
    if file:
        props.append(f"file={escape(file, True)}")
        if line:
            props.append(f"line={line}")
    if title:
        props.append(f"title={escape(title, True)}")
    return f"::{level}{' ' + ','.join(props) if props else ''}::{escape(message)}"


def escape(value: str, prop: bool = False) -> str:
    """GitHub's escaping: `%`, CR and LF in messages; also `:` and `,` in properties."""
    value = value.replace("%", "%25").replace("\r", "%0D").replace("\n", "%0A")
    return value.replace(":", "%3A").replace(",", "%2C") if prop else value


def fenced(text: str, lang: str = "") -> str:
    """`text` as a Markdown fenced block whose fence is longer than any run of backticks inside it."""
    longest = max((len(run) for run in re.findall(r"`+", text)), default=0)
    fence = "`" * max(3, longest + 1)
    return f"{fence}{lang}\n{text.rstrip(chr(10))}\n{fence}\n"


def github_summary(markdown: str) -> None:
    """Append `markdown` to the job summary when `$GITHUB_STEP_SUMMARY` names a file (in GitHub Actions);
    otherwise do nothing. A summary that cannot be written is said on stderr, never fails the command."""
    path = os.environ.get("GITHUB_STEP_SUMMARY")
    if not path:
        return
    try:
        with open(path, "a", encoding="utf-8") as handle:
            handle.write(markdown if markdown.endswith("\n") else markdown + "\n")
    except OSError as exc:
        import sys

        print(f"warning: cannot append to $GITHUB_STEP_SUMMARY ({path}): {exc.strerror}", file=sys.stderr)
