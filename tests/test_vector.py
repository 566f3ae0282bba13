"""Vector backend: column reading, failures per record, the Python-int fallback, polars in/out."""

from __future__ import annotations

from fractions import Fraction
from typing import Any

import numpy as np
import polars as pl
import pytest
from hypothesis import given, settings
from hypothesis import strategies as st

from indicator_dsl import loads
from indicator_dsl.backends.vector import LIMIT, read_column
from indicator_dsl.catalog import CompileError

RATE = '指标 r "完成率"\n  公式 r = c / p * 100%\n  目标 ≥90%\n  等级 ≥95 优, ≥70 良, ≥50 中, <50 差\n'


def test_grades_met_and_errors_per_record() -> None:
    ind = loads(RATE)["r"]
    out = ind.evaluate_batch({"c": [95, 90, 1, None, "abc", 70], "p": [100, 100, 0, 5, 5, "100"]})
    assert out.grade.tolist() == ["优", "良", None, None, None, "良"]
    assert out.met.tolist() == [True, True, None, None, None, False]
    assert out.error.tolist() == [None, None, "E401", "E402", "E403", None]
    assert out.display(0) == "95.00%" and out.fraction(5) == Fraction(7, 10)
    assert np.isnan(out.value[2]) and out.value[0] == pytest.approx(0.95)


def test_first_failure_in_evaluation_order_like_exact() -> None:
    cat = loads("r = a / b + c\n")
    ind = cat["r"]
    records = [{"a": None, "b": 0, "c": 1}, {"a": 1, "b": 0, "c": None}, {"a": 1, "b": 2, "c": "x"}]
    batch = ind.evaluate_batch({k: [r[k] for r in records] for k in "abc"})
    assert batch.error.tolist() == [ind.evaluate(r).error for r in records] == ["E402", "E401", "E403"]


def test_float_columns_read_through_shortest_repr() -> None:
    col = read_column(np.array([0.29, 1.5, 2.0]))
    assert (col.n.tolist(), col.d) == ([29, 150, 200], 100)
    ind = loads('指标 r "x"\n  公式 r = a * 100%\n  等级 ≥29 中, <29 差\n')["r"]
    assert ind.evaluate_batch({"a": np.array([0.29, 0.28999])}).grade.tolist() == ["中", "差"]


def test_percent_strings_and_unit_inputs() -> None:
    cat = loads("输入 a: 万元\n输入 b: 元\nr = a / b\n")
    out = cat["r"].evaluate_batch({"a": [1, "2"], "b": [10000, 5000]})
    assert [out.fraction(i) for i in range(2)] == [Fraction(1), Fraction(4)]
    pct = loads("r = a * 1\n")["r"].evaluate_batch({"a": ["29%"]})
    assert pct.fraction(0) == Fraction(29, 100)


def test_overflow_falls_back_to_python_ints() -> None:
    ind = loads('指标 r "x"\n  公式 r = a * b * c / d\n  等级 ≥1 高, <1 低\n')["r"]
    big = 3 * 10**12
    data = {"a": [big, 1], "b": [big, 1], "c": [big, 1], "d": [big**3, 2]}
    assert big**3 > LIMIT
    out = ind.evaluate_batch(data)
    assert out.grade.tolist() == ["高", "低"] and out.fraction(0) == 1


def test_definitions_and_record_overrides() -> None:
    cat = loads("定义 total = a + b\nr = a / total * 100%\n")
    out = cat["r"].evaluate_batch({"a": [1, 1], "b": [1, 1], "total": [None, 4]})
    assert [out.fraction(i) for i in range(2)] == [Fraction(1, 2), Fraction(1, 4)]
    given = cat["r"].evaluate_batch({"a": [1], "b": [1], "r": ["7"]})
    assert given.fraction(0) == Fraction(7, 100) == cat["r"].evaluate({"a": 1, "b": 1, "r": "7"}).value


def test_polars_in_and_out() -> None:
    ind = loads(RATE)["r"]
    frame = pl.DataFrame({"c": [95, None, 29], "p": [100, 100, 100]})
    out = ind.evaluate_batch(frame).to_polars(places=2)
    assert out["grade"].to_list() == ["优", None, "差"]
    assert out["error"].to_list() == [None, "E402", None]
    assert out["display"].to_list() == ["95.00%", "", "29.00%"]


def test_indicator_with_errors_does_not_evaluate() -> None:
    with pytest.raises(CompileError):
        loads("r = a / missing_fn(b)\n")["r"].evaluate_batch({"a": [1], "b": [1]})


def test_empty_batch() -> None:
    out = loads(RATE)["r"].evaluate_batch({"c": np.array([], dtype=np.int64), "p": np.array([], dtype=np.int64)})
    assert out.size == 0 and out.grade.tolist() == []


CHUNKED = {
    "int64 columns": {"c": np.array([95, 0, 7, -3, 50, 70, 1, 2, 3, 90], dtype=np.int64), "p": np.arange(1, 11) * 10},
    "zeros, blanks, text, big": {
        "c": [95, None, "abc", 1, 3 * 10**20, 70, "29%", 5, 0, 8],
        "p": [100, 100, 5, 0, 7, "100", 1, 2, 10**19, 0],
    },
    "polars with nulls": pl.DataFrame({"c": [95, None, 29, 1, 2, 3, 4], "p": [100, 100, 0, 3, None, 7, 8]}),
}


@pytest.mark.parametrize("name", sorted(CHUNKED))
def test_a_batch_in_chunks_is_the_batch_in_one(monkeypatch: pytest.MonkeyPatch, name: str) -> None:
    """Chunk by chunk (CHUNK made small), every record's value, grade, met and failure (with its
    detail) are what one evaluation of the whole batch gives."""
    from indicator_dsl.backends import vector
    from indicator_dsl.backends.engines import batch_part

    ind = loads(RATE)["r"]
    data = CHUNKED[name]
    whole = ind.evaluate_batch(data)
    monkeypatch.setattr(vector, "CHUNK", 3)
    parts = ind.evaluate_batch(data)
    size = whole.size
    assert parts.size == size
    assert [parts.fraction(i) for i in range(size)] == [whole.fraction(i) for i in range(size)]
    assert parts.grade.tolist() == whole.grade.tolist() and parts.met.tolist() == whole.met.tolist()
    assert parts.error.tolist() == whole.error.tolist()
    columns = data if isinstance(data, dict) else {c: data.get_column(c) for c in data.columns}
    assert batch_part(parts, columns)["detail"].to_pylist() == batch_part(whole, columns)["detail"].to_pylist()


def test_a_value_that_is_an_input_column_is_not_copied(monkeypatch: pytest.MonkeyPatch) -> None:
    """`c / p * 100%` over int64 columns: the result's n and d are the input arrays themselves,
    in one piece or in chunks (a batch's memory is its input's plus the grade and code columns)."""
    from indicator_dsl.backends import vector

    c, p = np.arange(10, dtype=np.int64), np.arange(1, 11, dtype=np.int64)
    for chunk in (1 << 20, 4):
        monkeypatch.setattr(vector, "CHUNK", chunk)
        out = loads(RATE)["r"].evaluate_batch({"c": c, "p": p})
        assert out.n is c and out.d is p


CELLS = st.one_of(
    st.none(), st.integers(-(10**6), 10**6), st.integers(-(10**20), 10**20), st.sampled_from(["x", "", "5%"])
)


@settings(max_examples=60, deadline=None)
@given(st.lists(st.tuples(CELLS, CELLS), min_size=1, max_size=30), st.integers(1, 7))
def test_chunks_of_any_size_give_the_whole_batch(rows: list[tuple[Any, Any]], chunk: int) -> None:
    """Whatever the chunk size and the cells (blanks, text, zeros, values past int64), chunked
    evaluation gives every record the value, grade, met and code one evaluation gives."""
    from indicator_dsl.backends import vector

    ind = loads(RATE)["r"]
    data = {"c": [c for c, _ in rows], "p": [p for _, p in rows]}
    whole = ind.evaluate_batch(data)
    saved = vector.CHUNK
    vector.CHUNK = chunk
    try:
        parts = ind.evaluate_batch(data)
    finally:
        vector.CHUNK = saved
    size = len(rows)
    assert [parts.fraction(i) for i in range(size)] == [whole.fraction(i) for i in range(size)]
    assert parts.grade.tolist() == whole.grade.tolist() and parts.met.tolist() == whole.met.tolist()
    assert parts.error.tolist() == whole.error.tolist()
