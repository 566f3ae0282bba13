"""The public objects: `Catalog` (indicators of one or more files) and `Indicator`.

`load`/`loads` parse and resolve; `check()` returns every diagnostic; an indicator compiles on
first use and evaluates records exactly.  Nothing here imports a heavy library.
"""

from __future__ import annotations

import contextlib
import functools
import gc
from collections.abc import Callable, Iterable, Iterator, Mapping
from fractions import Fraction
from pathlib import Path
from typing import Any

from . import ast as A
from . import units as U
from .backends.exact import Compiled, EvalFailure, compile_indicator
from .check import build_context, run_checks
from .check.context import Context
from .check.pragmas import apply_noqa
from .diagnostics import Diagnostic, Severity, has_errors, sort_key
from .evaluation import DEFAULT_PLACES, Evaluation
from .parser import parse_document
from .semantics import MAX_DEFINITION_DEPTH, Resolved
from .source import NotText, Source, Span, decode_text


def _bind_evaluate(
    function: Callable[[Mapping[str, Any]], Any], name: str, unit: str, factor: Fraction
) -> Callable[[Mapping[str, Any], int], Evaluation]:
    """Per-record evaluation with everything it needs in closure cells; Evaluations are built
    with tuple.__new__, skipping NamedTuple's keyword handling."""
    new = tuple.__new__

    def evaluate(record: Mapping[str, Any], places: int = DEFAULT_PLACES) -> Evaluation:
        try:
            n, d, grade, met = function(record)
        except EvalFailure as exc:
            return new(Evaluation, (name, None, None, unit, factor, None, None, exc.code, exc.args_, places))
        return new(Evaluation, (name, n, d, unit, factor, grade, met, None, None, places))

    return evaluate


class Indicator:
    """An indicator of a catalog: the AST node, its resolved meaning, a compiled evaluator."""

    def __init__(self, resolved: Resolved, catalog: Catalog, source: Source) -> None:
        self.resolved = resolved
        self.node = resolved.node
        self.catalog = catalog
        self.file = source

    def __repr__(self) -> str:
        return f"Indicator({self.name!r})"

    @property
    def name(self) -> str:
        return self.node.name

    @property
    def aliases(self) -> tuple[str, ...]:
        return self.node.all_aliases

    @property
    def unit(self) -> str:
        return self.resolved.unit.name if self.resolved.unit else ""

    @property
    def direction(self) -> A.Direction:
        return self.resolved.direction

    @property
    def weight(self) -> Fraction | None:
        return self.resolved.weight

    @property
    def declared_units(self) -> Mapping[str, U.Unit]:
        """The units the catalog's files declare (`单位 亩 = …`): what scoring reads actuals in."""
        return self.catalog.context.env.declared_units

    @functools.cached_property
    def inputs(self) -> tuple[str, ...]:
        """The record fields the formula reads (definitions expanded); the catalog does not
        change, so they are found once."""
        from .semantics import referenced_names

        env = self.catalog.context.env
        seen: dict[str, None] = {}
        stack = [self.resolved.expr] if self.resolved.expr else []
        visited: set[str] = set()
        while stack:
            for ref in referenced_names(stack.pop()):
                if ref.name in env.definitions and ref.name not in visited:
                    visited.add(ref.name)
                    stack.append(env.definitions[ref.name])
                elif ref.name not in env.definitions:
                    seen.setdefault(ref.name)
        return tuple(seen)

    @functools.cached_property
    def rule(self) -> Any:
        """The `评分` clause read into a structured rule (`criteria.Rule`), None when absent or unreadable."""
        from .criteria import resolve

        return resolve(self.node, self.resolved, self.file).rule

    @functools.cached_property
    def compiled(self) -> Compiled:
        errors = [d for d in self.catalog.errors() if self._concerns(d)]
        if errors:
            raise CompileError(self.name, errors)
        try:
            return compile_indicator(self.resolved, self.catalog.context.env, make=Evaluation)
        except RecursionError:
            too_deep = Diagnostic("E207", self.node.name_span, self.file, {"limit": MAX_DEFINITION_DEPTH})
            raise CompileError(self.name, [too_deep]) from None

    @property
    def source(self) -> str:
        """The generated Python source of the exact evaluator (for debugging and golden tests)."""
        return self.compiled.source

    def _concerns(self, diag: Diagnostic) -> bool:
        span = self.node.span
        if diag.source is not self.file or diag.span is None:
            return diag.code in ("E202",)
        return span.start <= diag.span.start < max(span.end, span.start + 1) or diag.code == "E202"

    def evaluate(self, record: Mapping[str, Any], places: int = DEFAULT_PLACES) -> Evaluation:
        """Value, grade and target met for one record; failures come back as an error code.

        The first call compiles and then binds the generated `record` function (which builds the
        Evaluation itself, everything it needs in locals) as this instance's `evaluate`, so later
        calls are one call of generated code (the hot path)."""
        compiled = self.compiled
        fast = compiled.record
        if fast is None or compiled.record_type is not Evaluation:
            unit = self.resolved.unit
            fast = _bind_evaluate(
                compiled.function, self.name, unit.name if unit else "", unit.factor if unit else Fraction(1)
            )
        self.evaluate = fast  # type: ignore[method-assign,assignment]
        return fast(record, places)  # type: ignore[no-any-return]

    def grade(self, record: Mapping[str, Any]) -> str | None:
        """The grade alone (None when no band matches or the record fails: `evaluate` says why),
        exact, with nothing built but the answer — the fastest per-record path."""
        fast = self.compiled.grade
        self.grade = fast  # type: ignore[method-assign,assignment]
        return fast(record)  # type: ignore[no-any-return]

    def evaluate_many(self, records: Iterable[Mapping[str, Any]], places: int = DEFAULT_PLACES) -> list[Evaluation]:
        return [self.evaluate(r, places) for r in records]

    def evaluate_batch(self, columns: Any) -> Any:
        """Whole columns at once (mapping name → sequence/np.ndarray, or a polars DataFrame) →
        `backends.vector.BatchResult`; grades and met equal `evaluate`'s on every record."""
        from .backends.vector import evaluate_batch

        _ = self.compiled  # raises CompileError when the indicator has errors
        return evaluate_batch(self.resolved, self.catalog.context.env, columns)

    def to_dict(self) -> dict[str, Any]:
        data: dict[str, Any] = A.to_data(self.node)
        data["resolved"] = {
            "unit": self.unit,
            "direction": self.direction.value,
            "target": None
            if self.resolved.target is None
            else {"comparator": self.resolved.target.comparator.value, "value": str(self.resolved.target.value)},
            "bands": [
                {
                    "grade": b.grade,
                    "low": None if b.low is None else str(b.low),
                    "low_closed": b.low_closed,
                    "high": None if b.high is None else str(b.high),
                    "high_closed": b.high_closed,
                }
                for b in self.resolved.bands
            ],
        }
        return data


class CompileError(Exception):
    """Raised when an indicator with errors is evaluated; carries the diagnostics."""

    def __init__(self, name: str, diagnostics: list[Diagnostic]) -> None:
        super().__init__(
            f"indicator {name!r} has {len(diagnostics)} error(s): "
            + "; ".join(f"{d.code} {d.message('en')}" for d in diagnostics[:3])
        )
        self.diagnostics = diagnostics


class Catalog:
    """The indicators, definitions and scorecards of one or more `.ind` texts."""

    def __init__(
        self,
        documents: list[A.Document],
        syntax: list[Diagnostic],
        plan_year: int | None = None,
        context: Context | None = None,
    ) -> None:
        """`context`: one built already for these very statements and plan year (a folder run
        hands a project the context of its twin, `scoring.memo`); else it is built here."""
        self.documents = documents
        self.syntax_diagnostics = syntax
        self.context: Context = build_context(documents, plan_year) if context is None else context
        self._indicators: dict[str, Indicator] = {}
        self._aliases: dict[str, str] = {}
        for doc in documents:
            for st in doc.statements:
                if isinstance(st, A.Indicator) and st.name not in self._indicators:
                    self._indicators[st.name] = Indicator(self.context.resolved[id(st)], self, doc.source)
        for ind in self._indicators.values():
            for alias in ind.aliases:
                self._aliases.setdefault(alias, ind.name)
        self._diagnostics: list[Diagnostic] | None = None
        self._errors: list[Diagnostic] | None = None

    def __getitem__(self, name: str) -> Indicator:
        key = self._aliases.get(name, name) if name not in self._indicators else name
        if key not in self._indicators:
            raise KeyError(name)
        return self._indicators[key]

    def __contains__(self, name: object) -> bool:
        return name in self._indicators or name in self._aliases

    def __iter__(self) -> Iterator[Indicator]:
        return iter(self._indicators.values())

    def __len__(self) -> int:
        return len(self._indicators)

    @property
    def indicators(self) -> list[Indicator]:
        return list(self._indicators.values())

    @property
    def scorecards(self) -> list[A.Scorecard]:
        return [st for doc in self.documents for st in doc.statements if isinstance(st, A.Scorecard)]

    def statements(self, kind: type) -> list[Any]:
        return [st for doc in self.documents for st in doc.statements if isinstance(st, kind)]

    def check(self) -> list[Diagnostic]:
        """Every diagnostic of every file, sorted by file, line, column."""
        if self._diagnostics is None:
            found = apply_noqa(self.syntax_diagnostics + run_checks(self.context))
            self._diagnostics = sorted(found, key=sort_key)
        return list(self._diagnostics)

    def errors(self) -> list[Diagnostic]:
        """The errors of `check()`, in its order, without running the passes that only warn:
        what scoring and compiling ask before they start (a folder of projects asks it per file)."""
        if self._diagnostics is not None:
            return [d for d in self._diagnostics if d.severity is Severity.ERROR]
        if self._errors is None:
            syntax = [d for d in self.syntax_diagnostics if d.severity is Severity.ERROR]
            self._errors = sorted(apply_noqa(syntax + run_checks(self.context, errors_only=True)), key=sort_key)
        return list(self._errors)

    @property
    def ok(self) -> bool:
        return not has_errors(self.check())

    def to_dict(self) -> dict[str, Any]:
        return {"files": [d.source.name for d in self.documents], "indicators": [ind.to_dict() for ind in self]}


def loads(text: str, name: str = "<string>") -> Catalog:
    """A catalog from `.ind` text.  Never raises on bad text: see `catalog.check()`."""
    doc, diags = parse_document(text, name)
    return Catalog([doc], diags)


def load(*paths: str | Path, plan_year: int | None = None) -> Catalog:
    """A catalog from files or directories (every `*.ind` below a directory, sorted).
    Unreadable files become E110 diagnostics and the rest is still loaded; GB18030 (GBK)
    files are read and noted (I112); a directory without `.ind` files is E111.  `plan_year`
    overrides the scorecards' `年度` (`check --year`)."""
    read, diags = _read_files(paths)
    return Catalog([doc for doc, _ in read], diags + [d for _, found in read for d in found], plan_year)


def load_projects(*paths: str | Path, plan_year: int | None = None) -> list[Catalog]:
    """The catalogs `check` checks, read as `load` reads them: each file with a 评分表 is a
    project on its own, as `score DIR` scores it (two projects may both define 满意度); the
    files without one form one catalog together (a catalog split over files), first."""
    with paused_gc():
        read, diags = _read_files(paths)
        is_project = [any(isinstance(st, A.Scorecard) for st in doc.statements) for doc, _ in read]
        projects = [pair for pair, project in zip(read, is_project, strict=True) if project]
        rest = [pair for pair, project in zip(read, is_project, strict=True) if not project]
        shared = Catalog([doc for doc, _ in rest], diags + [d for _, found in rest for d in found], plan_year)
        return [shared] + [Catalog([doc], found, plan_year) for doc, found in projects]


@contextlib.contextmanager
def paused_gc() -> Iterator[None]:
    """The cyclic garbage collector off while a folder is read and checked: parsing makes no
    cycles (trees and nodes only point down), but every collection walks all the nodes built so
    far, a tenth of the time of `check` over thousands of files.  Nested pauses keep it off until
    the outermost ends; an exception's cycles are collected after."""
    was = gc.isenabled()
    gc.disable()
    try:
        yield
    finally:
        if was:
            gc.enable()


def _read_files(paths: Iterable[str | Path]) -> tuple[list[tuple[A.Document, list[Diagnostic]]], list[Diagnostic]]:
    """Every file's document with its syntax diagnostics, and E110/E111 for what could not be read."""
    read: list[tuple[A.Document, list[Diagnostic]]] = []
    diags: list[Diagnostic] = []
    for path in map(Path, paths):
        if path.is_dir() and not any(path.rglob("*.ind")):
            diags.append(Diagnostic("E111", Span(0, 0), Source(str(path), ""), {}))
    with paused_gc():
        for path in expand_paths(paths):
            try:
                read.append(read_document(path.read_bytes(), str(path)))
            except (OSError, NotText) as exc:
                diags.append(Diagnostic("E110", Span(0, 0), Source(str(path), ""), unreadable_reason(exc)))
    return read, diags


def load_file(path: str | Path, name: str | None = None, plan_year: int | None = None) -> Catalog:
    """One `.ind` file read as `load` reads it, under `name` (a scorecard named as people read
    it, relative to the working directory); an unreadable one is E110 in the catalog."""
    path = Path(path)
    try:
        doc, found = read_document(path.read_bytes(), name or str(path))
    except (OSError, NotText) as exc:
        return Catalog([], [Diagnostic("E110", Span(0, 0), Source(str(path), ""), unreadable_reason(exc))], plan_year)
    return Catalog([doc], found, plan_year)


def load_bytes(data: bytes, name: str = "<bytes>") -> Catalog:
    """A catalog from the bytes of one `.ind` file (an upload), read as `load` reads a file:
    UTF-8 or GB18030 (noted, I112).  Raises NotText for binary data or another encoding."""
    doc, diags = read_document(data, name)
    return Catalog([doc], diags)


def read_document(data: bytes, name: str) -> tuple[A.Document, list[Diagnostic]]:
    """The bytes of one `.ind` file as every reader takes them (UTF-8, or GB18030 noted I112):
    its document and syntax diagnostics.  Raises NotText."""
    text, encoding = decode_text(data)
    doc, found = parse_document(text, name)
    if encoding != "utf-8":
        found = [*found, Diagnostic("I112", None, doc.source, {"encoding": encoding.upper()})]
    return doc, found


def expand_paths(paths: Iterable[str | Path]) -> list[Path]:
    out: list[Path] = []
    for p in map(Path, paths):
        out += sorted(p.rglob("*.ind")) if p.is_dir() else [p]
    return out


def unreadable_reason(exc: Exception) -> dict[str, str]:
    """E110's reason in both languages."""
    if isinstance(exc, FileNotFoundError):
        return {"reason": "文件不存在", "reason_en": "no such file"}
    if isinstance(exc, IsADirectoryError):
        return {"reason": "这是一个目录", "reason_en": "it is a directory"}
    if isinstance(exc, NotText):
        return {"reason": "不是文本文件（UTF-8 或 GBK）", "reason_en": "not a text file (UTF-8 or GBK)"}
    return {
        "reason": getattr(exc, "strerror", None) or str(exc),
        "reason_en": getattr(exc, "strerror", None) or str(exc),
    }
