"""Writers of `eval` results, as a registry: csv, jsonl, parquet, and a DuckDB database table.

Every writer takes the columnar `Results` and writes whole columns with a columnar writer (polars
for CSV and JSON lines, Arrow for parquet, DuckDB for a database table) — no Python object per
record.  The text cells are the ones `eval --format csv` has always printed (`text_table`):
the display value, the grade (`—` when no band matched), 是/否, `CODE message`; cells that a
spreadsheet would run as a formula are neutralised exactly as `output.safe_cell` does.
"""

from __future__ import annotations

import contextlib
from collections.abc import Callable, Iterator
from typing import Any

import pyarrow as pa
import pyarrow.compute as pc

from ..output import safe_cell
from .paths import split_db_target
from .results import Results

HEADERS = {
    "zh": ["行", "指标", "值", "等级", "达标", "错误"],
    "en": ["row", "indicator", "value", "grade", "met", "error"],
}
FORMULA_START = r"^[=+\-@\t\r]"


def _frame(table: pa.Table) -> Any:
    """A polars DataFrame over the Arrow columns (no copy)."""
    import polars as pl

    return pl.DataFrame(table)


def neutralise(col: pa.Array) -> pa.Array:
    """`output.safe_cell` over a text column: only cells starting like a formula go through
    Python, once per distinct value."""
    col = col.cast(pa.string())
    risky = pc.match_substring_regex(col, FORMULA_START).fill_null(False)
    if not pc.any(risky).as_py():
        return col
    values = col.filter(risky)
    enc = values.dictionary_encode()
    fixed = pa.array([safe_cell(v) for v in enc.dictionary.to_pylist()], pa.string())
    return pc.replace_with_mask(col, risky, pa.DictionaryArray.from_arrays(enc.indices, fixed).cast(pa.string()))


def text_columns(results: Results, lang: str, safe: bool = True) -> pa.Table:
    """The six printed columns, as text (null for an empty cell), in `HEADERS[lang]` order;
    `safe` neutralises formula-like cells (files), the terminal table prints them as they are."""
    cols = [
        results.column("row").cast(pa.string()),
        results.column("indicator").cast(pa.string()),
        results.display,
        results.grade_cells(lang),
        results.met_cells(lang),
        results.messages(lang),
    ]
    if not safe:
        return pa.table(cols, names=HEADERS[lang])
    return pa.table([neutralise(c) for c in cols], names=[safe_cell(h) for h in HEADERS[lang]])


def csv_text(results: Results, lang: str) -> str:
    """The CSV text, byte for byte what `output.csv_text` gives for the same rows."""
    return str(_frame(text_columns(results, lang)).write_csv(quote_style="necessary"))


def record_columns(results: Results, lang: str) -> pa.Table:
    """The fields of `Evaluation.to_dict` (plus `row`), as typed columns."""
    unit = pa.array([results.units[n].name for n in results.column("indicator").dictionary.to_pylist()])
    ind = results.column("indicator")
    return pa.table(
        {
            "row": results.column("row"),
            "indicator": ind.cast(pa.string()),
            "value": results.value_text,
            "display": pc.fill_null(results.display, ""),
            "unit": unit.take(ind.indices),
            "grade": results.column("grade").cast(pa.string()),
            "met": results.column("met"),
            "error": results.column("error").cast(pa.string()),
            "message": pc.fill_null(results.message_only(lang), ""),
        }
    )


TABLE_FIELDS = (
    *("row", "indicator", "value_n", "value_d", "value_big"),
    *("display", "unit", "grade", "met", "error", "message"),
)


def table_columns(results: Results, lang: str) -> pa.Table:
    """The columns of a parquet file or database table of results (`TABLE_FIELDS`): the JSON
    record's fields, typed — the exact value as the reduced pair `value_n`/`value_d` (int64),
    or as `n/d` text in `value_big` when the pair is past 64 bits; null for no display or
    message; indicator, grade and code categorical."""
    value_n, value_d, value_big = results.exact
    ind = results.column("indicator")
    unit = pa.array([results.units[n].name for n in ind.dictionary.to_pylist()])
    return pa.table(
        {
            "row": results.column("row"),
            "indicator": ind.cast(pa.string()).dictionary_encode(),
            "value_n": value_n,
            "value_d": value_d,
            "value_big": value_big,
            "display": results.display,
            "unit": unit.take(ind.indices),
            "grade": results.column("grade").cast(pa.string()).dictionary_encode(),
            "met": results.column("met"),
            "error": results.column("error").cast(pa.string()).dictionary_encode(),
            "message": results.message_only(lang),
        }
    )


def _plain(table: pa.Table) -> pa.Table:
    """Dictionary columns as text: a database table holds VARCHAR (DuckDB would make an ENUM of
    each dictionary, a different type per batch), as `eval --engine duckdb` writes it."""
    for i, f in enumerate(table.schema):
        if pa.types.is_dictionary(f.type):
            table = table.set_column(i, f.name, table.column(i).cast(pa.string()))
    return table


def write_csv(results: Results, lang: str, target: str) -> None:
    _frame(text_columns(results, lang)).write_csv(target, quote_style="necessary")


def write_jsonl(results: Results, lang: str, target: str) -> None:
    _frame(record_columns(results, lang)).write_ndjson(target)


def write_parquet(results: Results, lang: str, target: str) -> None:
    from .results import write_parquet as write

    write(table_columns(results, lang), target)


def write_duckdb(results: Results, lang: str, target: str) -> None:
    """Into a table of a DuckDB database (created or replaced), from Arrow without a copy."""
    import duckdb

    from .sql_base import ident

    found = split_db_target(target)
    assert found is not None
    path, table = found
    con = duckdb.connect(path)
    try:
        con.register("__results", _plain(table_columns(results, lang)))
        con.execute(f"CREATE OR REPLACE TABLE {ident(table)} AS SELECT * FROM __results")
    finally:
        con.close()


SINKS: dict[str, Callable[[Results, str, str], None]] = {
    "csv": write_csv,
    "jsonl": write_jsonl,
    "parquet": write_parquet,
}


def sink_for(fmt: str, target: str) -> Callable[[Results, str, str], None]:
    """The writer for `-o target`: a DuckDB table target is a table whatever the format."""
    if split_db_target(target):
        return write_duckdb
    return SINKS[fmt]


@contextlib.contextmanager
def chunk_writer(fmt: str, target: str, lang: str) -> Iterator[Callable[[Results], None]]:
    """A writer taking the result chunk by chunk (`engines.write_vector`): the file holds what one
    write of all chunks would (one CSV header, one parquet schema, one table)."""
    import pyarrow.parquet as pq

    from .results import parquet_options

    db = split_db_target(target)
    state: dict[str, Any] = {"first": True}
    handle = None if db or fmt == "parquet" else open(target, "wb")  # noqa: SIM115 - closed below
    con = None

    def write(results: Results) -> None:
        nonlocal con
        first, state["first"] = state["first"], False
        if db is not None:
            import duckdb

            from .sql_base import ident

            if con is None:
                con = duckdb.connect(db[0])
            con.register("__results", _plain(table_columns(results, lang)))
            verb = f"CREATE OR REPLACE TABLE {ident(db[1])} AS" if first else f"INSERT INTO {ident(db[1])}"
            con.execute(f"{verb} SELECT * FROM __results")
            con.unregister("__results")
        elif fmt == "csv":
            _frame(text_columns(results, lang)).write_csv(handle, quote_style="necessary", include_header=first)
        elif fmt == "jsonl":
            _frame(record_columns(results, lang)).write_ndjson(handle)
        else:
            table = table_columns(results, lang)
            if "parquet" not in state:
                state["parquet"] = pq.ParquetWriter(target, table.schema, **parquet_options(table))
            state["parquet"].write_table(table)

    try:
        yield write
    finally:
        if handle is not None:
            handle.close()
        if "parquet" in state:
            state["parquet"].close()
        if con is not None:
            con.close()
