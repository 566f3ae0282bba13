"""XLSX and CSV import: layouts built here with openpyxl (merged cells, header on row 3, extra
columns, split target cells, band rows, self-evaluation columns) and bad files that must fail
fast with a clear code."""

from __future__ import annotations

import json
import os
import re
from pathlib import Path

import pytest

from indicator_dsl import ast as A
from indicator_dsl.cli import main
from indicator_dsl.importers import import_files
from indicator_dsl.importers.result import indicator_data

openpyxl = pytest.importorskip("openpyxl")
FIXTURES = Path(__file__).parent / "fixtures" / "import"


def _data(result) -> dict[str, dict]:
    indicators = [st for st in result.statements if isinstance(st, A.Indicator)]
    return {d["name"]: {**d, **rec} for d, rec in zip(map(indicator_data, indicators), result.records, strict=True)}


def _book(path: Path, rows: list[list[object]], merges: tuple[str, ...] = (), formats: dict[str, str] | None = None):
    wb = openpyxl.Workbook()
    ws = wb.active
    ws.title = "指标"
    for row in rows:
        ws.append(row)
    for rng in merges:
        value = ws[rng.split(":")[0]].value
        ws.merge_cells(rng)
        ws[rng.split(":")[0]] = value
    for ref, fmt in (formats or {}).items():
        ws[ref].number_format = fmt
    wb.save(path)
    return path


def test_declaration_with_title_merged_cells_and_extra_columns(tmp_path: Path) -> None:
    rows = [
        ["2024年项目绩效目标申报表"],
        ["单位：万元"],
        ["序号", "一级指标", "二级指标", "三级指标", "指标值", None, None, "分值", "责任处室"],
        [1, "产出指标", "数量指标", "培训人次", "≧", 100, "人", 10, "办公室"],
        [2, None, None, "课题完成数", ">=", 4, "项", 10, "研究室"],
        [3, None, "质量指标", "验收合格率", "≥", 95, "%", 20, "技术处"],
        [4, "满意度指标", "服务对象满意度指标", "群众满意度", "达成预期指标", None, None, 10, None],
    ]
    path = _book(tmp_path / "decl.xlsx", rows, merges=("A1:I1", "E3:G3", "B4:B6", "C4:C5"))
    result = import_files([path])
    data = _data(result)
    assert list(data) == ["培训人次", "课题完成数", "验收合格率", "群众满意度"]
    assert data["培训人次"]["target"] == "≥100人" and data["培训人次"]["weight"] == "10"
    assert data["课题完成数"]["category"] == ["产出指标", "数量指标"]  # merged cells filled down
    assert data["验收合格率"]["category"] == ["产出指标", "质量指标"]
    assert data["验收合格率"]["target"] == "≥95%"
    assert data["群众满意度"]["target"] == "达成预期指标"
    assert data["验收合格率"]["source"] == "decl.xlsx, 指标, 第6行"
    assert result.all_diagnostics() == []


def test_self_evaluation_columns_and_percent_cells(tmp_path: Path) -> None:
    rows = [
        ["项目支出绩效自评表"],
        [None],
        ["一级指标", "二级指标", "三级指标", "年度指标值", "实际完成值", "分值", "得分", "偏差原因分析及改进措施"],
        ["产出指标", "时效指标", "资金支付率", 0.9, 0.85, 20, 18.89, "年底集中支付"],
        [None, None, "完成率", "100%", "100%", 10, 10, None],
    ]
    path = _book(tmp_path / "self.xlsx", rows, formats={"D4": "0%", "E4": "0.00%"})
    result = import_files([path])
    data = _data(result)
    assert data["资金支付率"]["target"] == "90%"
    assert data["资金支付率"]["actual"] == "85%" and data["资金支付率"]["score"] == "18.89"
    assert data["资金支付率"]["reason"] == "年底集中支付"
    payload = json.loads(result.to_json())
    assert payload["indicators"][0]["actual"] == "85%"


def test_band_rows_with_merged_name_cell_are_one_indicator(tmp_path: Path) -> None:
    rows = [
        ["一级指标", "二级指标", "三级指标", "目标值", "权重"],
        ["产出指标", "质量指标", "案件流转率", "≥95优", 10],
        [None, None, None, "≥70良", None],
        [None, None, None, "60差", None],
        ["效益指标", "社会效益指标", "采纳率", "≥70优", 5],
    ]
    path = _book(tmp_path / "bands.xlsx", rows, merges=("C2:C4", "E2:E4", "A2:A4", "B2:B4"))
    result = import_files([path])
    data = _data(result)
    assert data["案件流转率"]["bands"] == ["≥95 优", "≥70 良", "60 差"]
    assert data["案件流转率"]["weight"] == "10" and data["采纳率"]["weight"] == "5"
    (w705,) = [d for d in result.all_diagnostics() if d.code == "W705"]
    assert w705.render().startswith("bands.xlsx!指标:4:4: W705")
    assert w705.fix == "<60 差"
    assert "60差" in (data["案件流转率"]["note"] or "")


def test_csv_with_same_headers_and_located_findings() -> None:
    result = import_files([FIXTURES / "self_eval.csv"])
    data = _data(result)
    assert data["年度资金支付完成率"]["target"] == "100%"  # target printed inside the name
    assert data["培训人次"]["target"] == "≥4754人"
    assert data["验收合格率"]["formula"] == "合格率 = 合格数 / 验收数 * 100%"
    assert "不适用" in data["不适用项"]["note"]
    found = {(d.code, *d.location()) for d in result.all_diagnostics()}
    assert ("W709", "self_eval.csv", 2, 3) in found
    assert ("I701", "self_eval.csv", 4, 4) in found
    assert ("W705", "self_eval.csv", 5, 4) in found


def test_unreadable_cells_become_findings_and_notes(tmp_path: Path) -> None:
    path = tmp_path / "bad_cells.csv"
    path.write_text("三级指标,指标值,计算公式\n结案率,≥≥90%,结案数/案件数*100%\n", encoding="utf-8")
    result = import_files([path])
    codes = {d.code: d for d in result.all_diagnostics()}
    assert codes["E707"].location() == ("bad_cells.csv", 2, 2) and codes["E707"].fix
    assert codes["W704"].fix == "结案率 = 结案数/案件数*100%"
    (ind,) = result.statements
    assert ind.formula is not None and "≥≥90%" in ind.note


# ---- bad files: a clear error, fast --------------------------------------------------------------


def _only_error(path: Path) -> str:
    result = import_files([path])
    assert result.statements == [] and len(result.failed) == 1
    return result.failed[0].code


def test_binary_garbage(tmp_path: Path) -> None:
    (tmp_path / "garbage.xlsx").write_bytes(os.urandom(4096))
    (tmp_path / "garbage.txt").write_bytes(b"\x00\x01binary" * 100)
    assert _only_error(tmp_path / "garbage.xlsx") == "E701"
    assert _only_error(tmp_path / "garbage.txt") == "E701"


def test_zip_that_is_not_a_workbook(tmp_path: Path) -> None:
    import zipfile

    with zipfile.ZipFile(tmp_path / "fake.xlsx", "w") as zf:
        zf.writestr("hello.txt", "not a workbook")
    assert _only_error(tmp_path / "fake.xlsx") == "E701"


def test_empty_sheet_and_empty_file(tmp_path: Path) -> None:
    openpyxl.Workbook().save(tmp_path / "empty.xlsx")
    (tmp_path / "empty.csv").write_text("", encoding="utf-8")
    assert _only_error(tmp_path / "empty.xlsx") == "E704"
    assert _only_error(tmp_path / "empty.csv") == "E704"


def test_wrong_headers_names_what_was_seen(tmp_path: Path) -> None:
    path = _book(tmp_path / "people.xlsx", [["姓名", "年龄"], ["张三", 30]])
    assert _only_error(path) == "E703"
    assert "姓名" in import_files([path]).failed[0].message()


def test_fifty_megabyte_sheet_is_refused_before_parsing(tmp_path: Path) -> None:
    for name in ("big.xlsx", "big.csv", "big.txt"):
        with open(tmp_path / name, "wb") as fh:
            fh.truncate(50 * 2**20)
        assert _only_error(tmp_path / name) == "E702"


def test_too_many_rows(tmp_path: Path) -> None:
    wb = openpyxl.Workbook()
    wb.active["A1"] = "三级指标"
    wb.active["A30000"] = "x"
    wb.save(tmp_path / "tall.xlsx")
    assert _only_error(tmp_path / "tall.xlsx") == "E705"


def test_unsupported_and_missing_files(tmp_path: Path) -> None:
    (tmp_path / "table.doc").write_bytes(b"x")
    assert _only_error(tmp_path / "table.doc") == "E701"
    assert _only_error(tmp_path / "nope.xlsx") == "E701"


def test_cli_import_exit_codes(tmp_path: Path, capsys: pytest.CaptureFixture[str]) -> None:
    out = tmp_path / "out.ind"
    assert main(["import", str(FIXTURES / "self_eval.csv"), "-o", str(out)]) == 1
    assert out.read_text(encoding="utf-8").count("\n指标 ") == 6
    err = capsys.readouterr().err
    assert "self_eval.csv:2:3: W709" in err
    assert main(["import", str(FIXTURES / "self_eval.csv"), "--format", "json", "--lang", "en"]) == 1
    payload = json.loads(capsys.readouterr().out)
    assert payload["diagnostics"][0]["code"] == "I701" or payload["diagnostics"]
    (tmp_path / "x.doc").write_bytes(b"x")
    assert main(["import", str(tmp_path / "x.doc")]) == 2


def test_clean_table_exits_zero(tmp_path: Path, capsys: pytest.CaptureFixture[str]) -> None:
    path = tmp_path / "ok.csv"
    path.write_text("一级指标,二级指标,三级指标,指标值\n产出指标,数量指标,培训人次,≥100人\n", encoding="utf-8")
    assert main(["import", str(path)]) == 0
    assert "指标 培训人次" in capsys.readouterr().out


def test_text_extract_with_wrapped_row_split_target_bookmark_and_not_applicable() -> None:
    result = import_files([FIXTURES / "wrapped.txt"])
    data = _data(result)
    assert list(data) == ["培训人次", "资金到位率", "验收合格率", "不适用项"]  # the note after the table is not a row
    assert data["培训人次"]["target"] == "≥100人"  # `≧ | 100 | 人`
    assert data["资金到位率"]["formula"] == "资金到位率 = 到位资金 / 预算资金 * 100%"  # continued on the next line
    assert data["资金到位率"]["weight"] == "10"
    assert data["验收合格率"]["formula"] == "合格数 / 验收数 * 100%"  # bookmark artefact dropped from the name
    assert data["不适用项"]["target"] is None and "不适用" in data["不适用项"]["note"]
    (w704,) = [d for d in result.all_diagnostics()]
    assert (w704.code, *w704.location()[1:]) == ("W704", 7, 31)
    assert w704.fix == "验收合格率 = 合格数/验收数*100%"


def test_weights_make_a_scorecard_per_table() -> None:
    result = import_files([FIXTURES / "self_eval.csv"])
    (card,) = [st for st in result.statements if isinstance(st, A.Scorecard)]
    assert [(g.path, g.weight.value) for g in card.groups] == [(("产出指标",), 45), (("效益指标",), 15)]
    assert result.text().index("评分表 self_eval") < result.text().index("指标 年度资金支付完成率")


def test_cell_per_line_extract_with_an_incomplete_last_row() -> None:
    result = import_files([FIXTURES / "short_row.txt"])
    assert [st.name for st in result.statements] == ["培训人次"]
    (e708,) = result.all_diagnostics()
    assert (e708.code, *e708.location()[1:], e708.args["missing"]) == ("E708", 11, 2, 2)


def test_english_messages_carry_no_chinese(tmp_path: Path, capsys: pytest.CaptureFixture[str]) -> None:
    """--lang en: unreadable-file reasons come in one language (no `文件不存在 / no such file`)."""
    (tmp_path / "bin.txt").write_bytes(b"x\x00y")
    (tmp_path / "empty.csv").write_bytes(b"")
    (tmp_path / "bad.xlsx").write_bytes(b"PK\x03\x04junk")
    (tmp_path / "x.doc").write_bytes(b"x")
    for name in ("missing.txt", "bin.txt", "empty.csv", "bad.xlsx", "x.doc"):
        assert main(["import", str(tmp_path / name), "--lang", "en"]) == 2
        err = capsys.readouterr().err
        assert "E70" in err and not re.search(r"[\u4e00-\u9fff（）：，]", err), err
    assert main(["import", str(tmp_path / "missing.txt")]) == 2
    assert "E701 无法导入文件：文件不存在\n" in capsys.readouterr().err
