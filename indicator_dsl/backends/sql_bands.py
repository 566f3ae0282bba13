"""Bands and targets in SQL: cross-multiplied integer tests of an exact value (`n * 20 >= 19 * d`)
and the grade CASE, whose last test is dropped when the bands cover every number."""

from __future__ import annotations

from collections.abc import Sequence
from fractions import Fraction

from ..semantics import Bound
from .sql_base import _SQL_CMP, Q, _mul, literal, number


def _grade(bands: Sequence[Bound], x: Q) -> str:
    """First band that holds; the last one's test is dropped when the bands cover every number."""
    tests = [_band_test(b, x) for b in bands]
    if _covers_all(bands):
        tests[-1] = "ELSE"
    whens = " ".join(
        f"ELSE {literal(b.grade)}" if t == "ELSE" else f"WHEN {t} THEN {literal(b.grade)}"
        for b, t in zip(bands, tests, strict=True)
    )
    return f"CASE {whens} END"


def _covers_all(bands: Sequence[Bound]) -> bool:
    """Whether the union of the bands is every number: a sweep from -∞, extending the covered
    prefix (-∞, reach) — or (-∞, reach] when `closed` — by any band that starts inside it."""
    reach: Fraction | None = None  # None: nothing covered yet
    closed, moved = False, True
    while moved:
        moved = False
        for b in bands:
            if b.low is not None and (
                reach is None or b.low > reach or (b.low == reach and not (b.low_closed or closed))
            ):
                continue
            if b.high is None:
                return True
            if reach is None or b.high > reach or (b.high == reach and b.high_closed and not closed):
                reach, closed, moved = b.high, b.high_closed, True
    return False


def _test(cmp: str, x: Q, value: Fraction) -> str:
    return f"{_mul(x.n, str(value.denominator))} {_SQL_CMP[cmp]} {_mul(number(value.numerator), x.d)}"


def _band_ends(band: Bound | None) -> list[Fraction]:
    return [] if band is None else [v for v in (band.low, band.high) if v is not None]


def _band_test(b: Bound, x: Q) -> str:
    parts = []
    if b.low is not None:
        parts.append(_test("≥" if b.low_closed else ">", x, b.low))
    if b.high is not None:
        parts.append(_test("≤" if b.high_closed else "<", x, b.high))
    return " AND ".join(parts) or "TRUE"
