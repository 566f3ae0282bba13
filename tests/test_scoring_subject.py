"""Scoring one indicator without a Catalog: a resolved indicator and the units its file declares
(`scoring.subject`) score exactly as the catalog's own indicator does; the audit recomputes a
row without building a catalog; scheme tiers are the one interval type."""

from __future__ import annotations

from fractions import Fraction as F

import pytest

from indicator_dsl import Catalog, loads
from indicator_dsl import ast as A
from indicator_dsl.intervals import Interval
from indicator_dsl.parser import parse_document
from indicator_dsl.scoring.indicator import Options, ScoreInputError, score_indicator
from indicator_dsl.scoring.schemes import Tier, load_scheme
from indicator_dsl.scoring.subject import Subject, subject_of
from indicator_dsl.semantics import build_env, resolve_indicator

CARD = """单位定义 箱 = 12 个

评分表 项目
  年度 2024

指标 到位率
  单位 %
  目标 ≥95%
  权重 10

指标 成本
  单位 万元
  目标 ≤90万元
  权重 10

指标 装箱
  单位 个
  目标 ≥120个
  权重 10

指标 区间
  单位 %
  目标 [95%, 100%]
  权重 10

指标 满意
  目标 良好
  权重 10

指标 及时
  目标 2024年10月底前
  权重 10

指标 满意度
  单位 %
  目标 ≥85%
  权重 5
  评分 满意度85%以上得5分，每降低5个百分点扣1分，扣完为止。
"""
CAT = loads(CARD)

CASES = [
    ("到位率", "90%"),
    ("到位率", 97),
    ("成本", "95万元"),
    ("成本", "880000元"),
    ("装箱", "12箱"),
    ("装箱", "9箱"),
    ("区间", "93%"),
    ("满意", "良好"),
    ("满意", "达成"),
    ("满意", "85%"),
    ("及时", "2024年11月"),
    ("满意度", "76%"),
]


def resolved_alone(name: str):
    """The indicator resolved from the parsed document by `semantics` only: no Catalog."""
    doc, diags = parse_document(CARD, "card.ind")
    assert diags == []
    env = build_env([doc])
    node = next(st for st in doc.statements if isinstance(st, A.Indicator) and st.name == name)
    return resolve_indicator(node, env, None), env.declared_units


@pytest.mark.parametrize(("name", "actual"), CASES)
def test_a_resolved_indicator_scores_as_the_catalogs_indicator(name: str, actual: object) -> None:
    resolved, units = resolved_alone(name)
    via_catalog = score_indicator(CAT[name], actual, 10)
    alone = score_indicator(resolved, actual, 10, declared_units=units)
    as_subject = score_indicator(Subject(resolved, units), actual, 10)
    assert alone == via_catalog == as_subject
    assert alone.score_exact is not None


def test_declared_units_matter_without_a_catalog() -> None:
    """`箱` is the file's own unit: without it the actual cannot be read, with it it converts."""
    resolved, units = resolved_alone("装箱")
    assert score_indicator(resolved, "10箱", 10, declared_units=units).met is True
    assert score_indicator(resolved, "9箱", 10, declared_units=units).met is False
    with pytest.raises(ScoreInputError) as exc:
        score_indicator(resolved, "10箱", 10)
    assert exc.value.code == "E603"


def test_a_subject_reads_the_printed_rule_as_the_catalog_does() -> None:
    resolved, units = resolved_alone("满意度")
    subject = Subject(resolved, units)
    assert subject.rule == CAT["满意度"].rule
    row = score_indicator(subject, "76%", 5)
    assert row.rule == "rule" and F(row.score_exact or "0") == 5 - F(85 - 76, 5)


def test_declared_units_go_with_a_resolved_indicator_only() -> None:
    with pytest.raises(TypeError):
        subject_of(CAT["到位率"], CAT["装箱"].declared_units)
    resolved, _ = resolved_alone("到位率")
    assert isinstance(subject_of(resolved), Subject)
    assert subject_of(CAT["到位率"]) is CAT["到位率"]


def test_the_audit_recomputes_rows_without_a_catalog(monkeypatch: pytest.MonkeyPatch) -> None:
    from indicator_dsl.audit.recompute import Status, recompute_row

    def no_catalog(*_: object, **__: object) -> None:
        raise AssertionError("the audit built a Catalog")

    scheme = load_scheme("national-2020")
    expected = [F(score_indicator(CAT[n], "90%", w).score_exact or "") for n, w in (("到位率", 10), ("满意度", 5))]
    monkeypatch.setattr(Catalog, "__init__", no_catalog)
    quantitative = recompute_row(audit_row("≥95%", "90%", "10", "9.47"), scheme)
    assert quantitative.status == Status.SCORED and quantitative.score == expected[0] == F(90, 95) * 10
    rule = "满意度85%以上得5分，每降低5个百分点扣1分，扣完为止。"
    by_rule = recompute_row(audit_row("≥85%", "90%", "5", "5", rule), scheme)
    assert by_rule.status == Status.SCORED and by_rule.score == expected[1]
    missed = recompute_row(audit_row("≥85%", "76%", "5", "3", rule), scheme)
    assert missed.status == Status.SCORED and missed.score == 5 - F(85 - 76, 5)


def audit_row(target: str, actual: str, weight: str, score: str, rule: str | None = None):
    from indicator_dsl.audit.model import CellRef, IndicatorRow

    def cell(text: str, column: int) -> CellRef:
        return CellRef(text, 5, column)

    return IndicatorRow(
        row=5,
        level1="效益指标",
        level2="满意度指标",
        name="满意度",
        target=cell(target, 4),
        actual=cell(actual, 5),
        weight=cell(weight, 6),
        score=cell(score, 7),
        reason=cell("", 8),
        rule=None if rule is None else cell(rule, 9),
    )


def test_scheme_tiers_are_the_one_interval_type() -> None:
    scheme = load_scheme("national-2020")
    assert scheme.tiers and all(isinstance(t.shares, Interval) for t in scheme.tiers)
    good = Tier("良", "good", (), Interval(F(8, 10), True, F(9, 10), False), F(85, 100))
    assert good.contains(F(8, 10)) and not good.contains(F(9, 10))
    assert good.range_text() == "[80%, 90%)"
    top = Tier("优", "excellent", (), Interval(F(9, 10), True, F(1), True), F(1))
    assert top.contains(F(1)) and top.range_text() == "[90%, 100%]"
    achieved = scheme.tier("达成")
    assert achieved is not None and achieved.shares == Interval(F(8, 10), True, F(1), True)
    row = score_indicator(CAT["满意"], "85%", 10, options=Options(places=2))
    assert row.tier == "达成" and F(row.score_exact or "") == F(85, 10)
