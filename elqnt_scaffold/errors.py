"""Errors the user can fix: each names the file, line and field, and says how to fix it (exit status 2)."""

from __future__ import annotations


class UserError(Exception):
    """Bad input: a spec, a flag, a config file, an unparseable source, a conflict. Nothing is written."""

    def __init__(
        self,
        message: str,
        *,
        file: str | None = None,
        line: int | None = None,
        field: str | None = None,
        hint: str | None = None,
    ) -> None:
        super().__init__(message)
        self.message = message
        self.file = file
        self.line = line
        self.field = field
        self.hint = hint

    def __str__(self) -> str:
        where = ""
        if self.file:
            where = self.file + (f":{self.line}" if self.line else "") + ": "
        field = f"field '{self.field}': " if self.field else ""
        hint = f"\n  fix: {self.hint}" if self.hint else ""
        return f"{where}{field}{self.message}{hint}"


class ConflictError(UserError):
    """What the tool would write contradicts what a file already says (e.g. a gateway entry)."""


class ApplyError(Exception):
    """A write failed while applying a plan; every file was restored to what it was before."""
