"""The units registry: what real tables write, converted exactly."""

from __future__ import annotations

from fractions import Fraction

import pytest

from indicator_dsl import loads
from indicator_dsl import units as U


@pytest.mark.parametrize(
    ("a", "b", "ratio"),
    [
        ("公里", "米", 1000),
        ("千米", "M", 1000),
        ("km", "m", 1000),
        ("公顷", "亩", 15),
        ("万亩", "亩", 10_000),
        ("平方公里", "公顷", 100),
        ("公顷", "平方米", 10_000),
        ("立方米", "方", 1),
        ("万方", "立方米", 10_000),
        ("吨", "公斤", 1000),
        ("公斤", "斤", 2),
        ("千克", "公斤", 1),
        ("亿元", "万元", 10_000),
        ("元/人/年", "元/人/月", Fraction(1, 12)),
        ("元/人*月", "元/人/月", 1),
        ("次/月", "次/季度", 3),
        ("人/次", "人次", 1),
        ("万人次", "人次", 10_000),
        ("年", "月", 12),
        ("周", "天", 7),
    ],
)
def test_conversions_are_exact(a: str, b: str, ratio: Fraction | int) -> None:
    ua, ub = U.lookup(a), U.lookup(b)
    assert ua.known and ub.known and ua.compatible(ub)
    assert ua.factor / ub.factor == ratio


@pytest.mark.parametrize("word", "座 辆 株 户 村 所 条 种 场 批次 处 家 篇 期 套 栋".split())
def test_count_units_are_known_and_of_their_own_kind(word: str) -> None:
    unit = U.lookup(word)
    assert unit.known and not unit.compatible(U.lookup("个"))


@pytest.mark.parametrize(("a", "b"), [("亩", "米"), ("吨", "立方米"), ("座", "辆"), ("人次", "人"), ("次/月", "次")])
def test_different_kinds_do_not_convert(a: str, b: str) -> None:
    assert not U.lookup(a).compatible(U.lookup(b))


def test_a_bare_prefix_scales_the_indicator_unit() -> None:
    assert U.lookup("万", context=U.lookup("万元")) == U.Unit("万", (("money", 1),), Fraction(10_000))
    per_month = U.lookup("万/月", context=U.lookup("元/月"))
    assert per_month.compatible(U.lookup("元/月")) and per_month.factor == 10_000
    assert U.lookup("万", context=U.lookup("亩")).factor == 10_000  # 1.2万 on a 亩 indicator is 1.2万亩
    assert U.lookup("万").dims == () and U.lookup("万").factor == 10_000  # no indicator unit: a plain number


def test_bare_wan_in_targets_of_money_indicators() -> None:
    cat = loads(
        "输入 投资, 资金: 元\n输入 月数: 月\n指标 x\n  公式 投资\n  目标 ≤300万\n"
        "指标 y\n  公式 资金 / 月数\n  目标 ≤50万/月\n"
    )
    assert [d.code for d in cat.check()] == []
    assert cat["x"].evaluate({"投资": 3_000_000}).met is True
    assert cat["x"].evaluate({"投资": 3_000_001}).met is False
    assert cat["y"].evaluate({"资金": 6_000_000, "月数": 12}).met is True
    assert cat["y"].evaluate({"资金": 6_000_012, "月数": 12}).met is False


def test_rates_per_quarter_convert_to_rates_per_month() -> None:
    cat = loads("输入 次数: 次\n输入 季数: 季度\n指标 x\n  公式 次数 / 季数\n  目标 ≥2次/月\n")
    assert cat["x"].evaluate({"次数": 6, "季数": 1}).met is True
    assert cat["x"].evaluate({"次数": 5, "季数": 1}).met is False


def test_area_target_in_wan_mu_against_hectares() -> None:
    cat = loads("输入 面积: 公顷\n指标 x\n  公式 面积\n  目标 ≥1.2万亩\n")
    assert cat["x"].evaluate({"面积": 800}).met is True  # 800 公顷 = 12,000 亩
    assert cat["x"].evaluate({"面积": 799}).met is False


@pytest.mark.parametrize("where", ["unit", "target", "formula"])
def test_a_long_run_of_prefixes_is_an_unknown_unit_not_a_crash(where: str) -> None:
    word = "万" * 3000 + "元"
    text = {
        "unit": f"指标 x\n  公式 a\n  单位 {word}\n",
        "target": f"指标 x\n  公式 a\n  目标 ≤90{word}\n",
        "formula": f"x = a + 5{word}\n",
    }[where]
    assert "W302" in [d.code for d in loads(text).check()]
    assert not U.lookup(word).known
    assert U.lookup("万万元").factor == 10**8  # a short run is still a unit
