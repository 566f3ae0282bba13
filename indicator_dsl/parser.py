"""Text → parse tree → AST.  Builds the Lark parser once; turns Lark errors into Diagnostics.

Syntax errors do not stop the file: the offending line is blanked (offsets kept) and the
rest is parsed again, so one run reports every broken line.
"""

from __future__ import annotations

import bisect
import collections
import dataclasses
import functools
import re
import threading
from collections.abc import Mapping
from importlib import resources
from pathlib import Path
from typing import Any

from lark import Lark, Tree
from lark.exceptions import UnexpectedCharacters, UnexpectedEOF, UnexpectedInput, UnexpectedToken

from . import ast as A
from . import build, parse_lines
from .ast import Document
from .diagnostics import Diagnostic
from .naming import did_you_mean
from .offsets import ACCELERATOR, tokens_holding, too_deep, with_offsets_only
from .source import Source, Span

MAX_CHARS = 500_000  # about 5,000 indicators; parsing stays within a few seconds
MAX_DEPTH = 200  # tree levels; a sum of ~190 terms fits, and recursion stays far from Python's limit
MAX_SYNTAX_ERRORS = 50
REPARSE_BUDGET = 2_000_000  # characters re-parsed after syntax errors, so a hostile file cannot stall us
BLOCK_CACHE = 1024  # blocks (an indicator, a 评分表) kept built: projects share most of their text
CLAUSE_CACHE = 16384  # clause lines kept built: indicators share most of their lines

# What each terminal is called in an error message: people read words, not token names.
_TERMINAL_WORDS: dict[str, tuple[str, str]] = {
    "NAME": ("名称", "a name"),
    "NUMBER": ("数字", "a number"),
    "CMP": ("比较符（≥ ≤ > < =）", "a comparator (≥ ≤ > < =)"),
    "EQ": ("“=”", "'='"),
    "_NL": ("换行", "end of line"),
    "$END": ("文件结尾", "end of file"),
    "PERCENT": ("“%”", "'%'"),
    "STRING": ("带引号的文字", "quoted text"),
    "REST": ("文字", "text"),
    "ADDOP": ("“+”", "'+'"),
    "SUBOP": ("“-”", "'-'"),
    "STAR": ("“*”", "'*'"),
    "SLASH": ("“/”", "'/'"),
    "LPAR": ("“(”", "'('"),
    "RPAR": ("“)”", "')'"),
    "LBRACKET": ("“[”", "'['"),
    "RBRACKET": ("“]”", "']'"),
    "COMMA": ("“,”", "','"),
    "_COLON": ("“:”", "':'"),
    "SUFFIX": ("“以上/以下”", "'以上/以下'"),
    "PER": ("“每…”", "'每…'"),
}
_KEYWORD_WORDS = ("关键字（{}）", "a keyword ({})")


@functools.cache
def grammar_text() -> str:
    """The grammar, shipped in the wheel as package data (falls back to the source tree)."""
    try:
        return resources.files("indicator_dsl._grammar").joinpath("indicator.lark").read_text("utf-8")
    except (ModuleNotFoundError, FileNotFoundError):
        return (Path(__file__).resolve().parent.parent / "grammar" / "indicator.lark").read_text("utf-8")


@functools.cache
def lark_parser() -> Lark:
    return with_offsets_only(stock_parser())


def stock_parser(accelerated: bool = True) -> Lark:
    """The grammar's parser as lark builds it (`lark_parser` is this one, keeping offsets only:
    offsets.with_offsets_only), run by lark_cython when it is installed and `accelerated`."""
    plugins = {"_plugins": ACCELERATOR.plugins} if accelerated and ACCELERATOR is not None else {}
    return Lark(
        grammar_text(),
        parser="lalr",
        lexer="contextual",
        propagate_positions=True,
        maybe_placeholders=False,
        start=["start", "target_spec", "band"],
        cache=True,  # the LALR tables, keyed by grammar hash, in the temp dir: check starts faster
        **plugins,
    )


def parse_document(text: str, name: str = "<string>") -> tuple[Document, list[Diagnostic]]:
    """Parse a whole `.ind` text.  Always returns a Document (possibly partial) and diagnostics."""
    source = Source(name, text)
    if len(text) > MAX_CHARS:
        diag = Diagnostic("E106", Span(0, 0), source, {"size": len(text), "limit": MAX_CHARS})
        return Document(source, ()), [diag]
    work = text if text.endswith("\n") else text + "\n"
    bounds = _block_bounds(work)
    known = _from_blocks(work, bounds) if bounds else None
    if known is not None:
        return Document(source, *known), []
    lines = lines_of(work) if bounds else None
    doc, diags = (_by_lines(lines, source) if lines else None) or _parse_whole(work, source, lines)
    if bounds and not diags:
        _remember(work, bounds, doc)
    return doc, diags


def _parse_whole(work: str, source: Source, lines: parse_lines.Lines | None) -> tuple[Document, list[Diagnostic]]:
    """The text parsed as it is, every syntax error reported (its line blanked, the rest parsed
    again); with its `lines`, a clean text's clauses are remembered by their lines."""
    diags: list[Diagnostic] = []
    for _ in range(min(MAX_SYNTAX_ERRORS, REPARSE_BUDGET // max(len(work), 1) + 1)):
        try:
            tree = lark_parser().parse(work, start="start")
            break
        except UnexpectedInput as exc:
            diags.append(_syntax_diagnostic(exc, source, "start"))
            work = _blank_line(work, exc.pos_in_stream or 0)
    else:
        return Document(source, ()), diags
    deep = _too_deep(tree, source.text)
    if deep is not None:
        return Document(source, ()), [*diags, Diagnostic("E104", deep, source, {"limit": MAX_DEPTH})]
    reuse = build.Reuse({}, {}, None) if lines is not None and not diags else None
    doc = build.document(tree, source, diags, reuse)
    doc = dataclasses.replace(doc, comments=_comments(tree, work))
    if lines is not None and reuse is not None:
        lines.remember(reuse, doc.comments)
    return doc, diags


def _by_lines(lines: parse_lines.Lines, source: Source) -> tuple[Document, list[Diagnostic]] | None:
    """The document with the clause lines seen before taken built (parse_lines); None when no
    line is known, or the text with those lines blanked does not parse, or a blanked line stands
    where no clause may (then the text is parsed as it is)."""
    if lines.skeleton is None:
        return None
    try:
        tree = lark_parser().parse(lines.skeleton, start="start")
    except UnexpectedInput:
        return None
    if not lines.in_blocks(tree) or too_deep(tree, lines.work, MAX_DEPTH) is not None:
        return None
    diags: list[Diagnostic] = []
    reuse = lines.reuse(source)
    doc = build.document(tree, source, diags, reuse)
    if reuse.sides_taken != len(reuse.sides):  # a placeholder was read otherwise than as the side
        return None
    comments = lines.comments(_comments(tree, lines.skeleton), reuse.clauses)
    lines.remember(reuse, comments)
    return dataclasses.replace(doc, comments=comments), diags


def lines_of(work: str) -> parse_lines.Lines:
    return parse_lines.Lines(lark_parser(), work, _CLAUSES)


# ---- blocks: projects share most of their text --------------------------------------------------
# Each `指标`/`评分表` header line starts a block.  The grammar is line based and such a keyword at a
# line start means the same alone as inside the file, so a block parsed alone gives the very
# nodes of the whole parse, at offsets from its own start (tests/test_parser_blocks.py holds the
# two paths equal).  A file that is mostly new text is parsed whole and its blocks remembered; a
# file that is mostly blocks seen before takes those, moved to their offsets, and parses only the
# new ones.  Nodes are frozen, so the blocks are shared.

Built = tuple[int, tuple[A.Statement, ...], tuple[A.Comment, ...]]  # the offset it was built at, its nodes


class _BlockCache:
    """Built blocks by their text, the least recently used dropped first; None marks a block that
    does not parse or build cleanly alone (its file takes the path that reports and recovers)."""

    MISSING: Any = object()

    def __init__(self, size: int) -> None:
        self.size = size
        self.items: collections.OrderedDict[str, Built | None] = collections.OrderedDict()
        self.lock = threading.Lock()

    def get(self, block: str) -> Built | None:
        with self.lock:
            found = self.items.get(block, self.MISSING)
            if found is not self.MISSING:
                self.items.move_to_end(block)
            return found  # type: ignore[no-any-return]

    def put(self, block: str, built: Built | None) -> None:
        with self.lock:
            self.items[block] = built
            self.items.move_to_end(block)
            while len(self.items) > self.size:
                self.items.popitem(last=False)


_BLOCKS = _BlockCache(BLOCK_CACHE)
_CLAUSES = parse_lines.ClauseCache(CLAUSE_CACHE)  # built clauses by their line's text


def _block_bounds(work: str) -> list[tuple[int, int]]:
    """(start, end) of each block; none for text with a triple-quoted rule, whose lines may look
    like headers."""
    if '"""' in work:
        return []
    starts = [m.start() for m in _block_headers().finditer(work)]
    return [(a, b) for a, b in zip([0, *starts], [*starts, len(work)], strict=True) if a < b]


def _from_blocks(
    work: str, bounds: list[tuple[int, int]]
) -> tuple[tuple[A.Statement, ...], tuple[A.Comment, ...]] | None:
    """The document from its blocks, when most of its text was seen before; None to parse it
    whole (one parse of new text is cheaper than many parses of its blocks)."""
    found = [_BLOCKS.get(work[a:b]) for a, b in bounds]
    new = sum(_new_text(work[a:b]) for (a, b), f in zip(bounds, found, strict=True) if f is _BlockCache.MISSING)
    if new * 2 > len(work):
        return None
    statements: list[A.Statement] = []
    comments: list[A.Comment] = []
    for (start, end), built in zip(bounds, found, strict=True):
        if built is _BlockCache.MISSING:
            built = _renamed_scorecard(work[start:end]) or _build_block(work[start:end])
            _BLOCKS.put(work[start:end], built)
            _remember_body(work[start:end], built)
        if built is None:
            return None
        if built[0] != start:  # kept at this offset now: the next file with the block here shares its nodes
            at, nodes, notes = built
            built = (start, A.shifted(nodes, start - at), A.shifted(notes, start - at))
            _BLOCKS.put(work[start:end], built)
        statements += built[1]
        comments += built[2]
    return tuple(statements), tuple(comments)


def _build_block(block: str) -> Built | None:
    try:
        tree = lark_parser().parse(block, start="start")
    except UnexpectedInput:
        return None
    if _too_deep(tree, block) is not None:
        return None
    diags: list[Diagnostic] = []
    doc = build.document(tree, Source("<block>", block), diags)
    return None if diags else (0, doc.statements, _comments(tree, block))


def _remember(work: str, bounds: list[tuple[int, int]], doc: Document) -> None:
    """A clean file parsed whole: its nodes, block by block, for the files that share them."""
    starts = [a for a, _ in bounds]
    nodes: list[list[A.Statement]] = [[] for _ in bounds]
    notes: list[list[A.Comment]] = [[] for _ in bounds]
    for st in doc.statements:
        nodes[bisect.bisect_right(starts, st.span.start) - 1].append(st)
    for comment in doc.comments:
        notes[bisect.bisect_right(starts, comment.span.start) - 1].append(comment)
    for (start, end), block_nodes, block_notes in zip(bounds, nodes, notes, strict=True):
        built = (start, tuple(block_nodes), tuple(block_notes))
        _BLOCKS.put(work[start:end], built)
        _remember_body(work[start:end], built)


# ---- 评分表 blocks that differ only in their header line ----------------------------------------
# Every project names its own 评分表 (`评分表 项目00417 "…年度绩效自评"`) under the same clause lines.
# A scorecard's clauses are built without its name (build.s_scorecard), so a block whose clause
# lines were seen under another header parses only its header line and takes those clauses,
# moved to its offsets.  The header's own tokens (name, title, a comment) come from that parse.

_BODIES = _BlockCache(BLOCK_CACHE)  # a 评分表 block's clause lines → its built block


def _body_at(block: str) -> int:
    """Where a 评分表 block's clause lines start (after its header line), or 0 for another block."""
    if not _scorecard_header().match(block):
        return 0
    return block.find("\n") + 1


def _remember_body(block: str, built: Built | None) -> None:
    at = _body_at(block)
    if built is None or not at or len(built[1]) != 1 or not isinstance(built[1][0], A.Scorecard):
        return
    card = built[1][0]
    if card.span.end - built[0] > at:  # it has clauses (else there is nothing to share)
        _BODIES.put(block[at:], (built[0] + at, built[1], built[2]))


def _new_text(block: str) -> int:
    """Characters of an unknown block that must be parsed: a 评分表's header line when its
    clause lines are known, else all of it."""
    at = _body_at(block)
    known = _BODIES.get(block[at:]) if at else None
    return at if known is not None and known is not _BlockCache.MISSING else len(block)


def _renamed_scorecard(block: str) -> Built | None:
    """A 评分表 block whose clause lines are known: its header line parsed alone, the clauses
    taken from the known block; None when they are not known or the header does not build alone."""
    at = _body_at(block)
    known = _BODIES.get(block[at:]) if at else _BlockCache.MISSING
    if known is _BlockCache.MISSING or known is None:
        return None
    head = _build_block(block[:at])
    if head is None or len(head[1]) != 1 or not isinstance(head[1][0], A.Scorecard):
        return None
    body_at, nodes, notes = known
    named, card = head[1][0], A.shifted(nodes[0], at - body_at)
    if named != A.Scorecard(named.span, named.name, named.name_span, title=named.title):
        return None  # not a bare header: nothing of it may come from the other block
    whole = dataclasses.replace(
        card, span=Span(named.span.start, card.span.end), name=named.name, name_span=named.name_span, title=named.title
    )
    comments = head[2] + tuple(A.shifted(c, at - body_at) for c in notes if c.span.start >= body_at)
    return 0, (whole,), comments


@functools.cache
def _scorecard_header() -> re.Pattern[str]:
    found = {t.name: t.pattern.to_regexp() for t in lark_parser().terminals}
    return re.compile(f"^(?:{found['KW_SCORECARD']})", re.IGNORECASE)


def may_hold_scorecard(text: str) -> bool:
    """Whether a text may hold a 评分表: a line starts with the grammar's keyword (a guess, to
    place a file: its parse decides)."""
    return _scorecard_lines().search(text) is not None


@functools.cache
def _scorecard_lines() -> re.Pattern[str]:
    found = {t.name: t.pattern.to_regexp() for t in lark_parser().terminals}
    return re.compile(f"^[\\t \u3000]*(?:{found['KW_SCORECARD']})", re.IGNORECASE | re.MULTILINE)


@functools.cache
def _block_headers() -> re.Pattern[str]:
    """Line starts where the grammar's `指标` or `评分表` keyword begins a block."""
    found = {t.name: t.pattern.to_regexp() for t in lark_parser().terminals}
    return re.compile(f"^(?:{found['KW_INDICATOR']}|{found['KW_SCORECARD']})", re.IGNORECASE | re.MULTILINE)


def _comments(tree: Tree, text: str) -> tuple[A.Comment, ...]:
    """Every `#` comment of the text.  Whitespace and comments are the only characters no token
    holds: so a # outside the tokens that hold one (quoted text, a triple-quoted 评分) starts a
    comment, which runs to the end of its line."""
    if "#" not in text:
        return ()
    quoted = tokens_holding(tree, text, "#")
    found: list[A.Comment] = []
    at, q = text.find("#"), 0
    while at >= 0:
        while q < len(quoted) and quoted[q][1] <= at:
            q += 1
        if q < len(quoted) and quoted[q][0] <= at:
            at = text.find("#", quoted[q][1])
            continue
        end = text.find("\n", at)
        end = len(text) if end < 0 else end
        found.append(A.Comment(Span(at, end), text[at:end].rstrip("\r")))
        at = text.find("#", end)
    return tuple(found)


@functools.cache
def keyword_terminals() -> tuple[re.Pattern[str], ...]:
    """The keyword terminals' patterns (a name that one of them matches whole is a keyword)."""
    return tuple(
        re.compile(t.pattern.to_regexp(), re.IGNORECASE if "i" in t.pattern.flags else 0)
        for t in lark_parser().terminals
        if t.name.startswith("KW_")
    )


def _name_pattern() -> re.Pattern[str]:
    match = re.search(r"^NAME: /(.*)/$", grammar_text(), re.M)
    assert match is not None
    return re.compile(match.group(1))


NAME_PATTERN = _name_pattern()


def parse_fragment(text: str, start: str, name: str = "<cell>") -> tuple[Any, list[Diagnostic]]:
    """Parse one table cell as `target_spec` or `band` (importers and auditors use this)."""
    source = Source(name, text)
    try:
        tree = lark_parser().parse(text, start=start)
    except UnexpectedInput as exc:
        return None, [_syntax_diagnostic(exc, source, start)]
    deep = _too_deep(tree, source.text)
    if deep is not None:
        return None, [Diagnostic("E104", deep, source, {"limit": MAX_DEPTH})]
    diags: list[Diagnostic] = []
    return build.fragment(tree, source, diags, start), diags


def _too_deep(tree: Tree, text: str) -> Span | None:
    """The span of a node deeper than MAX_DEPTH, so hostile nesting cannot overflow the stack later."""
    found = too_deep(tree, text, MAX_DEPTH)
    return None if found is None else Span(*found)


def _blank_line(text: str, pos: int) -> str:
    """Blank the line holding `pos` (offsets kept).  A broken block header takes its indented
    clause lines with it: they cannot belong to anything, and one mistake is one error."""
    start = text.rfind("\n", 0, pos) + 1
    end = text.find("\n", pos)
    end = len(text) if end < 0 else end
    if text[start : start + 1] not in (" ", "\t", "\u3000"):
        while end < len(text):
            nxt = text.find("\n", end + 1)
            nxt = len(text) if nxt < 0 else nxt
            line = text[end + 1 : nxt]
            if not line.strip() or line[:1] not in (" ", "\t", "\u3000"):
                break
            end = nxt
    return text[:start] + "".join(ch if ch == "\n" else " " for ch in text[start:end]) + text[end:]


def _syntax_diagnostic(exc: UnexpectedInput, source: Source, start: str) -> Diagnostic:
    pos = min(exc.pos_in_stream or 0, len(source.text))
    if isinstance(exc, UnexpectedCharacters):
        char = source.text[pos] if pos < len(source.text) else ""
        return Diagnostic("E102", Span(pos, pos + 1), source, {"char": char})
    zh, en = _expected_words(getattr(exc, "expected", None) or getattr(exc, "accepts", None) or set())
    if isinstance(exc, UnexpectedEOF) or (
        isinstance(exc, UnexpectedToken) and exc.token.type in ("$END", "_NL") and pos >= len(source.text.rstrip())
    ):
        return Diagnostic("E103", Span(pos, pos), source, {"expected": zh, "expected_en": en})
    assert isinstance(exc, UnexpectedToken)
    token = exc.token
    if token.type == "REST":  # only the catch-all text terminal matched: a stray character
        return Diagnostic("E102", Span(pos, pos + 1), source, {"char": source.text[pos : pos + 1]})
    end = token.end_pos if token.end_pos is not None else pos + 1
    found, found_en = (
        ("行尾", "end of line")
        if token.type in ("_NL", "$END")
        else (f"“{str(token).strip()}”", f"'{str(token).strip()}'")
    )
    args = {"found": found, "found_en": found_en, "expected": zh, "expected_en": en}
    fix = _fix_hint(exc, source)
    return Diagnostic("E101", Span(pos, end), source, args, *(fix or (None, None)))


def _expected_words(expected: set[str]) -> tuple[str, str]:
    """Expected terminals in words, in Chinese and in English."""
    zh: list[str] = []
    en: list[str] = []
    keywords = sorted(name[3:].lower() for name in expected if name.startswith("KW_"))
    for name in sorted(expected):
        if name in _TERMINAL_WORDS:
            zh.append(_TERMINAL_WORDS[name][0])
            en.append(_TERMINAL_WORDS[name][1])
    if keywords:
        zh.append(_KEYWORD_WORDS[0].format("、".join(keywords[:6])))
        en.append(_KEYWORD_WORDS[1].format(", ".join(keywords[:6])))
    return "、".join(zh[:8]) or "其他内容", " or ".join(en[:8]) or "something else"


KEYWORDS = (
    "指标",
    "评分表",
    "定义",
    "输入",
    "单位定义",
    "核对",
    "类别",
    "公式",
    "目标",
    "权重",
    "分值",
    "等级",
    "方向",
    "单位",
    "别名",
    "来源",
    "说明",
    "依据",
    "描述",
    "定义域",
    "类型",
    "方案",
    "分组",
    "预算执行",
    "评分",
    "评分读作",
)


def _keyword_meant(word: str, source: Source, line: int) -> str | None:
    """The keyword a misspelt clause word stands for.  Of the close spellings (`方像` is as close
    to 方案 as to 方向), the first whose closed vocabulary holds the clause's argument (`正向` is a
    方向 word: build.DIRECTIONS), else the first with which the line's block parses, else the
    closest spelling."""
    close = did_you_mean(word, KEYWORDS, n=4)
    text = source.line_text(line).strip()
    argument = text[len(word) :].strip()
    fitting = [k for k in close if argument in _VOCABULARIES.get(k, ())]
    parsing = [k for k in close if _parses_with(k, word, source, line)] if not fitting else []
    return next(iter(fitting + parsing + close), None)


_VOCABULARIES: dict[str, Mapping[str, object]] = {
    "方向": build.DIRECTIONS,
    "类型": build.KINDS,
}  # clauses whose argument is one of a few words
_BLOCK_LINES = 200  # lines looked back for a clause's block header when testing a keyword


def _parses_with(keyword: str, word: str, source: Source, line: int) -> bool:
    lines = source.text.split("\n")
    start = line - 1
    while start > 0 and lines[start][:1] in (" ", "\t", "\u3000") and line - start < _BLOCK_LINES:
        start -= 1
    block = lines[start : line - 1] + [lines[line - 1].replace(word, keyword, 1)]
    try:
        lark_parser().parse("\n".join(block) + "\n", start="start")
    except UnexpectedInput:
        return False
    return True


def _fix_hint(exc: UnexpectedToken, source: Source) -> tuple[str, str] | None:
    """Suggestions for mistakes people make often, in their words (zh, en)."""
    expected = exc.expected or set()
    line, _ = source.location(exc.pos_in_stream or 0)
    words = source.line_text(line).split()
    keyword = _keyword_meant(words[0], source, line) if words and words[0] not in KEYWORDS else None
    if keyword and "EQ" in expected:
        return (
            f"“{words[0]}”是否应为关键字“{keyword}”？",
            f"did you mean the keyword '{keyword}' instead of '{words[0]}'?",
        )
    if exc.token.type == "NUMBER" and "EQ" in expected:
        return (
            "名称后应跟“=”再写公式，例如“完成率 = 完成数 / 计划数 * 100%”",
            "a name is followed by '=' and the formula, e.g. 'rate = done / planned * 100%'",
        )
    if exc.token.type in ("_NL", "$END") and {"NAME", "NUMBER"} & expected:
        return "公式或目标在此处不完整", "the formula or target is incomplete here"
    return None
