"""The records of an `eval --input FILE.csv`, as every engine reads them.

The dialect is the one README states: comma-separated, `"` quotes (doubled inside a quoted cell,
which may hold line breaks), the first record the header.  Rows are split by the one CSV
splitter (`delimited.csv_lines`); what does not fit the header is read as below and reported
(W830–W833), never dropped in silence, and never costs the other records:

- header names are trimmed; a name that repeats an earlier one is not read (W831: the first
  column of that name is), a column with no name is not read (W832 when one of its cells has
  text);
- a blank line is no record and is not counted; a line of spaces is a record of blank cells;
- a short row lacks its last cells: they are missing, as blank cells are (E402 where a formula
  needs one);
- a long row: the cells within the header are read, the cells beyond it are not (W830 for a
  row where one of them holds text; blank ones, as a trailing comma leaves, are nothing lost);
- a quote never closed makes the rest of the file one cell (W833 at that quote).

Row numbers are a spreadsheet's: the header is row 1, the n-th record row n + 1.  DuckDB and
Spark scan a well-formed file themselves (strictly: any row that does not fit stops the scan);
a file they refuse (`StrictScanRefused`) is read here and handed to them as records, so the
findings and the cells are the same on every engine."""

from __future__ import annotations

import collections
from collections.abc import Iterator
from dataclasses import dataclass, field
from pathlib import Path

from ..diagnostics import Diagnostic
from ..source import Source, Span, visible
from . import codes  # noqa: F401  (registers W830–W833, I834)
from .delimited import csv_lines, line_ends

HEADER_BYTES = 1 << 20  # how much of a file `csv_header` reads to find the header
SHOWN = 24  # characters of an unread cell a finding quotes


class StrictScanRefused(Exception):
    """An engine's own strict CSV scan does not read the file as this module does (a ragged
    row, a header name repeated or missing, not UTF-8): read it with `read_csv_records`."""


FINDINGS_SHOWN = 100  # a file of a million long rows is told in a screen, with the count of the rest


def shown_findings(findings: list[Diagnostic]) -> list[Diagnostic]:
    """The findings to print: the first FINDINGS_SHOWN, then one I834 that counts the rest by code."""
    if len(findings) <= FINDINGS_SHOWN:
        return findings
    rest = findings[FINDINGS_SHOWN:]
    counts = collections.Counter(d.code for d in rest)
    listed = ", ".join(f"{code} ×{n}" for code, n in sorted(counts.items()))
    args = {"more": len(rest), "codes": listed, "shown": FINDINGS_SHOWN}
    more = Diagnostic("I834", rest[0].span, rest[0].source, args)
    return [*findings[:FINDINGS_SHOWN], more]


@dataclass(frozen=True)
class CsvRecords:
    """The input columns (header order, each name once), the records and the findings."""

    names: tuple[str, ...]
    records: list[tuple[int, dict[str, str | None]]]
    findings: list[Diagnostic] = field(default_factory=list)


def read_csv_records(text: str, name: str) -> CsvRecords:
    """The records of decoded CSV `text` (the file `name`); raises `SheetError` (E740) for text
    the csv module cannot split at all."""
    text = line_ends(text, keep_crlf=True)
    source = Source(name, text)
    lines = _Lines(text)
    rows = _numbered(csv_lines(text))
    first = next(rows, None)
    if first is None:
        return CsvRecords((), [])
    header_line, _, header = first
    columns, findings = _columns(header, header_line, lines, source)
    names = tuple(n for _, n in columns)
    width = len(header)
    plain = len(columns) == width  # every column read, in order
    nameless = [i for i in range(width) if not header[i].strip()]
    records: list[tuple[int, dict[str, str | None]]] = []
    last: tuple[int, int, int] | None = None
    for row, (start, end, cells) in enumerate(rows, start=2):
        if plain and len(cells) == width:
            records.append((row, dict(zip(names, cells, strict=True))))
        else:
            count = len(cells)
            records.append((row, {n: cells[i] if i < count else None for i, n in columns}))
            if count > width:
                _long_row(cells, width, row, start, lines, source, findings)
        for i in list(nameless) if nameless else ():
            if i < len(cells) and cells[i].strip():
                nameless.remove(i)
                at = lines.field_span(start, i)
                args = {"column": i + 1, "row": row, "value": _shown(cells[i])}
                findings.append(Diagnostic("W832", at, source, args))
        last = (row, start, end)
    if last is not None and last[2] > last[1]:  # a last record over several lines: a quote left open?
        _open_quote(last, lines, source, findings)
    return CsvRecords(names, records, sorted(findings, key=lambda d: d.span.start if d.span else 0))


def _numbered(rows: Iterator[tuple[int, list[str]]]) -> Iterator[tuple[int, int, list[str]]]:
    """(first line, last line, cells) of every row that is not a blank line."""
    previous = 0
    for end, cells in rows:
        if cells:
            yield previous + 1, end, cells
        previous = end


def _columns(
    header: list[str], line: int, lines: _Lines, source: Source
) -> tuple[list[tuple[int, str]], list[Diagnostic]]:
    """(column index, name) of the columns read: named, and each name's first column."""
    first: dict[str, int] = {}
    columns: list[tuple[int, str]] = []
    findings: list[Diagnostic] = []
    for i, cell in enumerate(header):
        name = cell.strip()
        if not name:
            continue
        if name in first:
            args = {"column": i + 1, "name": name, "first": first[name] + 1}
            findings.append(Diagnostic("W831", lines.field_span(line, i), source, args))
            continue
        first[name] = i
        columns.append((i, name))
    return columns, findings


def _long_row(
    cells: list[str], width: int, row: int, start: int, lines: _Lines, source: Source, findings: list[Diagnostic]
) -> None:
    extra = next((i for i in range(width, len(cells)) if cells[i].strip()), None)
    if extra is None:  # only blank cells beyond the header (a trailing comma): nothing is lost
        return
    args = {"row": row, "count": len(cells), "width": width, "value": _shown(cells[extra])}
    findings.append(Diagnostic("W830", lines.field_span(start, extra), source, args))


def _open_quote(last: tuple[int, int, int], lines: _Lines, source: Source, findings: list[Diagnostic]) -> None:
    row, start, end = last
    at = lines.open_quote(start)
    if at is not None:
        findings.append(Diagnostic("W833", Span(at, at + 1), source, {"lines": end - start + 1, "row": row}))


def _shown(cell: str) -> str:
    cell = visible(cell.strip())
    return cell if len(cell) <= SHOWN else cell[: SHOWN - 1] + "…"


class _Lines:
    """Offsets in the text by line number, found only when a finding needs one (a clean file of
    millions of lines builds nothing), and the fields of a record found by its first line."""

    def __init__(self, text: str) -> None:
        self.text = text
        self.starts = [0]  # starts[k] = offset of line k + 1, filled on demand

    def start(self, line: int) -> int:
        find = self.text.find
        while len(self.starts) < line:
            at = find("\n", self.starts[-1])
            self.starts.append(len(self.text) if at < 0 else at + 1)
        return self.starts[line - 1]

    def field_span(self, line: int, index: int) -> Span:
        """The span of field `index` of the record that begins on `line`."""
        begin = self.start(line)
        starts, _ = scan_record(self.text, begin)
        if index >= len(starts):
            return Span(begin, begin)
        end = starts[index + 1] - 1 if index + 1 < len(starts) else self.text.find("\n", starts[index])
        return Span(starts[index], max(starts[index] + 1, end if end >= 0 else len(self.text)))

    def open_quote(self, line: int) -> int | None:
        return scan_record(self.text, self.start(line))[1]


def scan_record(text: str, at: int) -> tuple[list[int], int | None]:
    """Where each field of the record at offset `at` begins, and the offset of a quote it leaves
    open (None when every quote closes), by the csv module's rules: a quote opens a quoted
    field only as the field's first character, `""` inside is one quote, and text after a
    closing quote joins the field."""
    starts = [at]
    i, n = at, len(text)
    while i < n:
        c = text[i]
        if c == '"' and i == starts[-1]:
            close = _closing(text, i)
            if close < 0:
                return starts, i
            i = close + 1
            continue
        if c == ",":
            starts.append(i + 1)
        elif c == "\n":
            break
        i += 1
    return starts, None


def _closing(text: str, i: int) -> int:
    """The offset of the quote closing the one at `i`, or -1."""
    while True:
        i = text.find('"', i + 1)
        if i < 0 or text[i + 1 : i + 2] != '"':
            return i
        i += 1


def csv_header(path: str | Path, lf_only: bool = False) -> tuple[str, ...] | None:
    """The header's names when a strict scan can read the file as `read_csv_records` does: UTF-8,
    the header complete within its first MiB, every name present and unique after trimming;
    `lf_only` (Spark, whose reader makes a quoted CR LF a LF): no CR in that MiB either.
    None otherwise (the file is then read by `read_csv_records`)."""
    with open(path, "rb") as f:
        data = f.read(HEADER_BYTES)
        whole = len(data) < HEADER_BYTES or not f.read(1)
    if lf_only and b"\r" in data:
        return None
    if not whole:
        data = data[: data.rfind(b"\n") + 1]
    try:
        text = line_ends(data.decode("utf-8-sig"), keep_crlf=True)
    except UnicodeDecodeError:
        return None
    rows = csv_lines(text)
    first = next(rows, None)
    if first is None or not first[1]:
        return None
    end, header = first
    if not whole and end >= text.count("\n"):  # the header may go on past what was read
        return None
    names = tuple(c.strip() for c in header)
    if not all(names) or len(set(names)) < len(names):
        return None
    return names
