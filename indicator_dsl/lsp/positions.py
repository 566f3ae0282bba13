"""Character offsets (what spans hold) ↔ LSP positions (line, column in the client's code units).

LSP columns count UTF-16 code units unless the client and server agreed on UTF-8 or UTF-32; a CJK
character is one unit in UTF-16, an emoji two.  Lines end at `\\n` (a `\\r` before it is part of
the line's text, as LSP counts it)."""

from __future__ import annotations

import bisect
from dataclasses import dataclass, field

from ..source import Span

UNIT_BYTES = {"utf-8": 1, "utf-16": 2, "utf-32": 4}


@dataclass(frozen=True)
class LineIndex:
    text: str
    encoding: str = "utf-16"
    starts: tuple[int, ...] = field(init=False)

    def __post_init__(self) -> None:
        starts = [0] + [i + 1 for i, ch in enumerate(self.text) if ch == "\n"]
        object.__setattr__(self, "starts", tuple(starts))

    def _units(self, chars: str) -> int:
        width = UNIT_BYTES.get(self.encoding, 2)
        if width == 4:
            return len(chars)
        codec = "utf-8" if width == 1 else "utf-16-le"
        return len(chars.encode(codec, "surrogatepass")) // width

    def position(self, offset: int) -> tuple[int, int]:
        """0-based (line, column in code units) of a character offset."""
        offset = max(0, min(offset, len(self.text)))
        line = bisect.bisect_right(self.starts, offset) - 1
        return line, self._units(self.text[self.starts[line] : offset])

    def range(self, span: Span) -> tuple[tuple[int, int], tuple[int, int]]:
        return self.position(span.start), self.position(span.end)

    def offset(self, line: int, column: int) -> int:
        """The character offset of an LSP position (inside a character: its start; past the
        line's end: the line's end)."""
        if line >= len(self.starts):
            return len(self.text)
        start = self.starts[max(line, 0)]
        end = self.starts[line + 1] - 1 if line + 1 < len(self.starts) else len(self.text)
        units = 0
        for i in range(start, end):
            width = self._units(self.text[i])
            if units + width > column:  # the column is this character's start, or inside it
                return i
            units += width
        return end

    @property
    def end(self) -> tuple[int, int]:
        return self.position(len(self.text))
