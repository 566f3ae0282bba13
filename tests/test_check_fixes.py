"""`check.fixes`: each registered code's fix becomes an edit, and applying the edit makes that
finding go away (the edit is what the editor's quick fix writes)."""

from __future__ import annotations

import pytest

from indicator_dsl import loads
from indicator_dsl.check.fixes import EDITS, edit_for

# code → (a text with that finding, the text after the quick fix)
CASES = {
    "E321": (
        "指标 保障率\n  公式 完成 / 计划 * 100%\n  目标 ≥90%\n  等级 ≥90 优, ≥70 良, ≥60 中, 60 差\n",
        "指标 保障率\n  公式 完成 / 计划 * 100%\n  目标 ≥90%\n  等级 ≥90 优, ≥70 良, ≥60 中, <60 差\n",
    ),
    "W501": (
        "指标 保障率\n  公式 完成 / 计划 * 100%\n  目标 ≥90%\n  等级 ≥90 优, ≥70 良, <60 差\n",
        "指标 保障率\n  公式 完成 / 计划 * 100%\n  目标 ≥90%\n  等级 ≥90 优, ≥70 良, <60 差, [60%, 70%) 中\n",
    ),
    "E331": (
        "指标 区间\n  公式 a / b * 100%\n  目标 [100%, 95%]\n",
        "指标 区间\n  公式 a / b * 100%\n  目标 [95%, 100%]\n",
    ),
    "W305": ("指标 比率\n  公式 完成数 / 计划数\n  目标 ≥ 90\n", "指标 比率\n  公式 完成数 / 计划数\n  目标 ≥90%\n"),
    "E303": (
        "指标 人均\n  公式 费用 / 人数\n  单位 元/人\n  目标 ≤ 300元\n",
        "指标 人均\n  公式 费用 / 人数\n  单位 元/人\n  目标 ≤ 300元/人\n",
    ),
    "W522": (
        "指标 差错率\n  公式 差错 / 总数 * 100%\n  目标 ≥1%\n",
        "指标 差错率\n  公式 差错 / 总数 * 100%\n  目标 ≤1%\n",
    ),
    "W332": (
        "指标 按期\n  公式 a / b * 100%\n  方向 反向\n  目标 [95%, 100%]\n",
        "指标 按期\n  公式 a / b * 100%\n  方向 区间\n  目标 [95%, 100%]\n",
    ),
    "E201": (
        "输入 完成数, 计划数: 个\n完成率 = 完成数 / 计戈数 * 100%\n",
        "输入 完成数, 计划数: 个\n完成率 = 完成数 / 计划数 * 100%\n",
    ),
    "W306": (
        "a = 本年完成数 / 计划数 * 100%\nb = 本年完成数 / 计划数 * 100%\nc = 本年完戍数 / 计划数 * 100%\n",
        "a = 本年完成数 / 计划数 * 100%\nb = 本年完成数 / 计划数 * 100%\nc = 本年完成数 / 计划数 * 100%\n",
    ),
}


def codes(text: str) -> list[str]:
    return [d.code for d in loads(text, "t.ind").check()]


@pytest.mark.parametrize("code", sorted(EDITS))
def test_every_registered_fix_has_a_case(code: str) -> None:
    assert code in CASES


@pytest.mark.parametrize("code", sorted(CASES))
def test_applying_the_edit_removes_the_finding(code: str) -> None:
    before, after = CASES[code]
    (diag,) = [d for d in loads(before, "t.ind").check() if d.code == code]
    edit = edit_for(diag)
    assert edit is not None, diag.fix
    assert edit.apply(before) == after
    assert code not in codes(after)
    assert edit.title("zh") != edit.title("en")


def test_advice_is_not_an_edit() -> None:
    """W502's fix (`删除该等级，或修改阈值…`) and W513's are words for people, not text."""
    text = "指标 采纳率\n  公式 采纳数 / 提交数 * 100%\n  目标 ≥60%\n  等级 ≥70 优, ≥60 良, ≥60 中, <60 差\n"
    text += "指标 错案率\n  公式 错案 / 总数 * 100%\n  方向 反向\n"
    found = {d.code: d for d in loads(text, "t.ind").check()}
    assert {"W502", "W513"} <= set(found)
    assert edit_for(found["W502"]) is None and edit_for(found["W513"]) is None
    gap = "指标 a\n  公式 x / y * 100%\n  目标 ≥90%\n  等级 ≥90 优, <60 差\n"
    (w501,) = [d for d in loads(gap, "t.ind").check() if d.code == "W501"]
    assert w501.fix == "添加 [60%, 90%) …" and edit_for(w501) is None  # which grade goes there is for people
