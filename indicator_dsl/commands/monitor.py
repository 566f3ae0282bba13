"""`indicator-dsl monitor [CARD [PROGRESS]] (--month N | --as-of DATE)`: the mid-year 运行监控表.

No file arguments monitor the bundled example at month 6 (unless --month/--as-of say
otherwise).  CARD may be a folder: every `NAME.ind` with `NAME_progress.csv|xlsx|json` beside
it, with a progress bar, and a summary of light counts, furthest-behind projects first.  Exit 0
judged, 1 problems that are errors (rows not judged, a required 偏差原因 missing), 2 usage or
input error."""

from __future__ import annotations

import argparse
import datetime as dt
import sys
from pathlib import Path
from typing import Any

from . import add_lang
from .score import DATA_SUFFIXES, problems_to_stderr, progress_bar, terminal_width, write_output

FORMATS = ["table", "json", "csv", "xlsx", "html"]


def add_parser(sub: argparse._SubParsersAction) -> None:  # type: ignore[type-arg]
    p = sub.add_parser("monitor", help="绩效运行监控（年中预警） / mid-year performance monitoring")
    p.add_argument("card", nargs="?", help=".ind file of the project's indicators, or a folder of projects")
    p.add_argument("progress", nargs="?", help="progress: .csv, .xlsx or .json (default: NAME_progress.* beside it)")
    when = p.add_mutually_exclusive_group()
    when.add_argument("--month", type=month, metavar="1..12", help="cut-off month N (data of months 1..N)")
    when.add_argument("--as-of", type=date, metavar="YYYY-MM-DD", help="cut-off date (its month is N)")
    p.add_argument("--year", type=int, help="plan year, with --month (for deadlines)")
    p.add_argument("--scheme", help="monitoring scheme (default, shanxi, ningxia) or a .toml file")
    p.add_argument("--format", choices=FORMATS, default="table", help="output format (default table)")
    p.add_argument("-o", "--output", help="write to this file (required for xlsx); a folder for a folder of projects")
    add_lang(p)
    p.set_defaults(run=run)


def month(text: str) -> int:
    try:
        value = int(text)
    except ValueError:
        value = 0
    if not 1 <= value <= 12:
        raise argparse.ArgumentTypeError(f"应为 1–12 的整数 / must be an integer 1..12: {text!r}")
    return value


def date(text: str) -> dt.date:
    try:
        return dt.date.fromisoformat(text)
    except ValueError:
        raise argparse.ArgumentTypeError(f"应为 YYYY-MM-DD 日期 / must be a date YYYY-MM-DD: {text!r}") from None


def run(args: argparse.Namespace) -> int:
    from ..monitor import EXAMPLE_MONTH, MonitorError, example_paths, monitor
    from ..monitor.batch import find_progress
    from ..reports.monitor import MONITOR_REPORTS, render_monitor

    if args.card and Path(args.card).is_dir():
        return run_folder(args)
    if args.card and Path(args.card).suffix.lower() in DATA_SUFFIXES:
        return _usage(f"第一个参数应为 .ind 指标文件，{args.card} 像是进度表 / give the .ind file first")
    if args.format == "xlsx" and not args.output:
        return _usage("xlsx 需要 --output FILE / xlsx needs --output FILE")
    if args.card:
        card = Path(args.card)
        progress = Path(args.progress) if args.progress else find_progress(card)
        if progress is None:
            return _usage(f"找不到进度表 / no progress file for {card}; give PROGRESS")
    else:
        card, progress = example_paths()
    if args.month is None and args.as_of is None:
        if args.card:
            return _usage("需要 --month N 或 --as-of YYYY-MM-DD / give --month N or --as-of YYYY-MM-DD")
        args.month = EXAMPLE_MONTH
    try:
        report = monitor(card, progress, month=args.month, as_of=args.as_of, scheme=args.scheme, year=args.year)
    except MonitorError as exc:
        for d in exc.diagnostics:
            print(d.render(args.lang), file=sys.stderr)
        return 2
    out = render_monitor(report, args.format, args.lang, width=terminal_width(args))
    if args.output:
        fmt = MONITOR_REPORTS[args.format][0]
        if not write_output(Path(args.output), out, args.lang, fmt.encoding):
            return 2
        print(f"{args.output} ({args.format})", file=sys.stderr)
    else:
        assert isinstance(out, str)
        sys.stdout.write(out if out.endswith("\n") else out + "\n")
    if args.format != "table" or args.output:
        problems_to_stderr(report, args.lang)
    return 1 if any(p.severity == "error" for p in report.problems) else 0


def run_folder(args: argparse.Namespace) -> int:
    """Every project of a folder: a progress bar on stderr, the summary on stdout, and each
    project's table written to `--output DIR` in the chosen format."""
    from ..monitor.batch import monitor_all
    from ..reports.monitor import MONITOR_REPORTS, render_monitor
    from ..reports.monitor.summary import render_summary

    if args.month is None and args.as_of is None:
        return _usage("需要 --month N 或 --as-of YYYY-MM-DD / give --month N or --as-of YYYY-MM-DD")
    paths = sorted(p for p in Path(args.card).rglob("*.ind") if p.is_file())
    if not paths:
        return _usage(f"{args.card} 中没有 .ind 文件 / no .ind files in {args.card}")
    out_dir = Path(args.output) if args.output else None
    if out_dir is None and args.format in ("xlsx", "html"):
        return _usage("文件夹的 xlsx/html 需要 --output DIR / xlsx and html of a folder need --output DIR")
    with progress_bar(len(paths), "监控 / monitoring") as step:
        outcomes = list(monitor_all(paths, args.month, args.as_of, args.scheme, args.year, step))
    for o in outcomes:
        if o.report is not None:
            problems_to_stderr(o.report, args.lang, o.path)
            if out_dir is not None:
                fmt = MONITOR_REPORTS[args.format][0]
                data: Any = render_monitor(o.report, args.format, args.lang)
                if not write_output(out_dir / (o.path.stem + fmt.suffix), data, args.lang, fmt.encoding):
                    return 2
    text = render_summary(outcomes, args.format if args.format in ("json", "csv") else "table", args.lang)
    sys.stdout.write(text + "\n")
    failed = any(o.report is None or any(p.severity == "error" for p in o.report.problems) for o in outcomes)
    return 1 if failed else 0


def _usage(message: str) -> int:
    print(f"indicator-dsl monitor: {message}", file=sys.stderr)
    return 2
