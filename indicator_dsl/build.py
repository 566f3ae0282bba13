"""Parse tree → AST.  Builds only: problems of meaning are left to `check`.

The few things that cannot be built (a direction word we do not know, a clause in the wrong
block, a number too long to be sane) become diagnostics here and the node is still built.
"""

from __future__ import annotations

import bisect
import dataclasses
import re
from collections.abc import Callable, Iterator, Mapping
from typing import Any

from lark import Token, Tree

from . import ast as A
from .build_targets import (  # noqa: F401 - COMPARATORS, SUFFIX_COMPARATORS re-exported
    _OP,
    COMPARATORS,
    QUALIFIER_WORDS,
    SUFFIX_COMPARATORS,
    TargetBuilder,
)
from .diagnostics import Diagnostic
from .naming import is_timed
from .offsets import TOKENS
from .source import Source, Span

DIRECTIONS: dict[str, A.Direction] = {}
for _texts, _dir in (
    ("正向 正向指标 positive 越高越好 越大越好", A.Direction.POSITIVE),
    ("反向 反向指标 逆向 逆向指标 negative 越低越好 越小越好", A.Direction.NEGATIVE),
    ("等于 持平 equal exact", A.Direction.EQUAL),
    ("区间 范围 range", A.Direction.RANGE),
):
    for _t in _texts.split():
        DIRECTIONS[_t] = _dir
KINDS = {
    "定量": A.Kind.QUANTITATIVE,
    "quantitative": A.Kind.QUANTITATIVE,
    "定性": A.Kind.QUALITATIVE,
    "qualitative": A.Kind.QUALITATIVE,
}
TEXT_FIELDS = {
    "来源": "source",
    "source": "source",
    "数据来源": "basis",
    "依据": "basis",
    "指标值确定依据": "basis",
    "basis": "basis",
    "说明": "note",
    "备注": "note",
    "note": "note",
    "描述": "description",
    "description": "description",
}


@dataclasses.dataclass(frozen=True, slots=True)
class BuiltClause:
    """A clause as its block takes it: field, value and keyword (span, text), with the findings
    of its building; built at offset `at` (`placed` moves it, for another file)."""

    at: int
    key: str
    value: Any
    diags: tuple[Diagnostic, ...]
    keyword: tuple[Span, str]
    comments: tuple[A.Comment, ...] = ()  # those on its own line (not those its line break takes)

    def placed(self, at: int, source: Source) -> BuiltClause:
        delta = at - self.at
        if delta == 0 and not self.diags:
            return self
        value = (
            {k: A.shifted(v, delta) for k, v in self.value.items()}
            if isinstance(self.value, dict)
            else A.shifted(self.value, delta)
        )
        diags = tuple(dataclasses.replace(d, span=A.shifted(d.span, delta), source=source) for d in self.diags)
        span, word = self.keyword
        return BuiltClause(at, self.key, value, diags, (A.shifted(span, delta), word), A.shifted(self.comments, delta))


@dataclasses.dataclass
class Reuse:
    """What the parser hands the builder of a text some lines of which it has built before
    (parse_lines), and what the builder hands back: the clauses and formula right sides it built."""

    clauses: Mapping[int, BuiltClause]  # built before, placed here, by their start (in text order)
    sides: Mapping[int, BuiltClause]  # formula right sides built before, by where they start (after =)
    ends: Mapping[int, int] | None  # where each line's line break ends (None: the tree says)
    made: dict[int, BuiltClause] = dataclasses.field(default_factory=dict)
    made_sides: dict[int, BuiltClause] = dataclasses.field(default_factory=dict)
    sides_taken: int = 0


class _Builder(TargetBuilder):
    def __init__(self, source: Source, diags: list[Diagnostic], reuse: Reuse | None = None) -> None:
        super().__init__(source, diags)
        self.reuse = reuse
        self.known = reuse.clauses if reuse else {}
        self.known_at = list(self.known)  # their offsets (the parser lists them in text order)
        self.ends = reuse.ends if reuse else None

    # ---- expressions ---------------------------------------------------------------------------
    def expr(self, tree: Tree | Token) -> A.Expr:
        method: Callable[[Tree], A.Expr] = getattr(self, "x_" + tree.data)  # type: ignore[union-attr]
        return method(tree)  # type: ignore[arg-type]

    def x_number(self, tree: Tree) -> A.Expr:
        tok = tree.children[0]
        unit = None
        if len(tree.children) > 1:
            unit_tree = tree.children[1]
            unit = "%" if unit_tree.data == "percent" else self.name(unit_tree)
        return A.Num(self.span(tree), self.number(tok), unit, str(tok))

    def x_ref(self, tree: Tree) -> A.Expr:
        return A.Ref(self.span(tree), self.name(tree.children[0]))

    def x_binop(self, tree: Tree) -> A.Expr:
        left, op, right = tree.children
        return A.BinOp(self.span(tree), _OP[str(op)], self.expr(left), self.expr(right))

    def x_neg(self, tree: Tree) -> A.Expr:
        return A.Neg(self.span(tree), self.expr(tree.children[1]))

    def x_pos(self, tree: Tree) -> A.Expr:
        return self.expr(tree.children[1])

    def x_paren(self, tree: Tree) -> A.Expr:
        return self.expr(tree.children[1])

    def x_call(self, tree: Tree) -> A.Expr:
        func = self.name(tree.children[0])
        args = tuple(self.expr(c) for c in tree.children[1:] if isinstance(c, Tree))
        return A.Call(self.span(tree), func, args)

    def x_name(self, tree: Tree) -> A.Expr:
        return A.Ref(self.span(tree), self.name(tree))

    # ---- statements ----------------------------------------------------------------------------
    def statement(self, tree: Tree) -> A.Statement | None:
        method = getattr(self, "s_" + tree.data)
        return method(tree)  # type: ignore[no-any-return]

    def s_definition(self, tree: Tree) -> A.Statement:
        name_tree, _eq, expr = tree.children
        name = self.name(name_tree)
        span = self.span(tree)
        formula = A.Formula(span, name, self.span(name_tree), self.expr(expr))
        return A.Indicator(span, name, self.span(name_tree), formula=formula, one_line=True)

    def s_let_definition(self, tree: Tree) -> A.Statement:
        _kw, name_tree, _eq, expr = tree.children
        return A.Definition(self.span(tree), self.name(name_tree), self.span(name_tree), self.expr(expr))

    def s_input_decl(self, tree: Tree) -> A.Statement:
        names = tuple(self.name(c) for c in tree.children if isinstance(c, Tree) and c.data == "name")
        unit = self.unit(tree.children[-1])
        return A.InputDecl(self.span(tree), names, unit)

    def s_unit_decl(self, tree: Tree) -> A.Statement:
        children = [c for c in tree.children if not (isinstance(c, TOKENS) and c.type in ("KW_UNITDEF", "EQ"))]
        name = self.name(children[0])
        if len(children) == 1:
            return A.UnitDecl(self.span(tree), name)
        return A.UnitDecl(self.span(tree), name, self.number(children[1]), self.unit(children[2]))

    def s_assertion(self, tree: Tree) -> A.Statement:
        _kw, left, cmp, right = tree.children
        comparator = self.comparator(cmp) if isinstance(cmp, Tree) else COMPARATORS[str(cmp)]
        return A.Assertion(self.span(tree), self.expr(left), comparator, self.expr(right))

    def s_indicator(self, tree: Tree) -> A.Statement:
        name_tree = tree.children[1]
        fields: dict[str, Any] = {}
        title = next((str(c)[1:-1] for c in tree.children[2:3] if isinstance(c, TOKENS) and c.type == "STRING"), None)
        for clause in self.clauses(tree, [c for c in tree.children[2:] if isinstance(c, Tree)]):
            self.clause(clause, fields, "indicator")
        name = self.name(name_tree)
        if "target" in fields:  # `2022.3` on a 时效 indicator is a date
            timed = is_timed(name, fields.get("category", ()))
            fields["target"] = self.in_context(fields["target"], timed, "unit" in fields or "formula" in fields)
        return A.Indicator(self.span(tree), name, self.span(name_tree), title=title, **fields)

    def s_scorecard(self, tree: Tree) -> A.Statement:
        head = tree.children[1]
        if isinstance(head, TOKENS):
            name, name_span = str(head)[1:-1], self.span(head)
        else:
            name, name_span = self.name(head), self.span(head)
        title = next((str(c)[1:-1] for c in tree.children[2:3] if isinstance(c, TOKENS) and c.type == "STRING"), None)
        fields: dict[str, Any] = {}
        for clause in self.clauses(tree, [c for c in tree.children[2:] if isinstance(c, Tree)]):
            self.clause(clause, fields, "scorecard")
        return A.Scorecard(self.span(tree), name, name_span, title=title, **fields)

    # ---- clauses -------------------------------------------------------------------------------
    def clauses(self, tree: Tree, trees: list[Tree]) -> Iterator[Tree | BuiltClause]:
        """A block's clauses in text order: its clause trees, and the known clauses between them
        (their lines were left out of the parse: parse_lines)."""
        lo = bisect.bisect_left(self.known_at, tree.meta.start_pos)
        hi = bisect.bisect_left(self.known_at, tree.meta.end_pos, lo)
        if lo == hi:
            yield from trees
            return
        pending, i = self.known_at[lo:hi], 0
        for clause in trees:
            start = clause.meta.start_pos
            while i < len(pending) and pending[i] < start:
                yield self.known[pending[i]]
                i += 1
            yield clause
        for start in pending[i:]:
            yield self.known[start]

    def clause_span(self, tree: Tree) -> Span:
        """A clause's span: to the end of its line break (the tree may run on over left-out lines)."""
        start = tree.meta.start_pos
        end = self.ends.get(start) if self.ends is not None else None
        return self.span(tree) if end is None else Span(start, end)

    def clause(self, tree: Tree | BuiltClause, fields: dict[str, Any], block: str) -> None:
        if isinstance(tree, BuiltClause):
            self.diags.extend(tree.diags)
            key, value, (keyword_span, keyword) = tree.key, tree.value, tree.keyword
        else:
            key, value, (keyword_span, keyword) = self.clause_parts(tree)
        allowed = _ALLOWED[block]
        if key not in allowed:
            self.report(
                "E108",
                keyword_span,
                clause=keyword,
                block={"indicator": "指标/indicator", "scorecard": "评分表/scorecard"}[block],
            )
            return
        if key == "groups":
            fields[key] = fields.get(key, ()) + (value,)
            return
        if key in fields:
            self.report("E109", keyword_span, clause=keyword)
        if isinstance(value, dict):
            fields.update(value)
        else:
            fields[key] = value

    def clause_parts(self, tree: Tree) -> tuple[str, Any, tuple[Span, str]]:
        """A clause's field, value and keyword (span, text as written), what its block needs of
        it, noted in `made` with the findings of its building (parse_lines keeps it by its line)."""
        start = tree.meta.start_pos
        mark = len(self.diags)
        key, value = getattr(self, "c_" + tree.data)(tree)
        keyword = (self.span(tree.children[0]), _keyword(tree.children[0]))
        if self.reuse is not None:
            self.reuse.made[start] = BuiltClause(start, key, value, tuple(self.diags[mark:]), keyword)
        return key, value, keyword

    def c_category(self, tree: Tree) -> tuple[str, Any]:
        return "category", tuple(self.name(c) for c in tree.children if isinstance(c, Tree))

    def c_formula(self, tree: Tree) -> tuple[str, Any]:
        kids = tree.children[1:]
        lhs = lhs_span = None
        if len(kids) == 3:
            lhs, lhs_span = self.name(kids[0]), self.span(kids[0])
            expr = self.right_side(self.span(kids[1]).end, kids[2])
        else:
            expr = self.expr(kids[-1])
        return "formula", A.Formula(self.clause_span(tree), lhs, lhs_span, expr)

    def right_side(self, at: int, tree: Tree) -> A.Expr:
        """A formula's expression after its `=` at `at`: taken built where the parser left its
        text out (a placeholder name stands there), else built and noted."""
        reuse = self.reuse
        if reuse is None:
            return self.expr(tree)
        known = reuse.sides.get(at)
        if known is not None and tree.data == "ref" and tree.meta.start_pos == at:
            reuse.sides_taken += 1
            self.diags.extend(known.diags)
            return known.value  # type: ignore[no-any-return]
        mark = len(self.diags)
        expr = self.expr(tree)
        reuse.made_sides[at] = BuiltClause(at, "=", expr, tuple(self.diags[mark:]), (Span(at, at), "="))
        return expr

    def c_target(self, tree: Tree) -> tuple[str, Any]:
        return "target", self.target(tree.children[1])

    def c_weight(self, tree: Tree) -> tuple[str, Any]:
        tok = tree.children[1]
        unit = self.unit(tree.children[2]) if len(tree.children) > 2 else None
        return "weight", A.Quantity(self.span(tok), self.number(tok), unit)

    def c_bands(self, tree: Tree) -> tuple[str, Any]:
        return "bands", tuple(self.band(c) for c in tree.children[1:] if isinstance(c, Tree))

    def c_direction(self, tree: Tree) -> tuple[str, Any]:
        word = self.name(tree.children[1])
        if word not in DIRECTIONS:
            self.report("E107", tree.children[1], what="方向/direction", word=word, choices="正向、反向、等于、区间")
            return "direction", {}
        return "direction", {"direction": DIRECTIONS[word], "direction_span": self.span(tree.children[1])}

    def c_unit_clause(self, tree: Tree) -> tuple[str, Any]:
        return "unit", {"unit": self.unit(tree.children[1]), "unit_span": self.span(tree.children[1])}

    def c_alias(self, tree: Tree) -> tuple[str, Any]:
        """Names, or quoted printed forms (`"设施(设备)完好率"`) that are not identifiers."""
        written = [
            c for c in tree.children[1:] if isinstance(c, Tree) or (isinstance(c, TOKENS) and c.type == "STRING")
        ]
        aliases = tuple(self.name(c) if isinstance(c, Tree) else str(c)[1:-1] for c in written)
        return "aliases", {"aliases": aliases, "alias_spans": tuple(self.span(c) for c in written)}

    def c_text_clause(self, tree: Tree) -> tuple[str, Any]:
        keyword = _keyword(tree.children[0]).lower()
        return TEXT_FIELDS[keyword], self.text(tree.children[1:])

    def text(self, tokens: list[Any]) -> str:
        """A clause's text as written (spacing inside kept); one quoted text loses its quotes, so
        quoting keeps what plain text cannot hold (a #, leading spaces, a leading colon)."""
        if not tokens:
            return ""
        if len(tokens) == 1 and tokens[0].type == "STRING":
            return str(tokens[0])[1:-1]
        text = self.source.text[tokens[0].start_pos : tokens[-1].end_pos].strip()
        if len(tokens) == 1 and len(text) >= 2 and text[0] in '"“「' and text[-1] in '"”」':
            text = text[1:-1]  # an unbalanced quote pair (“…")
        return text

    def c_domain(self, tree: Tree) -> tuple[str, Any]:
        return "domain", self.interval(tree.children[1])

    def c_kind(self, tree: Tree) -> tuple[str, Any]:
        word = self.name(tree.children[1])
        if word not in KINDS:
            self.report("E107", tree.children[1], what="类型/kind", word=word, choices="定量、定性")
            return "kind", None
        return "kind", KINDS[word]

    def c_scheme(self, tree: Tree) -> tuple[str, Any]:
        return "scheme", self.text(tree.children[1:])

    def c_group(self, tree: Tree) -> tuple[str, Any]:
        path = tuple(self.name(c) for c in tree.children if isinstance(c, Tree) and c.data == "name")
        weight = None
        nums = [c for c in tree.children if isinstance(c, TOKENS) and c.type == "NUMBER"]
        if nums:
            weight = A.Quantity(self.span(nums[0]), self.number(nums[0]), None)
        return "groups", A.Group(self.clause_span(tree), path, weight)

    def c_rule(self, tree: Tree) -> tuple[str, Any]:
        return "rule", _rule_text(self, tree)

    def c_rule_reading(self, tree: Tree) -> tuple[str, Any]:
        return "rule_reading", _rule_text(self, tree)

    def c_year(self, tree: Tree) -> tuple[str, Any]:
        """`年度 2024`; a number that is no calendar year (`年度 20242024`, `年度 2024.5`) is E330,
        not a year the date arithmetic later fails on (a crash of the fuzz run, seed 29)."""
        tok = tree.children[1]
        value = self.number(tok)
        if value.denominator != 1 or not 1900 <= value <= 2099:
            self.report("E330", tok, text=str(tok))
            return "plan_year", None
        return "plan_year", int(value)

    def c_budget(self, tree: Tree) -> tuple[str, Any]:
        expr = self.expr(tree.children[1])
        nums = [c for c in tree.children[2:] if isinstance(c, TOKENS) and c.type == "NUMBER"]
        weight = A.Quantity(self.span(nums[0]), self.number(nums[0]), None) if nums else None
        return "budget", A.BudgetExecution(self.clause_span(tree), expr, weight)


def _rule_text(self: _Builder, tree: Tree) -> A.RuleText:
    tok = tree.children[1]
    if not isinstance(tok, TOKENS):  # the grammar gives RULE_LINE / RULE_BLOCK here
        return A.RuleText(self.clause_span(tree), "")
    text, start = str(tok), tok.start_pos or 0
    if tok.type == "RULE_BLOCK":
        text, start = text[3:-3], start + 3
    stripped = text.rstrip()
    return A.RuleText(Span(start, start + len(stripped)), stripped)


def _keyword(token: Token | Tree) -> str:
    """A clause keyword as written, without the optional colon (`公式：` → `公式`)."""
    return str(token).rstrip(":： \t")


_INDICATOR_ONLY = {
    "category",
    "formula",
    "target",
    "weight",
    "direction",
    "unit",
    "aliases",
    "domain",
    "kind",
    "basis",
    "description",
    "rule",
    "rule_reading",
}
_BOTH = {"bands", "source", "note", "plan_year"}
_ALLOWED = {
    "indicator": _INDICATOR_ONLY | _BOTH,
    "scorecard": {"scheme", "groups", "budget"} | _BOTH,
}


def document(tree: Tree, source: Source, diags: list[Diagnostic], reuse: Reuse | None = None) -> A.Document:
    """The document of a parse tree; with `reuse`, the clauses built before whose lines the parse
    left out are taken in their blocks, in text order, and those built now noted (parse_lines)."""
    builder = _Builder(source, diags, reuse)
    statements = []
    for child in tree.children:
        if isinstance(child, Tree):
            stmt = builder.statement(child)
            if stmt is not None:
                statements.append(stmt)
    return A.Document(source, tuple(statements))


def fragment(tree: Tree, source: Source, diags: list[Diagnostic], start: str) -> Any:
    builder = _Builder(source, diags)
    return builder.target(tree) if start == "target_spec" else builder.band(tree)


_LINE_WRAP = re.compile(r"(?<=[\u4e00-\u9fff、（）])[ \t\u3000]+(?=[\u4e00-\u9fff、（）])")


def join_wrapped(text: str) -> str:
    """Remove spaces that a line wrap left inside CJK text (`按标 准支付` → `按标准支付`)."""
    return _LINE_WRAP.sub("", text)
