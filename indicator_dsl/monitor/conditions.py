"""The target of an indicator as a typed condition (`indicator_dsl.conditions`), and the light of
the kinds that are not a running quantity: deadlines and periods at the cut-off date, 是/否,
and qualitative statements (a scheme tier, or the target's own words repeated).

Deadlines at the cut-off (the scheme's `[deadline]` lights): not done and not yet due → pending
(green, with the days left); not done and overdue → red; done in time → met; done late → late."""

from __future__ import annotations

import calendar
import datetime as dt
import re
from dataclasses import dataclass
from typing import Any

from .. import ast as A
from .. import units as U
from ..catalog import Indicator
from ..conditions import AmbiguousWords, AnyOf, Baseline, Compared, Condition, Deadline, Period, Statement, YesNo
from ..dates import DaySpan, NoPlanYear, NotADate, read_when
from ..own_words import REASONS
from ..scoring.actuals import Entry, cell_diagnostic
from ..scoring.models import Text
from .lights import light_words
from .models import MonitorRow
from .run import Run
from .schemes import MonitorScheme, Rule

NOT_DONE = frozenset({"", "未完成", "尚未完成", "进行中", "正在实施", "实施中", "未开工", "否", "无", "no", "pending"})
_DONE_WORDS = re.compile(r"^(?:已于|已在|于|在)?\s*(.*?)\s*(?:前|之前)?\s*(?:已)?(?:完成|完工|竣工|办结|实现|交付)?$")
YES = {"是": True, "有": True, "yes": True, "y": True, "否": False, "无": False, "no": False, "n": False}


def condition_of(ind: Indicator) -> Condition | None:
    """The indicator's target as a condition: the resolved condition where the language gives
    one, else the compared quantity or the qualitative words of the target."""
    given = getattr(ind.resolved, "condition", None)
    if given is not None:
        return given  # type: ignore[no-any-return]
    target = ind.resolved.target
    if target is not None:
        return Compared(target.comparator, target.value, target.text)
    node = ind.node.target
    return Statement(node.text) if isinstance(node, A.QualTarget) else None


def baseline_names(cond: Condition | None) -> set[str]:
    """Names of the baselines (上年, 预算 …) a condition compares with: rows the progress file may give."""
    if isinstance(cond, Baseline):
        return {cond.name}
    if isinstance(cond, AnyOf):
        return set().union(*(baseline_names(p) for p in cond.parts))
    return set()


def unit_of(ind: Indicator) -> U.Unit | None:
    """The indicator's unit (semantics gives an interval target's printed unit, `[95%, 100%]` → %,
    as it does a compared one's, so `96%` shows as 96% and a bare 96 means 96%)."""
    return ind.resolved.unit


@dataclass(frozen=True, slots=True)
class Timed:
    """A deadline judged at the cut-off."""

    light: str
    reason: Text
    days_left: int | None = None
    actual: str = ""


def done_span(text: str, plan_year: int) -> DaySpan | None:
    """When the work was done (`2025年5月`, `已于5月20日完成`, `2025-05-20`); None when not done.
    Raises NotADate for text that is neither."""
    cleaned = text.strip()
    if cleaned.lower() in NOT_DONE:
        return None
    found = _DONE_WORDS.match(cleaned)
    when = read_when(found.group(1) if found and found.group(1) else cleaned)
    try:
        return when.span(plan_year)
    except NoPlanYear:  # pragma: no cover - a plan year is always given here
        raise NotADate(text) from None


def judge_deadline(cond: Deadline | Period, done: DaySpan | None, as_of: dt.date, scheme: MonitorScheme) -> Timed:
    due = cond.due if isinstance(cond, Deadline) else cond.end
    lights = scheme.deadline
    if done is None:
        if as_of <= due:
            days = (due - as_of).days
            light = lights.pending
            zh = f"截至 {as_of} 尚未完成，距 {cond.text}（{due}）还有 {days} 天"
            en = f"not done by {as_of}; {days} days left to {cond.text} ({due})"
            return Timed(light, _text(zh, en, light), days, "未完成")
        days = (as_of - due).days
        zh = f"截至 {as_of} 尚未完成，已超过 {cond.text}（{due}）{days} 天"
        en = f"not done by {as_of}; {days} days past {cond.text} ({due})"
        return Timed(lights.overdue, _text(zh, en, lights.overdue), None, "未完成")
    shown = str(done.last) if done.first == done.last else f"{done.first}–{done.last}"
    if cond.met(done):
        return Timed(
            lights.met, _text(f"{shown} 完成，满足 {cond.text}", f"done {shown}, meets {cond.text}", lights.met)
        )
    late = (done.last - due).days
    zh, en = f"{shown} 完成，晚于 {cond.text} {late} 天", f"done {shown}, {late} days after {cond.text}"
    return Timed(lights.late, _text(zh, en, lights.late), None, shown)


def judge_yes_no(cond: YesNo, text: str, inside: str, outside: str) -> tuple[str, Text] | None:
    """是/否 (有/无): the target's answer → `inside`, the other → `outside`; None if neither."""
    answer = YES.get(text.strip().lower())
    if answer is None:
        return None
    light = inside if cond.met(answer) else outside
    verdict = ("与目标一致", "as targeted") if cond.met(answer) else ("与目标不符", "not as targeted")
    return light, _text(
        f"{text.strip()}，{verdict[0]}（{cond.text}）", f"{text.strip()}, {verdict[1]} ({cond.text})", light
    )


def judge_statement(cond: Statement | None, text: str, scheme: MonitorScheme) -> tuple[str, str, Text] | None:
    """(light, tier shown, reason): a scheme tier by name, or the target's own words repeated
    (and not denied), which count as the first tier (达到预期目标).  None if neither."""
    tier = scheme.tier(text)
    if tier is not None:
        return tier.light, tier.name, _text(f"定性：{tier.name}", f"qualitative: {tier.name}", tier.light)
    if cond is not None and scheme.tiers and cond.met(text):
        first = scheme.tiers[0]
        zh = f"定性：完成情况“{text}”与目标“{cond.words}”一致，视为{first.name}"
        en = f"qualitative: '{text}' repeats the target '{cond.words}': {first.name}"
        return first.light, first.name, _text(zh, en, first.light)
    return None


def _text(zh: str, en: str, light: str) -> Text:
    zh_light, en_light = light_words(light)
    return Text(zh=f"{zh} → {zh_light}", en=f"{en} → {en_light}")


# ---- rows of these kinds (the run collects the problems) -----------------------------------------
def timed_row(
    run: Run, ind: Indicator, cond: Deadline | Period, entry: Entry | None, file: str, base: dict[str, Any]
) -> MonitorRow:
    due = cond.due if isinstance(cond, Deadline) else cond.end
    as_of = run.date or dt.date(due.year, run.month, calendar.monthrange(due.year, run.month)[1])
    cell = (entry.actual or entry.cells.get("forecast")) if entry is not None else None
    if entry is None:
        run.missing(ind, entry, file)
        return run.none(base, "进度表中没有此指标", "the indicator is not in the progress file")
    try:
        done = done_span(cell.text if cell is not None else "", as_of.year)
    except NotADate:
        assert cell is not None
        run.diags.append(
            cell_diagnostic("E603", file, cell.row, cell.column, cell.text, header="当前完成值", value=cell.text)
        )
        return run.none(base, "完成时间无法识别", "the completion date cannot be read")
    timed = judge_deadline(cond, done, as_of, run.scheme)
    return MonitorRow(
        **{**base, "actual": timed.actual}, light=timed.light, light_reason=timed.reason, days_left=timed.days_left
    )  # type: ignore[arg-type]


def yes_no_row(
    run: Run, ind: Indicator, cond: YesNo, rule: Rule, entry: Entry | None, file: str, base: dict[str, Any]
) -> MonitorRow:
    cell = entry.actual if entry is not None else None
    if cell is None:
        run.missing(ind, entry, file)
        return run.none(base, "缺少当前完成值", "no current value")
    judged = judge_yes_no(cond, cell.text, rule.inside, rule.outside)
    if judged is None:
        run.diags.append(
            cell_diagnostic("E603", file, cell.row, cell.column, cell.text, header="当前完成值", value=cell.text)
        )
        return run.none(base, "应为 是/否", "expected yes or no")
    return MonitorRow(**{**base, "actual": cell.text}, light=judged[0], light_reason=judged[1])  # type: ignore[arg-type]


def qualitative_row(
    run: Run, ind: Indicator, entry: Entry | None, file: str, base: dict[str, Any], cond: Statement | None
) -> MonitorRow:
    cell = (entry.tier or entry.actual) if entry is not None else None
    if cell is None:
        run.missing(ind, entry, file)
        return run.none(base, "缺少完成情况（定性档次）", "no qualitative tier given")
    try:
        judged = judge_statement(cond, cell.text, run.scheme)
    except AmbiguousWords as exc:  # `并非没有改善`: coded, never guessed
        zh, en = REASONS[exc.reason]
        args = {"actual": exc.actual, "words": exc.words, "reason": zh, "reason_en": en}
        run.diags.append(cell_diagnostic("E630", file, cell.row, cell.column, cell.text, **args))
        return run.none(base, "完成情况没有唯一的读法", "the stated progress has no single reading")
    if judged is None:
        choices = "、".join(t.name for t in run.scheme.tiers)
        run.diags.append(
            cell_diagnostic("E606", file, cell.row, cell.column, cell.text, tier=cell.text, choices=choices)
        )
        return run.none(base, "无法识别的定性档次", "unknown qualitative tier")
    light, shown, reason = judged
    return MonitorRow(**{**base, "actual": shown}, light=light, light_reason=reason)  # type: ignore[arg-type]
