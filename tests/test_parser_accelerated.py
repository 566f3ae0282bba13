"""lark_cython (the `fast` extra) against pure lark: the same trees, offsets, syntax errors,
documents and diagnostics, on the repository's files and on fuzz inputs.  Without the extra
the parser is pure lark and these tests skip (CI installs `dev`, which holds it)."""

from __future__ import annotations

import functools
import importlib.util
import random
from pathlib import Path
from typing import Any

import pytest
from hypothesis import HealthCheck, given, settings
from hypothesis import strategies as st
from lark import Lark, Tree
from lark.exceptions import UnexpectedInput

from indicator_dsl import ast as A
from indicator_dsl import offsets as O
from indicator_dsl import parser as P
from tests.conftest import ROOT

pytestmark = pytest.mark.skipif(O.ACCELERATOR is None, reason="lark_cython (the fast extra) is not installed")

_spec = importlib.util.spec_from_file_location("front_end_fuzz_fast", ROOT / "benchmarks" / "fuzz" / "front_end.py")
assert _spec is not None and _spec.loader is not None
_FUZZ = importlib.util.module_from_spec(_spec)
_spec.loader.exec_module(_FUZZ)
FILES = sorted(p for d in ("examples", "catalog", "tests/fixtures") for p in (ROOT / d).rglob("*.ind"))
STARTS = ("start", "target_spec", "band")


@functools.cache
def _pure() -> Lark:
    return O.with_offsets_only(P.stock_parser(accelerated=False))


def _shape(tree: Any) -> list[Any]:
    """Every node and token in order, with its depth and offsets (without recursion: the trees
    of hostile nesting are deep)."""
    out: list[Any] = []
    stack = [(tree, 0)]
    while stack:
        node, depth = stack.pop()
        if isinstance(node, Tree):
            meta = node.meta
            start, end = getattr(meta, "start_pos", None), getattr(meta, "end_pos", None)
            out.append((depth, node.data, meta.empty, start, end, len(node.children)))
            stack.extend((c, depth + 1) for c in reversed(node.children))
        else:
            out.append((depth, "token", node.type, str(node), node.start_pos, node.end_pos))
    return out


def _outcome(parser: Lark, text: str, start: str) -> Any:
    try:
        return _shape(parser.parse(text, start=start))
    except UnexpectedInput as exc:
        token = getattr(exc, "token", None)
        expected = sorted(getattr(exc, "expected", None) or getattr(exc, "accepts", None) or ())
        seen = None if token is None else (token.type, str(token), token.start_pos, token.end_pos)
        return (type(exc).__name__, exc.pos_in_stream, expected, seen)


def _diagnostics(diags: list[Any]) -> list[Any]:
    return [(d.code, d.span, d.args, d.fix, d.render("zh"), d.render("en")) for d in diags]


def _document(text: str, monkeypatch: pytest.MonkeyPatch, pure: bool) -> Any:
    """parse_document with fresh block caches (so each parser parses every block itself)."""
    with monkeypatch.context() as m:
        m.setattr(P, "_BLOCKS", P._BlockCache(P.BLOCK_CACHE))
        m.setattr(P, "_BODIES", P._BlockCache(P.BLOCK_CACHE))
        m.setattr(P, "_CLAUSES", P.parse_lines.ClauseCache(P.CLAUSE_CACHE))
        if pure:
            m.setattr(P, "lark_parser", _pure)
        doc, diags = P.parse_document(text, "f.ind")
    return A.to_data(doc), [A.to_data(c) for c in doc.comments], _diagnostics(diags)


def _same(text: str, monkeypatch: pytest.MonkeyPatch) -> None:
    for start in STARTS:
        assert _outcome(P.lark_parser(), text, start) == _outcome(_pure(), text, start), (start, text)
    assert _document(text, monkeypatch, pure=False) == _document(text, monkeypatch, pure=True), text


def test_the_parser_is_accelerated() -> None:
    assert type(P.lark_parser().parser.parser).__module__.startswith("lark_cython")
    assert type(_pure().parser.parser).__module__.startswith("lark.")


@pytest.mark.parametrize("path", FILES, ids=str)
def test_same_results_on_the_repository_files(path: Path, monkeypatch: pytest.MonkeyPatch) -> None:
    _same(path.read_text(encoding="utf-8"), monkeypatch)


@given(st.integers(0, 2**32))
@settings(max_examples=200, deadline=None, suppress_health_check=[HealthCheck.too_slow])
def test_same_results_on_fuzz_inputs(seed: int) -> None:
    text = _FUZZ.one_input(random.Random(seed), _FUZZ.corpus())
    with pytest.MonkeyPatch.context() as monkeypatch:
        _same(text, monkeypatch)
    for line in text.splitlines()[:5]:  # table cells: targets and bands
        cell = line.split(None, 1)[-1] if line.strip() else line
        for start in ("target_spec", "band"):
            assert _outcome(P.lark_parser(), cell, start) == _outcome(_pure(), cell, start), (start, cell)
        with monkeypatch.context() as m:
            fast = P.parse_fragment(cell, "target_spec")
            m.setattr(P, "lark_parser", _pure)
            slow = P.parse_fragment(cell, "target_spec")
        assert (A.to_data(fast[0]), _diagnostics(fast[1])) == (A.to_data(slow[0]), _diagnostics(slow[1])), cell


@pytest.mark.parametrize(
    "text",
    [
        "a = b +\nok = 1\nc = (d\n",
        "a = b $ c\n",
        "指标 x\n  方象 正向\n",
        "x = " + "-" * 500 + "1\n",
        "指标 甲\n  目标 ≥\n",
    ],
)
def test_same_syntax_errors(text: str, monkeypatch: pytest.MonkeyPatch) -> None:
    _same(text, monkeypatch)
