"""File readers by suffix.  Each returns the tables it found, any statements (the budget block of
a text extract, the 评分表 sheet of an export) and the findings made while reading them, or
raises `FileError` with a diagnostic; limits are checked before anything is parsed.
"""

from __future__ import annotations

from collections.abc import Callable
from pathlib import Path
from typing import Any

from .. import ast as A
from ..diagnostics import Diagnostic
from ..sheets import Grid, Limits, SheetError, read_grids
from ..source import NotText, Source, Span, decode_text
from .budget import read_budget
from .cells import Cell, sheet_cell
from .columns import find_header, header_roles
from .files import reasons
from .scorecard import is_card_grid, read_cards
from .text import RawTable, read_tables

MAX_BYTES = 20 * 2**20
MAX_ROWS = 20_000
MAX_COLUMNS = 200
SNIFF = 8192
LIMITS = Limits(bytes=MAX_BYTES, rows=MAX_ROWS, columns=MAX_COLUMNS)

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
    return header_seen([ln.split("\t") for ln in text.splitlines() if "\t" in ln])


def header_seen(rows: list[list[str]]) -> str:
    """What E703 shows as the headers it saw: the cells of the one row that stands where a header
    would (the first with two or more filled cells, else the first filled one), never data cells."""
    filled = [[c.strip() for c in row if c.strip()] for row in rows]
    row = next((r for r in filled if len(r) >= 2), next((r for r in filled if r), []))
    return " | ".join(row)[:200] or "—"


def read_csv(path: Path) -> Read:
    check_size(path)
    grid = _sheet(path)[0]
    return [grid_table(path, path.name, path.stem, _cells(grid))], [], grid.diagnostics()


def _sheet(path: Path) -> list[Grid]:
    """The one bounded reader (`indicator_dsl.sheets`); a file it refuses keeps the importer's
    codes (E701 unreadable, E702 too large, E705 too many rows)."""
    try:
        grids = read_grids(path, LIMITS)
    except SheetError as exc:
        if exc.code in ("E741", "E742"):
            raise fail(path, "E702", size=exc.args_["size"], limit=exc.args_["limit"]) from None
        raise fail(path, "E701", reason=exc.reason("zh"), reason_en=exc.reason("en")) from None
    for grid in grids:
        if any(p.code == "E745" for p in grid.problems):
            raise fail(path, "E705", rows=f">{MAX_ROWS}", limit=MAX_ROWS)
    return grids


def _cells(grid: Grid) -> list[list[Cell]]:
    return [[sheet_cell(grid.name, t, r, c) for c, t in enumerate(row, 1)] for r, row in enumerate(grid.rows, 1)]


def grid_table(path: Path, where: str, title: str, grid: list[list[Cell]]) -> RawTable:
    if not any(not c.blank for row in grid for c in row):
        raise fail(path, "E704", what=f"{where} 没有内容", what_en=f"{where} has no content")
    at = find_header(grid)
    if at is None:
        raise fail(path, "E703", seen=header_seen([[c.text for c in row] for row in grid]))
    header = grid[at]
    rows = tuple(_padded(r, len(header)) for r in grid[at + 1 :] if any(not c.blank for c in r))
    heading = tuple(c for row in grid[:at] for c in row if not c.blank)
    return RawTable(path.name, title, tuple(header_roles(header)), tuple(header), rows, heading=heading)


def _padded(row: list[Cell], width: int) -> tuple[Cell, ...]:
    """A sheet row as wide as its header: trailing empty cells were not kept when reading."""
    if len(row) >= width or not row:
        return tuple(row)
    last = row[-1]
    name = last.source.name
    return tuple(row) + tuple(sheet_cell(name, "", last.row, c) for c in range(len(row) + 1, width + 1))


def read_xlsx(path: Path) -> Read:
    """Every sheet with an indicator header; a 评分表 sheet of an export gives its statements."""
    check_size(path)
    tables: list[RawTable] = []
    cards: list[A.Statement] = []
    diags: list[Diagnostic] = []
    errors: list[FileError] = []
    for sheet in _sheet(path):
        diags += sheet.diagnostics()
        grid = _cells(sheet)
        if is_card_grid(grid) and find_header(grid) is None:
            found, problems = read_cards(grid, sheet.name)
            cards += found
            diags += problems
            continue
        try:
            tables.append(grid_table(path, sheet.name, sheet.title, grid))
        except FileError as exc:
            errors.append(exc)
    if not tables:
        raise errors[0] if errors else fail(path, "E704", what="工作簿没有工作表", what_en="no sheets")
    return tables, cards, diags


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
