"""Likely typos in formula inputs (W306) for files that do not declare their inputs.

Without `输入 …` any free name is an input, so `项目总教` where every other formula says
`项目总数` is silent until scoring finds the input missing.  The finding is kept sound: only a
name written once, one substitution (or swap of neighbours) away from a name used at least
twice or defined, and not a difference that usually carries meaning (一季度/二季度, 上年/本年,
收入/支出, 采纳数/采纳率, a1/a2).
"""

from __future__ import annotations

from collections.abc import Iterator

from .. import ast as A
from ..diagnostics import Diagnostic
from ..semantics import referenced_names
from ..source import Source
from . import codes as _codes  # noqa: F401 - registers W306
from .context import Context

MIN_LENGTH = 3  # two-character names differ by one character far too often (收入/支出)
_CONTRASTS = (
    "〇零一二三四五六七八九十百千万亿两",
    "上下前后左右内外中",
    "新旧本上今去明次",
    "年季月周日天时",
    "收支入出进增减加扣正负",
    "男女老少大小高低长短多少",
    "东西南北",
    "甲乙丙丁",
    "省市县区乡镇村组",
    "春夏秋冬",
    "数率量额比值度费价款金",  # 采纳数 (an input) beside 采纳率 (the indicator) is no typo
)
_GROUP = {ch: i for i, group in enumerate(_CONTRASTS) for ch in group}


def check_typos(ctx: Context) -> Iterator[Diagnostic]:
    if ctx.env.input_units:  # declared inputs: an undeclared name is already E201 with a hint
        return
    defined = set(ctx.env.definitions)
    uses: dict[str, list[tuple[Source, A.Ref]]] = {}
    for source, expr in _formulas(ctx):
        for ref in referenced_names(expr):
            if ref.name not in defined:
                uses.setdefault(ref.name, []).append((source, ref))
    anchors = sorted(defined | {name for name, found in uses.items() if len(found) >= 2})
    for name, found in uses.items():
        if len(found) != 1 or len(name) < MIN_LENGTH:
            continue
        other = next((a for a in anchors if a != name and one_slip(name, a)), None)
        if other is not None:
            source, ref = found[0]
            yield Diagnostic("W306", ref.span, source, {"name": name, "other": other}, other)


def _formulas(ctx: Context) -> Iterator[tuple[Source, A.Expr]]:
    for source, st in ctx.statements():
        if isinstance(st, A.Indicator) and st.formula:
            yield source, st.formula.expr
        elif isinstance(st, A.Definition):
            yield source, st.expr


def one_slip(a: str, b: str) -> bool:
    """One character replaced, or two neighbours swapped — and not a meaningful contrast."""
    if len(a) != len(b) or a == b:
        return False
    diff = [i for i, (x, y) in enumerate(zip(a, b, strict=True)) if x != y]
    if len(diff) == 2 and diff[1] == diff[0] + 1:
        i, j = diff
        return a[i] == b[j] and a[j] == b[i]
    if len(diff) != 1:
        return False
    x, y = a[diff[0]], b[diff[0]]
    if x.isascii() and y.isascii() and (x.isalnum() or y.isalnum()):
        return False
    return not (x in _GROUP and _GROUP.get(y) == _GROUP[x])
