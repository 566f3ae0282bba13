"""Clause lines seen before, taken built: in a folder most lines repeat (类别, 目标, 等级, 评分 …)
even where every indicator has a name of its own, so no block repeats whole.

The grammar is line based: a clause is its line and the line break after it (lark's `_NL`, which
takes the blank and comment lines that follow and the next line's indentation) — call that a
*unit*; the units tile the text.  A unit is parsed the same wherever a clause may stand:
- every state the parser is in after a line break inside a block (after a block's header or any
  clause) accepts the same terminals (`clause_states_agree` reads it off the parse table), so the
  contextual lexer reads the unit's first token alike, and the rest of the clause follows from
  that token alone; after the clause the parser is in such a state again;
- a token's patterns look at most one character back (a keyword at a line start: the character
  before the unit is in its key) and never past the unit's own line break.
So a clause built once is taken again, moved to its offset, wherever the same unit stands in a
block.  The text is parsed with those units' lines blanked (spaces; their line breaks, comment
lines included, kept): every other token keeps its offset and the line break before a blanked
line runs on over it.  The parse then says where each blanked line stands: in a block (after its
header or a clause), or not (after a one-line statement, before any statement — then the text
is parsed as it is, by the caller's path that reports and recovers).  The builder takes the known
clauses in text order between the clause trees of their block, and ends a clause's span at its
own line break (build.clauses, build.clause_span).  A block's span ends where the next statement
starts, as in the whole parse.  tests/test_parse_lines.py holds the documents equal to a parse
without any cache.
"""

from __future__ import annotations

import bisect
import collections
import contextlib
import dataclasses
import functools
import re
import threading
from collections.abc import Mapping
from typing import Any

from lark import Lark, Tree

from . import ast as A
from .build import BuiltClause, Reuse

_SPACE = " \t\u3000#\r\n"  # a unit starting with one of these is not a clause's line
_BLOCKS = ("indicator", "scorecard")
PLACEMENTS = 8  # offsets a known clause is kept at


@functools.cache
def _line_breaks(parser: Lark) -> re.Pattern[str]:
    found = {t.name: t.pattern.to_regexp() for t in parser.terminals}
    return re.compile(found["_NL"])


@functools.cache
def clause_states_agree(parser: Lark) -> bool:
    """Whether every parser state after a line break in which a clause may begin accepts the
    same terminals (so a clause's line is lexed alike after any clause or header)."""
    table = parser.parser.parser._parse_table
    names = {t.name for t in parser.terminals} | {"$END"}
    clause_words = {name for name in names if name.startswith("KW_")} - _STATEMENT_WORDS
    accepts = set()
    for actions in table.states.values():
        step = actions.get("_NL")
        if step is not None and step[0].name == "Shift":
            terminals = frozenset(table.states[step[1]]) & names
            if terminals & clause_words:
                accepts.add(terminals)
    return len(accepts) == 1


_STATEMENT_WORDS = {"KW_INDICATOR", "KW_SCORECARD", "KW_LET", "KW_INPUT", "KW_UNITDEF", "KW_ASSERT"}


class ClauseCache:
    """Built clauses by their unit's key, each at the offsets it was placed at; the least recently
    used dropped first.  A look-up takes no lock (one per line of every file read): a dict's get
    and an OrderedDict's move are single steps under the interpreter lock."""

    def __init__(self, size: int) -> None:
        self.size = size
        self.items: collections.OrderedDict[str, dict[int, BuiltClause]] = collections.OrderedDict()
        self.lock = threading.Lock()

    def get(self, key: str) -> dict[int, BuiltClause] | None:
        found = self.items.get(key)
        if found is not None:
            with contextlib.suppress(KeyError):  # dropped meanwhile by another thread
                self.items.move_to_end(key)
        return found

    def put(self, key: str, placements: dict[int, BuiltClause]) -> None:
        with self.lock:
            self.items[key] = placements
            self.items.move_to_end(key)
            while len(self.items) > self.size:
                self.items.popitem(last=False)


class Lines:
    """One text's units, and the text with the lines of the clauses `cache` knows blanked
    (`skeleton`; None when no line is known, or when the grammar's states do not allow it)."""

    def __init__(self, parser: Lark, work: str, cache: ClauseCache) -> None:
        self.work, self.cache = work, cache
        breaks = [m.span() for m in _line_breaks(parser).finditer(work)] if clause_states_agree(parser) else []
        self.nls = [nl for nl, _ in breaks]  # where each unit's line break starts
        self.ends = [end for _, end in breaks]
        self.starts = [0, *self.ends[:-1]]
        self.known: dict[int, dict[int, BuiltClause]] = {}  # a known unit's start → its placements
        pieces: list[str] = []
        copied = 0  # work[:copied] is in pieces
        self.sides: dict[int, dict[int, BuiltClause]] = {}  # a known formula side's start → placements
        get, formula = cache.get, _formula_word(parser).match
        for start, (nl, end) in zip(self.starts, breaks, strict=False):
            if nl - start < 2 or work[start] in _SPACE:
                continue
            built = get(_key(work, start, end))
            if built is not None:
                self.known[start] = built
                pieces += (work[copied:start], " " * (nl - start))
                copied = nl
            elif formula(work, start):
                side = _side(work, start, nl)
                built = get("=" + work[side:nl]) if side else None
                if built is not None:  # the side left out: a name in its place (the formula needs one)
                    self.sides[side] = built
                    pieces += (work[copied:side], "x" + " " * (nl - side - 1))
                    copied = nl
        self.skeleton = "".join([*pieces, work[copied:]]) if self.known or self.sides else None

    def in_blocks(self, tree: Tree) -> bool:
        """Whether each blanked line lies in a block of the parse (where a clause may stand;
        after a one-line statement, or before any, it may not)."""
        statements = [c for c in tree.children if isinstance(c, Tree)]
        starts = [c.meta.start_pos for c in statements]
        for start in self.known:
            i = bisect.bisect_right(starts, start) - 1
            if i < 0 or statements[i].data not in _BLOCKS or start >= statements[i].meta.end_pos:
                return False
        return True

    def reuse(self, source: Any) -> Reuse:
        return Reuse(_placed(self.known, source), _placed(self.sides, source), self.line_ends())

    def line_ends(self) -> dict[int, int]:
        return dict(zip(self.starts, self.ends, strict=False))

    def comments(self, found: tuple[A.Comment, ...], known: Mapping[int, BuiltClause]) -> tuple[A.Comment, ...]:
        """The comments of the text: those `found` in the blanked text, and the known lines' own
        (blanked with them), in text order."""
        theirs = [c for built in known.values() for c in built.comments]
        if not theirs:
            return found
        return tuple(sorted((*found, *theirs), key=lambda c: c.span.start))

    def remember(self, reuse: Reuse, comments: tuple[A.Comment, ...]) -> None:
        """The clauses built now, each under its unit's text, with the comments on its line; the
        formula sides built now under their text (where it holds no comment)."""
        if not self.ends:
            return
        for side, built in reuse.made_sides.items():
            i = bisect.bisect_right(self.starts, side) - 1
            if side < self.nls[i] and "#" not in self.work[side : self.nls[i]]:
                self.cache.put("=" + self.work[side : self.nls[i]], {side: built})
        at = [c.span.start for c in comments]
        for start, built in reuse.made.items():
            i = bisect.bisect_left(self.starts, start)
            if i == len(self.starts) or self.starts[i] != start:
                continue
            lo, hi = bisect.bisect_left(at, start), bisect.bisect_left(at, self.nls[i])
            if lo < hi:
                built = dataclasses.replace(built, comments=comments[lo:hi])
            self.cache.put(_key(self.work, start, self.ends[i]), {start: built})


def _placed(known: dict[int, dict[int, BuiltClause]], source: Any) -> dict[int, BuiltClause]:
    """Known pieces, each moved to its offset in this text, in text order.  A piece is kept at a
    few offsets (a line repeats at the same offset in files made from one template, and at
    others in the same file): there its nodes are shared, not moved again."""
    out: dict[int, BuiltClause] = {}
    for start, placements in known.items():
        built = placements.get(start)
        if built is None:
            built = next(iter(placements.values())).placed(start, source)
            if len(placements) < PLACEMENTS:
                placements[start] = built
        out[start] = built.placed(start, source)  # itself, unless its findings name a source
    return out


@functools.cache
def _formula_word(parser: Lark) -> re.Pattern[str]:
    found = {t.name: t.pattern.to_regexp() for t in parser.terminals}
    return re.compile(found["KW_FORMULA"], re.IGNORECASE)


_EQ = re.compile("[=＝﹦]")


def _side(work: str, start: int, nl: int) -> int:
    """Where a formula line's right side starts (after its first =), 0 when it has none or it
    holds a comment (the comment would be left out with it)."""
    eq = _EQ.search(work, start, nl)
    if eq is None or eq.end() >= nl or "#" in work[eq.end() : nl]:
        return 0
    return eq.end()


def _key(work: str, start: int, end: int) -> str:
    """A unit's text after the character before it (a keyword's pattern looks back one)."""
    return work[start - 1 : end] if start else "\n" + work[:end]
