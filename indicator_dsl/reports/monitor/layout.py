"""The 运行监控表 layout every format shares: headers in zh/en, one line per row with its light
as text and a symbol (so it reads without colour), the counts line.  Render only."""

from __future__ import annotations

from ...monitor.models import MonitorReport, MonitorRow
from ..layout import problem_line

HEADERS = {
    "zh": [
        "一级指标",
        "二级指标",
        "三级指标",
        "年度指标值",
        "当前完成值",
        "标准值",
        "完成/标准",
        "预警",
        "全年预计",
        "偏离度",
        "偏差原因",
        "纠偏措施",
        "预警说明",
    ],
    "en": [
        "level 1",
        "level 2",
        "indicator",
        "target",
        "current",
        "standard",
        "of standard",
        "light",
        "forecast",
        "deviation",
        "deviation reason",
        "measures",
        "why this light",
    ],
}
LIGHT_COLUMN = 7
NUMBER_COLUMNS = (4, 5, 6, 8, 9)
LIGHT_TEXT = {
    "zh": {"red": "红", "yellow": "黄", "green": "绿", "blue": "蓝", None: "未判断"},
    "en": {"red": "red", "yellow": "yellow", "green": "green", "blue": "blue", None: "none"},
}
SYMBOLS = {"red": "✖", "yellow": "▲", "green": "●", "blue": "◆", None: "—"}
COLOURS = {"red": "E53935", "yellow": "FBC02D", "green": "43A047", "blue": "1E88E5", None: "BDBDBD"}
BASIS = {
    "zh": {"reported": "", "linear": "（推算：线性）", "current": "（推算：按当前值）"},
    "en": {"reported": "", "linear": " (projected: linear)", "current": " (projected: current value)"},
}
WORDS = {
    "zh": {"scheme": "监控方案", "month": "截至", "schedule": "序时进度", "counts": "预警", "problems": "问题"},
    "en": {"scheme": "scheme", "month": "cut-off", "schedule": "schedule", "counts": "lights", "problems": "problems"},
}


def light_label(light: str | None, lang: str) -> str:
    """`✖ 红`: a symbol and the word, so the light survives a black-and-white print."""
    return f"{SYMBOLS[light]} {LIGHT_TEXT[lang][light]}"


PROJECTED_MARK = "≈"
LEGEND = {
    "zh": "≈ 推算值（未填全年预计完成值：累计量按 当前完成值 × 12 / 月份，比率和其余按当前值）",
    "en": "≈ projected (no full-year forecast given: totals as current × 12 / month, rates and others as current)",
}


def forecast_text(row: MonitorRow, lang: str, short: bool = False) -> str:
    """`36.00公里（推算：线性）`, or `≈36.00公里` in the terminal (with the legend below it)."""
    if row.forecast is None:
        return ""
    unit = row.unit if row.kind != "budget" else "%"
    value = f"{row.forecast.value}{unit}"
    if short:
        return value if row.forecast.basis == "reported" else PROJECTED_MARK + value
    return value + BASIS[lang][row.forecast.method]


def row_cells(row: MonitorRow, lang: str, show_levels: tuple[bool, bool], short: bool = False) -> tuple[str, ...]:
    unit = "%" if row.kind == "budget" else row.unit
    reason = " ".join(x for x in (row.reason_category and f"[{row.reason_category}]", row.reason) if x)
    return (
        row.level1 if show_levels[0] else "",
        row.level2 if show_levels[1] else "",
        row.indicator,
        row.target,
        row.actual,
        f"{row.standard}{unit}" if row.standard is not None else "",
        f"{row.ratio}%" if row.ratio is not None else "",
        light_label(row.light, lang),
        forecast_text(row, lang, short),
        f"{row.deviation}%" if row.deviation is not None else "",
        reason,
        row.measures or "",
        getattr(row.light_reason, lang),
    )


def lines(report: MonitorReport, lang: str = "zh", short: bool = False) -> list[tuple[MonitorRow, tuple[str, ...]]]:
    """Each row with its printed cells; 一级/二级 shown where they change; `short` for the
    terminal (projected forecasts marked ≈)."""
    out = []
    previous: tuple[str, str] | None = None
    for row in report.rows:
        show = (previous is None or previous[0] != row.level1, previous is None or previous != (row.level1, row.level2))
        out.append((row, row_cells(row, lang, show, short)))
        previous = (row.level1, row.level2)
    return out


def heading(report: MonitorReport, lang: str = "zh") -> str:
    words = WORDS[lang]
    title = report.title or report.card
    when = report.as_of or (f"{report.month} 月" if lang == "zh" else f"month {report.month}")
    schedule, scheme = f"{words['schedule']} {report.schedule}%", f"{words['scheme']}: {report.scheme}"
    if lang == "zh":
        return f"{title} 运行监控（{words['month']} {when}，{schedule}，{scheme}）"
    return f"{title} monitoring ({words['month']} {when}, {schedule}, {scheme})"


def counts_line(report: MonitorReport, lang: str = "zh") -> str:
    c = report.counts
    parts = [(light, getattr(c, light)) for light in ("red", "yellow", "green", "blue")] + [(None, c.none)]
    return f"{WORDS[lang]['counts']}: " + "  ".join(f"{light_label(light, lang)} {n}" for light, n in parts)


def problem_lines(report: MonitorReport, lang: str = "zh") -> list[str]:
    return [problem_line(p, lang) for p in report.problems]
