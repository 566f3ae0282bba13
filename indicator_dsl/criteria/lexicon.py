"""The words of printed 评分标准: normalisation with an offset map, and the token patterns.

Printed rules come full-width or ASCII, broken over lines, with stray spaces inside numbers
(`0. 5分`).  `normalize` maps every form to one (ASCII digits and signs, no whitespace) and
keeps, for each normalised character, its offset in the printed text, so a finding points
at the printed span.  `tokens` cuts a normalised sentence into the pieces the reader
assembles; text no pattern knows stays as `other` (subjects such as 项目完成率)."""

from __future__ import annotations

import re
from dataclasses import dataclass
from fractions import Fraction

_WIDE = {i: i - 0xFEE0 for i in range(0xFF01, 0xFF5F)}
_SIGNS = {
    "≧": "≥",
    "≦": "≤",
    "﹦": "=",
    "═": "=",
    "〜": "~",
    "—": "-",
    "–": "-",
    "―": "-",
    "‒": "-",
    "−": "-",
    "【": "[",
    "】": "]",
    "〔": "(",
    "〕": ")",
    "。": ";",
    "﹪": "%",
    "≯": "≤",
    "≮": "≥",
    "⩾": "≥",
    "⩽": "≤",
}
_SPACE = re.compile(r"\s")


@dataclass(frozen=True)
class Norm:
    text: str
    pos: tuple[int, ...]  # offset in the printed text of each character, plus the end

    def span(self, start: int, end: int) -> tuple[int, int]:
        """Printed offsets of the normalised slice [start, end)."""
        end = max(end, start + 1) if self.text else end
        return self.pos[start], self.pos[min(end, len(self.text)) - 1] + 1 if end > 0 else self.pos[0]


def normalize(printed: str) -> Norm:
    out: list[str] = []
    pos: list[int] = []
    i = 0
    while i < len(printed):
        ch = printed[i]
        if _SPACE.match(ch):
            i += 1
            continue
        ch = _SIGNS.get(ch, ch.translate(_WIDE))
        if ch in "<>" and out is not None:
            j = i + 1
            while j < len(printed) and _SPACE.match(printed[j]):
                j += 1
            if j < len(printed) and printed[j].translate(_WIDE) in "=":
                out.append("≥" if ch == ">" else "≤")
                pos.append(i)
                i = j + 1
                continue
        out.append(ch)
        pos.append(i)
        i += 1
    pos.append(len(printed))
    return Norm("".join(out), tuple(pos))


_CN_DIGITS = {
    "零": 0,
    "〇": 0,
    "一": 1,
    "二": 2,
    "两": 2,
    "三": 3,
    "四": 4,
    "五": 5,
    "六": 6,
    "七": 7,
    "八": 8,
    "九": 9,
}


class NotANumeral(ValueError):
    """Text the numeral pattern took that is no number (`一一`, `十十`); the reader codes it E660."""

    def __init__(self, text: str) -> None:
        super().__init__(text)
        self.text = text


def number(text: str) -> Fraction:
    """`0.5`, `12`, or a small Chinese numeral (`一`, `十五`, `半`); `NotANumeral` for `一一`."""
    if text[0].isdigit():
        return Fraction(text)
    if text == "半":
        return Fraction(1, 2)
    tens, ten, ones = text.partition("十")
    if not ten:
        value = _CN_DIGITS.get(text)
    elif tens in ("", *_CN_DIGITS) and ones in ("", *_CN_DIGITS):
        value = (_CN_DIGITS[tens] if tens else 1) * 10 + (_CN_DIGITS[ones] if ones else 0)
    else:
        value = None
    if value is None:
        raise NotANumeral(text)
    return Fraction(value)


NUM = r"\d+(?:\.\d+)?"
CN = r"[一二两三四五六七八九十半]{1,3}"
UNIT = (
    r"个百分点|百分点|%|‰|万元|亿元|千元|元|个工作日|工作日|个自然日|个月|月份|月|天|日|周|年度|年|小时"
    r"|人次|次|例|项|个|起|件|处|人|户|家|所|篇|台|套|份|批|倍|条|宗|笔"
)
VERB_UP = r"超出|超过|高于|增加|提高|上升|增长|多于|多|大于|超"
VERB_DOWN = r"减少|降低|下降|低于|少于|不足|未达到|未达|减|少|低|差|缺少|缺"
VERB_LATE = r"延期|延迟|推迟|逾期|滞后|超期|拖延|晚"
VERB_COUNT = r"发现|出现|发生|存在|查出|查实|违反|漏报|漏|有"
BASELINES = (
    r"上一年度|上年度|上一年|上年|去年|上期|同期|年初预算数|年初预算|预算数|预算"
    r"|批复数|批复|计划数|计划|目标值|目标|标准值"
)
_WEIGHT_WORDS = r"满分|标准分|分值|本项分值|该项分值|此项分值|权重分|总分"

# (kind, pattern) tried in order at each position; the first that matches wins.
PATTERNS: list[tuple[str, str]] = [
    ("sep", r"[;,:、]"),
    (
        "floor",
        r"(?:扣完(?:本项|该项|此项)?(?:分值|分数|"
        + NUM
        + r"分)?(?:为止|即止|止)|扣至0分?(?:为止)?|扣至零分?|直至扣完|扣完|扣满为止"
        r"|最低(?:得|为|扣至)?0分|得分最低为0)",
    ),
    ("cap", r"(?P<capverb>最多|最高|至多|上限|累计)(?P<capkind>加减|扣减|加|扣|得|为)?(?P<cap>" + NUM + r")分"),
    ("cap2", r"(?P<capkind2>加分|扣分)(?:不超过|最多|最高|上限为?|以)(?P<cap2>" + NUM + r")分(?:为限)?"),
    ("anchor", r"以(?P<anchor>" + NUM + r")(?P<anchor_unit>" + UNIT + r")?为(?:基准|标准|基数|基准值|满分标准)"),
    ("anchor2", r"基准(?:值)?(?:为|是)(?P<anchor2>" + NUM + r")(?P<anchor2_unit>" + UNIT + r")?"),
    (
        "started",
        r"不足(?:"
        + NUM
        + r"|"
        + CN
        + r")?(?:"
        + UNIT
        + r")?(?:的|者)?(?:按|以)(?:"
        + NUM
        + r"|"
        + CN
        + r")?(?:"
        + UNIT
        + r")?(?:计|计算|算)",
    ),
    (
        "whole",
        r"不足(?:" + NUM + r"|" + CN + r")?(?:" + UNIT + r")?(?:的|者|部分)?(?:不扣分|不计|不扣|不加分|不予计算|忽略)",
    ),
    (
        "step",
        r"(?:(?P<pre>"
        + VERB_UP
        + "|"
        + VERB_DOWN
        + "|"
        + VERB_LATE
        + r")(?:目标值?|的)?部分)?每(?P<verb>"
        + VERB_LATE
        + "|"
        + VERB_UP
        + "|"
        + VERB_DOWN
        + "|"
        + VERB_COUNT
        + r")?(?P<size>"
        + NUM
        + "|"
        + CN
        + r")?(?P<size_unit>"
        + UNIT
        + r")?",
    ),
    ("act", r"(?P<act>扣除|扣减|扣|减去|减|加上|加|增加|奖励)(?P<act_pts>" + NUM + "|" + CN + r")分"),
    ("share", r"(?:得|按|计|给)?(?:" + _WEIGHT_WORDS + r")的?(?P<share>" + NUM + r")%(?:计分|得分|计)?"),
    ("share2", r"(?:得|按|计)?(?P<share2>" + NUM + r")%的?(?:" + _WEIGHT_WORDS + r")"),
    (
        "linear",
        r"从(?:" + _WEIGHT_WORDS + r")的(?P<linear>" + NUM + r")%(?:起|算起|开始)(?:按比例|线性)?(?:计分|得分|计算)?",
    ),
    (
        "ratio",
        r"按(?:其|照)?(?:实际)?(?:完成|执行|达成|实现)?(?:值|率)?(?:的)?(?:比例|比率|程度|比重)(?:得分|计分|计算得分|给分|折算|计算|计)?"
        r"|得分=(?:实际|完成)[^;,]*?/[^;,]*?[×*][^;,]*",
    ),
    ("inverse", r"按(?:反比|目标值?/实际值?)(?:得分|计分|计算)?"),
    ("to_zero", r"按(?:超出|超过|降低|低于|偏离)?(?:部分)?的?比例(?:扣分|扣减|递减)"),
    ("full", r"(?:得|计|给|记|可得|给予)?(?:满分|全分|标准分|本项分值|该项分值|分值)(?!的)"),
    (
        "zero",
        r"不得分|不计分|不给分|得0分|计0分|记0分|得零分|该项不得分|扣除全部分值|扣全部分|扣除该项分值|扣除本项分值|0分",
    ),
    ("points", r"(?:得|计|记|给|可得|给予|赋)?(?P<points>" + NUM + r")分(?!钟|之)"),
    ("pm", r"±|\+/-|正负|上下"),
    ("marker", r"[①②③④⑤⑥⑦⑧⑨⑩⑪⑫⑬⑭⑮⑯⑰⑱⑲⑳]|\((?:\d{1,2}|[一二三四五六七八九十])\)|(?<![\d.])\d{1,2}[、.](?!\d)"),
    ("inc", r"\(含(?:本数)?\)|含(?:本数)?(?=[-~至到,;以)]|$)"),
    ("exc", r"\(不含(?:本数)?\)|不含(?:本数)?"),
    ("cmp", r"≥|≤|>|<|=|≠"),
    ("ge_w", r"大于或等于|大于等于|不低于|不少于|不小于|达到或超过|达到及以上|达到|至少|不得低于|不应低于"),
    ("le_w", r"小于或等于|小于等于|不高于|不超过|不多于|不大于|至多|控制在|不得超过|不应超过"),
    ("gt_w", r"大于|高于|超过|超出|多于"),
    ("lt_w", r"小于|低于|少于|不足|不满|未达到|未达|未满"),
    ("yes", r"是(?=[,;]|$)"),
    ("no", r"否(?=[,;]|$)"),
    ("neutral", r"在|为|是|完成|达|等于"),
    ("num", r"(?P<num>" + NUM + r")(?P<unit>" + UNIT + r")?"),
    ("suffix_ge", r"及以上|以上|之上"),
    ("suffix_le", r"及以下|以下|之内|以内|内"),
    ("suffix_out", r"以外|之外|外"),
    ("between", r"之间"),
    ("dash", r"-|~|至|到"),
    ("baseline", r"(?P<baseline>" + BASELINES + r")"),
    ("none", r"无|没有|未发生|未出现|零"),
    ("ontime", r"按期|按时|如期|准时|及时|按计划|在规定(?:时间|期限|时限)内"),
    ("late", r"未按期|未按时|未如期|未及时|延期|逾期|超期|推迟|滞后"),
    ("otherwise", r"否则|其他情况|其余情况|其它情况|其他情形|其他的|其余的|其他|其余"),
]
_COMPILED = [(kind, re.compile(p)) for kind, p in PATTERNS]
# Words that never start a token where they follow a name (率在 … is a subject then 在).
_WORD_KINDS = {"ge_w", "le_w", "gt_w", "lt_w", "neutral", "baseline", "none", "ontime", "late", "otherwise", "dash"}


@dataclass(frozen=True)
class Token:
    kind: str
    text: str
    start: int  # normalised offsets
    end: int
    groups: dict[str, str | None]


def tokens(text: str) -> list[Token]:
    """Cut normalised text into tokens; unknown characters gather into `other` tokens."""
    out: list[Token] = []
    i = 0
    other_start = -1
    while i < len(text):
        for kind, rx in _COMPILED:
            m = rx.match(text, i)
            if m and m.end() > i:
                if other_start >= 0:
                    out.append(Token("other", text[other_start:i], other_start, i, {}))
                    other_start = -1
                out.append(Token(kind, m.group(0), i, m.end(), m.groupdict()))
                i = m.end()
                break
        else:
            if other_start < 0:
                other_start = i
            i += 1
    if other_start >= 0:
        out.append(Token("other", text[other_start:], other_start, len(text), {}))
    return out
