"""Terminal 自评表: a rich table when rich is installed, the plain CJK-aware text table otherwise."""

from __future__ import annotations

import io
import shutil

from ..output import text_table
from ..scoring.models import ScoreReport
from .layout import HEADERS, WORDS, heading, lines, problem_lines


def render(report: ScoreReport, lang: str = "zh", use_rich: bool = True) -> str:
    body = _rich(report, lang) if use_rich else None
    if body is None:
        body = heading(report, lang) + "\n" + text_table(HEADERS[lang], [ln.cells for ln in lines(report, lang)])
    problems = problem_lines(report, lang)
    if problems:
        body += f"\n{WORDS[lang]['problems']}:\n" + "\n".join("  " + p for p in problems)
    return body


def _rich(report: ScoreReport, lang: str) -> str | None:
    try:
        from rich.console import Console
        from rich.table import Table
    except ImportError:
        return None
    table = Table(title=heading(report, lang), show_lines=False, header_style="bold")
    for i, header in enumerate(HEADERS[lang]):
        table.add_column(header, justify="right" if i in (5, 6) else "left", overflow="fold")
    for ln in lines(report, lang):
        style = {"subtotal": "bold", "total": "bold cyan", "grade": "bold cyan"}.get(ln.kind)
        table.add_row(*ln.cells, style=style, end_section=ln.kind == "subtotal")
    buf = io.StringIO()
    width = shutil.get_terminal_size((160, 24)).columns
    Console(file=buf, width=max(width, 100), color_system=None, highlight=False, soft_wrap=False).print(table)
    return buf.getvalue().rstrip("\n")
