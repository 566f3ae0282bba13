"""The floors of the package, read statically from its own imports (ast, nothing is run).

A floor imports only floors below it: the evaluation record under the engines, the engines
under the checker and the facade (`catalog.py`), scoring's per-row core under the facade too
(it takes a resolved indicator, not a `Catalog`).  No module imports itself back through
others.  Each test fails as soon as one import runs back up or closes a circle again."""

from __future__ import annotations

import ast
from collections.abc import Iterator
from functools import cache
from pathlib import Path

import pytest

import indicator_dsl

ROOT = Path(indicator_dsl.__file__).parent


def _module(path: Path) -> str:
    parts = ["indicator_dsl", *path.relative_to(ROOT).with_suffix("").parts]
    return ".".join(parts[:-1] if parts[-1] == "__init__" else parts)


@cache
def modules() -> dict[str, Path]:
    return {_module(p): p for p in ROOT.rglob("*.py")}


def _targets(name: str, path: Path) -> Iterator[str]:
    """Every module of the package `name` imports: top level, inside functions, under
    TYPE_CHECKING — an import written anywhere is an arrow."""
    package = name if path.name == "__init__.py" else name.rsplit(".", 1)[0]
    known = modules()
    for node in ast.walk(ast.parse(path.read_text(encoding="utf-8"))):
        if isinstance(node, ast.Import):
            yield from (a.name for a in node.names if a.name in known)
        elif isinstance(node, ast.ImportFrom):
            if node.level:
                base = package.split(".")[: len(package.split(".")) - node.level + 1]
                origin = ".".join([*base, node.module] if node.module else base)
            else:
                origin = node.module or ""
            for alias in node.names:  # `from . import codes` names a module; `from .x import f` names x
                sub = f"{origin}.{alias.name}"
                found = sub if sub in known else origin if origin in known else None
                if found is not None and found != name:
                    yield found


@cache
def graph() -> dict[str, frozenset[str]]:
    return {name: frozenset(_targets(name, path)) for name, path in modules().items()}


def reachable(start: str) -> set[str]:
    seen: set[str] = set()
    stack = [start]
    while stack:
        for nxt in graph()[stack.pop()]:
            if nxt not in seen:
                seen.add(nxt)
                stack.append(nxt)
    return seen


def cycles(edges: dict[str, frozenset[str]]) -> list[list[str]]:
    """Strongly connected components with more than one member (Tarjan, iterative)."""
    index: dict[str, int] = {}
    low: dict[str, int] = {}
    stack: list[str] = []
    on: set[str] = set()
    out: list[list[str]] = []
    for root in sorted(edges):
        if root in index:
            continue
        work = [(root, iter(sorted(edges.get(root, ()))))]
        index[root] = low[root] = len(index)
        stack.append(root)
        on.add(root)
        while work:
            v, it = work[-1]
            w = next(it, None)
            if w is None:
                work.pop()
                if work:
                    low[work[-1][0]] = min(low[work[-1][0]], low[v])
                if low[v] == index[v]:
                    comp = []
                    while True:
                        x = stack.pop()
                        on.discard(x)
                        comp.append(x)
                        if x == v:
                            break
                    if len(comp) > 1:
                        out.append(sorted(comp))
            elif w not in index:
                index[w] = low[w] = len(index)
                stack.append(w)
                on.add(w)
                work.append((w, iter(sorted(edges.get(w, ())))))
            elif w in on:
                low[v] = min(low[v], index[w])
    return out


def room(name: str) -> str:
    """The folder (`indicator_dsl.scoring`) or top-level module (`indicator_dsl.catalog`) a module is in."""
    return ".".join(name.split(".")[:2])


def test_the_reader_sees_the_package() -> None:
    """The graph is not empty by mistake: known arrows are there."""
    assert "indicator_dsl.backends.exact" in graph()["indicator_dsl.catalog"]
    assert "indicator_dsl.evaluation" in graph()["indicator_dsl.backends.results"]
    assert "indicator_dsl.scoring.indicator" in graph()["indicator_dsl.scoring.groups"]


def test_cycles_are_found() -> None:
    edges = {"a": frozenset({"b"}), "b": frozenset({"c"}), "c": frozenset({"a"}), "d": frozenset({"a"})}
    assert cycles(edges) == [["a", "b", "c"]]
    assert cycles({"a": frozenset({"b"}), "b": frozenset()}) == []


def test_no_module_imports_itself_back() -> None:
    """No circle of modules (monitor engine/budget/conditions, scoring by_rule/indicator,
    catalog/backends results/vector were ones)."""
    assert cycles(graph()) == []


def test_no_folder_imports_itself_back() -> None:
    """Folders and top-level modules as rooms: no circle between them either (check ↔ criteria,
    backends ↔ catalog ↔ scoring were ones)."""
    rooms: dict[str, set[str]] = {}
    for name, targets in graph().items():
        if room(name) == "indicator_dsl":  # the public face re-exports from everywhere
            continue
        rooms.setdefault(room(name), set()).update(
            room(t) for t in targets if room(t) not in (room(name), "indicator_dsl")
        )
    assert cycles({k: frozenset(v) for k, v in rooms.items()}) == []


ABOVE_THE_ENGINES = ("catalog", "check", "criteria", "scoring", "monitor", "audit", "importers", "reports")
ABOVE_THE_ENGINES += ("commands", "service", "cli", "records", "catalog_store", "spark")


@pytest.mark.parametrize("module", sorted(m for m in modules() if room(m) == "indicator_dsl.backends"))
def test_engines_import_nothing_above_them(module: str) -> None:
    """The engines return `evaluation.Evaluation`s and never reach up into the facade or scoring."""
    above = {f"indicator_dsl.{r}" for r in ABOVE_THE_ENGINES}
    assert {room(t) for t in reachable(module)} & above == set()


SCORING_CORE = ("indicator", "by_rule", "by_kind", "reading", "subject", "schemes", "rules", "models", "groups")


@pytest.mark.parametrize("module", [f"indicator_dsl.scoring.{m}" for m in SCORING_CORE])
def test_scoring_one_row_needs_no_catalog(module: str) -> None:
    """`score_indicator` and what it uses sit below the facade: the audit and the engines' group
    scores can use them without a Catalog."""
    assert "indicator_dsl.catalog" not in reachable(module)


@pytest.mark.parametrize("module", sorted(m for m in modules() if room(m) == "indicator_dsl.audit"))
def test_the_audit_builds_no_catalog(module: str) -> None:
    assert "indicator_dsl.catalog" not in reachable(module)


def test_the_evaluation_record_is_on_a_low_floor() -> None:
    assert reachable("indicator_dsl.evaluation") <= {
        "indicator_dsl.diagnostics",
        "indicator_dsl.rational",
        "indicator_dsl.source",
        "indicator_dsl.units",  # ground floor too (it imports only rational): the one display of amounts
    }
    assert reachable("indicator_dsl.units") <= {"indicator_dsl.rational"}


def test_the_public_evaluation_is_the_engines_one() -> None:
    from indicator_dsl import Evaluation, loads
    from indicator_dsl.evaluation import Evaluation as Record

    assert Evaluation is Record
    ev = loads("r = a / b * 100%")["r"].evaluate({"a": 1, "b": 4})
    assert type(ev) is Record and ev.display == "25.00%"
