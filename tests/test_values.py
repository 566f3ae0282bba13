"""One reading of values (issue 16 item 19): `eval --set x=691.2万元`, record cells and actuals
read a number with its unit the same way (`values.read_quantity`)."""

from __future__ import annotations

from fractions import Fraction
from pathlib import Path

import pytest
from hypothesis import given, settings
from hypothesis import strategies as st

from indicator_dsl import loads
from indicator_dsl import units as U
from indicator_dsl.cli import main
from indicator_dsl.values import UnitMismatch, read_quantity

DECLARED = "输入 x: 万元\n指标 a\n  公式 a = x / 100万元 * 100%\n  目标 ≥90%\n"


@pytest.mark.parametrize("engine", ["exact", "vector", "duckdb"])
@pytest.mark.parametrize("value", ["691.2万元", "6912000元", "691.2"])
def test_set_with_a_unit_is_converted(engine: str, value: str, tmp_path: Path, capsys) -> None:
    path = tmp_path / "e.ind"
    path.write_text(DECLARED, encoding="utf-8")
    assert main(["eval", str(path), "--set", f"x={value}", "--engine", engine, "--format", "csv"]) == 0
    assert capsys.readouterr().out.splitlines()[1] == "1,a,691.20%,,是,"


def test_a_unit_of_another_kind_is_e403(tmp_path: Path, capsys) -> None:
    path = tmp_path / "e.ind"
    path.write_text(DECLARED, encoding="utf-8")
    assert main(["eval", str(path), "--set", "x=3座", "--format", "csv"]) == 1
    assert "E403" in capsys.readouterr().out


def test_undeclared_inputs_take_the_unit_they_are_written_in() -> None:
    cat = loads("指标 a\n  公式 a = x / y * 100%\n  目标 ≥90%\n")
    assert cat["a"].evaluate({"x": "1万元", "y": "20000元"}).display == "50.00%"


def test_read_quantity_is_the_actuals_reading() -> None:
    wan = U.lookup("万元")
    assert read_quantity("691.2万元", wan) == (Fraction(6912000), None)
    assert read_quantity("6,912,000元", wan) == (Fraction(6912000), "元")
    with pytest.raises(UnitMismatch):
        read_quantity("3座", wan)
    assert read_quantity("3座", None, any_unit=True)[0] == 3


def test_whole_counts_print_without_decimals() -> None:
    """Issue 16 item 22: `8座`, not `8.00座`; a fractional count and a percent keep the places."""
    from indicator_dsl.scoring import score_indicator

    cat = loads("指标 座数\n  目标 ≥8座\n  权重 10\n指标 率\n  目标 ≥90%\n  权重 10\n")
    assert score_indicator(cat["座数"], "8座", 10).actual == "8座"
    assert score_indicator(cat["座数"], "8.5座", 10).actual == "8.50座"
    assert score_indicator(cat["率"], "95%", 10).actual == "95.00%"
    assert "8座 ≥ 8座" in score_indicator(cat["座数"], 8, 10).explanation.zh


@given(st.integers(-(10**30), 10**30), st.integers(0, 70), st.integers(0, 70), st.sampled_from([1, 1, 3, 7]))
@settings(deadline=None)  # speed is the benchmarks' business
def test_decimal_text_is_the_exact_expansion(n: int, twos: int, fives: int, other: int) -> None:
    from decimal import Decimal, localcontext

    from indicator_dsl.rational import decimal_text

    value = Fraction(n, 2**twos * 5**fives * other)
    places = 0
    while (value * 10**places).denominator != 1 and places <= 60:
        places += 1
    if places > 60:
        with pytest.raises(ValueError):
            decimal_text(value)
        return
    with localcontext() as ctx:
        ctx.prec = 200
        expected = Decimal(value.numerator) / Decimal(value.denominator)
    assert Decimal(decimal_text(value)) == expected
    assert decimal_text(value) == (f"{expected:f}" if places else str(value.numerator))
