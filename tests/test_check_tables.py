"""`核对` assertions: seed 000's budget table, evaluated exactly from `定义` amounts."""

from __future__ import annotations

from fractions import Fraction

from indicator_dsl import loads

SEED_000_BUDGET = """# 预算整体情况（万元）
定义 基本支出 = 6,797.78万元
定义 项目支出 = 779.83万元
定义 财政拨款 = 7,577.61万元
定义 其他资金 = 195.80万元
核对 基本支出 + 项目支出 = 财政拨款 + 其他资金
# 年度重点工作任务 拟投入的资金
定义 信息化服务工作支出计划 = 58.00万元
定义 控告申诉工作支出计划 = 40.00万元
定义 检察办案工作支出计划 = 276.71万元
定义 检察业务经费项目 = 1,005.00万元
定义 其他重点工作 = 844.00万元
核对 信息化服务工作支出计划 + 控告申诉工作支出计划 + 检察办案工作支出计划 + 检察业务经费项目 + 其他重点工作 = 项目支出
"""


def findings(text: str) -> list[tuple[str, int, int, dict[str, str]]]:
    return [(d.code, *d.location()[1:], d.args) for d in loads(text, "b.ind").check()]


def test_thousands_separator_amount_parses_exactly() -> None:
    cat = loads("定义 基本支出 = 6,797.78万元\n")
    assert cat.check() == []
    (definition,) = cat.documents[0].statements
    assert definition.expr.value == Fraction(679778, 100) and definition.expr.unit == "万元"


def test_seed_000_budget_disagreements_with_exact_differences() -> None:
    found = findings(SEED_000_BUDGET)
    assert [f[:3] for f in found] == [("E531", 6, 4), ("E531", 13, 4)]
    first, second = found[0][3], found[1][3]
    assert (first["left"], first["comparator"], first["right"]) == ("7,577.61 万元", "<", "7,773.41 万元")
    assert first["difference"] == "195.80 万元"
    assert (second["left"], second["comparator"], second["right"]) == ("2,223.71 万元", ">", "779.83 万元")
    assert second["difference"] == "1,443.88 万元"


def test_messages_show_both_totals() -> None:
    d = loads(SEED_000_BUDGET, "b.ind").check()[0]
    assert d.message("zh") == "核对不成立：左边合计 7,577.61 万元 < 右边合计 7,773.41 万元，相差 195.80 万元"
    assert (
        d.message("en") == "check fails: left total 7,577.61 万元 < right total 7,773.41 万元; difference 195.80 万元"
    )
    assert d.render("en").splitlines()[2].strip().startswith("^")


def test_agreeing_table_is_silent_and_units_convert() -> None:
    assert findings("定义 a = 1.5万元\n定义 b = 15000元\n核对 a = b\n") == []
    assert findings("定义 a = 1万元\n定义 b = 3万元\n核对 a ≤ b\n") == []


def test_inequality_assertion_and_integer_amounts() -> None:
    found = findings("定义 a = 5个\n定义 b = 3个\n核对 a ≤ b\n")
    assert found == [("E531", 3, 4, {"left": "5 个", "right": "3 个", "comparator": ">", "difference": "2 个"})]


def test_assertions_over_inputs_or_undefined_names_are_not_decided_here() -> None:
    assert [f[0] for f in findings("输入 a, b: 万元\n核对 a = b\n")] == []
    assert [f[0] for f in findings("定义 a = 1万元\n核对 a = 缺失\n")] == ["E201"]


def test_noqa_silences_a_known_disagreement() -> None:
    text = SEED_000_BUDGET.replace("财政拨款 + 其他资金\n", "财政拨款 + 其他资金  # noqa: E531\n")
    assert [f[:2] for f in findings(text)] == [("E531", 13)]


def test_cycles_are_left_to_e202_and_deep_chains_do_not_crash() -> None:
    assert [f[0] for f in findings("定义 a = b + 1万元\n定义 b = a\n核对 a = 1万元\n")] == ["E202"]
    from indicator_dsl.check.tables import check_tables

    lines = ["定义 a0 = 1万元"] + [f"定义 a{i} = a{i - 1} + 1万元" for i in range(1, 400)] + ["核对 a399 = 1万元"]
    cat = loads("\n".join(lines) + "\n")
    assert [d.code for d in check_tables(cat.context)] == ["W532"]
