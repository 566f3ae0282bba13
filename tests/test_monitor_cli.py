"""`indicator-dsl monitor`: golden files for every format of the bundled example, the folder
summary, usage errors, the JSON Schema, and hostile text in every output."""

from __future__ import annotations

import json
from pathlib import Path

import pytest

from indicator_dsl.cli import main
from indicator_dsl.monitor import example_paths, monitor
from indicator_dsl.reports.monitor import render_monitor
from indicator_dsl.reports.monitor.text import render_table
from tests.conftest import ROOT, assert_golden
from tests.test_reports import xlsx_dump

CARD = "examples/project_2025.ind"
PROGRESS = "examples/project_2025_progress.csv"


@pytest.fixture(autouse=True)
def at_root(monkeypatch: pytest.MonkeyPatch) -> None:
    monkeypatch.chdir(ROOT)


def test_packaged_example_matches_examples_folder() -> None:
    card, progress = example_paths()
    assert card.read_text("utf-8") == (ROOT / CARD).read_text("utf-8")
    assert progress.read_text("utf-8") == (ROOT / PROGRESS).read_text("utf-8")


@pytest.mark.parametrize("lang", ["zh", "en"])
def test_table_golden(lang: str, capsys: pytest.CaptureFixture[str]) -> None:
    assert main(["monitor", CARD, PROGRESS, "--month", "6", "--lang", lang]) == 1  # E955/E956/E957 in the example
    assert_golden(f"monitor_example.table.{lang}.txt", capsys.readouterr().out)


def test_plain_table_without_rich() -> None:
    report = monitor(CARD, PROGRESS, month=6)
    assert_golden("monitor_example.plain.zh.txt", render_table(report, "zh", use_rich=False) + "\n")


def test_no_arguments_run_the_bundled_example(capsys: pytest.CaptureFixture[str]) -> None:
    main(["monitor"])
    out = capsys.readouterr().out
    assert "运行监控（截至 6 月，序时进度 50.00%" in out and "✖ 红 3" in out


@pytest.mark.parametrize("fmt", ["json", "csv", "html"])
def test_text_formats_golden(fmt: str, capsys: pytest.CaptureFixture[str]) -> None:
    main(["monitor", CARD, PROGRESS, "--month", "6", "--format", fmt])
    captured = capsys.readouterr()
    assert_golden(f"monitor_example.{fmt}", captured.out)
    assert "E955" in captured.err  # problems of a machine format go to stderr


def test_xlsx_golden_with_coloured_light_cells(tmp_path: Path) -> None:
    from openpyxl import load_workbook

    out = tmp_path / "m.xlsx"
    assert main(["monitor", CARD, PROGRESS, "--month", "6", "--format", "xlsx", "-o", str(out)]) == 1
    assert_golden("monitor_example.xlsx.txt", xlsx_dump(out.read_bytes()))
    ws = load_workbook(out).worksheets[0]
    fills = {ws.cell(row=r, column=8).value: ws.cell(row=r, column=8).fill.start_color.rgb for r in range(4, 14)}
    assert fills["✖ 红"].endswith("E53935") and fills["● 绿"].endswith("43A047")


def test_json_follows_its_schema(capsys: pytest.CaptureFixture[str]) -> None:
    jsonschema = pytest.importorskip("jsonschema")
    main(["schema", "monitor"])
    schema = json.loads(capsys.readouterr().out)
    main(["monitor", "--format", "json"])
    data = json.loads(capsys.readouterr().out)
    jsonschema.validate(data, schema)
    rows = {r["indicator"]: r for r in data["rows"]}
    assert rows["改造供水管网长度"]["light"] == "red" and rows["改造供水管网长度"]["standard"] == "40.00"
    assert rows["改造供水管网长度"]["forecast"]["basis"] == "projected"
    assert {p["code"] for p in data["problems"]} >= {"E955", "E956", "E957", "W952"}


def test_as_of_gives_month_and_date(capsys: pytest.CaptureFixture[str]) -> None:
    main(["monitor", CARD, PROGRESS, "--as-of", "2025-07-15", "--format", "json"])
    data = json.loads(capsys.readouterr().out)
    assert (data["month"], data["as_of"]) == (7, "2025-07-15")
    assert any(p["code"] == "W953" for p in data["problems"])  # the file says 1-6月


@pytest.mark.parametrize(
    ("argv", "message"),
    [
        (["monitor", CARD, PROGRESS], "--month"),
        (["monitor", CARD, PROGRESS, "--month", "6", "--format", "xlsx"], "--output"),
        (["monitor", PROGRESS, CARD, "--month", "6"], ".ind"),
        (["monitor", CARD, PROGRESS, "--month", "6", "--scheme", "nowhere"], "E950"),
        (["monitor", CARD, "missing.csv", "--month", "6"], "E951"),
    ],
)
def test_usage_and_input_errors_exit_2(argv: list[str], message: str, capsys: pytest.CaptureFixture[str]) -> None:
    assert main(argv) == 2
    assert message in capsys.readouterr().err


@pytest.mark.parametrize("bad", ["0", "13", "six"])
def test_month_out_of_range_is_a_usage_error(bad: str, capsys: pytest.CaptureFixture[str]) -> None:
    with pytest.raises(SystemExit) as exc:
        main(["monitor", CARD, PROGRESS, "--month", bad])
    assert exc.value.code == 2 and "1..12" in capsys.readouterr().err


def test_folder_summary_furthest_behind_first(tmp_path: Path, capsys: pytest.CaptureFixture[str]) -> None:
    card = (ROOT / CARD).read_text("utf-8")
    (tmp_path / "a.ind").write_text(card, encoding="utf-8")
    (tmp_path / "a_progress.csv").write_text((ROOT / PROGRESS).read_text("utf-8"), encoding="utf-8")
    (tmp_path / "b.ind").write_text(card, encoding="utf-8")
    (tmp_path / "b_progress.csv").write_text("指标,当前完成值\n新建集中供水工程,1\n", encoding="utf-8")
    (tmp_path / "c.ind").write_text(card, encoding="utf-8")  # no progress file
    out_dir = tmp_path / "out"
    assert main(["monitor", str(tmp_path), "--month", "6", "--format", "json", "-o", str(out_dir)]) == 1
    captured = capsys.readouterr()
    summary = json.loads(captured.out)
    assert [s["project"] for s in summary] == ["c", "a", "b"]  # c cannot be judged; a has 3 red, b 1
    assert summary[1]["red"] == 3 and summary[1]["behind"] == "改造供水管网长度"
    assert summary[0]["note"] == "缺少监控进度文件"
    assert sorted(p.name for p in out_dir.iterdir()) == ["a.json", "b.json"]


def test_hostile_text_is_escaped_and_neutralised(tmp_path: Path) -> None:
    card = tmp_path / "h.ind"
    card.write_text("指标 数量\n  类别 产出指标 / 数量指标\n  目标 ≥10个\n  单位 个\n", encoding="utf-8")
    hostile = '=HYPERLINK("x")<script>'
    rows = [{"指标": "数量", "当前完成值": "1", "偏差原因": hostile, "纠偏措施": hostile}]
    report = monitor(card, rows, month=6)
    html = render_monitor(report, "html")
    assert "<script>" not in html and "&lt;script&gt;" in html
    assert "'=HYPERLINK" in render_monitor(report, "csv")
    import io

    from openpyxl import load_workbook

    ws = load_workbook(io.BytesIO(render_monitor(report, "xlsx"))).worksheets[0]  # type: ignore[arg-type]
    cell = next(c for r in ws.iter_rows() for c in r if isinstance(c.value, str) and "HYPERLINK" in c.value)
    assert cell.data_type == "s"


def test_folder_summary_table_golden(
    tmp_path: Path, capsys: pytest.CaptureFixture[str], monkeypatch: pytest.MonkeyPatch
) -> None:
    card = (ROOT / CARD).read_text("utf-8")
    for name, progress in (
        ("甲", (ROOT / PROGRESS).read_text("utf-8")),
        ("乙", "指标,当前完成值\n新建集中供水工程,6\n"),
    ):
        (tmp_path / f"{name}.ind").write_text(card, encoding="utf-8")
        (tmp_path / f"{name}_progress.csv").write_text(progress, encoding="utf-8")
    monkeypatch.chdir(tmp_path)
    main(["monitor", ".", "--month", "6"])
    assert_golden("monitor_folder.table.zh.txt", capsys.readouterr().out)
