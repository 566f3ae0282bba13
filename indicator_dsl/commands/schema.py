"""`indicator-dsl schema [score|monitor]`: the JSON Schema of `score --format json` (the
ScoreReport model) or of `monitor --format json` (the MonitorReport model)."""

from __future__ import annotations

import argparse
import json


def add_parser(sub: argparse._SubParsersAction) -> None:  # type: ignore[type-arg]
    p = sub.add_parser("schema", help="输出评分结果的 JSON Schema / print the JSON Schema of score reports")
    p.add_argument("report", nargs="?", choices=["score", "monitor"], default="score", help="which report (score)")
    p.set_defaults(run=run)


def run(args: argparse.Namespace) -> int:
    from ..monitor.models import MonitorReport
    from ..scoring.models import ScoreReport

    model = MonitorReport if getattr(args, "report", "score") == "monitor" else ScoreReport
    print(json.dumps(model.model_json_schema(mode="serialization"), ensure_ascii=False, indent=2))
    return 0
