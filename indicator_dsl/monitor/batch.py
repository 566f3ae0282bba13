"""Many projects at once: every `NAME.ind` in a folder with `NAME_progress.csv|xlsx|json`
beside it (the folder walk is `projects.py`, shared with scoring).  A project that cannot be
monitored is listed with why; it never stops the run."""

from __future__ import annotations

import datetime as dt
from collections.abc import Callable, Iterator
from fractions import Fraction
from pathlib import Path

from ..projects import Outcome, beside, run_all
from .engine import MonitorError, monitor
from .models import MonitorReport

__all__ = ["Outcome", "behind", "find_progress", "lowest_ratio", "monitor_all"]


def find_progress(card: Path) -> Path | None:
    """`NAME_progress.csv|xlsx|json` beside `NAME.ind`."""
    return beside(card, "progress")


def behind(outcome: Outcome[MonitorReport]) -> tuple[int, int, Fraction]:
    """Sort key, furthest behind first: more red, then more yellow, then the lowest share of its
    standard reached by any row (a project that could not be judged comes first)."""
    if outcome.report is None:
        return (-(10**9), 0, Fraction(0))
    c = outcome.report.counts
    return (-c.red, -c.yellow, lowest_ratio(outcome.report)[1])


def lowest_ratio(report: MonitorReport) -> tuple[str, Fraction]:
    """(indicator, share of its standard) of the row furthest behind its 序时 standard."""
    judged = [(r.indicator, Fraction(r.ratio_exact)) for r in report.rows if r.ratio_exact is not None]
    return min(judged, key=lambda x: x[1], default=("", Fraction(10**9)))


def monitor_all(
    paths: list[Path],
    month: int | None,
    as_of: dt.date | None,
    scheme: str | None = None,
    year: int | None = None,
    step: Callable[[], None] | None = None,
) -> Iterator[Outcome[MonitorReport]]:
    def run(card: Path, progress: Path) -> MonitorReport:
        return monitor(card, progress, month=month, as_of=as_of, scheme=scheme, year=year)

    return run_all(paths, "progress", run, (MonitorError,), ("缺少监控进度文件", "no progress file"), step)
