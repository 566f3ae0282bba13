"""A row whose indicator prints its own 评分标准 is scored by that rule, not the scheme.

The actual is read for what the rule measures (a quantity, a count `3次`, lateness `2个月`,
checklist items `①③` or `2项`, 是/否); the rule's points are for the declared 分值, so a row
whose weight was rescaled (不适用 rows, group weights) keeps the rule's proportions."""

from __future__ import annotations

import re
from collections.abc import Mapping
from fractions import Fraction
from typing import Any

from .. import ast as A
from ..conditions import Deadline, baseline_names
from ..criteria import Rule, criterion_text
from ..criteria.model import Checklist, Measure, Scale, YesNo
from ..criteria.score import Given, RuleScoreError, num, score, shown
from ..dates import NoPlanYear, NotADate, read_when
from ..rational import NotANumber, format_fixed, parse_decimal, to_fraction
from .models import Text
from .reading import ScoreInputError, UnitMismatch, read_value
from .subject import Scorable, name_of, unit_name

_YES = {"是", "有", "按期", "按时", "如期", "已完成", "完成", "达到", "yes", "true", "y", "1", "√", "✓"}
_NO = {"否", "无", "未按期", "未按时", "延期", "逾期", "未完成", "未达到", "no", "false", "n", "0", "×", "✗"}
_COUNT = re.compile(r"^\s*(?:发现|发生|出现|共)?\s*(\d+)\s*(?:次|例|起|处|项|个|件|人次|条|宗|笔)?\s*$")
_LATE = re.compile(
    r"^\s*(?:延期|逾期|推迟|延迟|滞后|超期)?\s*(\d+(?:\.\d+)?)\s*(个月|月|天|日|个工作日|工作日|年)?\s*$"
)
_LATE_UNIT = {"个月": Measure.LATE_MONTHS, "月": Measure.LATE_MONTHS, "天": Measure.LATE_DAYS, "日": Measure.LATE_DAYS}
_LATE_UNIT |= {"工作日": Measure.LATE_DAYS, "个工作日": Measure.LATE_DAYS, "年": Measure.LATE_YEARS}
_ITEMS = re.compile(r"^\s*(\d+)\s*项?\s*$")
_MARKERS = "①②③④⑤⑥⑦⑧⑨⑩⑪⑫⑬⑭⑮⑯⑰⑱⑲⑳"


def given_for(rule: Rule, ind: Scorable, actual: Any, baselines: Mapping[str, Any]) -> tuple[Given, str]:
    """What the rule needs from this row, and the actual as displayed."""
    c = rule.criterion
    res = ind.resolved
    target = None if res.qualitative or res.target is None else res.target.value
    bases = {name: _baseline(v, ind) for name, v in baselines.items()}
    text = str(actual).strip() if actual is not None else ""
    if isinstance(c, YesNo):
        low = text.lower()
        if low not in _YES and low not in _NO and text not in (c.yes_word, c.no_word):
            raise ScoreInputError("E657", value=text)
        yes = text == c.yes_word or (low in _YES and text != c.no_word)
        return Given(yes=yes, target=target), text
    if isinstance(c, Checklist):
        return Given(items=_items(c, actual, text), target=target), text
    assert isinstance(c, Scale)
    if c.measure is Measure.COUNT:
        m = _COUNT.match(text)
        if not m:
            raise ScoreInputError("E658", value=text)
        return Given(value=Fraction(int(m.group(1))), target=target, baselines=bases), text
    if c.measure.late:
        late, shown_late = _lateness(c, text, ind)
        return Given(value=late, target=target, baselines=bases), shown_late
    try:
        value, _ = read_value(actual, res.unit, ind.declared_units)
    except NotANumber:
        raise ScoreInputError("E603", header="实际完成值", value=text) from None
    except UnitMismatch as exc:
        raise ScoreInputError("E616", value=text, unit=exc.written, expected=exc.expected) from None
    return Given(value=value, target=target, baselines=bases), shown(value, c.unit or unit_name(ind))


def _baseline(value: Any, ind: Scorable) -> Fraction:
    return read_value(value, ind.resolved.unit, ind.declared_units)[0]


def _lateness(c: Scale, text: str, ind: Scorable) -> tuple[Fraction, str]:
    """Days, months or years late: printed as a lateness (`延期2个月`), or a completion date
    judged against the indicator's deadline target (`2024年11月底前` and `2025年2月`)."""
    if text in _YES or text in ("按期完成", "按时完成", "如期完成"):
        return Fraction(0), text
    m = _LATE.match(text)
    if m:
        unit = _LATE_UNIT.get(m.group(2) or "")
        if unit is not None and unit is not c.measure:
            raise ScoreInputError("E658", value=text)
        return parse_decimal(m.group(1)), text
    target = ind.resolved.node.target
    if not isinstance(target, A.DeadlineTarget):
        raise ScoreInputError("E658", value=text)
    try:
        year = ind.resolved.plan_year  # the indicator's 年度, else its scorecard's
        due = target.when.span(year).last
        done = read_when(re.sub(r"^(?:已于|于|在)|(?:前|之前)?(?:已)?(?:完成|完工|竣工|办结)$", "", text)).span(year)
    except (NotADate, NoPlanYear):
        raise ScoreInputError("E658", value=text) from None
    deadline = Deadline(due, target.when.text())
    shown_ = f"{text}（期限 {due.isoformat()}）"
    if c.measure is Measure.LATE_DAYS:
        return Fraction(deadline.days_late(done)), shown_
    months = deadline.months_late(done)
    return (Fraction(months) if c.measure is Measure.LATE_MONTHS else Fraction(-(-months // 12))), shown_


def _items(c: Checklist, actual: Any, text: str) -> frozenset[str] | int:
    if isinstance(actual, int) and not isinstance(actual, bool):
        return actual
    if isinstance(actual, list | tuple | set | frozenset):
        return frozenset(str(a).strip() for a in actual)
    m = _ITEMS.match(text)
    if m:
        return int(m.group(1))
    if text in ("全部", "全部满足", "均满足", "all"):
        return frozenset(i.label for i in c.items)
    if text in ("无", "均不满足", "none", ""):
        return frozenset()
    marks = [ch for ch in text if ch in _MARKERS]
    if marks and not text.strip(_MARKERS + "、,，; ；"):
        return frozenset(marks)
    parts = [p.strip() for p in re.split(r"[、,，;；]", text) if p.strip()]
    if not parts:
        raise ScoreInputError("E656", item=text, items="、".join(i.label for i in c.items))
    return frozenset(parts)


def score_by_rule(
    ind: Scorable, rule: Rule, actual: Any, w: Fraction, places: int, baselines: Mapping[str, Any]
) -> tuple[Fraction, Text, dict[str, Any]]:
    given, shown_actual = given_for(rule, ind, actual, baselines)
    declared = ind.resolved.weight if ind.resolved.weight else w
    try:
        outcome = score(rule.criterion, given, declared)
    except RuleScoreError as exc:
        raise ScoreInputError(exc.code, **exc.args_) from None
    exact = outcome.points
    zh, en = outcome.zh, outcome.en
    if declared != w and declared:
        exact = outcome.points * w / declared
        zh += f"；按分值 {num(w)}/{num(declared)} 折算: {format_fixed(exact, places)}"
        en += f"; rescaled to the weight {num(w)}/{num(declared)}: {format_fixed(exact, places)}"
    res = ind.resolved
    extra: dict[str, Any] = {
        "rule": "rule",
        "rule_reading": criterion_text(rule.criterion),
        "met": exact == w,
        "actual": shown_actual,
        "actual_exact": str(given.value) if given.value is not None else None,
        "target": res.target.text if res.target else "",
        "warnings": [],  # readings of the printed text are check's findings (W665 …), not the row's
        "unit": unit_name(ind),
        "direction": res.direction.value,
    }
    if isinstance(rule.criterion, Scale) and rule.criterion.measure.late and shown_actual != str(actual):
        zh, en = f"完成 {shown_actual}，{zh}", f"done {shown_actual}: {en}"
    return exact, Text(zh=f"按评分标准: {zh}", en=f"by the printed rule: {en}"), extra


def rule_baselines(ind: Scorable) -> set[str]:
    """Names of the baselines (上年, 预算 …) the indicator's rule compares with: rows the
    actuals file may give, as the monitor reads them (目标 is the indicator's own target)."""
    node = ind.resolved.node
    rule = ind.rule if (node.rule or node.rule_reading) else None
    if rule is None or not isinstance(rule.criterion, Scale):
        return set()
    return {c.ref.name for c in rule.criterion.cases if c.ref is not None and c.ref.name != "目标"}


def baseline_inputs(ind: Scorable, inputs: Mapping[str, Any]) -> tuple[tuple[str, Any], ...]:
    """Baseline values for the indicator's rule and for a target compared with a baseline
    (`不超过预算`, `较上年增长`)."""
    names = rule_baselines(ind) | baseline_names(ind.resolved.condition)
    return tuple((n, inputs[n]) for n in sorted(names) if n in inputs)


def rule_of(ind: Scorable) -> Rule | None:
    """The indicator's rule as `check` reads it; an unreadable rule is an error, never the scheme."""
    node = ind.resolved.node
    if node.rule is None and node.rule_reading is None:
        return None
    rule = ind.rule
    if rule is None:
        raise ScoreInputError("E659", name=name_of(ind))
    return rule


__all__ = ["given_for", "rule_of", "score_by_rule", "to_fraction"]
