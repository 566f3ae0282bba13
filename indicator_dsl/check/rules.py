"""The checker pass for 评分标准: what reading found, then what the rule does over the value line.

- scores stay within [0, weight] (W670), and the rule's best score is the weight (W676);
- tiers cover the values without gaps (W671) or overlaps (W672), proved by the band prover;
- a threshold that contradicts the target (`目标 ≥95%` with `≥90%得满分`, W673);
- points that do not follow the indicator's direction (W674)."""

from __future__ import annotations

import functools
from collections.abc import Iterable, Iterator
from dataclasses import dataclass
from fractions import Fraction

from .. import ast as A
from ..band_analysis import analyse
from ..criteria import resolve
from ..criteria.model import Case, Fixed, Linear, Measure, Scale, Steps
from ..criteria.reader import graded
from ..criteria.score import Given, RuleScoreError, num, range_text, score, shown
from ..diagnostics import Diagnostic
from ..intervals import Interval
from ..semantics import Resolved
from .context import Context as CheckContext


def check_rules(ctx: CheckContext) -> Iterable[Diagnostic]:
    for source, node in ctx.indicators():
        res = ctx.resolved.get(id(node))
        if res is None:
            continue
        resolution = resolve(node, res, source)
        yield from resolution.diagnostics
        rule = resolution.rule
        if rule is None or not isinstance(rule.criterion, Scale):
            continue
        clause = node.rule_reading or node.rule
        assert clause is not None
        for code, args in _scale(rule.criterion, _facts(res)):
            yield Diagnostic(code, clause.span, source, dict(args))


Finding = tuple[str, tuple[tuple[str, str], ...]]  # a code and its message arguments


@dataclass(frozen=True)
class _Facts:
    """What the scale checks need of the indicator, hashable: projects that share an indicator
    share its rule and these, so each distinct rule is proved once."""

    weight: Fraction | None
    target: tuple[A.Comparator, Fraction] | None  # None: no target, or a qualitative one
    direction: A.Direction
    unit: str  # the indicator's display unit
    domain: Interval | None  # the declared 定义域 in base units


def _facts(res: Resolved) -> _Facts:
    target = None if res.target is None or res.qualitative else (res.target.comparator, res.target.value)
    domain, factor = res.node.domain, res.unit.factor if res.unit else Fraction(1)
    declared = None
    if domain is not None:
        lo, hi = domain.low, domain.high
        declared = Interval(
            None if lo is None else lo.value * factor,
            domain.low_closed,
            None if hi is None else hi.value * factor,
            domain.high_closed,
        )
    return _Facts(res.weight, target, res.direction, res.unit.name if res.unit else "", declared)


@functools.lru_cache(maxsize=2048)
def _scale(scale: Scale, facts: _Facts) -> tuple[Finding, ...]:
    return tuple(_scale_findings(scale, facts))


def _scale_findings(scale: Scale, facts: _Facts) -> Iterator[Finding]:
    weight = facts.weight if facts.weight is not None else _best(scale)
    plain = [c for c in scale.cases if c.ref is None]
    domain = _domain(scale, facts)
    if plain and len(plain) == len(scale.cases):
        analysis = analyse([graded(c.range, str(i)) for i, c in enumerate(plain)], domain)
        for gap in analysis.gaps:
            yield "W671", (("gap", range_text(gap, scale.unit)),)
        for j, i, ranges in analysis.overlaps:
            yield _overlap(scale, plain, j, i, ranges)
        for i, by in analysis.shadowed:
            yield _overlap(scale, plain, by[0] if by else i, i, (plain[i].range,))
    if any(c.ref is not None for c in scale.cases):
        return
    target = facts.target[1] if facts.target is not None else None
    samples = _samples(scale, domain)
    scored = [(x, p) for x in samples if (p := _at(scale, x, target, weight)) is not None]
    raw = [(x, p) for x in samples if (p := _raw(scale, x, target, weight)) is not None]
    bad = next(((x, p) for x, p in raw if p > weight or (p < 0 and scale.floor is None)), None)
    if bad is not None:
        yield "W670", (("value", num(bad[1])), ("weight", num(weight)))
    best = max((p for _, p in scored), default=None)
    if facts.weight is not None and best is not None and best != weight and best < weight:
        yield "W676", (("points", num(best)), ("weight", num(weight)))
    if scale.measure is Measure.VALUE:
        yield from _target(scale, facts, scored)
        yield from _monotonic(scale, facts, scored)


def _overlap(scale: Scale, cases: list[Case], j: int, i: int, ranges: tuple[Interval, ...]) -> Finding:
    text = " ∪ ".join(range_text(r, scale.unit) for r in ranges)
    a = range_text(cases[j].range, scale.unit)
    b = range_text(cases[i].range, scale.unit)
    return "W672", (("overlap", text), ("a", a), ("b", b))


def _domain(scale: Scale, facts: _Facts) -> Interval:
    """Where the measured value lives: declared 定义域, else from 0 up (rates, amounts, counts)."""
    if facts.domain is not None and scale.measure is Measure.VALUE:
        return facts.domain
    return Interval(Fraction(0), True, None, False)


def _best(scale: Scale) -> Fraction:
    pts = [c.piece.points.value for c in scale.cases if isinstance(c.piece, Fixed)]
    pts += [c.piece.base.value for c in scale.cases if isinstance(c.piece, Steps)]
    return max(pts, default=Fraction(0)) or Fraction(1)


def _samples(scale: Scale, domain: Interval) -> list[Fraction]:
    """Every end, the midpoints between ends, and a point past each side: the pieces are
    linear (or whole steps) between ends, so these decide bounds and monotonicity."""
    ends = sorted({e for c in scale.cases for e in (c.range.low, c.range.high) if e is not None} | {Fraction(0)})
    far = (ends[-1] + 1) * 4 if ends else Fraction(4)
    points = set(ends) | {(a + b) / 2 for a, b in zip(ends, ends[1:], strict=False)} | {far}
    points |= {ends[0] - 1} if ends else set()
    for c in scale.cases:  # the far end of a stepped case: where 扣完为止 bites
        if isinstance(c.piece, Steps) and c.piece.points:
            reach = c.piece.base.value / c.piece.points * c.piece.size
            points |= {c.piece.anchor + reach, c.piece.anchor - reach}
    return sorted(x for x in points if domain.contains(x))


def _at(scale: Scale, x: Fraction, target: Fraction | None, weight: Fraction) -> Fraction | None:
    """The score at a sample `x` of the measured quantity (a deviation sample is the deviation)."""
    given = Given(value=x, target=target)
    if scale.measure is Measure.DEVIATION:
        given = Given(value=1 + x, target=Fraction(1)) if scale.relative else Given(value=x, target=Fraction(0))
    try:
        return score(scale, given, weight).points
    except (RuleScoreError, ZeroDivisionError):
        return None


def _raw(scale: Scale, x: Fraction, target: Fraction | None, weight: Fraction) -> Fraction | None:
    """The rule's own arithmetic before the [0, weight] guard (its floor kept)."""
    case = next((c for c in scale.cases if c.range.contains(x)), None)
    value = None if case is None else _at_unclamped(case, x, weight)
    if value is not None and scale.floor is not None and isinstance(case.piece if case else None, Steps):
        value = max(value, scale.floor.of(weight))
    if value is not None and scale.cap is not None:
        value = min(value, scale.cap.of(weight))
    return value


def _at_unclamped(case: Case, x: Fraction, w: Fraction) -> Fraction | None:
    p = case.piece
    if isinstance(p, Fixed):
        return p.points.of(w)
    if isinstance(p, Linear):
        return p.y0.of(w) + (x - p.x0) / (p.x1 - p.x0) * (p.y1.of(w) - p.y0.of(w))
    if isinstance(p, Steps):
        return p.base.of(w) + p.sign * abs(x - p.anchor) / p.size * p.points
    return None


def _target(scale: Scale, facts: _Facts, scored: list[tuple[Fraction, Fraction]]) -> Iterator[Finding]:
    """The full score should start where the target is met: `≥90%得满分` under `目标 ≥95%`."""
    if facts.target is None or not scored:
        return
    comparator, value = facts.target
    best = max(p for _, p in scored)
    full = [x for x, p in scored if p == best]
    unit = scale.unit or facts.unit
    target = f"{comparator.value}{shown(value, unit)}"
    if facts.direction is A.Direction.POSITIVE and full[0] < value:
        yield _misses(shown(full[0], unit), target)
    elif facts.direction is A.Direction.NEGATIVE and full[-1] > value:
        yield _misses(shown(full[-1], unit), target)


def _misses(where: str, target: str) -> Finding:
    return "W673", (
        ("threshold", where),
        ("target", target),
        ("why", f"{where} 未达到目标却得满分"),
        ("why_en", f"{where} misses the target but scores full marks"),
    )


def _monotonic(scale: Scale, facts: _Facts, scored: list[tuple[Fraction, Fraction]]) -> Iterator[Finding]:
    if facts.direction not in (A.Direction.POSITIVE, A.Direction.NEGATIVE):
        return
    up = facts.direction is A.Direction.POSITIVE
    for (x1, p1), (x2, p2) in zip(scored, scored[1:], strict=False):
        if (up and p2 < p1) or (not up and p2 > p1):
            u = scale.unit
            yield (
                "W674",
                (
                    ("direction", facts.direction.value),
                    ("low", shown(x1, u)),
                    ("low_points", num(p1)),
                    ("high", shown(x2, u)),
                    ("high_points", num(p2)),
                ),
            )
            return
