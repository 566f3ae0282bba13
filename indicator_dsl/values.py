"""One reading of a written value: a decimal (`parse_decimal` rules) and an optional unit, in base
units.  Actuals (`scoring.indicator.read_value`), `eval --set` and record cells (`backends.exact.
convert`) all read `691.2万元` through `read_quantity`, so a value means the same everywhere."""

from __future__ import annotations

import re
from collections.abc import Mapping
from fractions import Fraction

from . import units as U
from .rational import NotANumber, parse_decimal

NUMBER_AND_UNIT = re.compile(r"^\s*([+-]?[\d,，]*\.?\d+)\s*(.*?)\s*$")


class UnitMismatch(ValueError):
    """A value written in a unit that cannot be converted to the expected one (E616)."""

    def __init__(self, written: str, expected: str) -> None:
        super().__init__(written, expected)
        self.written, self.expected = written, expected


def read_quantity(
    text: str, unit: U.Unit | None, declared: Mapping[str, U.Unit] | None = None, any_unit: bool = False
) -> tuple[Fraction, str | None]:
    """`text` in base units; a bare number is in `unit`.  A unit nobody knows makes the value not
    a number (NotANumber); a known unit of another kind raises UnitMismatch — unless `any_unit`
    (an input with no declared unit takes whatever known unit it is written in).  The second item
    names a compatible but different unit the value was converted from (`5‰` for a %)."""
    factor = unit.factor if unit else Fraction(1)
    match = NUMBER_AND_UNIT.match(text)
    if not match:
        raise NotANumber(text)
    number = parse_decimal(match.group(1))
    written = match.group(2).replace("％", "%")
    if not written or (unit is not None and written == unit.name):
        return number * factor, None
    found = U.lookup(written, declared, unit)
    if not found.known:
        raise NotANumber(text)
    if not any_unit and not found.compatible(unit or U.DIMENSIONLESS):
        raise UnitMismatch(written, U.describe(unit))
    converted = unit is not None and bool(unit.name) and found.factor != unit.factor
    return number * found.factor, written if converted else None
