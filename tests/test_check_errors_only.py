"""`Catalog.errors()` skips the passes that only warn (check.ADVISORY): it must give exactly the
errors of the full `check()`, and an advisory pass must never find an error — on the
repository's files and on the front-end fuzz inputs."""

from __future__ import annotations

import importlib.util
import random
from pathlib import Path

import pytest
from hypothesis import HealthCheck, given, settings
from hypothesis import strategies as st

from indicator_dsl import load, loads
from indicator_dsl.check import ADVISORY, PASSES
from indicator_dsl.diagnostics import Severity
from tests.conftest import ROOT

_spec = importlib.util.spec_from_file_location("front_end_fuzz_errors", ROOT / "benchmarks" / "fuzz" / "front_end.py")
assert _spec is not None and _spec.loader is not None
fuzz = importlib.util.module_from_spec(_spec)
_spec.loader.exec_module(fuzz)
PIECES = fuzz.corpus()
FILES = sorted(p for d in ("examples", "catalog", "tests") for p in (ROOT / d).rglob("*.ind"))


def agrees(text: str) -> None:
    errors = loads(text, "f.ind").errors()  # a fresh catalog: the errors-only path
    full = loads(text, "f.ind")
    expected = [d for d in full.check() if d.severity is Severity.ERROR]
    assert [(d.code, d.span, d.args) for d in errors] == [(d.code, d.span, d.args) for d in expected]
    assert [(d.code, d.span) for d in full.errors()] == [(d.code, d.span) for d in expected]  # after check()
    for check in ADVISORY:
        found = [d.code for d in check(full.context) if d.severity is Severity.ERROR]
        assert not found, (check.__name__, found)


def test_advisory_passes_are_passes() -> None:
    assert ADVISORY < set(PASSES)


@pytest.mark.parametrize("path", FILES, ids=lambda p: str(p.relative_to(ROOT)))
def test_errors_alone_are_the_errors_of_check(path: Path) -> None:
    agrees(path.read_text(encoding="utf-8", errors="replace"))


@given(st.integers(0, 2**32))
@settings(max_examples=300, deadline=None, suppress_health_check=[HealthCheck.too_slow])
def test_fuzz_errors_alone_are_the_errors_of_check(seed: int) -> None:
    agrees(fuzz.one_input(random.Random(seed), PIECES))


def test_a_catalog_with_an_error_in_a_warned_about_indicator_still_refuses_to_score(tmp_path: Path) -> None:
    from indicator_dsl.scoring import ScoringError, score

    card = tmp_path / "c.ind"
    card.write_text("指标 完成率\n  公式 完成数 / 计划数 * 100%\n  目标 ≥100  单位 个\n  权重 100\n", encoding="utf-8")
    errors = load(card).errors()
    assert errors and all(d.severity is Severity.ERROR for d in errors)
    with pytest.raises(ScoringError) as exc:
        score(card, [{"指标": "完成率", "实际完成值": "1"}])
    assert [d.code for d in exc.value.diagnostics] == [d.code for d in errors]
