"""What the SQL compiler knows of a table: column types (`column_type`), the probes that find a
float column's exact scale (or that it is read through its text) and every numeric column's
bounds, NULLs and sign (or a parquet file's own statistics instead), and the names the
indicators read."""

from __future__ import annotations

import math
from collections.abc import Callable, Collection, Mapping, Sequence
from dataclasses import replace
from decimal import Decimal
from typing import Any

from ..semantics import Env, Resolved
from .sql_base import ColumnType, ident

FLOAT_SCALE_MAX = 9
PLAIN_DIGITS = 12  # text taken for integers of at most this many characters (`optimistic`)


def column_type(sql_type: str) -> ColumnType:
    """An engine's type name (DuckDB or Spark) → how we read it."""
    t = sql_type.upper()
    if t.startswith("DECIMAL"):
        precision, _, scale = t[t.find("(") + 1 :].rstrip(")").partition(",") if "(" in t else ("38", "", "0")
        return ColumnType("decimal", int(scale or 0), int(precision) <= 18, 10 ** int(precision))
    if t.startswith(("HUGEINT", "UHUGEINT")):
        return ColumnType("int", top=2**128)
    if any(
        t.startswith(k)
        for k in (
            "TINYINT",
            "SMALLINT",
            "INT",
            "BIGINT",
            "HUGEINT",
            "UTINYINT",
            "USMALLINT",
            "UINTEGER",
            "UBIGINT",
            "LONG",
            "SHORT",
            "BYTE",
        )
    ):
        return ColumnType("int", top=2**64)  # 64 bits at most; the stats probe narrows it
    if any(t.startswith(k) for k in ("DOUBLE", "FLOAT", "REAL")):
        return ColumnType("float")
    return ColumnType("text")


def stats_probe(columns: Sequence[str], table: str) -> str:
    """Per numeric column: largest magnitude, smallest value, NULL count.  They let the compiler
    prove int64 arithmetic cannot overflow and drop zero-divisor and missing-value tests the data
    cannot trigger."""
    parts = []
    for c in columns:
        x = f"CAST({ident(c)} AS DOUBLE)"
        parts += [f"MAX(ABS({x}))", f"MIN({x})", f"COUNT(*) - COUNT({ident(c)})"]
    return f"SELECT {', '.join(parts)} FROM {ident(table)}"


def _with_stats(t: ColumnType, top: object, low: object, nulls: object) -> ColumnType:
    finite = isinstance(top, (int, float, Decimal)) and math.isfinite(float(top))
    bound = int(float(top) * 10**t.scale * (1 + 2**-40)) + 2 if finite else None  # type: ignore[arg-type]
    positive = isinstance(low, (int, float, Decimal)) and float(low) > 0
    narrow = t.narrow or t.kind == "float" or (bound is not None and bound < 10**17)
    return replace(t, narrow=narrow, top=bound, nullable=bool(nulls), positive=positive)


def scale_probe(columns: Sequence[str], table: str) -> str:
    """One query giving, per float column, the fewest decimals (≤ 9, else 99) that reproduce every
    value, and the largest magnitude (to check the scaled integers stay exact)."""
    parts = []
    for c in columns:
        col = ident(c)
        finite = f"{col} BETWEEN -1.7976931348623157e308 AND 1.7976931348623157e308"
        whens = " ".join(f"WHEN {col} = ROUND({col}, {k}) THEN {k}" for k in range(FLOAT_SCALE_MAX + 1))
        parts.append(f"MAX(CASE WHEN NOT ({finite}) OR {col} IS NULL THEN 0 {whens} ELSE 99 END)")
        parts.append(f"MAX(CASE WHEN {finite} THEN ABS({col}) ELSE 0 END)")
    return f"SELECT {', '.join(parts)} FROM {ident(table)}"


def float_scales(row: Sequence[object], columns: Sequence[str], digits: int | None = None) -> dict[str, ColumnType]:
    """Per float column, the scale the probe found; a column needing more than FLOAT_SCALE_MAX
    decimals (0.1 + 0.2, 1/3) or too large for them is read through its text instead (float_text,
    `digits` the engine's trusted significant digits): exact per record, never a refused file."""
    out = {}
    for i, name in enumerate(columns):
        k, top = row[2 * i], row[2 * i + 1]
        k = 0 if k is None else int(k)  # type: ignore[call-overload]
        top = 0.0 if top is None else float(top)  # type: ignore[arg-type]
        wide = k > FLOAT_SCALE_MAX or top * 10.0**k >= 2.0**50
        out[name] = ColumnType("float_text", digits=digits) if wide else ColumnType("float", k)
    return out


def detect_schema(
    types: Mapping[str, str],
    probe: object,
    table: str = "records",
    wanted: Collection[str] | None = None,
    stats: Callable[[Sequence[str]], Sequence[object] | None] | None = None,
    float_digits: int | None = None,
) -> dict[str, ColumnType]:
    """Column types of a table; float columns get the scale `probe(sql) -> row` finds.  Only the
    `wanted` columns (those the indicators read) are probed, and `stats(columns)` — statistics a
    file already stores, such as parquet's — replaces the scanning probe when it can answer.
    `float_digits`: the engine's `dialects.Dialect.float_digits`."""
    schema = {name: column_type(t) for name, t in types.items()}
    read = [n for n in schema if wanted is None or n in wanted]
    floats = [name for name in read if schema[name].kind == "float"]
    if floats:
        schema.update(float_scales(probe(scale_probe(floats, table)), floats, float_digits))  # type: ignore[operator]
    numeric = [name for name in read if schema[name].kind != "text"]
    if numeric:
        row = stats(numeric) if stats is not None and not floats else None
        if row is None:
            row = probe(stats_probe(numeric, table))  # type: ignore[operator]
        for i, c in enumerate(numeric):
            schema[c] = _with_stats(schema[c], *row[3 * i : 3 * i + 3])
    return schema


def needed_columns(indicators: Sequence[Resolved], env: Env) -> set[str]:
    """Every name the indicators may read from a table: inputs, definitions and the indicators'
    own names (a column with an indicator's name overrides its formula)."""
    from ..semantics import referenced_names

    names: set[str] = set()
    stack = [res.expr for res in indicators if res.expr is not None]
    names.update(res.node.name for res in indicators)
    while stack:
        for ref in referenced_names(stack.pop()):
            if ref.name not in names:
                names.add(ref.name)
                if ref.name in env.definitions:
                    stack.append(env.definitions[ref.name])
    return names


def parquet_stats(path: str, columns: Sequence[str]) -> list[object] | None:
    """The stats probe's row (max |x|, min, NULL count per column) from a parquet file's own
    row-group statistics, without reading the data; None when a row group has none."""
    import pyarrow.parquet as pq

    try:
        meta = pq.ParquetFile(path).metadata
    except (OSError, ValueError):
        return None
    names = [meta.schema.column(i).name for i in range(meta.num_columns)]
    out: list[object] = []
    for c in columns:
        if c not in names:
            return None
        j = names.index(c)
        top: Any = 0
        low: Any = None
        nulls = 0
        for g in range(meta.num_row_groups):
            st = meta.row_group(g).column(j).statistics
            if st is None or not st.has_min_max or st.null_count is None:
                if st is not None and st.null_count == meta.row_group(g).num_rows:
                    nulls += st.null_count
                    continue
                return None
            lo, hi = st.min, st.max
            if not isinstance(lo, (int, Decimal)) or not isinstance(hi, (int, Decimal)):
                return None
            top = max(top, abs(lo), abs(hi))
            low = lo if low is None else min(low, lo)
            nulls += st.null_count
        out += [top, low, nulls]
    return out


def optimistic(schema: Mapping[str, ColumnType], wanted: Collection[str]) -> dict[str, ColumnType]:
    """The schema with every text column the indicators read taken for canonical integers of at
    most PLAIN_DIGITS characters (what most CSV files hold): read with one cast instead of the
    general text rules, in int64 arithmetic.  Any cell that is not (`1.5`, `1,000`, `abc`) gives
    its record E849 and the run starts again with `schema` — one scan for a clean file."""
    plain = ColumnType("plain", 0, narrow=True, top=10**PLAIN_DIGITS - 1)
    return {name: plain if t.kind == "text" and name in wanted else t for name, t in schema.items()}
