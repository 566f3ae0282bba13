"""The summary of many projects' monitoring: one line each with its light counts and the row
furthest behind, projects furthest behind first."""

from __future__ import annotations

import json
from collections.abc import Sequence

from ...monitor.batch import Outcome, behind, lowest_ratio
from ...output import csv_text, text_table
from ...rational import format_fixed
from .layout import SYMBOLS

HEADERS = {
    "zh": ["项目", "文件", "红", "黄", "绿", "蓝", "未判断", "最落后指标", "完成/标准", "错误", "警告", "说明"],
    "en": ["project", "file", "red", "yellow", "green", "blue", "none", "furthest behind", "ratio"]
    + ["errors", "warnings", "note"],
}
KEYS = ["project", "file", "red", "yellow", "green", "blue", "none", "behind", "ratio", "errors", "warnings", "note"]


def summary_rows(outcomes: Sequence[Outcome], lang: str = "zh") -> list[list[object]]:
    rows: list[list[object]] = []
    for o in sorted(outcomes, key=behind):
        r = o.report
        if r is None:
            note = o.failure[0 if lang == "zh" else 1] if o.failure else ""
            rows.append([o.path.stem, str(o.path), "", "", "", "", "", "", "", "", "", note])
            continue
        name, ratio = lowest_ratio(r)
        c = r.counts
        errors = sum(p.severity == "error" for p in r.problems)
        warnings = sum(p.severity == "warning" for p in r.problems)
        shown = format_fixed(ratio * 100, r.places) + "%" if name else ""
        rows.append([r.card, str(o.path), c.red, c.yellow, c.green, c.blue, c.none, name, shown, errors, warnings, ""])
    return rows


def render_summary(outcomes: Sequence[Outcome], fmt: str = "table", lang: str = "zh") -> str:
    rows = summary_rows(outcomes, lang)
    if fmt == "json":
        return json.dumps([_record(r) for r in rows], ensure_ascii=False, indent=2)
    if fmt == "csv":
        return csv_text(HEADERS[lang], rows)
    headers = [h if i not in range(2, 7) else f"{SYMBOLS[_LIGHTS[i - 2]]} {h}" for i, h in enumerate(HEADERS[lang])]
    total = [sum(n for r in rows if isinstance(n := r[i], int)) for i in range(2, 7)]
    word = "合计" if lang == "zh" else "total"
    return text_table(headers, [*rows, [word, "", *total, "", "", "", "", ""]])


_LIGHTS = ("red", "yellow", "green", "blue", None)


def _record(row: list[object]) -> dict[str, object]:
    """A summary row as JSON, in the monitor report's convention: null for no value, the ratio a
    percent number without its sign ("45.00" means 45.00%, like `ratio` of a row)."""
    record = {
        k: (None if v == "" and k not in ("project", "file", "note") else v) for k, v in zip(KEYS, row, strict=True)
    }
    if isinstance(record["ratio"], str):
        record["ratio"] = record["ratio"].removesuffix("%")
    return record
