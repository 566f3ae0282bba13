"""SQL backend: the generated SELECT (golden, per dialect), identifier quoting, DuckDB runs,
per-group evaluation, and the `sql` / `eval --engine duckdb|vector` commands."""

from __future__ import annotations

from fractions import Fraction
from pathlib import Path

import pyarrow as pa
import pyarrow.parquet as pq
import pytest
from conftest import assert_golden

from indicator_dsl import loads
from indicator_dsl.backends.duckdb_run import evaluations, run_duckdb
from indicator_dsl.backends.sql import ColumnType, compile_select, ident, render
from indicator_dsl.cli import main

RATE = (
    '指标 完成率 "x"\n  公式 完成率 = completed / planned * 100%\n  目标 ≥90%\n  等级 ≥58 优, ≥57 良, ≥29 中, <29 差\n'
)
EXAMPLE = Path(__file__).resolve().parent.parent / "examples"


def test_identifiers_quoted_and_escaped() -> None:
    assert ident('a"b') == '"a""b"'
    cat = loads(RATE)
    sql = compile_select([cat["完成率"].resolved], cat.context.env, {}, table='x"; DROP TABLE t; --')
    assert 'FROM "x""; DROP TABLE t; --"' in sql
    assert '`x"; DROP TABLE t; --`' in render(sql, "spark")


@pytest.mark.parametrize("dialect", ["duckdb", "spark", "postgres"])
def test_sql_command_golden(dialect: str, capsys: pytest.CaptureFixture[str]) -> None:
    code = main(
        [
            "sql",
            str(EXAMPLE / "rate.ind"),
            "--dialect",
            dialect,
            "--indicator",
            "赔偿达标率",
            "--type",
            "全部赔偿资金金额=int",
        ]
    )
    assert code == 0
    assert_golden(f"sql_rate_{dialect}.sql", capsys.readouterr().out)


def test_duckdb_rows_groups_and_evaluations(tmp_path: Path) -> None:
    cat = loads("输入 planned: 个\n" + RATE)
    path = tmp_path / "in.parquet"
    pq.write_table(pa.table({"g": ["a", "a", "b"], "completed": [29, 5, None], "planned": [100, 0, 3]}), path)
    res = [cat["完成率"].resolved]
    rows = evaluations(run_duckdb(res, cat.context.env, str(path)), res)
    assert [(r, e.display, e.grade, e.met, e.error) for r, e in rows] == [
        (1, "29.00%", "中", False, None),
        (2, "", None, None, "E401"),
        (3, "", None, None, "E402"),
    ]
    groups = evaluations(run_duckdb(res, cat.context.env, str(path), group_by="g"), res)
    assert [(g, e.display, e.grade) for g, e in groups] == [("a", "34.00%", "中"), ("b", "", None)]


@pytest.mark.parametrize("engine", ["exact", "vector", "duckdb"])
def test_eval_engines_print_the_same(engine: str, capsys: pytest.CaptureFixture[str]) -> None:
    code = main(
        [
            "eval",
            str(EXAMPLE / "rate.ind"),
            "--input",
            str(EXAMPLE / "records.csv"),
            "--engine",
            engine,
            "--indicator",
            "rate",
            "--format",
            "csv",
            "--lang",
            "en",
        ]
    )
    assert code == 1  # some records fail, on every engine
    assert_golden("eval_engines.en.csv", capsys.readouterr().out)


@pytest.mark.parametrize("engine", ["exact", "vector", "duckdb"])
def test_eval_group_by(engine: str, tmp_path: Path, capsys: pytest.CaptureFixture[str]) -> None:
    data = tmp_path / "actuals.parquet"
    table = {"项目": ["乙", "甲", "甲", "丙"], "completed": [57, 20, 9, 1], "planned": [100, 50, 50, 0]}
    pq.write_table(pa.table(table), data)
    ind = tmp_path / "rate.ind"
    ind.write_text(RATE, encoding="utf-8")
    code = main(["eval", str(ind), "--input", str(data), "--engine", engine, "--group-by", "项目", "--lang", "en"])
    assert code == 1
    assert_golden("eval_group_by.en.txt", capsys.readouterr().out)


@pytest.mark.parametrize("engine", ["exact", "duckdb"])
def test_unknown_group_column(engine: str, capsys: pytest.CaptureFixture[str]) -> None:
    argv = ["eval", str(EXAMPLE / "rate.ind"), "--input", str(EXAMPLE / "records.csv"), "--engine", engine]
    assert main([*argv, "--group-by", "nope", "--lang", "en"]) == 2
    assert "E804" in capsys.readouterr().err


@pytest.mark.parametrize("engine", ["exact", "vector", "duckdb"])
def test_unreadable_table(engine: str, tmp_path: Path, capsys: pytest.CaptureFixture[str]) -> None:
    argv = ["eval", str(EXAMPLE / "rate.ind"), "--input", str(tmp_path / "none.parquet"), "--engine", engine]
    assert main(argv) == 2
    assert "E802" in capsys.readouterr().err


def test_column_types_from_a_file(capsys: pytest.CaptureFixture[str]) -> None:
    assert (
        main(
            [
                "sql",
                str(EXAMPLE / "rate.ind"),
                "--like",
                str(EXAMPLE / "records.csv"),
                "--compact",
                "--indicator",
                "rate",
            ]
        )
        == 0
    )
    out = capsys.readouterr().out
    assert "REGEXP_MATCHES" in out  # `completed` holds text ("abc") in that file: read like parse_decimal


def test_schema_types_parse() -> None:
    from indicator_dsl.commands.sql import parse_type

    assert parse_type("decimal:2") == ColumnType("decimal", 2)
    with pytest.raises(ValueError):
        parse_type("money")


def test_group_scores_agree_across_engines(tmp_path: Path) -> None:
    from indicator_dsl import load
    from indicator_dsl.backends.engines import ENGINES, Inputs
    from indicator_dsl.scoring.groups import score_groups

    data = tmp_path / "actuals.parquet"
    paid, total = "赔偿资金中按标准支付的金额", "全部赔偿资金金额"
    table = {"项目": ["甲", "甲", "乙", "丙"], paid: [95.5, 100, 70, 1], total: [100, 100, 100, 0]}
    pq.write_table(pa.table(table), data)
    cat = load(EXAMPLE / "rate.ind")
    inds = [cat["赔偿达标率"]]
    results = {
        e: score_groups(inds, ENGINES[e](inds, cat.context.env, Inputs(str(data)), "项目", 2))
        for e in ("exact", "vector", "duckdb")
    }
    assert results["exact"] == results["vector"] == results["duckdb"]
    assert [(g.group, g.total) for g in results["exact"]] == [("丙", None), ("乙", 7), ("甲", Fraction(391, 40))]


TYPED = (
    "项目,completed,planned\n"
    '甲,"1,000",2000\n'
    "甲,９,１００\n"
    "乙,９０％,1\n"
    '乙," 29% ","1,00"\n'
    "丙, 6，797.78 ,10000\n"
    "丙,１，０００.５,abc\n"
    "丙,1,x\n"
)


@pytest.mark.parametrize("group", [[], ["--group-by", "项目"]])
def test_typed_text_read_alike_on_every_engine(
    group: list[str], tmp_path: Path, capsys: pytest.CaptureFixture[str]
) -> None:
    """CSV cells as people type them ("1,000", ９, ９０％, spaces, ，): DuckDB reads exactly what
    exact reads, and rejects (E403) exactly what it rejects."""
    data = tmp_path / "typed.csv"
    data.write_text(TYPED, encoding="utf-8")
    ind = tmp_path / "rate.ind"
    ind.write_text(RATE, encoding="utf-8")
    outs = {}
    for engine in ("exact", "vector", "duckdb"):
        main(["eval", str(ind), "--input", str(data), "--engine", engine, *group, "--lang", "en", "--format", "csv"])
        outs[engine] = capsys.readouterr().out  # per group too: E403 names the group's last bad cell
    assert outs["duckdb"] == outs["exact"] == outs["vector"]
    assert outs["exact"].count("E403") == (2 if group else 3)  # "1,00", "abc", "x" (per group: 乙, 丙)
    assert ("number: 'x'" in outs["duckdb"]) and (bool(group) or "'abc'" in outs["duckdb"])


def test_duckdb_rows_numbered_in_file_order(tmp_path: Path) -> None:
    """Row numbers come from the scan's ordinality (files) or an index added in Python (tables),
    not from row_number() OVER (); a column that happens to be called `ordinality` is kept."""
    import duckdb
    import polars as pl

    from indicator_dsl.backends.duckdb_run import ROW, duckdb_source

    n = 300_000
    csv = tmp_path / "big.csv"
    csv.write_text("ordinality,x\n" + "".join(f"7,{i}\n" for i in range(n)), encoding="utf-8")
    pq.write_table(pa.table({"x": list(range(n))}), tmp_path / "big.parquet", row_group_size=10_000)
    con = duckdb.connect()
    con.execute("SET threads = 4")
    frame = pl.DataFrame({"x": list(range(n))})
    for source in (str(csv), str(tmp_path / "big.parquet"), pa.table({"x": list(range(n))}), frame):
        duckdb_source(con, source)
        bad = con.sql(f"SELECT count(*) FILTER (WHERE CAST(x AS BIGINT) + 1 <> {ROW}), count(*) FROM records")
        bad = bad.fetchall()
        assert bad == [(0, n)]
    duckdb_source(con, str(csv))
    assert con.sql("SELECT DISTINCT ordinality FROM records").fetchall() == [("7",)]  # CSV cells stay text


@pytest.mark.parametrize(
    ("bands", "covers"),
    [
        ("≥58 优, ≥57 良, ≥29 中, <29 差", True),
        ("≥58 优, ≥57 良, >29 中, <29 差", False),  # 29 itself has no grade
        ("[0, 60) 差, [60, 100] 好, >100 超, <0 负", True),
        ("[0, 60) 差, (60, 100] 好, >100 超, <0 负", False),
        ("≤5 a, ≥5 b", True),
        ("<5 a, >5 b", False),
    ],
)
def test_band_coverage_proof(bands: str, covers: bool) -> None:
    """The last band's test becomes ELSE only when the bands provably cover every number."""
    from indicator_dsl.backends.sql_bands import _covers_all

    res = loads(f'指标 r "r"\n  公式 r = a / b\n  等级 {bands}\n')["r"].resolved
    assert _covers_all(res.bands) is covers


def test_engine_select_is_lean() -> None:
    """What `eval --engine duckdb|spark` runs: exact n/d (no DOUBLE value), and no column that is
    NULL on every row; a covering band set ends in ELSE."""
    from indicator_dsl.backends.sql import ENGINE_OUTPUTS

    cat = loads(RATE)
    res, env = cat["完成率"].resolved, cat.context.env
    ints = {"completed": ColumnType("int", nullable=False), "planned": ColumnType("int", nullable=False, positive=True)}
    sql = compile_select([res], env, ints, outputs=ENGINE_OUTPUTS, lean=True)
    assert ":value" not in sql and ":error" not in sql and "DOUBLE" not in sql
    assert "ELSE '差'" in sql and "< 29" not in sql.replace(" ", "")
    full = compile_select([res], env, ints)
    assert ":value" in full and ":error" in full


def test_text_columns_of_a_large_table_read_exactly() -> None:
    """Many text cells, ASCII and full-width: read exactly (how fast is bench_engines' business)."""
    cat = loads(RATE)
    res, env = cat["完成率"].resolved, cat.context.env
    n = 300_000
    table = pa.table({"completed": [f"{i % 5000:,}.5" for i in range(n)], "planned": ["９,０００"] * n})
    result = run_duckdb([res], env, table)
    row = evaluations(result.slice(1, 1), [res])[0][1]
    assert (row.value, row.error) == (Fraction(3, 2) / 9000, None)


def test_csv_decimals_are_read_as_text_not_double(tmp_path: Path) -> None:
    """DuckDB's type sniffing would read 1.0000000000000001 as DOUBLE 1.0 and misgrade it."""
    cat = loads("指标 r\n  公式 a\n  等级 >1 优, ≤1 差\n")
    data = tmp_path / "d.csv"
    data.write_text("a\n1.0000000000000001\n1\n", encoding="utf-8")
    exact = [cat["r"].evaluate({"a": "1.0000000000000001"}).grade, cat["r"].evaluate({"a": "1"}).grade]
    result = run_duckdb([cat["r"].resolved], cat.context.env, str(data))
    assert [e.grade for _, e in evaluations(result, [cat["r"].resolved])] == exact == ["优", "差"]
