"""The budget block of a 部门整体预算绩效目标申报表 (seed 000): amounts become definitions in 万元,
and the sums the form implies become `核对` assertions for the checker to test.

预算整体情况 prints two groups side by side (部门预算支出 | 收入来源): both must add up to the
same total.  年度重点工作任务 lists the funds of each task: they must add up to 项目支出.
"""

from __future__ import annotations

from fractions import Fraction

from .. import ast as A
from ..rational import NotANumber, parse_decimal
from ..source import Source, Span
from .cells import clean
from .text import Line, lines_of, split_cells

_ZERO = Span(0, 0)
BUDGET_LABEL = "预算整体情况"
TASKS_LABEL = "年度重点工作任务"
PROJECT_SPENDING = "项目支出"


def read_budget(source: Source) -> list[A.Statement]:
    """Definitions and assertions of the budget block and the key-task table, if present."""
    lines = lines_of(source)
    groups = _pairs(source, _block(source, lines, BUDGET_LABEL))
    tasks = _tasks(source, _block(source, lines, TASKS_LABEL))
    out: list[A.Statement] = []
    for _title, items in groups:
        out += [_define(name, value) for name, value in items]
    out += [_define(name, value) for name, value in tasks if name not in {n for _, it in groups for n, _ in it}]
    if len(groups) >= 2 and groups[0][1] and groups[1][1]:
        out.append(_assert([n for n, _ in groups[0][1]], [n for n, _ in groups[1][1]]))
    names = {n for _, it in groups for n, _ in it}
    if tasks and PROJECT_SPENDING in names:
        out.append(_assert([n for n, _ in tasks], [PROJECT_SPENDING]))
    return out


def _block(source: Source, lines: list[Line], label: str) -> list[list[str]]:
    """Rows from the line starting with `label` up to the next line with another label."""
    rows: list[list[str]] = []
    for line in lines:
        cells = [clean(c, report=False).text for c in split_cells(source, line)]
        if rows and (cells[0] or "一级指标" in cells):
            break
        if rows or cells[0] == label:
            rows.append(cells[1:])
    return rows


def _pairs(source: Source, rows: list[list[str]]) -> list[tuple[str, list[tuple[str, Fraction]]]]:
    """(group title, [(item, amount)]) for each column pair; a non-number amount starts a group."""
    groups: list[tuple[str, list[tuple[str, Fraction]]]] = []
    current: dict[int, int] = {}
    for row in rows:
        for col in range(0, len(row) - 1, 2):
            name, amount = row[col].replace(" ", ""), row[col + 1]
            if not name:
                continue
            try:
                value = parse_decimal(amount)
            except NotANumber:
                groups.append((name, []))
                current[col] = len(groups) - 1
                continue
            if col in current:
                groups[current[col]][1].append((name, value))
    return groups


def _tasks(source: Source, rows: list[list[str]]) -> list[tuple[str, Fraction]]:
    out = []
    for row in rows[1:]:
        if len(row) >= 3 and row[0]:
            try:
                out.append((row[0].replace(" ", ""), parse_decimal(row[2])))
            except NotANumber:
                continue
    return out


def _define(name: str, value: Fraction) -> A.Definition:
    return A.Definition(_ZERO, name, _ZERO, A.Num(_ZERO, value, "万元", ""))


def _sum(names: list[str]) -> A.Expr:
    expr: A.Expr = A.Ref(_ZERO, names[0])
    for n in names[1:]:
        expr = A.BinOp(_ZERO, "+", expr, A.Ref(_ZERO, n))
    return expr


def _assert(left: list[str], right: list[str]) -> A.Assertion:
    return A.Assertion(_ZERO, _sum(left), A.Comparator.EQ, _sum(right))
