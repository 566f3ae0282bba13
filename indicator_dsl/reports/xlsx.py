"""XLSX laid out like the official 绩效自评表: title, scheme, the indicator table with 一级/二级
cells merged over their rows, subtotals, total and grade; a second sheet lists the problems.
Values only (no formulas), so every reader sees the same numbers; text cells are neutralised
so nothing a user typed runs as a formula."""

from __future__ import annotations

import io
from decimal import Decimal
from typing import Any

from ..output import safe_cell as _safe_cell
from ..scoring.models import ScoreReport
from .layout import HEADERS, WORDS, heading, level_spans, lines, problem_lines

TITLE = {"zh": "绩效自评表", "en": "performance self-evaluation"}
FIRST_TABLE_ROW = 4


def render(report: ScoreReport, lang: str = "zh") -> bytes:
    from openpyxl import Workbook

    wb = Workbook()
    ws = wb.active
    ws.title = TITLE[lang][:31]
    _sheet(ws, report, lang)
    problems = wb.create_sheet(WORDS[lang]["problems"])
    for i, text in enumerate(problem_lines(report, lang) or [WORDS[lang]["none"]], start=1):
        problems.cell(row=i, column=1, value=safe_cell(text))
    problems.column_dimensions["A"].width = 120
    buf = io.BytesIO()
    wb.save(buf)
    return buf.getvalue()


def _sheet(ws: Any, report: ScoreReport, lang: str) -> None:
    from openpyxl.styles import Alignment, Border, Font, Side

    width = len(HEADERS[lang])
    ws.merge_cells(start_row=1, start_column=1, end_row=1, end_column=width)
    ws.cell(row=1, column=1, value=safe_cell(report.title or f"{report.scorecard} {TITLE[lang]}"))
    ws.cell(row=1, column=1).font = Font(bold=True, size=14)
    ws.cell(row=1, column=1).alignment = Alignment(horizontal="center")
    ws.merge_cells(start_row=2, start_column=1, end_row=2, end_column=width)
    ws.cell(row=2, column=1, value=safe_cell(heading(report, lang)))
    thin = Side(style="thin")
    border = Border(left=thin, right=thin, top=thin, bottom=thin)
    for col, header in enumerate(HEADERS[lang], start=1):
        cell = ws.cell(row=FIRST_TABLE_ROW - 1, column=col, value=safe_cell(header))
        cell.font, cell.border = Font(bold=True), border
    for offset, ln in enumerate(lines(report, lang)):
        r = FIRST_TABLE_ROW + offset
        for col, text in enumerate(ln.cells, start=1):
            cell = ws.cell(row=r, column=col, value=_value(text, col))
            cell.border = border
            cell.alignment = Alignment(vertical="center", wrap_text=col >= 8)
            if ln.kind != "row":
                cell.font = Font(bold=True)
            if col in (6, 7) and isinstance(cell.value, Decimal):
                cell.number_format = "0." + "0" * report.places if report.places else "0"
    _merge_levels(ws, report, lang)
    for col, w in zip("ABCDEFGHI", (14, 18, 26, 14, 16, 8, 8, 30, 60), strict=True):
        ws.column_dimensions[col].width = w


def safe_cell(value: object) -> str:
    """A cell that neither starts a formula nor holds the control characters XLSX forbids."""
    from openpyxl.cell.cell import ILLEGAL_CHARACTERS_RE

    return _safe_cell(ILLEGAL_CHARACTERS_RE.sub("", "" if value is None else str(value)))


def _value(text: str, col: int) -> Any:
    """Weights and scores as numbers; everything else as neutralised text."""
    if col in (6, 7) and text:
        try:
            return Decimal(text)
        except ArithmeticError:
            return safe_cell(text)
    return safe_cell(text) if text else None


def _merge_levels(ws: Any, report: ScoreReport, lang: str) -> None:
    """Merge the 一级 and 二级 cells over the rows they head, as the printed form does."""
    from openpyxl.styles import Alignment

    for col, first, last in level_spans(lines(report, lang)):
        if last > first:
            top = FIRST_TABLE_ROW + first
            ws.merge_cells(start_row=top, start_column=col + 1, end_row=FIRST_TABLE_ROW + last, end_column=col + 1)
            ws.cell(row=top, column=col + 1).alignment = Alignment(vertical="center", wrap_text=True)
