"""The one spreadsheet reader: XLSX, CSV and tab-separated text → grids of cell text, bounded.

Actuals (`scoring.actuals`), import (`importers.readers`) and audit (`audit.grid`) all read tables
through `read_grids`, so every spreadsheet gets the same limits and the same reading of a cell:

- the file: size, unpacked size and compression ratio (a zip bomb), shared-strings size, checked
  before anything is parsed; a damaged archive or XML is one coded error (`SheetError`);
- the sheet: streamed (never loaded whole), rows / columns / cells bounded (`Limits`); merged
  cells filled only within the used range, so `A1:XFD1048576` costs nothing;
- the cell: text as a person reads it — numbers as exact decimal text, a `%` format as `95.1%`,
  dates as ISO text, a formula's saved result (formulas are never evaluated; one without a saved
  result shows its formula text); a damaged value, a malformed reference, a NUL, a bare CR or an
  over-long text rejects that cell only (`SheetProblem`, located at sheet row and column).

openpyxl is not needed: the XML is read with the standard library, element by element."""

from __future__ import annotations

from pathlib import Path

from .grid import DEFAULT, Grid, Limits, MiB, SheetError, SheetProblem, checked, trimmed

XLSX_SUFFIXES = (".xlsx", ".xlsm")


def read_grids(
    path: str | Path,
    limits: Limits = DEFAULT,
    *,
    first_sheet: bool = False,
    fill_merged: bool = False,
    delimiter: str | None = None,
) -> list[Grid]:
    """Every sheet of an XLSX (or the first), or the one grid of a CSV / tab-separated text file.

    `delimiter` None: `.csv` is comma-separated (quoted fields), anything else is sniffed — tabs
    make tab-separated text, else commas. Raises `SheetError` for a file that is not a table."""
    path = Path(path)
    try:
        size = path.stat().st_size
    except FileNotFoundError:
        raise SheetError("E740", reason="文件不存在", reason_en="no such file") from None
    except OSError as exc:
        raise SheetError("E740", reason=str(exc.strerror or exc), reason_en=str(exc.strerror or exc)) from None
    if size > limits.bytes:
        raise SheetError("E741", size=size, limit=limits.bytes)
    if path.suffix.lower() in XLSX_SUFFIXES:
        from .xlsx import read_workbook

        return read_workbook(path, limits, first_sheet=first_sheet, fill_merged=fill_merged)
    from .delimited import read_delimited

    return [read_delimited(path, limits, delimiter)]


__all__ = ["DEFAULT", "Grid", "Limits", "MiB", "SheetError", "SheetProblem", "checked", "read_grids", "trimmed"]
