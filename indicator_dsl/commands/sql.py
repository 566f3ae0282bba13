"""`indicator-dsl sql FILE --dialect duckdb|spark|databricks|postgres|snowflake|trino`: print the one
SELECT that evaluates the file's indicators over a table of inputs (one row per record), for a warehouse to run.

Input columns are assumed DECIMAL with 2 decimals unless told (`--type NAME=int|decimal:S|float:K|text`,
or `--like data.parquet` to take the types from a file)."""

from __future__ import annotations

import argparse
import sys

from ..backends import codes as _codes  # noqa: F401 - registers E802
from ..backends.dialects import DIALECTS
from ..catalog import load
from ..records import InputError, pick
from . import add_lang


def add_parser(sub: argparse._SubParsersAction) -> None:  # type: ignore[type-arg]
    p = sub.add_parser("sql", help="生成 SQL / print the SQL that evaluates the indicators")
    p.add_argument("file", help=".ind file")
    p.add_argument(
        "--dialect",
        choices=list(DIALECTS),
        default="duckdb",
        help="SQL 方言：duckdb、spark 在测试中运行，其余只生成 / SQL dialect: duckdb and spark are run in tests, "
        "the others rendered only",
    )
    p.add_argument("--table", default="records", help="input table name (default records)")
    p.add_argument("--indicator", action="append", default=[], help="only these indicators (repeatable)")
    p.add_argument("--type", action="append", default=[], metavar="NAME=TYPE", help="int, decimal:S, float:K, text")
    p.add_argument("--default-type", default="decimal:2", help="type of other input columns (default decimal:2)")
    p.add_argument("--like", metavar="DATA", help="take column types from this .parquet/.csv (read with DuckDB)")
    p.add_argument("--group-by", metavar="COLUMN", help="one row per group, inputs summed")
    p.add_argument("--compact", action="store_true", help="one line instead of pretty-printed")
    add_lang(p)
    p.set_defaults(run=run)


def parse_type(text: str) -> object:
    from ..backends.sql import ColumnType

    kind, _, scale = text.partition(":")
    if kind not in ("int", "decimal", "float", "text") or (scale and not scale.isdigit()):
        raise ValueError(f"unknown column type {text!r} (int, decimal:S, float:K, text)")
    return ColumnType(kind, int(scale or 0))


def run(args: argparse.Namespace) -> int:
    from ..backends.sql import compile_select, render

    catalog = load(args.file)
    errors = catalog.errors()
    if errors:
        for d in errors:
            print(d.render(args.lang), file=sys.stderr)
        return 2
    try:
        indicators = pick(catalog, args.indicator or [ind.name for ind in catalog if ind.node.formula is not None])
        schema = _schema(args, indicators)
    except InputError as exc:
        print(exc.diagnostic.render(args.lang), file=sys.stderr)
        return 2
    except (ValueError, OSError) as exc:
        print(f"indicator-dsl sql: {exc}", file=sys.stderr)
        return 2
    resolved = [ind.resolved for ind in indicators]
    dialect = DIALECTS[args.dialect]
    env = catalog.context.env
    sql = compile_select(
        resolved, env, schema, table=args.table, group_by=args.group_by, digits=dialect.digits, reduce=dialect.gcd
    )
    print(render(sql, args.dialect, pretty=not args.compact) + ";")
    return 0


def _schema(args: argparse.Namespace, indicators: list) -> dict:  # type: ignore[type-arg]
    names = list(dict.fromkeys(n for ind in indicators for n in ind.inputs))
    if args.like:
        import duckdb

        from ..backends.duckdb_run import ROW, duckdb_source
        from ..backends.engines import csv_records_table
        from ..backends.sql_base import ident
        from ..backends.sql_schema import detect_schema
        from ..sheets.csv_records import StrictScanRefused

        con = duckdb.connect()
        try:
            try:
                duckdb_source(con, args.like)
            except StrictScanRefused:  # a ragged CSV: its columns as every engine reads them (text)
                duckdb_source(con, csv_records_table(args.like))
            types = {r[0]: r[1] for r in con.sql(f"DESCRIBE {ident('records')}").fetchall() if r[0] != ROW}
        except duckdb.Error as exc:  # README: an unreadable table is E802, as in `eval`
            raise InputError("E802", str(args.like), reason=str(exc).splitlines()[0]) from None
        float_digits = DIALECTS[args.dialect].float_digits
        return detect_schema(types, lambda sql: con.sql(sql).fetchall()[0], float_digits=float_digits)
    schema = {n: parse_type(args.default_type) for n in names}
    for item in args.type:
        name, sep, kind = item.partition("=")
        if not sep:
            raise ValueError(f"--type needs NAME=TYPE, got {item!r}")
        schema[name.strip()] = parse_type(kind.strip())
    if args.group_by:
        schema.setdefault(args.group_by, parse_type("text"))
    return schema
