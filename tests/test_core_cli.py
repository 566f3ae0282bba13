"""The CLI in-process: check and eval, their formats, exit codes and golden output."""

from __future__ import annotations

import json
import subprocess
import sys
from pathlib import Path

import pytest

from indicator_dsl.cli import main
from tests.conftest import ROOT, assert_golden

MISTAKES = "tests/fixtures/mistakes.ind"


def run(capsys: pytest.CaptureFixture[str], *argv: str) -> tuple[int, str, str]:
    code = main(list(argv))
    out, err = capsys.readouterr()
    return code, out, err


@pytest.fixture(autouse=True)
def at_root(monkeypatch: pytest.MonkeyPatch) -> None:
    monkeypatch.chdir(ROOT)


@pytest.mark.parametrize("lang", ["zh", "en"])
def test_check_golden(capsys: pytest.CaptureFixture[str], lang: str) -> None:
    code, out, _ = run(capsys, "check", MISTAKES, "--lang", lang)
    assert code == 1
    assert_golden(f"check_mistakes.{lang}.txt", out)


def test_check_json_is_for_tools(capsys: pytest.CaptureFixture[str]) -> None:
    code, out, _ = run(capsys, "check", MISTAKES, "--format", "json", "--lang", "en")
    data = json.loads(out)
    assert code == 1
    assert {d["code"] for d in data} >= {"E101", "E301", "E311", "E321", "E203", "E202"}
    assert all({"file", "line", "column", "severity", "message"} <= d.keys() for d in data)


def test_check_clean_file_exits_zero(capsys: pytest.CaptureFixture[str], tmp_path: Path) -> None:
    f = tmp_path / "ok.ind"
    f.write_text("rate = completed / planned * 100%\n", encoding="utf-8")
    code, out, _ = run(capsys, "check", str(f))
    assert code == 0 and "0 个错误" in out


def test_check_missing_file_is_an_input_error(capsys: pytest.CaptureFixture[str]) -> None:
    code, _, err = run(capsys, "check", "no/such.ind")
    assert code == 2 and "E110" in err


def test_eval_with_set(capsys: pytest.CaptureFixture[str]) -> None:
    code, out, _ = run(
        capsys,
        "eval",
        "examples/rate.ind",
        "--indicator",
        "rate",
        "--set",
        "completed=29",
        "--set",
        "planned=100",
        "--format",
        "json",
    )
    assert code == 0
    assert json.loads(out) == [
        {
            "row": 1,
            "indicator": "rate",
            "value": "29/100",
            "display": "29.00%",
            "unit": "%",
            "grade": None,
            "met": None,
            "error": None,
            "message": "",
        }
    ]


def test_eval_csv_keeps_going_after_bad_rows(capsys: pytest.CaptureFixture[str]) -> None:
    code, out, _ = run(
        capsys,
        "eval",
        "examples/rate.ind",
        "--input",
        "examples/records.csv",
        "--indicator",
        "rate",
        "--format",
        "csv",
        "--lang",
        "en",
    )
    assert code == 1
    assert_golden("eval_records.en.csv", out)


def test_eval_table_golden(capsys: pytest.CaptureFixture[str]) -> None:
    code, out, _ = run(capsys, "eval", "examples/rate.ind", "--input", "examples/records.csv", "--indicator", "rate")
    assert code == 1
    assert_golden("eval_records.zh.txt", out)


def test_eval_json_input_and_grades(capsys: pytest.CaptureFixture[str], tmp_path: Path) -> None:
    data = tmp_path / "r.json"
    data.write_text(
        json.dumps(
            [
                {"赔偿资金中按标准支付的金额": "95", "全部赔偿资金金额": "100"},
                {"赔偿资金中按标准支付的金额": 69, "全部赔偿资金金额": 100},
            ]
        ),
        encoding="utf-8",
    )
    code, out, _ = run(
        capsys, "eval", "examples/rate.ind", "--input", str(data), "--indicator", "赔偿达标率", "--format", "json"
    )
    rows = json.loads(out)
    assert code == 0
    assert [(r["display"], r["grade"], r["met"]) for r in rows] == [("95.00%", "优", False), ("69.00%", "中", False)]


@pytest.mark.parametrize(
    "argv",
    [
        ["eval", "examples/rate.ind", "--set", "nonsense"],
        ["eval", "examples/rate.ind", "--input", "no/such.csv"],
        ["eval", "examples/rate.ind", "--indicator", "没有这个"],
        ["eval", MISTAKES, "--set", "a=1"],
    ],
)
def test_eval_usage_errors_exit_2(capsys: pytest.CaptureFixture[str], argv: list[str]) -> None:
    code, _, err = run(capsys, *argv)
    assert code == 2 and err


def test_csv_cells_cannot_start_formulas() -> None:
    from indicator_dsl.output import csv_text, safe_cell

    assert [safe_cell(x) for x in ["=1+1", "+A1", "-cmd", "@SUM(A1)", "-3.5", "12%", None, "正常"]] == [
        "'=1+1",
        "'+A1",
        "'-cmd",
        "'@SUM(A1)",
        "-3.5",
        "12%",
        "",
        "正常",
    ]
    assert csv_text(["名称"], [['=HYPERLINK("x")']]) == '名称\n"\'=HYPERLINK(""x"")"\n'


def test_help_and_module_entry_point() -> None:
    proc = subprocess.run([sys.executable, "-m", "indicator_dsl", "--help"], capture_output=True, text=True, cwd=ROOT)
    assert proc.returncode == 0 and "check" in proc.stdout and "eval" in proc.stdout


def test_light_imports() -> None:
    """`import indicator_dsl` and `check` must not pull in the heavy libraries."""
    code = (
        "import sys, indicator_dsl\n"
        "from indicator_dsl.cli import main\n"
        "main(['check', 'examples/rate.ind'])\n"
        "heavy = {'sympy', 'openpyxl', 'polars', 'duckdb', 'numpy', 'pyspark', 'rich', 'pydantic'}\n"
        "print(sorted(heavy & set(sys.modules)))\n"
    )
    proc = subprocess.run([sys.executable, "-c", code], capture_output=True, text=True, cwd=ROOT)
    assert proc.stdout.strip().splitlines()[-1] == "[]", proc.stdout + proc.stderr
