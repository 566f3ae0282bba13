"""Highlighting: the Pygments lexer (and its entry point), HTML output, the TextMate grammar and
the VS Code extension folder."""

from __future__ import annotations

import html
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


# ---- HTML reports: targets are `.ind` text, highlighted and escaped --------------------------------
HOSTILE_TARGET = '≥95%<img src=x onerror=alert(1)>"</code><script>alert(2)</script>'


def _score_report():  # type: ignore[no-untyped-def]
    from indicator_dsl.scoring import example_paths, score

    return score(*example_paths())


def _monitor_report():  # type: ignore[no-untyped-def]
    from indicator_dsl.monitor import monitor

    card = "指标 数量\n  类别 产出指标 / 数量指标\n  目标 ≥10个\n  单位 个\n"
    return monitor(loads_card(card), [{"指标": "数量", "当前完成值": "4"}], month=6)


def loads_card(text: str):  # type: ignore[no-untyped-def]
    from indicator_dsl import loads

    return loads(text, "m.ind")


def _audit_run():  # type: ignore[no-untyped-def]
    from indicator_dsl.audit.engine import audit_paths

    return audit_paths([ROOT / "examples" / "audit" / "project_self_eval_2023.xlsx"])


def _with_target(kind: str, target: str):  # type: ignore[no-untyped-def]
    """A report of `kind` whose first row's target is `target`, rendered as HTML."""
    if kind == "score":
        from indicator_dsl.reports import render

        report = _score_report()
        rows = [report.rows[0].model_copy(update={"target": target}), *report.rows[1:]]
        return render(report.model_copy(update={"rows": rows}), "html")
    if kind == "monitor":
        from indicator_dsl.reports.monitor import render_monitor

        report = _monitor_report()
        rows = [report.rows[0].model_copy(update={"target": target}), *report.rows[1:]]
        return render_monitor(report.model_copy(update={"rows": rows}), "html")
    from indicator_dsl.audit.render import render_html

    run = _audit_run()
    table = run.tables[0]
    rows = [table.rows[0].model_copy(update={"target": target}), *table.rows[1:]]
    return render_html(run.model_copy(update={"tables": [table.model_copy(update={"rows": rows})]}), "zh")


@pytest.mark.parametrize("kind", ["score", "monitor", "audit"])
def test_html_reports_highlight_targets(kind: str) -> None:
    page = _with_target(kind, "≥95%")
    cell = '<code class="ind"><span class="o">≥</span><span class="m">95</span><span class="no">%</span></code>'
    assert f"<td>{cell}</td>" in page
    assert ".ind .o {" in page and ".ind .m {" in page  # the token styles are inline: self-contained
    assert "<script" not in page and "<link" not in page


@pytest.mark.parametrize("kind", ["score", "monitor", "audit"])
def test_html_reports_escape_hostile_targets(kind: str) -> None:
    page = _with_target(kind, HOSTILE_TARGET)
    assert "<img" not in page and "<script" not in page and "</code><script" not in page
    text = re.sub(r'<span class="[a-z0-9 ]+">|</span>', "", page)  # the cell's text without the token marks
    assert f'<code class="ind">{html.escape(HOSTILE_TARGET)}</code>' in text
    assert page.count("<code") == page.count("</code>")  # the text cannot close our markup


@pytest.mark.parametrize("kind", ["score", "monitor", "audit"])
def test_html_reports_without_pygments_are_escaped_plain_text(kind: str, monkeypatch: pytest.MonkeyPatch) -> None:
    import indicator_dsl.highlight as H

    monkeypatch.setattr(H, "_pygments", lambda: None)
    page = _with_target(kind, HOSTILE_TARGET)
    assert '<code class="ind">≥95%&lt;img src=x' in page and "<script" not in page and "<img" not in page
    assert _with_target(kind, "≥95%").count('<span class="o">') == 0
