"""Columns found by header text, not position: synonyms per role, header detection, row mapping.

A published table names the same column many ways (指标值 / 年度指标值 / 目标值; 分值 / 权重).
`ROLES` maps each header text to a role; the longest synonym that a header cell matches wins,
so 年度指标值 is the target and 实施周期指标值 the period target.
"""

from __future__ import annotations

import re
from collections.abc import Sequence

from .cells import Cell

# role → header synonyms (as printed, compared without spaces, line breaks or bracketed units)
ROLES: dict[str, tuple[str, ...]] = {
    "level1": ("一级指标",),
    "level2": ("二级指标",),
    "level3": ("三级指标", "指标名称", "绩效指标名称"),
    "description": ("绩效指标描述", "指标描述", "指标内容", "指标解释"),
    "formula": ("计算公式", "指标计算公式", "公式"),
    "target": ("年度指标值", "指标值", "目标值", "年度目标值", "绩效目标值", "预期指标值"),
    "comparator": ("指标性质", "指标值符号", "比较符号", "符号"),  # split targets: 指标性质 | 指标值 | 度量单位
    "period_target": ("实施周期指标值", "中期指标值"),
    "actual": ("实际完成值", "全年实际值", "实际值", "完成值"),
    "weight": ("分值", "权重", "指标分值"),
    "score": ("得分", "自评得分"),
    "bands": ("评分等级", "等级"),
    "rule": ("评分标准", "扣分标准", "评分细则", "评分方法", "计分方法", "评分规则", "评价标准"),  # 评(扣)分标准 too
    "direction": ("指标方向", "方向"),
    "unit": ("计量单位", "度量单位", "单位"),
    "basis": ("指标值确定依据", "数据来源", "评价依据"),
    "reason": ("偏差原因分析及改进措施", "偏差原因", "偏差原因分析"),
    "note": ("备注", "说明"),
}
LABELS = ("level1", "level2", "level3")
MAX_HEADER_SCAN = 40
_SYNONYMS = sorted(((s, r) for r, syns in ROLES.items() for s in syns), key=lambda p: -len(p[0]))
_NOISE = re.compile(r"[\s\u3000]+|[（(][^）)]*[）)]")


def role_of(text: str) -> str | None:
    """The role a header cell names, or None.  Exact synonym first, then the longest contained one."""
    key = _NOISE.sub("", text)
    if not key or len(key) > 20:
        return None
    for syn, role in _SYNONYMS:
        if key == syn:
            return role
    for syn, role in _SYNONYMS:
        if syn in key and len(syn) >= 3:
            return role
    return None


def header_roles(cells: Sequence[Cell]) -> list[str | None]:
    """Roles of a header row; empty header cells right of the target continue it (`≧ | 100 | %`)."""
    roles = [role_of(c.text) for c in cells]
    for i in range(1, len(roles)):
        if roles[i] is None and cells[i].blank and roles[i - 1] == "target":
            roles[i] = "target"
    return _dedupe(roles)


def _dedupe(roles: list[str | None]) -> list[str | None]:
    seen: set[str] = set()
    out: list[str | None] = []
    prev: str | None = None
    for r in roles:
        if r is not None and r in seen and not (r == "target" and prev == "target"):
            out.append(None)
        else:
            out.append(r)
            if r:
                seen.add(r)
        prev = out[-1]
    return out


def is_header(roles: Sequence[str | None]) -> bool:
    present = set(roles)
    return "level3" in present and bool(present & {"target", "period_target", "bands", "actual", "formula"})


def find_header(rows: Sequence[Sequence[Cell]]) -> int | None:
    """Index of the first row (within the first rows) that reads as an indicator table header."""
    for i, row in enumerate(rows[:MAX_HEADER_SCAN]):
        if is_header(header_roles(row)):
            return i
    return None


def map_row(roles: Sequence[str | None], cells: Sequence[Cell]) -> dict[str, list[Cell]]:
    """Cells of one data row by role.  Extracts drop merged cells, so a row shorter than its
    header keeps its label cells right-aligned on 三级指标 and its last cell as the target."""
    if len(cells) >= len(roles):
        return _positional(roles, cells)
    trimmed = list(roles)
    while trimmed and trimmed[0] is None and len(trimmed) > len(cells):
        trimmed.pop(0)
    if len(cells) >= len(trimmed):
        return _positional(trimmed, cells[len(cells) - len(trimmed) :])
    labels = [r for r in trimmed[: trimmed.index("level3") + 1]] if "level3" in trimmed else []
    values = [r for r in trimmed[len(labels) :] if r]
    values.sort(key=lambda r: (r != "target", r != "period_target"))
    n_values = max(1, len(cells) - len(labels))
    head, tail = cells[: len(cells) - n_values], cells[len(cells) - n_values :]
    out = _positional(labels[len(labels) - len(head) :] if head else [], head)
    for role, cell in zip(values, tail, strict=False):
        out.setdefault(role, []).append(cell)
    return out


def _positional(roles: Sequence[str | None], cells: Sequence[Cell]) -> dict[str, list[Cell]]:
    out: dict[str, list[Cell]] = {}
    for role, cell in zip(roles, cells, strict=False):
        if role:
            out.setdefault(role, []).append(cell)
    return out


_COMPARATOR_WORDS = re.compile(
    r"^(?:[≥≤><=≧≦＞＜＝﹦≠]=?|不低于|不高于|不少于|不多于|不超过|大于|小于|等于|高于|低于)$"
)


def split_target(fields: dict[str, list[Cell]]) -> list[Cell]:
    """The target cells, after a `指标性质` cell that holds a comparator (`≥ | 95 | %` split over
    指标性质 | 指标值 | 度量单位).  A 指标性质 cell with words (正向, 定量) is not a comparator."""
    comparators = [c for c in fields.get("comparator", []) if _COMPARATOR_WORDS.match(c.text.strip())]
    return comparators + list(fields.get("target", []))
