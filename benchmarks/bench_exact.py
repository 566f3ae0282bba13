#!/usr/bin/env python3
"""Exact per-record evaluator vs hand-written Python, in the same run on the same data.

Workload (peers.py in this folder): value = completed / planned * 100%, grade bands
≥95 优, ≥70 良, ≥50 中, <50 差, target ≥90%.  planned ~ U[1, pmax], completed ~ U[0, 1.2 planned].

Timed (median of --repeats, round robin over the approaches, data built untimed):
  hand float    hand-written float function per record (peers.py anchor (1), with its score)
  hand Fraction hand-written fractions.Fraction function per record (exact, the obvious way)
  ours raw      Indicator.compiled.function(record) → (num, den, grade, met)
  ours API      Indicator.evaluate(record) → Evaluation (lazy Fraction value)
  ours grade    Indicator.grade(record) → the grade alone (exact)
Then the hostile boundary set (bands 58/57/29, records exactly on a threshold, p ≤ 10000):
misgrades per approach.  Usage: python benchmarks/bench_exact.py [--n 200000]
"""

from __future__ import annotations

import argparse
import gc
import statistics
import time
from collections.abc import Callable
from fractions import Fraction

import numpy as np

from indicator_dsl import loads

SOURCE = """
指标 完成率
  公式 completed / planned * 100%
  目标 ≥90%
  等级 {bands}
"""
BANDS = ((95, "优"), (70, "良"), (50, "中"))
HOSTILE = ((58, "优"), (57, "良"), (29, "中"))
TARGET, WEIGHT = 90, 10


def generate(n: int, seed: int, pmax: int) -> tuple[list[int], list[int]]:
    rng = np.random.default_rng(seed)
    planned = rng.integers(1, pmax + 1, size=n, dtype=np.int64)
    completed = rng.integers(0, planned * 12 // 10 + 1, dtype=np.int64)
    return completed.tolist(), planned.tolist()


def hostile_records(pmax: int = 10_000) -> tuple[list[int], list[int]]:
    cs, ps = [], []
    for t, _ in HOSTILE:
        for p in range(1, pmax + 1):
            if (t * p) % 100 == 0:
                cs.append(t * p // 100)
                ps.append(p)
    return cs, ps


def indicator(bands: tuple[tuple[int, str], ...]):  # type: ignore[no-untyped-def]
    written = ", ".join(f"≥{t} {g}" for t, g in bands) + f", <{bands[-1][0]} 差"
    return loads(SOURCE.format(bands=written))["完成率"]


def hand_float(bands: tuple[tuple[int, str], ...]) -> Callable[[int, int], tuple[float, str, float]]:
    (t1, l1), (t2, l2), (t3, l3) = bands

    def score_record(c: int, p: int) -> tuple[float, str, float]:
        v = c / p * 100
        if v >= t1:
            g = l1
        elif v >= t2:
            g = l2
        elif v >= t3:
            g = l3
        else:
            g = "差"
        r = v / TARGET
        return v, g, (r if r < 1 else 1.0) * WEIGHT

    return score_record


def hand_fraction(bands: tuple[tuple[int, str], ...]) -> Callable[[int, int], tuple[Fraction, str, bool]]:
    (t1, l1), (t2, l2), (t3, l3) = ((Fraction(t), g) for t, g in bands)

    def score_record(c: int, p: int) -> tuple[Fraction, str, bool]:
        v = Fraction(c, p) * 100
        g = l1 if v >= t1 else l2 if v >= t2 else l3 if v >= t3 else "差"
        return v, g, v >= TARGET

    return score_record


def timed(run: Callable[[], object], repeats: int) -> tuple[float, object]:
    walls, result = [], None
    for _ in range(repeats):
        gc.collect()
        t0 = time.perf_counter()
        result = run()
        walls.append(time.perf_counter() - t0)
    return statistics.median(walls), result


def approaches(bands, C, P):  # type: ignore[no-untyped-def]
    records = [{"completed": c, "planned": p} for c, p in zip(C, P, strict=True)]
    ind = indicator(bands)
    raw = ind.compiled.function
    fl, fr = hand_float(bands), hand_fraction(bands)
    return {
        "hand float fn / record": (lambda: [fl(c, p) for c, p in zip(C, P, strict=True)], lambda r: [x[1] for x in r]),
        "hand Fraction fn / record": (
            lambda: [fr(c, p) for c, p in zip(C, P, strict=True)],
            lambda r: [x[1] for x in r],
        ),
        "ours: compiled function / record": (lambda: [raw(r) for r in records], lambda r: [x[2] for x in r]),
        "ours: Indicator.evaluate / record": (
            lambda: [ind.evaluate(r) for r in records],
            lambda r: [x.grade for x in r],
        ),
        "ours: Indicator.grade / record": (lambda: [ind.grade(r) for r in records], lambda r: r),
    }


def exact_grades(C: list[int], P: list[int], bands: tuple[tuple[int, str], ...]) -> list[str]:
    out = []
    for c, p in zip(C, P, strict=True):
        out.append(next((g for t, g in bands if c * 100 >= t * p), "差"))
    return out


def main(argv: list[str] | None = None) -> None:
    ap = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    ap.add_argument("--n", type=int, default=200_000)
    ap.add_argument("--seed", type=int, default=20261122)
    ap.add_argument("--pmax", type=int, default=200)
    ap.add_argument("--repeats", type=int, default=5)
    args = ap.parse_args(argv)

    C, P = generate(args.n, args.seed, args.pmax)
    truth = exact_grades(C, P, BANDS)
    print(f"bench_exact  N={args.n:,}  seed={args.seed}  pmax={args.pmax}  repeats={args.repeats}")
    # Round robin: every repeat times each approach once, so a slower or faster stretch of a
    # shared machine falls on all of them alike and the ratios stay meaningful.
    runs = approaches(BANDS, C, P)
    walls: dict[str, list[float]] = {name: [] for name in runs}
    results: dict[str, object] = {name: run() for name, (run, _) in runs.items()}  # warm-up
    for _ in range(args.repeats):
        for name, (run, _) in runs.items():
            wall, results[name] = timed(run, 1)
            walls[name].append(wall)
    rows = []
    for name, (_, grades_of) in runs.items():
        wrong = sum(a != b for a, b in zip(grades_of(results[name]), truth, strict=True))
        rows.append((name, args.n / statistics.median(walls[name]), wrong))
    anchor = rows[0][1]
    print(f"\n{'approach':<36} {'records/s':>12} {'vs hand float':>14} {'grade≠exact':>12}")
    for name, rate, wrong in rows:
        print(f"{name:<36} {rate:>12,.0f} {rate / anchor:>14.3f} {wrong:>12}")

    HC, HP = hostile_records()
    htruth = exact_grades(HC, HP, HOSTILE)
    print(f"\nhostile boundary set {HOSTILE}: {len(HC)} records exactly on a threshold")
    for name, (run, grades_of) in approaches(HOSTILE, HC, HP).items():
        wrong = sum(a != b for a, b in zip(grades_of(run()), htruth, strict=True))
        print(f"  {name:<36} misgraded {wrong}")


if __name__ == "__main__":
    main()
