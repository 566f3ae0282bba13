"""The score report as pydantic models: what JSON output and `indicator-dsl schema` publish.

JSON conventions (one for every report): keys are English snake_case; coded values are English
lowercase words, hyphenated (`kind` quantitative, `rule` not-scored, `direction` positive /
negative / equal / range) — Chinese appears only in text taken from the files and in `zh`
messages; scores, weights and totals are decimal strings with exactly the report's `places`
("0.00", never "0"), already rounded 四舍五入, so no reader ever sees a binary float; `*_exact`
fields keep the unrounded fraction ("951/100") for auditors."""

from __future__ import annotations

from decimal import Decimal
from typing import Annotated, Literal

from pydantic import BaseModel, BeforeValidator, ConfigDict, Field

from ..diagnostics import Diagnostic

RowKind = Literal["quantitative", "qualitative", "budget"]
Direction = Literal["", "positive", "negative", "equal", "range"]
DIRECTION_CODES = {"正向": "positive", "反向": "negative", "等于": "equal", "区间": "range"}
# the language's 正向/反向/等于/区间 as the JSON's English codes, for every report that has a direction
DirectionCode = Annotated[
    Direction,
    BeforeValidator(lambda value: DIRECTION_CODES.get(str(value), value)),
    Field(description="positive, negative, equal or range; blank for 定性 rows"),
]
RuleName = Literal["met", "unmet", "qualitative", "budget", "not-applicable", "override", "not-scored", "rule"]


class _Frozen(BaseModel):
    model_config = ConfigDict(frozen=True, extra="forbid")


class Text(_Frozen):
    """One sentence in both languages."""

    zh: str
    en: str


class Problem(_Frozen):
    """A finding about the inputs: code, where (file, row, column as a spreadsheet counts), message."""

    code: str
    severity: Literal["error", "warning", "info"]
    file: str
    row: int = Field(0, description="1-based row; the header is row 1; 0 when not about one row")
    column: int = Field(0, description="1-based column; 0 when not about one cell")
    indicator: str | None = None
    message: Text

    @classmethod
    def of(cls, d: Diagnostic) -> Problem:
        """A diagnostic as a report's problem: its place as a spreadsheet counts, both languages."""
        file, row, col = d.location()
        return cls(
            code=d.code,
            severity=d.severity.value,
            file=file if d.source else "",
            row=row,
            column=col,
            indicator=d.args.get("name"),
            message=Text(zh=d.message("zh"), en=d.message("en")),
        )


class IndicatorScore(_Frozen):
    """One row of the 自评表, with the reason for its score."""

    indicator: str
    level1: str = Field("", description="一级指标")
    level2: str = Field("", description="二级指标")
    kind: RowKind
    direction: DirectionCode = ""
    unit: str = ""
    target: str = Field("", description="年度指标值 as declared")
    actual: str = Field("", description="实际完成值 as displayed")
    actual_exact: str | None = None
    declared_weight: Decimal
    weight: Decimal = Field(description="分值 used, after scheme group weights and 不适用 rescaling")
    score: Decimal | None = Field(None, description="得分, rounded 四舍五入; None when not scored")
    score_exact: str | None = None
    computed_score: Decimal | None = Field(None, description="the rule's score before a manual override")
    rule: RuleName
    rule_reading: str | None = Field(
        None, description="评分读作: the reading of the row's own 评分 rule that scored it (rule `rule`), else null"
    )
    met: bool | None = None
    tier: str | None = None
    not_applicable: bool = False
    override_reason: str | None = None
    deviation_reason: str | None = Field(None, description="偏差原因")
    explanation: Text
    warnings: list[str] = Field(default_factory=list, description="codes of warnings about this row")


class Subtotal(_Frozen):
    level1: str
    level2: str = ""
    weight: Decimal
    score: Decimal


class ScoreReport(_Frozen):
    """A scored self-evaluation: rows, subtotals, total, grade and every problem found."""

    scorecard: str
    title: str = ""
    scheme: str
    scheme_title: Text
    places: int
    scorecard_file: str = ""
    actuals_file: str = ""
    rows: list[IndicatorScore]
    subtotals: list[Subtotal]
    total: Decimal
    full_total: Decimal
    grade: str | None
    left_out: list[str] = Field(default_factory=list, description="indicators not scored (see problems)")
    problems: list[Problem] = Field(default_factory=list)
