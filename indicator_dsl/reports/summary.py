"""The summary of many projects: one line each with total, grade and counts of problems."""

from __future__ import annotations

import json
from collections.abc import Sequence
from typing import Any

from ..output import csv_text, text_table

JSON_KEYS = ["project", "file", "total", "grade", "errors", "warnings", "not_scored", "note"]
HEADERS = {
    "zh": ["项目", "文件", "总分", "等级", "错误", "警告", "未评分", "说明"],
    "en": ["project", "file", "total", "grade", "errors", "warnings", "not scored", "note"],
}


def summary_rows(outcomes: Sequence[Any], lang: str = "zh") -> list[list[object]]:
    rows: list[list[object]] = []
    for o in outcomes:
        r = o.report
        if r is None:
            rows.append([o.path.stem, str(o.path), "", "", "", "", "", o.failure[0 if lang == "zh" else 1]])
            continue
        errors = sum(p.severity == "error" for p in r.problems)
        warnings = sum(p.severity == "warning" for p in r.problems)
        rows.append(
            [
                r.scorecard,
                str(o.path),
                f"{r.total:.{r.places}f}",
                r.grade or "",
                errors,
                warnings,
                len(r.left_out),
                "",
            ]
        )
    return rows


def render_summary(outcomes: Sequence[Any], fmt: str = "table", lang: str = "zh") -> str:
    rows = summary_rows(outcomes, lang)
    if fmt == "json":
        # null for no value (a project that could not be scored), as in every JSON output
        records = [
            {
                k: (None if v == "" and k not in ("project", "file", "note") else v)
                for k, v in zip(JSON_KEYS, r, strict=True)
            }
            for r in rows
        ]
        return json.dumps(records, ensure_ascii=False, indent=2)
    if fmt == "csv":
        return csv_text(HEADERS[lang], rows)
    return text_table(HEADERS[lang], rows)
