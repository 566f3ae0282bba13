"""Targets and actuals read as people print them: targets through the language's own target
grammar, actuals through the one reader of actuals (`actual_values.read_actual`).

`≥ ≤ ≧ ≦ ═ ＝ ﹦ >= <=`, `98%以上`, `不低于95%`, `小于5次`, `≤ 30 万元`, `每亩300`, `1.2万亩`,
`元/人*月` all go through `parser.parse_fragment(…, "target_spec")`, so the auditor reads a target
exactly as an `.ind` file would, and an actual exactly as scoring does: it may carry an operator
(`≥266米`, `达到95%`): the number is kept, the operator noted.
Words (`有效`, `显著`, `基本达到`) are words: the auditor does not guess a number.
"""

from __future__ import annotations

import functools
import re
import unicodedata
from dataclasses import dataclass
from enum import StrEnum
from fractions import Fraction

from .. import actual_values as AV
from .. import ast as A
from .. import units as U
from ..cell_text import REMARK, without_trailing_punctuation
from ..parser import parse_fragment
from ..rational import parse_decimal
from ..target_cells import read_bound_note

_BLANK_WORDS = {"", "-", "—", "——", "无", "空"}
MAX_CELL = 200  # a target or actual longer than this is prose, not a value: said, not parsed
_PLAIN = re.compile(r"^\d{1,15}(\.\d{1,15})?%?$")


class ReadingKind(StrEnum):
    NUMBER = "number"
    WORDS = "words"
    BLANK = "blank"
    UNREADABLE = "unreadable"


@dataclass(frozen=True, slots=True)
class Reading:
    """A cell's meaning: a number with comparator and written unit, words, a blank, or unreadable.

    A target cell carries the language's target `node`; an actual cell carries what the one
    reader of actuals (`actual_values.read_actual`) made of it, in `actual`."""

    kind: ReadingKind
    text: str
    node: A.QuantTarget | A.QualTarget | None = None
    actual: AV.Reading | None = None

    @property
    def comparator(self) -> A.Comparator | None:
        return self.node.comparator if isinstance(self.node, A.QuantTarget) else None

    @property
    def value(self) -> Fraction | None:
        """The number as written (before its unit)."""
        if self.actual is not None and isinstance(self.actual.value, Fraction):
            return self.actual.value / U.lookup(self.unit).factor if self.unit else self.actual.value
        return self.node.quantity.value if isinstance(self.node, A.QuantTarget) else None

    @property
    def unit(self) -> str | None:
        if self.actual is not None:
            return self.actual.unit
        return self.node.quantity.unit if isinstance(self.node, A.QuantTarget) else None

    def base(self, unit: U.Unit | None) -> Fraction | None:
        """The value in base units; a bare number takes `unit` (the target's)."""
        if self.actual is not None:
            try:
                value = AV.read_quantity(self.actual.text, unit).value
            except AV.ActualError:
                return None
            return value if isinstance(value, Fraction) else None
        if self.value is None:
            return None
        written = U.lookup(self.unit, context=unit) if self.unit else (unit or U.DIMENSIONLESS)
        return self.value * written.factor

    @property
    def words(self) -> str:
        if isinstance(self.node, A.QualTarget):
            return self.node.text
        return normalise(self.text) if self.kind is ReadingKind.WORDS else ""


def normalise(text: str) -> str:
    """Full-width digits and signs to ASCII (NFKC), a remark that changes nothing (`（累计）`,
    `（已完成）`: cell_text) dropped, line breaks joined."""
    text = unicodedata.normalize("NFKC", text).replace("\n", "").replace("\r", "")
    return REMARK.sub("", text).strip()  # 含/不含 notes: target_cells


@functools.lru_cache(maxsize=4096)
def read_cell(text: str) -> Reading:
    """Read a target or actual cell; never raises.  Cached: tables repeat the same cells."""
    clean = normalise(text)
    if len(clean) > MAX_CELL:
        return Reading(ReadingKind.UNREADABLE, text)
    if clean in _BLANK_WORDS:
        return Reading(ReadingKind.BLANK, text)
    clean = without_trailing_punctuation(clean) or clean  # `≥95%；`
    if (note := read_bound_note(clean)) is not None:  # `≥90%（含）`; a contradiction is unreadable
        return (
            Reading(ReadingKind.UNREADABLE, text)
            if note.target is None
            else Reading(ReadingKind.NUMBER, text, note.target)
        )
    for candidate in dict.fromkeys((clean, clean.replace(" ", ""))):
        node, diags = parse_fragment(candidate, "target_spec", "<cell>")
        if node is not None and not diags:
            kind = ReadingKind.WORDS if isinstance(node, A.QualTarget) else ReadingKind.NUMBER
            return Reading(kind, text, node)
    return Reading(ReadingKind.UNREADABLE, text)


@functools.lru_cache(maxsize=4096)
def read_actual_cell(text: str) -> Reading:
    """Read an actual cell through `actual_values.read_actual`, the one reader of actuals; never
    raises.  A number may carry a comparator or suffix (`≥266米`, `88.32%及以上`, `达到95%`): the
    number is kept.  An approximate value (`约95%`) or a number with words the reader does not
    know (`95%左右（预计）`) is unreadable, said and not guessed; text without digits is words."""
    clean = normalise(text)
    if len(clean) > MAX_CELL:
        return Reading(ReadingKind.UNREADABLE, text)
    if clean in _BLANK_WORDS:
        return Reading(ReadingKind.BLANK, text)
    if (note := read_bound_note(clean)) is not None:  # `≥95%（含）`: the number is kept, as its comparator
        clean = note.rest
    try:
        reading = AV.read_actual(clean, None)
    except AV.ActualError:
        words = not re.search(r"\d", clean) and any(ch.isalpha() for ch in clean)
        return Reading(ReadingKind.WORDS if words else ReadingKind.UNREADABLE, text)
    if reading.said == "≈":
        return Reading(ReadingKind.UNREADABLE, text)
    return Reading(ReadingKind.NUMBER, text, actual=reading)


def read_number(text: str) -> Fraction | None:
    """A plain number cell (分值, 得分, 预算数, 执行率): `9.5`, `6,797.78`, `80%` (→ 4/5)."""
    if _PLAIN.match(text):
        return parse_decimal(text)
    reading = read_cell(text)
    node, value = reading.node, reading.value
    if reading.kind is not ReadingKind.NUMBER or reading.comparator is not None or value is None:
        return None
    if reading.unit not in (None, "%", "分", "万元", "元"):
        return None
    if not isinstance(node, A.QuantTarget) or node.per or node.qualifier:
        return None
    return value / 100 if reading.unit == "%" else value


def decimals(text: str) -> int:
    """How many decimals a printed number shows (`79.63%` → 2)."""
    m = re.search(r"\.(\d+)", normalise(text))
    return len(m.group(1)) if m else 0
