"""Calendar points as tables print them (`2024年11月`, `每年6月底`, `上半年`, `2025.11.20`).

Use it like this::

    from indicator_dsl.dates import read_when, day_number

    when = read_when("2024年年底")          # When(year=2024, part='年底')
    when.span(plan_year=2024)               # DaySpan(2024-12-31, 2024-12-31)
    read_when("6月底").span(2024)            # DaySpan(2024-06-30, 2024-06-30): month end
    read_when("2024年11月").span(2024)       # DaySpan(2024-11-01, 2024-11-30): the whole month
    day_number(date(1970, 1, 2))            # 1: what the engines compare

A `When` is what was written; a month without a year belongs to the plan year (`span` needs it
and raises `NoPlanYear` when it is unknown, so a caller turns that into a finding, never a
silent default).  A deadline "by" a `When` means by the last day of its span; `底` (month end,
year end) is a point, a bare month or quarter is its whole span.
"""

from __future__ import annotations

import calendar
import re
from dataclasses import dataclass
from datetime import date

EPOCH = date(1970, 1, 1)
PARTS = ("上半年", "下半年", "年底", "年内")  # parts of a year a 申报表 prints
_CN_DIGITS = {"一": 1, "二": 2, "三": 3, "四": 4, "1": 1, "2": 2, "3": 3, "4": 4}


class NoPlanYear(ValueError):
    """A calendar point without a year was resolved without a plan year."""


class NotADate(ValueError):
    """Text that is not a calendar point."""


@dataclass(frozen=True, slots=True)
class DaySpan:
    """The days a calendar point covers, both ends included."""

    first: date
    last: date

    @property
    def first_day(self) -> int:
        return day_number(self.first)

    @property
    def last_day(self) -> int:
        return day_number(self.last)


@dataclass(frozen=True, slots=True)
class When:
    """A calendar point as written.  Exactly one of month/quarter/part is set, or none (a year).

    `month_end` marks `底`/`末` (`6月底`: the last day, not the month); `every_year` marks
    `每年` (a recurring deadline, resolved in the plan year)."""

    year: int | None = None
    month: int | None = None
    day: int | None = None
    quarter: int | None = None
    part: str | None = None
    month_end: bool = False
    every_year: bool = False

    def span(self, plan_year: int | None = None) -> DaySpan:
        year = self.year if self.year is not None else plan_year
        if year is None:
            raise NoPlanYear(self.text())
        if self.month is not None:
            last = calendar.monthrange(year, self.month)[1]
            if self.day is not None:
                if self.day > last:  # 2月29日 in a year that has none
                    raise NotADate(self.text())
                return DaySpan(date(year, self.month, self.day), date(year, self.month, self.day))
            end = date(year, self.month, last)
            return DaySpan(end if self.month_end else date(year, self.month, 1), end)
        if self.quarter is not None:
            first_month = 3 * self.quarter - 2
            end = date(year, first_month + 2, calendar.monthrange(year, first_month + 2)[1])
            return DaySpan(end if self.month_end else date(year, first_month, 1), end)
        if self.part == "上半年":
            return DaySpan(date(year, 1, 1), date(year, 6, 30))
        if self.part == "下半年":
            return DaySpan(date(year, 7, 1), date(year, 12, 31))
        if self.part == "年底":
            return DaySpan(date(year, 12, 31), date(year, 12, 31))
        return DaySpan(date(year, 1, 1), date(year, 12, 31))  # 年内, or a bare year

    def text(self) -> str:
        """Canonical text that `read_when` reads back to the same `When`."""
        head = "每年" if self.every_year else (f"{self.year}年" if self.year is not None else "")
        if self.month is not None:
            tail = f"{self.month}月" + (f"{self.day}日" if self.day is not None else "")
            return head + tail + ("底" if self.month_end else "")
        if self.quarter is not None:
            return head + f"第{self.quarter}季度" + ("末" if self.month_end else "")
        if self.part is not None:
            return head + self.part
        return head


def day_number(d: date) -> int:
    """Days since 1970-01-01: how engines compare dates (integers every SQL dialect has)."""
    return (d - EPOCH).days


def from_day_number(n: int) -> date:
    return date.fromordinal(EPOCH.toordinal() + n)


_YEAR = r"(?:(?P<every>每年)|(?P<year>(?:19|20)\d\d)\s*年(?:度)?)"
_MONTH = r"(?P<month>1[0-2]|0?[1-9])\s*月(?:份)?(?:(?P<day>3[01]|[12]\d|0?[1-9])\s*[日号])?(?P<end>底|末)?"
_QUARTER = r"第?(?P<quarter>[一二三四1-4])\s*季度(?P<qend>末|底)?"
_PART = r"(?P<part>上半年|下半年|年底|年末|年终|年内|全年|底|末|终|内)"
_CN_FORM = re.compile(rf"^(?:{_YEAR}\s*)?(?:{_MONTH}|{_QUARTER}|{_PART})?$")
_NUMERIC = re.compile(
    r"^(?P<year>(?:19|20)\d\d)\s*(?P<sep>[.\-/．])\s*(?P<month>1[0-2]|0?[1-9])"
    r"(?:\s*(?P=sep)\s*(?P<day>3[01]|[12]\d|0?[1-9]))?$"
)
_DOTTED_MONTH = re.compile(r"^((?:19|20)\d\d)\s*\.\s*(1[0-2]|0?[1-9])\s*月")
_PART_ALIASES = {"年末": "年底", "年终": "年底", "全年": "年内", "底": "年底", "末": "年底", "终": "年底", "内": "年内"}


def read_when(text: str) -> When:
    """A calendar point from its printed text; `NotADate` for anything else.

    Accepts `2024年11月`, `2024年11月30日`, `11月底`, `2024年第三季度`, `上半年`, `2024年年底`,
    `年内`, `每年6月底`, `2024年`, the numeric `2025.11.20`, `2025-11-20`, `2022.03`, `2022.3`,
    and `2022.3月`.  Whether a bare `2022.1` is January or October (2022.10 with its 0 dropped)
    is the caller's question: `ambiguous_month` says when it arises."""
    s = _DOTTED_MONTH.sub(r"\1年\2月", text.strip().replace("．", "."))  # `2022.3月` is 2022年3月
    m = _NUMERIC.match(s)
    if m:
        return _checked(
            When(int(m["year"]), int(m["month"]), int(m["day"]) if m["day"] else None),
        )
    m = _CN_FORM.match(s)
    if not m or not s or not any(m[k] for k in ("year", "every", "month", "quarter", "part")):
        raise NotADate(text)
    if m["every"] and not (m["month"] or m["quarter"] or m["part"]):
        raise NotADate(text)
    if m["part"] in ("底", "末", "终", "内") and not m["year"]:
        raise NotADate(text)  # `2024年底` is a year end; a lone `底` is nothing
    part = _PART_ALIASES.get(m["part"], m["part"]) if m["part"] else None
    quarter = _CN_DIGITS[m["quarter"]] if m["quarter"] else None
    when = When(
        year=int(m["year"]) if m["year"] else None,
        month=int(m["month"]) if m["month"] else None,
        day=int(m["day"]) if m["day"] else None,
        quarter=quarter,
        part=part,
        month_end=bool(m["end"] or m["qend"]),
        every_year=bool(m["every"]),
    )
    return _checked(when)


def ambiguous_month(text: str) -> bool:
    """`2022.1` alone: 2022年1月, or 2022年10月 from a number cell that dropped the trailing 0."""
    return re.fullmatch(r"\s*(?:19|20)\d\d\s*[.．]\s*1\s*", text) is not None


def _checked(when: When) -> When:
    """Reject days a month does not have (2月30日) with NotADate."""
    if when.month is not None and when.day is not None:
        try:
            date(when.year or 2000, when.month, when.day)  # 2000 is a leap year: 2月29日 passes
        except ValueError as exc:
            raise NotADate(when.text()) from exc
    return when
