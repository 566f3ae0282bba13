"""Reading an actual for scoring: a value in base units, or a coded refusal (`ScoreInputError`).

The shared floor of `indicator` (the scheme's rules) and `by_rule` (a row's printed 评分标准):
both read a value the same way and refuse it with the same error, so neither imports the other
for it."""

from __future__ import annotations

from collections.abc import Mapping
from dataclasses import dataclass
from decimal import Decimal
from fractions import Fraction
from typing import Any

from .. import units as U
from ..actual_values import plain
from ..rational import to_fraction
from ..values import UnitMismatch, read_quantity


class ScoreInputError(ValueError):
    """A value the scheme cannot use; `code` and `args` say which and why."""

    def __init__(self, code: str, **args: Any) -> None:
        super().__init__(code, args)
        self.code = code
        self.args_ = args


@dataclass(frozen=True, slots=True)
class Measured:
    """A value already in base units (computed from formula inputs): never rescaled by a unit."""

    value: Fraction


def read_value(
    value: Any, unit: U.Unit | None, declared: Mapping[str, U.Unit] | None = None
) -> tuple[Fraction, str | None]:
    """An actual in base units; a bare number takes the indicator's unit.

    Text is a decimal (`parse_decimal` rules: `6,797.78`, no exponents, no hex) followed by an
    optional unit.  A unit nobody knows (`1OO%` reads as 1 and `OO%`) makes the whole value not a
    number (NotANumber); a known unit of another kind (`88.60万元` for a % indicator) raises
    UnitMismatch.  The second item names a compatible but different unit the value was converted
    from (`5‰` for a % indicator), so the report can say so (W603)."""
    if isinstance(value, Measured):
        return value.value, None
    if isinstance(value, Fraction | int | float | Decimal) and not isinstance(value, bool):
        return to_fraction(value) * (unit.factor if unit else Fraction(1)), None
    return read_quantity(plain(str(value)), unit, declared)  # `９６．５％`, `100%（已完成）`


__all__ = ["Measured", "ScoreInputError", "UnitMismatch", "read_value"]
