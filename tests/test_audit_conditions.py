"""Rows whose target is a date, an interval, 是/否 or a baseline are recomputed as `score`
scores such an indicator: the actual is read in the target's kind (`2023年12月` is a date, not an
unreadable number), month-only dates take the year the title prints (`（2023年度）`) or
`audit --year`, and a row that still cannot be judged is a warning that says why."""

from __future__ import annotations

from pathlib import Path
from typing import Any

import openpyxl
import pytest
from conftest import ROOT

from indicator_dsl.audit.engine import audit_paths
from indicator_dsl.cli import main

EXAMPLE = ROOT / "examples" / "audit" / "project_self_eval_2023.xlsx"
ROW = "工程按期完工率"


def table(tmp_path: Path, target: str, actual: str, score: int, title: str | None = None) -> Path:
    wb = openpyxl.load_workbook(EXAMPLE)
    ws = wb.active
    assert ws is not None
    if title is not None:
        ws["A2"] = title
    for row in ws.iter_rows():
        if row[3].value == ROW:
            row[4].value, row[5].value, row[7].value = target, actual, score
    path = tmp_path / "t.xlsx"
    wb.save(path)
    return path


def judged(path: Path, year: int | None = None) -> Any:
    run = audit_paths([path], year=year)
    row = next(r for r in run.tables[0].rows if r.indicator == ROW)
    codes = [f.code for f in run.tables[0].findings if f.indicator == ROW]
    return row.status, row.scheme_score, row.met, codes


@pytest.mark.parametrize(
    ("target", "actual", "score", "want"),
    [
        ("2023年11月底前", "2023年12月", 8, ("scored", "0.00", False, ["W909"])),
        ("2023年11月底前", "2023年10月完成", 10, ("scored", "10.00", True, [])),
        ("11月底前", "12月", 0, ("scored", "0.00", False, [])),  # both in the title's 2023
        ("[95%, 100%]", "93%", 10, ("scored", "9.79", False, ["E907"])),  # missed, full marks; (1 − 2/95) × 10
        ("[95%, 100%]", "97%", 10, ("scored", "10.00", True, [])),
        ("是", "否", 10, ("scored", "0.00", False, ["E907"])),
        ("是", "否", 3, ("scored", "0.00", False, ["W909"])),
        ("是", "是", 10, ("scored", "10.00", True, [])),
    ],
)
def test_condition_rows_are_recomputed(tmp_path: Path, target: str, actual: str, score: int, want: Any) -> None:
    assert judged(table(tmp_path, target, actual, score)) == want


def test_month_only_dates_take_the_titles_year_or_the_flag(tmp_path: Path) -> None:
    path = table(tmp_path, "11月底前", "2023年12月", 10)
    assert judged(path)[:3] == ("scored", "0.00", False)  # due 2023-11-30 from （2023年度）
    assert judged(path, year=2024)[:3] == ("scored", "10.00", True)  # due 2024-11-30
    two = table(tmp_path, "11月底前", "2023年12月", 10, title="（2022-2023年度）")  # no single year
    status, _, _, codes = judged(two)
    assert (status, codes) == ("not-judged", ["W914"])


def test_unjudged_condition_rows_say_why(tmp_path: Path, capsys: pytest.CaptureFixture[str]) -> None:
    path = table(tmp_path, "比上年提高5%", "10%", 10)
    assert main(["audit", str(path), "--lang", "en"]) == 1
    out = capsys.readouterr().out
    assert "W914 warning 工程按期完工率: cannot read the actual '10%' (target '比上年提高5%' needs a value" in out
    path = table(tmp_path, "2023年11月底前", "已完成", 10)  # done, but when: said, not guessed
    assert main(["audit", str(path), "--lang", "en", "--year", "2023"]) == 1
    assert "compared with the target '2023年11月底前'" in capsys.readouterr().out
