"""Properties: a table filled in consistently with the scheme is never reported (no false
positives, whatever the numbers), and one score changed by a point always is.  The test's own
score oracle is written out here on purpose, independent of the scoring engine."""

from __future__ import annotations

from fractions import Fraction

from hypothesis import given, settings
from hypothesis import strategies as st

from indicator_dsl.audit.engine import audit_table
from indicator_dsl.audit.grid import Grid
from indicator_dsl.audit.layout import find_tables
from indicator_dsl.rational import format_fixed
from indicator_dsl.scoring.schemes import load_scheme
from indicator_dsl.unparse import decimal_text

SCHEME = load_scheme("national-2020")
HEADER = ("一级指标", "二级指标", "三级指标", "年度指标值", "实际完成值", "分值", "得分", "偏差原因分析及改进措施")

row_data = st.tuples(
    st.integers(1, 2000),  # target
    st.integers(0, 4000),  # actual
    st.sampled_from(["≥", "≤"]),
    st.sampled_from(["%", "个", "万元"]),
)


def build(rows: list[tuple[int, int, str, str]], nudge: int | None = None) -> tuple[Grid, list[str]]:
    """A table whose weights sum to 90 + 10 budget and whose scores are the scheme's, 四舍五入."""
    weights = [Fraction(90, len(rows))] * len(rows)
    cells = [
        ("项目资金", "年初预算数", "全年预算数", "全年执行数", "分值", "执行率", "得分"),
        ("年度资金总额", "100", "100", "87.5", "10", "87.50%", "8.75"),
    ]
    cells.append(HEADER)
    published: list[str] = []
    for i, ((t, a, cmp, unit), w) in enumerate(zip(rows, weights, strict=True)):
        met = a >= t if cmp == "≥" else a <= t
        if met:
            exact = w
        elif cmp == "≥":
            exact = Fraction(a, t) * w
        else:
            exact = Fraction(t, a) * w
        shown = format_fixed(exact, 2)
        if i == nudge:
            shown = format_fixed(exact - 1 if exact >= 1 else exact + 1, 2)
        published.append(shown)
        reason = "超额完成" if cmp == "≥" and a * 10 >= t * 13 else ""
        cells.append(
            (
                "产出指标",
                "数量指标",
                f"指标{i}",
                f"{cmp}{t}{unit}",
                f"{a}{unit}",
                decimal_text(w) if w.denominator == 1 else format_fixed(w, 6),
                shown,
                reason,
            )
        )
    total = sum((Fraction(p) for p in published), Fraction(35, 4))
    cells.append(("总分", "", "", "", "", "100", decimal_text(total)))
    return Grid("p.csv", tuple(tuple(r) for r in cells)), published


@settings(max_examples=60, deadline=None)
@given(st.lists(row_data, min_size=1, max_size=6).filter(lambda rs: 90 % len(rs) == 0))
def test_consistent_tables_have_no_findings(rows: list[tuple[int, int, str, str]]) -> None:
    grid, _ = build(rows)
    (table,) = find_tables(grid)
    report = audit_table(table, SCHEME, Fraction(1, 2))
    assert [f for f in report.findings if f.severity != "info"] == []


@settings(max_examples=40, deadline=None)
@given(st.lists(row_data, min_size=1, max_size=6).filter(lambda rs: 90 % len(rs) == 0), st.data())
def test_a_score_off_by_a_point_is_always_found(rows: list[tuple[int, int, str, str]], data: st.DataObject) -> None:
    nudge = data.draw(st.integers(0, len(rows) - 1))
    grid, _ = build(rows, nudge)
    (table,) = find_tables(grid)
    report = audit_table(table, SCHEME, Fraction(1, 2))
    row = 4 + nudge
    # a deduction with a written reason is a note (I925); every other change is an error or warning
    assert row in {f.row for f in report.findings if f.severity != "info" or f.code == "I925"}
