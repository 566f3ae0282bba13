"""A filled 自评表 as read: the budget block, the indicator rows, the 一级 weights and the 总分 row.

Everything is kept as the text printed in the cell plus its 1-based (row, column), so a check can
quote the cell it disagrees with; numbers are read only when a check needs them."""

from __future__ import annotations

from dataclasses import dataclass


@dataclass(frozen=True, slots=True)
class CellRef:
    """A cell's printed text and where it is (1-based row and column, as a spreadsheet shows)."""

    text: str
    row: int
    column: int

    @property
    def blank(self) -> bool:
        return not self.text.strip()

    @property
    def address(self) -> str:
        return f"{column_letter(self.column)}{self.row}"


def column_letter(column: int) -> str:
    """1 → A, 27 → AA."""
    letters = ""
    while column > 0:
        column, rest = divmod(column - 1, 26)
        letters = chr(65 + rest) + letters
    return letters or "?"


@dataclass(frozen=True, slots=True)
class BudgetRow:
    """One row of the 项目资金 block (年度资金总额 or a sub-row such as 财政拨款)."""

    row: int
    label: str
    initial: CellRef
    budget: CellRef
    executed: CellRef
    weight: CellRef
    rate: CellRef
    score: CellRef

    @property
    def is_total(self) -> bool:
        return "总额" in self.label or "合计" in self.label or "总计" in self.label


@dataclass(frozen=True, slots=True)
class IndicatorRow:
    """One 三级指标 row; `target` joins split target cells (指标性质 | 指标值 | 度量单位)."""

    row: int
    level1: str
    level2: str
    name: str
    target: CellRef
    actual: CellRef
    weight: CellRef
    score: CellRef
    reason: CellRef
    rule: CellRef | None = None  # the row's 评(扣)分标准 as printed, when the table has the column

    @property
    def not_applicable(self) -> bool:
        return any(_is_slash(c.text) for c in (self.target, self.actual, self.score))


@dataclass(frozen=True, slots=True)
class GroupWeight:
    """A 一级 weight stated on the table: `产出指标（50分）` or a 小计 row with its 分值 / 得分."""

    level1: str
    row: int
    weight: CellRef | None
    score: CellRef | None = None


@dataclass(frozen=True, slots=True)
class FilledTable:
    name: str
    title: str
    budget: tuple[BudgetRow, ...]
    rows: tuple[IndicatorRow, ...]
    groups: tuple[GroupWeight, ...]
    total: CellRef | None
    total_weight: CellRef | None
    plan_year: int | None = None  # the year the title prints (`（2023年度）`): of month-only dates

    @property
    def budget_total(self) -> BudgetRow | None:
        for row in self.budget:
            if row.is_total:
                return row
        return self.budget[0] if self.budget else None


def _is_slash(text: str) -> bool:
    return text.strip() in ("/", "／", "\\", "不适用")
