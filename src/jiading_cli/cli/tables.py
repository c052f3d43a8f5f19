"""Output that fits where it goes: tables and folded lines on a terminal, tab-separated rows on a pipe.

Piped or redirected, a table is one line per row, its cells separated by a tab, without a header and
without padding (as gh prints), and a problem is one line whatever its length: both are stable for
programs. On a terminal a table is fitted to the width, the least useful column shrinking first, and
a long problem's message is folded under its line with an indent.
"""

from __future__ import annotations

import os
import shutil
import sys
from collections.abc import Sequence
from dataclasses import dataclass
from typing import TextIO

from jiading_cli.base.printable import printable

INDENT = "    "
ELLIPSIS = "…"


def is_terminal(stream: TextIO | None = None) -> bool:
    stream = stream or sys.stdout
    try:
        return stream.isatty()
    except (AttributeError, ValueError):
        return False


def width() -> int:
    """The terminal's width in cells (``COLUMNS`` when set)."""
    return max(20, shutil.get_terminal_size((80, 24)).columns)


def in_ci() -> bool:
    return os.environ.get("CI", "").lower() not in ("", "0", "false", "no")


def cells(text: str) -> int:
    from rich.cells import cell_len

    return cell_len(text)


def cut(text: str, size: int, keep_end: bool = False) -> str:
    """``text`` in at most ``size`` cells, '…' standing for what was left out."""
    from rich.cells import set_cell_size

    if cells(text) <= size:
        return text
    if size <= 1:
        return ELLIPSIS[:size]
    if keep_end:
        reversed_cut = set_cell_size(text[::-1], size - 1).rstrip()
        return ELLIPSIS + reversed_cut[::-1]
    return set_cell_size(text, size - 1).rstrip() + ELLIPSIS


@dataclass(frozen=True, slots=True)
class Column:
    name: str
    shrink: int = 0  # the higher, the sooner it gives up width; 0: never
    keep_end: bool = False  # cut at the start (paths: the file name matters most)
    least: int = 8  # never narrower than this (or its header)


_BLANKS = str.maketrans({"\t": " ", "\n": " ", "\r": " "})


def visible(cell: str) -> str:
    """A cell as a table shows it: tabs and line breaks made spaces, so a row stays one line of its cells, and
    every other control character written as an escape (``\\x1b``, ``\\u202e``), so text from an article cannot
    move the cursor, retitle the terminal or turn the rest of its row around."""
    return printable(cell.translate(_BLANKS))


def tab_separated(rows: Sequence[Sequence[str]]) -> str:
    """Rows for programs: cells joined by a tab, each cell as :func:`visible`."""
    return "\n".join("\t".join(visible(cell) for cell in row) for row in rows)


def fitted(columns: Sequence[Column], rows: Sequence[Sequence[str]], total: int) -> str:
    """A table with a header, columns two spaces apart, fitted into ``total`` cells when it can be."""
    header = [c.name for c in columns]
    rows = [[visible(cell) for cell in row] for row in rows]
    sizes = [max(cells(row[i]) for row in [header, *rows]) for i in range(len(columns))]
    over = sum(sizes) + 2 * (len(columns) - 1) - total
    for i in sorted((i for i, c in enumerate(columns) if c.shrink), key=lambda i: -columns[i].shrink):
        if over <= 0:
            break
        least = max(columns[i].least, cells(header[i]))
        give = min(over, max(0, sizes[i] - least))
        sizes[i] -= give
        over -= give
    lines = []
    for row in [header, *rows]:
        shown = [cut(cell, sizes[i], columns[i].keep_end) for i, cell in enumerate(row)]
        padded = [cell + " " * (sizes[i] - cells(cell)) for i, cell in enumerate(shown[:-1])]
        lines.append("  ".join([*padded, shown[-1]]).rstrip())
    return "\n".join(lines)


def table(columns: Sequence[Column], rows: Sequence[Sequence[str]]) -> str:
    """The table as it should be printed to standard output."""
    if not is_terminal():
        return tab_separated(rows)
    return fitted(columns, rows, width())


def fold(head: str, message: str, total: int) -> list[str]:
    """``head`` + ``message`` in lines of ``total`` cells: ``head`` is never split, and what does not fit
    on its line goes on indented lines below (broken at spaces, or anywhere in text without them)."""
    if cells(head) + cells(message) <= total:
        return [head + message]
    lines: list[str] = []
    line = head.rstrip() if cells(head) >= total - 10 else head
    if line is not head:
        lines.append(line)
        line = INDENT
    for word in _words(message):
        if cells(line) + cells(word) > total and line.strip() and line != INDENT:
            lines.append(line.rstrip())
            line = INDENT
            word = word.lstrip()
        line += word
    if line.strip() or not lines:  # trailing spaces alone make no line of their own
        lines.append(line.rstrip())
    return lines


def _words(text: str) -> list[str]:
    """Pieces a line may break before: a space and the word after it; a wide (CJK) character alone."""
    pieces: list[str] = []
    current = ""
    for char in text:
        if char == " " and current.strip():
            pieces.append(current)
            current = char
        elif cells(char) > 1:
            if current:
                pieces.append(current)
            pieces.append(char)
            current = ""
        else:
            current += char
    if current:
        pieces.append(current)
    return pieces
