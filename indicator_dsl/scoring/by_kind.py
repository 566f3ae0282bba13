"""Scoring a target of each kind (interval, deadline, period, 是/否, baseline, 或): met → full
weight; otherwise the scheme's rule for that kind (`[conditions]` in the scheme TOML).

`score_condition(condition, reading, weight, scheme, display, baselines)` returns the exact
score, the zh/en explanation and the row's extra fields.  Rules are registries keyed by the
names a scheme writes (`deadline = "per-month"`), so a province's rule is a line of TOML.
"""

from __future__ import annotations

from collections.abc import Callable, Mapping
from dataclasses import dataclass
from datetime import date, timedelta
from fractions import Fraction
from typing import Any

from .. import ast as A
from .. import conditions as C
from ..actual_values import Reading
from ..dates import DaySpan
from ..rational import format_fixed
from .models import Text
from .rules import RULES, clamp

Display = Callable[[Fraction], str]  # a base-unit value as the row prints it (`95.00%`)
Outcome = tuple[Fraction, Text, dict[str, Any]]


@dataclass(frozen=True, slots=True)
class ConditionRules:
    """What a scheme does with a missed target of each kind."""

    interval: str = "deviation"  # a rule of rules.RULES, applied to the nearest end
    deadline: str = "zero"  # a rule of DEADLINE_RULES
    late_deduction: Fraction = Fraction(1, 5)  # per started month late, as a share of the weight
    period: str = "zero"
    yes_no: str = "zero"


def _late_zero(months: int, w: Fraction, rules: ConditionRules) -> Fraction:
    return Fraction(0)


def _late_per_month(months: int, w: Fraction, rules: ConditionRules) -> Fraction:
    return w * (1 - months * rules.late_deduction)


DEADLINE_RULES: dict[str, tuple[Callable[[int, Fraction, ConditionRules], Fraction], str, str]] = {
    "zero": (_late_zero, "逾期不得分", "late: no score"),
    "per-month": (_late_per_month, "逾期 {m} 个月，每月扣 {d}", "{m} month(s) late, {d} deducted per month"),
}


def when_text(value: C.Actual) -> str:
    """`2024-10-31`, a whole month `2024-10`, else `first–last`."""
    if isinstance(value, DaySpan):
        first, last = value.first, value.last
        if (
            first.day == 1
            and (last + timedelta(days=1)).day == 1
            and (first.year, first.month) == (last.year, last.month)
        ):
            return f"{first.year}-{first.month:02d}"
        return f"{first.isoformat()}–{last.isoformat()}"
    return value.isoformat() if isinstance(value, date) else str(value)


def _full(w_txt: str, zh: str, en: str, extra: dict[str, Any], w: Fraction) -> Outcome:
    extra.update(rule="met", met=True)
    return w, Text(zh=f"达标: {zh}，得满分 {w_txt}", en=f"target met: {en}, full score {w_txt}"), extra


def score_condition(
    cond: C.Condition,
    reading: Reading,
    w: Fraction,
    rules: ConditionRules,
    show: Display,
    w_txt: str,
    baselines: Mapping[str, Fraction] | None,
) -> Outcome:
    scorer = SCORERS[cond.kind]
    return scorer(cond, reading, w, rules, show, w_txt, baselines)


def _interval(
    cond: Any, reading: Reading, w: Fraction, rules: ConditionRules, show: Display, w_txt: str, bl: Any
) -> Outcome:
    a = Fraction(reading.value)  # type: ignore[arg-type]
    iv = cond.interval
    extra: dict[str, Any] = {"actual": show(a), "target": cond.text, "direction": A.Direction.RANGE.value}
    if cond.met(a):
        return _full(w_txt, f"{show(a)} ∈ {cond.text}", f"{show(a)} in {cond.text}", extra, w)
    end = iv.low if iv.below(a) else iv.high
    rule = RULES[rules.interval]
    # The rule sees the distance past the nearest end on the positive side (so `[-5%, 5%]` and
    # `[95%, 100%]` are judged alike): |end| + |actual − end| against |end|.
    exact = clamp(rule.compute(abs(end) + abs(a - end), abs(end), w), w)
    formula = _end_formula(rules.interval, show, a, end, w_txt) + " = " + format_fixed(exact, 2)
    extra.update(rule="unmet", met=False)
    return (
        exact,
        Text(
            zh=f"区间未达标: {show(a)} 不在 {cond.text}，按最近端点 {show(end)}: {formula}",
            en=f"outside the interval: {show(a)} not in {cond.text}; from the nearest end {show(end)}: {formula}",
        ),
        extra,
    )


def _end_formula(rule: str, show: Display, a: Fraction, end: Fraction, w_txt: str) -> str:
    def signed(v: Fraction) -> str:
        return f"({show(v)})" if v < 0 else show(v)

    if rule == "deviation":
        return f"(1 − |{signed(a)} − {signed(end)}| / {show(abs(end))}) × {w_txt}"
    return RULES[rule].formula.format(a=show(abs(end) + abs(a - end)), t=show(abs(end)), w=w_txt)


def _deadline(
    cond: Any, reading: Reading, w: Fraction, rules: ConditionRules, show: Display, w_txt: str, bl: Any
) -> Outcome:
    actual = when_text(reading.value)
    extra: dict[str, Any] = {"actual": reading.text or actual, "target": cond.text, "direction": ""}
    due = cond.due.isoformat()
    if cond.met(reading.value):
        return _full(w_txt, f"{actual} 不晚于 {due}", f"{actual} by {due}", extra, w)
    months = cond.months_late(reading.value)
    fn, zh, en = DEADLINE_RULES[rules.deadline]
    exact = clamp(fn(months, w, rules), w)
    d = format_fixed(rules.late_deduction * 100, 2).rstrip("0").rstrip(".") + "%"
    extra.update(rule="unmet", met=False)
    return (
        exact,
        Text(
            zh=f"逾期: {actual} 晚于 {due}（{zh.format(m=months, d=d)}）",
            en=f"late: {actual} after {due} ({en.format(m=months, d=d)})",
        ),
        extra,
    )


def _period(
    cond: Any, reading: Reading, w: Fraction, rules: ConditionRules, show: Display, w_txt: str, bl: Any
) -> Outcome:
    actual = when_text(reading.value)
    extra: dict[str, Any] = {"actual": reading.text or actual, "target": cond.text, "direction": ""}
    inside = f"{cond.start.isoformat()}–{cond.end.isoformat()}"
    if cond.met(reading.value):
        return _full(w_txt, f"{actual} 在期间 {inside} 内", f"{actual} within {inside}", extra, w)
    extra.update(rule="unmet", met=False)
    exact = clamp(RULES[rules.period].compute(Fraction(0), Fraction(1), w), w)
    text = Text(zh=f"未在期间内: {actual} 不在 {inside}", en=f"outside the period: {actual} not in {inside}")
    return exact, text, extra


def _yes_no(
    cond: Any, reading: Reading, w: Fraction, rules: ConditionRules, show: Display, w_txt: str, bl: Any
) -> Outcome:
    said = reading.text or ("是" if reading.value else "否")
    extra: dict[str, Any] = {"actual": said, "target": cond.text, "direction": ""}
    if cond.met(reading.value):
        return _full(w_txt, f"“{said}”与目标“{cond.text}”一致", f"'{said}' as the target '{cond.text}'", extra, w)
    extra.update(rule="unmet", met=False)
    exact = clamp(RULES[rules.yes_no].compute(Fraction(0), Fraction(1), w), w)
    return (
        exact,
        Text(
            zh=f"是/否不符: 实际“{said}”，目标“{cond.text}”，全有或全无",
            en=f"yes/no differs: actual '{said}', target '{cond.text}' (all or nothing)",
        ),
        extra,
    )


def _baseline(
    cond: Any, reading: Reading, w: Fraction, rules: ConditionRules, show: Display, w_txt: str, bl: Any
) -> Outcome:
    a = Fraction(reading.value)  # type: ignore[arg-type]
    t = cond.threshold(bl)
    cmp = cond.comparator.value
    extra: dict[str, Any] = {"actual": show(a), "target": cond.text, "direction": cond.direction.value}
    base = f"{cond.name} {show(bl[cond.name])}"
    if cond.met(a, bl):
        return _full(w_txt, f"{show(a)} {cmp} {show(t)}（{base}）", f"{show(a)} {cmp} {show(t)} ({base})", extra, w)
    rule = RULES["inverse-ratio" if cond.direction is A.Direction.NEGATIVE else "ratio"]
    exact = clamp(rule.compute(a, t, w), w)
    extra.update(rule="unmet", met=False)
    formula = rule.formula.format(a=show(a), t=show(t), w=w_txt) + " = " + format_fixed(exact, 2)
    return (
        exact,
        Text(zh=f"未达基准（{base}）: {formula}", en=f"baseline missed ({base}): {formula}"),
        extra,
    )


def _compared(
    cond: Any, reading: Reading, w: Fraction, rules: ConditionRules, show: Display, w_txt: str, bl: Any
) -> Outcome:
    a = Fraction(reading.value)  # type: ignore[arg-type]
    extra: dict[str, Any] = {"actual": show(a), "target": cond.text, "direction": cond.direction.value}
    if cond.met(a):
        said = f"{show(a)} {cond.comparator.value} {show(cond.value)}"
        return _full(w_txt, said, said, extra, w)
    rule = RULES["inverse-ratio" if cond.direction is A.Direction.NEGATIVE else "ratio"]
    exact = clamp(rule.compute(a, cond.value, w), w)
    extra.update(rule="unmet", met=False)
    formula = rule.formula.format(a=show(a), t=show(cond.value), w=w_txt) + " = " + format_fixed(exact, 2)
    return exact, Text(zh=f"未达标: {formula}", en=f"target missed: {formula}"), extra


def _any(
    cond: Any, reading: Reading, w: Fraction, rules: ConditionRules, show: Display, w_txt: str, bl: Any
) -> Outcome:
    """`A或B`: the best of the parts (met by any → full)."""
    outcomes = [score_condition(p, reading, w, rules, show, w_txt, bl) for p in cond.parts]
    best = max(outcomes, key=lambda o: o[0])
    exact, text, extra = best
    extra["target"] = cond.text
    return (
        exact,
        Text(zh=f"{text.zh}（目标“{cond.text}”任一即可）", en=f"{text.en} (target '{cond.text}': any part)"),
        extra,
    )


SCORERS: dict[str, Callable[..., Outcome]] = {
    "interval": _interval,
    "deadline": _deadline,
    "period": _period,
    "yes_no": _yes_no,
    "baseline": _baseline,
    "compared": _compared,
    "any_of": _any,
}
