"""Bands, targets and an indicator's output columns in SQL: cross-multiplied integer tests of an
exact value (`n * 20 >= 19 * d`) and the grade CASE, whose last test is dropped when the bands
cover every number."""

from __future__ import annotations

from collections.abc import Sequence
from fractions import Fraction
from typing import Any

from ..semantics import Bound, Resolved, met_band
from .sql_base import _SQL_CMP, Q, _bmul, _either, _mul, column_name, literal, number

OUTPUTS = ("value", "n", "d", "grade", "met", "error")


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


def indicator_outputs(
    comp: Any, res: Resolved, wanted: Sequence[str] = OUTPUTS, lean: bool = False
) -> list[tuple[str, str]]:
    """The `wanted` result columns of one indicator (value as DOUBLE, exact numerator n and
    denominator d, grade, met, error).  `lean` leaves out columns that are NULL on every row
    (error when nothing can fail, grade without bands, met without target); readers treat a
    missing column as NULL."""
    unit = res.unit
    fn, fd = (unit.factor.numerator, unit.factor.denominator) if unit else (1, 1)
    x = comp.overridable(res.node.name, fn, fd, res.expr)
    if x.level == 0:
        x = comp.node(x.n, x.d, x.e, 0, x.pos, x.nmax, x.dmax)
    thresholds = (
        [*(v for b in res.bands for v in (b.low, b.high) if v is not None)]
        + ([res.target.value] if res.target is not None else [])
        + _band_ends(met_band(res))
    )
    for v in thresholds:
        comp.bound(_bmul(x.nmax, v.denominator), _bmul(abs(v.numerator), x.dmax))
    if thresholds:
        q = max(v.denominator for v in thresholds)
        p = max(abs(v.numerator) for v in thresholds)
        over = _either(
            comp.overflow([[x.n, str(q)]], _bmul(x.nmax, q)), comp.overflow([[x.d, str(p)]], _bmul(x.dmax, p))
        )
        if over is not None:  # the band and target tests cross-multiply: too big to grade in SQL
            x = comp.node(x.n, x.d, x.e, x.level, x.pos, x.nmax, x.dmax, over, res.node.name)

    def when_ok(expr: str) -> str:
        return expr if x.e is None else f"CASE WHEN {x.e} IS NULL THEN {expr} END"

    cols: dict[str, str | None] = {
        "value": when_ok(f"CAST({x.n} AS DOUBLE) / CAST({x.d} AS DOUBLE)"),
        "n": when_ok(x.n),
        "d": when_ok(x.d),
        "grade": when_ok(_grade(res.bands, x)) if res.bands else None,
        "met": None,
        "error": x.e,
    }
    if res.target is not None and not res.qualitative:
        cols["met"] = when_ok(_test(res.target.comparator.value, x, res.target.value))
    elif (band := met_band(res)) is not None:
        cols["met"] = when_ok(_band_test(band, x))
    nulls = {"grade": "CAST(NULL AS VARCHAR)", "met": "CAST(NULL AS BOOLEAN)", "error": "CAST(NULL AS VARCHAR)"}
    out = []
    for key in OUTPUTS:
        expr = cols[key] if cols[key] is not None else None if lean else nulls[key]
        if key in wanted and expr is not None:
            out.append((column_name(res.node.name, key), expr))
    return out
