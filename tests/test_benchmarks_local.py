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


def _bench_many():  # type: ignore[no-untyped-def]
    spec = importlib.util.spec_from_file_location("bench_many", BENCH / "bench_many.py")
    assert spec is not None and spec.loader is not None
    module = importlib.util.module_from_spec(spec)
    spec.loader.exec_module(module)
    return module


def test_bench_many_projects_differ_and_all_score(tmp_path) -> None:  # type: ignore[no-untyped-def]
    from indicator_dsl.scoring.batch import projects, score_all

    bench = _bench_many()
    count = bench.write_score_projects(tmp_path, 60)
    paths = projects(tmp_path)
    assert count >= 60 and len(paths) == 6
    texts = {p.read_text(encoding="utf-8") for p in tmp_path.iterdir()}
    assert len(texts) == 12  # every scorecard and every actuals file is its own
    outcomes = list(score_all(paths))
    assert all(o.report is not None for o in outcomes)
    assert sum(len(o.report.rows) for o in outcomes if o.report) >= 60
    first, fourth = outcomes[0].report, outcomes[3].report  # same template, other actuals
    assert first and fourth and first.scorecard != fourth.scorecard


def test_bench_many_check_corpus_is_one_clean_catalog(tmp_path) -> None:  # type: ignore[no-untyped-def]
    from indicator_dsl import load

    bench = _bench_many()
    count = bench.write_check_corpus(tmp_path, 150)
    catalog = load(tmp_path)
    assert len(catalog) == count >= 150
    codes = {d.code for d in catalog.check()}
    assert not codes & {"E203", "E208"}  # no name is declared twice across the copies
    assert "E321" in codes  # seed 001's own mistake (60差 without a comparator) is kept
