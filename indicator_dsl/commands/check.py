"""`indicator-dsl check FILE…`: every diagnostic as `file:line:col: CODE message` + caret."""

from __future__ import annotations

import argparse
import json
import sys

from ..catalog import load
from ..diagnostics import Severity
from . import add_format, add_lang


def add_parser(sub: argparse._SubParsersAction) -> None:  # type: ignore[type-arg]
    p = sub.add_parser("check", help="检查指标文件 / check indicator files")
    p.add_argument("files", nargs="+", help=".ind files or directories")
    add_lang(p)
    add_format(p, ["text", "json"], "text")
    p.set_defaults(run=run)


def run(args: argparse.Namespace) -> int:
    catalog = load(*args.files)
    diags = catalog.check()
    if any(d.code == "E110" for d in diags):
        for d in diags:
            if d.code == "E110":
                print(d.render(args.lang), file=sys.stderr)
        return 2
    if args.format == "json":
        print(json.dumps([d.to_dict(args.lang) for d in diags], ensure_ascii=False, indent=2))
    else:
        for d in diags:
            print(d.render(args.lang))
        print(summary(diags, len(catalog), args.lang))
    return 1 if any(d.severity is not Severity.INFO for d in diags) else 0


def summary(diags: list, indicators: int, lang: str) -> str:  # type: ignore[type-arg]
    errors = sum(d.severity is Severity.ERROR for d in diags)
    warnings = sum(d.severity is Severity.WARNING for d in diags)
    if lang == "zh":
        return f"共 {indicators} 个指标：{errors} 个错误，{warnings} 个警告"
    return f"{indicators} indicators: {errors} errors, {warnings} warnings"
