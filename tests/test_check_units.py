"""The unit a number without a written unit is in, and the findings where that is a guess."""

from __future__ import annotations

from pathlib import Path

from indicator_dsl import loads
from indicator_dsl.cli import main

COST = "指标 单座水库加固成本\n  公式 加固总投资 / 水库数\n  目标 ≤90万元\n  权重 10\n"


def codes(text: str) -> list[str]:
    return [d.code for d in loads(text).check()]


def test_cost_from_undeclared_inputs_is_read_in_the_target_unit_and_says_so() -> None:
    cat = loads(COST)
    found = cat.check()
    assert [(d.code, d.location()[1:]) for d in found] == [("W304", (2, 6))]
    assert "万元" in found[0].message("en") and "加固总投资" in found[0].message("zh")
    ev = cat["单座水库加固成本"].evaluate({"加固总投资": 999_999, "水库数": 8})
    assert ev.met is False and ev.display == "124999.88万元"
    assert cat["单座水库加固成本"].evaluate({"加固总投资": 720, "水库数": 8}).met is True  # 90万元 each


def test_declared_inputs_need_no_guess() -> None:
    text = "输入 加固总投资: 元\n输入 水库数: 座\n" + COST.replace("≤90万元", "≤90万元/座")
    cat = loads(text)
    assert codes(text) == []
    assert cat["单座水库加固成本"].evaluate({"加固总投资": 999_999, "水库数": 8}).display == "124999.88元/座"
    assert cat["单座水库加固成本"].evaluate({"加固总投资": 999_999, "水库数": 8}).met is True


def test_a_guess_that_changes_nothing_is_not_reported() -> None:
    assert codes("指标 x\n  公式 完成数\n  目标 ≥8个\n") == []
    assert codes("指标 x\n  公式 完成数 / 计划数\n  目标 ≥95%\n") == []


def test_score_cost_trap_is_not_full_marks(tmp_path: Path, capsys) -> None:  # type: ignore[no-untyped-def]
    ind = tmp_path / "cost.ind"
    ind.write_text(COST + "\n评分表 测试\n", encoding="utf-8")
    actuals = tmp_path / "in.csv"
    actuals.write_text("加固总投资,水库数\n999999,8\n", encoding="utf-8")
    main(["score", str(ind), str(actuals), "--format", "json"])
    out = capsys.readouterr().out
    assert '"display": "124999.88万元"' in out or "124999.88万元" in out
    assert '"met": false' in out


def test_target_in_another_kind_is_e303_without_follow_up_warnings() -> None:
    text = "指标 x\n  公式 a / b * 100%\n  目标 ≥90万元\n  等级 ≥95 优, ≥70 良, <70 差\n"
    assert codes(text) == ["E303"]


def test_e303_offers_the_per_unit_fix() -> None:
    text = "输入 投资: 万元\n输入 座数: 座\n指标 y\n  公式 投资 / 座数\n  目标 ≤90万元\n"
    (diag,) = loads(text).check()
    assert diag.code == "E303" and diag.fix == "≤90万元/座"
    fixed = text.replace("≤90万元", diag.fix)
    assert codes(fixed) == []


def test_a_declared_ratio_against_a_money_target_is_e303() -> None:
    assert codes("输入 a, b: 元\n指标 x\n  公式 a / b\n  目标 ≤90万元\n") == ["E303"]


def test_a_ratio_against_a_bare_95_warns() -> None:
    text = "指标 合格率\n  公式 合格数 / 总数\n  目标 ≥95\n"
    (diag,) = loads(text).check()
    assert diag.code == "W305" and diag.location()[1:] == (3, 6)
    assert diag.fix == "合格数 / 总数 * 100%"
    assert codes(text.replace("总数\n", "总数 * 100%\n")) == []
    assert codes(text.replace("≥95", "≥95%")) == []
    assert codes(text.replace("≥95", "≥0.95")) == []


def test_a_per_unit_amount_is_not_a_ratio_finding() -> None:
    assert "W305" not in codes("指标 人均经费\n  公式 总经费 / 人数\n  目标 ≥95\n")


def test_a_typo_in_an_input_warns_where_inputs_are_not_declared() -> None:
    text = (
        "指标 a率\n  公式 完成数 / 项目总数 * 100%\n指标 b率\n  公式 立项数 / 项目总数 * 100%\n"
        "指标 c率\n  公式 验收数 / 项目总教 * 100%\n"
    )
    (diag,) = loads(text).check()
    assert diag.code == "W306" and diag.location()[1:] == (6, 12) and diag.fix == "项目总数"


def test_meaningful_one_character_differences_are_not_typos() -> None:
    text = (
        "指标 x\n  公式 一季度完成数 + 二季度完成数 + 一季度完成数\n"
        "指标 y\n  公式 本年收入 - 上年收入 + 上年收入\n"
        "指标 采纳率\n  公式 采纳数 / 建议数 * 100%\n"
    )
    assert codes(text) == []


def test_a_less_is_better_rate_with_an_at_least_target_warns() -> None:
    text = "指标 案件差错率\n  公式 错案数 / 案件数 * 100%\n  目标 ≥100%\n"
    (diag,) = loads(text).check()
    assert diag.code == "W522" and diag.location()[1:] == (3, 6) and diag.fix == "≤100%"
    assert codes(text.replace("≥100%", "≤1%")) == []
    assert codes(text.replace("目标 ≥100%", "方向 正向\n  目标 ≥100%")) == []  # declared: the author decided
