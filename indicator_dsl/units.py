"""Units as a registry: each unit has dimensions and an exact factor to its base unit.

Values are held in base units (元, 米, 亩, 立方米, 克, 天, 月, a plain ratio for %), so 5万元
is 50000 and 100% is 1.  Count units (个, 件, 人, 座 …) are each their own dimension: adding
people to cases is a mistake worth reporting.  `万`/`亿`/`千`/`百` in front of any known unit
scale it (万亩, 亿元, 万人次); a prefix standing alone (`300万`, `50万/月`) scales the unit of
the indicator it is written for (`context`), so `300万` on a 万元 indicator is 300万元.

The tables below are the registry: a new unit is a new row, never a new branch.
"""

from __future__ import annotations

import re
from collections.abc import Mapping
from dataclasses import dataclass
from fractions import Fraction
from functools import lru_cache

from .rational import format_fixed

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
PREFIXES: dict[str, Fraction] = {
    "万": Fraction(10_000),
    "亿": Fraction(10**8),
    "千": Fraction(1000),
    "百": Fraction(100),
}
MAX_PREFIXES = 4  # `百万亿元` is as far as any table goes; longer runs are not a unit (W302)


def register(names: str, dims: Dims, factor: Fraction | int = 1) -> None:
    """Register a unit under each of its space-separated names."""
    for name in names.split():
        REGISTRY[name] = Unit(name, dims, Fraction(factor))


# Dimensionless: a plain ratio is the base (100% = 1).
RATIOS: list[tuple[str, Fraction | int]] = [
    ("% ％ 百分比 percent", Fraction(1, 100)),
    ("‰ 千分比", Fraction(1, 1000)),
    ("百分点 个百分点", Fraction(1, 100)),
    ("倍", 1),
]
# Measures: dimension → (names, factor to the dimension's base unit), exact by definition
# (1 公顷 = 15 亩 = 10,000 平方米, 1 斤 = 500 克).
MEASURES: dict[str, list[tuple[str, Fraction | int]]] = {
    "money": [("元 yuan 块", 1)],
    "length": [
        ("米 m M 公尺", 1),
        ("公里 千米 km KM", 1000),
        ("厘米 cm", Fraction(1, 100)),
        ("毫米 mm", Fraction(1, 1000)),
    ],
    "area": [
        ("亩", 1),
        ("平方米 平米 m2 m² ㎡", Fraction(3, 2000)),
        ("公顷 ha hm2 hm²", 15),
        ("平方公里 平方千米 km2 km² ㎢", 1500),
    ],
    "volume": [("立方米 立方 方 m3 m³ ㎥", 1), ("升 L", Fraction(1, 1000))],
    "mass": [("克 g", 1), ("千克 公斤 kg", 1000), ("吨 t", 10**6), ("斤", 500)],
    "day": [("天 日 day days", 1), ("小时 hour hours", Fraction(1, 24)), ("周 星期", 7)],
    "month": [("月 个月", 1), ("季度 季 个季度", 3), ("半年", 6), ("年 年度", 12)],
    "points": [("分 points", 1)],
}
# Counts: each word its own dimension (座 and 辆 never add).  Synonyms share one dimension.
COUNTS = (
    "个 件 次 人 项 台 份 套 户 家 所 场 篇 本 册 辆 条 批 期 处 座 名 宗 起 课题 栋 幢 株 棵 村 种 批次 间"
    " 张 头 只 艘 架 部 门 位 组 队 支 块 片 眼 口 盏 根 座次 场次 车次 班次 架次 户次 个次 课时 学时 例 床 校"
).split()
COUNT_SYNONYMS = {"人次": "人次 人/次 人·次 人*次", "户次": "户次 户/次", "株": "株 棵"}

for _names, _factor in RATIOS:
    register(_names, (), _factor)
for _dimension, _rows in MEASURES.items():
    for _names, _factor in _rows:
        register(_names, _dims(**{_dimension: 1}), _factor)
for _count in COUNTS:
    register(_count, _dims(**{_count: 1}))
for _count, _names in COUNT_SYNONYMS.items():
    register(_names, _dims(**{_count: 1}))

COUNT_KINDS = frozenset(COUNTS) | frozenset(COUNT_SYNONYMS)
PERCENT = REGISTRY["%"]
DIMENSIONLESS = Unit("", (), Fraction(1))
_OPERATOR = re.compile(r"([/／*＊×·•])")


def lookup(text: str, declared: Mapping[str, Unit] | None = None, context: Unit | None = None) -> Unit:
    """The unit for `text` (`万元`, `元/人/月`, `%`); unknown words become units of their own
    (with `known=False`) so the checker can warn instead of failing.

    After the first `/` every part divides (`元/人/月` and `元/人*月` are both 元 per person-month).
    `context` is the unit of the indicator the text is written for: a bare prefix (`300万`)
    takes its root unit."""
    text = text.strip()
    if not text:
        return DIMENSIONLESS
    whole = _registered(text, declared)
    if whole is not None:
        return whole
    parts = _OPERATOR.split(text)
    roots = _roots(context)
    unit = _simple(parts[0], declared, roots[0] if roots else None)
    dividing = False
    for i, (op, word) in enumerate(zip(parts[1::2], parts[2::2], strict=True), start=1):
        dividing = dividing or op in "/／"
        root = roots[i] if i < len(roots) else None
        unit = combine(unit, _simple(word, declared, root), "/" if dividing else "*")
    return Unit(text, unit.dims, unit.factor, unit.known)


def _registered(word: str, declared: Mapping[str, Unit] | None) -> Unit | None:
    if declared and word in declared:
        return declared[word]
    return REGISTRY.get(word)


def _simple(word: str, declared: Mapping[str, Unit] | None, root: str | None = None) -> Unit:
    """One word: registered, or prefixes (at most MAX_PREFIXES) before a registered word, or
    prefixes alone (they scale `root`, the indicator's own unit word, or a plain number)."""
    found = _registered(word, declared)
    if found is not None:
        return found
    scale, rest, count = Fraction(1), word, 0
    while rest and _registered(rest, declared) is None and rest[0] in PREFIXES and count < MAX_PREFIXES:
        scale, rest, count = scale * PREFIXES[rest[0]], rest[1:], count + 1
    if not count:
        return _unknown(word)
    if not rest:
        base = _registered(root, declared) if root else None
        if base is None or base.dimensionless:
            return Unit(word, (), scale)
        return Unit(word, base.dims, scale * base.factor)
    base = _registered(rest, declared)
    return Unit(word, base.dims, base.factor * scale) if base else _unknown(word)


def _unknown(word: str) -> Unit:
    return Unit(word, _dims(**{word: 1}), Fraction(1), known=False)


def _roots(context: Unit | None) -> list[str]:
    """The root word of each part of the context unit: `万元/月` → [元, 月]."""
    if context is None or not context.name:
        return []
    return [strip_prefixes(part) for part in _OPERATOR.split(context.name)[::2]]


def strip_prefixes(word: str) -> str:
    """`万亩` → `亩`, `亿元` → `元`; a registered word is its own root (`千米`, `百分比`)."""
    rest = word
    while rest not in REGISTRY and len(rest) > 1 and rest[0] in PREFIXES:
        rest = rest[1:]
    return rest if rest in REGISTRY else word


def combine(a: Unit, b: Unit, op: str) -> Unit:
    """Product or quotient of two units (dimensions add or subtract)."""
    sign = 1 if op == "*" else -1
    powers = dict(a.dims)
    for k, v in b.dims:
        powers[k] = powers.get(k, 0) + sign * v
    factor = a.factor * b.factor if op == "*" else a.factor / b.factor
    return Unit(f"{a.name}{op}{b.name}", _dims(**powers), factor, a.known and b.known)


def is_count(unit: Unit | None) -> bool:
    """座, 辆, 人次 …: things counted, never fewer than none (万人 too; 元/人 is not a count)."""
    return unit is not None and len(unit.dims) == 1 and unit.dims[0][1] == 1 and unit.dims[0][0] in COUNT_KINDS


@lru_cache(maxsize=4096)
def is_count_name(name: str) -> bool:
    """`is_count` of a unit known only by its name (an evaluation's display unit)."""
    return is_count(lookup(name))


def amount_digits(value: Fraction, unit: Unit | None, places: int, count: bool | None = None) -> str:
    """A base-unit value in `unit`, without the unit's name, as every report prints it: a whole
    count (座, 处, 人次 — the registry's count kinds) as `8`, never `8.00`; anything else, and a
    count with a fraction (`7.50`), with `places` decimals, rounded 四舍五入.  `count` overrides
    the unit's own kind (a caller that knows the unit only by name passes `is_count_name`)."""
    shown = value / (unit.factor if unit else 1)
    counted = is_count(unit) if count is None else count
    if counted and shown.denominator == 1:
        return str(shown.numerator)
    return format_fixed(shown, places)


def amount_text(value: Fraction, unit: Unit | None, places: int) -> str:
    """`amount_digits` followed by the unit's name (`8座`, `7.50处`, `95.00%`)."""
    return amount_digits(value, unit, places) + (unit.name if unit else "")


def describe(unit: Unit | None) -> str:
    return unit.name if unit and unit.name else "无单位"
