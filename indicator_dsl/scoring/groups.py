"""`eval --group-by`'s 得分 per group: each group's evaluations scored by the scoring engine's
own rules (`score_indicator`), so a group's score is what `score` would give that row.

It lives with scoring, above the engines whose results it reads: the engines never import
scoring."""

from __future__ import annotations

from collections.abc import Sequence
from dataclasses import dataclass
from fractions import Fraction
from typing import Any

from ..rational import format_fixed
from .indicator import score_indicator
from .reading import Measured

Rows = list[tuple[Any, Any]]


@dataclass(frozen=True)
class GroupScore:
    """One group's 得分 under a scoring scheme: per indicator (None when not scorable) and total."""

    group: Any
    scores: dict[str, Fraction | None]
    total: Fraction | None  # None when nothing in the group could be scored


def score_groups(indicators: Sequence[Any], rows: Rows, scheme: str = "national-2020") -> list[GroupScore]:
    """Score every group's evaluations with the scoring engine's rules (`scoring.score_indicator`):
    indicators with a weight and a quantitative target; a failed record scores nothing."""
    by_name = {ind.name: ind for ind in indicators}
    out: dict[Any, dict[str, Fraction | None]] = {}
    for group, e in rows:
        ind = by_name[e.indicator]
        res = ind.resolved
        scorable = res.weight is not None and res.target is not None and not res.qualitative
        score = None
        if scorable and e.value is not None:
            row = score_indicator(ind, Measured(e.value), res.weight, scheme)
            score = Fraction(row.score_exact) if row.score_exact else None
        out.setdefault(group, {})[e.indicator] = score
    totals = {g: [v for v in s.values() if v is not None] for g, s in out.items()}
    return [GroupScore(g, s, sum(totals[g], Fraction(0)) if totals[g] else None) for g, s in out.items()]


def group_score_text(indicators: Sequence[Any], rows: Rows, lang: str, places: int = 2) -> str:
    """The `eval --group-by` summary of 得分 per group ("" when no indicator has weight and target)."""
    if not any(i.resolved.weight is not None and i.resolved.target is not None for i in indicators):
        return ""
    title = "各组得分（national-2020）" if lang == "zh" else "score per group (national-2020)"
    groups = score_groups(indicators, rows)
    lines = [f"{g.group}: {'—' if g.total is None else format_fixed(g.total, places)}" for g in groups]
    return "\n" + title + "\n" + "\n".join(lines)


__all__ = ["GroupScore", "group_score_text", "score_groups"]
