"""`eval --input FILE.csv` reads a ragged file alike on every engine: a row with more or fewer
fields than the header, blank lines, a header with a repeated or missing name, a quote never
closed, CRLF or GB18030 text — the same records, the same findings (W830–W833) on stderr, the
same output (table, `--format csv|json`, `-o .csv|.jsonl|.parquet`), and no record lost to a
bad one.  (Spark: tests/test_spark_agree.py.)"""

from __future__ import annotations

from pathlib import Path
from typing import Any

import pyarrow.parquet as pq
import pytest
from conftest import assert_golden

from indicator_dsl.cli import main

ENGINES = ("exact", "vector", "duckdb")
IND = "指标 完成率\n  公式 完成率 = completed / planned * 100%\n  目标 ≥90%\n"
RAGGED: dict[str, bytes] = {
    "long_and_short": b'completed,planned\n95,100\n80,100,7\n70\n"9\n0",100\n60,100\n',
    "blank_lines": "completed,planned\n\n95,100\n   \n\ufeff\n80,100,\n\n60,100\n\n".encode(),
    "header": b" completed ,planned,completed,\n95,100,1,\n80,100,,x\n70,100\n",
    "open_quote": b'completed,planned\n95,100\n"9,100\n60,100\n',
    "crlf": b'completed,planned\r\n95,100\r\n80,100,7\r\n"1\r\n2",3\r\n',
    "crlf_clean": b'\xef\xbb\xbf completed ,planned\r\n95,100\r\n"9\r\n0",3\r\n\r\n60,100\r\n',
    "gb18030": "completed,planned,备注\n95,100,完成\n80,100,未完成,多余\n".encode("gb18030"),
}

CLEAN = ("blank_lines", "crlf_clean")  # nothing lost: no finding (DuckDB scans crlf_clean itself)


def run(argv: list[str], capsys: pytest.CaptureFixture[str]) -> tuple[int, str, str]:
    code = main(argv)
    out = capsys.readouterr()
    return code, out.out, out.err


@pytest.fixture
def ind(tmp_path: Path) -> Path:
    path = tmp_path / "r.ind"
    path.write_text(IND, encoding="utf-8")
    return path


@pytest.mark.parametrize("name", sorted(RAGGED))
def test_every_engine_prints_the_same_for_a_ragged_file(
    name: str, ind: Path, tmp_path: Path, capsys: pytest.CaptureFixture[str]
) -> None:
    data = tmp_path / "records.csv"
    data.write_bytes(RAGGED[name])
    for fmt in ("table", "csv", "json"):
        printed = {
            e: run(["eval", str(ind), "--input", str(data), "--engine", e, "--format", fmt], capsys) for e in ENGINES
        }
        assert printed["vector"] == printed["exact"] == printed["duckdb"], (name, fmt)
        code, out, err = printed["exact"]
        assert code == 1 and out
    assert ("W83" in printed["exact"][2]) == (name not in CLEAN)


@pytest.mark.parametrize("name", ["long_and_short", "header", "crlf"])
def test_every_engine_writes_the_same_files(
    name: str, ind: Path, tmp_path: Path, capsys: pytest.CaptureFixture[str]
) -> None:
    """`-o` is written by DuckDB itself (COPY), by vector's and exact's columnar writers."""
    data = tmp_path / "records.csv"
    data.write_bytes(RAGGED[name])
    for suffix in ("csv", "jsonl", "parquet"):
        written: dict[str, Any] = {}
        for e in ENGINES:
            target = tmp_path / f"{e}.{suffix}"
            code, _, err = run(["eval", str(ind), "--input", str(data), "--engine", e, "-o", str(target)], capsys)
            assert code == 1 and "W83" in err
            written[e] = pq.read_table(target).to_pylist() if suffix == "parquet" else target.read_bytes()
        assert written["vector"] == written["exact"] == written["duckdb"], (name, suffix)


def test_a_ragged_row_past_duckdbs_sniff_sample(ind: Path, tmp_path: Path, capsys: pytest.CaptureFixture[str]) -> None:
    """A file whose first 30,000 rows are well formed: DuckDB's scan stops at the ragged row
    mid-way (while writing `-o` too), and the file is read again by the one CSV reader."""
    rows = [f"{k % 150},{k % 97 + 1}" for k in range(30_000)]
    data = tmp_path / "late.csv"
    data.write_text("completed,planned\n" + "\n".join([*rows, "5,10,99", "7", "1,2"]) + "\n", encoding="utf-8")
    argv = ["eval", str(ind), "--input", str(data), "--format", "csv", "--engine"]
    printed = {e: run([*argv, e], capsys) for e in ENGINES}
    assert printed["duckdb"] == printed["exact"] == printed["vector"]
    code, out, err = printed["exact"]
    assert "W830 第 30002 行有 3 个字段" in err and out.count("\n") == 30_004
    assert "30003,完成率,,,,E402" in out
    written = {}
    for e in ("exact", "duckdb"):
        target = tmp_path / f"{e}.csv"
        written[e] = run(["eval", str(ind), "--input", str(data), "--engine", e, "-o", str(target)], capsys)
        assert written[e][2] == err
    assert (tmp_path / "duckdb.csv").read_bytes() == (tmp_path / "exact.csv").read_bytes()


def test_a_well_formed_file_is_scanned_by_duckdb_alone(
    ind: Path, tmp_path: Path, capsys: pytest.CaptureFixture[str], monkeypatch: pytest.MonkeyPatch
) -> None:
    """The careful read is only for files DuckDB's strict scan refuses: a clean file (quoted
    line breaks, doubled quotes, a trailing comma, blank lines) never reaches Python's reader."""
    from indicator_dsl.commands import eval as eval_command

    data = tmp_path / "clean.csv"
    data.write_text('completed,planned\n95,100\n"9\n0",100\n\n"1""2",3\n80,100,\n', encoding="utf-8")
    expected = run(["eval", str(ind), "--input", str(data), "--format", "csv"], capsys)

    def refuse(*args: Any) -> None:
        raise AssertionError("read in Python")

    monkeypatch.setattr(eval_command, "read_csv_records", refuse)
    for target in (None, tmp_path / "out.csv"):
        argv = ["eval", str(ind), "--input", str(data), "--engine", "duckdb"]
        argv += ["-o", str(target)] if target else ["--format", "csv"]
        code, out, err = run(argv, capsys)
        assert (code, err) == (1, "")
    assert out == "" and target is not None and target.read_text(encoding="utf-8") == expected[1]


def test_ragged_file_findings_and_results(ind: Path, tmp_path: Path, capsys: pytest.CaptureFixture[str]) -> None:
    """What the user sees for the README's ragged file, in both languages (golden)."""
    data = tmp_path / "r.csv"
    data.write_bytes(RAGGED["long_and_short"] + b"50,100,,\n40,100,,9\n")
    for lang in ("zh", "en"):
        code, out, err = run(["eval", str(ind), "--input", str(data), "--lang", lang], capsys)
        assert code == 1
        assert_golden(f"eval_ragged.{lang}.txt", err.replace(str(data), "r.csv") + out)


def test_a_file_of_findings_only_exits_1(ind: Path, tmp_path: Path, capsys: pytest.CaptureFixture[str]) -> None:
    """Every record evaluates, yet a cell was not read: exit 1 (findings), not 0."""
    data = tmp_path / "r.csv"
    data.write_text("completed,planned\n95,100,7\n", encoding="utf-8")
    for e in ENGINES:
        code, out, err = run(["eval", str(ind), "--input", str(data), "--engine", e, "--format", "csv"], capsys)
        assert (code, out.splitlines()[1]) == (1, "2,完成率,95.00%,,是,"), e
        assert err.startswith(f"{data}:2:8: W830")
    data.write_text("completed,planned\n95,100\n", encoding="utf-8")
    assert run(["eval", str(ind), "--input", str(data), "--engine", "duckdb"], capsys)[0] == 0


def test_sql_like_a_ragged_file(ind: Path, tmp_path: Path, capsys: pytest.CaptureFixture[str]) -> None:
    """`sql --like` takes a ragged CSV's columns as eval reads them (text), not DuckDB's refusal."""
    data = tmp_path / "r.csv"
    data.write_bytes(RAGGED["long_and_short"])
    like = run(["sql", str(ind), "--like", str(data), "--compact"], capsys)
    data.write_bytes(b"completed,planned\n95,100\n")
    assert like[0] == 0 and like == run(["sql", str(ind), "--like", str(data), "--compact"], capsys)
