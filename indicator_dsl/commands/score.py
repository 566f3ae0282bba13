"""`indicator-dsl score [SCORECARD [ACTUALS]] [--format …]`: the year-end 自评表.

No arguments score the bundled example.  SCORECARD may be a directory: every `NAME.ind` in it
with its actuals beside it (`NAME_actuals.csv|.xlsx|.json`) is scored, with a progress bar, and
a summary of all projects is printed.  Exit 0 scored, 1 some rows could not be scored, 2 usage
or input error."""

from __future__ import annotations

import argparse
import contextlib
import sys
from collections.abc import Callable, Iterator
from pathlib import Path

from . import add_lang, add_output_format, int_in, resolve_format

FORMATS = ["table", "json", "csv", "xlsx", "html"]
MAX_PLACES = 6


def add_parser(sub: argparse._SubParsersAction) -> None:  # type: ignore[type-arg]
    p = sub.add_parser("score", help="绩效自评评分 / score a year-end self-evaluation")
    p.add_argument("scorecard", nargs="?", help=".ind file with a 评分表 block, or a directory of them")
    p.add_argument("actuals", nargs="?", help="actuals: .csv, .xlsx or .json (default: NAME_actuals.* beside it)")
    add_output_format(p, FORMATS, "table")
    p.add_argument("-o", "--output", help="write to this file (required for xlsx)")
    p.add_argument("--scheme", help="scheme name (national-2020, reverse-linear, province-40-40-20) or a .toml file")
    p.add_argument(
        "--year", type=int, help="计划年度 / plan year of month-only deadlines (overrides the scorecard's 年度)"
    )
    p.add_argument(
        "--places", type=places, metavar="0..6", help="decimal places of scores (default from the scheme, 2)"
    )
    add_lang(p)
    p.set_defaults(run=run)


places = int_in(0, MAX_PLACES)  # as schemes allow; anything else is a usage error (exit 2)


def run(args: argparse.Namespace) -> int:
    from ..reports import REPORTS, render
    from ..scoring import ScoringError, example_paths, score

    if args.scorecard and Path(args.scorecard).is_dir():
        args.format = args.format or args.format_default  # -o is a directory there
        return run_directory(args)
    mismatch = resolve_format(args)
    if mismatch:
        print(mismatch, file=sys.stderr)
        return 2
    if args.format == "xlsx" and not args.output:
        return _usage("xlsx 需要 --output FILE / xlsx needs --output FILE")
    swapped = _swapped(args.scorecard, args.actuals)
    if swapped:
        return _usage(swapped)
    scorecard, actuals = _inputs(args, example_paths)
    if actuals is None and not scorecard.exists():
        return _unreadable(scorecard, args.lang)
    if actuals is None:
        return _usage(f"找不到实际完成值文件 / no actuals file for {scorecard}; give ACTUALS")
    try:
        report = score(scorecard, actuals, scheme=args.scheme, places=args.places, plan_year=args.year)
    except ScoringError as exc:
        for d in exc.diagnostics:
            print(d.render(args.lang), file=sys.stderr)
        return 2
    out = render(report, args.format, args.lang, width=terminal_width(args))
    if args.output:
        if not write_output(Path(args.output), out, args.lang, REPORTS[args.format].encoding):
            return 2
        print(f"{args.output} ({REPORTS[args.format].name})", file=sys.stderr)
    else:
        assert isinstance(out, str)
        sys.stdout.write(out + _nl(out))
    if args.format != "table" or args.output:
        problems_to_stderr(report, args.lang)
    return 1 if any(p.severity == "error" for p in report.problems) else 0


def _unreadable(scorecard: Path, lang: str) -> int:
    """A scorecard that is not there is E110 (as in check), not a missing actuals file."""
    from ..diagnostics import Diagnostic
    from ..source import Source, Span

    reason = {"reason": "文件不存在", "reason_en": "no such file"}
    print(Diagnostic("E110", Span(0, 0), Source(str(scorecard), ""), reason).render(lang), file=sys.stderr)
    return 2


def problems_to_stderr(report: object, lang: str, project: Path | None = None) -> None:
    """Problems of a report whose main output is a file or a machine format: they go to stderr
    so that no reason for a missing score is ever lost (the table prints them itself).  In a
    folder run `project` names the lines that name no file of their own."""
    from ..reports.layout import problem_lines
    from ..reports.table import printable

    for line in problem_lines(report, lang, str(project) if project else ""):  # type: ignore[arg-type]
        print(printable(line), file=sys.stderr)


DATA_SUFFIXES = (".csv", ".xlsx", ".json")


def _swapped(first: str | None, second: str | None) -> str | None:
    """A hint when the actuals file is given where the scorecard belongs (it would otherwise be
    parsed as DSL and flood the screen with syntax errors)."""
    if not first or Path(first).suffix.lower() not in DATA_SUFFIXES:
        return None
    if second and Path(second).suffix.lower() == ".ind":
        return (
            f"参数顺序似乎颠倒了：应为 score {second} {first} / the arguments look swapped: use score {second} {first}"
        )
    return (
        f"第一个参数应为 .ind 评分表文件，{first} 像是实际完成值 / "
        f"the first argument must be the .ind scorecard; {first} looks like actuals"
    )


def terminal_width(args: argparse.Namespace) -> int | None:
    """The terminal's width when the report is shown on one; None for a file or a pipe."""
    if args.output or not sys.stdout.isatty():
        return None
    import shutil

    return shutil.get_terminal_size().columns


def _inputs(args: argparse.Namespace, example: object) -> tuple[Path, Path | None]:
    if not args.scorecard:
        return example()  # type: ignore[operator,no-any-return]
    scorecard = Path(args.scorecard)
    return scorecard, Path(args.actuals) if args.actuals else find_actuals(scorecard)


def find_actuals(scorecard: Path) -> Path | None:
    from ..scoring.batch import find_actuals as beside

    return beside(scorecard)


def run_directory(args: argparse.Namespace) -> int:
    """Every project in a folder, with a progress bar on stderr; the summary on stdout, and
    each project's report written to `--output DIR` in the chosen format."""
    from ..reports import REPORTS, render
    from ..reports.summary import render_summary
    from ..scoring.batch import projects, score_all

    paths = projects(Path(args.scorecard))
    if not paths:
        print(
            f"indicator-dsl score: {args.scorecard} 中没有 .ind 文件 / no .ind files in {args.scorecard}",
            file=sys.stderr,
        )
        return 1
    out_dir = Path(args.output) if args.output else None
    if out_dir is None and args.format in ("xlsx", "html"):
        return _usage("目录评分的 xlsx/html 需要 --output DIR / xlsx and html of a directory need --output DIR")
    with progress_bar(len(paths)) as step:
        outcomes = list(score_all(paths, args.scheme, args.places, step, plan_year=args.year))
    for o in outcomes:
        if o.report is not None:
            problems_to_stderr(o.report, args.lang, o.path)
    if out_dir is not None:
        for o in outcomes:
            if o.report is not None:
                data = render(o.report, args.format, args.lang)
                fmt = REPORTS[args.format]
                if not write_output(out_dir / (o.path.stem + fmt.suffix), data, args.lang, fmt.encoding):
                    return 2
    summary_format = args.format if args.format in ("json", "csv") else "table"
    text = render_summary(outcomes, summary_format, args.lang)
    sys.stdout.write(text + _nl(text))
    failed = any(o.report is None or any(p.severity == "error" for p in o.report.problems) for o in outcomes)
    return 1 if failed or not outcomes else 0


@contextlib.contextmanager
def progress_bar(total: int, label: str = "评分 / scoring") -> Iterator[Callable[[], None]]:
    """A rich progress bar on stderr when rich is installed; otherwise a counter line.  Where rich
    would draw nothing (stderr is not a terminal: a pipe, a file, a job), rich is not even
    started (its import and its refresh thread cost a folder run more than its drawing)."""
    import importlib.util

    if not maybe_terminal(sys.stderr) and importlib.util.find_spec("rich") is not None:
        yield lambda: None
        print(file=sys.stderr)  # all that rich's transient bar leaves on a stream that is not a terminal
        return
    try:
        from rich.console import Console
        from rich.progress import Progress
    except ImportError:
        done = [0]

        def count() -> None:
            done[0] += 1
            print(f"\r{done[0]}/{total}", end="", file=sys.stderr)

        yield count
        print(file=sys.stderr)
        return
    with Progress(console=Console(stderr=True), transient=True) as bar:
        task = bar.add_task(label, total=total)
        yield lambda: bar.advance(task)


def maybe_terminal(stream: object) -> bool:
    """False only where rich's `Console.is_terminal` is False too (its TTY_COMPATIBLE and
    FORCE_COLOR rules, then isatty), so a transient progress bar there would show nothing."""
    import os

    compatible = os.environ.get("TTY_COMPATIBLE", "")
    if compatible in ("0", "1"):
        return compatible == "1"
    force = os.environ.get("FORCE_COLOR")
    if force is not None:
        return force != ""
    isatty = getattr(stream, "isatty", None)
    try:
        return bool(isatty()) if isatty is not None else False
    except ValueError:
        return False


WRITE_FAILURES = (
    ((FileExistsError, NotADirectoryError), "路径中有一段不是文件夹", "a part of the path is not a folder"),
    ((PermissionError,), "没有写入权限", "permission denied"),
    ((IsADirectoryError,), "这是一个文件夹", "it is a folder"),
)


def write_output(path: Path, data: str | bytes, lang: str, encoding: str = "utf-8") -> bool:
    """Write a report, creating missing parent folders; a failure is E619 on stderr, not a traceback."""
    from ..diagnostics import Diagnostic
    from ..scoring import codes  # noqa: F401  (registers E619)
    from ..source import Source

    try:
        path.parent.mkdir(parents=True, exist_ok=True)
        if isinstance(data, bytes):
            path.write_bytes(data)
        else:
            path.write_text(data + _nl(data), encoding=encoding)
    except OSError as exc:
        zh, en = next(((z, e) for kinds, z, e in WRITE_FAILURES if isinstance(exc, kinds)), (None, None))
        reason = {"reason": zh or str(exc.strerror or exc), "reason_en": en or str(exc.strerror or exc)}
        print(Diagnostic("E619", None, Source(str(path), ""), reason).render(lang), file=sys.stderr)
        return False
    return True


def _nl(text: str) -> str:
    return "" if text.endswith("\n") else "\n"


def _usage(message: str) -> int:
    print(f"indicator-dsl score: {message}", file=sys.stderr)
    return 2
