"""`eval` results stay columns: engine-written CSV/JSON lines/parquet/DuckDB output, the same
text as the row-by-row renderer always printed, and no `Evaluation` per record on batch paths."""

from __future__ import annotations

import csv
import dataclasses
import io
import json
from fractions import Fraction
from pathlib import Path
from typing import Any

import duckdb
import pyarrow as pa
import pyarrow.parquet as pq
import pytest
from conftest import ROOT

from indicator_dsl import catalog as catalog_module
from indicator_dsl import load
from indicator_dsl.backends.sinks import TABLE_FIELDS
from indicator_dsl.cli import main
from indicator_dsl.output import csv_text

FIXTURE = ROOT / "tests" / "fixtures" / "eval"
IND, RECORDS = FIXTURE / "hostile.ind", FIXTURE / "hostile.csv"
ENGINES = ["exact", "vector", "duckdb"]
HEADERS = {
    "zh": ["行", "指标", "值", "等级", "达标", "错误"],
    "en": ["row", "indicator", "value", "grade", "met", "error"],
}


def reference_csv(lang: str) -> str:
    """The renderer `eval --format csv` used before results became columns: one `Evaluation`
    per record and indicator, cells through `output.csv_text`.  Kept here as the golden oracle."""
    cat = load(IND)
    inds = [ind for ind in cat if ind.node.formula is not None]
    graded = {ind.name for ind in inds if ind.resolved.bands}
    text = IND.with_suffix(".csv").read_text(encoding="utf-8")
    records = [(i, {k.strip(): v for k, v in r.items()}) for i, r in enumerate(csv.DictReader(io.StringIO(text)), 2)]
    yes, no = ("是", "否") if lang == "zh" else ("yes", "no")
    rows = []
    for row, rec in records:
        for ind in inds:
            e = ind.evaluate(rec)
            met = "" if e.met is None else (yes if e.met else no)
            grade = e.grade or ("—" if e.ok and e.indicator in graded else "")
            err = f"{e.error} {e.message(lang)}" if e.error else ""
            rows.append([row, e.indicator, e.display, grade, met, err])
    return csv_text(HEADERS[lang], rows).rstrip("\n") + "\n"


def as_table_record(record: dict[str, Any]) -> dict[str, Any]:
    """A JSON record as a parquet file or database table holds it: the exact value as the
    reduced integer pair (text only past 64 bits), no display or message as null."""
    out = {k: v for k, v in record.items() if k != "value"}
    value = Fraction(record["value"]) if record["value"] is not None else None
    small = value is not None and max(abs(value.numerator), value.denominator) < 2**63
    out["value_n"] = value.numerator if small else None  # type: ignore[union-attr]
    out["value_d"] = value.denominator if small else None  # type: ignore[union-attr]
    out["value_big"] = str(value) if value is not None and not small else None
    for name in ("display", "message"):
        out[name] = record[name] or None
    return {k: out[k] for k in TABLE_FIELDS}


def run(capsys: pytest.CaptureFixture[str], *argv: str) -> tuple[int, str]:
    code = main(list(argv))
    return code, capsys.readouterr().out


@pytest.mark.parametrize("lang", ["zh", "en"])
@pytest.mark.parametrize("engine", ENGINES)
def test_csv_is_byte_identical_to_the_row_renderer(
    engine: str, lang: str, capsys: pytest.CaptureFixture[str], tmp_path: Path
) -> None:
    expected = reference_csv(lang)
    assert "'=1+1'" in expected and '"E403' in expected and "—" in expected  # the fixture is hostile
    argv = ["eval", str(IND), "--input", str(RECORDS), "--engine", engine, "--lang", lang]
    code, out = run(capsys, *argv, "--format", "csv")
    assert code == 1 and out == expected
    target = tmp_path / "out.csv"
    assert main([*argv, "-o", str(target)]) == 1
    assert target.read_bytes() == expected.encode("utf-8")


@pytest.mark.parametrize("engine", ENGINES)
def test_jsonl_parquet_and_duckdb_table_hold_the_json_records(
    engine: str, capsys: pytest.CaptureFixture[str], tmp_path: Path
) -> None:
    base = ["eval", str(IND), "--input", str(RECORDS), "--engine", engine]
    _, out = run(capsys, *base, "--format", "json")
    expected = json.loads(out)
    main([*base, "-o", str(tmp_path / "r.jsonl")])
    lines = (tmp_path / "r.jsonl").read_text(encoding="utf-8").splitlines()
    assert [json.loads(line) for line in lines] == expected
    main([*base, "-o", str(tmp_path / "r.parquet")])
    table = pq.read_table(tmp_path / "r.parquet")
    assert pa.types.is_dictionary(table.schema.field("grade").type)  # grades stay categorical
    assert table.schema.field("value_n").type == pa.int64() == table.schema.field("value_d").type
    assert table.to_pylist() == [as_table_record(r) for r in expected]
    main([*base, "-o", f"{tmp_path / 'r.duckdb'}:结果"])
    con = duckdb.connect(str(tmp_path / "r.duckdb"), read_only=True)
    rows = con.sql('SELECT * FROM "结果"').to_arrow_table().to_pylist()
    assert rows == [as_table_record(r) for r in expected]


@pytest.mark.parametrize("engine", ENGINES)
def test_input_from_a_duckdb_table_and_parquet(engine: str, capsys: pytest.CaptureFixture[str], tmp_path: Path) -> None:
    db = tmp_path / "in.duckdb"
    con = duckdb.connect(str(db))
    con.execute("CREATE TABLE recs (completed BIGINT, planned BIGINT)")
    con.execute("INSERT INTO recs VALUES (29, 100), (95, 100), (1, 0)")
    con.close()
    pq.write_table(pa.table({"completed": [29, 95, 1], "planned": [100, 100, 0]}), tmp_path / "in.parquet")
    outs = []
    for source in (f"{db}:recs", str(tmp_path / "in.parquet")):
        code, out = run(
            capsys, "eval", str(IND), "--input", source, "--engine", engine, "--format", "csv", "--indicator", "rate"
        )
        assert code == 1
        outs.append(out)
    assert outs[0] == outs[1]
    assert outs[0].splitlines()[1:] == [
        "1,rate,29.00%,—,否,",
        "2,rate,95.00%,优,是,",
        "3,rate,,,,E401 除数为零：completed / planned",
    ]


def test_unreadable_db_table_and_output_format_errors(capsys: pytest.CaptureFixture[str], tmp_path: Path) -> None:
    assert main(["eval", str(IND), "--input", f"{tmp_path / 'none.duckdb'}:t", "--engine", "duckdb"]) == 2
    assert "E808" in capsys.readouterr().err
    assert main(["eval", str(IND), "--input", str(RECORDS), "--format", "parquet"]) == 2
    assert "E806" in capsys.readouterr().err
    assert main(["eval", str(IND), "--input", str(RECORDS), "--format", "csv", "-o", str(tmp_path / "x.parquet")]) == 2
    assert "E807" in capsys.readouterr().err
    assert main(["eval", str(IND), "--input", str(RECORDS), "-o", str(tmp_path / "x.txt")]) == 2
    assert "E807" in capsys.readouterr().err


class _Counted:
    """Counts `Evaluation` constructions: through the class, the closure fast path and the
    generated `record` function (which builds them with tuple.__new__)."""

    def __init__(self, monkeypatch: pytest.MonkeyPatch) -> None:
        self.count = 0
        original, bind = catalog_module.Evaluation, catalog_module._bind_evaluate
        counter = self

        class Evaluation(original):  # type: ignore[misc, valid-type]
            def __new__(cls, *args: Any, **kwargs: Any) -> Any:
                counter.count += 1
                return super().__new__(cls, *args, **kwargs)

        def counting_bind(*args: Any) -> Any:
            fast = bind(*args)

            def evaluate(record: Any, places: int = 2) -> Any:
                counter.count += 1
                return fast(record, places)

            return evaluate

        compile_indicator = catalog_module.compile_indicator

        def counting_compile(*args: Any, **kwargs: Any) -> Any:
            compiled = compile_indicator(*args, **kwargs)
            if compiled.record is None:
                return compiled
            record = compiled.record

            def counted_record(r: Any, places: int = 2) -> Any:
                counter.count += 1
                return record(r, places)

            return dataclasses.replace(compiled, record=counted_record)

        monkeypatch.setattr(catalog_module, "Evaluation", Evaluation)
        monkeypatch.setattr(catalog_module, "_bind_evaluate", counting_bind)
        monkeypatch.setattr(catalog_module, "compile_indicator", counting_compile)


@pytest.mark.parametrize("engine", ENGINES)
def test_a_100k_batch_builds_no_evaluation(engine: str, monkeypatch: pytest.MonkeyPatch, tmp_path: Path) -> None:
    data = tmp_path / "big.parquet"
    n = 100_000
    pq.write_table(
        pa.table({"completed": [i % 130 for i in range(n)], "planned": [100 + i % 3 for i in range(n)]}), data
    )
    counted = _Counted(monkeypatch)
    target = tmp_path / "out.csv"
    assert main(["eval", str(IND), "--input", str(data), "--engine", engine, "-o", str(target)]) == 0
    assert counted.count == 0
    assert sum(1 for _ in target.open(encoding="utf-8")) == 2 * n + 1
    load(IND)["rate"].evaluate({"completed": 1, "planned": 2})  # the counter does count
    assert counted.count == 1
