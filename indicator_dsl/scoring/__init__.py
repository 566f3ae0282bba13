"""Scoring: schemes as data, per-indicator scores with reasons, rollups, total grade (issue 5).

>>> from indicator_dsl.scoring import score, example_paths
>>> report = score(*example_paths())
>>> report.grade
'优'
"""

from __future__ import annotations

from importlib import resources
from pathlib import Path

from .engine import ScoringError, score
from .indicator import Measured, Options, ScoreInputError, score_indicator
from .models import IndicatorScore, Problem, ScoreReport, Subtotal, Text
from .schemes import DEFAULT_SCHEME, Scheme, SchemeError, load_scheme, shipped_names
from .subject import Scorable, Subject
from .weights import largest_remainder

EXAMPLE = ("department_2022.ind", "department_2022_actuals.csv")


def example_paths() -> tuple[Path, Path]:
    """The bundled example (seed 000's indicators and a year of actuals), shipped as package data."""
    folder = resources.files("indicator_dsl.scoring").joinpath("example")
    return Path(str(folder.joinpath(EXAMPLE[0]))), Path(str(folder.joinpath(EXAMPLE[1])))


__all__ = [
    "DEFAULT_SCHEME",
    "IndicatorScore",
    "Measured",
    "Options",
    "Problem",
    "Scheme",
    "SchemeError",
    "ScoreInputError",
    "ScoreReport",
    "ScoringError",
    "Scorable",
    "Subject",
    "Subtotal",
    "Text",
    "example_paths",
    "largest_remainder",
    "load_scheme",
    "score",
    "score_indicator",
    "shipped_names",
]
