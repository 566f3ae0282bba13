"""`indicator-dsl audit` in-process: exit codes, every format, schema, many tables, hostile cells."""

from __future__ import annotations

import json
import re
import zipfile
from pathlib import Path

import pytest
from test_audit_build import national, province_points

from indicator_dsl.cli import main

GOLDEN = Path(__file__).resolve().parent / "golden"
EXAMPLE = Path(__file__).resolve().parent.parent / "examples" / "audit" / "project_self_eval_2023.xlsx"


def test_clean_table_exits_0_and_findings_exit_1(tmp_path: Path, capsys: pytest.CaptureFixture[str]) -> None:
    assert main(["audit", str(national(False).save(tmp_path / "clean.xlsx"))]) == 0
    assert main(["audit", str(national(True).save(tmp_path / "bad.xlsx")), "--lang", "en"]) == 1
    out = capsys.readouterr().out
    assert "H14 E907 error 培训合格率: target missed (90.00%, target ≥95%)" in out


def test_unreadable_input_exits_2(tmp_path: Path, capsys: pytest.CaptureFixture[str]) -> None:
    broken = tmp_path / "broken.xlsx"
    broken.write_bytes(b"PK not really")
    assert main(["audit", str(broken), "--lang", "en"]) == 2
    err = capsys.readouterr().err
    assert err.startswith(f"{broken}: E920 cannot read the table: ") and "spreadsheet" not in err  # said once
    assert main(["audit", str(tmp_path / "missing.xlsx"), "--lang", "en"]) == 2
    assert capsys.readouterr().err == f"{tmp_path / 'missing.xlsx'}: E920 cannot read the table: no such file\n"
    assert main(["audit", str(broken), "--tolerance", "abc"]) == 2
    assert main(["audit", str(broken), "--scheme", "no-such"]) == 2
    assert main(["audit", str(broken), "--format", "xlsx"]) == 2


def test_unreadable_table_is_reported_once_on_stderr(tmp_path: Path, capsys: pytest.CaptureFixture[str]) -> None:
    text = tmp_path / "notes.txt"
    text.write_text("部门整体支出绩效自评\n没有指标表\n", encoding="utf-8")
    assert main(["audit", str(text)]) == 2
    out, err = capsys.readouterr()
    assert "E921" not in out and err.count("E921") == 1


@pytest.mark.parametrize("lang,names", [("zh", ["汇总", "问题", "逐行"]), ("en", ["summary", "findings", "rows"])])
def test_xlsx_sheet_names_follow_the_language(tmp_path: Path, lang: str, names: list[str]) -> None:
    out = tmp_path / "report.xlsx"
    assert (
        main(
            ["audit", str(national(True).save(tmp_path / "t.xlsx")), "--format", "xlsx", "-o", str(out), "--lang", lang]
        )
        == 1
    )
    import openpyxl

    assert openpyxl.load_workbook(out).sheetnames == names


def test_report_directories_are_created_or_e929(tmp_path: Path, capsys: pytest.CaptureFixture[str]) -> None:
    table = national(True).save(tmp_path / "t.xlsx")
    out = tmp_path / "new" / "dir" / "report.xlsx"
    assert main(["audit", str(table), "--format", "xlsx", "-o", str(out)]) == 1 and out.exists()
    (tmp_path / "file").write_text("x", encoding="utf-8")
    assert main(["audit", str(table), "--format", "xlsx", "-o", str(tmp_path / "file" / "r.xlsx"), "--lang", "en"]) == 2
    assert "E929 cannot write the report: a part of the path is not a directory" in capsys.readouterr().err


def test_english_messages_carry_no_chinese(tmp_path: Path, capsys: pytest.CaptureFixture[str]) -> None:
    broken = tmp_path / "broken.xlsx"
    broken.write_bytes(b"PK not really")
    runs = [[str(broken)], [], [str(tmp_path / "missing.xlsx")], [str(broken), "--tolerance", "x"]]
    runs += [[str(broken), "--scheme", "no-such"], [str(broken), "--format", "xlsx"]]
    for argv in runs:
        assert main(["audit", *argv, "--lang", "en"]) == 2
        out, err = capsys.readouterr()
        assert err and out == "" and not re.search(r"[\u4e00-\u9fff（）：，]", err), err
    assert main(["audit", str(broken)]) == 2
    assert "E920 无法读取表格：" in capsys.readouterr().err


def test_directory_summary_and_progress(tmp_path: Path, capsys: pytest.CaptureFixture[str]) -> None:
    national(False).save(tmp_path / "a.xlsx")
    national(True).save(tmp_path / "b.xlsx")
    province_points(True).save_csv(tmp_path / "c.csv")
    assert main(["audit", str(tmp_path)]) == 1
    captured = capsys.readouterr()
    summary = captured.out.split("\n\n")[0].splitlines()
    assert summary[0].split() == ["表", "公布总分", "重算总分", "错误", "警告", "提示"]
    assert summary[2].split() == ["a.xlsx!自评表", "96", "96.00", "0", "0", "1"]
    assert summary[3].split() == ["b.xlsx!自评表", "97", "89.76", "6", "7", "3"]
    assert "3/3" in captured.err and "#" in captured.err


def test_json_matches_schema_printed_by_schema_flag(tmp_path: Path, capsys: pytest.CaptureFixture[str]) -> None:
    jsonschema = pytest.importorskip("jsonschema")
    assert main(["audit", "--schema"]) == 0
    schema = json.loads(capsys.readouterr().out)
    main(["audit", str(national(True).save(tmp_path / "t.xlsx")), "--format", "json"])
    data = json.loads(capsys.readouterr().out)
    jsonschema.validate(data, schema)
    assert data["tables"][0]["counts"] == {"error": 6, "warning": 7, "info": 3}


def hostile(tmp_path: Path) -> Path:
    sheet = national(True)
    sheet.rows[12][3] = "@SUM(1)<script>alert(1)</script>"  # a text cell (openpyxl stores `=…` as a formula)
    return sheet.save(tmp_path / "hostile.xlsx")


def test_html_escapes_cells(tmp_path: Path, capsys: pytest.CaptureFixture[str]) -> None:
    main(["audit", str(hostile(tmp_path)), "--format", "html"])
    out = capsys.readouterr().out
    assert "<script>" not in out and "&lt;script&gt;" in out


def test_csv_and_xlsx_cells_cannot_run_formulas(tmp_path: Path, capsys: pytest.CaptureFixture[str]) -> None:
    import openpyxl

    path = hostile(tmp_path)
    main(["audit", str(path), "--format", "csv"])
    lines = capsys.readouterr().out.splitlines()
    assert lines[0].startswith("表,行,单元格,代码")
    assert not any(cell.startswith(("=", "@", "+")) for line in lines for cell in line.split(","))
    assert any("'@SUM(1)" in line for line in lines)
    out = tmp_path / "report.xlsx"
    assert main(["audit", str(path), "--format", "xlsx", "-o", str(out)]) == 1
    book = openpyxl.load_workbook(out)
    values = [c.value for ws in book.worksheets for row in ws.iter_rows() for c in row if isinstance(c.value, str)]
    assert "@SUM(1)<script>alert(1)</script>" in values  # an explicit string: no formula, no added quote
    assert all(
        c.data_type == "s"
        for ws in book.worksheets
        for row in ws.iter_rows()
        for c in row
        if c.value == "@SUM(1)<script>alert(1)</script>"
    )
    with zipfile.ZipFile(out) as z:
        assert not any(b"<f>" in z.read(n) for n in z.namelist() if n.startswith("xl/worksheets/"))


@pytest.mark.skipif(not EXAMPLE.exists(), reason="example not generated")
def test_example_output_matches_golden(capsys: pytest.CaptureFixture[str]) -> None:
    assert main(["audit", str(EXAMPLE)]) == 1
    out = capsys.readouterr().out.replace(str(EXAMPLE.parent) + "/", "")
    assert out == (GOLDEN / "audit_example.txt").read_text(encoding="utf-8")


def test_schema_is_published_and_stable(capsys: pytest.CaptureFixture[str]) -> None:
    """The schema is a contract: a change to it shows up here and in tests/golden/audit_schema.json."""
    assert main(["audit", "--schema"]) == 0
    assert json.loads(capsys.readouterr().out) == json.loads((GOLDEN / "audit_schema.json").read_text("utf-8"))
