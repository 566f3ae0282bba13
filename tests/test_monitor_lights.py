"""Monitoring lights at every threshold of the schemes, forecasts, budget execution, the
偏差原因 rules, schemes as data, and bad progress files (coded problems, the rest judged)."""

from __future__ import annotations

from fractions import Fraction
from pathlib import Path

import pytest
from hypothesis import given, settings
from hypothesis import strategies as st

from indicator_dsl import loads
from indicator_dsl.monitor import MonitorError, load_monitor_scheme, monitor, shipped_monitor_schemes
from indicator_dsl.monitor.models import MonitorReport, MonitorRow
from indicator_dsl.scheme_files import SchemeError

CARD = """
指标 新建工程
  类别 产出指标 / 数量指标
  目标 ≥12处
  单位 处

指标 受益人口
  类别 效益指标 / 社会效益指标
  目标 ≥1200人
  单位 人

指标 漏损率
  类别 效益指标 / 社会效益指标
  目标 ≤12%

指标 合格率
  类别 产出指标 / 质量指标
  目标 ≥95%

指标 单位造价
  类别 产出指标 / 成本指标
  目标 ≤150万元
  单位 万元

指标 管护机制
  类别 效益指标 / 可持续影响指标
  类型 定性
  目标 建立健全
"""


REASON = {"偏差原因类别": "其他", "偏差原因": "说明"}


def run(rows: list[dict[str, object]], month: int = 6, scheme: str = "shanxi", card: str = CARD) -> MonitorReport:
    return monitor(loads(card, "card.ind"), rows, month=month, scheme=scheme)


def row(report: MonitorReport, name: str) -> MonitorRow:
    return next(r for r in report.rows if r.indicator == name)


def codes(report: MonitorReport) -> list[str]:
    return [p.code for p in report.problems]


# ---- 序时进度 thresholds: exactly 60%, 80%, 120% of 标准值 --------------------------------------
@pytest.mark.parametrize(
    ("actual", "light"),
    [
        ("3.59", "red"),  # 3.59 / 6 < 60%
        ("3.6", "yellow"),  # exactly 60% of 标准值 6
        ("4.79", "yellow"),
        ("4.8", "green"),  # exactly 80%
        ("7.19", "green"),
        ("7.2", "blue"),  # exactly 120%
        ("30", "blue"),
        ("0", "red"),
    ],
)
def test_schedule_thresholds_at_month_6(actual: str, light: str) -> None:
    r = row(run([{"指标": "新建工程", "当前完成值": actual, "偏差原因类别": "其他", "偏差原因": "说明"}]), "新建工程")
    assert r.light == light
    assert r.standard == "6"  # a whole count, as the reports print it
    assert Fraction(r.ratio_exact) == Fraction(actual) / 6


@pytest.mark.parametrize(
    ("month", "actual", "light", "standard"),
    [
        (1, "0.59", "red", "1"),  # 标准值 = 12 × 1/12 = 1 (a count: no decimals)
        (1, "0.6", "yellow", "1"),
        (1, "0.8", "green", "1"),
        (1, "1.2", "blue", "1"),
        (12, "7.19", "red", "12"),
        (12, "7.2", "yellow", "12"),
        (12, "9.6", "green", "12"),
        (12, "14.4", "blue", "12"),
    ],
)
def test_schedule_thresholds_at_months_1_and_12(month: int, actual: str, light: str, standard: str) -> None:
    report = run([{"指标": "新建工程", "当前完成值": actual, "偏差原因": "x", "偏差原因类别": "其他"}], month=month)
    r = row(report, "新建工程")
    assert (r.light, r.standard) == (light, standard)
    assert report.schedule == {1: "8.33", 12: "100.00"}[month]


def test_a_period_of_thirds_is_exact() -> None:
    """1200 × 7/12 = 700 exactly; 420 is exactly 60% of it (no float would promise that)."""
    rows: list[dict[str, object]] = [{"指标": "受益人口", "当前完成值": "420人", **REASON}]
    r = row(run(rows, month=7), "受益人口")
    assert (r.light, r.standard, r.ratio_exact) == ("yellow", "700", "3/5")


# ---- rules that test the target itself ---------------------------------------------------------
@pytest.mark.parametrize(
    ("name", "actual", "light"),
    [
        ("漏损率", "12%", "green"),  # 反向 of a schedule category: inside ≤12% (boundary included)
        ("漏损率", "12.01%", "red"),
        ("合格率", "95%", "green"),  # 质量: inside ≥95%
        ("合格率", "94.99%", "red"),
        ("单位造价", "150", "green"),  # 成本
        ("单位造价", "150.01万元", "red"),
    ],
)
def test_within_target_rules(name: str, actual: str, light: str) -> None:
    report = run([{"指标": name, "当前完成值": actual, "偏差原因类别": "其他", "偏差原因": "x"}])
    r = row(report, name)
    assert r.light == light
    assert r.standard is None and r.rule in ("schedule-reverse", "target")


@pytest.mark.parametrize(
    ("tier", "light"),
    [
        ("达到预期目标", "green"),
        ("部分达到预期目标并且具备一定效果", "yellow"),
        ("部分达到", "yellow"),
        ("未达到预期目标", "red"),
    ],
)
def test_qualitative_tiers(tier: str, light: str) -> None:
    r = row(run([{"指标": "管护机制", "当前完成值": tier, "偏差原因类别": "其他", "偏差原因": "x"}]), "管护机制")
    assert (r.light, r.kind) == (light, "qualitative")


def test_unknown_tier_is_e606_with_choices() -> None:
    report = run([{"指标": "管护机制", "当前完成值": "还行"}])
    assert row(report, "管护机制").light is None
    problem = next(p for p in report.problems if p.code == "E606")
    assert "达到预期目标" in problem.message.zh and problem.row == 2


# ---- forecast and 偏离度 -------------------------------------------------------------------------
def test_linear_projection_is_labelled_and_its_miss_is_a_warning() -> None:
    report = run([{"指标": "新建工程", "当前完成值": "5"}])
    r = row(report, "新建工程")
    assert r.forecast is not None
    assert (r.forecast.value, r.forecast.basis, r.forecast.method) == ("10", "projected", "linear")
    assert r.forecast.meets_target is False
    assert r.deviation == "-16.67"  # (10 − 12) / 12
    assert "W952" in r.problems


def test_reported_forecast_is_used_and_meeting_it_is_quiet() -> None:
    r = row(run([{"指标": "新建工程", "当前完成值": "5", "全年预计完成值": "13"}]), "新建工程")
    assert r.forecast is not None and (r.forecast.basis, r.forecast.value) == ("reported", "13")
    assert r.deviation == "8.33" and r.problems == []


def test_a_rate_is_carried_not_multiplied() -> None:
    r = row(run([{"指标": "合格率", "当前完成值": "96%"}]), "合格率")
    assert r.forecast is not None and (r.forecast.method, r.forecast.value) == ("current", "96.00")


def test_zero_target_cannot_be_scheduled() -> None:
    card = "指标 事故数\n  类别 产出指标 / 数量指标\n  目标 =0次\n  单位 次\n"
    report = run([{"指标": "事故数", "当前完成值": "0"}], card=card)
    r = row(report, "事故数")
    assert r.light is None and "E954" in codes(report)


# ---- budget execution ---------------------------------------------------------------------------
@pytest.mark.parametrize(
    ("executed", "light"),
    [("299", "red"), ("300", "yellow"), ("400", "green"), ("600", "blue")],  # 60% / 80% / 120% of 序时 50%
)
def test_budget_execution_against_the_schedule(executed: str, light: str) -> None:
    report = run([{"指标": "调整后预算数", "当前完成值": "1,000"}, {"指标": "1-6月执行数", "当前完成值": executed}])
    b = row(report, "预算执行")
    assert (b.kind, b.light, b.standard) == ("budget", light, "50.00")
    assert b.actual == {"299": "29.90%", "300": "30.00%", "400": "40.00%", "600": "60.00%"}[executed]


def test_budget_falls_back_to_the_initial_budget_and_forecast_misses() -> None:
    report = run(
        [{"年初预算数": "800", "1-6月执行数": "300", "全年预计执行数": "700"}]  # wide: one row of columns
    )
    b = row(report, "预算执行")
    assert b.actual == "37.50%" and b.forecast is not None and b.forecast.value == "87.50"
    assert {"W954", "W952"} <= set(codes(report))


def test_budget_with_a_zero_budget_is_e958() -> None:
    report = run([{"调整后预算数": "0", "执行数": "10"}])
    assert row(report, "预算执行").light is None and "E958" in codes(report)


def test_month_range_of_another_month_is_w953() -> None:
    report = run([{"指标": "新建工程", "1-5月完成值": "5"}])
    assert row(report, "新建工程").actual == "5处" and "W953" in codes(report)


# ---- 偏差原因 rules -------------------------------------------------------------------------------
def test_red_and_yellow_need_a_reason_under_shanxi_red_only_under_ningxia() -> None:
    rows: list[dict[str, object]] = [
        {"指标": "新建工程", "当前完成值": "1"},
        {"指标": "受益人口", "当前完成值": "400", "全年预计完成值": "1200"},
    ]
    shanxi = run(rows)
    assert [(row(shanxi, n).light, "E955" in row(shanxi, n).problems) for n in ("新建工程", "受益人口")] == [
        ("red", True),
        ("yellow", True),
    ]
    ningxia = run(rows, scheme="ningxia")
    assert [("E955" in row(ningxia, n).problems) for n in ("新建工程", "受益人口")] == [True, False]


def test_present_reason_with_its_explanation_is_accepted() -> None:
    given: dict[str, object] = {"指标": "新建工程", "当前完成值": "1", "偏差原因类别": "经费保障"}
    given["偏差原因"] = "资金未到位"
    r = row(run([given]), "新建工程")
    assert r.light == "red" and r.reason_category == "经费保障" and not {"E955", "E956"} & set(r.problems)


def test_reason_without_explanation_is_e956_and_unknown_category_w951() -> None:
    only_category = run([{"指标": "新建工程", "当前完成值": "1", "偏差原因": "经费保障"}])
    assert "E956" in row(only_category, "新建工程").problems and "E955" not in row(only_category, "新建工程").problems
    odd = run([{"指标": "新建工程", "当前完成值": "1", "偏差原因类别": "天气", "偏差原因": "连续降雨"}])
    assert "W951" in codes(odd)


def test_default_scheme_requires_measures_for_red() -> None:
    rows = [{"指标": "新建工程", "当前完成值": "1", "偏差原因类别": "其他", "偏差原因": "x"}]
    assert "E957" in codes(run(rows, scheme="default")) and "E957" not in codes(run(rows))
    rows[0]["纠偏措施"] = "加快施工"
    assert "E957" not in codes(run(rows, scheme="default"))


def test_green_needs_no_reason() -> None:
    assert (
        codes(run([{"指标": "新建工程", "当前完成值": "6", "全年预计完成值": "12"}]))
        == [
            "E604",  # the other indicators are missing from the file, each named
        ]
        * 5
    )


# ---- bad progress files: coded, the rest judged --------------------------------------------------
def test_bad_rows_are_coded_and_the_rest_is_judged() -> None:
    report = run(
        [
            {"指标": "新建工程", "当前完成值": "6", "全年预计完成值": "12"},
            {"指标": "新建工成", "当前完成值": "3"},  # unknown name, close match suggested
            {"指标": "受益人口", "当前完成值": "88万元"},  # a unit of another kind
            {"指标": "合格率", "当前完成值": "很好"},  # not a number
            {"指标": "漏损率", "当前完成值": ""},  # blank
        ]
    )
    assert row(report, "新建工程").light == "green"
    found = {p.code: p for p in report.problems}
    assert found["E602"].row == 3 and "新建工程" in found["E602"].message.zh
    assert found["E616"].row == 4 and found["E603"].row == 5
    assert "E604" in found
    assert [row(report, n).light for n in ("受益人口", "合格率", "漏损率")] == [None, None, None]
    assert all(row(report, n).light_reason.zh.startswith("未判断") for n in ("受益人口", "合格率"))


def test_unreadable_file_is_e951(tmp_path: Path) -> None:
    bad = tmp_path / "p.json"
    bad.write_text("{", encoding="utf-8")
    with pytest.raises(MonitorError) as exc:
        monitor(loads(CARD, "card.ind"), bad, month=6)
    assert exc.value.diagnostics[0].code == "E951"


def test_no_rule_applies_is_w950() -> None:
    card = "指标 其他事项\n  类别 产出指标 / 其他指标\n  目标 ≥5项\n  单位 项\n"
    report = run([{"指标": "其他事项", "当前完成值": "1"}], card=card)
    assert row(report, "其他事项").light is None and codes(report) == ["W950"]


# ---- schemes as data ------------------------------------------------------------------------------
def test_shipped_schemes() -> None:
    assert shipped_monitor_schemes() == ["default", "ningxia", "shanxi"]
    shanxi = load_monitor_scheme("shanxi")
    assert [r.name for r in shanxi.rules] == ["qualitative", "schedule", "schedule-reverse", "target"]
    assert shanxi.reasons.categories == ("经费保障", "制度保障", "人员保障", "硬件条件保障", "其他")
    assert load_monitor_scheme("ningxia").reasons.required == frozenset({"red"})


def test_user_scheme_extends_and_edits_one_threshold(tmp_path: Path) -> None:
    path = tmp_path / "mine.toml"
    path.write_text(
        'name = "mine"\nextends = "shanxi"\n[rules.schedule]\n'
        'lights = ["<50% red", "[50%, 80%) yellow", "≥80% green"]\n',
        encoding="utf-8",
    )
    scheme = load_monitor_scheme(path)
    schedule = next(r for r in scheme.rules if r.name == "schedule")
    assert schedule.categories[0] == "数量"  # kept from shanxi: tables merge key by key
    report = run([{"指标": "新建工程", "当前完成值": "3", "偏差原因类别": "其他", "偏差原因": "x"}], scheme=str(path))
    assert row(report, "新建工程").light == "yellow"  # 50% of 标准值: red under shanxi


@pytest.mark.parametrize(
    ("text", "key"),
    [
        ('name = "x"\nextends = "shanxi"\n[rules.schedule]\nlights = ["<60% purple"]\n', "lights"),
        ('name = "x"\nextends = "shanxi"\n[reasons]\nrequired = ["orange"]\n', "required"),
        ('name = "x"\nextends = "shanxi"\n[rules.target]\nkind = "magic"\n', "kind"),
        ('name = "x"\nextends = "nowhere"\n', "extends"),
    ],
)
def test_bad_scheme_is_located(tmp_path: Path, text: str, key: str) -> None:
    path = tmp_path / "bad.toml"
    path.write_text(text, encoding="utf-8")
    with pytest.raises(SchemeError) as exc:
        load_monitor_scheme(path)
    assert exc.value.line == next(i for i, ln in enumerate(text.splitlines(), 1) if ln.startswith(key))


def test_bad_scheme_through_monitor_is_e950(tmp_path: Path) -> None:
    path = tmp_path / "bad.toml"
    path.write_text("name = \n", encoding="utf-8")
    with pytest.raises(MonitorError) as exc:
        run([], scheme=str(path))
    assert exc.value.diagnostics[0].code == "E950"


# ---- properties -------------------------------------------------------------------------------------
SHANXI_SCHEDULE = [("red", None, Fraction(3, 5)), ("yellow", Fraction(3, 5), Fraction(4, 5))]
SHANXI_SCHEDULE += [("green", Fraction(4, 5), Fraction(6, 5)), ("blue", Fraction(6, 5), None)]


def expected_light(actual: Fraction, target: Fraction, month: int) -> str:
    """The published rule written out independently: share of 年度指标值 × 月份 / 12."""
    share = actual / (target * month / 12)
    return next(
        light
        for light, low, high in SHANXI_SCHEDULE
        if (low is None or share >= low) and (high is None or share < high)
    )


@settings(max_examples=60, deadline=None)
@given(
    month=st.integers(1, 12),
    hundredths=st.integers(0, 5000),  # 当前完成值 0.00 … 50.00 处
)
def test_schedule_light_is_the_published_rule_exactly(month: int, hundredths: int) -> None:
    text = f"{hundredths // 100}.{hundredths % 100:02d}"
    r = row(run([{"指标": "新建工程", "当前完成值": text, **REASON}], month=month), "新建工程")
    assert r.light == expected_light(Fraction(hundredths, 100), Fraction(12), month)
    assert Fraction(r.ratio_exact) == Fraction(hundredths, 100) / month


@settings(max_examples=40, deadline=None)
@given(month=st.integers(1, 12), low=st.integers(0, 3000), step=st.integers(1, 500))
def test_more_progress_never_gives_a_worse_light(month: int, low: int, step: int) -> None:
    order = {"red": 0, "yellow": 1, "green": 2, "blue": 3}
    lights = [
        row(
            run([{"指标": "新建工程", "当前完成值": f"{v // 100}.{v % 100:02d}", **REASON}], month=month), "新建工程"
        ).light
        for v in (low, low + step)
    ]
    assert lights[0] is not None and lights[1] is not None
    assert order[lights[0]] <= order[lights[1]]
