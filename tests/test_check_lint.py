"""`indicator-dsl lint`, JSON output, and the rule that `check` never imports sympy."""

from __future__ import annotations

import json
import subprocess
import sys
from pathlib import Path

import pytest

from indicator_dsl.cli import main

TEXT = """评分表 s "x"
  等级 ≥90 优, [80, 90) 良, [60, 80) 中
指标 采纳率
  公式 采纳数 / 建议数 * 100%
  目标 ≥60%
  权重 100
  等级 ≥70优 ≥60良 ≥60中
"""


@pytest.fixture
def table(tmp_path: Path) -> Path:
    path = tmp_path / "t.ind"
    path.write_text(TEXT, encoding="utf-8")
    return path


@pytest.mark.parametrize("engine", ["sympy", "exact"])
def test_lint_adds_advice_and_both_engines_agree(table: Path, engine: str, capsys: pytest.CaptureFixture[str]) -> None:
    assert main(["lint", str(table), "--format", "json", "--lang", "en", "--engine", engine]) == 1
    found = [(d["code"], d["line"], d["column"]) for d in json.loads(capsys.readouterr().out)]
    assert found == [("W501", 2, 6), ("I561", 3, 4), ("W501", 7, 6), ("W502", 7, 16)]


def test_check_json_has_the_same_findings_without_advice(table: Path, capsys: pytest.CaptureFixture[str]) -> None:
    assert main(["check", str(table), "--format", "json"]) == 1
    data = json.loads(capsys.readouterr().out)
    assert [d["code"] for d in data] == ["W501", "W501", "W502"]
    assert data[0]["fix"] == "添加 [0, 60) 差" and data[0]["severity"] == "warning"


def test_lint_text_output_and_missing_file(table: Path, capsys: pytest.CaptureFixture[str]) -> None:
    main(["lint", str(table), "--lang", "en"])
    out = capsys.readouterr().out
    assert "W502 band '≥60中' can never match" in out
    assert out.rstrip().endswith("1 indicator: 0 errors, 3 warnings")
    assert main(["lint", str(table.with_name("missing.ind"))]) == 2


@pytest.mark.parametrize("text", ["rate = a / b * 100%\n", TEXT])
def test_check_does_not_import_sympy(tmp_path: Path, text: str) -> None:
    path = tmp_path / "t.ind"
    path.write_text(text, encoding="utf-8")
    code = (
        "import sys, indicator_dsl\n"
        "assert 'sympy' not in sys.modules\n"
        "from indicator_dsl.cli import main\n"
        f"main(['check', {str(path)!r}])\n"
        "print(sorted(m for m in ('sympy', 'openpyxl', 'polars', 'duckdb', 'numpy', 'rich') if m in sys.modules))\n"
    )
    proc = subprocess.run([sys.executable, "-c", code], capture_output=True, text=True, check=False)
    assert proc.stdout.strip().splitlines()[-1] == "[]", proc.stdout + proc.stderr


@pytest.mark.parametrize("lang", ["zh", "en"])
def test_every_analysis_golden(lang: str, capsys: pytest.CaptureFixture[str], monkeypatch: pytest.MonkeyPatch) -> None:
    """One example of every static analysis, rendered with carets and fixes (tests/fixtures/analyses.ind)."""
    from conftest import ROOT, assert_golden

    monkeypatch.chdir(ROOT)
    assert main(["check", "tests/fixtures/analyses.ind", "--lang", lang]) == 1
    assert_golden(f"check_analyses.{lang}.txt", capsys.readouterr().out)
