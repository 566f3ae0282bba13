"""`indicator-dsl eval FILE --set k=v … | --input data.csv`: value, grade, target met per record.

A record with a missing input, a zero divisor or a non-number gets its error code on its own
row; every other record is still evaluated (exit 1 tells that some rows failed)."""

from __future__ import annotations

import argparse
import csv
import io
import json
import sys
from pathlib import Path
from typing import Any

from ..catalog import Catalog, CompileError, Evaluation, load
from ..output import csv_text, text_table
from ..records import InputError, errors_of, pick
from ..source import NotText, decode_text
from . import add_format, add_lang

HEADERS = {
    "zh": ["行", "指标", "值", "等级", "达标", "错误"],
    "en": ["row", "indicator", "value", "grade", "met", "error"],
}


def add_parser(sub: argparse._SubParsersAction) -> None:  # type: ignore[type-arg]
    p = sub.add_parser("eval", help="计算指标值 / evaluate indicators on records")
    p.add_argument("file", help=".ind file")
    p.add_argument("--set", action="append", default=[], metavar="NAME=VALUE", help="one input value (repeatable)")
    p.add_argument("--input", help="records: .csv (one per row), .json (a list of objects) or .parquet")
    p.add_argument("--indicator", action="append", default=[], help="only these indicators (repeatable)")
    p.add_argument("--places", type=places, default=2, help="decimal places shown, 0-6 (default 2, 四舍五入)")
    p.add_argument(
        "--engine",
        choices=["exact", "vector", "duckdb", "spark"],
        default="exact",
        help="evaluator: exact (per record), vector (numpy), duckdb (SQL), spark (Spark SQL); default exact",
    )
    p.add_argument("--group-by", metavar="COLUMN", help="sum inputs per value of COLUMN and evaluate each group")
    add_format(p, ["table", "json", "csv"], "table")
    add_lang(p)
    p.set_defaults(run=run)


def run(args: argparse.Namespace) -> int:
    catalog = load(args.file)
    errors = errors_of(catalog)  # evaluating around an error (a duplicate, a cycle, broken syntax) would mislead
    if errors:
        for d in errors:
            print(d.render(args.lang), file=sys.stderr)
        return 2
    try:
        records = read_records(args)
        indicators = pick(catalog, args.indicator)
    except InputError as exc:
        print(exc.diagnostic.render(args.lang), file=sys.stderr)
        return 2
    try:
        results = evaluate(args, catalog, indicators, records)
    except CompileError:
        for d in errors:
            print(d.render(args.lang), file=sys.stderr)
        return 2
    except EngineError as exc:
        print(f"indicator-dsl eval: {exc}", file=sys.stderr)
        return 2
    graded = {ind.name for ind in indicators if ind.resolved.bands}
    print(render(results, args.format, args.lang, graded))
    if args.group_by and args.format == "table":
        from ..backends.engines import group_score_text

        print(grade_counts(results, args.lang) + group_score_text(indicators, results, args.lang, args.places))
    return 1 if any(not e.ok for _, e in results) else 0


class EngineError(Exception):
    pass


def evaluate(args: argparse.Namespace, catalog: Catalog, indicators: list[Any], records: list[Any]) -> list[Any]:
    """Run the chosen engine (backends.engines registry); engine failures become E8xx messages."""
    from ..backends.engines import ENGINES, Inputs
    from ..diagnostics import Diagnostic

    for ind in indicators:
        _ = ind.compiled  # CompileError before any engine starts
    fixed = dict(read_records(argparse.Namespace(set=args.set, input=None))[0][1])
    inputs = Inputs(args.input, records, fixed)
    try:
        return ENGINES[args.engine](indicators, catalog.context.env, inputs, args.group_by, args.places)
    except KeyError as exc:
        raise EngineError("E804 " + Diagnostic("E804", args={"name": exc.args[0]}).message(args.lang)) from None
    except Exception as exc:  # noqa: BLE001 - engine/driver errors (DuckDB, Spark, Arrow) reported with a code
        name = getattr(exc, "name", None)
        if type(exc).__name__ == "GroupColumnError":
            raise EngineError("E804 " + Diagnostic("E804", args={"name": name}).message(args.lang)) from None
        if type(exc).__name__ == "ExactReadError":
            msg = Diagnostic("E801", args={"name": name, "reason": exc.reason}).message(args.lang)  # type: ignore[attr-defined]
            raise EngineError("E801 " + msg) from None
        reason = (str(exc).splitlines() or [type(exc).__name__])[0]
        if isinstance(exc, OSError) or "IOException" in type(exc).__name__ or "PATH_NOT_FOUND" in str(exc):
            raise EngineError("E802 " + Diagnostic("E802", args={"reason": reason}).message(args.lang)) from None
        msg = Diagnostic("E803", args={"engine": args.engine, "reason": reason}).message(args.lang)
        raise EngineError("E803 " + msg) from None


def grade_counts(results: list[Any], lang: str) -> str:
    """Per indicator, how many groups got each grade (and how many failed)."""
    counts: dict[str, dict[str, int]] = {}
    for _, e in results:
        key = e.grade or (e.error or ("无等级" if lang == "zh" else "no grade"))
        per = counts.setdefault(e.indicator, {})
        per[key] = per.get(key, 0) + 1
    title = "各等级分组数" if lang == "zh" else "groups per grade"
    lines = [f"{name}: " + ", ".join(f"{g} {n}" for g, n in per.items()) for name, per in counts.items()]
    return "\n" + title + "\n" + "\n".join(lines)


def places(text: str) -> int:
    value = int(text) if text.strip().lstrip("-").isdigit() else -1
    if not 0 <= value <= 6:
        raise argparse.ArgumentTypeError("应为 0 到 6 / must be 0 to 6")
    return value


def read_records(args: argparse.Namespace) -> list[tuple[int, dict[str, Any]]]:
    fixed: dict[str, Any] = {}
    for item in args.set:
        name, sep, value = item.partition("=")
        if not sep or not name.strip():
            raise InputError(
                "E406", "--set", reason=f"需要 NAME=VALUE，得到 {item!r}", reason_en=f"needs NAME=VALUE, got {item!r}"
            )
        fixed[name.strip()] = value.strip()
    if not args.input:
        return [(1, fixed)]
    path = Path(args.input)
    if path.suffix.lower() in (".parquet", ".pq"):
        return []  # read by the engine itself
    try:
        text, _ = decode_text(path.read_bytes())
        if path.suffix.lower() == ".json":
            data = json.loads(text)
            if not isinstance(data, list) or not all(isinstance(r, dict) for r in data):
                raise InputError("E406", str(path), reason="JSON 应为对象列表", reason_en="expected a list of objects")
            return [(i, {**r, **fixed}) for i, r in enumerate(data, start=1)]
        reader = csv.DictReader(io.StringIO(text, newline=""))
        # Row numbers as a spreadsheet shows them: the header is row 1.
        return [(i, {**{k.strip(): v for k, v in r.items() if k}, **fixed}) for i, r in enumerate(reader, start=2)]
    except FileNotFoundError:
        raise InputError("E406", str(path), reason="文件不存在", reason_en="no such file") from None
    except NotText:
        raise InputError("E406", str(path), reason="不是文本文件", reason_en="not a text file") from None
    except (OSError, json.JSONDecodeError, csv.Error) as exc:
        raise InputError("E406", str(path), reason=str(exc), reason_en=str(exc)) from None


def render(results: list[tuple[int, Evaluation]], fmt: str, lang: str, graded: set[str]) -> str:
    """Rows of value/grade/met; `—` marks a value that matched none of its indicator's bands."""
    if fmt == "json":
        return json.dumps([{"row": row, **e.to_dict(lang)} for row, e in results], ensure_ascii=False, indent=2)
    yes, no = ("是", "否") if lang == "zh" else ("yes", "no")
    rows = []
    for row, e in results:
        met = "" if e.met is None else (yes if e.met else no)
        grade = e.grade or ("—" if e.ok and e.indicator in graded else "")
        err = f"{e.error} {e.message(lang)}" if e.error else ""
        rows.append([row, e.indicator, e.display, grade, met, err])
    if fmt == "csv":
        return csv_text(HEADERS[lang], rows).rstrip("\n")
    return text_table(HEADERS[lang], rows)
