"""The one bounded spreadsheet reader (issue 16 items 9, 12; issue 17 items 4, 5, 11, 14): every
hostile or damaged file becomes a coded error at the file or at the cell, never a crash, and the
three callers (actuals, import, audit) read through it."""

from __future__ import annotations

import zipfile
from decimal import Decimal
from pathlib import Path

import pytest

from indicator_dsl.sheets import Limits, SheetError, read_grids

MAIN = "http://schemas.openxmlformats.org/spreadsheetml/2006/main"
R = "http://schemas.openxmlformats.org/officeDocument/2006/relationships"


def workbook(
    path: Path, sheet_data: str, *, strings: list[str] | None = None, tail: str = "", styles: str = ""
) -> Path:
    """A minimal XLSX written by hand, so a test can put exactly the damage it needs in the XML."""
    rels = [f'<Relationship Id="rId1" Type="{R}/worksheet" Target="worksheets/sheet1.xml"/>']
    with zipfile.ZipFile(path, "w", zipfile.ZIP_DEFLATED) as z:
        z.writestr(
            "_rels/.rels",
            f'<Relationships xmlns="http://schemas.openxmlformats.org/package/2006/relationships">'
            f'<Relationship Id="rId1" Type="{R}/officeDocument" Target="xl/workbook.xml"/></Relationships>',
        )
        z.writestr(
            "xl/workbook.xml",
            f'<workbook xmlns="{MAIN}" xmlns:r="{R}">'
            '<sheets><sheet name="表" sheetId="1" r:id="rId1"/></sheets></workbook>',
        )
        if strings is not None:
            rels.append(f'<Relationship Id="rId2" Type="{R}/sharedStrings" Target="sharedStrings.xml"/>')
            items = "".join(f"<si><t>{s}</t></si>" for s in strings)
            z.writestr("xl/sharedStrings.xml", f'<sst xmlns="{MAIN}">{items}</sst>')
        if styles:
            rels.append(f'<Relationship Id="rId3" Type="{R}/styles" Target="styles.xml"/>')
            z.writestr("xl/styles.xml", f'<styleSheet xmlns="{MAIN}">{styles}</styleSheet>')
        z.writestr(
            "xl/_rels/workbook.xml.rels",
            f'<Relationships xmlns="http://schemas.openxmlformats.org/package/2006/relationships">{"".join(rels)}</Relationships>',
        )
        z.writestr(
            "xl/worksheets/sheet1.xml",
            f'<worksheet xmlns="{MAIN}"><sheetData>{sheet_data}</sheetData>{tail}</worksheet>',
        )
    return path


def inline(ref: str, text: str) -> str:
    return f'<c r="{ref}" t="inlineStr"><is><t>{text}</t></is></c>'


def codes(grid) -> list[str]:
    return [p.code for p in grid.problems]


def test_whole_sheet_merge_is_bounded_by_the_used_range(tmp_path: Path) -> None:
    rows = f'<row r="1">{inline("A1", "项目")}{inline("B1", "x")}</row><row r="2">{inline("A2", "y")}</row>'
    path = workbook(tmp_path / "m.xlsx", rows, tail='<mergeCells><mergeCell ref="A1:XFD1048576"/></mergeCells>')
    (grid,) = read_grids(path, fill_merged=True)
    assert grid.rows == (("项目", "项目"), ("项目", "项目"))


def test_numbers_read_as_the_sheet_shows_them(tmp_path: Path) -> None:
    styles = (
        '<numFmts><numFmt numFmtId="164" formatCode="0.0%"/><numFmt numFmtId="165" formatCode="0.00&quot;%&quot;"/>'
        '<numFmt numFmtId="166" formatCode="yyyy&quot;年&quot;m&quot;月&quot;d&quot;日&quot;"/></numFmts>'
        '<cellXfs><xf numFmtId="0"/><xf numFmtId="164"/><xf numFmtId="9"/><xf numFmtId="166"/></cellXfs>'
    )
    cells = (
        '<c r="A1" s="1"><v>0.95099999999999996</v></c><c r="B1" s="2"><v>1</v></c>'
        '<c r="C1"><v>0.30000000000000004</v></c><c r="D1" s="3"><v>44931</v></c>'
        '<c r="E1"><f>SUM(A1:B1)</f><v>7</v></c><c r="F1"><f>SUM(A1:B1)</f></c><c r="G1" t="b"><v>1</v></c>'
    )
    (grid,) = read_grids(workbook(tmp_path / "n.xlsx", f'<row r="1">{cells}</row>', styles=styles))
    assert grid.rows == (("95.1%", "100%", "0.30000000000000004", "2023-01-05", "7", "=SUM(A1:B1)", "TRUE"),)


def test_damaged_cells_are_findings_at_the_cell(tmp_path: Path) -> None:
    cells = (
        '<c r="A1"><v>abc</v></c><c r="B1" t="s"><v>7</v></c><c r="??"><v>1</v></c>'
        f'{inline("D1", "ok")}<c r="E1" t="b"><v>yes</v></c>'
    )
    (grid,) = read_grids(workbook(tmp_path / "d.xlsx", f'<row r="1">{cells}</row>', strings=["only"]))
    assert grid.rows == (("", "", "", "ok"),)
    assert codes(grid) == ["E749", "E749", "E750", "E749"]
    first = grid.problems[0].diagnostic(grid.name)
    assert first.location() == ("d.xlsx!表", 1, 1) and "abc" in first.message("en")


def test_rows_columns_and_cells_are_limited(tmp_path: Path) -> None:
    tall = "".join(f'<row r="{r}">{inline(f"A{r}", "v")}</row>' for r in range(1, 8))
    (grid,) = read_grids(workbook(tmp_path / "t.xlsx", tall), Limits(rows=5))
    assert len(grid.rows) == 5 and codes(grid) == ["E745"]
    wide = '<row r="1">' + "".join(f"<c><v>{i}</v></c>" for i in range(1, 9)) + "</row>"
    (grid,) = read_grids(workbook(tmp_path / "w.xlsx", wide), Limits(columns=3))
    assert grid.rows == (("1", "2", "3"),) and codes(grid) == ["E746"]
    (grid,) = read_grids(workbook(tmp_path / "c.xlsx", wide), Limits(cells=4))
    assert grid.rows == () and codes(grid) == ["E747"]


def test_archive_limits_come_before_parsing(tmp_path: Path) -> None:
    big = workbook(tmp_path / "s.xlsx", "", strings=["x" * 5000])
    with pytest.raises(SheetError) as refused:
        read_grids(big, Limits(shared_strings=1000))
    assert refused.value.code == "E744"
    bomb = tmp_path / "bomb.xlsx"
    with zipfile.ZipFile(bomb, "w", zipfile.ZIP_DEFLATED) as z:
        z.writestr("xl/worksheets/sheet1.xml", b"<" * (3 * 2**20))
    with pytest.raises(SheetError) as refused:
        read_grids(bomb)
    assert refused.value.code == "E743"
    with pytest.raises(SheetError) as refused:
        read_grids(workbook(tmp_path / "x.xlsx", "<row><c>"), Limits(bytes=10))
    assert refused.value.code == "E741"


def test_broken_xml_is_one_coded_error(tmp_path: Path) -> None:
    path = workbook(tmp_path / "b.xlsx", '<row r="1"><c r="A1"><v>1</v></row>')
    with pytest.raises(SheetError) as refused:
        read_grids(path)
    assert refused.value.code == "E740" and "damaged" in refused.value.message("en")


def test_csv_long_field_bare_cr_and_nul_reject_only_their_cell(tmp_path: Path) -> None:
    path = tmp_path / "a.csv"
    path.write_text(f"指标,实际完成值\n长,{'9' * 131_073}\n回车,12\r3\nnul,4\x005\n好,95%\n", encoding="utf-8")
    (grid,) = read_grids(path)
    assert grid.rows == (("指标", "实际完成值"), ("长",), ("回车",), ("nul",), ("好", "95%"))
    assert codes(grid) == ["E748", "E752", "E751"]
    assert [(p.row, p.column) for p in grid.problems] == [(2, 2), (3, 2), (4, 2)]


def test_csv_line_ends_and_quoted_newlines(tmp_path: Path) -> None:
    path = tmp_path / "crlf.csv"
    path.write_bytes(b'a,"x\r\ny"\r\nb,2\r\n')
    assert read_grids(path)[0].rows == (("a", "x\ny"), ("b", "2"))
    mac = tmp_path / "mac.csv"
    mac.write_bytes(b"a,1\rb,2\r")
    assert read_grids(mac)[0].rows == (("a", "1"), ("b", "2"))


def test_actuals_score_the_rows_beside_a_bad_cell(tmp_path: Path) -> None:
    from indicator_dsl import loads
    from indicator_dsl.scoring import score

    cat = loads("指标 满意率\n  目标 ≥90%\n  权重 50\n指标 完成率\n  目标 ≥90%\n  权重 50\n", "c.ind")
    path = tmp_path / "actuals.csv"
    path.write_text("指标,实际完成值\n满意率,9\x005%\n完成率,95%\n", encoding="utf-8")
    report = score(cat, path)
    done = next(r for r in report.rows if r.indicator == "完成率")
    assert done.score == Decimal("50.00")
    assert any(p.code == "E751" and p.row == 2 for p in report.problems)


def test_import_keeps_going_past_a_damaged_cell(tmp_path: Path) -> None:
    from indicator_dsl.importers import import_files

    header = "".join(inline(f"{c}1", t) for c, t in zip("ABC", ("三级指标", "指标值", "分值"), strict=True))
    row2 = inline("A2", "完成率") + inline("B2", "≥90%") + '<c r="C2"><v>ten</v></c>'
    row3 = inline("A3", "满意率") + inline("B3", "≥95%") + '<c r="C3"><v>10</v></c>'
    path = workbook(tmp_path / "d.xlsx", f'<row r="1">{header}</row><row r="2">{row2}</row><row r="3">{row3}</row>')
    result = import_files([path])
    assert not result.failed
    assert [d.code for d in result.diagnostics if d.code.startswith("E74")] == ["E749"]
    assert {getattr(s, "name", None) for s in result.statements} >= {"完成率", "满意率"}


def test_one_bad_file_never_stops_a_directory_audit(tmp_path: Path) -> None:
    from indicator_dsl.audit.engine import audit_paths
    from tests.test_audit_build import national

    national(False).save_csv(tmp_path / "good.csv")
    (tmp_path / "bad.csv").write_bytes(b"\x00" * 400)
    (tmp_path / "cr.csv").write_text("项目,x\r\ny\rz,1\n", encoding="utf-8")
    run = audit_paths([tmp_path])
    assert [t.table for t in run.tables] == ["good.csv"]
    assert [Path(f.table).name for f in run.unreadable if f.code == "E920"] == ["bad.csv"]


def test_a_rejected_cell_is_shown_with_the_one_visible_rule(tmp_path: Path) -> None:
    """A NUL or a bidi override in a rejected cell is rendered as source.visible renders it
    (␀, ⟨U+202E⟩), so a hostile cell cannot reorder or recolour the terminal's excerpt."""
    path = tmp_path / "a.csv"
    path.write_text("指标,实际完成值\n完成率,9\u202e5\x00%\n", encoding="utf-8")
    (grid,) = read_grids(path)
    (found,) = grid.diagnostics()
    shown = found.render("en")
    assert "9⟨U+202E⟩5␀%" in shown
    assert "\x00" not in shown and "\u202e" not in shown
