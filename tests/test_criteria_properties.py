"""Hypothesis properties of per-indicator rules: scores stay within [0, weight], stepped and
tiered rules are monotonic where the text says so, and text → structure → text is the identity
(printed text read, printed in the structured form, parsed back: the same rule)."""

from __future__ import annotations

import dataclasses
from fractions import Fraction as F

from hypothesis import given, settings
from hypothesis import strategies as st

from indicator_dsl.criteria import criterion_text, parse_structured, read
from indicator_dsl.criteria.model import Case, Fixed, Measure, Points, Scale, Steps
from indicator_dsl.criteria.reader import Context
from indicator_dsl.criteria.score import Given, score
from indicator_dsl.intervals import Interval

PCT = Context(unit="%", direction="正向")
WIDE = str.maketrans({",": "，", ";": "；", "(": "（", ")": "）", "%": "％"})

percent = st.integers(min_value=0, max_value=2000).map(lambda n: F(n, 10000))  # 0%–20% in 0.01 steps
values = st.integers(min_value=0, max_value=15000).map(lambda n: F(n, 10000))  # 0%–150%


def _pct(x: F) -> str:
    text = f"{float(x * 100):.2f}".rstrip("0").rstrip(".")
    return text + "%"


@st.composite
def tier_texts(draw: st.DrawFn) -> tuple[str, list[F], list[int]]:
    """`≥a得p0分；b（含）-a，得p1分；…；低于z不得分`, thresholds falling, points falling."""
    cuts = sorted(draw(st.sets(st.integers(min_value=40, max_value=99), min_size=1, max_size=4)), reverse=True)
    points = sorted(
        draw(st.lists(st.integers(min_value=1, max_value=20), min_size=len(cuts), max_size=len(cuts))), reverse=True
    )
    parts = [f"完成率≥{cuts[0]}%，得{points[0]}分"]
    for hi, lo, p in zip(cuts, cuts[1:], points[1:], strict=False):
        parts.append(f"{lo}%(含)-{hi}%，得{p}分")
    parts.append(f"低于{cuts[-1]}%不得分")
    text = ";".join(parts) + "。"
    if draw(st.booleans()):
        text = text.translate(WIDE)
    if draw(st.booleans()):
        text = text.replace("，", "，\n").replace(",", ",\n")
    return text, [F(c, 100) for c in cuts], points


@st.composite
def stepped_texts(draw: st.DrawFn) -> tuple[str, int]:
    """`满意度a%以上得w分，每降低d个百分点扣k分，扣完为止`."""
    a = draw(st.integers(min_value=50, max_value=100))
    w = draw(st.integers(min_value=1, max_value=20))
    d = draw(st.sampled_from(["1", "2", "5", "0.5"]))
    k = draw(st.sampled_from(["0.1", "0.5", "1", "2"]))
    text = f"满意度{a}%以上得{w}分，每降低{d}个百分点扣{k}分，扣完为止。"
    if draw(st.booleans()):
        text = text.translate(WIDE).replace(".", ". ")  # stray spaces in numbers: `0. 5分`
    return text, w


@given(tier_texts(), values)
@settings(max_examples=150, deadline=None)
def test_tiers_score_within_weight_and_rise_with_the_value(case: tuple[str, list[F], list[int]], x: F) -> None:
    text, cuts, points = case
    rule, findings = read(text, PCT)
    assert rule is not None, (text, findings)
    weight = F(points[0])
    low, high = score(rule.criterion, Given(value=x), weight), score(rule.criterion, Given(value=x + F(1, 100)), weight)
    assert 0 <= low.points <= weight
    assert low.points <= high.points
    on = score(rule.criterion, Given(value=cuts[0]), weight).points
    assert on == weight  # on the top threshold: ≥ includes it


@given(stepped_texts(), values, values)
@settings(max_examples=150, deadline=None)
def test_steps_score_within_weight_and_are_monotonic(case: tuple[str, int], x: F, y: F) -> None:
    text, w = case
    rule, findings = read(text, PCT)
    assert rule is not None, (text, findings)
    lo, hi = min(x, y), max(x, y)
    a, b = (score(rule.criterion, Given(value=v), F(w)).points for v in (lo, hi))
    assert 0 <= a <= b <= w


@given(st.one_of(tier_texts().map(lambda c: c[0]), stepped_texts().map(lambda c: c[0])), values)
@settings(max_examples=150, deadline=None)
def test_text_structure_text_round_trip(text: str, x: F) -> None:
    rule, _ = read(text, PCT)
    assert rule is not None
    printed = criterion_text(rule.criterion)
    back = parse_structured(printed)
    assert criterion_text(back) == printed
    assert _no_spans(back) == _no_spans(rule.criterion)
    assert score(back, Given(value=x), F(10)).points == score(rule.criterion, Given(value=x), F(10)).points


@st.composite
def scales(draw: st.DrawFn) -> Scale:
    """Structured rules built directly: ascending cuts, fixed points or steps, optional floor."""
    cuts = sorted(draw(st.sets(percent, min_size=1, max_size=4)))
    cases: list[Case] = []
    lows = [None, *cuts]
    highs = [*cuts, None]
    for i, (lo, hi) in enumerate(zip(lows, highs, strict=True)):
        r = Interval(lo, lo is not None, hi, False)
        if draw(st.booleans()) and hi is not None:
            piece: Fixed | Steps = Steps(
                hi, Points(F(draw(st.integers(1, 10)))), F(1, 100), F(draw(st.integers(1, 9)), 10)
            )
        else:
            piece = Fixed(Points(F(i)) if draw(st.booleans()) else Points(F(0), F(draw(st.integers(0, 4)), 4)))
        cases.append(Case(r, piece))
    floor = Points() if draw(st.booleans()) else None
    return Scale(Measure.VALUE, tuple(cases), "%", floor)


@given(scales(), values, st.integers(min_value=1, max_value=30))
@settings(max_examples=200, deadline=None)
def test_structured_form_round_trip_and_bounds(scale: Scale, x: F, weight: int) -> None:
    printed = criterion_text(scale)
    back = parse_structured(printed)
    assert criterion_text(back) == printed
    assert back == scale
    points = score(scale, Given(value=x), F(weight)).points
    assert 0 <= points <= weight


def _no_spans(node: object) -> object:
    if dataclasses.is_dataclass(node) and not isinstance(node, type):
        return {f.name: _no_spans(getattr(node, f.name)) for f in dataclasses.fields(node) if f.name != "span"}
    if isinstance(node, tuple):
        return tuple(_no_spans(x) for x in node)
    return node


PIECES = st.sampled_from(
    list("≥≤<>=±%（）()-~，,；;。0123456789.")
    + [
        "得",
        "分",
        "扣",
        "每",
        "以上",
        "以下",
        "以内",
        "含",
        "不得分",
        "扣完为止",
        "满分",
        "上年",
        "①",
        "②",
        "个百分点",
        "按比例",
        "否则",
        "一",
        "延期",
        "月",
        "例",
        "率",
        "完成",
    ]
)


@given(st.lists(PIECES, max_size=30).map("".join))
@settings(max_examples=400, deadline=None)
def test_any_text_reads_to_a_rule_or_findings_never_a_crash(text: str) -> None:
    rule, findings = read(text, PCT)
    assert rule is not None or any(f.code.startswith("E") for f in findings)
    for f in findings:
        assert 0 <= f.start <= f.end <= len(text)
    if rule is not None:
        printed = criterion_text(rule.criterion)
        assert criterion_text(parse_structured(printed)) == printed
