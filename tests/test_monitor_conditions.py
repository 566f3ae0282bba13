"""Monitoring the targets that are not running quantities: deadlines before and after the
cut-off, periods, 是/否, qualitative own words, intervals and baselines — through the typed
conditions of `indicator_dsl.conditions`."""

from __future__ import annotations

import datetime as dt
from fractions import Fraction

import pytest

from indicator_dsl import loads
from indicator_dsl.ast import Comparator
from indicator_dsl.conditions import AmbiguousWords, Baseline, Condition, Deadline, Period, Statement, Within, YesNo
from indicator_dsl.dates import DaySpan
from indicator_dsl.intervals import Interval
from indicator_dsl.monitor import engine as monitor_engine
from indicator_dsl.monitor import load_monitor_scheme, monitor
from indicator_dsl.monitor.conditions import done_span, judge_deadline, judge_statement
from indicator_dsl.monitor.models import MonitorReport, MonitorRow

SHANXI = load_monitor_scheme("shanxi")
DUE = Deadline(dt.date(2025, 10, 31), "2025年10月底前")
CARD = """
指标 完工时间
  类别 产出指标 / 时效指标
  目标 ≥100%

指标 安全事故
  类别 产出指标 / 质量指标
  目标 ≥100%

指标 水质达标率
  类别 产出指标 / 质量指标
  目标 ≥100%

指标 运维费用
  类别 产出指标 / 成本指标
  目标 ≤100万元
  单位 万元

指标 群众评价
  类别 满意度指标 / 服务对象满意度指标
  类型 定性
  目标 明显改善
"""
CONDITIONS: dict[str, Condition] = {
    "完工时间": DUE,
    "安全事故": YesNo(False, "否"),
    "水质达标率": Within(Interval.closed(Fraction(95, 100), Fraction(1)), "[95%, 100%]"),
    "运维费用": Baseline(Comparator.LE, "预算", text="不超过预算"),
    "群众评价": Statement("明显改善"),
}


@pytest.fixture
def typed_targets(monkeypatch: pytest.MonkeyPatch) -> None:
    """The catalog's targets as the condition types (the language writes them once the
    grammar reads every kind; the monitor only asks `condition_of`)."""
    original = monitor_engine.condition_of
    monkeypatch.setattr(monitor_engine, "condition_of", lambda ind: CONDITIONS.get(ind.name) or original(ind))


def run(rows: list[dict[str, object]], **when: object) -> MonitorReport:
    return monitor(loads(CARD, "card.ind"), rows, scheme="shanxi", **when)  # type: ignore[arg-type]


def row(report: MonitorReport, name: str) -> MonitorRow:
    return next(r for r in report.rows if r.indicator == name)


# ---- deadlines at the cut-off ----------------------------------------------------------------------
@pytest.mark.parametrize(
    ("as_of", "done", "light", "days_left"),
    [
        (dt.date(2025, 6, 30), None, "green", 123),  # not due, not done: green with the days left
        (dt.date(2025, 10, 31), None, "green", 0),  # the due day itself is still in time
        (dt.date(2025, 11, 1), None, "red", None),  # overdue, not done
        (dt.date(2025, 11, 30), DaySpan(dt.date(2025, 10, 31), dt.date(2025, 10, 31)), "green", None),  # in time
        (dt.date(2025, 11, 30), DaySpan(dt.date(2025, 11, 1), dt.date(2025, 11, 30)), "red", None),  # late
    ],
)
def test_deadline_before_and_after_the_cut_off(
    as_of: dt.date, done: DaySpan | None, light: str, days_left: int | None
) -> None:
    timed = judge_deadline(DUE, done, as_of, SHANXI)
    assert (timed.light, timed.days_left) == (light, days_left)


def test_period_is_judged_by_its_end() -> None:
    period = Period(dt.date(2025, 3, 1), dt.date(2025, 8, 31), "2025.03-2025.08")
    assert judge_deadline(period, None, dt.date(2025, 9, 1), SHANXI).light == "red"
    assert judge_deadline(period, None, dt.date(2025, 6, 30), SHANXI).days_left == 62


@pytest.mark.parametrize(
    ("text", "last"),
    [
        ("2025年5月", dt.date(2025, 5, 31)),
        ("已于5月20日完成", dt.date(2025, 5, 20)),
        ("2025-05-20", dt.date(2025, 5, 20)),
    ],
)
def test_done_dates_as_progress_files_print_them(text: str, last: dt.date) -> None:
    span = done_span(text, 2025)
    assert span is not None and span.last == last


@pytest.mark.parametrize("text", ["", "未完成", "进行中"])
def test_not_done_words(text: str) -> None:
    assert done_span(text, 2025) is None


@pytest.mark.usefixtures("typed_targets")
def test_deadline_rows_in_a_report() -> None:
    before = run([{"指标": "完工时间", "当前完成值": "进行中"}], as_of="2025-06-30")
    assert (row(before, "完工时间").light, row(before, "完工时间").days_left) == ("green", 123)
    assert "还有 123 天" in row(before, "完工时间").light_reason.zh
    after = run(
        [{"指标": "完工时间", "当前完成值": "", "偏差原因类别": "其他", "偏差原因": "设计变更"}], as_of="2025-11-15"
    )
    assert row(after, "完工时间").light == "red" and row(after, "完工时间").kind == "deadline"
    by_month = run([{"指标": "完工时间", "当前完成值": "已于9月完成"}], month=6)  # the deadline's year is the plan year
    assert row(by_month, "完工时间").light == "green"
    unreadable = run([{"指标": "完工时间", "当前完成值": "很快"}], month=6)
    assert row(unreadable, "完工时间").light is None and "E603" in row(unreadable, "完工时间").problems


# ---- 是/否, intervals, baselines, own words ----------------------------------------------------------
@pytest.mark.usefixtures("typed_targets")
def test_yes_no_interval_baseline_and_own_words() -> None:
    report = run(
        [
            {"指标": "安全事故", "当前完成值": "否"},
            {"指标": "水质达标率", "当前完成值": "96%"},
            {"指标": "运维费用", "当前完成值": "40"},
            {"指标": "预算", "当前完成值": "100"},
            {"指标": "群众评价", "当前完成值": "群众普遍反映供水明显改善"},
        ],
        month=6,
    )
    assert [row(report, n).light for n in CONDITIONS if n != "完工时间"] == ["green"] * 4
    assert row(report, "水质达标率").standard is None  # an interval has no single value to prorate
    assert (row(report, "安全事故").kind, row(report, "安全事故").target) == ("yes_no", "否")
    assert row(report, "水质达标率").target == "[95%, 100%]"


@pytest.mark.usefixtures("typed_targets")
def test_outside_and_missing_baseline() -> None:
    rows: list[dict[str, object]] = [
        {"指标": "安全事故", "当前完成值": "是", "偏差原因类别": "其他", "偏差原因": "一起轻微事故"},
        {"指标": "水质达标率", "当前完成值": "94.5%", "偏差原因类别": "其他", "偏差原因": "汛期浑浊"},
        {"指标": "运维费用", "当前完成值": "40"},
        {"指标": "群众评价", "当前完成值": "没有明显改善", "偏差原因类别": "其他", "偏差原因": "x"},
    ]
    report = run(rows, month=6)
    assert [row(report, n).light for n in ("安全事故", "水质达标率")] == ["red", "red"]
    assert row(report, "运维费用").light is None and "E959" in row(report, "运维费用").problems
    assert row(report, "群众评价").light is None and "E606" in row(report, "群众评价").problems  # denied words


def test_statement_tiers_and_own_words() -> None:
    own = Statement("明显改善")
    assert judge_statement(own, "未达到预期目标", SHANXI)[0] == "red"  # type: ignore[index]
    assert judge_statement(own, "已明显改善", SHANXI)[:2] == ("green", "达到预期目标")  # type: ignore[index]
    assert judge_statement(own, "未明显改善", SHANXI) is None  # denied words are no 达到


# ---- the same kinds written in the language ---------------------------------------------------------
KINDS_CARD = """
指标 完工时间
  类别 产出指标 / 时效指标
  目标 2025年10月底前完工

指标 安全事故
  类别 产出指标 / 质量指标
  目标 否

指标 水质达标率
  类别 产出指标 / 质量指标
  目标 [95%, 100%]

指标 群众评价
  类别 满意度指标 / 服务对象满意度指标
  目标 明显改善

指标 运维费用
  类别 产出指标 / 成本指标
  目标 不超过预算
  单位 万元
"""
KINDS_PROGRESS = [
    {"指标": "完工时间", "当前完成值": "进行中", "偏差原因类别": "其他", "偏差原因": "设计变更"},
    {"指标": "安全事故", "当前完成值": "否"},
    {"指标": "水质达标率", "当前完成值": "96"},  # a bare number takes the target's percent
    {"指标": "群众评价", "当前完成值": "群众普遍反映供水明显改善"},
    {"指标": "运维费用", "当前完成值": "40"},
    {"指标": "预算", "当前完成值": "100"},
]


@pytest.mark.parametrize(("as_of", "light"), [("2025-06-30", "green"), ("2025-11-01", "red")])
def test_written_kinds_before_and_after_the_deadline(as_of: str, light: str) -> None:
    report = monitor(loads(KINDS_CARD, "kinds.ind"), KINDS_PROGRESS, as_of=as_of, scheme="shanxi")
    assert [r.light for r in report.rows] == [light, "green", "green", "green", "green"]
    assert [r.kind for r in report.rows] == ["deadline", "yes_no", "quantitative", "qualitative", "quantitative"]
    assert row(report, "水质达标率").actual == "96.00%"
    assert row(report, "完工时间").days_left == (123 if light == "green" else None)


def test_written_kinds_golden(tmp_path: object) -> None:
    from indicator_dsl.reports.monitor.text import render_table
    from tests.conftest import assert_golden

    report = monitor(loads(KINDS_CARD, "kinds.ind"), KINDS_PROGRESS, as_of="2025-11-01", scheme="shanxi")
    assert_golden("monitor_kinds.plain.zh.txt", render_table(report, "zh", use_rich=False) + "\n")


@pytest.mark.usefixtures("typed_targets")
def test_statement_without_a_single_reading_is_e630_at_its_cell() -> None:
    report = run([{"指标": "群众评价", "当前完成值": "并非没有明显改善"}], month=6)
    assert row(report, "群众评价").light is None and "E630" in row(report, "群众评价").problems
    own = Statement("明显改善")
    with pytest.raises(AmbiguousWords):
        judge_statement(own, "并非没有明显改善", SHANXI)
    assert judge_statement(own, "明显改善不够", SHANXI) is None  # denied after the words
