"""Targets: inside the domain, present where scoring needs them, and in the formula's scale.

No sympy here: a target is one value, compared with Fractions.
"""

from __future__ import annotations

from collections.abc import Iterator
from fractions import Fraction

from .. import ast as A
from ..diagnostics import Diagnostic
from ..naming import less_is_better
from ..semantics import Resolved
from ..source import Source
from ..unparse import decimal_text, expr_text
from . import codes as _codes  # noqa: F401 - registers the codes used below
from .bands import domain_of
from .context import Context

_PERCENT_WORDS = {"%", "％", "百分比"}


def check_targets(ctx: Context) -> Iterator[Diagnostic]:
    for source, ind in ctx.indicators():
        res = ctx.resolved.get(id(ind))
        if res is None:
            continue
        if res.target is not None and isinstance(ind.target, A.QuantTarget):
            domain = domain_of(res, ctx.env)
            if not domain.contains(res.target.value):
                unit, factor = (res.unit.name, res.unit.factor) if res.unit else ("", Fraction(1))
                args = {"target": res.target.text, "domain": domain.text(unit, factor)}
                yield Diagnostic("W511", ind.target.span, source, args)
        elif ind.target is None:
            yield from _missing_target(source, ind, res.qualitative, res.direction)
        yield from _hundred_without_percent(source, ind)
        yield from _ratio_against_percent_number(source, ind, res)
        yield from _name_says_less_is_better(source, ind)


def _missing_target(
    source: Source, ind: A.Indicator, qualitative: bool, direction: A.Direction
) -> Iterator[Diagnostic]:
    """反向 with no target cannot be scored (seed 000 错案案件比率).  Other indicators are told only
    when they will be scored as 定量 (declared `类型 定量`, or given a `权重`): a bare formula,
    one-line or block, is a measure and needs no target."""
    if direction is A.Direction.NEGATIVE:
        fix = ("添加“目标 ≤ …”", "add a target such as '目标 ≤ …'")
        yield Diagnostic("W513", ind.name_span, source, {"name": ind.name}, *fix)
    elif not qualitative and (ind.kind is A.Kind.QUANTITATIVE or ind.weight is not None):
        fix = ("添加“目标 …”，或写“类型 定性”", "add '目标 …', or mark it '类型 定性' (qualitative)")
        yield Diagnostic("W514", ind.name_span, source, {"name": ind.name}, *fix)


def _hundred_without_percent(source: Source, ind: A.Indicator) -> Iterator[Diagnostic]:
    """`a / b * 100` with a `≥90%` target: the formula yields 90, which is 9000%."""
    expr = ind.formula.expr if ind.formula else None
    target = ind.target
    if not isinstance(expr, A.BinOp) or expr.op != "*" or not isinstance(target, A.QuantTarget):
        return
    last = expr.right
    percent_target = target.quantity.unit in _PERCENT_WORDS or (
        target.quantity.unit is None and ind.unit in _PERCENT_WORDS
    )
    if isinstance(last, A.Num) and last.unit is None and last.value == 100 and percent_target:
        yield Diagnostic("W521", last.span, source, {}, "* 100%", "write '* 100%'")


_PER_UNIT_WORDS = ("均", "每", "单位", "倍")  # 人均经费 = 总经费 / 人数 is a per-unit amount, not a share


def _ratio_against_percent_number(source: Source, ind: A.Indicator, res: Resolved) -> Iterator[Diagnostic]:
    """`合格数 / 总数` with `目标 ≥95`: the ratio is at most 1 when it is a share, so a bare 95
    cannot be meant with it (96 of 100 would grade 差).  Either the formula lacks `* 100%` or
    the target lacks `%`.  Per-unit amounts (人均…) are left alone."""
    expr = ind.formula.expr if ind.formula else None
    target = ind.target
    if not isinstance(expr, A.BinOp) or expr.op != "/" or not isinstance(target, A.QuantTarget):
        return
    ratio = res.unit is None or (res.unit.dimensionless and res.unit.factor == 1)
    bare = target.quantity.unit is None and ind.unit is None
    if not (ratio and bare and 1 < target.quantity.value <= 100) or any(w in ind.name for w in _PER_UNIT_WORDS):
        return
    value = decimal_text(target.quantity.value)
    cmp = target.comparator.value if target.comparator else ""
    args = {"formula": expr_text(expr), "target": value, "fix": f"{cmp}{value}%"}
    yield Diagnostic("W305", target.span, source, args, f"{expr_text(expr)} * 100%")


def _name_says_less_is_better(source: Source, ind: A.Indicator) -> Iterator[Diagnostic]:
    """`差错率 目标 ≥100%` with no `方向`: the comparator makes it 正向, its name says 反向."""
    target, word = ind.target, less_is_better(ind.name)
    if word is None or ind.direction is not None or not isinstance(target, A.QuantTarget):
        return
    if target.comparator not in (A.Comparator.GE, A.Comparator.GT):
        return
    from ..unparse import quantity_text

    written = target.comparator.value + quantity_text(target.quantity)
    fix = ("≤" if target.comparator is A.Comparator.GE else "<") + quantity_text(target.quantity)
    args = {"name": ind.name, "word": word, "target": written}
    yield Diagnostic("W522", target.span, source, args, fix)
