"""What the projects of one folder share, scored once: rows and weights.

Projects built from the same standard indicators share the resolved indicator (the parser and
the resolver hand every file that has the same indicator text the same `Resolved` object), and
a row is a pure function of that indicator, the units its file declares, the actual, the weight,
the scheme and the row's options (`score_indicator`).  So a row of one project that another
project already scored with the same inputs is the same row; equally the weights of a 评分表 of
the same shape (names, levels, declared weights, 不适用 rows, scheme, places).  And a project
whose statements are the very nodes of a project already checked clean (its 评分表 named and
titled otherwise) is clean too: it is not checked again, it takes its twin's context, and its
twin's indicators, compiled and read already, compute its values (`Memo.load`).

A `Memo` belongs to one folder run (`score_all` makes one and hands it to each `score`), so it
is explicit state with the lifetime of the run, never a module global; it is bounded.  Only
inputs whose equality means identical output are memoised: an actual is keyed with its type (1,
1.0 and True are equal but print differently) and a float or Decimal by its repr (Decimal('1.0')
equals Decimal('1.00')); a value of any other type (a date from a spreadsheet), and every refusal
(`ScoreInputError`), goes the long way each time.  Rows are
frozen models, shared between the reports of the run."""

from __future__ import annotations

import dataclasses
from collections.abc import Callable, Sequence
from decimal import Decimal
from fractions import Fraction
from pathlib import Path
from typing import Any, TypeVar

from .. import ast as A
from ..catalog import Catalog, load_file, read_document
from ..check import run_checks
from ..check.context import Context
from ..diagnostics import Diagnostic, Severity
from ..source import NotText, Span
from .indicator import Options
from .models import IndicatorScore
from .reading import Measured
from .schemes import Scheme
from .subject import Scorable
from .weights import Item

T = TypeVar("T")
_NOWHERE = Span(0, 0)
LIMIT = 200_000  # entries per table; past it the table starts again (a folder run of any size stays bounded)


class Memo:
    """Rows and weights already computed in this run, by everything they depend on."""

    def __init__(self, limit: int = LIMIT) -> None:
        self.limit = limit
        self.hits = 0
        self.misses = 0
        self._rows: dict[tuple[Any, ...], tuple[Any, Scheme, IndicatorScore]] = {}
        self._weights: dict[tuple[Any, ...], tuple[Scheme, dict[str, Fraction]]] = {}
        self._clean: dict[tuple[Any, ...], Catalog] = {}
        self._lookups: dict[int, tuple[Catalog, Any]] = {}

    def load(
        self, path: str | Path, name: str, plan_year: int | None = None
    ) -> tuple[Catalog, list[Diagnostic], Catalog | None]:
        """`load_file(path, name, plan_year)`, its errors and its twin, or None.  A project whose statements are the
        very nodes of a project of this run found clean (`shape_key`) is clean: it is not checked
        again, and it gets its twin's context (environment, resolved indicators), which building
        it would give again.  A project is remembered as clean only when the checks found no
        error at all, before `# noqa` (a pragma is a comment, which the key does not hold)."""
        try:
            doc, found = read_document(Path(path).read_bytes(), name)
        except (OSError, NotText):
            catalog = load_file(path, name, plan_year)  # E110, as the long way reports it
            return catalog, catalog.errors(), None
        key = shape_key([doc], found, plan_year)
        twin = self._clean.get(key) if key is not None else None
        if twin is not None:  # the stored twin keeps every node of the key alive: its ids are its own
            context = Context([doc], twin.context.env, twin.context.resolved)
            return Catalog([doc], found, plan_year, context), [], twin
        catalog = Catalog([doc], found, plan_year)
        errors = catalog.errors()
        if key is not None and not errors and not run_checks(catalog.context, errors_only=True):
            if len(self._clean) >= self.limit:
                self._clean.clear()
            self._clean[key] = catalog
        return catalog, errors, None

    def lookups(self, twin: Catalog, compute: Callable[[], T]) -> T:
        """What reading actuals looks names up in (`engine._Run._lookups`), built once for the
        projects whose twin is `twin`: their names, aliases and inputs are the twin's."""
        found = self._lookups.get(id(twin))
        if found is not None and found[0] is twin:
            return found[1]  # type: ignore[no-any-return]
        made = compute()
        if len(self._lookups) >= self.limit:
            self._lookups.clear()
        self._lookups[id(twin)] = (twin, made)
        return made

    def row(
        self,
        indicator: Scorable,
        actual: Any,
        weight: Fraction,
        scheme: Scheme,
        opts: Options,
        compute: Callable[[], IndicatorScore],
    ) -> IndicatorScore:
        """The row `compute()` gives for these inputs, computed once per distinct inputs."""
        key = row_key(indicator, actual, weight, scheme, opts)
        if key is None:
            return compute()
        found = self._rows.get(key)
        # the stored objects keep their ids alive, so an id in the key is never reused while stored
        if found is not None and found[0] is indicator.resolved and found[1] is scheme:
            self.hits += 1
            return found[2]
        self.misses += 1
        row = compute()  # a refusal raises and is not stored
        if len(self._rows) >= self.limit:
            self._rows.clear()
        self._rows[key] = (indicator.resolved, scheme, row)
        return row

    def weights(
        self,
        items: Sequence[Item],
        scheme: Scheme,
        not_applicable: set[str],
        places: int,
        compute: Callable[[], dict[str, Fraction]],
    ) -> dict[str, Fraction]:
        """`effective_weights` of a 评分表 of this shape, computed once per shape (a copy each time)."""
        key = weights_key(items, scheme, not_applicable, places)
        found = self._weights.get(key)
        if found is not None and found[0] is scheme:
            return dict(found[1])
        weights = compute()
        if len(self._weights) >= self.limit:
            self._weights.clear()
        self._weights[key] = (scheme, dict(weights))
        return weights


def row_key(
    indicator: Scorable, actual: Any, weight: Fraction, scheme: Scheme, opts: Options
) -> tuple[Any, ...] | None:
    """Everything `score_indicator` reads, as a key whose equality means the same row; None when
    an input could be equal to another one that prints differently (then nothing is memoised)."""
    value = value_key(actual)
    baselines = tuple(value_key(v) for _, v in opts.baselines)
    if value is None or None in baselines:
        return None
    if type(weight) is not Fraction or (opts.manual is not None and type(opts.manual) is not Fraction):
        return None
    units = indicator.declared_units
    key = (id(indicator.resolved), tuple(units.items()) if units else (), value, weight, id(scheme), opts, baselines)
    try:
        hash(key)
    except TypeError:
        return None
    return key


_SAME_TEXT = (str, int, bool, Fraction, type(None))  # equal values of one of these types print alike


def value_key(value: Any) -> tuple[Any, ...] | None:
    """A data value with its type (1, 1.0 and True are equal, and print differently); floats and
    Decimals by their repr (Decimal('1.0') equals Decimal('1.00')); None for any other type."""
    kind = type(value)
    if kind in _SAME_TEXT:
        return (kind, value)
    if kind is float or kind is Decimal:
        return (kind, repr(value))
    if kind is Measured:
        inner = value_key(value.value)
        return None if inner is None else (kind, inner)
    return None


def shape_key(
    documents: Sequence[A.Document], syntax: Sequence[Diagnostic], plan_year: int | None
) -> tuple[Any, ...] | None:
    """What the checks of a catalog read (its statements, the plan year given) as a key of
    node ids: files from one template share the parser's nodes, so their keys are equal.  A
    评分表 is keyed by its clauses, not by its name and title, which no check reads
    (tests/test_scoring_twins.py holds it).  None when a file has a syntax error."""
    if any(d.severity is Severity.ERROR for d in syntax):
        return None
    return (plan_year, tuple(tuple(map(_statement_key, doc.statements)) for doc in documents))


def _statement_key(st: A.Statement) -> Any:
    """A statement by its id; a 评分表 by the value of its clauses (each project's is its own node,
    and its clauses are moved to the project's offsets: new nodes, equal where the offsets are)."""
    if isinstance(st, A.Scorecard):  # every field but where it stands, its name and its title
        return dataclasses.replace(st, span=_NOWHERE, name="", name_span=_NOWHERE, title=None)
    return id(st)


def weights_key(items: Sequence[Item], scheme: Scheme, not_applicable: set[str], places: int) -> tuple[Any, ...]:
    """What `effective_weights` reads of each item (name, 一级, budget line or not, weight)."""
    shape = tuple((i.name, i.level1, i.indicator is None, i.weight) for i in items)
    return (shape, id(scheme), frozenset(not_applicable), places)


__all__ = ["LIMIT", "Memo", "row_key", "shape_key", "value_key", "weights_key"]
