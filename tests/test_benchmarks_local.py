"""`benchmarks/` runs from a clone: it reads nothing outside the repository, and the peer
workload it measures against (with its boundary analysis) is in the folder."""

from __future__ import annotations

import importlib.util
import re
import sys

from conftest import ROOT

BENCH = ROOT / "benchmarks"


def test_benchmarks_read_nothing_outside_the_repository() -> None:
    for path in BENCH.glob("*.py"):
        text = path.read_text(encoding="utf-8")
        assert "shared/bench" not in text and '"shared"' not in text, path
        assert not re.search(r"parent\.parent\.parent|\.\./", text), path


def test_the_peer_workload_and_its_boundary_analysis_are_here() -> None:
    spec = importlib.util.spec_from_file_location("peers", BENCH / "peers.py")
    assert spec is not None and spec.loader is not None
    peers = importlib.util.module_from_spec(spec)
    sys.modules["peers"] = peers  # its dataclasses look their module up
    spec.loader.exec_module(peers)
    ints, one_dp, reformulated = peers.float_threshold_failures()
    assert {29, 57, 58} <= set(ints["below"]) | set(ints["above"])  # the hostile bands misgrade in floats
    assert reformulated == 0 and one_dp["total"] == 1000
    data = peers.generate(1000, 1, 200)
    assert peers.exact_grades(data.C, data.P, peers.BANDS)[:3] == [
        next((g for t, g in peers.BANDS if c * 100 >= t * p), peers.DEFAULT_LABEL)
        for c, p in zip(data.C[:3], data.P[:3], strict=True)
    ]
