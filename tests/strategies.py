"""Hypothesis strategies for the whole language: every statement, every clause, hostile text.

Shared by the round-trip properties (tests/test_roundtrip.py) and the seeded fuzz run
(benchmarks/fuzz/front_end.py), so both explore the same language.  The trees are the ones the
parser can build (names that are names, text on one line); unparse must print every one of
them so that it reads back the same.
"""

from __future__ import annotations

from fractions import Fraction

from hypothesis import strategies as st

from indicator_dsl import ast as A
from indicator_dsl.build import QUALIFIER_WORDS, SUFFIX_COMPARATORS
from indicator_dsl.build_targets import YES_NO, read_baseline
from indicator_dsl.dates import PARTS, When
from indicator_dsl.parser import NAME_PATTERN
from indicator_dsl.source import Span
from indicator_dsl.unparse import free_text, quoted

S = Span(0, 0)
# Names as departments write them, names that are keywords elsewhere (目标, 来源, check), and
# names the NAME rule allows that look odd (Latin with digits, 、 and （）inside).
NAME_WORDS = [
    "completed",
    "planned",
    "赔偿金额",
    "新增设备无故障、正常运作天数",
    "a1",
    "支出（万元）",
    "目标群体",
    "x_y",
    "目标",
    "来源",
    "方案",
    "指标",
    "定义",
    "check",
    "Target",
    "优",
    "良",
    "中",
    "差",
    "完成",
    "以上",
]
_NAME_CHARS = "完成率目标来源方案甲乙丙丁数人万元abcxyzXYZ_0129·"
names = st.one_of(
    st.sampled_from(NAME_WORDS),
    st.builds(
        lambda a, b, paren: a + (f"、{b}" if b else "") + (f"（{paren}）" if paren else ""),
        st.text(_NAME_CHARS, min_size=1, max_size=6),
        st.text(_NAME_CHARS, max_size=3),
        st.text(_NAME_CHARS, max_size=3),
    ).filter(lambda n: NAME_PATTERN.fullmatch(n) is not None),
)
# Qualitative target words must not read as a number-led target (大于5, 每亩3).
qual_words = st.sampled_from(["达成预期指标", "有效提升", "显著", "好", "明显改善", "群众满意"])
units = st.sampled_from(["%", "万元", "个", "元", "天", "万亩", "元/人*月"])
expr_units = st.sampled_from([None, "%", "万元", "个"])
decimals = st.builds(lambda n, p: Fraction(n, 10**p), st.integers(0, 10**8), st.integers(0, 4))
comparators = st.sampled_from(list(A.Comparator))

# One line of text as a 来源/说明 clause may hold it: control characters, no-break spaces, #,
# quotes of every kind, leading colons.  Text with all three closing quotes and spaces around
# it cannot come from the parser (it reads quoted text up to its closing quote).
_TEXT_ALPHABET = st.characters(max_codepoint=0x3000, blacklist_categories=("Cs",), blacklist_characters="\n")
_SPICE = st.sampled_from(['"', "“", "”", "「", "」", "#", ":", "：", "\u00a0", "\x1c", "\x1f", " ", "\t", "\x1b"])


def _representable(text: str) -> bool:
    """Text a clause can hold: what `free_text` prints, plain or quoted (`"”」` is neither: the
    builder drops an opener and closer around plain text, and no pair of quotes fits it)."""
    try:
        free_text(text)
    except ValueError:
        return False
    return True


texts = (
    st.lists(st.one_of(_TEXT_ALPHABET, _SPICE, st.sampled_from(["完成", "号文件", "3", "a"])), max_size=12)
    .map("".join)
    .filter(_representable)
)
optional_texts = st.one_of(st.none(), st.just(""), texts)
titles = st.one_of(st.none(), texts.filter(lambda t: _quotable(t)))


def _quotable(text: str) -> bool:
    try:
        quoted(text)
    except ValueError:
        return False
    return True


nums = st.builds(lambda v, u: A.Num(S, v, u, ""), decimals, expr_units)
refs = st.builds(lambda n: A.Ref(S, n), names)


def _extend(children: st.SearchStrategy[A.Expr]) -> st.SearchStrategy[A.Expr]:
    return st.one_of(
        st.builds(lambda op, a, b: A.BinOp(S, op, a, b), st.sampled_from("+-*/"), children, children),
        st.builds(lambda a: A.Neg(S, a), children),
        st.builds(
            lambda f, args: A.Call(S, f, tuple(args)),
            st.sampled_from(["min", "max", "abs"]),
            st.lists(children, min_size=1, max_size=3),
        ),
    )


exprs = st.recursive(st.one_of(nums, refs), _extend, max_leaves=8)
quantities = st.builds(lambda v, u: A.Quantity(S, v, u), decimals, st.one_of(st.none(), units))


def _quant_target(cmp: A.Comparator | None, q: A.Quantity, tail: str | None, per: str | None) -> A.QuantTarget:
    if tail in SUFFIX_COMPARATORS:
        return A.QuantTarget(S, cmp or SUFFIX_COMPARATORS[tail], q, tail, per)
    if tail is not None:  # 100%完成, 95 达到: a qualifier word, with a percent or no unit
        unit = "%" if q.unit == "%" else None
        return A.QuantTarget(S, cmp, A.Quantity(S, q.value, unit), tail, per)
    return A.QuantTarget(S, cmp, q, None, per)


quant_targets = st.builds(
    _quant_target,
    st.one_of(st.none(), comparators),
    quantities,
    st.one_of(st.none(), st.sampled_from(sorted(SUFFIX_COMPARATORS)), st.sampled_from(sorted(QUALIFIER_WORDS))),
    st.one_of(st.none(), st.sampled_from(["每亩", "每人"])),
)
qual_targets = st.builds(lambda t: A.QualTarget(S, t), qual_words)
signed_quantities = st.builds(
    lambda v, neg, u: A.Quantity(S, -v if neg else v, u), decimals, st.booleans(), st.one_of(st.none(), units)
)
# `[95%, 100%]`, `(0, 5%]`, `[-5%, 5%]`, `[90, )`; `95%～100%`, `95-100%` (closed, both ends given)
interval_targets = st.one_of(
    st.builds(
        lambda lo, lc, hi, hc: A.IntervalTarget(S, A.Interval(S, lo, lc, hi, hc), "[]"),
        st.one_of(st.none(), signed_quantities),
        st.booleans(),
        st.one_of(st.none(), signed_quantities),
        st.booleans(),
    ),
    st.builds(
        lambda lo, hi, notation: A.IntervalTarget(S, A.Interval(S, lo, True, hi, True), notation),
        quantities,
        quantities,
        st.sampled_from(["～", "-"]),
    ),
)
# `90%±5%`, `100万元±10%`, `±10%`
tolerance_targets = st.builds(lambda c, t: A.ToleranceTarget(S, c, t), st.one_of(st.none(), quantities), quantities)


@st.composite
def whens(draw: st.DrawFn, year_needed: bool = False) -> When:
    """Calendar points the WHEN token reads: a year (or 每年) with a month (and day or 底), a
    quarter (or 末), a part of the year or nothing; without a year only `6月底`, `6月30日` and
    the parts (上半年 …)."""
    year = draw(st.integers(1990, 2099))
    every = not year_needed and draw(st.integers(0, 5)) == 0
    shape = draw(st.sampled_from(["month", "day", "month_end", "quarter", "part", "year"]))
    if not year_needed and shape in ("day", "month_end", "part") and draw(st.booleans()):
        year, every = None, False  # 6月底, 6月30日, 上半年
    y = None if every else year
    month = draw(st.integers(1, 12))
    if shape == "month" and y is None and not every:
        shape = "month_end"
    if shape == "month":
        return When(y, month, every_year=every)
    if shape == "day":
        return When(y, month, draw(st.integers(1, 28)), every_year=every)
    if shape == "month_end":
        return When(y, month, month_end=True, every_year=every)
    if shape == "quarter":
        return When(y, quarter=draw(st.integers(1, 4)), month_end=draw(st.booleans()), every_year=every)
    if shape == "part":
        return When(y, part=draw(st.sampled_from(PARTS)), every_year=every)
    return When(year)


done_words = st.one_of(st.none(), st.sampled_from(["完工", "完成", "完成验收", "投入使用"]))
deadline_targets = st.builds(
    lambda w, by, done: A.DeadlineTarget(S, w, by, done),
    whens(),
    st.sampled_from([None, "前", "之前", "以前"]),
    done_words,
)
# `2021年2月至2021年10月`: the end prints its year, so it reads back without the start's
period_targets = st.builds(
    lambda a, b, done: A.PeriodTarget(S, a, b, done), whens(year_needed=True), whens(year_needed=True), done_words
)
yes_no_targets = st.sampled_from(sorted(YES_NO)).map(lambda w: A.YesNoTarget(S, YES_NO[w], w))
BASELINE_TEXTS = ["不超过预算", "控制在批复额度内", "较上年增长", "比上年提高10个百分点", "与上年持平", "同比增长5%",
                  "较上年下降3%", "不低于上年水平", "低于上年同期", "≥上年", "≤预算数"]  # fmt: skip
baseline_targets = st.sampled_from(BASELINE_TEXTS).map(lambda t: read_baseline(t, S))
# every kind `conditions.py` models: compared, statements (own words), interval, ±, deadline,
# period, 是/否, baseline, and any of them joined with 或
single_targets = st.one_of(
    quant_targets,
    qual_targets,
    interval_targets,
    tolerance_targets,
    deadline_targets,
    period_targets,
    yes_no_targets,
    baseline_targets,
)
targets = st.one_of(
    single_targets,
    st.lists(single_targets, min_size=2, max_size=3).map(lambda parts: A.AnyTarget(S, tuple(parts))),
)

grades = st.one_of(st.sampled_from(["优", "良", "中", "差"]), names)
intervals = st.builds(
    lambda lo, lc, hi, hc: A.Interval(S, lo, lc, hi, hc),
    st.one_of(st.none(), quantities),
    st.booleans(),
    st.one_of(st.none(), quantities),
    st.booleans(),
)
bands = st.one_of(
    st.builds(
        lambda c, v, u, g: A.ThresholdBand(S, g, c, A.Quantity(S, v, u)),
        st.one_of(st.none(), st.sampled_from([A.Comparator.GE, A.Comparator.GT, A.Comparator.LT, A.Comparator.LE])),
        decimals,
        st.sampled_from([None, "%"]),
        grades,
    ),
    st.builds(lambda iv, g: A.IntervalBand(S, g, iv), intervals, grades),
)
band_lists = st.lists(bands, max_size=4).map(tuple)
weights = st.one_of(st.none(), st.builds(lambda v, u: A.Quantity(S, v, u), decimals, st.sampled_from([None, "分"])))


@st.composite
def indicators(draw: st.DrawFn) -> A.Indicator:
    name = draw(names)
    if draw(st.booleans()):  # the one-line form `name = expr`
        expr = draw(exprs)
        return A.Indicator(S, name, S, formula=A.Formula(S, name, S, expr), one_line=True)
    formula = draw(
        st.one_of(
            st.none(),
            st.builds(
                lambda lhs, e: A.Formula(S, lhs, None if lhs is None else S, e), st.one_of(st.none(), names), exprs
            ),
        )
    )
    return A.Indicator(
        S,
        name,
        S,
        title=draw(titles),
        category=tuple(draw(st.lists(names, max_size=3))),
        formula=formula,
        target=draw(st.one_of(st.none(), targets)),
        weight=draw(weights),
        bands=draw(band_lists),
        direction=draw(st.one_of(st.none(), st.sampled_from(list(A.Direction)))),
        unit=draw(st.one_of(st.none(), units)),
        aliases=tuple(draw(st.lists(names, max_size=3))),
        source=draw(optional_texts),
        note=draw(optional_texts),
        basis=draw(optional_texts),
        description=draw(optional_texts),
        domain=draw(st.one_of(st.none(), intervals)),
        kind=draw(st.one_of(st.none(), st.sampled_from(list(A.Kind)))),
    )


groups = st.builds(
    lambda path, w: A.Group(S, tuple(path), None if w is None else A.Quantity(S, w, None)),
    st.lists(names, min_size=1, max_size=3),
    st.one_of(st.none(), decimals),
)
scorecards = st.builds(
    lambda name, title, scheme, bl, gs, budget, note, source: A.Scorecard(
        S, name, S, title, scheme, bl, tuple(gs), budget, note, source
    ),
    st.one_of(names, texts.filter(lambda t: bool(t) and _quotable(t))),
    titles,
    st.one_of(st.none(), texts.filter(bool)),
    band_lists,
    st.lists(groups, max_size=3),
    st.one_of(
        st.none(),
        st.builds(
            lambda e, w: A.BudgetExecution(S, e, None if w is None else A.Quantity(S, w, None)),
            exprs,
            st.one_of(st.none(), decimals),
        ),
    ),
    optional_texts,
    optional_texts,
)
statements = st.one_of(
    indicators(),
    scorecards,
    st.builds(lambda n, e: A.Definition(S, n, S, e), names, exprs),
    st.builds(lambda ns, u: A.InputDecl(S, tuple(ns), u), st.lists(names, min_size=1, max_size=3), units),
    st.one_of(
        st.builds(lambda n: A.UnitDecl(S, n), names),
        st.builds(lambda n, f, b: A.UnitDecl(S, n, f, b), names, decimals, units),
    ),
    st.builds(lambda a, c, b: A.Assertion(S, a, c, b), exprs, comparators, exprs),
)
