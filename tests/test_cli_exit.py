"""Exit codes scripts can tell apart (issue 17 item 16): 1 findings, 2 usage/input, 3 our crash."""

from __future__ import annotations

import pytest

from indicator_dsl import cli
from indicator_dsl.commands import check


def _crash(args: object) -> int:
    raise ValueError("boom\nsecond line")


def test_unexpected_exception_exits_3_with_one_line(
    capsys: pytest.CaptureFixture[str], monkeypatch: pytest.MonkeyPatch
) -> None:
    monkeypatch.setattr(check, "run", _crash)
    monkeypatch.delenv(cli.DEBUG_ENV, raising=False)
    assert cli.main(["check", "examples/rate.ind"]) == cli.EXIT["internal"] == 3
    err = capsys.readouterr().err
    assert err.count("\n") == 1 and "Traceback" not in err
    assert "内部错误" in err and "internal error" in err and "ValueError: boom second line" in err
    assert "--debug" in err


@pytest.mark.parametrize("where", ["before", "after"])
def test_debug_prints_the_traceback(
    where: str, capsys: pytest.CaptureFixture[str], monkeypatch: pytest.MonkeyPatch
) -> None:
    monkeypatch.setattr(check, "run", _crash)
    argv = ["check", "examples/rate.ind"]
    argv = ["--debug", *argv] if where == "before" else [*argv, "--debug"]
    assert cli.main(argv) == 3
    err = capsys.readouterr().err
    assert "Traceback (most recent call last)" in err and "_crash" in err


def test_findings_and_usage_keep_their_codes(capsys: pytest.CaptureFixture[str], tmp_path) -> None:
    bad = tmp_path / "bad.ind"
    bad.write_text("指标 x\n  公式 y / z\n  目标 ≥90万元\n  单位 %\n", encoding="utf-8")
    assert cli.main(["check", str(bad)]) == 1
    assert cli.main(["check", str(tmp_path / "missing.ind")]) == 2
    with pytest.raises(SystemExit) as usage:
        cli.main(["check", "--no-such-option"])
    assert usage.value.code == 2
    assert "内部错误" not in capsys.readouterr().err


def test_a_missing_extra_names_the_extra_to_install(
    tmp_path, capsys: pytest.CaptureFixture[str], monkeypatch: pytest.MonkeyPatch
) -> None:
    import sys

    monkeypatch.setitem(sys.modules, "openpyxl", None)  # as if `pip install -e .` without [report]
    assert cli.main(["score", "-o", str(tmp_path / "r.xlsx"), "--lang", "en"]) == 2
    err = capsys.readouterr().err
    assert "Traceback" not in err
    assert 'E871 this command needs the optional dependency openpyxl: pip install "indicator-dsl[report]"' in err


def test_every_extra_module_is_known() -> None:
    known = cli.extras()
    assert {known[m] for m in ("openpyxl", "rich", "sympy", "duckdb", "pyspark", "polars")} == {
        "report",
        "check",
        "sql",
        "spark",
        "vector",
    }


def test_an_unknown_missing_module_is_still_a_crash(
    capsys: pytest.CaptureFixture[str], monkeypatch: pytest.MonkeyPatch
) -> None:
    def _missing(args: object) -> int:
        raise ModuleNotFoundError("No module named 'indicator_dsl.nothing'", name="indicator_dsl.nothing")

    monkeypatch.setattr(check, "run", _missing)
    assert cli.main(["check", "examples/rate.ind"]) == 3


def test_a_missing_scorecard_is_e110_not_a_missing_actuals_file(
    tmp_path: object, capsys: pytest.CaptureFixture[str]
) -> None:
    missing = f"{tmp_path}/nope.ind"
    assert cli.main(["score", missing, "--lang", "en"]) == 2
    assert capsys.readouterr().err == f"{missing}: E110 cannot read file: no such file\n"
