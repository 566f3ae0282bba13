"""`indicator-dsl rule`: a bad option value or actual is a usage error or a coded line, never a crash (exit 3)."""

from __future__ import annotations

import pytest

from indicator_dsl.cli import main

RULE = "满意度85%以上得5分，每降低5个百分点扣1分，扣完为止。"


@pytest.mark.parametrize(
    ("option", "value", "says"),
    [
        ("--target", "abc", "must be a number"),
        ("--weight", "abc", "must be a number"),
        ("--weight", "1/0", "must be a number"),
        ("--weight", "0", "must be above 0"),
        ("--baseline", "上年", "must be NAME=VALUE"),
        ("--baseline", "上年=abc", "must be a number"),
    ],
)
def test_bad_option_value_is_a_usage_error(
    option: str, value: str, says: str, capsys: pytest.CaptureFixture[str]
) -> None:
    with pytest.raises(SystemExit) as exit_:
        main(["rule", RULE, option, value, "--actual", "90%"])
    assert exit_.value.code == 2
    err = capsys.readouterr().err
    assert f"argument {option}" in err and says in err


def test_actual_that_is_not_a_number_is_coded_and_the_rest_scored(capsys: pytest.CaptureFixture[str]) -> None:
    assert main(["rule", RULE, "--actual", "abc", "--actual", "84%", "--lang", "en"]) == 1
    out = capsys.readouterr().out.splitlines()
    assert out[1] == "abc: E403 input '--actual' is not a number: 'abc'"
    assert out[2].startswith("84% → 4.80: ")


def test_good_options_still_parse(capsys: pytest.CaptureFixture[str]) -> None:
    text = "无结转结余得3分；结转结余不超过上年的得1分；超过上年的不得分。"
    assert main(["rule", text, "--unit", "%", "--baseline", "上年=5%", "--weight", "3", "--actual", "4%"]) == 0
    assert capsys.readouterr().out.splitlines()[-1].startswith("4% → 1.00：4% 在 (-∞, 5%]（上年）")
