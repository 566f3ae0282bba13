"""运行监控 (mid-year performance monitoring): lights at a cut-off month, forecasts, 偏差原因.

>>> from indicator_dsl.monitor import monitor, example_paths
>>> report = monitor(*example_paths(), month=6)
>>> report.counts.red >= 0
True
"""

from __future__ import annotations

from importlib import resources
from pathlib import Path

from .engine import MonitorError, cut_off, monitor
from .models import Forecast, LightCounts, MonitorReport, MonitorRow
from .schemes import DEFAULT_MONITOR_SCHEME, MonitorScheme, load_monitor_scheme, shipped_monitor_schemes

EXAMPLE = ("project_2025.ind", "project_2025_progress.csv")
EXAMPLE_MONTH = 6


def example_paths() -> tuple[Path, Path]:
    """The bundled mid-year example (a project's indicators and its 1-6月 progress)."""
    folder = resources.files("indicator_dsl.monitor").joinpath("example")
    return Path(str(folder.joinpath(EXAMPLE[0]))), Path(str(folder.joinpath(EXAMPLE[1])))


__all__ = [
    "DEFAULT_MONITOR_SCHEME",
    "EXAMPLE_MONTH",
    "Forecast",
    "LightCounts",
    "MonitorError",
    "MonitorReport",
    "MonitorRow",
    "MonitorScheme",
    "cut_off",
    "example_paths",
    "load_monitor_scheme",
    "monitor",
    "shipped_monitor_schemes",
]
