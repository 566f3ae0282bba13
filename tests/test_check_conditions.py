"""Checker codes of target conditions (E331, W332, W333, E334, E335, I336, E337)."""

from __future__ import annotations

from datetime import date
from fractions import Fraction as F

import pytest

from indicator_dsl import conditions as C
from indicator_dsl import loads


def codes(text: str) -> list[str]:
    found = [d.code for d in loads(text).check() if d.code[1:4] in {"331", "332", "333", "334", "335", "336", "337"}]
    return sorted(found)


@pytest.mark.parametrize(
    ("body", "expected"),
    [
        ("  目标 6月底前\n", ["E334"]),
        ("  目标 6月底前\n  年度 2024\n", []),
        ("  目标 2023年6月底前\n  年度 2024\n", ["W333"]),
        ("  目标 2024年6月底前\n  年度 2024\n", []),
        ("  目标 2024年10月至2024年3月\n", ["E335"]),
        ("  公式 a / b * 100%\n  目标 [100%, 95%]\n", ["E331"]),
        ("  公式 a / b * 100%\n  目标 [95%, 100%]\n  方向 正向\n", ["W332"]),
        ("  公式 a / b * 100%\n  目标 ≥95%或比上年提高5个百分点\n  方向 反向\n", ["I336", "W332", "W332"]),
        ("  公式 a\n  单位 万元\n  目标 不超过预算\n  方向 正向\n", ["I336", "W332"]),
        ("  公式 a / b * 100%\n  目标 [95%, 100%]\n  方向 区间\n", []),
        ("  公式 a\n  单位 万元\n  目标 不超过预算\n", ["I336"]),
        ("  公式 a\n  目标 [5%, 10万元]\n", ["E337"]),
    ],
)
def test_condition_codes(body: str, expected: list[str]) -> None:
    assert codes("指标 甲\n" + body) == expected


def test_scorecard_year_dates_month_only_deadlines() -> None:
    cat = loads("评分表 表\n  年度 2025\n\n指标 甲\n  目标 每年6月底前\n\n指标 乙\n  目标 上半年\n  年度 2024\n")
    first, second = cat.indicators
    assert first.resolved.condition == C.Deadline(date(2025, 6, 30), "每年6月底前", recurring=True)
    assert second.resolved.condition == C.Deadline(date(2024, 6, 30), "上半年")
    assert codes("评分表 表\n  年度 2025\n\n指标 甲\n  目标 每年6月底前\n") == []


def test_every_kind_resolves_in_base_units() -> None:
    cat = loads(
        "指标 甲\n  公式 a / b * 100%\n  目标 95%-100%\n\n"
        "指标 乙\n  公式 a / b * 100%\n  目标 95-100%\n\n"
        "指标 丙\n  公式 a\n  单位 万元\n  目标 100万元±10%\n\n"
        "指标 丁\n  公式 a / b * 100%\n  目标 90%±5%\n\n"
        "指标 戊\n  公式 a / b * 100%\n  目标 不低于85%或比上年提高10个百分点\n"
    )
    a, b, c, d, e = (i.resolved.condition for i in cat.indicators)
    assert isinstance(a, C.Within) and a.interval.low == F(95, 100) and a.interval.high == 1
    assert isinstance(b, C.Within) and b.interval.low == F(95, 100)
    assert isinstance(c, C.Within) and (c.interval.low, c.interval.high) == (F(900000), F(1100000))  # 元
    assert isinstance(d, C.Within) and (d.interval.low, d.interval.high) == (F(85, 100), F(95, 100))
    assert isinstance(e, C.AnyOf) and e.met(F(80, 100), {"上年": F(70, 100)})
