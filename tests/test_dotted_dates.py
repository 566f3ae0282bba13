"""`2022.3` stays a number, unless its context makes it a date: a 月 after it (`2022.3月`), a
period's ends (`2022.3-2022.12`), 前 after it, a 时效 indicator, or an actual for a date target.
`2022.1` alone may be 2022.10 with its 0 dropped: E350 (target) / E631 (actual), never a guess."""

from __future__ import annotations

from datetime import date
from fractions import Fraction
from pathlib import Path

import pytest

from indicator_dsl import ast as A
from indicator_dsl import conditions as C
from indicator_dsl import loads
from indicator_dsl.actual_values import ActualError, read_actual
from indicator_dsl.dates import DaySpan, When, read_when
from indicator_dsl.importers import import_files


def _one(target: str, name: str = "完工时间", category: str = "") -> tuple[object, list[str]]:
    text = f"指标 {name}\n" + (f"  类别 {category}\n" if category else "") + f"  目标 {target}\n"
    cat = loads(text)
    return cat[name], [d.code for d in cat.check()]


@pytest.mark.parametrize(
    ("target", "start", "end"),
    [
        ("2022.3-2022.12", date(2022, 3, 1), date(2022, 12, 31)),
        ("2022.3-2022.9", date(2022, 3, 1), date(2022, 9, 30)),
        ("2022.03-2022.9", date(2022, 3, 1), date(2022, 9, 30)),
        ("2022.1-2022.12", date(2022, 1, 1), date(2022, 12, 31)),  # typed in a text cell: January
        ("2021.10～2022.6", date(2021, 10, 1), date(2022, 6, 30)),
    ],
)
def test_a_period_of_dotted_months_is_a_period_in_any_indicator(target: str, start: date, end: date) -> None:
    ind, codes = _one(target, name="受益人数")
    assert ind.resolved.condition == C.Period(start, end, ind.resolved.condition.text)  # type: ignore[attr-defined]
    assert codes == []


@pytest.mark.parametrize(("target", "due"), [("2022.3月", date(2022, 3, 31)), ("2022.3月底前", date(2022, 3, 31)),
                                             ("2022.3前", date(2022, 3, 31))])  # fmt: skip
def test_a_month_word_or_before_makes_a_dotted_number_a_deadline(target: str, due: date) -> None:
    ind, codes = _one(target, name="受益人数")
    assert isinstance(ind.node.target, A.DeadlineTarget) and ind.resolved.condition.due == due  # type: ignore[attr-defined]
    assert codes == []
    assert read_when("2022.3月") == When(2022, 3)


@pytest.mark.parametrize(
    ("target", "name", "category", "due"),
    [
        ("2022.3", "完工时间", "", date(2022, 3, 31)),
        ("≤2022.9", "项目建设", "产出指标 / 时效指标", date(2022, 9, 30)),
        ("2022.10", "验收时间", "", date(2022, 10, 31)),
        ("2022.12", "资金拨付时限", "", date(2022, 12, 31)),
    ],
)
def test_on_a_deadline_indicator_a_dotted_number_is_its_month(target: str, name: str, category: str, due: date) -> None:
    ind, codes = _one(target, name, category)
    assert isinstance(ind.node.target, A.DeadlineTarget) and ind.resolved.condition.due == due  # type: ignore[attr-defined]
    assert codes == []


def test_a_deadline_indicators_2022_1_has_no_single_reading() -> None:
    ind, codes = _one("2022.1", "完工时间")
    assert codes == ["E350"] and isinstance(ind.node.target, A.QuantTarget)  # left as printed, not guessed


def test_elsewhere_a_dotted_number_stays_a_number_with_a_warning_where_nothing_says_so() -> None:
    ind, codes = _one("2022.3", "受益人数")
    assert codes == ["W351"] and ind.resolved.condition == C.Compared(
        A.Comparator.GE, ind.resolved.condition.value, "2022.3"
    )  # type: ignore[attr-defined]
    assert _one("≥2022.3", "受益人数")[1] == []  # a comparator says it is a number
    unit_given = loads("指标 产量\n  单位 吨\n  目标 2022.3\n")
    assert [d.code for d in unit_given.check()] == []


def test_actual_dotted_months_for_a_date_target() -> None:
    due = C.Deadline(date(2022, 9, 30), "2022年9月")
    assert read_actual("2022.3", due).value == DaySpan(date(2022, 3, 1), date(2022, 3, 31))
    assert read_actual("2022.3月", due).value == DaySpan(date(2022, 3, 1), date(2022, 3, 31))
    assert read_actual("2022.10", due).value == DaySpan(date(2022, 10, 1), date(2022, 10, 31))
    with pytest.raises(ActualError) as exc:
        read_actual("2022.1", due)  # January, or October from a number cell
    assert exc.value.code == "E631"
    assert read_actual("2022.1.15", due).value == date(2022, 1, 15)
    assert read_actual("2022.3", None).value == Fraction(20223, 10)  # no target: a number


def test_import_reads_dotted_months_by_the_row(tmp_path: Path) -> None:
    path = tmp_path / "t.csv"
    path.write_text(
        "一级指标,二级指标,三级指标,指标值,分值\n产出指标,时效指标,完工时间,2022.3,10\n"
        "产出指标,时效指标,验收时间,2022.1,10\n产出指标,时效指标,建设周期,2022.3-2022.12,10\n"
        "产出指标,数量指标,受益人数,2022.3,10\n",
        encoding="utf-8",
    )
    result = import_files([path])
    found = [(d.code, d.location()[1:]) for d in result.diagnostics]
    assert found == [("E350", (3, 4)), ("W351", (5, 4))]
    cat = loads(result.text())
    kinds = {i.name: type(i.node.target) for i in cat.indicators}
    assert kinds == {"完工时间": A.DeadlineTarget, "验收时间": A.QuantTarget, "建设周期": A.PeriodTarget,
                     "受益人数": A.QuantTarget}  # fmt: skip
