"""The shipped catalog files: package data, parse cleanly, evaluate, and say what the seeds say."""

from __future__ import annotations

from fractions import Fraction
from importlib import resources

import pytest

from indicator_dsl import ast as A
from indicator_dsl import units as U
from indicator_dsl.backends.exact import evaluate_expr
from indicator_dsl.catalog import Catalog, CompileError
from indicator_dsl.catalog_store import CatalogStore

FILES = {
    "seeds/000_department.ind",
    "seeds/000_budget.ind",
    "seeds/001_special_funds.ind",
    "common/department_overall.ind",
    "templates/project_self_eval.ind",
    "templates/department_self_eval.ind",
}


@pytest.fixture(scope="module")
def store() -> CatalogStore:
    return CatalogStore()


@pytest.fixture(scope="module")
def catalog(store: CatalogStore) -> Catalog:
    return store.catalog()


def test_files_are_package_data() -> None:
    root = resources.files("indicator_dsl._catalog")
    for rel in FILES:
        assert root.joinpath(*rel.split("/")).is_file(), rel


def test_every_file_parses(store: CatalogStore) -> None:
    assert {doc.source.name for doc in store.documents} == FILES
    assert store.syntax == []


def test_no_duplicate_names_across_the_catalog(catalog: Catalog) -> None:
    names = [ind.name for ind in catalog]
    assert len(names) == len(set(names))
    assert not [d for d in catalog.check() if d.code in ("E101", "E102", "E103", "E201", "E203", "E206")]


def test_every_indicator_has_provenance(catalog: Catalog) -> None:
    assert len(catalog) == 51
    assert all(ind.node.source for ind in catalog)


def example_record(names: tuple[str, ...]) -> dict[str, int]:
    """Distinct positive values, the last input largest, so every ratio is defined and below 1."""
    return {name: 10 * (i + 1) for i, name in enumerate(names)}


# Seed indicators whose published mistake may be an error (the checker decides the severity): then
# they do not compile, by design, but their formula still has a value (evaluated as a free expression).
BLOCKED = {"错案案件比率": {"E513"}}


def test_every_formula_evaluates_on_an_example_record(catalog: Catalog) -> None:
    evaluated = 0
    for ind in catalog:
        if ind.node.formula is None:
            continue
        record = example_record(ind.inputs)
        try:
            result = ind.evaluate(record)
        except CompileError as exc:
            assert {d.code for d in exc.diagnostics} <= BLOCKED.get(ind.name, set()), ind.name
            value = evaluate_expr(ind.resolved.expr, catalog.context.env, record)
            assert 0 < value < 1
        else:
            assert result.ok, (ind.name, result.error, result.error_args)
            assert result.value is not None
        evaluated += 1
    assert evaluated >= 35


def test_a_rate_evaluates_exactly(catalog: Catalog) -> None:
    result = catalog["办案工作结案率"].evaluate({"实际结案的案件数": 29, "计划完成的案件总数": 100})
    assert result.value == Fraction(29, 100) and result.display == "29.00%"


def test_seed_000_indicators(catalog: Catalog) -> None:
    seed = [ind for ind in catalog if ind.file.name == "seeds/000_department.ind"]
    assert len(seed) == 15
    wrong = catalog["错案案件比率"]
    assert wrong.direction is A.Direction.NEGATIVE and wrong.resolved.target is None
    assert {"办案工作错案率", "办案工作结案率", "信息化系统正常运作率", "救助人对救助程序的满意度"} <= {
        a for ind in seed for a in ind.aliases
    }
    repaired = catalog["信息化建设项目验收合格率"]
    assert repaired.inputs == ("建设项目实际验收合格数", "建设项目验收数")
    assert "建设项目建设项目" in (repaired.node.note or "")
    assert "按标准支付" in str(catalog["赔偿达标率"].inputs)
    assert catalog["政策研究与课题研究完成率"].resolved.target.value == 1


def budget_values(catalog: Catalog) -> list[tuple[Fraction, Fraction]]:
    env = catalog.context.env
    return [(evaluate_expr(a.left, env, {}), evaluate_expr(a.right, env, {})) for a in catalog.statements(A.Assertion)]


def test_seed_000_budget_differences(catalog: Catalog) -> None:
    wan = U.lookup("万元").factor
    (income_l, income_r), (tasks_l, tasks_r) = budget_values(catalog)
    assert income_r - income_l == Fraction("195.80") * wan
    assert tasks_l - tasks_r == Fraction("1443.88") * wan
    assert tasks_l == Fraction("2223.71") * wan


def test_seed_001_tables(catalog: Catalog) -> None:
    grades = [b.grade for b in catalog["采纳率"].resolved.bands]
    assert grades == ["优", "良", "中"]
    assert catalog["采纳率"].resolved.bands[1].low == catalog["采纳率"].resolved.bands[2].low == Fraction(6, 10)
    broken = catalog["各项检务保障工作完成率"].node.bands
    assert [b.comparator for b in broken if isinstance(b, A.ThresholdBand)][-1] is None
    second = catalog["采纳率（办公用房租赁费）"]
    assert "采纳率" not in second.node.aliases and catalog["采纳率"].name == "采纳率"  # aliases are unique (E208)
    assert catalog["案件流转率"].node.basis == "受理案件"
    assert catalog["案件流转率"].node.description == "批捕准确率和有罪判决率"


COMMON = [
    "预算执行率", "预算完成率", "预算调整率", "支付进度率", "结转结余率", "公用经费控制率", "三公经费控制率",
    "三公经费变动率", "在职人员控制率", "政府采购执行率", "固定资产利用率", "资产管理安全性",
    "新建楼堂馆所面积控制率", "重点工作完成率", "满意度",
]  # fmt: skip


def test_common_indicators(catalog: Catalog) -> None:
    for name in COMMON:
        ind = catalog[name]
        assert ind.file.name == "common/department_overall.ind"
        assert ind.node.note and ind.node.source, name
    assert catalog["资产管理安全性"].resolved.qualitative
    assert catalog["在职人员控制率"].direction is A.Direction.NEGATIVE
    change = catalog["三公经费变动率"].evaluate({"本年度三公经费总额": 90, "上年度三公经费总额": 100})
    assert change.value == Fraction(-1, 10) and change.met is True


@pytest.mark.parametrize(
    ("scorecard", "groups"),
    [
        ("项目支出绩效自评", {"产出指标": 50, "效益指标": 30, "满意度指标": 10}),
        ("部门整体支出绩效自评", {"投入": 10, "过程": 20, "产出": 30, "效果": 30}),
    ],
)
def test_templates_weights_add_up(catalog: Catalog, scorecard: str, groups: dict[str, int]) -> None:
    card = next(sc for sc in catalog.scorecards if sc.name == scorecard)
    assert card.budget is not None and card.budget.weight is not None and card.budget.weight.value == 10
    assert {g.path[0]: g.weight.value for g in card.groups if g.weight} == groups
    assert sum(groups.values()) + 10 == 100
    file = next(doc.source.name for doc in catalog.documents if card in doc.statements)
    members = [ind for ind in catalog if ind.file.name == file]
    for group, weight in groups.items():
        assert sum(ind.weight or 0 for ind in members if ind.node.category[0] == group) == weight, group
