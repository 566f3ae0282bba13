"""The display value (`-29.00%`, `12处`) of an int64 column written as bytes straight into an
Arrow string array, in numpy.

Arrow's int → string cast and its string joins cost about 90 ns a value each, and a display
cell took five of them (cast, pad, two slices, join) plus the unit, half the time of
`eval --engine vector -o`; here a cell is built byte position by byte position — the sign, the
digits (two per division by 100), the point, the unit — each position one vector over the block,
scattered to where each row that has it puts it: integer arithmetic only, exact, about twice as
fast.  Only int64 columns come here (`results` keeps Python integers past 64 bits on its Arrow
path); rows are done in blocks, so a block's vectors, not the batch's, are what is held.
"""

from __future__ import annotations

import numpy as np
import pyarrow as pa

BLOCK = 1 << 18  # rows per block
_PAIRS = np.arange(100)
ONES = (_PAIRS % 10 + ord("0")).astype(np.uint8)  # the last digit of 0..99, as ASCII
TENS = (_PAIRS // 10 + ord("0")).astype(np.uint8)


def fixed_text(
    q: np.ndarray, places: int, negative: np.ndarray, suffix: str, whole: np.ndarray | None = None
) -> pa.Array:
    """`q` (≥ 0, the rounded |value| × 10^places) as `[-]digits.places` + `suffix`; `-` where
    `negative`; a row where `whole` is true prints its integer part alone (`12处`)."""
    return _blocks(len(q), lambda s: _fixed(q[s], places, negative[s], suffix, None if whole is None else whole[s]))


def fits(*columns: np.ndarray) -> bool:
    """Whether the columns are int64 that `abs` cannot overflow (what this module takes)."""
    return all(c.dtype == np.int64 and (c.size == 0 or int(c.min()) > np.iinfo(np.int64).min) for c in columns)


def _fixed(q: np.ndarray, places: int, negative: np.ndarray, suffix: str, whole: np.ndarray | None) -> pa.Array:
    line = _Line(len(q))
    line.text("-", negative)
    line.digits(q, places + 1, point=places, fraction=None if whole is None else ~whole)
    line.text(suffix)
    return line.strings()


Kept = np.ndarray | bool


class _Line:
    """One text cell per row, built byte position by byte position: each position is one vector
    (a digit of every row, a constant) with whether each row has a byte there."""

    def __init__(self, rows: int) -> None:
        self.rows = rows
        self.data: list[np.ndarray] = []
        self.kept: list[Kept] = []

    def text(self, text: str, where: Kept = True) -> None:
        for byte in text.encode("utf-8"):
            self.data.append(np.full(self.rows, byte, np.uint8))
            self.kept.append(where)

    def digits(
        self, x: np.ndarray, least: int, where: Kept = True, point: int = 0, fraction: np.ndarray | None = None
    ) -> None:
        """Decimal digits of x ≥ 0, right-aligned, as wide as the largest: a row keeps its
        significant ones and at least `least` (the leading zeros of `0.05`); with `point`, a `.`
        before the last `point` digits, which (and it) only rows in `fraction` show."""
        width = max(len(str(int(x.max(initial=0)))), least)
        columns: list[np.ndarray] = []  # least significant first
        rest = x.astype(np.int64, copy=True)
        while len(columns) < width:  # two digits per division by a constant (numpy's fast path)
            shorter = rest // 100
            pair = rest - shorter * 100
            columns += [ONES.take(pair), TENS.take(pair)]
            rest = shorter
        columns = columns[:width]
        shown: Kept = True if fraction is None else fraction
        power = 10 ** (width - 1)
        for k, column in enumerate(reversed(columns)):  # the most significant first
            from_right = width - k
            if from_right == point:
                self.text(".", shown)
            if from_right <= point:
                keep = shown
            elif from_right <= least:
                keep = where
            else:
                keep = x >= power if where is True else (x >= power) & where
            self.data.append(column)
            self.kept.append(keep)
            power //= 10

    def strings(self) -> pa.Array:
        """The cells as an Arrow string array: each byte position scattered, as one vector, to
        where each row that has it puts it (row order; no rows × bytes matrix)."""
        lengths = np.zeros(self.rows, np.int64)
        for keep in self.kept:
            lengths += keep
        offsets = np.zeros(self.rows + 1, np.int64)
        np.cumsum(lengths, out=offsets[1:])
        body = np.empty(int(offsets[-1]), np.uint8)
        at = offsets[:-1].copy()
        for column, keep in zip(self.data, self.kept, strict=True):
            if keep is True:
                body[at] = column
                at += 1
            elif keep is not False:
                body[at[keep]] = column[keep]
                at += keep
        if offsets[-1] < 2**31:
            return pa.StringArray.from_buffers(self.rows, pa.py_buffer(offsets.astype(np.int32)), pa.py_buffer(body))
        return pa.LargeStringArray.from_buffers(self.rows, pa.py_buffer(offsets), pa.py_buffer(body))


def _blocks(rows: int, render: object) -> pa.Array:
    parts = [render(slice(i, i + BLOCK)) for i in range(0, rows, BLOCK)]  # type: ignore[operator]
    if not parts:
        return pa.array([], pa.string())
    return parts[0] if len(parts) == 1 else pa.concat_arrays(parts)
