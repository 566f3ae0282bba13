"""A Pygments lexer for `.ind` files, registered as the entry point `pygments.lexers: ind`, so
`pygmentize -l ind file.ind`, Sphinx and Markdown renderers highlight the language.  Imports
Pygments (the optional `editor` extra); nothing else in the package imports this module except
`highlight.highlight_html`, lazily.

It follows the grammar's line structure: a keyword opens a line (a statement unindented, a
clause indented), `#` starts a comment outside quotes, and numbers, comparators, units and
operators are marked inside a line.
"""

from __future__ import annotations

import re

from pygments.lexer import RegexLexer, bygroups, include
from pygments.token import Comment, Keyword, Name, Number, Operator, Punctuation, String, Text, Whitespace

STATEMENT_KEYWORDS = "指标 评分表 自评表 定义 输入 单位定义 核对 indicator scorecard let define input unitdef".split()
CLAUSE_KEYWORDS = (
    "类别 公式 计算公式 目标值 目标 指标值 年度指标值 权重 分值 评分等级 等级 指标方向 方向 计量单位 度量单位 单位 "
    "别名 指标值确定依据 数据来源 来源 说明 描述 依据 备注 定义域 取值范围 指标类型 类型 性质 评分方案 方案 分组 "
    "预算执行 年度 评分标准 评分读作 评分 category formula target weight bands grades direction unit alias aliases "
    "source note description basis domain kind scheme group budget"
).split()
COMPARATOR_WORDS = (
    "不低于 不少于 不小于 大于等于 至少 不高于 不超过 不多于 不大于 小于等于 至多 大于 高于 超过 多于 小于 低于 少于 "
    "等于 及以上 及以下 以上 以下 以内"
).split()
UNITS = "% ％ 百分比 百分点 万元 亿元 元 个 件 次 人 天 项 台 份 座 万亩 亩".split()


def _words(words: list[str]) -> str:
    return "|".join(re.escape(w) for w in sorted(words, key=len, reverse=True))


class IndicatorLexer(RegexLexer):
    """Budget-performance indicator files (indicator_dsl)."""

    name = "Indicator DSL"
    aliases = ["ind", "indicator-dsl"]
    filenames = ["*.ind"]
    mimetypes = ["text/x-indicator-dsl"]
    flags = re.MULTILINE | re.IGNORECASE

    tokens = {
        "root": [
            (r"\n", Whitespace),
            (rf"^({_words(STATEMENT_KEYWORDS)})(?![\w、·])([ \t]*[:：]?)", bygroups(Keyword.Declaration, Punctuation)),
            (
                rf"^([ \t\u3000]+)({_words(CLAUSE_KEYWORDS)})(?![\w、·])([ \t]*[:：]?)",
                bygroups(Whitespace, Keyword, Punctuation),
            ),
            (r"^([^\s=＝#]+)([ \t]*)(=|＝)", bygroups(Name.Function, Whitespace, Operator)),
            include("line"),
        ],
        "line": [
            (r"#[^\n]*", Comment.Single),
            ('"""', String, "rule"),
            (r'"[^"\n]*"|“[^”\n]*”|「[^」\n]*」', String),
            (r"[ \t\u3000]+", Whitespace),
            (r"≥|>=|≧|≤|<=|≦|≠|!=|==|>|＞|<|＜|═|±", Operator),
            (_words(COMPARATOR_WORDS), Operator.Word),
            (r"\d{1,3}(?:,\d{3})+(?:\.\d+)?|\d+(?:\.\d+)?", Number),
            (_words(UNITS), Name.Constant),
            (r"[+\-－—*×＊/÷／=＝﹦]", Operator),
            (r"[()（）\[\]【】,，;；、:：]", Punctuation),
            (r"(?:优|良|中|差)(?![\w·])", Name.Label),
            (r"[^\s#\"“「≥≤><=＝+\-－—*×＊/÷／()（）\[\]【】,，;；、:：%％\d]+", Name),
            (r".", Text),
        ],
        "rule": [
            ('"""', String, "#pop"),
            (r'[^"]+|"', String),
        ],
    }
