"""Names: undefined references, duplicate indicators, definition cycles, formula aliases."""

from __future__ import annotations

from collections.abc import Iterator
from typing import NamedTuple

from .. import ast as A
from ..diagnostics import Diagnostic
from ..naming import did_you_mean, name_key
from ..semantics import FUNCTIONS, MAX_DEFINITION_DEPTH, referenced_names
from ..source import Source, Span
from . import codes as _codes  # noqa: F401 - registers E208
from .context import Context


def _formulas(ctx: Context) -> Iterator[tuple[Source, str, A.Expr]]:
    for source, st in ctx.statements():
        if isinstance(st, A.Indicator) and st.formula:
            yield source, st.name, st.formula.expr
        elif isinstance(st, A.Definition):
            yield source, st.name, st.expr
        elif isinstance(st, A.Assertion):
            yield source, "", st.left
            yield source, "", st.right
        elif isinstance(st, A.Scorecard) and st.budget:
            yield source, "", st.budget.expr


def check_names(ctx: Context) -> Iterator[Diagnostic]:
    yield from _duplicates(ctx)
    yield from _aliases(ctx)
    yield from _shared_names(ctx)
    yield from _calls(ctx)
    yield from _cycles(ctx)
    yield from _depth(ctx)


def _duplicates(ctx: Context) -> Iterator[Diagnostic]:
    seen: dict[str, tuple[Source, Span]] = {}
    for source, st in ctx.statements():
        if not isinstance(st, (A.Indicator, A.Definition)):
            continue
        if st.name in seen:
            first_source, first_span = seen[st.name]
            args = {"name": st.name, **_place(first_source, first_span, source)}
            yield Diagnostic("E203", st.name_span, source, args)
        else:
            seen[st.name] = (source, st.name_span)


def _place(source: Source, span: Span, here: Source) -> dict[str, object]:
    """Where the other name stands: its line, with its file when that is another file."""
    line = source.location(span.start)[0]
    other = "" if source.name == here.name else source.name
    zh = f" {other} 第 {line} 行" if other else f"第 {line} 行"
    return {"line": line, "file": source.name, "place": zh, "place_en": f"{other} line {line}".lstrip()}


def _aliases(ctx: Context) -> Iterator[Diagnostic]:
    for source, ind in ctx.indicators():
        f = ind.formula
        if f and f.lhs and f.lhs != ind.name and not ind.one_line:
            yield Diagnostic("I204", f.lhs_span, source, {"lhs": f.lhs, "name": ind.name})


class _Written(NamedTuple):
    source: Source
    indicator: A.Indicator
    text: str
    span: Span
    alias: bool


def _written_names(source: Source, ind: A.Indicator) -> Iterator[_Written]:
    """An indicator's name, its aliases and a formula name that differs (each once per key)."""
    seen: set[str] = set()
    spans = ind.alias_spans if len(ind.alias_spans) == len(ind.aliases) else (ind.name_span,) * len(ind.aliases)
    lhs = ind.formula.lhs if ind.formula and not ind.one_line else None
    written = [(ind.name, ind.name_span, False), *zip(ind.aliases, spans, [True] * len(spans), strict=True)]
    if lhs and ind.formula and ind.formula.lhs_span:
        written.append((lhs, ind.formula.lhs_span, True))
    for text, span, alias in written:
        key = name_key(text)
        if key not in seen:
            seen.add(key)
            yield _Written(source, ind, text, span, alias)


def _shared_names(ctx: Context) -> Iterator[Diagnostic]:
    """An alias that two indicators share, or that is another indicator's name (under the one
    normalisation actuals use), is an error at both places: a row with it would go to one of them
    and the other would lose its value.  Two names equal as written are E203 instead."""
    holders: dict[str, list[_Written]] = {}
    for source, ind in ctx.indicators():
        for w in _written_names(source, ind):
            holders.setdefault(name_key(w.text), []).append(w)
    for group in holders.values():
        if len({id(w.indicator) for w in group}) < 2:
            continue
        if not any(w.alias for w in group) and len({w.text for w in group}) == 1:
            continue
        for w in group:
            o = next(x for x in group if x.indicator is not w.indicator)
            what = ("别名", "the alias") if o.alias else ("名称", "the name")
            args: dict[str, object] = {"written": w.text, "other": o.indicator.name, "theirs": o.text}
            args |= {"what": what[0], "what_en": what[1], **_place(o.source, o.span, w.source)}
            yield Diagnostic("E208", w.span, w.source, args)


def _calls(ctx: Context) -> Iterator[Diagnostic]:
    """Undefined names.  A free name in a formula is an input, unless the files declare their
    inputs (`输入 …`): then every name must be declared or defined.  Names in `核对` must be
    defined, and only known functions can be called."""
    env = ctx.env
    strict = bool(env.input_units)
    known = set(env.definitions) | set(env.input_units)
    for source, _name, expr in _formulas(ctx):
        for node in _walk_calls(expr):
            if node.func not in FUNCTIONS:
                yield Diagnostic("E206", node.span, source, {"name": node.func, "choices": ", ".join(FUNCTIONS)})
    for source, st in ctx.statements():
        exprs = [st.left, st.right] if isinstance(st, A.Assertion) else []
        if strict and isinstance(st, (A.Indicator, A.Definition)):
            exprs = [st.formula.expr] if isinstance(st, A.Indicator) and st.formula else []
            exprs += [st.expr] if isinstance(st, A.Definition) else []
        for expr in exprs:
            for ref in referenced_names(expr):
                if ref.name not in known:
                    close = did_you_mean(ref.name, known, cutoff=0.6)
                    fix = (f"是否应为“{close[0]}”？", f"did you mean '{close[0]}'?") if close else (None, None)
                    yield Diagnostic("E201", ref.span, source, {"name": ref.name}, *fix)


def _walk_calls(expr: A.Expr) -> Iterator[A.Call]:
    stack: list[A.Expr] = [expr]
    while stack:
        node = stack.pop()
        if isinstance(node, A.Call):
            yield node
            stack.extend(node.args)
        elif isinstance(node, A.BinOp):
            stack += [node.left, node.right]
        elif isinstance(node, A.Neg):
            stack.append(node.operand)


def _cycles(ctx: Context) -> Iterator[Diagnostic]:
    defs = ctx.env.definitions
    where: dict[str, tuple[Source, Span]] = {}
    for source, st in ctx.statements():
        if isinstance(st, (A.Indicator, A.Definition)):
            where.setdefault(st.name, (source, st.name_span))
    graph = {name: [r.name for r in referenced_names(expr) if r.name in defs] for name, expr in defs.items()}
    reported: set[frozenset[str]] = set()
    state: dict[str, int] = {}
    for start in graph:
        if state.get(start):
            continue
        stack: list[tuple[str, int]] = [(start, 0)]
        path: list[str] = []
        while stack:
            node, i = stack.pop()
            if i == 0:
                state[node] = 1
                path.append(node)
            if i < len(graph[node]):
                stack.append((node, i + 1))
                nxt = graph[node][i]
                if state.get(nxt) == 1:
                    cycle = path[path.index(nxt) :] + [nxt]
                    key = frozenset(cycle)
                    if key not in reported and cycle[0] in where:
                        reported.add(key)
                        source, span = where[cycle[0]]
                        yield Diagnostic("E202", span, source, {"cycle": " → ".join(cycle)})
                elif not state.get(nxt):
                    stack.append((nxt, 0))
            else:
                state[node] = 2
                path.pop()


def _depth(ctx: Context) -> Iterator[Diagnostic]:
    """Chains of definitions deeper than MAX_DEFINITION_DEPTH (computed without recursion)."""
    defs = ctx.env.definitions
    graph = {name: {r.name for r in referenced_names(expr) if r.name in defs} for name, expr in defs.items()}
    depth: dict[str, int] = {}
    for start in graph:
        stack = [start]
        while stack:
            node = stack[-1]
            pending = [n for n in graph[node] if n not in depth and n not in stack]
            if pending:
                stack.extend(pending[:1])
                continue
            stack.pop()
            depth[node] = 1 + max((depth.get(n, 0) for n in graph[node]), default=0)
    for source, st in ctx.statements():
        if isinstance(st, (A.Indicator, A.Definition)) and depth.get(st.name, 0) > MAX_DEFINITION_DEPTH:
            yield Diagnostic("E207", st.name_span, source, {"limit": MAX_DEFINITION_DEPTH})
