"""CSV: one line per row of the 自评表 with every field, then the total; cells that a
spreadsheet would run as formulas are neutralised by `output.csv_text`."""

from __future__ import annotations

from ..output import csv_text
from ..scoring.models import ScoreReport
from .layout import WORDS, number

HEADERS = {
    "zh": [
        "一级指标",
        "二级指标",
        "三级指标",
        "类型",
        "年度指标值",
        "实际完成值",
        "声明分值",
        "分值",
        "得分",
        "规则",
        "达标",
        "档次",
        "不适用",
        "人工调整理由",
        "偏差原因",
        "得分说明",
    ],
    "en": [
        "level1",
        "level2",
        "indicator",
        "kind",
        "target",
        "actual",
        "declared_weight",
        "weight",
        "score",
        "rule",
        "met",
        "tier",
        "not_applicable",
        "override_reason",
        "deviation_reason",
        "explanation",
    ],
}


# Coded values as a reader of each language expects them; English keeps the JSON codes.
VALUES: dict[str, dict[object, str]] = {
    "zh": {
        "quantitative": "定量",
        "qualitative": "定性",
        "budget": "预算执行",
        "met": "达标",
        "unmet": "未达标",
        "not-applicable": "不适用",
        "override": "人工调整",
        "not-scored": "未评分",
        True: "是",
        False: "否",
    },
    "en": {True: "true", False: "false"},
}


def render(report: ScoreReport, lang: str = "zh") -> str:
    p = report.places
    words = VALUES[lang]
    rows: list[list[object]] = []
    for r in report.rows:
        rows.append(
            [
                r.level1,
                r.level2,
                r.indicator,
                words.get(r.kind, r.kind),
                r.target,
                r.actual,
                r.declared_weight,
                number(r.weight, p),
                number(r.score, p),
                words.get(r.rule, r.rule),
                "" if r.met is None else words[r.met],
                r.tier or "",
                words[r.not_applicable],
                r.override_reason or "",
                r.deviation_reason or "",
                getattr(r.explanation, lang),
            ]
        )
    blank = [""] * (len(HEADERS[lang]) - 9)
    rows.append(
        [WORDS[lang]["total"], "", "", "", "", "", "", number(report.full_total, p), number(report.total, p), *blank]
    )
    rows.append([WORDS[lang]["grade"], "", "", "", "", "", "", "", report.grade or "", *blank])
    return csv_text(HEADERS[lang], rows)
