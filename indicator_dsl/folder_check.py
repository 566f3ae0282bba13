"""`check` of a folder of many files on every core: the same diagnostics as the serial path.

`catalog.load_projects` reads every file, makes each file with a 评分表 a project of its own and
the files without one a shared catalog; `check` then checks each.  Parsing and checking a
project need nothing of the other files, so the work is split: the main process reads the files
that look like no project (their documents stay where the shared catalog is checked) and, up to
its share, some projects; forked worker processes (they start with the parser built) read,
parse and check runs of the others and send back a project's diagnostics and indicator count,
or a shared file's document (sending a Document costs about half of parsing it, so the main
process keeps as many as its share allows).  The main process then checks the shared catalog.
Diagnostics are put back in the serial path's order before the final sort, so the output is
the same (tests/test_folder_check.py holds the two equal).  `check --jobs N` asks for it; a
folder of few files, or a system without `fork`, is checked serially.  On cores that other work
keeps busy, more processes gain nothing: one process is the default.
"""

from __future__ import annotations

import multiprocessing
import os
from collections.abc import Sequence
from concurrent.futures import ProcessPoolExecutor
from pathlib import Path
from typing import Any

from . import ast as A
from .catalog import Catalog, expand_paths, load_projects, paused_gc, read_document, unreadable_reason
from .diagnostics import Diagnostic, sort_key
from .parser import lark_parser, may_hold_scorecard
from .source import NotText, Source, Span, decode_text

MIN_FILES = 64  # below this a process pool costs more than it saves: checked serially
RUNS_PER_WORKER = 4  # runs of files per worker: a slow run does not keep the others waiting
SHARED_CHECK = 0.2  # checking the shared catalog, against reading as many bytes (measured on bench_many)

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
    """The main process keeps the files that look like no project (their documents stay where the
    shared catalog is checked: none is sent) and, up to its share of the bytes, some projects;
    `workers - 1` processes take the other projects in runs.  A guess that a file holds a 评分表
    only places the file: where it is read, its parse decides what it is."""
    lark_parser()  # built before the fork: every worker has it
    data: list[bytes | OSError] = []
    for path in files:
        try:
            data.append(path.read_bytes())
        except OSError as exc:
            data.append(exc)
    mine, theirs = _place(data, workers)
    runs = _runs(theirs, (workers - 1) * RUNS_PER_WORKER) if theirs else []
    outcome: dict[int, Any] = {}
    with ProcessPoolExecutor(max(workers - 1, 1), mp_context=multiprocessing.get_context("fork")) as pool:
        futures = [pool.submit(_check_run, [files[i] for i in run], plan_year) for run in runs]
        for i in mine:
            outcome[i] = _outcome(files[i], data[i], plan_year)
        for run, future in zip(runs, futures, strict=True):
            outcome.update(zip(run, future.result(), strict=True))
    results = [outcome[i] for i in range(len(files))]
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


def _place(data: list[bytes | OSError], workers: int) -> tuple[list[int], list[int]]:
    """Indexes of the files the main process reads and of those the workers read.  The main
    process checks the shared catalog after the others end, so its share of the files to read is
    smaller by that work (SHARED_CHECK of the shared files' bytes); it reads the files that look
    like no project first (their documents then need not be sent), the rest go to the workers."""
    sizes = [len(d) if isinstance(d, bytes) else 0 for d in data]
    project = [isinstance(d, bytes) and _may_be_project(d) for d in data]
    shared = sum(size for size, p in zip(sizes, project, strict=True) if not p)
    budget = sum(sizes) / workers - SHARED_CHECK * shared
    mine: list[int] = []
    held = 0
    for want in (False, True):  # files that look like no project first
        for i, size in enumerate(sizes):
            if project[i] is want and (held < budget or not isinstance(data[i], bytes)):
                mine.append(i)
                held += size
    taken = set(mine)
    return sorted(mine), [i for i in range(len(data)) if i not in taken]


def _may_be_project(data: bytes) -> bool:
    try:
        return may_hold_scorecard(decode_text(data)[0])
    except NotText:
        return False


def _runs(items: list[int], count: int) -> list[list[int]]:
    """The items in `count` consecutive runs of about equal size (their order kept)."""
    size = -(-len(items) // max(count, 1))
    return [items[i : i + size] for i in range(0, len(items), size)]


def _check_run(files: list[Path], plan_year: int | None) -> list[Any]:
    """In a worker: each file read and parsed as `catalog._read_files` does; a project checked."""
    with paused_gc():
        out = []
        for path in files:
            try:
                data: bytes | OSError = path.read_bytes()
            except OSError as exc:
                data = exc
            out.append(_outcome(path, data, plan_year))
        return out


def _outcome(path: Path, data: bytes | OSError, plan_year: int | None) -> Any:
    """One file: unreadable (E110), a shared file's document, or a project's diagnostics."""
    try:
        if isinstance(data, OSError):
            raise data
        doc, found = read_document(data, str(path))
    except (OSError, NotText) as exc:
        return ("unreadable", Diagnostic("E110", Span(0, 0), Source(str(path), ""), unreadable_reason(exc)))
    if any(isinstance(st, A.Scorecard) for st in doc.statements):
        project = Catalog([doc], found, plan_year)
        return ("project", project.check(), len(project))
    return ("shared", doc, found)
