"""Spark path: the same SELECT rendered for Spark SQL, run by pyspark in local mode.

One SparkSession for the whole module (`backends.spark.session` is cached); the property test
batches several random indicators into one query per example, so Spark runs few, larger jobs."""

from __future__ import annotations

from fractions import Fraction
from typing import Any

import pyarrow as pa
import pyarrow.parquet as pq
import pytest
from hypothesis import HealthCheck, given, settings
from hypothesis import strategies as st
from test_backends_agree import (
    RECORDS,
    TEXT_RECORDS,
    arrow_of,
    catalog_of,
    exact_rows,
    indicator_text,
    sql_rows,
    text_arrow_of,
    text_records,
)
from test_engines_targets import DAYS, TARGETS, VALUES

from indicator_dsl import loads
from indicator_dsl.backends.duckdb_run import evaluations

DATE_TARGETS = ["2024年年底前", "每年6月底前", "2024年11月", "2024.03-2024.09", "上半年", "2024.3-2024.9", "11月底前"]

pytest.importorskip("pyspark")


@pytest.fixture(scope="module")
def spark() -> Any:
    from indicator_dsl.backends.spark import session

    return session()


def test_parquet_rows_and_groups(spark: Any, tmp_path: Any) -> None:
    from indicator_dsl.backends.spark import run_spark

    cat = loads(
        '输入 planned: 个\n指标 完成率 "x"\n  公式 完成率 = completed / planned * 100%\n  目标 ≥90%\n'
        "  等级 ≥58 优, ≥57 良, ≥29 中, <29 差\n"
    )
    path = tmp_path / "in.parquet"
    pq.write_table(
        pa.table({"g": ["a", "a", "b", "c"], "completed": [29, 5, None, 57.5], "planned": [100, 0, 3, 100]}), path
    )
    res = [cat["完成率"].resolved]
    rows = evaluations(run_spark(res, cat.context.env, str(path), spark=spark), res)
    assert [(r, e.grade, e.error) for r, e in rows] == [
        (1, "中", None),
        (2, None, "E401"),
        (3, None, "E402"),
        (4, "良", None),
    ]
    groups = evaluations(run_spark(res, cat.context.env, str(path), group_by="g", spark=spark), res)
    assert [(g, e.display, e.grade) for g, e in groups] == [
        ("a", "34.00%", "中"),
        ("b", "", None),
        ("c", "57.50%", "良"),
    ]


@settings(
    max_examples=4, deadline=None, suppress_health_check=[HealthCheck.too_slow, HealthCheck.function_scoped_fixture]
)
@given(st.lists(indicator_text(), min_size=6, max_size=6), RECORDS)
def test_exact_and_spark_agree(spark: Any, texts: list[str], records: list[dict[str, Any]]) -> None:
    from indicator_dsl.backends.spark import run_spark

    texts = [t.replace("指标 x ", f"指标 x{i} ").replace("公式 x =", f"公式 x{i} =") for i, t in enumerate(texts)]
    cat = catalog_of(texts)
    env = cat.context.env
    resolved = [ind.resolved for ind in cat]
    frame = spark.createDataFrame(arrow_of(records))
    result = run_spark(resolved, env, frame, spark=spark)
    for res in resolved:
        assert sql_rows(result, res.node.name) == exact_rows(res, env, records), res.node.name


@settings(
    max_examples=3, deadline=None, suppress_health_check=[HealthCheck.too_slow, HealthCheck.function_scoped_fixture]
)
@given(st.lists(indicator_text(), min_size=4, max_size=4), TEXT_RECORDS)
def test_exact_and_spark_agree_on_text_values(spark: Any, texts: list[str], records: list[dict[str, Any]]) -> None:
    """Typed-in text ("1,000", ９０％, spaces, junk) is read by Spark with parse_decimal's rules."""
    from indicator_dsl.backends.spark import run_spark

    texts = [t.replace("指标 x ", f"指标 x{i} ").replace("公式 x =", f"公式 x{i} =") for i, t in enumerate(texts)]
    cat = catalog_of(texts)
    env, resolved = cat.context.env, [ind.resolved for ind in cat]
    records = text_records(records)
    fixed = ["1,000", "９", "９０％", " 29% ", "６,７９７.７８", "1,00", "5.", "%"]
    records += [{"a": v, "b": "100", "c": v} for v in fixed]
    result = run_spark(resolved, env, spark.createDataFrame(text_arrow_of(records)), spark=spark)
    for res in resolved:
        assert sql_rows(result, res.node.name) == exact_rows(res, env, records), res.node.name


def test_rows_numbered_in_file_order(spark: Any, tmp_path: Any) -> None:
    """A parquet directory whose later part is bigger: Spark reads that part first (largest split
    first), yet row numbers follow the files by name and the rows within each, like exact's."""
    from indicator_dsl.backends.engines import ENGINES, Inputs

    parts = tmp_path / "parts.parquet"
    parts.mkdir()
    pq.write_table(pa.table({"a": [1, 2, 3], "b": [10, 10, 10]}), parts / "part-0.parquet")
    pq.write_table(pa.table({"a": list(range(4, 3000)), "b": [10] * 2996}), parts / "part-1.parquet")
    cat = loads("r = a / b * 100%\n")
    inds = [cat["r"]]
    got = {
        e: [(row, ev.value) for row, ev in ENGINES[e](inds, cat.context.env, Inputs(str(parts)), None, 2)]
        for e in ("exact", "duckdb", "spark")
    }
    assert got["spark"][:4] == got["exact"][:4] == [(k, Fraction(k, 10)) for k in (1, 2, 3, 4)]
    assert got["spark"] == got["exact"] == got["duckdb"]


def test_sql_limits_hold_on_spark(spark: Any, tmp_path: Any) -> None:
    """DECIMAL(38,8) columns, int64 products past DECIMAL(38,0), 60-digit text and names like
    the compiler's aliases: Spark agrees with exact record by record (E805 only where the value
    cannot be held), as DuckDB does (test_sql_limits)."""
    import csv
    import random
    from decimal import Decimal

    from test_sql_limits import FORMULAS, agree, catalog, run

    path = tmp_path / "dec.parquet"
    a, b = [Decimal("29"), Decimal("95.5"), Decimal("-0.5")], [Decimal("100")] * 3
    pq.write_table(pa.table({"a": pa.array(a, pa.decimal128(38, 8)), "b": pa.array(b, pa.decimal128(38, 8))}), path)
    text = "指标 r\n  公式 r = a / b * 100%\n  目标 ≥90\n  等级 ≥95 优, <95 差\n"
    agree(run("exact", text, str(path)), run("spark", text, str(path)))
    rng = random.Random(7)
    edge = [2**62, 2**63 - 1, -(2**63), 3, 0]
    cols = {k: [rng.choice(edge) if rng.random() < 0.4 else rng.randint(-99, 99) for _ in range(30)] for k in "abc"}
    ints = tmp_path / "ints.parquet"
    pq.write_table(pa.table({k: pa.array(v, pa.int64()) for k, v in cols.items()}), ints)
    many = "".join(
        catalog(f).replace("指标 v", f"指标 v{i}").replace("公式 v =", f"公式 v{i} =") for i, f in enumerate(FORMULAS)
    )
    agree(run("exact", many, str(ints)), run("spark", many, str(ints)))
    names = ["__row", "__in0_n", "__v1_n", "digits"]
    text_csv = tmp_path / "t.csv"
    text_csv.write_text(",".join(names) + "\n1,2,3," + "1" * 60 + "\n3,4,5,7\n", encoding="utf-8")
    records = list(enumerate(csv.DictReader(text_csv.open(encoding="utf-8")), start=2))
    text = "指标 r\n  公式 r = (__row + digits) / __in0_n * __v1_n\n  等级 ≥50 优, <50 差\n"
    got = run("spark", text, str(text_csv))
    assert [g[3] for g in got] == ["E805", None]
    agree(run("exact", text, str(text_csv), records), got)


def test_spark_library_and_the_example_job(spark: Any, tmp_path: Any) -> None:
    """`indicator_dsl.spark.evaluate_dataframe` returns a DataFrame (nothing collected), and the
    spark-submit example writes it as parquet; both equal the exact evaluator record by record."""
    import importlib.util

    from conftest import ROOT

    from indicator_dsl.spark import evaluate_dataframe

    ind = tmp_path / "rate.ind"
    ind.write_text(
        '指标 rate "x"\n  公式 rate = completed / planned * 100%\n  目标 ≥90\n  等级 ≥58 优, ≥57 良, ≥29 中, <29 差\n',
        encoding="utf-8",
    )
    records = {"id": ["a", "b", "c", "d"], "completed": [29, 57, 1, None], "planned": [50, 100, 0, 3]}
    pq.write_table(pa.table(records), tmp_path / "in.parquet")
    cat = loads(ind.read_text(encoding="utf-8"))
    df = evaluate_dataframe(cat, spark.read.parquet(str(tmp_path / "in.parquet")), keep=["id"])
    assert type(df).__name__ == "DataFrame" and df.columns[0] == "id"
    spec = importlib.util.spec_from_file_location("spark_job", ROOT / "examples" / "spark_job.py")
    assert spec is not None and spec.loader is not None
    job = importlib.util.module_from_spec(spec)
    spec.loader.exec_module(job)
    out = tmp_path / "out"
    assert job.main([str(ind), str(tmp_path / "in.parquet"), str(out), "--keep", "id"], spark=spark) == 0
    got = sorted(pq.read_table(out).to_pylist(), key=lambda r: r["id"])
    exact = [
        cat["rate"].evaluate({"completed": c, "planned": p})
        for c, p in zip(records["completed"], records["planned"], strict=True)
    ]
    assert [r["rate:grade"] for r in got] == [e.grade for e in exact] == ["优", "良", None, None]
    assert [r["rate:error"] and r["rate:error"][:4] for r in got] == [e.error for e in exact]
    values = [None if r["rate:n"] is None else Fraction(int(r["rate:n"]), int(r["rate:d"])) for r in got]
    assert values == [e.value for e in exact]


@settings(
    max_examples=3, deadline=None, suppress_health_check=[HealthCheck.too_slow, HealthCheck.function_scoped_fixture]
)
@given(
    st.lists(TARGETS, min_size=4, max_size=4),
    st.lists(
        st.fixed_dictionaries({"a": VALUES, "b": st.sampled_from([100, 50, 0, None]), "完成日": DAYS | st.none()}),
        min_size=1,
        max_size=20,
    ),
)
def test_exact_and_spark_agree_on_intervals_and_dates(
    spark: Any, targets: list[str], records: list[dict[str, Any]]
) -> None:
    """The new kinds that apply to records, in one Spark job per example: interval targets on
    quantities (`[95%, 100%]`, `90%±5%`, `±10%` …) and deadlines and periods on day numbers
    (`2024年年底前`, `2024.3-2024.9`) — Spark renders the same band test exact, vector and DuckDB
    do (tests/test_engines_targets.py), so it agrees with exact record by record."""
    from indicator_dsl.backends.spark import run_spark

    intervals = [f"指标 x{i}\n  公式 a / b * 100%\n  目标 {t}\n" for i, t in enumerate(targets)]
    dates = [f"指标 d{i}\n  公式 完成日\n  目标 {t}\n" for i, t in enumerate(DATE_TARGETS)]
    cat = loads("评分表 表\n  年度 2024\n\n" + "\n".join(intervals + dates))
    env, resolved = cat.context.env, [ind.resolved for ind in cat]
    assert all(r.condition is not None for r in resolved)
    table = pa.table({k: pa.array([r[k] for r in records], type=pa.int64()) for k in records[0]})
    result = run_spark(resolved, env, spark.createDataFrame(table), spark=spark)
    for res in resolved:
        assert sql_rows(result, res.node.name) == exact_rows(res, env, records), (res.node.name, res.condition)


def _significant(x: float | None) -> int:
    from decimal import Decimal

    if x is None or x != x or x in (float("inf"), float("-inf")):
        return 0
    return len(Decimal(repr(x)).normalize().as_tuple().digits)


def test_float_columns_with_long_decimals(spark: Any, tmp_path: Any) -> None:
    """Floats needing more than 9 decimals are read through their text, per record.  Java 17's
    Double.toString is not always the shortest (2.5000000000000001E18 style), so Spark trusts it
    to 15 significant digits: a longer cell is E805, every other record equals exact — through
    the CLI engine and through `evaluate_dataframe` with and without the probe."""
    import random

    from test_sql_limits import _plain_digits, catalog, float_table, run

    from indicator_dsl.spark import evaluate_dataframe

    path = tmp_path / "f.parquet"
    table = float_table(random.Random(5), 150)
    pq.write_table(table, path)
    cells = list(zip(table.column("a").to_pylist(), table.column("b").to_pylist(), strict=True))
    text = catalog("a / b * 100%")
    exact = run("exact", text, str(path))
    got = run("spark", text, str(path))
    for want, have, (a, b) in zip(exact, got, cells, strict=True):
        long_cell = max(_significant(a), _significant(b)) > 15 or max(_plain_digits(a), _plain_digits(b)) > 18
        if have[3] == "E805":
            assert want[3] is None and long_cell, (want, have, a, b)
        else:
            assert have == want, (a, b)
    assert sum(r[3] is None for r in got) >= 5  # 1e-07, 1e20, 2.5e18, 0.5, 29.0 …
    cat = loads(text)
    numbered = tmp_path / "numbered.parquet"
    pq.write_table(table.append_column("i", pa.array(range(len(cells)))), numbered)
    df = spark.read.parquet(str(numbered))
    for probe in (True, False):
        out = sorted(evaluate_dataframe(cat, df, keep=["i"], probe=probe).toArrow().to_pylist(), key=lambda r: r["i"])
        assert [r["v:error"] and r["v:error"][:4] for r in out] == [r[3] for r in got]
        values = [None if r["v:n"] is None else Fraction(int(r["v:n"]), int(r["v:d"])) for r in out]
        assert values == [r[1] for r in got]


def test_csv_read_in_one_dialect_on_every_engine(spark: Any, tmp_path: Any, capsys: pytest.CaptureFixture[str]) -> None:
    """RFC 4180 quotes on Spark too (its default escape is a backslash: `"2""9"` was read with
    its quotes), a `;` file one column, `'29'` the text it is: the same cells as exact reads."""
    from indicator_dsl.cli import main

    ind = tmp_path / "r.ind"
    ind.write_text("r = a / b * 100%\n", encoding="utf-8")
    for text in ('a,b\n"2""9",100\n"1,000",3\n', "a;b\n29;100\n", "a,b\n'29',100\n7,3\n"):
        data = tmp_path / "records.csv"
        data.write_text(text, encoding="utf-8")
        printed = {}
        for engine in ("exact", "duckdb", "spark"):
            main(["eval", str(ind), "--input", str(data), "--engine", engine, "--format", "csv"])
            printed[engine] = capsys.readouterr().out
        assert printed["spark"] == printed["exact"] == printed["duckdb"], text
        assert "E40" in printed["exact"]


def test_ragged_csv_read_alike_on_every_engine(spark: Any, tmp_path: Any, capsys: pytest.CaptureFixture[str]) -> None:
    """Spark's CSV reader pads a short row and drops a long row's extra cells in silence, and
    without `multiLine` splits a quoted line break into two records: its strict read refuses
    such a file and the one CSV reader reads it, so Spark prints what exact, vector and DuckDB
    print, findings (W830–W833) included; a clean file with quoted line breaks (the hostile
    fixture) is scanned by Spark itself."""
    from conftest import ROOT
    from test_eval_ragged import IND, RAGGED

    from indicator_dsl.cli import main

    ind = tmp_path / "r.ind"
    ind.write_text(IND, encoding="utf-8")
    files = {name: RAGGED[name] for name in ("long_and_short", "header", "open_quote", "crlf", "crlf_clean")}
    files["hostile"] = (ROOT / "tests" / "fixtures" / "eval" / "hostile.csv").read_bytes()
    for name, data in files.items():
        path = tmp_path / "records.csv"
        path.write_bytes(data)
        printed = {}
        for engine in ("exact", "spark"):
            code = main(["eval", str(ind), "--input", str(path), "--engine", engine, "--format", "csv"])
            out = capsys.readouterr()
            findings = [line for line in out.err.splitlines() if not line.startswith("正在启动 Spark")]
            printed[engine] = (code, out.out, findings)
        assert printed["spark"] == printed["exact"], name
        assert name in ("hostile", "crlf_clean") or "W83" in "".join(printed["exact"][2])
