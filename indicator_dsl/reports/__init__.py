"""Report formats as a registry: table, json, csv, xlsx, html.  Render only, never compute.

Each format is a module here with `render(report, lang) -> str | bytes`; it is imported only
when used, so the terminal table never pays for openpyxl."""

from __future__ import annotations

import importlib
from dataclasses import dataclass
from typing import TYPE_CHECKING

if TYPE_CHECKING:
    from ..scoring.models import ScoreReport


@dataclass(frozen=True, slots=True)
class ReportFormat:
    name: str
    module: str
    binary: bool
    suffix: str


REPORTS: dict[str, ReportFormat] = {}


def register(name: str, module: str, binary: bool = False, suffix: str = "") -> None:
    REPORTS[name] = ReportFormat(name, module, binary, suffix or "." + name)


register("table", "table", suffix=".txt")
register("json", "json_report", suffix=".json")
register("csv", "csv_report", suffix=".csv")
register("xlsx", "xlsx", binary=True)
register("html", "html")


def render(report: ScoreReport, fmt: str = "table", lang: str = "zh") -> str | bytes:
    """The report in one format (bytes for binary formats such as xlsx)."""
    entry = REPORTS[fmt]
    module = importlib.import_module(f"{__name__}.{entry.module}")
    return module.render(report, lang)  # type: ignore[no-any-return]


__all__ = ["REPORTS", "ReportFormat", "register", "render"]
