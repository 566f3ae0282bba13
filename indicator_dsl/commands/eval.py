"""`indicator-dsl eval FILE --set k=v … | --input data.csv`: value, grade, target met per record.

A record with a missing input, a zero divisor or a non-number gets its error code on its own
row; every other record is still evaluated (exit 1 tells that some rows failed)."""

from __future__ import annotations

import argparse
import json
import sys
from fractions import Fraction
from pathlib import Path
from typing import Any

from .. import json_input
from ..backends import codes as _codes  # noqa: F401 - registers E80x
from ..backends.paths import infer_format
from ..catalog import Catalog, CompileError, load
from ..output import text_table
from ..records import InputError, errors_of, pick
from ..sheets import SheetError
from ..sheets.csv_records import CsvRecords, StrictScanRefused, read_csv_records, shown_findings
from ..source import NotText, decode_text
from . import add_lang, int_in

HEADERS = {
    "zh": ["行", "指标", "值", "等级", "达标", "错误"],
    "en": ["row", "indicator", "value", "grade", "met", "error"],
}


def add_parser(sub: argparse._SubParsersAction) -> None:  # type: ignore[type-arg]
    p = sub.add_parser("eval", help="计算指标值 / evaluate indicators on records")
    p.add_argument("file", help=".ind file")
    p.add_argument("--set", action="append", default=[], metavar="NAME=VALUE", help="one input value (repeatable)")
    p.add_argument(
        "--input",
        help="records: .csv (one per row), .json (a list of objects), .parquet or a DuckDB table (DB.duckdb:TABLE)",
    )
    p.add_argument("--indicator", action="append", default=[], help="only these indicators (repeatable)")
    p.add_argument("--places", type=places, default=2, help="decimal places shown, 0-6 (default 2, 四舍五入)")
    p.add_argument(
        "--engine",
        choices=["exact", "vector", "duckdb", "spark"],
        default="exact",
        help="evaluator: exact (per record), vector (numpy), duckdb (SQL), spark (Spark SQL); default exact",
    )
    p.add_argument("--group-by", metavar="COLUMN", help="sum inputs per value of COLUMN and evaluate each group")
    p.add_argument(
        "-o",
        "--output",
        metavar="FILE",
        help="write to FILE (.csv, .jsonl, .parquet) or a DuckDB table (results.duckdb:TABLE) instead of stdout",
    )
    p.add_argument(
        "--format",
        choices=["table", "json", "csv", "jsonl", "parquet"],
        default=None,
        help="output format (default table; with -o, from the file's extension)",
    )
    add_lang(p)
    p.set_defaults(run=run)


def run(args: argparse.Namespace) -> int:
    catalog = load(args.file)
    errors = errors_of(catalog)  # evaluating around an error (a duplicate, a cycle, broken syntax) would mislead
    if errors:
        for d in errors:
            print(d.render(args.lang), file=sys.stderr)
        return 2
    args.set = [set_in_unit(item, catalog.context.env) for item in args.set]
    try:
        args.format = output_format(args.format, args.output)
        read = read_records(args)
        indicators = pick(catalog, args.indicator)
    except InputError as exc:
        print(exc.diagnostic.render(args.lang), file=sys.stderr)
        return 2
    try:
        try:
            outcome = evaluate(args, catalog, indicators, read)
        except StrictScanRefused:  # a file DuckDB's or Spark's own scan does not read as exact does
            read = read_records(args, careful=True)
            outcome = evaluate(args, catalog, indicators, read)
    except InputError as exc:
        print(exc.diagnostic.render(args.lang), file=sys.stderr)
        return 2
    except CompileError:
        for d in errors:
            print(d.render(args.lang), file=sys.stderr)
        return 2
    except EngineError as exc:
        print(f"indicator-dsl eval: {exc}", file=sys.stderr)
        return 2
    findings = read[1].findings if read[1] else []
    for d in shown_findings(findings):  # what of the file was not read (W830–W833): told, never dropped in silence
        print(d.render(args.lang), file=sys.stderr)
    if streams(args):
        return 1 if outcome or findings else 0
    results = outcome
    if args.output:
        from ..backends.sinks import sink_for

        sink_for(args.format, args.output)(results, args.lang, args.output)
    else:
        print(render(results, args.format, args.lang))
    if args.group_by and args.format == "table" and not args.output:
        from ..scoring.groups import group_score_text

        print(grade_counts(results, args.lang) + group_score_text(indicators, results, args.lang, args.places))
    return 1 if findings or not results.ok.all() else 0


class EngineError(Exception):
    pass


def streams(args: argparse.Namespace) -> bool:
    """Whether the engine writes `-o` itself (backends.engines.WRITERS), streaming, with no
    result in Python; grouped results are small and go through the columnar writers."""
    from ..backends.engines import WRITERS

    return bool(args.output) and not args.group_by and args.engine in WRITERS


def evaluate(
    args: argparse.Namespace, catalog: Catalog, indicators: list[Any], read: tuple[Records, CsvRecords | None]
) -> Any:
    """Run the chosen engine (backends.engines registry) on the records read — with `streams`,
    have it write `-o` and return the number of failed records; engine failures become E8xx
    messages.  `StrictScanRefused` passes through: the caller reads the file and runs again."""
    from ..backends.codes import GroupColumnError
    from ..backends.engines import ENGINES, WRITERS, Inputs
    from ..diagnostics import Diagnostic

    for ind in indicators:
        _ = ind.compiled  # CompileError before any engine starts
    records, csv_read = read
    columns = csv_read.names if csv_read is not None else None
    inputs = Inputs(args.input, records, fixed_values(args.set), columns)
    env = catalog.context.env
    try:
        if streams(args):
            return WRITERS[args.engine](indicators, env, inputs, args.places, args.lang, args.format, args.output)
        return ENGINES[args.engine](indicators, env, inputs, args.group_by, args.places)
    except StrictScanRefused:
        raise
    except GroupColumnError as exc:
        raise EngineError("E804 " + exc.diagnostic().message(args.lang)) from None
    except Exception as exc:  # noqa: BLE001 - engine/driver errors (DuckDB, Spark, Arrow) reported with a code
        name = getattr(exc, "name", None)
        if type(exc).__name__ == "DbTableError":
            msg = Diagnostic("E808", args={"name": name, "reason": exc.reason}).message(args.lang)  # type: ignore[attr-defined]
            raise EngineError("E808 " + msg) from None
        reason = (str(exc).splitlines() or [type(exc).__name__])[0]
        if isinstance(exc, OSError) or "IOException" in type(exc).__name__ or "PATH_NOT_FOUND" in str(exc):
            raise EngineError("E802 " + Diagnostic("E802", args={"reason": reason}).message(args.lang)) from None
        msg = Diagnostic("E803", args={"engine": args.engine, "reason": reason}).message(args.lang)
        raise EngineError("E803 " + msg) from None


def grade_counts(results: Any, lang: str) -> str:
    """Per indicator, how many groups got each grade (and how many failed)."""
    counts: dict[str, dict[str, int]] = {}
    columns = [results.column(c).to_pylist() for c in ("indicator", "grade", "error")]
    for indicator, grade, error in zip(*columns, strict=True):
        key = grade or (error or ("无等级" if lang == "zh" else "no grade"))
        per = counts.setdefault(indicator, {})
        per[key] = per.get(key, 0) + 1
    title = "各等级分组数" if lang == "zh" else "groups per grade"
    lines = [f"{name}: " + ", ".join(f"{g} {n}" for g, n in per.items()) for name, per in counts.items()]
    return "\n" + title + "\n" + "\n".join(lines)


def output_format(given: str | None, output: str | None) -> str:
    """The format asked for, or the one `-o FILE`'s extension implies; a file format needs `-o`
    (E806) and a format contradicting the file's extension is refused (E807)."""
    implied = infer_format(output) if output else None
    if given is None:
        if output and implied is None:
            raise InputError("E807", output, format="table", file=output)
        return implied if implied and implied != "duckdb" else ("csv" if implied == "duckdb" else "table")
    if output is None and given in ("jsonl", "parquet"):
        raise InputError("E806", "--format", format=given)
    if output and (given in ("table", "json") or (implied not in (None, "duckdb") and implied != given)):
        raise InputError("E807", output, format=given, file=output)
    return given


places = int_in(0, 6)


def set_in_unit(item: str, env: Any) -> str:
    """`--set x=691.2万元` read as actuals read values (`backends.exact.convert`), then written as
    a plain number in x's own unit, so every engine sees the same value; one that cannot be read
    stays as written and each engine reports it (E403)."""
    from ..backends.exact import EvalFailure, convert
    from ..rational import NotANumber, to_fraction
    from ..unparse import decimal_text

    name, sep, value = item.partition("=")
    value = value.strip()
    try:
        to_fraction(value)
        return item  # a plain number: nothing to convert
    except NotANumber:
        pass
    unit = env.input_units.get(name.strip())
    factor = unit.factor if unit else 1
    try:
        n, d = convert(value, name.strip(), 1, 1, unit.name if unit else None)
        return f"{name}{sep}{decimal_text(Fraction(n, d) / factor)}"
    except (EvalFailure, ValueError):
        return item


def fixed_values(items: list[str]) -> dict[str, Any]:
    """The `--set NAME=VALUE` values (E406 for an item without `=` or a name)."""
    fixed: dict[str, Any] = {}
    for item in items:
        name, sep, value = item.partition("=")
        if not sep or not name.strip():
            raise InputError(
                "E406", "--set", reason=f"需要 NAME=VALUE，得到 {item!r}", reason_en=f"needs NAME=VALUE, got {item!r}"
            )
        fixed[name.strip()] = value.strip()
    return fixed


Records = list[tuple[int, dict[str, Any]]]


def read_records(args: argparse.Namespace, careful: bool = False) -> tuple[Records, CsvRecords | None]:
    """The records to evaluate, and the CSV read (its header names and findings) when a CSV
    file was read here.  DuckDB and Spark scan a .csv themselves (no records) unless `careful`:
    their strict scan refused it, and the one CSV reader (`sheets.csv_records`) reads it."""
    fixed = fixed_values(args.set)
    if not args.input:
        return [(1, fixed)], None
    path = Path(args.input)
    if path.suffix.lower() in (".parquet", ".pq") or infer_format(args.input) == "duckdb":
        return [], None  # read by the engine itself
    sql_reads = getattr(args, "engine", None) in ("duckdb", "spark") and not fixed and path.suffix.lower() == ".csv"
    if sql_reads and path.is_file() and not careful:
        return [], None  # read by the engine itself
    try:
        text, _ = decode_text(path.read_bytes())
        if path.suffix.lower() == ".json":
            data = json_input.loads(text)
            if not isinstance(data, list) or not all(isinstance(r, dict) for r in data):
                raise InputError("E406", str(path), reason="JSON 应为对象列表", reason_en="expected a list of objects")
            return [(i, {**r, **fixed}) for i, r in enumerate(data, start=1)], None
        read = read_csv_records(text, str(path))
    except FileNotFoundError:
        raise InputError("E406", str(path), reason="文件不存在", reason_en="no such file") from None
    except NotText:
        raise InputError("E406", str(path), reason="不是文本文件", reason_en="not a text file") from None
    except json_input.JsonInputError as exc:
        raise InputError("E406", str(path), reason=exc.zh, reason_en=exc.en) from None
    except SheetError as exc:
        raise InputError("E406", str(path), reason=exc.reason("zh"), reason_en=exc.reason("en")) from None
    except OSError as exc:
        raise InputError("E406", str(path), reason=str(exc), reason_en=str(exc)) from None
    if fixed:
        return [(i, {**r, **fixed}) for i, r in read.records], read
    return read.records, read  # type: ignore[return-value]


def render(results: Any, fmt: str, lang: str) -> str:
    """Rows of value/grade/met as text; `—` marks a value that matched none of its indicator's bands."""
    from ..backends import sinks

    if fmt == "csv":
        return sinks.csv_text(results, lang).rstrip("\n")
    if fmt == "json":
        return json.dumps(sinks.record_columns(results, lang).to_pylist(), ensure_ascii=False, indent=2)
    table = sinks.text_columns(results, lang, safe=False)
    rows = list(zip(*(c.to_pylist() for c in table.columns), strict=True))
    return text_table(HEADERS[lang], rows)
