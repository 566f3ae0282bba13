"""The shared floor of the spreadsheet readers: limits, the grid of cell text, the coded errors,
and the per-cell checks `xlsx` and `delimited` both apply (the package's `read_grids` picks
the reader; the readers never import the package that calls them)."""

from __future__ import annotations

from dataclasses import dataclass, field
from typing import Any

from ..diagnostics import Diagnostic
from ..source import CellSource, Source, Span, visible
from . import codes  # noqa: F401  (registers E740–E759)

MiB = 2**20


@dataclass(frozen=True)
class Limits:
    """What a reader accepts; callers narrow it (an audited 自评表 is small, actuals can be long)."""

    bytes: int = 50 * MiB  # the file as stored
    unpacked: int = 200 * MiB  # an XLSX's members, unpacked
    ratio: int = 1000  # unpacked / packed of any member over 1 MiB: beyond this it is a zip bomb
    shared_strings: int = 32 * MiB  # the shared-strings XML, unpacked
    rows: int = 100_000
    columns: int = 1_000
    cells: int = 2_000_000  # cells looked at per sheet, blank or not
    merged: int = 100_000  # merged ranges per sheet
    cell_chars: int = 32_767  # Excel's own limit for one cell


DEFAULT = Limits()


class SheetError(Exception):
    """The file cannot be read as a table at all; `code` and `args` make its diagnostic."""

    def __init__(self, code: str, **args: Any) -> None:
        self.code, self.args_ = code, args
        super().__init__(self.diagnostic("<file>").message("en"))

    def diagnostic(self, file: str) -> Diagnostic:
        return Diagnostic(self.code, Span(0, 0), Source(file, ""), self.args_)

    def message(self, lang: str) -> str:
        return self.diagnostic("<file>").message(lang)

    def reason(self, lang: str) -> str:
        """Why, without the "cannot read" frame, for callers that print their own (E601, E701)."""
        if self.code == "E740":
            return str(self.args_["reason_en" if lang == "en" else "reason"])
        return self.message(lang)


@dataclass(frozen=True)
class SheetProblem:
    """A cell (or the rest of a sheet) that was not read; the grid holds a blank there."""

    code: str
    row: int
    column: int
    text: str = ""
    args: dict[str, Any] = field(default_factory=dict)

    def diagnostic(self, where: str) -> Diagnostic:
        shown = visible(self.text[:200])
        return Diagnostic(self.code, Span(0, len(shown)), CellSource(where, shown, self.row, self.column), self.args)


@dataclass(frozen=True)
class Grid:
    """One sheet: `name` for findings (`file.xlsx!Sheet1`, or `file.csv`), rows of cell text
    (row 1 = rows[0], trailing blanks dropped), the cells that could not be read, and `title`
    (the sheet's name; the file's stem for CSV)."""

    name: str
    rows: tuple[tuple[str, ...], ...]
    problems: tuple[SheetProblem, ...] = ()
    title: str = ""

    def cell(self, row: int, column: int) -> str:
        """Text at a 1-based (row, column); blank outside the grid."""
        if 1 <= row <= len(self.rows) and 1 <= column <= len(self.rows[row - 1]):
            return self.rows[row - 1][column - 1]
        return ""

    def diagnostics(self) -> list[Diagnostic]:
        return [p.diagnostic(self.name) for p in self.problems]


def checked(text: str, row: int, column: int, limits: Limits, problems: list[SheetProblem]) -> str:
    """One cell's text, or blank with a problem: too long, a NUL, a bare CR (CR LF becomes LF)."""
    if len(text) > limits.cell_chars:
        problems.append(
            SheetProblem("E748", row, column, text[:200], {"length": len(text), "limit": limits.cell_chars})
        )
        return ""
    if "\x00" in text:
        problems.append(SheetProblem("E751", row, column, text))
        return ""
    if "\r" in text:
        text = text.replace("\r\n", "\n")
        if "\r" in text:
            problems.append(SheetProblem("E752", row, column, text))
            return ""
    return text


def trimmed(cells: list[str]) -> tuple[str, ...]:
    """A row without its trailing blank cells."""
    end = len(cells)
    while end and not cells[end - 1]:
        end -= 1
    return tuple(cells[:end])
