"""A filled 自评表 as a grid of text cells, through the one bounded reader (`indicator_dsl.sheets`).

Merged cells are filled across their whole range within the used range (the value shows in every
cell a person sees it in), numbers read as the sheet shows them, cells stripped; rows keep their
spreadsheet numbers, so every finding can say "row 12" and mean the row on screen.  An audited
自评表 is small, so the limits are narrower than the reader's defaults."""

from __future__ import annotations

import dataclasses
from pathlib import Path

from ..sheets import Grid, Limits, SheetError
from ..sheets import read_grids as read_sheets

__all__ = ["LIMITS", "Grid", "SheetError", "read_grids"]

LIMITS = Limits(bytes=20 * 2**20, rows=5000, columns=60, cells=1_000_000)


def read_grids(path: Path, limits: Limits | None = None) -> list[Grid]:
    """Every sheet of an XLSX, or the one grid of a CSV / text file; raises `SheetError`."""
    grids = read_sheets(path, limits or LIMITS, fill_merged=True)
    return [dataclasses.replace(g, rows=tuple(_stripped(r) for r in g.rows)) for g in grids]


def _stripped(row: tuple[str, ...]) -> tuple[str, ...]:
    cells = [c.strip() for c in row]
    while cells and not cells[-1]:
        cells.pop()
    return tuple(cells)
