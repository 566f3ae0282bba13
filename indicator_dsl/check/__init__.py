"""Semantic checks: pure passes over the documents, each returning diagnostics.

A pass is a function `(Context) -> Iterable[Diagnostic]` listed in PASSES; new analyses add
themselves there.  `run_checks` collects every finding and never raises.
"""

from __future__ import annotations

from collections.abc import Callable, Iterable

from ..diagnostics import Diagnostic
from .bands import check_band_tables
from .conditions import check_conditions
from .context import Context, build_context
from .names import check_names
from .quantities import check_bands, check_directions, check_units
from .rules import check_rules
from .tables import check_tables
from .targets import check_targets
from .typos import check_typos
from .weights import check_weights

Pass = Callable[[Context], Iterable[Diagnostic]]
PASSES: list[Pass] = [check_names, check_units, check_directions, check_bands]
PASSES += [check_band_tables, check_targets, check_conditions, check_tables, check_weights, check_typos]
PASSES += [check_rules]


def run_checks(ctx: Context) -> list[Diagnostic]:
    out: list[Diagnostic] = []
    for check in PASSES:
        out.extend(check(ctx))
    return out


__all__ = ["PASSES", "Context", "build_context", "run_checks"]
