"""The plan year a table's title prints: `（2024年度）`, `2024年度…绩效目标申报表`, `2024年…自评表`,
`２０２４年度` (full width), `二〇二四年度`.

A 申报表 prints months without a year (`11月底前`): they belong to the plan year, and the title
is where the table says which year that is.  The title block is the rows above the header that
read as a title (a text ending in 表, or a year alone: `（2024年度）`); dates in other rows above
the header (`填报日期：2024年3月5日`) are not the plan year.  A title block that prints two
different years (`2023年度…自评表` over `（2024年度）`, `2023-2024年度`) has no single plan year:
W721 at the second, and no year is taken — `import --year` decides.
"""

from __future__ import annotations

import re
import unicodedata
from collections.abc import Iterable, Iterator
from dataclasses import dataclass

from ..diagnostics import Diagnostic
from .cells import Cell

_CN = {"〇": "0", "零": "0", "○": "0"} | {d: str(i) for i, d in enumerate("〇一二三四五六七八九") if i}
_Y = r"(?:19|20)\d\d|[〇零○一二三四五六七八九]{4}"
_YEAR = re.compile(rf"(?<!\d)({_Y})(?:\s*[-—–~～至到]\s*({_Y}))?\s*年")  # `2023-2024年度` prints two
_ALONE = re.compile(rf"^[（(\[【]?\s*(?:{_Y})\s*年度?\s*[）)\]】]?$")


@dataclass(frozen=True, slots=True)
class TitleYear:
    """The plan year a title block prints (None: none, or two different ones), and the finding."""

    year: int | None
    finding: Diagnostic | None = None


def same_width(text: str) -> str:
    """Full-width digits and brackets to ASCII, one character for one, so offsets stay put."""
    out = []
    for ch in text:
        folded = unicodedata.normalize("NFKC", ch)
        out.append(folded if len(folded) == 1 else ch)
    return "".join(out)


def is_title(text: str) -> bool:
    """A row that reads as the table's title: ends in 表, or prints a year alone (`（2024年度）`)."""
    clean = same_width(text).strip()
    return clean.rstrip("）) ").endswith("表") or bool(_ALONE.match(clean))


def _years(text: str) -> Iterator[tuple[int, int, int]]:
    """(year, start, end) of every year the text prints; `2023-2024年` gives both."""
    for m in _YEAR.finditer(same_width(text)):
        for group in (1, 2):
            if m.group(group):
                yield int("".join(_CN.get(ch, ch) for ch in m.group(group))), m.start(group), m.end(group)


def title_year(cells: Iterable[Cell]) -> TitleYear:
    """The one year the title cells print; two different years are W721 at the second."""
    found: list[tuple[int, Cell, int, int]] = []
    for cell in cells:
        if cell.blank or not is_title(cell.text):
            continue
        found += [(year, cell, start, end) for year, start, end in _years(cell.text)]
    if not found:
        return TitleYear(None)
    first = found[0][0]
    other = next((f for f in found if f[0] != first), None)
    if other is None:
        return TitleYear(first)
    year, cell, start, end = other
    return TitleYear(None, cell.diag("W721", start, end, first=found[0][0], second=year))
