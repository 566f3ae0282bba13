"""Partial-credit rules for a missed quantitative target, as a registry a scheme names in TOML.

Each rule turns (actual, target, weight) into an exact score and says how, with a formula
template the explanation fills in with the displayed numbers.  Results are clamped to
[0, weight] by the caller, so a rule only states its arithmetic."""

from __future__ import annotations

from collections.abc import Callable
from dataclasses import dataclass
from fractions import Fraction

RuleFn = Callable[[Fraction, Fraction, Fraction], Fraction]


@dataclass(frozen=True, slots=True)
class Rule:
    name: str
    compute: RuleFn
    formula: str  # placeholders {a} actual, {t} target, {w} weight


RULES: dict[str, Rule] = {}


def rule(name: str, formula: str) -> Callable[[RuleFn], RuleFn]:
    def register(fn: RuleFn) -> RuleFn:
        RULES[name] = Rule(name, fn, formula)
        return fn

    return register


@rule("ratio", "{a} / {t} × {w}")
def _ratio(a: Fraction, t: Fraction, w: Fraction) -> Fraction:
    return a / t * w if t > 0 else Fraction(0)


@rule("inverse-ratio", "{t} / {a} × {w}")
def _inverse_ratio(a: Fraction, t: Fraction, w: Fraction) -> Fraction:
    return t / a * w if a > 0 and t >= 0 else Fraction(0)


@rule("linear-to-double", "(2 × {t} − {a}) / {t} × {w}")
def _linear_to_double(a: Fraction, t: Fraction, w: Fraction) -> Fraction:
    return (2 * t - a) / t * w if t > 0 else Fraction(0)


@rule("deviation", "(1 − |{a} − {t}| / {t}) × {w}")
def _deviation(a: Fraction, t: Fraction, w: Fraction) -> Fraction:
    return (1 - abs(a - t) / t) * w if t > 0 else Fraction(0)


@rule("zero", "0")
def _zero(a: Fraction, t: Fraction, w: Fraction) -> Fraction:
    return Fraction(0)


def clamp(value: Fraction, weight: Fraction) -> Fraction:
    """Never above the weight, never below zero."""
    return max(Fraction(0), min(value, weight))
