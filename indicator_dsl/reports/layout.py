"""The 自评表 layout every format shares: headers in zh/en, rows with 一级/二级 shown where they
change, subtotal rows after each 一级 group, then total and grade.  Pure text; no arithmetic
beyond what the report already holds."""

from __future__ import annotations

from dataclasses import dataclass
from decimal import Decimal

from ..scoring.models import IndicatorScore, Problem, ScoreReport

HEADERS = {
    "zh": ["一级指标", "二级指标", "三级指标", "年度指标值", "实际完成值", "分值", "得分", "偏差原因", "得分说明"],
    "en": ["level 1", "level 2", "indicator", "target", "actual", "weight", "score", "deviation reason", "explanation"],
}
WORDS = {
    "zh": {
        "subtotal": "小计",
        "total": "总分",
        "grade": "等级",
        "scheme": "评分方案",
        "problems": "问题",
        "left_out": "未评分",
        "na": "不适用",
        "none": "无",
        "chart": "得分与分值",
        "weight": "分值",
        "score": "得分",
    },
    "en": {
        "subtotal": "subtotal",
        "total": "total",
        "grade": "grade",
        "scheme": "scheme",
        "problems": "problems",
        "left_out": "not scored",
        "na": "n/a",
        "none": "none",
        "chart": "score vs weight",
        "weight": "weight",
        "score": "score",
    },
}


@dataclass(frozen=True, slots=True)
class Line:
    """One printed line of the 自评表; `kind` is row, subtotal, total or grade."""

    kind: str
    cells: tuple[str, ...]


def number(value: Decimal | None, places: int) -> str:
    return "" if value is None else f"{value:.{places}f}"


def row_cells(row: IndicatorScore, places: int, lang: str, show_levels: tuple[bool, bool]) -> tuple[str, ...]:
    actual = WORDS[lang]["na"] if row.not_applicable else row.actual
    return (
        row.level1 if show_levels[0] else "",
        row.level2 if show_levels[1] else "",
        row.indicator,
        row.target,
        actual,
        number(row.weight, places),
        number(row.score, places),
        row.deviation_reason or "",
        getattr(row.explanation, lang),
    )


def lines(report: ScoreReport, lang: str = "zh") -> list[Line]:
    """Rows grouped by 一级 in order of appearance, each group closed by its subtotal."""
    words, places = WORDS[lang], report.places
    subtotal = {(s.level1, s.level2): s for s in report.subtotals}
    out: list[Line] = []
    previous: tuple[str, str] | None = None
    for i, row in enumerate(report.rows):
        show = (previous is None or previous[0] != row.level1, previous is None or previous != (row.level1, row.level2))
        out.append(Line("row", row_cells(row, places, lang, show)))
        previous = (row.level1, row.level2)
        last_of_group = i + 1 == len(report.rows) or report.rows[i + 1].level1 != row.level1
        if last_of_group:
            s = subtotal[(row.level1, "")]
            out.append(
                Line(
                    "subtotal",
                    (
                        f"{row.level1} {words['subtotal']}",
                        "",
                        "",
                        "",
                        "",
                        number(s.weight, places),
                        number(s.score, places),
                        "",
                        "",
                    ),
                )
            )
    out.append(
        Line(
            "total",
            (words["total"], "", "", "", "", number(report.full_total, places), number(report.total, places), "", ""),
        )
    )
    out.append(Line("grade", (words["grade"], "", "", "", "", "", report.grade or "—", "", "")))
    return out


def problem_lines(report: ScoreReport, lang: str = "zh", project: str = "") -> list[str]:
    """Every problem as a line; `project` (a file, in a folder run) names the lines that name no
    file of their own — a line never names its file twice."""
    found = [problem_line(p, lang, project) for p in report.problems]
    left_out = getattr(report, "left_out", ())  # a monitoring report has none
    if left_out:
        found.append(f"{project + ': ' if project else ''}{WORDS[lang]['left_out']}: {'、'.join(left_out)}")
    return found


def problem_line(problem: Problem, lang: str = "zh", project: str = "") -> str:
    """`file:row:column: CODE message`, as every report lists its problems."""
    where = f"{problem.file}:{problem.row}:{problem.column}: " if problem.file else f"{project}: " if project else ""
    return f"{where}{problem.code} {getattr(problem.message, lang)}"


def heading(report: ScoreReport, lang: str = "zh") -> str:
    title = report.title or report.scorecard
    return (
        f"{title}（{WORDS[lang]['scheme']}: {report.scheme}）"
        if lang == "zh"
        else f"{title} ({WORDS[lang]['scheme']}: {report.scheme})"
    )


def level_spans(printed: list[Line]) -> list[tuple[int, int, int]]:
    """(column, first line, last line) of each 一级/二级 cell and the rows it heads, as the
    printed form merges them; columns and lines count from 0."""
    spans: list[tuple[int, int, int]] = []
    open_span: dict[int, int] = {}  # column → index in spans
    for index, ln in enumerate(printed):
        for col in (0, 1):
            if ln.kind != "row":
                open_span.pop(col, None)
            elif ln.cells[col]:
                open_span[col] = len(spans)
                spans.append((col, index, index))
            elif col in open_span:
                c, first, _ = spans[open_span[col]]
                spans[open_span[col]] = (c, first, index)
    return spans
