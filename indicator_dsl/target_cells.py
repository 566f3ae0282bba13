"""What a target cell prints around its target, read alike by the importer and the auditor.

A note on whether its bound counts: `≥90%（含）`, `90%以上（不含90%）`, `≤5%（含本数）`.  Tables add
it where a reader might doubt the comparator.  The note agrees with the target (`≥90%（含）`: the
target as printed), overrides a word's default (by law 以上/以下 count the bound, so
`90%以上（不含）` is `>90%`), or contradicts it (`>90%（含）`, `≥90%（不含）`, `≥90%（含95%）`): then
there is no single reading and `target` is None.

Sentence punctuation typed after a target (`≥95%；`) is set aside as in actuals (`cell_text`).
"""

from __future__ import annotations

import re
from dataclasses import dataclass, replace

from . import ast as A
from .parser import parse_fragment

NOTE = re.compile(
    r"^(?P<rest>.*?\S)[ \t\u3000]*[（(][ \t\u3000]*(?P<no>不)?包?含(?P<what>[^（()）]*)[）)][ \t\u3000]*$"
)
_SELF = frozenset({"", "本数", "在内", "本数在内"})  # notes that name no number of their own
_STRICT = {A.Comparator.GE: A.Comparator.GT, A.Comparator.LE: A.Comparator.LT}
_WORD_BOUNDS = frozenset({"以上", "以下"})  # 及以上/及以下 say inclusive by themselves


@dataclass(frozen=True)
class BoundNote:
    rest: str  # the target's text before the note
    at: int  # where the note starts in the text
    target: A.QuantTarget | None  # None: the note contradicts the target
    changed: bool  # the note changed the printed comparator (`90%以上（不含）` → `>90%`)


def read_bound_note(text: str) -> BoundNote | None:
    """The note of a target cell, or None when the cell has no such note."""
    m = NOTE.match(text)
    if m is None:
        return None
    target = parse_fragment(m["rest"], "target_spec")[0]
    what = m["what"].strip()
    named = None if what in _SELF else parse_fragment(what, "target_spec")[0]
    read = _with_note(target, m["no"] is None, named) if what in _SELF or named is not None else None
    return BoundNote(m["rest"], m.end("rest"), read, read is not None and read is not target)


def _with_note(target: A.Target | None, inclusive: bool, named: A.Target | None) -> A.QuantTarget | None:
    if not isinstance(target, A.QuantTarget) or target.comparator is None:
        return None
    if named is not None and not _same_bound(target, named):
        return None
    if inclusive == (target.comparator in _STRICT):  # ≥/≤ with 含, >/< with 不含
        return target
    if not inclusive and target.qualifier in _WORD_BOUNDS:
        return replace(target, comparator=_STRICT[target.comparator], qualifier=None)
    return None


def _same_bound(target: A.QuantTarget, named: A.Target) -> bool:
    """`（含90%）` names the target's own number (its unit may be left out)."""
    if not isinstance(named, A.QuantTarget) or named.comparator is not None:
        return False
    return named.quantity.value == target.quantity.value and named.quantity.unit in (None, target.quantity.unit)
