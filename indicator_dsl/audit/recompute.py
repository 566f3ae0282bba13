"""One published row recomputed under a scheme, by the scoring engine itself.

The audit never restates a scheme's formulas: a row becomes one resolved indicator (its target
cell parsed by the language's grammar, resolved by `semantics.resolve_indicator` as an `.ind` file's
indicator is — no catalog is built) and `scoring.indicator.score_indicator` scores it; the
budget line uses the scheme's own budget rule from `scoring.rules.RULES`.  What the auditor adds
is only the reading of printed cells and the honesty about rows it cannot judge."""

from __future__ import annotations

from dataclasses import dataclass, field, replace
from fractions import Fraction

from .. import ast as A
from .. import units as U
from ..diagnostics import Diagnostic
from ..scoring.indicator import Options, ScoreInputError, score_indicator, short
from ..scoring.rules import RULES, clamp
from ..scoring.schemes import Scheme, Tier
from ..scoring.subject import Subject
from ..semantics import Env, resolve_indicator
from ..source import Span
from .cells import Reading, ReadingKind, read_actual_cell, read_cell, read_number
from .model import IndicatorRow


class Status:
    SCORED = "scored"
    QUALITATIVE = "qualitative"
    NOT_APPLICABLE = "not-applicable"
    NOT_JUDGED = "not-judged"


@dataclass(frozen=True)
class Recomputed:
    """The scheme's view of one row; `blocked` names the code that stopped the judgement."""

    status: str
    weight: Fraction | None
    published: Fraction | None
    score: Fraction | None = None
    formula_zh: str = ""
    formula_en: str = ""
    met: bool | None = None
    direction: A.Direction | None = None
    actual_text: str = ""
    target_text: str = ""
    actual: Reading | None = None
    over_target: bool = False
    ratio: Fraction | None = None  # actual / target, base units
    tier: Tier | None = None
    blocked: tuple[str, dict[str, str]] | None = None
    warnings: tuple[str, ...] = field(default_factory=tuple)


def read_weight(text: str, total: Fraction) -> Fraction | None:
    """分值 as printed; a 权重 printed as a percent (`10%`) is that share of the scheme's total."""
    value = read_number(text)
    if value is None:
        return None
    return value * total if text.strip().endswith(("%", "％")) else value


def recompute_row(row: IndicatorRow, scheme: Scheme, plan_year: int | None = None) -> Recomputed:
    """`plan_year`: the year of month-only dates (`11月底前`), from the table's title."""
    weight = read_weight(row.weight.text, scheme.total)
    published = read_number(row.score.text)
    base = Recomputed(Status.NOT_JUDGED, weight, published)
    if row.not_applicable:
        return _replace(base, status=Status.NOT_APPLICABLE)
    target, actual = read_cell(row.target.text), read_actual_cell(row.actual.text)
    blocked = _blocked(row, target, actual, weight)
    ruled = row.rule is not None and not row.rule.blank
    # a date, an interval, 是/否 …: the actual is read in the target's kind (`2023年12月`), not as a number
    condition = target.node is not None and not isinstance(target.node, (A.QuantTarget, A.QualTarget))
    if blocked is not None and not ((ruled or condition) and blocked[0] in ("W913", "W914")):
        return _replace(base, blocked=blocked, actual=actual)
    if ruled and base.weight is not None:
        return _by_rule(base, row, target, actual, scheme, plan_year)
    if condition and base.weight is not None:
        return _condition(base, row, target, actual, scheme, plan_year)
    if target.kind is ReadingKind.WORDS or actual.kind is ReadingKind.WORDS and target.kind is not ReadingKind.NUMBER:
        return _qualitative(base, actual, scheme)
    if actual.kind is ReadingKind.WORDS:
        return _replace(
            base,
            blocked=(
                "W914",
                {"text": row.actual.text, "detail": "（目标为数值）", "detail_en": " (the target is a number)"},
            ),
            actual=actual,
        )
    return _quantitative(base, row, target, actual, scheme)


def _blocked(row: IndicatorRow, target: Reading, actual: Reading, weight: Fraction | None) -> tuple | None:
    if target.kind is ReadingKind.UNREADABLE:
        return ("W913", {"text": row.target.text})
    if actual.kind is ReadingKind.UNREADABLE:
        return ("W914", {"text": row.actual.text, "detail": "", "detail_en": ""})
    for empty, what, what_en in (
        (target.kind is ReadingKind.BLANK, "年度指标值", "the target"),
        (actual.kind is ReadingKind.BLANK, "实际完成值", "the actual"),  # `—`, `-`, 无: nothing to score
        (row.weight.blank, "分值", "the weight"),
    ):
        if empty:
            return ("I916", {"what": what, "what_en": what_en})
    if weight is None:
        return ("W923", {"what": "分值", "what_en": "weight", "text": row.weight.text})
    if row.score.blank:
        return ("I916", {"what": "得分", "what_en": "the score"})
    if read_number(row.score.text) is None:
        return ("W923", {"what": "得分", "what_en": "score", "text": row.score.text})
    return None


def _quantitative(base: Recomputed, row: IndicatorRow, target: Reading, actual: Reading, scheme: Scheme) -> Recomputed:
    if not isinstance(target.node, A.QuantTarget) or base.weight is None:  # `_blocked` rules both out
        return _replace(base, blocked=("W913", {"text": row.target.text}))
    unit_text = target.unit or actual.unit
    indicator = _indicator(row.name, target.node, None if target.unit else unit_text)
    unit = indicator.resolved.unit or U.DIMENSIONLESS
    written = U.lookup(actual.unit, context=unit) if actual.unit else unit
    if not written.compatible(unit):
        return _replace(base, blocked=("W918", {"unit": actual.unit or "", "expected": U.describe(unit)}))
    value = actual.base(unit)
    if value is None:
        return _replace(base, blocked=("W914", {"text": row.actual.text, "detail": "", "detail_en": ""}))
    try:
        scored = score_indicator(indicator, value / unit.factor, base.weight, scheme, Options(places=scheme.places))
    except ScoreInputError as exc:
        return _replace(base, blocked=(exc.code, {k: str(v) for k, v in exc.args_.items()}))
    exact = Fraction(scored.score_exact) if scored.score_exact else None
    resolved = indicator.resolved
    ratio = value / resolved.target.value if resolved.target and resolved.target.value > 0 else None
    over = ratio is not None and ratio >= scheme.over_target_warning
    return _replace(
        base,
        status=Status.SCORED,
        score=exact,
        formula_zh=scored.explanation.zh,
        formula_en=scored.explanation.en,
        met=scored.met,
        direction=resolved.direction,
        actual_text=scored.actual,
        target_text=scored.target,
        actual=actual,
        over_target=over and resolved.direction is A.Direction.POSITIVE,
        ratio=ratio,
        warnings=tuple(scored.warnings),
    )


def _condition(
    base: Recomputed, row: IndicatorRow, target: Reading, actual: Reading, scheme: Scheme, plan_year: int | None
) -> Recomputed:
    """A target the scoring engine reads as a condition (`2023年11月底前`, `[95%, 100%]`, `是`):
    the row is scored as `score` scores such an indicator, its actual read in the target's kind."""
    assert target.node is not None and base.weight is not None
    indicator = _indicator(row.name, target.node, target.unit or actual.unit, plan_year=plan_year)
    try:
        scored = score_indicator(indicator, row.actual.text, base.weight, scheme, Options(places=scheme.places))
    except ScoreInputError as exc:  # not the table's mistake: the row is not judged, and why
        why = Diagnostic(exc.code, args=exc.args_)
        detail = {"detail": f"（{why.message('zh')}）", "detail_en": f" ({why.message('en')})"}
        return _replace(base, blocked=("W914", {"text": row.actual.text, **detail}), actual=actual)
    return _replace(
        base,
        status=Status.SCORED,
        score=Fraction(scored.score_exact) if scored.score_exact else None,
        formula_zh=scored.explanation.zh,
        formula_en=scored.explanation.en,
        met=scored.met,
        direction=indicator.resolved.direction,
        actual_text=scored.actual,
        target_text=scored.target,
        actual=actual,
        warnings=tuple(scored.warnings),
    )


def _by_rule(
    base: Recomputed, row: IndicatorRow, target: Reading, actual: Reading, scheme: Scheme, plan_year: int | None
) -> Recomputed:
    """The row's own printed 评(扣)分标准 decides its score; the explanation names the rule and
    the reading used, so the auditor's recomputation can be checked against the table."""
    from ..criteria import criterion_text

    assert row.rule is not None and base.weight is not None
    text = row.rule.text.strip()
    node: A.Target | None = target.node if isinstance(target.node, A.QuantTarget) else None
    if node is None and not row.target.blank:  # a deadline, 是/否 … as the language reads the cell
        from ..parser import parse_fragment

        parsed, errors = parse_fragment(row.target.text.strip(), "target_spec")
        node = None if errors else parsed
    unit = target.unit or actual.unit
    indicator = _indicator(row.name, node, unit, rule=A.RuleText(Span(0, len(text)), text), plan_year=plan_year)
    rule = indicator.rule
    if rule is None:
        return _replace(base, blocked=("W682", {"text": text}), actual=actual)
    try:
        scored = score_indicator(indicator, row.actual.text, base.weight, scheme, Options(places=scheme.places))
    except ScoreInputError as exc:
        return _replace(base, blocked=(exc.code, {k: str(v) for k, v in exc.args_.items()}), actual=actual)
    reading = criterion_text(rule.criterion)
    return _replace(
        base,
        status=Status.SCORED,
        score=Fraction(scored.score_exact) if scored.score_exact else None,
        formula_zh=f"按表中评分标准“{text}”（读作 {reading}）: {scored.explanation.zh}",
        formula_en=f"by the table's scoring rule '{text}' (read as {reading}): {scored.explanation.en}",
        met=scored.met,
        direction=indicator.resolved.direction,
        actual_text=scored.actual,
        target_text=row.target.text,
        actual=actual,
    )


def _qualitative(base: Recomputed, actual: Reading, scheme: Scheme) -> Recomputed:
    """定性: the scheme leaves the tier to the evaluator, so the audit reports the tier the
    published score implies and does not recompute a number."""
    if base.weight is None or base.published is None:
        return _replace(base, status=Status.QUALITATIVE, actual=actual)
    share = base.published / base.weight if base.weight else Fraction(0)
    tier = next((t for t in scheme.tiers if t.contains(share)), None)
    return _replace(base, status=Status.QUALITATIVE, tier=tier, actual=actual)


def budget_score(executed: Fraction, budget: Fraction, weight: Fraction, scheme: Scheme) -> tuple[Fraction, str]:
    """The scheme's budget-execution score and its formula, from the scheme's own budget rule."""
    rule = RULES[scheme.budget_rule]
    exact = clamp(rule.compute(executed, budget, weight), weight)
    formula = rule.formula.format(a=_num(executed), t=_num(budget), w=_num(weight))
    return exact, formula


def tier_of_words(words: str, scheme: Scheme) -> Tier | None:
    return scheme.tier(words) if words else None


def _indicator(
    name: str, target: A.Target | None, unit: str | None, rule: A.RuleText | None = None, plan_year: int | None = None
) -> Subject:
    """The row as one indicator: its target (and printed rule) resolved exactly as a lone
    indicator of an `.ind` file would be (no declared units, no definitions), in the table's
    plan year."""
    span = Span(0, 0)
    node = A.Indicator(span=span, name=name or "指标", name_span=span, target=target, unit=unit, rule=rule)
    return Subject(resolve_indicator(node, Env(plan_year=plan_year), None))


def _num(value: Fraction) -> str:
    return short(value, 2)


def _replace(base: Recomputed, **changes: object) -> Recomputed:
    return replace(base, **changes)  # type: ignore[arg-type]
