"""Formats of the 运行监控表 as a registry, like the 自评表's: table, json, csv, xlsx, html.
Render only, never compute; each format's module is imported when used (xlsx pays for openpyxl)."""

from __future__ import annotations

import importlib
from typing import TYPE_CHECKING

from .. import ReportFormat

if TYPE_CHECKING:
    from ...monitor.models import MonitorReport

MONITOR_REPORTS: dict[str, tuple[ReportFormat, str]] = {}


def register(name: str, module: str, function: str, binary: bool = False, encoding: str = "utf-8") -> None:
    suffix = {"table": ".txt"}.get(name, "." + name)
    MONITOR_REPORTS[name] = (ReportFormat(name, module, binary, suffix, name == "table", encoding), function)


register("table", "text", "render_table")
register("json", "text", "render_json")
register("csv", "text", "render_csv", encoding="utf-8-sig")
register("xlsx", "xlsx", "render_xlsx", binary=True)
register("html", "html", "render_html")


def render_monitor(
    report: MonitorReport, fmt: str = "table", lang: str = "zh", width: int | None = None
) -> str | bytes:
    entry, function = MONITOR_REPORTS[fmt]
    render = getattr(importlib.import_module(f"{__name__}.{entry.module}"), function)
    if entry.sized:
        return render(report, lang, width=width)  # type: ignore[no-any-return]
    return render(report, lang)  # type: ignore[no-any-return]


__all__ = ["MONITOR_REPORTS", "render_monitor"]
