"""What every pass sees: the documents, the name environment, resolved indicators."""

from __future__ import annotations

from collections.abc import Iterator
from dataclasses import dataclass, field

from .. import ast as A
from ..semantics import Env, Resolved
from ..source import Source


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
    from ..semantics import UnitInference, build_env, resolve_indicator

    env = build_env(documents, plan_year)
    ctx = Context(documents, env)
    for doc in documents:
        for st in doc.statements:
            if isinstance(st, A.Indicator):
                infer = UnitInference(env, doc.source)
                inferred = infer.infer(st.formula.expr) if st.formula else None
                ctx.resolved[id(st)] = resolve_indicator(st, env, inferred, infer.undeclared)
    return ctx
