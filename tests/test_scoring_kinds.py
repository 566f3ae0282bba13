"""Scoring every kind of target under national-2020 and a per-month variant: met → full; a
miss → the scheme's rule for that kind; actuals read as 自评表 print them."""

from __future__ import annotations

from datetime import date
from fractions import Fraction as F
from pathlib import Path

import pytest

from indicator_dsl import conditions as C
from indicator_dsl import loads
from indicator_dsl.actual_values import ActualError, read_actual
from indicator_dsl.dates import DaySpan
from indicator_dsl.scoring.indicator import Options, ScoreInputError, score_indicator
from indicator_dsl.scoring.schemes import build_scheme, load_scheme
from indicator_dsl.units import PERCENT

CARD = """评分表 项目
  年度 2024

指标 完工时限
  目标 2024年10月底前完工
  权重 10

指标 报送
  目标 每年6月底前
  权重 10

指标 到位率
  公式 到位 / 计划 * 100%
  目标 [95%, 100%]
  权重 10

指标 偏差率
  公式 到位 / 计划 * 100%
  目标 ±10%
  权重 10

指标 安全事故
  目标 否
  权重 10

指标 满意
  目标 良好
  权重 10

指标 成本
  单位 万元
  目标 不超过预算
  权重 10

指标 建设期
  目标 2024年3月至2024年9月
  权重 10

指标 综合
  单位 %
  目标 不低于85%或比上年提高10个百分点
  权重 10

指标 问题数
  目标 5处以内
  权重 10

指标 三公经费
  单位 万元
  目标 ≤上年
  权重 10
"""
CAT = loads(CARD)


def score(name: str, actual: object, scheme: str = "national-2020", **opts: object) -> tuple[F, str]:
    row = score_indicator(CAT[name], actual, 10, load_scheme(scheme), Options(**opts))  # type: ignore[arg-type]
    return F(row.score_exact or "0"), row.explanation.zh


@pytest.mark.parametrize(
    ("name", "actual", "expected"),
    [
        ("完工时限", "已于10月完成", F(10)),
        ("完工时限", "2024.10.20", F(10)),
        ("完工时限", "2024-11-02", F(0)),
        ("完工时限", "11月底", F(0)),
        ("报送", "2024年6月", F(10)),
        ("报送", "6月30日", F(10)),
        ("报送", "2024年7月", F(0)),
        ("到位率", "97%", F(10)),
        ("到位率", "100%", F(10)),
        ("到位率", "102%", F(98, 10)),
        ("到位率", "≥95%", F(10)),
        ("到位率", "95%及以上", F(10)),
        ("偏差率", "-8%", F(10)),
        ("偏差率", "-12%", F(8)),
        ("安全事故", "否", F(10)),
        ("安全事故", "是", F(0)),
        ("满意", "良好", F(10)),
        ("建设期", "2024年8月", F(10)),
        ("建设期", "2024.10.08", F(0)),
        ("问题数", "5处", F(10)),
        ("问题数", "6处", F(50, 6)),
    ],
)
def test_each_kind_under_national_2020(name: str, actual: str, expected: F) -> None:
    assert score(name, actual)[0] == expected


def test_baselines_come_with_the_actuals() -> None:
    assert score("成本", "88万元", baselines=(("预算", "90万元"),))[0] == 10
    assert score("成本", "100万元", baselines=(("预算", "90万元"),))[0] == F(9)  # 90 / 100 × 10
    assert score("综合", "80%", baselines=(("上年", "70%"),))[0] == 10  # 上年 + 10 个百分点
    assert score("综合", "86%", baselines=(("上年", "80%"),))[0] == 10  # ≥ 85%
    assert score("三公经费", "12万元", baselines=(("上年", "12万元"),))[0] == 10  # ≤上年: the symbol as 不高于
    assert score("三公经费", "15万元", baselines=(("上年", "12万元"),))[0] == 8  # 12 / 15 × 10
    with pytest.raises(ScoreInputError) as exc:
        score("成本", "88万元")
    assert exc.value.code == "E621"


def test_wrong_kind_of_actual_is_a_coded_error() -> None:
    for name, actual in (("完工时限", "95%"), ("安全事故", "可能")):
        with pytest.raises(ScoreInputError) as exc:
            score(name, actual)
        assert exc.value.code == "E620"


def test_explanations_say_what_happened_in_both_languages() -> None:
    row = score_indicator(CAT["报送"], "2024年8月", 10, "national-2020")
    assert "逾期" in row.explanation.zh and "late" in row.explanation.en
    row = score_indicator(CAT["到位率"], "102%", 10, "national-2020")
    assert "最近端点 100.00%" in row.explanation.zh and "nearest end" in row.explanation.en


def test_per_month_deadline_rule_is_scheme_data(tmp_path: Path) -> None:
    path = tmp_path / "late.toml"
    path.write_text(
        'extends = "national-2020"\nname = "late"\n[conditions]\ndeadline = "per-month"\nlate_deduction = "25%"\n',
        "utf-8",
    )
    scheme = load_scheme(str(path))
    assert score_indicator(CAT["报送"], "2024年7月", 10, scheme).score_exact == "15/2"
    assert score_indicator(CAT["报送"], "2024年8月15日", 10, scheme).score_exact == "5"
    assert score_indicator(CAT["报送"], "2025年3月", 10, scheme).score_exact == "0"


def test_unknown_deadline_rule_is_refused() -> None:
    from indicator_dsl.scheme_files import SchemeError

    with pytest.raises(SchemeError):
        build_scheme({"name": "x", "conditions": {"deadline": "sometimes"}})


@pytest.mark.parametrize(
    ("text", "value"),
    [
        ("2025年11月", DaySpan(date(2025, 11, 1), date(2025, 11, 30))),
        ("2025.11.20", date(2025, 11, 20)),
        ("2025-11-20", date(2025, 11, 20)),
        ("11月底", date(2024, 11, 30)),
        ("已于10月完成", DaySpan(date(2024, 10, 1), date(2024, 10, 31))),
        ("2024年10月底前完成", date(2024, 10, 31)),
    ],
)
def test_dates_as_self_evaluations_print_them(text: str, value: object) -> None:
    assert read_actual(text, C.Deadline(date(2025, 1, 1)), plan_year=2024).value == value


def test_quantities_with_comparators_and_suffixes() -> None:
    r = read_actual("88.32%及以上", C.Compared(C.Comparator.GE, F(9, 10)), PERCENT)
    assert (r.value, r.said) == (F(8832, 10000), "≥")
    assert read_actual("≥90%", None, PERCENT).value == F(9, 10)
    assert read_actual(date(2024, 5, 1), C.Deadline(date(2024, 6, 30))).value == date(2024, 5, 1)
    with pytest.raises(ActualError) as exc:
        read_actual("6月", C.Deadline(date(2024, 6, 30)))
    assert exc.value.code == "E622"


def test_own_words_repeated_denied_or_without_a_single_reading() -> None:
    assert score("满意", "群众反映效果良好")[0] == 10
    with pytest.raises(ScoreInputError) as denied:
        score("满意", "效果不够良好")  # denied: no full marks; not a tier name either
    assert denied.value.code == "E606"
    with pytest.raises(ScoreInputError) as ambiguous:
        score("满意", "并非没有达到良好")
    assert ambiguous.value.code == "E630" and ambiguous.value.args_["reason"] == "双重否定"
    assert score("满意", "达成", tier="达成")[0] == 10  # the tier cell still decides
