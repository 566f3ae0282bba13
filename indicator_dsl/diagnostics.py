"""Diagnostics: a stable code, a severity, a span, arguments; rendered late in zh or en.

Codes live in one registry with their messages in both languages, so tools can rely on the
code while people read the sentence.  Passes return diagnostics; nothing here raises.
"""

from __future__ import annotations

import json
from dataclasses import dataclass, field
from enum import StrEnum
from typing import Any

from .source import Source, Span


class Severity(StrEnum):
    ERROR = "error"
    WARNING = "warning"
    INFO = "info"


@dataclass(frozen=True, slots=True)
class Code:
    code: str
    severity: Severity
    zh: str
    en: str


CODES: dict[str, Code] = {}


def register(code: str, severity: Severity, zh: str, en: str) -> Code:
    """Add a code; a code is registered once and never changes meaning."""
    if code in CODES:
        raise ValueError(f"diagnostic code {code} registered twice")
    CODES[code] = entry = Code(code, severity, zh, en)
    return entry


E, W, I = Severity.ERROR, Severity.WARNING, Severity.INFO
# Syntax and limits (E1xx)
register(
    "E101",
    E,
    "语法错误：这里不应出现{found}，应为{expected}",
    "syntax error: unexpected {found_en}, expected {expected_en}",
)
register("E102", E, "无法识别的字符 {char!r}", "unrecognised character {char!r}")
register(
    "E103",
    E,
    "内容不完整：文件在此处意外结束，应为{expected}",
    "incomplete: the text ends here, expected {expected_en}",
)
register("E104", E, "嵌套过深（超过 {limit} 层）", "nesting too deep (more than {limit} levels)")
register("E105", E, "数字过长（超过 {limit} 位）", "number too long (more than {limit} digits)")
register("E106", E, "文件过大（{size} 字符，上限 {limit}）", "file too large ({size} characters, limit {limit})")
register("E107", E, "无法识别的{what}“{word}”，可用：{choices}", "unknown {what} '{word}'; use one of: {choices}")
register("E108", E, "“{clause}”不能用在{block}中", "'{clause}' is not allowed in a {block}")
register("E109", W, "“{clause}”重复出现，以最后一次为准", "'{clause}' given more than once; the last one counts")
register("E110", E, "无法读取文件：{reason}", "cannot read file: {reason_en}")
register("E111", E, "目录中没有 .ind 文件", "no .ind files in this directory")
register(
    "I112", I, "文件按 {encoding} 编码读取（建议另存为 UTF-8）", "file read as {encoding} (consider saving it as UTF-8)"
)
# Names (E2xx)
register("E201", E, "未定义的名称“{name}”", "undefined name '{name}'")
register("E202", E, "定义循环引用：{cycle}", "definitions refer to each other in a cycle: {cycle}")
register(
    "E203",
    E,
    "指标“{name}”重复定义（首次定义在{place}）",
    "indicator '{name}' defined twice (first on {place_en})",
)
register(
    "I204",
    I,
    "公式左侧“{lhs}”与指标名“{name}”不同，记为别名",
    "formula name '{lhs}' differs from indicator '{name}'; kept as an alias",
)
register("E206", E, "未知函数“{name}”，可用：{choices}", "unknown function '{name}'; available: {choices}")
register("E207", E, "定义层层引用过深（超过 {limit} 层）", "definitions nested too deep (more than {limit} levels)")
register("E205", E, "指标“{name}”没有公式", "indicator '{name}' has no formula")
# Units and directions (E3xx)
register(
    "E301",
    E,
    "单位不一致：{left} 与 {right} 不能相加减或比较",
    "unit mismatch: {left} and {right} cannot be added, subtracted or compared",
)
register(
    "W302",
    W,
    "未知单位“{unit}”，按独立单位处理；可用“单位定义 {unit}”声明",
    "unknown unit '{unit}', treated as its own unit; declare it with 'unitdef {unit}'",
)
register(
    "E303",
    E,
    "目标单位 {target} 与指标单位 {unit} 不一致",
    "target unit {target} does not match the indicator's unit {unit}",
)
register(
    "E311",
    E,
    "方向“{direction}”与目标比较符“{comparator}”矛盾",
    "direction '{direction}' contradicts the target comparator '{comparator}'",
)
register("E321", E, "等级“{band}”缺少比较符；建议写成“{fix}”", "band '{band}' has no comparator; write it as '{fix}'")
register(
    "E322",
    E,
    "等级中的单位 {unit} 与指标单位 {expected} 不一致",
    "band unit {unit} does not match the indicator's unit {expected}",
)
# Evaluation (E4xx): per record, never a crash
register("E401", E, "除数为零：{expr}", "division by zero: {expr}")
register("E402", E, "缺少输入“{name}”", "missing input '{name}'")
register("E403", E, "输入“{name}”不是数字：{value!r}", "input '{name}' is not a number: {value!r}")
register("W404", W, "值 {value} 不属于任何等级", "value {value} matches no grade band")
register("E405", E, "数值超出允许范围：{detail}", "number out of range: {detail}")
register("E406", E, "无法读取输入数据：{reason}", "cannot read input data: {reason_en}")
register(
    "E407",
    E,
    "指标“{name}”有错误，无法计算（先运行 check）",
    "indicator '{name}' has errors and cannot be evaluated (run check)",
)
register("E408", E, "不存在的指标“{name}”{hint}", "no indicator named '{name}'{hint_en}")
register("E409", E, "文件中没有带公式的指标", "the file has no indicator with a formula")
del E, W, I


@dataclass(frozen=True)
class Diagnostic:
    """One finding: code + where + arguments.  Message text is produced only on render."""

    code: str
    span: Span | None = None
    source: Source | None = None
    args: dict[str, Any] = field(default_factory=dict)
    fix: str | None = None
    fix_en: str | None = None  # when the suggestion needs words, not just corrected text

    @property
    def severity(self) -> Severity:
        return CODES[self.code].severity

    def message(self, lang: str = "zh") -> str:
        entry = CODES[self.code]
        template = entry.zh if lang == "zh" else entry.en
        return template.format(**self.args)

    def location(self) -> tuple[str, int, int]:
        name = self.source.name if self.source else "<input>"
        if self.source is None or self.span is None:
            return name, 0, 0
        line, col = self.source.location(self.span.start)
        return name, line, col

    def render(self, lang: str = "zh") -> str:
        """`file:line:col: CODE message`, then the source line with a caret."""
        name, line, col = self.location()
        placed = self.span is not None and self.source is not None and self.source.placed
        where = f"{name}:{line}:{col}" if placed else name
        head = f"{where}: {self.code} {self.message(lang)}"
        if placed and self.source is not None and self.span is not None:
            head += "\n" + _indent(self.source.excerpt(self.span))
        fix = self.fix_en if lang == "en" and self.fix_en else self.fix
        if fix:
            head += "\n" + ("  建议：" if lang == "zh" else "  fix: ") + fix
        return head

    def to_dict(self, lang: str = "zh") -> dict[str, Any]:
        name, line, col = self.location()
        end_line, end_col = self.source.location(self.span.end) if self.source and self.span else (0, 0)
        return {
            "code": self.code,
            "severity": self.severity.value,
            "file": name,
            "line": line,
            "column": col,
            "end_line": end_line,
            "end_column": end_col,
            "message": self.message(lang),
            "fix": self.fix_en if lang == "en" and self.fix_en else self.fix,
            "args": {k: _jsonable(v) for k, v in self.args.items()},
        }


def _indent(text: str) -> str:
    return "\n".join("    " + ln for ln in text.splitlines())


def _jsonable(value: Any) -> Any:
    try:
        json.dumps(value)
        return value
    except TypeError:
        return str(value)


def sort_key(d: Diagnostic) -> tuple[str, int, int, str]:
    return (*d.location(), d.code)


def render_all(diags: list[Diagnostic], lang: str = "zh") -> str:
    return "\n".join(d.render(lang) for d in sorted(diags, key=sort_key))


INPUT_ERRORS = frozenset({"E110", "E111"})  # the file could not be read at all: exit 2, not 1


def has_errors(diags: list[Diagnostic]) -> bool:
    return any(d.severity is Severity.ERROR for d in diags)
