"""offsets.py: the depth bound that lets a file skip the depth walk, and the pruned search for
tokens holding a # (node offsets themselves are held equal to lark's in test_core_parser.py)."""

from __future__ import annotations

import importlib.util
import random
from pathlib import Path
from typing import Any

import pytest
from hypothesis import HealthCheck, given, settings
from hypothesis import strategies as st
from lark import Tree
from lark.exceptions import UnexpectedInput

from indicator_dsl import offsets as O
from indicator_dsl import parser as P
from tests.conftest import ROOT

_spec = importlib.util.spec_from_file_location("front_end_fuzz_depth", ROOT / "benchmarks" / "fuzz" / "front_end.py")
assert _spec is not None and _spec.loader is not None
_FUZZ = importlib.util.module_from_spec(_spec)
_spec.loader.exec_module(_FUZZ)
FILES = sorted(p for d in ("examples", "catalog", "tests/fixtures") for p in (ROOT / d).rglob("*.ind"))


def _depth(tree: Tree) -> int:
    """The depth `deepest` counts: the root 0, each child one more (tokens included)."""
    most, stack = 0, [(tree, 0)]
    while stack:
        node, depth = stack.pop()
        most = max(most, depth)
        if isinstance(node, Tree):
            stack.extend((c, depth + 1) for c in node.children)
    return most


def _parsed(text: str, start: str = "start") -> Any:
    try:
        return P.lark_parser().parse(text, start=start)
    except UnexpectedInput:
        return None


def _holds_bound(text: str, start: str = "start") -> None:
    tree = _parsed(text, start)
    if tree is not None:
        assert _depth(tree) <= O.longest_line(text) + O.FIXED_LEVELS, text


_ATOMS = ["a", "甲乙", "3", "95%", "2万元", "f(x)", "g(a, 1)"]


@st.composite
def _nested(draw: Any, size: int = 40) -> str:
    """An expression nested every way the grammar nests: signs, parentheses, calls, operators."""
    expr = draw(st.sampled_from(_ATOMS))
    for _ in range(draw(st.integers(1, size))):
        kind = draw(st.sampled_from(["neg", "pos", "paren", "call", "left", "right"]))
        other = draw(st.sampled_from(_ATOMS))
        op = draw(st.sampled_from("+-*/"))
        expr = {
            "neg": f"-{expr}",
            "pos": f"+{expr}",
            "paren": f"({expr})",
            "call": f"h({expr})",
            "left": f"{expr}{op}{other}",
            "right": f"{other}{op}({expr})",
        }[kind]
    return expr


@given(_nested(), st.sampled_from(["x = {}\n", "指标 x\n  公式 {}\n  目标 ≥95%\n", "核对 {} = 1\n"]))
@settings(max_examples=300, deadline=None, suppress_health_check=[HealthCheck.too_slow])
def test_a_tree_is_no_deeper_than_its_longest_line_and_the_fixed_levels(expr: str, shape: str) -> None:
    _holds_bound(shape.format(expr))


def test_the_bound_is_what_the_limit_needs() -> None:
    """Hostile nesting on a long line is still found by the walk; a short line skips it."""
    deep = "x = " + "-" * 500 + "1\n"
    tree = P.lark_parser().parse(deep, start="start")
    assert O.too_deep(tree, deep, P.MAX_DEPTH) is not None
    short = "x = " + "(" * 80 + "1" + ")" * 80 + "\n"
    tree = P.lark_parser().parse(short, start="start")
    assert O.longest_line(short) + O.FIXED_LEVELS <= P.MAX_DEPTH
    assert O.too_deep(tree, short, P.MAX_DEPTH) is None is O.deepest(tree, P.MAX_DEPTH)


@pytest.mark.parametrize("path", FILES, ids=str)
def test_bound_and_hash_tokens_on_the_repository_files(path: Path) -> None:
    text = path.read_text(encoding="utf-8")
    _holds_bound(text)
    _same_hash_tokens(text)


@given(st.integers(0, 2**32))
@settings(max_examples=200, deadline=None, suppress_health_check=[HealthCheck.too_slow])
def test_bound_and_hash_tokens_on_fuzz_inputs(seed: int) -> None:
    text = _FUZZ.one_input(random.Random(seed), _FUZZ.corpus())
    _holds_bound(text)
    _same_hash_tokens(text)
    for line in text.splitlines()[:5]:
        cell = line.split(None, 1)[-1] if line.strip() else line
        _holds_bound(cell, "target_spec")
        _holds_bound(cell, "band")


def _same_hash_tokens(text: str) -> None:
    """The pruned search finds every token a full scan of the tree finds."""
    tree = _parsed(text)
    if tree is None:
        return
    every = sorted((t.start_pos, t.end_pos) for t in tree.scan_values(lambda v: "#" in str(v)))
    assert O.tokens_holding(tree, text, "#") == every


def test_a_grammar_that_needs_container_offsets_is_refused() -> None:
    from lark import Lark

    parser = Lark('start: a\n?a: "(" B ")"\nB: "b"\n', parser="lalr", propagate_positions=True)
    with pytest.raises(ValueError, match="container"):
        O.with_offsets_only(parser)
