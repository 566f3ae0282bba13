"""A threshold without a unit in a 评分 rule on a % indicator (issue 12's last reading):
`小于或等于1计5分` under `目标 ≤100%` means a ratio of 1 (控制率 ≤ 100%), under `目标 ≤1%` it means
1%, and with nothing to decide by it has no single reading — an error at the number, never a
silent choice.  Score JSON rows carry the reading that scored them (`rule_reading`)."""

from __future__ import annotations

import json
from fractions import Fraction
from pathlib import Path

import pytest

from indicator_dsl import loads
from indicator_dsl.cli import main
from indicator_dsl.criteria import Context, criterion_text, read

RULE = "小于或等于1计5分，大于1不计分"


def _read(text: str, target: Fraction | None, unit: str = "%", direction: str = "反向") -> tuple[str | None, list]:
    rule, findings = read(text, Context(unit, direction, target))
    return (criterion_text(rule.criterion) if rule else None), [(f.code, text[f.start : f.end]) for f in findings]


def test_a_target_of_100_percent_makes_1_a_ratio_and_says_so() -> None:
    reading, findings = _read(RULE, Fraction(1))
    assert reading == "按值: (-∞, 100%] 得5分; (100%, +∞) 得0分"
    assert findings == [("W930", "1")]


def test_a_target_of_1_percent_keeps_1_percent_silently() -> None:
    reading, findings = _read(RULE, Fraction(1, 100))
    assert reading == "按值: (-∞, 1%] 得5分; (1%, +∞) 得0分"
    assert findings == []


@pytest.mark.parametrize("target", [None, Fraction(1, 2)])
def test_with_nothing_to_decide_by_there_is_no_single_reading(target: Fraction | None) -> None:
    reading, findings = _read(RULE, target)
    assert reading is None
    assert findings == [("E930", "1")]


@pytest.mark.parametrize(
    ("text", "expected"),
    [
        ("≥95得10分，<95得0分", "按值: [95%, +∞) 得10分; (-∞, 95%) 得0分"),  # above 1: percent, as ever
        ("小于或等于1%计5分，大于1%不计分", "按值: (-∞, 1%] 得5分; (1%, +∞) 得0分"),  # a written unit
        ("≤0.5得5分，0.5-95得3分，>95得0分", "按值: (-∞, 0.5%] 得5分; (0.5%, 95%] 得3分; (95%, +∞) 得0分"),
    ],
)
def test_the_language_reading_stands_where_the_text_decides(text: str, expected: str) -> None:
    reading, findings = _read(text, None)
    assert (reading, [c for c, _ in findings if c in ("W930", "E930")]) == (expected, [])


def test_not_on_other_units() -> None:
    reading, findings = _read("小于或等于1计5分，大于1不计分", None, unit="次")
    assert reading is not None and "E930" not in {c for c, _ in findings}


CARD = """\
评分表 卡
指标 公用经费控制率
  类别 产出指标 / 成本指标
  公式 公用经费控制率 = 实际支出 / 预算 * 100%
  目标 ≤100%
  权重 5
  评分 小于或等于1计5分，大于1不计分
"""


def test_check_places_the_reading_at_the_number() -> None:
    (d,) = [d for d in loads(CARD, "c.ind").check() if d.code in ("W930", "E930", "W673")]
    assert d.code == "W930" and d.location() == ("c.ind", 7, 11)
    assert "读作比值 100%" in d.message("zh")


def test_check_refuses_the_rule_without_a_deciding_target() -> None:
    codes = {d.code for d in loads(CARD.replace("  目标 ≤100%\n", "")).check()}
    assert "E930" in codes


def test_score_json_rows_carry_the_rule_reading(tmp_path: Path, capsys: pytest.CaptureFixture[str]) -> None:
    (tmp_path / "c.ind").write_text(CARD, encoding="utf-8")
    (tmp_path / "a.csv").write_text("指标,实际完成值\n公用经费控制率,96%\n", encoding="utf-8")
    main(["score", str(tmp_path / "c.ind"), str(tmp_path / "a.csv"), "--format", "json"])
    (row,) = json.loads(capsys.readouterr().out)["rows"]
    assert (row["rule"], row["score"]) == ("rule", "5.00")  # 96% of the budget spent: within 100%, full marks
    assert row["rule_reading"] == "按值: (-∞, 100%] 得5分; (100%, +∞) 得0分"
    assert main(["schema"]) == 0
    schema = json.loads(capsys.readouterr().out)
    assert "rule_reading" in schema["$defs"]["IndicatorScore"]["properties"]


def test_a_scheme_scored_row_has_no_rule_reading(capsys: pytest.CaptureFixture[str]) -> None:
    main(["score", "--format", "json"])
    rows = json.loads(capsys.readouterr().out)["rows"]
    assert all(r["rule_reading"] is None for r in rows if r["rule"] != "rule")
