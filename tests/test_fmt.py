"""`fmt`: canonical layout through unparse, comments kept, a fixed point, `--check` for CI."""

from __future__ import annotations

from pathlib import Path

import pytest
from hypothesis import HealthCheck, given, settings
from hypothesis import strategies as st

from indicator_dsl import ast as A
from indicator_dsl.cli import main
from indicator_dsl.formatter import FormatError, format_text
from indicator_dsl.parser import parse_document
from indicator_dsl.source import Source
from indicator_dsl.unparse import document_text
from tests.conftest import ROOT, strip_spans
from tests.strategies import statements

FILES = sorted(
    p for folder in ("catalog", "tests/fixtures", "examples", "tests/golden") for p in (ROOT / folder).rglob("*.ind")
)


def comments_of(text: str) -> list[str]:
    return [c.text for c in parse_document(text)[0].comments]


@pytest.mark.parametrize("path", FILES, ids=lambda p: str(p.relative_to(ROOT)))
def test_formatting_repository_files_is_a_fixed_point_that_keeps_meaning_and_comments(path: Path) -> None:
    text = path.read_text(encoding="utf-8")
    doc, diags = parse_document(text)
    if diags:  # fixtures of syntax mistakes are refused, never rewritten
        with pytest.raises(FormatError):
            format_text(text)
        return
    formatted = format_text(text)
    assert format_text(formatted) == formatted
    again, diags = parse_document(formatted)
    assert diags == []
    assert strip_spans(again.statements) == strip_spans(doc.statements)
    assert comments_of(formatted) == comments_of(text)


def test_comments_stay_with_their_clause_and_layout_is_canonical() -> None:
    text = (
        "# 文件头\n\n"
        '指标  完成率   “含"引号”   # 标题注\n'
        "  # 口径说明\n"
        "  目标：≥ 95%   # 年度目标\n"
        "  公式 完成数/计划数*100%  # 公式注\n"
        '  来源 "#3 号文件"\n'
        "r=a/b # 一行\n"
        "# 结尾\n"
    )
    assert format_text(text) == (
        "# 文件头\n\n"
        '指标 完成率 “含"引号”  # 标题注\n'
        "  公式 完成数 / 计划数 * 100%  # 公式注\n"
        "  # 口径说明\n"
        "  目标 ≥95%  # 年度目标\n"
        '  来源 "#3 号文件"\n\n'
        "r = a / b  # 一行\n\n"
        "# 结尾\n"
    )


def test_a_comment_line_inside_a_block_does_not_end_the_block() -> None:
    doc, diags = parse_document("指标 a\n  # 说明一下\n  公式 x / y\n\n  # 又一个\n  目标 ≥1\n")
    assert diags == []
    assert len(doc.statements) == 1 and doc.statements[0].target is not None
    assert [c.text for c in doc.comments] == ["# 说明一下", "# 又一个"]


def test_a_hash_inside_quotes_is_text_not_a_comment() -> None:
    doc, _ = parse_document('指标 a "标题#1"\n  公式 x\n  来源 "#3 号文件"  # 真注释\n')
    assert doc.statements[0].title == "标题#1" and doc.statements[0].source == "#3 号文件"
    assert [c.text for c in doc.comments] == ["# 真注释"]


def _with_comments(text: str, picks: list[tuple[int, bool, str]]) -> str:
    lines = text.rstrip("\n").split("\n")
    for index, trailing, words in picks:
        i = index % len(lines)
        comment = "# " + words
        if trailing and lines[i].strip():
            lines[i] += "  " + comment
        else:
            indent = "  " if lines[i].startswith("  ") else ""
            lines.insert(i, indent + comment)
    return "\n".join(lines) + "\n"


comment_picks = st.lists(
    st.tuples(st.integers(0, 200), st.booleans(), st.sampled_from(["注", "口径 #2", "TODO 核对", "“引号”"])), max_size=5
)


@given(st.lists(statements, min_size=1, max_size=3), comment_picks)
@settings(max_examples=200, deadline=None, suppress_health_check=[HealthCheck.too_slow, HealthCheck.filter_too_much])
def test_fmt_is_idempotent_and_keeps_every_comment(sts: list[A.Statement], picks: list[tuple[int, bool, str]]) -> None:
    text = _with_comments(document_text(A.Document(Source("<gen>", ""), tuple(sts))), picks)
    formatted = format_text(text)
    assert format_text(formatted) == formatted
    assert sorted(comments_of(formatted)) == sorted(comments_of(text))
    assert strip_spans(parse_document(formatted)[0].statements) == strip_spans(parse_document(text)[0].statements)


def test_cli_check_diff_and_write(tmp_path: Path, capsys: pytest.CaptureFixture[str]) -> None:
    messy = tmp_path / "a.ind"
    messy.write_text("r=a/b  # 注\n", encoding="utf-8")
    tidy = tmp_path / "b.ind"
    tidy.write_text("x = a + b\n", encoding="utf-8")
    assert main(["fmt", "--check", str(tmp_path), "--lang", "en"]) == 1
    assert "a.ind: would be reformatted" in capsys.readouterr().err
    assert messy.read_text(encoding="utf-8") == "r=a/b  # 注\n"  # --check writes nothing
    assert main(["fmt", "--diff", str(messy)]) == 1
    assert "+r = a / b  # 注" in capsys.readouterr().out
    assert main(["fmt", str(tmp_path)]) == 0
    assert messy.read_text(encoding="utf-8") == "r = a / b  # 注\n"
    assert main(["fmt", "--check", str(tmp_path)]) == 0


def test_cli_refuses_a_file_with_syntax_errors(tmp_path: Path, capsys: pytest.CaptureFixture[str]) -> None:
    bad = tmp_path / "bad.ind"
    bad.write_text("a = b +\n", encoding="utf-8")
    assert main(["fmt", str(bad)]) == 2
    assert "E10" in capsys.readouterr().err
    assert bad.read_text(encoding="utf-8") == "a = b +\n"
