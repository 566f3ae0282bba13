"""The one interval type: bands, targets, scheme tiers, rule tiers and date periods all use it.

Use it like this::

    from fractions import Fraction as F
    from indicator_dsl.intervals import Interval

    iv = Interval.closed(F(95, 100), F(1))        # [95%, 100%] in base units
    iv.contains(F(97, 100))                       # True
    Interval.from_comparator("≥", F(9, 10))       # [90%, +∞): the band test of `≥90%`
    iv.text("%", F(1, 100))                       # '[95%, 100%]'

Ends are exact `Fraction`s (day numbers of dates too: `Fraction(day_number(d))`) or `None`;
each end is open or closed.  The type lives on the ground floor (it imports only `rational`)
so the grammar's semantics, the checker, the engines and scoring can share it without a cycle.
Engines render `contains` as their own band test; they never need another interval class.
"""

from __future__ import annotations

from collections.abc import Callable
from dataclasses import dataclass
from fractions import Fraction

from .rational import decimal_text, format_fixed

Number = Fraction | int
Pick = Callable[[Fraction, Fraction], Fraction]


@dataclass(frozen=True, slots=True)
class Interval:
    """A set of values `low .. high`; `None` ends are unbounded (and then count as open)."""

    low: Fraction | None
    low_closed: bool
    high: Fraction | None
    high_closed: bool

    # ---- constructors ------------------------------------------------------------------------
    @classmethod
    def closed(cls, low: Number, high: Number) -> Interval:
        return cls(Fraction(low), True, Fraction(high), True)

    @classmethod
    def point(cls, value: Number) -> Interval:
        return cls(Fraction(value), True, Fraction(value), True)

    @classmethod
    def everything(cls) -> Interval:
        return cls(None, False, None, False)

    @classmethod
    def from_comparator(cls, comparator: str, value: Number) -> Interval | None:
        """`≥ v` → [v, +∞), `< v` → (-∞, v), `= v` → [v, v]; `≠` is no interval (None)."""
        shape = _COMPARATOR_SHAPES.get(str(comparator))
        if shape is None:
            return None
        low, low_closed, high, high_closed = shape
        v = Fraction(value)
        return cls(v if low else None, low_closed, v if high else None, high_closed)

    # ---- questions ---------------------------------------------------------------------------
    def contains(self, value: Number) -> bool:
        if self.low is not None and (value < self.low or (value == self.low and not self.low_closed)):
            return False
        return not (self.high is not None and (value > self.high or (value == self.high and not self.high_closed)))

    @property
    def is_empty(self) -> bool:
        """True for low > high, and for (a, a), [a, a), (a, a]."""
        if self.low is None or self.high is None:
            return False
        return self.low > self.high or (self.low == self.high and not (self.low_closed and self.high_closed))

    @property
    def is_point(self) -> bool:
        return self.low is not None and self.low == self.high and self.low_closed and self.high_closed

    def below(self, value: Number) -> bool:
        """The value lies below the interval (not reaching its low end)."""
        return self.low is not None and (value < self.low or (value == self.low and not self.low_closed))

    def above(self, value: Number) -> bool:
        return self.high is not None and (value > self.high or (value == self.high and not self.high_closed))

    def distance(self, value: Number) -> Fraction:
        """How far the value lies outside (0 inside or on an open end)."""
        if self.low is not None and value < self.low:
            return self.low - value
        if self.high is not None and value > self.high:
            return value - self.high
        return Fraction(0)

    def intersect(self, other: Interval) -> Interval:
        low, low_closed = _tighter(self.low, self.low_closed, other.low, other.low_closed, max)
        high, high_closed = _tighter(self.high, self.high_closed, other.high, other.high_closed, min)
        return Interval(low, low_closed, high, high_closed)

    def scaled(self, factor: Fraction) -> Interval:
        """The same interval in another unit (ends multiplied by a positive factor)."""
        return Interval(
            None if self.low is None else self.low * factor,
            self.low_closed,
            None if self.high is None else self.high * factor,
            self.high_closed,
        )

    # ---- text --------------------------------------------------------------------------------
    def text(self, unit: str = "", factor: Fraction = Fraction(1)) -> str:
        """`[60%, 70%)` in the display unit; a single value prints alone."""
        if self.low is not None and self.low == self.high:
            return number_text(self.low, unit, factor)
        low = "-∞" if self.low is None else number_text(self.low, unit, factor)
        high = "+∞" if self.high is None else number_text(self.high, unit, factor)
        return f"{'[' if self.low_closed else '('}{low}, {high}{']' if self.high_closed else ')'}"

    def band_text(self, grade: str, unit: str = "", factor: Fraction = Fraction(1)) -> str:
        """The interval as a band the grammar reads back (`[60%, 70%) 中`)."""
        low = "" if self.low is None else number_text(self.low, unit, factor)
        high = "" if self.high is None else number_text(self.high, unit, factor)
        return f"{'[' if self.low_closed else '('}{low}, {high}{']' if self.high_closed else ')'} {grade}"


_COMPARATOR_SHAPES: dict[str, tuple[bool, bool, bool, bool]] = {
    # (has low, low closed, has high, high closed)
    "≥": (True, True, False, False),
    ">": (True, False, False, False),
    "≤": (False, False, True, True),
    "<": (False, False, True, False),
    "=": (True, True, True, True),
}


def _tighter(
    a: Fraction | None, a_closed: bool, b: Fraction | None, b_closed: bool, pick: Pick
) -> tuple[Fraction | None, bool]:
    """The tighter of two ends of the same side (`pick` is max for low ends, min for high)."""
    if a is None:
        return b, b_closed
    if b is None:
        return a, a_closed
    if a == b:
        return a, a_closed and b_closed
    chosen = pick(a, b)
    return chosen, a_closed if chosen == a else b_closed


def number_text(value: Fraction, unit: str = "", factor: Fraction = Fraction(1)) -> str:
    shown = value / factor
    try:
        return decimal_text(shown) + unit
    except ValueError:  # no finite decimal expansion (a derived unit factor such as 1/24)
        return format_fixed(shown, 6) + unit
