"""Scoring rules, hand-computed: one case per rule of national-2020 and its variants."""

from __future__ import annotations

from decimal import Decimal
from fractions import Fraction

import pytest

from indicator_dsl import loads
from indicator_dsl.scoring import (
    Measured,
    Options,
    ScoreInputError,
    ScoringError,
    example_paths,
    largest_remainder,
    load_scheme,
    score,
    score_indicator,
)
from indicator_dsl.scoring.schemes import SchemeError, build_scheme

CARD = """
指标 完成率
  类别 产出指标 / 数量指标
  公式 完成率 = 完成数 / 计划数 * 100%
  目标 ≥100%
  权重 40
指标 错案率
  类别 效益指标 / 社会效益指标
  公式 错案率 = 错案数 / 案件数 * 100%
  目标 ≤1%
  权重 20
指标 满意率
  类别 满意度指标 / 服务对象满意度指标
  目标 ≥90%
  权重 20
指标 通畅
  类别 产出指标 / 质量指标
  类型 定性
  目标 达成预期指标
  权重 10
评分表 测试 "测试表"
  预算执行 执行数 / 预算数 权重 10
"""


@pytest.fixture(scope="module")
def cat():
    return loads(CARD, "card.ind")


def row(report, name):
    return next(r for r in report.rows if r.indicator == name)


ALL_MET = [
    {"指标": "完成率", "实际完成值": "100%"},
    {"指标": "错案率", "实际完成值": "0.5%"},
    {"指标": "满意率", "实际完成值": "95%"},
    {"指标": "通畅", "等级": "达成"},
    {"指标": "执行数", "实际完成值": "100"},
    {"指标": "预算数", "实际完成值": "100"},
]


def with_rows(**changes):
    rows = [dict(r) for r in ALL_MET]
    for r in rows:
        r.update(changes.get(r["指标"], {}))
    return rows


def test_all_met_is_full_marks(cat):
    report = score(cat, ALL_MET)
    assert report.total == Decimal("100.00") and report.grade == "优"
    assert all(r.score == r.weight for r in report.rows)
    assert row(report, "完成率").explanation.zh == "达标: 100.00% ≥ 100%，得满分 40"


def test_positive_unmet_is_actual_over_target(cat):
    r = row(score(cat, with_rows(完成率={"实际完成值": "95.1%"})), "完成率")
    assert r.score == Decimal("38.04")  # 0.951 × 40
    assert r.explanation.zh == "正向未达标: 95.10% / 100% × 40 = 38.04"
    assert r.explanation.en == "positive, target missed: 95.10% / 100% × 40 = 38.04"


def test_negative_unmet_is_target_over_actual(cat):
    r = row(score(cat, with_rows(错案率={"实际完成值": "1.25%"})), "错案率")
    assert r.score == Decimal("16.00")  # 1 / 1.25 × 20
    assert r.explanation.zh == "反向未达标: 1% / 1.25% × 20 = 16.00"


def test_reverse_linear_falls_to_zero_at_twice_the_target(cat):
    report = score(cat, with_rows(错案率={"实际完成值": "1.5%"}), scheme="reverse-linear")
    assert row(report, "错案率").score == Decimal("10.00")  # (2 − 1.5) / 1 × 20
    report = score(cat, with_rows(错案率={"实际完成值": "2.5%"}), scheme="reverse-linear")
    assert row(report, "错案率").score == Decimal("0.00")


def test_rounding_is_half_up(cat):
    # 0.998125 × 40 = 39.925 exactly: 四舍五入 gives 39.93 (banker's rounding would give 39.92)
    r = row(score(cat, with_rows(完成率={"实际完成值": "99.8125%"})), "完成率")
    assert Fraction(r.score_exact) == Fraction("39.925") and r.score == Decimal("39.93")


def test_cap_at_weight_for_budget_above_100_percent(cat):
    r = row(score(cat, with_rows(执行数={"实际完成值": "105"})), "预算执行率")
    assert r.score == Decimal("10.00")
    assert "封顶 10" in r.explanation.zh and "capped at 10" in r.explanation.en
    assert r.actual == "105.00%"


def test_budget_execution_below_100_percent(cat):
    r = row(score(cat, with_rows(执行数={"实际完成值": "80"})), "预算执行率")
    assert r.score == Decimal("8.00")


def test_over_130_percent_warns_but_scores_full(cat):
    report = score(cat, with_rows(满意率={"实际完成值": "120%"}))
    r = row(report, "满意率")
    assert r.score == Decimal("20.00") and r.warnings == ["W601"]
    problem = next(p for p in report.problems if p.code == "W601")
    assert (problem.row, problem.column) == (4, 2)
    assert "133.33%" in problem.message.zh


def test_a_missed_negative_target_is_a_deduction_not_an_over_target_warning(cat):
    r = row(score(cat, with_rows(错案率={"实际完成值": "1.5%"})), "错案率")
    assert r.warnings == [] and r.score == Decimal("13.33")


def test_over_130_percent_with_a_deviation_reason_does_not_warn(cat):
    report = score(cat, with_rows(满意率={"实际完成值": "120%", "偏差原因": "新增服务窗口"}))
    assert row(report, "满意率").warnings == [] and report.problems == []
    assert row(report, "满意率").deviation_reason == "新增服务窗口"


@pytest.mark.parametrize(
    ("tier", "expected"),
    [("达成", "10.00"), ("部分达成", "7.00"), ("未达成且效果较差", "3.00"), ("achieved", "10.00")],
)
def test_qualitative_tiers_default(cat, tier, expected):
    r = row(score(cat, with_rows(通畅={"等级": tier})), "通畅")
    assert r.score == Decimal(expected)


@pytest.mark.parametrize(("share", "expected"), [("85%", "8.50"), ("62%", "6.20"), ("10%", "1.00")])
def test_qualitative_exact_share_picks_its_tier(cat, share, expected):
    r = row(score(cat, with_rows(通畅={"等级": "", "实际完成值": share})), "通畅")
    assert r.score == Decimal(expected)


def test_qualitative_share_outside_tier_is_reported(cat):
    report = score(cat, with_rows(通畅={"等级": "部分达成", "实际完成值": "90%"}))
    assert row(report, "通畅").rule == "not-scored"
    assert [p.code for p in report.problems] == ["E610"]


def test_not_applicable_rescales_the_rest_to_100(cat):
    report = score(cat, with_rows(满意率={"实际完成值": "/"}))
    r = row(report, "满意率")
    assert r.not_applicable and r.score is None and r.weight == 0
    assert row(report, "完成率").weight == Decimal("50.00")  # 40 × 100 / 80
    assert sum(x.weight for x in report.rows) == Decimal(100)
    assert report.total == Decimal("100.00")


def test_manual_override_kept_with_reason(cat):
    report = score(cat, with_rows(完成率={"得分": "30", "理由": "抽查发现统计口径有误"}))
    r = row(report, "完成率")
    assert r.score == Decimal("30.00") and r.computed_score == Decimal("40.00") and r.rule == "override"
    assert "抽查发现统计口径有误" in r.explanation.zh
    assert report.total == Decimal("90.00")


def test_manual_override_without_reason_is_not_applied(cat):
    report = score(cat, with_rows(完成率={"得分": "30"}))
    assert row(report, "完成率").score == Decimal("40.00")
    assert [(p.code, p.row, p.column) for p in report.problems] == [("E607", 2, 3)]


def test_weights_not_summing_warns():
    text = CARD.replace("权重 40", "权重 50")
    report = score(loads(text, "w.ind"), ALL_MET)
    warning = next(p for p in report.problems if p.code == "W602")
    assert "110" in warning.message.zh and warning.file == "w.ind"
    assert warning.row == text.splitlines().index('评分表 测试 "测试表"') + 1
    assert report.full_total == Decimal("110.00") and report.total == Decimal("110.00")


ONE = "指标 完成率\n  类别 产出指标 / 数量指标\n  目标 ≥90%\n  权重 10\n"


def test_weights_not_summing_without_a_scorecard_point_at_the_first_weight():
    report = score(loads(ONE, "good.ind"), [{"指标": "完成率", "实际完成值": "95%"}])
    warning = next(p for p in report.problems if p.code == "W602")
    assert (warning.file, warning.row, warning.column) == ("good.ind", 4, 6)
    assert report.full_total == Decimal("10.00") and report.total == Decimal("10.00")


def test_every_row_not_applicable_is_an_error(cat):
    rows = [{"指标": r["指标"], "不适用": "是"} for r in ALL_MET] + [{"指标": "预算执行率", "不适用": "是"}]
    report = score(cat, [r for r in rows if r["指标"] not in ("执行数", "预算数")])
    assert report.grade is None and [p.code for p in report.problems] == ["E617"]
    assert "不适用" in report.problems[0].message.zh and report.problems[0].file == "card.ind"


def test_no_weighted_indicator_is_an_error():
    report = score(loads(ONE.replace("  权重 10\n", ""), "x.ind"), [{"指标": "完成率", "实际完成值": "95%"}])
    assert report.grade is None and [p.code for p in report.problems] == ["E617"]
    assert "权重" in report.problems[0].message.zh


def test_empty_file_cannot_be_scored(tmp_path):
    with pytest.raises(ScoringError) as info:
        score(loads("", "empty.ind"), [])
    assert info.value.diagnostics[0].code == "E618"
    from indicator_dsl.cli import main

    (tmp_path / "e.ind").write_text("# nothing\n", "utf-8")
    (tmp_path / "a.csv").write_text("指标,实际完成值\n", "utf-8")
    assert main(["score", str(tmp_path / "e.ind"), str(tmp_path / "a.csv")]) == 2


@pytest.mark.parametrize("value", ["1OO%", "1e2", "0x10", "95.1%%", "9 5%", "1.", "95.1%x"])
def test_nonsense_actuals_are_not_numbers(cat, value):
    report = score(cat, with_rows(满意率={"实际完成值": value}))
    assert row(report, "满意率").rule == "not-scored" and "满意率" in report.left_out
    assert [(p.code, p.row, p.column) for p in report.problems] == [("E603", 4, 2)]


@pytest.mark.parametrize("value", ["88.60万元", "95个"])
def test_actual_in_an_incompatible_unit_is_an_error(cat, value):
    report = score(cat, with_rows(满意率={"实际完成值": value}))
    assert row(report, "满意率").rule == "not-scored"
    problem = report.problems[0]
    assert (problem.code, problem.row, problem.column) == ("E616", 4, 2) and len(report.problems) == 1
    assert "%" in problem.message.zh and value in problem.message.zh


def test_same_unit_never_warns_and_a_converted_unit_says_so(cat):
    for value in ("95%", "95 ％", "95"):
        report = score(cat, with_rows(满意率={"实际完成值": value}))
        assert row(report, "满意率").score == Decimal("20.00") and report.problems == []
    report = score(cat, with_rows(满意率={"实际完成值": "950‰"}))
    assert row(report, "满意率").warnings == ["W603"] and row(report, "满意率").actual == "95.00%"
    assert "950‰" in report.problems[0].message.zh and "95.00%" in report.problems[0].message.zh


def test_bad_rows_reported_and_rest_scored(cat):
    rows = [*with_rows(), {"指标": "完成律", "实际完成值": "1"}, {"指标": "完成率", "实际完成值": "2"}]
    rows[0] = {"指标": "完成率", "实际完成值": "abc"}
    report = score(cat, rows)
    codes = [(p.code, p.row, p.column) for p in report.problems]
    assert ("E602", 8, 1) in codes and ("E605", 9, 1) in codes and ("E603", 2, 2) in codes
    assert "完成率" in report.left_out
    assert row(report, "错案率").score == Decimal("20.00")
    assert "是否应为“完成率”" in next(p for p in report.problems if p.code == "E602").message.zh


def test_missing_actual_is_left_out(cat):
    report = score(cat, [r for r in ALL_MET if r["指标"] != "满意率"])
    assert report.left_out == ["满意率"] and report.total == Decimal("80.00")
    assert any(p.code == "E604" for p in report.problems)


def test_raw_inputs_compute_the_indicator(cat):
    rows = [r for r in ALL_MET if r["指标"] != "完成率"] + [
        {"指标": "完成数", "实际完成值": "19"},
        {"指标": "计划数", "实际完成值": "20"},
    ]
    assert row(score(cat, rows), "完成率").score == Decimal("38.00")


def test_wide_inputs_without_indicator_column(cat):
    report = score(
        cat, [{"完成数": 20, "计划数": 20, "错案数": 0, "案件数": 10, "满意率": "95%", "执行数": 9, "预算数": 10}]
    )
    assert row(report, "完成率").score == Decimal("40.00")
    assert row(report, "预算执行率").score == Decimal("9.00")


def test_province_scheme_group_weights(cat):
    report = score(cat, ALL_MET, scheme="province-40-40-20")
    weights = {r.indicator: r.weight for r in report.rows}
    assert weights["完成率"] + weights["通畅"] == Decimal(40)
    assert weights["错案率"] + weights["满意率"] == Decimal(40)
    assert weights["预算执行率"] == Decimal(20)
    assert report.total == Decimal("100.00")


def test_score_indicator_alone(cat):
    r = score_indicator(cat["完成率"], "95.1%", 10)
    assert r.score == Decimal("9.51") and r.explanation.zh == "正向未达标: 95.10% / 100% × 10 = 9.51"
    assert score_indicator(cat["完成率"], Measured(Fraction(1)), 10).score == Decimal("10.00")
    assert score_indicator(cat["通畅"], "部分达成", 10, options=Options(places=1)).score == Decimal("7.0")
    with pytest.raises(ScoreInputError):
        score_indicator(cat["通畅"], "很好", 10)


def test_places_configurable(cat):
    report = score(cat, with_rows(完成率={"实际完成值": "95.15%"}), places=1)
    assert row(report, "完成率").score == Decimal("38.1")  # 38.06 → 38.1


def test_largest_remainder_keeps_the_total():
    weights = {"a": Fraction(100, 3), "b": Fraction(100, 3), "c": Fraction(100, 3)}
    rounded = largest_remainder(weights, 2)
    assert sum(rounded.values()) == 100 and sorted(rounded.values()) == [Fraction(3333, 100)] * 2 + [
        Fraction(3334, 100)
    ]


def test_schemes_load_and_reject_bad_data():
    assert load_scheme("national-2020").tiers[0].name == "达成"
    with pytest.raises(SchemeError):
        load_scheme("no-such-scheme")
    with pytest.raises(SchemeError):
        build_scheme({"name": "x", "quantitative": {"positive": "nope"}})


def test_user_scheme_file(tmp_path, cat):
    path = tmp_path / "strict.toml"
    path.write_text('name = "strict"\nextends = "national-2020"\n[quantitative]\npositive = "zero"\n', "utf-8")
    r = row(score(cat, with_rows(完成率={"实际完成值": "99%"}), scheme=str(path)), "完成率")
    assert r.score == Decimal("0.00")


def test_errors_in_the_file_stop_scoring():
    with pytest.raises(ScoringError):
        score(loads("指标 a\n  公式 a = b / \n", "bad.ind"), [])


def test_bundled_example():
    report = score(*example_paths())
    assert report.total == Decimal("93.59") and report.grade == "优"
    rules = {r.rule for r in report.rows}
    assert {"met", "unmet", "qualitative", "not-applicable", "override", "budget"} <= rules
    assert report.problems == []  # 收结案比 is over 130% of its target, but its 偏差原因 is given


def test_xlsx_and_json_actuals_give_the_same_scores(cat, tmp_path):
    import json

    from openpyxl import Workbook

    rows = with_rows(完成率={"实际完成值": "95.1%"})
    headers = ["指标", "实际完成值", "等级"]
    wb = Workbook()
    wb.active.append(headers)
    for r in rows:
        wb.active.append([r.get(h) for h in headers])
    wb.save(tmp_path / "a.xlsx")
    (tmp_path / "a.json").write_text(json.dumps(rows, ensure_ascii=False), "utf-8")
    from_list = score(cat, rows)
    for path in (tmp_path / "a.xlsx", tmp_path / "a.json"):
        report = score(cat, path)
        assert [(r.indicator, r.score) for r in report.rows] == [(r.indicator, r.score) for r in from_list.rows]
    assert score(cat, tmp_path / "a.xlsx").actuals_file.endswith("a.xlsx!Sheet")


def test_xlsx_percent_formatted_cells_are_ratios(cat, tmp_path):
    from openpyxl import Workbook

    wb = Workbook()
    wb.active.append(["指标", "实际完成值", "等级"])
    for r in with_rows():
        wb.active.append([r["指标"], r.get("实际完成值"), r.get("等级")])
    wb.active["B2"] = 0.951  # Excel shows 95.10%
    wb.active["B2"].number_format = "0.00%"
    wb.active["B4"] = 0.95
    wb.active["B4"].number_format = "0%;[Red]-0%"
    wb.active["B6"] = 100  # a plain number stays a number (an input, not a ratio)
    wb.active["B6"].number_format = '0"%"'  # a literal % sign does not scale
    wb.save(tmp_path / "p.xlsx")
    report = score(cat, tmp_path / "p.xlsx")
    assert row(report, "完成率").actual == "95.10%" and row(report, "完成率").score == Decimal("38.04")
    assert row(report, "满意率").score == Decimal("20.00")
    assert row(report, "预算执行率").score == Decimal("10.00") and report.problems == []


def test_bad_xlsx_cell_located_by_row_and_column(cat, tmp_path):
    from openpyxl import Workbook

    wb = Workbook()
    wb.active.append(["说明", "指标", "实际完成值"])
    wb.active.append(["x", "完成率", "九十"])
    wb.save(tmp_path / "b.xlsx")
    report = score(cat, tmp_path / "b.xlsx")
    found = {(p.code, p.row, p.column) for p in report.problems}
    assert ("E603", 2, 3) in found and ("W605", 1, 1) in found


def test_unreadable_actuals_raise_e601(cat, tmp_path):
    (tmp_path / "a.txt").write_text("x", "utf-8")
    with pytest.raises(ScoringError) as info:
        score(cat, tmp_path / "a.txt")
    assert info.value.diagnostics[0].code == "E601"


def test_missing_qualitative_row_is_reported(cat):
    report = score(cat, [r for r in ALL_MET if r["指标"] != "通畅"])
    assert report.left_out == ["通畅"]
    assert [(p.code, p.file) for p in report.problems] == [("E604", "card.ind")]


def test_group_weight_mismatch_warns():
    text = CARD.replace('评分表 测试 "测试表"\n', '评分表 测试 "测试表"\n  分组 产出指标 权重 60\n')
    report = score(loads(text, "g.ind"), ALL_MET)
    warning = next(p for p in report.problems if p.code == "W604")
    assert (warning.file, warning.row) == ("g.ind", text.splitlines().index("  分组 产出指标 权重 60") + 1)
    assert "50" in warning.message.zh and "60" in warning.message.zh


def test_equal_direction_deviation_rule():
    cat = loads("指标 x\n  类别 产出指标 / 数量指标\n  目标 =8个\n  权重 10\n")
    assert score_indicator(cat["x"], "8个", 10).score == Decimal("10.00")
    r = score_indicator(cat["x"], "6", 10)
    assert r.score == Decimal("7.50") and r.explanation.zh == "等于未达标: (1 − |6个 − 8个| / 8个) × 10 = 7.50"


def test_formula_inputs_that_fail_are_located(cat):
    rows = [r for r in ALL_MET if r["指标"] != "完成率"] + [
        {"指标": "完成数", "实际完成值": "5"},
        {"指标": "计划数", "实际完成值": "0"},
    ]
    report = score(cat, rows)
    problem = next(p for p in report.problems if p.code == "E612")
    assert (problem.row, problem.column) == (8, 2) and "除数为零" in problem.message.zh  # the 0 is on row 8
    assert "division by zero" in problem.message.en
    assert row(report, "完成率").rule == "not-scored"


def test_budget_inputs_missing_is_reported(cat):
    report = score(cat, [r for r in ALL_MET if r["指标"] != "预算数"])
    assert any(p.code == "E613" for p in report.problems)
    assert "预算执行率" in report.left_out


def test_budget_rate_given_directly(cat):
    rows = [r for r in ALL_MET if r["指标"] not in ("执行数", "预算数")] + [
        {"指标": "预算执行率", "实际完成值": "87.5%"}
    ]
    assert row(score(cat, rows), "预算执行率").score == Decimal("8.75")


def test_import_stays_light_until_score_is_used():
    import subprocess
    import sys

    code = (
        "import sys, indicator_dsl\n"
        "assert 'indicator_dsl.scoring' not in sys.modules and 'pydantic' not in sys.modules\n"
        "from indicator_dsl import score, ScoreReport\n"
        "assert 'indicator_dsl.scoring' in sys.modules and score.__module__ == 'indicator_dsl.scoring.engine'\n"
        "assert not {'openpyxl', 'rich', 'numpy', 'sympy'} & set(sys.modules)\n"
    )
    subprocess.run([sys.executable, "-c", code], check=True)


def _e608(cat, scheme):
    with pytest.raises(ScoringError) as info:
        score(cat, ALL_MET, scheme=scheme)
    diag = info.value.diagnostics[0]
    assert diag.code == "E608"
    return diag


def test_scheme_errors_name_the_file_and_line(cat, tmp_path):
    (tmp_path / "s.toml").write_text('name = "s"\n\nextends = "nope"\n', "utf-8")
    diag = _e608(cat, str(tmp_path / "s.toml"))
    assert diag.location()[1:] == (3, 1) and diag.location()[0].endswith("s.toml")
    assert "“nope”" in diag.message("zh") and "'nope': no such scheme" in diag.message("en")
    assert "没有" not in diag.message("en")
    (tmp_path / "bad.toml").write_text('name = "b"\nplaces = = 2\n', "utf-8")
    diag = _e608(cat, str(tmp_path / "bad.toml"))
    assert diag.location()[1:] == (2, 10) and "TOML" in diag.message("en")
    (tmp_path / "r.toml").write_text('name = "r"\n[quantitative]\n  positive = "nope"\n', "utf-8")
    assert _e608(cat, str(tmp_path / "r.toml")).location()[1:] == (3, 3)
    diag = _e608(cat, str(tmp_path / "missing.toml"))
    assert diag.location()[0].endswith("missing.toml") and diag.message("en").endswith("no such file")


def test_unknown_scheme_named_in_the_scorecard_points_at_its_line():
    text = CARD.replace('评分表 测试 "测试表"\n', '评分表 测试 "测试表"\n  方案 nosuch\n')
    diag = _e608(loads(text, "c.ind"), None)
    assert diag.location() == ("c.ind", text.splitlines().index("  方案 nosuch") + 1, 3)
    assert "national-2020" in diag.message("zh")


def test_example_agrees_with_the_seed_catalog_on_categories():
    from indicator_dsl import load
    from tests.conftest import ROOT

    example = load(ROOT / "examples/department_2022.ind")
    catalog = load(ROOT / "catalog/seeds/000_department.ind")
    names = {i.name for i in catalog}
    shared = [i for i in example if i.name in names]
    assert len(shared) >= 10
    assert {i.name: i.node.category for i in shared} == {i.name: catalog[i.name].node.category for i in shared}


def test_gbk_actuals_csv_is_read(cat, tmp_path):
    rows = [f"{r['指标']},{r.get('实际完成值', '')},{r.get('等级', '')}," for r in ALL_MET]
    lines = ["指标,实际完成值,等级,偏差原因", *rows]
    path = tmp_path / "gbk.csv"
    path.write_bytes("\n".join(lines).encode("gbk"))
    assert score(cat, path).total == Decimal("100.00")


@pytest.mark.parametrize(
    ("name", "content", "zh", "en"),
    [
        ("none.csv", None, "文件不存在", "no such file"),
        ("b.json", b"[{", "JSON 格式错误（第 1 行", "bad JSON (line 1"),
        ("x.xlsx", b"hi", "文件已损坏", "damaged"),
        ("bin.csv", b"\x00\x01", "不是文本文件", "not a text file"),
    ],
)
def test_unreadable_actuals_name_the_file_in_one_language(cat, tmp_path, name, content, zh, en):
    if content is not None:
        (tmp_path / name).write_bytes(content)
    with pytest.raises(ScoringError) as info:
        score(cat, tmp_path / name)
    diag = info.value.diagnostics[0]
    assert diag.code == "E601" and diag.location()[0].endswith(name)
    assert zh in diag.message("zh") and en in diag.message("en") and "无法" not in diag.message("en")


@pytest.mark.parametrize(("value", "code"), [("8O%", "E603"), ("88万元", "E616")])
def test_bad_budget_rate_given_directly_is_located(cat, value, code):
    rows = [r for r in ALL_MET if r["指标"] not in ("执行数", "预算数")] + [{"指标": "预算执行率", "实际完成值": value}]
    report = score(cat, rows)
    assert [(p.code, p.row, p.column) for p in report.problems] == [(code, 6, 2)]
    assert row(report, "预算执行率").rule == "not-scored"


def test_subtotal_counts_a_row_once_when_it_has_no_second_level() -> None:
    """A row without 类别 has 一级 and 二级 both empty: its subtotal is its own weight, not twice it."""
    from indicator_dsl import loads, score

    cat = loads("指标 完成率\n  公式 完成率 = a / b * 100%\n  目标 ≥90%\n  权重 10\n")
    report = score(cat, [{"指标": "完成率", "实际完成值": "95%"}])
    assert [(s.level1, s.level2, str(s.weight), str(s.score)) for s in report.subtotals] == [("", "", "10.00", "10.00")]
