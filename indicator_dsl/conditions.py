"""Target conditions: what a 申报表 target cell means, and whether an actual value meets it.

Use it like this::

    from fractions import Fraction as F
    from indicator_dsl.conditions import Compared, Within, Deadline, YesNo, Statement, Baseline
    from indicator_dsl.ast import Comparator

    Compared(Comparator.GE, F(9, 10)).met(F(95, 100))          # ≥90% — True
    Within(Interval.closed(F(95, 100), F(1))).met(F(1))        # [95%, 100%] — True
    Deadline(date(2024, 12, 31), "2024年年底前").met(date(2025, 1, 3))     # False (late)
    YesNo(False, "否").met(False)                                # 是否发生安全事故: 否 — True
    Statement("良好").met("良好")                                 # own words repeated — True
    Baseline(Comparator.LE, "预算").met(F(80), {"预算": F(90)})   # 不超过预算 — True

Every condition has a stable `kind` (the key scheme rules and per-indicator 评分 rules use),
a `direction` (正向/反向/等于/区间), `met(actual, baselines)` answering exactly, and `text`.
Actual values are typed like the condition: a `Fraction` in base units for quantities and
baselines, a `datetime.date` or `DaySpan` for deadlines and periods, a `bool` for 是/否, a
`str` for statements.  `met` raises `WrongActual` for an actual of another kind and
`MissingBaseline` for a baseline the caller did not give, so a caller codes it, never guesses.
Conditions that apply to records (quantities, dates as day numbers) expose `interval`: the one
band test every engine already renders.
"""

from __future__ import annotations

import calendar
from collections.abc import Mapping
from dataclasses import dataclass
from datetime import date
from fractions import Fraction
from typing import ClassVar

from .ast import Comparator, Direction
from .dates import DaySpan, day_number
from .intervals import Interval
from .own_words import said

Actual = Fraction | int | date | DaySpan | bool | str
Baselines = Mapping[str, Fraction]

DIRECTION_OF_COMPARATOR = {
    Comparator.GE: Direction.POSITIVE,
    Comparator.GT: Direction.POSITIVE,
    Comparator.LE: Direction.NEGATIVE,
    Comparator.LT: Direction.NEGATIVE,
    Comparator.EQ: Direction.EQUAL,
    Comparator.NE: Direction.EQUAL,
}


class WrongActual(TypeError):
    """The actual value is of another kind than the condition (a date for a rate …)."""


class AmbiguousWords(ValueError):
    """The actual neither plainly repeats nor plainly denies a statement's words (a double
    negation, clauses that disagree …): `reason` keys `own_words.REASONS`; callers code it."""

    def __init__(self, actual: str, words: str, reason: str) -> None:
        super().__init__(actual, words, reason)
        self.actual, self.words, self.reason = actual, words, reason


class MissingBaseline(KeyError):
    """The named baseline (上年, 预算 …) was not given with the actuals."""


def _quantity(actual: Actual) -> Fraction:
    if isinstance(actual, bool) or not isinstance(actual, Fraction | int):
        raise WrongActual(actual)
    return Fraction(actual)


def _days(actual: Actual) -> DaySpan:
    if isinstance(actual, DaySpan):
        return actual
    if isinstance(actual, date):
        return DaySpan(actual, actual)
    raise WrongActual(actual)


@dataclass(frozen=True, slots=True)
class Compared:
    """`≥90%`, `<5次`, `=8个`: the actual compared with one number (base units)."""

    kind: ClassVar[str] = "compared"
    comparator: Comparator
    value: Fraction
    text: str = ""

    @property
    def direction(self) -> Direction:
        return DIRECTION_OF_COMPARATOR[self.comparator]

    @property
    def interval(self) -> Interval | None:
        return Interval.from_comparator(self.comparator.value, self.value)

    def met(self, actual: Actual, baselines: Baselines | None = None) -> bool:
        return self.comparator.holds(_quantity(actual), self.value)


@dataclass(frozen=True, slots=True)
class Within:
    """`[95%, 100%]`, `95%～100%`, `90%±5%`, `±10%`: the actual inside an interval."""

    kind: ClassVar[str] = "interval"
    interval: Interval
    text: str = ""
    direction: Direction = Direction.RANGE

    def met(self, actual: Actual, baselines: Baselines | None = None) -> bool:
        return self.interval.contains(_quantity(actual))


@dataclass(frozen=True, slots=True)
class Deadline:
    """`2024年年底前`, `2024年11月`, `每年6月底前`: done on or before the `due` day.

    An actual known only to a month (`2024年11月`) is judged by its last day: met only when
    even that is in time, so a coarse actual never earns a deadline it may have missed."""

    kind: ClassVar[str] = "deadline"
    due: date
    text: str = ""
    recurring: bool = False
    direction: Direction = Direction.NEGATIVE  # earlier is better

    @property
    def interval(self) -> Interval:
        return Interval(None, False, Fraction(day_number(self.due)), True)

    def met(self, actual: Actual, baselines: Baselines | None = None) -> bool:
        return _days(actual).last <= self.due

    def days_late(self, actual: Actual) -> int:
        return max(0, (_days(actual).last - self.due).days)

    def months_late(self, actual: Actual) -> int:
        """Started months late: the least m with due + m months ≥ the actual's last day (a
        month-end due date stays a month end: 6月30日 + 1 month is 7月31日)."""
        last = _days(actual).last
        if last <= self.due:
            return 0
        months = (last.year - self.due.year) * 12 + last.month - self.due.month
        return months if _add_months(self.due, months) >= last else months + 1


def _add_months(d: date, months: int) -> date:
    year, month = divmod(d.month - 1 + months, 12)
    year, month = d.year + year, month + 1
    month_end = d.day == calendar.monthrange(d.year, d.month)[1]
    last = calendar.monthrange(year, month)[1]
    return date(year, month, last if month_end else min(d.day, last))


@dataclass(frozen=True, slots=True)
class Period:
    """`2022.03-2022.12`, `2021年2月--2021年10月`: the work happens within [start, end]."""

    kind: ClassVar[str] = "period"
    start: date
    end: date
    text: str = ""
    direction: Direction = Direction.RANGE

    @property
    def interval(self) -> Interval:
        return Interval.closed(day_number(self.start), day_number(self.end))

    def met(self, actual: Actual, baselines: Baselines | None = None) -> bool:
        span = _days(actual)
        return self.start <= span.first and span.last <= self.end


@dataclass(frozen=True, slots=True)
class YesNo:
    """`是` / `否` / `有` / `无`: all or nothing."""

    kind: ClassVar[str] = "yes_no"
    expected: bool
    text: str = ""
    direction: Direction = Direction.EQUAL

    def met(self, actual: Actual, baselines: Baselines | None = None) -> bool:
        if not isinstance(actual, bool):
            raise WrongActual(actual)
        return actual == self.expected


@dataclass(frozen=True, slots=True)
class Statement:
    """A qualitative target (`良好`, `显著`, `应付尽付`): met when the actual repeats its own
    words and does not deny them (`不够显著`, `改善不明显`; `own_words.said` judges the clause).
    Raises `AmbiguousWords` where the actual has no single reading (`并非没有改善`)."""

    kind: ClassVar[str] = "statement"
    words: str
    direction: Direction = Direction.EQUAL

    @property
    def text(self) -> str:
        return self.words

    def met(self, actual: Actual, baselines: Baselines | None = None) -> bool:
        if not isinstance(actual, str):
            raise WrongActual(actual)
        verdict = said(actual, self.words)
        if verdict.verdict == "ambiguous":
            raise AmbiguousWords(actual, self.words, verdict.reason)
        return verdict.verdict == "affirmed"


@dataclass(frozen=True, slots=True)
class Baseline:
    """A comparison with a named input: `不超过预算` (≤ 预算), `较上年增长` (> 上年),
    `比上年提高10个百分点` (≥ 上年 + 10%), `比上年增长5%` (≥ 上年 × 105%).

    `points` adds to the baseline (percentage points, base units); `ratio` multiplies it."""

    kind: ClassVar[str] = "baseline"
    comparator: Comparator
    name: str
    points: Fraction = Fraction(0)
    ratio: Fraction = Fraction(1)
    text: str = ""

    @property
    def direction(self) -> Direction:
        return DIRECTION_OF_COMPARATOR[self.comparator]

    def threshold(self, baselines: Baselines | None) -> Fraction:
        if baselines is None or self.name not in baselines:
            raise MissingBaseline(self.name)
        return baselines[self.name] * self.ratio + self.points

    def met(self, actual: Actual, baselines: Baselines | None = None) -> bool:
        return self.comparator.holds(_quantity(actual), self.threshold(baselines))


@dataclass(frozen=True, slots=True)
class AnyOf:
    """`不低于85%或比上年提高10个百分点`: met when any part is met."""

    kind: ClassVar[str] = "any_of"
    parts: tuple[Condition, ...]
    text: str = ""

    @property
    def direction(self) -> Direction:
        return self.parts[0].direction

    def met(self, actual: Actual, baselines: Baselines | None = None) -> bool:
        return any(p.met(actual, baselines) for p in self.parts)


Condition = Compared | Within | Deadline | Period | YesNo | Statement | Baseline | AnyOf
KINDS: dict[str, type] = {c.kind: c for c in (Compared, Within, Deadline, Period, YesNo, Statement, Baseline, AnyOf)}


def baseline_names(cond: Condition | None) -> set[str]:
    """Names of the baselines (上年, 预算 …) a condition compares with: values the actuals give."""
    if isinstance(cond, AnyOf):
        return {n for p in cond.parts for n in baseline_names(p)}
    return {cond.name} if isinstance(cond, Baseline) else set()
