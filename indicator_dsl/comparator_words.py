"""Comparator words as tables print them, one table for targets, bands and actuals.

`COMPARATORS` maps every written comparator (`≥ >= ≧ 不低于 大于 ═ ﹦ …`) to its `Comparator`;
`SUFFIX_COMPARATORS` the words after a number (Chinese legal convention: 以上/以下/以内 include
the number).  The grammar's builder reads targets and bands with them, and
`actual_values.read_actual` reads a cell that carries one (`≥90%`, `小于5次`, `88.32%及以上`), so a
comparator means the same in a `.ind` file, an imported table and an actual.
"""

from __future__ import annotations

from .ast import Comparator

COMPARATORS: dict[str, Comparator] = {}
for _texts, _cmp in (
    ("≥ >= ≧ ＞＝ 不低于 不少于 不小于 大于等于 至少", Comparator.GE),
    ("≤ <= ≦ ＜＝ 不高于 不超过 不多于 不大于 小于等于 至多", Comparator.LE),
    ("> ＞ 大于 高于 超过 多于", Comparator.GT),
    ("< ＜ 小于 低于 少于 不满 不足", Comparator.LT),
    ("= ＝ ﹦ ═ == 等于", Comparator.EQ),
    ("≠ !=", Comparator.NE),
):
    for _t in _texts.split():
        COMPARATORS[_t] = _cmp
SUFFIX_COMPARATORS = {
    "以上": Comparator.GE,
    "及以上": Comparator.GE,
    "以下": Comparator.LE,
    "及以下": Comparator.LE,
    "以内": Comparator.LE,
}
