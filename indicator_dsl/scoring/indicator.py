"""One row of the 自评表: an indicator, its actual, its weight, a scheme → a score with reasons.

This is the unit an auditor reuses to recompute one published row, so it depends on nothing
but its arguments: the resolved indicator and the units its file declares (`subject.Scorable`),
never a `Catalog` — scoring sits below the facade.  Arithmetic is exact; only the final score is
rounded 四舍五入."""

from __future__ import annotations

from collections.abc import Mapping
from dataclasses import dataclass
from decimal import Decimal
from fractions import Fraction
from typing import Any

from .. import ast as A
from .. import conditions as C
from .. import units as U
from ..actual_values import ActualError, Reading, kind_wanted, plain, read_actual
from ..own_words import REASONS
from ..rational import NotANumber, format_fixed, parse_decimal, round_half_up, to_fraction
from ..semantics import Resolved, ResolvedTarget
from ..unparse import decimal_text
from ..values import NUMBER_AND_UNIT, read_quantity
from .by_kind import score_condition
from .by_rule import rule_of, score_by_rule
from .models import IndicatorScore, Text
from .reading import Measured, ScoreInputError, UnitMismatch, read_value
from .rules import RULES, clamp
from .schemes import Scheme, Tier, load_scheme
from .subject import Scorable, name_of, subject_of

_LABELS = {
    A.Direction.POSITIVE: ("正向未达标", "positive, target missed"),
    A.Direction.NEGATIVE: ("反向未达标", "negative, target missed"),
    A.Direction.EQUAL: ("等于未达标", "equal, target missed"),
    A.Direction.RANGE: ("区间未达标", "range, target missed"),
}


@dataclass(frozen=True, slots=True)
class Options:
    """What the evaluator adds beyond the actual: tier, override, reason, 偏差原因, places."""

    tier: str | None = None
    manual: Fraction | None = None
    reason: str | None = None
    deviation: str | None = None
    places: int = 2
    level1: str = ""
    level2: str = ""
    baselines: tuple[tuple[str, Any], ...] = ()  # (name, value) for a rule's 上年/预算 … baselines


def short(value: Fraction, places: int) -> str:
    """A declared number as printed (`100`, `9.5`); rounded only when it has more decimals."""
    try:
        text = decimal_text(value)
    except ValueError:
        return format_fixed(value, places)
    return text if "." not in text or len(text.split(".")[1]) <= places else format_fixed(value, places)


amount_text = U.amount_text  # one display of amounts for score, monitor and eval (units.py)


def score_indicator(
    indicator: Scorable | Resolved,
    actual: Any,
    weight: Fraction | int | str,
    scheme: Scheme | str = "national-2020",
    options: Options | None = None,
    declared_units: Mapping[str, U.Unit] | None = None,
) -> IndicatorScore:
    """Score one indicator: a `catalog.Indicator`, a `subject.Subject`, or a bare `Resolved`
    with the units its file declares (`declared_units`).  `actual`: a value (bare numbers in the
    indicator's unit, text like `95.1%`, or `Measured` in base units), or for a qualitative
    indicator a tier name or a share (`85%`).  Raises ScoreInputError for a value the scheme
    cannot use."""
    scheme = load_scheme(scheme) if isinstance(scheme, str) else scheme
    opts = options or Options()
    w = to_fraction(weight)
    subject = subject_of(indicator, declared_units)
    res = subject.resolved
    rule = rule_of(subject)
    if rule is not None:
        exact, explanation, extra = score_by_rule(subject, rule, actual, w, opts.places, dict(opts.baselines))
    elif isinstance(res.condition, C.Statement) and _repeats(res.condition, actual, opts):
        exact, explanation, extra = _own_words(res.condition, actual, w, opts)
    elif res.qualitative:
        exact, explanation, extra = _qualitative(subject, actual, w, scheme, opts)
    elif res.condition is not None and not isinstance(res.condition, C.Compared):
        exact, explanation, extra = _by_kind(subject, res.condition, actual, w, scheme, opts)
    else:
        exact, explanation, extra = _quantitative(subject, actual, w, scheme, opts)
    return _finish(subject, w, exact, explanation, extra, opts)


def _share_or_percent(actual: Any, value: Fraction, target: ResolvedTarget) -> bool:
    """`0.965` written bare against `≥95%`: a bare number takes the indicator's unit (0.965%), but
    a share of one (96.5%) is as likely, and the two scores are far apart: no single reading.
    Only an at-least target above 1% asks it; under `≤2%`, `0.5` is plainly 0.5%."""
    if not isinstance(actual, str) or target.unit is not U.PERCENT or target.value <= U.PERCENT.factor:
        return False
    if target.comparator not in (A.Comparator.GE, A.Comparator.GT) or not 0 < value <= U.PERCENT.factor:
        return False
    written = NUMBER_AND_UNIT.match(plain(actual))
    return written is not None and not written.group(2)


def _quantitative(
    ind: Scorable, actual: Any, w: Fraction, scheme: Scheme, opts: Options
) -> tuple[Fraction, Text, dict[str, Any]]:
    res = ind.resolved
    if res.target is None:
        raise ScoreInputError("E611", name=name_of(ind))
    try:
        value, converted = read_value(actual, res.unit, ind.declared_units)
    except NotANumber:
        raise ScoreInputError("E603", header="实际完成值", value=str(actual)) from None
    except UnitMismatch as exc:
        raise ScoreInputError("E616", value=str(actual), unit=exc.written, expected=exc.expected) from None
    unit = res.unit or U.DIMENSIONLESS
    if _share_or_percent(actual, value, res.target):
        times = short(value / unit.factor * 100, 6)
        raise ScoreInputError("E623", actual=str(actual).strip(), target=res.target.text, times=times)
    a_txt = amount_text(value, unit, opts.places)
    t_txt = short(res.target.value / unit.factor, opts.places) + unit.name
    w_txt = short(w, opts.places)
    warnings = ["W603"] if converted else []
    far_above = res.target.value > 0 and value >= scheme.over_target_warning * res.target.value
    if far_above and res.direction is A.Direction.POSITIVE and not opts.deviation:
        # over-achievement of a 正向 target needs a reason (a missed 反向 target is a deduction, not this)
        warnings.append("W601")
    extra: dict[str, Any] = {
        "actual": a_txt,
        "actual_exact": str(value),
        "target": res.target.text,
        "warnings": warnings,
        "unit": unit.name,
        "direction": res.direction.value,
    }
    if res.target.met(value):
        extra.update(rule="met", met=True)
        cmp = res.target.comparator.value
        return (
            w,
            Text(
                zh=f"达标: {a_txt} {cmp} {t_txt}，得满分 {w_txt}",
                en=f"target met: {a_txt} {cmp} {t_txt}, full score {w_txt}",
            ),
            extra,
        )
    rule_name = {A.Direction.POSITIVE: scheme.positive, A.Direction.NEGATIVE: scheme.negative}.get(
        res.direction, scheme.equal
    )
    rule = RULES[rule_name]
    raw = rule.compute(value, res.target.value, w)
    exact = clamp(raw, w)
    formula = rule.formula.format(a=a_txt, t=t_txt, w=w_txt)
    zh, en = _LABELS[res.direction]
    result = format_fixed(exact, opts.places)
    tail_zh, tail_en = _clamp_note(raw, w, opts.places)
    extra.update(rule="unmet", met=False)
    return exact, Text(zh=f"{zh}: {formula} = {result}{tail_zh}", en=f"{en}: {formula} = {result}{tail_en}"), extra


def _repeats(cond: C.Statement, actual: Any, opts: Options) -> bool:
    """The actual (or the tier cell) repeats the target's own words (`良好` for `良好`)."""
    said = opts.tier if opts.tier else actual
    try:
        return isinstance(said, str) and cond.met(said)
    except C.AmbiguousWords as exc:  # `并非没有改善`: coded, never guessed
        zh, en = REASONS[exc.reason]
        raise ScoreInputError("E630", actual=exc.actual, words=exc.words, reason=zh, reason_en=en) from None


def _own_words(cond: C.Statement, actual: Any, w: Fraction, opts: Options) -> tuple[Fraction, Text, dict[str, Any]]:
    said = str(opts.tier or actual).strip()
    w_txt = short(w, opts.places)
    extra = {"rule": "met", "met": True, "actual": said, "target": cond.words, "direction": "", "unit": ""}
    return (
        w,
        Text(
            zh=f"达成: 实际“{said}”与目标用语“{cond.words}”一致，得满分 {w_txt}",
            en=f"achieved: the actual '{said}' repeats the target's words '{cond.words}', full score {w_txt}",
        ),
        extra,
    )


def _by_kind(
    ind: Scorable, cond: C.Condition, actual: Any, w: Fraction, scheme: Scheme, opts: Options
) -> tuple[Fraction, Text, dict[str, Any]]:
    """Intervals, deadlines, periods, 是/否, baselines and 或: read the actual in the target's
    kind (`actual_values.read_actual`), then the scheme's rule for that kind."""
    res = ind.resolved
    declared = ind.declared_units
    unit = res.unit or U.DIMENSIONLESS
    try:
        if isinstance(actual, Measured):
            reading = Reading(actual.value, str(actual.value))
        else:
            reading = read_actual(actual, cond, res.unit, declared, res.plan_year)
        baselines = {
            name: read_quantity(str(v), res.unit, declared, any_unit=res.unit is None)[0] for name, v in opts.baselines
        }
    except ActualError as exc:
        exc.args_.setdefault("target", getattr(cond, "text", ""))
        raise ScoreInputError(exc.code, **exc.args_) from None
    except NotANumber as exc:
        raise ScoreInputError("E603", header="上年/预算", value=str(exc)) from None
    missing = sorted(C.baseline_names(cond) - set(baselines))
    if missing:
        raise ScoreInputError("E621", target=getattr(cond, "text", ""), baseline=missing[0])

    def show(v: Fraction) -> str:
        return U.amount_text(v, unit, opts.places)

    exact, text, extra = score_condition(cond, reading, w, scheme.conditions, show, short(w, opts.places), baselines)
    warnings = ["W603"] if reading.converted else []
    extra.update(unit=unit.name if kind_wanted(cond) == "quantity" else "", warnings=warnings)
    if kind_wanted(cond) == "quantity":
        extra["actual_exact"] = str(reading.value)
    return exact, text, extra


def _clamp_note(raw: Fraction, w: Fraction, places: int) -> tuple[str, str]:
    if raw > w:
        shown = format_fixed(raw, places)
        return f"（计算值 {shown}，封顶 {short(w, places)}）", f" (computed {shown}, capped at {short(w, places)})"
    if raw < 0:
        return "（计算值为负，记 0）", " (negative, floored at 0)"
    return "", ""


def _qualitative(
    ind: Scorable, actual: Any, w: Fraction, scheme: Scheme, opts: Options
) -> tuple[Fraction, Text, dict[str, Any]]:
    tier_text = opts.tier
    share: Fraction | None = None
    if actual is not None and str(actual).strip():
        tier_from_actual = scheme.tier(str(actual))
        if tier_from_actual is not None and tier_text is None:
            tier_text = str(actual)
        elif tier_from_actual is None:
            share = _share(actual)
    tier = _pick_tier(scheme, tier_text, share, name_of(ind))
    if share is not None and not tier.contains(share):
        raise ScoreInputError("E610", value=f"{short(share * 100, 2)}%", tier=tier.name, range=tier.range_text())
    share = tier.default if share is None else share
    exact = share * w
    pct = short(share * 100, opts.places) + "%"
    result = format_fixed(exact, opts.places)
    w_txt = short(w, opts.places)
    extra = {
        "rule": "qualitative",
        "tier": tier.name,
        "actual": tier.name,
        "target": _qual_target(ind),
        "direction": "",
        "unit": "",
    }
    return (
        exact,
        Text(
            zh=f"定性 {tier.name} {tier.range_text()}: {pct} × {w_txt} = {result}",
            en=f"qualitative, {tier.name_en} {tier.range_text()}: {pct} × {w_txt} = {result}",
        ),
        extra,
    )


def _qual_target(ind: Scorable) -> str:
    target = ind.resolved.node.target
    return target.text if isinstance(target, A.QualTarget) else ""


def _share(actual: Any) -> Fraction:
    """A qualitative share: `85%` or a bare 85 (read as percent)."""
    try:
        value = to_fraction(actual) if not isinstance(actual, str) else parse_decimal(actual)
    except NotANumber:
        raise ScoreInputError("E606", tier=str(actual), choices="") from None
    text = str(actual).strip()
    return value if text.endswith(("%", "％")) else value / 100


def _pick_tier(scheme: Scheme, tier_text: str | None, share: Fraction | None, name: str) -> Tier:
    if tier_text:
        tier = scheme.tier(tier_text)
        if tier is None:
            raise ScoreInputError("E606", tier=tier_text, choices="、".join(_choices(scheme, name)))
        return tier
    if share is not None:
        for tier in scheme.tiers:
            if tier.contains(share):
                return tier
        raise ScoreInputError("E610", value=f"{short(share * 100, 2)}%", tier="", range="[0%, 100%]")
    raise ScoreInputError("E604", name=name)


def _choices(scheme: Scheme, name: str) -> list[str]:
    return [t.name for t in scheme.tiers]


def _finish(
    ind: Scorable, w: Fraction, exact: Fraction, explanation: Text, extra: dict[str, Any], opts: Options
) -> IndicatorScore:
    computed = round_half_up(exact, opts.places)
    score, rule, reason = computed, extra.pop("rule"), None
    if opts.manual is not None:
        if not 0 <= opts.manual <= w:
            raise ScoreInputError("E614", score=short(opts.manual, opts.places), weight=short(w, opts.places))
        if not opts.reason:
            raise ScoreInputError("E607")
        score, rule, reason = round_half_up(opts.manual, opts.places), "override", opts.reason
        explanation = Text(
            zh=f"人工调整: 规则得分 {computed}（{explanation.zh}），调整为 {score}；理由: {reason}",
            en=f"manual override: rule score {computed} ({explanation.en}), set to {score}; reason: {reason}",
        )
        exact = opts.manual
    return IndicatorScore(
        indicator=name_of(ind),
        level1=opts.level1,
        level2=opts.level2,
        kind="qualitative" if ind.resolved.qualitative and rule != "rule" else "quantitative",
        declared_weight=Decimal(short(ind.resolved.weight or w, 6)),
        weight=round_half_up(w, opts.places),
        score=score,
        score_exact=str(exact),
        computed_score=computed if rule == "override" else None,
        rule=rule,
        override_reason=reason,
        deviation_reason=opts.deviation,
        explanation=explanation,
        met=extra.pop("met", None),
        **extra,
    )
