"""`indicator-dsl fmt FILE|DIR… [--check] [--diff]`: rewrite `.ind` files in the canonical layout
(comments kept).  `--check` changes nothing and exits 1 when a file would change (for CI);
`--diff` prints what would change.  A file with syntax errors is left alone and reported (exit 2)."""

from __future__ import annotations

import argparse
import difflib
import sys
from pathlib import Path

from ..catalog import expand_paths, unreadable_reason
from ..diagnostics import Diagnostic
from ..formatter import FormatError, format_text
from ..source import NotText, Source, Span, decode_text
from . import add_lang


def add_parser(sub: argparse._SubParsersAction) -> None:  # type: ignore[type-arg]
    p = sub.add_parser("fmt", help="统一排版指标文件（保留注释）/ format indicator files (comments kept)")
    p.add_argument("files", nargs="+", help=".ind files or directories")
    p.add_argument(
        "--check", action="store_true", help="只检查：有文件需要改排版时退出码为 1 / exit 1 if a file would change"
    )
    p.add_argument("--diff", action="store_true", help="打印改动（不写文件）/ print the changes instead of writing")
    add_lang(p)
    p.set_defaults(run=run)


def run(args: argparse.Namespace) -> int:
    changed: list[str] = []
    failed = False
    for path in expand_paths(args.files):
        try:
            text = decode_text(path.read_bytes())[0]
        except (OSError, NotText) as exc:
            diag = Diagnostic("E110", Span(0, 0), Source(str(path), ""), unreadable_reason(exc))
            print(diag.render(args.lang), file=sys.stderr)
            failed = True
            continue
        try:
            formatted = format_text(text, str(path))
        except FormatError as exc:
            for d in exc.diagnostics:
                print(d.render(args.lang), file=sys.stderr)
            failed = True
            continue
        if formatted == text:
            continue
        changed.append(str(path))
        if args.diff:
            sys.stdout.writelines(
                difflib.unified_diff(
                    text.splitlines(keepends=True), formatted.splitlines(keepends=True), str(path), f"{path} (fmt)"
                )
            )
        elif not args.check:
            Path(path).write_text(formatted, encoding="utf-8")
    _summary(changed, args)
    if failed:
        return 2
    return 1 if changed and (args.check or args.diff) else 0


def _summary(changed: list[str], args: argparse.Namespace) -> None:
    would = args.check or args.diff
    for name in changed if args.check else ():
        print(f"{name}: {'需要改排版' if args.lang == 'zh' else 'would be reformatted'}", file=sys.stderr)
    if args.lang == "zh":
        print(f"{len(changed)} 个文件{'需要改排版' if would else '已改排版'}", file=sys.stderr)
    else:
        done = "would be reformatted" if would else "reformatted"
        print(f"{len(changed)} file{'' if len(changed) == 1 else 's'} {done}", file=sys.stderr)
