"""`check` of a folder of many files on every core: the same diagnostics as the serial path.

`catalog.load_projects` reads every file, makes each file with a 评分表 a project of its own and
the files without one a shared catalog; `check` then checks each.  Parsing and checking a
project need nothing of the other files, so worker processes (forked: they start with the
parser built) read, parse and check a run of files each and send back only the projects'
diagnostics and indicator counts, and the shared files' documents (sending a Document costs
about half of parsing it, so the projects' are never sent).  The main process checks the shared
catalog.  Diagnostics come back in the serial path's order before the final sort, so the sorted
output is the same (tests/test_folder_check.py holds the two equal).  `check --jobs N` asks for
it; a folder of few files, or a system without `fork`, is checked serially.

Measured (benchmarks/bench_many.py): the shared files' documents cost about half their parse
to send back, and the shared catalog is checked after the workers end, so two free cores
take about a fifth off the wall time of a folder half of whose files are projects; on cores
that other work keeps busy it is slower than one process.  So one process is the default.
"""

from __future__ import annotations

import multiprocessing
import os
from collections.abc import Sequence
from concurrent.futures import ProcessPoolExecutor
from pathlib import Path
from typing import Any

from . import ast as A
from .catalog import Catalog, _document, expand_paths, load_projects, paused_gc, unreadable_reason
from .diagnostics import Diagnostic, sort_key
from .parser import lark_parser
from .source import NotText, Source, Span

MIN_FILES = 64  # below this a process pool costs more than it saves: checked serially
RUNS_PER_WORKER = 4  # runs of files per worker: a slow run does not keep the others waiting

# What a worker sends back for one file, in the folder's order.
Unreadable = tuple[str, Diagnostic]  # ("unreadable", E110)
Shared = tuple[str, A.Document, list[Diagnostic]]  # ("shared", document, syntax diagnostics)
Project = tuple[str, list[Diagnostic], int]  # ("project", its diagnostics, indicators)


def check_paths(
    paths: Sequence[str | Path], plan_year: int | None = None, jobs: int = 1
) -> tuple[list[Diagnostic], int]:
    """Every diagnostic of `check PATHS…`, sorted, and the number of indicators checked, in
    `jobs` processes (0: one per core)."""
    with paused_gc():
        files = expand_paths(paths)
        workers = _workers(len(files), jobs)
        if workers < 2:
            catalogs = load_projects(*paths, plan_year=plan_year)
            diags = [d for catalog in catalogs for d in catalog.check()]
            return sorted(diags, key=sort_key), sum(len(catalog) for catalog in catalogs)
        return _in_workers(paths, files, plan_year, workers)


def cores() -> int:
    return len(os.sched_getaffinity(0)) if hasattr(os, "sched_getaffinity") else os.cpu_count() or 1


def _workers(files: int, jobs: int) -> int:
    if files < MIN_FILES or "fork" not in multiprocessing.get_all_start_methods():
        return 1
    return jobs if jobs > 0 else cores()


def _in_workers(
    paths: Sequence[str | Path], files: list[Path], plan_year: int | None, workers: int
) -> tuple[list[Diagnostic], int]:
    lark_parser()  # built before the fork: every worker has it
    runs = _runs(files, workers * RUNS_PER_WORKER)
    with ProcessPoolExecutor(workers, mp_context=multiprocessing.get_context("fork")) as pool:
        results = [item for run in pool.map(_check_run, runs, [plan_year] * len(runs)) for item in run]
    folders = [Diagnostic("E111", Span(0, 0), Source(str(p), ""), {}) for p in map(Path, paths) if _empty_folder(p)]
    unreadable = [item[1] for item in results if item[0] == "unreadable"]
    shared = [item for item in results if item[0] == "shared"]
    syntax = folders + unreadable + [d for *_, found in shared for d in found]
    catalog = Catalog([doc for _, doc, _ in shared], syntax, plan_year)
    diags = catalog.check() + [d for item in results if item[0] == "project" for d in item[1]]
    indicators = len(catalog) + sum(item[2] for item in results if item[0] == "project")
    return sorted(diags, key=sort_key), indicators


def _empty_folder(path: Path) -> bool:
    return path.is_dir() and not any(path.rglob("*.ind"))


def _runs(files: list[Path], count: int) -> list[list[Path]]:
    """The files in `count` consecutive runs of about equal size (the folder's order kept)."""
    size = -(-len(files) // max(count, 1))
    return [files[i : i + size] for i in range(0, len(files), size)]


def _check_run(files: list[Path], plan_year: int | None) -> list[Any]:
    """In a worker: each file read and parsed as `catalog._read_files` does; a project checked."""
    out: list[Any] = []
    with paused_gc():
        for path in files:
            try:
                doc, found = _document(path.read_bytes(), str(path))
            except (OSError, NotText) as exc:
                out.append(
                    ("unreadable", Diagnostic("E110", Span(0, 0), Source(str(path), ""), unreadable_reason(exc)))
                )
                continue
            if any(isinstance(st, A.Scorecard) for st in doc.statements):
                project = Catalog([doc], found, plan_year)
                out.append(("project", project.check(), len(project)))
            else:
                out.append(("shared", doc, found))
    return out
