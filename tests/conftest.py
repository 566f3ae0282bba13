"""Shared test helpers."""

from __future__ import annotations

import os
from pathlib import Path

import pytest
from hypothesis import settings

from indicator_dsl.ast import to_data

# No timed tests (speed belongs in benchmarks/): hypothesis' 200 ms deadline per example failed
# test_band_lookup_matches_brute_force on a loaded machine (286 ms once, 42 ms on the re-run).
settings.register_profile("untimed", deadline=None)
settings.load_profile("untimed")

ROOT = Path(__file__).resolve().parent.parent
GOLDEN = Path(__file__).resolve().parent / "golden"


def strip_spans(node: object) -> object:
    """AST data without positions, for comparing trees built from different texts."""
    data = to_data(node)

    def strip(x: object) -> object:
        if isinstance(x, dict):
            return {k: strip(v) for k, v in x.items() if not k.endswith(("span", "spans")) and k != "text"}
        if isinstance(x, list):
            return [strip(v) for v in x]
        return x

    return strip(data)


def assert_golden(name: str, actual: str) -> None:
    """Compare with tests/golden/NAME; UPDATE_GOLDEN=1 rewrites the file instead."""
    path = GOLDEN / name
    if os.environ.get("UPDATE_GOLDEN"):
        path.write_text(actual, encoding="utf-8")
    assert path.exists(), f"golden file {path} missing (run with UPDATE_GOLDEN=1)"
    assert actual == path.read_text(encoding="utf-8")


@pytest.fixture
def root() -> Path:
    return ROOT


@pytest.hookimpl(hookwrapper=True)
def pytest_runtest_makereport(item: pytest.Item, call: pytest.CallInfo[None]):  # type: ignore[no-untyped-def]
    """In CI nothing may be skipped: a skip there means a missing install step (chromium,
    pyspark, jsonschema…), and CI must exercise every backend."""
    outcome = yield
    report = outcome.get_result()
    if os.environ.get("CI") and report.skipped and not hasattr(report, "wasxfail"):
        report.outcome = "failed"
        report.longrepr = f"skipped in CI (a missing install step?): {report.longrepr}"
