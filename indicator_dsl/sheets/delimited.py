"""CSV and tab-separated text as a grid: decoded by the one text rule (`source.decode_text`),
quoted fields of any length, a bare CR or a NUL rejecting only its cell.  `csv_lines` is the one
CSV splitter: the grid here and `eval`'s records (`csv_records`) read a file's rows through it."""

from __future__ import annotations

import csv
import io
import re
from collections.abc import Iterable, Iterator
from pathlib import Path

from ..source import NotText, decode_text
from .grid import Grid, Limits, SheetError, SheetProblem, checked, trimmed

BARE_CR = "\ufdd0"  # a noncharacter stands in for a bare CR while the csv module splits rows


def read_delimited(path: Path, limits: Limits, delimiter: str | None = None) -> Grid:
    try:
        data = path.read_bytes()
    except OSError as exc:
        raise SheetError("E740", reason=str(exc.strerror or exc), reason_en=str(exc.strerror or exc)) from None
    text = _decode(data)
    if delimiter is None:
        comma = path.suffix.lower() == ".csv" or (path.suffix.lower() != ".tsv" and "\t" not in text and "," in text)
        delimiter = "," if comma else "\t"
    text = line_ends(text)
    rows = _csv_rows(text) if delimiter == "," else (line.split("\t") for line in text.split("\n"))
    problems: list[SheetProblem] = []
    grid = _bounded(rows, limits, problems)
    if delimiter == "\t":
        while grid and not grid[-1]:  # the text's final newline is no row
            grid.pop()
    return Grid(path.name, tuple(grid), tuple(problems), path.stem)


def _decode(data: bytes) -> str:
    try:
        return decode_text(data, stray_nul=True)[0]
    except NotText as exc:
        if str(exc) == "binary":
            raise SheetError(
                "E740", reason="不是文本文件（二进制内容）", reason_en="not a text file (binary content)"
            ) from None
        raise SheetError(
            "E740", reason="既不是 UTF-8 也不是 GB18030 文本", reason_en="neither UTF-8 nor GB18030 text"
        ) from None


def line_ends(text: str, keep_crlf: bool = False) -> str:
    """CR LF and (in a file with no LF at all) CR end lines; any other CR is kept for its cell to
    reject, instead of the csv module failing the whole file.  `keep_crlf`: a CR LF stays as it
    is (the csv module ends a row at it and keeps it inside a quoted cell, as DuckDB and Spark
    do: `eval`'s records), only a CR alone is marked."""
    if "\r" not in text:
        return text
    if "\n" not in text:
        return text.replace("\r", "\n")
    if keep_crlf:
        return _LONE_CR.sub(BARE_CR, text)
    return text.replace("\r\n", "\n").replace("\r", BARE_CR)


_LONE_CR = re.compile("\r(?!\n)")


def _csv_rows(text: str) -> Iterator[list[str]]:
    return (row for _, row in csv_lines(text))


def csv_lines(text: str) -> Iterator[tuple[int, list[str]]]:
    """The rows of CSV text (its line ends marked by `line_ends`), each with the number of
    the last line it reaches (a quoted cell may hold line breaks); a blank line is an empty row."""
    csv.field_size_limit(max(csv.field_size_limit(), len(text) + 1))  # cell length is checked per cell
    reader = csv.reader(io.StringIO(text, newline=""))
    bare_cr = BARE_CR in text
    try:
        for row in reader:
            yield reader.line_num, [c.replace(BARE_CR, "\r") for c in row] if bare_cr else row
    except csv.Error as exc:  # anything the tolerant csv dialect still refuses: the rest of the file
        raise SheetError(
            "E740", reason=f"CSV 第 {reader.line_num} 行：{exc}", reason_en=f"CSV line {reader.line_num}: {exc}"
        ) from None


def _bounded(rows: Iterable[list[str]], limits: Limits, problems: list[SheetProblem]) -> list[tuple[str, ...]]:
    grid: list[tuple[str, ...]] = []
    seen = 0
    wide = False
    for r, row in enumerate(rows, start=1):
        if r > limits.rows:
            problems.append(SheetProblem("E745", r, 1, args={"limit": limits.rows}))
            break
        if len(row) > limits.columns and not wide:
            wide = True
            problems.append(SheetProblem("E746", r, limits.columns + 1, args={"limit": limits.columns}))
        seen += min(len(row), limits.columns)
        if seen > limits.cells:
            problems.append(SheetProblem("E747", r, 1, args={"limit": limits.cells}))
            break
        grid.append(trimmed([checked(c, r, col, limits, problems) for col, c in enumerate(row[: limits.columns], 1)]))
    return grid
