"""Chinese for the option help of every command, so `--help` is bilingual like the messages.

`bilingual(parser)` walks the finished parser and turns each English-only help text into
`中文 / English`: commands keep writing their help where they add the option, and this table
gives the Chinese (a new option without an entry here fails tests/test_cli_help.py)."""

from __future__ import annotations

import argparse
import re

CJK = re.compile(r"[\u4e00-\u9fff]")


def is_bilingual(text: str) -> bool:
    """`中文 / English`: Chinese before a `/ `, Latin letters after it."""
    zh, sep, en = text.partition("/ ")
    return bool(sep) and bool(CJK.search(zh)) and bool(re.search(r"[A-Za-z]", en))


# Help texts with a parameter: (pattern on the English, Chinese template).
PATTERNS: list[tuple[re.Pattern[str], str]] = [
    (re.compile(r"message language \(default (\w+)\)"), r"消息语言（默认 \1）"),
    (re.compile(r"output format \(default (\w+)\)"), r"输出格式（默认 \1）"),
]

HELP_ZH: dict[str, str] = {
    "show this help message and exit": "显示帮助并退出",
    "show program's version number and exit": "显示版本并退出",
    ".ind files or directories": ".ind 文件或目录",
    ".ind file": ".ind 文件",
    "decimal places shown, 0-6 (default 2, 四舍五入)": "显示的小数位数，0–6（默认 2，四舍五入）",
    "a substring of a name, alias, title or description (中文 ok)": "名称、别名、标题或说明中的一段文字",
    "filled 自评表: .xlsx, .csv or tab-separated text, or directories": (
        "填好的自评表：.xlsx、.csv 或制表符分隔文本，或目录"
    ),
    ".ind file with a 评分表 block, or a directory of them": "带评分表的 .ind 文件，或这种文件的目录",
    "one input value (repeatable)": "一个输入值（可重复）",
    "records: .csv (one per row), .json (a list of objects), .parquet or a DuckDB table (DB.duckdb:TABLE)": (
        "记录：.csv（每行一条）、.json（对象列表）、.parquet 或 DuckDB 表（DB.duckdb:TABLE）"
    ),
    "only these indicators (repeatable)": "只算这些指标（可重复）",
    "evaluator: exact (per record), vector (numpy), duckdb (SQL), spark (Spark SQL); default exact": (
        "求值引擎：exact（逐条）、vector（numpy）、duckdb（SQL）、spark（Spark SQL）；默认 exact"
    ),
    "sum inputs per value of COLUMN and evaluate each group": "按 COLUMN 的值分组求和输入，逐组求值",
    "write to FILE (.csv, .jsonl, .parquet) or a DuckDB table (results.duckdb:TABLE) instead of stdout": (
        "写到文件（.csv、.jsonl、.parquet）或 DuckDB 表（results.duckdb:TABLE），不打印"
    ),
    "output format (default table; with -o, from the file's extension)": "输出格式（默认 table；有 -o 时按文件后缀）",
    "use this directory instead of the shipped catalog": "用这个目录代替自带的目录",
    "indicator name or alias": "指标名或别名",
    "indicator names or aliases": "指标名或别名",
    "write here instead of standard output": "写到此文件，不打印",
    "overwrite --output if it exists": "覆盖已存在的 --output 文件",
    "actuals: .csv, .xlsx or .json (default: NAME_actuals.* beside it)": (
        "实际完成值：.csv、.xlsx 或 .json（默认：旁边的 NAME_actuals.*）"
    ),
    "write to this file (required for xlsx)": "写到此文件（xlsx 必须）",
    "scheme name (national-2020, reverse-linear, province-40-40-20) or a .toml file": (
        "评分方案名（national-2020、reverse-linear、province-40-40-20）或 .toml 文件"
    ),
    "decimal places of scores (default from the scheme, 2)": "得分的小数位数（默认取方案的，2）",
    "which report (score)": "哪种报告（score）",
    "band analysis engine (default sympy)": "等级区间分析引擎（默认 sympy）",
    "table files: .txt extracts, .csv, .xlsx": "表格文件：.txt 文本摘录、.csv、.xlsx",
    "write here instead of standard output (directories are created)": "写到此文件，不打印（自动建目录）",
    "the .xlsx file to write (directories are created)": "要写的 .xlsx 文件（自动建目录）",
    "table layout (default declaration)": "表格版式（默认 declaration 申报表）",
    "scoring scheme name or .toml (default national-2020)": "评分方案名或 .toml（默认 national-2020）",
    "points a partial score may differ from the scheme's (0.5)": "部分得分与方案得分允许相差的分数（0.5）",
    "write the report to this file (required for xlsx; directories are created)": (
        "报告写到此文件（xlsx 必须；自动建目录）"
    ),
    "print the JSON Schema of --format json and exit": "打印 --format json 的 JSON Schema 并退出",
    "input table name (default records)": "输入表名（默认 records）",
    "int, decimal:S, float:K, text": "列类型：int、decimal:S、float:K、text",
    "type of other input columns (default decimal:2)": "其余输入列的类型（默认 decimal:2）",
    "take column types from this .parquet/.csv (read with DuckDB)": "从这个 .parquet/.csv 取列类型（用 DuckDB 读）",
    "one row per group, inputs summed": "每组一行，输入求和",
    "one line instead of pretty-printed": "输出一行，不排版",
    "address to listen on (default 127.0.0.1: this machine only)": "监听地址（默认 127.0.0.1：仅本机）",
    "port (default 8000)": "端口（默认 8000）",
    "request body limit (4 MiB)": "请求体上限（4 MiB）",
    "time per request (30 s)": "每个请求的时限（30 秒）",
    "records per request (10000)": "每个请求的记录数上限（10000）",
    ".ind file of the project's indicators, or a folder of projects": "项目指标的 .ind 文件，或项目文件夹",
    "progress: .csv, .xlsx or .json (default: NAME_progress.* beside it)": (
        "进度数据：.csv、.xlsx 或 .json（默认：旁边的 NAME_progress.*）"
    ),
    "cut-off month N (data of months 1..N)": "截止月份 N（1 至 N 月的数据）",
    "cut-off date (its month is N)": "截止日期（所在月份为 N）",
    "plan year, with --month (for deadlines)": "计划年度，与 --month 同用（用于期限）",
    "plan year of month-only deadlines (overrides the scorecards' 年度)": (
        "计划年度：只写月份的期限属于此年（优先于评分表的“年度”）"
    ),
    "plan year of month-only deadlines (overrides the year the table's title prints)": (
        "计划年度：只写月份的期限属于此年（优先于表头印的年度）"
    ),
    "monitoring scheme (default, shanxi, ningxia) or a .toml file": "监控方案（default、shanxi、ningxia）或 .toml 文件",
    "write to this file (required for xlsx); a folder for a folder of projects": (
        "写到此文件（xlsx 必须）；项目文件夹时为目录"
    ),
}


# Help that is all Chinese words: the English to put after it.
EN_FOR: dict[str, str] = {"正向 / 反向 / 等于 / 区间": "direction: positive / negative / equal / range"}


def zh_for(text: str) -> str | None:
    if text in HELP_ZH:
        return HELP_ZH[text]
    for pattern, template in PATTERNS:
        if pattern.fullmatch(text):
            return pattern.sub(template, text)
    return None


def bilingual(parser: argparse.ArgumentParser) -> list[str]:
    """Make every help text `中文 / English`; returns the English texts with no Chinese known."""
    missing: list[str] = []
    for action in parser._actions:
        if isinstance(action, argparse._SubParsersAction):
            for sub in action.choices.values():
                missing += bilingual(sub)
            continue
        text = action.help
        if not text or text == argparse.SUPPRESS:
            continue
        if text in EN_FOR:
            action.help = f"{text}（方向）/ {EN_FOR[text]}"
            continue
        if is_bilingual(text):
            continue
        zh = zh_for(text)
        if zh is None:
            missing.append(text)
        else:
            action.help = f"{zh} / {text}"
    return missing


# argparse's own error sentences (Python 3.11–3.13), in Chinese: the rest of a usage error is
# already bilingual (our ArgumentTypeError texts), so only argparse's frame needs a translation.
USAGE_ZH: list[tuple[re.Pattern[str], str]] = [
    (re.compile(r"^argument (.+?): (.*)$", re.S), ""),  # a wrapper: its inner sentence is translated
    (re.compile(r"^unrecognized arguments: (.*)$", re.S), r"无法识别的参数：\1"),
    (re.compile(r"^the following arguments are required: (.*)$", re.S), r"缺少必需的参数：\1"),
    (re.compile(r"^one of the arguments (.*) is required$", re.S), r"以下参数必须给出其一：\1"),
    (re.compile(r"^ambiguous option: (.*) could match (.*)$", re.S), r"选项 \1 有歧义，可能是：\2"),
    (re.compile(r"^invalid choice: (.*) \(choose from (.*)\)$", re.S), r"无效的选项值 \1（可选：\2）"),
    (re.compile(r"^invalid (\w+) value: (.*)$", re.S), r"无效的 \1 值：\2"),
    (re.compile(r"^expected one argument$"), "需要一个值"),
    (re.compile(r"^expected at least one argument$"), "至少需要一个值"),
    (re.compile(r"^expected (\d+) arguments?$"), r"需要 \1 个值"),
    (re.compile(r"^not allowed with argument (.*)$", re.S), r"不能与参数 \1 同时使用"),
    (re.compile(r"^ignored explicit argument (.*)$", re.S), r"多余的值 \1"),
]


def usage_texts(message: str) -> tuple[str, str]:
    """argparse's English error as (Chinese, English), piece by piece: `argument X: …` wraps
    another sentence, which is argparse's own or one of our `中文 / English` texts; a sentence
    with no entry stays English in both rather than being guessed."""
    wrapped = USAGE_ZH[0][0].match(message)
    if wrapped:
        zh, en = usage_texts(wrapped.group(2))
        return f"参数 {wrapped.group(1)}：{zh}", f"argument {wrapped.group(1)}: {en}"
    if is_bilingual(message):
        zh, _, en = message.partition(" / ")
        return zh.strip(), en.strip()
    for pattern, template in USAGE_ZH[1:]:
        m = pattern.match(message)
        if m:
            return m.expand(template), message
    return message, message
