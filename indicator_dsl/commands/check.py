"""`indicator-dsl check FILE…`: every diagnostic as `file:line:col: CODE message` + caret.

Each file with a 评分表 is checked as its own project (as `score DIR` scores it); the files
without one are checked together as one catalog (`catalog.load_projects`)."""

from __future__ import annotations

import argparse
import json
import sys

from ..diagnostics import INPUT_ERRORS, Diagnostic, Severity
from ..folder_check import check_paths
from . import add_format, add_lang, int_in


def add_parser(sub: argparse._SubParsersAction) -> None:  # type: ignore[type-arg]
    p = sub.add_parser("check", help="检查指标文件 / check indicator files")
    p.add_argument("files", nargs="+", help=".ind files or directories")
    p.add_argument("--year", type=int, help="plan year of month-only deadlines (overrides the scorecards' 年度)")
    p.add_argument(
        "--jobs",
        type=int_in(0),
        default=1,
        metavar="N",
        help="目录的检查进程数（0：每核一个） / processes for a folder of many files (0: one per core; default 1)",
    )
    add_lang(p)
    add_format(p, ["text", "json"], "text")
    p.set_defaults(run=run)


def run(args: argparse.Namespace) -> int:
    diags, indicators = check_paths(args.files, plan_year=args.year, jobs=args.jobs)
    return report(diags, indicators, args)


def report(diags: list[Diagnostic], indicators: int, args: argparse.Namespace) -> int:
    """Print every finding (unreadable files too: the others are still checked) and the exit code:
    2 when a file could not be read, 1 for errors or warnings, 0 otherwise."""
    if args.format == "json":
        print(json.dumps([d.to_dict(args.lang) for d in diags], ensure_ascii=False, indent=2))
    else:
        for d in diags:
            print(d.render(args.lang), file=sys.stderr if d.code in INPUT_ERRORS else sys.stdout)
        print(summary(diags, indicators, args.lang))
    if any(d.code in INPUT_ERRORS for d in diags):
        return 2
    return 1 if any(d.severity is not Severity.INFO for d in diags) else 0


def summary(diags: list[Diagnostic], indicators: int, lang: str) -> str:
    errors = sum(d.severity is Severity.ERROR for d in diags)
    warnings = sum(d.severity is Severity.WARNING for d in diags)
    if lang == "zh":
        return f"共 {indicators} 个指标：{errors} 个错误，{warnings} 个警告"
    return f"{_count(indicators, 'indicator')}: {_count(errors, 'error')}, {_count(warnings, 'warning')}"


def _count(n: int, noun: str) -> str:
    return f"{n} {noun}{'' if n == 1 else 's'}"
