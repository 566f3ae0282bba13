"""`indicator-dsl import FILE… [-o OUT.ind] [--format ind|json]`: tables people already have
(text extracts, CSV, XLSX) → an indicator file; every repair and unreadable cell is reported on
stderr as `file:line:col` (text) or `file!sheet:row:col` (XLSX/CSV).

Exit 0: imported cleanly; 1: imported with findings; 2: no file could be read."""

from __future__ import annotations

import argparse
import sys

from ..diagnostics import Severity
from . import add_lang


def add_parser(sub: argparse._SubParsersAction) -> None:  # type: ignore[type-arg]
    p = sub.add_parser(
        "import", help="导入申报表/自评表（文本、CSV、XLSX）/ import declaration and self-evaluation tables"
    )
    p.add_argument("files", nargs="+", help="table files: .txt extracts, .csv, .xlsx")
    p.add_argument("-o", "--output", help="write here instead of standard output (directories are created)")
    p.add_argument("--format", choices=["ind", "json"], default="ind", help="output format (default ind)")
    p.add_argument(
        "--year", type=int, help="plan year of month-only deadlines (overrides the year the table's title prints)"
    )
    add_lang(p)
    p.set_defaults(run=run)


def run(args: argparse.Namespace) -> int:
    from ..importers import import_files
    from ..importers.files import write_output

    result = import_files(args.files, year=args.year)
    for d in result.all_diagnostics():
        print(d.render(args.lang), file=sys.stderr)
    if len(result.failed) == len(args.files):
        return 2
    text = result.to_json(args.lang) if args.format == "json" else result.text()
    if args.output:
        failed = write_output(args.output, text)
        if failed:
            print(failed.render(args.lang), file=sys.stderr)
            return 2
    else:
        sys.stdout.write(text)
    count = len(result.records)
    print(
        f"导入 {count} 个指标，{len(result.all_diagnostics())} 条提示"
        if args.lang == "zh"
        else f"imported {count} indicators, {len(result.all_diagnostics())} findings",
        file=sys.stderr,
    )
    return 1 if any(d.severity is not Severity.INFO for d in result.all_diagnostics()) else 0
