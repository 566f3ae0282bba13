"""Reading actuals: CSV, XLSX or JSON as a plain table, then columns matched by header.

Reading never scores and never raises on a bad row: each problem becomes a diagnostic located
at `file:row:column` (the header is row 1, columns count from 1, as a spreadsheet shows them)
and the remaining rows are still used."""

from __future__ import annotations

import functools
import os
import re
from collections.abc import Callable, Iterable, Mapping
from dataclasses import dataclass, field
from pathlib import Path
from typing import Any

from ..diagnostics import Diagnostic
from ..json_input import bounded
from ..naming import NameIndex, did_you_mean, hint_args
from ..source import CellSource, Span
from . import codes as _codes  # noqa: F401  (registers E6xx/W6xx)

# Header words per field; matching ignores case and surrounding spaces.
FIELDS: dict[str, tuple[str, ...]] = {
    "indicator": ("指标", "指标名称", "三级指标", "indicator", "name"),
    "actual": ("实际完成值", "实际值", "完成值", "全年实际值", "actual", "value"),
    "tier": ("等级", "档次", "评价档次", "定性档次", "tier"),
    "na": ("不适用", "na", "n/a", "not_applicable", "not applicable"),
    "manual": ("得分", "人工得分", "调整得分", "manual", "manual_score", "score"),
    "reason": ("理由", "调整理由", "reason"),
    "deviation": ("偏差原因", "偏差原因分析", "原因分析", "deviation", "deviation_reason"),
}
_HEADER_FIELD = {alias.lower(): name for name, aliases in FIELDS.items() for alias in aliases}
_TRUE = {"是", "√", "✓", "y", "yes", "true", "1", "x", "不适用", "na", "n/a"}
_CONTROL = re.compile(r"[\x00-\x08\x0b\x0c\x0e-\x1f\x7f]")
NA_MARKS = {"/", "／", "不适用", "n/a", "na", "—"}


class ActualsError(Exception):
    """The file as a whole cannot be read (E601): why, in zh and en."""

    def __init__(self, zh: str, en: str) -> None:
        super().__init__(f"{zh} / {en}")
        self.zh, self.en = zh, en


@dataclass(frozen=True)
class Table:
    """Rows of cells under one header row; `rows` holds (row number, cells)."""

    name: str
    headers: tuple[str, ...]
    rows: tuple[tuple[int, tuple[Any, ...]], ...]
    problems: tuple[Diagnostic, ...] = ()  # cells the reader could not read (E745–E753)


@dataclass(frozen=True, slots=True)
class Cell:
    """One cell; `text` is the cell as text without control characters (they only ever hide or
    smuggle content), found when the cell is made: every reader of a cell asks for it."""

    row: int
    column: int
    value: Any
    text: str = field(init=False, compare=False, repr=False)

    def __post_init__(self) -> None:
        object.__setattr__(self, "text", cell_text(self.value))


def cell_text(value: Any) -> str:
    """A value as a cell's text: stripped, without control characters (printable text has none)."""
    if value is None:
        return ""
    text = value if type(value) is str else str(value)
    return text.strip() if text.isprintable() else _CONTROL.sub("", text).strip()


@dataclass(frozen=True)
class Entry:
    """What the actuals say about one indicator."""

    name: str
    row: int
    actual: Cell | None = None
    tier: Cell | None = None
    na: bool = False
    manual: Cell | None = None
    reason: str | None = None
    deviation: str | None = None
    cells: Mapping[str, Cell] = field(default_factory=dict)  # every non-empty field cell, by field name


@dataclass
class Actuals:
    file: str
    entries: dict[str, Entry] = field(default_factory=dict)
    inputs: dict[str, Any] = field(default_factory=dict)
    input_cells: dict[str, Cell] = field(default_factory=dict)
    diagnostics: list[Diagnostic] = field(default_factory=list)


def cell_diagnostic(code: str, file: str, row: int, column: int, text: str = "", **args: Any) -> Diagnostic:
    """A diagnostic whose location renders as `file:row:column` with the cell text under a caret."""
    source = CellSource(file, text, row=max(row, 1), column=max(column, 1))
    return Diagnostic(code, Span(0, max(len(text), 1)), source, args)


# ---- readers: suffix → function(path) -> Table -------------------------------------------------
def _text(path: Path) -> str:
    """A text file saved by Excel or WPS in China: UTF-8 (with or without BOM) or GBK/GB18030."""
    from ..source import NotText, decode_text

    try:
        return decode_text(path.read_bytes())[0]
    except NotText as exc:
        if str(exc) == "binary":
            raise ActualsError("不是文本文件", "not a text file") from None
        raise ActualsError("既不是 UTF-8 也不是 GBK 编码", "neither UTF-8 nor GBK text") from None


def _read_sheet(path: Path) -> Table:
    """CSV or the first sheet of an XLSX through the one bounded reader (`indicator_dsl.sheets`):
    cells as the sheet shows them (`95.1%` under a percent format), a cell it cannot read is a
    finding at that cell and the other rows are still scored."""
    from ..sheets import SheetError, read_grids

    try:
        grid = read_grids(path, first_sheet=True)[0]
    except SheetError as exc:
        raise ActualsError(exc.reason("zh"), exc.reason("en")) from None
    name = grid.name.replace(path.name, str(path), 1)
    problems = tuple(p.diagnostic(name) for p in grid.problems)
    if not grid.rows:
        return Table(name, (), (), problems)
    rows = tuple((i, r) for i, r in enumerate(grid.rows[1:], start=2))
    return Table(name, tuple(h.strip() for h in grid.rows[0]), rows, problems)


def _read_json(path: Path) -> Table:
    from ..json_input import JsonInputError, loads

    try:
        data = loads(_text(path))
    except JsonInputError as exc:
        raise ActualsError(exc.zh, exc.en) from None
    return table_from_records(data, str(path))


READERS: dict[str, Callable[[Path], Table]] = {".csv": _read_sheet, ".xlsx": _read_sheet, ".json": _read_json}


def display_name(path: str | Path) -> str:
    """A path as people want to read it: relative to the working directory when below it."""
    return _display_name(str(path), os.getcwd())


@functools.lru_cache(maxsize=4096)
def _display_name(path: str, cwd: str) -> str:
    """Resolving walks every component of the path (a system call each): a folder run asks
    three times per project, so the answer is kept per (path, working directory)."""
    real = os.path.realpath(path)  # what Path.resolve() gives, without building Paths
    if real == cwd:
        return "."
    below = cwd if cwd.endswith(os.sep) else cwd + os.sep
    return real[len(below) :] if real.startswith(below) else path


def read_table(path: str | Path) -> Table:
    path = Path(path)
    reader = READERS.get(path.suffix.lower())
    if reader is None:
        raise ActualsError(
            f"不支持的文件类型 {path.suffix!r}，请用 .csv、.xlsx 或 .json",
            f"unsupported file type {path.suffix!r}; use .csv, .xlsx or .json",
        )
    if not path.is_file():
        raise ActualsError("文件不存在", "no such file")
    try:
        table = reader(path)
    except ActualsError:
        raise
    except OSError as exc:
        raise ActualsError(f"无法读取：{exc.strerror or exc}", f"cannot read it: {exc.strerror or exc}") from None
    except Exception as exc:  # noqa: BLE001 - any reader failure (a damaged XLSX) is an input error
        raise ActualsError(
            f"文件已损坏或格式不对（{type(exc).__name__}）", f"damaged or not a {path.suffix} file ({exc})"
        ) from None
    shown = table.name.replace(str(path), display_name(path), 1)
    problems = tuple(_renamed(d, shown) for d in table.problems)
    return Table(shown, table.headers, table.rows, problems)


def _renamed(d: Diagnostic, name: str) -> Diagnostic:
    source = d.source
    if source is not None and hasattr(source, "row"):
        from dataclasses import replace

        source = replace(source, name=name)
    return Diagnostic(d.code, d.span, source, d.args)


def table_from_records(data: Any, name: str = "<actuals>") -> Table:
    """JSON-like data: a list of row objects, `{"rows": [...]}`, or one object of input values."""
    if isinstance(data, Mapping) and isinstance(data.get("rows"), list):
        data = data["rows"]
    if isinstance(data, Mapping):
        data = [data]
    if not isinstance(data, list) or not all(isinstance(r, Mapping) for r in data):
        raise ActualsError("应为对象列表或对象", "expected a list of objects or one object")
    headers: dict[str, None] = {}
    for record in data:
        headers.update(dict.fromkeys(str(k) for k in record))
    keys = tuple(headers)
    column = {k: i for i, k in enumerate(keys, start=1)}
    problems = tuple(
        cell_diagnostic("E642", name, row, column[key], key, key=key)
        for row, record in enumerate(data, start=2)
        for key in getattr(record, "duplicates", ())
    )
    rows = tuple((i, tuple(bounded(r.get(k)) for k in keys)) for i, r in enumerate(data, start=2))
    return Table(name, keys, rows, problems)


def is_empty(table: Table) -> str | None:
    """Why a table holds nothing to score (no header, or no row with any text), else None."""
    if not any(str(h).strip() for h in table.headers):
        return "empty"
    if not any(Cell(row, 1, value).text for row, cells in table.rows for value in cells):
        return "header-only"
    return None


# ---- interpretation ---------------------------------------------------------------------------------
def interpret(
    table: Table,
    names: Mapping[str, str] | NameIndex,
    inputs: Iterable[str] | NameIndex,
    fields: Mapping[str, tuple[str, ...]] | None = None,
) -> Actuals:
    """Match rows to indicators (`names`: name or alias → indicator name) and formula inputs.
    `fields`: header words per field (default `FIELDS`); fields beyond the ones `Entry` names
    (the monitor's 全年预计完成值, 纠偏措施 …) are found in `Entry.cells`.  Names are matched as
    written, else through `naming.name_key` (width, spaces, punctuation), for rows and headers alike.
    Either may come as its `NameIndex` already built (a folder run builds one per shape)."""
    index = names if isinstance(names, NameIndex) else NameIndex(names)
    known_inputs = inputs if isinstance(inputs, NameIndex) else NameIndex({i: i for i in inputs})
    header_field = _HEADER_FIELD if fields is None else _header_map(fields)
    out = Actuals(table.name)
    out.diagnostics += table.problems
    columns: dict[str, int] = {}
    input_columns: dict[str, int] = {}
    for col, header in enumerate(table.headers, start=1):
        fieldname = header_field.get(header.lower())
        if fieldname and fieldname not in columns:
            columns[fieldname] = col
        elif header in known_inputs or (header in index and "indicator" not in _header_fields(table, header_field)):
            input_columns[header] = col
        elif header:
            out.diagnostics.append(cell_diagnostic("W605", table.name, 1, col, header, header=header))
    first_seen: dict[str, int] = {}
    for row, cells in table.rows:
        get = _getter(row, cells, columns)
        if "indicator" in columns:
            _row_entry(out, get, index, known_inputs, first_seen, table.name, tuple(columns))
        for header, col in input_columns.items():
            cell = Cell(row, col, cells[col - 1] if col - 1 < len(cells) else None)
            if cell.text:
                _wide_value(out, header, cell, index, known_inputs, first_seen, table.name)
    return out


def _header_map(fields: Mapping[str, tuple[str, ...]]) -> dict[str, str]:
    return {alias.lower(): name for name, aliases in fields.items() for alias in aliases}


def _header_fields(table: Table, header_field: Mapping[str, str]) -> set[str]:
    return {header_field[h.lower()] for h in table.headers if h.lower() in header_field}


def _getter(row: int, cells: tuple[Any, ...], columns: Mapping[str, int]) -> Callable[[str], Cell | None]:
    """The row's non-empty field cells, each built once (a row is asked for each field twice)."""
    filled = {}
    width = len(cells)
    for fieldname, col in columns.items():
        if col > width:
            continue
        value = cells[col - 1]
        if value is None or (type(value) is str and (not value or value.isspace())):
            continue  # a blank cell's text is empty: no Cell is built for it
        if (cell := Cell(row, col, value)).text:
            filled[fieldname] = cell
    return filled.get


def _row_entry(
    out: Actuals,
    get: Callable[[str], Cell | None],
    names: NameIndex,
    inputs: NameIndex,
    first_seen: dict[str, int],
    file: str,
    fieldnames: tuple[str, ...] = (),
) -> None:
    name_cell = get("indicator")
    if name_cell is None:
        filled = next((c for f in ("actual", "tier", "na", "manual", "reason", "deviation") if (c := get(f))), None)
        if filled is not None:
            out.diagnostics.append(cell_diagnostic("E643", file, filled.row, filled.column, filled.text))
        return
    raw = name_cell.text
    key, input_name = names.get(raw), inputs.get(raw)
    if key is not None:
        if _duplicate(out, key, name_cell, first_seen, file):
            return
        actual, na_cell = get("actual"), get("na")
        na = (na_cell is not None and na_cell.text.lower() in _TRUE) or (
            actual is not None and actual.text.lower() in NA_MARKS
        )
        reason, deviation = get("reason"), get("deviation")
        out.entries[key] = Entry(
            key,
            name_cell.row,
            None if na else actual,
            get("tier"),
            na,
            get("manual"),
            reason.text if reason else None,
            deviation.text if deviation else None,
            {f: c for f in fieldnames if (c := get(f)) is not None},
        )
    elif input_name is not None:
        if not _duplicate(out, input_name, name_cell, first_seen, file) and get("actual") is not None:
            out.inputs[input_name] = get("actual").value  # type: ignore[union-attr]
            out.input_cells[input_name] = get("actual")  # type: ignore[assignment]
    else:
        out.diagnostics.append(unknown_name(raw, name_cell, [*names.names(), *inputs.names()], file))


def _wide_value(
    out: Actuals,
    header: str,
    cell: Cell,
    names: NameIndex,
    inputs: NameIndex,
    first_seen: dict[str, int],
    file: str,
) -> None:
    """A column named after an input (raw formula inputs) or, without an 指标 column, an indicator."""
    key = names.get(header)
    if key is not None and header not in out.input_cells:
        if not _duplicate(out, key, cell, first_seen, file):
            out.entries[key] = Entry(key, cell.row, cell)
        return
    name = inputs.get(header) or header
    if not _duplicate(out, name, cell, first_seen, file):
        out.inputs[name] = cell.value
        out.input_cells[name] = cell


def _duplicate(out: Actuals, key: str, cell: Cell, first_seen: dict[str, int], file: str) -> bool:
    if key in first_seen:
        out.diagnostics.append(
            cell_diagnostic("E605", file, cell.row, cell.column, cell.text, name=key, first=first_seen[key])
        )
        return True
    first_seen[key] = cell.row
    return False


def unknown_name(raw: str, cell: Cell, choices: list[str], file: str) -> Diagnostic:
    close = did_you_mean(raw, choices, n=3)
    diag = cell_diagnostic("E602", file, cell.row, cell.column, raw, name=raw, **hint_args(close))
    return Diagnostic(diag.code, diag.span, diag.source, diag.args, fix=close[0] if close else None)
