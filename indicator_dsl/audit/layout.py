"""Find the blocks of a filled 自评表 by their header text, not by position.

Header words are a registry (role → the ways tables print it), so a province that writes 权重 for
分值 or splits the target over 指标性质 | 指标值 | 度量单位 needs a synonym, not new code.  A header
may take two rows (年度指标值 over its split cells); the lower row names a column when it can.
"""

from __future__ import annotations

import functools
import re
from collections.abc import Sequence

from .grid import Grid
from .model import BudgetRow, CellRef, FilledTable, GroupWeight, IndicatorRow

# role → header texts, compared with spaces, line breaks and bracketed units removed
INDICATOR_ROLES: dict[str, tuple[str, ...]] = {
    "level1": ("一级指标",),
    "level2": ("二级指标",),
    "level3": ("三级指标", "指标名称", "绩效指标名称"),
    "target": ("年度指标值", "年度目标值", "预期指标值", "目标值", "指标值", "年度目标", "值", "数值"),
    "actual": ("实际完成值", "全年实际完成值", "全年实际值", "实际值", "完成值"),
    "weight": ("分值", "权重", "指标分值", "指标权重"),
    "score": ("得分", "自评得分", "评分"),
    "rule": ("评分标准", "扣分标准", "评分细则", "评分方法", "计分方法", "评分规则"),  # 评(扣)分标准 too
    "reason": ("偏差原因分析及改进措施", "偏差原因分析", "偏差原因", "未完成原因分析", "原因分析"),
    "nature": ("指标性质", "符号", "比较符", "运算符"),
    "unit": ("度量单位", "计量单位", "单位"),
}
BUDGET_ROLES: dict[str, tuple[str, ...]] = {
    "initial": ("年初预算数", "年初预算"),
    "budget": ("全年预算数", "全年预算", "调整后预算数"),
    "executed": ("全年执行数", "执行数", "实际支出数"),
    "weight": ("分值", "权重"),
    "rate": ("执行率", "预算执行率"),
    "score": ("得分",),
}
TOTAL_WORDS = ("总分", "总计", "合计", "综合得分", "自评总分")
SUBTOTAL_WORDS = ("小计",)
# 二级 → 一级 of the national framework, for 一级 cells that print only `(50分)`
LEVEL1_OF = {
    "数量指标": "产出指标",
    "质量指标": "产出指标",
    "时效指标": "产出指标",
    "成本指标": "产出指标",
    "经济效益指标": "效益指标",
    "社会效益指标": "效益指标",
    "生态效益指标": "效益指标",
    "可持续影响指标": "效益指标",
    "服务对象满意度指标": "满意度指标",
    "满意度指标": "满意度指标",
}
_NOISE = re.compile(r"[\s\u3000]+|[（(][^）)]*[）)]")
_POINTS = re.compile(r"[（(]\s*(\d+(?:\.\d+)?)\s*分?\s*[)）]")


def role_of(text: str, roles: dict[str, tuple[str, ...]]) -> str | None:
    """The role a header cell names: an exact synonym first, then the longest contained one."""
    key = _NOISE.sub("", text)
    if not key or len(key) > 24:
        return None
    pairs = _synonyms(tuple(roles.items()))
    for syn, role in pairs:
        if key == syn:
            return role
    for syn, role in pairs:
        if len(syn) >= 3 and syn in key:
            return role
    return None


@functools.cache
def _synonyms(items: tuple[tuple[str, tuple[str, ...]], ...]) -> tuple[tuple[str, str], ...]:
    """(synonym, role) pairs, longest first; keyed by the registry's content, so never stale."""
    return tuple(sorted(((s, r) for r, syns in items for s in syns), key=lambda p: -len(p[0])))


def find_tables(grid: Grid) -> list[FilledTable]:
    """Every indicator block of the sheet, each with the budget block and 总分 above/below it."""
    tables = []
    headers = [i for i in range(1, len(grid.rows) + 1) if _is_indicator_header(grid, i)]
    starts = [i for i in headers if i - 1 not in headers]  # a two-row header is one header
    for k, start in enumerate(starts):
        end = starts[k + 1] - 1 if k + 1 < len(starts) else len(grid.rows)
        begin = starts[k - 1] + 1 if k else 1
        name = grid.name if len(starts) == 1 else f"{grid.name}@R{start}"
        tables.append(_table(grid, name, begin, start, end))
    return tables


def _is_indicator_header(grid: Grid, row: int) -> bool:
    roles = {role_of(c, INDICATOR_ROLES) for c in grid.rows[row - 1]}
    return "level3" in roles and bool(roles & {"actual", "score"})


def _table(grid: Grid, name: str, begin: int, header: int, end: int) -> FilledTable:
    title = next((_first_text(r) for r in grid.rows[begin - 1 : header - 1] if any(r)), "")
    year = _title_year(grid, begin, header)
    budget = _budget(grid, begin, header - 1)
    columns, first_data = _indicator_columns(grid, header)
    rows, groups, total_row = _indicator_rows(grid, columns, first_data, end)
    total = _total_cell(grid, total_row, columns.get("score", []))
    weight = _total_cell(grid, total_row, columns.get("weight", []), fallback=False)
    return FilledTable(name, title, budget, rows, groups, total, weight, year)


def _title_year(grid: Grid, begin: int, header: int) -> int | None:
    """The plan year the title rows print, read as `import` reads it (`importers.plan_year`);
    None when they print none or two different ones."""
    from ..importers.cells import Cell
    from ..importers.plan_year import title_year
    from ..source import Source

    cells = [
        Cell(Source(grid.name, text), 0, len(text), r)
        for r in range(begin, header)
        for text in grid.rows[r - 1]
        if text
    ]
    return title_year(cells).year


def _first_text(cells: Sequence[str]) -> str:
    return next((c for c in cells if c), "")


# ---- the budget block ---------------------------------------------------------------------------
def _budget(grid: Grid, begin: int, end: int) -> tuple[BudgetRow, ...]:
    for r in range(begin, end + 1):
        cols = _columns(grid.rows[r - 1], BUDGET_ROLES)
        if "budget" in cols and "executed" in cols:
            return tuple(_budget_rows(grid, r, cols, end))
    return ()


def _budget_rows(grid: Grid, header: int, cols: dict[str, list[int]], end: int) -> list[BudgetRow]:
    first = min(c[0] for c in cols.values())
    out = []
    for r in range(header + 1, end + 1):
        label = _label(grid, r, header, first)
        if not (_looks_budget(label) or _has_number(grid, r, cols["budget"] + cols["executed"])):
            break
        cell = {role: _ref(grid, r, cols.get(role, [])) for role in BUDGET_ROLES}
        out.append(BudgetRow(r, label, **cell))
    return out


def _label(grid: Grid, row: int, header: int, first: int) -> str:
    """The rightmost text left of the numbers that is not the block's own (merged) label."""
    for c in range(first - 1, 0, -1):
        text = grid.cell(row, c)
        if text and text != grid.cell(header, c):
            return text
    return ""


def _looks_budget(label: str) -> bool:
    return any(w in label for w in ("资金总额", "财政拨款", "上年结转", "其他资金", "其中", "资金"))


def _has_text(grid: Grid, row: int, cols: list[int]) -> bool:
    return any(grid.cell(row, c) for c in cols)


def _has_number(grid: Grid, row: int, cols: list[int]) -> bool:
    return any(re.search(r"\d", grid.cell(row, c)) for c in cols)


# ---- the indicator block ------------------------------------------------------------------------
def _indicator_columns(grid: Grid, header: int) -> tuple[dict[str, list[int]], int]:
    """Columns by role; a second header row (指标性质 | 指标值 | 度量单位) refines the first."""
    top = grid.rows[header - 1]
    below = grid.rows[header] if header < len(grid.rows) else ()
    sub = [role_of(c, INDICATOR_ROLES) for c in below]
    two_rows = any(r in ("nature", "unit") for r in sub) or (
        bool(below) and "target" in sub and not any(re.search(r"\d", c) for c in below)
    )
    width = max(len(top), len(below) if two_rows else 0)
    roles: list[str | None] = []
    for c in range(width):
        lower = sub[c] if two_rows and c < len(sub) else None
        upper = role_of(top[c], INDICATOR_ROLES) if c < len(top) else None
        roles.append(lower or upper)
    if "nature" in roles or "unit" in roles:
        roles = ["value" if r == "target" else r for r in roles]
    cols: dict[str, list[int]] = {}
    for c, role in enumerate(roles, start=1):
        if role and (role in ("target", "value") or role not in cols):
            cols.setdefault(role, []).append(c)
    return cols, header + (2 if two_rows else 1)


def _columns(cells: Sequence[str], roles: dict[str, tuple[str, ...]]) -> dict[str, list[int]]:
    cols: dict[str, list[int]] = {}
    for c, text in enumerate(cells, start=1):
        role = role_of(text, roles)
        if role and role not in cols:
            cols[role] = [c]
    return cols


def _indicator_rows(
    grid: Grid, cols: dict[str, list[int]], first: int, end: int
) -> tuple[tuple[IndicatorRow, ...], tuple[GroupWeight, ...], int | None]:
    rows: list[IndicatorRow] = []
    groups: dict[str, GroupWeight] = {}
    level1 = level2 = ""
    for r in range(first, end + 1):
        if _is_total(grid, r, cols):
            return tuple(rows), tuple(groups.values()), r
        raw1, raw2 = _text(grid, r, cols, "level1"), _text(grid, r, cols, "level2")
        if raw1:
            level1, level2 = raw1, ""
        level2 = raw2 or level2
        name = _text(grid, r, cols, "level3")
        group, weight = _group_name(level1, level2)
        if weight is not None and group not in groups:
            groups[group] = GroupWeight(group, r, CellRef(weight, r, cols.get("level1", [0])[0]))
        if not name and _has_text(grid, r, cols.get("actual", []) + cols.get("target", [])):
            name = level2 or f"R{r}"  # a row without its 三级 name is still audited, never dropped
        if name and not any(w in name for w in SUBTOTAL_WORDS):
            rows.append(_row(grid, r, cols, group, level2, name))
        elif _has_number(grid, r, cols.get("score", []) + cols.get("weight", [])) and group:
            groups[group] = GroupWeight(
                group, r, _ref(grid, r, cols.get("weight", [])), _ref(grid, r, cols.get("score", []))
            )
    return tuple(rows), tuple(groups.values()), None


def _group_name(level1: str, level2: str) -> tuple[str, str | None]:
    """`产出指标（50分）` → (产出指标, "50"); `(50分)` alone takes its name from the 二级 column."""
    m = _POINTS.search(level1)
    name = _POINTS.sub("", level1).strip() if m else level1.strip()
    if not name:
        name = LEVEL1_OF.get(_NOISE.sub("", level2), level2)
    return name, (m.group(1) if m else None)


def _row(grid: Grid, r: int, cols: dict[str, list[int]], level1: str, level2: str, name: str) -> IndicatorRow:
    target_cols = cols.get("nature", []) + cols.get("target", []) + cols.get("value", []) + cols.get("unit", [])
    parts: list[str] = []
    for c in sorted(target_cols):
        text = grid.cell(r, c)
        if text and (not parts or parts[-1] != text):
            parts.append(text)
    target = CellRef(_join_target(parts), r, min(target_cols) if target_cols else 0)
    return IndicatorRow(
        row=r,
        level1=level1,
        level2=level2,
        name=name,
        target=target,
        actual=_ref(grid, r, cols.get("actual", [])),
        weight=_ref(grid, r, cols.get("weight", [])),
        score=_ref(grid, r, cols.get("score", [])),
        reason=_ref(grid, r, cols.get("reason", [])),
        rule=_ref(grid, r, cols.get("rule", [])),
    )


def _join_target(parts: list[str]) -> str:
    """`正向指标 | 95 | %` → `≥95%`; `≥ | 100 | %` → `≥100%`; one cell stays as printed."""
    natures = {"正向": "≥", "正向指标": "≥", "反向": "≤", "反向指标": "≤", "等于": "=", "持平": "="}
    if len(parts) > 1:
        head = natures.get(parts[0], parts[0])
        if parts[0] in ("定性", "定性指标"):
            return "".join(parts[1:])
        return head + "".join(parts[1:])
    return parts[0] if parts else ""


def _text(grid: Grid, r: int, cols: dict[str, list[int]], role: str) -> str:
    return grid.cell(r, cols[role][0]) if role in cols else ""


def _ref(grid: Grid, r: int, cols: list[int]) -> CellRef:
    return CellRef(grid.cell(r, cols[0]), r, cols[0]) if cols else CellRef("", r, 0)


def _is_total(grid: Grid, r: int, cols: dict[str, list[int]]) -> bool:
    last_label = max([c for role in ("level1", "level2", "level3") for c in cols.get(role, [])] or [3])
    return any(_NOISE.sub("", grid.cell(r, c)) in TOTAL_WORDS for c in range(1, last_label + 1))


def _total_cell(grid: Grid, row: int | None, cols: list[int], fallback: bool = True) -> CellRef | None:
    if row is None:
        return None
    if cols and grid.cell(row, cols[0]):
        return CellRef(grid.cell(row, cols[0]), row, cols[0])
    if not fallback:
        return None
    cells = grid.rows[row - 1]
    for c in range(len(cells), 0, -1):
        if re.fullmatch(r"\d+(\.\d+)?", cells[c - 1]):
            return CellRef(cells[c - 1], row, c)
    return None
