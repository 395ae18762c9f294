"""What the commands print: one line of words, tables for a terminal or for a pipe, JSON.

User text always goes in as rich `Text`, so that it is never read as markup; errors and
warnings quote it on one line, without control codes.
"""

from __future__ import annotations

import json
import sys
from collections.abc import Collection, Iterable, Sequence

from rich.cells import cell_len
from rich.console import Console
from rich.table import Table
from rich.text import Text

from teamboard.domain import text


def one_line(words: str) -> str:
    """Errors quote what people wrote: keep them to one line, without control codes."""
    return text.one_line(text.without_control(words))


def short(experiment_id: str) -> str:
    """An id as `teamboard list` shows it (and as the commands take it)."""
    return experiment_id[:8]


def say(*parts: str | Text) -> None:
    """Print one line; user text goes in as Text so it is never read as markup."""
    line = Text()
    for part in parts:
        line.append(part)
    Console(highlight=False, soft_wrap=True).print(line)


def console() -> Console:
    return Console(highlight=False)


def to_terminal() -> bool:
    """Tables are fitted to a terminal's width; piped or redirected, nothing is cut."""
    return sys.stdout.isatty()


def fitted_table(title: str) -> Table:
    """A table fitted to the terminal's width, its title on the left, without borders; its
    columns say what is cut with an ellipsis."""
    return Table(
        title=Text(title),
        title_justify="left",
        box=None,
        header_style="bold underline",
        pad_edge=False,
        expand=True,
    )


def plain_table(
    title: str | None,
    headers: Sequence[str],
    rows: Iterable[Sequence[str]],
    right: Collection[int] = (),
) -> None:
    """A table for a pipe or a file: the columns aligned, nothing cut, no styles, no
    trailing spaces. A cell may hold several lines. (Much faster than rich's layout on a
    board of thousands of experiments.)"""
    grid = [[cell.expandtabs(8).splitlines() or [""] for cell in row] for row in rows]
    widths = [cell_len(header) for header in headers]
    for row in grid:
        for i, lines in enumerate(row):
            for line in lines:
                if (width := cell_len(line)) > widths[i]:
                    widths[i] = width
    out: list[str] = [title] if title is not None else []

    def emit(cells: list[list[str]]) -> None:
        for k in range(max(len(lines) for lines in cells)):
            parts = []
            for i, lines in enumerate(cells):
                text = lines[k] if k < len(lines) else ""
                pad = " " * (widths[i] - cell_len(text))
                parts.append(pad + text if i in right else text + pad)
            out.append("  ".join(parts).rstrip())

    emit([[header] for header in headers])
    for cells in grid:
        emit(cells)
    sys.stdout.write("\n".join(out) + "\n")


def write_utf8(text: str) -> None:
    """Print text as UTF-8 bytes, line ends as they are (the user's text as it is, whatever
    the terminal's encoding)."""
    sys.stdout.flush()
    buffer = getattr(sys.stdout, "buffer", None)
    if buffer is None:
        sys.stdout.write(text)
        return
    buffer.write(text.encode("utf-8"))
    buffer.flush()


def print_json(data: object) -> None:
    """JSON as UTF-8 (the user's text as it is, never escaped or marked up)."""
    write_utf8(json.dumps(data, ensure_ascii=False, indent=2) + "\n")
