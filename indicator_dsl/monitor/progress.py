"""Reading a progress file (进度表): the actuals reader of scoring with the monitor's columns.

Per indicator: 当前完成值 (or `1-N月完成值`), 全年预计完成值, 偏差原因类别, 偏差原因 (说明),
纠偏措施, or a qualitative tier; for the budget, rows or columns named 年初预算数, 调整后预算数,
`1-N月执行数`, 全年预计执行数.  Headers and row names written for a month range (`1-6月完成值`,
`1—6月执行数`) are read as the current value; a range that is not the cut-off month is W953."""

from __future__ import annotations

import re
from collections.abc import Iterable, Mapping
from dataclasses import dataclass, replace
from pathlib import Path
from typing import Any

from ..diagnostics import Diagnostic
from ..scoring.actuals import FIELDS as SCORING_FIELDS
from ..scoring.actuals import Actuals, Table, cell_diagnostic, interpret, read_table, table_from_records

FIELDS: dict[str, tuple[str, ...]] = {
    "indicator": SCORING_FIELDS["indicator"],
    "actual": (
        "当前完成值",
        "累计完成值",
        "截至目前完成值",
        "目前完成值",
        "完成值",
        "实际完成值",
        "actual",
        "current",
        "value",
    ),
    "forecast": ("全年预计完成值", "预计全年完成值", "全年预计完成", "预计完成值", "forecast"),
    "tier": SCORING_FIELDS["tier"],
    "na": SCORING_FIELDS["na"],
    "category": ("偏差原因类别", "原因类别", "偏差类别", "reason_category"),
    "deviation": ("偏差原因", "偏差原因说明", "偏差原因分析", "原因分析", "说明", "deviation", "deviation_reason"),
    "measures": ("纠偏措施", "整改措施", "改进措施", "measures", "corrective_measures"),
}
BUDGET_INPUTS = {
    "年初预算数": "initial",
    "调整后预算数": "adjusted",
    "执行数": "executed",
    "累计执行数": "executed",
    "已执行数": "executed",
    "全年预计执行数": "forecast",
    "预计全年执行数": "forecast",
}
_RANGE = re.compile(r"^\s*1\s*[-－—–~～至到]\s*(\d{1,2})\s*月份?\s*(完成值|完成情况|执行数)\s*$")
_CANONICAL = {"完成值": "当前完成值", "完成情况": "当前完成值", "执行数": "执行数"}


class ProgressError(Exception):
    """The file as a whole cannot be read (E951)."""

    def __init__(self, zh: str, en: str) -> None:
        super().__init__(f"{zh} / {en}")
        self.zh, self.en = zh, en


@dataclass
class Progress:
    """The progress file interpreted: entries per indicator, budget numbers, findings."""

    actuals: Actuals
    budget: dict[str, Any]
    budget_cells: dict[str, Any]

    @property
    def file(self) -> str:
        return self.actuals.file

    @property
    def diagnostics(self) -> list[Diagnostic]:
        return self.actuals.diagnostics


def read_progress(source: Any, names: Mapping[str, str], inputs: Iterable[str], month: int) -> Progress:
    """A path (.csv/.xlsx/.json) or JSON-like rows, matched to `names` (name or alias →
    indicator) and formula `inputs`; never raises on a bad row (each is a diagnostic)."""
    from ..scoring.actuals import ActualsError

    try:
        table = read_table(source) if isinstance(source, (str, Path)) else table_from_records(source, "<progress>")
    except ActualsError as exc:
        raise ProgressError(exc.zh, exc.en) from None
    table, notes = _month_ranges(table, month)
    actuals = interpret(table, names, {*inputs, *BUDGET_INPUTS}, FIELDS)
    actuals.diagnostics[:0] = notes
    budget: dict[str, Any] = {}
    cells: dict[str, Any] = {}
    for name, key in BUDGET_INPUTS.items():
        if name in actuals.inputs and key not in budget:
            budget[key] = actuals.inputs[name]
            cells[key] = actuals.input_cells.get(name)
    return Progress(actuals, budget, cells)


def _month_ranges(table: Table, month: int) -> tuple[Table, list[Diagnostic]]:
    """`1-6月完成值` → 当前完成值, `1-6月执行数` → 执行数, in headers and in the name column."""
    notes: list[Diagnostic] = []
    headers = list(table.headers)
    for col, header in enumerate(headers, start=1):
        canonical = _canonical(header, month, notes, table.name, 1, col)
        if canonical:
            headers[col - 1] = canonical
    name_col = next((i for i, h in enumerate(headers) if h.lower() in FIELDS["indicator"]), None)
    rows = []
    for row, cells in table.rows:
        if name_col is not None and name_col < len(cells) and isinstance(cells[name_col], str):
            canonical = _canonical(cells[name_col], month, notes, table.name, row, name_col + 1)
            if canonical:
                cells = (*cells[:name_col], canonical, *cells[name_col + 1 :])
        rows.append((row, cells))
    return replace(table, headers=tuple(headers), rows=tuple(rows)), notes


def _canonical(text: str, month: int, notes: list[Diagnostic], file: str, row: int, col: int) -> str | None:
    found = _RANGE.match(text)
    if not found:
        return None
    if int(found.group(1)) != month:
        notes.append(cell_diagnostic("W953", file, row, col, text, header=text, found=found.group(1), month=month))
    return _CANONICAL[found.group(2)]
