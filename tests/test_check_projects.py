"""`check DIR` checks what `score DIR` scores: each file with a 评分表 is a project on its own, so
two projects may both define 满意度; files without one are one catalog, where a name defined in
two files is E203, and the message names the other file."""

from __future__ import annotations

from pathlib import Path

import pytest

from indicator_dsl.catalog import load_projects
from indicator_dsl.cli import main

PROJECT = "指标 满意度\n  类别 满意度指标\n  目标 ≥90%\n  权重 100\n评分表 {name}\n  分组 满意度指标 权重 100\n"
LIBRARY = "指标 满意度\n  公式 满意人数 / 调查人数 * 100%\n  目标 ≥90%\n"


def test_projects_are_checked_one_by_one(tmp_path: Path, capsys: pytest.CaptureFixture[str]) -> None:
    for name in ("甲", "乙"):
        (tmp_path / f"{name}.ind").write_text(PROJECT.format(name=name), encoding="utf-8")
    assert main(["check", str(tmp_path), "--lang", "en"]) == 0
    out = capsys.readouterr().out
    assert "E203" not in out and "2 indicators" in out
    assert [len(c) for c in load_projects(tmp_path)] == [0, 1, 1]


def test_catalog_files_share_one_catalog(tmp_path: Path, capsys: pytest.CaptureFixture[str]) -> None:
    (tmp_path / "a.ind").write_text(LIBRARY, encoding="utf-8")
    (tmp_path / "b.ind").write_text(LIBRARY, encoding="utf-8")
    (tmp_path / "项目.ind").write_text(PROJECT.format(name="项目"), encoding="utf-8")
    assert main(["check", str(tmp_path), "--lang", "en"]) == 1
    out = capsys.readouterr().out
    first = tmp_path / "a.ind"
    assert f"b.ind:1:4: E203 indicator '满意度' defined twice (first on {first} line 1)" in out
    assert out.count("E203") == 1  # the project's own 满意度 is its own
    assert main(["check", str(tmp_path)]) == 1
    assert f"（首次定义在 {first} 第 1 行）" in capsys.readouterr().out


def test_a_duplicate_in_one_file_names_only_the_line(capsys: pytest.CaptureFixture[str], tmp_path: Path) -> None:
    path = tmp_path / "x.ind"
    path.write_text(LIBRARY + LIBRARY, encoding="utf-8")
    assert main(["check", str(path), "--lang", "en", "--format", "json"]) == 1
    out = capsys.readouterr().out
    assert "(first on line 1)" in out and '"file":' in out
