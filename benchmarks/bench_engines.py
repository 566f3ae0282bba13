#!/usr/bin/env python3
"""Our batch engines against hand-written code, on peers.py's workload, in one run.

    vector  Indicator.evaluate_batch (numpy, exact)  vs  hand-written numpy np.select (peers 9)
    duckdb  our compiled SELECT (exact integers)     vs  hand-written DuckDB CASE query (peers 12)
            "ours duckdb" is the SELECT `eval --engine duckdb` runs (exact n/d, grade, met, error where
            a record can fail); "every column" adds the DOUBLE value and always-NULL columns, as
            `indicator-dsl sql` prints it.

Same data for all (peers.generate: planned ~ U[1, pmax], completed ~ U[0, 1.2 planned]); timing is
the median of --repeats runs, compiling and registering excluded (as in peers.py).  Each engine's
grades are checked against the exact integer reference on all records and on the hostile
boundary set (bands 58/57/29, records exactly on a threshold), where float engines misgrade.
Peak memory: tracemalloc peak of one extra run of each numpy path, and the process's max RSS.

    python benchmarks/bench_engines.py --n 2000000
    python benchmarks/bench_engines.py --n 10000000 --repeats 1
"""

from __future__ import annotations

import argparse
import gc
import importlib.util
import resource
import statistics
import sys
import time
import tracemalloc
from collections.abc import Callable
from pathlib import Path
from typing import Any

import numpy as np

HERE = Path(__file__).resolve().parent
DEFAULT_PEERS = HERE.parent.parent / "shared" / "bench" / "peers.py"


def load_peers(path: Path) -> Any:
    spec = importlib.util.spec_from_file_location("peers", path)
    if spec is None or spec.loader is None:
        sys.exit(f"cannot load {path}")
    module = importlib.util.module_from_spec(spec)
    sys.modules["peers"] = module
    spec.loader.exec_module(module)
    return module


def indicator_text(bands: tuple[tuple[int, str], ...], default: str, target: int) -> str:
    """peers' workload in our language: value = completed / planned * 100 (a percent)."""
    grades = ", ".join(f"≥{t} {label}" for t, label in bands) + f", <{min(t for t, _ in bands)} {default}"
    return f'指标 rate "完成率"\n  公式 rate = completed / planned * 100%\n  目标 ≥{target}\n  等级 {grades}\n'


def timed(run: Callable[[], Any], repeats: int) -> tuple[float, Any]:
    walls, res = [], None
    run()  # warm-up: thread pools, caches
    for _ in range(repeats):
        res = None
        gc.collect()
        t0 = time.perf_counter()
        res = run()
        walls.append(time.perf_counter() - t0)
    return statistics.median(walls), res


def peak_bytes(run: Callable[[], Any]) -> int:
    gc.collect()
    tracemalloc.start()
    out = run()
    peak = tracemalloc.get_traced_memory()[1]
    tracemalloc.stop()
    del out
    return peak


class Engines:
    """The four approaches on one data set and one band set; each returns grades as a list-like."""

    def __init__(self, peers: Any, cn: np.ndarray, pn: np.ndarray, bands: Any) -> None:
        import duckdb
        import pyarrow as pa

        from indicator_dsl import loads
        from indicator_dsl.backends.sql import ENGINE_OUTPUTS, column_name, compile_select, detect_schema

        self.peers, self.cn, self.pn, self.bands = peers, cn, pn, bands
        cat = loads(indicator_text(bands, peers.DEFAULT_LABEL, peers.TARGET))
        self.ind = cat["rate"]
        self.data = _Columns(cn, pn)
        self.hand_numpy, _ = peers.mk_numpy_select(self.data, bands)
        self.hand_duckdb, _ = peers.mk_duckdb(self.data, bands)
        self.con = duckdb.connect()
        self.con.register("records", pa.table({"completed": cn, "planned": pn}))
        types = {"completed": "BIGINT", "planned": "BIGINT"}
        schema = detect_schema(types, lambda sql: self.con.sql(sql).fetchall()[0])  # as run_duckdb probes
        res, env = self.ind.resolved, cat.context.env
        self.sql = compile_select([res], env, schema, outputs=ENGINE_OUTPUTS, lean=True)
        self.sql_full = compile_select([res], env, schema)
        self.grade_col = column_name("rate", "grade")

    def ours_vector(self) -> tuple[Any, Any, Any]:
        out = self.ind.evaluate_batch({"completed": self.cn, "planned": self.pn})
        return out.value, out.grade, out.met

    def ours_duckdb(self) -> Any:
        return self.con.sql(self.sql).to_arrow_table()

    def ours_duckdb_full(self) -> Any:
        """Every output column: DOUBLE value, n, d, grade, met, error."""
        return self.con.sql(self.sql_full).to_arrow_table()

    def grades(self) -> dict[str, list[Any]]:
        return {
            "numpy np.select (hand)": self.hand_numpy()[1].tolist(),
            "ours vector": self.ours_vector()[1].tolist(),
            "duckdb CASE (hand)": self.hand_duckdb()["grade"].to_pylist(),
            "ours duckdb": self.ours_duckdb()[self.grade_col].to_pylist(),
        }


class _Columns:
    """What peers' vector approaches read of peers.Data: the int64 columns."""

    def __init__(self, cn: np.ndarray, pn: np.ndarray) -> None:
        self.Cn, self.Pn = cn, pn


def exact_grades(cn: np.ndarray, pn: np.ndarray, bands: Any, default: str) -> np.ndarray:
    """The reference: integer arithmetic, c*100 >= t*p, first band wins (numpy int64, exact)."""
    out = np.full(len(cn), default, dtype=object)
    for t, label in reversed(bands):
        out[cn * 100 >= t * pn] = label
    return out


def misgrades(grades: dict[str, list[Any]], expected: np.ndarray) -> dict[str, int]:
    return {name: int((np.array(g, dtype=object) != expected).sum()) for name, g in grades.items()}


def hostile_set(bands: Any, pmax: int) -> tuple[np.ndarray, np.ndarray]:
    cs, ps = [], []
    for t, _ in bands:
        for p in range(1, pmax + 1):
            if (t * p) % 100 == 0:
                cs.append(t * p // 100)
                ps.append(p)
    return np.array(cs, dtype=np.int64), np.array(ps, dtype=np.int64)


def main(argv: list[str] | None = None) -> int:
    ap = argparse.ArgumentParser(description=__doc__.split("\n")[0])
    ap.add_argument("--n", type=int, default=2_000_000)
    ap.add_argument("--seed", type=int, default=20261122)
    ap.add_argument("--pmax", type=int, default=200)
    ap.add_argument("--repeats", type=int, default=5)
    ap.add_argument("--peers", type=Path, default=DEFAULT_PEERS, help="path to peers.py")
    ap.add_argument("--no-memory", action="store_true", help="skip the tracemalloc runs")
    args = ap.parse_args(argv)
    peers = load_peers(args.peers)

    data = peers.generate(args.n, args.seed, args.pmax)
    cn, pn = data.Cn, data.Pn
    del data  # its Python-int lists are for per-record approaches
    print(f"bench_engines  N={args.n:,}  seed={args.seed}  pmax={args.pmax}  repeats={args.repeats}")
    eng = Engines(peers, cn, pn, peers.BANDS)

    rows = []
    for name, run in [
        ("numpy np.select (hand)", eng.hand_numpy),
        ("ours vector", eng.ours_vector),
        ("duckdb CASE (hand)", eng.hand_duckdb),
        ("ours duckdb", eng.ours_duckdb),
        ("ours duckdb, every column", eng.ours_duckdb_full),
    ]:
        wall, _ = timed(run, args.repeats)
        rows.append((name, wall))
        print(f"  {name:<24} {args.n / wall:>14,.0f} rec/s   median {wall:.4f}s", flush=True)
    t = dict(rows)
    print(
        f"  ratio ours/hand: vector {t['ours vector'] / t['numpy np.select (hand)']:.2f}x, "
        f"duckdb {t['ours duckdb'] / t['duckdb CASE (hand)']:.2f}x "
        f"({t['ours duckdb, every column'] / t['duckdb CASE (hand)']:.2f}x with every column) (time; aim < 1.5)"
    )

    expected = exact_grades(cn, pn, peers.BANDS, peers.DEFAULT_LABEL)
    print(f"  misgraded vs exact, all {args.n:,} records: {misgrades(eng.grades(), expected)}")
    hc, hp = hostile_set(peers.HOSTILE_BANDS, 10_000)
    hostile = Engines(peers, hc, hp, peers.HOSTILE_BANDS)
    expected = exact_grades(hc, hp, peers.HOSTILE_BANDS, peers.DEFAULT_LABEL)
    print(
        f"  hostile bands {peers.HOSTILE_BANDS}, {len(hc):,} boundary records, misgraded: "
        f"{misgrades(hostile.grades(), expected)}"
    )
    if not args.no_memory:
        for name, run in [("numpy np.select (hand)", eng.hand_numpy), ("ours vector", eng.ours_vector)]:
            print(f"  peak traced memory {name:<24} {peak_bytes(run) / 2**20:,.0f} MiB")
    print(f"  process max RSS {resource.getrusage(resource.RUSAGE_SELF).ru_maxrss / 2**10:,.0f} MiB")
    return 0


if __name__ == "__main__":
    sys.exit(main())
