"""Units, directions and the shape of bands: the checks every quantity needs."""

from __future__ import annotations

from collections import Counter
from collections.abc import Iterator

from .. import ast as A
from .. import units as U
from ..diagnostics import Diagnostic
from ..semantics import UnitInference, iter_nums
from ..source import Source, Span
from ..unparse import decimal_text
from .context import Context

_CONTRADICTS = {
    A.Direction.POSITIVE: {A.Comparator.LE, A.Comparator.LT},
    A.Direction.NEGATIVE: {A.Comparator.GE, A.Comparator.GT},
    A.Direction.EQUAL: {A.Comparator.GE, A.Comparator.GT, A.Comparator.LE, A.Comparator.LT},
}


def check_units(ctx: Context) -> Iterator[Diagnostic]:
    for source, st in ctx.statements():
        exprs: list[A.Expr] = []
        if isinstance(st, A.Indicator) and st.formula:
            exprs.append(st.formula.expr)
        elif isinstance(st, A.Definition):
            exprs.append(st.expr)
        elif isinstance(st, A.Assertion):
            exprs.append(A.BinOp(st.span, "-", st.left, st.right))
        infer = UnitInference(ctx.env, source)
        for expr in exprs:
            infer.infer(expr)
            yield from _unknown_units(ctx, source, [(n.unit, n.span) for n in iter_nums(expr)])
        yield from infer.diags
        if isinstance(st, A.Indicator):
            yield from _indicator_units(ctx, source, st)
        elif isinstance(st, A.InputDecl):
            yield from _unknown_units(ctx, source, [(st.unit, st.span)])


def _unknown_units(ctx: Context, source: Source, found: list[tuple[str | None, Span]]) -> Iterator[Diagnostic]:
    for text, span in found:
        if text and not ctx.env.unit(text).known:
            yield Diagnostic("W302", span, source, {"unit": text})


def _indicator_units(ctx: Context, source: Source, ind: A.Indicator) -> Iterator[Diagnostic]:
    res = ctx.resolved.get(id(ind))
    if res is None or res.unit is None:
        return
    if res.undeclared and ind.formula:
        inputs = "、".join(f"“{n}”" for n in res.undeclared)
        args = {"inputs": inputs, "inputs_en": ", ".join(res.undeclared), "unit": U.describe(res.unit)}
        yield Diagnostic("W304", ind.formula.expr.span, source, args)
    quantities: list[tuple[A.Quantity, str]] = []
    if isinstance(ind.target, A.QuantTarget):
        quantities.append((ind.target.quantity, "E303"))
    for band in ind.bands:
        if isinstance(band, A.ThresholdBand):
            quantities.append((band.quantity, "E322"))
        else:
            quantities += [(q, "E322") for q in (band.interval.low, band.interval.high) if q]
    written_units = [(q.unit, q.span) for q, _ in quantities]
    if ind.unit and ind.unit_span:
        written_units.insert(0, (ind.unit, ind.unit_span))
    yield from _unknown_units(ctx, source, written_units)
    for q, code in quantities:
        written = ctx.env.unit(q.unit, res.unit) if q.unit else None
        if written is not None and written.known and not written.compatible(res.unit):
            if code == "E303":
                args = {"target": q.unit or "", "unit": U.describe(res.unit)}
                cmp = ind.target.comparator if isinstance(ind.target, A.QuantTarget) else None
                fix = _per_fix(ctx, q, res.unit)
                yield Diagnostic(code, q.span, source, args, f"{cmp.value if cmp else ''}{fix}" if fix else None)
            else:
                yield Diagnostic(code, q.span, source, {"unit": q.unit, "expected": U.describe(res.unit)})


def _per_fix(ctx: Context, q: A.Quantity, unit: U.Unit) -> str | None:
    """`≤90万元` for a 万元/座 indicator: the target lacks the indicator's `/座`; say `≤90万元/座`."""
    per = unit.name.partition("/")[2] or unit.name.partition("／")[2]
    if not per or not q.unit:
        return None
    fixed = f"{q.unit}/{per}"
    if not ctx.env.unit(fixed, unit).compatible(unit):
        return None
    return decimal_text(q.value) + fixed


def check_directions(ctx: Context) -> Iterator[Diagnostic]:
    for source, ind in ctx.indicators():
        t = ind.target
        if ind.direction is None or not isinstance(t, A.QuantTarget) or t.comparator is None:
            continue
        if t.comparator in _CONTRADICTS.get(ind.direction, set()):
            yield Diagnostic(
                "E311", ind.direction_span, source, {"direction": ind.direction.value, "comparator": t.comparator.value}
            )


def check_bands(ctx: Context) -> Iterator[Diagnostic]:
    for source, st in ctx.statements():
        if isinstance(st, (A.Indicator, A.Scorecard)):
            yield from _missing_comparators(source, st.bands)


def _missing_comparators(source: Source, bands: tuple[A.Band, ...]) -> Iterator[Diagnostic]:
    """`60差`: a band without a comparator.  Suggest the comparator its neighbours imply."""
    used = Counter(b.comparator for b in bands if isinstance(b, A.ThresholdBand) and b.comparator)
    usual = used.most_common(1)[0][0] if used else A.Comparator.GE
    for i, band in enumerate(bands):
        if not isinstance(band, A.ThresholdBand) or band.comparator is not None:
            continue
        flipped = {
            A.Comparator.GE: A.Comparator.LT,
            A.Comparator.GT: A.Comparator.LE,
            A.Comparator.LE: A.Comparator.GT,
            A.Comparator.LT: A.Comparator.GE,
        }
        cmp = flipped.get(usual, usual) if i == len(bands) - 1 and len(bands) > 1 else usual
        written = decimal_text(band.quantity.value) + (band.quantity.unit or "")
        fix = f"{cmp.value}{written} {band.grade}"
        yield Diagnostic("E321", band.span, source, {"band": f"{written}{band.grade}", "fix": fix}, fix)
