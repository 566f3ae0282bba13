"""Many projects at once: every `NAME.ind` in a directory with `NAME_actuals.csv|xlsx|json`
beside it (the folder walk is `projects.py`, shared with monitoring).  A project that cannot be
scored is reported in the summary, never stops the run."""

from __future__ import annotations

from collections.abc import Callable, Iterator
from pathlib import Path

from ..projects import Outcome, beside, projects, run_all
from .engine import ScoringError, score
from .memo import Memo
from .models import ScoreReport

__all__ = ["Outcome", "find_actuals", "projects", "score_all"]


def find_actuals(scorecard: Path) -> Path | None:
    """`NAME_actuals.csv|xlsx|json` beside `NAME.ind`."""
    return beside(scorecard, "actuals")


def score_all(
    paths: list[Path],
    scheme: str | None = None,
    places: int | None = None,
    step: Callable[[], None] | None = None,
    plan_year: int | None = None,
) -> Iterator[Outcome[ScoreReport]]:
    memo = Memo()  # what the projects share is scored once (memo.py)

    def run(card: Path, actuals: Path) -> ScoreReport:
        return score(card, actuals, scheme=scheme, places=places, plan_year=plan_year, memo=memo)

    return run_all(paths, "actuals", run, (ScoringError,), ("缺少实际完成值文件", "no actuals file"), step)
