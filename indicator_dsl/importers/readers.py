"""File readers by suffix.  Each returns the tables it found, any statements (the budget block of
a text extract, the 评分表 sheet of an export) and the findings made while reading them, or
raises `FileError` with a diagnostic; limits are checked before anything is parsed.
"""

from __future__ import annotations

import csv
import io
import zipfile
from collections.abc import Callable, Iterable
from datetime import date, datetime
from fractions import Fraction
from pathlib import Path
from typing import Any

from .. import ast as A
from ..diagnostics import Diagnostic
from ..rational import NotANumber, to_fraction
from ..source import NotText, Source, Span, decode_text
from ..unparse import decimal_text
from .budget import read_budget
from .cells import Cell, sheet_cell
from .columns import find_header, header_roles
from .files import reasons
from .scorecard import is_card_grid, read_cards
from .text import RawTable, read_tables

MAX_BYTES = 20 * 2**20
MAX_UNPACKED = 200 * 2**20
MAX_ROWS = 20_000
MAX_COLUMNS = 200
SNIFF = 8192

Read = tuple[list[RawTable], list[A.Statement], list[Diagnostic]]


class FileError(Exception):
    """A file that cannot be imported at all; carries its diagnostic."""

    def __init__(self, diagnostic: Diagnostic) -> None:
        super().__init__(diagnostic.message("en"))
        self.diagnostic = diagnostic


def fail(path: Path, code: str, **args: Any) -> FileError:
    return FileError(Diagnostic(code, Span(0, 0), Source(str(path), ""), args))


def check_size(path: Path) -> None:
    try:
        size = path.stat().st_size
    except OSError as exc:
        raise fail(path, "E701", **_reason(exc)) from None
    if size > MAX_BYTES:
        raise fail(path, "E702", size=size, limit=MAX_BYTES)
    if size == 0:
        raise fail(path, "E704", what="文件为空", what_en="empty file")


def _reason(exc: OSError) -> dict[str, str]:
    """The reason in each language (E701 reason / reason_en): no message mixes the two."""
    if isinstance(exc, FileNotFoundError):
        return {"reason": "文件不存在", "reason_en": "no such file"}
    zh, en = reasons(exc)
    return {"reason": zh, "reason_en": en}


def read_text_bytes(path: Path) -> str:
    """UTF-8 (or GB18030, common in Chinese exports) text; binary content is refused."""
    check_size(path)
    data = path.read_bytes()
    if b"\x00" in data[:SNIFF]:
        raise fail(path, "E701", reason="二进制文件，不是文本表格", reason_en="binary file, not a text table")
    try:
        return decode_text(data)[0]
    except NotText:
        raise fail(path, "E701", reason="无法识别的文字编码", reason_en="unknown text encoding") from None


def read_text(path: Path) -> Read:
    text = read_text_bytes(path)
    if len(text.splitlines()) > MAX_ROWS:
        raise fail(path, "E705", rows=len(text.splitlines()), limit=MAX_ROWS)
    source = Source(str(path), text)
    tables = read_tables(source)
    if not tables:
        raise fail(path, "E703", seen=_seen_text(text))
    return tables, read_budget(source), []


def _seen_text(text: str) -> str:
    lines = [ln for ln in text.splitlines() if "\t" in ln][:3]
    return "; ".join(" | ".join(c.strip() for c in ln.split("\t") if c.strip()) for ln in lines)[:200] or "—"


def read_csv(path: Path) -> Read:
    text = read_text_bytes(path)
    try:
        rows = list(_limited(csv.reader(io.StringIO(text)), path))
    except csv.Error as exc:
        raise fail(path, "E701", reason=f"CSV：{exc}", reason_en=f"CSV: {exc}") from None
    grid = [[sheet_cell(path.name, str(v), r, c) for c, v in enumerate(row, start=1)] for r, row in enumerate(rows, 1)]
    return [grid_table(path, path.name, path.stem, grid)], [], []


def _limited(rows: Iterable[list[str]], path: Path) -> Iterable[list[str]]:
    for i, row in enumerate(rows, start=1):
        if i > MAX_ROWS:
            raise fail(path, "E705", rows=f">{MAX_ROWS}", limit=MAX_ROWS)
        yield row[:MAX_COLUMNS]


def grid_table(path: Path, where: str, title: str, grid: list[list[Cell]]) -> RawTable:
    if not any(not c.blank for row in grid for c in row):
        raise fail(path, "E704", what=f"{where} 没有内容", what_en=f"{where} has no content")
    at = find_header(grid)
    if at is None:
        seen = " | ".join(c.text.strip() for row in grid[:5] for c in row if not c.blank)[:200]
        raise fail(path, "E703", seen=seen or "—")
    header = grid[at]
    rows = tuple(_padded(r, len(header)) for r in grid[at + 1 :] if any(not c.blank for c in r))
    return RawTable(path.name, title, tuple(header_roles(header)), tuple(header), rows)


def _padded(row: list[Cell], width: int) -> tuple[Cell, ...]:
    """A sheet row as wide as its header: trailing empty cells were not kept when reading."""
    if len(row) >= width or not row:
        return tuple(row)
    last = row[-1]
    name = last.source.name
    return tuple(row) + tuple(sheet_cell(name, "", last.row, c) for c in range(len(row) + 1, width + 1))


def read_xlsx(path: Path) -> Read:
    """Every sheet with an indicator header (openpyxl read-only: rows stream, nothing is loaded whole)."""
    check_size(path)
    _check_zip(path)
    import openpyxl

    try:
        wb = openpyxl.load_workbook(path, read_only=True, data_only=True)
    except Exception as exc:  # openpyxl raises many kinds for damaged files
        raise fail(
            path,
            "E701",
            reason=f"不是有效的 XLSX 工作簿（{type(exc).__name__}）",
            reason_en=f"not a valid XLSX workbook ({type(exc).__name__})",
        ) from None
    tables: list[RawTable] = []
    cards: list[A.Statement] = []
    diags: list[Diagnostic] = []
    errors: list[FileError] = []
    try:
        for ws in wb.worksheets:
            where = f"{path.name}!{ws.title}"
            grid = _sheet_grid(path, ws, where)
            if is_card_grid(grid) and find_header(grid) is None:
                found, problems = read_cards(grid, where)
                cards += found
                diags += problems
                continue
            try:
                tables.append(grid_table(path, where, ws.title, grid))
            except FileError as exc:
                errors.append(exc)
    finally:
        wb.close()
    if not tables:
        raise errors[0] if errors else fail(path, "E704", what="工作簿没有工作表", what_en="no sheets")
    return tables, cards, diags


def _check_zip(path: Path) -> None:
    if not zipfile.is_zipfile(path):
        raise fail(
            path,
            "E701",
            reason="不是 XLSX 工作簿（不是 zip 格式）",
            reason_en="not an XLSX workbook (not a zip archive)",
        )
    with zipfile.ZipFile(path) as zf:
        unpacked = sum(info.file_size for info in zf.infolist())
    if unpacked > MAX_UNPACKED:
        raise fail(path, "E702", size=unpacked, limit=MAX_UNPACKED)


def _sheet_grid(path: Path, ws: Any, where: str) -> list[list[Cell]]:
    declared = ws.max_row or 0
    if declared > MAX_ROWS:
        raise fail(path, "E705", rows=declared, limit=MAX_ROWS)
    grid: list[list[Cell]] = []
    for r, row in enumerate(ws.iter_rows(), start=1):
        if r > MAX_ROWS:
            raise fail(path, "E705", rows=f">{MAX_ROWS}", limit=MAX_ROWS)
        texts = [cell_text(c) for c in row[:MAX_COLUMNS]]
        while texts and not texts[-1]:
            texts.pop()
        grid.append([sheet_cell(where, t, r, i) for i, t in enumerate(texts, start=1)])
    return grid


def cell_text(cell: Any) -> str:
    """A cell's value as the table prints it: percent-formatted numbers keep their %."""
    value = getattr(cell, "value", None)
    if value is None:
        return ""
    if isinstance(value, (datetime, date)):
        return value.isoformat()
    if isinstance(value, bool) or not isinstance(value, (int, float)):
        return str(value)
    try:
        number = to_fraction(value)
    except NotANumber:
        return str(value)
    if "%" in (getattr(cell, "number_format", "") or ""):
        return _decimal(number * 100) + "%"
    return _decimal(number)


def _decimal(value: Fraction) -> str:
    try:
        return decimal_text(value)
    except ValueError:
        return str(float(value))


READERS: dict[str, Callable[[Path], Read]] = {
    ".txt": read_text,
    ".text": read_text,
    ".csv": read_csv,
    ".xlsx": read_xlsx,
    ".xlsm": read_xlsx,
}


def read_any(path: Path) -> Read:
    reader = READERS.get(path.suffix.lower())
    if reader is None:
        raise fail(
            path,
            "E701",
            reason=f"不支持的文件类型 {path.suffix or '（无后缀）'}，可用：{', '.join(READERS)}",
            reason_en=f"unsupported file type {path.suffix or '(no suffix)'}; use one of {', '.join(READERS)}",
        )
    return reader(path)
