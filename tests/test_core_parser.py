"""Every formula, target and band cell of both seed tables parses, as printed."""

from __future__ import annotations

import functools
import importlib.util
import random
import re
from fractions import Fraction
from pathlib import Path

import pytest
from hypothesis import HealthCheck, given, settings
from hypothesis import strategies as st

from indicator_dsl import ast as A
from indicator_dsl import loads
from indicator_dsl.build import join_wrapped
from indicator_dsl.parser import parse_document, parse_fragment
from tests.conftest import ROOT

_spec = importlib.util.spec_from_file_location("front_end_fuzz_offsets", ROOT / "benchmarks" / "fuzz" / "front_end.py")
assert _spec is not None and _spec.loader is not None
_FUZZ = importlib.util.module_from_spec(_spec)
_spec.loader.exec_module(_FUZZ)

# Seed 000, 绩效指标表: the formula cells as printed (line-wrap spaces included).
SEED_000_FORMULAS = [
    "法律政策及重点课题研究完成数=实际完成的法律政策及重点课题数",
    "政策研究与课题研究完成率=实际完成的法律政策及重点课题数/计划完成的法律政策及重点课题研究课 题数*100%",
    "赔偿达标率=赔偿资金中按标 准支付的金额/全部赔偿资金 金额*100%",
    "信息化建设项目验收合格率= 建设项目建设项目实际验收合格数/建 设项目建设项目验收数*100%",
    "项目计划完成率=项目实际完 成数量/项目计划完成数量 *100%",
    "批捕和起诉案件合规率=符合 相关规定的批捕和起诉工作次 数/批捕和起诉工作总次数 *100%",
    "办案工作错案率=实际错案的 案件数/实际完成的案件总数 *100%",
    "信息化系统正常运作率=正常 运行天数/系统应运行天数 *100%",
    "办案工作结案率=实际结案的 案件数/计划完成的案件总数 *100%",
    "新增设备正常运作率=新增设 备无故障、正常运作天数/新 增设备运作总天数*100%",
    "业务培训有效率=认为培训对 提高业务水平有显著效果的人 数/接受问卷调查的培训人员 人数*100%",
    "救助人对救助程序的满意度= 对救助程序感到满意的对象/ 接受调查的对象总数*100%",
]
SEED_000_TARGETS = ["100%完成", "100%", ">90%"]
SEED_001_BANDS = ["≥95优", "≥70良", "≥50中", "<50差", "≥70优", "≥60良", "≥60中", "≥90优", "60差"]
PRINTED_TARGETS = [
    "≥90%",
    ">90%",
    "100%",
    "=8个",
    "≤90万元",
    "100%完成",
    "≥100百分比",
    "≧95%",
    "═100%",
    "﹦100%",
    ">=4754人",
    "98%以上",
    "不低于95%",
    "不超过30万元",
    "小于5次",
    "每亩300",
    "1.2万亩",
    "2.6亿元",
    "300元/人*月",
    "＞90％",
    "≤ 30 万元",
]
QUALITATIVE_TARGETS = ["达成预期指标", "有效提升", "显著", "好", "基本达到"]


@pytest.mark.parametrize("printed", SEED_000_FORMULAS)
def test_seed_000_formulas_parse_after_joining_wraps(printed: str) -> None:
    text = join_wrapped(printed)
    assert not re.search(r"[\u4e00-\u9fff] [\u4e00-\u9fff]", text)
    cat = loads(text + "\n")
    assert not [d for d in cat.check() if d.code.startswith("E1")]
    (ind,) = cat.indicators
    assert ind.name == text.split("=")[0].strip()
    assert isinstance(ind.node.formula.expr, (A.BinOp, A.Ref))


def test_joined_identifiers_are_whole() -> None:
    cat = loads(join_wrapped(SEED_000_FORMULAS[9]))
    assert cat.indicators[0].inputs == ("新增设备无故障、正常运作天数", "新增设备运作总天数")


@pytest.mark.parametrize("cell", SEED_000_TARGETS + PRINTED_TARGETS)
def test_quantitative_target_cells_parse(cell: str) -> None:
    target, diags = parse_fragment(cell, "target_spec")
    assert diags == []
    assert isinstance(target, A.QuantTarget)


@pytest.mark.parametrize("cell", QUALITATIVE_TARGETS)
def test_qualitative_target_cells_parse(cell: str) -> None:
    target, diags = parse_fragment(cell, "target_spec")
    assert diags == [] and isinstance(target, A.QualTarget) and target.text == cell


@pytest.mark.parametrize(
    ("cell", "comparator", "value", "unit", "qualifier"),
    [
        ("≥90%", "≥", 90, "%", None),
        ("100%完成", None, 100, "%", "完成"),
        ("=8个", "=", 8, "个", None),
        ("≤90万元", "≤", 90, "万元", None),
        ("≥100百分比", "≥", 100, "百分比", None),
        ("98%以上", "≥", 98, "%", "以上"),
        ("不低于95%", "≥", 95, "%", None),
        ("不超过30万元", "≤", 30, "万元", None),
        ("小于5次", "<", 5, "次", None),
        ("═100%", "=", 100, "%", None),
        ("1.2万亩", None, Fraction(6, 5), "万亩", None),
    ],
)
def test_target_meaning(cell: str, comparator: str | None, value: Fraction, unit: str, qualifier: str | None) -> None:
    target, _ = parse_fragment(cell, "target_spec")
    assert (target.comparator.value if target.comparator else None) == comparator
    assert target.quantity.value == value and target.quantity.unit == unit
    assert target.qualifier == qualifier


def test_per_unit_target() -> None:
    target, _ = parse_fragment("每亩300", "target_spec")
    assert target.per == "每亩" and target.quantity.value == 300


@pytest.mark.parametrize("cell", SEED_001_BANDS)
def test_seed_001_band_cells_parse(cell: str) -> None:
    band, diags = parse_fragment(cell, "band")
    assert diags == [] and isinstance(band, A.ThresholdBand)
    assert band.grade == cell[-1]


def test_band_without_comparator_is_a_diagnostic_with_a_fix() -> None:
    cat = loads("指标 各项检务保障工作完成率\n  公式 完成数 / 计划数 * 100%\n  等级 ≥90优 ≥70良 60差\n")
    (diag,) = [d for d in cat.check() if d.code == "E321"]
    assert diag.fix == "<60 差"
    assert diag.location()[1:] == (3, 16)
    assert "^^^" in diag.render()


def test_block_form_with_chinese_and_english_keywords() -> None:
    zh = """
指标 赔偿达标率 "赔偿资金按标准支付的比例"
  类别 产出指标 / 质量指标
  公式 赔偿达标率 = 赔偿资金中按标准支付的金额 / 全部赔偿资金金额 * 100%
  目标 ≥ 100%
  权重 10
  等级 ≥95 优, ≥70 良, ≥50 中, <50 差
  方向 正向
  单位 %
  别名 赔偿达标比例
  来源 "000_282c6565aee65fa3.txt 绩效指标表 社会效益指标"
  说明 按标准支付
"""
    en = """
indicator 赔偿达标率 "赔偿资金按标准支付的比例"
  category 产出指标 / 质量指标
  formula 赔偿达标率 = 赔偿资金中按标准支付的金额 / 全部赔偿资金金额 * 100%
  target >= 100%
  weight 10
  bands >=95 优, >=70 良, >=50 中, <50 差
  direction positive
  unit %
  alias 赔偿达标比例
  source "000_282c6565aee65fa3.txt 绩效指标表 社会效益指标"
  note 按标准支付
"""
    from tests.conftest import strip_spans

    a, b = loads(zh)["赔偿达标率"], loads(en)["赔偿达标率"]
    assert strip_spans(a.node) == strip_spans(b.node)
    assert a.node.category == ("产出指标", "质量指标")
    assert a.node.source.startswith("000_")
    assert loads(zh)["赔偿达标比例"] is not None


def test_identifier_that_starts_with_a_keyword_stays_a_name() -> None:
    cat = loads("目标群体的满意率 = 满意人数 / 调查人数 * 100%\n指标值确认率 = a / b\n")
    assert [i.name for i in cat] == ["目标群体的满意率", "指标值确认率"]


def test_full_width_operators_and_parentheses() -> None:
    cat = loads("率 ＝ （甲 ＋ 乙） ÷ 丙 × 100％\n")
    assert cat["率"].evaluate({"甲": 1, "乙": 2, "丙": 6}).display == "50.00%"


def test_shared_definitions_and_many_indicators() -> None:
    cat = loads("定义 在办案件总数 = 新收 + 旧存\n结案率 = 结案数 / 在办案件总数 * 100%\n积压率 = 1 - 结案率\n")
    assert len(cat) == 2
    assert cat["结案率"].evaluate({"结案数": 3, "新收": 2, "旧存": 2}).value == Fraction(3, 4)
    assert cat["积压率"].evaluate({"结案数": 3, "新收": 2, "旧存": 2}).value == Fraction(1, 4)


def test_syntax_errors_are_all_reported_with_positions() -> None:
    doc, diags = parse_document("a = b +\nok = 1\nc = (d\n", "f.ind")
    assert [(d.code, d.location()[1]) for d in diags] == [("E101", 1), ("E103", 3)]
    assert [type(s).__name__ for s in doc.statements] == ["Indicator"]


def test_unrecognised_character() -> None:
    _, diags = parse_document("a = b $ c\n")
    assert diags[0].code == "E102" and diags[0].args["char"] == "$"


def test_limits_on_hostile_text() -> None:
    _, deep = parse_document("x = " + "-" * 500 + "1\n")
    assert [d.code for d in deep] == ["E104"]
    _, chain = parse_document("x = " + " + ".join(["a"] * 5000) + "\n")
    assert [d.code for d in chain] == ["E104"]
    _, long_number = parse_document("x = " + "9" * 5000 + "\n")
    assert [d.code for d in long_number] == ["E105"]
    _, huge = parse_document("a = b\n" * 400_000)
    assert [d.code for d in huge] == ["E106"]


# ---- node positions: offsets only (parser._Offsets) against lark's PropagatePositions ---------------
def _positions(tree: object) -> list[tuple[object, ...]]:
    from lark import Tree

    assert isinstance(tree, Tree)
    return [
        (t.data, t.meta.empty, getattr(t.meta, "start_pos", None), getattr(t.meta, "end_pos", None), _kids(t))
        for t in tree.iter_subtrees()
    ]


def _kids(tree: object) -> list[object]:
    """A node's children: tokens as (type, text, offsets), nodes by name (iter_subtrees visits them)."""
    from lark import Tree

    assert isinstance(tree, Tree)
    return [c.data if isinstance(c, Tree) else (c.type, str(c), c.start_pos, c.end_pos) for c in tree.children]


def _same_positions(text: str) -> None:
    from lark.exceptions import UnexpectedInput

    from indicator_dsl import parser as P

    stock = _stock()
    for start in ("start", "target_spec", "band"):
        try:
            ours = P.lark_parser().parse(text, start=start)
        except UnexpectedInput:
            with pytest.raises(UnexpectedInput):
                stock.parse(text, start=start)
            continue
        assert _positions(ours) == _positions(stock.parse(text, start=start)), (start, text)


@functools.cache
def _stock():  # type: ignore[no-untyped-def]
    from indicator_dsl import parser as P

    return P.stock_parser()


def test_the_parser_keeps_offsets_only() -> None:
    from lark.parse_tree_builder import PropagatePositions

    from indicator_dsl import parser as P

    callbacks = P.lark_parser()._callbacks
    assert callbacks and not any(isinstance(c, PropagatePositions) for c in callbacks.values())
    assert all(isinstance(c, PropagatePositions) for c in _stock()._callbacks.values())


@pytest.mark.parametrize("path", sorted(p for d in ("examples", "catalog") for p in (ROOT / d).rglob("*.ind")), ids=str)
def test_node_offsets_are_lark_s_on_the_repository_files(path: Path) -> None:
    _same_positions(path.read_text(encoding="utf-8"))


@given(st.integers(0, 2**32))
@settings(max_examples=200, deadline=None, suppress_health_check=[HealthCheck.too_slow])
def test_node_offsets_are_lark_s_on_fuzz_inputs(seed: int) -> None:
    text = _FUZZ.one_input(random.Random(seed), _FUZZ.corpus())
    _same_positions(text)
    for line in text.splitlines()[:5]:  # fragments too: targets and bands as table cells hold them
        _same_positions(line.split(None, 1)[-1] if line.strip() else line)
