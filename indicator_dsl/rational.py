"""Exact numbers: reading decimals from text and data, and 四舍五入 (ROUND_HALF_UP) display.

Everything that decides a grade or a score is a `Fraction`; floats from data are read through
their shortest repr, so 0.29 means 29/100 and never 0.28999999999999998.
"""

from __future__ import annotations

import re
from collections.abc import Iterable
from decimal import MAX_EMAX, MAX_PREC, MIN_EMIN, Context, Decimal
from fractions import Fraction

MAX_DIGITS = 60
MAX_PLACES = 60  # decimal places `decimal_text` writes out
_TOO_LONG = 10**MAX_DIGITS
_EXACT = Context(prec=MAX_PREC, Emax=MAX_EMAX, Emin=MIN_EMIN)
_NUMBER = re.compile(r"^[+-]?(\d{1,3}(,\d{3})+|\d+)?(\.\d+)?$")


class NotANumber(ValueError):
    """Raised when data text is not a decimal number."""


def parse_decimal(text: str) -> Fraction:
    """`776.52`, `6,797.78`, `-3`, `29%` (→ 29/100) as an exact Fraction."""
    s = text.strip().replace("，", ",").replace("％", "%")
    scale = Fraction(1)
    if s.endswith("%"):
        s, scale = s[:-1].strip(), Fraction(1, 100)
    if not s or not _NUMBER.match(s) or s in "+-." or len(s) > MAX_DIGITS:
        raise NotANumber(text)
    return Fraction(s.replace(",", "")) * scale


def to_fraction(value: object) -> Fraction:
    """Any data value people hand us (int, Decimal, Fraction, float, str) as a Fraction."""
    if isinstance(value, bool):
        raise NotANumber(repr(value))
    if isinstance(value, int) and abs(value) >= _TOO_LONG:  # as text it would be refused too
        raise NotANumber(f"{abs(value).bit_length()} bits")
    if isinstance(value, (int, Fraction)):
        return Fraction(value)
    if isinstance(value, Decimal):
        if not value.is_finite():
            raise NotANumber(str(value))
        return Fraction(value)
    if isinstance(value, float):
        if value != value or value in (float("inf"), float("-inf")):
            raise NotANumber(repr(value))
        return Fraction(repr(value))
    if isinstance(value, str):
        return parse_decimal(value)
    raise NotANumber(repr(value))


def exact_sum(values: Iterable[Fraction | int]) -> Fraction:
    """The exact sum of fractions, with one reduction at the end (`sum` reduces after every
    addition: a folder run adds each scorecard's weights several times)."""
    n, d = 0, 1
    for v in values:
        vn, vd = v.numerator, v.denominator
        n, d = (n + vn * d, d) if vd == 1 else (n * vd + vn * d, d * vd)
    return Fraction(n, d)


def round_half_up(value: Fraction, places: int = 2) -> Decimal:
    """四舍五入 to `places` decimals, exactly: 2.675 → 2.68, -2.675 → -2.68."""
    scale = 10**places
    n = abs(value.numerator) * scale * 2 + value.denominator
    q = n // (2 * value.denominator)
    signed = -q if value < 0 else q
    # Built from the integer, not its text (Python refuses int → str past 4,300 digits), and
    # scaled in a context wide enough to stay exact whatever the caller's Decimal context is.
    return Decimal(signed).scaleb(-places, _EXACT)


def format_fixed(value: Fraction, places: int = 2) -> str:
    """Display text of a value rounded half up, with exactly `places` decimals."""
    return f"{round_half_up(value, places):.{places}f}"


def decimal_text(value: Fraction) -> str:
    """Exact decimal text of a Fraction with a finite expansion (as written numbers are): its
    places are the larger count of 2s and 5s in the denominator (integer arithmetic only:
    reports print thousands of these)."""
    numerator, denominator = value.numerator, value.denominator
    if denominator == 1:  # most printed numbers are whole (weights, targets)
        return str(numerator)
    sign = "-" if numerator < 0 else ""
    numerator = abs(numerator)
    twos = (denominator & -denominator).bit_length() - 1
    rest, fives = denominator >> twos, 0
    while rest % 5 == 0 and fives <= MAX_PLACES:
        rest //= 5
        fives += 1
    places = max(twos, fives)
    if rest != 1 or places > MAX_PLACES:
        raise ValueError(f"{abs(value)} has no finite decimal expansion")
    digits = str(numerator * 10**places // denominator)
    if places:
        digits = digits.rjust(places + 1, "0")
        digits = f"{digits[:-places]}.{digits[-places:]}"
    return sign + digits
