"""Targets: in the domain, present where scoring needs them, in the formula's scale; weights."""

from __future__ import annotations

from indicator_dsl import loads


def codes(text: str) -> list[tuple[str, int, int]]:
    return [(d.code, *d.location()[1:]) for d in loads(text, "t.ind").check() if d.code[1] in "5"]


SEED_000_WRONG_CASES = """指标 错案案件比率
  类别 产出指标 / 质量指标
  公式 办案工作错案率 = 错案案件数 / 办结案件数 * 100%
  方向 反向
"""


def test_seed_000_reverse_indicator_without_target() -> None:
    cat = loads(SEED_000_WRONG_CASES, "t.ind")
    found = [(d.code, *d.location()[1:]) for d in cat.check()]
    assert found == [("W513", 1, 4), ("I204", 3, 6)]
    assert cat.check()[0].message("en") == "'错案案件比率' is a 反向 (less is better) indicator with no target"
    assert cat["错案案件比率"].evaluate({"错案案件数": 1, "办结案件数": 200}).display == "0.50%"


def test_target_outside_domain() -> None:
    assert codes("指标 r\n  公式 a / b * 100%\n  目标 ≥120%\n") == [("W511", 3, 6)]
    assert codes("指标 r\n  公式 a / b * 100%\n  定义域 [0, 200%]\n  目标 ≥120%\n") == []
    d = loads("指标 r\n  公式 a / b * 100%\n  目标 ≥120%\n").check()[0]
    assert d.message("en") == "target ≥120% lies outside the domain [0%, 100%]"


def test_scored_quantitative_indicator_without_target() -> None:
    assert codes("指标 r\n  公式 a / b * 100%\n  权重 10\n") == [("W514", 1, 4)]
    assert codes("指标 r\n  公式 a / b * 100%\n  类型 定量\n") == [("W514", 1, 4)]
    assert codes("指标 r\n  公式 a / b * 100%\n") == []
    assert codes("rate = a / b * 100%\n") == []
    assert codes("指标 r\n  目标 达成预期指标\n  权重 10\n") == []


def test_times_100_without_percent_against_percent_target() -> None:
    found = loads("指标 r\n  公式 a / b * 100\n  目标 ≥90%\n", "t.ind").check()
    assert [(d.code, *d.location()[1:], d.fix) for d in found] == [("W521", 2, 14, "* 100%")]
    assert codes("指标 r\n  公式 a / b * 100%\n  目标 ≥90%\n") == []
    assert codes("指标 r\n  公式 a / b * 100\n  目标 ≥90\n") == []


SCORECARD = """评分表 项目自评 "项目支出绩效自评"
  分组 产出指标 权重 50
  分组 产出指标 / 数量指标 权重 30
  分组 产出指标 / 质量指标 权重 20
  分组 效益指标 权重 30
  分组 满意度指标 权重 10
  预算执行 全年执行数 / 全年预算数 权重 10
指标 完成率
  类别 产出指标 / 数量指标
  公式 a / b * 100%
  目标 ≥90%
  权重 30
指标 合格率
  类别 产出指标 / 质量指标
  公式 c / d * 100%
  目标 ≥90%
  权重 15
"""


def test_weights_children_and_totals() -> None:
    cat = loads(SCORECARD, "s.ind")
    found = [(d.code, *d.location()[1:], d.message("en")) for d in cat.check()]
    assert found == [
        ("W541", 4, 3, "'产出指标 / 质量指标' has weight 20 but its indicators (lines 13) weigh 15 in total"),
    ]
    broken = SCORECARD.replace("满意度指标 权重 10", "满意度指标 权重 20").replace(
        "数量指标 权重 30", "数量指标 权重 25"
    )
    found = [(d.code, *d.location()[1:], d.message("en")) for d in loads(broken, "s.ind").check()]
    assert (
        "W542",
        1,
        5,
        "scorecard '项目自评' weights total 110 (产出指标 50 + 效益指标 30 + 满意度指标 20 + 预算执行 10); "
        "they should total 100",
    ) in found
    assert ("W541", 2, 3, "'产出指标' has weight 50 but its groups (lines 3, 4) weigh 45 in total") in found
    assert ("W541", 3, 3, "'产出指标 / 数量指标' has weight 25 but its indicators (lines 8) weigh 30 in total") in found


def test_weights_only_count_indicators_of_the_scorecard_file() -> None:
    other = "指标 外部\n  类别 效益指标\n  公式 a / b * 100%\n  目标 ≥1%\n  权重 99\n"
    from indicator_dsl.catalog import Catalog
    from indicator_dsl.parser import parse_document

    docs = [parse_document(SCORECARD, "s.ind")[0], parse_document(other, "o.ind")[0]]
    assert [d.code for d in Catalog(docs, []).check()] == ["W541"]
