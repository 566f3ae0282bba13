"""Many projects at once, for `score DIR` and `monitor DIR`: every `NAME.ind` below a folder,
each with its data file beside it (`NAME_actuals.csv`, `NAME_progress.xlsx` …).  A project that
cannot be run becomes an Outcome that says why; it never stops the run.  Scoring and monitoring
differ only in the file they look for and the function they run, so this floor holds the rest."""

from __future__ import annotations

import contextlib
import gc
from collections.abc import Callable, Iterator
from dataclasses import dataclass
from pathlib import Path
from typing import Generic, Protocol, TypeVar

from .diagnostics import Diagnostic

DATA_SUFFIXES = (".csv", ".xlsx", ".json")
COLLECT_EVERY = 256  # projects between two garbage collections while a folder run pauses the collector
R = TypeVar("R")


class Refusal(Protocol):
    """What a runner raises when a project cannot run at all (ScoringError, MonitorError)."""

    diagnostics: list[Diagnostic]


@dataclass(frozen=True)
class Outcome(Generic[R]):
    """One project: its report, or why there is none (zh, en)."""

    path: Path
    report: R | None
    failure: tuple[str, str] | None = None


def projects(folder: Path) -> list[Path]:
    return sorted(p for p in folder.rglob("*.ind") if p.is_file())


def beside(card: Path, tag: str) -> Path | None:
    """`NAME_{tag}.csv|xlsx|json` beside `NAME.ind`, the first that exists."""
    for suffix in DATA_SUFFIXES:
        candidate = card.with_name(f"{card.stem}_{tag}{suffix}")
        if candidate.exists():
            return candidate
    return None


def run_all(
    paths: list[Path],
    tag: str,
    run: Callable[[Path, Path], R],
    refusals: tuple[type[Exception], ...],
    missing: tuple[str, str],
    step: Callable[[], None] | None = None,
) -> Iterator[Outcome[R]]:
    """`run(card, data)` for each card with its `tag` file beside it; a card without one is
    `missing`, a card whose run raises one of `refusals` is its first diagnostic.

    The cyclic garbage collector is paused over the run (`catalog.paused_gc`: reading and
    scoring make few cycles, yet every automatic collection walks all the objects the run holds,
    parsed blocks and shared rows included) and collects once every `COLLECT_EVERY` projects,
    so memory stays bounded; it runs again as usual when the walk ends or is dropped.  The
    objects that were there before the walk (modules, the parser) are set aside while it runs
    (`gc.freeze`), so those collections walk only what the run made, unless something else
    froze objects first (then nothing is set aside, and nothing of theirs is thawed)."""
    from .catalog import paused_gc

    with paused_gc(), _set_aside():
        for done, path in enumerate(paths, start=1):
            yield _one(path, tag, run, refusals, missing)
            if step is not None:
                step()
            if done % COLLECT_EVERY == 0:
                gc.collect()


@contextlib.contextmanager
def _set_aside() -> Iterator[None]:
    """The objects alive now kept out of collections (gc.freeze) until the block ends."""
    if gc.get_freeze_count():
        yield
        return
    gc.freeze()
    try:
        yield
    finally:
        gc.unfreeze()


def _one(
    path: Path,
    tag: str,
    run: Callable[[Path, Path], R],
    refusals: tuple[type[Exception], ...],
    missing: tuple[str, str],
) -> Outcome[R]:
    data = beside(path, tag)
    if data is None:
        return Outcome(path, None, missing)
    try:
        return Outcome(path, run(path, data))
    except refusals as exc:
        first = exc.diagnostics[0]  # type: ignore[attr-defined]
        return Outcome(path, None, (f"{first.code} {first.message('zh')}", f"{first.code} {first.message('en')}"))
