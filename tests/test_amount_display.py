"""One display of amounts (issue 16 item 22): a whole count (处, 座, 人, 次 … — the units
registry's count kinds, not a list here) prints without decimals, `12处`, never `12.00处`; a count
with a fraction and every other unit keep the report's places.  Score, monitor and every eval
engine print the same text."""

from __future__ import annotations

import json
from fractions import Fraction
from pathlib import Path

import pytest
from hypothesis import given
from hypothesis import strategies as st

from indicator_dsl import loads
from indicator_dsl import units as U
from indicator_dsl.cli import main
from indicator_dsl.monitor import lights
from indicator_dsl.scoring.indicator import amount_text

CARD = """\
输入 已建, 在建: 处
输入 合格, 总数: 个
指标 新建工程
  公式 新建工程 = 已建 + 在建
  目标 ≥12处
指标 合格率
  公式 合格率 = 合格 / 总数 * 100%
  目标 ≥90%
"""


@pytest.mark.parametrize(
    ("value", "unit", "text"),
    [
        (Fraction(12), "处", "12处"),
        (Fraction(15, 2), "处", "7.50处"),
        (Fraction(2, 3), "座", "0.67座"),
        (Fraction(-3), "座", "-3座"),
        (Fraction(30000), "万人", "3万人"),
        (Fraction(31000), "万人", "3.10万人"),
        (Fraction(12), "人次", "12人次"),
        (Fraction(12000), "公里", "12.00公里"),
        (Fraction(1, 2), "%", "50.00%"),
        (Fraction(120000), "万元", "12.00万元"),
        (Fraction(12), "元/人", "12.00元/人"),
    ],
)
def test_counts_print_without_decimals_unless_they_have_a_fraction(value: Fraction, unit: str, text: str) -> None:
    u = U.lookup(unit)
    assert U.amount_text(value, u, 2) == text
    assert amount_text(value, u, 2) == text  # scoring's name is the same function
    assert lights.shown(value, u, 2) + u.name == text  # monitor's too


@given(st.fractions(min_value=-(10**6), max_value=10**6), st.integers(0, 4))
def test_amount_digits_rounds_like_format_fixed_except_whole_counts(value: Fraction, places: int) -> None:
    from indicator_dsl.rational import format_fixed

    count = U.lookup("座")
    expected = str(value.numerator) if value.denominator == 1 else format_fixed(value, places)
    assert U.amount_digits(value, count, places) == expected
    assert U.amount_digits(value, U.lookup("米"), places) == format_fixed(value, places)


def test_the_kind_comes_from_the_registry() -> None:
    assert U.is_count_name("处") and U.is_count_name("万人") and U.is_count_name("人/次")
    assert not U.is_count_name("%") and not U.is_count_name("元/人") and not U.is_count_name("公里")


@pytest.mark.parametrize("engine", ["exact", "vector", "duckdb"])
def test_every_eval_engine_prints_whole_counts_without_decimals(
    engine: str, tmp_path: Path, capsys: pytest.CaptureFixture[str]
) -> None:
    (tmp_path / "c.ind").write_text(CARD, encoding="utf-8")
    (tmp_path / "r.csv").write_text("已建,在建,合格,总数\n5,7,9,10\n5,2.5,1,3\n", encoding="utf-8")
    main(["eval", str(tmp_path / "c.ind"), "--input", str(tmp_path / "r.csv"), "--engine", engine, "--format", "json"])
    shown = [(r["indicator"], r["display"]) for r in json.loads(capsys.readouterr().out)]
    assert shown == [("新建工程", "12处"), ("合格率", "90.00%"), ("新建工程", "7.50处"), ("合格率", "33.33%")]


def test_one_record_evaluation_display() -> None:
    catalog = loads(CARD)
    assert catalog["新建工程"].evaluate({"已建": 5, "在建": 7}).display == "12处"
    assert catalog["新建工程"].evaluate({"已建": 5, "在建": Fraction(5, 2)}).display == "7.50处"
    assert catalog["新建工程"].evaluate({"已建": 5, "在建": 7}, places=0).display == "12处"


def test_monitor_prints_counts_without_decimals(capsys: pytest.CaptureFixture[str]) -> None:
    from indicator_dsl.monitor import example_paths

    card, progress = example_paths()
    main(["monitor", str(card), str(progress), "--month", "6", "--format", "json"])
    rows = {r["indicator"]: r for r in json.loads(capsys.readouterr().out)["rows"]}
    water = rows["新建集中供水工程"]
    assert (water["actual"], water["standard"], water["forecast"]["value"]) == ("5处", "6", "12")
    assert "6处" in water["light_reason"]["zh"] and "6.00处" not in water["light_reason"]["zh"]
    pipe = rows["改造供水管网长度"]
    assert (pipe["actual"], pipe["standard"]) == ("18.00公里", "40.00")
