"""Definitions that use the previous ones several times (`d2 = d1 + d0`, `d3 = d2 + d1`, … 30
levels): every engine compiles and runs each definition once, so the SQL text stays linear in
the number of definitions (expanded per use it grew like Fibonacci: ×2.6 per two levels) and
the exact and vector engines do not re-evaluate a definition per use."""

from __future__ import annotations

from fractions import Fraction

import pytest

from indicator_dsl import loads
from indicator_dsl.backends.sql import ColumnType, compile_select


def fan_out(levels: int) -> str:
    lines = ["定义 d0 = a + b", "定义 d1 = d0 * 2 + a"]
    lines += [f"定义 d{i} = d{i - 1} + d{i - 2}" for i in range(2, levels)]
    lines.append(f"指标 x\n  公式 x = d{levels - 1} / b * 100%\n  目标 ≥90%")
    return "\n".join(lines) + "\n"


def expected(levels: int, a: int, b: int) -> Fraction:
    d = [Fraction(a + b), Fraction(2 * (a + b) + a)]
    while len(d) < levels:
        d.append(d[-1] + d[-2])
    return d[levels - 1] / b


def sql_length(levels: int) -> int:
    cat = loads(fan_out(levels))
    schema = {"a": ColumnType("int"), "b": ColumnType("int")}
    return len(compile_select([cat["x"].resolved], cat.context.env, schema))


def test_sql_grows_linearly_with_fan_out_definitions() -> None:
    short, long = sql_length(10), sql_length(30)
    # 20 more definitions add a bounded amount each; expanded per use the text was ×15,000
    assert long < short + 20 * 200, (short, long)


@pytest.mark.parametrize("engine", ["exact", "vector", "duckdb"])
def test_thirty_levels_of_fan_out_evaluate_exactly(engine: str) -> None:
    cat = loads(fan_out(30))
    ind = cat["x"]
    records = [{"a": 1, "b": 2}, {"a": 3, "b": 0}, {"a": None, "b": 5}, {"a": 7, "b": 4}]
    if engine == "exact":
        got = [ind.evaluate(r) for r in records]
        values = [e.value for e in got]
        codes = [e.error for e in got]
    elif engine == "vector":
        res = ind.evaluate_batch({k: [r[k] for r in records] for k in ("a", "b")})
        values = [res.fraction(i) for i in range(len(records))]
        codes = list(res.error)
    else:
        import pyarrow as pa

        from indicator_dsl.backends.duckdb_run import evaluations, run_duckdb

        table = run_duckdb([ind.resolved], cat.context.env, pa.Table.from_pylist(records))
        got = [e for _, e in evaluations(table, [ind.resolved])]
        values = [e.value for e in got]
        codes = [e.error for e in got]
    assert values == [expected(30, 1, 2), None, None, expected(30, 7, 4)]
    assert [c or None for c in codes] == [None, "E401", "E402", None]
