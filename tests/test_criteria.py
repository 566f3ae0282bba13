"""Per-indicator 评分标准: printed text → structure → score, on the rule texts of issue 12.

Every expected score below was worked out by hand from the printed rule, at each threshold:
on it, just past it, where deductions are exhausted, and the best case."""

from __future__ import annotations

from fractions import Fraction as F

import pytest
from conftest import assert_golden

from indicator_dsl.criteria import criterion_text, parse_structured, read
from indicator_dsl.criteria.reader import Context
from indicator_dsl.criteria.score import Given, RuleScoreError, score

PCT = Context(unit="%", direction="正向", target=F(95, 100))
P = F(1, 100)

CONTROL = "以100%为基准。公用经费控制率≤100%，得4分；每超出1个百分点扣0.4分，扣完为止。"
TIERS = "项目完成率≥95%，得10分；85%（含）-95%，得8分；75%（含）-85%，得6分；低于75%不得分。"
ADJUST = "调整率=0，得2分；0-5%（含），得1.5分；5%-15%（含），得1分；15%以上不得分。"
TASK = "年度任务完成100%的得15分，每减少1个百分点扣0.5分，扣完15分为止。"
SATISFIED = "满意度85%以上得5分，每降低5个百分点扣1分，扣完为止。"
TOLERANCE = "偏差在±5%以内得4分，±5-10%以内得2分，±10%以外不得分。"
LATE = "按期完工得满分，每延期一个月扣1分，扣完为止。"
VIOLATION = "每发现一例违规使用资金扣2分，扣完为止。"
CHECKLIST = "①制度健全得1分；②执行有效得1分；③档案完整得1分"
BASELINE = "无结转结余得3分；结转结余不超过上年的得1分；超过上年的不得分。"
DAMAGED = "结余率0,得2分;结余率0,每超1个百分点扣0.2分"
TO_ZERO = "控制率≤100%得满分；100%-200%按超出比例扣分；200%以上不得分。"
BONUS = "达到目标值得8分，每超过1个百分点加0.5分，最多加2分。"

READINGS = {
    CONTROL: "按值: (-∞, 100%] 得4分; (100%, +∞) 自100% 4分起 每1个百分点扣0.4分; 扣完为止",
    TIERS: "按值: [95%, +∞) 得10分; [85%, 95%) 得8分; [75%, 85%) 得6分; (-∞, 75%) 得0分",
    ADJUST: "按值: {0%} 得2分; (0%, 5%] 得1.5分; (5%, 15%] 得1分; (15%, +∞) 得0分",
    TASK: "按值: [100%, +∞) 得15分; (-∞, 100%) 自100% 15分起 每1个百分点扣0.5分; 扣完为止",
    SATISFIED: "按值: [85%, +∞) 得5分; (-∞, 85%) 自85% 5分起 每5个百分点扣1分; 扣完为止",
    TOLERANCE: "按偏差: [0%, 5%] 得4分; (5%, 10%] 得2分; (10%, +∞) 得0分",
    LATE: "按逾期月数: (-∞, 0] 得满分; (0, +∞) 自0 满分起 每1个月扣1分; 扣完为止",
    VIOLATION: "按次数: [0, +∞) 自0 满分起 每1次扣2分; 扣完为止",
    CHECKLIST: "清单: 「①制度健全」得1分; 「②执行有效」得1分; 「③档案完整」得1分",
    BASELINE: "按值: {0%} 得3分; (-∞, 上年] 得1分; (上年, +∞) 得0分",
    DAMAGED: "按值: (-∞, 0%] 得2分; (0%, +∞) 自0% 2分起 每1个百分点扣0.2分",
    TO_ZERO: "按值: (-∞, 100%] 得满分; (100%, 200%) 线性 100% 满分 至 200% 0分; [200%, +∞) 得0分",
    BONUS: "按值: (目标, +∞) 自目标 8分起 每1个百分点加0.5分; [目标, +∞) 得8分; 最高10分",
}

# (rule, weight, given, expected points) — worked out by hand
HAND = [
    (CONTROL, 4, Given(value=F(99, 100)), F(4)),
    (CONTROL, 4, Given(value=F(1)), F(4)),  # on the threshold
    (CONTROL, 4, Given(value=F(1005, 1000)), F(38, 10)),  # 0.5 点 × 0.4 = 0.2
    (CONTROL, 4, Given(value=F(1025, 1000)), F(3)),  # 2.5 × 0.4 = 1
    (CONTROL, 4, Given(value=F(110, 100)), F(0)),  # exhausted exactly
    (CONTROL, 4, Given(value=F(2)), F(0)),  # 扣完为止
    (TIERS, 10, Given(value=F(1)), F(10)),
    (TIERS, 10, Given(value=95 * P), F(10)),
    (TIERS, 10, Given(value=F(9499, 10000)), F(8)),
    (TIERS, 10, Given(value=85 * P), F(8)),
    (TIERS, 10, Given(value=F(8499, 10000)), F(6)),
    (TIERS, 10, Given(value=75 * P), F(6)),
    (TIERS, 10, Given(value=F(7499, 10000)), F(0)),
    (ADJUST, 2, Given(value=F(0)), F(2)),
    (ADJUST, 2, Given(value=F(1, 10000)), F(3, 2)),
    (ADJUST, 2, Given(value=5 * P), F(3, 2)),
    (ADJUST, 2, Given(value=F(501, 10000)), F(1)),
    (ADJUST, 2, Given(value=15 * P), F(1)),  # (含) claims 15%; 以上 reads as excluding it
    (ADJUST, 2, Given(value=F(1501, 10000)), F(0)),
    (TASK, 15, Given(value=F(12, 10)), F(15)),
    (TASK, 15, Given(value=F(1)), F(15)),
    (TASK, 15, Given(value=99 * P), F(29, 2)),
    (TASK, 15, Given(value=70 * P), F(0)),  # 30 点 × 0.5 = 15: exhausted
    (TASK, 15, Given(value=50 * P), F(0)),
    (SATISFIED, 5, Given(value=90 * P), F(5)),
    (SATISFIED, 5, Given(value=85 * P), F(5)),
    (SATISFIED, 5, Given(value=84 * P), F(24, 5)),  # 1/5 step
    (SATISFIED, 5, Given(value=78 * P), F(18, 5)),  # 7/5 × 1 = 1.4
    (SATISFIED, 5, Given(value=60 * P), F(0)),  # 25 点 = 5 steps
    (SATISFIED, 5, Given(value=40 * P), F(0)),
    (TOLERANCE, 4, Given(value=F(1), target=F(1)), F(4)),
    (TOLERANCE, 4, Given(value=105 * P, target=F(1)), F(4)),  # ±5% 以内 includes 5
    (TOLERANCE, 4, Given(value=95 * P, target=F(1)), F(4)),
    (TOLERANCE, 4, Given(value=F(9499, 10000), target=F(1)), F(2)),
    (TOLERANCE, 4, Given(value=110 * P, target=F(1)), F(2)),
    (TOLERANCE, 4, Given(value=F(11001, 10000), target=F(1)), F(0)),
    (LATE, 5, Given(value=F(0)), F(5)),
    (LATE, 5, Given(value=F(1)), F(4)),
    (LATE, 5, Given(value=F(5)), F(0)),
    (LATE, 5, Given(value=F(7)), F(0)),
    (VIOLATION, 6, Given(value=F(0)), F(6)),
    (VIOLATION, 6, Given(value=F(1)), F(4)),
    (VIOLATION, 6, Given(value=F(3)), F(0)),
    (VIOLATION, 6, Given(value=F(4)), F(0)),
    (CHECKLIST, 3, Given(items=frozenset({"①", "③"})), F(2)),
    (CHECKLIST, 3, Given(items=2), F(2)),
    (CHECKLIST, 3, Given(items=frozenset({"①制度健全", "②执行有效", "③档案完整"})), F(3)),
    (CHECKLIST, 3, Given(items=frozenset()), F(0)),
    (BASELINE, 3, Given(value=F(0), baselines={"上年": 5 * P}), F(3)),
    (BASELINE, 3, Given(value=4 * P, baselines={"上年": 5 * P}), F(1)),
    (BASELINE, 3, Given(value=5 * P, baselines={"上年": 5 * P}), F(1)),
    (BASELINE, 3, Given(value=F(501, 10000), baselines={"上年": 5 * P}), F(0)),
    (DAMAGED, 2, Given(value=F(0)), F(2)),
    (DAMAGED, 2, Given(value=1 * P), F(18, 10)),
    (DAMAGED, 2, Given(value=10 * P), F(0)),
    (DAMAGED, 2, Given(value=11 * P), F(0)),  # no 扣完为止: the weight range still holds
    (TO_ZERO, 10, Given(value=F(1)), F(10)),
    (TO_ZERO, 10, Given(value=F(101, 100)), F(99, 10)),  # 1/100 of the way to 0
    (TO_ZERO, 10, Given(value=F(3, 2)), F(5)),
    (TO_ZERO, 10, Given(value=F(2)), F(0)),
    (BONUS, 10, Given(value=95 * P, target=95 * P), F(8)),  # on the target
    (BONUS, 10, Given(value=96 * P, target=95 * P), F(17, 2)),  # 1 点 × 0.5
    (BONUS, 10, Given(value=99 * P, target=95 * P), F(10)),  # 4 × 0.5 = 2: the cap exactly
    (BONUS, 10, Given(value=F(12, 10), target=95 * P), F(10)),  # capped
]


@pytest.mark.parametrize("text", list(READINGS))
def test_reading_of_each_issue_rule(text: str) -> None:
    rule, findings = read(text, PCT)
    assert rule is not None, findings
    assert criterion_text(rule.criterion) == READINGS[text]
    assert all(f.code[0] != "E" for f in findings)


@pytest.mark.parametrize(("text", "weight", "given", "expected"), HAND)
def test_scored_by_hand(text: str, weight: int, given: Given, expected: F) -> None:
    rule, _ = read(text, PCT)
    assert rule is not None
    assert score(rule.criterion, given, F(weight)).points == expected


@pytest.mark.parametrize("text", list(READINGS))
def test_structured_form_parses_back(text: str) -> None:
    rule, _ = read(text, PCT)
    assert rule is not None
    back = parse_structured(criterion_text(rule.criterion))
    assert criterion_text(back) == criterion_text(rule.criterion)
    for _, weight, given, expected in (h for h in HAND if h[0] == text):
        assert score(back, given, F(weight)).points == expected


def test_golden_explanations() -> None:
    """The issue's rules with every hand-scored value and the arithmetic in zh and en."""
    out = []
    for text in READINGS:
        rule, findings = read(text, PCT)
        assert rule is not None
        out.append(f"规则 {text}\n读作 {criterion_text(rule.criterion)}")
        out += [f"  {f.code} {text[f.start : f.end]}" for f in findings]
        for t, weight, given, _ in HAND:
            if t == text:
                o = score(rule.criterion, given, F(weight))
                out.append(f"  {o.zh}\n  {o.en}")
        out.append("")
    assert_golden("criteria_issue_rules.txt", "\n".join(out))


def test_damaged_text_is_a_warning_with_the_reading() -> None:
    rule, findings = read(DAMAGED, PCT)
    assert rule is not None
    assert [(f.code, DAMAGED[f.start : f.end], f.args["reading"]) for f in findings] == [
        ("W665", "结余率0", "≤0"),
        ("W665", "结余率0", ">0"),
    ]


def test_ocr_letter_in_place_of_a_comparator() -> None:
    rule, findings = read("公用经费控制率s100%，得4分；每超出1个百分点扣0.4分，扣完为止。", PCT)
    assert rule is not None
    assert criterion_text(rule.criterion) == READINGS[CONTROL]
    assert [(f.code, f.args["letter"], f.args["reading"]) for f in findings] == [("W666", "s", "≤100%")]


def test_a_lost_comparator_with_no_single_reading_is_an_error_at_the_span() -> None:
    text = "完成率95%得10分；完成率85%得8分"
    rule, findings = read(text, PCT)
    assert rule is None
    assert [(f.code, text[f.start : f.end]) for f in findings] == [("E663", "完成率95%")]


@pytest.mark.parametrize(
    ("printed", "same_as"),
    [
        ("项目完成率≥95%,得10分;85%(含)-95%,得8分;75%(含)-85%,得6分;低于75%不得分。", TIERS),
        ("项目完成率 ≥ 95 %，得 10 分；\n85%（含）- 95%，得8分；75%（含）-85%，\n得6分；低于 75% 不得分。", TIERS),
        ("满意度85%以上得5分，每降低5个百分点扣1分，扣完为止。".replace("1分", "1 分"), SATISFIED),
        ("以100%为基准。公用经费控制率<=100%，得4分；每超出1个百分点扣0. 4分，扣完为止。", CONTROL),
        ("项目完成率≥95%，得10分；95%-85%（含），得8分；85%-75%（含），得6分；低于75%不得分。", None),
    ],
)
def test_full_width_line_breaks_and_stray_spaces(printed: str, same_as: str | None) -> None:
    rule, findings = read(printed, PCT)
    if same_as is None:  # a range printed high-to-low is not a range: an error, not a guess
        assert rule is None or criterion_text(rule.criterion) != READINGS[TIERS]
        return
    assert rule is not None, findings
    assert criterion_text(rule.criterion) == READINGS[same_as]


def test_unmarked_shared_end_is_an_error_at_the_number() -> None:
    text = "≥95%得10分；85%-95%得8分；75%-85%得6分；低于75%不得分"
    rule, findings = read(text, PCT)
    assert rule is None
    (f,) = findings
    assert f.code == "E661" and text[f.start : f.end] == "85%"


@pytest.mark.parametrize(
    "text",
    ["完成率大约还行的得2分", "≥95%得10分，≥", "每降低1个百分点", "今年表现很好"],
)
def test_unreadable_text_is_an_error_never_a_default(text: str) -> None:
    rule, findings = read(text, PCT)
    assert rule is None
    assert findings and findings[-1].code.startswith("E")
    f = findings[-1]
    assert 0 <= f.start < f.end <= len(text)


def test_missing_baseline_and_gap_are_score_errors() -> None:
    rule, _ = read(BASELINE, PCT)
    assert rule is not None
    with pytest.raises(RuleScoreError) as exc:
        score(rule.criterion, Given(value=4 * P), F(3))
    assert exc.value.code == "E651"
    rule, _ = read("≥95%得10分；80%（含）-90%得5分", PCT)
    assert rule is not None
    with pytest.raises(RuleScoreError) as exc:
        score(rule.criterion, Given(value=92 * P), F(10))
    assert exc.value.code == "E653"


def test_a_zero_step_is_e660_not_a_crash() -> None:
    """The fuzz run's two crashes: `每延期0一个月` divided by a zero step in the checker."""
    from indicator_dsl import loads

    text = "指标 完成\n  目标 2024年年底前\n  年度 2024\n  权重 5\n"
    cat = loads(text + "  评分 按期完工得满分，每延期0一个月扣1分，扣完为止。\n")
    assert "E660" in {d.code for d in cat.check()}


@pytest.mark.parametrize("numeral", ["一一", "十十", "两半"])
def test_a_numeral_run_that_is_no_number_is_e660(numeral: str) -> None:
    """`每延期一一个月扣1分` crashed check with KeyError '一一' (benchmarks/fuzz/front_end.py, seed 29)."""
    from indicator_dsl.criteria.reader import read

    text = f"按期完工得满分，每延期{numeral}个月扣1分，扣完为止。"
    rule, findings = read(text)
    assert rule is None and [f.code for f in findings] == ["E660"]
    assert text[findings[0].start : findings[0].end] == numeral
    assert read("按期完工得满分，每延期两个月扣1分，扣完为止。")[0] is not None


def test_a_zero_denominator_in_a_structured_rule_is_a_finding() -> None:
    """`[1/00%, +∞) 得满分` crashed check with ZeroDivisionError (benchmarks/fuzz/front_end.py, seed 29)."""
    from indicator_dsl.criteria.structured import StructuredError

    with pytest.raises(StructuredError) as exc:
        parse_structured("按值: [1/00%, +∞) 得满分; (-∞, 100%) 按比例 自100%")
    assert exc.value.why_en == "a zero denominator"
    assert parse_structured("按值: [1/2, +∞) 得满分; (-∞, 1/2) 得0分") is not None
