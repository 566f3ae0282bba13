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
    sized: bool = False  # takes the terminal width (None when writing to a file or pipe)
    encoding: str = "utf-8"  # of a file written with -o


REPORTS: dict[str, ReportFormat] = {}


def register(
    name: str, module: str, binary: bool = False, suffix: str = "", sized: bool = False, encoding: str = "utf-8"
) -> None:
    REPORTS[name] = ReportFormat(name, module, binary, suffix or "." + name, sized, encoding)


register("table", "table", suffix=".txt", sized=True)
register("json", "json_report", suffix=".json")
register("csv", "csv_report", suffix=".csv", encoding="utf-8-sig")  # with a BOM, so Excel reads it as UTF-8
register("xlsx", "xlsx", binary=True)
register("html", "html")


def render(report: ScoreReport, fmt: str = "table", lang: str = "zh", width: int | None = None) -> str | bytes:
    """The report in one format (bytes for binary formats such as xlsx).  `width`: the
    terminal's columns for formats laid out on screen; None for a file or pipe."""
    entry = REPORTS[fmt]
    module = importlib.import_module(f"{__name__}.{entry.module}")
    if entry.sized:
        return module.render(report, lang, width=width)  # type: ignore[no-any-return]
    return module.render(report, lang)  # type: ignore[no-any-return]


__all__ = ["REPORTS", "ReportFormat", "register", "render"]
