"""JSON: the pydantic model as published by `indicator-dsl schema` (decimals as strings)."""

from __future__ import annotations

from ..scoring.models import ScoreReport


def render(report: ScoreReport, lang: str = "zh") -> str:
    return report.model_dump_json(indent=2)
