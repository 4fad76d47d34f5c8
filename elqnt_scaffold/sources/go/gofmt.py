"""Text shapes gofmt insists on, for Go that is gofmt-clean as emitted (no gofmt needed at run time)."""

from __future__ import annotations

from collections.abc import Sequence

Row = Sequence[str] | str  # cells to align, or a line that breaks the alignment (comment or blank)


def align(rows: Sequence[Row], indent: str = "\t") -> list[str]:
    """Align cells in columns as gofmt's tabwriter does: one space of padding, sections broken by
    lines without cells (comments, blank lines); a trailing cell is never padded."""
    out: list[str] = []
    section: list[Sequence[str]] = []

    def flush() -> None:
        if not section:
            return
        columns = max(len(r) for r in section)
        widths = [0] * columns
        for row in section:
            for i, cell in enumerate(row[:-1]):
                widths[i] = max(widths[i], len(cell))
        for row in section:
            cells = [cell.ljust(widths[i]) if i < len(row) - 1 else cell for i, cell in enumerate(row)]
            out.append(indent + " ".join(cells).rstrip())
        section.clear()

    for row in rows:
        if isinstance(row, str):
            flush()
            out.append(indent + row if row else "")
        else:
            section.append(row)
    flush()
    return out


def comment(text: str | None, indent: str = "") -> list[str]:
    """A doc comment, one `//` line per line of text."""
    if not text:
        return []
    return [f"{indent}// {line}".rstrip() for line in text.strip().splitlines()]
