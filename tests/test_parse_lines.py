"""The parser's clause-line path (lines of clauses seen before taken built, their text left out of
the parse: parse_lines) gives the very document of a parse without any cache: same nodes, spans,
comments and findings — on the repository's files moved and renamed, on fuzz inputs whose lines
are moved between blocks and out of them, and where a known line stands where no clause may."""

from __future__ import annotations

import importlib.util
import random
import re
from pathlib import Path

import pytest
from hypothesis import HealthCheck, given, settings
from hypothesis import strategies as st

from indicator_dsl import parse_lines
from indicator_dsl import parser as P
from tests.conftest import ROOT

_spec = importlib.util.spec_from_file_location("front_end_fuzz_lines", ROOT / "benchmarks" / "fuzz" / "front_end.py")
assert _spec is not None and _spec.loader is not None
fuzz = importlib.util.module_from_spec(_spec)
_spec.loader.exec_module(fuzz)
PIECES = fuzz.corpus()
FILES = sorted(p for d in ("examples", "catalog") for p in (ROOT / d).rglob("*.ind"))


def plain(text: str, name: str = "f.ind") -> tuple[object, object]:
    """The text parsed as it is: no block, no line taken or remembered."""
    with pytest.MonkeyPatch.context() as m:
        m.setattr(P, "_block_bounds", lambda work: [])
        return P.parse_document(text, name)


def fresh(monkeypatch: pytest.MonkeyPatch) -> None:
    monkeypatch.setattr(P, "_BLOCKS", P._BlockCache(P.BLOCK_CACHE))
    monkeypatch.setattr(P, "_BODIES", P._BlockCache(P.BLOCK_CACHE))
    monkeypatch.setattr(P, "_CLAUSES", P.parse_lines.ClauseCache(P.CLAUSE_CACHE))


def same(a: tuple, b: tuple) -> bool:  # type: ignore[type-arg]
    (doc_a, diags_a), (doc_b, diags_b) = a, b
    return (
        doc_a.statements == doc_b.statements
        and doc_a.comments == doc_b.comments
        and [(d.code, d.span, d.args, d.fix, d.source.name) for d in diags_a]
        == [(d.code, d.span, d.args, d.fix, d.source.name) for d in diags_b]
    )


def renamed(text: str, suffix: str) -> str:
    """Every block header's name and formula's left side with a suffix: no block is the same,
    most lines are, and the formulas' right sides."""
    text = re.sub(r"(?m)^(指标|评分表)[ \t]+([^\s\"]+)", lambda m: f"{m.group(1)} {m.group(2)}{suffix}", text)
    return re.sub(r"(?m)^([ \t]+公式[ \t]+)([^\s=]+)", lambda m: f"{m.group(1)}{m.group(2)}{suffix}", text)


def test_clause_lines_are_lexed_alike_in_every_block_state() -> None:
    """What the path rests on, read off the parse table (of the accelerated and the pure parser)."""
    assert parse_lines.clause_states_agree(P.lark_parser())
    assert parse_lines.clause_states_agree(P.stock_parser(accelerated=False))


@pytest.mark.parametrize("path", FILES, ids=lambda p: str(p.relative_to(ROOT)))
def test_repository_files_renamed_and_moved_parse_the_same(path: Path, monkeypatch: pytest.MonkeyPatch) -> None:
    fresh(monkeypatch)
    text = path.read_text(encoding="utf-8")
    P.parse_document(text, "a.ind")
    for moved in (renamed(text, "甲1"), "# 新\n" + renamed(text, "乙二十二")):
        if P._CLAUSES.items:  # the file has clause lines (and no triple-quoted text)
            assert P.lines_of(moved if moved.endswith("\n") else moved + "\n").skeleton is not None  # lines known
        assert same(P.parse_document(moved, "b.ind"), plain(moved, "b.ind")), path
    tabbed = renamed(text, "丙").replace("\n  ", "\n\t")  # other line breaks: lines of their own
    assert same(P.parse_document(tabbed, "c.ind"), plain(tabbed, "c.ind"))


def test_known_lines_are_taken_not_built(monkeypatch: pytest.MonkeyPatch) -> None:
    fresh(monkeypatch)
    first = "指标 甲\n  类别 产出指标 / 数量指标\n  公式 甲 = a / b * 100%\n  目标 ≥95%  # 注\n  等级 ≥90 优, <90 差\n"
    P.parse_document(first, "a.ind")
    built: list[str] = []
    real = P.build._Builder.clause_parts
    monkeypatch.setattr(
        P.build._Builder, "clause_parts", lambda self, tree: built.append(tree.data) or real(self, tree)
    )
    second = renamed(first, "乙") + "\n指标 丙\n  公式 丙 = c / d\n  类别 产出指标 / 数量指标\n  等级 ≥90 优, <90 差\n"
    doc, diags = P.parse_document(second, "b.ind")
    # new: the formula of 甲乙 (its side is known), the 等级 line before a blank line (its line
    # break is another), the formula of 丙
    assert built == ["formula", "bands", "formula"]
    monkeypatch.undo()
    assert same((doc, diags), plain(second, "b.ind"))
    formula = doc.statements[1].formula
    assert second[formula.span.start : formula.span.end] == "公式 丙 = c / d\n  "  # to its own line break
    assert doc.statements[1].category == ("产出指标", "数量指标") and len(doc.statements[1].bands) == 2
    assert [second[c.span.start : c.span.end] for c in doc.comments] == ["# 注"]


@pytest.mark.parametrize(
    "text",
    [
        "x = a + b\n  目标 ≥95%  # 注\n",  # a known clause line after a one-line statement: no block
        "  目标 ≥95%  # 注\n指标 乙\n",  # before any statement
        "定义 y = 1\n  目标 ≥95%  # 注\n  权重 10\n",
        "指标 乙\n  目标 ≥95%  # 注\nx = 1\n  权重 10\n",
        "指标 乙\n目标 ≥95%  # 注\n",  # at a line start the keyword is still a keyword
        "指标 乙\n  权重 10\n  权重 10\n",  # twice: E109 at the second
        "评分表 卡\n  目标 ≥95%  # 注\n",  # a clause of the wrong block: E108
    ],
)
def test_known_lines_where_a_clause_may_not_stand(text: str, monkeypatch: pytest.MonkeyPatch) -> None:
    fresh(monkeypatch)
    P.parse_document("指标 甲\n  目标 ≥95%  # 注\n  权重 10\n  目标 ≥95%  # 注\n目标 ≥95%  # 注\n", "a.ind")
    assert same(P.parse_document(text, "b.ind"), plain(text, "b.ind")), text


SIDE = " 完成数 / 计划数 * 100%"


@pytest.mark.parametrize(
    ("text", "taken"),
    [
        ("指标 乙\n  公式 乙 =" + SIDE + "\n", True),
        ("指标 乙\n  公式 乙 ＝" + SIDE + "  \n  目标 ≥1\n", False),  # another side (its trailing spaces)
        ("指标 乙\n  计算公式：乙 =" + SIDE + "\n", True),
        ("指标 乙\n  公式 乙 =" + SIDE + "  # 注\n", False),  # a comment: the side is parsed
        ("指标 乙\n公式 =" + SIDE + "\n", False),  # at a line start: a definition named 公式
        ("x =" + SIDE + "\n指标 乙\n  公式 乙 =" + SIDE + "\n", True),  # a definition's side is its own
        ("指标 乙\n  公式 f(a) =" + SIDE + "\n", False),  # no left side: a syntax error, as plain
        ("指标 乙\n  公式 乙 = (" + SIDE + "\n", False),
        ("指标 乙\n  说明 公式 乙 =" + SIDE + "\n", False),
    ],
)
def test_a_formula_side_seen_before_is_taken(text: str, taken: bool, monkeypatch: pytest.MonkeyPatch) -> None:
    fresh(monkeypatch)
    P.parse_document("指标 甲\n  公式 甲 =" + SIDE + "\n", "a.ind")
    built: list[int] = []  # where the expressions built start
    real = P.build._Builder.expr
    monkeypatch.setattr(
        P.build._Builder, "expr", lambda self, tree: built.append(tree.meta.start_pos) or real(self, tree)
    )
    doc, diags = P.parse_document(text, "b.ind")
    monkeypatch.undo()
    assert same((doc, diags), plain(text, "b.ind")), text
    in_block = [at for at in built if at > text.index("指标 乙")]  # a definition's side is its own
    assert not in_block or not taken
    if taken:
        formula = doc.statements[-1].formula
        assert text[formula.expr.span.start : formula.expr.span.end] == SIDE.strip()


def _shuffled(rng: random.Random, text: str) -> str:
    """The text's lines moved about: into other blocks, after one-line statements, to the start."""
    lines = text.split("\n")
    for _ in range(rng.randint(1, 4)):
        a, b = rng.randrange(len(lines)), rng.randrange(len(lines))
        lines.insert(b, lines.pop(a))
    return "\n".join(lines)


@given(st.integers(0, 2**32))
@settings(max_examples=200, deadline=None, suppress_health_check=[HealthCheck.too_slow])
def test_fuzz_inputs_with_known_lines_parse_the_same(seed: int) -> None:
    rng = random.Random(seed)
    with pytest.MonkeyPatch.context() as m:
        fresh(m)
        text = fuzz.one_input(rng, PIECES)
        P.parse_document(text, "a.ind")
        for moved in (renamed(text, "甲"), _shuffled(rng, text), "\n" + _shuffled(rng, renamed(text, "乙"))):
            assert same(P.parse_document(moved, "b.ind"), plain(moved, "b.ind")), repr(moved)
