"""The audit finds every seeded mistake (code, row, indicator) in three layouts, and nothing but
the notes it owes on clean tables; CSV and tab-separated copies read the same as XLSX."""

from __future__ import annotations

import json
from fractions import Fraction
from pathlib import Path

import pytest
from test_audit_build import Sheet, national, province_points, province_split

from indicator_dsl.audit.engine import audit_paths
from indicator_dsl.audit.report import AuditRun

LAYOUTS = [national, province_split, province_points]


def found(run: AuditRun) -> set[tuple[str, int, str]]:
    assert len(run.tables) == 1, [t.table for t in run.tables]
    return {(f.code, f.row, f.indicator) for f in run.tables[0].findings}


def expected(sheet: Sheet) -> set[tuple[str, int, str]]:
    return {(s.code, s.row, s.indicator) for s in sheet.seeds}


@pytest.mark.parametrize("make", LAYOUTS)
@pytest.mark.parametrize("mistakes", [False, True])
def test_finds_exactly_the_seeded_mistakes(make, mistakes: bool, tmp_path: Path) -> None:
    sheet = make(mistakes)
    run = audit_paths([sheet.save(tmp_path / "t.xlsx")])
    assert found(run) == expected(sheet)
    if not mistakes:
        assert {f.severity for f in run.tables[0].findings} <= {"info"}
        published = run.tables[0].published_total
        assert published is not None and Fraction(run.tables[0].recomputed_total) == Fraction(published)


def test_province_scheme_weights(tmp_path: Path) -> None:
    clean = audit_paths([province_split(False).save(tmp_path / "a.xlsx")], scheme="province-40-40-20")
    assert {f.code for f in clean.tables[0].findings} == {"I915"}
    bad = audit_paths([province_split(True).save(tmp_path / "b.xlsx")], scheme="province-40-40-20")
    e927 = [(f.row, f.indicator, f.args["computed"]) for f in bad.tables[0].findings if f.code == "E927"]
    assert e927 == [(12, "效益指标 + 满意度指标", "45")]
    national_table = audit_paths([national(False).save(tmp_path / "c.xlsx")], scheme="province-40-40-20")
    assert [f.indicator for f in national_table.tables[0].findings if f.code == "E927"] == [
        "年度资金总额",
        "产出指标",
        "效益指标 + 满意度指标",
    ]


def test_every_kind_of_mistake_is_seeded_somewhere() -> None:
    codes = {s.code for make in LAYOUTS for s in make(True).seeds}
    wanted = {
        "E901",
        "E902",
        "E903",
        "E904",
        "E905",
        "E906",
        "E907",
        "W908",
        "W909",
        "E910",
        "I911",
        "W912",
        "W913",
        "W914",
        "I915",
        "I916",
        "I917",
        "E919",
        "W922",
        "W924",
    }
    assert wanted <= codes


@pytest.mark.parametrize("make", LAYOUTS)
def test_csv_copy_without_merges_reads_like_the_workbook(make, tmp_path: Path) -> None:
    sheet = make(True)
    xlsx = found(audit_paths([sheet.save(tmp_path / "t.xlsx")]))
    # CSV keeps only the top-left value of each merged range, as an export does
    blank = Sheet([list(r) for r in sheet.rows], [], sheet.seeds)
    csv_found = found(audit_paths([blank.save_csv(tmp_path / "t.csv")]))
    assert csv_found == xlsx


def test_tab_separated_extract(tmp_path: Path) -> None:
    sheet = national(True)
    text = "\n".join("\t".join("" if c is None else str(c) for c in r) for r in sheet.rows)
    path = tmp_path / "t.txt"
    path.write_text(text, encoding="utf-8")
    assert found(audit_paths([path])) == expected(sheet)


def test_findings_name_table_row_cell_and_indicator(tmp_path: Path) -> None:
    run = audit_paths([national(True).save(tmp_path / "t.xlsx")])
    e907 = next(f for f in run.tables[0].findings if f.code == "E907")
    assert (e907.table, e907.cell, e907.indicator, e907.text) == ("t.xlsx!自评表", "H14", "培训合格率", "10")
    assert "9.47" in e907.message.zh and "9.47" in e907.message.en
    row = next(r for r in run.tables[0].rows if r.row == 14)
    assert (row.published, row.scheme_score, row.delta) == ("10", "9.47", "0.53")
    assert row.formula.zh == "正向未达标: 90.00% / 95% × 10 = 9.47"


@pytest.mark.parametrize(
    ("row", "column", "value", "code"),
    [
        (13, 5, "5次", "W918"),  # 培训人数 ≥500人, actual in 次
        (15, 8, "按要求完成", "I925"),  # met, deducted, with a reason (column I)
        (16, 7, "五", "W923"),  # score not a number
        (13, 7, None, "I916"),  # blank score
    ],
)
def test_row_level_notes(row: int, column: int, value: object, code: str, tmp_path: Path) -> None:
    sheet = national(False)
    if code == "I925":
        sheet.rows[row - 1][7] = 8
    sheet.rows[row - 1][column] = value
    run = audit_paths([sheet.save(tmp_path / "t.xlsx")])
    assert (code, row) in {(f.code, f.row) for f in run.tables[0].findings}


def test_missing_total_row_is_a_note(tmp_path: Path) -> None:
    sheet = national(False)
    sheet.rows.pop()
    sheet.merges.pop()
    assert "I926" in {f.code for f in audit_paths([sheet.save(tmp_path / "t.xlsx")]).tables[0].findings}


def test_tolerance_decides_partial_score_findings(tmp_path: Path) -> None:
    path = national(True).save(tmp_path / "t.xlsx")
    loose = audit_paths([path], tolerance=Fraction(4))
    assert "W909" not in {f.code for f in loose.tables[0].findings}


def test_zero_actual_on_a_ceiling_is_met_without_division(tmp_path: Path) -> None:
    run = audit_paths([national(True).save(tmp_path / "t.xlsx")])
    row = next(r for r in run.tables[0].rows if r.indicator == "安全事故次数")
    assert (row.met, row.scheme_score, row.status) == (True, "5.00", "scored")


def test_unjudged_rows_are_listed_not_guessed(tmp_path: Path) -> None:
    run = audit_paths([national(True).save(tmp_path / "t.xlsx")])
    table = run.tables[0]
    assert table.not_judged == [18, 23]
    qualitative = next(r for r in table.rows if r.status == "qualitative")
    assert qualitative.scheme_score is None and qualitative.tier == "达成"


def test_unreadable_and_headerless_files(tmp_path: Path) -> None:
    broken = tmp_path / "broken.xlsx"
    broken.write_bytes(b"not a zip")
    plain = tmp_path / "plain.csv"
    plain.write_text("a,b\n1,2\n", encoding="utf-8")
    run = audit_paths([broken, plain])
    assert [f.code for f in run.unreadable] == ["E920", "E921"]
    assert run.tables == []


def test_json_output_validates_against_published_schema(tmp_path: Path) -> None:
    jsonschema = pytest.importorskip("jsonschema")
    from indicator_dsl.audit.report import json_schema

    run = audit_paths([national(True).save(tmp_path / "t.xlsx")])
    jsonschema.validate(json.loads(run.model_dump_json()), json_schema())


def test_budget_execution_weighted_twice(tmp_path: Path) -> None:
    sheet = national(False)
    sheet.rows[22][3] = "预算执行率"  # 学员满意度 row renamed: the rate now counts twice
    run = audit_paths([sheet.save(tmp_path / "t.xlsx")])
    assert ("E928", 23, "预算执行率") in found(run)


def test_hostile_long_cell_is_unreadable_not_parsed(tmp_path: Path) -> None:
    sheet = national(False)
    sheet.rows[12][5] = "9" * 100_000
    run = audit_paths([sheet.save(tmp_path / "t.xlsx")])
    assert ("W914", 13, "培训人数") in found(run)


def test_weights_printed_as_percent_of_the_total(tmp_path: Path) -> None:
    sheet = province_split(False)
    for row in sheet.rows[2:]:
        if len(row) > 7 and isinstance(row[7], int):
            row[7] = f"{row[7]}%"  # 权重 15% of 100 points
        elif len(row) > 4 and row[0] == "年度资金总额":
            row[4] = "20%"
    assert found(audit_paths([sheet.save(tmp_path / "t.xlsx")])) == expected(sheet)
