"""GitHub Actions workflow commands (`::error file=F,line=L::message`), shared by check and drift."""

from __future__ import annotations


def annotation(level: str, file: str | None, line: int | None, message: str) -> str:
    props = []
    if file:
        props.append(f"file={escape(file, True)}")
        if line:
            props.append(f"line={line}")
    return f"::{level}{' ' + ','.join(props) if props else ''}::{escape(message)}"


def escape(value: str, prop: bool = False) -> str:
    value = value.replace("%", "%25").replace("\r", "%0D").replace("\n", "%0A")
    return value.replace(":", "%3A").replace(",", "%2C") if prop else value
