"""Source text and spans.

Spans are character offsets into one `Source`; line and column are derived only when a
diagnostic is rendered (the tomllib habit), so the AST stays cheap and position-exact.
"""

from __future__ import annotations

import bisect
import unicodedata
from dataclasses import dataclass, field

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


def display_width(text: str) -> int:
    """Terminal columns of `text`: CJK and full-width characters take two."""
    return sum(2 if unicodedata.east_asian_width(ch) in "WF" else 1 for ch in text)


@dataclass(frozen=True)
class Source:
    """A named text (a file path, `<string>`, or `table.xlsx!Sheet1`)."""

    name: str
    text: str
    _line_starts: tuple[int, ...] = field(init=False, repr=False, compare=False)

    def __post_init__(self) -> None:
        starts = [0]
        starts.extend(i + 1 for i, ch in enumerate(self.text) if ch == "\n")
        object.__setattr__(self, "_line_starts", tuple(starts))

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
        before = text[: col - 1].expandtabs(TAB)
        marked = (before + text[col - 1 : end_col - 1]).expandtabs(TAB)[len(before) :]
        pad = display_width(before)
        marks = max(1, display_width(marked))
        return f"{text.expandtabs(TAB)}\n{' ' * pad}{'^' * marks}"
