"""Weights as the table will print them: scheme group weights, then 不适用 rescaling to the
full total, then rounding by largest remainder so the shown 分值 still add up exactly."""

from __future__ import annotations

from collections.abc import Mapping, Sequence
from dataclasses import dataclass
from fractions import Fraction

from ..catalog import Indicator
from ..rational import round_half_up
from .schemes import Scheme

BUDGET_LEVEL = ("预算执行", "预算执行率")


@dataclass(frozen=True)
class Item:
    """A weighted row of the scorecard: an indicator, or the budget-execution line (indicator None)."""

    indicator: Indicator | None
    level1: str
    level2: str
    weight: Fraction

    @property
    def name(self) -> str:
        return self.indicator.name if self.indicator else BUDGET_LEVEL[1]


def effective_weights(
    items: Sequence[Item], scheme: Scheme, not_applicable: set[str], places: int
) -> dict[str, Fraction]:
    """Name → the weight used for scoring, exact at `places` decimals."""
    exact = {i.name: i.weight for i in items}
    for group in scheme.groups:
        members = [i for i in items if i.indicator and i.level1 in group.match]
        declared = sum((i.weight for i in members), Fraction(0))
        for i in members:
            exact[i.name] = i.weight * group.weight / declared if declared else Fraction(0)
    if scheme.budget_weight is not None and BUDGET_LEVEL[1] in exact:
        exact[BUDGET_LEVEL[1]] = scheme.budget_weight
    full = sum(exact.values(), Fraction(0))
    live = full - sum((w for n, w in exact.items() if n in not_applicable), Fraction(0))
    factor = full / live if live else Fraction(0)
    rescaled = {n: (Fraction(0) if n in not_applicable else w * factor) for n, w in exact.items()}
    return largest_remainder(rescaled, places)


def largest_remainder(weights: Mapping[str, Fraction], places: int) -> dict[str, Fraction]:
    """Round each weight to `places` so that the rounded weights keep the exact total (when
    the total itself has at most `places` decimals): floors first, the leftover units go to
    the largest remainders, ties in declared order."""
    scale = 10**places  # in integer units of 10^-places: a folder run rounds every project's weights
    units: dict[str, int] = {}
    remainders: dict[str, Fraction] = {}
    for name, w in weights.items():
        units[name], rest = divmod(w.numerator * scale, w.denominator)
        remainders[name] = Fraction(rest, w.denominator)
    target = Fraction(round_half_up(sum(weights.values(), Fraction(0)), places)) * scale
    leftover = int(target) - sum(units.values())
    if leftover > 0:
        for name in sorted(weights, key=lambda n: -remainders[n])[:leftover]:  # stable: ties in declared order
            if remainders[name]:
                units[name] += 1
    return {name: Fraction(u, scale) for name, u in units.items()}
