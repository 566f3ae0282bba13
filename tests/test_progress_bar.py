"""The folder runs' progress bar (commands/score.py): where rich would draw nothing, rich is not
started, and stderr gets what rich's transient bar leaves there."""

from __future__ import annotations

import io
import itertools

import pytest

pytest.importorskip("rich")

from rich.console import Console  # noqa: E402
from rich.progress import Progress  # noqa: E402

from indicator_dsl.commands.score import maybe_terminal, progress_bar  # noqa: E402


class Stream(io.StringIO):
    def __init__(self, tty: bool) -> None:
        super().__init__()
        self.tty = tty

    def isatty(self) -> bool:
        return self.tty


@pytest.mark.parametrize("steps", [0, 1, 7])
def test_not_a_terminal_gets_what_rich_leaves(steps: int, monkeypatch: pytest.MonkeyPatch) -> None:
    for var in ("TTY_COMPATIBLE", "FORCE_COLOR"):
        monkeypatch.delenv(var, raising=False)
    ours, theirs = Stream(False), Stream(False)
    monkeypatch.setattr("sys.stderr", ours)
    with progress_bar(steps) as step:
        for _ in range(steps):
            step()
    monkeypatch.setattr("sys.stderr", theirs)
    with Progress(console=Console(stderr=True), transient=True) as bar:  # the long way
        task = bar.add_task("评分 / scoring", total=steps)
        for _ in range(steps):
            bar.advance(task)
    assert ours.getvalue() == theirs.getvalue()


@pytest.mark.parametrize(
    ("tty", "compatible", "force"),
    list(itertools.product([True, False], [None, "0", "1", "x"], [None, "", "1"])),
)
def test_maybe_terminal_is_false_only_where_rich_sees_no_terminal(
    tty: bool, compatible: str | None, force: str | None, monkeypatch: pytest.MonkeyPatch
) -> None:
    for var, value in (("TTY_COMPATIBLE", compatible), ("FORCE_COLOR", force)):
        if value is None:
            monkeypatch.delenv(var, raising=False)
        else:
            monkeypatch.setenv(var, value)
    stream = Stream(tty)
    assert maybe_terminal(stream) == Console(file=stream).is_terminal
