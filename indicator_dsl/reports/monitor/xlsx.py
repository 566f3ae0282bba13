"""XLSX 运行监控表: title, cut-off and scheme, the table with the light as a filled cell (colour,
symbol and word), the counts; a second sheet lists the problems.  Values only, text cells
stored as text (`output.xlsx_cell`), so nothing a user typed can become a formula."""

from __future__ import annotations

import io
from typing import Any

from ...monitor.models import MonitorReport
from ...output import xlsx_cell
from ..xlsx import problem_sheet
from .layout import COLOURS, HEADERS, LIGHT_COLUMN, WORDS, counts_line, heading, lines

TITLE = {"zh": "运行监控表", "en": "monitoring"}
FIRST_ROW = 4
WIDTHS = (12, 16, 24, 14, 14, 12, 12, 10, 22, 10, 36, 30, 60)


def render_xlsx(report: MonitorReport, lang: str = "zh") -> bytes:
    from openpyxl import Workbook

    wb = Workbook()
    ws = wb.active
    ws.title = TITLE[lang]
    _sheet(ws, report, lang)
    problem_sheet(wb.create_sheet(WORDS[lang]["problems"]), report.problems, lang)
    buf = io.BytesIO()
    wb.save(buf)
    return buf.getvalue()


def _sheet(ws: Any, report: MonitorReport, lang: str) -> None:
    from openpyxl.styles import Alignment, Border, Font, PatternFill, Side
    from openpyxl.utils import get_column_letter

    xlsx_cell(ws, 1, 1, report.title or f"{report.card} {TITLE[lang]}").font = Font(bold=True, size=14)
    xlsx_cell(ws, 2, 1, heading(report, lang))
    thin = Side(style="thin")
    border = Border(left=thin, right=thin, top=thin, bottom=thin)
    for col, header in enumerate(HEADERS[lang], start=1):
        cell = xlsx_cell(ws, FIRST_ROW - 1, col, header)
        cell.font, cell.border = Font(bold=True), border
    for offset, (row, cells) in enumerate(lines(report, lang)):
        r = FIRST_ROW + offset
        for col, text in enumerate(cells):
            cell = xlsx_cell(ws, r, col + 1, text or None)
            cell.border = border
            cell.alignment = Alignment(vertical="center", wrap_text=col >= 10)
            if col == LIGHT_COLUMN:
                colour = COLOURS[row.light]
                cell.fill = PatternFill("solid", start_color=colour, end_color=colour)
                cell.font = Font(bold=True, color="222222" if row.light in ("yellow", None) else "FFFFFF")
    xlsx_cell(ws, FIRST_ROW + len(report.rows) + 1, 1, counts_line(report, lang)).font = Font(bold=True)
    for col, width in enumerate(WIDTHS, start=1):
        ws.column_dimensions[get_column_letter(col)].width = width
