"""Catalogs that share an indicator's node (the parser hands every file with the same block at
the same offset the nodes it built before) share its resolution, and only when everything
resolving reads besides the node is the same: the plan year, the declared units."""

from __future__ import annotations

from pathlib import Path

import pytest

from indicator_dsl import loads
from indicator_dsl.check.context import _RESOLUTIONS
from indicator_dsl.semantics import UnitInference, resolve_indicator
from tests.conftest import ROOT

DEADLINE = "指标 报送时限\n  类别 产出指标 / 时效指标\n  目标 6月底前\n  权重 10\n"
AREA = "指标 造林面积\n  目标 ≥300亩\n  权重 10\n"


def fresh(catalog, name):  # type: ignore[no-untyped-def]
    """The indicator resolved anew, as if no other catalog had shared it."""
    ind = catalog[name]
    infer = UnitInference(catalog.context.env, ind.file)
    inferred = infer.infer(ind.node.formula.expr) if ind.node.formula else None
    return resolve_indicator(ind.node, catalog.context.env, inferred, infer.undeclared)


def test_a_shared_node_is_resolved_once() -> None:
    a, b = loads(DEADLINE + "评分表 甲\n  年度 2024\n"), loads(DEADLINE + "评分表 乙\n  年度 2024\n")
    assert a["报送时限"].node is b["报送时限"].node  # the parser shared the block
    assert a["报送时限"].resolved is b["报送时限"].resolved
    assert b["报送时限"].resolved == fresh(b, "报送时限")


def test_another_plan_year_resolves_the_shared_node_again() -> None:
    a, b = loads(DEADLINE + "评分表 甲\n  年度 2024\n"), loads(DEADLINE + "评分表 乙\n  年度 2025\n")
    assert a["报送时限"].node is b["报送时限"].node
    due = [c["报送时限"].resolved.condition.due.year for c in (a, b)]
    assert due == [2024, 2025] and b["报送时限"].resolved == fresh(b, "报送时限")


def test_other_declared_units_resolve_the_shared_node_again() -> None:
    a = loads("单位定义 亩 = 10 平方米\n" + AREA)
    b = loads("单位定义 亩 = 20 平方米\n" + AREA)
    assert a["造林面积"].node is b["造林面积"].node
    assert a["造林面积"].resolved.target.value * 2 == b["造林面积"].resolved.target.value
    assert b["造林面积"].resolved == fresh(b, "造林面积")


def test_the_cache_is_bounded_and_never_answers_for_another_node(monkeypatch: pytest.MonkeyPatch) -> None:
    monkeypatch.setattr(_RESOLUTIONS, "SIZE", 2)
    for i in range(5):
        loads(f"指标 甲{i}\n  目标 ≥{i}%\n")
    assert len(_RESOLUTIONS.items) <= 2
    other = loads("\n" + AREA)  # the same text one line down: other nodes, resolved for themselves
    assert other["造林面积"].resolved.node is other["造林面积"].node


@pytest.mark.parametrize("path", sorted((ROOT / "examples").glob("*.ind")), ids=lambda p: p.name)
def test_resolutions_taken_from_another_catalog_are_the_fresh_ones(path: Path) -> None:
    text = path.read_text(encoding="utf-8")
    loads(text)
    again = loads(text + "\n# 另一个项目\n")
    for ind in again:
        assert ind.resolved == fresh(again, ind.name), ind.name
