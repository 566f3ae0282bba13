"""What a table cell means, as rules and small pure functions: the 二级 → 一级 taxonomy, grade
words, 不适用 marks, how a formula or a band looks, and the fixes proposed for a band."""

from __future__ import annotations

import re
from dataclasses import replace
from fractions import Fraction

from .. import ast as A
from ..unparse import decimal_text
from .cells import Cell

# 二级 → 一级 as 财预〔2020〕10号 prints them; used when a merged 一级 cell was lost.
LEVEL1_OF = {
    **dict.fromkeys(("数量指标", "质量指标", "时效指标", "成本指标"), "产出指标"),
    **dict.fromkeys(("经济效益指标", "社会效益指标", "生态效益指标", "可持续影响指标"), "效益指标"),
    **dict.fromkeys(("经济成本指标", "社会成本指标", "生态环境成本指标"), "成本指标"),
    "服务对象满意度指标": "满意度指标",
}
SECTION_LABELS = frozenset({"绩效指标", "绩效目标", "指标"})
GRADES = ("不合格", "不及格", "优秀", "良好", "合格", "及格", "一般", "较差", "优", "良", "中", "差")
NOT_APPLICABLE = frozenset({"/", "／", "—", "-", "无", "不适用"})
NAME_RE = re.compile(r"(?!\d)[\w·]+(?:[、][\w·]+)*(?:（[\w、·]+）[\w·]*)*")
FORMULA_HINT = re.compile(r"[*/×÷＊／]")
LHS = re.compile(r"^\s*([^=＝﹦≥≤<>≧≦＞＜\d][^=＝﹦]*?)\s*[=＝﹦]")
NAME_TAIL = re.compile(r"^(\S+?)[ \t\u3000]+(.*[*/=×÷%＝].*)$", re.S)
NAME_TARGET = re.compile(r"^(.*[^\d\s.≥≤><=≧≦＞＜])((?:[≥≤><=≧≦＞＜]=?)?\d+(?:\.\d+)?\s*[%％])$")


def next_values(values: list[str | None]) -> list[str | None]:
    """For each position, the first non-empty value after it (a merged cell's label below)."""
    out: list[str | None] = [None] * len(values)
    nxt: str | None = None
    for i in range(len(values) - 1, -1, -1):
        out[i] = nxt
        nxt = values[i] or nxt
    return out


def is_band(text: str) -> bool:
    t = text.rstrip()
    return any(t.endswith(g) for g in GRADES) and bool(re.search(r"\d", t))


def split_bands(text: str) -> list[str]:
    """`≥95 优, ≥70 良, [60, 70) 中` → one text per band (commas inside brackets kept)."""
    out, depth, cur = [], 0, ""
    for ch in text:
        depth += ch in "[(（【"
        depth -= ch in "])）】"
        if depth == 0 and ch in ",，;；":
            out.append(cur.strip())
            cur = ""
        else:
            cur += ch
    out.append(cur.strip())
    return [p for p in out if p]


def split_tail(cell: Cell) -> tuple[Cell, Cell | None]:
    """`政策研究与课题研究完成率 的…课 题数*100%`: a name with a formula tail in the same cell."""
    m = NAME_TAIL.match(cell.text)
    if not m:
        return cell, None
    return replace(cell, end=cell.start + m.end(1)), replace(cell, start=cell.start + m.start(2))


def band_fix(bands: list[tuple[A.Band, Cell, tuple[int, int]]], band: A.ThresholdBand) -> str:
    """The comparator the neighbours imply; the last band takes the opposite one (<60 差)."""
    used = [b.comparator for b, _, _ in bands if isinstance(b, A.ThresholdBand) and b.comparator]
    usual = max(set(used), key=used.count) if used else A.Comparator.GE
    flipped = {
        A.Comparator.GE: A.Comparator.LT,
        A.Comparator.GT: A.Comparator.LE,
        A.Comparator.LE: A.Comparator.GT,
        A.Comparator.LT: A.Comparator.GE,
    }
    last = bands[-1][0] is band and len(bands) > 1
    cmp = flipped.get(usual, usual) if last else usual
    return f"{cmp.value}{num_text(band.quantity.value)}{band.quantity.unit or ''} {band.grade}"


def num_text(value: Fraction) -> str:
    return decimal_text(value)


def first_number(text: str) -> str:
    m = re.search(r"\d+(?:\.\d+)?", text)
    return m.group(0) if m else ""


_OCR_RUN = re.compile(r"[0-9OoIl][0-9OoIl.,]*")
_OCR_DIGITS = str.maketrans("OoIl", "0011")


def ocr_digits(text: str) -> str:
    """`≥9O%` → `≥90%`, `1OO%` → `100%`, `9l%` → `91%`: the letters O/o and I/l that OCR puts for
    0 and 1, replaced where they stand inside a number (a run of digits and those letters that
    holds at least one real digit); words (`Old`, `IO`) are left alone."""

    def repair(m: re.Match[str]) -> str:
        run = m.group(0)
        return run.translate(_OCR_DIGITS) if any(ch.isdigit() for ch in run) else run

    return _OCR_RUN.sub(repair, text)
