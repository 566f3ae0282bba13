"""The monitoring report as pydantic models: what `monitor --format json` publishes and
`indicator-dsl schema monitor` describes.

The conventions are the score report's (scoring/models.py): snake_case keys, English coded
values (`direction` positive/negative/equal/range, `kind`, `light`), decimal strings.  Amounts
in the indicator's unit (`standard`, `actual`, `forecast.value`) are printed as every report
prints them (`units.amount_digits`): rounded 四舍五入 to the report's places, a whole count
without decimals (`6` 处, not `6.00`); percents (`progress`, `ratio`, `deviation`: "83.33" means
83.33%) always with the places; `ratio_exact` keeps the fraction the light was decided on."""

from __future__ import annotations

from typing import Literal

from pydantic import Field

from ..scoring.models import DirectionCode, Problem, Text, _Frozen

Light = Literal["red", "yellow", "green", "blue"]
RowKind = Literal["quantitative", "qualitative", "deadline", "yes_no", "budget"]


class Forecast(_Frozen):
    """The full-year value: as reported (全年预计完成值), or projected when none was given."""

    value: str = Field(
        description="decimal string in the indicator's unit (a whole count without decimals; "
        "percent for the budget row)"
    )
    basis: Literal["reported", "projected"]
    method: Literal["reported", "linear", "current"] = Field(
        description="linear: 当前完成值 × 12 / 月份; current: the current value carried to year end"
    )
    meets_target: bool | None = Field(None, description="whether the forecast meets the annual target")


class MonitorRow(_Frozen):
    """One row of the 运行监控表: where the indicator stands at the cut-off and its light."""

    indicator: str
    level1: str = Field("", description="一级指标")
    level2: str = Field("", description="二级指标")
    kind: RowKind
    rule: str | None = Field(None, description="name of the scheme rule that gave the light")
    direction: DirectionCode = ""
    unit: str = ""
    target: str = Field("", description="年度指标值 as declared")
    actual: str = Field("", description="当前完成值 as displayed")
    standard: str | None = Field(
        None, description="标准值 = 年度指标值 × 月份 / 12, decimal string in the unit (a whole count without decimals)"
    )
    progress: str | None = Field(None, description="完成进度 = 当前完成值 / 年度指标值, percent")
    ratio: str | None = Field(None, description="当前完成值 / 标准值, percent: what the schedule lights test")
    ratio_exact: str | None = None
    light: Light | None = Field(None, description="null when the row cannot be judged (see light_reason)")
    light_reason: Text
    days_left: int | None = Field(None, description="days from the cut-off to a deadline not yet due")
    forecast: Forecast | None = None
    deviation: str | None = Field(None, description="偏离度 = (预计 − 年度指标值) / 年度指标值, percent")
    reason_category: str | None = Field(None, description="偏差原因类别 as given")
    reason: str | None = Field(None, description="偏差原因 / 说明 as given")
    measures: str | None = Field(None, description="纠偏措施 as given")
    problems: list[str] = Field(default_factory=list, description="codes of the problems about this row")


class LightCounts(_Frozen):
    red: int = 0
    yellow: int = 0
    green: int = 0
    blue: int = 0
    none: int = Field(0, description="rows without a light")


class MonitorReport(_Frozen):
    """A mid-year monitoring table: every indicator's light at the cut-off, and every problem."""

    card: str
    title: str = ""
    scheme: str
    scheme_title: Text
    month: int = Field(description="cut-off month N: data of months 1..N")
    as_of: str | None = Field(None, description="cut-off date YYYY-MM-DD, when known")
    schedule: str = Field(description="序时进度 N / 12, percent")
    places: int
    card_file: str = ""
    progress_file: str = ""
    rows: list[MonitorRow]
    counts: LightCounts
    problems: list[Problem] = Field(default_factory=list)
