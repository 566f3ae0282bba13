"""Actual cells as 自评表 type them: full-width digits, a remark that leaves the value as it is,
and a bare share of one against a percent target (no single reading: E623)."""

from __future__ import annotations

import contextlib
import io
from fractions import Fraction as F
from pathlib import Path

import pytest

from indicator_dsl import loads
from indicator_dsl.actual_values import ActualError, plain, read_actual
from indicator_dsl.cli import main
from indicator_dsl.scoring.indicator import Options, ScoreInputError, score_indicator
from indicator_dsl.scoring.schemes import load_scheme

CAT = loads(
    """
指标 合格率
  目标 ≥95%
指标 差错率
  目标 ≤2%
指标 小比例
  目标 ≥0.5%
指标 验收
  目标 是
指标 完工
  目标 2024年10月底前
"""
)
SCHEME = load_scheme("national-2020")


def score(name: str, actual: object) -> F:
    row = score_indicator(CAT[name], actual, 10, SCHEME, Options())
    return F(row.score_exact or "0")


@pytest.mark.parametrize(
    ("text", "read"),
    [
        ("９６．５％", "96.5%"),
        ("１，２３４万元", "1,234万元"),
        ("100%（已完成）", "100%"),
        ("98.5%(截至12月底)", "98.5%"),
        ("是（已验收）", "是"),
        ("12次（全年）", "12次"),
        ("95%；", "95%"),
        ("是。", "是"),
        ("100%（已完成）。", "100%"),
        ("95%（预计）", "95%(预计)"),  # a remark that may change the value stays, so the cell is unreadable
        ("100㎡", "100㎡"),  # only full-width ASCII folds: NFKC would make it 100m2
    ],
)
def test_plain(text: str, read: str) -> None:
    assert plain(text) == read


def test_full_width_and_remarks_score_as_their_value() -> None:
    assert score("合格率", "９６．５％") == 10
    assert score("合格率", "94%（已完成）") == F(94, 95) * 10
    assert score("验收", "是（已验收）") == 10
    done = read_actual("２０２４年９月（已完工）", CAT["完工"].resolved.condition, plan_year=2024)
    assert done.text == "２０２４年９月（已完工）" and done.value.first.month == 9  # type: ignore[union-attr]


def test_an_unknown_remark_is_said_with_the_cell_as_printed() -> None:
    with pytest.raises(ScoreInputError) as exc:
        score("合格率", "９５％（预计）")
    assert exc.value.code == "E603" and exc.value.args_["value"] == "９５％（预计）"
    with pytest.raises(ActualError) as err:
        read_actual("２０２４年１３月", CAT["完工"].resolved.condition, plan_year=2024)
    assert "２０２４年１３月" in err.value.args_.values()


@pytest.mark.parametrize("text", ["0.965", "1", " 0.9 ", "０．９６５"])
def test_a_bare_share_against_an_at_least_percent_has_no_single_reading(text: str) -> None:
    with pytest.raises(ScoreInputError) as exc:
        score("合格率", text)
    assert exc.value.code == "E623"


@pytest.mark.parametrize(
    ("name", "actual", "points"),
    [
        ("合格率", "0.965%", F(965, 95000) * 10),  # the unit written: as written
        ("合格率", "96.5", 10),  # a bare number above 1 takes the target's %
        ("合格率", "0", 0),  # 0 is 0 either way
        ("合格率", F(965, 1000), F(965, 95000) * 10),  # a number from a program is no typed cell
        ("差错率", "0.5", 10),  # under ≤2%, 0.5 is plainly 0.5%
        ("小比例", "0.8", 10),  # a target under 1%: a bare 0.8 is 0.8%
    ],
)
def test_where_a_bare_number_has_one_reading(name: str, actual: object, points: F) -> None:
    assert score(name, actual) == points


def test_the_score_command_reports_e623_at_the_cell(tmp_path: Path) -> None:
    (tmp_path / "p.ind").write_text("评分表 项目\n\n指标 合格率\n  目标 ≥95%\n  权重 10\n", encoding="utf-8")
    (tmp_path / "a.csv").write_text("指标,实际完成值\n合格率,0.965\n", encoding="utf-8")
    out = io.StringIO()
    with contextlib.redirect_stdout(out), contextlib.redirect_stderr(out):
        main(["score", str(tmp_path / "p.ind"), str(tmp_path / "a.csv")])
    assert "a.csv:2:2: E623" in out.getvalue()
