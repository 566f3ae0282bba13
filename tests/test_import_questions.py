"""Import findings at the cell for what a careful reader would question (W714–W720, E718),
and split target columns (指标性质 | 指标值 | 度量单位)."""

from __future__ import annotations

from pathlib import Path

import pytest

from indicator_dsl import ast as A
from indicator_dsl import loads
from indicator_dsl.importers import import_files
from indicator_dsl.importers.questions import serial_date

HEAD = "一级指标,二级指标,三级指标,指标性质,指标值,度量单位,分值\n"


def imported(tmp_path: Path, *rows: str):  # type: ignore[no-untyped-def]
    path = tmp_path / "t.csv"
    path.write_text(HEAD + "\n".join(rows) + "\n", encoding="utf-8")
    result = import_files([path])
    found = [(d.code, d.location()[1:]) for d in result.diagnostics]
    return result, found


def targets(result) -> dict[str, A.Target | None]:  # type: ignore[no-untyped-def]
    return {st.name: st.target for st in result.statements if isinstance(st, A.Indicator)}


def test_split_columns_join_comparator_value_and_unit(tmp_path: Path) -> None:
    result, found = imported(
        tmp_path, "产出指标,质量指标,验收合格率,≥,95,%,10", "产出指标,成本指标,单位成本,≤,90,万元,10"
    )
    assert found == []
    cat = loads(result.text())
    assert cat["验收合格率"].resolved.target is not None and cat["验收合格率"].resolved.target.text == "≥95"
    assert cat["验收合格率"].evaluate({"验收合格率": "94%"}).met is False
    assert cat["单位成本"].evaluate({"单位成本": "91万元"}).met is False


def test_a_direction_word_in_the_comparator_column_is_not_joined(tmp_path: Path) -> None:
    result, found = imported(tmp_path, "产出指标,质量指标,验收合格率,正向指标,95,%,10")
    assert isinstance(targets(result)["验收合格率"], A.QuantTarget) and found == []


def test_template_placeholders(tmp_path: Path) -> None:
    _, found = imported(tmp_path, "产出指标,数量指标,受益人数(≥**人),≥,**,人,10")
    assert ("W714", (2, 3)) in found and ("W714", (2, 4)) in found


def test_excel_serial_dates_in_target_and_unit_columns(tmp_path: Path) -> None:
    _, found = imported(
        tmp_path, '产出指标,时效指标,完成时间,≤,"45,291",,10', '产出指标,时效指标,开工时间,,2024,"45,291",10'
    )
    assert ("W715", (2, 4)) in found and ("W715", (3, 6)) in found
    assert serial_date("45,291") == "2023-12-31" and serial_date("45291") == "2023-12-31"
    assert serial_date("95") is None and serial_date("2024") is None


def test_a_share_above_100_percent_suggests_the_ocr_reading(tmp_path: Path) -> None:
    result, found = imported(tmp_path, "产出指标,质量指标,验收合格率,,295%,,10")
    (diag,) = [d for d in result.diagnostics if d.code == "W716"]
    assert diag.location()[1:] == (2, 5) and diag.fix == "≥95%"
    _, growth = imported(tmp_path, "效益指标,经济效益指标,产值增长率,≥,120,%,10")
    assert growth == []  # a growth rate may pass 100%


def test_a_less_is_better_rate_with_an_at_least_target(tmp_path: Path) -> None:
    result, found = imported(tmp_path, "产出指标,质量指标,差错率,≥,100,%,10")
    assert ("W717", (2, 4)) in found
    assert next(d for d in result.diagnostics if d.code == "W717").fix == "≤100"
    _, fine = imported(tmp_path, "产出指标,质量指标,差错率,≤,1,%,10")
    assert fine == []


def test_a_lone_comparator_is_an_error_not_a_target(tmp_path: Path) -> None:
    result, found = imported(tmp_path, "产出指标,质量指标,资金到位率,<,,,10")
    assert ("E718", (2, 4)) in found and targets(result)["资金到位率"] is None


def test_unit_column_and_target_cell_of_different_kinds(tmp_path: Path) -> None:
    _, found = imported(tmp_path, "产出指标,成本指标,单位成本,≤,95%,万元,10")
    assert ("W719", (2, 4)) in found


@pytest.mark.parametrize(("cell", "warns"), [("≥98", True), ("100", False), ("≥100", False)])
def test_name_printing_a_target_the_cell_contradicts(tmp_path: Path, cell: str, warns: bool) -> None:
    cmp, value = (cell[0], cell[1:]) if cell[0] == "≥" else ("", cell)
    _, found = imported(tmp_path, f"产出指标,质量指标,资金拨付达标率100%,{cmp},{value},%,10")
    assert (("W720", (2, 3)) in found) is warns


@pytest.mark.parametrize(
    ("direction", "comparator", "value", "fix"),
    [
        ("正向", "≤", "5", "反向"),
        ("逆向", "≥", "95", "正向"),
        ("正向指标", "<", "3", "反向"),
        ("逆向指标", ">", "90", "正向"),
    ],
)
def test_a_direction_against_the_comparator_is_w723_at_the_direction_cell(
    tmp_path: Path, direction: str, comparator: str, value: str, fix: str
) -> None:
    head = "一级指标,二级指标,三级指标,指标方向,指标性质,指标值,度量单位,分值\n"
    path = tmp_path / "d.csv"
    path.write_text(head + f"产出指标,质量指标,达标率,{direction},{comparator},{value},%,10\n", encoding="utf-8")
    result = import_files([path])
    (diag,) = [d for d in result.diagnostics if d.code == "W723"]
    assert diag.location()[1:] == (2, 4) and diag.fix == fix
    assert direction in diag.render("zh") and "^" in diag.render("zh")


def test_a_direction_column_that_agrees_says_nothing(tmp_path: Path) -> None:
    path = tmp_path / "d.csv"
    path.write_text(
        "一级指标,二级指标,三级指标,指标方向,指标值,分值\n产出指标,质量指标,差错率,反向,≤5%,10\n"
        "产出指标,质量指标,达标率,正向,≥95%,10\n产出指标,质量指标,合格率,反向,≥95%,10\n",
        encoding="utf-8",
    )
    result = import_files([path])
    assert [(d.code, d.location()[1:]) for d in result.diagnostics] == [("W723", (4, 4))]
    assert targets(result)["差错率"] is not None


def test_a_direction_word_in_the_nature_column_against_the_target_cell(tmp_path: Path) -> None:
    result, found = imported(tmp_path, "产出指标,质量指标,到位率,逆向指标,≥95%,,10")
    assert found == [("W723", (2, 4))]
    assert loads(result.text())["到位率"].node.direction is A.Direction.NEGATIVE  # kept as printed
