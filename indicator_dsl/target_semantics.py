"""Target nodes → conditions (`indicator_dsl.conditions`) in base units and calendar days.

`resolve_condition(target, quantity, plan_year, implied)` is called by `semantics` for every
indicator: `quantity` turns a written quantity into base units (a bare number takes the
indicator's unit), `plan_year` dates a month printed without a year, `implied` is the
comparator a bare number means under the indicator's direction.  A calendar point that needs a
plan year nobody gave makes the condition None (`check` reports E334): never a silent default.

The plan year is known from a `年度 2024` clause: the indicator's own, else the scorecard's.
"""

from __future__ import annotations

from collections.abc import Callable
from fractions import Fraction

from . import ast as A
from . import conditions as C
from . import units as U
from .dates import NoPlanYear, NotADate
from .intervals import Interval

Cmp = A.Comparator
QuantityOf = Callable[[A.Quantity], tuple[Fraction, U.Unit]]


def resolve_condition(
    target: A.Target, quantity: QuantityOf, plan_year: int | None, implied: A.Comparator
) -> C.Condition | None:
    from .unparse import target_text

    try:
        return _RESOLVE[type(target)](target, quantity, plan_year, implied, target_text(target))
    except (NoPlanYear, NotADate):
        return None


def _compared(
    t: A.QuantTarget, quantity: QuantityOf, year: int | None, implied: A.Comparator, text: str
) -> C.Condition:
    value, _ = quantity(t.quantity)
    return C.Compared(t.comparator or implied, value, text)


def end_units(low: A.Quantity | None, high: A.Quantity | None) -> tuple[str | None, str | None]:
    """`95-100%`: an end printed without a unit takes the other end's."""
    lo = low.unit if low else None
    hi = high.unit if high else None
    return lo or hi, hi or lo


def _within(
    t: A.IntervalTarget, quantity: QuantityOf, year: int | None, implied: A.Comparator, text: str
) -> C.Condition:
    iv = t.interval
    lo_unit, hi_unit = end_units(iv.low, iv.high)
    low = quantity(A.Quantity(iv.low.span, iv.low.value, lo_unit))[0] if iv.low else None
    high = quantity(A.Quantity(iv.high.span, iv.high.value, hi_unit))[0] if iv.high else None
    return C.Within(Interval(low, iv.low_closed and low is not None, high, iv.high_closed and high is not None), text)


def _tolerance(
    t: A.ToleranceTarget, quantity: QuantityOf, year: int | None, implied: A.Comparator, text: str
) -> C.Condition:
    """`90%±5%` is [85%, 95%]; `100万元±10%` is relative ([90, 110] 万元); `±10%` is [-10%, 10%]."""
    if t.center is None:
        tol, _ = quantity(t.tolerance)
        return C.Within(Interval.closed(-tol, tol), text)
    center, _ = quantity(t.center)
    relative = t.tolerance.unit == "%" and t.center.unit not in (None, "%")
    if relative:
        tol = abs(center) * t.tolerance.value / 100
    else:
        written = t.tolerance if t.tolerance.unit else A.Quantity(t.tolerance.span, t.tolerance.value, t.center.unit)
        tol, _ = quantity(written)
    return C.Within(Interval.closed(center - tol, center + tol), text)


def _deadline(
    t: A.DeadlineTarget, quantity: QuantityOf, year: int | None, implied: A.Comparator, text: str
) -> C.Condition:
    return C.Deadline(t.when.span(year).last, text, t.when.every_year)


def _period(t: A.PeriodTarget, quantity: QuantityOf, year: int | None, implied: Cmp, text: str) -> C.Condition:
    return C.Period(t.start.span(year).first, t.end.span(year).last, text)


def _yes_no(t: A.YesNoTarget, quantity: QuantityOf, year: int | None, implied: Cmp, text: str) -> C.Condition:
    return C.YesNo(t.value, text)


def _statement(
    t: A.QualTarget, quantity: QuantityOf, year: int | None, implied: A.Comparator, text: str
) -> C.Condition:
    return C.Statement(t.text)


def _baseline(
    t: A.BaselineTarget, quantity: QuantityOf, year: int | None, implied: A.Comparator, text: str
) -> C.Condition:
    return C.Baseline(t.comparator, t.baseline, t.points, t.ratio, text)


def _any(t: A.AnyTarget, quantity: QuantityOf, year: int | None, implied: Cmp, text: str) -> C.Condition:
    from .unparse import target_text

    parts = tuple(_RESOLVE[type(p)](p, quantity, year, implied, target_text(p)) for p in t.parts)
    return C.AnyOf(parts, text)


_RESOLVE: dict[type, Callable[..., C.Condition]] = {
    A.QuantTarget: _compared,
    A.IntervalTarget: _within,
    A.ToleranceTarget: _tolerance,
    A.DeadlineTarget: _deadline,
    A.PeriodTarget: _period,
    A.YesNoTarget: _yes_no,
    A.QualTarget: _statement,
    A.BaselineTarget: _baseline,
    A.AnyTarget: _any,
}


def written_unit(target: A.Target | None) -> str | None:
    """The unit a quantity, interval, tolerance or 或 target prints (`≥95%`, `[95%, 100%]` → `%`):
    the indicator's unit when it declares none, by the same rule for every kind of target (a
    formula's ratio is shown in it; a formula of another kind keeps its own, and E303 says so)."""
    if isinstance(target, A.QuantTarget):
        return target.quantity.unit
    if isinstance(target, A.IntervalTarget):
        return end_units(target.interval.low, target.interval.high)[0]
    if isinstance(target, A.ToleranceTarget):
        return (target.center.unit if target.center else None) or target.tolerance.unit
    if isinstance(target, A.AnyTarget):
        return next((u for p in target.parts if (u := written_unit(p))), None)
    return None


def calendar_points(target: A.Target | None) -> list[A.DeadlineTarget | A.PeriodTarget]:
    """Deadline and period parts of a target (for the plan-year checks)."""
    if isinstance(target, A.AnyTarget):
        return [p for part in target.parts for p in calendar_points(part)]
    return [target] if isinstance(target, A.DeadlineTarget | A.PeriodTarget) else []
