"""The structured form of a rule: what the reader understood, printed so a reviewer can read it
and parsed back (`unparse` prints it; `text → structure → text` is the identity).

    按值: [95%, +∞) 得10分; [85%, 95%) 得8分; (-∞, 85%) 自85% 8分起 每1个百分点扣0.5分; 扣完为止
    按偏差: [0%, 5%] 得4分; (5%, 10%] 得2分; (10%, +∞) 得0分
    按次数: [0, +∞) 自0 满分起 每1次扣2分; 扣完为止
    按值: {0%} 得3分; (-∞, 上年] 得1分; (上年, +∞) 得0分
    清单: 「①制度健全」得1分; 「②执行有效」得1分
    是否: 是 得满分; 否 得0分

A range is written as the band syntax writes intervals; an end may be a baseline (`上年`,
`上年+10%`, `目标×2`).  Points are `4分`, `满分`, `满分×80%`, `满分-2分`."""

from __future__ import annotations

import functools
import re
from dataclasses import dataclass
from fractions import Fraction

from .. import units as U
from ..intervals import Interval
from ..unparse import decimal_text
from .model import (
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
    Ref,
    Scale,
    Steps,
    YesNo,
)

_HEADS = {
    "按值": Measure.VALUE,
    "按偏差": Measure.DEVIATION,
    "按相对偏差": Measure.DEVIATION,
    "按次数": Measure.COUNT,
    "按逾期天数": Measure.LATE_DAYS,
    "按逾期月数": Measure.LATE_MONTHS,
    "按逾期年数": Measure.LATE_YEARS,
}
_HEAD_OF = {m: h for h, m in _HEADS.items() if h != "按相对偏差"}
_STEP_UNITS = {Measure.COUNT: "次", Measure.LATE_DAYS: "天", Measure.LATE_MONTHS: "个月", Measure.LATE_YEARS: "年"}
HEAD = re.compile(
    r"^\s*(按值|按偏差|按相对偏差|按次数|按逾期天数|按逾期月数|按逾期年数|清单|是否)(?:\s*中心\s*\S+?)?\s*[:：]"
)


# ---- printing -----------------------------------------------------------------------------------
def _n(value: Fraction) -> str:
    try:
        return decimal_text(value)
    except ValueError:
        return f"{value.numerator}/{value.denominator}"


def _val(value: Fraction, unit: str) -> str:
    factor = U.lookup(unit).factor if unit else Fraction(1)
    return _n(value / factor) + unit


def points_text(p: Points) -> str:
    if p.share == 0:
        return f"{_n(p.value)}分"
    text = "满分" if p.share == 1 else f"满分×{_n(p.share * 100)}%"
    if p.value:
        text += f"{'+' if p.value > 0 else '-'}{_n(abs(p.value))}分"
    return text


def _end(value: Fraction | None, unit: str, ref: Ref | None, low: bool) -> str:
    if value is None:
        return "-∞" if low else "+∞"
    if ref is None:
        return _val(value, unit)
    if ref.scaled:
        return ref.name if value == 1 else f"{ref.name}×{_n(value)}"
    if value == 0:
        return ref.name
    return f"{ref.name}{'+' if value > 0 else '-'}{_val(abs(value), unit)}"


def range_text(r: Interval, unit: str, ref: Ref | None = None) -> str:
    if r.low is not None and r.low == r.high and r.low_closed and r.high_closed:
        return "{" + _end(r.low, unit, ref, True) + "}"
    low, high = _end(r.low, unit, ref, True), _end(r.high, unit, ref, False)
    return f"{'[' if r.low_closed else '('}{low}, {high}{']' if r.high_closed else ')'}"


def _size(size: Fraction, measure: Measure, unit: str) -> str:
    if measure in _STEP_UNITS:
        return _n(size) + _STEP_UNITS[measure]
    if unit == "%":
        return f"{_n(size * 100)}个百分点"
    return _val(size, unit)


def piece_text(piece: Piece, measure: Measure, unit: str, ref: Ref | None) -> str:
    if isinstance(piece, Fixed):
        return "得" + points_text(piece.points)
    if isinstance(piece, Steps):
        verb = "扣" if piece.sign < 0 else "加"
        anchor = _end(piece.anchor, "" if measure in _STEP_UNITS else unit, ref, True)
        tail = "" if piece.partial is Partial.PROPORTIONAL else f" {piece.partial.value}"
        size = _size(piece.size, measure, unit)
        return f"自{anchor} {points_text(piece.base)}起 每{size}{verb}{_n(piece.points)}分{tail}"
    if isinstance(piece, Ratio):
        word = "按反比" if piece.inverse else "按比例"
        return word if piece.anchor is None else f"{word} 自{_val(piece.anchor, unit)}"
    return f"线性 {_val(piece.x0, unit)} {points_text(piece.y0)} 至 {_val(piece.x1, unit)} {points_text(piece.y1)}"


@functools.lru_cache(maxsize=1024)
def criterion_text(c: Criterion) -> str:
    """The structured reading of a criterion (`评分读作`), written once per distinct criterion:
    every row scored by a rule prints it, and projects share their rules."""
    if isinstance(c, Checklist):
        return "清单: " + "; ".join(f"「{i.label}」得{points_text(i.points)}" for i in c.items)
    if isinstance(c, YesNo):
        return f"是否: {c.yes_word} 得{points_text(c.yes)}; {c.no_word} 得{points_text(c.no)}"
    head = "按相对偏差" if c.relative else _HEAD_OF[c.measure]
    if c.center is not None:
        head += f" 中心{_val(c.center, c.unit)}"
    unit = "" if c.measure in _STEP_UNITS else c.unit
    parts = [f"{range_text(x.range, unit, x.ref)} {piece_text(x.piece, c.measure, unit, x.ref)}" for x in c.cases]
    if c.floor is not None:
        parts.append("扣完为止" if c.floor == Points() else f"最低{points_text(c.floor)}")
    if c.cap is not None:
        parts.append(f"最高{points_text(c.cap)}")
    return f"{head}: " + "; ".join(parts)


# ---- parsing ------------------------------------------------------------------------------------
class StructuredError(ValueError):
    def __init__(self, offset: int, why: str, why_en: str) -> None:
        super().__init__(why_en)
        self.offset, self.why, self.why_en = offset, why, why_en


_NUM = r"-?\d+(?:\.\d+)?(?:/\d+)?"
_UNIT_RX = r"个百分点|%|‰|万元|亿元|元|个月|天|年|次|[^\s\d,，;；:：\[\]()（）{}+\-×*得自起每扣加至分「」]*"


@dataclass
class _P:
    text: str
    i: int = 0

    def ws(self) -> None:
        while self.i < len(self.text) and self.text[self.i] in " \t\u3000":
            self.i += 1

    def peek(self, rx: str) -> re.Match[str] | None:
        self.ws()
        return re.compile(rx).match(self.text, self.i)

    def take(self, rx: str, what: str, what_en: str) -> re.Match[str]:
        m = self.peek(rx)
        if not m:
            raise StructuredError(self.i, f"此处应为{what}", f"expected {what_en} here")
        self.i = m.end()
        return m

    def opt(self, rx: str) -> re.Match[str] | None:
        m = self.peek(rx)
        if m:
            self.i = m.end()
        return m

    def done(self) -> bool:
        self.ws()
        return self.i >= len(self.text)


def _number(text: str, at: int = 0) -> Fraction:
    """`12`, `-0.5`, `1/3`; `1/00` is a StructuredError (a ZeroDivisionError of the fuzz run, seed 29)."""
    if text.partition("/")[2].strip("0") == "" and "/" in text:
        raise StructuredError(at, "分母为零", "a zero denominator")
    return Fraction(text)


def _quantity(p: _P, unit_hint: list[str]) -> Fraction:
    m = p.take(f"({_NUM})({_UNIT_RX})", "数值", "a number")
    unit = m.group(2)
    if unit == "个百分点":
        unit = "%"
    if unit and not unit_hint[0]:
        unit_hint[0] = unit
    u = unit or unit_hint[0]
    return _number(m.group(1), m.start(1)) * (U.lookup(u).factor if u else 1)


def _points(p: _P) -> Points:
    m = p.opt(r"满分(?:×(" + _NUM + r")%)?")
    if m:
        share = _number(m.group(1), m.start(1)) / 100 if m.group(1) else Fraction(1)
        extra = p.opt(r"([+-])(" + _NUM + r")分")
        value = (
            Fraction(0) if not extra else _number(extra.group(2), extra.start(2)) * (1 if extra.group(1) == "+" else -1)
        )
        return Points(value, share)
    m = p.take(r"(" + _NUM + r")分", "分数（如 4分、满分）", "points (4分, 满分)")
    return Points(_number(m.group(1), m.start(1)))


def _end_parse(p: _P, unit: list[str], low: bool) -> tuple[Fraction | None, str | None, bool]:
    if p.opt(r"-∞" if low else r"\+∞") or p.peek(r"[,\])]"):
        return None, None, False
    m = p.opt(r"(上年|预算|批复|计划|目标|上期|同期|标准值|[^\W\d][\w]*?)(?=[×+\-,\])}\s])")
    if m:
        name = m.group(1)
        if p.opt(r"×"):
            return _number(p.take(_NUM, "倍数", "a factor").group(0)), name, True
        sign = p.opt(r"[+-]")
        if sign:
            q = _quantity(p, unit)
            return (q if sign.group(0) == "+" else -q), name, False
        return Fraction(1) if False else Fraction(0), name, False
    return _quantity(p, unit), None, False


def _range(p: _P, unit: list[str]) -> tuple[Interval, Ref | None]:
    if p.opt(r"\{"):
        v, name, scaled = _end_parse(p, unit, True)
        p.take(r"\}", "“}”", "'}'")
        ref = Ref(name, scaled) if name else None
        return Interval(v, True, v, True), ref
    open_ = p.take(r"[\[(]", "区间（如 [95%, +∞)）", "an interval such as [95%, +∞)").group(0)
    lo, lname, lscaled = _end_parse(p, unit, True)
    p.take(r",|，", "“,”", "','")
    hi, hname, hscaled = _end_parse(p, unit, False)
    close = p.take(r"[\])]", "“]”或“)”", "']' or ')'").group(0)
    name = lname or hname
    if lname and hname and lname != hname:
        raise StructuredError(p.i, "区间两端的基准不同", "the two ends use different baselines")
    ref = Ref(name, lscaled or hscaled) if name else None
    return Interval(lo, open_ == "[" and lo is not None, hi, close == "]" and hi is not None), ref


def _piece(p: _P, measure: Measure, unit: list[str], ref: Ref | None) -> Piece:
    if p.opt(r"得"):
        return Fixed(_points(p))
    if p.opt(r"自"):
        step_unit = [""] if measure in _STEP_UNITS else unit
        if ref is not None and p.opt(re.escape(ref.name)):
            sign = p.opt(r"[+-]")
            anchor = Fraction(0)
            if sign:
                q = _quantity(p, step_unit)
                anchor = q if sign.group(0) == "+" else -q
            elif ref.scaled:
                anchor = Fraction(1)
        else:
            anchor = _quantity(p, step_unit)
        base = _points(p)
        p.take(r"起", "“起”", "'起'")
        p.take(r"每", "“每”", "'每'")
        size = _quantity(p, step_unit)
        verb = p.take(r"扣|加", "“扣”或“加”", "'扣' or '加'").group(0)
        pts = _number(p.take(r"(" + _NUM + r")分", "分数", "points").group(1))
        partial = Partial.PROPORTIONAL
        m = p.opt(r"不足一步不计|不足一步按一步")
        if m:
            partial = Partial(m.group(0))
        return Steps(anchor, base, size, pts, -1 if verb == "扣" else 1, partial)
    m = p.opt(r"按比例|按反比")
    if m:
        at = _quantity(p, unit) if p.opt(r"自") else None
        return Ratio(at, inverse=m.group(0) == "按反比")
    p.take(r"线性", "得分（得…分、自…起每…、按比例、线性）", "a piece (得…, 自…起每…, 按比例, 线性)")
    x0 = _quantity(p, unit)
    y0 = _points(p)
    p.take(r"至", "“至”", "'至'")
    x1 = _quantity(p, unit)
    y1 = _points(p)
    return Linear(x0, y0, x1, y1)


def parse_structured(text: str) -> Criterion:
    """The structured form back into a criterion; StructuredError carries the offset."""
    p = _P(text)
    head = p.take(
        r"按值|按偏差|按相对偏差|按次数|按逾期天数|按逾期月数|按逾期年数|清单|是否", "读法类型", "a reading kind"
    ).group(0)
    if head == "清单":
        return _checklist(p)
    if head == "是否":
        return _yes_no(p)
    measure = _HEADS[head]
    unit = [""]
    center = _quantity(p, unit) if p.opt(r"中心") else None
    p.take(r"[:：]", "“:”", "':'")
    cases: list[Case] = []
    floor: Points | None = None
    cap: Points | None = None
    while True:
        if p.opt(r"扣完为止"):
            floor = Points()
        elif p.opt(r"最低"):
            floor = _points(p)
        elif p.opt(r"最高"):
            cap = _points(p)
        else:
            r, ref = _range(p, unit)
            cases.append(Case(r, _piece(p, measure, unit, ref), ref))
        if p.done():
            break
        p.take(r"[;；]", "“;”", "';'")
    if not cases:
        raise StructuredError(p.i, "没有任何档次", "no cases")
    shown = "" if measure in _STEP_UNITS else unit[0]
    return Scale(measure, tuple(cases), shown, floor, cap, head == "按相对偏差", center)


def _checklist(p: _P) -> Criterion:
    p.take(r"[:：]", "“:”", "':'")
    items = []
    while True:
        label = p.take(r"「([^」]*)」", "「条目」", "an item in 「」").group(1)
        p.take(r"得", "“得”", "'得'")
        items.append(Item(label, _points(p)))
        if p.done():
            return Checklist(tuple(items))
        p.take(r"[;；]", "“;”", "';'")


def _yes_no(p: _P) -> Criterion:
    p.take(r"[:：]", "“:”", "':'")
    yes_word = p.take(r"[^\s得;；]+", "“是”一侧的词", "the yes word").group(0)
    p.take(r"得", "“得”", "'得'")
    yes = _points(p)
    p.take(r"[;；]", "“;”", "';'")
    no_word = p.take(r"[^\s得;；]+", "“否”一侧的词", "the no word").group(0)
    p.take(r"得", "“得”", "'得'")
    no = _points(p)
    if not p.done():
        raise StructuredError(p.i, "多余的内容", "unexpected text")
    return YesNo(yes, no, yes_word, no_word)


def is_structured(text: str) -> bool:
    return bool(HEAD.match(text))
