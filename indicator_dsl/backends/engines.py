"""The evaluation engines behind `eval --engine`, as a registry: exact, vector, duckdb, spark.

Each takes the indicators, the catalog's environment and an `Inputs` (a file path and/or
records) and returns (row id, Evaluation) pairs, so every engine's output is rendered the same
way.  With `group_by`, inputs are first summed per group (exactly) and each group is one record.
"""

from __future__ import annotations

from collections.abc import Callable, Mapping, Sequence
from dataclasses import dataclass, field
from fractions import Fraction
from typing import Any

import numpy as np

from ..semantics import Env
from .codes import GroupColumnError  # registers E801–E808 too
from .exact import EvalFailure, convert
from .paths import split_db_target
from .results import Results, Unit, assemble, detail_of, null_column, part, unit_of

Rows = list[tuple[Any, Any]]


@dataclass(frozen=True)
class Inputs:
    """Where records come from: a .csv/.parquet path, records already read, and --set values;
    `columns`, the header's names when a CSV file's records were read in Python (the SQL
    engines then take them as a table of text columns, not the file)."""

    path: str | None = None
    records: Sequence[tuple[Any, Mapping[str, Any]]] = ()
    fixed: Mapping[str, Any] = field(default_factory=dict)
    columns: Sequence[str] | None = None

    @property
    def first_row(self) -> int:
        """Row numbers as a spreadsheet shows them: a CSV's header is row 1."""
        return 2 if self.path and self.path.lower().endswith(".csv") else 1


def is_parquet(path: str | None) -> bool:
    return bool(path) and str(path).lower().endswith((".parquet", ".pq"))


def read_parquet_records(path: str) -> list[tuple[int, dict[str, Any]]]:
    import pyarrow.parquet as pq

    return list(enumerate(pq.read_table(path).to_pylist(), start=1))


class DbTableError(Exception):
    """A `DB.duckdb:TABLE` input that cannot be read (E808)."""

    def __init__(self, name: str, reason: str) -> None:
        super().__init__(name, reason)
        self.name, self.reason = name, reason


def read_db_table(target: str) -> Any:
    """A DuckDB database table as an Arrow table, in insertion (rowid) order, opened read-only."""
    import duckdb

    from .sql_base import ident

    path, table = split_db_target(target) or ("", "")
    try:
        con = duckdb.connect(path, read_only=True)
    except (duckdb.Error, OSError) as exc:
        raise DbTableError(target, str(exc).splitlines()[0]) from None
    try:
        return con.sql(f"SELECT * FROM {ident(table)} ORDER BY rowid").to_arrow_table()
    except duckdb.Error as exc:
        raise DbTableError(target, str(exc).splitlines()[0]) from None
    finally:
        con.close()


def _records(inputs: Inputs) -> Sequence[tuple[Any, Mapping[str, Any]]]:
    if inputs.path and split_db_target(str(inputs.path)):
        rows = read_db_table(str(inputs.path)).to_pylist()
        return [(i, {**r, **inputs.fixed}) for i, r in enumerate(rows, start=1)]
    if is_parquet(inputs.path):
        return [(i, {**r, **inputs.fixed}) for i, r in read_parquet_records(str(inputs.path))]
    return list(inputs.records)


def group_records(
    records: Sequence[tuple[Any, Mapping[str, Any]]], by: str, env: Env
) -> list[tuple[Any, dict[str, Any]]]:
    """Sum every field per group, exactly; blanks are skipped, a group with no value has none,
    and a non-number stays as it is so the group reports E403.  Cells are summed in base units
    (a `29%` cell is already a ratio) and handed back in the input's written unit."""
    groups: dict[Any, dict[str, Any]] = {}
    for _, record in records:
        if by not in record:
            raise GroupColumnError(by, record)
        acc = groups.setdefault(record[by], {by: record[by]})
        for key, value in record.items():
            if key == by or value is None or (isinstance(value, str) and not value.strip()):
                acc.setdefault(key, None)
                continue
            factor = env.input_units[key].factor if key in env.input_units else Fraction(1)
            try:
                n, d = convert(value, key, factor.numerator, factor.denominator)
            except EvalFailure:
                acc[key] = value
                continue
            current = acc.get(key)
            if isinstance(current, Fraction) or current is None:
                acc[key] = (current or 0) + Fraction(n, d) / factor
    return sorted(groups.items(), key=lambda kv: str(kv[0]))


def _units(indicators: Sequence[Any]) -> dict[str, Unit]:
    return {ind.name: unit_of(ind.resolved) for ind in indicators}


def _graded(indicators: Sequence[Any]) -> frozenset[str]:
    return frozenset(ind.name for ind in indicators if ind.resolved.bands)


def run_exact(indicators: Sequence[Any], env: Env, inputs: Inputs, by: str | None, places: int) -> Results:
    """Per record with the compiled exact functions; results go straight into columns."""
    import pyarrow as pa

    records: Sequence[tuple[Any, Mapping[str, Any]]] = _records(inputs)
    if by is not None:
        records = group_records(records, by, env)
    parts = []
    for ind in indicators:
        function = ind.compiled.function
        ns: list[Any] = []
        ds: list[Any] = []
        grades: list[Any] = []
        mets: list[Any] = []
        details: list[Any] = []
        for _, rec in records:
            try:
                n, d, g, m = function(rec)
            except EvalFailure as exc:
                n, d, g, m = 0, 1, None, None
                details.append(detail_of(exc.code, exc.args_))
            else:
                details.append(None)
            ns.append(n)
            ds.append(d)
            grades.append(g)
            mets.append(m)
        obj = np.empty(len(ns), dtype=object)
        obj[:] = ns
        dobj = np.empty(len(ds), dtype=object)
        dobj[:] = ds
        cols = part(
            obj, dobj, pa.array(grades, pa.string()), pa.array(mets, pa.bool_()), pa.array(details, pa.string())
        )
        parts.append((ind.name, cols))
    return assemble(_row_keys([r for r, _ in records]), parts, _units(indicators), places, _graded(indicators))


def _row_keys(keys: Sequence[Any]) -> Any:
    """Row numbers stay integers; group keys (any type) become their text."""
    import pyarrow as pa

    if all(type(k) is int for k in keys):
        return pa.array(keys, pa.int64())
    return pa.array([None if k is None else str(k) for k in keys], pa.string())


def _column_table(inputs: Inputs) -> Any:
    """A parquet file or DuckDB table as a polars DataFrame (Arrow memory, no per-record objects),
    with --set values as constant columns; None for inputs that arrive as records."""
    if not _columnar(inputs):
        return None
    import pyarrow.parquet as pq

    path = str(inputs.path)
    table = read_db_table(path) if split_db_target(path) else pq.read_table(path)
    return _frame(table, inputs.fixed)


def _columnar(inputs: Inputs) -> bool:
    return bool(inputs.path) and (is_parquet(inputs.path) or bool(split_db_target(str(inputs.path))))


def _frame(table: Any, fixed: Mapping[str, Any]) -> Any:
    import polars as pl

    frame = pl.DataFrame(table)
    for name, value in fixed.items():
        frame = frame.with_columns(pl.Series(name, [value] * frame.height))
    return frame


CHUNK = 1 << 20  # records per chunk of `eval --engine vector -o`


def _column_chunks(inputs: Inputs) -> Any:
    """The input as polars frames of at most CHUNK records, read one at a time from a parquet file."""
    import pyarrow as pa
    import pyarrow.parquet as pq

    path = str(inputs.path)
    if split_db_target(path):
        batches = read_db_table(path).to_batches(CHUNK)
    else:
        batches = pq.ParquetFile(path).iter_batches(batch_size=CHUNK)
    for batch in batches:
        yield _frame(pa.Table.from_batches([batch]), inputs.fixed)


def write_vector(
    indicators: Sequence[Any], env: Env, inputs: Inputs, places: int, lang: str, fmt: str, target: str
) -> int:
    """`eval --engine vector -o target`: a parquet file or DuckDB table is evaluated and written
    chunk by chunk (the memory is one chunk's, whatever the number of records), the same bytes as
    one write; other inputs in one piece.  Returns how many records failed."""
    from .sinks import chunk_writer, sink_for

    if not _columnar(inputs):
        results = run_vector(indicators, env, inputs, None, places)
        sink_for(fmt, target)(results, lang, target)
        return int((~results.ok).sum())
    failed, start = 0, 1
    with chunk_writer(fmt, target, lang) as write:
        for frame in _column_chunks(inputs):
            columns = {name: frame.get_column(name) for name in frame.columns}
            parts = [(ind.name, batch_part(ind.evaluate_batch(columns), columns)) for ind in indicators]
            rows = np.arange(start, start + frame.height, dtype=np.int64)
            results = assemble(rows, parts, _units(indicators), places, _graded(indicators))
            write(results)
            failed += int((~results.ok).sum())
            start += frame.height
        if start == 1:  # no record: the empty result, as one write gives it
            write(run_vector(indicators, env, inputs, None, places))
    return failed


def run_vector(indicators: Sequence[Any], env: Env, inputs: Inputs, by: str | None, places: int) -> Results:
    frame = _column_table(inputs) if by is None else None
    if frame is not None:
        columns = {name: frame.get_column(name) for name in frame.columns}
        parts = [(ind.name, batch_part(ind.evaluate_batch(columns), columns)) for ind in indicators]
        rows = np.arange(1, frame.height + 1, dtype=np.int64)
        return assemble(rows, parts, _units(indicators), places, _graded(indicators))
    records: Sequence[tuple[Any, Mapping[str, Any]]] = _records(inputs)
    if by is not None:
        records = group_records(records, by, env)
    names = list(dict.fromkeys(k for _, r in records for k in r))
    columns = {k: [r.get(k) for _, r in records] for k in names}
    parts = [(ind.name, batch_part(ind.evaluate_batch(columns), columns)) for ind in indicators]
    return assemble(_row_keys([r for r, _ in records]), parts, _units(indicators), places, _graded(indicators))


def batch_part(res: Any, columns: Mapping[str, Any]) -> dict[str, Any]:
    """A vector `BatchResult` as result columns; per-record detail text only for E403 values."""
    import pyarrow as pa

    size = res.size
    n = np.broadcast_to(np.asarray(res.n), (size,))
    d = np.broadcast_to(np.asarray(res.d), (size,))
    codes = np.asarray(res.grade_code)
    grade = pa.DictionaryArray.from_arrays(_indices(codes), pa.array(list(res.labels), pa.string()))
    met_code = np.asarray(res.met_code)
    if met_code.size and met_code.min() >= 0:  # every record met or not: the codes are the bools
        met = pa.array(np.ascontiguousarray(met_code).view(np.bool_))
    else:
        met = pa.array(met_code == 1, mask=met_code < 0)
    return part(n, d, grade, met, event_details(res, columns))


def _indices(codes: np.ndarray) -> Any:
    """Grade codes (-1: none) as dictionary indices over the codes' own memory (int16: no copy)."""
    import pyarrow as pa

    codes = np.ascontiguousarray(codes)
    kind = pa.from_numpy_dtype(codes.dtype)
    if not codes.size or codes.min() >= 0:
        return pa.Array.from_buffers(kind, len(codes), [None, pa.py_buffer(codes)])
    none = codes < 0
    valid = pa.py_buffer(np.packbits(~none, bitorder="little"))
    return pa.Array.from_buffers(kind, len(codes), [valid, pa.py_buffer(codes)], null_count=int(none.sum()))


def event_details(res: Any, columns: Mapping[str, Any]) -> Any:
    """The `detail` column of a vector result: one text per event, E403 with each record's value."""
    import pyarrow as pa

    error_id = np.asarray(res.error_id)
    if not error_id.any():
        return null_column(res.size, pa.string())
    texts: list[str | None] = [None]
    for event in res.events:
        args = {"expr": event.expr} if event.code == "E401" else {"name": event.name, "value": ""}
        texts.append(detail_of(event.code, args))
    out = pa.array(texts, pa.string()).take(pa.array(error_id))
    bad = [k + 1 for k, e in enumerate(res.events) if e.code == "E403"]
    if bad:
        where = np.flatnonzero(np.isin(error_id, bad))
        values = [
            detail_of("E403", {"name": res.events[error_id[i] - 1].name, "value": _cell(columns, res, error_id, i)})
            for i in where
        ]
        mask = np.zeros(res.size, dtype=bool)
        mask[where] = True
        out = pc_replace(out, mask, values)
    return out


def _cell(columns: Mapping[str, Any], res: Any, error_id: np.ndarray, i: Any) -> Any:
    name = res.events[error_id[i] - 1].name
    col = columns[name]
    return col[i] if not hasattr(col, "to_list") else col[int(i)]


def pc_replace(out: Any, mask: np.ndarray, values: list[str]) -> Any:
    import pyarrow as pa
    import pyarrow.compute as pc

    return pc.replace_with_mask(out, pa.array(mask), pa.array(values, pa.string()))


def _engine_reads(path: str) -> bool:
    """Files the SQL engines scan themselves; anything else (JSON) goes in as records."""
    import os

    return os.path.isdir(path) or path.lower().endswith((".csv", ".parquet", ".pq"))


def _table_source(inputs: Inputs) -> Any:
    """A path the SQL engine reads itself, or an Arrow table of the records (with --set values)."""
    import pyarrow as pa

    if inputs.columns is not None:  # a CSV's records: every column text, a short row's cells null
        names = list(dict.fromkeys([*inputs.columns, *inputs.fixed]))
        records = [r for _, r in inputs.records]
        if not names:  # a header of no name: the records still count (each reports E402)
            return pa.table({" ": pa.nulls(len(records), pa.string())})
        return pa.table({n: pa.array([r.get(n) for r in records], pa.string()) for n in names})
    if inputs.path and not inputs.fixed and _engine_reads(str(inputs.path)):
        return str(inputs.path)

    if inputs.path and not inputs.fixed and split_db_target(str(inputs.path)):
        return read_db_table(str(inputs.path))

    rows = [dict(r) for _, r in _records(inputs)]
    return pa.Table.from_pylist(rows)


def csv_records_table(path: str) -> Any:
    """A CSV file as `sheets.csv_records` reads it, as an Arrow table of text columns."""
    from pathlib import Path

    from ..sheets.csv_records import read_csv_records
    from ..source import decode_text

    read = read_csv_records(decode_text(Path(path).read_bytes())[0], path)
    return _table_source(Inputs(path, read.records, {}, read.names))


def _sql_results(table: Any, indicators: Sequence[Any], inputs: Inputs, by: str | None, places: int) -> Results:
    from .results import from_wide

    shift = 0 if by is not None else inputs.first_row - 1
    return from_wide(table, [ind.resolved for ind in indicators], shift, by is not None, places)


def run_duckdb(indicators: Sequence[Any], env: Env, inputs: Inputs, by: str | None, places: int) -> Results:
    from .duckdb_run import run_duckdb as run

    table = run([ind.resolved for ind in indicators], env, _table_source(inputs), group_by=by)
    return _sql_results(table, indicators, inputs, by, places)


def run_spark(indicators: Sequence[Any], env: Env, inputs: Inputs, by: str | None, places: int) -> Results:
    import sys

    from .spark import run_spark as run
    from .spark import started

    if not started():
        print("正在启动 Spark（JVM，约 30 秒）… / starting Spark (a JVM, about 30 s)…", file=sys.stderr, flush=True)

    source = _table_source(inputs)
    if not isinstance(source, str):
        from .spark import session

        source = session().createDataFrame(source)
    table = run([ind.resolved for ind in indicators], env, source, group_by=by)
    return _sql_results(table, indicators, inputs, by, places)


def write_duckdb(
    indicators: Sequence[Any], env: Env, inputs: Inputs, places: int, lang: str, fmt: str, target: str
) -> int:
    """`eval --engine duckdb -o target`: DuckDB evaluates and writes the file (or table) itself,
    streaming (`sql_output`); returns how many records failed."""
    from .duckdb_run import prepare, strict_scan
    from .sql_output import copy_results

    resolved = [ind.resolved for ind in indicators]
    source = _table_source(inputs)
    with strict_scan(source):
        con, select = prepare(resolved, env, source, optimistic=True)
        failed, retry = copy_results(con, select, resolved, inputs.first_row - 1, places, lang, fmt, target)
        if retry:  # a text cell that is no plain integer: the general rules, from the start
            con, select = prepare(resolved, env, source)  # a fresh connection: the UDFs are registered anew
            failed, _ = copy_results(con, select, resolved, inputs.first_row - 1, places, lang, fmt, target)
    return failed


# engines that write `eval -o` output themselves (no group-by): a registry beside ENGINES
WRITERS: dict[str, Callable[[Sequence[Any], Env, Inputs, int, str, str, str], int]] = {
    "duckdb": write_duckdb,
    "vector": write_vector,
}

ENGINES: dict[str, Callable[[Sequence[Any], Env, Inputs, str | None, int], Results]] = {
    "exact": run_exact,
    "vector": run_vector,
    "duckdb": run_duckdb,
    "spark": run_spark,
}
