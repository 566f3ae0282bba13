"""Cells read as people print them; headers found by their words; grids from every file kind."""

from __future__ import annotations

from fractions import Fraction
from pathlib import Path

import pytest

from indicator_dsl import ast as A
from indicator_dsl import units as U
from indicator_dsl.audit.cells import ReadingKind, decimals, read_cell, read_number
from indicator_dsl.audit.grid import Grid, read_grids
from indicator_dsl.audit.layout import INDICATOR_ROLES, find_tables, role_of
from indicator_dsl.audit.model import column_letter

GE, GT, LE, LT, EQ = A.Comparator.GE, A.Comparator.GT, A.Comparator.LE, A.Comparator.LT, A.Comparator.EQ


@pytest.mark.parametrize(
    ("text", "cmp", "base"),
    [
        ("≥90%", GE, Fraction(9, 10)),
        ("≧95%", GE, Fraction(95, 100)),
        (">=4754人", GE, Fraction(4754)),
        ("≦5%", LE, Fraction(5, 100)),
        ("<=3次", LE, Fraction(3)),
        ("═100%", EQ, Fraction(1)),
        ("＝100%", EQ, Fraction(1)),
        ("﹦8个", EQ, Fraction(8)),
        ("98%以上", GE, Fraction(98, 100)),
        ("不低于95%", GE, Fraction(95, 100)),
        ("小于5次", LT, Fraction(5)),
        ("≤ 30 万元", LE, Fraction(300_000)),
        ("每亩300", None, Fraction(300)),
        ("1.2万亩", None, Fraction(12_000)),
        ("2.6亿元", None, Fraction(260_000_000)),
        ("≤300元/人*月", LE, Fraction(300)),
        ("≥266米", GE, Fraction(266)),
        ("１００％", None, Fraction(1)),
        ("≥95%（含）", GE, Fraction(95, 100)),
        ("≤5%(含本数)", LE, Fraction(5, 100)),
        ("90%以上（不含90%）", GT, Fraction(9, 10)),
    ],
)
def test_numbers_as_printed(text: str, cmp: A.Comparator | None, base: Fraction) -> None:
    reading = read_cell(text)
    assert reading.kind is ReadingKind.NUMBER
    assert reading.comparator == cmp
    assert reading.base(None) == base


@pytest.mark.parametrize("text", ["有效", "显著", "达成预期指标", "基本达到", "有效提升"])
def test_words_stay_words(text: str) -> None:
    reading = read_cell(text)
    assert (reading.kind, reading.words) == (ReadingKind.WORDS, text)


@pytest.mark.parametrize("text", ["", "  ", "—", "无"])
def test_blanks(text: str) -> None:
    assert read_cell(text).kind is ReadingKind.BLANK


@pytest.mark.parametrize("text", ["约95%", "95%左右（预计）", "=1+1", "≥", ">90%（含）", "≥90%（含95%）"])
def test_unreadable_is_said_not_guessed(text: str) -> None:
    assert read_cell(text).kind is ReadingKind.UNREADABLE


def test_bare_number_takes_the_targets_unit() -> None:
    assert read_cell("96").base(U.PERCENT) == Fraction(96, 100)


def test_plain_numbers_and_their_printed_precision() -> None:
    assert read_number("6,797.78") == Fraction(679778, 100)
    assert read_number("79.63%") == Fraction(7963, 10000)
    assert read_number("≥5") is None and read_number("有效") is None
    assert (decimals("79.63%"), decimals("80"), decimals("9.5")) == (2, 0, 1)


def test_xlsx_cells_read_as_shown(tmp_path: Path) -> None:
    import openpyxl

    book = openpyxl.Workbook()
    sheet = book.active
    sheet.append([0.8, 0.1 + 0.2, 9.68, 10, None, "=SUM(A1:B1)"])
    sheet["A1"].number_format = "0%"
    sheet.merge_cells("A2:B3")
    sheet["A2"] = "合并"
    book.save(tmp_path / "t.xlsx")
    rows = read_grids(tmp_path / "t.xlsx")[0].rows
    assert rows[0] == ("80%", "0.3", "9.68", "10", "", "=SUM(A1:B1)")
    assert rows[1] == rows[2] == ("合并", "合并")


def test_zip_bomb_is_refused(tmp_path: Path, monkeypatch: pytest.MonkeyPatch) -> None:
    import zipfile

    from indicator_dsl.sheets import Limits, SheetError

    path = tmp_path / "bomb.xlsx"
    with zipfile.ZipFile(path, "w", zipfile.ZIP_DEFLATED) as archive:
        archive.writestr("xl/worksheets/sheet1.xml", b"0" * 1001)
    with pytest.raises(SheetError) as refused:  # the real limit is 200 MB; same rule, smaller file
        read_grids(path, Limits(unpacked=1000))
    assert refused.value.code == "E742"


@pytest.mark.parametrize(
    ("text", "role"),
    [
        ("年度指标值", "target"),
        ("实际完成值", "actual"),
        ("分值", "weight"),
        ("权重", "weight"),
        ("偏差原因分析及改进措施", "reason"),
        ("指标性质", "nature"),
        ("度量单位", "unit"),
        ("三级指标", "level3"),
        ("得分", "score"),
        ("绩效指标", None),
        ("年度总体目标", None),
    ],
)
def test_header_roles(text: str, role: str | None) -> None:
    assert role_of(text, INDICATOR_ROLES) == role


def test_column_letters() -> None:
    assert [column_letter(c) for c in (1, 8, 26, 27, 52)] == ["A", "H", "Z", "AA", "AZ"]


def test_a_grid_with_two_indicator_blocks_gives_two_tables() -> None:
    header = ("一级指标", "二级指标", "三级指标", "年度指标值", "实际完成值", "分值", "得分")
    row = ("产出指标", "数量指标", "完成数", "≥5个", "5个", "100", "100")
    grid = Grid("two.csv", (("表一",), header, row, ("总分", "", "", "", "", "100", "100"), ("表二",), header, row))
    tables = find_tables(grid)
    assert [t.name for t in tables] == ["two.csv@R2", "two.csv@R6"]
    assert [t.rows[0].row for t in tables] == [3, 7]


def test_gb18030_text_is_read(tmp_path: Path) -> None:
    path = tmp_path / "gbk.txt"
    path.write_bytes("一级指标\t三级指标\t得分\n".encode("gb18030"))
    assert read_grids(path)[0].rows[0] == ("一级指标", "三级指标", "得分")


ACTUALS = [
    ("≥90%", Fraction(9, 10)),
    ("═100%", Fraction(1)),
    ("﹦8个", Fraction(8)),
    ("98%以上", Fraction(98, 100)),
    ("小于5次", Fraction(5)),
    ("≤ 30 万元", Fraction(300_000)),
    ("每亩300", Fraction(300)),
    ("2.6亿元", Fraction(260_000_000)),
    ("≥266米", Fraction(266)),
    ("１００％", Fraction(1)),
    ("≥95%（含）", Fraction(95, 100)),
    ("88.32%及以上", Fraction(8832, 10000)),
]


@pytest.mark.parametrize(("text", "base"), ACTUALS)
def test_actual_cells_are_read_by_the_one_reader_of_actuals(text: str, base: Fraction) -> None:
    from indicator_dsl.actual_values import read_actual
    from indicator_dsl.audit.cells import normalise, read_actual_cell
    from indicator_dsl.target_cells import read_bound_note

    reading = read_actual_cell(text)
    assert reading.kind is ReadingKind.NUMBER and reading.base(None) == base
    note = read_bound_note(normalise(text))  # `（含）` after an actual: its number is kept
    assert reading.actual == read_actual(note.rest if note else normalise(text), None)  # as scoring reads it


def test_actual_forms_of_the_reader_of_actuals() -> None:
    from indicator_dsl.audit.cells import read_actual_cell

    assert read_actual_cell("达到95%").base(U.PERCENT) == Fraction(95, 100)  # 达到: the number is kept
    assert read_actual_cell("5‰").base(U.PERCENT) == Fraction(5, 1000)  # a compatible unit converts
    assert read_actual_cell("96").base(U.PERCENT) == Fraction(96, 100)  # a bare number: the target's unit
    assert read_actual_cell("12处").unit == "处" and read_actual_cell("12处").value == 12
    assert read_actual_cell("3.9万人").value == Fraction(39, 10)
    for text in ("约95%", "95%左右（预计）", "=1+1", "≥"):
        assert read_actual_cell(text).kind is ReadingKind.UNREADABLE, text
    assert read_actual_cell("基本达到").words == "基本达到"
    assert read_actual_cell("—").kind is ReadingKind.BLANK


def test_an_audit_row_scores_an_actual_only_the_reader_of_actuals_reads() -> None:
    from indicator_dsl.audit.model import CellRef, IndicatorRow
    from indicator_dsl.audit.recompute import Status, recompute_row
    from indicator_dsl.scoring.schemes import load_scheme

    def cell(text: str, column: int) -> CellRef:
        return CellRef(text, 5, column)

    row = IndicatorRow(5, "产出指标", "质量指标", "合格率", cell("≥95%", 4), cell("达到96%", 5), cell("10", 6),
                       cell("10", 7), cell("", 8))  # fmt: skip
    recomputed = recompute_row(row, load_scheme("national-2020"))
    assert recomputed.status == Status.SCORED and recomputed.score == 10 and recomputed.met is True
