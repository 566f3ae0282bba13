"""Units as a registry: each unit has dimensions and a factor to its base unit.

Values are held in base units (元, 天, a plain ratio for %), so 5万元 is 50000 and 100% is 1.
Count units (个, 件, 人 …) are each their own dimension: adding people to cases is a mistake
worth reporting.  `万`/`亿`/`千` in front of any known unit scales it (万亩, 亿元, 万人).
"""

from __future__ import annotations

import re
from collections.abc import Mapping
from dataclasses import dataclass
from fractions import Fraction

Dims = tuple[tuple[str, int], ...]


@dataclass(frozen=True, slots=True)
class Unit:
    name: str
    dims: Dims
    factor: Fraction
    known: bool = True

    @property
    def dimensionless(self) -> bool:
        return not self.dims

    def compatible(self, other: Unit) -> bool:
        return self.dims == other.dims


def _dims(**powers: int) -> Dims:
    return tuple(sorted((k, v) for k, v in powers.items() if v))


REGISTRY: dict[str, Unit] = {}
_PREFIXES = {"万": Fraction(10_000), "亿": Fraction(10**8), "千": Fraction(1000), "百": Fraction(100)}


def register(names: str, dims: Dims, factor: Fraction | int = 1) -> None:
    """Register a unit under each of its space-separated names."""
    for name in names.split():
        REGISTRY[name] = Unit(name, dims, Fraction(factor))


register("% ％ 百分比 percent", (), Fraction(1, 100))
register("‰", (), Fraction(1, 1000))
register("百分点", (), Fraction(1, 100))
register("倍", (), 1)
register("元 yuan", _dims(money=1))
register("天 日 day days", _dims(day=1))
register("小时 hour hours", _dims(day=1), Fraction(1, 24))
register("亩", _dims(area=1))
register("平方米 m2 ㎡", _dims(area_m2=1))
register("米 m", _dims(length=1))
register("公里 km", _dims(length=1), 1000)
for _count in "个 件 次 人 项 台 份 套 户 家 所 场 篇 本 册 辆 条 批 期 处 座 名 宗 起 课题 人次 月 年".split():
    register(_count, _dims(**{_count: 1}))
register("分 points", _dims(points=1))

PERCENT = REGISTRY["%"]
DIMENSIONLESS = Unit("", (), Fraction(1))


def lookup(text: str, declared: Mapping[str, Unit] | None = None) -> Unit:
    """The unit for `text` (`万元`, `元/人*月`, `%`); unknown words become units of their own
    (with `known=False`) so the checker can warn instead of failing."""
    text = text.strip()
    if not text:
        return DIMENSIONLESS
    parts = re.split(r"([/／*＊×])", text)
    unit = _simple(parts[0], declared)
    for op, word in zip(parts[1::2], parts[2::2], strict=True):
        unit = combine(unit, _simple(word, declared), "/" if op in "/／" else "*")
    return Unit(text, unit.dims, unit.factor, unit.known)


def _simple(word: str, declared: Mapping[str, Unit] | None) -> Unit:
    if declared and word in declared:
        return declared[word]
    if word in REGISTRY:
        return REGISTRY[word]
    if len(word) > 1 and word[0] in _PREFIXES:
        base = _simple(word[1:], declared)
        if base.known:
            return Unit(word, base.dims, base.factor * _PREFIXES[word[0]])
    return Unit(word, _dims(**{word: 1}), Fraction(1), known=False)


def combine(a: Unit, b: Unit, op: str) -> Unit:
    """Product or quotient of two units (dimensions add or subtract)."""
    sign = 1 if op == "*" else -1
    powers = dict(a.dims)
    for k, v in b.dims:
        powers[k] = powers.get(k, 0) + sign * v
    factor = a.factor * b.factor if op == "*" else a.factor / b.factor
    return Unit(f"{a.name}{op}{b.name}", _dims(**powers), factor, a.known and b.known)


def describe(unit: Unit | None) -> str:
    return unit.name if unit and unit.name else "无单位"
