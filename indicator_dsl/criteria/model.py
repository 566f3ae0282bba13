"""A per-indicator 评分标准 as data: the rule kinds a printed 评(扣)分标准 column uses.

A rule is one of three shapes:
- `Scale`: ordered cases over one measured quantity (the actual, its deviation from a centre,
  a count of occurrences, or days/months/years late); each case is a value range and a piece
  that gives the points there — a fixed number, steps from an anchor (`每降低1个百分点扣0.5分`),
  a ratio to an anchor, or a straight line between two points.  Modifiers: a floor
  (扣完为止) and a cap (`最多加2分`).  Tiers, stepped deductions, tolerance bands, bonuses,
  per-occurrence deductions, lateness and baseline comparisons are all Scales.
- `Checklist`: items, each worth points when met (①…得1分；②…得1分).
- `YesNo`: points for 是 and for 否.

Numbers are in base units (100% is 1), points in 分 or as a share of the weight (满分 = share 1),
so the same rule scores a rescaled row by proportion.  Case ranges are `Interval`s of the one
interval type; an end may be relative to a named baseline (上年, 预算, 目标), resolved when
the row is scored.
"""

from __future__ import annotations

from dataclasses import dataclass
from enum import StrEnum
from fractions import Fraction

from ..intervals import Interval
from ..source import Span


class Measure(StrEnum):
    """What the cases of a scale test."""

    VALUE = "值"  # the actual, in base units
    DEVIATION = "偏差"  # |actual − centre| (or relative to the centre)
    COUNT = "次数"  # the actual is a count of occurrences (3次, 2例)
    LATE_DAYS = "逾期天数"
    LATE_MONTHS = "逾期月数"
    LATE_YEARS = "逾期年数"

    @property
    def late(self) -> bool:
        return self in (Measure.LATE_DAYS, Measure.LATE_MONTHS, Measure.LATE_YEARS)


class Partial(StrEnum):
    """How a fraction of a step counts (`每5个百分点扣1分` at 7 points short)."""

    PROPORTIONAL = "按比例"  # 7/5 steps
    WHOLE = "不足一步不计"  # 1 step
    STARTED = "不足一步按一步"  # 2 steps


@dataclass(frozen=True, slots=True)
class Points:
    """`share` of the weight plus `value` 分: 4分 is (4, 0), 满分 is (0, 1), 标准分的80% is
    (0, 4/5), 满分扣2分 is (−2, 1); a rescaled row keeps the shares."""

    value: Fraction = Fraction(0)
    share: Fraction = Fraction(0)

    def of(self, weight: Fraction) -> Fraction:
        return self.value + self.share * weight


FULL = Points(Fraction(0), Fraction(1))
ZERO = Points()


@dataclass(frozen=True, slots=True)
class Ref:
    """Interval ends measured from a named baseline: `offset` adds (上年 + 10个百分点), `scaled`
    multiplies (目标 × 2).  `目标` is the indicator's own target."""

    name: str
    scaled: bool = False


@dataclass(frozen=True, slots=True)
class Fixed:
    points: Points


@dataclass(frozen=True, slots=True)
class Steps:
    """`base` at `anchor`, then `points` per `size` of distance from it, `sign` −1 deducts."""

    anchor: Fraction
    base: Points
    size: Fraction
    points: Fraction
    sign: int = -1
    partial: Partial = Partial.PROPORTIONAL


@dataclass(frozen=True, slots=True)
class Ratio:
    """actual / anchor × weight (`inverse`: anchor / actual × weight); `anchor=None` is the target."""

    anchor: Fraction | None = None
    inverse: bool = False


@dataclass(frozen=True, slots=True)
class Linear:
    """A straight line from (x0, y0) to (x1, y1): base-then-linear, linear-to-zero."""

    x0: Fraction
    y0: Points
    x1: Fraction
    y1: Points


Piece = Fixed | Steps | Ratio | Linear


@dataclass(frozen=True, slots=True)
class Case:
    range: Interval
    piece: Piece
    ref: Ref | None = None  # the range ends (and anchors) count from this baseline
    span: Span | None = None  # where the printed text says it


@dataclass(frozen=True, slots=True)
class Scale:
    measure: Measure
    cases: tuple[Case, ...]
    unit: str = ""  # display unit of thresholds (%, 万元, 次 …)
    floor: Points | None = None  # 扣完为止 → 0
    cap: Points | None = None  # 最多 … / 最高 …
    relative: bool = False  # deviation divided by the centre
    center: Fraction | None = None  # deviation from this value; None: the target


@dataclass(frozen=True, slots=True)
class Item:
    label: str
    points: Points
    span: Span | None = None


@dataclass(frozen=True, slots=True)
class Checklist:
    items: tuple[Item, ...]


@dataclass(frozen=True, slots=True)
class YesNo:
    yes: Points
    no: Points
    yes_word: str = "是"
    no_word: str = "否"


Criterion = Scale | Checklist | YesNo


@dataclass(frozen=True, slots=True)
class Reading:
    """A choice the reader made where the text was damaged or ambiguous-but-forced: a code
    (W/I in the rules range), the span in the rule text, and the message arguments."""

    code: str
    span: Span
    args: tuple[tuple[str, str], ...] = ()


@dataclass(frozen=True, slots=True)
class Rule:
    """A 评分 clause: the printed text (None when written in the structured form), the
    structured criterion read from it, and the readings that were needed."""

    criterion: Criterion
    text: str | None = None
    readings: tuple[Reading, ...] = ()
