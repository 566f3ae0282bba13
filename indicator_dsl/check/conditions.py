"""Targets as conditions: empty intervals, periods that end before they start, deadlines that
need a plan year nobody gave or fall outside it, targets against the declared direction, and
baselines scoring will ask for.  Works on `Resolved.condition`, so it judges what engines and
scoring will use, not the text."""

from __future__ import annotations

from collections.abc import Iterator

from .. import ast as A
from .. import conditions as C
from .. import target_codes as _codes  # noqa: F401 - registers E331–E337
from ..diagnostics import Diagnostic
from ..semantics import Resolved
from ..source import Source
from ..target_semantics import calendar_points, end_units
from ..unparse import target_text
from .context import Context

_OPPOSITE = {A.Direction.POSITIVE: A.Direction.NEGATIVE, A.Direction.NEGATIVE: A.Direction.POSITIVE}
_MONOTONE = (A.Direction.POSITIVE, A.Direction.NEGATIVE)


def check_conditions(ctx: Context) -> Iterator[Diagnostic]:
    for source, ind in ctx.indicators():
        res = ctx.resolved.get(id(ind))
        if res is None or ind.target is None:
            continue
        yield from _calendar(source, ind, res)
        yield from _interval_units(source, ind, ctx)
        if res.condition is None:
            continue
        for part in res.condition.parts if isinstance(res.condition, C.AnyOf) else (res.condition,):
            yield from _part(source, ind, part)


def _part(source: Source, ind: A.Indicator, cond: C.Condition) -> Iterator[Diagnostic]:
    target = ind.target
    assert target is not None
    text = target_text(target)
    if isinstance(cond, C.Within) and cond.interval.is_empty:
        fix = _swap_fix(target)
        yield Diagnostic("E331", target.span, source, {"interval": text}, fix, fix)
    if isinstance(cond, C.Period) and cond.start > cond.end:
        yield Diagnostic("E335", target.span, source, {"target": text})
    declared = ind.direction
    said = isinstance(target, A.QuantTarget)  # E311 already judges a lone comparator
    if declared is not None and not said and _contradicts(declared, cond):
        args = {"target": cond.text or text, "direction": declared.value}
        fix = f"方向 {cond.direction.value}"
        yield Diagnostic("W332", ind.direction_span or target.span, source, args, fix, fix)
    if isinstance(cond, C.Baseline):
        yield Diagnostic("I336", target.span, source, {"target": cond.text, "baseline": cond.name})


def _contradicts(declared: A.Direction, cond: C.Condition) -> bool:
    """正向 with `≤5`, 反向 with `≥90%`, 正向/反向 with an interval, 区间 with a one-sided bound."""
    if isinstance(cond, C.Compared | C.Baseline):
        if cond.comparator is A.Comparator.NE:
            return False
        if declared in _MONOTONE:
            return cond.direction is _OPPOSITE[declared]
        return declared is A.Direction.RANGE and cond.comparator is not A.Comparator.EQ
    if isinstance(cond, C.Within):
        return declared in _MONOTONE
    return False


def _swap_fix(target: A.Target) -> str | None:
    """`[100%, 95%]` → `目标 [95%, 100%]`: the ends swapped, as written."""
    if not isinstance(target, A.IntervalTarget):
        return None
    iv = target.interval
    swapped = A.Interval(iv.span, iv.high, iv.high_closed, iv.low, iv.low_closed)
    return "目标 " + target_text(A.IntervalTarget(target.span, swapped, target.notation))


def _calendar(source: Source, ind: A.Indicator, res: Resolved) -> Iterator[Diagnostic]:
    """E334: a month without a year and no plan year; W333: a dated deadline outside the plan year."""
    for point in calendar_points(ind.target):
        whens = (point.when,) if isinstance(point, A.DeadlineTarget) else (point.start, point.end)
        text = target_text(point)
        if res.plan_year is None and any(w.year is None for w in whens):
            fix = "在评分表或指标中写明“年度 2024”"
            yield Diagnostic(
                "E334", point.span, source, {"target": text}, fix, "add `年度 2024` to the scorecard or indicator"
            )
            continue
        if isinstance(point, A.DeadlineTarget) and res.plan_year is not None and point.when.year is not None:
            due = point.when.span(res.plan_year).last
            if due.year != res.plan_year:
                yield Diagnostic(
                    "W333", point.span, source, {"target": text, "due": due.isoformat(), "year": res.plan_year}
                )


def _interval_units(source: Source, ind: A.Indicator, ctx: Context) -> Iterator[Diagnostic]:
    target = ind.target
    if not isinstance(target, A.IntervalTarget):
        return
    low, high = end_units(target.interval.low, target.interval.high)
    if low and high and not ctx.env.unit(low).compatible(ctx.env.unit(high)):
        yield Diagnostic("E337", target.span, source, {"target": target_text(target)})
