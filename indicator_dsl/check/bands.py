"""Band tables proved over the indicator's domain: gaps, unreachable and overlapping bands,
grades out of order, and a top grade that a value missing the target can still earn.

A band written without a comparator (`60差`, already E321) is analysed as the fix E321 proposes,
so the gap it leaves (seed 001: [60%, 70%) with 中 missing) is still reported.  sympy is imported
only by the reference engine (`lint --engine sympy`, tests); `check` uses exact Fraction atoms.
"""

from __future__ import annotations

import functools
from collections import Counter
from collections.abc import Iterator
from dataclasses import dataclass
from fractions import Fraction

from .. import ast as A
from .. import units as U
from ..band_analysis import BandAnalysis, Range, analyse, infimum, ranges_text, supremum
from ..diagnostics import Diagnostic
from ..semantics import Bound, Env, Resolved, ResolvedTarget, comparator_bound, resolve_band, resolve_quantity
from ..source import Source, Span
from . import codes as _codes  # noqa: F401 - registers the codes used below
from .context import Context

RATE_DOMAIN = Range(Fraction(0), True, Fraction(1), True)
NON_NEGATIVE = Range(Fraction(0), True, None, False)
SCORE_DOMAIN = Range(Fraction(0), True, Fraction(100), True)

# Grade ladders, worst first.  A band table is ordered against the ladder holding all its grades.
LADDERS: list[tuple[str, ...]] = [
    ("差", "中", "良", "优"),
    ("不合格", "合格", "良好", "优秀"),
    ("不及格", "及格", "良好", "优秀"),
    ("差", "较差", "一般", "较好", "好"),
    ("D", "C", "B", "A"),
]
_FLIPPED = {
    A.Comparator.GE: A.Comparator.LT,
    A.Comparator.GT: A.Comparator.LE,
    A.Comparator.LE: A.Comparator.GT,
    A.Comparator.LT: A.Comparator.GE,
}
_ORDERED = (A.Direction.POSITIVE, A.Direction.NEGATIVE)
BAND_CODES = frozenset({"W501", "W502", "W503", "W504", "W505", "W506", "W512"})  # what check_band_tables emits
MAX_BANDS = 100  # real tables have a handful; the pairwise analysis is cubic in the count


@dataclass(frozen=True)
class BandSet:
    """One band table to analyse, with everything needed to word the findings."""

    source: Source
    bands: tuple[A.Band, ...]
    bounds: tuple[Bound, ...]  # one per analysed band (≠ bands dropped)
    written: tuple[A.Band, ...]  # the AST band of each bound
    domain: Range
    unit: str
    factor: Fraction
    direction: A.Direction
    target: ResolvedTarget | None = None

    def show(self, r: Range) -> str:
        return r.text(self.unit, self.factor)

    def band_text(self, k: int) -> str:
        span = self.written[k].span
        return self.source.text[span.start : span.end]

    @property
    def span(self) -> Span:
        return Span(self.bands[0].span.start, self.bands[-1].span.end)


def implied_comparator(bands: tuple[A.Band, ...], i: int) -> A.Comparator:
    """The comparator E321 suggests for a band written without one: the usual one of its
    neighbours, flipped for the last band (`≥90优 ≥70良 60差` → `<60 差`)."""
    used = Counter(b.comparator for b in bands if isinstance(b, A.ThresholdBand) and b.comparator)
    usual = used.most_common(1)[0][0] if used else A.Comparator.GE
    return _FLIPPED.get(usual, usual) if i == len(bands) - 1 and len(bands) > 1 else usual


def bounds_of(bands: tuple[A.Band, ...], unit: U.Unit | None, env: Env) -> list[tuple[Bound, A.Band]]:
    out = []
    for i, band in enumerate(bands):
        if isinstance(band, A.ThresholdBand) and band.comparator is None:
            value, _ = resolve_quantity(band.quantity, unit, env)
            bound = comparator_bound(band.grade, implied_comparator(bands, i), value, band.span)
        else:
            bound = resolve_band(band, unit, env)
        if bound is not None:
            out.append((bound, band))
    return out


def is_rate(unit: U.Unit | None) -> bool:
    return unit is not None and not unit.dims and unit.factor == Fraction(1, 100)


def domain_of(res: Resolved, env: Env) -> Range:
    """Declared `定义域`, else [0, 100%] for a rate, else [0, ∞)."""
    iv = res.node.domain
    if iv is not None:
        low = resolve_quantity(iv.low, res.unit, env)[0] if iv.low else None
        high = resolve_quantity(iv.high, res.unit, env)[0] if iv.high else None
        return Range(low, iv.low_closed and low is not None, high, iv.high_closed and high is not None)
    return RATE_DOMAIN if is_rate(res.unit) else NON_NEGATIVE


def band_sets(ctx: Context) -> Iterator[BandSet]:
    for source, st in ctx.statements():
        if isinstance(st, A.Indicator) and st.bands and id(st) in ctx.resolved:
            res = ctx.resolved[id(st)]
            pairs = bounds_of(st.bands, res.unit, ctx.env)
            unit, factor = (res.unit.name, res.unit.factor) if res.unit else ("", Fraction(1))
            domain = domain_of(res, ctx.env)
            yield BandSet(source, st.bands, *_split(pairs), domain, unit, factor, res.direction, res.target)
        elif isinstance(st, A.Scorecard) and st.bands:
            pairs = bounds_of(st.bands, None, ctx.env)
            yield BandSet(source, st.bands, *_split(pairs), SCORE_DOMAIN, "", Fraction(1), A.Direction.POSITIVE)


def _split(pairs: list[tuple[Bound, A.Band]]) -> tuple[tuple[Bound, ...], tuple[A.Band, ...]]:
    return tuple(b for b, _ in pairs), tuple(w for _, w in pairs)


def check_band_tables(ctx: Context, engine: str = "exact") -> Iterator[Diagnostic]:
    for bs in band_sets(ctx):
        if not bs.bounds:
            continue
        if len(bs.bounds) > MAX_BANDS:
            yield Diagnostic("W506", bs.span, bs.source, {"count": len(bs.bounds), "limit": MAX_BANDS})
            continue
        result = _analysed(tuple((b.grade, b.interval) for b in bs.bounds), bs.domain, engine)
        yield from _gaps(bs, result)
        yield from _unreachable(bs, result)
        yield from _overlaps(bs, result)
        yield from _order(bs, result)
        yield from _top_grade(bs, result)


@functools.lru_cache(maxsize=4096)
def _analysed(bands: tuple[tuple[str, Range], ...], domain: Range, engine: str) -> BandAnalysis:
    """`analyse` of a band table, once per distinct table and domain: the analysis reads only
    grades and intervals (its findings are indexes into the table), and projects copy a few
    tables over and over."""
    return analyse([Bound(grade, interval, Span(0, 0)) for grade, interval in bands], domain, engine)


def ladder_of(grades: set[str]) -> tuple[str, ...] | None:
    return next((lad for lad in LADDERS if grades <= set(lad)), None)


def _gaps(bs: BandSet, result: BandAnalysis) -> Iterator[Diagnostic]:
    for gap in result.gaps:
        shown = bs.show(gap)
        grade = _missing_grade(bs, result, gap)
        fix = gap.band_text(grade or "…", bs.unit, bs.factor)
        fix_en = f"add {fix}" if grade else f"add a band for {shown}"
        yield Diagnostic("W501", bs.span, bs.source, {"gap": shown}, f"添加 {fix}", fix_en)


def _missing_grade(bs: BandSet, result: BandAnalysis, gap: Range) -> str | None:
    """The grade a gap most likely lacks: the one missing rung of the ladder between its
    neighbours (`≥90优 ≥70良 <60差`: [60, 70) lacks 中)."""
    grades = {b.grade for b in bs.bounds}
    ladder = ladder_of(grades)
    if ladder is None:
        return None
    missing = [g for g in ladder if g not in grades]
    near = [bs.bounds[k].grade for k, rs in enumerate(result.regions) if any(_touches(r, gap) for r in rs)]
    ranks = [ladder.index(g) for g in near]
    if len(ranks) == 2:
        lo, hi = sorted(ranks)
        missing = [g for g in missing if lo < ladder.index(g) < hi]
    return missing[0] if len(missing) == 1 else None


def _touches(r: Range, gap: Range) -> bool:
    return (r.high is not None and r.high == gap.low) or (r.low is not None and r.low == gap.high)


def _unreachable(bs: BandSet, result: BandAnalysis) -> Iterator[Diagnostic]:
    for k in result.outside:
        args = {"band": bs.band_text(k), "domain": bs.show(bs.domain)}
        yield Diagnostic("W505", bs.written[k].span, bs.source, args)
    for k, by in result.shadowed:
        earlier = ", ".join(bs.band_text(j) for j in by)
        fix = ("删除该等级，或修改阈值使其覆盖尚无等级的值", "delete the band, or change its threshold")
        yield Diagnostic("W502", bs.written[k].span, bs.source, {"band": bs.band_text(k), "by": earlier}, *fix)


def _overlaps(bs: BandSet, result: BandAnalysis) -> Iterator[Diagnostic]:
    for j, k, taken in result.overlaps:
        args = {
            "band": bs.band_text(k),
            "other": bs.band_text(j),
            "overlap": ranges_text(taken, bs.unit, bs.factor),
            "other_grade": bs.bounds[j].grade,
        }
        yield Diagnostic("W503", bs.written[k].span, bs.source, args)


def _order(bs: BandSet, result: BandAnalysis) -> Iterator[Diagnostic]:
    """Report the first pair of reachable bands whose grades run against the direction."""
    ladder = ladder_of({b.grade for b in bs.bounds})
    if ladder is None or bs.direction not in _ORDERED:
        return
    live = [(k, rs) for k, rs in enumerate(result.regions) if rs]
    sign = 1 if bs.direction is A.Direction.POSITIVE else -1
    for a, ra in live:
        for b, rb in live:
            top, _ = supremum(ra)
            bottom, _ = infimum(rb)
            if top is None or bottom is None or top > bottom:
                continue
            ga, gb = bs.bounds[a].grade, bs.bounds[b].grade
            if sign * (ladder.index(ga) - ladder.index(gb)) > 0:
                args = {
                    "direction": bs.direction.value,
                    "low": ranges_text(ra, bs.unit, bs.factor),
                    "low_grade": ga,
                    "high": ranges_text(rb, bs.unit, bs.factor),
                    "high_grade": gb,
                }
                yield Diagnostic("W504", bs.written[max(a, b)].span, bs.source, args)
                return


def _top_grade(bs: BandSet, result: BandAnalysis) -> Iterator[Diagnostic]:
    """正向: every value graded with the top grade must meet the target (反向 likewise)."""
    t = bs.target
    ladder = ladder_of({b.grade for b in bs.bounds})
    if t is None or ladder is None or not _agrees(bs.direction, t.comparator):
        return
    live = [(ladder.index(bs.bounds[k].grade), k, rs) for k, rs in enumerate(result.regions) if rs]
    if not live:
        return
    rank = max(r for r, _, _ in live)
    regions = sorted((r for rk, _, rs in live if rk == rank for r in rs), key=lambda r: (r.low is not None, r.low or 0))
    first = next(k for rk, k, _ in live if rk == rank)
    edge, closed = infimum(regions) if bs.direction is A.Direction.POSITIVE else supremum(regions)
    if edge is not None and ((closed and not t.met(edge)) or _beyond(edge, t, bs.direction)):
        shown = Range(edge, True, edge, True).text(bs.unit, bs.factor)
        args = {"grade": bs.bounds[first].grade, "threshold": shown, "target": t.text}
        yield Diagnostic("W512", bs.written[first].span, bs.source, args)


def _agrees(direction: A.Direction, cmp: A.Comparator) -> bool:
    if direction is A.Direction.POSITIVE:
        return cmp in (A.Comparator.GE, A.Comparator.GT)
    return direction is A.Direction.NEGATIVE and cmp in (A.Comparator.LE, A.Comparator.LT)


def _beyond(edge: Fraction, t: ResolvedTarget, direction: A.Direction) -> bool:
    """Values just inside the edge miss the target (open edge strictly on the wrong side)."""
    return edge < t.value if direction is A.Direction.POSITIVE else edge > t.value
