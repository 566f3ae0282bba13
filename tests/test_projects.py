"""The one folder walk of `score DIR` and `monitor DIR` (projects.py): the data file beside each
card, a refusal or a missing file as an Outcome with why, the rest still run, in order."""

from __future__ import annotations

from pathlib import Path

import pytest

from indicator_dsl import projects as P
from indicator_dsl.diagnostics import Diagnostic
from indicator_dsl.monitor import batch as monitor_batch
from indicator_dsl.scoring import batch as scoring_batch


class Refused(Exception):
    def __init__(self) -> None:
        super().__init__("refused")
        self.diagnostics = [Diagnostic("E952", None, None)]


def test_beside_takes_the_first_suffix_that_exists(tmp_path: Path) -> None:
    card = tmp_path / "a.ind"
    card.write_text("", encoding="utf-8")
    assert P.beside(card, "actuals") is None
    (tmp_path / "a_actuals.json").write_text("[]", encoding="utf-8")
    (tmp_path / "a_actuals.xlsx").write_bytes(b"")
    assert P.beside(card, "actuals") == tmp_path / "a_actuals.xlsx"
    assert P.beside(card, "progress") is None


def test_run_all_keeps_going_past_a_refusal_and_a_missing_file(tmp_path: Path) -> None:
    for name in ("a", "b", "c"):
        (tmp_path / f"{name}.ind").write_text("", encoding="utf-8")
    (tmp_path / "a_actuals.csv").write_text("", encoding="utf-8")
    (tmp_path / "c_actuals.csv").write_text("", encoding="utf-8")
    steps: list[int] = []

    def run(card: Path, data: Path) -> str:
        if card.stem == "a":
            raise Refused
        return data.name

    outcomes = list(
        P.run_all(P.projects(tmp_path), "actuals", run, (Refused,), ("缺", "missing"), lambda: steps.append(1))
    )
    assert [(o.path.name, o.report) for o in outcomes] == [("a.ind", None), ("b.ind", None), ("c.ind", "c_actuals.csv")]
    assert outcomes[0].failure is not None and outcomes[0].failure[0].startswith("E952 ")
    assert outcomes[1].failure == ("缺", "missing")
    assert len(steps) == 3


def test_an_unexpected_error_is_not_swallowed(tmp_path: Path) -> None:
    (tmp_path / "a.ind").write_text("", encoding="utf-8")
    (tmp_path / "a_actuals.csv").write_text("", encoding="utf-8")

    def run(card: Path, data: Path) -> str:
        raise KeyError("bug")

    with pytest.raises(KeyError):
        list(P.run_all([tmp_path / "a.ind"], "actuals", run, (Refused,), ("缺", "missing")))


def test_scoring_and_monitoring_use_the_one_walk() -> None:
    assert scoring_batch.Outcome is monitor_batch.Outcome is P.Outcome
    assert scoring_batch.projects is P.projects


def _cards(tmp_path: Path, n: int) -> list[Path]:
    for i in range(n):
        (tmp_path / f"p{i}.ind").write_text("", encoding="utf-8")
        (tmp_path / f"p{i}_actuals.csv").write_text("", encoding="utf-8")
    return P.projects(tmp_path)


def test_a_walk_pauses_the_collector_and_collects_every_so_often(
    tmp_path: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    import gc

    monkeypatch.setattr(P, "COLLECT_EVERY", 2)
    collections: list[int] = []

    def seen(phase: str, info: dict[str, int]) -> None:
        if phase == "start":
            collections.append(info["generation"])

    enabled: list[bool] = []
    gc.callbacks.append(seen)
    try:
        outcomes = list(
            P.run_all(_cards(tmp_path, 5), "actuals", lambda c, d: enabled.append(gc.isenabled()), (), ("", ""))
        )
    finally:
        gc.callbacks.remove(seen)
    assert len(outcomes) == 5 and enabled == [False] * 5  # paused while each project runs
    assert collections.count(2) >= 2  # a full collection after projects 2 and 4
    assert gc.isenabled()


def test_a_walk_dropped_early_or_failing_turns_the_collector_back_on(tmp_path: Path) -> None:
    import gc

    walk = P.run_all(_cards(tmp_path, 3), "actuals", lambda c, d: c.name, (), ("", ""))
    next(walk)
    assert not gc.isenabled()
    del walk  # dropped: the generator closes, its pause ends
    assert gc.isenabled()

    def bug(card: Path, data: Path) -> str:
        raise KeyError("bug")

    with pytest.raises(KeyError):
        list(P.run_all(_cards(tmp_path, 1), "actuals", bug, (), ("", "")))
    assert gc.isenabled()


def test_a_walk_sets_aside_what_was_alive_before_and_thaws_it(tmp_path: Path) -> None:
    """Objects alive before the walk are frozen while it runs (its collections walk only what
    the run made) and thawed after, also when it is dropped; a caller's own freeze is left alone."""
    import gc

    assert gc.get_freeze_count() == 0
    during: list[int] = []
    list(P.run_all(_cards(tmp_path, 3), "actuals", lambda c, d: during.append(gc.get_freeze_count()), (), ("", "")))
    assert len(during) == 3 and min(during) > 0 and gc.get_freeze_count() == 0
    walk = P.run_all(_cards(tmp_path, 2), "actuals", lambda c, d: c.name, (), ("", ""))
    next(walk)
    assert gc.get_freeze_count() > 0
    del walk
    assert gc.get_freeze_count() == 0
    gc.freeze()
    try:
        mine = gc.get_freeze_count()
        list(P.run_all(_cards(tmp_path, 2), "actuals", lambda c, d: during.append(gc.get_freeze_count()), (), ("", "")))
        assert during[-2:] == [mine, mine] and gc.get_freeze_count() == mine
    finally:
        gc.unfreeze()
