"""indicator_dsl: a text language and an exact engine for budget-performance indicators (预算绩效指标).

>>> from indicator_dsl import loads
>>> cat = loads("rate = completed / planned * 100%")
>>> cat["rate"].evaluate({"completed": 29, "planned": 100}).display
'29.00%'
"""

from __future__ import annotations

from typing import Any

from .ast import Comparator, Direction, Kind
from .catalog import Catalog, CompileError, Indicator, load, loads
from .diagnostics import Diagnostic, Severity
from .evaluation import Evaluation
from .rational import round_half_up
from .source import Source, Span

__version__ = "0.1.0"

_LAZY = {
    "score": "indicator_dsl.scoring",
    "ScoreReport": "indicator_dsl.scoring",
    "monitor": "indicator_dsl.monitor",
    "MonitorReport": "indicator_dsl.monitor",
}


def __getattr__(name: str) -> Any:
    """`score`/`ScoreReport` and `monitor`/`MonitorReport` import their package (and pydantic)
    only when first used."""
    if name in _LAZY:
        import importlib

        value = getattr(importlib.import_module(_LAZY[name]), name)
        globals()[name] = value
        return value
    raise AttributeError(f"module 'indicator_dsl' has no attribute {name!r}")


__all__ = [
    "Catalog",
    "Comparator",
    "CompileError",
    "Diagnostic",
    "Direction",
    "Evaluation",
    "Indicator",
    "Kind",
    "MonitorReport",
    "ScoreReport",
    "Severity",
    "Source",
    "Span",
    "load",
    "loads",
    "monitor",
    "round_half_up",
    "score",
]
