"""Hypothesis properties of scoring: bounds per row and in total, 不适用 rescaling, row order."""

from __future__ import annotations

import functools
from decimal import Decimal
from fractions import Fraction

from hypothesis import HealthCheck, given, settings
from hypothesis import strategies as st

from indicator_dsl import loads
from indicator_dsl.scoring import load_scheme, score, score_indicator

SETTINGS = settings(max_examples=60, deadline=None, suppress_health_check=[HealthCheck.too_slow])
COMPARATORS = ["≥", ">", "≤", "<", "="]
SCHEMES = ["national-2020", "reverse-linear", "province-40-40-20"]


@functools.cache
def one(comparator: str, target: str):
    return loads(f"指标 x\n  类别 产出指标 / 数量指标\n  目标 {comparator}{target}%\n  权重 10\n")["x"]


@functools.cache
def card(weights: tuple[int, ...]):
    lines = []
    for i, w in enumerate(weights):
        level1 = ["产出指标", "效益指标", "满意度指标"][i % 3]
        cmp = "≤" if i % 4 == 1 else "≥"
        lines.append(f"指标 i{i}\n  类别 {level1} / 子类\n  目标 {cmp}{50 + i}%\n  权重 {w}\n")
    return loads("".join(lines) + "评分表 t\n")


percent = st.decimals(min_value=0, max_value=300, places=2, allow_nan=False, allow_infinity=False)


@st.composite
def partitions(draw, total: int = 100) -> tuple[int, ...]:
    cuts = sorted(draw(st.lists(st.integers(1, total - 1), min_size=1, max_size=7, unique=True)))
    bounds = [0, *cuts, total]
    return tuple(b - a for a, b in zip(bounds, bounds[1:], strict=False))


@SETTINGS
@given(
    st.sampled_from(COMPARATORS),
    st.decimals(min_value=Decimal("0.01"), max_value=200, places=2),
    percent,
    st.integers(1, 40),
    st.sampled_from(SCHEMES),
)
def test_row_score_within_zero_and_weight(cmp, target, actual, weight, scheme):
    row = score_indicator(one(cmp, str(target)), f"{actual}%", weight, load_scheme(scheme))
    assert Decimal(0) <= row.score <= Decimal(weight)
    assert Fraction(0) <= Fraction(row.score_exact) <= weight


@st.composite
def scenario(draw):
    weights = draw(partitions())
    rows = []
    for i, w in enumerate(weights):
        kind = draw(st.sampled_from(["value", "value", "na", "override", "missing"]))
        if kind == "missing":
            continue
        row = {"指标": f"i{i}", "实际完成值": f"{draw(percent)}%"}
        if kind == "na":
            row["不适用"] = "是"
        if kind == "override":
            row.update(得分=str(draw(st.decimals(min_value=0, max_value=w, places=2))), 理由="复核")
        rows.append(row)
    return weights, rows


@SETTINGS
@given(scenario(), st.sampled_from(SCHEMES))
def test_total_never_exceeds_100(case, scheme):
    weights, rows = case
    report = score(card(weights), rows, scheme=scheme)
    assert Decimal(0) <= report.total <= Decimal(100)
    for r in report.rows:
        assert r.score is None or Decimal(0) <= r.score <= r.weight


@SETTINGS
@given(partitions(), st.data())
def test_not_applicable_rescales_to_the_full_total(weights, data):
    na = data.draw(st.sets(st.integers(0, len(weights) - 1), max_size=len(weights) - 1))
    rows = [{"指标": f"i{i}", "实际完成值": "/" if i in na else "300%"} for i in range(len(weights))]
    report = score(card(weights), rows)
    assert sum(r.weight for r in report.rows) == Decimal(100)
    met = all(r.met for r in report.rows if not r.not_applicable and r.direction == "positive")
    if met and not any(r.direction == "negative" and not r.not_applicable for r in report.rows):
        assert report.total == Decimal("100.00")


@SETTINGS
@given(scenario(), st.randoms(use_true_random=False))
def test_row_order_changes_nothing(case, rnd):
    weights, rows = case
    shuffled = list(rows)
    rnd.shuffle(shuffled)
    first, second = score(card(weights), rows), score(card(weights), shuffled)
    assert [(r.indicator, r.score, r.weight) for r in first.rows] == [
        (r.indicator, r.score, r.weight) for r in second.rows
    ]
    assert first.total == second.total and first.grade == second.grade
    assert sorted(p.code for p in first.problems) == sorted(p.code for p in second.problems)


def _largest_remainder_by_fractions(weights: dict[str, Fraction], places: int) -> dict[str, Fraction]:
    """The rounding as first written, in Fractions throughout: the reference for the integer one."""
    from indicator_dsl.rational import round_half_up

    unit = Fraction(1, 10**places)
    floors = {n: (w // unit) * unit for n, w in weights.items()}
    target = round_half_up(sum(weights.values(), Fraction(0)), places)
    leftover = int((Fraction(target) - sum(floors.values(), Fraction(0))) / unit)
    for name in sorted(weights, key=lambda n: -(weights[n] - floors[n]))[: max(leftover, 0)]:
        if weights[name] != floors[name]:
            floors[name] += unit
    return floors


@given(
    st.lists(st.fractions(min_value=-50, max_value=1000, max_denominator=997), min_size=1, max_size=12),
    st.integers(0, 6),
)
@SETTINGS
def test_largest_remainder_in_integers_equals_the_fraction_rounding(values: list[Fraction], places: int) -> None:
    from indicator_dsl.scoring.weights import largest_remainder

    weights = {f"w{i}": v for i, v in enumerate(values)}
    got = largest_remainder(weights, places)
    assert list(got.items()) == list(_largest_remainder_by_fractions(weights, places).items())


@SETTINGS
@given(st.lists(st.fractions(max_denominator=10**6) | st.integers(-(10**9), 10**9), max_size=30))
def test_exact_sum_is_the_sum(values: list[Fraction | int]) -> None:
    from indicator_dsl.rational import exact_sum

    total = exact_sum(values)
    assert total == sum(values, Fraction(0)) and type(total) is Fraction
