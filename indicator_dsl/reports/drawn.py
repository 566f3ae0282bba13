"""The file layout of the terminal 自评表, drawn without rich's renderer, character for character
as rich draws it.

`score DIR -o OUTDIR` writes thousands of tables; rich's renderer (measurements, paddings,
segments and styles for every cell) took 2 ms per indicator, five times the scoring.  What a
table written to a file needs of it is small: no colours, one box, columns with fixed rules.  So
this module does rich's column arithmetic (`Table._calculate_column_widths`: measure, collapse
the widest wrappable columns, reduce evenly as a last resort) and its box lines, and leaves each
cell's wrapping to rich's own `Text.wrap`, so every line is what rich prints.  `Column` says
what `table._table` gives rich for each column; tests/test_reports_drawn.py holds the output
equal to rich's for the golden reports and for generated text (CJK, spaces, long words, newlines,
tabs, combining marks).

Needs rich (its cell widths, wrapping and box characters); without rich the plain text table is
used, as before."""

from __future__ import annotations

import functools
from collections.abc import Sequence
from dataclasses import dataclass
from typing import Literal

from rich._ratio import ratio_reduce
from rich.box import HEAVY_HEAD
from rich.cells import cell_len, set_cell_size
from rich.console import Console
from rich.text import Text

Justify = Literal["left", "right"]
Overflow = Literal["fold", "ellipsis"]
PAD = 1  # rich's default cell padding, left and right
CACHED = 1 << 16  # distinct (cell text, width) pairs whose measure and lines are kept


@dataclass(frozen=True, slots=True)
class Column:
    """One column as `rich.table.Table.add_column` is given it."""

    header: str
    justify: Justify = "left"
    no_wrap: bool = False
    overflow: Overflow = "ellipsis"
    max_width: int | None = None


class Drawer:
    """Draws tables at one console width; holds the console rich's wrapping is handed."""

    def __init__(self, width: int) -> None:
        self.width = width
        self.console = Console(width=width, color_system=None, highlight=False, soft_wrap=False)

    def draw(self, title: str, columns: Sequence[Column], rows: Sequence[tuple[Sequence[str], bool]]) -> str | None:
        """The table as `Console.print(table)` prints it; `rows`: (cells, ends a section).  None
        when a column would be left without room for text (rich's drawing of that is not ported)."""
        extra = 2 + len(columns) - 1  # the outer edges and the dividers
        grid = [[c.header for c in columns], *([*cells] for cells, _ in rows)]
        widths = self._widths(columns, grid, self.width - extra)
        if min(widths, default=0) <= 2 * PAD:
            return None
        table_width = sum(widths) + extra
        out = self._title(title, table_width)
        box = HEAVY_HEAD
        out.append(box.get_top(widths))
        for index, cells in enumerate(grid):
            header, last = index == 0, index == len(grid) - 1
            edge, divider = (
                (box.head_left, box.head_vertical)
                if header
                else (box.foot_left, box.foot_vertical)
                if last
                else (box.mid_left, box.mid_vertical)
            )
            right = box.head_right if header else box.foot_right if last else box.mid_right
            rendered = [self._cell(text, col, w) for text, col, w in zip(cells, columns, widths, strict=True)]
            height = max(len(lines) for lines in rendered)
            for i, lines in enumerate(rendered):
                if len(lines) < height:
                    blank = (" " * widths[i],) * (height - len(lines))
                    rendered[i] = blank + lines if header else lines + blank  # the header row sits at the bottom
            for line_no in range(height):
                out.append(edge + divider.join(lines[line_no] for lines in rendered) + right)
            if header:
                out.append(box.get_row(widths, "head"))
            elif not last and rows[index - 1][1]:
                out.append(box.get_row(widths, "row"))
        out.append(box.get_bottom(widths))
        if table_width <= self.width:  # every line is at most the table's width: nothing to crop
            return "\n".join(out)
        return "\n".join(set_cell_size(ln, self.width) if cell_len(ln) > self.width else ln for ln in out)

    # ---- rich's Table._calculate_column_widths, for unstyled text cells --------------------------
    def _widths(self, columns: Sequence[Column], grid: list[list[str]], max_width: int) -> list[int]:
        ranges = [self._measure(col, [row[i] for row in grid], max_width) for i, col in enumerate(columns)]
        widths = [high or 1 for _, high in ranges]
        if sum(widths) > max_width:
            widths = _collapse(widths, [not c.no_wrap for c in columns], max_width)
            if sum(widths) > max_width:
                widths = ratio_reduce(sum(widths) - max_width, [1] * len(widths), widths, widths)
            ranges = [
                self._measure(col, [row[i] for row in grid], w)
                for i, (col, w) in enumerate(zip(columns, widths, strict=True))
            ]
            widths = [high or 0 for _, high in ranges]
        return widths

    def _measure(self, col: Column, texts: list[str], max_width: int) -> tuple[int, int]:
        """`Table._measure_column`: the column's (minimum, maximum) width, padding included."""
        if max_width < 1:
            return 0, 0
        sizes = [_padded_measure(text, max_width) for text in texts]
        low = max(s[0] for s in sizes) if sizes else 1
        high = max(s[1] for s in sizes) if sizes else max_width
        low, high = min(low, max_width), min(high, max_width)  # with_maximum
        if col.max_width is not None:
            limit = col.max_width + 2 * PAD
            low, high = min(low, limit), min(high, limit)
        return low, high

    # ---- one cell: rich's Text.wrap inside a padding of one space ---------------------------------
    def _cell(self, text: str, col: Column, width: int) -> tuple[str, ...]:
        return _wrapped(self.console, text, width - 2 * PAD, col.justify, col.overflow, col.no_wrap)

    def _title(self, title: str, width: int) -> list[str]:
        line = one_line(title, width, "center")
        if line is not None:
            return [line] if title else []  # no title line at all for an empty title (rich: `if self.title`)
        text = Text(title)
        if not text:
            return []
        return [line.plain for line in text.wrap(self.console, width, justify="center", overflow="fold")]


@functools.lru_cache(maxsize=CACHED)
def _wrapped(
    console: Console, text: str, inner: int, justify: Justify, overflow: Overflow, no_wrap: bool
) -> tuple[str, ...]:
    """A cell's lines, each padded to the column's width (rich's `Text.wrap` in a `Padding`).
    A pure function of its arguments, cached: the cells of a folder's tables repeat."""
    pad = " " * PAD
    line = one_line(text, inner, justify)
    if line is not None:
        return (pad + line + pad,)
    wrapped = Text(text).wrap(console, inner, justify=justify, overflow=overflow, no_wrap=no_wrap)
    return tuple(pad + set_cell_size(line.plain, inner) + pad for line in wrapped)


def one_line(text: str, width: int, justify: Justify | Literal["center"]) -> str | None:
    """What `Text.wrap` makes of a text that fits on one line, without building rich objects:
    the text justified in `width` cells.  None when it may not fit or is not plain (a newline,
    a tab, a control or format character, more characters than cells): then rich wraps it."""
    if "\t" in text or not text.isprintable() or len(text) > width:
        return None  # isprintable: no newline, no control codes rich strips, no zero-width format marks
    size = cell_len(text)
    if size > width:
        return None
    if justify == "left":
        return text + " " * (width - size)
    stripped = text.rstrip()
    size = cell_len(stripped)
    if justify == "right":
        return " " * (width - size) + stripped
    left = (width - size) // 2
    return " " * left + stripped + " " * (width - size - left)


def _text_measure(text: str) -> tuple[int, int]:
    """`Text.__rich_measure__`: the longest word and the longest line."""
    lines = text.splitlines()
    high = max(cell_len(line) for line in lines) if lines else 0
    words = text.split()
    low = max(cell_len(word) for word in words) if words else high
    return low, high


def _normalize(low: int, high: int) -> tuple[int, int]:
    low = min(max(0, low), high)
    return max(0, low), max(0, max(low, high))


def _measure_get(low: int, high: int, max_width: int) -> tuple[int, int]:
    """`Measurement.get` around a measure: normalised, at most `max_width`, (0, 0) when empty."""
    if max_width < 1:
        return 0, 0
    low, high = _normalize(low, high)
    low, high = min(low, max_width), min(high, max_width)
    if high < 1:
        return 0, 0
    return _normalize(low, high)


@functools.lru_cache(maxsize=CACHED)
def _padded_measure(text: str, max_width: int) -> tuple[int, int]:
    """`Measurement.get` of `Padding(Text(text), (0, 1))` at `max_width`."""
    if max_width < 1:
        return 0, 0
    extra = 2 * PAD
    if max_width - extra < 1:
        low, high = max_width, max_width
    else:
        low, high = _measure_get(*_text_measure(text), max_width)
        low, high = min(low + extra, max_width), min(high + extra, max_width)
    return _measure_get(low, high, max_width)


def _collapse(widths: list[int], wrapable: list[bool], max_width: int) -> list[int]:
    """`Table._collapse_widths`: narrow the widest wrappable columns until the table fits."""
    total = sum(widths)
    excess = total - max_width
    if any(wrapable):
        while total and excess > 0:
            widest = max(w for w, ok in zip(widths, wrapable, strict=True) if ok)
            second = max(w if ok and w != widest else 0 for w, ok in zip(widths, wrapable, strict=True))
            difference = widest - second
            ratios = [1 if (w == widest and ok) else 0 for w, ok in zip(widths, wrapable, strict=True)]
            if not any(ratios) or not difference:
                break
            widths = ratio_reduce(excess, ratios, [min(excess, difference)] * len(widths), widths)
            total = sum(widths)
            excess = total - max_width
    return widths


_DRAWERS: dict[int, Drawer] = {}


def drawer(width: int) -> Drawer:
    """The drawer of one width, made once (a Console is not free to make, and a folder run draws
    thousands of tables at the file width); it holds no state between tables."""
    if width not in _DRAWERS:
        _DRAWERS[width] = Drawer(width)
    return _DRAWERS[width]


__all__ = ["Column", "Drawer", "drawer", "one_line"]
