"""Does an actual repeat a qualitative target's own words, or deny them?

Use it like this::

    from indicator_dsl.own_words import said

    said("群众满意度明显改善", "改善").verdict      # 'affirmed'
    said("改善不够明显", "明显").verdict            # 'denied': a denial after the words
    said("未见明显改善", "改善").verdict            # 'denied': a negation before them, in the clause
    said("不断改善", "改善").verdict                # 'affirmed': 不断 does not negate
    said("并非没有改善", "改善").verdict            # 'ambiguous': a double negation

A 自评表 writes its own sentence, so the words are judged in the clause (split at ，。；…) that
holds them: a negation anywhere before them in that clause (未 不 没有 无 尚未 不够 不太 难以 …,
minus the compounds that do not negate: 不断 不仅 无论 …), or a denying predicate after them
(`不明显`, `不佳`, `欠佳`, `有待提高`), denies them.  What has no single reading is `ambiguous`,
with the reason, so a caller makes it a coded finding and never guesses: a double negation,
clauses that disagree (`城区改善，郊区未改善`), a contrast that takes it back (`有所改善，但不明显`),
only part of it (`部分改善`),
and a target that carries its own negation said another way (`无投诉` against `无一例投诉`).
"""

from __future__ import annotations

import re
import unicodedata
from dataclasses import dataclass

# Longest first, so 没有 is one negation, not 没 + 有.
NEGATIONS = ("尚未", "并非", "没有", "不够", "不太", "难以", "未能", "无法", "未", "不", "没", "无", "非")
# Words that begin with a negation character and do not negate what follows.
NOT_NEGATING = (
    "不断",
    "不仅",
    "不但",
    "不只",
    "不论",
    "不管",
    "无论",
    "不少",
    "不停",
    "不久",
    "不同",
    "不懈",
    "不遗余力",
    "无障碍",
    "无偿",
    "未来",
    "非常",
    "毫无疑问",
)
_DENIED_AFTER = re.compile(
    r"(?:不|未|没有|没)(?:太|够|很|甚|尽|十分|是很)?"
    r"(?:明显|显著|佳|够|足|到位|理想|高|大|好|强|充分|完善|突出|满意|及时|达标|达到|实现|完成|如人意|如意)"
    r"|欠佳|较差|很差|有待|待提高|待加强|待改进|尚需|仍需"
)
_NEAR = 3  # a denying predicate this close after the words is about them (`改善效果不佳`)
_CLAUSE = re.compile(r"[，,。；;！!？?\n\r、]+")
_PARTIAL = ("部分", "局部")
_CONTRAST = ("但是", "但", "然而", "可是", "不过", "只是")
_NEGATION_RE = re.compile("|".join(NEGATIONS))
_MASK_RE = re.compile("|".join(sorted(NOT_NEGATING, key=len, reverse=True)))

REASONS = {
    "double": ("双重否定", "a double negation"),
    "clauses": ("各分句说法不一", "its clauses disagree"),
    "contrast": ("转折后又否定", "a contrast that takes it back"),
    "partial": ("只是部分达到", "only partly so"),
    "reworded": ("目标用语本身含否定，实际换了说法", "the target says a negation the actual words otherwise"),
}


@dataclass(frozen=True, slots=True)
class Said:
    """`verdict`: affirmed | denied | absent | ambiguous; `reason` a key of `REASONS`."""

    verdict: str
    reason: str = ""


def normalise_words(text: str) -> str:
    """Words compared without spaces, punctuation or width differences (`良 好。` → `良好`)."""
    s = unicodedata.normalize("NFKC", text)
    return "".join(ch for ch in s if not (ch.isspace() or unicodedata.category(ch).startswith("P")))


def said(actual: str, words: str) -> Said:
    own = normalise_words(words)
    if not own:
        return Said("absent")
    clauses = [normalise_words(c) for c in _CLAUSE.split(unicodedata.normalize("NFKC", actual))]
    clauses = [c for c in clauses if c]
    verdicts: list[Said] = []
    for i, clause in enumerate(clauses):
        if own not in clause:
            continue
        verdict = _in_clause(clause, own)
        after = clauses[i + 1] if i + 1 < len(clauses) else ""
        if verdict.verdict == "affirmed" and after.startswith(_CONTRAST) and _negates(after):
            verdict = Said("ambiguous", "contrast")
        verdicts.append(verdict)
    if not verdicts:
        return _reworded(clauses, own)
    kinds = {v.verdict for v in verdicts}
    if "ambiguous" in kinds:
        return next(v for v in verdicts if v.verdict == "ambiguous")
    if len(kinds) > 1:
        return Said("ambiguous", "clauses")
    return verdicts[0]


def _negations(text: str) -> int:
    return len(_NEGATION_RE.findall(_MASK_RE.sub("", text)))


def _negates(text: str) -> bool:
    return _negations(text) > 0 or _DENIED_AFTER.search(text) is not None


def _in_clause(clause: str, own: str) -> Said:
    at = clause.find(own)
    before, after = clause[:at], clause[at + len(own) :]
    count = _negations(before)
    if count == 0 and before.endswith(_PARTIAL):
        return Said("ambiguous", "partial")  # `部分改善`: the 部分达成 tier, not the words in full
    if count >= 2:
        return Said("ambiguous", "double")
    if count == 1:
        return Said("denied")
    turn = next((i for i in range(len(after)) if after.startswith(_CONTRAST, i)), len(after))
    if turn < len(after) and _negates(after[turn:]):
        return Said("ambiguous", "contrast")  # `有所改善但不明显`
    denial = _DENIED_AFTER.search(after[:turn])
    if denial is not None and denial.start() <= _NEAR:
        return Said("denied")  # `改善不明显`, `改善效果不佳`
    return Said("affirmed")


def _reworded(clauses: list[str], own: str) -> Said:
    """`无投诉` against `无一例投诉`: the rest of the words negated another way is no repeat of
    the words, yet likely the same claim — ambiguous; the rest said plainly (`有投诉`) denies."""
    m = _NEGATION_RE.match(own)
    rest = own[m.end() :] if m else ""
    if not m or not rest:
        return Said("absent")
    for clause in clauses:
        at = clause.find(rest)
        if at >= 0:
            return Said("ambiguous", "reworded") if _negations(clause[:at]) else Said("denied")
    return Said("absent")
