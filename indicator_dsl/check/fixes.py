"""The checker's fixes as text edits, for editors (the language server's code actions).

A diagnostic's `fix` is written for people: sometimes the corrected text of its span (`<60 差`),
sometimes the text with the clause keyword (`目标 [95%, 100%]`), sometimes advice (`删除该等级…`).
This registry says, per code, how the fix becomes an edit of the source — or that it does not —
so no editor guesses.  A maker returns None when this diagnostic's fix is advice only.  Each
registered code has a test that applying the edit makes the finding go away.
"""

from __future__ import annotations

import re
from collections.abc import Callable
from dataclasses import dataclass

from ..diagnostics import Diagnostic
from ..source import Span


@dataclass(frozen=True, slots=True)
class Edit:
    """Replace `span` of the diagnostic's source with `text` (an empty span inserts)."""

    span: Span
    text: str

    def title(self, lang: str = "zh") -> str:
        if self.span.start == self.span.end:
            return f"插入“{self.text.strip(', ')}”" if lang == "zh" else f"insert '{self.text.strip(', ')}'"
        return f"改为“{self.text}”" if lang == "zh" else f"replace with '{self.text}'"

    def apply(self, text: str) -> str:
        return text[: self.span.start] + self.text + text[self.span.end :]


Maker = Callable[[Diagnostic], "Edit | None"]
EDITS: dict[str, Maker] = {}
_COMPARATORS = "≥≤><=≠"
_DIRECTIONS = ("正向", "反向", "等于", "区间")


def edit_for(diag: Diagnostic) -> Edit | None:
    """The edit that applies `diag`'s fix, when it is one."""
    maker = EDITS.get(diag.code)
    if maker is None or diag.span is None or diag.source is None:
        return None
    return maker(diag)


def _maker(*codes: str) -> Callable[[Maker], Maker]:
    def add(fn: Maker) -> Maker:
        for code in codes:
            EDITS[code] = fn
        return fn

    return add


def _replace(diag: Diagnostic, text: str | None) -> Edit | None:
    assert diag.span is not None
    return Edit(diag.span, text) if text else None


@_maker("E321", "W306", "W522")
def _fix_is_the_text(diag: Diagnostic) -> Edit | None:
    """E321 `60差` → `<60 差`; W306 a misspelt name → the near one; W522 `≥1%` → `≤1%`."""
    return _replace(diag, diag.fix)


@_maker("E331")
def _target_clause(diag: Diagnostic) -> Edit | None:
    """`目标 [95%, 100%]` for the span `[100%, 95%]`: the fix names its clause."""
    return _replace(diag, (diag.fix or "").removeprefix("目标 ").strip())


@_maker("E303")
def _quantity_without_comparator(diag: Diagnostic) -> Edit | None:
    """`≤300元/人` for the span `300元`: the fix repeats the target's comparator."""
    return _replace(diag, (diag.fix or "").lstrip(_COMPARATORS + " "))


@_maker("W305")
def _percent_target(diag: Diagnostic) -> Edit | None:
    """A ratio formula with a bare-number target: the target as a percent (`≥90` → `≥90%`); the
    other repair, `* 100%` in the formula, is the `fix` people read."""
    return _replace(diag, diag.args.get("fix"))


@_maker("W332")
def _direction_word(diag: Diagnostic) -> Edit | None:
    """`方向 正向` for the span of the declared direction word."""
    assert diag.span is not None and diag.source is not None
    if diag.source.text[diag.span.start : diag.span.end] not in _DIRECTIONS:
        return None
    return _replace(diag, (diag.fix or "").removeprefix("方向 ").strip())


@_maker("E201")
def _close_name(diag: Diagnostic) -> Edit | None:
    """`did you mean 'X'?` → X."""
    found = re.fullmatch(r"did you mean '(.+)'\?", diag.fix_en or "")
    return _replace(diag, found.group(1) if found else None)


@_maker("W501")
def _missing_band(diag: Diagnostic) -> Edit | None:
    """`添加 [60%, 70%) 中` → the band appended to the list (no other band holds those values, so
    its place in the list changes nothing); not when the grade is unknown (`…`)."""
    assert diag.span is not None
    band = (diag.fix or "").removeprefix("添加 ").strip()
    if not band or "…" in band or band == diag.fix:
        return None
    return Edit(Span(diag.span.end, diag.span.end), f", {band}")


__all__ = ["EDITS", "Edit", "edit_for"]
