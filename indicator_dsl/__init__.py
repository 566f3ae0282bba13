"""indicator_dsl: a text language and an exact engine for budget-performance indicators (预算绩效指标).

>>> from indicator_dsl import loads
>>> cat = loads("rate = completed / planned * 100%")
>>> cat["rate"].evaluate({"completed": 29, "planned": 100}).display
'29.00%'
"""

from __future__ import annotations

from .ast import Comparator, Direction, Kind
from .catalog import Catalog, CompileError, Evaluation, Indicator, load, loads
from .diagnostics import Diagnostic, Severity
from .rational import round_half_up
from .source import Source, Span

__version__ = "0.1.0"

__all__ = [
    "Catalog",
    "Comparator",
    "CompileError",
    "Diagnostic",
    "Direction",
    "Evaluation",
    "Indicator",
    "Kind",
    "Severity",
    "Source",
    "Span",
    "load",
    "loads",
    "round_half_up",
]
