"""`backends.digit_text` writes display values as bytes in numpy: the same text as the report's
own `units.amount_digits`, and as the Arrow string path `results` keeps for Python integers past
64 bits, on every sign, unit (a whole count as `12处`), number of places and size; the reduced
`n/d` beside it is `str(Fraction)`."""

from __future__ import annotations

from fractions import Fraction

import numpy as np
import pyarrow as pa
import pytest
from hypothesis import given, settings
from hypothesis import strategies as st

from indicator_dsl.backends import digit_text
from indicator_dsl.backends.results import Unit, fraction_text, render_fixed
from indicator_dsl.units import amount_digits, is_count_name, lookup

UNITS = [Unit("", Fraction(1)), Unit("%", Fraction(1, 100)), Unit("万元", Fraction(10000)), Unit("处", Fraction(1))]
values = st.lists(
    st.tuples(st.integers(-(2**40), 2**40), st.integers(1, 2**20))
    | st.tuples(st.integers(-1000, 1000), st.integers(1, 1000)),
    min_size=1,
    max_size=60,
)


def reference(n: int, d: int, unit: Unit, places: int) -> str:
    return amount_digits(Fraction(n, d), lookup(unit.name), places, count=is_count_name(unit.name)) + unit.name


def as_text(values: list[int]) -> pa.Array:
    """The same integers as decimal text: `results` then takes its Python-integer path."""
    return pa.array([str(v) for v in values])


@settings(max_examples=150, deadline=None)
@given(values, st.sampled_from(UNITS), st.integers(0, 6))
def test_display_is_the_reports_text(pairs: list[tuple[int, int]], unit: Unit, places: int) -> None:
    ns, ds = [n for n, _ in pairs], [d for _, d in pairs]
    fast = render_fixed(pa.array(ns, pa.int64()), pa.array(ds, pa.int64()), unit, places).to_pylist()
    slow = render_fixed(as_text(ns), as_text(ds), unit, places).to_pylist()
    assert fast == slow
    if unit.name != "处" or places:  # (a fractional count at 0 places: both paths, not the report)
        assert fast == [reference(n, d, unit, places) for n, d in pairs]


@settings(max_examples=150, deadline=None)
@given(values)
def test_reduced_value_is_str_of_the_fraction(pairs: list[tuple[int, int]]) -> None:
    ns, ds = [n for n, _ in pairs], [d for _, d in pairs]
    fast = fraction_text(pa.array(ns, pa.int64()), pa.array(ds, pa.int64())).to_pylist()
    assert fast == [str(Fraction(n, d)) for n, d in pairs]
    assert fast == fraction_text(as_text(ns), as_text(ds)).to_pylist()


def test_edges_blocks_and_the_int64_limit(monkeypatch: pytest.MonkeyPatch) -> None:
    monkeypatch.setattr(digit_text, "BLOCK", 3)  # several blocks, concatenated in order
    n = np.array([0, -1, 1, 5, -5, 999, 2**62 // 20000, -(2**40), 7, 10**12], np.int64)
    d = np.array([1, 3, 200, 1000, 1000, 1000, 1, 7, 7, 1], np.int64)
    for unit in UNITS:
        for places in (0, 2, 4):
            shown = render_fixed(pa.array(n), pa.array(d), unit, places).to_pylist()
            assert shown == [reference(int(a), int(b), unit, places) for a, b in zip(n, d, strict=True)]
    assert fraction_text(pa.array(n), pa.array(d)).to_pylist() == [
        str(Fraction(int(a), int(b))) for a, b in zip(n, d, strict=True)
    ]
    low = np.array([np.iinfo(np.int64).min], np.int64)
    assert not digit_text.fits(low) and digit_text.fits(low + 1)  # abs(min) overflows: not taken
    assert fraction_text(pa.array(low), pa.array([1])).to_pylist() == [str(int(low[0]))]
    empty = np.array([], np.int64)
    assert digit_text.fixed_text(empty, 2, empty > 0, "%").to_pylist() == []
