"""The parser's block path (each `指标`/`评分表` block parsed alone, built once, moved to its
offset) gives the very document of the whole-text parse: same nodes, spans, comments and
findings, on the repository's files and on the front-end fuzz inputs."""

from __future__ import annotations

import importlib.util
import random
from pathlib import Path

import pytest
from hypothesis import HealthCheck, given, settings
from hypothesis import strategies as st

from indicator_dsl import parser as P
from tests.conftest import ROOT

_spec = importlib.util.spec_from_file_location("front_end_fuzz_blocks", ROOT / "benchmarks" / "fuzz" / "front_end.py")
assert _spec is not None and _spec.loader is not None
fuzz = importlib.util.module_from_spec(_spec)
_spec.loader.exec_module(fuzz)
PIECES = fuzz.corpus()
FILES = sorted(p for d in ("examples", "catalog", "tests") for p in (ROOT / d).rglob("*.ind"))


def both_ways(text: str) -> tuple[object, object]:
    block = P.parse_document(text, "f.ind")
    with pytest.MonkeyPatch.context() as m:
        m.setattr(P, "_parse_blocks", lambda work: None)
        whole = P.parse_document(text, "f.ind")
    return block, whole


def same(a: tuple, b: tuple) -> bool:  # type: ignore[type-arg]
    (doc_a, diags_a), (doc_b, diags_b) = a, b
    return (
        doc_a.statements == doc_b.statements
        and doc_a.comments == doc_b.comments
        and [(d.code, d.span, d.args) for d in diags_a] == [(d.code, d.span, d.args) for d in diags_b]
    )


@pytest.mark.parametrize("path", FILES, ids=lambda p: str(p.relative_to(ROOT)))
def test_repository_files_parse_the_same_by_blocks(path: Path) -> None:
    text = path.read_text(encoding="utf-8", errors="replace")
    assert same(*both_ways(text))


@given(st.integers(0, 2**32))
@settings(max_examples=200, deadline=None, suppress_health_check=[HealthCheck.too_slow])
def test_fuzz_inputs_parse_the_same_by_blocks(seed: int) -> None:
    text = fuzz.one_input(random.Random(seed), PIECES)
    assert same(*both_ways(text)), repr(text)


def test_a_shared_block_is_built_once_and_placed_where_it_is() -> None:
    block = "指标 完成率\n  公式 完成数 / 计划数 * 100%  # 注\n  目标 ≥95%\n  权重 10\n"
    first, second = "评分表 甲\n" + block, "# 另一个项目，名字更长\n评分表 乙项目二〇二四\n" + block
    P.parse_document(first, "a.ind")
    hits = P._parsed_block.cache_info().hits
    doc, diags = P.parse_document(second, "b.ind")
    assert P._parsed_block.cache_info().hits == hits + 1 and not diags
    indicator = doc.statements[1]
    at = second.index("指标 完成率")
    assert indicator.span.start == at and second[indicator.name_span.start : indicator.name_span.end] == "完成率"
    assert [second[c.span.start : c.span.end] for c in doc.comments] == ["# 另一个项目，名字更长", "# 注"]
    assert same((doc, diags), both_ways(second)[1])


def test_a_triple_quoted_rule_with_a_header_looking_line_is_parsed_whole() -> None:
    text = '指标 满意度\n  目标 ≥85%\n  权重 5\n  评分 """满意度85%以上得5分\n指标 不是新的块\n"""\n'
    block, whole = both_ways(text)
    assert same(block, whole) and len(block[0].statements) == 1


def test_a_block_with_a_syntax_error_is_reported_as_before() -> None:
    text = "指标 a\n  公式 x +\n\n指标 b\n  目标 ≥1\n"
    block, whole = both_ways(text)
    assert same(block, whole) and [d.code for d in block[1]] == ["E101"]
