#!/usr/bin/env python3
"""Our batch engines against hand-written code, end to end (read input → evaluate → write output),
in one run, on the peer workload of `peers.py` (in this folder):

    vector → parquet   Indicator.evaluate_batch → Results columns → parquet
                       vs hand-written exact integer numpy (c*100 >= t*p) → parquet
                       and hand-written float numpy np.select (c/p*100 >= t) → parquet
    eval duckdb        `indicator-dsl eval --engine duckdb -o OUT` in process (load, check, compile,
                       run, write), CSV→CSV and parquet→parquet
                       vs hand-written DuckDB `COPY (SELECT … CASE …) TO OUT` on the same files

Every case runs in its own Python process (library imports done before the clock starts; ours
still pays the CLI: parsing and checking the .ind file, the stats probe, compiling), so its peak
RSS (VmHWM) is its own, printed also as what it adds to the imports; the time is the median of
--repeats processes, the repetitions interleaved case by case (a change of the machine's load
hits every case alike), with the load average before and after.  The grades each case WROTE are
read back and compared with the exact integer reference on all records and on the hostile
boundary set (bands 58/57/29, records exactly on a threshold), where float code misgrades.

    python benchmarks/bench_engines.py --n 2000000
    python benchmarks/bench_engines.py --n 200000 --repeats 3 --cases vector-parquet,hand-int-parquet
"""

from __future__ import annotations

import argparse
import json
import os
import resource
import statistics
import subprocess
import sys
import tempfile
import time
from collections.abc import Callable
from pathlib import Path
from typing import Any

import numpy as np

HERE = Path(__file__).resolve().parent
sys.path.insert(0, str(HERE))
import peers  # noqa: E402 - the workload lives beside this file

RATE = "rate"


def indicator_text(bands: Any) -> str:
    """peers' workload in our language: value = completed / planned * 100 (a percent)."""
    grades = ", ".join(f"≥{t} {label}" for t, label in bands) + f", <{min(t for t, _ in bands)} {peers.DEFAULT_LABEL}"
    return f'指标 rate "完成率"\n  公式 rate = completed / planned * 100%\n  目标 ≥{peers.TARGET}\n  等级 {grades}\n'


def cases_sql(bands: Any, source: str, target: str) -> str:
    """The hand-written DuckDB query: float value, CASE grade, as anyone would write it."""
    whens = " ".join(f"WHEN v >= {t} THEN '{label}'" for t, label in bands)
    select = (
        f"SELECT v AS value, CASE {whens} ELSE '{peers.DEFAULT_LABEL}' END AS grade "
        f"FROM (SELECT completed / planned * 100 AS v FROM {source})"
    )
    fmt = "(FORMAT PARQUET)" if target.endswith(".parquet") else "(HEADER)"
    return f"COPY ({select}) TO '{target}' {fmt}"


# ---- the cases (each runs in a child process) -------------------------------------------------
def read_columns(d: Path) -> dict[str, np.ndarray]:
    """The input file as numpy columns, read row group by row group into arrays allocated once:
    every numpy case holds the input once (`read_table(...).to_numpy()` of a file of several row
    groups concatenates its chunks: the input twice, and the allocator keeps the chunks' pages)."""
    import pyarrow as pa
    import pyarrow.parquet as pq

    names = ("completed", "planned")
    f = pq.ParquetFile(d / "in.parquet")
    columns = {name: np.empty(f.metadata.num_rows, dtype=np.int64) for name in names}
    at = 0
    for i in range(f.num_row_groups):
        group = f.read_row_group(i, columns=list(names))
        for name in names:
            columns[name][at : at + group.num_rows] = group.column(name).to_numpy()
        at += group.num_rows
    pa.default_memory_pool().release_unused()  # the row groups' pages back to the system
    return columns


def case_vector_parquet(d: Path, bands: Any) -> None:
    import indicator_dsl.backends.vector  # noqa: F401 - a library import, before the clock as numpy's
    from indicator_dsl import loads
    from indicator_dsl.backends.engines import batch_part
    from indicator_dsl.backends.results import assemble, unit_of, write_parquet

    ind = loads(indicator_text(bands))[RATE]
    _ = ind.compiled
    start()
    columns = read_columns(d)
    res = ind.evaluate_batch(columns)
    results = assemble(
        np.arange(1, res.size + 1), [(RATE, batch_part(res, columns))], {RATE: unit_of(ind.resolved)}, 2, frozenset()
    )
    write_parquet(results.table, out(d, "parquet"))


def case_hand_int_parquet(d: Path, bands: Any) -> None:
    import pyarrow as pa
    import pyarrow.parquet as pq

    start()
    columns = read_columns(d)
    c, p = columns["completed"], columns["planned"]
    c100 = c * 100
    labels = [lab for _, lab in bands] + [peers.DEFAULT_LABEL]
    code = np.select([c100 >= th * p for th, _ in bands], list(range(len(bands))), len(bands)).astype(np.int32)
    grade = pa.DictionaryArray.from_arrays(code, labels)  # codes + labels, as a careful hand would write it
    met = c100 >= peers.TARGET * p
    pq.write_table(pa.table({"n": c100, "d": p * 100, "grade": grade, "met": met}), out(d, "parquet"))


def case_hand_float_parquet(d: Path, bands: Any) -> None:
    import pyarrow as pa
    import pyarrow.parquet as pq

    start()
    columns = read_columns(d)
    v = columns["completed"] / columns["planned"] * 100
    labels = [lab for _, lab in bands] + [peers.DEFAULT_LABEL]
    code = np.select([v >= th for th, _ in bands], list(range(len(bands))), len(bands)).astype(np.int32)
    pq.write_table(pa.table({"value": v, "grade": pa.DictionaryArray.from_arrays(code, labels)}), out(d, "parquet"))


def _eval(d: Path, bands: Any, src: str, ext: str, engine: str = "duckdb") -> None:
    from indicator_dsl.cli import main

    (d / "rate.ind").write_text(indicator_text(bands), encoding="utf-8")
    import duckdb  # noqa: F401 - libraries imported before the clock, as in the hand-written cases
    import polars  # noqa: F401
    import pyarrow.compute  # noqa: F401

    import indicator_dsl.backends.engines  # noqa: F401
    import indicator_dsl.backends.sinks  # noqa: F401
    import indicator_dsl.backends.sql  # noqa: F401

    start()
    main(
        [
            "eval",
            str(d / "rate.ind"),
            "--input",
            str(d / src),
            "--engine",
            engine,
            "-o",
            str(out(d, ext)),
            "--lang",
            "en",
        ]
    )


def case_eval_duckdb_csv(d: Path, bands: Any) -> None:
    _eval(d, bands, "in.csv", "csv")


def case_eval_duckdb_parquet(d: Path, bands: Any) -> None:
    _eval(d, bands, "in.parquet", "parquet")


def case_eval_vector_parquet(d: Path, bands: Any) -> None:
    _eval(d, bands, "in.parquet", "parquet", "vector")


def case_eval_duckdb_fixed(d: Path, bands: Any) -> None:
    """The CLI's fixed cost (load and check the .ind file, connect, probe, compile, one record
    written): what `eval-duckdb-parquet` pays whatever the number of records."""
    import pyarrow.parquet as pq

    pq.write_table(pq.read_table(d / "in.parquet").slice(0, 1), d / "one.parquet")
    _eval(d, bands, "one.parquet", "parquet")


def case_lean_duckdb_parquet(d: Path, bands: Any) -> None:
    """Our compiled SELECT alone (row, n, d, grade, met; no cell rendered), COPY'd to parquet by
    DuckDB: the engine's part of `eval-duckdb-parquet`, without the CLI and the output cells."""
    from indicator_dsl import loads
    from indicator_dsl.backends.duckdb_run import prepare
    from indicator_dsl.backends.sql_output import COPY_THREADS

    cat = loads(indicator_text(bands))
    con, select = prepare([cat[RATE].resolved], cat.context.env, str(d / "in.parquet"))
    con.execute(f"SET threads = {COPY_THREADS}")  # as `eval -o` runs it
    start()
    con.execute(f"COPY ({select}) TO '{out(d, 'parquet')}' (FORMAT PARQUET)")


def _copy(d: Path, bands: Any, source: str, ext: str) -> None:
    import duckdb

    con = duckdb.connect()
    start()
    con.execute(cases_sql(bands, source, str(out(d, ext))))


def case_hand_duckdb_csv(d: Path, bands: Any) -> None:
    _copy(d, bands, f"read_csv('{d / 'in.csv'}')", "csv")


def case_hand_duckdb_parquet(d: Path, bands: Any) -> None:
    _copy(d, bands, f"read_parquet('{d / 'in.parquet'}')", "parquet")


CASES: dict[str, Callable[[Path, Any], None]] = {
    "hand-float-parquet": case_hand_float_parquet,
    "hand-int-parquet": case_hand_int_parquet,
    "vector-parquet": case_vector_parquet,
    "eval-vector-parquet": case_eval_vector_parquet,
    "hand-duckdb-csv": case_hand_duckdb_csv,
    "eval-duckdb-csv": case_eval_duckdb_csv,
    "hand-duckdb-parquet": case_hand_duckdb_parquet,
    "eval-duckdb-parquet": case_eval_duckdb_parquet,
    "eval-duckdb-fixed": case_eval_duckdb_fixed,
    "lean-duckdb-parquet": case_lean_duckdb_parquet,
}
PHASES = {"eval-duckdb-fixed"}  # cases that write no full result: no misgrade count
GRADE_COLUMN = {"lean-duckdb-parquet": f"{RATE}:grade"}
RATIOS = [  # (ours, hand-written baseline)
    ("vector-parquet", "hand-int-parquet"),
    ("vector-parquet", "hand-float-parquet"),
    ("eval-vector-parquet", "hand-int-parquet"),
    ("eval-duckdb-csv", "hand-duckdb-csv"),
    ("eval-duckdb-parquet", "hand-duckdb-parquet"),
    ("eval-duckdb-fixed", "hand-duckdb-parquet"),
    ("lean-duckdb-parquet", "hand-duckdb-parquet"),
]
_T0 = [0.0]
_CPU0 = [0.0]
_BASE = [0]
_CASE = ["out"]


def out(d: Path, ext: str) -> Path:
    """The output file of the running case: each case writes its own, read back by the parent."""
    return d / f"{_CASE[0]}.{ext}"


def start() -> None:
    """The clock starts after the library imports; the resident size then is the case's base."""
    _BASE[0] = memory("VmRSS")
    _CPU0[0] = cpu_seconds()
    _T0[0] = time.perf_counter()


def cpu_seconds() -> float:
    """User + system time of this process, every thread (DuckDB's too): on a shared machine it
    moves far less with the load than the wall clock does."""
    usage = resource.getrusage(resource.RUSAGE_SELF)
    return usage.ru_utime + usage.ru_stime


def memory(field: str) -> int:
    """KiB from /proc/self/status (`VmHWM`: this process's peak; exec resets it, unlike
    getrusage's ru_maxrss, which a child inherits from the parent it was forked from)."""
    try:
        with open("/proc/self/status", encoding="ascii") as f:
            for line in f:
                if line.startswith(field + ":"):
                    return int(line.split()[1])
    except OSError:
        pass
    return resource.getrusage(resource.RUSAGE_SELF).ru_maxrss  # not Linux: the best there is


def child(name: str, d: Path, hostile: bool) -> None:
    bands = peers.HOSTILE_BANDS if hostile else peers.BANDS
    _CASE[0] = name
    CASES[name](d, bands)
    wall, cpu = time.perf_counter() - _T0[0], cpu_seconds() - _CPU0[0]
    print(json.dumps({"wall": wall, "cpu": cpu, "peak_kib": memory("VmHWM"), "base_kib": _BASE[0]}))


# ---- the parent ------------------------------------------------------------------------------
def write_inputs(d: Path, cn: np.ndarray, pn: np.ndarray) -> None:
    import pyarrow as pa
    import pyarrow.csv as pcsv
    import pyarrow.parquet as pq

    d.mkdir(parents=True, exist_ok=True)
    table = pa.table({"completed": cn, "planned": pn})
    pq.write_table(table, d / "in.parquet")
    pcsv.write_csv(table, d / "in.csv")


def load() -> str:
    """The 1, 5 and 15 minute load averages (the machine is shared: they say how busy it was)."""
    return " ".join(f"{x:.2f}" for x in os.getloadavg())


def child_env(pycache: Path) -> dict[str, str]:
    """The children's environment: bytecode cached (in `pycache`, outside the repository), as an
    installed package has it — with PYTHONDONTWRITEBYTECODE every child would compile our modules
    from source again and count it as ours."""
    env = {k: v for k, v in os.environ.items() if k != "PYTHONDONTWRITEBYTECODE"}
    env["PYTHONPYCACHEPREFIX"] = str(pycache)
    return env


def run_case(name: str, d: Path, env: dict[str, str], hostile: bool = False) -> dict[str, Any]:
    cmd = [sys.executable, __file__, "--child", name, "--dir", str(d)] + (["--hostile"] if hostile else [])
    out = subprocess.run(cmd, capture_output=True, text=True, check=True, env=env)
    return json.loads(out.stdout.strip().splitlines()[-1])


def grades_written(d: Path, name: str) -> np.ndarray:
    import pyarrow.csv as pcsv
    import pyarrow.parquet as pq

    path = d / f"{name}.{'csv' if name.endswith('csv') else 'parquet'}"
    table = pcsv.read_csv(path) if path.suffix == ".csv" else pq.read_table(path)
    return np.array(table.column(GRADE_COLUMN.get(name, "grade")).cast("string").to_pylist(), dtype=object)


def exact_grades(cn: np.ndarray, pn: np.ndarray, bands: Any) -> np.ndarray:
    out = np.full(len(cn), peers.DEFAULT_LABEL, dtype=object)
    for t, label in reversed(bands):
        out[cn * 100 >= t * pn] = label
    return out


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
    ap.add_argument("--repeats", type=int, default=3)
    ap.add_argument("--cases", default=",".join(CASES), help="comma-separated, from: " + ", ".join(CASES))
    ap.add_argument("--child", help=argparse.SUPPRESS)
    ap.add_argument("--dir", type=Path, help=argparse.SUPPRESS)
    ap.add_argument("--hostile", action="store_true", help=argparse.SUPPRESS)
    args = ap.parse_args(argv)
    if args.child:
        child(args.child, args.dir, args.hostile)
        return 0
    names = [c for c in args.cases.split(",") if c]
    data = peers.generate(args.n, args.seed, args.pmax)
    cn, pn = data.Cn, data.Pn
    del data
    head = f"bench_engines  N={args.n:,}  seed={args.seed}  pmax={args.pmax}  repeats={args.repeats}"
    print(f"{head}  cpus={os.cpu_count()}")
    input_mib = (cn.nbytes + pn.nbytes) / 2**20
    with tempfile.TemporaryDirectory() as tmp:
        main_dir, hostile_dir = Path(tmp) / "main", Path(tmp) / "hostile"
        env = child_env(Path(tmp) / "pycache")
        write_inputs(main_dir, cn, pn)
        hc, hp = hostile_set(peers.HOSTILE_BANDS, 10_000)
        write_inputs(hostile_dir, hc, hp)
        expected = exact_grades(cn, pn, peers.BANDS)
        expected_hostile = exact_grades(hc, hp, peers.HOSTILE_BANDS)
        csv_mib = os.path.getsize(main_dir / "in.csv") / 2**20
        print(f"  input: 2 int64 columns, {input_mib:,.1f} MiB in memory; CSV {csv_mib:,.1f} MiB")
        hostile_wrong = {}
        for name in names:  # the hostile set first: it also warms the bytecode cache of each case
            run_case(name, hostile_dir, env, hostile=True)
            if name not in PHASES:
                hostile_wrong[name] = int((grades_written(hostile_dir, name) != expected_hostile).sum())
        print(f"  load average before: {load()}", flush=True)
        # repetitions interleaved (case A, case B, …, then again): a load change hits every case alike
        runs: dict[str, list[dict[str, Any]]] = {name: [] for name in names}
        for _ in range(args.repeats):
            for name in names:
                runs[name].append(run_case(name, main_dir, env))
        walls = {name: statistics.median(r["wall"] for r in runs[name]) for name in names}
        cpus = {name: statistics.median(r["cpu"] for r in runs[name]) for name in names}
        print(f"  load average after:  {load()}", flush=True)
        for name in names:
            rss = max(r["peak_kib"] for r in runs[name]) / 2**10
            extra = max(r["peak_kib"] - r["base_kib"] for r in runs[name]) / 2**10
            checked = "(one record: not checked)"
            if name not in PHASES:
                wrong = int((grades_written(main_dir, name) != expected).sum())
                checked = f"misgraded {wrong} / hostile {hostile_wrong[name]} of {len(hc):,}"
            print(
                f"  {name:<22} {walls[name]:8.3f}s  cpu {cpus[name]:7.3f}s  {args.n / walls[name]:>12,.0f} rec/s  "
                f"peak RSS {rss:7,.0f} MiB ({rss / input_mib:5.1f}× input; {extra:6,.0f} MiB = "
                f"{extra / input_mib:4.1f}× above the imports)  {checked}",
                flush=True,
            )
    print("  ratios, ours ÷ hand-written, end to end (wall clock; cpu = user+system of every thread):")
    for ours, hand in RATIOS:
        if ours in walls and hand in walls:
            ratio, cpu_ratio = walls[ours] / walls[hand], cpus[ours] / cpus[hand]
            print(f"    {ours:<22} ÷ {hand:<20} {ratio:5.2f}×   cpu {cpu_ratio:5.2f}×")
    return 0


if __name__ == "__main__":
    sys.exit(main())
