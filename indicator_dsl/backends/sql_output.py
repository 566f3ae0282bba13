"""`eval --engine duckdb -o FILE`: DuckDB writes the result itself, streaming — `COPY (SELECT …)
TO` a CSV, JSON lines or parquet file, `CREATE TABLE … AS SELECT` into a database — with the
same cells as the columnar writers (`sinks`), so no result is materialised in Python.

The SELECT over the engine's lean result renders every cell in SQL, once per record:
the display value `format_fixed(n/d / factor, places) + unit` as q = ⌊(2·|n|·fd·10^p + d·fn) /
(2·d·fn)⌋ in BIGINT (guarded by bounds, so no product can overflow), the exact value reduced
with `gcd` (as `n/d` text in JSON lines, as the integer pair `value_n`/`value_d` in a parquet
file or table, `sinks.table_columns`), the grade (`—` for an ok value no band matched), 是/否,
the error code.  What SQL cannot render the same way runs in Python through vectorised (Arrow)
UDFs, called by DuckDB only for the rows that need them: the message of a failed record (the
diagnostics registry's text, once per distinct detail — the UDF also counts the failures, for
the exit code) and values too large for BIGINT.  Cells a spreadsheet would run as a formula are
neutralised like `output.safe_cell`
(which cells can start like one is known when the SELECT is built)."""

from __future__ import annotations

import base64
from collections.abc import Mapping, Sequence
from dataclasses import dataclass, field
from typing import Any

import pyarrow as pa
import pyarrow.compute as pc

from ..output import safe_cell
from . import sinks
from .paths import split_db_target
from .results import Unit, fraction_text, render_fixed, unit_of
from .sinks import HEADERS
from .sql import RETRY
from .sql_base import ident, literal

INT63 = 2**62  # each of the two terms of the BIGINT display sum stays below this
QUOTE = "''''"  # the SQL literal of one quote: the mark of a neutralised cell
RECORD_FIELDS = ("row", "indicator", "value", "display", "unit", "grade", "met", "error", "message")  # JSON lines
TABLE_FIELDS = sinks.TABLE_FIELDS  # parquet and database tables: the exact value as integers
DICTIONARY_FIELDS = ("indicator", "grade", "error")  # categorical in a parquet file too
# One thread writes the file: DuckDB's order-preserving COPY holds every batch a faster thread
# finished ahead of the one being written, and on a busy machine (a thread descheduled) that
# pile-up was 5.9× the input at 10M records (1 GB); one thread writes in scan order with constant
# memory, and on the 2 shared cores measured it also took less time (bench_engines, README).
COPY_THREADS = 1
DICTIONARY_LIMIT = 4096  # DuckDB's parquet dictionary limit per column (`copy_results`)


@dataclass
class _Failures:
    """Counts the failed records the message UDF sees (it is called for every one of them)."""

    count: int = 0
    retry: bool = False  # a record has RETRY: an optimistic read must run again
    messages: dict[str, str] = field(default_factory=dict)


def copy_results(
    con: Any,
    select: str,
    indicators: Sequence[Any],
    shift: int,
    places: int,
    lang: str,
    fmt: str,
    target: str,
) -> tuple[int, bool]:
    """Write the result of the lean `select` (see `duckdb_run.prepare`) to `target` in `fmt`
    (csv, jsonl, parquet; a `DB.duckdb:TABLE` target is a table); returns how many records
    failed and whether one has the code RETRY (the file is then to be written again)."""
    failures = _Failures()
    columns = {r[0]: r[1] for r in con.sql(f"DESCRIBE {select}").fetchall()}
    db = split_db_target(target)
    mode = "table" if db or fmt == "parquet" else fmt  # csv, jsonl, table
    renderer = _Renderer(con, columns, shift, places, lang, mode, failures)
    renderer.enums = fmt == "parquet" and not db
    query = renderer.query(select, [(res.node.name, unit_of(res), [b.grade for b in res.bands]) for res in indicators])
    renderer.declare()
    con.execute(f"SET threads = {COPY_THREADS}")
    if db is not None:
        path, table = db
        con.execute(f"ATTACH {literal(path)} AS __out")
        try:
            con.execute(f"CREATE OR REPLACE TABLE __out.{ident(table)} AS {query}")
        finally:
            con.execute("DETACH __out")
    elif fmt == "csv":
        con.execute(f"COPY ({query}) TO {literal(target)} (FORMAT CSV, HEADER, COMMENT '')")
    elif fmt == "jsonl":
        con.execute(f"COPY ({query}) TO {literal(target)} (FORMAT JSON)")
    else:
        meta = base64.b64encode(_arrow_schema().serialize().to_pybytes()).decode("ascii")
        # a dictionary while a column's distinct values stay few (grades, codes, small value
        # pairs), none for the display text, nearly one per record: 10% of the COPY spent trying
        options = (
            f"FORMAT PARQUET, DICTIONARY_SIZE_LIMIT {DICTIONARY_LIMIT}, KV_METADATA {{'ARROW:schema': {literal(meta)}}}"
        )
        con.execute(f"COPY ({query}) TO {literal(target)} ({options})")
    return failures.count, failures.retry


def _arrow_schema() -> pa.Schema:
    """The Arrow schema `sinks.write_parquet` writes: pyarrow reads the three categorical columns
    back as dictionaries from it (DuckDB stores them as plain strings)."""
    types = {"row": pa.int64(), "value_n": pa.int64(), "value_d": pa.int64(), "met": pa.bool_()}
    kinds = [
        (name, pa.dictionary(pa.int32(), pa.string()) if name in DICTIONARY_FIELDS else types.get(name, pa.string()))
        for name in TABLE_FIELDS
    ]
    return pa.schema(kinds)


class _Renderer:
    """Builds the rendering SELECT: per indicator its cells as SQL, UDFs registered as needed."""

    def __init__(
        self,
        con: Any,
        columns: Mapping[str, str],
        shift: int,
        places: int,
        lang: str,
        mode: str,
        failures: _Failures,
    ) -> None:
        self.con, self.columns, self.shift, self.places = con, columns, shift, places
        self.lang, self.mode, self.failures = lang, mode, failures
        self.text = mode == "csv"
        self.udfs: set[str] = set()
        self.layer: list[tuple[str, str]] = []  # (alias, expression) computed below the cells
        self.enums = False  # parquet: categorical constants as ENUMs
        self.categories: dict[str, list[str]] = {}
        self.key = next(iter(columns))

    def col(self, name: str, output: str) -> str | None:
        key = f"{name}:{output}"
        return ident(key) if key in self.columns else None

    def query(self, select: str, indicators: Sequence[tuple[str, Unit, Sequence[str]]]) -> str:
        rows = [self.cells(j, name, unit, labels) for j, (name, unit, labels) in enumerate(indicators)]
        if self.layer:  # the rounded value and the gcd, computed once per record below the cells
            select = f"SELECT *, {', '.join(f'{e} AS {a}' for a, e in self.layer)} FROM ({select}) AS __v"
        fields = {"csv": [safe_cell(h) for h in HEADERS[self.lang]], "jsonl": RECORD_FIELDS, "table": TABLE_FIELDS}
        names = list(fields[self.mode])
        if len(rows) == 1:
            cells = ", ".join(f"{cell} AS {ident(n)}" for n, cell in zip(names, rows[0], strict=True))
            return f"SELECT {cells} FROM ({select}) AS __r"
        # one output row per (record, indicator), in that order: UNNEST keeps a record's list order
        structs = ", ".join(
            "{" + ", ".join(f"{literal(n)}: {cell}" for n, cell in zip(names, row, strict=True)) + "}" for row in rows
        )
        return f"SELECT UNNEST([{structs}], recursive := true) FROM ({select}) AS __r"

    def cells(self, j: int, name: str, unit: Unit, labels: Sequence[str]) -> list[str]:
        n, d, grade, met, error = (self.col(name, o) for o in ("n", "d", "grade", "met", "error"))
        ok = f"{error} IS NULL" if error else "TRUE"
        valued = f"{ok} AND {n} IS NOT NULL AND {d} IS NOT NULL" if n and d else "FALSE"
        row = f"{ident(self.key)} + {self.shift}" if self.shift else ident(self.key)
        display = "CAST(NULL AS VARCHAR)"
        if n and d:
            self.layer.append((f"__q{j}", self.rounded(n, d, valued, unit)))
            display = self.display(j, n, d, valued, unit)
        shown_name = literal(safe_cell(name) if self.text else name)
        if self.text:
            return [
                f"CAST({row} AS VARCHAR)",
                shown_name,
                display,
                self.grade_cell(grade, ok, labels),
                self.met_cell(met),
                self.message(error, with_code=True),
            ]
        if n and d:
            self.layer.append((f"__g{j}", self.divisor(n, d, valued)))
        code = f"LEFT({error}, 4)" if error else "CAST(NULL AS VARCHAR)"
        tail = [
            self.category("unit", unit.name),
            grade or "CAST(NULL AS VARCHAR)",
            met or "CAST(NULL AS BOOLEAN)",
            code,
        ]
        head = [f"CAST({row} AS BIGINT)", self.category("indicator", name)]
        message = self.message(error, with_code=False)
        if self.mode == "jsonl":
            value = self.value(j, n, d, valued) if n and d else "CAST(NULL AS VARCHAR)"
            return [*head, value, f"COALESCE({display}, '')", *tail, f"COALESCE({message}, '')"]
        exact = ["CAST(NULL AS BIGINT)", "CAST(NULL AS BIGINT)", "CAST(NULL AS VARCHAR)"]
        if n and d:
            self.layer.append((f"__h{j}", self.wide_divisor(n, d, valued)))
            exact = self.exact(j, n, d)
        return [*head, *exact, display, *tail, message]

    # ---- cells --------------------------------------------------------------------------------
    def category(self, field: str, value: str) -> str:
        """A constant of a parquet file's categorical column as an ENUM, which DuckDB's parquet
        writer stores as a dictionary at little cost (a VARCHAR constant is re-encoded per row)."""
        if not self.enums:
            return literal(value)
        values = self.categories.setdefault(field, [])
        if value not in values:
            values.append(value)
        return f"CAST({literal(value)} AS __{field}_t)"

    def declare(self) -> None:
        """Create the ENUM types `category` used (after every cell is built)."""
        for column, values in self.categories.items():
            members = ", ".join(literal(v) for v in values)
            self.con.execute(f"CREATE OR REPLACE TYPE __{column}_t AS ENUM ({members})")

    def display(self, j: int, n: str, d: str, valued: str, unit: Unit) -> str:
        """The value in the unit, 四舍五入 to `places`, with the unit: from the layer's BIGINT q
        (the rounded |value| × 10^places) as an exact DECIMAL's text where it fits, Python's
        exact `render_fixed` (a UDF) for larger values."""
        p = self.places
        q, width = f"__q{j}", 17 - p
        signed = f"CASE WHEN {n} < 0 THEN -{q} ELSE {q} END"  # -0 prints as 0, as format_fixed does
        digits = f"CAST({signed} AS VARCHAR)"
        if p:
            step = f"CAST(0.{'0' * (p - 1)}1 AS DECIMAL({p + 1},{p}))"
            digits = f"CAST(CAST({signed} AS DECIMAL({width},0)) * {step} AS VARCHAR)"
        fast = f"{digits} || {literal(unit.name)}" if unit.name else digits
        risky = self.text and safe_cell("-1" + ("." + "0" * p if p else "") + unit.name).startswith("'")
        if risky:  # `-3.50万元` is no number: a spreadsheet would compute it
            fast = f"CASE WHEN {n} < 0 AND {q} <> 0 THEN {QUOTE} || {fast} ELSE {fast} END"
        big = self.udf(f"__display{j}", lambda nc, dc: render_fixed(nc, dc, unit, p), 2)
        slow = f"{big}(CAST({n} AS VARCHAR), CAST({d} AS VARCHAR))"
        if risky:
            slow = f"{self.udf('__safe', _safe_cells, 1)}({slow})"
        return f"CASE WHEN {q} < {10**width} THEN {fast} WHEN {valued} THEN {slow} END"

    def rounded(self, n: str, d: str, valued: str, unit: Unit) -> str:
        """q = ⌊(2·|n|·fd·10^p + d·fn) / (2·d·fn)⌋ in BIGINT, NULL where a product could overflow."""
        fn, fd = unit.factor.numerator, unit.factor.denominator
        a, b, c = 2 * fd * 10**self.places, fn, 2 * fn
        ln, ld = INT63 // a, INT63 // max(b, c)
        bn, bd = f"CAST({n} AS BIGINT)", f"CAST({d} AS BIGINT)"
        q = f"(ABS({bn}) * {a} + {bd} * {b}) // ({bd} * {c})"
        return f"CASE WHEN {valued} AND {n} BETWEEN {-ln} AND {ln} AND {d} <= {ld} THEN {q} END"

    def divisor(self, n: str, d: str, valued: str) -> str:
        """gcd(n, d) in BIGINT, NULL for values past 64 bits."""
        top = 2**63 - 1
        fits = f"{n} BETWEEN {-top} AND {top} AND {d} <= {top}"
        return f"CASE WHEN {valued} AND {fits} THEN GCD(CAST({n} AS BIGINT), CAST({d} AS BIGINT)) END"

    def wide_divisor(self, n: str, d: str, valued: str) -> str:
        """gcd(n, d) in HUGEINT for the values past 64 bits (where `divisor` is NULL)."""
        top = 2**63 - 1
        fits = f"{n} BETWEEN {-top} AND {top} AND {d} <= {top}"
        return f"CASE WHEN {valued} AND NOT ({fits}) THEN GCD(CAST({n} AS HUGEINT), CAST({d} AS HUGEINT)) END"

    def exact(self, j: int, n: str, d: str) -> list[str]:
        """`value_n`, `value_d`, `value_big` (`results.exact_columns`): the reduced pair in
        BIGINT from the layer's gcd, or — past 64 bits — reduced in HUGEINT, as integers when
        the reduced pair fits, else its `n/d` text."""
        g, h, top = f"__g{j}", f"__h{j}", 2**63 - 1
        wn, wd = f"CAST({n} AS HUGEINT) // {h}", f"CAST({d} AS HUGEINT) // {h}"
        fits = f"{wn} BETWEEN {-top} AND {top} AND {wd} <= {top}"
        pair = [
            f"CASE WHEN {g} IS NOT NULL THEN CAST({x} AS BIGINT) // {g} WHEN {fits} THEN CAST({w} AS BIGINT) END"
            for x, w in ((n, wn), (d, wd))
        ]
        text = f"CAST({wn} AS VARCHAR) || CASE WHEN {wd} = 1 THEN '' ELSE '/' || CAST({wd} AS VARCHAR) END"
        return [*pair, f"CASE WHEN {h} IS NOT NULL AND NOT ({fits}) THEN {text} END"]

    def value(self, j: int, n: str, d: str, valued: str) -> str:
        """The exact value as reduced `n/d` text (`29/100`, `1`), from the layer's gcd."""
        g = f"__g{j}"
        whole = f"CAST(CAST({n} AS BIGINT) // {g} AS VARCHAR)"
        part = f"{whole} || '/' || CAST(CAST({d} AS BIGINT) // {g} AS VARCHAR)"
        fast = f"CASE WHEN {d} = {g} THEN {whole} ELSE {part} END"
        slow = f"{self.udf(f'__fraction{j}', fraction_text, 2)}(CAST({n} AS VARCHAR), CAST({d} AS VARCHAR))"
        return f"CASE WHEN {g} IS NOT NULL THEN {fast} WHEN {valued} THEN {slow} END"

    def grade_cell(self, grade: str | None, ok: str, labels: Sequence[str]) -> str:
        """The grade, `—` for an ok value no band matched (an indicator with bands), else empty."""
        shown = grade or "CAST(NULL AS VARCHAR)"
        risky = [g for g in labels if safe_cell(g) != g]
        if grade and risky:  # a label like `=优`: neutralised as every formula-like cell
            shown = f"CASE {grade} " + " ".join(f"WHEN {literal(g)} THEN {literal(safe_cell(g))}" for g in risky)
            shown += f" ELSE {grade} END"
        if not labels:
            return shown
        return f"CASE WHEN {grade or 'NULL'} IS NOT NULL THEN {shown} WHEN {ok} THEN '—' END"

    def met_cell(self, met: str | None) -> str:
        yes, no = ("是", "否") if self.lang == "zh" else ("yes", "no")
        if met is None:
            return "CAST(NULL AS VARCHAR)"
        return f"CASE WHEN {met} THEN {literal(yes)} WHEN NOT {met} THEN {literal(no)} END"

    def message(self, error: str | None, with_code: bool) -> str:
        """`CODE message` (or the message alone) of a failed record, from the diagnostics registry."""
        if error is None:
            return "CAST(NULL AS VARCHAR)"
        name = "__message_code" if with_code else "__message"
        udf = self.udf(name, lambda details: self.messages(details, with_code), 1)
        return f"CASE WHEN {error} IS NOT NULL THEN {udf}({error}) END"

    # ---- Python, for the rows SQL cannot render ------------------------------------------------
    def messages(self, details: Any, with_code: bool) -> pa.Array:
        """Messages of one chunk of failed records, rendered once per distinct detail."""
        from .results import _map_distinct, message_text

        col = _array(details)
        self.failures.count += len(col) - col.null_count
        if not self.failures.retry and pc.any(pc.starts_with(col, RETRY)).as_py():
            self.failures.retry = True
        return _map_distinct(col, lambda t: message_text(t, self.lang, with_code))

    def udf(self, name: str, fn: Any, arity: int) -> str:
        """Register `fn` (Arrow arrays in, an Arrow string array out) once under `name`."""
        if name not in self.udfs:
            import duckdb

            def one(a: Any) -> pa.Array:
                return fn(_array(a))

            def two(a: Any, b: Any) -> pa.Array:
                return fn(_array(a), _array(b))

            call = one if arity == 1 else two  # DuckDB reads the arity from the signature

            varchar = duckdb.sqltype("VARCHAR")
            self.con.create_function(name, call, [varchar] * arity, varchar, type="arrow", side_effects=True)
            self.udfs.add(name)
        return name


def _array(col: Any) -> pa.Array:
    return col.combine_chunks() if isinstance(col, pa.ChunkedArray) else col


def _safe_cells(col: pa.Array) -> pa.Array:
    from .sinks import neutralise

    return neutralise(col)
