"""`indicator-dsl export FILE.ind -o OUT.xlsx [--layout declaration|self-eval]`: a catalog as
the XLSX 申报表 or 自评表 people exchange; `indicator-dsl import OUT.xlsx` reads it back."""

from __future__ import annotations

import argparse
import sys
from pathlib import Path

from .. import ast as A
from ..diagnostics import Diagnostic
from ..source import Source, Span
from . import add_lang


def add_parser(sub: argparse._SubParsersAction) -> None:  # type: ignore[type-arg]
    from ..importers.export import LAYOUTS

    p = sub.add_parser(
        "export", help="导出为 XLSX 申报表/自评表 / export to an XLSX declaration or self-evaluation table"
    )
    p.add_argument("file", nargs="+", help=".ind files or directories")
    p.add_argument("-o", "--output", required=True, help="the .xlsx file to write (directories are created)")
    p.add_argument(
        "--layout", choices=sorted(LAYOUTS), default="declaration", help="table layout (default declaration)"
    )
    add_lang(p)
    p.set_defaults(run=run)


def run(args: argparse.Namespace) -> int:
    from ..catalog import load
    from ..importers.export import workbook_bytes
    from ..importers.files import write_output

    if (
        Path(args.output).suffix.lower() != ".xlsx"
    ):  # the bytes are a workbook: a .csv (or any other name) would hold XLSX bytes
        return _fail(Diagnostic("E711", Span(0, 0), Source(args.output, ""), {"name": args.output}), args)
    catalog = load(*args.file)
    unreadable = [d for d in catalog.syntax_diagnostics if d.code == "E110"]
    for d in unreadable:
        print(d.render(args.lang), file=sys.stderr)
    if unreadable:
        return 2
    indicators = catalog.statements(A.Indicator)
    data = workbook_bytes(indicators, args.layout, scorecards=catalog.statements(A.Scorecard))
    failed = write_output(args.output, data)
    if failed:
        return _fail(failed, args)
    print(
        f"已导出 {len(indicators)} 个指标到 {args.output}"
        if args.lang == "zh"
        else f"exported {len(indicators)} indicators to {args.output}",
        file=sys.stderr,
    )
    return 0


def _fail(diag: Diagnostic, args: argparse.Namespace) -> int:
    print(diag.render(args.lang), file=sys.stderr)
    return 2
