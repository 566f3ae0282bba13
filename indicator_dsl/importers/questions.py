"""What a careful reader of a 申报表 would question, as a coded finding at the cell (W714–W723).

The importer reads what a cell says; these checks look at what it cannot mean: a template
placeholder left in (`受益人数(≥**人)`), an Excel date serial where a date or unit was meant
(`45,291`), a share above 100% (`295%`: OCR of ≥95%), a less-is-better rate with a `≥` target,
a target cell whose unit is of another kind than the unit column, and a name that prints a
target the target cell contradicts (`…达标率100%` beside `≥98%`).  Nothing is changed on a
guess: the finding says what looks wrong and, where one reading is obvious, suggests it.
"""

from __future__ import annotations

import re
from collections.abc import Iterator
from datetime import date, timedelta
from fractions import Fraction

from .. import ast as A
from .. import units as U
from ..diagnostics import Diagnostic
from ..naming import is_timed, less_is_better
from ..parser import parse_fragment
from ..unparse import decimal_text
from .cells import Cell, Cleaned
from .rules import NAME_TARGET

PLACEHOLDER = re.compile(r"[*＊]{2,}|[×xX]{2,}|[□_＿]{2,}|（\s*）|\(\s*\)")
LONE_COMPARATOR = re.compile(r"[≥≤><=≧≦＞＜＝﹦≠]=?|不低于|不高于|不少于|不超过|大于|小于|高于|低于")
SERIAL = re.compile(r"^\d{2},?\d{3}(?:\.0+)?$")
SERIAL_RANGE = (Fraction(20_000), Fraction(60_000))  # 1954-10-03 … 2064-04-08 as Excel day numbers
_EXCEL_EPOCH = date(1899, 12, 30)
_SHARE_END = ("率", "比例", "占比", "比重")
_MAY_EXCEED = ("增长率", "增幅", "提高率", "变动率", "增加率", "上升率", "回报率", "收益率", "倍")


def question(
    name: str,
    name_cell: Cell,
    level2: str | None,
    target: A.Target | None,
    target_cell: Cleaned | None,
    unit: str | None,
) -> Iterator[Diagnostic]:
    """Every finding about one imported indicator's name, target and unit cells."""
    yield from _placeholders(name_cell, target_cell)
    if target_cell is not None:
        yield from _serial_target(name, level2, target, target_cell)
    if not isinstance(target, A.QuantTarget) or target_cell is None:
        return
    yield from _share_above_whole(name, target, target_cell, unit)
    yield from _direction(name, target, target_cell)
    yield from _unit_conflict(target, target_cell, unit)
    yield from _name_disagrees(name_cell, target, target_cell)


def serial_date(text: str) -> str | None:
    """`45,291` → `2023-12-31` when the text is an Excel day number of a plausible year."""
    if not SERIAL.match(text.strip()):
        return None
    days = Fraction(text.strip().replace(",", ""))
    if not SERIAL_RANGE[0] <= days <= SERIAL_RANGE[1]:
        return None
    return (_EXCEL_EPOCH + timedelta(days=int(days))).isoformat()


def _placeholders(name_cell: Cell, target_cell: Cleaned | None) -> Iterator[Diagnostic]:
    for text, cell, offset in (
        (name_cell.text, name_cell, 0),
        *([(target_cell.text, target_cell.cell, None)] if target_cell else []),
    ):
        m = PLACEHOLDER.search(text)
        if m is None:
            continue
        if offset is None and target_cell is not None:
            start, end = target_cell.offset(m.start()), target_cell.offset(m.end() - 1) + 1
        else:
            start, end = m.start(), m.end()
        yield cell.diag("W714", start, end, text=text, mark=m.group())


def _serial_target(name: str, level2: str | None, target: A.Target | None, cell: Cleaned) -> Iterator[Diagnostic]:
    """A day number in a 时效 row (`45,291`) is a date the spreadsheet lost, not a quantity."""
    timed = is_timed(name, (level2 or "",))
    quantity = target.quantity if isinstance(target, A.QuantTarget) else None
    if quantity is not None and quantity.unit:
        return
    shown = serial_date(re.sub(r"^[≥≤><=≧≦＞＜]+", "", cell.text).strip())
    if shown and (timed or "," in cell.text):
        yield cell.cell.diag("W715", cell.offset(0), text=cell.text, date=shown, fix=shown)


def _share_above_whole(name: str, target: A.QuantTarget, cell: Cleaned, unit: str | None) -> Iterator[Diagnostic]:
    """`合格率 295%`: a share cannot pass 100%; `2` before a plausible number is OCR of `≥`."""
    written = target.quantity.unit or unit
    if written not in ("%", "％", "百分比") or not name.endswith(_SHARE_END) or any(w in name for w in _MAY_EXCEED):
        return
    value = target.quantity.value
    if value <= 100:
        return
    digits = decimal_text(value)
    fix = f"≥{digits[1:]}%" if digits.startswith("2") and 0 < Fraction(digits[1:] or "0") <= 100 else None
    yield cell.cell.diag("W716", cell.offset(0), text=cell.text, name=name, fix=fix)


def _direction(name: str, target: A.QuantTarget, cell: Cleaned) -> Iterator[Diagnostic]:
    """`差错率 ≥100%`: the name says less is better, the comparator says more is."""
    word = less_is_better(name)
    if word is None or target.comparator not in (A.Comparator.GE, A.Comparator.GT):
        return
    flipped = "≤" if target.comparator is A.Comparator.GE else "<"
    fix = flipped + cell.text.lstrip("≥>≧＞= ")
    yield cell.cell.diag("W717", cell.offset(0), text=cell.text, name=name, word=word, fix=fix)


def _unit_conflict(target: A.QuantTarget, cell: Cleaned, unit: str | None) -> Iterator[Diagnostic]:
    """A unit column saying 万元 beside a target cell saying 95%: one of them is wrong."""
    if not unit or not target.quantity.unit:
        return
    a, b = U.lookup(target.quantity.unit), U.lookup(unit)
    if a.known and b.known and not a.compatible(b):
        yield cell.cell.diag("W719", cell.offset(0), text=cell.text, written=target.quantity.unit, unit=unit)


def _name_disagrees(name_cell: Cell, target: A.QuantTarget, cell: Cleaned) -> Iterator[Diagnostic]:
    """`资金拨付达标率100%` with `≥98%` in the target cell: which one holds?"""
    m = NAME_TARGET.match(name_cell.text.strip())
    if m is None:
        return
    in_name, _ = parse_fragment(m.group(2), "target_spec")
    if not isinstance(in_name, A.QuantTarget):
        return
    same_value = in_name.quantity.value == target.quantity.value and (in_name.quantity.unit or "%") == (
        target.quantity.unit or "%"
    )
    same_cmp = in_name.comparator in (None, target.comparator)
    if not (same_value and same_cmp):
        start = len(name_cell.text) - len(name_cell.text.lstrip()) + len(m.group(1))
        yield name_cell.diag("W720", start, start + len(m.group(2)), in_name=m.group(2), cell=cell.text)


_SAYS = {  # the direction a comparator says, and how the finding puts it
    A.Comparator.GE: (A.Direction.POSITIVE, "“≥”表示越高越好", "'≥' means more is better"),
    A.Comparator.GT: (A.Direction.POSITIVE, "“>”表示越高越好", "'>' means more is better"),
    A.Comparator.LE: (A.Direction.NEGATIVE, "“≤”表示越低越好", "'≤' means less is better"),
    A.Comparator.LT: (A.Direction.NEGATIVE, "“<”表示越低越好", "'<' means less is better"),
}
_OPPOSITE = {A.Direction.POSITIVE: A.Direction.NEGATIVE, A.Direction.NEGATIVE: A.Direction.POSITIVE}


def against_direction(
    direction: A.Direction, direction_cell: Cleaned, target: A.Target | None, target_cell: Cleaned | None
) -> Iterator[Diagnostic]:
    """`正向` in the 方向 / 指标性质 column beside `≤5%`, `逆向` beside `≥95%`: the table says both
    more and less is better (W723 at the direction cell; both kept as printed, the fix is the
    direction the comparator says — the reader decides which cell is wrong)."""
    if not isinstance(target, A.QuantTarget) or target.comparator not in _SAYS or target_cell is None:
        return
    says, zh, en = _SAYS[target.comparator]
    if _OPPOSITE.get(direction) is not says:
        return
    yield direction_cell.cell.diag(
        "W723",
        direction_cell.offset(0),
        direction_cell.offset(len(direction_cell.text) - 1) + 1,
        fix=says.value,
        direction=direction_cell.text,
        text=target_cell.text,
        said=zh,
        said_en=en,
    )
