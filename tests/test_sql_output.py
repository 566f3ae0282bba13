"""`eval --engine duckdb -o FILE` is written by DuckDB itself (`backends.sql_output`): the same
bytes as the columnar writers (the exact engine's output is the reference), values past BIGINT
through the exact UDFs, several indicators in (record, indicator) order, the exit code from the
failures the message UDF counted — and no result table in Python."""

from __future__ import annotations

from pathlib import Path

import pyarrow.parquet as pq
import pytest

from indicator_dsl import load
from indicator_dsl.backends import results as results_module
from indicator_dsl.cli import main

CATALOG = """指标 rate "完成率"
  公式 rate = completed / planned * 100%
  目标 ≥90
  等级 ≥95 优, ≥70 良, ≥50 中

指标 钱
  公式 钱 = completed - planned
  单位 万元

指标 plain
  公式 plain = completed * 3 / planned
"""
ROWS = [
    ("29", "100"),
    ("-7", "3"),
    ("123456789012345678901234567890", "7"),  # past BIGINT: the exact UDF renders it
    ("5", "123456789012345678901234"),
    ("1.005", "1"),
    ("57%", "1"),
    ("-0.001", "1000"),
    ("abc", "3"),
    ("1", "0"),
    ("", "4"),
    ("=1+1", "2"),
    ("100000000000000000000", "300000000000000000000"),  # past BIGINT, its reduced pair is not
    ("-9223372036854775807", "1"),  # the pair's bound itself
]


def write_inputs(tmp_path: Path, rows: list[tuple[str, str]]) -> tuple[Path, Path]:
    ind = tmp_path / "x.ind"
    ind.write_text(CATALOG, encoding="utf-8")
    data = tmp_path / "in.csv"
    data.write_text("completed,planned\n" + "".join(f'"{c}","{p}"\n' for c, p in rows), encoding="utf-8")
    return ind, data


@pytest.mark.parametrize("places", ["0", "2", "6"])
@pytest.mark.parametrize("fmt", ["csv", "jsonl"])
def test_duckdb_writes_the_exact_engines_bytes(tmp_path: Path, fmt: str, places: str) -> None:
    ind, data = write_inputs(tmp_path, ROWS)
    outs = {}
    for engine in ("exact", "duckdb"):
        target = tmp_path / f"{engine}.{fmt}"
        code = main(["eval", str(ind), "--input", str(data), "--engine", engine, "-o", str(target), "--places", places])
        assert code == 1
        outs[engine] = target.read_bytes()
    assert outs["duckdb"] == outs["exact"]


def test_parquet_and_a_database_table_hold_the_exact_engines_records(tmp_path: Path) -> None:
    import duckdb

    ind, data = write_inputs(tmp_path, ROWS)
    tables = {}
    for engine in ("exact", "duckdb"):
        target = tmp_path / f"{engine}.parquet"
        assert main(["eval", str(ind), "--input", str(data), "--engine", engine, "-o", str(target)]) == 1
        tables[engine] = pq.read_table(target)
        db = f"{tmp_path / engine}.duckdb:结果"
        assert main(["eval", str(ind), "--input", str(data), "--engine", engine, "-o", db]) == 1
    assert tables["duckdb"].schema == tables["exact"].schema  # indicator, grade, error categorical
    assert tables["duckdb"].to_pylist() == tables["exact"].to_pylist()
    rows = {}
    for engine in ("exact", "duckdb"):
        con = duckdb.connect(str(tmp_path / f"{engine}.duckdb"), read_only=True)
        rows[engine] = con.sql('SELECT * FROM "结果"').fetchall()
        con.close()
    assert rows["duckdb"] == rows["exact"] and len(rows["duckdb"]) == 3 * len(ROWS)


def test_parquet_holds_the_exact_value_as_integers_and_text_past_64_bits(tmp_path: Path) -> None:
    """`value_n`/`value_d` are the reduced pair of the JSON record's value, `value_big` its text
    when the reduced pair does not fit 64 bits — on the exact and the DuckDB engine."""
    import json
    from fractions import Fraction

    ind, data = write_inputs(tmp_path, ROWS)
    main(["eval", str(ind), "--input", str(data), "--engine", "exact", "-o", str(tmp_path / "r.jsonl")])
    records = [json.loads(line) for line in (tmp_path / "r.jsonl").read_text(encoding="utf-8").splitlines()]
    for engine in ("exact", "duckdb"):
        target = tmp_path / f"{engine}.parquet"
        main(["eval", str(ind), "--input", str(data), "--engine", engine, "-o", str(target)])
        rows = pq.read_table(target).to_pylist()
        assert len(rows) == len(records)
        big = 0
        for rec, row in zip(records, rows, strict=True):
            if rec["value"] is None:
                assert (row["value_n"], row["value_d"], row["value_big"]) == (None, None, None)
                continue
            want = Fraction(rec["value"])
            if row["value_big"] is None:
                assert (row["value_n"], row["value_d"]) == (want.numerator, want.denominator)
                assert max(abs(want.numerator), want.denominator) < 2**63
            else:
                big += 1
                assert row["value_n"] is None and row["value_d"] is None
                assert row["value_big"] == str(want) and max(abs(want.numerator), want.denominator) >= 2**63
        assert big >= 3  # the 30-digit rows of every indicator and the 24-digit denominator


def test_clean_input_exits_0_and_no_result_is_built_in_python(tmp_path: Path, monkeypatch: pytest.MonkeyPatch) -> None:
    ind, data = write_inputs(tmp_path, [("29", "100"), ("95", "100"), ("3", "4")])

    def no_results(*args: object, **kwargs: object) -> None:
        raise AssertionError("the streaming path built a Results table")

    monkeypatch.setattr(results_module, "assemble", no_results)
    for fmt in ("csv", "jsonl", "parquet"):
        target = tmp_path / f"out.{fmt}"
        assert main(["eval", str(ind), "--input", str(data), "--engine", "duckdb", "-o", str(target)]) == 0
    lines = (tmp_path / "out.csv").read_text(encoding="utf-8").splitlines()
    assert [line.split(",")[:2] for line in lines[1:4]] == [["2", "rate"], ["2", "钱"], ["2", "plain"]]


@pytest.mark.parametrize(
    ("cells", "passes"),
    [
        (["29", "-7", "0", "", "1234567890"], 1),  # canonical integers and a blank: one scan
        (["29", "007", "-7"], 2),  # leading zeros: the general rules read it (7)
        (["29", "1.5", "3"], 2),
        (["29", "+5", " 5 ", "1,000"], 2),
        (["29", "1234567890123", "3"], 2),  # longer than the optimistic read assumes
        (["29", "abc", "3"], 2),  # E403 comes from the general rules, with the cell
    ],
)
def test_integer_text_is_read_in_one_scan_and_anything_else_again(
    tmp_path: Path, monkeypatch: pytest.MonkeyPatch, cells: list[str], passes: int
) -> None:
    from indicator_dsl.backends import duckdb_run

    ind, data = write_inputs(tmp_path, [(c, "100") for c in cells])
    calls = []
    prepare = duckdb_run.prepare

    def counted(*args: object, **kwargs: object) -> object:
        calls.append(kwargs.get("optimistic", False))
        return prepare(*args, **kwargs)  # type: ignore[arg-type]

    monkeypatch.setattr(duckdb_run, "prepare", counted)
    outs = {}
    for engine in ("exact", "duckdb"):
        target = tmp_path / f"{engine}.csv"
        main(["eval", str(ind), "--input", str(data), "--engine", engine, "-o", str(target)])
        outs[engine] = target.read_text(encoding="utf-8")
    assert outs["duckdb"] == outs["exact"] and "E849" not in outs["duckdb"]
    assert len(calls) == passes and calls[0] is True
    cat = load(ind)
    table = duckdb_run.run_duckdb([i.resolved for i in cat], cat.context.env, str(data))
    assert not duckdb_run.retried(table)  # the Arrow path re-reads too


@pytest.mark.parametrize("fmt", ["csv", "jsonl", "parquet", "duckdb"])
def test_vector_writes_a_parquet_input_chunk_by_chunk(
    tmp_path: Path, monkeypatch: pytest.MonkeyPatch, fmt: str
) -> None:
    """`eval --engine vector -o` over parquet: several chunks (CHUNK made small) give the file
    one write gives (the exact engine's), with one header and row numbers running on."""
    import pyarrow as pa

    from indicator_dsl.backends import engines

    ind, _ = write_inputs(tmp_path, ROWS)
    data = tmp_path / "in.parquet"
    completed = [29, -7, 1, 57, None, 3, 95, 5, 0, 8]
    pq.write_table(pa.table({"completed": completed, "planned": [100, 3, 0, 1, 5, 4, 100, 2, 7, 0]}), data)
    monkeypatch.setattr(engines, "CHUNK", 3)
    outs = {}
    for engine in ("exact", "vector"):
        target = f"{tmp_path / engine}.duckdb:t" if fmt == "duckdb" else str(tmp_path / f"{engine}.{fmt}")
        assert main(["eval", str(ind), "--input", str(data), "--engine", engine, "-o", target]) == 1
        if fmt == "duckdb":
            import duckdb

            con = duckdb.connect(target.rsplit(":", 1)[0], read_only=True)
            outs[engine] = con.sql("SELECT * FROM t").fetchall()
            con.close()
        elif fmt == "parquet":
            outs[engine] = pq.read_table(target).to_pylist()
        else:
            outs[engine] = Path(target).read_bytes()
    assert outs["vector"] == outs["exact"]


@pytest.mark.parametrize(
    "catalog",
    [
        "指标 plain\n  公式 plain = completed * 3 / planned\n",  # no bands anywhere
        '指标 档 "档次"\n  公式 档 = completed / planned\n  等级 ≥3 甲, ≥2 丙, ≥0 乙\n',  # grades unused
        CATALOG + '\n指标 档 "档次"\n  公式 档 = completed / planned\n  等级 ≥1 甲, ≥0 乙\n',  # two sets of grades
    ],
)
def test_parquet_grades_read_back_whatever_the_bands(tmp_path: Path, catalog: str) -> None:
    """pyarrow reads DuckDB's parquet grades back as the exact engine's (a DuckDB ENUM of the
    bands' grades did not: its dictionary indices ran past the dictionary pyarrow read)."""
    ind, data = write_inputs(tmp_path, [("29", "100"), ("-7", "3"), ("abc", "3"), ("1", "0")])
    ind.write_text(catalog, encoding="utf-8")
    tables = {}
    for engine in ("exact", "duckdb"):
        target = tmp_path / f"{engine}.parquet"
        main(["eval", str(ind), "--input", str(data), "--engine", engine, "-o", str(target)])
        tables[engine] = pq.read_table(target)
    assert tables["duckdb"].to_pylist() == tables["exact"].to_pylist()
    assert tables["duckdb"].schema.field("grade").type == tables["exact"].schema.field("grade").type
    assert ("等级" in catalog) == any(r["grade"] for r in tables["duckdb"].to_pylist())


@pytest.mark.parametrize(
    ("name", "text"),
    [
        ("plain.csv", "completed,planned\n29,100\n95,100\n"),
        ("it's.csv", "completed,planned\n29,100\n"),  # a quote in the path
        ("semi.csv", "completed;planned\n29;100\n7;3\n"),  # another delimiter: one column, as the other engines read it
        ("single.csv", "completed,planned\n'29',100\n'7',3\n"),  # ' is no quote
        ("quoted.csv", 'completed,planned\n"1,000","2"\n"=1+1",3\n'),
        ("header.csv", "completed,planned\n"),  # no record
        ("names.csv", 'a\'b,planned,"x""y"\n1,2,3\n'),  # header names with quotes: quoted as literals
    ],
)
def test_a_csv_file_is_sniffed_once_and_read_as_sniffed(tmp_path: Path, name: str, text: str) -> None:
    """`csv_scan` spells out the dialect DuckDB's sniffer finds, under the fixed delimiter and
    quotes (later binds do not sniff again), and reads the very rows the sniffing scan reads."""
    import duckdb

    from indicator_dsl.backends.duckdb_run import CSV_DIALECT, csv_scan
    from indicator_dsl.backends.sql_base import literal

    path = tmp_path / name
    path.write_text(text, encoding="utf-8")
    con = duckdb.connect()
    scan = csv_scan(con, str(path))
    plain = f"read_csv({literal(str(path))}, header = true, all_varchar = true, {CSV_DIALECT})"
    assert scan == plain or "auto_detect = false" in scan
    assert con.execute(f"SELECT * FROM {scan}").fetchall() == con.execute(f"SELECT * FROM {plain}").fetchall()
    assert [r[0] for r in con.execute(f"DESCRIBE SELECT * FROM {scan}").fetchall()] == [
        r[0] for r in con.execute(f"DESCRIBE SELECT * FROM {plain}").fetchall()
    ]


@pytest.mark.parametrize(
    "text",
    [
        "completed;planned\n29;100\n",  # DuckDB's sniffer alone would split it at ;
        "completed,planned\n'29',100\n'7',3\n",  # ... and take ' for the quote
        'completed,planned\n"2""9",100\n"1,000",3\n',  # doubled quotes inside a quoted cell
    ],
)
def test_every_engine_reads_a_csv_file_in_one_dialect(
    tmp_path: Path, text: str, capsys: pytest.CaptureFixture[str]
) -> None:
    data = tmp_path / "records.csv"
    data.write_text(text, encoding="utf-8")
    ind = Path(__file__).resolve().parent.parent / "examples" / "rate.ind"
    printed = {}
    for engine in ("exact", "vector", "duckdb"):
        main(["eval", str(ind), "--indicator", "rate", "--input", str(data), "--engine", engine, "--format", "csv"])
        printed[engine] = capsys.readouterr().out
    assert printed["duckdb"] == printed["exact"] == printed["vector"]
    assert "E40" in printed["exact"]  # none of these reads as two numbers
