"""Highlighting: the Pygments lexer (and its entry point), HTML output, the TextMate grammar and
the VS Code extension folder."""

from __future__ import annotations

import json
import re

import pytest

from tests.conftest import ROOT

pygments = pytest.importorskip("pygments")

from pygments.token import Comment, Keyword, Name, Number, Operator, String  # noqa: E402

from indicator_dsl.highlight import highlight_html  # noqa: E402
from indicator_dsl.pygments_lexer import IndicatorLexer  # noqa: E402

SAMPLE = '指标 完成率 "标题#1"  # 注\n  公式 完成数 / 计划数 * 100%\n  目标 ≥95%\n  等级 ≥95 优, <95 差\nr = a / b\n'


def tokens(text: str) -> list[tuple[object, str]]:
    return [(t, v) for t, v in IndicatorLexer().get_tokens(text) if v.strip()]


def test_lexer_marks_keywords_strings_comments_numbers_and_operators() -> None:
    toks = tokens(SAMPLE)
    assert (Keyword.Declaration, "指标") in toks
    assert (Keyword, "公式") in toks and (Keyword, "目标") in toks
    assert (String, '"标题#1"') in toks  # a # inside quotes is text
    assert (Comment.Single, "# 注") in toks
    assert (Number, "95") in toks and (Operator, "≥") in toks
    assert (Name.Label, "优") in toks
    assert (Name.Function, "r") in toks


def test_lexer_is_found_by_name_and_file_name() -> None:
    from pygments.lexers import get_lexer_by_name, get_lexer_for_filename

    assert get_lexer_by_name("ind").name == "Indicator DSL"
    assert get_lexer_for_filename("x.ind").name == "Indicator DSL"


def test_highlighted_html_is_escaped() -> None:
    out = highlight_html('指标 a "<script>alert(1)</script>"\n')
    assert "<script>" not in out and "&lt;script&gt;" in out
    assert 'class="kd"' in out  # the keyword is marked


def test_textmate_grammar_scopes_the_sample() -> None:
    grammar = json.loads((ROOT / "editors/vscode/syntaxes/ind.tmLanguage.json").read_text(encoding="utf-8"))
    statement = re.compile(grammar["patterns"][2]["match"])
    clause = re.compile(grammar["patterns"][3]["match"])
    assert statement.match("指标 完成率").group(1) == "指标"
    assert clause.match("  目标：≥95%").group(2) == "目标"
    assert clause.match("  目标群体的满意率") is None  # a name that begins with a keyword
    for rule in grammar["repository"]["line"]["patterns"]:
        if "match" in rule:
            re.compile(rule["match"])


def test_vscode_extension_folder_is_complete() -> None:
    folder = ROOT / "editors/vscode"
    package = json.loads((folder / "package.json").read_text(encoding="utf-8"))
    assert (folder / package["main"]).exists()
    contributes = package["contributes"]
    assert (folder / contributes["grammars"][0]["path"]).exists()
    assert (folder / contributes["languages"][0]["configuration"]).exists()
    json.loads((folder / "language-configuration.json").read_text(encoding="utf-8"))
    assert "vscode-languageclient" in package["dependencies"]
