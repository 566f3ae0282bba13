"""Advice for `indicator-dsl lint`: habits of a well-kept table, reported as infos.

These are not mistakes, so `check` leaves them out; ADVICE is the registry lint runs.
"""

from __future__ import annotations

from collections.abc import Callable, Iterable, Iterator

from .. import ast as A
from ..diagnostics import Diagnostic
from . import codes as _codes  # noqa: F401 - registers the codes used below
from .context import Context


def missing_source(ctx: Context) -> Iterator[Diagnostic]:
    """An indicator without `来源` cannot be traced back to the table it came from."""
    for source, ind in ctx.indicators():
        if not ind.one_line and not ind.source:
            yield Diagnostic(
                "I561", ind.name_span, source, {"name": ind.name}, "来源 “文件 表 行”", "来源 'file table row'"
            )


def missing_weight(ctx: Context) -> Iterator[Diagnostic]:
    """In a file with a scorecard every block indicator is scored, so it needs a weight."""
    for doc in ctx.documents:
        if not any(isinstance(st, A.Scorecard) for st in doc.statements):
            continue
        for st in doc.statements:
            if isinstance(st, A.Indicator) and not st.one_line and st.weight is None:
                yield Diagnostic("I562", st.name_span, doc.source, {"name": st.name}, "权重 …", "权重 (weight) …")


ADVICE: list[Callable[[Context], Iterable[Diagnostic]]] = [missing_source, missing_weight]
