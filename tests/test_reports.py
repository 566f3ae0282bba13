"""Report formats: golden files for each, escaping of hostile text, and the same numbers
through the Python API, the CLI and every format."""

from __future__ import annotations

import csv
import io
import json
import re
import zipfile
from decimal import Decimal

import pytest

from indicator_dsl import loads
from indicator_dsl.cli import main
from indicator_dsl.reports import REPORTS, render
from indicator_dsl.reports.table import render as render_table
from indicator_dsl.scoring import example_paths, score
from tests.conftest import ROOT, assert_golden

CARD = "examples/department_2022.ind"
ACTUALS = "examples/department_2022_actuals.csv"


@pytest.fixture(autouse=True)
def at_root(monkeypatch: pytest.MonkeyPatch) -> None:
    monkeypatch.chdir(ROOT)


@pytest.fixture(scope="module")
def report():
    import os

    old = os.getcwd()
    os.chdir(ROOT)
    try:
        return score(CARD, ACTUALS)
    finally:
        os.chdir(old)


def xlsx_dump(data: bytes) -> str:
    """Cell values and merged ranges of every sheet, as text (the zip itself has timestamps)."""
    from openpyxl import load_workbook

    wb = load_workbook(io.BytesIO(data))
    out = []
    for ws in wb.worksheets:
        out.append(f"# sheet {ws.title}")
        out.append("merged: " + " ".join(sorted(str(r) for r in ws.merged_cells.ranges)))
        for row in ws.iter_rows():
            cells = [f"{c.coordinate}={c.value!r}" for c in row if c.value is not None]
            if cells:
                out.append(" | ".join(cells))
    return "\n".join(out) + "\n"


def test_packaged_example_matches_examples_folder() -> None:
    card, actuals = example_paths()
    assert card.read_text("utf-8") == (ROOT / CARD).read_text("utf-8")
    assert actuals.read_text("utf-8") == (ROOT / ACTUALS).read_text("utf-8")


@pytest.mark.parametrize("lang", ["zh", "en"])
def test_table_golden(report, lang: str) -> None:
    assert_golden(f"score_example.table.{lang}.txt", render_table(report, lang, use_rich=False) + "\n")


@pytest.mark.parametrize("width", [80, 200])
def test_rich_table_has_the_numbers_and_reasons(report, width: int) -> None:
    text = render_table(report, "zh", width=width)
    assert "93.59" in text and "总分" in text and "10.57" in text
    reason = "正向未达标: 95.10% / 100% × 11.11 = 10.57"
    lines = [line.strip() for line in text.splitlines()]
    if width == 80:  # too narrow for a reason column: the reasons are listed under the table
        assert "4. 信息化建设项目验收合格率: " + reason in lines
    else:  # the reason in its own column, on the row's line
        assert any(reason in line and "│ 10.57 │" in line for line in lines)
    assert ("得分说明:" in text) == (width == 80)


@pytest.mark.parametrize("width", [None, 60, 100, 150, 170, 200])
def test_table_never_crops_and_keeps_every_reason(report, width: int | None) -> None:
    from indicator_dsl.reports.table import cropped

    text = render_table(report, "zh", width=width)
    assert not cropped(text)
    flat = text.replace("│", "").replace("\n", "").replace(" ", "")
    assert all(r.explanation.zh.replace(" ", "") in flat for r in report.rows)


def test_table_piped_to_a_file_golden(capsys) -> None:
    pytest.importorskip("rich", reason="the piped layout golden is drawn by rich")
    assert main(["score", CARD, ACTUALS]) == 0
    assert_golden("score_example.piped.zh.txt", capsys.readouterr().out)


@pytest.mark.parametrize("fmt", ["json", "csv", "html"])
def test_text_format_golden(report, fmt: str) -> None:
    assert_golden(f"score_example.{fmt}", render(report, fmt, "zh").rstrip("\n") + "\n")


def test_xlsx_golden(report) -> None:
    data = render(report, "xlsx", "zh")
    assert isinstance(data, bytes) and data[:2] == b"PK"
    assert_golden("score_example.xlsx.txt", xlsx_dump(data))


def test_json_validates_against_published_schema(report, capsys) -> None:
    assert main(["schema"]) == 0
    schema = json.loads(capsys.readouterr().out)
    assert set(schema["required"]) <= set(json.loads(render(report, "json")))
    assert schema["properties"]["total"]["type"] == "string"


def test_same_numbers_through_api_cli_and_every_format(report, capsys, tmp_path) -> None:
    expected = {r.indicator: f"{r.score:.2f}" for r in report.rows if r.score is not None}
    total = f"{report.total:.2f}"
    assert main(["score", CARD, ACTUALS, "--format", "json"]) == 0
    data = json.loads(capsys.readouterr().out)
    assert {r["indicator"]: r["score"] for r in data["rows"] if r["score"]} == expected and data["total"] == total
    assert main(["score", CARD, ACTUALS, "--format", "csv"]) == 0
    rows = list(csv.DictReader(io.StringIO(capsys.readouterr().out)))
    assert {r["三级指标"]: r["得分"] for r in rows if r["三级指标"] and r["得分"]} == expected
    assert next(r["得分"] for r in rows if r["一级指标"] == "总分") == total
    assert main(["score", CARD, ACTUALS, "--format", "xlsx", "-o", str(tmp_path / "t.xlsx")]) == 0
    from openpyxl import load_workbook

    ws = load_workbook(tmp_path / "t.xlsx").active
    found = {r[2]: f"{Decimal(str(r[6])):.2f}" for r in ws.iter_rows(min_row=8, values_only=True) if r[2] and r[6]}
    assert found == expected
    assert main(["score", CARD, ACTUALS, "--format", "html", "-o", str(tmp_path / "t.html")]) == 0
    page = (tmp_path / "t.html").read_text("utf-8")
    for name, value in expected.items():
        assert re.search(rf"<td>{re.escape(name)}</td>.*?<td class=\"num\">{value}</td>", page)
    assert main(["score"]) == 0  # no arguments: the bundled example
    out = capsys.readouterr().out
    assert total in out and all(v in out for v in expected.values())


HOSTILE = """
指标 完成率
  类别 产出指标 / 数量指标
  目标 ≥100%
  权重 100
评分表 x "<script>alert(1)</script>"
"""


def test_hostile_text_is_escaped_and_neutralised() -> None:
    reason = '\x00=HYPERLINK("http://x")<img src=x onerror=alert(1)>'
    rows = [{"指标": "完成率", "实际完成值": "90%", "偏差原因": reason}]
    report = score(loads(HOSTILE, "h.ind"), rows)
    page = render(report, "html")
    assert "<script>" not in page and "<img" not in page and "&lt;script&gt;" in page
    assert "http" not in page.split("<body>")[0]
    assert "'=HYPERLINK" in render(report, "csv") and ",=HYPERLINK" not in render(report, "csv")
    from openpyxl import load_workbook

    data = render(report, "xlsx")
    wb = load_workbook(io.BytesIO(data))
    cells = [c for row in wb.active.iter_rows() for c in row if isinstance(c.value, str)]
    assert all(c.data_type == "s" for c in cells)  # text, never a formula, and shown as typed (no quote)
    assert '=HYPERLINK("http://x")<img src=x onerror=alert(1)>' in [c.value for c in cells]
    assert not any(v.value.startswith("'") for v in cells)
    with zipfile.ZipFile(io.BytesIO(data)) as archive:
        sheets = [archive.read(n) for n in archive.namelist() if n.startswith("xl/worksheets/")]
    assert sheets and not any(b"<f>" in x or b"<f " in x for x in sheets)


def test_terminal_table_prints_markup_literally() -> None:
    reason = "[/] [bold red]x[/bold red] [link=http://x]y \x1b[31mred\x00"
    report = score(loads(HOSTILE, "h.ind"), [{"指标": "完成率", "实际完成值": "90%", "偏差原因": reason}])
    assert "red]x[/bold red]" in xlsx_dump(render(report, "xlsx"))  # control characters dropped, not a crash
    for text in (render_table(report, "zh", width=200), render_table(report, "zh", use_rich=False)):
        assert "[/]" in text and "red]x[/bold red]" in text and "[link=http://x]y" in text
        assert "\x1b" not in text


def test_html_is_self_contained(report) -> None:
    page = render(report, "html")
    assert "<script" not in page and "http://" not in page.replace('xmlns="http://www.w3.org/2000/svg"', "")
    assert page.count("<rect") >= 2 * len([r for r in report.rows if not r.not_applicable])


def test_registry_lists_every_format() -> None:
    assert set(REPORTS) == {"table", "json", "csv", "xlsx", "html"}


def test_cli_errors(capsys, tmp_path) -> None:
    assert main(["score", CARD, ACTUALS, "--format", "xlsx"]) == 2
    assert main(["score", CARD, str(tmp_path / "none.csv")]) == 2
    assert "E601" in capsys.readouterr().err
    assert main(["score", CARD, ACTUALS, "--scheme", "nope"]) == 2
    assert "E608" in capsys.readouterr().err
    bad = tmp_path / "bad.csv"
    bad.write_text("指标,实际完成值\n收结案比,abc\n", "utf-8")
    assert main(["score", CARD, str(bad)]) == 1


def test_directory_of_projects(capsys, tmp_path) -> None:
    text = (ROOT / CARD).read_text("utf-8")
    actuals = (ROOT / ACTUALS).read_text("utf-8")
    (tmp_path / "a.ind").write_text(text, "utf-8")
    (tmp_path / "a_actuals.csv").write_text(actuals, "utf-8")
    (tmp_path / "b.ind").write_text(text, "utf-8")
    (tmp_path / "b_actuals.csv").write_text(actuals.replace("95.10%", "80%"), "utf-8")
    (tmp_path / "c.ind").write_text(text, "utf-8")
    out_dir = tmp_path / "out"
    assert main(["score", str(tmp_path), "--format", "json", "-o", str(out_dir)]) == 1  # c has no actuals
    summary = json.loads(capsys.readouterr().out)
    assert [(s["total"], s["grade"]) for s in summary] == [("93.59", "优"), ("91.91", "优"), (None, None)]
    assert summary[2]["note"] == "缺少实际完成值文件"
    assert sorted(p.name for p in out_dir.iterdir()) == ["a.json", "b.json"]
    assert json.loads((out_dir / "b.json").read_text("utf-8"))["total"] == "91.91"


@pytest.mark.parametrize("fmt", ["csv", "json", "html", "xlsx"])
def test_problems_reach_stderr_in_machine_formats(capsys, tmp_path, fmt: str) -> None:
    bad = tmp_path / "bad.csv"
    bad.write_text((ROOT / ACTUALS).read_text("utf-8").replace("项目计划完成率,", "项目计划完成律,"), "utf-8")
    out = ["-o", str(tmp_path / f"r.{fmt}")] if fmt == "xlsx" else []
    assert main(["score", CARD, str(bad), "--format", fmt, *out]) == 1
    captured = capsys.readouterr()
    assert "bad.csv:7:1: E602" in captured.err and "未评分: 项目计划完成率" in captured.err
    if fmt == "json":
        assert {p["code"] for p in json.loads(captured.out)["problems"]} >= {"E602", "E604"}


@pytest.mark.parametrize("value", ["-1", "7", "50", "x"])
def test_places_out_of_range_is_a_usage_error(capsys, value: str) -> None:
    with pytest.raises(SystemExit) as info:
        main(["score", "--places", value])
    assert info.value.code == 2 and "0..6" in capsys.readouterr().err
    with pytest.raises(ValueError, match="0..6"):
        score(CARD, ACTUALS, places=int(value) if value != "x" else value)


def test_output_into_a_missing_folder_is_created(capsys, tmp_path) -> None:
    target = tmp_path / "new" / "deeper" / "r.xlsx"
    assert main(["score", "--format", "xlsx", "-o", str(target)]) == 0
    assert target.read_bytes()[:2] == b"PK" and capsys.readouterr().out == ""


def test_output_that_cannot_be_written_is_e619(capsys, tmp_path) -> None:
    (tmp_path / "file").write_text("x", "utf-8")
    assert main(["score", "--format", "csv", "-o", str(tmp_path / "file" / "r.csv")]) == 2
    err = capsys.readouterr().err
    assert "E619" in err and "Traceback" not in err and "r.csv" in err
    assert main(["score", "--format", "csv", "-o", str(tmp_path), "--lang", "en"]) == 2
    assert "E619 cannot write the output file: it is a folder" in capsys.readouterr().err


def test_csv_for_excel_has_a_bom_in_files_and_chinese_values(capsys, tmp_path) -> None:
    target = tmp_path / "r.csv"
    assert main(["score", CARD, ACTUALS, "--format", "csv", "-o", str(target)]) == 0
    data = target.read_bytes()
    assert data.startswith(b"\xef\xbb\xbf") and data.count(b"\xef\xbb\xbf") == 1
    rows = list(csv.DictReader(io.StringIO(data.decode("utf-8-sig"))))
    values = {v for r in rows for k, v in r.items() if k in ("类型", "规则", "达标", "不适用")}
    assert values <= {"", "定量", "定性", "预算执行", "达标", "未达标", "不适用", "人工调整", "是", "否"}
    assert {"定量", "达标", "是", "否"} <= values
    assert main(["score", CARD, ACTUALS, "--format", "csv"]) == 0
    assert not capsys.readouterr().out.startswith("\ufeff")  # a pipe gets no BOM
    english = render(score(CARD, ACTUALS), "csv", "en")
    assert ",quantitative," in english and ",true," in english


def test_swapped_arguments_are_named(capsys) -> None:
    assert main(["score", ACTUALS, CARD]) == 2
    err = capsys.readouterr().err
    assert f"score {CARD} {ACTUALS}" in err and "swapped" in err and "E1" not in err
    assert main(["score", ACTUALS]) == 2
    assert ".ind" in capsys.readouterr().err


def test_xlsx_problem_sheet_has_columns_and_relative_files(tmp_path) -> None:
    from openpyxl import load_workbook

    bad = tmp_path / "bad.csv"
    bad.write_text((ROOT / ACTUALS).read_text("utf-8").replace("项目计划完成率,", "项目计划完成律,"), "utf-8")
    report = score(CARD, bad)
    sheet = load_workbook(io.BytesIO(render(report, "xlsx")))["问题"]
    rows = [tuple(c.value for c in row) for row in sheet.iter_rows()]
    assert rows[0] == ("文件", "行", "列", "代码", "说明")
    assert ("bad.csv", 7, 1, "E602") == rows[1][:4] and rows[1][4].startswith("未知指标“项目计划完成律”")
    assert (CARD, 30, 4, "E604") == rows[2][:4]
    assert rows[-1][:4] == (None, None, None, None) and rows[-1][4] == "未评分: 项目计划完成率"
    english = load_workbook(io.BytesIO(render(report, "xlsx", "en")))["problems"]
    assert [c.value for c in english[1]] == ["file", "row", "column", "code", "message"]


def test_readme_score_example_is_real_output(capsys) -> None:
    pytest.importorskip("rich", reason="README shows the rich table")
    text = (ROOT / "README.md").read_text("utf-8")
    section = text.split("<!-- section:score -->")[1].split("<!-- /section:score -->")[0]
    shown = section.split("```text\n$ indicator-dsl score\n")[1].split("```")[0]
    assert main(["score"]) == 0
    assert capsys.readouterr().out == shown


def test_gbk_scorecard_and_empty_directory(capsys, tmp_path) -> None:
    (tmp_path / "g.ind").write_bytes((ROOT / CARD).read_text("utf-8").encode("gbk"))
    assert main(["score", str(tmp_path / "g.ind"), ACTUALS, "--format", "json"]) == 0
    assert json.loads(capsys.readouterr().out)["total"] == "93.59"
    (tmp_path / "empty").mkdir()
    assert main(["score", str(tmp_path / "empty")]) == 1
    captured = capsys.readouterr()
    assert "no .ind files" in captured.err and captured.out == ""


def test_xlsx_has_the_official_self_evaluation_layout(report) -> None:
    """Issue 16 item 21: the title once, the header block, 偏差原因分析及改进措施 as the last column."""
    from openpyxl import load_workbook

    ws = load_workbook(io.BytesIO(render(report, "xlsx", "zh"))).active
    values = [c.value for row in ws.iter_rows() for c in row if isinstance(c.value, str)]
    title = ws["A1"].value
    assert values.count(title) == 2 and ws["B2"].value == title  # A1 and 项目名称, never a second title row
    assert [ws[a].value for a in ("A2", "F2", "A3", "A4", "A6")] == [
        "项目名称",
        "主管部门",
        "实施单位",
        "项目资金（万元）",
        "年度总体目标",
    ]
    header = [c.value for c in ws[7]]
    assert header[-1] == "偏差原因分析及改进措施" and header[:3] == ["一级指标", "二级指标", "三级指标"]
