"""XLSX read with the standard library: the archive checked before any XML is parsed, every sheet
streamed element by element (`iterparse`, rows released as read), cells turned into the text a
person sees.  Formulas are never evaluated: a cell shows its saved result."""

from __future__ import annotations

import posixpath
import re
import zipfile
from collections.abc import Iterator
from datetime import datetime, timedelta
from fractions import Fraction
from pathlib import Path
from typing import IO
from xml.etree.ElementTree import Element, ParseError, iterparse

from ..unparse import decimal_text
from .grid import Grid, Limits, MiB, SheetError, SheetProblem, checked, trimmed

REL = "{http://schemas.openxmlformats.org/officeDocument/2006/relationships}id"
_REF = re.compile(r"([A-Z]{1,3})([1-9][0-9]{0,6})$")
_ESCAPE = re.compile(r"_x([0-9A-Fa-f]{4})_")
_LITERALS = re.compile(r'"[^"]*"|\\.|\[[^\]]*\]')
_DATE_PART = re.compile(r"[dmyhs]", re.I)
PERCENT_IDS = {9, 10}
DATE_IDS = {*range(14, 23), *range(27, 37), 45, 46, 47, *range(50, 59)}
MAX_COLUMN = 16_384  # XFD


def read_workbook(path: Path, limits: Limits, *, first_sheet: bool, fill_merged: bool) -> list[Grid]:
    try:
        with zipfile.ZipFile(path) as archive:
            _check_archive(archive, limits)
            book = _Book(archive, limits)
            sheets = book.sheets[:1] if first_sheet else book.sheets
            return [book.grid(path.name, title, member, fill_merged) for title, member in sheets]
    except SheetError:
        raise
    except zipfile.BadZipFile:
        raise SheetError(
            "E740",
            reason="文件已损坏或不是 XLSX 工作簿（不是 zip 格式）",
            reason_en="damaged, or not an XLSX workbook (not a zip archive)",
        ) from None
    except (ParseError, KeyError, ValueError, zipfile.LargeZipFile, EOFError, OSError, RuntimeError) as exc:
        raise SheetError(
            "E740",
            reason=f"XLSX 工作簿已损坏（{type(exc).__name__}）",
            reason_en=f"damaged XLSX workbook ({type(exc).__name__}: {str(exc)[:120]})",
        ) from None


def _check_archive(archive: zipfile.ZipFile, limits: Limits) -> None:
    infos = archive.infolist()
    unpacked = sum(i.file_size for i in infos)
    if unpacked > limits.unpacked:
        raise SheetError("E742", size=unpacked, limit=limits.unpacked)
    for info in infos:
        if info.file_size > MiB and info.file_size > limits.ratio * max(info.compress_size, 1):
            ratio = info.file_size // max(info.compress_size, 1)
            raise SheetError("E743", member=info.filename, ratio=ratio, limit=limits.ratio)


def _local(tag: str) -> str:
    return tag.rsplit("}", 1)[-1]


def _elements(fh: IO[bytes]) -> Iterator[Element]:
    for _, elem in iterparse(fh, events=("end",)):
        yield elem


class _Book:
    """workbook.xml, its relationships, shared strings and number formats: what every sheet needs."""

    def __init__(self, archive: zipfile.ZipFile, limits: Limits) -> None:
        self.archive, self.limits = archive, limits
        self.names = set(archive.namelist())
        base = self._main()
        rels = self._rels(base)
        self.sheets: list[tuple[str, str]] = []
        self.date1904 = False
        with archive.open(base) as fh:
            for elem in _elements(fh):
                tag = _local(elem.tag)
                if tag == "sheet" and rels.get(elem.get(REL, "")) in self.names:
                    self.sheets.append(
                        (elem.get("name", "") or f"Sheet{len(self.sheets) + 1}", rels[elem.get(REL, "")])
                    )
                elif tag == "workbookPr":
                    self.date1904 = elem.get("date1904", "0").lower() in ("1", "true")
        if not self.sheets:
            raise SheetError("E740", reason="工作簿没有工作表", reason_en="the workbook has no sheets")
        kinds = {posixpath.basename(t): t for t in rels.values()}
        self.strings = self._strings(kinds.get("sharedStrings.xml"))
        self.formats = self._formats(kinds.get("styles.xml"))

    def _main(self) -> str:
        if "_rels/.rels" in self.names:
            with self.archive.open("_rels/.rels") as fh:
                for elem in _elements(fh):
                    if _local(elem.tag) == "Relationship" and elem.get("Type", "").endswith("/officeDocument"):
                        target = elem.get("Target", "").lstrip("/")
                        if target in self.names:
                            return target
        if "xl/workbook.xml" in self.names:
            return "xl/workbook.xml"
        raise SheetError("E740", reason="缺少 workbook.xml", reason_en="no workbook.xml in the archive")

    def _rels(self, base: str) -> dict[str, str]:
        folder, name = posixpath.split(base)
        rels_name = posixpath.join(folder, "_rels", name + ".rels")
        out: dict[str, str] = {}
        if rels_name not in self.names:
            return out
        with self.archive.open(rels_name) as fh:
            for elem in _elements(fh):
                if _local(elem.tag) == "Relationship":
                    target = elem.get("Target", "")
                    full = (
                        target.lstrip("/")
                        if target.startswith("/")
                        else posixpath.normpath(posixpath.join(folder, target))
                    )
                    out[elem.get("Id", "")] = full
        return out

    def _strings(self, member: str | None) -> list[str]:
        if member is None or member not in self.names:
            return []
        size = self.archive.getinfo(member).file_size
        if size > self.limits.shared_strings:
            raise SheetError("E744", size=f"{size} 字节/bytes", limit=self.limits.shared_strings)
        out: list[str] = []
        with self.archive.open(member) as fh:
            for elem in _elements(fh):
                if _local(elem.tag) == "si":
                    out.append(_rich_text(elem))
                    elem.clear()
        return out

    def _formats(self, member: str | None) -> list[str]:
        """Per cell style (`s`): "percent", "date" or ""."""
        if member is None or member not in self.names:
            return []
        custom: dict[int, str] = {}
        styles: list[str] = []
        in_xfs = False
        with self.archive.open(member) as fh:
            for event, elem in iterparse(fh, events=("start", "end")):
                tag = _local(elem.tag)
                if tag == "numFmt" and event == "end":
                    custom[_int(elem.get("numFmtId"))] = elem.get("formatCode", "")
                elif tag == "cellXfs":
                    in_xfs = event == "start"
                elif tag == "xf" and in_xfs and event == "end":
                    styles.append(_format_kind(_int(elem.get("numFmtId")), custom))
        return styles

    def grid(self, file: str, title: str, member: str, fill_merged: bool) -> Grid:
        reader = _SheetReader(self, self.limits)
        with self.archive.open(member) as fh:
            rows = reader.read(fh)
        if fill_merged:
            reader.fill(rows)
        return Grid(f"{file}!{title}", tuple(trimmed(r) for r in rows), tuple(reader.problems), title)


def _int(text: str | None) -> int:
    try:
        return int(text or 0)
    except ValueError:
        return 0


def _format_kind(fmt_id: int, custom: dict[int, str]) -> str:
    if fmt_id in PERCENT_IDS:
        return "percent"
    if fmt_id in DATE_IDS:
        return "date"
    code = _LITERALS.sub("", custom.get(fmt_id, ""))
    if "%" in code:
        return "percent"
    if code and code.lower() != "general" and _DATE_PART.search(code.split(";")[0]):
        return "date"
    return ""


def _rich_text(elem: Element) -> str:
    """A string item's text: its runs joined, phonetic guides (`rPh`) left out, `_x000D_` undone."""
    parts = []
    for child in elem:
        tag = _local(child.tag)
        if tag == "t":
            parts.append(child.text or "")
        elif tag == "r":
            parts += [t.text or "" for t in child if _local(t.tag) == "t"]
    text = "".join(parts)
    return _ESCAPE.sub(lambda m: chr(int(m.group(1), 16)), text) if "_x" in text else text


def column_number(letters: str) -> int:
    n = 0
    for ch in letters:
        n = n * 26 + ord(ch) - 64
    return n


class _SheetReader:
    def __init__(self, book: _Book, limits: Limits) -> None:
        self.book, self.limits = book, limits
        self.problems: list[SheetProblem] = []
        self.merged: list[tuple[int, int, int, int]] = []
        self.seen = self.used_rows = self.used_columns = 0
        self.wide = False

    def read(self, fh: IO[bytes]) -> list[list[str]]:
        """Cells are handled as each one ends and then dropped, so neither a long sheet nor a
        two-million-cell row is ever held as XML; only the grid's text is kept."""
        rows: list[list[str]] = []
        sheet_data = current = None
        cells: list[str] = []
        row_no = col = 0
        for event, elem in iterparse(fh, events=("start", "end")):
            tag = _local(elem.tag)
            if event == "start":
                if tag == "row":
                    current, cells, col = elem, [], 0
                    row_no = max(_int(elem.get("r")) or row_no + 1, len(rows) + 1)
                elif tag == "sheetData":
                    sheet_data = elem
                continue
            if tag == "c" and current is not None:
                self.seen += 1
                if self.seen > self.limits.cells:
                    self.problems.append(SheetProblem("E747", row_no, col + 1, args={"limit": self.limits.cells}))
                    break
                col = self._cell(elem, row_no, col, cells)
                current.remove(elem)
            elif tag == "row":
                if row_no <= self.limits.rows:
                    self.used_rows = max(self.used_rows, row_no)
                if any(cells) and row_no > self.limits.rows:
                    self.problems.append(SheetProblem("E745", row_no, 1, args={"limit": self.limits.rows}))
                    break
                if any(cells):
                    rows += [[] for _ in range(row_no - 1 - len(rows))]
                    rows.append(cells)
                if sheet_data is not None:
                    sheet_data.remove(elem)
                current = None
            elif tag == "mergeCell":
                self._merge(elem.get("ref", ""))
        rows += [[] for _ in range(self.used_rows - len(rows))]  # empty rows a merged range may cover
        return rows

    def _cell(self, c: Element, row_no: int, col: int, cells: list[str]) -> int:
        """Read one cell into `cells`; returns its column (the next cell without `r` follows it)."""
        ref = c.get("r")
        if ref is not None:
            m = _REF.match(ref)
            if m is None or int(m.group(2)) != row_no or column_number(m.group(1)) > MAX_COLUMN:
                self.problems.append(SheetProblem("E750", row_no, col + 1, ref[:40], {"ref": ref[:40]}))
                return col
            col = column_number(m.group(1))
        else:
            col += 1
        if col > self.limits.columns:  # not read at all: a million-column row costs no cell reading
            if not self.wide and len(c):
                self.wide = True
                self.problems.append(SheetProblem("E746", row_no, col, args={"limit": self.limits.columns}))
            return col
        self.used_columns = max(self.used_columns, col)
        text = self._value(c, row_no, col)
        if not text:
            return col
        cells += [""] * (col - len(cells))
        cells[col - 1] = checked(text, row_no, col, self.limits, self.problems)
        return col

    def _value(self, c: Element, row: int, col: int) -> str:
        kind = c.get("t", "n")
        v = f = ""
        inline = ""
        for child in c:
            tag = _local(child.tag)
            if tag == "v":
                v = child.text or ""
            elif tag == "f":
                f = child.text or ""
            elif tag == "is":
                inline = _rich_text(child)
        if kind == "inlineStr":
            return inline
        if not v and kind != "str":
            return "=" + f if f else ""  # a formula never calculated: shown as written, not evaluated
        if kind == "s":
            index = _int(v) if v.strip().isdigit() else -1
            if not 0 <= index < len(self.book.strings):
                return self._damaged(row, col, "shared-string", v)
            return self.book.strings[index]
        if kind in ("str", "e", "d"):
            return v
        if kind == "b":
            return {"1": "TRUE", "0": "FALSE"}.get(v.strip()) or self._damaged(row, col, "boolean", v)
        style = c.get("s")
        fmt = self.book.formats[_int(style)] if style and _int(style) < len(self.book.formats) else ""
        return number_text(v, fmt, self.book.date1904) or self._damaged(row, col, "numeric", v)

    def _damaged(self, row: int, col: int, kind: str, value: str) -> str:
        self.problems.append(SheetProblem("E749", row, col, value[:200], {"kind": kind, "value": value[:60]}))
        return ""

    def _merge(self, ref: str) -> None:
        if len(self.merged) >= self.limits.merged:
            if len(self.merged) == self.limits.merged:
                self.problems.append(SheetProblem("E753", 1, 1, args={"limit": self.limits.merged}))
                self.merged.append((0, 0, 0, 0))
            return
        ends = [_REF.match(part.replace("$", "")) for part in ref.split(":")]
        if len(ends) == 2 and all(ends):
            (a, b) = (m for m in ends if m is not None)
            self.merged.append((int(a.group(2)), column_number(a.group(1)), int(b.group(2)), column_number(b.group(1))))

    def fill(self, rows: list[list[str]]) -> None:
        """Merged cells show their top-left value everywhere a person sees it — within the used
        range only, and no more cells in all than the sheet may hold."""
        used_cols = self.used_columns
        budget = self.limits.cells
        for top, left, bottom, right in self.merged:
            if top == 0 or top > len(rows) or left > used_cols:
                continue
            value = rows[top - 1][left - 1] if left <= len(rows[top - 1]) else ""
            for r in range(top, min(bottom, len(rows)) + 1):
                row = rows[r - 1]
                last = min(right, used_cols)
                budget -= max(0, last - left + 1)
                if budget < 0:
                    return
                if len(row) < last:
                    row += [""] * (last - len(row))
                row[left - 1 : last] = [value] * (last - left + 1)


def number_text(v: str, fmt: str, date1904: bool = False) -> str | None:
    """A stored number as the sheet shows it: exact decimal text (the shortest that reads back as
    the stored double), `95.1%` under a percent format, ISO text under a date format; None if
    `v` is no number (a damaged cell)."""
    v = v.strip()
    try:
        number = Fraction(int(v)) if v.lstrip("-").isdigit() else Fraction(repr(float(v)))
    except (ValueError, OverflowError):
        return None
    if fmt == "date":
        return _date_text(number, date1904) or _decimal(number)
    if fmt == "percent":
        return _decimal(number * 100) + "%"
    return _decimal(number)


def _decimal(value: Fraction) -> str:
    try:
        return decimal_text(value)
    except ValueError:
        return repr(float(value))


def _date_text(serial: Fraction, date1904: bool) -> str | None:
    if serial < 0 or serial > 2_958_465:  # 9999-12-31
        return None
    start = datetime(1904, 1, 1) if date1904 else datetime(1899, 12, 30)
    if not date1904 and serial < 60:
        serial += 1  # Excel's 1900 calendar counts a 29 February that never was
    moment = start + timedelta(seconds=round(float(serial) * 86400))
    return moment.date().isoformat() if moment.time() == datetime.min.time() else moment.isoformat()
