"""Scoring one row by its printed rule: exact points and the arithmetic in zh and en.

`score(criterion, given, weight)` finds the case that holds the measured value, computes its
piece exactly (Fractions throughout), applies 扣完为止 and caps, and keeps the result within
[0, weight].  The explanation prints every step with the numbers a reader checks by hand:
`超过 100% 2.5 个百分点 × 0.4 = 扣 1 分，得 4 − 1 = 3`.  Rounding (四舍五入) is the caller's,
on the final score only."""

from __future__ import annotations

from collections.abc import Mapping
from dataclasses import dataclass, field
from fractions import Fraction
from math import ceil, floor

from .. import units as U
from ..intervals import Interval
from ..rational import format_fixed
from ..unparse import decimal_text
from .model import Case, Checklist, Criterion, Fixed, Linear, Measure, Partial, Points, Ratio, Scale, Steps, YesNo


class RuleScoreError(ValueError):
    """A value this rule cannot score (no case holds it, a baseline is missing …)."""

    def __init__(self, code: str, **args: str) -> None:
        super().__init__(code, args)
        self.code = code
        self.args_ = args


@dataclass(frozen=True)
class Given:
    """What a row brings to its rule: the actual (base units; a count; days/months late),
    the indicator's target, named baselines (上年 …), checklist items met, or 是/否."""

    value: Fraction | None = None
    target: Fraction | None = None
    baselines: Mapping[str, Fraction] = field(default_factory=dict)
    items: frozenset[str] | int | None = None
    yes: bool | None = None


@dataclass(frozen=True)
class Outcome:
    points: Fraction  # within [0, weight]
    zh: str
    en: str
    case: int | None = None  # index of the case (or item count) used


def num(value: Fraction, places: int = 4) -> str:
    """A number as a person writes it: exact decimals when short, else 四舍五入 to `places`."""
    try:
        text = decimal_text(value)
    except ValueError:
        return format_fixed(value, places)
    if "." in text and len(text.split(".")[1]) > places:
        return format_fixed(value, places)
    return text


def shown(value: Fraction, unit: str) -> str:
    """A base-unit value in the rule's display unit (`0.95` → `95%`)."""
    factor = U.lookup(unit).factor if unit else Fraction(1)
    return num(value / factor) + unit


def distance_text(value: Fraction, unit: str) -> tuple[str, str]:
    """A difference in the display unit: percentages are 个百分点 / percentage points."""
    if unit in ("%", "百分点"):
        return f"{num(value * 100)} 个百分点", f"{num(value * 100)} percentage points"
    return f"{shown(value, unit)}", f"{shown(value, unit)}"


def range_text(r: Interval, unit: str, ref: str = "") -> str:
    low = "-∞" if r.low is None else ref + shown(r.low, unit)
    high = "+∞" if r.high is None else ref + shown(r.high, unit)
    if r.low is not None and r.low == r.high:
        return f"{{{low}}}"
    return f"{'[' if r.low_closed else '('}{low}, {high}{']' if r.high_closed else ')'}"


def score(criterion: Criterion, given: Given, weight: Fraction) -> Outcome:
    if isinstance(criterion, Scale):
        return _scale(criterion, given, weight)
    if isinstance(criterion, Checklist):
        return _checklist(criterion, given, weight)
    return _yes_no(criterion, given, weight)


# ---- scales ---------------------------------------------------------------------------------
def measured(scale: Scale, given: Given) -> Fraction:
    if given.value is None:
        raise RuleScoreError("E650", measure=scale.measure.value)
    if scale.measure is not Measure.DEVIATION:
        return given.value
    centre = scale.center if scale.center is not None else given.target
    if centre is None:
        raise RuleScoreError("E651", name="目标")
    gap = abs(given.value - centre)
    if scale.relative:
        if centre == 0:
            raise RuleScoreError("E652")
        return gap / abs(centre)
    return gap


def resolved_case(case: Case, given: Given) -> tuple[Interval, Fraction, Fraction]:
    """The case's range in absolute numbers, and the (scale, shift) that maps its numbers."""
    if case.ref is None:
        return case.range, Fraction(1), Fraction(0)
    name = case.ref.name
    base = given.target if name == "目标" else given.baselines.get(name)
    if base is None:
        raise RuleScoreError("E651", name=name)
    mul, add = (base, Fraction(0)) if case.ref.scaled else (Fraction(1), base)
    r = case.range
    low = None if r.low is None else r.low * mul + add
    high = None if r.high is None else r.high * mul + add
    return Interval(low, r.low_closed, high, r.high_closed), mul, add


def _scale(scale: Scale, given: Given, weight: Fraction) -> Outcome:
    value = measured(scale, given)
    index = 0
    for index, case in enumerate(scale.cases):  # noqa: B007 (the case found is used below)
        r, mul, add = resolved_case(case, given)
        if r.contains(value):
            break
    else:
        raise RuleScoreError("E653", value=shown(value, scale.unit))
    where = _where(scale, value, r, case, given)
    raw, zh, en = _piece(case.piece, value, weight, scale, mul, add, given)
    points, zh_tail, en_tail = _limits(raw, weight, scale)
    return Outcome(points, f"{where[0]}，{zh}{zh_tail}", f"{where[1]}: {en}{en_tail}", index)


def _where(scale: Scale, value: Fraction, r: Interval, case: Case, given: Given) -> tuple[str, str]:
    v = shown(value, scale.unit)
    if scale.measure is Measure.DEVIATION:
        what_zh, what_en = f"偏差 {v}", f"deviation {v}"
    elif scale.measure is Measure.COUNT:
        what_zh, what_en = f"发生 {num(value)} 次", f"{num(value)} occurrences"
    elif scale.measure.late:
        unit = {Measure.LATE_DAYS: ("天", "days"), Measure.LATE_MONTHS: ("个月", "months")}.get(
            scale.measure, ("年", "years")
        )
        what_zh, what_en = f"逾期 {num(value)} {unit[0]}", f"{num(value)} {unit[1]} late"
    else:
        what_zh = what_en = v
    span = range_text(r, scale.unit)
    ref = f"（{case.ref.name}）" if case.ref else ""
    ref_en = f" ({case.ref.name})" if case.ref else ""
    return f"{what_zh} 在 {span}{ref}", f"{what_en} in {span}{ref_en}"


def _piece(
    piece: object, value: Fraction, w: Fraction, scale: Scale, mul: Fraction, add: Fraction, given: Given
) -> tuple[Fraction, str, str]:
    if isinstance(piece, Fixed):
        p = piece.points.of(w)
        return p, f"得 {num(p)} 分", f"{num(p)} points"
    if isinstance(piece, Steps):
        return _steps(piece, value, w, scale, mul, add)
    if isinstance(piece, Ratio):
        return _ratio(piece, value, w, scale, given)
    assert isinstance(piece, Linear)
    x0, x1 = piece.x0 * mul + add, piece.x1 * mul + add
    y0, y1 = piece.y0.of(w), piece.y1.of(w)
    p = y0 + (value - x0) / (x1 - x0) * (y1 - y0)
    u = scale.unit
    a, b, c = shown(value, u), shown(x0, u), shown(x1, u)
    formula = f"{num(y0)} + ({a} − {b}) / ({c} − {b}) × ({num(y1)} − {num(y0)})"
    return p, f"{formula} = {num(p)} 分", f"{formula} = {num(p)} points"


def _steps(
    s: Steps, value: Fraction, w: Fraction, scale: Scale, mul: Fraction, add: Fraction
) -> tuple[Fraction, str, str]:
    anchor = s.anchor * mul + add
    size = s.size * mul if scale.measure is Measure.VALUE and mul != 1 else s.size
    distance = abs(value - anchor)
    steps = distance / size
    if s.partial is Partial.WHOLE:
        steps = Fraction(floor(steps))
    elif s.partial is Partial.STARTED:
        steps = Fraction(ceil(steps))
    change = steps * s.points
    base = s.base.of(w)
    p = base + s.sign * change
    d_zh, d_en = distance_text(distance, scale.unit)
    side_zh, side_en = _side(scale, value, anchor)
    per_zh = per_en = ""
    percent = scale.unit in ("%", "百分点") and scale.measure in (Measure.VALUE, Measure.DEVIATION)
    if percent and size != Fraction(1, 100):
        per_zh = per_en = f" ÷ {num(size * 100)}"
    elif not percent and size != 1:
        per_zh = per_en = f" ÷ {shown(size, scale.unit)}"
    if s.partial is not Partial.PROPORTIONAL:
        per_zh += f"（{s.partial.value}，计 {num(steps)} 步）"
        per_en += (
            f" ({'whole steps only' if s.partial is Partial.WHOLE else 'a started step counts'}: {num(steps)} steps)"
        )
    verb_zh, verb_en = ("扣", "deduct") if s.sign < 0 else ("加", "add")
    op = "−" if s.sign < 0 else "+"
    result = f"{num(base)} {op} {num(change)} = {num(p)}"
    zh = f"{side_zh} {d_zh}{per_zh} × {num(s.points)} = {verb_zh} {num(change)} 分，得 {result}"
    en = (
        f"{side_en} {d_en}{per_en} × {num(s.points)} = {verb_en} {num(change)}, "
        f"score {num(base)} {op} {num(change)} = {num(p)}"
    )
    return p, zh, en


def _side(scale: Scale, value: Fraction, anchor: Fraction) -> tuple[str, str]:
    a = shown(anchor, scale.unit)
    if scale.measure is Measure.COUNT:
        return "每次", "per occurrence:"
    if scale.measure.late:
        return "逾期", "late by"
    if value >= anchor:
        return f"超过 {a}", f"above {a} by"
    return f"低于 {a}", f"below {a} by"


def _ratio(r: Ratio, value: Fraction, w: Fraction, scale: Scale, given: Given) -> tuple[Fraction, str, str]:
    anchor = r.anchor if r.anchor is not None else given.target
    if anchor is None:
        raise RuleScoreError("E651", name="目标")
    u = scale.unit
    if r.inverse:
        p = anchor / value * w if value > 0 else Fraction(0)
        formula = f"{shown(anchor, u)} / {shown(value, u)} × {num(w)}"
    else:
        p = value / anchor * w if anchor > 0 else Fraction(0)
        formula = f"{shown(value, u)} / {shown(anchor, u)} × {num(w)}"
    return p, f"{formula} = {num(p)} 分", f"{formula} = {num(p)} points"


def _limits(raw: Fraction, w: Fraction, scale: Scale) -> tuple[Fraction, str, str]:
    """Floor, cap, then [0, weight]; each limit that bites is said."""
    p, zh, en = raw, "", ""
    if scale.cap is not None and p > scale.cap.of(w):
        p = scale.cap.of(w)
        zh, en = f"，封顶 {num(p)}", f", capped at {num(p)}"
    floor_ = scale.floor.of(w) if scale.floor is not None else Fraction(0)
    if p < floor_:
        p = floor_
        zh, en = (
            ("，扣完为止，得 " + num(p), ", deductions stop at " + num(p))
            if scale.floor
            else ("，不低于 0", ", floored at 0")
        )
    if p > w:
        p = w
        zh, en = zh + f"，不超过分值 {num(w)}", en + f", not above the weight {num(w)}"
    return p, zh, en


# ---- checklists and 是/否 ---------------------------------------------------------------------
def _checklist(c: Checklist, given: Given, w: Fraction) -> Outcome:
    met = given.items
    if met is None:
        raise RuleScoreError("E650", measure="清单/checklist")
    if isinstance(met, int):
        values = {i.points.of(w) for i in c.items}
        if len(values) > 1:
            raise RuleScoreError("E654", count=str(met))
        if not 0 <= met <= len(c.items):
            raise RuleScoreError("E655", count=str(met), items=str(len(c.items)))
        each = values.pop() if values else Fraction(0)
        p = min(each * met, w)
        return Outcome(
            p, f"满足 {met} 项 × {num(each)} = {num(p)} 分", f"{met} items met × {num(each)} = {num(p)} points", met
        )
    labels = [i for i in c.items if i.label in met or _marker(i.label) in met]
    unknown = sorted(m for m in met if not any(m in (i.label, _marker(i.label)) for i in c.items))
    if unknown:
        raise RuleScoreError("E656", item="、".join(unknown), items="、".join(i.label for i in c.items))
    parts = [i.points.of(w) for i in labels]
    p = min(sum(parts, Fraction(0)), w)
    names = "、".join(i.label for i in labels) or "无"
    terms = " + ".join(num(x) for x in parts) or "0"
    return Outcome(p, f"满足 {names}：{terms} = {num(p)} 分", f"met {names}: {terms} = {num(p)} points", len(labels))


def _marker(label: str) -> str:
    """`①` for `①制度健全`: the number a 自评表 writes for the item; an unnumbered item has none."""
    return label[:1] if label[:1] in "①②③④⑤⑥⑦⑧⑨⑩⑪⑫⑬⑭⑮⑯⑰⑱⑲⑳" else label


def _yes_no(y: YesNo, given: Given, w: Fraction) -> Outcome:
    if given.yes is None:
        raise RuleScoreError("E650", measure="是/否")
    pts: Points = y.yes if given.yes else y.no
    p = max(Fraction(0), min(pts.of(w), w))
    word = y.yes_word if given.yes else y.no_word
    return Outcome(
        p, f"{word}：得 {num(p)} 分", f"{'yes' if given.yes else 'no'} ({word}): {num(p)} points", int(given.yes)
    )
