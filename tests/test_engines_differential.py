"""The bounded version of benchmarks/fuzz/differential.py (issues 16.12b, 17.3): random indicator
files over parquet columns stored as int64 (with the int64 edges), DECIMAL(38,8) (with 30-digit
amounts) and text (with 39–60-digit numbers), run through `eval`'s engine registry.  No engine
fails the whole file; vector equals exact record by record; DuckDB equals exact except E805 on a
record whose inputs or thresholds are too long for DECIMAL(38,0) pair arithmetic (9 or more
digits of numerator or denominator) — that record's own coded error."""

from __future__ import annotations

import tempfile
from decimal import Decimal
from pathlib import Path
from typing import Any

import pyarrow as pa
import pyarrow.parquet as pq
from hypothesis import HealthCheck, given, settings
from hypothesis import strategies as st
from test_backends_agree import indicator_text, typed_number

from indicator_dsl import loads
from indicator_dsl.backends.engines import ENGINES, Inputs
from indicator_dsl.backends.exact import EvalFailure, convert

INPUTS = ("a", "b", "c")
INT64 = st.one_of(
    st.integers(-5, 200),
    st.sampled_from([2**62, 2**63 - 1, -(2**63), 10**18, 2**31]),
    st.integers(10**8, 10**12),
    st.none(),
)
DECIMALS = st.one_of(
    st.integers(-5, 200).map(Decimal),
    st.sampled_from(["29", "95.5", "-0.5", "57.5", "0.00000001", "12345678.12345678"]).map(Decimal),
    st.integers(10**28, 10**29).map(lambda n: Decimal(n) + Decimal("0.12345678")),
    st.none(),
)
LONG_DIGITS = st.integers(39, 60).flatmap(lambda k: st.integers(10 ** (k - 1), 10**k - 1)).map(str)
TEXTS = st.one_of(
    st.integers(-5, 200).map(str),
    typed_number(),
    LONG_DIGITS,
    st.integers(30, 55).map(lambda k: "0." + "0" * k + "1"),
    st.sampled_from(["", "abc", "29%", "6,797.78", "—"]),
    st.none(),
)
KINDS = {"int64": (INT64, pa.int64()), "decimal": (DECIMALS, pa.decimal128(38, 8)), "text": (TEXTS, pa.string())}


@st.composite
def tables(draw: Any) -> pa.Table:
    size = draw(st.integers(1, 12))
    cols = {}
    for name in INPUTS:
        values, arrow_type = KINDS[draw(st.sampled_from(sorted(KINDS)))]
        cols[name] = pa.array(draw(st.lists(values, min_size=size, max_size=size)), arrow_type)
    return pa.table(cols)


def run(engine: str, text: str, path: str) -> dict[tuple[Any, str], tuple[Any, ...]]:
    cat = loads(text)
    results = ENGINES[engine](list(cat), cat.context.env, Inputs(path), None, 2)
    rows = (results[i] for i in range(len(results)))
    return {(row, e.indicator): (e.value, e.grade, e.met, e.error) for row, e in rows}


def digits(table: pa.Table) -> list[int]:
    """Per record, the most digits of any input's numerator or denominator as exact reads it."""
    out = []
    for record in table.to_pylist():
        top = 0
        for key, value in record.items():
            try:
                n, d = convert(value, key, 1, 1)
            except EvalFailure:
                continue
            top = max(top, len(str(abs(n))), len(str(d)))
        out.append(top)
    return out


def threshold_digits(res: Any) -> int:
    values = [v for b in res.bands for v in (b.low, b.high) if v is not None]
    values += [res.target.value] if res.target is not None else []
    return max((len(str(abs(x))) for v in values for x in (v.numerator, v.denominator)), default=0)


@settings(max_examples=40, deadline=None, suppress_health_check=[HealthCheck.too_slow])
@given(st.lists(indicator_text(), min_size=2, max_size=2), tables())
def test_no_engine_refuses_a_file_exact_evaluates(texts: list[str], table: pa.Table) -> None:
    texts = [t.replace("指标 x ", f"指标 x{i} ").replace("公式 x =", f"公式 x{i} =") for i, t in enumerate(texts)]
    text = "".join(texts)
    cat = loads(text)
    if cat.syntax_diagnostics or any(ind.resolved.expr is None for ind in cat):
        return
    with tempfile.TemporaryDirectory() as tmp:
        path = str(Path(tmp) / "in.parquet")
        pq.write_table(table, path)
        exact = run("exact", text, path)
        assert run("vector", text, path) == exact
        sql = run("duckdb", text, path)  # an engine-wide exception fails the test here
    sizes, limits = digits(table), {ind.name: threshold_digits(ind.resolved) for ind in cat}
    assert set(sql) == set(exact)
    for (row, name), want in exact.items():
        got = sql[(row, name)]
        beyond = max(sizes[row - 1], limits[name]) >= 9
        if got[3] == "E805":  # exact's value, or a code of exact's from a value SQL could not hold
            assert beyond, (row, name, want)
        elif not (beyond and got[3] is not None and want[3] is not None):  # E401 on a value SQL lost
            assert got == want, (row, name)
