"""How one row gets its light, its forecast and its 偏离度: pure functions of the resolved
indicator, the value at the cut-off, the month and the scheme rule.  Exact to the end; only
the texts shown are rounded 四舍五入."""

from __future__ import annotations

from collections.abc import Callable
from dataclasses import dataclass
from fractions import Fraction

from .. import units as U
from ..rational import format_fixed
from ..scoring.models import Text
from ..semantics import Bound
from .schemes import LIGHT_NAMES, Rule

MONTHS = 12


@dataclass(frozen=True, slots=True)
class Judged:
    """A light (or None) with its reason, and the numbers it was decided on (base units)."""

    light: str | None
    reason: Text
    standard: Fraction | None = None
    ratio: Fraction | None = None


@dataclass(frozen=True, slots=True)
class Test:
    """A target on quantities as lights need it: its text, its one annual value when it has one
    (a compared quantity; None for an interval or a baseline) and the exact test."""

    text: str
    value: Fraction | None
    met: Callable[[Fraction], bool]


@dataclass(frozen=True, slots=True)
class Projection:
    value: Fraction
    basis: str  # reported | projected
    method: str  # reported | linear | current


def shown(value: Fraction, unit: U.Unit | None, places: int) -> str:
    """A base-unit value in the indicator's unit, without the unit: `units.amount_digits`, the
    one display of amounts (a whole count as `12`, never `12.00`)."""
    return U.amount_digits(value, unit, places)


def percent(value: Fraction, places: int) -> str:
    return format_fixed(value * 100, places)


def light_words(light: str | None) -> tuple[str, str]:
    return (f"{LIGHT_NAMES[light]}灯", light) if light else ("无", "none")


def band_text(bound: Bound) -> str:
    """`[60%, 80%)` of a share band, for the reason a light was given."""
    from ..unparse import decimal_text

    if bound.low is None:
        return f"{'≤' if bound.high_closed else '<'}{decimal_text((bound.high or Fraction(0)) * 100)}%"
    if bound.high is None:
        return f"{'≥' if bound.low_closed else '>'}{decimal_text(bound.low * 100)}%"
    left, right = "[" if bound.low_closed else "(", "]" if bound.high_closed else ")"
    return f"{left}{decimal_text(bound.low * 100)}%, {decimal_text(bound.high * 100)}%{right}"


def schedule(rule: Rule, value: Fraction, target: Test, unit: U.Unit | None, month: int, places: int) -> Judged | None:
    """标准值 = 年度指标值 × 月份 / 12; the light of 当前完成值 / 标准值 in the rule's bands.
    None when the standard is 0 (no share of it can be taken)."""
    assert target.value is not None
    standard = target.value * month / MONTHS
    if standard == 0:
        return None
    ratio = value / standard
    bound = next((b for b in rule.bands if b.contains(ratio)), None)
    light = bound.grade if bound else None
    u = unit.name if unit else ""
    std, pct = shown(standard, unit, places) + u, percent(ratio, places) + "%"
    where = band_text(bound) if bound else "—"
    zh_light, en_light = light_words(light)
    return Judged(
        light,
        Text(
            zh=f"标准值 = {target.text} × {month}/12 = {std}；完成值 / 标准值 = {pct}，在 {where} 内 → {zh_light}",
            en=f"standard = {target.text} × {month}/12 = {std}; actual / standard = {pct}, in {where} → {en_light}",
        ),
        standard,
        ratio,
    )


def within(rule: Rule, value: Fraction, target: Test, unit: U.Unit | None, places: int) -> Judged:
    """The indicator's own target tested on the current value: inside or outside."""
    inside = target.met(value)
    light = rule.inside if inside else rule.outside
    actual = shown(value, unit, places) + (unit.name if unit else "")
    zh_light, en_light = light_words(light)
    if inside:
        zh, en = f"{actual} 满足 {target.text}，在指标值范围内", f"{actual} meets {target.text}, inside the target"
    else:
        zh, en = (
            f"{actual} 不满足 {target.text}，超出指标值范围",
            f"{actual} does not meet {target.text}, outside the target",
        )
    return Judged(light, Text(zh=f"{zh} → {zh_light}", en=f"{en} → {en_light}"))


def project(value: Fraction, reported: Fraction | None, method: str, month: int) -> Projection | None:
    """The full-year value: as reported, else projected by the rule's method (never silently:
    the basis says `projected`)."""
    if reported is not None:
        return Projection(reported, "reported", "reported")
    if method == "linear":
        return Projection(value * MONTHS / month, "projected", "linear")
    if method == "current":
        return Projection(value, "projected", "current")
    return None


def deviation(forecast: Fraction, target: Fraction) -> Fraction | None:
    """偏离度 = (预计 − 年度指标值) / 年度指标值; None when the target is 0."""
    return None if target == 0 else (forecast - target) / target
