"""Terminal table, CSV and JSON of the 运行监控表.

The terminal shows the numeric columns and the light (symbol and word) in a table, and the
long texts (偏差原因, 纠偏措施, why this light) as a numbered list below it, so a saved report
keeps every word whatever the width.  CSV has every column, cells made formula-safe."""

from __future__ import annotations

import io

from ...monitor.models import MonitorReport
from ...output import csv_text, text_table
from ..table import printable
from .layout import HEADERS, LEGEND, LIGHT_COLUMN, WORDS, counts_line, heading, lines, problem_lines

TABLE_COLUMNS = (1, 2, 3, 4, 5, 6, 7, 8, 9)
FILE_WIDTH = 120  # a saved or piped table: wide enough that no number or light is ever cut
NO_WRAP = (5, 6, 7, 8, 9)  # numbers and the light never break; names, targets and tiers fold
NOTES = {"zh": ("预警说明", "偏差原因", "纠偏措施"), "en": ("why", "deviation reason", "measures")}


def render_table(report: MonitorReport, lang: str = "zh", width: int | None = None, use_rich: bool = True) -> str:
    body = _rich(report, lang, width) if use_rich else None
    if body is None:
        rows = [[printable(cells[i]) for i in TABLE_COLUMNS] for _, cells in lines(report, lang, short=True)]
        body = printable(heading(report, lang)) + "\n" + text_table([HEADERS[lang][i] for i in TABLE_COLUMNS], rows)
    out = [body, printable(counts_line(report, lang))]
    if any(r.forecast is not None and r.forecast.basis == "projected" for r in report.rows):
        out.append(LEGEND[lang])
    out.append(_notes(report, lang))
    problems = [printable(p) for p in problem_lines(report, lang)]
    if problems:
        out.append(f"{WORDS[lang]['problems']}:\n" + "\n".join("  " + p for p in problems))
    return "\n".join(line.rstrip() for line in "\n".join(out).splitlines())  # no trailing blanks in a saved file


def _rich(report: MonitorReport, lang: str, width: int | None) -> str | None:
    try:
        from rich.console import Console
        from rich.markup import escape
        from rich.table import Table
    except ImportError:
        return None
    table = Table(title=escape(heading(report, lang)), header_style="bold")
    for i in TABLE_COLUMNS:
        header = HEADERS[lang][i]
        if i in NO_WRAP:
            table.add_column(header, justify="left" if i == LIGHT_COLUMN else "right", no_wrap=True)
        else:
            table.add_column(header, justify="right" if i == 4 else "left", overflow="fold", min_width=10, max_width=16)
    for _, cells in lines(report, lang, short=True):
        table.add_row(*(escape(printable(cells[i])) for i in TABLE_COLUMNS))  # user text is never markup
    console = Console(
        file=io.StringIO(), width=max(width or FILE_WIDTH, 60), color_system=None, highlight=False, soft_wrap=False
    )
    console.print(table)
    return console.file.getvalue().rstrip("\n")  # type: ignore[attr-defined,no-any-return]


def _notes(report: MonitorReport, lang: str) -> str:
    why, reason, measures = NOTES[lang]
    out = [f"{why}:"]
    for i, (row, cells) in enumerate(lines(report, lang), start=1):
        out.append(printable(f"  {i}. {row.indicator}: {cells[12]}"))
        if cells[10]:
            out.append(printable(f"     {reason}: {cells[10]}"))
        if cells[11]:
            out.append(printable(f"     {measures}: {cells[11]}"))
    return "\n".join(out)


def render_csv(report: MonitorReport, lang: str = "zh") -> str:
    headers = [*HEADERS[lang], "light", "problems"]
    rows = [[*cells, row.light or "", " ".join(row.problems)] for row, cells in lines(report, lang)]
    return csv_text(headers, rows)


def render_json(report: MonitorReport, lang: str = "zh") -> str:
    return report.model_dump_json(indent=2)
