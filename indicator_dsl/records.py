"""Evaluating records, as `eval` and the HTTP service both do it: choose the indicators, refuse a
catalog with errors, run the exact engine.  One place, so the two can never disagree.

>>> from indicator_dsl import loads
>>> from indicator_dsl.records import evaluate_records
>>> [(row, ev.display) for row, ev in evaluate_records(loads("r = a / b * 100%"), [{"a": 1, "b": 4}])]
[(1, '25.00%')]
"""

from __future__ import annotations

from collections.abc import Iterable, Mapping, Sequence
from typing import Any

from .catalog import Catalog, Indicator
from .diagnostics import Diagnostic
from .evaluation import Evaluation
from .naming import did_you_mean, hint_args
from .source import Source, Span


class InputError(Exception):
    """A usage or input problem (E406, E408, E409), carried as a coded diagnostic."""

    def __init__(self, code: str, where: str = "<input>", **args: Any) -> None:
        super().__init__(code)
        self.diagnostic = Diagnostic(code, Span(0, 0), Source(where, ""), args)


class UnusableCatalog(Exception):
    """The catalog has errors: evaluating around a duplicate, a cycle or broken syntax would mislead."""

    def __init__(self, errors: list[Diagnostic]) -> None:
        super().__init__(f"{len(errors)} errors")
        self.errors = errors


def errors_of(catalog: Catalog) -> list[Diagnostic]:
    return catalog.errors()


def pick(catalog: Catalog, names: Sequence[str]) -> list[Indicator]:
    """The named indicators (E408 for an unknown name), or every indicator with a formula (E409: none)."""
    if not names:
        found = [ind for ind in catalog if ind.node.formula is not None]
        if not found:
            raise InputError("E409", catalog.documents[0].source.name if catalog.documents else "<input>")
        return found
    missing = [n for n in names if n not in catalog]
    if missing:
        known = [n for ind in catalog for n in (ind.name, *ind.aliases)]
        raise InputError(
            "E408", "--indicator", name=", ".join(missing), **hint_args(did_you_mean(missing[0], known, n=3))
        )
    return [catalog[n] for n in names]


def evaluate_records(
    catalog: Catalog,
    records: Iterable[Mapping[str, Any]],
    names: Sequence[str] = (),
    places: int = 2,
    first_row: int = 1,
) -> list[tuple[int, Evaluation]]:
    """(row, Evaluation) for every record × chosen indicator, exactly; a bad record gets its code
    (E401/E402/E403) and the others still evaluate.  Raises UnusableCatalog or InputError."""
    errors = errors_of(catalog)
    if errors:
        raise UnusableCatalog(errors)
    indicators = pick(catalog, names)
    return [
        (row, ind.evaluate(dict(record), places))
        for row, record in enumerate(records, start=first_row)
        for ind in indicators
    ]
