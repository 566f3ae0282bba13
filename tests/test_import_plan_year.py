"""The plan year of an imported table: read from its title (`（2024年度）`, `2024年度…申报表`,
`２０２４年…自评表`, `二〇二四年度`), overridden by `import --year`; a title with two different
years is W721 and no year is taken; a month-only deadline left without a year is W722."""

from __future__ import annotations

from pathlib import Path

import pytest

from indicator_dsl import load, loads
from indicator_dsl.cli import main
from indicator_dsl.importers import import_files
from indicator_dsl.importers.cells import Cell
from indicator_dsl.importers.plan_year import title_year
from indicator_dsl.source import Source

HEADER = "一级指标\t二级指标\t三级指标\t指标值\t分值"
ROWS = "产出指标\t时效指标\t完工时间\t11月底前\t10\n产出指标\t数量指标\t培训人次\t≥40人次\t10\n"


def _table(tmp_path: Path, *title: str) -> Path:
    path = tmp_path / "table.txt"
    path.write_text("\n".join((*title, HEADER)) + "\n" + ROWS, encoding="utf-8")
    return path


def _cells(*texts: str) -> list[Cell]:
    source = Source("t.txt", "\n".join(texts))
    cells, start = [], 0
    for i, text in enumerate(texts, 1):
        cells.append(Cell(source, start, start + len(text), i))
        start += len(text) + 1
    return cells


@pytest.mark.parametrize(
    ("title", "year"),
    [
        (("项目支出绩效目标申报表", "（2024年度）"), 2024),
        (("2024年度部门整体支出绩效目标申报表",), 2024),
        (("2023年项目支出绩效自评表",), 2023),
        (("２０２５年度项目绩效目标表",), 2025),
        (("二〇二四年度项目支出绩效目标申报表",), 2024),
        (("项目支出绩效目标申报表", "(2022年度)", "填报日期：2021年12月5日"), 2022),  # a date row is no title
        (("项目支出绩效目标申报表",), None),
    ],
)
def test_the_title_gives_the_plan_year(title: tuple[str, ...], year: int | None) -> None:
    found = title_year(_cells(*title))
    assert (found.year, found.finding) == (year, None)


@pytest.mark.parametrize("title", [("2023年度项目支出绩效自评表", "（2024年度）"), ("2023-2024年度项目绩效目标表",)])
def test_two_years_in_a_title_are_w721_not_a_guess(title: tuple[str, ...]) -> None:
    found = title_year(_cells(*title))
    assert found.year is None and found.finding is not None and found.finding.code == "W721"
    assert "2024" in found.finding.render("zh") and "^^^^" in found.finding.render("zh")


def test_month_only_deadline_takes_the_titles_year(tmp_path: Path) -> None:
    result = import_files([_table(tmp_path, "项目支出绩效目标申报表", "（2024年度）")])
    assert not [d for d in result.all_diagnostics() if d.code.startswith(("W72", "E"))]
    text = result.text()
    assert "  年度 2024" in text  # on the deadline's indicator (and the scorecard), not on every one
    cat = loads(text)
    assert cat["完工时间"].resolved.plan_year == 2024
    assert cat["培训人次"].node.plan_year is None
    assert "E334" not in [d.code for d in cat.check()]
    assert str(cat["完工时间"].resolved.condition.due) == "2024-11-30"  # type: ignore[union-attr]


def test_year_option_overrides_the_title(tmp_path: Path, capsys: pytest.CaptureFixture[str]) -> None:
    path = _table(tmp_path, "2023年度项目支出绩效目标申报表")
    out = tmp_path / "out.ind"
    assert main(["import", str(path), "-o", str(out), "--year", "2025"]) == 0
    capsys.readouterr()
    cat = loads(out.read_text("utf-8"))
    assert str(cat["完工时间"].resolved.condition.due) == "2025-11-30"  # type: ignore[union-attr]


def test_no_year_anywhere_is_w722_at_the_deadline_then_e334(tmp_path: Path) -> None:
    result = import_files([_table(tmp_path, "项目支出绩效目标申报表")])
    w722 = [d for d in result.all_diagnostics() if d.code == "W722"]
    assert len(w722) == 1 and "table.txt:3:" in w722[0].render("en") and "--year" in w722[0].render("en")
    assert "E334" in [d.code for d in loads(result.text()).check()]


def test_two_years_leave_the_deadline_undated(tmp_path: Path) -> None:
    result = import_files([_table(tmp_path, "2023年度项目支出绩效自评表", "（2024年度）")])
    codes = sorted(d.code for d in result.all_diagnostics())
    assert codes == ["W721", "W722"]


def test_xlsx_title_rows_give_the_year(tmp_path: Path) -> None:
    import openpyxl

    book = openpyxl.Workbook()
    sheet = book.active
    sheet.append(["2024年度项目支出绩效目标申报表"])
    sheet.append(["填报单位：某局", None, "填报日期：2023年12月"])
    sheet.append(HEADER.split("\t"))
    sheet.append(["产出指标", "时效指标", "完工时间", "每年6月底前", 10])
    path = tmp_path / "t.xlsx"
    book.save(path)
    result = import_files([path])
    assert not [d for d in result.all_diagnostics() if d.code.startswith("W72")]
    assert str(loads(result.text())["完工时间"].resolved.condition.due) == "2024-06-30"  # type: ignore[union-attr]


def test_check_year_gives_the_plan_year_a_file_lacks(tmp_path: Path, capsys: pytest.CaptureFixture[str]) -> None:
    path = tmp_path / "d.ind"
    path.write_text("指标 完工时间\n  目标 11月底前\n\n指标 报送\n  目标 6月底前\n  年度 2023\n", encoding="utf-8")
    assert main(["check", str(path)]) == 1 and "E334" in capsys.readouterr().out
    assert main(["check", str(path), "--year", "2024"]) == 0
    capsys.readouterr()
    cat = load(path, plan_year=2024)
    assert cat["完工时间"].resolved.plan_year == 2024 and cat["报送"].resolved.plan_year == 2023  # its own wins
