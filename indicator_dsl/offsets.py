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
import functools
import operator
from collections.abc import Callable
from typing import Any

from lark import Lark, Token, Tree
from lark.grammar import Terminal
from lark.parse_tree_builder import ChildFilterLALR_NoPlaceholders, ExpandSingleChild, PropagatePositions

Children = list[Any]


def _accelerator() -> Any:
    """lark_cython (the `fast` extra), which parses the same grammar to the same trees in Cython:
    None when it is not installed (tests/test_parser_accelerated.py holds the two equal)."""
    try:
        import lark_cython
    except ImportError:
        return None
    return lark_cython


ACCELERATOR = _accelerator()
# The classes a tree's tokens have: lark's Token (a str), and lark_cython's (not a str: its text
# is `str(token)`).  The builders test `isinstance(c, TOKENS)`.
TOKENS: tuple[type[Token], ...] = (Token,) if ACCELERATOR is None else (Token, ACCELERATOR.Token)


class Offsets(tuple):  # type: ignore[type-arg]
    """A node's `meta`: where it starts and ends in the text.  A tuple, so making one is a call
    into C (a parse makes one per node)."""

    __slots__ = ()
    empty = False
    start_pos = property(operator.itemgetter(0))
    end_pos = property(operator.itemgetter(1))


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


def _edges(symbols: list[Any]) -> tuple[bool, bool]:
    """Whether the rule's first and last symbols are terminals (their children are tokens)."""
    return bool(symbols) and isinstance(symbols[0], Terminal), bool(symbols) and isinstance(symbols[-1], Terminal)


def _offsets(children: Children, first_token: bool, last_token: bool) -> Any:
    start = children[0].start_pos if first_token else _first_start(children)
    if start is None:
        return _EMPTY
    return Offsets((start, children[-1].end_pos if last_token else _last_end(children)))


def _callback(rule: Any, builder: Callable[[Children], Any]) -> Callable[[Children], Any]:
    """The rule's node builder, with offsets on the node it makes, in one call where lark's chain
    is one we know: `Tree(name, children)`, that behind a `?rule`'s pass-up of a single child,
    or behind lark's child filter (which drops punctuation and splices `_rule` children in).  A
    node passed up by a `?rule` keeps its own offsets.  Another chain is called as it is."""
    first, last = _edges(rule.expansion)
    inner = getattr(builder, "node_builder", None)
    if _is_tree_builder(builder):
        name = builder.args[0]  # type: ignore[attr-defined]
        if first and last:
            return lambda children: Tree(name, children, Offsets((children[0].start_pos, children[-1].end_pos)))  # type: ignore[arg-type]
        return lambda children: Tree(name, children, _offsets(children, first, last))
    if isinstance(builder, ExpandSingleChild) and _is_tree_builder(inner):
        name = inner.args[0]  # type: ignore[union-attr]

        def pass_up(children: Children) -> Any:
            if len(children) == 1:
                return children[0]
            return Tree(name, children, _offsets(children, first, last))

        return pass_up
    if isinstance(builder, ChildFilterLALR_NoPlaceholders) and _is_tree_builder(inner):
        name, include = inner.args[0], tuple(builder.to_include)  # type: ignore[union-attr]
        if not any(splice for _, splice in include) and first and last:
            return _picked(name, tuple(i for i, _ in include))

        def filtered(children: Children) -> Any:
            kept: list[Any] = []
            for i, splice in include:  # lark's ChildFilterLALR_NoPlaceholders, as it is
                if splice:
                    if kept:
                        kept += children[i].children
                    else:
                        kept = children[i].children
                else:
                    kept.append(children[i])
            return Tree(name, kept, _offsets(children, first, last))

        return filtered

    def general(children: Children) -> Any:
        res: Any = builder(children)
        if isinstance(res, Tree) and res._meta is None:
            res._meta = _offsets(children, first, last)
        return res

    return general


def _picked(name: str, keep: tuple[int, ...]) -> Callable[[Children], Any]:
    """A rule that starts and ends with a token and drops some (a clause's `_NL`): the kept
    children picked in C, the offsets read from its first and last token."""
    if len(keep) == 1:
        (k,) = keep
        return lambda ch: Tree(name, [ch[k]], Offsets((ch[0].start_pos, ch[-1].end_pos)))  # type: ignore[arg-type]
    pick = operator.itemgetter(*keep) if keep else (lambda ch: ())
    return lambda ch: Tree(name, list(pick(ch)), Offsets((ch[0].start_pos, ch[-1].end_pos)))  # type: ignore[arg-type]


def _is_tree_builder(f: Any) -> bool:
    return isinstance(f, functools.partial) and f.func is Tree and len(f.args) == 1 and not f.keywords


def with_offsets_only(parser: Lark) -> Lark:
    """`parser` (built with propagate_positions=True) with each rule's position keeping replaced
    by an offsets-only callback (in place)."""
    callbacks = parser._callbacks
    for rule, callback in callbacks.items():
        if not isinstance(callback, PropagatePositions):
            continue
        if rule.options.expand1 and not rule.alias and len(rule.expansion) != 1:
            raise ValueError(f"rule {rule} passes a child up through dropped symbols: container offsets needed")
        callbacks[rule] = _callback(rule, callback.node_builder)
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
