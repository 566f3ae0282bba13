"""Text extracts of Word tables (the seeds): tab-separated cells, blank lines between rows.

Two shapes occur.  Row per line (seed 000): a header line with tab-separated cells, then one
line per row, merged cells left empty or dropped.  Cell per line (seed 001): every cell on its
own line after a tab, a line without a tab continues the cell above, blank lines fall anywhere;
rows are cut by the header's width.  Cells are slices of the file, so findings read
file:line:col.
"""

from __future__ import annotations

import re
from dataclasses import dataclass, replace
from pathlib import Path

from ..diagnostics import Diagnostic
from ..source import Source
from .cells import Cell
from .columns import header_roles, is_header


@dataclass(frozen=True)
class RawTable:
    """A table as found: the file it came from, its title, header roles and data rows of cells."""

    file: str
    title: str
    roles: tuple[str | None, ...]
    header: tuple[Cell, ...]
    rows: tuple[tuple[Cell, ...], ...]
    problems: tuple[Diagnostic, ...] = ()  # found while cutting rows (E708)
    heading: tuple[Cell, ...] = ()  # the rows above the header (title, `（2024年度）`, 填报单位 …)


@dataclass(frozen=True)
class Line:
    start: int
    end: int
    number: int


def lines_of(source: Source) -> list[Line]:
    out, start = [], 0
    for number, raw in enumerate(source.text.split("\n"), start=1):
        out.append(Line(start, start + len(raw.rstrip("\r")), number))
        start += len(raw) + 1
    return out


def split_cells(source: Source, line: Line) -> list[Cell]:
    cells, start = [], line.start
    for part in source.text[line.start : line.end].split("\t"):
        cells.append(Cell(source, start, start + len(part), line.number))
        start += len(part) + 1
    return cells


def read_tables(source: Source) -> list[RawTable]:
    """Every indicator table in the extract, in order."""
    lines = lines_of(source)
    tables: list[RawTable] = []
    i = floor = 0
    while i < len(lines):
        found = _row_table(source, lines, i) or _cell_table(source, lines, i)
        if found is None:
            i += 1
            continue
        table, end = found
        tables.append(replace(table, heading=_heading(source, lines, floor, i)))
        floor, i = end, end
    return tables


MAX_HEADING = 6  # lines above a header that may still be its title block


def _heading(source: Source, lines: list[Line], floor: int, i: int) -> tuple[Cell, ...]:
    """The text lines above the header (back to the previous table), nearest last."""
    cells = [
        Cell(source, line.start, line.end, line.number)
        for line in lines[floor:i]
        if source.text[line.start : line.end].strip() and "\t" not in source.text[line.start : line.end]
    ]
    return tuple(cells[-MAX_HEADING:])


def _row_table(source: Source, lines: list[Line], i: int) -> tuple[RawTable, int] | None:
    header = split_cells(source, lines[i])
    if len(header) < 3 or not is_header(header_roles(header)):
        return None
    rows: list[list[Cell]] = []
    j = i + 1
    while j < len(lines):
        text = source.text[lines[j].start : lines[j].end]
        if text.strip() and "\t" not in text:
            if not rows or not source.text[lines[j - 1].start : lines[j - 1].end].strip():
                break
            last = rows[-1][-1]  # a row continued on the next line: the text belongs to its last cell
            rows[-1][-1] = Cell(source, last.start, lines[j].end, last.row)
        elif text.strip():
            cells = split_cells(source, lines[j])
            if _continues(rows, cells, len(header)):  # the last cell wrapped; the row goes on here
                last = rows[-1].pop()
                rows[-1] += [Cell(source, last.start, cells[0].end, last.row), *cells[1:]]
            else:
                rows.append(cells)
        j += 1
    return RawTable(
        Path(source.name).name,
        _title(source, lines, i),
        tuple(header_roles(header)),
        tuple(header),
        tuple(tuple(r) for r in rows),
    ), j


def _continues(rows: list[list[Cell]], cells: list[Cell], width: int) -> bool:
    """A line that starts with text and fits into the gap of the short row above continues it."""
    if not rows or cells[0].blank or len(rows[-1]) >= width:
        return False
    return len(rows[-1]) + len(cells) - 1 <= width and rows[-1][-1].row == cells[0].row - 1


def _cell_table(source: Source, lines: list[Line], i: int) -> tuple[RawTable, int] | None:
    header: list[Cell] = []
    j = i
    while j < len(lines) and _is_cell_line(source, lines[j]) and source.text[lines[j].start + 1 : lines[j].end].strip():
        header.append(Cell(source, lines[j].start + 1, lines[j].end, lines[j].number))
        j += 1
    if len(header) < 3 or not is_header(header_roles(header)):
        return None
    cells, j = _cells_after(source, lines, j)
    width = len(header)
    rows = tuple(tuple(cells[k : k + width]) for k in range(0, len(cells), width))
    problems: tuple[Diagnostic, ...] = ()
    if rows and len(rows[-1]) < width:
        problems = (rows[-1][0].diag("E708", 0, missing=width - len(rows[-1])),)
    title = _title(source, lines, i)
    return RawTable(Path(source.name).name, title, tuple(header_roles(header)), tuple(header), rows, problems), j


def _is_cell_line(source: Source, line: Line) -> bool:
    return source.text.startswith("\t", line.start) and "\t" not in source.text[line.start + 1 : line.end]


def _cells_after(source: Source, lines: list[Line], j: int) -> tuple[list[Cell], int]:
    """Cell lines until text that is not a cell: a line without a tab continues the cell above
    only when it follows it directly."""
    cells: list[Cell] = []
    blank_run = 0
    while j < len(lines):
        line = lines[j]
        text = source.text[line.start : line.end]
        if _is_cell_line(source, line):
            cells.append(Cell(source, line.start + 1, line.end, line.number))
            blank_run = 0
        elif not text.strip():
            blank_run += 1
        elif cells and blank_run == 0:
            last = cells[-1]
            cells[-1] = Cell(source, last.start, line.end, last.row)
        else:
            break
        j += 1
    return cells, j


_NUMBERING = re.compile(r"^\s*(?:\d+|[一二三四五六七八九十]+)[、.．]\s*")


def _title(source: Source, lines: list[Line], i: int) -> str:
    """The nearest line above the header that names a table (ends in 表)."""
    for line in reversed(lines[:i]):
        text = source.text[line.start : line.end].strip()
        if text and "\t" not in source.text[line.start : line.end] and text.endswith("表"):
            return _NUMBERING.sub("", text)
    return "绩效指标表"
