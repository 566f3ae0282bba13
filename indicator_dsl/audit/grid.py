"""A filled 自评表 as a grid of text cells, whatever it was saved as (XLSX, CSV, tab-separated text).

Merged cells are filled across their whole range (the value shows in every cell a person sees it
in), numbers become the decimal text a person reads (the importers' `cell_text`: no binary-float
artefacts, percent formats keep their %), and
rows keep their spreadsheet numbers, so every finding can say "row 12" and mean the row on screen.
openpyxl is imported only when an XLSX is read.
"""

from __future__ import annotations

import csv
import io
import zipfile
from dataclasses import dataclass
from pathlib import Path
from typing import Any

from ..importers.readers import cell_text
from ..source import NotText, decode_text

MAX_ROWS = 5000
MAX_COLUMNS = 60
MAX_BYTES = 20 * 2**20  # a 自评表 is a few kB; anything this large is not one
MAX_UNPACKED = 200 * 2**20  # an XLSX that unpacks beyond this is a zip bomb, not a table


class UnreadableTable(Exception):
    """The file cannot be read as a table at all (E920); the reason in each language."""

    def __init__(self, zh: str, en: str) -> None:
        super().__init__(en)
        self.zh, self.en = zh, en


@dataclass(frozen=True)
class Grid:
    """One sheet: `name` for findings (`file.xlsx!Sheet1`), rows of cell text (row 1 = rows[0])."""

    name: str
    rows: tuple[tuple[str, ...], ...]

    def cell(self, row: int, column: int) -> str:
        """Text at a 1-based (row, column); blank outside the grid."""
        if 1 <= row <= len(self.rows) and 1 <= column <= len(self.rows[row - 1]):
            return self.rows[row - 1][column - 1]
        return ""


def read_grids(path: Path) -> list[Grid]:
    """Every sheet of an XLSX, or the one grid of a CSV / text file."""
    suffix = path.suffix.lower()
    try:
        if path.stat().st_size > MAX_BYTES:
            size = path.stat().st_size
            raise UnreadableTable(
                f"文件过大（{size} 字节，上限 {MAX_BYTES}）", f"file too large ({size} bytes, limit {MAX_BYTES})"
            )
        if suffix in (".xlsx", ".xlsm"):
            return _xlsx(path)
        data = path.read_bytes()
    except UnreadableTable:
        raise
    except Exception as exc:  # openpyxl raises many kinds on a damaged file
        raise UnreadableTable(f"{type(exc).__name__}：{exc}", f"{type(exc).__name__}: {exc}") from None
    text = _decode(data)
    if suffix == ".csv" or (suffix != ".tsv" and "\t" not in text and "," in text):
        rows = list(csv.reader(io.StringIO(text)))
    else:
        rows = [line.split("\t") for line in text.splitlines()]
    return [Grid(path.name, _trim(rows))]


def _decode(data: bytes) -> str:
    try:
        return decode_text(data)[0]
    except NotText:
        raise UnreadableTable("不是 UTF-8 或 GB18030 文本", "not UTF-8 or GB18030 text") from None


def _xlsx(path: Path) -> list[Grid]:
    import openpyxl

    with zipfile.ZipFile(path) as archive:
        if sum(info.file_size for info in archive.infolist()) > MAX_UNPACKED:
            raise UnreadableTable(f"解压后超过 {MAX_UNPACKED} 字节", f"unpacks beyond {MAX_UNPACKED} bytes")
    book = openpyxl.load_workbook(path, data_only=True)
    formulas = openpyxl.load_workbook(path, data_only=False) if _has_formulas(path) else book
    grids = []
    for sheet, written in zip(book.worksheets, formulas.worksheets, strict=True):
        rows = [
            [cell_text(c) or _formula(written, c) for c in row[:MAX_COLUMNS]]
            for row in sheet.iter_rows(max_row=min(sheet.max_row, MAX_ROWS), max_col=min(sheet.max_column, MAX_COLUMNS))
        ]
        for merged in sheet.merged_cells.ranges:
            if merged.min_row > len(rows) or merged.min_col > MAX_COLUMNS:
                continue
            top = rows[merged.min_row - 1]
            value = top[merged.min_col - 1] if merged.min_col <= len(top) else ""
            for r in range(merged.min_row, min(merged.max_row, len(rows)) + 1):
                for c in range(merged.min_col, min(merged.max_col, MAX_COLUMNS) + 1):
                    while len(rows[r - 1]) < c:
                        rows[r - 1].append("")
                    rows[r - 1][c - 1] = value
        grids.append(Grid(f"{path.name}!{sheet.title}", _trim(rows)))
    return grids


def _has_formulas(path: Path) -> bool:
    """Whether any sheet holds a formula (`<f>` in its XML): only then is the workbook read twice."""
    with zipfile.ZipFile(path) as archive:
        for name in archive.namelist():
            if name.startswith("xl/worksheets/") and name.endswith(".xml"):
                with archive.open(name) as fh:
                    if any(b"<f>" in chunk or b"<f " in chunk for chunk in iter(lambda: fh.read(1 << 16), b"")):
                        return True
    return False


def _formula(sheet: Any, cell: Any) -> str:
    """A formula with no saved result (a file written by a program, never opened in Excel) shows
    as its formula text, so the audit says it cannot read the cell instead of seeing a blank."""
    if not hasattr(cell, "column"):
        return ""
    value = sheet.cell(row=cell.row, column=cell.column).value
    return value if isinstance(value, str) and value.startswith("=") else ""


def _trim(rows: list[list[str]]) -> tuple[tuple[str, ...], ...]:
    """Cells stripped, trailing blanks dropped, at most MAX_ROWS × MAX_COLUMNS."""
    out = []
    for row in rows[:MAX_ROWS]:
        cells = [c.strip() for c in row[:MAX_COLUMNS]]
        while cells and not cells[-1]:
            cells.pop()
        out.append(tuple(cells))
    return tuple(out)
