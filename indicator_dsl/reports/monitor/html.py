"""HTML 运行监控表: one self-contained page (inline CSS, no scripts, no network) with the light
as a coloured cell that also carries its symbol and word.  Every piece of text is escaped; targets
(`.ind` text) are highlighted as the language (`highlight.highlight_inline`)."""

from __future__ import annotations

from html import escape

from ...highlight import highlight_inline
from ...monitor.models import MonitorReport
from ..html import BASE_STYLE, page
from .layout import COLOURS, HEADERS, LIGHT_COLUMN, NUMBER_COLUMNS, counts_line, heading, lines, problem_lines

STYLE = (
    BASE_STYLE
    + """td.light{font-weight:bold;white-space:nowrap;color:#fff}
td.light-yellow,td.light-none{color:#222}.counts{font-weight:bold}.problems li{margin:2px 0}"""
)
TARGET_COLUMN = 3  # 年度指标值: `.ind` text, highlighted


def render_html(report: MonitorReport, lang: str = "zh") -> str:
    lights = "".join(f"td.light-{name or 'none'}{{background:#{colour}}}" for name, colour in COLOURS.items())
    body = [
        f"<h1>{escape(heading(report, lang))}</h1>",
        f'<p class="counts">{escape(counts_line(report, lang))}</p>',
        _table(report, lang),
    ]
    return page(report.title or report.card, f"{STYLE}\n{lights}", lang, body, problem_lines(report, lang))


def _table(report: MonitorReport, lang: str) -> str:
    head = "".join(f"<th>{escape(h)}</th>" for h in HEADERS[lang])
    body = []
    for row, cells in lines(report, lang):
        tds = []
        for col, text in enumerate(cells):
            if col == LIGHT_COLUMN:
                tds.append(f'<td class="light light-{row.light or "none"}">{escape(text)}</td>')
            elif col == TARGET_COLUMN and text:
                tds.append(f"<td>{highlight_inline(text)}</td>")
            else:
                attrs = ' class="num"' if col in NUMBER_COLUMNS else ""
                tds.append(f"<td{attrs}>{escape(text)}</td>")
        body.append(f'<tr class="{row.kind}">{"".join(tds)}</tr>')
    return f'<table id="monitor-table"><thead><tr>{head}</tr></thead><tbody>{"".join(body)}</tbody></table>'
