"""A catalog back to an XLSX 申报表 / 自评表, in the column layout people exchange.

Layouts are data (`LAYOUTS`): a title, a sheet name and the columns, each a header the
importer recognises and a function of the indicator.  Consecutive equal 一级/二级 cells are
merged as the printed tables do, the header sits under a title row (row 3), and every text
cell is written as an explicit string (`output.xlsx_cell`), so a hostile name cannot become a
spreadsheet formula and shows no added quote.
The catalog's 评分表 go to a second sheet, one row per clause (`scorecard.py`), so importing
the file gives the same indicators and scorecards back (tests/test_export.py).
"""

from __future__ import annotations

from collections.abc import Callable
from dataclasses import dataclass
from decimal import Decimal
from pathlib import Path
from typing import Any

from .. import ast as A
from ..output import xlsx_cell
from ..unparse import band_text, decimal_text, expr_text, target_text
from .scorecard import SHEET, sheet_values

Getter = Callable[[A.Indicator], Any]


def _level(i: int) -> Getter:
    return lambda ind: ind.category[i] if len(ind.category) > i else ""


def _formula(ind: A.Indicator) -> str:
    if ind.formula is None:
        return ""
    return (f"{ind.formula.lhs} = " if ind.formula.lhs else "") + expr_text(ind.formula.expr)


def _weight(ind: A.Indicator) -> Any:
    return Decimal(decimal_text(ind.weight.value)) if ind.weight else None


_COMMON: list[tuple[str, Getter]] = [
    ("一级指标", _level(0)),
    ("二级指标", _level(1)),
    ("三级指标", lambda ind: ind.name),
]
_TAIL: list[tuple[str, Getter]] = [
    ("评分等级", lambda ind: ", ".join(band_text(b) for b in ind.bands)),
    ("指标方向", lambda ind: ind.direction.value if ind.direction else ""),
    ("计量单位", lambda ind: ind.unit or ""),
]
RULE_COLUMN = "评(扣)分标准"  # written only when an indicator has a 评分 clause; import reads it back


def _rule(ind: A.Indicator) -> str:
    clause = ind.rule or ind.rule_reading
    return clause.text if clause else ""


@dataclass(frozen=True)
class Layout:
    title: str
    sheet: str
    columns: tuple[tuple[str, Getter], ...]


LAYOUTS: dict[str, Layout] = {
    "declaration": Layout(
        "绩效目标申报表",
        "申报表",
        tuple(
            _COMMON
            + [
                ("绩效指标描述", lambda ind: ind.description or ""),
                ("计算公式", _formula),
                ("年度指标值", lambda ind: target_text(ind.target) if ind.target else ""),
                ("分值", _weight),
                *_TAIL,
                ("指标值确定依据", lambda ind: ind.basis or ""),
                ("备注", lambda ind: ind.note or ""),
            ]
        ),
    ),
    "self-eval": Layout(
        "绩效自评表",
        "自评表",
        tuple(
            _COMMON
            + [
                ("计算公式", _formula),
                ("年度指标值", lambda ind: target_text(ind.target) if ind.target else ""),
                ("实际完成值", lambda ind: ""),
                ("分值", _weight),
                ("得分", lambda ind: ""),
                *_TAIL,
                ("偏差原因分析及改进措施", lambda ind: ""),
            ]
        ),
    ),
}
HEADER_ROW = 3


def export_xlsx(
    indicators: list[A.Indicator],
    path: str | Path,
    layout: str = "declaration",
    title: str | None = None,
    scorecards: list[A.Scorecard] | None = None,
) -> None:
    """Write `workbook_bytes(...)` to `path`."""
    Path(path).write_bytes(workbook_bytes(indicators, layout, title, scorecards))


def workbook_bytes(
    indicators: list[A.Indicator],
    layout: str = "declaration",
    title: str | None = None,
    scorecards: list[A.Scorecard] | None = None,
) -> bytes:
    """The indicators as one sheet of `layout` (see LAYOUTS) and the scorecards on a 评分表
    sheet; the title row is `title`, else the first scorecard's title, else the layout's."""
    import io

    from openpyxl import Workbook
    from openpyxl.styles import Alignment, Font

    spec = LAYOUTS[layout]
    if any(ind.rule or ind.rule_reading for ind in indicators):
        spec = Layout(spec.title, spec.sheet, (*spec.columns, (RULE_COLUMN, _rule)))
    cards = list(scorecards or [])
    title = title or next((c.title for c in cards if c.title), None)
    wb = Workbook()
    ws = wb.active
    ws.title = spec.sheet
    xlsx_cell(ws, 1, 1, title or spec.title).font = Font(bold=True, size=14)
    ws.merge_cells(start_row=1, start_column=1, end_row=1, end_column=len(spec.columns))
    for col, (header, _) in enumerate(spec.columns, start=1):
        ws.cell(HEADER_ROW, col, header).font = Font(bold=True)
    for r, ind in enumerate(indicators, start=HEADER_ROW + 1):
        for col, (_, get) in enumerate(spec.columns, start=1):
            value = get(ind)
            xlsx_cell(ws, r, col, value if isinstance(value, Decimal) or value is None else str(value))
    _merge_levels(ws, indicators)
    for col in range(1, len(spec.columns) + 1):
        for row in ws.iter_rows(min_row=HEADER_ROW, min_col=col, max_col=col):
            row[0].alignment = Alignment(vertical="top", wrap_text=True)
    if cards:
        _card_sheet(wb.create_sheet(SHEET), cards)
    buf = io.BytesIO()
    wb.save(buf)
    return buf.getvalue()


def _card_sheet(ws: Any, cards: list[A.Scorecard]) -> None:
    from openpyxl.styles import Font

    for r, values in enumerate(sheet_values(cards), start=1):
        for col, value in enumerate(values, start=1):
            cell = xlsx_cell(ws, r, col, value if isinstance(value, Decimal) or value is None else str(value))
            cell.font = Font(bold=r == 1 or (col == 1 and value == "评分表"))
    ws.column_dimensions["B"].width = 60


def _merge_levels(ws: Any, indicators: list[A.Indicator]) -> None:
    """Merge runs of equal 一级 (and 二级 within them) vertically, keeping the top cell's text."""
    for col in (1, 2):
        start = 0
        keys = [tuple(ind.category[:col]) for ind in indicators]
        for i in range(1, len(indicators) + 1):
            if i < len(indicators) and keys[i] == keys[start] and len(keys[i]) >= col:
                continue
            if i - start > 1 and len(keys[start]) >= col:
                ws.merge_cells(
                    start_row=HEADER_ROW + 1 + start, start_column=col, end_row=HEADER_ROW + i, end_column=col
                )
            start = i
