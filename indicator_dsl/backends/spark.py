"""Spark backend: the SQL backend's SELECT rendered for Spark SQL (sqlglot) and run by pyspark.

This is the path for data beyond one machine; on one machine (tests, `--engine spark`) it runs in
local mode.  The session is built once per process and kept small: local[2], 2 shuffle
partitions, no UI.  Spark's ANSI mode (the default since Spark 4) makes a DECIMAL overflow an
error rather than a silent NULL.
"""

from __future__ import annotations

import functools
import os
from collections.abc import Sequence
from typing import Any

from ..semantics import Env, Resolved
from ..sheets.csv_records import StrictScanRefused, csv_header
from .codes import GroupColumnError
from .dialects import DIALECTS
from .duckdb_run import ROW, fresh
from .sql import ENGINE_OUTPUTS, compile_select, render
from .sql_schema import detect_schema


def started() -> bool:
    """Whether this process already has its SparkSession (the JVM takes ~30 s to start)."""
    return session.cache_info().currsize > 0


@functools.cache
def session(master: str = "local[2]") -> Any:
    """One SparkSession for the process (tests share it), its JVM logging errors only."""
    from importlib import resources

    from pyspark.sql import SparkSession

    log4j = resources.files("indicator_dsl.backends").joinpath("log4j2.properties")
    spark = (
        SparkSession.builder.master(master)
        .appName("indicator-dsl")
        .config("spark.driver.extraJavaOptions", f"-Dlog4j2.configurationFile=file:{log4j}")
        .config("spark.ui.showConsoleProgress", "false")
        .config("spark.ui.enabled", "false")
        .config("spark.sql.shuffle.partitions", "2")
        .config("spark.sql.ansi.enabled", "true")
        .config("spark.driver.memory", "2g")
        .config("spark.sql.session.timeZone", "UTC")
        .getOrCreate()
    )
    spark.sparkContext.setLogLevel("ERROR")
    return spark


def _tick(name: str) -> str:
    """A Spark SQL identifier, quoted."""
    return "`" + name.replace("`", "``") + "`"


def register(spark: Any, source: Any, table: str = "records") -> str:
    """A parquet/csv path (or a directory of parquet parts) or a Spark DataFrame as a temp view with
    row numbers in file order.  Spark packs file splits into partitions largest first, so a
    partition-order id alone numbers a bigger later part first: files are ordered by path, rows
    within a parquet file by its row index, within a CSV file by the (in-file-order) split id.
    Returns the row-number column's name (never one of the input's)."""
    from pyspark.sql import Window
    from pyspark.sql import functions as F

    if isinstance(source, str):
        parquet = source.lower().endswith((".parquet", ".pq")) or os.path.isdir(source)
        df = spark.read.parquet(source) if parquet else read_csv(spark, source)
        within = "_metadata.row_index" if parquet else "monotonically_increasing_id()"
        file, pos = fresh("__file", df.columns), fresh("__within", df.columns)
        df = df.selectExpr("*", f"_metadata.file_path AS {_tick(file)}", f"{within} AS {_tick(pos)}")
        order, extra = [F.col(file), F.col(pos)], [file, pos]
    else:
        df, order, extra = source, [F.monotonically_increasing_id()], []
    row = fresh(ROW, df.columns)
    df = df.withColumn(row, F.row_number().over(Window.orderBy(*order))).drop(*extra)
    df.createOrReplaceTempView(table)
    return row


def read_csv(spark: Any, path: str) -> Any:
    r"""A CSV in the dialect every engine reads: RFC 4180 quotes (`""` inside, not Spark's `\`
    escape), line breaks inside quotes (`multiLine`), every column text under the header's names
    as `sheets.csv_records` reads them, and strict: a row that does not fit the header, or a
    stray quote, fails the read (`FAILFAST`, where Spark's default drops the extra cells in
    silence), which `run_spark` turns into `StrictScanRefused`, as a header it cannot take."""
    from pyspark.sql.types import StringType, StructField, StructType

    names = csv_header(path, lf_only=True)  # a quoted CR LF: Spark would read a LF, the others CR LF
    if names is None:
        raise StrictScanRefused(path)
    schema = StructType([StructField(name, StringType()) for name in names])
    options = {"quote": '"', "escape": '"', "multiLine": "true", "mode": "FAILFAST"}
    return spark.read.csv(path, header=True, schema=schema, unescapedQuoteHandling="RAISE_ERROR", **options)


REFUSALS = ("MALFORMED_CSV_RECORD", "MALFORMED_RECORD_IN_PARSING", "TextParsingException")


def refused(exc: Exception) -> bool:
    """Whether a Spark failure is its CSV reader refusing a row (`read_csv`)."""
    text = str(exc)
    return any(mark in text for mark in REFUSALS)


def run_spark(
    indicators: Sequence[Resolved],
    env: Env,
    source: Any,
    group_by: str | None = None,
    spark: Any = None,
) -> Any:
    """Evaluate with Spark SQL; returns a pyarrow Table like `sql.run_duckdb`."""
    spark = spark or session()
    row = register(spark, source)
    types = {f.name: f.dataType.simpleString() for f in spark.table("records").schema.fields if f.name != row}
    if group_by is not None and group_by not in types:
        raise GroupColumnError(group_by, types)
    dialect = DIALECTS["spark"]
    schema = detect_schema(
        types, lambda sql: spark.sql(render(sql, "spark")).collect()[0], float_digits=dialect.float_digits
    )
    sql = compile_select(
        indicators,
        env,
        schema,
        keep=[row],
        group_by=group_by,
        outputs=ENGINE_OUTPUTS,
        lean=True,
        digits=dialect.digits,
        reduce=dialect.gcd,
    )
    # no ORDER BY: the row numbers come from one sorted window, which the projections keep
    try:
        return spark.sql(render(sql, "spark")).toArrow()
    except Exception as exc:
        if isinstance(source, str) and refused(exc):
            raise StrictScanRefused(source) from None
        raise
