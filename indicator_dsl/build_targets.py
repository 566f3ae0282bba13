"""Parse tree → target and band nodes (every kind a 申报表 cell prints), and the helpers the
statement builder shares.  Builds only: a calendar point that is no date (E330) is reported and
the cell kept as words; whether a target makes sense is the checker's business.

Word phrases that name a baseline (`不超过预算`, `较上年增长`, `比上年提高10个百分点`) are read
through `BASELINE_PHRASES`, a registry of patterns, so a new way of saying it is one more row.
"""

from __future__ import annotations

import functools
import re
from collections.abc import Callable
from dataclasses import dataclass
from fractions import Fraction
from typing import Any

from lark import Token, Tree

from . import ast as A
from . import target_codes as _codes  # noqa: F401 - registers E330, E338
from .comparator_words import COMPARATORS, SUFFIX_COMPARATORS
from .dates import NotADate, When, read_when
from .diagnostics import Diagnostic
from .offsets import TOKENS
from .rational import MAX_DIGITS
from .source import Source, Span

# Words printed after a target number that qualify it rather than give its unit (100%完成).
QUALIFIER_WORDS = frozenset("完成 达到 达标 左右 及时 全部 完成率".split())
YES_NO = {"是": True, "否": False, "有": True, "无": False}
_DOTTED = re.compile(r"^(?P<year>(?:19|20)\d\d)[.．](?P<month>\d{1,2})$")  # `2022.3`: a date or a number
_OP = {"+": "+", "＋": "+", "-": "-", "－": "-", "—": "-", "*": "*", "×": "*", "＊": "*", "/": "/", "÷": "/", "／": "/"}

# ---- baselines --------------------------------------------------------------------------------
BASELINE_NAMES = {
    "上年": "上年",
    "上一年": "上年",
    "上年度": "上年",
    "去年": "上年",
    "上年同期": "上年同期",
    "同期": "上年同期",
    "预算": "预算",
    "年度预算": "预算",
    "预算数": "预算",
    "批复额度": "批复额度",
    "批复预算": "批复额度",
    "计划": "计划",
    "计划数": "计划",
}
_BASE = "(?P<base>" + "|".join(sorted(BASELINE_NAMES, key=len, reverse=True)) + ")(?:水平|数|金额|额度)?"
_SYMBOLS = "|".join(
    re.escape(c)
    for c in sorted(COMPARATORS, key=len, reverse=True)
    if not c[0].isalpha() and COMPARATORS[c] is not A.Comparator.NE
)
_NUM = r"(?P<num>\d+(?:\.\d+)?)(?P<unit>%|％|个百分点|百分点)"


@dataclass(frozen=True)
class BaselinePhrase:
    """One way of saying "compared with a named input"; `make` turns the match into
    (comparator, points, ratio)."""

    pattern: re.Pattern[str]
    make: Callable[[re.Match[str]], tuple[A.Comparator, Fraction, Fraction]]


def _change(m: re.Match[str], up: bool) -> tuple[A.Comparator, Fraction, Fraction]:
    if not m["num"]:
        return (A.Comparator.GT if up else A.Comparator.LT), Fraction(0), Fraction(1)
    amount = Fraction(m["num"]) / 100 * (1 if up else -1)
    cmp = A.Comparator.GE if up else A.Comparator.LE
    if "百分点" in m["unit"]:
        return cmp, amount, Fraction(1)
    return cmp, Fraction(0), 1 + amount


_UP, _DOWN = "增长|提高|提升|上升|增加", "下降|降低|减少|压减|缩减"
BASELINE_PHRASES: tuple[BaselinePhrase, ...] = (
    BaselinePhrase(  # 不超过预算, 低于上年, 不低于上年水平, ≥上年
        re.compile(
            rf"^(?P<cmp>不超过|不高于|不大于|不多于|低于|少于|小于|不低于|不少于|高于|超过|大于|多于|等于|{_SYMBOLS})(?:于)?{_BASE}$"
        ),
        lambda m: (COMPARATORS.get(m["cmp"], A.Comparator.LE), Fraction(0), Fraction(1)),
    ),
    BaselinePhrase(  # 控制在批复额度内, 控制在预算范围内
        re.compile(rf"^(?:控制在|在){_BASE}(?:以内|范围内|内)$"),
        lambda m: (A.Comparator.LE, Fraction(0), Fraction(1)),
    ),
    BaselinePhrase(  # 与上年持平
        re.compile(rf"^(?:与|和|较|比){_BASE}持平$"),
        lambda m: (A.Comparator.EQ, Fraction(0), Fraction(1)),
    ),
    BaselinePhrase(  # 较上年增长, 比上年提高10个百分点, 同比增长5%
        re.compile(rf"^(?:较|比|同比|相比)(?:{_BASE})?(?:有所)?(?:{_UP})(?:{_NUM})?(?:以上)?$"),
        lambda m: _change(m, up=True),
    ),
    BaselinePhrase(  # 较上年下降, 比上年降低5%
        re.compile(rf"^(?:较|比|同比|相比)(?:{_BASE})?(?:有所)?(?:{_DOWN})(?:{_NUM})?(?:以上)?$"),
        lambda m: _change(m, up=False),
    ),
)


def read_baseline(text: str, span: Span) -> A.BaselineTarget | None:
    for phrase in BASELINE_PHRASES:
        m = phrase.pattern.match(text)
        if m:
            base = BASELINE_NAMES[m["base"]] if m["base"] else "上年"  # 同比增长: on last year
            cmp, points, ratio = phrase.make(m)
            return A.BaselineTarget(span, cmp, base, text, points, ratio)
    return None


Finding = tuple[str, str, dict[str, Any]]  # (code, fix, args)
# Findings about what a well-formed target means: the text still reads back to the same node.
MEANING_CODES = frozenset({"E350", "W351"})


def dotted_in_context(target: A.Target, number: str, timed: bool, has_unit: bool) -> tuple[A.Target, Finding | None]:
    """A dotted number (`2022.3`, printed as `number`) read by its indicator: a date on a 时效
    indicator (`完工时间 2022.3` is 2022年3月; `≤2022.3` too), except `2022.1`, which may be
    2022.10 with its 0 dropped (E350, left a number); elsewhere a number, W351 where no unit or
    formula says so.  The grammar already reads `2022.3月`, `2022.3前` and `2022.3-2022.12`."""
    if not isinstance(target, A.QuantTarget) or target.quantity.unit or target.per or target.qualifier:
        return target, None
    m = _DOTTED.match(number)
    if m is None or not 1 <= int(m["month"]) <= 12:
        return target, None
    year, month = int(m["year"]), int(m["month"])
    if timed and target.comparator in (None, A.Comparator.LE):
        if m["month"] == "1":
            return target, ("E350", "", {"text": number, "year": year})  # two readings: no one fix
        return A.DeadlineTarget(target.span, When(year, month), None, None), None
    if not timed and not has_unit and target.comparator is None:
        return target, ("W351", f"{year}年{month}月", {"text": number, "year": year, "month": month})
    return target, None


class TargetBuilder:
    """Tree → nodes for targets and bands; `build._Builder` adds statements and clauses."""

    def __init__(self, source: Source, diags: list[Diagnostic]) -> None:
        self.source = source
        self.diags = diags

    # ---- helpers ---------------------------------------------------------------------------
    def span(self, node: Tree | Token) -> Span:
        if isinstance(node, Tree):
            meta = node.meta
            if meta.empty:
                return Span(0, 0)
            return Span(meta.start_pos, meta.end_pos)
        return Span(node.start_pos or 0, node.end_pos or 0)

    def report(self, code: str, node: Tree | Token | Span, fix: str | None = None, **args: Any) -> None:
        span = node if isinstance(node, Span) else self.span(node)
        self.diags.append(Diagnostic(code, span, self.source, args, fix))

    def number(self, tok: Any) -> Fraction:
        """Exact value of a NUMBER token (thousands separators allowed)."""
        text = str(tok).replace(",", "")
        if len(text) > MAX_DIGITS:
            self.report("E105", tok, limit=MAX_DIGITS)
            return Fraction(0)
        return _exact(text)

    def signed(self, tree: Tree | Token) -> Fraction:
        """A `signed` tree (`-3`) or a bare NUMBER token."""
        if not isinstance(tree, Tree):
            return self.number(tree)
        value = self.number(tree.children[-1])
        return -value if len(tree.children) > 1 else value

    @staticmethod
    def name(tree: Tree) -> str:
        return str(tree.children[0])

    def words(self, tree: Tree) -> str:
        return "".join(str(c.children[0]) if isinstance(c, Tree) else _OP.get(str(c), str(c)) for c in tree.children)

    def unit(self, tree: Tree) -> str:
        """`unit` trees → unit text (`%`, `万元`, `元/人*月`)."""
        child = tree.children[0]
        if child.data == "percent":
            return "%"
        return self.words(child)

    def comparator(self, tree: Tree) -> A.Comparator:
        return COMPARATORS[str(tree.children[0])]

    # ---- targets -------------------------------------------------------------------------------
    def target(self, tree: Tree) -> A.Target:
        parts = [self.target_alt(c) for c in tree.children if isinstance(c, Tree)]
        return parts[0] if len(parts) == 1 else A.AnyTarget(self.span(tree), tuple(parts))

    def target_alt(self, tree: Tree) -> A.Target:
        method: Callable[[Tree], A.Target] = getattr(self, "t_" + str(tree.data))
        return method(tree)

    def t_qualitative_target(self, tree: Tree) -> A.Target:
        words = ["%" if c.data == "percent" else self.name(c) for c in tree.children]
        text = "".join(words)
        span = self.span(tree)
        if text in YES_NO:
            return A.YesNoTarget(span, YES_NO[text], text)
        baseline = read_baseline(text, span)
        if baseline is None and text.endswith("%"):
            self.report("E338", span, text=text)  # `约95%`: a number in words, no single reading
        # own words keep the space between names: glued, `每权重 年6月底前` reads as 每权重年 6月底前
        spaced = " ".join(w for w in words if w != "%") + ("%" if words[-1] == "%" else "")
        return baseline or A.QualTarget(span, spaced)

    def t_compared_target(self, tree: Tree) -> A.Target:
        """`≥上年`, `≤ 预算数`: a comparator symbol before a baseline's name, as `不低于上年` says
        it in words; before other words there is nothing to compare with (E339)."""
        cmp, *names = tree.children
        name = "".join(self.name(c) for c in names)
        span = self.span(tree)
        baseline = read_baseline(str(cmp.children[0]) + name, span)
        if baseline is None:
            self.report("E339", span, text=name, cmp=self.comparator(cmp).value)
            return A.QualTarget(span, name)
        return baseline

    def t_quantitative_target(self, tree: Tree) -> A.Target:
        cmp: A.Comparator | None = None
        per = qualifier = unit = None
        value: Fraction | None = None
        start = end = 0
        for child in tree.children:
            if isinstance(child, Tree) and child.data == "comparator":
                cmp = self.comparator(child)
            elif isinstance(child, TOKENS) and child.type == "PER":
                per = str(child)
            elif isinstance(child, Tree) and child.data == "signed":
                value = self.signed(child)
                start, end = self.span(child).start, self.span(child).end
            elif isinstance(child, TOKENS) and child.type == "SUFFIX":
                qualifier = str(child)
                cmp = cmp or SUFFIX_COMPARATORS[qualifier]
            elif isinstance(child, Tree) and child.data == "target_unit":
                unit, extra = self.target_unit(child)
                qualifier = extra or qualifier
                end = self.span(child).end
        assert value is not None
        if unit in QUALIFIER_WORDS:
            unit, qualifier = None, unit
        quantity = A.Quantity(Span(start, end), value, unit)
        return A.QuantTarget(self.span(tree), cmp, quantity, qualifier, per)

    def target_unit(self, tree: Tree) -> tuple[str | None, str | None]:
        first = tree.children[0]
        if isinstance(first, TOKENS) and first.type == "PERCENT":
            extra = str(tree.children[1]) if len(tree.children) > 1 else None
            return "%", extra
        return "".join(_OP.get(str(c), str(c)) for c in tree.children), None

    def _quantities(self, kids: list[Any]) -> list[A.Quantity]:
        """`signed target_unit?` runs → Quantities, in order (separators skipped)."""
        out: list[A.Quantity] = []
        for kid in kids:
            if (isinstance(kid, Tree) and kid.data == "signed") or (isinstance(kid, TOKENS) and kid.type == "NUMBER"):
                out.append(A.Quantity(self.span(kid), self.signed(kid), None))
            elif isinstance(kid, Tree) and kid.data == "target_unit" and out:
                unit, _ = self.target_unit(kid)
                last = out[-1]
                out[-1] = A.Quantity(Span(last.span.start, self.span(kid).end), last.value, unit)
        return out

    def t_interval_target(self, tree: Tree) -> A.Target:
        return A.IntervalTarget(self.span(tree), self.interval(tree.children[0]), "[]")

    def t_range_target(self, tree: Tree) -> A.Target:
        low, high = self._quantities(tree.children)
        notation = "～" if any(isinstance(c, TOKENS) and c.type == "RANGE_SEP" for c in tree.children) else "-"
        interval = A.Interval(self.span(tree), low, True, high, True)
        return A.IntervalTarget(self.span(tree), interval, notation)

    def t_tolerance_target(self, tree: Tree) -> A.Target:
        quantities = self._quantities(tree.children)
        center = quantities[0] if len(quantities) == 2 else None
        return A.ToleranceTarget(self.span(tree), center, quantities[-1])

    def when(self, tok: Token, year: int | None = None) -> When | None:
        try:
            when = read_when(str(tok))
        except NotADate:
            self.report("E330", tok, text=str(tok))
            return None
        if when.year is None and year is not None and not when.every_year:
            when = When(year, when.month, when.day, when.quarter, when.part, when.month_end)
        return when

    def _done(self, kids: list[Any]) -> str | None:
        words = [str(k) if isinstance(k, TOKENS) else self.name(k) for k in kids]
        return "".join(words) or None

    def t_deadline_target(self, tree: Tree) -> A.Target:
        head = tree.children[0]
        when = self.when(head) if isinstance(head, TOKENS) else None
        if when is None:
            return A.QualTarget(self.span(tree), self.source.text[self.span(tree).start : self.span(tree).end])
        by = next((str(c) for c in tree.children if isinstance(c, TOKENS) and c.type == "BY"), None)
        done = self._done([c for c in tree.children[1:] if isinstance(c, Tree)])
        return A.DeadlineTarget(self.span(tree), when, by, done)

    def t_period_target(self, tree: Tree) -> A.Target:
        points: list[Token] = [c for c in tree.children if isinstance(c, TOKENS) and c.type in ("WHEN", "WHEN_END")]
        start = self.when(points[0])
        end = self.when(points[1], start.year if start else None) if len(points) > 1 else None
        if start is None or end is None:
            return A.QualTarget(self.span(tree), self.source.text[self.span(tree).start : self.span(tree).end])
        after = next(i for i, c in enumerate(tree.children) if c is points[1]) + 1  # Tokens compare as text
        done = self._done(tree.children[after:])
        return A.PeriodTarget(self.span(tree), start, end, done)

    def in_context(self, target: A.Target | None, timed: bool, has_unit: bool) -> A.Target | None:
        """`dotted_in_context` on a target of this source, its finding reported at the number."""
        if not isinstance(target, A.QuantTarget):
            return target
        span = target.quantity.span
        read, finding = dotted_in_context(target, self.source.text[span.start : span.end], timed, has_unit)
        if finding is not None:
            code, fix, args = finding
            self.report(code, span, fix or None, **args)
        return read

    # ---- bands -----------------------------------------------------------------------------------
    def band(self, tree: Tree) -> A.Band:
        grade = self.name(tree.children[-1])
        if tree.data == "interval_band":
            return A.IntervalBand(self.span(tree), grade, self.interval(tree.children[0]))
        cmp = None
        unit = None
        sign = 1
        number_tok = None
        for child in tree.children[:-1]:
            if isinstance(child, TOKENS):
                if child.type == "SUBOP":
                    sign = -1
                else:
                    number_tok = child
            elif child.data == "comparator":
                cmp = self.comparator(child)
            elif child.data == "unit":
                unit = self.unit(child)
        assert number_tok is not None
        qty = A.Quantity(self.span(number_tok), sign * self.number(number_tok), unit)
        return A.ThresholdBand(self.span(tree), grade, cmp, qty)

    def interval(self, tree: Tree) -> A.Interval:
        lo_tok, lo, _comma, hi, hi_tok = tree.children
        return A.Interval(self.span(tree), self.bound(lo), str(lo_tok) in "[【", self.bound(hi), str(hi_tok) in "]】")

    def bound(self, tree: Tree) -> A.Quantity | None:
        if tree.data == "open_bound" or not tree.children:
            return None
        kids = tree.children
        sign = -1 if isinstance(kids[0], TOKENS) and kids[0].type == "SUBOP" else 1
        number_tok = kids[1] if sign < 0 else kids[0]
        unit = self.unit(kids[-1]) if isinstance(kids[-1], Tree) else None
        return A.Quantity(self.span(tree), sign * self.number(number_tok), unit)


@functools.lru_cache(maxsize=4096)
def _exact(text: str) -> Fraction:
    """A NUMBER token's Fraction, read once per spelling: Fraction reads text with a regular
    expression, and files print the same few numbers (100, 95, 10 …) over and over."""
    return Fraction(text)
