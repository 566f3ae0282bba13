"""Hypothesis properties of the language core."""

from __future__ import annotations

from fractions import Fraction

from hypothesis import HealthCheck, given, settings
from hypothesis import strategies as st

from indicator_dsl import ast as A
from indicator_dsl import loads
from indicator_dsl.parser import parse_document
from indicator_dsl.source import Span
from indicator_dsl.unparse import document_text, expr_text
from tests.conftest import strip_spans

S = Span(0, 0)
NAMES = ["completed", "planned", "赔偿金额", "新增设备无故障、正常运作天数", "a1", "支出（万元）", "目标群体", "x_y"]
INPUTS = NAMES[:4]

decimals = st.builds(lambda n, p: Fraction(n, 10**p), st.integers(0, 10**6), st.integers(0, 3))
nums = st.builds(lambda v, u: A.Num(S, v, u, ""), decimals, st.sampled_from([None, "%"]))
refs = st.builds(lambda n: A.Ref(S, n), st.sampled_from(NAMES))


def extend(children: st.SearchStrategy[A.Expr]) -> st.SearchStrategy[A.Expr]:
    return st.one_of(
        st.builds(lambda op, a, b: A.BinOp(S, op, a, b), st.sampled_from("+-*/"), children, children),
        st.builds(lambda a: A.Neg(S, a), children),
        st.builds(lambda f, a, b: A.Call(S, f, (a, b)), st.sampled_from(["min", "max"]), children, children),
    )


exprs = st.recursive(st.one_of(nums, refs), extend, max_leaves=12)


@given(exprs)
@settings(max_examples=300, deadline=None, suppress_health_check=[HealthCheck.too_slow])
def test_unparse_then_parse_gives_the_same_tree(expr: A.Expr) -> None:
    text = f"x = {expr_text(expr)}\n"
    doc, diags = parse_document(text)
    assert diags == []
    assert strip_spans(doc.statements[0].formula.expr) == strip_spans(expr)


targets = st.builds(
    lambda c, v, u: A.QuantTarget(S, c, A.Quantity(S, v, u)),
    st.sampled_from([None, *A.Comparator]),
    decimals,
    st.sampled_from([None, "%", "万元", "个"]),
)
bands = st.lists(
    st.builds(
        lambda c, v, g: A.ThresholdBand(S, g, c, A.Quantity(S, v, None)),
        st.sampled_from([A.Comparator.GE, A.Comparator.GT, A.Comparator.LT, A.Comparator.LE]),
        decimals,
        st.sampled_from(["优", "良", "中", "差"]),
    ),
    max_size=4,
)


@given(exprs, targets, bands, st.integers(0, 100))
@settings(max_examples=150, deadline=None, suppress_health_check=[HealthCheck.too_slow])
def test_documents_round_trip(expr: A.Expr, target: A.QuantTarget, band_list: list[A.Band], weight: int) -> None:
    ind = A.Indicator(
        S,
        "指标甲",
        S,
        title="说明",
        category=("产出指标", "数量指标"),
        formula=A.Formula(S, "指标甲", S, expr),
        target=target,
        weight=A.Quantity(S, Fraction(weight), None),
        bands=tuple(band_list),
        direction=A.Direction.POSITIVE,
    )
    doc = A.Document(parse_document("")[0].source, (ind, A.Definition(S, "定义甲", S, expr)))
    again, diags = parse_document(document_text(doc))
    assert diags == []
    assert strip_spans(again.statements) == strip_spans(doc.statements)


def reference(expr: A.Expr, record: dict[str, Fraction]) -> Fraction:
    """Plain Fraction arithmetic: what the exact evaluator must reproduce."""
    if isinstance(expr, A.Num):
        return expr.value / 100 if expr.unit == "%" else expr.value
    if isinstance(expr, A.Ref):
        return record[expr.name]
    if isinstance(expr, A.Neg):
        return -reference(expr.operand, record)
    if isinstance(expr, A.Call):
        values = [reference(a, record) for a in expr.args]
        return min(values) if expr.func == "min" else max(values)
    a, b = reference(expr.left, record), reference(expr.right, record)
    return {"+": a + b, "-": a - b, "*": a * b}[expr.op] if expr.op != "/" else a / b


input_refs = st.builds(lambda n: A.Ref(S, n), st.sampled_from(INPUTS))
input_exprs = st.recursive(st.one_of(nums, input_refs), extend, max_leaves=10)
records = st.fixed_dictionaries({n: st.one_of(st.integers(-50, 50), decimals) for n in INPUTS})


@given(input_exprs, records)
@settings(max_examples=400, deadline=None, suppress_health_check=[HealthCheck.too_slow])
def test_exact_evaluator_equals_fraction_arithmetic(expr: A.Expr, record: dict[str, Fraction]) -> None:
    ind = loads(f"x = {expr_text(expr)}\n")["x"]
    data = {
        k: (str(float(v)) if isinstance(v, Fraction) and v.denominator in (1, 10) else v) for k, v in record.items()
    }
    exact = {k: Fraction(v) for k, v in data.items()}
    try:
        expected = reference(expr, exact)
    except ZeroDivisionError:
        assert ind.evaluate(data).error == "E401"
        return
    got = ind.evaluate(data)
    assert got.error is None and got.value == expected


def first_match(value: Fraction, band_list: list[tuple[str, Fraction, str]]) -> str | None:
    tests = {"≥": value.__ge__, ">": value.__gt__, "≤": value.__le__, "<": value.__lt__}
    for cmp, threshold, grade in band_list:
        if tests[cmp](threshold):
            return grade
    return None


band_specs = st.lists(
    st.tuples(
        st.sampled_from(["≥", ">", "≤", "<"]),
        st.integers(0, 20).map(lambda n: Fraction(n * 5)),
        st.sampled_from(["优", "良", "中", "差"]),
    ),
    min_size=1,
    max_size=5,
)


@given(band_specs, st.integers(-10, 110), st.integers(1, 7))
@settings(max_examples=400, deadline=None)
def test_band_lookup_matches_brute_force(spec: list[tuple[str, Fraction, str]], c: int, p: int) -> None:
    written = ", ".join(f"{cmp}{t} {g}" for cmp, t, g in spec)
    ind = loads(f"指标 r\n  公式 c / p * 100%\n  等级 {written}\n")["r"]
    value = Fraction(c * 100, p)
    assert ind.evaluate({"c": c, "p": p}).grade == first_match(value, spec)
    # records exactly on each threshold
    for _, t, _ in spec:
        assert ind.evaluate({"c": t, "p": 100}).grade == first_match(t, spec)
