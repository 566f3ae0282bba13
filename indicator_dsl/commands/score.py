"""`indicator-dsl score [SCORECARD [ACTUALS]] [--format …]`: the year-end 自评表.

No arguments score the bundled example.  SCORECARD may be a directory: every `NAME.ind` in it
with its actuals beside it (`NAME_actuals.csv|.xlsx|.json`) is scored, with a progress bar, and
a summary of all projects is printed.  Exit 0 scored, 1 some rows could not be scored, 2 usage
or input error."""

from __future__ import annotations

import argparse
import sys
from pathlib import Path

from . import add_lang

FORMATS = ["table", "json", "csv", "xlsx", "html"]


def add_parser(sub: argparse._SubParsersAction) -> None:  # type: ignore[type-arg]
    p = sub.add_parser("score", help="绩效自评评分 / score a year-end self-evaluation")
    p.add_argument("scorecard", nargs="?", help=".ind file with a 评分表 block, or a directory of them")
    p.add_argument("actuals", nargs="?", help="actuals: .csv, .xlsx or .json (default: NAME_actuals.* beside it)")
    p.add_argument("--format", choices=FORMATS, default="table", help="output format (default table)")
    p.add_argument("-o", "--output", help="write to this file (required for xlsx)")
    p.add_argument("--scheme", help="scheme name (national-2020, reverse-linear, province-40-40-20) or a .toml file")
    p.add_argument("--places", type=int, help="decimal places of scores (default from the scheme, 2)")
    add_lang(p)
    p.set_defaults(run=run)


def run(args: argparse.Namespace) -> int:
    from ..reports import REPORTS, render
    from ..scoring import ScoringError, example_paths, score

    if args.scorecard and Path(args.scorecard).is_dir():
        from .score_many import run_directory

        return run_directory(args)
    if args.format == "xlsx" and not args.output:
        return _usage("xlsx 需要 --output FILE / xlsx needs --output FILE")
    scorecard, actuals = _inputs(args, example_paths)
    if actuals is None:
        return _usage(f"找不到实际完成值文件 / no actuals file for {scorecard}; give ACTUALS")
    try:
        report = score(scorecard, actuals, scheme=args.scheme, places=args.places)
    except ScoringError as exc:
        for d in exc.diagnostics:
            print(d.render(args.lang), file=sys.stderr)
        return 2
    out = render(report, args.format, args.lang)
    if args.output:
        path = Path(args.output)
        path.write_bytes(out) if isinstance(out, bytes) else path.write_text(out + _nl(out), encoding="utf-8")
        print(f"{path} ({REPORTS[args.format].name})", file=sys.stderr)
    else:
        assert isinstance(out, str)
        sys.stdout.write(out + _nl(out))
    return 1 if any(p.severity == "error" for p in report.problems) else 0


def _inputs(args: argparse.Namespace, example: object) -> tuple[Path, Path | None]:
    if not args.scorecard:
        return example()  # type: ignore[operator,no-any-return]
    scorecard = Path(args.scorecard)
    return scorecard, Path(args.actuals) if args.actuals else find_actuals(scorecard)


def find_actuals(scorecard: Path) -> Path | None:
    """`NAME_actuals.csv|xlsx|json` beside `NAME.ind`."""
    for suffix in (".csv", ".xlsx", ".json"):
        candidate = scorecard.with_name(f"{scorecard.stem}_actuals{suffix}")
        if candidate.exists():
            return candidate
    return None


def _nl(text: str) -> str:
    return "" if text.endswith("\n") else "\n"


def _usage(message: str) -> int:
    print(f"indicator-dsl score: {message}", file=sys.stderr)
    return 2
