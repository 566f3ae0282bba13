"""HTML 运行监控表: one self-contained page (inline CSS, no scripts, no network) with the light
as a coloured cell that also carries its symbol and word.  Every piece of text is escaped; targets
(`.ind` text) are highlighted as the language (`highlight.highlight_inline`)."""

from __future__ import annotations

from html import escape

from ...highlight import highlight_css, highlight_inline
from ...monitor.models import MonitorReport
from .layout import COLOURS, HEADERS, LIGHT_COLUMN, NUMBER_COLUMNS, WORDS, counts_line, heading, lines, problem_lines

STYLE = """
body{font-family:"Noto Sans CJK SC","Microsoft YaHei","PingFang SC",sans-serif;margin:24px;color:#222}
h1{font-size:20px}table{border-collapse:collapse;font-size:13px;margin-bottom:24px}
th,td{border:1px solid #999;padding:4px 6px;vertical-align:top}th{background:#e8eef7}
td.num{text-align:right;white-space:nowrap}td.light{font-weight:bold;white-space:nowrap;color:#fff}
td.light-yellow,td.light-none{color:#222}.counts{font-weight:bold}.problems li{margin:2px 0}
""".strip()
TARGET_COLUMN = 3  # 年度指标值: `.ind` text, highlighted


def render_html(report: MonitorReport, lang: str = "zh") -> str:
    title = escape(report.title or report.card)
    lights = "".join(f"td.light-{name or 'none'}{{background:#{colour}}}" for name, colour in COLOURS.items())
    parts = [
        "<!DOCTYPE html>",
        f'<html lang="{"zh-CN" if lang == "zh" else "en"}"><head><meta charset="utf-8">',
        f"<title>{title}</title><style>{STYLE}\n{lights}\n{highlight_css()}</style></head><body>",
        f"<h1>{escape(heading(report, lang))}</h1>",
        f'<p class="counts">{escape(counts_line(report, lang))}</p>',
        _table(report, lang),
    ]
    problems = problem_lines(report, lang)
    if problems:
        items = "".join(f"<li>{escape(p)}</li>" for p in problems)
        parts.append(f'<h2>{escape(WORDS[lang]["problems"])}</h2><ul class="problems">{items}</ul>')
    parts.append("</body></html>")
    return "\n".join(parts) + "\n"


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
