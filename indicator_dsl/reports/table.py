"""Terminal 自评表: a rich table when rich is installed, the plain CJK-aware text table otherwise.

The full table (with 偏差原因 and 得分说明) is drawn only when it fits the terminal without
cropping.  Otherwise, and always when the output is a file or a pipe (`width=None`), the long
text columns move below the table as a numbered list: a saved report keeps every reason, and
the output does not depend on the terminal it happened to be made in."""

from __future__ import annotations

import io
import re
from typing import Any

from ..output import text_table
from ..scoring.models import ScoreReport
from .layout import HEADERS, WORDS, heading, lines, problem_lines

FILE_WIDTH = 100
_CONTROL = re.compile(r"[\x00-\x08\x0b-\x1f\x7f-\x9f]")
NUMBERS = (5, 6)
NARROW = 7
NOTES = {"zh": ("偏差原因", "得分说明"), "en": ("deviation", "explanation")}


def render(report: ScoreReport, lang: str = "zh", use_rich: bool = True, width: int | None = None) -> str:
    """`width`: the terminal's columns, or None for a file or pipe."""
    body = _rich(report, lang, width) if use_rich else None
    if body is None:
        rows = [[printable(c) for c in ln.cells] for ln in lines(report, lang)]
        body = printable(heading(report, lang)) + "\n" + text_table(HEADERS[lang], rows)
    problems = [printable(p) for p in problem_lines(report, lang)]
    if problems:
        body += f"\n{WORDS[lang]['problems']}:\n" + "\n".join("  " + p for p in problems)
    return body


def _rich(report: ScoreReport, lang: str, width: int | None) -> str | None:
    try:
        from rich.console import Console
    except ImportError:
        return None

    def console() -> Console:
        size = max(width or FILE_WIDTH, 60)
        return Console(file=io.StringIO(), width=size, color_system=None, highlight=False, soft_wrap=False)

    if width is not None:
        wide = _print(console(), _table(report, lang, len(HEADERS[lang])))
        if not cropped(wide):
            return wide
    narrow = _drawn(report, lang, max(width or FILE_WIDTH, 60))
    if narrow is None:
        narrow = _print(console(), _table(report, lang, NARROW))
    return narrow + "\n" + _notes(report, lang)


def cropped(text: str) -> bool:
    """Whether rich had to cut the table at the right edge (a row without its closing border)."""
    return any(ln[:1] in "│┃" and ln.rstrip()[-1:] not in "│┃" for ln in text.splitlines())


def _columns(lang: str, keep: int) -> list[dict[str, Any]]:
    """The columns' settings for rich's `Table.add_column` (and for `drawn.Column`)."""
    out: list[dict[str, Any]] = []
    for i, header in enumerate(HEADERS[lang][:keep]):
        if i in NUMBERS:
            out.append({"header": header, "justify": "right", "no_wrap": True})
        elif i == 8:
            out.append({"header": header, "ratio": 1, "min_width": 40, "overflow": "fold"})
        else:
            out.append({"header": header, "max_width": 18, "overflow": "fold"})
    return out


def _drawn(report: ScoreReport, lang: str, width: int) -> str | None:
    """The narrow table drawn as rich draws it, without rich's renderer (`drawn.py`): a folder
    run writes thousands of these."""
    from .drawn import Column, drawer

    columns = [Column(**settings) for settings in _columns(lang, NARROW)]
    rows = [([printable(c) for c in ln.cells[:NARROW]], ln.kind == "subtotal") for ln in lines(report, lang)]
    return drawer(width).draw(heading(report, lang), columns, rows)


def _table(report: ScoreReport, lang: str, keep: int) -> object:
    from rich.table import Table
    from rich.text import Text

    # Text, not markup strings: user text is never read as rich markup, and no cell is parsed
    # for markup at all (a directory of projects renders thousands of them)
    table = Table(title=Text(heading(report, lang)), header_style="bold")
    for settings in _columns(lang, keep):
        table.add_column(**settings)
    for ln in lines(report, lang):
        style = {"subtotal": "bold", "total": "bold cyan", "grade": "bold cyan"}.get(ln.kind)
        cells = [Text(printable(c)) for c in ln.cells[:keep]]
        table.add_row(*cells, style=style, end_section=ln.kind == "subtotal")
    return table


def _print(console: object, table: object) -> str:
    console.print(table)  # type: ignore[attr-defined]
    return console.file.getvalue().rstrip("\n")  # type: ignore[attr-defined,no-any-return]


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
