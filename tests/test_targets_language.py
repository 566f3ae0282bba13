"""Every kind of target a 申报表 prints: read by the grammar, printed back, read again the same."""

from __future__ import annotations

from fractions import Fraction as F
from typing import Any

import pytest
from hypothesis import given, settings
from hypothesis import strategies as st

from indicator_dsl import ast as A
from indicator_dsl.ast import to_data
from indicator_dsl.dates import When
from indicator_dsl.parser import parse_document, parse_fragment
from indicator_dsl.source import Span
from indicator_dsl.unparse import document_text, target_text

S = Span(0, 0)


def shape(node: object) -> Any:
    """AST data without spans (texts kept: a qualitative target is its text)."""

    def strip(x: Any) -> Any:
        if isinstance(x, dict):
            return {k: strip(v) for k, v in x.items() if not k.endswith("span")}
        if isinstance(x, list):
            return [strip(v) for v in x]
        return x

    return strip(to_data(node))


def read(cell: str) -> A.Target:
    node, diags = parse_fragment(cell, "target_spec")
    assert diags == [], [d.code for d in diags]
    assert node is not None
    return node  # type: ignore[no-any-return]


@pytest.mark.parametrize(
    ("cell", "cmp", "value", "unit"),
    [
        ("30万元以下", "≤", F(30), "万元"),
        ("12处以上", "≥", F(12), "处"),
        ("5次以内", "≤", F(5), "次"),
        ("88.32%及以上", "≥", F(8832, 100), "%"),
        ("≥-3", "≥", F(-3), None),
        ("不低于-2.5%", "≥", F(-25, 10), "%"),
        ("不满3个", "<", F(3), "个"),
        ("≤50万/月", "≤", F(50), "万/月"),
    ],
)
def test_suffix_and_signed_comparators(cell: str, cmp: str, value: F, unit: str | None) -> None:
    t = read(cell)
    assert isinstance(t, A.QuantTarget)
    assert (t.comparator, t.quantity.value, t.quantity.unit) == (A.Comparator(cmp), value, unit)


@pytest.mark.parametrize(
    ("cell", "low", "low_closed", "high", "high_closed", "notation"),
    [
        ("[95%, 100%]", F(95), True, F(100), True, "[]"),
        ("(0, 5%]", F(0), False, F(5), True, "[]"),
        ("[-5%, 5%]", F(-5), True, F(5), True, "[]"),
        ("【95%，100%】", F(95), True, F(100), True, "[]"),
        ("95%～100%", F(95), True, F(100), True, "～"),
        ("95%-100%", F(95), True, F(100), True, "-"),
        ("10万元至20万元", F(10), True, F(20), True, "～"),
    ],
)
def test_intervals(cell: str, low: F, low_closed: bool, high: F, high_closed: bool, notation: str) -> None:
    t = read(cell)
    assert isinstance(t, A.IntervalTarget) and t.notation == notation
    iv = t.interval
    assert iv.low is not None and iv.high is not None
    assert (iv.low.value, iv.low_closed, iv.high.value, iv.high_closed) == (low, low_closed, high, high_closed)


def test_tolerances() -> None:
    t = read("90%±5%")
    assert isinstance(t, A.ToleranceTarget) and t.center is not None
    assert (t.center.value, t.tolerance.value, t.tolerance.unit) == (F(90), F(5), "%")
    t = read("±10%")
    assert isinstance(t, A.ToleranceTarget) and t.center is None and t.tolerance.value == 10


@pytest.mark.parametrize(
    ("cell", "when", "by", "done"),
    [
        ("2024年年底前", When(2024, part="年底"), "前", None),
        ("2024年底前", When(2024, part="年底"), "前", None),
        ("2024年11月", When(2024, 11), None, None),
        ("每年6月底前", When(month=6, month_end=True, every_year=True), "前", None),
        ("2023年10月底前完工", When(2023, 10, month_end=True), "前", "完工"),
        ("6月30日前", When(month=6, day=30), "前", None),
        ("2025.11.20前", When(2025, 11, 20), "前", None),
        ("2024年第三季度", When(2024, quarter=3), None, None),
        ("上半年", When(part="上半年"), None, None),
    ],
)
def test_deadlines(cell: str, when: When, by: str | None, done: str | None) -> None:
    t = read(cell)
    assert isinstance(t, A.DeadlineTarget)
    assert (t.when, t.by, t.done) == (when, by, done)


@pytest.mark.parametrize(
    ("cell", "start", "end"),
    [
        ("2022.03-2022.12", When(2022, 3), When(2022, 12)),
        ("2021年2月--2021年10月", When(2021, 2), When(2021, 10)),
        ("2021年2月—2021年10月", When(2021, 2), When(2021, 10)),
        ("2021年2月至10月", When(2021, 2), When(2021, 10)),
    ],
)
def test_periods(cell: str, start: When, end: When) -> None:
    t = read(cell)
    assert isinstance(t, A.PeriodTarget) and (t.start, t.end) == (start, end)


@pytest.mark.parametrize(("cell", "value"), [("是", True), ("否", False), ("有", True), ("无", False)])
def test_yes_no(cell: str, value: bool) -> None:
    t = read(cell)
    assert isinstance(t, A.YesNoTarget) and t.value is value and t.word == cell


@pytest.mark.parametrize(
    ("cell", "cmp", "base", "points", "ratio"),
    [
        ("不超过预算", "≤", "预算", F(0), F(1)),
        ("控制在批复额度内", "≤", "批复额度", F(0), F(1)),
        ("控制在预算范围内", "≤", "预算", F(0), F(1)),
        ("较上年增长", ">", "上年", F(0), F(1)),
        ("较上年有所提高", ">", "上年", F(0), F(1)),
        ("比上年提高10个百分点", "≥", "上年", F(1, 10), F(1)),
        ("同比增长5%", "≥", "上年", F(0), F(105, 100)),
        ("比上年降低5%", "≤", "上年", F(0), F(95, 100)),
        ("不低于上年水平", "≥", "上年", F(0), F(1)),
        ("与上年持平", "=", "上年", F(0), F(1)),
        ("≥上年", "≥", "上年", F(0), F(1)),
        ("≤ 预算数", "≤", "预算", F(0), F(1)),
        ("＜上年同期", "<", "上年同期", F(0), F(1)),
    ],
)
def test_baselines(cell: str, cmp: str, base: str, points: F, ratio: F) -> None:
    t = read(cell)
    assert isinstance(t, A.BaselineTarget)
    assert (t.comparator, t.baseline, t.points, t.ratio) == (A.Comparator(cmp), base, points, ratio)


def test_either_target() -> None:
    t = read("不低于85%或比上年提高10个百分点")
    assert isinstance(t, A.AnyTarget)
    first, second = t.parts
    assert isinstance(first, A.QuantTarget) and first.quantity.value == 85
    assert isinstance(second, A.BaselineTarget) and second.points == F(1, 10)


@pytest.mark.parametrize("cell", ["良好", "显著", "应付尽付", "逐步改善", "达成预期指标"])
def test_own_words(cell: str) -> None:
    t = read(cell)
    assert isinstance(t, A.QualTarget) and t.text == cell


@pytest.mark.parametrize(("cell", "code"), [("每年", "E330"), ("约95%", "E338"), ("≥优秀", "E339")])
def test_no_single_reading_is_a_finding(cell: str, code: str) -> None:
    _, diags = parse_fragment(cell, "target_spec")
    assert [d.code for d in diags] == [code]


def test_bare_month_count_stays_a_quantity() -> None:
    t = read("12月")
    assert isinstance(t, A.QuantTarget) and t.quantity.unit == "月"
    assert isinstance(read("2022.3～2022.5"), A.PeriodTarget)  # a period's ends make dotted months dates
    assert isinstance(read("2022.03～2022.05"), A.PeriodTarget)
    assert isinstance(read("2022.3～2022.5吨"), A.IntervalTarget)  # a unit after them: numbers


def test_plan_year_clause() -> None:
    doc, diags = parse_document("评分表 甲\n  年度 2024\n\n指标 乙\n  目标 6月底前\n  年度 2023\n")
    assert diags == []
    sc, ind = doc.statements
    assert isinstance(sc, A.Scorecard) and sc.plan_year == 2024
    assert isinstance(ind, A.Indicator) and ind.plan_year == 2023
    again, _ = parse_document(document_text(doc))
    assert shape(again.statements) == shape(doc.statements)


# ---- print → parse round trip, every kind ------------------------------------------------------
decimals = st.builds(lambda n, p: F(n, 10**p), st.integers(0, 10**5), st.integers(0, 2))
signed = st.builds(lambda v, neg: -v if neg and v else v, decimals, st.booleans())
units = st.sampled_from([None, "%", "万元", "个", "次", "处", "人次"])
quantity = st.builds(lambda v, u: A.Quantity(S, v, u), signed, units)
unsigned_quantity = st.builds(lambda v, u: A.Quantity(S, v, u), decimals, units)
suffixes = st.sampled_from([None, "以上", "以下", "以内", "及以上", "及以下"])


def _quant(cmp: A.Comparator | None, q: A.Quantity, suffix: str | None) -> A.QuantTarget:
    if suffix is not None:
        from indicator_dsl.build_targets import SUFFIX_COMPARATORS

        cmp = SUFFIX_COMPARATORS[suffix]
        if q.unit is None:
            q = A.Quantity(S, q.value, "个")
    return A.QuantTarget(S, cmp, q, suffix)


quant_targets = st.builds(_quant, st.sampled_from([None, *A.Comparator]), quantity, suffixes)
intervals = st.builds(
    lambda lo, hi, lc, hc: A.IntervalTarget(S, A.Interval(S, lo, lc, hi, hc), "[]"),
    st.none() | quantity,
    st.none() | quantity,
    st.booleans(),
    st.booleans(),
)


def date_like(q: A.Quantity) -> bool:
    """`2022.03～2022.12` is a period as tables print it: numbers that look so are not ranges."""
    return q.unit is None and 1900 <= q.value < 2100 and q.value.denominator != 1


ranges = st.builds(
    lambda lo, hi, n: A.IntervalTarget(S, A.Interval(S, lo, True, hi, True), n),
    unsigned_quantity.filter(lambda q: not date_like(q)),
    unsigned_quantity,
    st.sampled_from(["～", "-"]),
)
tolerances = st.builds(lambda c, t: A.ToleranceTarget(S, c, t), st.none() | unsigned_quantity, unsigned_quantity)
whens = st.one_of(
    st.builds(lambda y, m, e: When(y, m, month_end=e), st.integers(2000, 2099), st.integers(1, 12), st.booleans()),
    st.builds(lambda y, d: When(y, 3, d), st.integers(2000, 2099), st.integers(1, 28)),
    st.builds(lambda y, q: When(y, quarter=q), st.integers(2000, 2099), st.integers(1, 4)),
    st.builds(
        lambda y, p: When(y, part=p), st.integers(2000, 2099), st.sampled_from(["上半年", "下半年", "年底", "年内"])
    ),
    st.builds(lambda m: When(month=m, month_end=True, every_year=True), st.integers(1, 12)),
    st.builds(lambda m: When(month=m, month_end=True), st.integers(1, 12)),
)
deadlines = st.builds(
    lambda w, by, done: A.DeadlineTarget(S, w, by, done),
    whens,
    st.sampled_from([None, "前", "之前"]),
    st.sampled_from([None, "完成", "完工"]),
)
periods = st.builds(
    lambda y, a, b, done: A.PeriodTarget(S, When(y, min(a, b)), When(y, max(a, b)), done),
    st.integers(2000, 2099),
    st.integers(1, 12),
    st.integers(1, 12),
    st.sampled_from([None, "完成"]),
)
yes_no = st.sampled_from(
    [A.YesNoTarget(S, v, w) for w, v in (("是", True), ("否", False), ("有", True), ("无", False))]
)
words = st.sampled_from(["良好", "显著", "持续", "应付尽付", "逐步改善", "达成预期指标"]).map(
    lambda t: A.QualTarget(S, t)
)
baselines = st.sampled_from(["不超过预算", "控制在批复额度内", "较上年增长", "比上年提高10个百分点", "同比增长5%"]).map(
    lambda t: read(t)
)
single = st.one_of(quant_targets, intervals, ranges, tolerances, deadlines, periods, yes_no, words, baselines)
either = st.builds(
    lambda a, b: A.AnyTarget(S, (a, b)),
    st.one_of(quant_targets, intervals, tolerances),
    st.one_of(baselines, quant_targets),
)


@given(st.one_of(single, either))
@settings(max_examples=400, deadline=None)
def test_print_then_parse_gives_the_same_target(target: A.Target) -> None:
    text = target_text(target)
    again = read(text)
    assert shape(again) == shape(target), text


@given(single)
@settings(max_examples=100, deadline=None)
def test_targets_round_trip_inside_documents(target: A.Target) -> None:
    ind = A.Indicator(S, "指标甲", S, target=target, plan_year=2024)
    doc = A.Document(parse_document("")[0].source, (ind,))
    again, diags = parse_document(document_text(doc))
    assert diags == []
    assert shape(again.statements) == shape(doc.statements)


@pytest.mark.parametrize("cell", ["≥60% 优", "<60% red", "[60%, 80%) 中", "≥-5 差"])
def test_bands_with_percent_still_parse(cell: str) -> None:
    band, diags = parse_fragment(cell, "band")
    assert diags == [] and band is not None
