"""Canonical layout of an `.ind` text: `unparse` for the code, comments hung back where they were.

A comment is trivia in the Document (`Document.comments`, with spans).  Each one is attached to
a line of the canonical output:
- a comment after code on a line (`公式 a / b  # 口径`) stays at the end of that clause's line;
- a comment on a line of its own goes before the next code line (a statement or a clause);
- comments after the last statement stay at the end.
Clauses are told apart by their keyword (the key `unparse.statement_lines` gives each line),
so a comment follows its clause when the layout reorders clauses.  Formatting is a fixed point:
fmt(fmt(text)) == fmt(text) (a hypothesis property and a test over catalog/ and the fixtures).
"""

from __future__ import annotations

import bisect
import functools
import re
from collections import defaultdict
from dataclasses import dataclass, field

from . import ast as A
from .build import TEXT_FIELDS
from .diagnostics import Diagnostic
from .parser import lark_parser, parse_document
from .unparse import statement_lines

# keyword terminal → the key `unparse` gives that clause's line
_CLAUSE_KEYS = {
    "KW_CATEGORY": "类别",
    "KW_FORMULA": "公式",
    "KW_TARGET": "目标",
    "KW_WEIGHT": "权重",
    "KW_BANDS": "等级",
    "KW_DIRECTION": "方向",
    "KW_UNIT": "单位",
    "KW_ALIAS": "别名",
    "KW_DOMAIN": "定义域",
    "KW_KIND": "类型",
    "KW_SCHEME": "方案",
    "KW_GROUP": "分组",
    "KW_BUDGET": "预算执行",
    "KW_YEAR": "年度",
    "KW_RULE": "评分",
    "KW_READING": "评分读作",
}
_TEXT_KEYS = {"source": "来源", "note": "说明", "basis": "依据", "description": "描述"}


@dataclass
class _Attached:
    """Comments hung on one statement: before it, before/after each of its lines (by key)."""

    before: dict[str, list[str]] = field(default_factory=lambda: defaultdict(list))
    after: dict[str, list[str]] = field(default_factory=lambda: defaultdict(list))


class FormatError(ValueError):
    """The text has syntax errors: it is not reformatted (nothing would be left to keep)."""

    def __init__(self, diagnostics: list[Diagnostic]) -> None:
        super().__init__(f"{len(diagnostics)} syntax error(s)")
        self.diagnostics = diagnostics


def format_text(text: str, name: str = "<string>") -> str:
    """The canonical text of `text`; raises FormatError when the parser reported anything (a
    dropped clause or a number it could not keep would be lost by reprinting)."""
    doc, diags = parse_document(text, name)
    if diags:
        raise FormatError(diags)
    return format_document(doc)


def format_document(doc: A.Document) -> str:
    source = doc.source
    starts = [source.location(st.span.start)[0] for st in doc.statements]
    ends = [_last_line(doc, st) for st in doc.statements]
    attached = [_Attached() for _ in doc.statements]
    trailing: list[str] = []  # after the last statement
    leading: list[str] = []  # a file's header comments, kept apart when a blank line follows them
    comments = list(doc.comments)
    head = [c for c in comments if not starts or source.location(c.span.start)[0] < starts[0]]
    if head and starts and not source.line_text(starts[0] - 1).strip():
        leading = [c.text for c in head]
        comments = comments[len(head) :]
    for comment in comments:
        line, column = source.location(comment.span.start)
        owner = _owner(starts, ends, line)
        if owner is not None and source.line_text(line)[: column - 1].strip():
            attached[owner].after[_key(doc, owner, line, starts)].append(comment.text)
            continue
        nxt = _next_code_line(doc, line, starts, ends)
        if nxt is None:
            trailing.append(comment.text)
        else:
            index, code_line = nxt
            attached[index].before[_key(doc, index, code_line, starts)].append(comment.text)
    return _render(doc, attached, leading, trailing)


def _last_line(doc: A.Document, st: A.Statement) -> int:
    text = doc.source.text
    end = st.span.end
    while end > st.span.start and text[end - 1] in " \t\r\n\u3000":
        end -= 1
    return doc.source.location(max(end - 1, st.span.start))[0]


def _owner(starts: list[int], ends: list[int], line: int) -> int | None:
    i = bisect.bisect_right(starts, line) - 1
    return i if i >= 0 and line <= ends[i] else None


def _next_code_line(doc: A.Document, line: int, starts: list[int], ends: list[int]) -> tuple[int, int] | None:
    """The statement and line of the first code line after `line` (blank and comment-only lines
    skipped)."""
    i = bisect.bisect_right(starts, line)  # the next statement starts after `line` …
    inside = _owner(starts, ends, line)  # … unless `line` is inside a block
    if inside is not None:
        for ln in range(line + 1, ends[inside] + 1):
            code = doc.source.line_text(ln).strip()
            if code and not code.startswith("#"):
                return inside, ln
    return (i, starts[i]) if i < len(starts) else None


def _key(doc: A.Document, index: int, line: int, starts: list[int]) -> str:
    """The key `unparse` gives the clause written on `line` of statement `index`."""
    if line == starts[index]:
        return "head"
    code = doc.source.line_text(line).lstrip(" \t\u3000")
    for name, pattern in _keyword_patterns():
        match = pattern.match(code)
        if not match:
            continue
        if name == "KW_TEXT":
            word = match.group(0).rstrip(":： \t").lower()
            return _TEXT_KEYS[TEXT_FIELDS[word]]
        if name == "KW_GROUP":
            earlier = range(starts[index] + 1, line)
            return f"分组{sum(1 for ln in earlier if pattern.match(doc.source.line_text(ln).lstrip()))}"
        return _CLAUSE_KEYS.get(name, "head")
    return "head"


@functools.cache
def _keyword_patterns() -> tuple[tuple[str, re.Pattern[str]], ...]:
    """Clause keyword terminals of the grammar, longest first (单位定义 before 单位)."""
    found = [
        (t.name, re.compile(t.pattern.to_regexp(), re.IGNORECASE if "i" in t.pattern.flags else 0))
        for t in lark_parser().terminals
        if t.name in _CLAUSE_KEYS or t.name == "KW_TEXT"
    ]
    return tuple(found)


def _render(doc: A.Document, attached: list[_Attached], leading: list[str], trailing: list[str]) -> str:
    blocks: list[str] = ["\n".join(leading)] if leading else []
    for st, att in zip(doc.statements, attached, strict=True):
        lines = statement_lines(st)
        keys = {key for key, _ in lines}
        # comments of a clause the layout does not print stay on the header line (a fixed point)
        orphans = [c for key, cs in att.before.items() if key not in keys for c in cs]
        orphans += [c for key, cs in att.after.items() if key not in keys for c in cs]
        out: list[str] = []
        for key, text in lines:
            indent = "" if key == "head" else "  "
            out += [indent + c for c in att.before.get(key, [])]
            after = att.after.get(key, []) + (orphans if key == "head" else [])
            out.append(text + "".join(f"  {c}" for c in after))
        blocks.append("\n".join(out))
    if trailing:
        blocks.append("\n".join(trailing))
    return "\n\n".join(blocks) + "\n" if blocks else ""
