"""A Spark job that scores records with an indicator file, where the records are.

    spark-submit examples/spark_job.py examples/rate.ind records.parquet results.parquet [--keep id]

Reads parquet (or CSV with a header), applies every indicator of the file with
`indicator_dsl.spark.evaluate_dataframe` (the same SELECT as `eval --engine spark`), and writes the
results as parquet without collecting them to the driver.  Needs `pip install "indicator-dsl[spark]"`
on the driver (the executors only run Spark SQL)."""

from __future__ import annotations

import argparse
import sys
from typing import Any


def main(argv: list[str] | None = None, spark: Any = None) -> int:
    ap = argparse.ArgumentParser(description="score records with an indicator file on Spark")
    ap.add_argument("indicators", help=".ind file")
    ap.add_argument("records", help="parquet file/directory, or .csv with a header")
    ap.add_argument("output", help="parquet directory to write")
    ap.add_argument("--keep", action="append", default=[], help="input column to carry into the output")
    args = ap.parse_args(argv)

    from indicator_dsl import load
    from indicator_dsl.spark import evaluate_dataframe

    if spark is None:
        from pyspark.sql import SparkSession

        spark = SparkSession.builder.appName("indicator-dsl job").getOrCreate()
    catalog = load(args.indicators)
    errors = [d for d in catalog.check() if d.severity.name == "ERROR"]
    if errors:
        for d in errors:
            print(d.render("en"), file=sys.stderr)
        return 2
    reader = spark.read.option("header", True)
    df = reader.csv(args.records) if args.records.lower().endswith(".csv") else reader.parquet(args.records)
    evaluate_dataframe(catalog, df, keep=args.keep).write.mode("overwrite").parquet(args.output)
    return 0


if __name__ == "__main__":
    sys.exit(main())
