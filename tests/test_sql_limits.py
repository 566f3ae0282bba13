"""The SQL engines never fail a whole file where exact evaluates it (issues 16.12b, 17.2, 17.3):
DECIMAL(38,8) parquet columns, products and nested min/max over int64 columns, 60-digit text
cells, and column names equal to the compiler's own aliases.  A value DECIMAL(38,0) truly
cannot hold is E805 for its record; every other record equals the exact evaluator's."""

from __future__ import annotations

import random
from decimal import Decimal
from fractions import Fraction
from pathlib import Path
from typing import Any

import pyarrow as pa
import pyarrow.parquet as pq
import pytest

from indicator_dsl import loads
from indicator_dsl.backends.engines import ENGINES, Inputs

FORMULAS = [
    "a * b * c",
    "min(a, max(b, c)) * a / b",
    "(a + b) * (c - a) / (b + 1)",
    "max(a * b, c * c) / (a + 1) * 100%",
    "min(a * b * c, a) - max(b, c * a)",
]


def run(engine: str, text: str, source: Any, records: Any = ()) -> list[tuple[Any, Any, Any, Any]]:
    cat = loads(text)
    inds = [ind for ind in cat if ind.node.formula is not None]
    out = ENGINES[engine](inds, cat.context.env, Inputs(source, records), None, 2)
    return [(row, e.value, e.grade, e.error) for row, e in out]


def catalog(formula: str) -> str:
    return f"指标 v\n  公式 v = {formula}\n  等级 ≥1 优, <1 差\n"


def agree(exact: list[Any], sql: list[Any]) -> None:
    """Equal record by record, except E805 where the exact value's numerator or denominator is
    beyond what DECIMAL(38,0) arithmetic can cross-multiply."""
    assert len(exact) == len(sql)
    for want, got in zip(exact, sql, strict=True):
        if got[3] == "E805":
            value = want[1]
            assert want[3] is None and value is not None
            assert max(abs(value.numerator), value.denominator) >= 10**18 or abs(value) >= 10**18, (want, got)
        else:
            assert got == want


@pytest.mark.parametrize("formula", FORMULAS)
def test_products_and_nested_min_max_over_int64_parquet(formula: str, tmp_path: Path) -> None:
    rng = random.Random(formula)
    edge = [2**62, 2**63 - 1, -(2**63), 10**18, 3, 0, -7]
    cols = {k: [rng.choice(edge) if rng.random() < 0.4 else rng.randint(-1000, 1000) for _ in range(60)] for k in "abc"}
    path = tmp_path / "ints.parquet"
    pq.write_table(pa.table({k: pa.array(v, pa.int64()) for k, v in cols.items()}), path)
    text = catalog(formula)
    exact = run("exact", text, str(path))
    sql = run("duckdb", text, str(path))
    agree(exact, sql)
    assert any(r[3] is None for r in sql)  # the small records are evaluated, not refused


def test_decimal_38_8_parquet_columns(tmp_path: Path) -> None:
    path = tmp_path / "dec.parquet"
    a = [Decimal("29"), Decimal("95.5"), Decimal("-0.5"), Decimal("123456789012345678901234567890.12345678")]
    b = [Decimal("100")] * 3 + [Decimal("0.00000001")]
    pq.write_table(pa.table({"a": pa.array(a, pa.decimal128(38, 8)), "b": pa.array(b, pa.decimal128(38, 8))}), path)
    text = "指标 r\n  公式 r = a / b * 100%\n  目标 ≥90\n  等级 ≥95 优, <95 差\n"
    exact = run("exact", text, str(path))
    assert [(e[2], e[3]) for e in exact[:2]] == [("差", None), ("优", None)]
    for engine in ("vector", "duckdb"):
        agree(exact, run(engine, text, str(path)))


def test_sixty_digit_text_cells_fail_only_their_record(tmp_path: Path) -> None:
    path = tmp_path / "t.csv"
    rows = ["a,b", "1" * 60 + ",3", "5,2", "0." + "0" * 50 + "1,1", "9" * 36 + ",7", "57,100"]
    path.write_text("\n".join(rows) + "\n", encoding="utf-8")
    import csv

    records = list(enumerate(csv.DictReader(path.open(encoding="utf-8")), start=2))
    text = "指标 r\n  公式 r = a / b * 100%\n  等级 ≥95 优, <95 差\n"
    exact = run("exact", text, str(path), records)
    sql = run("duckdb", text, str(path))
    assert [r[3] for r in sql] == ["E805", None, "E805", None, None]
    agree(exact, sql)


@pytest.mark.parametrize("engine", ["duckdb", "vector"])
def test_names_like_internal_aliases_are_just_names(engine: str, tmp_path: Path) -> None:
    names = ["__row", "__in1_e", "__in0_n", "__v1_n", "__c0", "__tx0_m", "__row_1"]
    path = tmp_path / "c.csv"
    rows = [",".join(names), "1,2,3,4,5,6,7", "3,4,5,6,7,8,9", "x,1,1,1,1,1,1"]
    path.write_text("\n".join(rows) + "\n", encoding="utf-8")
    import csv

    records = list(enumerate(csv.DictReader(path.open(encoding="utf-8")), start=2))
    text = (
        "指标 r\n  公式 r = __row / __in0_n * 100%\n  等级 ≥50 优, <50 差\n"
        "指标 s\n  公式 s = __in1_e + __v1_n * __c0 - __tx0_m / __row_1\n"
    )
    exact = run("exact", text, str(path), records)
    assert exact[0] == (2, Fraction(1, 3), "差", None) and exact[4][3] == "E403"
    pq.write_table(pa.table({n: [r.split(",")[i] for r in rows[1:]] for i, n in enumerate(names)}), tmp_path / "c.pq")
    assert run(engine, text, str(path), records) == exact
    assert run(engine, text, str(tmp_path / "c.pq")) == [(r - 1, *rest) for r, *rest in exact]


@pytest.mark.parametrize("dialect", ["duckdb", "spark", "databricks", "postgres", "snowflake", "trino"])
def test_every_listed_dialect_renders_and_parses_back(dialect: str, capsys: pytest.CaptureFixture[str]) -> None:
    import sqlglot

    from indicator_dsl.backends.dialects import DIALECTS
    from indicator_dsl.cli import main

    path = Path(__file__).parent / "fixtures" / "eval" / "hostile.ind"
    for extra in ([], ["--type", "completed=text", "--group-by", "planned"]):
        assert main(["sql", str(path), "--dialect", dialect, *extra]) == 0
        out = capsys.readouterr().out
        parsed = sqlglot.parse_one(out.rstrip().rstrip(";"), read=DIALECTS[dialect].sqlglot)
        assert parsed.find(sqlglot.exp.Select) is not None and '"rate:grade"' in out.replace("`", '"')


def test_an_inexact_dialect_is_refused(capsys: pytest.CaptureFixture[str]) -> None:
    from indicator_dsl.cli import main

    path = Path(__file__).parent / "fixtures" / "eval" / "hostile.ind"
    with pytest.raises(SystemExit) as exc:
        main(["sql", str(path), "--dialect", "sqlite"])
    assert exc.value.code == 2


def test_parquet_statistics_replace_the_scanning_probe(tmp_path: Path, monkeypatch: pytest.MonkeyPatch) -> None:
    """A parquet file's row-group statistics answer the stats probe (no scan before the scan);
    columns no indicator reads are not probed at all."""
    from indicator_dsl.backends import sql_schema as sql

    path = tmp_path / "in.parquet"
    table = pa.table({"a": [3, 57, None, 12], "b": [4, 100, 5, 0], "unused": [1.5, 2.25, 3.0, 4.0]})
    pq.write_table(table, path, row_group_size=2)
    text = catalog("a / b * 100%")
    exact = run("exact", text, str(path))

    def no_probe(columns: Any, table: str) -> str:
        raise AssertionError(f"probed {columns}")

    monkeypatch.setattr(sql, "stats_probe", no_probe)
    monkeypatch.setattr(sql, "scale_probe", no_probe)  # the float column is never read
    assert run("duckdb", text, str(path)) == exact
    assert sql.parquet_stats(str(path), ["a", "b"]) == [57, 3, 1, 100, 0, 0]


LITERAL_CASES = {
    "a threshold times a DECIMAL(38,8) denominator": "公式 r = a\n  等级 ≥29 优, <29 差\n",
    "a negated value's literal denominator under an overflow test": "公式 r = -a\n  等级 <353 差\n",
    "a constant subexpression": "公式 r = a * max(1.5, 0.1)\n  等级 ≥29 优\n",
    "min/max of a column and a constant": "公式 r = max(a, 184)\n  目标 ≥29\n",
}


@pytest.mark.parametrize("body", LITERAL_CASES.values(), ids=LITERAL_CASES.keys())
def test_literals_never_multiply_in_int32(body: str, tmp_path: Path) -> None:
    """Found by benchmarks/fuzz/differential.py: engines type small literals INT32, so `29 *
    100000000` (a threshold cross-multiplied with a DECIMAL(38,8) column's 10^8) or a CASE of
    literal denominators failed the whole file with `Overflow in multiplication of INT32`."""
    path = tmp_path / "d.parquet"
    values = [Decimal("29"), Decimal("95.5"), Decimal("-0.5"), None]
    pq.write_table(pa.table({"a": pa.array(values, pa.decimal128(38, 8))}), path)
    text = f"指标 r\n  {body}"
    exact = run("exact", text, str(path))
    assert run("duckdb", text, str(path)) == exact
    assert any(e[3] is None for e in exact)


def test_a_record_with_another_failure_is_not_e805(tmp_path: Path) -> None:
    """E805 is no failure of exact's: a record with a 60-digit cell and a blank divisor is E402
    (as exact says), a 60-digit cell over a zero divisor E401; only a record with nothing else
    wrong gets E805 (found by benchmarks/fuzz/differential.py)."""
    path = tmp_path / "t.parquet"
    big = "1" * 60
    pq.write_table(pa.table({"t": [big, big, big, "3"], "b": ["", "0", "2", ""]}), path)
    text = "指标 r\n  公式 r = t / b\n"
    assert [e[3] for e in run("exact", text, str(path))] == ["E402", "E401", None, "E402"]
    assert [e[3] for e in run("duckdb", text, str(path))] == ["E402", "E401", "E805", "E402"]


def test_large_pairs_are_reduced_before_they_overflow(tmp_path: Path) -> None:
    """The flaky test_exact_and_duckdb_agree_on_text_values: over a 20-digit text cell, `b - b`
    is 0/10^28 unreduced and the sum gave E805 where the value is 181250000/17965836166862381."""
    path = tmp_path / "t.parquet"
    b = "2８７,４５３.3７8６６𝟗７９8０９6\t "
    pq.write_table(pa.table({"a": ["29%", "1"], "b": [b, "3"]}), path)
    text = "指标 x\n  公式 x = a / b * 100% + -(b - b)\n  单位 %\n  目标 ≤50\n  等级 (0, 95) 差, ≤100 中\n"
    exact = run("exact", text, str(path))
    assert exact[0][1] == Fraction(181250000, 17965836166862381)
    assert run("duckdb", text, str(path)) == exact


def test_a_null_beside_a_huge_value_is_not_a_whole_file_overflow(tmp_path: Path) -> None:
    """`c - a` with c NULL and a 29-digit DECIMAL(38,8) a: the overflow test was NULL (not true),
    so the ELSE branch multiplied a's digits by 10^8 and DuckDB failed the file (found by
    benchmarks/fuzz/differential.py, seed 7).  The record is E402, as in exact."""
    path = tmp_path / "d.parquet"
    a = [Decimal("38606899184301833822817438742.34418281"), Decimal("1"), Decimal("5")]
    c = [None, Decimal("2.5"), Decimal("38606899184301833822817438742.34418281")]
    dec = pa.decimal128(38, 8)
    pq.write_table(pa.table({"a": pa.array(a, dec), "c": pa.array(c, dec)}), path)
    text = "指标 x\n  公式 x = c - a\n  等级 ≥0 优, <0 差\n"
    exact = run("exact", text, str(path))
    sql = run("duckdb", text, str(path))
    assert sql == exact and exact[0][3] == "E402"  # one scale: c - a is not cross-multiplied


def test_min_max_of_a_failed_side_is_no_value(tmp_path: Path) -> None:
    """`max(5, c)` with a 54-digit c (E805 in SQL) took 5, so `1 / (max(5, c) - 5)` reported a zero
    divisor (E401) where exact divides by a huge number (benchmarks/fuzz/differential.py, seed 11)."""
    path = tmp_path / "t.parquet"
    pq.write_table(pa.table({"c": ["4" * 54, "3", "7"]}), path)
    text = "指标 x\n  公式 x = 1 / (max(5, c) - 5)\n"
    exact = run("exact", text, str(path))
    assert [e[3] for e in exact] == [None, "E401", None]
    assert [e[3] for e in run("duckdb", text, str(path))] == ["E805", "E401", None]
    agree(exact, run("duckdb", text, str(path)))


WIDE_FLOATS = [
    1 / 3,
    0.1 + 0.2,
    1e-07,
    2.5e-05,
    1e20,
    -1.2345678901234567e19,
    2.5e18,
    123456789.12345679,
    1e16,
    5e-324,
    -0.0,
    float("nan"),
    float("inf"),
    None,
    0.5,
    29.0,
]


def float_table(rng: random.Random, size: int) -> pa.Table:
    """float64 columns that need more than 9 decimals or are past 2^50 at their scale: random
    bit patterns, sums like 0.1 + 0.2 and the shapes above, in both input columns."""
    import struct

    def one() -> float | None:
        r = rng.random()
        if r < 0.4:
            return rng.choice(WIDE_FLOATS)
        if r < 0.7:
            return rng.uniform(-1e6, 1e6)
        x = struct.unpack("d", struct.pack("Q", rng.getrandbits(64)))[0]
        return x if 1e-12 < abs(x) < 1e30 else rng.random()  # every mantissa, beside 5e-324

    return pa.table(
        {
            "a": pa.array([one() for _ in range(size)], pa.float64()),
            "b": pa.array([one() for _ in range(size)], pa.float64()),
        }
    )


def test_float_columns_with_long_decimals_are_read_per_record(tmp_path: Path) -> None:
    """A float64 column whose values need more than 9 decimals (1/3, 0.1 + 0.2) was refused
    whole (E801); now DuckDB reads it through each value's shortest text, the value exact gives
    a float, so every record agrees with exact (E805 only where a cell or a product of cells
    passes DECIMAL(38)'s digits: 5e-324, 1.2345678901234567e-11 / 3.3333333333333335e-07)."""
    path = tmp_path / "f.parquet"
    table = float_table(random.Random(3), 400)
    pq.write_table(table, path)
    cells = list(zip(table.column("a").to_pylist(), table.column("b").to_pylist(), strict=True))
    for formula in ("a / b * 100%", "a + b", "a * 3"):
        text = catalog(formula)
        exact = run("exact", text, str(path))
        sql = run("duckdb", text, str(path))
        assert sum(r[3] is None for r in sql) > 280
        assert {r[3] for r in exact} >= {None, "E402", "E403"}  # NULL, nan/inf
        for want, got, (a, b) in zip(exact, sql, cells, strict=True):
            if got[3] == "E805":  # past 38 digits, in a cell (5e-324) or a product of long cells
                assert want[3] is None and max(_plain_digits(a), _plain_digits(b)) > 18, (want, got, a, b)
            else:
                assert got == want, (a, b)


def _plain_digits(x: float | None) -> int:
    if x is None or x != x or x in (float("inf"), float("-inf")):
        return 0
    t = Decimal(repr(x)).as_tuple()
    return len(t.digits) + max(int(t.exponent), -int(t.exponent))


def test_float_text_shapes(tmp_path: Path) -> None:
    """Each text shape the engine prints (1e-07, 1e+20, 1.2345678901234567e+19, 0.3…04) becomes
    the value of Python's repr, exactly."""
    path = tmp_path / "f.parquet"
    values = [1 / 3, 0.1 + 0.2, 1e-07, 2.5e-05, 1e20, -1.2345678901234567e19, 123456789.12345679, 1e16, -0.0]
    pq.write_table(pa.table({"a": values, "b": [1.0] * len(values)}), path)
    got = run("duckdb", catalog("a / b"), str(path))
    assert [r[1] for r in got] == [Fraction(repr(v)) for v in values]
    assert [r[3] for r in got] == [None] * len(values)


def test_float_columns_grouped(tmp_path: Path) -> None:
    from indicator_dsl.backends.engines import ENGINES, Inputs

    path = tmp_path / "g.parquet"
    table = {
        "g": ["x", "x", "y", "y", "z"],
        "a": [1 / 3, 0.1, 0.2, float("nan"), None],
        "b": [1.0, 2.0, 0.5, 1.0, None],
    }
    pq.write_table(pa.table(table), path)
    cat = loads(catalog("a / b * 100%"))
    inds = [ind for ind in cat if ind.node.formula is not None]
    runs = {e: ENGINES[e](inds, cat.context.env, Inputs(str(path)), "g", 2) for e in ("exact", "duckdb")}
    want = [(g, e.value, e.grade, e.error) for g, e in runs["exact"]]
    assert [(g, e.value, e.grade, e.error) for g, e in runs["duckdb"]] == want
    assert want[0][1] == (Fraction(repr(1 / 3)) + Fraction("0.1")) / 3
