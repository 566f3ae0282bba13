"""`indicator-dsl schema`: the JSON Schema of `score --format json` (the ScoreReport model)."""

from __future__ import annotations

import argparse
import json


def add_parser(sub: argparse._SubParsersAction) -> None:  # type: ignore[type-arg]
    p = sub.add_parser("schema", help="输出评分结果的 JSON Schema / print the JSON Schema of score reports")
    p.set_defaults(run=run)


def run(args: argparse.Namespace) -> int:
    from ..scoring.models import ScoreReport

    print(json.dumps(ScoreReport.model_json_schema(mode="serialization"), ensure_ascii=False, indent=2))
    return 0
