"""HTML: one self-contained page (inline CSS and SVG, no scripts, no network) with the 自评表
and a chart of score against weight per row.  Every piece of text is escaped; targets (`.ind`
text) are highlighted as the language (`highlight.highlight_inline`)."""

from __future__ import annotations

from decimal import ROUND_HALF_UP, Decimal
from html import escape

from ..highlight import highlight_css, highlight_inline
from ..scoring.models import ScoreReport
from .layout import HEADERS, WORDS, heading, level_spans, lines, number, problem_lines

# the look every report page shares (score, monitor); each adds its own rules after it
BASE_STYLE = """
body{font-family:"Noto Sans CJK SC","Microsoft YaHei","PingFang SC",sans-serif;margin:24px;color:#222}
h1{font-size:20px}table{border-collapse:collapse;font-size:13px;margin-bottom:24px}
th,td{border:1px solid #999;padding:4px 6px;vertical-align:top}th{background:#e8eef7}
td.num{text-align:right;white-space:nowrap}""".strip()
STYLE = (
    BASE_STYLE
    + """tr.subtotal td,tr.total td,tr.grade td{font-weight:bold;background:#f4f4f4}
tr.total td,tr.grade td{background:#dde8f5}.problems li{margin:2px 0}"""
)
BAR_HEIGHT, BAR_GAP, LABEL_WIDTH, CHART_WIDTH = 16, 8, 260, 420
TARGET_COLUMN = 3  # 年度指标值: `.ind` text, highlighted


def render(report: ScoreReport, lang: str = "zh") -> str:
    body = [
        f"<h1>{escape(heading(report, lang))}</h1>",
        _table(report, lang),
        f"<h2>{escape(WORDS[lang]['chart'])}</h2>",
        _chart(report, lang),
    ]
    return page(report.title or report.scorecard, STYLE, lang, body, problem_lines(report, lang))


def page(title: str, style: str, lang: str, body: list[str], problems: list[str]) -> str:
    """One self-contained page of any report: head with the inline style (and the highlighting
    of `.ind` text), the body (already escaped HTML), and the problems listed under it.  `title`
    and `problems` are escaped here."""
    parts = [
        "<!DOCTYPE html>",
        f'<html lang="{"zh-CN" if lang == "zh" else "en"}"><head><meta charset="utf-8">',
        f"<title>{escape(title)}</title><style>{style}\n{highlight_css()}</style></head><body>",
        *body,
    ]
    if problems:
        items = "".join(f"<li>{escape(p)}</li>" for p in problems)
        parts.append(f'<h2>{escape(WORDS[lang]["problems"])}</h2><ul class="problems">{items}</ul>')
    parts.append("</body></html>")
    return "\n".join(parts) + "\n"


def _table(report: ScoreReport, lang: str) -> str:
    """The 自评表 with 一级/二级 cells spanning the rows they head (rowspan), as printed."""
    head = "".join(f"<th>{escape(h)}</th>" for h in HEADERS[lang])
    printed = lines(report, lang)
    rowspan = {(first, col): last - first + 1 for col, first, last in level_spans(printed)}
    covered = {(i, col) for col, first, last in level_spans(printed) for i in range(first + 1, last + 1)}
    body = []
    for index, ln in enumerate(printed):
        cells = []
        for col, text in enumerate(ln.cells):
            if (index, col) in covered:
                continue
            span = rowspan.get((index, col), 1)
            attrs = (' class="num"' if col in (5, 6) else "") + (f' rowspan="{span}"' if span > 1 else "")
            shown = highlight_inline(text) if col == TARGET_COLUMN and ln.kind == "row" and text else escape(text)
            cells.append(f"<td{attrs}>{shown}</td>")
        body.append(f'<tr class="{ln.kind}">{"".join(cells)}</tr>')
    return f'<table id="score-table"><thead><tr>{head}</tr></thead><tbody>{"".join(body)}</tbody></table>'


def _chart(report: ScoreReport, lang: str) -> str:
    """Horizontal bars: the weight in grey, the score over it in blue, one line per row."""
    rows = [r for r in report.rows if not r.not_applicable]
    top = max((r.weight for r in rows), default=Decimal(1)) or Decimal(1)
    height = len(rows) * (BAR_HEIGHT + BAR_GAP) + 40
    width = LABEL_WIDTH + CHART_WIDTH + 120
    out = [
        f'<svg xmlns="http://www.w3.org/2000/svg" id="score-chart" width="{width}" height="{height}" '
        f'viewBox="0 0 {width} {height}" role="img" aria-label="{escape(WORDS[lang]["chart"])}">'
    ]
    for i, r in enumerate(rows):
        y = 10 + i * (BAR_HEIGHT + BAR_GAP)
        w_len = _scale(r.weight, top)
        s_len = _scale(r.score or Decimal(0), top)
        label = f"{number(r.score, report.places) or '—'} / {number(r.weight, report.places)}"
        out += [
            f'<text x="{LABEL_WIDTH - 6}" y="{y + 12}" text-anchor="end" font-size="12">{escape(r.indicator)}</text>',
            f'<rect x="{LABEL_WIDTH}" y="{y}" width="{w_len}" height="{BAR_HEIGHT}" fill="#d0d0d0"/>',
            f'<rect x="{LABEL_WIDTH}" y="{y + 3}" width="{s_len}" height="{BAR_HEIGHT - 6}" fill="#2f6fb5"/>',
            f'<text x="{LABEL_WIDTH + w_len + 6}" y="{y + 12}" font-size="12">{escape(label)}</text>',
        ]
    legend_y = height - 14
    out += [
        f'<rect x="{LABEL_WIDTH}" y="{legend_y - 10}" width="12" height="12" fill="#d0d0d0"/>',
        f'<text x="{LABEL_WIDTH + 16}" y="{legend_y}" font-size="12">{escape(WORDS[lang]["weight"])}</text>',
        f'<rect x="{LABEL_WIDTH + 80}" y="{legend_y - 10}" width="12" height="12" fill="#2f6fb5"/>',
        f'<text x="{LABEL_WIDTH + 96}" y="{legend_y}" font-size="12">{escape(WORDS[lang]["score"])}</text>',
        "</svg>",
    ]
    return "\n".join(out)


def _scale(value: Decimal, top: Decimal) -> Decimal:
    return (value / top * CHART_WIDTH).quantize(Decimal("0.1"), rounding=ROUND_HALF_UP)
