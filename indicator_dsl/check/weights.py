"""Weights that must add up: a scorecard group's children (sub-groups, or the indicators of its
category in the same file) sum to the group's weight, and the top level plus 预算执行 sums to 100.

Only indicators of the scorecard's own file count, so templates and seed tables checked together
do not borrow each other's indicators.
"""

from __future__ import annotations

from collections.abc import Iterator
from fractions import Fraction

from .. import ast as A
from ..diagnostics import Diagnostic
from ..source import Source
from ..unparse import decimal_text
from . import codes as _codes  # noqa: F401 - registers the codes used below
from .context import Context

TOTAL = Fraction(100)


def check_weights(ctx: Context) -> Iterator[Diagnostic]:
    for doc in ctx.documents:
        indicators = [st for st in doc.statements if isinstance(st, A.Indicator) and st.weight is not None]
        for sc in (st for st in doc.statements if isinstance(st, A.Scorecard)):
            yield from _groups(doc.source, sc, indicators)
            yield from _total(doc.source, sc, indicators)


def _groups(source: Source, sc: A.Scorecard, indicators: list[A.Indicator]) -> Iterator[Diagnostic]:
    for g in sc.groups:
        if g.weight is None:
            continue
        depth = len(g.path)
        subgroups = [
            h for h in sc.groups if h.weight is not None and len(h.path) == depth + 1 and h.path[:depth] == g.path
        ]
        if subgroups:
            parts = [(h.weight.value, h.span.start) for h in subgroups if h.weight]
            kind = ("分组", "groups")
        else:
            parts = [(i.weight.value, i.span.start) for i in indicators if i.weight and i.category[:depth] == g.path]
            kind = ("指标", "indicators")
        total = sum((w for w, _ in parts), Fraction(0))
        if parts and total != g.weight.value:
            lines = ", ".join(str(source.location(start)[0]) for _, start in parts)
            args = {
                "parent": " / ".join(g.path),
                "declared": decimal_text(g.weight.value),
                "children": kind[0],
                "children_en": kind[1],
                "lines": lines,
                "total": decimal_text(total),
            }
            yield Diagnostic("W541", g.span, source, args)


def _total(source: Source, sc: A.Scorecard, indicators: list[A.Indicator]) -> Iterator[Diagnostic]:
    """The top level: groups whose parent is not declared (or, with no groups, the indicators)."""
    paths = {g.path for g in sc.groups}
    parts = [(" / ".join(g.path), g.weight.value) for g in sc.groups if g.weight and g.path[:-1] not in paths]
    if not sc.groups:
        parts = [(i.name, i.weight.value) for i in indicators if i.weight]
    if not parts:
        return
    if sc.budget and sc.budget.weight:
        parts.append(("预算执行", sc.budget.weight.value))
    total = sum((w for _, w in parts), Fraction(0))
    if total != TOTAL:
        shown = " + ".join(f"{name} {decimal_text(w)}" for name, w in parts)
        yield Diagnostic("W542", sc.name_span, source, {"name": sc.name, "total": decimal_text(total), "parts": shown})
