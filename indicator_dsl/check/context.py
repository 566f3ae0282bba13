"""What every pass sees: the documents, the name environment, resolved indicators."""

from __future__ import annotations

import collections
import threading
from collections.abc import Iterator
from dataclasses import dataclass, field
from typing import Any

from .. import ast as A
from ..semantics import Env, Resolved
from ..source import Source
from ..units import Unit


@dataclass
class Context:
    documents: list[A.Document]
    env: Env
    resolved: dict[int, Resolved] = field(default_factory=dict)  # id(Indicator node) → Resolved

    def indicators(self) -> Iterator[tuple[Source, A.Indicator]]:
        for doc in self.documents:
            for st in doc.statements:
                if isinstance(st, A.Indicator):
                    yield doc.source, st

    def statements(self) -> Iterator[tuple[Source, A.Statement]]:
        for doc in self.documents:
            for st in doc.statements:
                yield doc.source, st


def build_context(documents: list[A.Document], plan_year: int | None = None) -> Context:
    """Resolve every indicator once; passes and backends share the result."""
    from ..semantics import UnitInference, build_env

    env = build_env(documents, plan_year)
    ctx = Context(documents, env)
    for doc in documents:
        for st in doc.statements:
            if isinstance(st, A.Indicator):
                infer = UnitInference(env, doc.source)
                inferred = infer.infer(st.formula.expr) if st.formula else None
                ctx.resolved[id(st)] = _resolved(st, env, inferred, tuple(infer.undeclared))
    return ctx


class _Resolutions:
    """Resolved indicators by their node, for the catalogs that share the node: the parser hands
    every file that has a block at the same offset the very nodes it built before (a folder of
    projects made from one template, a common file loaded with each project).  What resolving
    reads besides the node is in the key: the formula's unit and guessed inputs, the plan year and
    the declared units.  Bounded; the node is kept with its entry, so its id is never reused."""

    SIZE = 4096

    def __init__(self) -> None:
        self.items: collections.OrderedDict[tuple[Any, ...], Resolved] = collections.OrderedDict()
        self.lock = threading.Lock()

    def get(self, key: tuple[Any, ...], node: A.Indicator) -> Resolved | None:
        with self.lock:
            found = self.items.get(key)
            if found is None or found.node is not node:
                return None
            self.items.move_to_end(key)
            return found

    def put(self, key: tuple[Any, ...], resolved: Resolved) -> None:
        with self.lock:
            self.items[key] = resolved
            while len(self.items) > self.SIZE:
                self.items.popitem(last=False)


_RESOLUTIONS = _Resolutions()


def _resolved(st: A.Indicator, env: Env, inferred: Unit | None, undeclared: tuple[str, ...]) -> Resolved:
    from ..semantics import resolve_indicator

    key = (id(st), inferred, undeclared, env.plan_year, tuple(env.declared_units.items()))
    found = _RESOLUTIONS.get(key, st)
    if found is None:
        found = resolve_indicator(st, env, inferred, undeclared)
        _RESOLUTIONS.put(key, found)
    return found
