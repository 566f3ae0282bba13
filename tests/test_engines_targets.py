"""Exact, vector and DuckDB agree on interval targets on quantities and on deadlines and
periods on day numbers: every engine renders the condition's interval as its band test."""

from __future__ import annotations

from datetime import date
from typing import Any

import pyarrow as pa
from hypothesis import HealthCheck, given, settings
from hypothesis import strategies as st

from indicator_dsl import loads
from indicator_dsl.backends.sql import compile_select
from indicator_dsl.dates import day_number, from_day_number
from tests.test_backends_agree import exact_rows, schema_of, sql_rows, vector_rows

ENDS = st.sampled_from(["", "0", "5%", "-5%", "50%", "95%", "100%", "120%"])
INTERVAL = st.builds(
    lambda lo, hi, lc, hc: f"{'[' if lc else '('}{lo}, {hi}{']' if hc else ')'}",
    ENDS,
    ENDS,
    st.booleans(),
    st.booleans(),
)
NOTATIONS = ["95%～100%", "95%-100%", "90%±5%", "±10%", "[-5%, 5%]", "(0, 5%]"]
TARGETS = st.one_of(INTERVAL, st.sampled_from(NOTATIONS))
VALUES = st.one_of(st.integers(-20, 130), st.sampled_from([0, 5, 95, 100, 90, 85]), st.none())
RECORDS = st.lists(
    st.fixed_dictionaries({"a": VALUES, "b": st.sampled_from([100, 100, 50, 0, None])}), min_size=1, max_size=20
)


def agree(text: str, records: list[dict[str, Any]]) -> list[tuple[Any, ...]]:
    import duckdb

    cat = loads(text)
    env = cat.context.env
    res = next(iter(cat)).resolved
    expected = exact_rows(res, env, records)
    data = {k: [r[k] for r in records] for k in records[0]}
    assert vector_rows(res, env, data) == expected
    con = duckdb.connect()
    table = pa.table({k: pa.array(v, type=pa.int64()) for k, v in data.items()})
    con.register("records", table)
    rows = con.sql(compile_select([res], env, schema_of(table))).to_arrow_table()
    assert sql_rows(rows, res.node.name) == expected
    return expected


@settings(max_examples=60, deadline=None, suppress_health_check=[HealthCheck.too_slow])
@given(TARGETS, RECORDS)
def test_engines_agree_on_interval_targets(target: str, records: list[dict[str, Any]]) -> None:
    text = f"指标 x\n  公式 a / b * 100%\n  目标 {target}\n"
    cond = loads(text).indicators[0].resolved.condition
    for value, _, met, error in agree(text, records):
        if error is None:
            assert met == cond.interval.contains(value)  # type: ignore[union-attr]


DAYS = st.integers(day_number(date(2023, 6, 1)), day_number(date(2025, 6, 30)))


@settings(max_examples=40, deadline=None, suppress_health_check=[HealthCheck.too_slow])
@given(
    st.sampled_from(["2024年年底前", "每年6月底前", "2024年11月", "2024.03-2024.09", "上半年"]),
    st.lists(DAYS | st.none(), min_size=1, max_size=20),
)
def test_engines_agree_on_dates_as_day_numbers(target: str, days: list[int | None]) -> None:
    text = f"评分表 表\n  年度 2024\n\n指标 x\n  公式 完成日\n  目标 {target}\n"
    cond = loads(text).indicators[0].resolved.condition
    assert cond is not None
    for row, day in zip(agree(text, [{"完成日": d} for d in days]), days, strict=True):
        _, _, met, error = row
        if day is not None and error is None:
            assert met == cond.met(from_day_number(day)), (target, from_day_number(day))
