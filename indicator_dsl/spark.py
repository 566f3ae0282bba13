"""Spark as a library: apply a catalog's indicators to a Spark DataFrame and get a DataFrame back.

The SELECT is the one `eval --engine spark` runs (`backends.sql.compile_select`, rendered for
Spark SQL by sqlglot), so a job on a cluster evaluates billions of rows where they are, exactly,
without collecting them to the driver:

    from indicator_dsl import load
    from indicator_dsl.spark import evaluate_dataframe
    out = evaluate_dataframe(load("rate.ind"), spark.read.parquet("s3://…/records"), keep=["项目编号"])
    out.write.parquet("s3://…/results")

Per indicator the result has `NAME:n` and `NAME:d` (the exact value n/d, DECIMAL(38,0) or BIGINT),
`NAME:grade`, `NAME:met` and `NAME:error` (`E401 …`, `E402 name`, `E403 name = text`, `E805 …`),
after the `keep` columns.  Column types are read from the DataFrame's schema; `probe=True`
(default) runs one aggregate job first so the SELECT can use BIGINT arithmetic and drop tests
the data cannot trigger — pass False to skip it (DECIMAL(38,0) with overflow tests throughout).
"""

from __future__ import annotations

from collections.abc import Sequence
from typing import Any

from .catalog import Catalog, CompileError

__all__ = ["evaluate_dataframe"]


def evaluate_dataframe(
    catalog: Catalog,
    df: Any,
    indicators: Sequence[str] = (),
    keep: Sequence[str] = (),
    probe: bool = True,
    view: str = "__indicator_dsl_records",
) -> Any:
    """`df` (a pyspark DataFrame) evaluated by the named indicators (default: every indicator with
    a formula); raises CompileError when the catalog has errors, KeyError for an unknown name."""
    from .backends.dialects import DIALECTS
    from .backends.sql import ENGINE_OUTPUTS, ColumnType, compile_select, render
    from .backends.sql_schema import column_type, detect_schema

    chosen = [catalog[n] for n in indicators] if indicators else [i for i in catalog if i.node.formula is not None]
    for ind in chosen:
        _ = ind.compiled  # CompileError before Spark runs anything
    if not chosen:
        raise CompileError("<catalog>", [])
    missing = [k for k in keep if k not in df.columns]
    if missing:
        raise KeyError(", ".join(missing))
    spark = df.sparkSession
    df.createOrReplaceTempView(view)
    types = {f.name: f.dataType.simpleString() for f in df.schema.fields}
    dialect = DIALECTS["spark"]
    if probe:
        run = lambda sql: spark.sql(render(sql, "spark")).collect()[0]  # noqa: E731
        schema = detect_schema(types, run, table=view, float_digits=dialect.float_digits)
    else:  # floats of unknown scale: read through their text, exact per record
        schema = {name: column_type(t) for name, t in types.items()}
        wide = ColumnType("float_text", digits=dialect.float_digits)
        schema = {n: t if t.kind != "float" else wide for n, t in schema.items()}
    res = [ind.resolved for ind in chosen]
    sql = compile_select(
        res,
        catalog.context.env,
        schema,
        table=view,
        keep=list(keep),
        outputs=ENGINE_OUTPUTS,
        digits=dialect.digits,
        reduce=dialect.gcd,
    )
    return spark.sql(render(sql, "spark"))
