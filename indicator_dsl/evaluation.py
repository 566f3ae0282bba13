"""The result of one indicator on one record (`Evaluation`): the model floor under the engines.

Every engine (exact, vector, DuckDB, Spark) and the facade (`catalog.Indicator.evaluate`) build
this one record type, so it lives below all of them and imports only the ground floor; the
facade re-exports it (`indicator_dsl.Evaluation`)."""

from __future__ import annotations

from collections.abc import Mapping
from fractions import Fraction
from typing import Any, NamedTuple

from .diagnostics import Diagnostic
from .units import amount_digits, is_count_name

DEFAULT_PLACES = 2


class Evaluation(NamedTuple):
    """One indicator on one record.  `value` is exact; `display` is 四舍五入 with the unit.

    A NamedTuple so that building millions of them stays cheap; `error` carries the per-record
    code (E401 zero divisor, E402 missing input, E403 not a number) with its arguments."""

    indicator: str
    numerator: int | None
    denominator: int | None
    unit: str
    unit_factor: Fraction
    grade: str | None
    met: bool | None
    error: str | None = None
    error_args: Mapping[str, Any] | None = None
    places: int = DEFAULT_PLACES

    @property
    def value(self) -> Fraction | None:
        if self.numerator is None or self.denominator is None:
            return None
        return Fraction(self.numerator, self.denominator)

    @property
    def ok(self) -> bool:
        return self.error is None

    @property
    def display(self) -> str:
        """The value in the indicator's unit, rounded half up (29% → `29.00%`; a whole count
        `12处`, as every report prints amounts: `units.amount_digits`)."""
        value = self.value
        if value is None:
            return ""
        return amount_digits(value / self.unit_factor, None, self.places, is_count_name(self.unit)) + self.unit

    @property
    def no_grade(self) -> bool:
        """True when the indicator has bands but the value matched none of them."""
        return self.grade is None and self.error is None

    def message(self, lang: str = "zh") -> str:
        if self.error is None:
            return ""
        return Diagnostic(self.error, args=dict(self.error_args or {})).message(lang)

    def to_dict(self, lang: str = "zh") -> dict[str, Any]:
        value = self.value
        return {
            "indicator": self.indicator,
            "value": None if value is None else str(value),
            "display": self.display,
            "unit": self.unit,
            "grade": self.grade,
            "met": self.met,
            "error": self.error,
            "message": self.message(lang),
        }


__all__ = ["DEFAULT_PLACES", "Evaluation"]
