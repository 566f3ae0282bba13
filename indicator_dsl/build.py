"""Parse tree → AST.  Builds only: problems of meaning are left to `check`.

The few things that cannot be built (a direction word we do not know, a clause in the wrong
block, a number too long to be sane) become diagnostics here and the node is still built.
"""

from __future__ import annotations

import re
from collections.abc import Callable
from fractions import Fraction
from typing import Any

from lark import Token, Tree

from . import ast as A
from .diagnostics import Diagnostic
from .rational import MAX_DIGITS
from .source import Source, Span

COMPARATORS: dict[str, A.Comparator] = {}
for _texts, _cmp in (
    ("≥ >= ≧ ＞＝ 不低于 不少于 不小于 大于等于 至少", A.Comparator.GE),
    ("≤ <= ≦ ＜＝ 不高于 不超过 不多于 不大于 小于等于 至多", A.Comparator.LE),
    ("> ＞ 大于 高于 超过 多于", A.Comparator.GT),
    ("< ＜ 小于 低于 少于", A.Comparator.LT),
    ("= ＝ ﹦ ═ == 等于", A.Comparator.EQ),
    ("≠ !=", A.Comparator.NE),
):
    for _t in _texts.split():
        COMPARATORS[_t] = _cmp
SUFFIX_COMPARATORS = {
    "以上": A.Comparator.GE,
    "及以上": A.Comparator.GE,
    "以下": A.Comparator.LE,
    "及以下": A.Comparator.LE,
    "以内": A.Comparator.LE,
}
DIRECTIONS: dict[str, A.Direction] = {}
for _texts, _dir in (
    ("正向 正向指标 positive 越高越好 越大越好", A.Direction.POSITIVE),
    ("反向 反向指标 逆向 negative 越低越好 越小越好", A.Direction.NEGATIVE),
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
# Words printed after a target number that qualify it rather than give its unit (100%完成).
QUALIFIER_WORDS = frozenset("完成 达到 达标 左右 及时 全部 完成率".split())
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
_OP = {"+": "+", "＋": "+", "-": "-", "－": "-", "—": "-", "*": "*", "×": "*", "＊": "*", "/": "/", "÷": "/", "／": "/"}


class _Builder:
    def __init__(self, source: Source, diags: list[Diagnostic]) -> None:
        self.source = source
        self.diags = diags

    # ---- helpers ---------------------------------------------------------------------------
    def span(self, node: Tree | Token) -> Span:
        if isinstance(node, Token):
            return Span(node.start_pos or 0, node.end_pos or 0)
        meta = node.meta
        if getattr(meta, "empty", True):
            return Span(0, 0)
        return Span(meta.start_pos, meta.end_pos)

    def report(self, code: str, node: Tree | Token | Span, fix: str | None = None, **args: Any) -> None:
        span = node if isinstance(node, Span) else self.span(node)
        self.diags.append(Diagnostic(code, span, self.source, args, fix))

    def number(self, tok: Any) -> Fraction:
        """Exact value of a NUMBER token (thousands separators allowed)."""
        text = str(tok).replace(",", "")
        if len(text) > MAX_DIGITS:
            self.report("E105", tok, limit=MAX_DIGITS)
            return Fraction(0)
        return Fraction(text)

    @staticmethod
    def name(tree: Tree) -> str:
        return str(tree.children[0])

    def words(self, tree: Tree) -> str:
        return "".join(str(c.children[0]) if isinstance(c, Tree) else _OP.get(str(c), str(c)) for c in tree.children)

    def unit(self, tree: Tree) -> str:
        """`unit` / `target_unit` trees → unit text (`%`, `万元`, `元/人*月`)."""
        child = tree.children[0]
        if child.data == "percent":
            return "%"
        return self.words(child)

    def comparator(self, tree: Tree) -> A.Comparator:
        return COMPARATORS[str(tree.children[0])]

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

    # ---- targets and bands -------------------------------------------------------------------
    def target(self, tree: Tree) -> A.Target:
        if tree.data == "qualitative_target":
            return A.QualTarget(self.span(tree), "".join(self.name(c) for c in tree.children))
        cmp: A.Comparator | None = None
        per = qualifier = unit = None
        number_tok: Token | None = None
        number_end = 0
        for child in tree.children:
            if isinstance(child, Tree) and child.data == "comparator":
                cmp = self.comparator(child)
            elif isinstance(child, Token) and child.type == "PER":
                per = str(child)
            elif isinstance(child, Token) and child.type == "NUMBER":
                number_tok = child
                number_end = child.end_pos or 0
            elif isinstance(child, Token) and child.type == "SUFFIX":
                qualifier = str(child)
                cmp = cmp or SUFFIX_COMPARATORS[qualifier]
            elif isinstance(child, Tree) and child.data == "target_unit":
                unit, extra = self.target_unit(child)
                qualifier = extra or qualifier
                number_end = self.span(child).end
        assert number_tok is not None
        if unit in QUALIFIER_WORDS:
            unit, qualifier = None, unit
        start = number_tok.start_pos or 0
        quantity = A.Quantity(Span(start, number_end), self.number(number_tok), unit)
        return A.QuantTarget(self.span(tree), cmp, quantity, qualifier, per)

    def target_unit(self, tree: Tree) -> tuple[str | None, str | None]:
        first = tree.children[0]
        if first.data == "percent":
            extra = self.name(tree.children[1]) if len(tree.children) > 1 else None
            return "%", extra
        return self.words(first), None

    def band(self, tree: Tree) -> A.Band:
        grade = self.name(tree.children[-1])
        if tree.data == "interval_band":
            return A.IntervalBand(self.span(tree), grade, self.interval(tree.children[0]))
        cmp = None
        unit = None
        number_tok = None
        for child in tree.children[:-1]:
            if isinstance(child, Token):
                number_tok = child
            elif child.data == "comparator":
                cmp = self.comparator(child)
            elif child.data == "unit":
                unit = self.unit(child)
        assert number_tok is not None
        qty = A.Quantity(self.span(number_tok), self.number(number_tok), unit)
        return A.ThresholdBand(self.span(tree), grade, cmp, qty)

    def interval(self, tree: Tree) -> A.Interval:
        lo_tok, lo, _comma, hi, hi_tok = tree.children
        return A.Interval(self.span(tree), self.bound(lo), str(lo_tok) in "[【", self.bound(hi), str(hi_tok) in "]】")

    def bound(self, tree: Tree) -> A.Quantity | None:
        if tree.data == "open_bound" or not tree.children:
            return None
        unit = self.unit(tree.children[1]) if len(tree.children) > 1 else None
        return A.Quantity(self.span(tree), self.number(tree.children[0]), unit)

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
        children = [c for c in tree.children if not (isinstance(c, Token) and c.type in ("KW_UNITDEF", "EQ"))]
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
        title = next((str(c)[1:-1] for c in tree.children[2:3] if isinstance(c, Token) and c.type == "STRING"), None)
        for clause in tree.children:
            if isinstance(clause, Tree) and clause.data != "name":
                self.clause(clause, fields, "indicator")
        return A.Indicator(self.span(tree), self.name(name_tree), self.span(name_tree), title=title, **fields)

    def s_scorecard(self, tree: Tree) -> A.Statement:
        head = tree.children[1]
        if isinstance(head, Token):
            name, name_span = str(head)[1:-1], self.span(head)
        else:
            name, name_span = self.name(head), self.span(head)
        title = next((str(c)[1:-1] for c in tree.children[2:3] if isinstance(c, Token) and c.type == "STRING"), None)
        fields: dict[str, Any] = {}
        for clause in tree.children[2:]:
            if isinstance(clause, Tree):
                self.clause(clause, fields, "scorecard")
        return A.Scorecard(self.span(tree), name, name_span, title=title, **fields)

    # ---- clauses -------------------------------------------------------------------------------
    def clause(self, tree: Tree, fields: dict[str, Any], block: str) -> None:
        handler = getattr(self, "c_" + tree.data)
        key, value = handler(tree)
        allowed = _ALLOWED[block]
        if key not in allowed:
            self.report(
                "E108",
                tree.children[0],
                clause=_keyword(tree.children[0]),
                block={"indicator": "指标/indicator", "scorecard": "评分表/scorecard"}[block],
            )
            return
        if key == "groups":
            fields[key] = fields.get(key, ()) + (value,)
            return
        if key in fields:
            self.report("E109", tree.children[0], clause=_keyword(tree.children[0]))
        if isinstance(value, dict):
            fields.update(value)
        else:
            fields[key] = value

    def c_category(self, tree: Tree) -> tuple[str, Any]:
        return "category", tuple(self.name(c) for c in tree.children if isinstance(c, Tree))

    def c_formula(self, tree: Tree) -> tuple[str, Any]:
        kids = tree.children[1:]
        lhs = lhs_span = None
        if len(kids) == 3:
            lhs, lhs_span = self.name(kids[0]), self.span(kids[0])
        expr = self.expr(kids[-1])
        return "formula", A.Formula(self.span(tree), lhs, lhs_span, expr)

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
        return "aliases", tuple(self.name(c) for c in tree.children if isinstance(c, Tree))

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
        nums = [c for c in tree.children if isinstance(c, Token) and c.type == "NUMBER"]
        if nums:
            weight = A.Quantity(self.span(nums[0]), self.number(nums[0]), None)
        return "groups", A.Group(self.span(tree), path, weight)

    def c_budget(self, tree: Tree) -> tuple[str, Any]:
        expr = self.expr(tree.children[1])
        nums = [c for c in tree.children[2:] if isinstance(c, Token) and c.type == "NUMBER"]
        weight = A.Quantity(self.span(nums[0]), self.number(nums[0]), None) if nums else None
        return "budget", A.BudgetExecution(self.span(tree), expr, weight)


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
}
_ALLOWED = {
    "indicator": _INDICATOR_ONLY | {"bands", "source", "note"},
    "scorecard": {"scheme", "bands", "groups", "budget", "note", "source"},
}


def document(tree: Tree, source: Source, diags: list[Diagnostic]) -> A.Document:
    builder = _Builder(source, diags)
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
