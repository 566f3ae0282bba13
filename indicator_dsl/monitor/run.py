"""What a row builder sees of the monitoring run: the cut-off, the scheme, the problem list and
the two ways a row ends unjudged.

`engine._Run` is one; `budget` and `conditions` build their rows against this protocol, so they
never import the engine that calls them (no circle between the three)."""

from __future__ import annotations

import datetime as dt
from typing import Any, Protocol

from ..diagnostics import Diagnostic
from ..scoring.actuals import Entry
from .models import MonitorRow
from .schemes import MonitorScheme


class Run(Protocol):
    """The state of one `monitor` run that row builders read and append problems to."""

    scheme: MonitorScheme
    month: int
    places: int
    date: dt.date | None
    diags: list[Diagnostic]

    def missing(self, ind: Any, entry: Entry | None, file: str) -> None:
        """Record E604 (no current value) at the row, else at the indicator."""

    def none(self, base: dict[str, Any], zh: str, en: str) -> MonitorRow:
        """The row unjudged, with the reason (the problems list says why)."""


__all__ = ["Run"]
