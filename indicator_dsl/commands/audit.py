"""`indicator-dsl audit TABLE…`: recompute published 自评表 under a scheme and report every
disagreement with its table, row, cell and indicator.

Exit codes: 0 no findings (notes about what could not be judged do not count), 1 findings,
2 a table could not be read or the options are wrong."""

from __future__ import annotations

import argparse
import json
import sys
from fractions import Fraction
from pathlib import Path

from . import add_lang, add_output_format, resolve_format

FORMATS = ["table", "json", "csv", "xlsx", "html"]


def add_parser(sub: argparse._SubParsersAction) -> None:  # type: ignore[type-arg]
    p = sub.add_parser("audit", help="复核已公布的自评表 / audit published self-evaluation tables")
    p.add_argument("tables", nargs="*", help="filled 自评表: .xlsx, .csv or tab-separated text, or directories")
    p.add_argument("--scheme", default="national-2020", help="scoring scheme name or .toml (default national-2020)")
    p.add_argument("--tolerance", default="0.5", help="points a partial score may differ from the scheme's (0.5)")
    p.add_argument("--output", "-o", help="write the report to this file (required for xlsx; directories are created)")
    p.add_argument("--schema", action="store_true", help="print the JSON Schema of --format json and exit")
    p.add_argument(
        "--year", type=int, help="月份日期的年度 / plan year of month-only dates (overrides the title's year)"
    )
    add_output_format(p, FORMATS, "table")
    add_lang(p)
    p.set_defaults(run=run)


def run(args: argparse.Namespace) -> int:
    from ..audit.engine import audit_paths
    from ..audit.render import RENDERERS
    from ..audit.report import json_schema
    from ..rational import NotANumber, parse_decimal
    from ..scoring.schemes import SchemeError, load_scheme

    if args.schema:
        print(json.dumps(json_schema(), ensure_ascii=False, indent=2))
        return 0
    if not args.tables:
        return _usage(args, "需要至少一个表格", "give at least one table")
    mismatch = resolve_format(args)
    if mismatch:
        print(mismatch, file=sys.stderr)
        return 2
    if args.format == "xlsx" and not args.output:
        return _usage(args, "xlsx 格式需要 --output 文件", "xlsx needs --output FILE")
    try:
        tolerance = parse_decimal(args.tolerance)
    except NotANumber:
        return _usage(args, f"--tolerance 不是数字：{args.tolerance}", f"--tolerance is not a number: {args.tolerance}")
    try:
        scheme = load_scheme(args.scheme)
    except SchemeError as exc:
        return _usage(args, f"E608 {exc.zh}", f"E608 {exc.en}")
    missing = [t for t in args.tables if not Path(t).exists()]
    if missing:
        return _missing(missing, args.lang)
    result = audit_paths(args.tables, scheme, Fraction(tolerance), progress=_progress(), year=args.year)
    out = RENDERERS[args.format](result, args.lang)
    if not _write(out, args.output, args.lang):
        return 2
    if result.unreadable:
        for f in result.unreadable:
            print(f"{f.table}: {f.code} {f.said(args.lang)}", file=sys.stderr)
        return 2
    return 1 if any(t.counts.error or t.counts.warning for t in result.tables) else 0


def _missing(paths: list[str], lang: str) -> int:
    """A table that is not there is E920 at its path, like any unreadable table (and like check's E110)."""
    from ..audit import codes  # noqa: F401  (registers E920)
    from ..diagnostics import Diagnostic

    for path in paths:
        found = Diagnostic("E920", None, None, {"reason": "文件不存在", "reason_en": "no such file"})
        print(f"{path}: E920 {found.message(lang)}", file=sys.stderr)
    return 2


def _usage(args: argparse.Namespace, zh: str, en: str) -> int:
    print(f"indicator-dsl audit: {zh if args.lang == 'zh' else en}", file=sys.stderr)
    return 2


def _write(out: str | bytes, path: str | None, lang: str) -> bool:
    """The report to `path` (directories created) or stdout; False, with E929 on stderr, if it cannot."""
    from ..audit import codes  # noqa: F401  (registers E929)
    from ..importers.files import write_output

    if path:
        failed = write_output(path, out if isinstance(out, bytes) else out + "\n", code="E929")
        if failed:
            print(failed.render(lang), file=sys.stderr)
        return failed is None
    if isinstance(out, bytes):
        sys.stdout.buffer.write(out)
    elif out:
        print(out)
    return True


def _progress():  # type: ignore[no-untyped-def]
    """A progress bar on stderr when more than one table (or a directory) is audited."""

    def show(done: int, total: int, name: str) -> None:
        if total < 2:
            return
        width = 20
        filled = width * done // total
        end = "\n" if done == total else ""
        print(
            f"\r[{'#' * filled}{'.' * (width - filled)}] {done}/{total} {name[:40]:<40}",
            end=end,
            file=sys.stderr,
            flush=True,
        )

    return show
