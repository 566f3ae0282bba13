"""Terminal 自评表: a rich table when rich is installed, the plain CJK-aware text table otherwise.

On a terminal narrower than WIDE columns the two long text columns (偏差原因, 得分说明) move
below the table as a numbered list, so the numbers stay on one line each."""

from __future__ import annotations

import io
import re
import shutil

from ..output import text_table
from ..scoring.models import ScoreReport
from .layout import HEADERS, WORDS, heading, lines, problem_lines

WIDE = 150
_CONTROL = re.compile(r"[\x00-\x08\x0b-\x1f\x7f-\x9f]")
NUMBERS = (5, 6)
NOTES = {"zh": ("偏差原因", "得分说明"), "en": ("deviation", "explanation")}


def render(report: ScoreReport, lang: str = "zh", use_rich: bool = True, width: int | None = None) -> str:
    width = width or shutil.get_terminal_size((WIDE, 24)).columns
    body = _rich(report, lang, width) if use_rich else None
    if body is None:
        rows = [[printable(c) for c in ln.cells] for ln in lines(report, lang)]
        body = printable(heading(report, lang)) + "\n" + text_table(HEADERS[lang], rows)
    elif width < WIDE:
        body += "\n" + _notes(report, lang)
    problems = [printable(p) for p in problem_lines(report, lang)]
    if problems:
        body += f"\n{WORDS[lang]['problems']}:\n" + "\n".join("  " + p for p in problems)
    return body


def _rich(report: ScoreReport, lang: str, width: int) -> str | None:
    try:
        from rich.console import Console
        from rich.markup import escape
        from rich.table import Table
    except ImportError:
        return None
    keep = len(HEADERS[lang]) if width >= WIDE else 7
    table = Table(title=escape(heading(report, lang)), header_style="bold")
    for i, header in enumerate(HEADERS[lang][:keep]):
        if i in NUMBERS:
            table.add_column(header, justify="right", no_wrap=True)
        elif i == 8:
            table.add_column(header, ratio=1, min_width=40, overflow="fold")
        else:
            table.add_column(header, max_width=18, overflow="fold")
    for ln in lines(report, lang):
        style = {"subtotal": "bold", "total": "bold cyan", "grade": "bold cyan"}.get(ln.kind)
        cells = [escape(printable(c)) for c in ln.cells[:keep]]  # user text is never rich markup
        table.add_row(*cells, style=style, end_section=ln.kind == "subtotal")
    buf = io.StringIO()
    Console(file=buf, width=max(width, 60), color_system=None, highlight=False, soft_wrap=False).print(table)
    return buf.getvalue().rstrip("\n")


def printable(text: str) -> str:
    """Text without control characters, so a cell cannot send escape sequences to the terminal."""
    return _CONTROL.sub("", text)


def _notes(report: ScoreReport, lang: str) -> str:
    """Numbered explanations (and deviation reasons) for the narrow layout."""
    deviation, explanation = NOTES[lang]
    out = [f"{explanation}:"]
    for i, row in enumerate(report.rows, start=1):
        out.append(printable(f"  {i}. {row.indicator}: {getattr(row.explanation, lang)}"))
        if row.deviation_reason:
            out.append(printable(f"     {deviation}: {row.deviation_reason}"))
    return "\n".join(out)
