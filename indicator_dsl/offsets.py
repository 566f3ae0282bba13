"""Node offsets while lark parses, the depth limit and the quoted tokens, found cheaply.

lark's `propagate_positions` keeps line, column, end line, end column and their container
twins on a `Meta` of every node: about a quarter of the time `check` spends on a file.  The
builder reads only `start_pos`, `end_pos` and `empty` (spans are offsets; line and column are
derived when a diagnostic is shown).  So each rule's callback here sets those three, in a
slotted object, by lark's rule: a node starts at its first child that takes up text and ends at
its last, children counted before lark filters out punctuation, keywords and `_NL` (so a clause
ends after its line break).  Where the rule's expansion puts a terminal first (or last), that
child is a token and is read directly; only a nonterminal edge is searched.

lark also keeps *container* positions, which differ from a node's own only for a `?rule` that
passes one child up through symbols it drops; `with_offsets_only` refuses a grammar with such a
rule, so own positions are all there is (tests/test_core_parser.py holds ours equal to lark's on
the repository's files and on fuzz inputs).
"""

from __future__ import annotations

import bisect
from collections.abc import Callable
from typing import Any

from lark import Lark, Tree
from lark.grammar import Terminal

Children = list[Any]


class Offsets:
    """A node's `meta`: where it starts and ends in the text."""

    __slots__ = ("start_pos", "end_pos")
    empty = False

    def __init__(self, start_pos: int, end_pos: int) -> None:
        self.start_pos = start_pos
        self.end_pos = end_pos


class NoOffsets:
    """The `meta` of a node that holds no text (an empty rule: `open_bound`)."""

    __slots__ = ()
    empty = True


_EMPTY = NoOffsets()


def _first_start(children: Children) -> int | None:
    for c in children:
        if isinstance(c, Tree):
            meta: Any = c._meta
            if not meta.empty:
                return meta.start_pos  # type: ignore[no-any-return]
        else:
            return c.start_pos  # type: ignore[no-any-return]
    return None


def _last_end(children: Children) -> int | None:
    for c in reversed(children):
        if isinstance(c, Tree):
            meta: Any = c._meta
            if not meta.empty:
                return meta.end_pos  # type: ignore[no-any-return]
        else:
            return c.end_pos  # type: ignore[no-any-return]
    return None


def _callback(builder: Callable[[Children], Any], first_token: bool, last_token: bool) -> Callable[[Children], Any]:
    """The rule's node builder with offsets set on the node it makes.  A node that already has
    them was passed up by a `?rule` (one child, nothing dropped): its offsets stay."""
    if first_token and last_token:

        def both(children: Children) -> Any:
            res: Any = builder(children)
            if isinstance(res, Tree) and res._meta is None:
                res._meta = Offsets(children[0].start_pos, children[-1].end_pos)  # type: ignore[assignment]
            return res

        return both

    def general(children: Children) -> Any:
        res: Any = builder(children)
        if isinstance(res, Tree) and res._meta is None:
            start = children[0].start_pos if first_token else _first_start(children)
            if start is None:
                res._meta = _EMPTY  # type: ignore[assignment]
            else:
                end = children[-1].end_pos if last_token else _last_end(children)
                res._meta = Offsets(start, end)  # type: ignore[assignment,arg-type]
        return res

    return general


def with_offsets_only(parser: Lark) -> Lark:
    """`parser` (built with propagate_positions=True) with each rule's position keeping replaced
    by an offsets-only callback (in place)."""
    from lark.parse_tree_builder import PropagatePositions

    callbacks = parser._callbacks
    for rule, callback in callbacks.items():
        if not isinstance(callback, PropagatePositions):
            continue
        if rule.options.expand1 and not rule.alias and len(rule.expansion) != 1:
            raise ValueError(f"rule {rule} passes a child up through dropped symbols: container offsets needed")
        symbols = rule.expansion
        first = bool(symbols) and isinstance(symbols[0], Terminal)
        last = bool(symbols) and isinstance(symbols[-1], Terminal)
        callbacks[rule] = _callback(callback.node_builder, first, last)
    return parser


# ---- depth -------------------------------------------------------------------------------------
# The grammar recurses only through expressions, which lie on one line, and each level of that
# recursion holds a token of its own (an operator, a sign, parentheses, a call's name): so a tree
# is at most its longest line's length (in characters) plus the fixed levels above and below an
# expression (statement, clause, number, unit, words, name, token: fewer than 16) deep.  A file
# whose lines are all shorter than the limit by that margin needs no walk
# (tests/test_core_parser.py holds the bound on deep fuzz expressions).
FIXED_LEVELS = 16


def longest_line(text: str) -> int:
    return max(map(len, text.split("\n")), default=0)


def too_deep(tree: Tree, text: str, limit: int) -> tuple[int, int] | None:
    """(start, end) of a node deeper than `limit`, or None; without recursion, so hostile nesting
    cannot overflow the stack later.  Walks the tree only when the text's lines allow that depth."""
    if longest_line(text) + FIXED_LEVELS <= limit:
        return None
    return deepest(tree, limit)


def deepest(tree: Tree, limit: int) -> tuple[int, int] | None:
    """The full walk: (start, end) of the first node found deeper than `limit`."""
    stack: list[tuple[Any, int]] = [(tree, 0)]
    while stack:
        node, depth = stack.pop()
        if depth > limit:
            if isinstance(node, Tree):
                return getattr(node.meta, "start_pos", 0), getattr(node.meta, "end_pos", 0)
            return node.start_pos or 0, node.end_pos or 0
        if isinstance(node, Tree):
            stack.extend((c, depth + 1) for c in node.children)
    return None


# ---- tokens that hold a # ---------------------------------------------------------------------
def tokens_holding(tree: Tree, text: str, char: str) -> list[tuple[int, int]]:
    """(start, end) of every token of `tree` whose text holds `char`, sorted.  Only nodes whose
    offsets cover a `char` of the text are entered (a clause that ends in a comment line is; the
    rest of the file is not)."""
    at: list[int] = []
    i = text.find(char)
    while i >= 0:
        at.append(i)
        i = text.find(char, i + 1)
    found: list[tuple[int, int]] = []
    stack = [tree]
    while stack:
        for c in stack.pop().children:
            if isinstance(c, Tree):
                meta = c.meta
                if not meta.empty:
                    k = bisect.bisect_left(at, meta.start_pos)
                    if k < len(at) and at[k] < meta.end_pos:
                        stack.append(c)
            elif char in str(c):
                found.append((c.start_pos or 0, c.end_pos or 0))
    found.sort()
    return found
