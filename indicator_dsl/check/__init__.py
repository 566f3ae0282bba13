"""Semantic checks: pure passes over the documents, each returning diagnostics.

A pass is a function `(Context) -> Iterable[Diagnostic]` listed in PASSES; new analyses add
themselves there.  `run_checks` collects every finding and never raises.
"""

from __future__ import annotations

from collections.abc import Callable, Iterable

from ..diagnostics import Diagnostic
from .context import Context, build_context
from .names import check_names
from .quantities import check_bands, check_directions, check_units

Pass = Callable[[Context], Iterable[Diagnostic]]
PASSES: list[Pass] = [check_names, check_units, check_directions, check_bands]


def run_checks(ctx: Context) -> list[Diagnostic]:
    out: list[Diagnostic] = []
    for check in PASSES:
        out.extend(check(ctx))
    return out


__all__ = ["PASSES", "Context", "build_context", "run_checks"]
