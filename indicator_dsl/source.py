"""Source text and spans.

Spans are character offsets into one `Source`; line and column are derived only when a
diagnostic is rendered (the tomllib habit), so the AST stays cheap and position-exact.
"""

from __future__ import annotations

import bisect
import functools
import unicodedata
from dataclasses import dataclass

TAB = 4


@dataclass(frozen=True, slots=True)
class Span:
    """Half-open character range [start, end) in a Source."""

    start: int
    end: int

    def __post_init__(self) -> None:
        if self.end < self.start:
            object.__setattr__(self, "end", self.start)


_TEXT_BYTES = bytes(b for b in range(256) if b >= 32 or b in b"\t\n\r\x0c")  # deleted: control bytes remain


class NotText(ValueError):
    """Bytes that are neither UTF-8 nor GB18030 text (a binary file, a damaged export)."""


def decode_text(data: bytes, stray_nul: bool = False) -> tuple[str, str]:
    """Text of a file as people in China save it: UTF-8 (with or without BOM), else GB18030
    (the superset of GBK that Excel and WPS write).  Returns (text, encoding).

    A NUL in the first 8 KB means binary; with `stray_nul` (a table, whose reader rejects the
    cell that holds it) only when control bytes are more than a tenth of those bytes."""
    sniff = data[:8192]
    if stray_nul:
        if b"\x00" in sniff and len(sniff.translate(None, _TEXT_BYTES)) * 10 > len(sniff):
            raise NotText("binary")
    elif b"\x00" in sniff:
        raise NotText("binary")
    try:
        return data.decode("utf-8-sig"), "utf-8"
    except UnicodeDecodeError:
        pass
    try:
        return data.decode("gb18030"), "gb18030"
    except UnicodeDecodeError:
        raise NotText("encoding") from None


# Control characters shown as what they are, so a file cannot move the cursor, clear the screen
# or recolour a terminal through an excerpt (ESC [ 2 J …): C0 as the Control Pictures block
# (␛), DEL as ␡, C1 and other format controls as ⟨U+0085⟩.  Tab stays (it is expanded).
_VISIBLE = {i: chr(0x2400 + i) for i in range(0x20) if i != 0x09}
_VISIBLE[0x7F] = "\u2421"
_VISIBLE.update({i: f"⟨U+{i:04X}⟩" for i in range(0x80, 0xA0)})
_BIDI = "\u200e\u200f\u202a\u202b\u202c\u202d\u202e\u2066\u2067\u2068\u2069"
_VISIBLE.update({ord(c): f"⟨U+{ord(c):04X}⟩" for c in _BIDI})


def visible(text: str) -> str:
    """`text` with control characters (terminal escapes, bidi overrides) rendered visibly."""
    return text.translate(_VISIBLE)


def display_width(text: str) -> int:
    """Terminal columns of `text`: CJK and full-width characters take two."""
    return sum(2 if unicodedata.east_asian_width(ch) in "WF" else 1 for ch in text)


@dataclass(frozen=True)
class Source:
    """A named text (a file path, `<string>`, or `table.xlsx!Sheet1`).

    Line starts are computed once, on the first location asked for, and kept: a file with
    20,000 diagnostics shares one table (building it per diagnostic was quadratic)."""

    name: str
    text: str

    @functools.cached_property
    def _line_starts(self) -> tuple[int, ...]:
        starts = [0]
        find = self.text.find
        at = find("\n")
        while at >= 0:
            starts.append(at + 1)
            at = find("\n", at + 1)
        return tuple(starts)

    @property
    def placed(self) -> bool:
        """Whether a diagnostic in this source can point at a line (an empty text cannot)."""
        return bool(self.text)

    def location(self, offset: int) -> tuple[int, int]:
        """1-based (line, column) of a character offset; the column counts characters."""
        offset = max(0, min(offset, len(self.text)))
        line = bisect.bisect_right(self._line_starts, offset) - 1
        return line + 1, offset - self._line_starts[line] + 1

    def line_text(self, line: int) -> str:
        start = self._line_starts[line - 1]
        end = self.text.find("\n", start)
        return self.text[start : end if end >= 0 else len(self.text)].rstrip("\r")

    def excerpt(self, span: Span) -> str:
        """The span's first line with a caret line under the offending text (tabs expanded,
        CJK counted double, so the caret sits under the text in a terminal)."""
        line, col = self.location(span.start)
        text = self.line_text(line)
        end_col = col + max(1, min(span.end, span.start + len(text) - col + 1) - span.start)
        before = visible(text[: col - 1]).expandtabs(TAB)
        marked = (before + visible(text[col - 1 : end_col - 1])).expandtabs(TAB)[len(before) :]
        whole = (before + visible(text[col - 1 :])).expandtabs(TAB)
        pad = display_width(before)
        marks = max(1, display_width(marked))
        return f"{whole}\n{' ' * pad}{'^' * marks}"


@dataclass(frozen=True)
class CellSource(Source):
    """One spreadsheet cell (or one data value) as a Source: its location is the sheet's row
    and column, whatever the text holds, and nothing is built per line."""

    row: int = 0
    column: int = 0

    @property
    def placed(self) -> bool:
        return self.row > 0

    def location(self, offset: int) -> tuple[int, int]:
        return self.row, self.column

    def excerpt(self, span: Span) -> str:
        text = self.text.replace("\n", " ")
        start = max(0, min(span.start, len(text)))
        end = max(start + 1, min(span.end, len(text)))
        pad = display_width(visible(text[:start]))
        marks = max(1, display_width(visible(text[start:end])))
        return f"{visible(text)}\n{' ' * pad}{'^' * marks}"
