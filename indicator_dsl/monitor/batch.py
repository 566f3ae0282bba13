"""Many projects at once: every `NAME.ind` in a folder with `NAME_progress.csv|xlsx|json`
beside it.  A project that cannot be monitored is listed with why; it never stops the run."""

from __future__ import annotations

import datetime as dt
from collections.abc import Callable, Iterator
from dataclasses import dataclass
from fractions import Fraction
from pathlib import Path

from .engine import MonitorError, monitor
from .models import MonitorReport

PROGRESS_SUFFIXES = (".csv", ".xlsx", ".json")


def find_progress(card: Path) -> Path | None:
    """`NAME_progress.csv|xlsx|json` beside `NAME.ind`."""
    for suffix in PROGRESS_SUFFIXES:
        candidate = card.with_name(f"{card.stem}_progress{suffix}")
        if candidate.exists():
            return candidate
    return None


@dataclass(frozen=True)
class Outcome:
    """One project: its report, or why there is none (zh, en)."""

    card: Path
    report: MonitorReport | None
    failure: tuple[str, str] | None = None

    def behind(self) -> tuple[int, int, Fraction]:
        """Sort key, furthest behind first: more red, then more yellow, then the lowest share
        of its standard reached by any row (a project that could not be judged comes first)."""
        if self.report is None:
            return (-(10**9), 0, Fraction(0))
        c = self.report.counts
        return (-c.red, -c.yellow, lowest_ratio(self.report)[1])


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
) -> Iterator[Outcome]:
    for path in paths:
        yield _one(path, month, as_of, scheme, year)
        if step is not None:
            step()


def _one(path: Path, month: int | None, as_of: dt.date | None, scheme: str | None, year: int | None) -> Outcome:
    progress = find_progress(path)
    if progress is None:
        return Outcome(path, None, ("缺少监控进度文件", "no progress file"))
    try:
        return Outcome(path, monitor(path, progress, month=month, as_of=as_of, scheme=scheme, year=year))
    except MonitorError as exc:
        first = exc.diagnostics[0]
        return Outcome(path, None, (f"{first.code} {first.message('zh')}", f"{first.code} {first.message('en')}"))
