"""The one normalisation under which two written names are the same name.

A 自评表 prints `设施(设备)完好率` where the file says `设施（设备）完好率`, `项目期内，群众…` where the
申报表 had `项目期内,群众…`, and wraps long names with a stray space.  Actuals rows are matched to
indicators, and aliases are checked for collisions, through `name_key`: full width to half width
(NFKC), case folded, and every space, punctuation mark and symbol dropped, so only the letters,
digits and CJK characters that carry the name are compared.
"""

from __future__ import annotations

import difflib
import functools
import unicodedata
from collections.abc import Iterable, Mapping

_DROPPED = ("P", "S", "Z", "C")
# Rates whose name says less is better: a `≥` target on one contradicts its own name.
LESS_IS_BETTER = (
    "差错率",
    "错误率",
    "错案率",
    "投诉率",
    "事故率",
    "发生率",
    "损失率",
    "失误率",
    "返工率",
    "超支率",
    "违规率",
    "不合格率",
    "流失率",
    "空置率",
    "误报率",
)  # punctuation, symbols, separators, control/format characters


# Words that make an indicator a 时效 one (its target a date): in its name, or 时效 in its category.
TIME_WORDS = ("时间", "时效", "日期", "期限", "时限", "开工", "竣工", "完工", "截止")


def is_timed(name: str, category: tuple[str, ...] | list[str] = ()) -> bool:
    """A deadline indicator: `完工时间`, `报送期限`, or any under `… / 时效指标`."""
    return any(w in name for w in TIME_WORDS) or any("时效" in c for c in category)


@functools.lru_cache(maxsize=65536)
def name_key(text: str) -> str:
    """`设施（设备）完好率`, `设施(设备)完好率` and `设施 (设备) 完好率` → `设施设备完好率`.
    Kept per text: every project matches the same indicator and input names again."""
    folded = unicodedata.normalize("NFKC", text).casefold()
    key = "".join(ch for ch in folded if unicodedata.category(ch)[0] not in _DROPPED)
    return key or folded.strip()


class NameIndex:
    """Written names → what they stand for (an indicator's name), exact first, then by key.
    A key two different targets share is not used: only an exact spelling can pick one."""

    def __init__(self, names: Mapping[str, str]) -> None:
        self.exact = dict(names)
        by_key: dict[str, set[str]] = {}
        for written, target in names.items():
            by_key.setdefault(name_key(written), set()).add(target)
        self.by_key = {k: next(iter(v)) for k, v in by_key.items() if len(v) == 1}

    def get(self, written: str) -> str | None:
        found = self.exact.get(written)
        return found if found is not None else self.by_key.get(name_key(written))

    def __contains__(self, written: object) -> bool:
        return isinstance(written, str) and self.get(written) is not None

    def names(self) -> Iterable[str]:
        return self.exact


def less_is_better(name: str) -> str | None:
    """The word in `name` that makes it a less-is-better rate (`案件差错率` → `差错率`), or None."""
    return next((w for w in LESS_IS_BETTER if w in name), None)


def did_you_mean(word: str, choices: Iterable[str], n: int = 1, cutoff: float = 0.5) -> list[str]:
    """The choices a mistyped `word` most likely meant, best first (at most `n`): a choice that is
    the same name under `name_key` first, then difflib's closest spellings.  The one did-you-mean
    of every message (names, keywords, indicators, columns), so all of them suggest alike."""
    pool = sorted(set(choices))
    key = name_key(word)
    same = [c for c in pool if c != word and name_key(c) == key]
    return list(dict.fromkeys(same + difflib.get_close_matches(word, pool, n=n, cutoff=cutoff)))[:n]


def hint_args(close: list[str]) -> dict[str, str]:
    """`hint`/`hint_en` message arguments that name the close matches (empty when there are none)."""
    if not close:
        return {"hint": "", "hint_en": ""}
    zh = "；是否应为" + "、".join(f"“{c}”" for c in close) + "？"
    return {"hint": zh, "hint_en": "; did you mean " + ", ".join(f"'{c}'" for c in close) + "?"}
