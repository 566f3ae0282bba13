"""Many projects at once: every `NAME.ind` in a directory with `NAME_actuals.csv|xlsx|json`
beside it.  A project that cannot be scored is reported in the summary, never stops the run."""

from __future__ import annotations

from collections.abc import Callable, Iterator
from dataclasses import dataclass
from pathlib import Path

from .engine import ScoringError, score
from .models import ScoreReport

ACTUALS_SUFFIXES = (".csv", ".xlsx", ".json")


def find_actuals(scorecard: Path) -> Path | None:
    """`NAME_actuals.csv|xlsx|json` beside `NAME.ind`."""
    for suffix in ACTUALS_SUFFIXES:
        candidate = scorecard.with_name(f"{scorecard.stem}_actuals{suffix}")
        if candidate.exists():
            return candidate
    return None


@dataclass(frozen=True)
class Outcome:
    """One project: its report, or why there is none (zh, en)."""

    scorecard: Path
    report: ScoreReport | None
    failure: tuple[str, str] | None = None


def projects(folder: Path) -> list[Path]:
    return sorted(p for p in folder.rglob("*.ind") if p.is_file())


def score_all(
    paths: list[Path], scheme: str | None = None, places: int | None = None, step: Callable[[], None] | None = None
) -> Iterator[Outcome]:
    for path in paths:
        yield _one(path, scheme, places)
        if step is not None:
            step()


def _one(path: Path, scheme: str | None, places: int | None) -> Outcome:
    actuals = find_actuals(path)
    if actuals is None:
        return Outcome(path, None, ("缺少实际完成值文件", "no actuals file"))
    try:
        return Outcome(path, score(path, actuals, scheme=scheme, places=places))
    except ScoringError as exc:
        first = exc.diagnostics[0]
        return Outcome(path, None, (f"{first.code} {first.message('zh')}", f"{first.code} {first.message('en')}"))
