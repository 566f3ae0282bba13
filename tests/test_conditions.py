"""The ground-floor interval type, calendar points and target conditions."""

from __future__ import annotations

from datetime import date
from fractions import Fraction as F

import pytest
from hypothesis import given
from hypothesis import strategies as st

from indicator_dsl.ast import Comparator, Direction
from indicator_dsl.band_analysis import Range
from indicator_dsl.conditions import (
    KINDS,
    AmbiguousWords,
    AnyOf,
    Baseline,
    Compared,
    Deadline,
    MissingBaseline,
    Period,
    Statement,
    Within,
    WrongActual,
    YesNo,
)
from indicator_dsl.dates import DaySpan, NoPlanYear, NotADate, When, day_number, from_day_number, read_when
from indicator_dsl.intervals import Interval
from indicator_dsl.semantics import Bound, comparator_bound
from indicator_dsl.source import Span

fractions = st.fractions(min_value=-1000, max_value=1000, max_denominator=100)


def test_one_interval_type_for_bands_checker_and_targets() -> None:
    assert Range is Interval
    band = comparator_bound("优", Comparator.GE, F(9, 10), Span(0, 0))
    assert band is not None and band.interval == Interval(F(9, 10), True, None, False)
    assert band.contains(F(9, 10)) and not band.contains(F(89, 100))
    assert Compared(Comparator.GE, F(9, 10)).interval == band.interval


@pytest.mark.parametrize(
    ("cmp", "inside", "outside"),
    [("≥", [5, 6], [4]), (">", [6], [5]), ("≤", [5, 4], [6]), ("<", [4], [5]), ("=", [5], [4, 6])],
)
def test_from_comparator_shapes(cmp: str, inside: list[int], outside: list[int]) -> None:
    iv = Interval.from_comparator(cmp, F(5))
    assert iv is not None
    assert all(iv.contains(F(x)) for x in inside)
    assert not any(iv.contains(F(x)) for x in outside)
    assert Interval.from_comparator("≠", F(5)) is None


def test_text_empty_and_point() -> None:
    iv = Interval(F(95, 100), True, F(1), False)
    assert iv.text("%", F(1, 100)) == "[95%, 100%)"
    assert Interval(None, False, F(5), True).text() == "(-∞, 5]"
    assert Interval.point(F(3)).text("个") == "3个" and Interval.point(F(3)).is_point
    assert Interval(F(5), True, F(4), True).is_empty
    assert Interval(F(5), False, F(5), True).is_empty and not Interval.point(F(5)).is_empty
    assert Interval(F(1), True, F(3), True).distance(F(5)) == 2


@given(fractions, fractions, fractions, fractions, *[st.booleans()] * 4, fractions)
def test_intersect_contains_exactly_the_common_values(
    a: F, b: F, c: F, d: F, ac: bool, bc: bool, cc: bool, dc: bool, x: F
) -> None:
    one, two = Interval(min(a, b), ac, max(a, b), bc), Interval(min(c, d), cc, max(c, d), dc)
    assert one.intersect(two).contains(x) == (one.contains(x) and two.contains(x))
    for end in (a, b, c, d):
        assert one.intersect(two).contains(end) == (one.contains(end) and two.contains(end))


@given(fractions, fractions, st.booleans(), st.booleans(), fractions)
def test_below_inside_above_partition(a: F, b: F, lc: bool, hc: bool, x: F) -> None:
    iv = Interval(min(a, b), lc, max(a, b), hc)
    assert [iv.below(x), iv.contains(x), iv.above(x)].count(True) == (0 if iv.is_empty else 1) or iv.is_empty


@pytest.mark.parametrize(
    ("text", "first", "last"),
    [
        ("2024年11月", date(2024, 11, 1), date(2024, 11, 30)),
        ("2024年2月", date(2024, 2, 1), date(2024, 2, 29)),
        ("2024年年底", date(2024, 12, 31), date(2024, 12, 31)),
        ("2024年末", date(2024, 12, 31), date(2024, 12, 31)),
        ("6月底", date(2024, 6, 30), date(2024, 6, 30)),
        ("每年6月底", date(2024, 6, 30), date(2024, 6, 30)),
        ("上半年", date(2024, 1, 1), date(2024, 6, 30)),
        ("下半年", date(2024, 7, 1), date(2024, 12, 31)),
        ("年内", date(2024, 1, 1), date(2024, 12, 31)),
        ("2024年第三季度", date(2024, 7, 1), date(2024, 9, 30)),
        ("2025.11.20", date(2025, 11, 20), date(2025, 11, 20)),
        ("2025-11-20", date(2025, 11, 20), date(2025, 11, 20)),
        ("2022.03", date(2022, 3, 1), date(2022, 3, 31)),
        ("2023年10月15日", date(2023, 10, 15), date(2023, 10, 15)),
    ],
)
def test_read_when(text: str, first: date, last: date) -> None:
    assert read_when(text).span(2024) == DaySpan(first, last)


@pytest.mark.parametrize("text", ["", "每年", "2024年13月", "2月30日", "良好", "95%", "3"])
def test_read_when_refuses(text: str) -> None:
    with pytest.raises(NotADate):
        read_when(text)


def test_month_without_year_needs_the_plan_year() -> None:
    with pytest.raises(NoPlanYear):
        read_when("6月底").span(None)


@given(
    st.builds(
        When,
        year=st.none() | st.integers(1990, 2099),
        month=st.none() | st.integers(1, 12),
        month_end=st.booleans(),
    ).filter(lambda w: w.year is not None or w.month is not None)
)
def test_when_text_reads_back(when: When) -> None:
    if when.month is None and when.month_end:
        return
    assert read_when(when.text()) == when


@given(st.dates(date(1900, 1, 1), date(2200, 1, 1)))
def test_day_numbers(d: date) -> None:
    assert from_day_number(day_number(d)) == d
    assert day_number(d) - day_number(date(1970, 1, 1)) == (d - date(1970, 1, 1)).days


def test_conditions_answer_met_and_direction() -> None:
    assert Compared(Comparator.GE, F(9, 10)).met(F(95, 100))
    assert Compared(Comparator.LE, F(5)).direction is Direction.NEGATIVE
    within = Within(Interval.closed(F(95, 100), F(1)))
    assert within.met(F(1)) and not within.met(F(94, 100)) and within.direction is Direction.RANGE
    due = Deadline(date(2024, 12, 31), "2024年年底前")
    assert due.met(date(2024, 12, 31)) and not due.met(date(2025, 1, 3))
    assert due.met(DaySpan(date(2024, 12, 1), date(2024, 12, 31)))
    assert due.months_late(date(2025, 1, 3)) == 1 and due.months_late(date(2025, 2, 28)) == 2
    assert due.days_late(date(2025, 1, 3)) == 3 and due.direction is Direction.NEGATIVE
    oct_ = Deadline(date(2023, 10, 31))
    assert oct_.months_late(date(2023, 11, 30)) == 1 and oct_.months_late(date(2023, 12, 1)) == 2
    period = Period(date(2022, 3, 1), date(2022, 12, 31))
    assert period.met(date(2022, 6, 1)) and not period.met(date(2023, 1, 1))
    assert period.interval.contains(day_number(date(2022, 12, 31)))
    assert YesNo(False, "否").met(False) and not YesNo(True, "是").met(False)


def test_statement_own_words() -> None:
    good = Statement("良好")
    assert good.met("良好") and good.met("效果良好。") and good.met("良 好")
    assert not good.met("不良好") and not good.met("一般") and not Statement("显著").met("未显著")


def test_baselines() -> None:
    budget = Baseline(Comparator.LE, "预算")
    assert budget.met(F(80), {"预算": F(90)}) and not budget.met(F(91), {"预算": F(90)})
    with pytest.raises(MissingBaseline):
        budget.met(F(1))
    points = Baseline(Comparator.GE, "上年", points=F(10, 100))
    assert points.met(F(80, 100), {"上年": F(70, 100)}) and not points.met(F(79, 100), {"上年": F(70, 100)})
    either = AnyOf((Compared(Comparator.GE, F(85, 100)), points))
    assert either.met(F(86, 100), {"上年": F(90, 100)}) and either.met(F(80, 100), {"上年": F(70, 100)})
    assert either.direction is Direction.POSITIVE


def test_wrong_actual_kind_raises() -> None:
    with pytest.raises(WrongActual):
        Compared(Comparator.GE, F(1)).met(date(2024, 1, 1))
    with pytest.raises(WrongActual):
        YesNo(True).met("是")
    with pytest.raises(WrongActual):
        Deadline(date(2024, 1, 1)).met(F(3))
    assert set(KINDS) == {"compared", "interval", "deadline", "period", "yes_no", "statement", "baseline", "any_of"}


def test_bound_keeps_its_interval() -> None:
    b = Bound("中", Interval(F(60), True, F(70), False), Span(0, 0))
    assert (b.low, b.low_closed, b.high, b.high_closed) == (F(60), True, F(70), False)


@pytest.mark.parametrize(
    ("actual", "words"),
    [
        ("不够明显改善", "改善"),  # a negation anywhere before the words, in their clause
        ("未见明显改善", "改善"),
        ("尚未改善", "改善"),
        ("难以改善", "改善"),
        ("没有明显改善", "改善"),
        ("不太显著", "显著"),
        ("改善不明显", "改善"),  # a denial after the words
        ("改善效果不佳", "改善"),
        ("服务质量有待提高", "服务质量"),
        ("有投诉", "无投诉"),
    ],
)
def test_statement_denied_before_or_after_its_words(actual: str, words: str) -> None:
    assert Statement(words).met(actual) is False


@pytest.mark.parametrize(
    ("actual", "words"),
    [
        ("不断改善", "改善"),  # 不断 does not negate
        ("非常显著", "显著"),
        ("群众普遍反映供水明显改善", "明显改善"),
        ("效果良好，未发现问题", "良好"),  # the negation is in another clause
        ("改善明显无反弹", "改善"),  # 无 far after the words is about something else
        ("不仅改善，而且巩固", "改善"),
        ("无投诉", "无投诉"),  # the target's own negation repeated
    ],
)
def test_statement_not_denied_by_words_that_do_not_negate_it(actual: str, words: str) -> None:
    assert Statement(words).met(actual) is True


@pytest.mark.parametrize(
    ("actual", "words", "reason"),
    [
        ("并非没有改善", "改善", "double"),
        ("城区改善，郊区未改善", "改善", "clauses"),
        ("部分改善", "改善", "partial"),
        ("有所改善，但不明显", "改善", "contrast"),
        ("效果良好但不够及时", "良好", "contrast"),
        ("无一例投诉", "无投诉", "reworded"),  # likely the same claim, yet not the target's words
    ],
)
def test_statement_without_a_single_reading_is_ambiguous(actual: str, words: str, reason: str) -> None:
    with pytest.raises(AmbiguousWords) as exc:
        Statement(words).met(actual)
    assert exc.value.reason == reason and exc.value.words == words
