"""The checker pass for 评分标准: what reading found, then what the rule does over the value line.

- scores stay within [0, weight] (W670), and the rule's best score is the weight (W676);
- tiers cover the values without gaps (W671) or overlaps (W672), proved by the band prover;
- a threshold that contradicts the target (`目标 ≥95%` with `≥90%得满分`, W673);
- points that do not follow the indicator's direction (W674)."""

from __future__ import annotations

from collections.abc import Iterable, Iterator
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
from ..source import Source, Span
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
        yield from _scale(rule.criterion, res, source, clause.span)


def _scale(scale: Scale, res: Resolved, source: Source, span: Span) -> Iterator[Diagnostic]:
    weight = res.weight if res.weight is not None else _best(scale)
    plain = [c for c in scale.cases if c.ref is None]
    domain = _domain(scale, res)
    if plain and len(plain) == len(scale.cases):
        analysis = analyse([graded(c.range, str(i)) for i, c in enumerate(plain)], domain)
        for gap in analysis.gaps:
            yield Diagnostic("W671", span, source, {"gap": range_text(gap, scale.unit)})
        for j, i, ranges in analysis.overlaps:
            yield _overlap(scale, plain, j, i, ranges, source, span)
        for i, by in analysis.shadowed:
            yield _overlap(scale, plain, by[0] if by else i, i, (plain[i].range,), source, span)
    if any(c.ref is not None for c in scale.cases):
        return
    target = res.target.value if res.target is not None and not res.qualitative else None
    samples = _samples(scale, domain)
    scored = [(x, p) for x in samples if (p := _at(scale, x, target, weight)) is not None]
    raw = [(x, p) for x in samples if (p := _raw(scale, x, target, weight)) is not None]
    bad = next(((x, p) for x, p in raw if p > weight or (p < 0 and scale.floor is None)), None)
    if bad is not None:
        yield Diagnostic("W670", span, source, {"value": num(bad[1]), "weight": num(weight)})
    best = max((p for _, p in scored), default=None)
    if res.weight is not None and best is not None and best != weight and best < weight:
        yield Diagnostic("W676", span, source, {"points": num(best), "weight": num(weight)})
    if scale.measure is Measure.VALUE:
        yield from _target(scale, res, scored, span, source)
        yield from _monotonic(scale, res, scored, span, source)


def _overlap(
    scale: Scale, cases: list[Case], j: int, i: int, ranges: tuple[Interval, ...], source: Source, span: Span
) -> Diagnostic:
    text = " ∪ ".join(range_text(r, scale.unit) for r in ranges)
    a = range_text(cases[j].range, scale.unit)
    b = range_text(cases[i].range, scale.unit)
    return Diagnostic("W672", span, source, {"overlap": text, "a": a, "b": b})


def _domain(scale: Scale, res: Resolved) -> Interval:
    """Where the measured value lives: declared 定义域, else from 0 up (rates, amounts, counts)."""
    node = res.node
    if node.domain is not None and scale.measure is Measure.VALUE:
        factor = res.unit.factor if res.unit else Fraction(1)
        lo, hi = node.domain.low, node.domain.high
        return Interval(
            None if lo is None else lo.value * factor,
            node.domain.low_closed,
            None if hi is None else hi.value * factor,
            node.domain.high_closed,
        )
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


def _target(
    scale: Scale, res: Resolved, scored: list[tuple[Fraction, Fraction]], span: Span, source: Source
) -> Iterator[Diagnostic]:
    """The full score should start where the target is met: `≥90%得满分` under `目标 ≥95%`."""
    t = res.target
    if t is None or res.qualitative or not scored:
        return
    best = max(p for _, p in scored)
    full = [x for x, p in scored if p == best]
    unit = scale.unit or (res.unit.name if res.unit else "")
    target = f"{t.comparator.value}{shown(t.value, unit)}"
    if res.direction is A.Direction.POSITIVE and full[0] < t.value:
        where = shown(full[0], unit)
        yield Diagnostic(
            "W673",
            span,
            source,
            {
                "threshold": where,
                "target": target,
                "why": f"{where} 未达到目标却得满分",
                "why_en": f"{where} misses the target but scores full marks",
            },
        )
    elif res.direction is A.Direction.NEGATIVE and full[-1] > t.value:
        where = shown(full[-1], unit)
        yield Diagnostic(
            "W673",
            span,
            source,
            {
                "threshold": where,
                "target": target,
                "why": f"{where} 未达到目标却得满分",
                "why_en": f"{where} misses the target but scores full marks",
            },
        )


def _monotonic(
    scale: Scale, res: Resolved, scored: list[tuple[Fraction, Fraction]], span: Span, source: Source
) -> Iterator[Diagnostic]:
    if res.direction not in (A.Direction.POSITIVE, A.Direction.NEGATIVE):
        return
    up = res.direction is A.Direction.POSITIVE
    for (x1, p1), (x2, p2) in zip(scored, scored[1:], strict=False):
        if (up and p2 < p1) or (not up and p2 > p1):
            u = scale.unit
            yield Diagnostic(
                "W674",
                span,
                source,
                {
                    "direction": res.direction.value,
                    "low": shown(x1, u),
                    "low_points": num(p1),
                    "high": shown(x2, u),
                    "high_points": num(p2),
                },
            )
            return
