"""benchmarks/fuzz/differential.py: what it counts as a disagreement, a refusal or a coded E805."""

from __future__ import annotations

import importlib.util
import random
from collections import Counter
from fractions import Fraction
from pathlib import Path

from tests.conftest import ROOT

_spec = importlib.util.spec_from_file_location("differential_fuzz", ROOT / "benchmarks" / "fuzz" / "differential.py")
assert _spec is not None and _spec.loader is not None
diff = importlib.util.module_from_spec(_spec)
_spec.loader.exec_module(diff)


def tally() -> Counter:  # type: ignore[type-arg]
    t = diff.Tally()
    t.refusals = Counter()
    return t


def test_e805_is_a_disagreement_only_on_small_inputs_and_thresholds() -> None:
    want = {(1, "x"): (Fraction(3), "优", True, None), (2, "x"): (Fraction(5), "优", True, None)}
    want[(3, "x")] = (None, None, None, "E401")  # a divisor computed from a 40-digit value
    got = {(k, "x"): (None, None, None, "E805") for k in (1, 2, 3)}
    t = tally()
    found = diff.record_differences("duckdb", want, got, [40, 3, 40], {"x": 2}, t)
    assert len(found) == 1 and "row 2" in found[0]  # rows 1 and 3 have a 40-digit input: E805
    assert t["E805 records (duckdb)"] == 3 and t["disagreements (duckdb)"] == 1
    assert diff.record_differences("vector", want, got, [40, 3], {"x": 2}, tally()) != []  # vector has no limit


def test_cases_run_on_every_engine_and_are_counted(tmp_path: Path) -> None:
    rng, t = random.Random(5), tally()
    for n in range(3):
        case, path = diff.make_case(rng, n, tmp_path, 6, diff.KINDS)
        assert diff.compare(case, path, ["vector", "duckdb"], t) == []
    assert t["files"] + t["skipped (not compilable)"] == 3 and t["records"] > 0
    assert not t.refusals
