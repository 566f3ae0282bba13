"""The one reader of actual values, as 自评表 print them, in the kind the target asks for.

Use it like this::

    from indicator_dsl.actual_values import read_actual
    read_actual("已于10月完成", condition, plan_year=2024)   # Reading(value=DaySpan(2024-10-01, 2024-10-31))
    read_actual("88.32%及以上", condition, unit=U.PERCENT)   # Reading(value=Fraction(2208, 2500), said='≥')
    read_actual("否", YesNo(False))                           # Reading(value=False)

Dates: `2025年11月`, `2025.11.20`, `2025-11-20`, `11月底` (in the plan year), `已于10月完成`,
`datetime.date` from a spreadsheet.  是/否: 是 有 已 √ / 否 无 未 ×.  Words: the text itself.
Quantities: a number with an optional unit (converted to base units), and a comparator or suffix
a cell may carry (`≥90%`, `88.32%及以上`): the number is read, the comparator kept in `said`.
Anything else raises `ActualError(code, args)`: E620 (not of the target's kind), E622 (a month
without a year and no plan year), E603/E616 (not a number / a unit of another kind).
"""

from __future__ import annotations

import dataclasses
import re
from collections.abc import Mapping
from dataclasses import dataclass
from datetime import date, datetime
from decimal import Decimal
from fractions import Fraction
from typing import Any

from . import conditions as C
from . import units as U
from . import values as V
from .cell_text import plain
from .comparator_words import COMPARATORS, SUFFIX_COMPARATORS
from .dates import DaySpan, NoPlanYear, NotADate, ambiguous_month, read_when
from .rational import NotANumber, to_fraction

_WANTED = {
    "date": ("日期（如 2025年11月、2025.11.20）", "a date (2025年11月, 2025.11.20)"),
    "yes_no": ("是/否", "是/否 (yes/no)"),
    "quantity": ("数值", "a number"),
    "words": ("文字", "words"),
}
YES_WORDS = {
    "是": True,
    "有": True,
    "已": True,
    "√": True,
    "✓": True,
    "否": False,
    "无": False,
    "未": False,
    "×": False,
}
_DATE_WORDS = re.compile(
    r"^(?:已于|于|已在|在|截至|截止)?\s*(?P<when>.+?)\s*(?:前|之前|以前)?\s*(?:已?(?:完成|完工|竣工|建成|办结|验收|实施|到位|交付|上线))?[。.]?$"
)
# A cell may carry a comparator (`≥90%`, `小于5次`, `88.32%及以上`): the language's own words
# (`comparator_words`), plus `达到` (reached) and `约` (about: said, so a caller can refuse it).
_LEADING = {**{w: c.value for w, c in COMPARATORS.items()}, "达到": "≥", "约": "≈"}
_LEAD = re.compile(
    r"^\s*(?P<cmp>" + "|".join(map(re.escape, sorted(_LEADING, key=len, reverse=True))) + r")?\s*(?P<rest>.*?)\s*$"
)
_TAIL = re.compile(
    r"^(?P<rest>.*?)\s*(?P<suffix>" + "|".join(sorted(SUFFIX_COMPARATORS, key=len, reverse=True)) + r")$"
)
_PER = re.compile(r"^每[^\W\d_]{1,3}(?=\d)")  # `每亩300`: a per-unit label, as the grammar's PER
_SAID = {**_LEADING, **{w: c.value for w, c in SUFFIX_COMPARATORS.items()}}


class ActualError(ValueError):
    """An actual the target cannot use; `code` and `args` say which and why."""

    def __init__(self, code: str, **args: Any) -> None:
        super().__init__(code, args)
        self.code = code
        self.args_ = args


@dataclass(frozen=True, slots=True)
class Reading:
    """An actual read: `value` typed for `Condition.met`; `said` a comparator the cell carried
    (`≥90%`), `converted` a compatible unit it was converted from (`5‰` for a % indicator),
    `unit` the unit a quantity was written in."""

    value: C.Actual
    text: str
    said: str | None = None
    converted: str | None = None
    unit: str | None = None  # the unit a quantity is written in (`12处` → 处), None when bare


def kind_wanted(condition: C.Condition | None) -> str:
    if isinstance(condition, C.AnyOf):
        return kind_wanted(condition.parts[0])
    if isinstance(condition, C.Deadline | C.Period):
        return "date"
    if isinstance(condition, C.YesNo):
        return "yes_no"
    if isinstance(condition, C.Statement):
        return "words"
    return "quantity"


def read_actual(
    value: Any,
    condition: C.Condition | None,
    unit: U.Unit | None = None,
    declared: Mapping[str, U.Unit] | None = None,
    plan_year: int | None = None,
) -> Reading:
    """Read `value` in the kind `condition` wants (a quantity when there is no condition)."""
    wanted = kind_wanted(condition)
    text = str(value).strip() if value is not None else ""
    if wanted == "words":
        return Reading(text, text)
    if isinstance(value, str) and (read := plain(value)) != text:  # the cell as printed in reading and error
        try:
            return dataclasses.replace(read_actual(read, condition, unit, declared, plan_year), text=text)
        except ActualError as exc:
            raise ActualError(exc.code, **{k: text if v == read else v for k, v in exc.args_.items()}) from None
    if wanted == "date":
        try:
            return Reading(read_date(value, plan_year), text)
        except ActualError as exc:
            if exc.code == "E620" and not exc.args_.get("target"):  # name the target it failed
                raise _wrong(text, "date", _target(condition)) from None
            raise
    if wanted == "yes_no":
        if isinstance(value, bool):
            return Reading(value, text)
        if text in YES_WORDS:
            return Reading(YES_WORDS[text], text)
        raise ActualError(
            "E620", actual=text, target=_target(condition), wanted=_WANTED[wanted][0], wanted_en=_WANTED[wanted][1]
        )
    return read_quantity(value, unit, declared)


def read_date(value: Any, plan_year: int | None) -> date | DaySpan:
    if isinstance(value, datetime):
        return value.date()
    if isinstance(value, date):
        return value
    text = str(value).strip()
    m = _DATE_WORDS.match(text)
    if m is None:
        raise _wrong(text, "date")
    if ambiguous_month(m["when"]):
        raise ActualError("E631", actual=text, year=m["when"].strip()[:4])
    try:
        span = read_when(m["when"]).span(plan_year)
    except NoPlanYear:
        raise ActualError("E622", actual=text) from None
    except NotADate:
        raise ActualError(
            "E620", actual=text, target="", wanted=_WANTED["date"][0], wanted_en=_WANTED["date"][1]
        ) from None
    return span.first if span.first == span.last else span


def read_quantity(value: Any, unit: U.Unit | None, declared: Mapping[str, U.Unit] | None = None) -> Reading:
    """A quantity in base units (`values.read_quantity`: a bare number takes the indicator's
    unit), with an optional comparator before or suffix after (`≥90%`, `88.32%及以上`): the
    number is read and the comparator kept in `said`.  E603: not a number; E616: a unit of
    another kind (`88.60万元` for a % indicator).  An indicator without a unit (`不超过预算`)
    takes whatever known unit the actual is written in, as its baseline does."""
    if isinstance(value, Fraction | int | float | Decimal) and not isinstance(value, bool):
        try:
            return Reading(to_fraction(value) * (unit.factor if unit else Fraction(1)), str(value))
        except NotANumber:
            raise ActualError("E603", header="实际完成值", value=str(value)) from None
    text = str(value)
    lead = _LEAD.match(text)
    rest, said = (lead["rest"], lead["cmp"]) if lead else (text, None)
    tail = _TAIL.match(rest)
    if tail:
        rest, said = tail["rest"], said or tail["suffix"]
    rest = _PER.sub("", rest)
    try:
        number, converted = V.read_quantity(rest, unit, declared, any_unit=unit is None)
    except NotANumber:
        raise ActualError("E603", header="实际完成值", value=text) from None
    except V.UnitMismatch as exc:
        raise ActualError("E616", value=text, unit=exc.written, expected=exc.expected) from None
    written = V.NUMBER_AND_UNIT.match(rest)
    unit_text = written.group(2).replace("％", "%") if written and written.group(2) else None
    return Reading(number, text, _SAID.get(said) if said else None, converted, unit_text)


def _wrong(text: str, wanted: str, target: str = "") -> ActualError:
    zh, en = _WANTED[wanted]
    return ActualError("E620", actual=text, target=target, wanted=zh, wanted_en=en)


def _target(condition: C.Condition | None) -> str:
    return getattr(condition, "text", "") if condition is not None else ""
