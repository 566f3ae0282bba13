"""CI runs the static checks the house rules promise (issue 16 item 23): lint, format and mypy."""

from __future__ import annotations

import tomllib
from pathlib import Path

ROOT = Path(__file__).resolve().parent.parent


def test_ci_runs_ruff_and_mypy_before_pytest():
    steps = [line.strip() for line in (ROOT / ".ci" / "run").read_text().splitlines()]
    commands = [s for s in steps if s and not s.startswith("#")]
    order = [
        next(i for i, s in enumerate(commands) if s.startswith(c))
        for c in ("ruff check .", "ruff format --check .", "mypy indicator_dsl", "python -m pytest")
    ]
    assert order == sorted(order)


def test_dev_extra_installs_the_checkers_with_the_pydantic_plugin():
    project = tomllib.loads((ROOT / "pyproject.toml").read_text())
    dev = project["project"]["optional-dependencies"]["dev"]
    assert any(d.startswith("mypy") for d in dev) and any(d.startswith("ruff") for d in dev)
    assert "pydantic.mypy" in project["tool"]["mypy"]["plugins"]
