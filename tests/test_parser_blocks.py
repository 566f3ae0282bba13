"""The parser's block path (each `指标`/`评分表` block parsed alone, built once, moved to its
offset) gives the very document of the whole-text parse: same nodes, spans, comments and
findings, on the repository's files and on the front-end fuzz inputs."""

from __future__ import annotations

import importlib.util
import random
import re
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


def whole(text: str) -> tuple[object, object]:
    """The whole-text parse alone: no blocks taken, none remembered."""
    with pytest.MonkeyPatch.context() as m:
        m.setattr(P, "_block_bounds", lambda work: [])
        return P.parse_document(text, "f.ind")


def both_ways(text: str) -> tuple[object, object]:
    """The text parsed once more after its blocks are known (from blocks, where it has blocks),
    and parsed whole."""
    P.parse_document(text, "f.ind")
    return P.parse_document(text, "f.ind"), whole(text)


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
    for moved in ("\n" + text, "# 开头\n评分表 新\n" + text):  # its blocks again at other offsets, after new text
        assert same(P.parse_document(moved, "f.ind"), whole(moved)), repr(moved)


def test_a_shared_block_is_built_once_and_placed_where_it_is(monkeypatch: pytest.MonkeyPatch) -> None:
    block = "指标 完成率\n  公式 完成数 / 计划数 * 100%  # 注\n  目标 ≥95%\n  权重 10\n"
    first, second = "评分表 甲\n" + block, "# 另一个项目，名字更长\n评分表 乙项目二〇二四\n" + block
    built: list[int] = []
    real = P.build.document
    monkeypatch.setattr(P.build, "document", lambda tree, *a: built.append(len(tree.children)) or real(tree, *a))
    P.parse_document(first, "a.ind")  # all new: parsed whole, its blocks remembered
    doc, diags = P.parse_document(second, "b.ind")  # the indicator is known: only the new lines are built
    assert built == [2, 0, 1] and not diags  # whole first file; then the comment line, the 评分表 block
    indicator = doc.statements[1]
    at = second.index("指标 完成率")
    assert indicator.span.start == at and second[indicator.name_span.start : indicator.name_span.end] == "完成率"
    assert [second[c.span.start : c.span.end] for c in doc.comments] == ["# 另一个项目，名字更长", "# 注"]
    assert same((doc, diags), whole(second))


def test_a_triple_quoted_rule_with_a_header_looking_line_is_parsed_whole() -> None:
    text = '指标 满意度\n  目标 ≥85%\n  权重 5\n  评分 """满意度85%以上得5分\n指标 不是新的块\n"""\n'
    block, whole = both_ways(text)
    assert same(block, whole) and len(block[0].statements) == 1


def test_a_block_with_a_syntax_error_is_reported_as_before() -> None:
    text = "指标 a\n  公式 x +\n\n指标 b\n  目标 ≥1\n"
    block, whole = both_ways(text)
    assert same(block, whole) and [d.code for d in block[1]] == ["E101"]


CARD_BODY = "  方案 national-2020  # 方案\n  等级 ≥90 优, <90 差\n  分组 产出指标 权重 60\n\n# 块间注释\n"
INDICATOR = "指标 完成率\n  公式 完成数 / 计划数 * 100%\n  目标 ≥95%\n  权重 10\n"


@pytest.mark.parametrize(
    "header",
    [
        '评分表 乙 "乙的标题"',
        "评分表 项目二〇二四年度",
        '评分表 "带 空格 的名字"',
        "scorecard 丙  # 头注释",
        "自评表：丁",
    ],
)
def test_a_scorecard_under_a_new_header_takes_the_known_clauses(monkeypatch: pytest.MonkeyPatch, header: str) -> None:
    P.parse_document(INDICATOR + '评分表 甲 "甲的标题"\n' + CARD_BODY, "a.ind")
    parsed: list[str] = []
    real = P.lark_parser().parse
    monkeypatch.setattr(P.lark_parser(), "parse", lambda text, **kw: parsed.append(text) or real(text, **kw))
    text = INDICATOR + header + "\n" + CARD_BODY
    doc, diags = P.parse_document(text, "b.ind")
    assert parsed == [header + "\n"]  # only the header line is new
    monkeypatch.undo()
    assert same((doc, diags), whole(text))
    card = doc.statements[1]
    assert text[card.name_span.start : card.name_span.end] in header and card.groups[0].path == ("产出指标",)


def test_a_header_that_sets_more_than_the_name_is_parsed_with_its_block() -> None:
    P.parse_document("评分表 甲\n" + CARD_BODY, "a.ind")
    for text in ('评分表 乙 "标题" 年度 2024\n' + CARD_BODY, "评分表 乙\n" + CARD_BODY.replace("60", "70")):
        assert same(P.parse_document(INDICATOR + text, "b.ind"), whole(INDICATOR + text))


@given(st.integers(0, 2**32), st.sampled_from(["乙", "项目00417", '"名 字"', '丙 "标题"']))
@settings(max_examples=100, deadline=None, suppress_health_check=[HealthCheck.too_slow])
def test_fuzz_scorecards_renamed_parse_the_same_by_blocks(seed: int, name: str) -> None:
    """Each 评分表 of a fuzz input under another name, after the input itself was parsed: the
    header-only path (or its fallbacks) gives the whole-text parse."""
    text = fuzz.one_input(random.Random(seed), PIECES)
    P.parse_document(text, "f.ind")
    moved = re.sub(r"(?m)^(评分表|自评表|scorecard)[ \t]+\S+", lambda m: f"{m.group(1)} {name}", text)
    assert same(P.parse_document(moved, "f.ind"), whole(moved)), repr(moved)
