"""Running the compiled SELECT in embedded DuckDB: the input registered as a view with row
numbers in file order, its schema probed, the SELECT compiled and run to an Arrow table."""

from __future__ import annotations

import contextlib
import os
from collections.abc import Iterator, Sequence
from typing import Any

from ..semantics import Env, Resolved
from ..sheets.csv_records import StrictScanRefused, csv_header
from .codes import GroupColumnError
from .sql import ENGINE_OUTPUTS, RETRY, compile_select
from .sql_base import ident, literal
from .sql_schema import detect_schema, needed_columns, parquet_stats
from .sql_schema import optimistic as optimistic_schema


def is_csv(source: object) -> bool:
    """A CSV file DuckDB scans as text (`duckdb_source`)."""
    return isinstance(source, str) and not os.path.isdir(source) and not source.lower().endswith((".parquet", ".pq"))


ROW = "__row"


def fresh(base: str, taken: Sequence[str]) -> str:
    """`base`, or `base_1`, `base_2` … — a generated column name no input column already has."""
    name, k = base, 0
    while name in taken:
        k += 1
        name = f"{base}_{k}"
    return name


def split_error(text: str | None) -> tuple[str | None, dict[str, object] | None]:
    """`E402 planned` → ("E402", {"name": "planned"}); see `results.split_detail`."""
    from .results import split_detail

    return split_detail(text)


def evaluations(table: Any, indicators: Sequence[Resolved], places: int = 2) -> list[tuple[Any, Any]]:
    """Rows of an engine's result table (pyarrow) → (row id, evaluation.Evaluation) pairs, built on
    request from the columnar `Results` (the engines' callers keep the columns)."""
    from .results import from_wide

    return list(from_wide(table, indicators, places=places))


def duckdb_source(con: object, source: object, table: str = "records") -> str:
    """Register a parquet/csv path (a directory: its *.parquet files, by name), an Arrow table or a
    polars DataFrame as `table`, with row numbers in file order: the scan's ordinality for files, an
    index column added before registering for in-memory tables — never `row_number() OVER ()`,
    whose order is the engine's business.  Returns the row-number column's name (`__row`, or a
    variant when the input has a column of that name)."""
    if isinstance(source, str):
        low = source.lower()
        if os.path.isdir(source):
            scan = f"read_parquet({literal(os.path.join(source, '*.parquet'))})"
        elif low.endswith((".parquet", ".pq")):
            scan = f"read_parquet({literal(source)})"
        else:
            scan = csv_scan(con, source)
        scan += " WITH ORDINALITY"
        names = [r[0] for r in con.sql(f"DESCRIBE SELECT * FROM {scan}").fetchall()]  # type: ignore[attr-defined]
        row = fresh(ROW, names[:-1])
        view = f"SELECT * EXCLUDE ({ident(names[-1])}), {ident(names[-1])} AS {ident(row)} FROM {scan}"
    else:
        indexed = with_row_index(source)
        row = indexed.column_names[-1]
        con.register("__input", indexed)  # type: ignore[attr-defined]
        view = "SELECT * FROM __input"
    con.execute(f"CREATE OR REPLACE TEMP VIEW {ident(table)} AS {view}")  # type: ignore[attr-defined]
    return row


CSV_DIALECT = "delim = ',', quote = '\"', escape = '\"', skip = 0"  # what `sheets` and polars read: RFC 4180


def csv_scan(con: Any, path: str) -> str:
    """`read_csv` of `path` with every column as text (DuckDB's type sniffing would read
    decimals as DOUBLE), spelt out with `auto_detect = false`: the header's names as
    `sheets.csv_records` reads them (trimmed, quoted here as literals: a header `a'b` is no SQL)
    and the line ending DuckDB's sniffer finds, once, so that every later bind of the view —
    the DESCRIBEs, the SELECT, the COPY — reads without sniffing the file again (each sniff of
    a 2M record file costs about as much as the rest of a one-record run).  The dialect the
    other engines read is fixed, not sniffed: comma-separated, `"` quotes doubled inside, no row
    skipped (a `;` file or `'29'` cells are one column and the text `'29'` everywhere, never
    split or unquoted by DuckDB alone).  The scan is strict: a row that does not fit the header
    stops it (DuckDB's error, `strict_scan`).  A header a strict scan cannot take (a name
    repeated or missing, not UTF-8) or a file the sniffer refuses (a ragged row near the top)
    raises `StrictScanRefused`: `read_csv_records` reads that file, and DuckDB gets its records."""
    import duckdb

    names = csv_header(path)
    if names is None:
        raise StrictScanRefused(path)
    options = f"{literal(path)}, header = true, all_varchar = true, {CSV_DIALECT}"
    try:
        found = con.execute(f"SELECT NewLineDelimiter, Columns FROM sniff_csv({options})").fetchall()
        newline, columns = found[0]
    except (duckdb.Error, IndexError, KeyError, TypeError, ValueError):
        raise StrictScanRefused(path) from None
    if not isinstance(newline, str) or len(columns) != len(names):
        raise StrictScanRefused(path)
    typed = "{" + ", ".join(f"{literal(name)}: 'VARCHAR'" for name in names) + "}"
    return f"read_csv({options}, auto_detect = false, new_line = {literal(newline)}, comment = '', columns = {typed})"


@contextlib.contextmanager
def strict_scan(source: object) -> Iterator[None]:
    """DuckDB's refusal of a CSV row that does not fit the header, mid-scan, as `StrictScanRefused`."""
    import duckdb

    try:
        yield
    except duckdb.InvalidInputException as exc:
        if is_csv(source):
            raise StrictScanRefused(str(source)) from exc
        raise


def with_row_index(source: Any) -> Any:
    """An Arrow table or polars DataFrame with a 1-based `__row` column in its own order."""
    import pyarrow as pa

    if not isinstance(source, pa.Table):
        source = source.to_arrow() if hasattr(source, "to_arrow") else pa.table(source)  # polars / pandas
    import numpy as np

    row = fresh(ROW, source.column_names)
    return source.append_column(row, pa.array(np.arange(1, source.num_rows + 1, dtype=np.int64)))


def run_duckdb(
    indicators: Sequence[Resolved],
    env: Env,
    source: object,
    group_by: str | None = None,
    con: object = None,
) -> object:
    """Evaluate in embedded DuckDB; returns a pyarrow Table (one row per record or per group)."""
    with strict_scan(source):
        con, sql = prepare(indicators, env, source, group_by, con, optimistic=True)
        # no ORDER BY: projections over a scan keep its order (DuckDB's preserve_insertion_order)
        table = con.sql(sql).to_arrow_table()  # type: ignore[attr-defined]
        if retried(table):  # a text cell that is no plain integer: the general rules, from the start
            con, sql = prepare(indicators, env, source, group_by, con)
            table = con.sql(sql).to_arrow_table()  # type: ignore[attr-defined]
    return table


def retried(table: Any) -> bool:
    """Whether an optimistic read (`sql_schema.optimistic`) met a cell it cannot take."""
    import pyarrow.compute as pc

    errors = [table.column(c) for c in table.column_names if c.endswith(":error")]
    return any(pc.any(pc.starts_with(col, RETRY)).as_py() for col in errors)


def prepare(
    indicators: Sequence[Resolved],
    env: Env,
    source: object,
    group_by: str | None = None,
    con: object = None,
    optimistic: bool = False,
) -> tuple[Any, str]:
    """A connection with `source` registered as `records` and the lean SELECT over it (row key,
    then `name:n`, `name:d`, `name:grade`, `name:met`, `name:error` per indicator), not run yet:
    `run_duckdb` fetches it as Arrow, `sql_output.copy_results` has DuckDB write it to a file.
    `optimistic`: a CSV file's text columns are taken for plain integers (`sql_schema.optimistic`);
    the caller runs again without it when a record has the code RETRY."""
    import duckdb

    con = con or duckdb.connect()
    row = duckdb_source(con, source)
    types = {r[0]: r[1] for r in con.sql(f"DESCRIBE {ident('records')}").fetchall() if r[0] != row}  # type: ignore[attr-defined]
    if group_by is not None and group_by not in types:
        raise GroupColumnError(group_by, types)
    wanted = needed_columns(indicators, env)
    stats = None
    if isinstance(source, str) and source.lower().endswith((".parquet", ".pq")) and os.path.isfile(source):
        path = source
        stats = lambda columns: parquet_stats(path, columns)  # noqa: E731 - the probe the file answers
    probe = lambda sql: con.sql(sql).fetchall()[0]  # type: ignore[attr-defined]  # noqa: E731
    schema = detect_schema(types, probe, wanted=wanted, stats=stats)
    if optimistic and is_csv(source):
        schema = optimistic_schema(schema, wanted)
    sql = compile_select(indicators, env, schema, keep=[row], group_by=group_by, outputs=ENGINE_OUTPUTS, lean=True)
    return con, sql
