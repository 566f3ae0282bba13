"""Semantic checks: pure passes over the documents, each returning diagnostics.

A pass is a function `(Context) -> Iterable[Diagnostic]` listed in PASSES; new analyses add
themselves there.  `run_checks` collects every finding and never raises.
"""

from __future__ import annotations

from collections.abc import Callable, Iterable

from ..diagnostics import Diagnostic, Severity
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
# Passes that find only warnings and notes, never an error (tests/test_check_errors_only.py holds
# them to it).  Scoring, SQL and evaluation only ask whether a catalog has errors: they skip these.
ADVISORY: frozenset[Pass] = frozenset({check_band_tables, check_targets, check_weights, check_typos})


def run_checks(ctx: Context, errors_only: bool = False) -> list[Diagnostic]:
    """Every finding; with `errors_only`, the errors alone (the advisory passes are not run)."""
    out: list[Diagnostic] = []
    for check in PASSES:
        if not (errors_only and check in ADVISORY):
            out.extend(check(ctx))
    return [d for d in out if d.severity is Severity.ERROR] if errors_only else out


__all__ = ["ADVISORY", "PASSES", "Context", "build_context", "run_checks"]
