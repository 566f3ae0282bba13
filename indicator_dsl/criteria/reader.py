"""Printed 评分标准 → a structured `Rule`, or findings at the exact span.

The text is cut into clauses by what gives points: a condition followed by its points (`≥95%，
得10分`), a step (`每降低5个百分点扣1分`), and modifiers (扣完为止, `最多加2分`, `以100%为基准`,
`不足1个百分点的按1个百分点计`).  Then the clauses are fitted together the way an evaluator
reads a table: ends by the legal convention, an end the text leaves unmarked goes to the only
case that can take it, a step fills the values between its anchor and the next case, 否则 fills
what is left.  Where the text is damaged (a lost comparator, an OCR letter) it is read only if
the rest of the rule leaves one reading, and that reading is a coded warning; where it leaves
none or several, the finding is an error at the span — there is no default rule."""

from __future__ import annotations

import functools
from dataclasses import dataclass, field
from fractions import Fraction

from ..band_analysis import analyse
from ..intervals import Interval
from ..rational import decimal_text
from ..source import Span
from . import conditions as C
from .lexicon import Norm, NotANumeral, Token, normalize, number, tokens
from .model import (
    FULL,
    ZERO,
    Case,
    Checklist,
    Criterion,
    Fixed,
    Item,
    Linear,
    Measure,
    Partial,
    Piece,
    Points,
    Ratio,
    Reading,
    Ref,
    Rule,
    Scale,
    Steps,
    YesNo,
)

_OUTCOMES = {"points", "full", "zero", "share", "share2", "ratio", "inverse", "linear", "act", "to_zero"}
_UP = set("超出 超过 高于 增加 提高 上升 增长 多于 多 大于 超".split())
_LATE = set("延期 延迟 推迟 逾期 滞后 超期 拖延 晚".split())
_COUNT = set("发现 出现 发生 存在 查出 查实 违反 漏报 漏 有".split())
_COUNT_UNITS = set("例 次 起 处 项 个 件 人次 条 宗 笔 份 篇".split())
_LATE_UNITS = {
    "天": Measure.LATE_DAYS,
    "日": Measure.LATE_DAYS,
    "工作日": Measure.LATE_DAYS,
    "个工作日": Measure.LATE_DAYS,
}
_LATE_UNITS |= {"个自然日": Measure.LATE_DAYS, "月": Measure.LATE_MONTHS, "个月": Measure.LATE_MONTHS}
_LATE_UNITS |= {"月份": Measure.LATE_MONTHS, "年": Measure.LATE_YEARS, "年度": Measure.LATE_YEARS}
BASELINE_NAMES = {
    **dict.fromkeys("上一年度 上年度 上一年 上年 去年".split(), "上年"),
    **dict.fromkeys("年初预算数 年初预算 预算数 预算".split(), "预算"),
    **dict.fromkeys("批复数 批复".split(), "批复"),
    **dict.fromkeys("计划数 计划".split(), "计划"),
    **dict.fromkeys("目标值 目标".split(), "目标"),
    "上期": "上期",
    "同期": "同期",
    "标准值": "标准值",
}


@dataclass(frozen=True)
class Context:
    """What the indicator tells the reader: its display unit, direction (正向/反向/…) and target."""

    unit: str | None = None
    direction: str | None = None
    target: Fraction | None = None


@dataclass(frozen=True)
class Finding:
    code: str
    start: int  # offsets in the printed text
    end: int
    args: dict[str, str] = field(default_factory=dict)


class _Fail(Exception):
    def __init__(self, finding: Finding) -> None:
        self.finding = finding


@dataclass
class _Case:
    cond: C.Cond
    outcome: Token
    start: int
    order: int
    marker: Token | None = None
    low: C.End | None = None
    high: C.End | None = None
    ref: str | None = None
    range: Interval | None = None


@dataclass
class _Step:
    cond: C.Cond
    head: Token
    act: Token
    order: float
    after: _Case | None  # the case printed just before (its points are the base)


def read(text: str, ctx: Context | None = None) -> tuple[Rule | None, list[Finding]]:
    """The rule a printed text states, with the readings it needed; or None and the errors."""
    rule, findings = _read(text, ctx or Context())
    return rule, list(findings)


@functools.lru_cache(maxsize=4096)
def _read(text: str, ctx: Context) -> tuple[Rule | None, tuple[Finding, ...]]:
    """Read once per (text, context): projects print the same 评分标准 for the same indicator, and
    check and scoring both ask.  Rules are frozen, findings hold offsets in the text only."""
    reader = _Reader(text, ctx)
    try:
        criterion = reader.run()
    except _Fail as exc:
        return None, (*reader.findings, exc.finding)
    except NotANumeral as exc:  # `每延期一一个月`: a numeral run that is no number
        start = max(text.find(exc.text), 0)
        args = {"text": exc.text, "why": "：不是数字", "why_en": ": not a number"}
        return None, (*reader.findings, Finding("E660", start, start + len(exc.text), args))
    readings = tuple(Reading(f.code, Span(f.start, f.end), tuple(f.args.items())) for f in reader.findings)
    return Rule(criterion, text, readings), tuple(reader.findings)


class _Reader:
    def __init__(self, text: str, ctx: Context) -> None:
        self.text = text
        self.ctx = ctx
        self.norm: Norm = normalize(text)
        self.toks = tokens(self.norm.text)
        self.findings: list[Finding] = []
        self.cases: list[_Case] = []
        self.steps: list[_Step] = []
        self.floor: Token | None = None
        self.caps: list[Token] = []
        self.anchor: tuple[Fraction, str | None] | None = None
        self.partial = Partial.PROPORTIONAL
        self.unit: str | None = None
        self.bare_scale = Fraction(1)  # 100 when unitless thresholds are ratios (`≤1` is 100%)

    # ---- helpers ---------------------------------------------------------------------------
    def at(self, start: int, end: int) -> tuple[int, int]:
        return self.norm.span(start, end)

    def printed(self, start: int, end: int) -> str:
        a, b = self.at(start, end)
        return self.text[a:b]

    def fail(self, code: str, start: int, end: int, **args: str) -> _Fail:
        a, b = self.at(start, end)
        return _Fail(Finding(code, a, b, args))

    def note(self, code: str, start: int, end: int, **args: str) -> None:
        a, b = self.at(start, end)
        self.findings.append(Finding(code, a, b, args))

    def base(self, value: Fraction, unit: str | None) -> Fraction:
        return C.base_value(value * (self.bare_scale if unit is None else 1), unit, self.unit)

    # ---- clauses ---------------------------------------------------------------------------
    def run(self) -> Criterion:
        self.clauses()
        if not self.cases and not self.steps:
            raise _Fail(Finding("E664", 0, len(self.text)))
        marked = [c for c in self.cases if c.marker is not None]
        if len(marked) >= 2:
            return self.checklist()
        if (
            not self.steps
            and len(self.cases) >= 2
            and all(c.cond.empty and c.outcome.kind == "points" for c in self.cases)
        ):
            return self.checklist()  # 符合…计1分；符合…计0.5分: items without numbers
        if (
            not self.steps
            and self.cases
            and all(c.cond.special in ("yes", "no", "ontime", "late", "otherwise") for c in self.cases)
        ):
            if not any(c.cond.numbers for c in self.cases):
                return self.yes_no()
        return self.scale()

    def clauses(self) -> None:
        pending: list[Token] = []
        step: tuple[list[Token], Token] | None = None
        order = 0
        for t in self.toks:
            k = t.kind
            if k == "floor":
                self.floor = t
            elif k in ("cap", "cap2"):
                self.caps.append(t)
            elif k in ("anchor", "anchor2"):
                g = t.groups
                self.anchor = (
                    number(g.get("anchor") or g["anchor2"] or "0"),
                    g.get("anchor_unit") or g.get("anchor2_unit"),
                )
            elif k == "started":
                self.partial = Partial.STARTED
            elif k == "whole":
                self.partial = Partial.WHOLE
            elif k == "step":
                if step is not None:
                    raise self.fail(
                        "E660",
                        step[1].start,
                        t.end,
                        text=self.printed(step[1].start, step[1].end),
                        why="：没有每步的分数",
                        why_en=": no points per step",
                    )
                step, pending = (pending, t), []
            elif k in _OUTCOMES and step is not None and k in ("act", "points"):
                after = self.cases[-1] if self.cases else None
                self.steps.append(_Step(C.parse(step[0]), step[1], t, order, after))
                step, order = None, order + 1
            elif k in _OUTCOMES:
                self.case(pending, t, order)
                pending, order = [], order + 1
            else:
                pending.append(t)
        if step is not None:
            raise self.fail(
                "E660",
                step[1].start,
                step[1].end,
                text=self.printed(step[1].start, step[1].end),
                why="：没有每步的分数",
                why_en=": no points per step",
            )
        rest = [
            t for t in pending if t.kind not in ("sep", "neutral") and (t.kind != "other" or _scoring_words(t.text))
        ]
        if rest:
            raise self.fail(
                "E660",
                rest[0].start,
                rest[-1].end,
                text=self.printed(rest[0].start, rest[-1].end),
                why="：没有给出得分",
                why_en=": no points given",
            )

    def case(self, pending: list[Token], outcome: Token, order: int) -> None:
        # the condition is what follows the last separator that closed a complete thought
        marker = next((t for t in pending if t.kind == "marker"), None)
        sig = [t for t in pending if t.kind != "sep"]
        start = sig[0].start if sig else outcome.start
        self.cases.append(_Case(C.parse(pending), outcome, start, order, marker))

    # ---- checklists and 是/否 -------------------------------------------------------------------
    def checklist(self) -> Criterion:
        items = []
        unmarked = all(c.marker is None for c in self.cases)
        for c in self.cases:
            if c.marker is None and not unmarked:
                raise self.fail(
                    "E660",
                    c.start,
                    c.outcome.end,
                    text=self.printed(c.start, c.outcome.end),
                    why="：清单中的这一条没有序号",
                    why_en=": a checklist line without a number",
                )
            first = c.marker.start if c.marker is not None else c.start
            label = self.printed(first, c.outcome.start).rstrip("，,的：: 计得")
            a, b = self.at(first, c.outcome.end)
            items.append(Item(label, self.points(c.outcome, None), Span(a, b)))
        return Checklist(tuple(items))

    def yes_no(self) -> Criterion:
        yes = next((c for c in self.cases if c.cond.special in ("yes", "ontime")), None)
        no = next((c for c in self.cases if c.cond.special in ("no", "late", "otherwise")), None)
        if yes is None:
            c = self.cases[0]
            raise self.fail(
                "E660",
                c.start,
                c.outcome.end,
                text=self.printed(c.start, c.outcome.end),
                why="：没有“是”的得分",
                why_en=": no points for yes",
            )
        yes_word = "是" if yes.cond.special == "yes" else "按期"
        no_word = "否" if yes_word == "是" else "未按期"
        return YesNo(self.points(yes.outcome, None), self.points(no.outcome, None) if no else ZERO, yes_word, no_word)

    # ---- scales -----------------------------------------------------------------------------
    def measure(self) -> Measure:
        for s in self.steps:
            g = s.head.groups
            verb, pre, unit = g.get("verb"), g.get("pre"), g.get("size_unit")
            if verb in _LATE or pre in _LATE:
                return _LATE_UNITS.get(unit or "", Measure.LATE_DAYS)
            if verb in _COUNT or (unit in _COUNT_UNITS and verb not in _UP):
                return Measure.COUNT
        if any(c.cond.deviation for c in self.cases) or any(s.cond.deviation for s in self.steps):
            return Measure.DEVIATION
        if any(c.cond.special in ("ontime", "late") for c in self.cases):
            return Measure.LATE_DAYS
        return Measure.VALUE

    def display_unit(self, measure: Measure) -> str | None:
        if measure is Measure.COUNT or measure.late:
            return None
        units = {C.scale_of(e.unit) for c in self.cases for e in c.cond.numbers if e.unit}
        units |= {C.scale_of(s.head.groups.get("size_unit")) for s in self.steps if s.head.groups.get("size_unit")}
        if self.anchor and self.anchor[1]:
            units.add(C.scale_of(self.anchor[1]))
        units.discard(None)
        if len(units) == 1:
            return units.pop()
        return self.ctx.unit

    def scale(self) -> Criterion:
        measure = self.measure()
        self.unit = self.display_unit(measure)
        self.unitless_thresholds(measure)
        for c in self.cases:
            self.ends(c, measure)
        self.bare_numbers(measure)
        for c in self.cases:
            if c.cond.special != "otherwise" and c.low is None and c.high is None:
                text = self.printed(c.start, c.outcome.end)
                raise self.fail(
                    "E660",
                    c.start,
                    c.outcome.end,
                    text=text,
                    why="：这一档没有取值条件",
                    why_en=": this case has no condition",
                )
        self.unmarked()
        self.claimed_words()
        cases: list[tuple[float, Case]] = []
        for c in self.cases:
            if c.cond.special == "otherwise" or c.range is None:
                continue
            cases.append((c.order, self.tier(c)))
        domain = _domain(measure)
        for s in self.steps:
            case = self.step_case(s, [x for _, x in cases], domain, measure)
            cases.append((s.order, case))
        for c in self.cases:
            if c.cond.special == "otherwise":
                for gap in analyse([graded(x.range) for _, x in cases if x.ref is None], domain).gaps:
                    cases.append((c.order, Case(gap, self.piece(c, gap), None, self.span(c))))
        cases.sort(key=lambda oc: oc[0])
        floor, cap = self.limits([x for _, x in cases])
        relative = False
        if measure is Measure.DEVIATION and self.unit == "%" and self.ctx.unit not in (None, "", "%", "百分比"):
            relative = True
            c0 = self.cases[0]
            self.note(
                "I669",
                c0.start,
                c0.outcome.start,
                text=self.printed(c0.start, c0.outcome.start),
                how="相对目标值的比例",
                how_en="relative to the target",
            )
        return Scale(measure, tuple(x for _, x in cases), self.unit or "", floor, cap, relative)

    def unitless_thresholds(self, measure: Measure) -> None:
        """`小于或等于1计5分` on a % indicator: a bare threshold takes the indicator's unit (95 is
        95%), but thresholds that are all at most 1 may be ratios (控制率 ≤1 is ≤100%).  The
        target decides when exactly one reading meets it (W930 says so when it is the ratio);
        with no such target there is no single reading (E930 at the number), never a guess.  A
        unit written anywhere in the rule, a threshold above 1, or a deviation rule (`±1` is 1
        percentage point) leaves the language's reading."""
        if measure is not Measure.VALUE or self.unit != "%" or C.scale_of(self.ctx.unit) != "%":
            return
        numbers = [e for c in self.cases for e in c.cond.numbers]
        if any(e.unit for e in numbers) or (self.anchor and self.anchor[1]) or self.steps:
            return
        small = [e for e in numbers if e.value != 0]
        if not small or any(abs(e.value) > 1 for e in small):
            return
        target, first = self.ctx.target, small[0]
        percent, ratio = f"{decimal_text(first.value)}%", f"{decimal_text(first.value * 100)}%"
        if target is not None and target in {e.value / 100 for e in small}:
            return
        text = self.printed(first.start, first.end)
        if target is not None and target in {e.value for e in small}:
            self.bare_scale = Fraction(100)
            shown_target = f"{decimal_text(target * 100)}%"
            self.note("W930", first.start, first.end, text=text, target=shown_target, reading=ratio, other=percent)
            return
        raise self.fail("E930", first.start, first.end, text=text, percent=percent, ratio=ratio)

    def span(self, c: _Case) -> Span:
        a, b = self.at(c.start, c.outcome.end)
        return Span(a, b)

    def ends(self, c: _Case, measure: Measure) -> None:
        cond = c.cond
        c.ref = BASELINE_NAMES.get(cond.ref or "", cond.ref)
        c.low, c.high = cond.low, cond.high
        if cond.special == "none":
            c.low = c.high = C.End(Fraction(0), None, True, C.EXPLICIT, cond.start, cond.end)
        elif cond.special == "ontime":
            c.high = C.End(Fraction(0), None, True, C.EXPLICIT, cond.start, cond.end)
        elif cond.special == "late":
            c.low = C.End(Fraction(0), None, False, C.EXPLICIT, cond.start, cond.end)
        if measure is Measure.DEVIATION and c.low is None and c.high is not None:
            c.low = C.End(Fraction(0), c.high.unit, True, C.EXPLICIT, cond.start, cond.start)

    def bare_numbers(self, measure: Measure) -> None:
        """A number printed without a comparator takes the one reading the rest leaves."""
        for c in self.cases:
            bare = c.cond.bare
            if bare is None or c.low is not None or c.high is not None:
                continue
            e = bare.end
            side = next((_side(s) for s in self.steps if s.after is c and self.anchors_here(s, e)), None)
            if side == "below":
                reading = "≥"
            elif side == "above":
                reading = "≤"
            elif bare.how == "neutral" and self.ctx.direction == "正向" and not self.others_cover(c, e, "above"):
                reading = "≥"
            elif bare.how == "neutral" and self.ctx.direction == "反向" and not self.others_cover(c, e, "below"):
                reading = "≤"
            elif bare.how == "neutral":
                reading = "="
            else:
                raise self.fail("E663", bare.start, e.end, text=self.printed(bare.start, e.end), readings="=、≥、≤")
            low = C.End(e.value, e.unit, True, C.EXPLICIT, e.start, e.end)
            high = C.End(e.value, e.unit, True, C.EXPLICIT, e.start, e.end)
            c.low = low if reading in ("≥", "=") else None
            c.high = high if reading in ("≤", "=") else None
            self.say_reading(bare, reading)

    def anchors_here(self, s: _Step, e: C.End) -> bool:
        """The step counts from this case's number: it prints none, or the same one."""
        if s.cond.bare is not None:
            return s.cond.bare.end.value == e.value
        return not s.cond.numbers and self.anchor is None

    def say_reading(self, bare: C.Bare, reading: str) -> None:
        e = bare.end
        shown = reading + self.printed(e.start, e.end)
        text = self.printed(bare.start, e.end)
        if bare.how == "letter":
            self.note("W666", bare.start, e.end, text=text, letter=bare.letter, reading=shown)
        elif bare.how == "lost":
            self.note("W665", bare.start, e.end, text=text, reading=shown)
        elif reading != "=":
            self.note("I667", bare.start, e.end, text=text, reading=shown)

    def others_cover(self, c: _Case, e: C.End, side: str) -> bool:
        for o in self.cases:
            if o is c:
                continue
            if side == "above" and o.low is not None and o.low.value >= e.value:
                return True
            if side == "below" and o.high is not None and o.high.value <= e.value:
                return True
        return False

    def unmarked(self) -> None:
        """An end the text does not mark belongs to its case only if no other case takes it."""
        tiers = [c for c in self.cases if c.cond.special != "otherwise"]
        for c in tiers:
            for e in (c.low, c.high):
                if e is None or e.strength != C.UNMARKED:
                    continue
                v = self.base(e.value, e.unit)
                if any(self.firmly_holds(o, v) for o in tiers if o is not c and o.ref == c.ref):
                    e.closed = False
                    continue
                rivals = [o for o in tiers if o is not c and o.ref == c.ref and self.unmarked_at(o, v)]
                if rivals:
                    o = rivals[0]
                    names = f"{self.printed(c.start, c.outcome.end)} / {self.printed(o.start, o.outcome.end)}"
                    raise self.fail("E661", e.start, e.end, value=self.printed(e.start, e.end), cases=names)
                e.closed = True
        for c in tiers:
            if c.low is not None or c.high is not None:
                c.range = self.range_of(c)

    def unmarked_at(self, o: _Case, v: Fraction) -> bool:
        return any(
            e is not None and e.strength == C.UNMARKED and self.base(e.value, e.unit) == v for e in (o.low, o.high)
        )

    def firmly_holds(self, o: _Case, v: Fraction) -> bool:
        lo = None if o.low is None else self.base(o.low.value, o.low.unit)
        hi = None if o.high is None else self.base(o.high.value, o.high.unit)
        if (lo is not None and v < lo) or (hi is not None and v > hi):
            return False
        for bound, e in ((lo, o.low), (hi, o.high)):
            if bound == v and e is not None:
                return e.strength > C.UNMARKED and e.closed
        return True

    def claimed_words(self) -> None:
        """`15%以上` includes 15% by convention; when another case claims 15% with (含), the
        explicit mark wins and the word reads as excluding it (a warning says so)."""
        tiers = [c for c in self.cases if c.range is not None]
        for c in tiers:
            for e, is_low in ((c.low, True), (c.high, False)):
                if e is None or e.strength != C.WORD or not e.closed:
                    continue
                v = self.base(e.value, e.unit)
                for o in tiers:
                    if o is c or o.ref != c.ref:
                        continue
                    other = o.high if is_low else o.low
                    if (
                        other is not None
                        and other.strength == C.EXPLICIT
                        and other.closed
                        and self.base(other.value, other.unit) == v
                    ):
                        e.closed = False
                        c.range = self.range_of(c)
                        word = self.printed(e.start, c.outcome.start).rstrip("，,的得")
                        self.note(
                            "W668",
                            e.start,
                            e.end,
                            text=word or self.printed(e.start, e.end),
                            value=self.printed(e.start, e.end),
                        )

    def range_of(self, c: _Case) -> Interval:
        lo, hi = c.low, c.high
        return Interval(
            None if lo is None else self.base(lo.value, lo.unit),
            bool(lo and lo.closed),
            None if hi is None else self.base(hi.value, hi.unit),
            bool(hi and hi.closed),
        )

    def tier(self, c: _Case) -> Case:
        assert c.range is not None
        return Case(c.range, self.piece(c, c.range), Ref(c.ref) if c.ref else None, self.span(c))

    def piece(self, c: _Case, r: Interval) -> Piece:
        t = c.outcome
        if t.kind == "ratio":
            anchor = None if self.ctx.target is not None else (r.high if r.high is not None else r.low)
            # above its anchor on a 反向 indicator (`≤100%计5分，否则按比例计分`): target / actual
            inverse = self.ctx.direction == "反向" and r.high is None and r.low is not None
            return Ratio(anchor, inverse=inverse)
        if t.kind == "inverse":
            return Ratio(None if self.ctx.target is not None else r.low, inverse=True)
        if t.kind == "to_zero":  # ≤100%得满分；100%-200%按超出比例扣分；200%以上不得分
            if r.low is None or r.high is None:
                why, why_en = (
                    "：按比例扣分需要扣完的点（两端都有界）",
                    ": a linear deduction needs the point where it reaches 0",
                )
                raise self.fail("E660", c.start, t.end, text=self.printed(c.start, t.end), why=why, why_en=why_en)
            below = self.points_at(c, r.low)
            above = self.points_at(c, r.high)
            if above is None or (below is not None and below.value + below.share > 0):
                return Linear(r.low, below or FULL, r.high, ZERO)
            return Linear(r.low, ZERO, r.high, above)
        if t.kind == "linear":
            if r.low is None or r.high is None:
                raise self.fail(
                    "E660",
                    c.start,
                    t.end,
                    text=self.printed(c.start, t.end),
                    why="：按比例计分需要两端都有界",
                    why_en=": a linear piece needs both ends",
                )
            share = Fraction(number(t.groups["linear"] or "0")) / 100
            top = self.points_above(c, r.high)
            return Linear(r.low, Points(Fraction(0), share), r.high, top)
        return Fixed(self.points(t, c))

    def points_at(self, c: _Case, x: Fraction) -> Points | None:
        """The fixed points another case gives at `x` (the end a linear piece joins)."""
        for o in self.cases:
            if o is not c and o.range is not None and o.range.contains(x) and o.outcome.kind not in _RATIOS:
                return self.points(o.outcome, o)
        return None

    def points_above(self, c: _Case, x: Fraction) -> Points:
        for o in self.cases:
            if (
                o is not c
                and o.range is not None
                and o.range.contains(x)
                and o.outcome.kind not in ("ratio", "linear", "inverse")
            ):
                return self.points(o.outcome, o)
        return FULL

    def points(self, t: Token, c: _Case | None) -> Points:
        g = t.groups
        if t.kind == "points":
            return Points(number(g["points"] or "0"))
        if t.kind == "full":
            return FULL
        if t.kind == "zero":
            return ZERO
        if t.kind in ("share", "share2"):
            return Points(Fraction(0), number(g.get("share") or g["share2"] or "0") / 100)
        if t.kind == "act":
            n = number(g["act_pts"] or "0")
            return Points(-n if g["act"] in ("扣除", "扣减", "扣", "减去", "减") else n, Fraction(1))
        raise self.fail(
            "E660",
            t.start,
            t.end,
            text=self.printed(t.start, t.end),
            why="：这里不能按比例计分",
            why_en=": not a fixed number of points",
        )

    def step_case(self, s: _Step, tiers: list[Case], domain: Interval, measure: Measure) -> Case:
        g = s.head.groups
        side = "above" if measure is Measure.COUNT or measure.late else _side(s)
        unit = g.get("size_unit")
        size_text = g.get("size")
        size_n = number(size_text) if size_text else Fraction(1)
        if measure is Measure.COUNT or measure.late:
            size = size_n
        else:
            size = self.base(size_n, unit)
        if size <= 0:
            t = s.head
            raise self.fail(
                "E660",
                t.start,
                t.end,
                text=self.printed(t.start, t.end),
                why="：每一档的步长须大于 0",
                why_en=": a step must be larger than 0",
            )
        act = s.act.groups
        pts = number(act.get("act_pts") or act.get("points") or "0")
        sign = 1 if s.act.kind == "points" or act.get("act") in ("加上", "加", "增加", "奖励") else -1
        anchor, base, ref = self.step_anchor(s, side, measure, tiers)
        shifted = [x for x in tiers if (x.ref.name if x.ref else None) == ref]
        region = _region(shifted, domain, anchor, side)
        if region is None and self.beyond(s.after, anchor, side):
            # 达到目标得8分，每超过1个百分点加0.5分: the step takes the values past the anchor
            region = Interval(anchor, False, None, False) if side == "above" else Interval(None, False, anchor, False)
            s.order = s.after.order - 0.5 if s.after else s.order
        if region is None:
            a, b = s.head.start, s.act.end
            raise self.fail(
                "E660",
                a,
                b,
                text=self.printed(a, b),
                why="：这一步没有可适用的取值范围（已被其他档覆盖）",
                why_en=": no values are left for this step",
            )
        if s.act.kind == "points":
            base = ZERO if s.after is None else base
        a, b = self.at(s.head.start, s.act.end)
        return Case(region, Steps(anchor, base, size, pts, sign, self.partial), Ref(ref) if ref else None, Span(a, b))

    def beyond(self, after: _Case | None, anchor: Fraction, side: str) -> bool:
        """The case printed before the step also holds the values past the anchor."""
        r = after.range if after is not None else None
        if r is None:
            return False
        return r.high is None or r.high > anchor if side == "above" else r.low is None or r.low < anchor

    def step_anchor(
        self, s: _Step, side: str, measure: Measure, tiers: list[Case]
    ) -> tuple[Fraction, Points, str | None]:
        """Where steps count from, and the points there: a number in the step's own clause
        (a lost comparator), `以…为基准`, the end of the case printed before, the target, or 0."""
        after = s.after
        base = FULL
        if (
            after is not None
            and after.range is not None
            and after.outcome.kind in ("points", "full", "share", "share2")
        ):
            base = self.points(after.outcome, after)
        if s.cond.bare is not None:
            bare = s.cond.bare
            self.say_reading(bare, ">" if side == "above" else "<")
            return self.base(bare.end.value, bare.end.unit), base, None
        if s.cond.ref:
            return Fraction(0), FULL if after is None else base, BASELINE_NAMES.get(s.cond.ref, s.cond.ref)
        if self.anchor is not None:
            return self.base(*self.anchor), base, None
        if after is not None and after.range is not None:
            r = after.range
            end = r.high if side == "above" else r.low
            if end is None:  # the case holds everything past its near end: the step starts there
                end = r.low if side == "above" else r.high
            if end is not None:
                return end, base, after.ref
        if measure is Measure.COUNT or measure.late:
            return Fraction(0), FULL, None
        if self.ctx.target is not None:
            return Fraction(0), FULL, "目标"
        a, b = s.head.start, s.act.end
        raise self.fail("E662", a, b, text=self.printed(a, b))

    def limits(self, cases: list[Case]) -> tuple[Points | None, Points | None]:
        floor = ZERO if self.floor is not None else None
        cap: Points | None = None
        bases = [x.piece.base for x in cases if isinstance(x.piece, Steps)]
        base = bases[0] if bases else FULL
        for t in self.caps:
            g = t.groups
            kind = g.get("capkind") or g.get("capkind2") or ""
            n = number(g.get("cap") or g.get("cap2") or "0")
            if kind in ("加", "加分", "加减"):
                cap = Points(base.value + n, base.share)
            if kind in ("扣", "扣减", "扣分", "加减"):
                floor = Points(base.value - n, base.share)
            if kind in ("得", "为", ""):
                cap = Points(n)
        return floor, cap


@dataclass
class _Graded:
    """A range as the band prover wants it (it asks for a grade name)."""

    grade: str
    low: Fraction | None
    low_closed: bool
    high: Fraction | None
    high_closed: bool


def graded(r: Interval, grade: str = "") -> _Graded:
    return _Graded(grade, r.low, r.low_closed, r.high, r.high_closed)


_RATIOS = ("ratio", "linear", "inverse", "to_zero")


def _scoring_words(text: str) -> bool:
    """Text left after the last case that still speaks of points (`否则酌情扣分`): unread, so an error."""
    return any(w in text for w in ("扣", "得", "加", "分", "计"))


def _side(s: _Step) -> str:
    g = s.head.groups
    verb, pre = g.get("verb"), g.get("pre")
    word = pre or verb or ""
    if word in _UP or word in _LATE or word in _COUNT or (not word):
        return "above"
    return "below"


def _domain(measure: Measure) -> Interval:
    if measure is Measure.VALUE:
        return Interval(None, False, None, False)
    return Interval(Fraction(0), True, None, False)


def _region(tiers: list[Case], domain: Interval, anchor: Fraction, side: str) -> Interval | None:
    """The values a step covers: the gap that starts (or ends) at its anchor."""
    gaps = analyse([graded(c.range) for c in tiers], domain).gaps
    for g in gaps:
        if side == "above" and g.low == anchor and (g.low_closed or not g.low_closed):
            return g
        if side == "below" and g.high == anchor:
            return g
    for g in gaps:  # the anchor lies inside a gap (no case printed at the anchor itself)
        if g.contains(anchor) or (side == "above" and g.low is not None and g.low == anchor):
            if side == "above":
                return Interval(anchor, True, g.high, g.high_closed)
            return Interval(g.low, g.low_closed, anchor, True)
    return None


__all__ = ["BASELINE_NAMES", "Context", "Finding", "read"]
