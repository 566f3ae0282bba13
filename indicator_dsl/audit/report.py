"""The audit report as pydantic models: what `--format json` prints and `--schema` publishes.

Keys, coded values and messages (`message: {zh, en}`) follow the score report's convention.
Numbers travel as decimal strings, so no reader sees a binary float: what the table printed
exactly as printed (`weight`, `published`, `published_total`), what the audit computed with
exactly the scheme's places (`scheme_score`, `delta`, `recomputed_total`: "10.00", never "10"),
the score report's convention (scoring/models.py).  Every finding carries the table, the 1-based row, the cell and the
indicator, and its message in both languages."""

from __future__ import annotations

from typing import Any, Literal

from pydantic import BaseModel, ConfigDict, Field

from ..diagnostics import Diagnostic
from ..scoring.models import Text

Severity = Literal["error", "warning", "info"]
RowStatus = Literal["scored", "qualitative", "not-applicable", "not-judged"]


class _Frozen(BaseModel):
    model_config = ConfigDict(frozen=True, extra="forbid")


class Finding(_Frozen):
    """One disagreement (error/warning) or one thing the audit could not judge (info)."""

    code: str = Field(description="stable code, E9xx/W9xx/I9xx")
    severity: Severity
    table: str = Field(description="file, or file!sheet for a workbook")
    row: int = Field(description="1-based row as a spreadsheet shows it")
    column: int = Field(description="1-based column; 0 when the cell is not known")
    cell: str = Field(description="cell address such as H12")
    indicator: str = Field("", description="三级指标 (or the budget line / 一级 group)")
    text: str = Field("", description="the cell's printed text")
    message: Text
    args: dict[str, str] = Field(default_factory=dict)

    @classmethod
    def of(cls, d: Diagnostic) -> Finding:
        args = dict(d.args)
        return cls(
            code=d.code,
            severity=d.severity.value,
            table=str(args.pop("table")),
            row=int(args.pop("row")),
            column=int(args.pop("column")),
            cell=str(args.pop("cell")),
            indicator=str(args.pop("indicator", "")),
            text=d.source.text if d.source else "",
            message=Text(zh=d.message("zh"), en=d.message("en")),
            args={k: str(v) for k, v in args.items()},
        )

    def said(self, lang: str) -> str:
        """The message in `lang`."""
        return self.message.en if lang == "en" else self.message.zh


class RowAudit(_Frozen):
    """One 三级指标 row: what the table printed beside what the scheme gives, and how."""

    row: int
    level1: str
    level2: str
    indicator: str
    target: str
    actual: str
    weight: str | None
    published: str | None = Field(description="得分 as printed")
    scheme_score: str | None = Field(description="the scheme's score, 四舍五入; None when not judged")
    delta: str | None = Field(description="published − scheme")
    status: RowStatus
    met: bool | None = None
    tier: str | None = Field(None, description="qualitative: tier implied by the published score")
    formula: Text = Field(Text(zh="", en=""), description="how the scheme score was computed")


class BudgetAudit(_Frozen):
    row: int
    label: str
    budget: str
    executed: str
    rate_printed: str
    rate_computed: str | None
    weight: str
    published: str | None
    scheme_score: str | None
    formula: str = ""


class Counts(_Frozen):
    error: int = 0
    warning: int = 0
    info: int = 0


class TableAudit(_Frozen):
    """The audit of one filled 自评表."""

    table: str
    title: str
    scheme: str
    tolerance: str
    published_total: str | None
    recomputed_total: str = Field(description="scheme scores where judged, published scores where not")
    budget: BudgetAudit | None
    rows: list[RowAudit]
    findings: list[Finding]
    counts: Counts
    not_judged: list[int] = Field(default_factory=list, description="rows the audit could not judge")


class AuditRun(_Frozen):
    """Every table audited in one run, plus the files that could not be read at all."""

    scheme: str
    tables: list[TableAudit]
    unreadable: list[Finding] = Field(default_factory=list)


def counts(findings: list[Finding]) -> Counts:
    by: dict[str, Any] = {"error": 0, "warning": 0, "info": 0}
    for f in findings:
        by[f.severity] += 1
    return Counts(**by)


def json_schema() -> dict[str, Any]:
    return AuditRun.model_json_schema()
