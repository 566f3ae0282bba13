"""Cells of an imported table and the repairs of extraction damage, each reported where it was.

A `Cell` is a slice of a `Source`: for text extracts the whole file (so findings read
file:line:col), for XLSX/CSV a `CellSource` holding one cell's text (findings read
file!sheet:row:col).  Repairs keep a map from cleaned characters to source offsets, so a
doubled fragment found after joining wrapped lines still points at the right place.
"""

from __future__ import annotations

import re
from dataclasses import dataclass, field
from typing import Any

from ..build import join_wrapped
from ..diagnostics import Diagnostic
from ..source import CellSource, Source, Span
from . import codes  # noqa: F401  (registers E7xx/W7xx)


@dataclass(frozen=True)
class Cell:
    """Text at [start, end) of `source`; `row` is the line (text) or sheet row (XLSX/CSV)."""

    source: Source
    start: int
    end: int
    row: int

    @property
    def text(self) -> str:
        return self.source.text[self.start : self.end]

    def span(self, i: int = 0, j: int | None = None) -> Span:
        return Span(self.start + i, self.start + (j if j is not None else i + 1))

    def diag(
        self,
        code: str,
        i: int = 0,
        j: int | None = None,
        fix: str | None = None,
        fix_en: str | None = None,
        **args: Any,
    ) -> Diagnostic:
        return Diagnostic(code, self.span(i, j), self.source, args, fix, fix_en)

    def whole(self, code: str, fix: str | None = None, fix_en: str | None = None, **args: Any) -> Diagnostic:
        """A finding about the whole cell text (a name): the caret spans it, not its first character."""
        text = self.text
        i = len(text) - len(text.lstrip())
        return self.diag(code, i, max(i + 1, len(text.rstrip())), fix, fix_en, **args)

    @property
    def blank(self) -> bool:
        return not self.text.strip()


def sheet_cell(name: str, text: str, row: int, column: int) -> Cell:
    return Cell(CellSource(name, text, row=row, column=column), 0, len(text), row)


_BOOKMARK = re.compile(r"\[bookmark:[^\]]*\]")
_SPACES = re.compile(r"[ \t\u3000\r\n]+")
_DOUBLED = re.compile(r"([\u4e00-\u9fff]{2,})\1")
_QUOTE_PREFIX = re.compile(r"^'(?=[=+\-@])")


@dataclass
class Cleaned:
    """Cleaned text of a cell plus, per character, its offset in the cell (for locations)."""

    cell: Cell
    chars: list[tuple[str, int]] = field(default_factory=list)
    diags: list[Diagnostic] = field(default_factory=list)

    @property
    def text(self) -> str:
        return "".join(c for c, _ in self.chars)

    def offset(self, i: int) -> int:
        if not self.chars:
            return 0
        return self.chars[min(i, len(self.chars) - 1)][1]


def clean(cell: Cell, report: bool = True) -> Cleaned:
    """Strip artefacts, join line-wrapped CJK text (W701) and undo doubled fragments (W702)."""
    raw = cell.text
    out = Cleaned(cell, [(ch, i) for i, ch in enumerate(raw)])
    _drop(out, [m.span() for m in _BOOKMARK.finditer(raw)])
    _drop(out, [m.span() for m in _QUOTE_PREFIX.finditer(raw)])
    _wrap_spaces(out, report)
    _doubled(out, report)
    _collapse_spaces(out)
    return out


def _drop(out: Cleaned, ranges: list[tuple[int, int]]) -> None:
    """Remove characters whose *source* offsets fall in any of `ranges`."""
    if ranges:
        out.chars = [(c, o) for c, o in out.chars if not any(a <= o < b for a, b in ranges)]


def _wrap_spaces(out: Cleaned, report: bool) -> None:
    text = out.text
    removed: set[int] = set()
    for m in _SPACES.finditer(text):
        a, b = m.span()
        if a == 0 or b == len(text):
            removed.update(range(a, b))
            continue
        if join_wrapped(text[a - 1 : b + 1].replace("\n", " ").replace("\r", " ")) != text[a - 1] + text[b]:
            continue
        removed.update(range(a, b))
        if report:
            before = text[max(0, a - 3) : b + 3].replace("\n", " ")
            out.diags.append(
                out.cell.diag(
                    "W701",
                    out.offset(a),
                    out.offset(b - 1) + 1,
                    fix=join_wrapped(before),
                    before=before,
                    after=join_wrapped(before),
                )
            )
    out.chars = [ch for i, ch in enumerate(out.chars) if i not in removed]


def _doubled(out: Cleaned, report: bool) -> None:
    while True:
        text = out.text
        m = _DOUBLED.search(text)
        if m is None:
            return
        a, b = m.span(1)
        after = text[:a] + text[b:]
        word = _word_around(text, m.start(), m.end())
        fixed = _word_around(after, m.start(), m.end() - len(m.group(1)))
        if report:
            out.diags.append(
                out.cell.diag(
                    "W702",
                    out.offset(a),
                    out.offset(m.end() - 1) + 1,
                    fix=fixed,
                    fragment=m.group(1),
                    before=word,
                    after=fixed,
                )
            )
        out.chars = out.chars[:a] + out.chars[b:]


def _word_around(text: str, a: int, b: int) -> str:
    """The run of name characters around [a, b), to show a repair in context."""
    while a > 0 and re.match(r"[\w、]", text[a - 1]):
        a -= 1
    while b < len(text) and re.match(r"[\w、]", text[b]):
        b += 1
    return text[a:b]


def _collapse_spaces(out: Cleaned) -> None:
    chars: list[tuple[str, int]] = []
    for ch, off in out.chars:
        if ch in " \t\u3000\r\n":
            if chars and chars[-1][0] != " ":
                chars.append((" ", off))
            continue
        chars.append((ch, off))
    while chars and chars[-1][0] == " ":
        chars.pop()
    out.chars = chars
