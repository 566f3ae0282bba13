"""The condition half of a printed case (`85%（含）-95%`, `低于75%`, `±5%以内`, `不超过上年`) as
ends with a strength, before the reader decides the ends the text leaves open.

Strength says how sure the text is about including an end: an explicit mark ((含), (不含), ≥, <)
beats a word read by the legal convention (以上/以下/以内/不低于/不超过 include the number;
超过/低于/高于/不满/少于/以外 exclude it), which beats an end the text does not mark
(`85%-95%`)."""

from __future__ import annotations

from dataclasses import dataclass, field
from fractions import Fraction

from .. import units as U
from .lexicon import Token

EXPLICIT, WORD, UNMARKED = 2, 1, 0
_GE, _GT, _LE, _LT, _EQ = "≥", ">", "≤", "<", "="
_CMP_OF = {"ge_w": _GE, "le_w": _LE, "gt_w": _GT, "lt_w": _LT}
_FLIP = {_GE: _LE, _LE: _GE, _GT: _LT, _LT: _GT, _EQ: _EQ, "≠": "≠"}


@dataclass
class End:
    value: Fraction  # as written, in `unit`
    unit: str | None
    closed: bool
    strength: int
    start: int  # normalised offsets of the number
    end: int

    @property
    def text(self) -> str:
        return f"{self.value}{self.unit or ''}"


@dataclass
class Bare:
    """A number with no comparator (`完成100%的`, a lost comparator `结余率0`, an OCR letter)."""

    end: End
    how: str  # "neutral" (完成/达到/为), "lost" (subject then number), "letter"
    letter: str = ""
    start: int = 0  # where the damaged text starts (the subject's tail or the letter)


@dataclass
class Cond:
    low: End | None = None
    high: End | None = None
    bare: Bare | None = None
    ref: str | None = None
    deviation: bool = False
    special: str | None = None  # none / ontime / late / yes / no / otherwise
    start: int = 0
    end: int = 0
    numbers: list[End] = field(default_factory=list)

    @property
    def empty(self) -> bool:
        return self.low is None and self.high is None and self.bare is None and self.special is None


def scale_of(unit: str | None) -> str | None:
    """Percentage points and percent print as one display unit."""
    return "%" if unit in ("%", "个百分点", "百分点") else unit


def base_value(value: Fraction, unit: str | None, fallback: str | None) -> Fraction:
    """A written number in base units; a bare number takes the fallback unit."""
    u = scale_of(unit) or fallback
    return value * U.lookup(u).factor if u else value


def parse(toks: list[Token]) -> Cond:
    """The condition of one case from its tokens (subjects and separators already among them)."""
    cond = Cond()
    sig = [t for t in toks if t.kind not in ("sep",)]
    if sig:
        cond.start, cond.end = sig[0].start, sig[-1].end
    i = 0
    first = True
    while i < len(sig):
        t = sig[i]
        k = t.kind
        if k == "pm":
            cond.deviation = True
        elif k in ("none",) and first:
            cond.special = "none"
        elif k in ("ontime", "late", "yes", "no", "otherwise"):
            cond.special = k
        elif k in _CMP_OF or k == "cmp":
            i = _compared(sig, i, cond)
        elif k == "num":
            i = _number(sig, i, cond)
        elif k == "baseline" and cond.ref is None:
            cond.ref = t.groups["baseline"]
        if k != "other":
            first = False
        i += 1
    return cond


def _end_of(t: Token, closed: bool, strength: int) -> End:
    from .lexicon import number

    return End(number(t.groups["num"] or "0"), t.groups.get("unit"), closed, strength, t.start, t.end)


def _cmp_text(t: Token) -> str:
    return _CMP_OF.get(t.kind, t.text)


def _apply(cond: Cond, cmp: str, end: End) -> None:
    if cmp in (_GE, _GT):
        end.closed = cmp == _GE
        cond.low = end
    elif cmp in (_LE, _LT):
        end.closed = cmp == _LE
        cond.high = end
    else:
        end.closed = True
        cond.low = end
        cond.high = End(end.value, end.unit, True, end.strength, end.start, end.end)
    cond.numbers.append(end)


def _compared(sig: list[Token], i: int, cond: Cond) -> int:
    """`≥95%`, `不低于95%`, `不超过上年`: a comparator before a number or a baseline."""
    cmp = _cmp_text(sig[i])
    strength = EXPLICIT if sig[i].kind == "cmp" else WORD
    j = i + 1
    while j < len(sig) and sig[j].kind == "neutral":
        j += 1
    if j < len(sig) and sig[j].kind == "pm":
        cond.deviation = True
        j += 1
    if j < len(sig) and sig[j].kind == "num":
        end = _end_of(sig[j], True, strength)
        _apply(cond, cmp, end)
        return _marks(sig, j, cond, end)
    if j < len(sig) and sig[j].kind == "baseline":
        cond.ref = sig[j].groups["baseline"]
        _apply(cond, cmp, End(Fraction(0), None, True, strength, sig[j].start, sig[j].end))
        return j
    return i


def _marks(sig: list[Token], j: int, cond: Cond, end: End) -> int:
    """(含)/(不含) right after a number set its end explicitly."""
    if j + 1 < len(sig) and sig[j + 1].kind in ("inc", "exc"):
        end.closed, end.strength = sig[j + 1].kind == "inc", EXPLICIT
        return j + 1
    return j


def _number(sig: list[Token], i: int, cond: Cond) -> int:
    t = sig[i]
    nxt = sig[i + 1] if i + 1 < len(sig) else None
    # 60%≤完成率<100%: a number, then a comparator with the subject after it
    if nxt is not None and nxt.kind == "cmp" and (i + 2 >= len(sig) or sig[i + 2].kind != "num"):
        end = _end_of(t, True, EXPLICIT)
        _apply(cond, _FLIP[nxt.text], end)
        return i + 1
    end = _end_of(t, False, UNMARKED)
    j = _marks(sig, i, cond, end)
    # a range: 85%（含）-95%, 0-5%（含）, ±5-10%以内
    if (
        j + 2 < len(sig) + 1
        and j + 1 < len(sig)
        and sig[j + 1].kind == "dash"
        and j + 2 < len(sig)
        and sig[j + 2].kind == "num"
    ):
        high = _end_of(sig[j + 2], False, UNMARKED)
        k = _marks(sig, j + 2, cond, high)
        if high.unit and not end.unit:
            end.unit = high.unit
        if end.unit and not high.unit:
            high.unit = end.unit
        k = _suffix(sig, k, cond, low=end, high=high)
        cond.low, cond.high = end, high
        cond.numbers += [end, high]
        return k
    k = _suffix(sig, j, cond, low=None, high=None, single=end)
    if k != j:
        return k
    if end.strength == EXPLICIT:  # 85%（含）alone: a lower end by habit of the tables
        cond.low = end
        cond.numbers.append(end)
        return j
    prev = sig[i - 1] if i > 0 else None
    how, letter, start = "lost", "", t.start
    if prev is not None and prev.kind == "neutral":
        how = "neutral"
    elif prev is not None and prev.kind == "other" and prev.text[-1:].isascii() and prev.text[-1:].isalpha():
        how, letter, start = "letter", prev.text[-1], prev.end - 1
    elif prev is not None:
        start = cond.start  # the subject the comparator was lost after
    cond.bare = Bare(end, how, letter, start)
    cond.numbers.append(end)
    return j


def _suffix(sig: list[Token], j: int, cond: Cond, low: End | None, high: End | None, single: End | None = None) -> int:
    """以上/以下/以内/以外/之间 after a number or a range."""
    if j + 1 >= len(sig):
        return j
    s = sig[j + 1]
    if s.kind == "between":
        return j + 1
    cmp = {"suffix_ge": _GE, "suffix_le": _LE, "suffix_out": _GT}.get(s.kind)
    if single is not None:
        if cmp is None:
            return j
        explicit, closed = single.strength == EXPLICIT, single.closed
        _apply(cond, cmp, single)  # ±10%以外 is beyond the number
        single.strength = max(single.strength, WORD)
        if explicit:
            single.closed = closed
        return _marks(sig, j + 1, cond, single)
    if s.kind == "suffix_le" and high is not None and high.strength < EXPLICIT:
        high.closed, high.strength = True, WORD
        return j + 1
    if s.kind == "suffix_ge" and low is not None and low.strength < EXPLICIT:
        low.closed, low.strength = True, WORD
        return j + 1
    return j
