"""Band tables: coverage gaps, unreachable and overlapping bands, order, top grade vs target.

The property test checks both engines (Fraction atoms, sympy) against brute-force sampling."""

from __future__ import annotations

from fractions import Fraction as F

import pytest
from hypothesis import given, settings
from hypothesis import strategies as st

from indicator_dsl import loads
from indicator_dsl.band_analysis import Range, analyse
from indicator_dsl.semantics import Bound
from indicator_dsl.source import Span


def found(text: str, prefix: str = "W5") -> list[tuple[str, int, int, str, str | None]]:
    out = []
    for d in loads(text, "t.ind").check():
        if d.code.startswith(prefix) or d.code == "E321":
            _, line, col = d.location()
            out.append((d.code, line, col, d.message("en"), d.fix))
    return out


SEED_001_SHADOW = """指标 采纳率
  公式 采纳数 / 建议数 * 100%
  目标 ≥60%
  等级 ≥70优 ≥60良 ≥60中
"""

SEED_001_MISSING = """指标 各项检务保障工作完成率
  公式 完成数 / 计划数 * 100%
  目标 ≥90%
  等级 ≥90优 ≥70良 60差
"""


def test_seed_001_shadowed_band_is_reported_at_the_band() -> None:
    codes = found(SEED_001_SHADOW)
    assert ("W502", 4, 16) in [c[:3] for c in codes]
    msg = next(c[3] for c in codes if c[0] == "W502")
    assert msg == (
        "band '≥60中' can never match: those values are already graded by the earlier '≥70优, ≥60良' (first match wins)"
    )
    gap = next(c for c in codes if c[0] == "W501")
    assert gap[:4] == ("W501", 4, 6, "[0%, 60%) has no grade")


def test_seed_001_missing_comparator_leaves_the_60_70_gap_with_zhong_missing() -> None:
    codes = found(SEED_001_MISSING)
    assert [c[:3] for c in codes] == [("W501", 4, 6), ("E321", 4, 16)]
    assert codes[0][3] == "[60%, 70%) has no grade"
    assert codes[0][4] == "添加 [60%, 70%) 中"


def test_suggested_band_parses_and_closes_the_gap() -> None:
    fixed = SEED_001_MISSING.replace("60差", "<60 差, [60%, 70%) 中")
    assert found(fixed) == []


def test_complete_table_has_no_findings() -> None:
    assert found("指标 r\n  公式 a / b * 100%\n  目标 ≥95%\n  等级 ≥95 优, ≥70 良, ≥50 中, <50 差\n") == []


def test_partial_overlap_and_outside_domain() -> None:
    codes = found("指标 r\n  公式 a / b * 100%\n  等级 ≥80 良, [60, 85) 中, <60 差, ≥120 优\n")
    assert [c[:3] for c in codes] == [("W503", 3, 13), ("W505", 3, 32)]
    assert codes[0][3] == "band '[60, 85) 中' partly overlaps the earlier '≥80 良'; [80%, 85%) is graded '良'"
    assert codes[1][3] == "band '≥120 优' lies outside the domain [0%, 100%] and can never match"


def test_cumulative_thresholds_are_not_overlaps() -> None:
    assert found("指标 r\n  公式 a / b * 100%\n  等级 ≥90 优, ≥70 良, ≥0 差\n") == []


@pytest.mark.parametrize(
    ("direction", "bands", "expected"),
    [
        (
            "正向",
            "[0, 60) 优, [60, 100] 差",
            "grades do not follow the direction '正向': [0%, 60%) is graded '优' but [60%, 100%] is '差'",
        ),
        (
            "反向",
            "[0, 60) 差, [60, 100] 优",
            "grades do not follow the direction '反向': [0%, 60%) is graded '差' but [60%, 100%] is '优'",
        ),
    ],
)
def test_order_against_direction(direction: str, bands: str, expected: str) -> None:
    codes = found(f"指标 r\n  公式 a / b * 100%\n  方向 {direction}\n  等级 {bands}\n")
    assert [(c[0], c[3]) for c in codes if c[0] == "W504"] == [("W504", expected)]


def test_reverse_indicator_with_falling_grades_is_fine() -> None:
    assert found("指标 r\n  公式 a / b * 100%\n  目标 ≤5%\n  等级 ≤2 优, ≤5 良, ≤10 中, >10 差\n") == []


def test_top_grade_below_target() -> None:
    codes = found("指标 r\n  公式 a / b * 100%\n  目标 ≥95%\n  等级 ≥90 优, <90 差\n")
    assert [c[:4] for c in codes] == [
        ("W512", 4, 6, "the top grade '优' starts at 90% but the target is ≥95%: values missing the target get it")
    ]
    reverse = found("指标 r\n  公式 a / b * 100%\n  目标 ≤2%\n  等级 ≤5 优, >5 差\n")
    assert [c[0] for c in reverse] == ["W512"]


def test_declared_domain_and_plain_units() -> None:
    text = "指标 r\n  公式 a - b\n  单位 万元\n  定义域 [0, 500]\n  等级 ≥300 优, [100, 200) 中\n"
    gaps = [c[3] for c in found(text) if c[0] == "W501"]
    assert gaps == ["[0万元, 100万元) has no grade", "[200万元, 300万元) has no grade"]
    unbounded = found("指标 r\n  公式 a - b\n  单位 个\n  等级 <10 差, [10, 20) 中\n")
    assert [c[3] for c in unbounded] == ["[20个, +∞) has no grade"]


def test_scorecard_total_bands_over_0_100() -> None:
    text = '评分表 s "x"\n  等级 ≥90 优, [80, 90) 良, [60, 80) 中\n'
    codes = found(text)
    assert [c[:4] for c in codes] == [("W501", 2, 6, "[0, 60) has no grade")]
    assert codes[0][4] == "添加 [0, 60) 差"


def test_band_checks_work_in_chinese_too() -> None:
    d = next(d for d in loads(SEED_001_MISSING).check() if d.code == "W501")
    assert d.message("zh") == "[60%, 70%) 没有等级"
    assert "建议：添加 [60%, 70%) 中" in d.render("zh")


# ---- property: analysis agrees with brute force, for both engines ------------------------------
GRID = [F(n, 4) for n in range(-4, 13)]
value = st.sampled_from(GRID)


@st.composite
def ranges(draw: st.DrawFn) -> tuple[F | None, bool, F | None, bool]:
    low = draw(st.none() | value)
    high = draw(st.none() | value)
    if low is not None and high is not None and high < low:
        low, high = high, low
    return low, draw(st.booleans()) and low is not None, high, draw(st.booleans()) and high is not None


@st.composite
def band_sets(draw: st.DrawFn) -> tuple[list[Bound], Range]:
    bounds = []
    for _ in range(draw(st.integers(1, 5))):
        kind = draw(st.sampled_from(["ge", "gt", "le", "lt", "eq", "interval"]))
        v = draw(value)
        shapes = {
            "ge": (v, True, None, False),
            "gt": (v, False, None, False),
            "le": (None, False, v, True),
            "lt": (None, False, v, False),
            "eq": (v, True, v, True),
        }
        shape = shapes[kind] if kind != "interval" else draw(ranges())
        bounds.append(Bound(draw(st.sampled_from("优良中差")), Range(*shape), Span(0, 0)))
    return bounds, Range(*draw(ranges()))


def first_match(bounds: list[Bound], x: F) -> int | None:
    return next((i for i, b in enumerate(bounds) if b.contains(x)), None)


def samples(bounds: list[Bound], domain: Range) -> list[F]:
    """Every endpoint, every midpoint between neighbours, and a point beyond each end: one
    point in every piece the endpoints cut the line into."""
    ends = sorted({e for r in [*bounds, domain] for e in (r.low, r.high) if e is not None}) or [F(0)]
    mids = [(a + b) / 2 for a, b in zip(ends, ends[1:], strict=False)]
    return [p for p in [ends[0] - 1, *ends, *mids, ends[-1] + 1] if domain.contains(p)]


def check_against_brute_force(bounds: list[Bound], domain: Range, engine: str) -> None:
    result = analyse(bounds, domain, engine)
    points = samples(bounds, domain)
    firsts = {x: first_match(bounds, x) for x in points}
    for x, k in firsts.items():
        assert any(g.contains(x) for g in result.gaps) == (k is None), (x, result.gaps)
        for i, region in enumerate(result.regions):
            assert any(r.contains(x) for r in region) == (k == i), (x, i, region)
    meets = {i: any(b.contains(x) for x in points) for i, b in enumerate(bounds)}
    assert set(result.outside) == {i for i, m in meets.items() if not m}
    reached = set(firsts.values())
    assert {i for i, _ in result.shadowed} == {i for i, m in meets.items() if m and i not in reached}
    for j, k, taken in result.overlaps:
        assert j < k and bounds[j].grade != bounds[k].grade
        assert any(firsts[x] == j and bounds[k].contains(x) for x in points if any(r.contains(x) for r in taken))


@settings(max_examples=300, deadline=None)
@given(band_sets())
def test_exact_engine_agrees_with_brute_force(case: tuple[list[Bound], Range]) -> None:
    check_against_brute_force(*case, "exact")


@settings(max_examples=60, deadline=None)
@given(band_sets())
def test_sympy_engine_agrees_with_brute_force_and_exact(case: tuple[list[Bound], Range]) -> None:
    check_against_brute_force(*case, "sympy")
    assert analyse(*case, "sympy") == analyse(*case, "exact")


def test_huge_band_tables_are_not_analysed() -> None:
    bands = " ".join(f"[{i}, {i + 1}) 优" for i in range(150))
    codes = found(f"指标 r\n  公式 a - b\n  单位 个\n  等级 {bands}\n")
    assert [(c[0], c[3]) for c in codes] == [
        ("W506", "too many bands (150, limit 100); coverage and overlap not analysed")
    ]
