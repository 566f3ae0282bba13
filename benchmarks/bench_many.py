#!/usr/bin/env python3
"""Many projects at once: `score DIR` and `check DIR` end to end, against the issue-15 goals.

Workload (generated untimed into a temporary folder, from the repository's own examples):
  score   projects made from the three example scorecards with actuals (examples/department_2022,
          targets, rules: 14, 10 and 9 indicators), round robin until --score-n indicators.  Every
          project differs from every other: its own 评分表 name and title, and its numeric actuals
          moved by a seeded random step, so no two files (scorecards or actuals) are the same.
          Steps are small (±2, ±20 in the last place), so most rows repeat a row another project
          scored (the folder run's row memo, scoring/memo.py, serves those); a second folder,
          "distinct act.", moves every numeric actual by up to a tenth with two more decimals,
          so nearly every quantitative row is scored anew: the cost without the memo's help.
  check   the same templates plus the catalog's own indicator files (catalog/common, seeds,
          templates), until --check-n indicators; a directory is one catalog, so each copy's
          indicator names (and formula aliases) get the project's number appended: a catalog of
          distinct names, as a department's whole repository would be.  The seed files keep the
          mistakes of the tables they were taken from (E321 and warnings), so `check` exits 1.
Timed, each once (a fresh interpreter has no warm caches; the subprocess run includes start-up):
  in-process   `indicator_dsl.cli.main([...])`, output into a buffer
  subprocess   `python -m indicator_dsl score|check DIR`, stdout to /dev/null
  -o OUTDIR    `score DIR -o OUTDIR` in-process: also every project's 自评表 as a table file
  distinct act. `score DIR` of the distinct-actuals folder, as a subprocess
  --jobs N     `check DIR --jobs N` in-process (worker processes; their CPU seconds counted)
The package's bytecode is compiled first (untimed, into its __pycache__, as `pip install` does):
with PYTHONDONTWRITEBYTECODE set, every run would otherwise compile 35k lines of source again.
Prints wall seconds, milliseconds per indicator and the ratio to the goal (score: 10,000 indicators
in ≤ 3 s; check: 50,000 in ≤ 15 s; both 0.3 ms per indicator; a ratio ≤ 1 meets the goal), and
the CPU seconds with their ratio (on a machine shared with other work, CPU time is the steadier one).
`--profile score|check` prints the cProfile top functions of the in-process run instead.
Usage: python benchmarks/bench_many.py [--score-n 10000] [--check-n 50000]
"""

from __future__ import annotations

import argparse
import contextlib
import cProfile
import csv
import io
import os
import pstats
import random
import re
import resource
import subprocess
import sys
import tempfile
import time
from pathlib import Path

ROOT = Path(__file__).resolve().parent.parent
EXAMPLES = ROOT / "examples"
SCORE_TEMPLATES = ("department_2022", "targets", "rules")
CATALOG_FILES = ("common/department_overall.ind", "seeds/000_department.ind", "seeds/001_special_funds.ind")
GOALS = {"score": (10_000, 3.0), "check": (50_000, 15.0)}  # indicators, seconds
_CARD = re.compile(r"^评分表 (\S+)(?: \"[^\"\n]*\")?", re.MULTILINE)
_NUMBER = re.compile(r"^(\d+)(\.\d+)?(%|万元|个|次|处)?$")


def indicator_count(text: str) -> int:
    return len(re.findall(r"^指标 ", text, re.MULTILINE))


def vary(cell: str, rng: random.Random, distinct: bool = False) -> str:
    """A numeric actual moved a little (integers stay integers, decimals keep their places).
    `distinct`: moved by up to a tenth, decimals with two more places, so that nearly every
    numeric actual of the folder is its own (no row repeats one another project scored)."""
    m = _NUMBER.match(cell)
    if not m:
        return cell
    whole, frac, unit = int(m.group(1)), m.group(2) or "", m.group(3) or ""
    places = len(frac) - 1 if frac else 0
    if distinct:
        places = places + 2 if frac else 0
        step = max(whole // 10, 2) * 10**places
    else:
        step = 20 if frac else 2
    scale = 10**places
    value = max(whole * scale + (int((frac[1:] + "00")[:places]) if places else 0) + rng.randint(-step, step), 1)
    return f"{value // scale}.{value % scale:0{places}d}{unit}" if places else f"{value}{unit}"


def varied_actuals(path: Path, rng: random.Random, distinct: bool = False) -> str:
    rows = list(csv.reader(io.StringIO(path.read_text(encoding="utf-8"))))
    value_col = rows[0].index("实际完成值")
    for row in rows[1:]:
        row[value_col] = vary(row[value_col], rng, distinct)
    out = io.StringIO()
    csv.writer(out, lineterminator="\n").writerows(rows)
    return out.getvalue()


def write_score_projects(folder: Path, n: int, seed: int = 15, distinct: bool = False) -> int:
    """Projects until n indicators; returns the number of indicators written."""
    rng = random.Random(seed)
    templates = [(EXAMPLES / f"{t}.ind").read_text(encoding="utf-8") for t in SCORE_TEMPLATES]
    total = i = 0
    while total < n:
        k = i % len(templates)
        name = f"项目{i:05d}"
        card = _CARD.sub(f'评分表 {name} "{name} 年度绩效自评"', templates[k], count=1)
        (folder / f"{name}.ind").write_text(card, encoding="utf-8")
        actuals = varied_actuals(EXAMPLES / f"{SCORE_TEMPLATES[k]}_actuals.csv", rng, distinct)
        (folder / f"{name}_actuals.csv").write_text(actuals, encoding="utf-8")
        total += indicator_count(card)
        i += 1
    return total


def renamed(text: str, suffix: str) -> str:
    """Indicator names and formula aliases with a suffix, so copies can share one catalog."""
    names = set(re.findall(r"^指标 (\S+)", text, re.MULTILINE))
    names |= set(re.findall(r"^\s+公式 (\S+) *=", text, re.MULTILINE))
    names |= set(re.findall(r"^\s+别名 (\S+)", text, re.MULTILINE))
    names |= set(re.findall(r"^(\S+) *=", text, re.MULTILINE))  # one-line indicators
    if not names:
        return text
    pattern = re.compile("|".join(re.escape(x) for x in sorted(names, key=len, reverse=True)))
    lines = text.splitlines(keepends=True)
    return "".join(x if x.lstrip().startswith("评分") else pattern.sub(lambda m: m.group(0) + suffix, x) for x in lines)


def write_check_corpus(folder: Path, n: int) -> int:
    sources = [(EXAMPLES / f"{t}.ind").read_text(encoding="utf-8") for t in SCORE_TEMPLATES]
    sources += [(ROOT / "catalog" / f).read_text(encoding="utf-8") for f in CATALOG_FILES]
    total = i = 0
    while total < n:
        text = _CARD.sub(f"评分表 卡{i:05d}", sources[i % len(sources)], count=1)
        text = renamed(text, f"甲{i:05d}")
        (folder / f"file{i:05d}.ind").write_text(text, encoding="utf-8")
        total += indicator_count(text)
        i += 1
    return total


def in_process(argv: list[str]) -> tuple[float, float, int]:
    from indicator_dsl.cli import main

    out, err = io.StringIO(), io.StringIO()
    start, cpu = time.perf_counter(), time.process_time() + _children_cpu()
    with contextlib.redirect_stdout(out), contextlib.redirect_stderr(err):
        code = main(argv)
    return time.perf_counter() - start, time.process_time() + _children_cpu() - cpu, code


def _children_cpu() -> float:
    used = resource.getrusage(resource.RUSAGE_CHILDREN)
    return used.ru_utime + used.ru_stime


def as_subprocess(argv: list[str]) -> tuple[float, float, int]:
    env = dict(os.environ, COLUMNS="120")
    start, cpu = time.perf_counter(), _children_cpu()
    done = subprocess.run(
        [sys.executable, "-m", "indicator_dsl", *argv],
        stdout=subprocess.DEVNULL,
        stderr=subprocess.DEVNULL,
        env=env,
        check=False,
    )
    return time.perf_counter() - start, _children_cpu() - cpu, done.returncode


def line(label: str, what: str, indicators: int, seconds: float, cpu: float, code: int) -> str:
    goal_n, goal_s = GOALS[what]
    per = seconds / indicators * 1000
    ratio = per / (goal_s / goal_n * 1000)
    cpu_ratio = cpu / indicators * 1000 / (goal_s / goal_n * 1000)
    timing = f"{seconds:>9.2f} {per:>8.3f} {ratio:>7.2f} {cpu:>8.2f} {cpu_ratio:>7.2f}"
    return f"{label:<24} {indicators:>7} {timing}  exit {code}"


def profile(argv: list[str], top: int) -> None:
    from indicator_dsl.cli import main

    prof = cProfile.Profile()
    with contextlib.redirect_stdout(io.StringIO()), contextlib.redirect_stderr(io.StringIO()):
        prof.runcall(main, argv)
    stats = pstats.Stats(prof)
    stats.sort_stats("cumulative").print_stats(top)
    stats.sort_stats("tottime").print_stats(top)


def compile_bytecode() -> None:
    """The package's .pyc files, as an installed package has them (not part of any timing)."""
    env = {k: v for k, v in os.environ.items() if k != "PYTHONDONTWRITEBYTECODE"}
    package = ROOT / "indicator_dsl"
    subprocess.run(
        [sys.executable, "-m", "compileall", "-q", str(package)], env=env, check=False, stdout=subprocess.DEVNULL
    )


def main() -> None:
    ap = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    ap.add_argument("--score-n", type=int, default=10_000, help="indicators to score (default 10,000)")
    ap.add_argument("--check-n", type=int, default=50_000, help="indicators to check (default 50,000)")
    ap.add_argument("--only", choices=["score", "check"], help="run one of the two")
    ap.add_argument("--no-files", action="store_true", help="skip the `score DIR -o OUTDIR` run")
    ap.add_argument("--profile", choices=["score", "check"], help="cProfile the in-process run of one")
    ap.add_argument("--top", type=int, default=30, help="functions shown by --profile")
    ap.add_argument("--jobs", type=int, default=2, help="also `check DIR --jobs N` (worker processes; 1: skip)")
    args = ap.parse_args()
    compile_bytecode()
    with tempfile.TemporaryDirectory(prefix="bench_many_") as tmp:
        score_dir, check_dir, distinct_dir = Path(tmp, "score"), Path(tmp, "check"), Path(tmp, "distinct")
        for folder in (score_dir, check_dir, distinct_dir):
            folder.mkdir()
        jobs = [args.profile] if args.profile else [args.only] if args.only else ["score", "check"]
        counts = {}
        if "score" in jobs:
            counts["score"] = write_score_projects(score_dir, args.score_n)
            write_score_projects(distinct_dir, args.score_n, distinct=True)
        if "check" in jobs:
            counts["check"] = write_check_corpus(check_dir, args.check_n)
        argvs = {"score": ["score", str(score_dir)], "check": ["check", str(check_dir)]}
        written = ["score", str(score_dir), "-o", str(Path(tmp, "reports"))]
        if args.profile:
            profile(argvs[args.profile], args.top)
            return
        print(f"python {sys.version.split()[0]}, {os.cpu_count()} cpus (shared); goal ratio ≤ 1 meets the goal")
        print(f"{'run':<24} {'indic.':>7} {'seconds':>9} {'ms/ind':>8} {'÷goal':>7} {'cpu s':>8} {'cpu÷goal':>7}")
        for what in jobs:
            n = counts[what]
            print(line(f"{what} DIR  in-process", what, n, *in_process(argvs[what])), flush=True)
            print(line(f"{what} DIR  subprocess", what, n, *as_subprocess(argvs[what])), flush=True)
            if what == "score" and not args.no_files:
                print(line("score DIR -o OUTDIR", what, n, *in_process(written)), flush=True)
            if what == "score":
                distinct = ["score", str(distinct_dir)]
                print(line("score DIR distinct act.", what, n, *as_subprocess(distinct)), flush=True)
            if what == "check" and args.jobs > 1:
                jobs = [*argvs[what], "--jobs", str(args.jobs)]
                print(line(f"check DIR --jobs {args.jobs}", what, n, *in_process(jobs)), flush=True)


if __name__ == "__main__":
    main()
