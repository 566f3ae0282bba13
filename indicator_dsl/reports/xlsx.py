"""XLSX laid out like the official 绩效自评表: title, scheme, the indicator table with 一级/二级
cells merged over their rows, subtotals, total and grade; a second sheet lists the problems
(file, row, column, code, message).  Values only, no formulas, so every reader sees the same
numbers: text cells are written as explicit strings (type `s`), so `=…` typed by a user is shown
as typed and never runs — no visible leading quote is needed."""

from __future__ import annotations

import io
from collections.abc import Sequence
from decimal import Decimal
from pathlib import PurePath
from typing import Any

from ..output import xlsx_cell
from ..scoring.models import Problem, ScoreReport
from .layout import HEADERS, WORDS, level_spans, lines, number

TITLE = {"zh": "绩效自评表", "en": "performance self-evaluation"}
FIRST_TABLE_ROW = 8  # title, header block (rows 2–6), table header (row 7)


def render(report: ScoreReport, lang: str = "zh") -> bytes:
    from openpyxl import Workbook

    wb = Workbook()
    ws = wb.active
    ws.title = TITLE[lang][:31]
    _sheet(ws, report, lang)
    _problems(wb.create_sheet(WORDS[lang]["problems"]), report, lang)
    buf = io.BytesIO()
    wb.save(buf)
    return buf.getvalue()


PROBLEM_HEADERS = {"zh": ("文件", "行", "列", "代码", "说明"), "en": ("file", "row", "column", "code", "message")}


def _problems(ws: Any, report: ScoreReport, lang: str) -> None:
    left_out = f"{WORDS[lang]['left_out']}: {'、'.join(report.left_out)}" if report.left_out else None
    problem_sheet(ws, report.problems, lang, left_out)


def problem_sheet(ws: Any, problems: Sequence[Problem], lang: str, last: str | None = None) -> None:
    """The problems sheet of every report workbook (score, monitor): one problem per row, in
    columns a reader can filter and sort; `last`, a closing note under them."""
    from openpyxl.styles import Font

    for col, header in enumerate(PROBLEM_HEADERS[lang], start=1):
        xlsx_cell(ws, 1, col, header).font = Font(bold=True)
    for r, p in enumerate(problems, start=2):
        xlsx_cell(ws, r, 1, relative(p.file))
        xlsx_cell(ws, r, 2, p.row or None)
        xlsx_cell(ws, r, 3, p.column or None)
        xlsx_cell(ws, r, 4, p.code)
        xlsx_cell(ws, r, 5, str(getattr(p.message, lang)))
    if last:
        xlsx_cell(ws, len(problems) + 2, 5, last)
    for letter, width in zip("ABCDE", (36, 6, 6, 8, 100), strict=True):
        ws.column_dimensions[letter].width = width


def relative(file: str) -> str:
    """A file as the reader knows it: already relative to where scoring ran, else its bare name
    (an absolute path says where the scorer's disk is, which the reader does not need)."""
    path = PurePath(file)
    return path.name if path.is_absolute() else file


# The official 自评表 puts 偏差原因分析及改进措施 last; our 得分说明 goes just before it.
XLSX_HEADERS = {
    "zh": [*HEADERS["zh"][:7], "得分说明", "偏差原因分析及改进措施"],
    "en": [*HEADERS["en"][:7], "explanation", "deviation reasons and corrective measures"],
}
BLOCK = {
    "zh": ("项目名称", "主管部门", "实施单位", "项目资金（万元）", "年度总体目标", "评分方案"),
    "en": (
        "project",
        "department in charge",
        "implementing unit",
        "project funds (10k yuan)",
        "overall goal",
        "scheme",
    ),
}
FUNDS = {
    "zh": ("", "年初预算数", "全年预算数", "全年执行数", "分值", "执行率", "得分"),
    "en": ("", "initial budget", "full-year budget", "executed", "weight", "execution rate", "score"),
}
FUNDS_ROW = {"zh": "年度资金总额", "en": "total funds"}


def _sheet(ws: Any, report: ScoreReport, lang: str) -> None:
    """Title once, then the official header block (项目名称 / 主管部门 / 实施单位 / 项目资金 /
    年度总体目标; blanks are for the unit to fill in), then the indicator table."""
    from openpyxl.styles import Alignment, Border, Font, Side

    width = len(XLSX_HEADERS[lang])
    ws.merge_cells(start_row=1, start_column=1, end_row=1, end_column=width)
    xlsx_cell(ws, 1, 1, report.title or f"{report.scorecard} {TITLE[lang]}")
    ws.cell(row=1, column=1).font = Font(bold=True, size=14)
    ws.cell(row=1, column=1).alignment = Alignment(horizontal="center")
    _header_block(ws, report, lang, width)
    thin = Side(style="thin")
    border = Border(left=thin, right=thin, top=thin, bottom=thin)
    for col, header in enumerate(XLSX_HEADERS[lang], start=1):
        cell = xlsx_cell(ws, FIRST_TABLE_ROW - 1, col, header)
        cell.font, cell.border = Font(bold=True), border
    for offset, ln in enumerate(lines(report, lang)):
        r = FIRST_TABLE_ROW + offset
        cells = [*ln.cells[:7], *ln.cells[8:9], *ln.cells[7:8]]  # 得分说明 before 偏差原因
        for col, text in enumerate(cells, start=1):
            cell = xlsx_cell(ws, r, col, _value(text, col))
            cell.border = border
            cell.alignment = Alignment(vertical="center", wrap_text=col >= 8)
            if ln.kind != "row":
                cell.font = Font(bold=True)
            if col in (6, 7) and isinstance(cell.value, Decimal):
                cell.number_format = "0." + "0" * report.places if report.places else "0"
    _merge_levels(ws, report, lang)
    for letter, w in zip("ABCDEFGHI", (14, 18, 26, 14, 16, 8, 8, 30, 60), strict=True):
        ws.column_dimensions[letter].width = w


def _header_block(ws: Any, report: ScoreReport, lang: str, width: int) -> None:
    from openpyxl.styles import Font

    name, department, unit, funds, goal, scheme = BLOCK[lang]
    labels = [(2, 1, name), (2, 6, department), (3, 1, unit), (4, 1, funds), (6, 1, goal), (3, 6, scheme)]
    for row, col, text in labels:
        xlsx_cell(ws, row, col, text).font = Font(bold=True)
    xlsx_cell(ws, 2, 2, report.title or report.scorecard)
    xlsx_cell(ws, 3, 7, report.scheme)
    for row, first, last in ((2, 2, 5), (2, 7, width), (3, 2, 5), (3, 7, width), (6, 2, width)):
        ws.merge_cells(start_row=row, start_column=first, end_row=row, end_column=last)
    for col, text in enumerate(FUNDS[lang][1:], start=2):
        xlsx_cell(ws, 4, col, text).font = Font(bold=True)
    xlsx_cell(ws, 5, 1, FUNDS_ROW[lang])
    budget = next((r for r in report.rows if r.kind == "budget"), None)
    if budget is not None:
        places = report.places
        xlsx_cell(ws, 5, 5, _value(number(budget.weight, places), 6))
        xlsx_cell(ws, 5, 6, budget.actual)
        xlsx_cell(ws, 5, 7, _value(number(budget.score, places), 7))


def _value(text: str, col: int) -> Any:
    """Weights and scores as numbers; everything else as text."""
    if col in (6, 7) and text:
        try:
            return Decimal(text)
        except ArithmeticError:
            return text
    return text or None


def _merge_levels(ws: Any, report: ScoreReport, lang: str) -> None:
    """Merge the 一级 and 二级 cells over the rows they head, as the printed form does."""
    from openpyxl.styles import Alignment

    for col, first, last in level_spans(lines(report, lang)):
        if last > first:
            top = FIRST_TABLE_ROW + first
            ws.merge_cells(start_row=top, start_column=col + 1, end_row=FIRST_TABLE_ROW + last, end_column=col + 1)
            ws.cell(row=top, column=col + 1).alignment = Alignment(vertical="center", wrap_text=True)
