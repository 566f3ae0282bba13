"""Exact interval reasoning for band tables: a Fraction engine for `check`, sympy as reference.

`analyse(bounds, domain)` answers, for a first-match-wins band list over a domain: which values
get no grade (gaps), which band grades which values (regions), which bands can never match
(outside the domain, or shadowed by earlier bands) and which partly overlap an earlier band of
another grade.  Results are plain `Range`s of Fractions, so passes and tests never touch sympy.

It stands on the ground floor beside `intervals` (its one interval type), so the checker's band
passes and the 评分标准 reader (`criteria`) share it without the checker and criteria importing
each other.
"""

from __future__ import annotations

from collections.abc import Sequence
from dataclasses import dataclass
from fractions import Fraction
from typing import Any, Protocol

from .intervals import Interval, number_text  # noqa: F401 - number_text re-exported


class BoundLike(Protocol):
    """Read-only, so frozen dataclasses (`semantics.Bound`) satisfy it."""

    @property
    def grade(self) -> str: ...
    @property
    def low(self) -> Fraction | None: ...
    @property
    def low_closed(self) -> bool: ...
    @property
    def high(self) -> Fraction | None: ...
    @property
    def high_closed(self) -> bool: ...


Range = Interval  # the checker's name for the one interval type (indicator_dsl.intervals)


def ranges_text(ranges: Sequence[Range], unit: str = "", factor: Fraction = Fraction(1)) -> str:
    return " ∪ ".join(r.text(unit, factor) for r in ranges)


@dataclass(frozen=True)
class BandAnalysis:
    """What a band list does over a domain.  Indexes refer to the analysed bounds."""

    gaps: tuple[Range, ...]
    regions: tuple[tuple[Range, ...], ...]  # per band: the values it actually grades
    outside: tuple[int, ...]  # bands that meet the domain nowhere
    shadowed: tuple[tuple[int, tuple[int, ...]], ...]  # (band, earlier bands that take its values)
    overlaps: tuple[tuple[int, int, tuple[Range, ...]], ...]  # (earlier, later, values the earlier takes)


class _Atoms:
    """Exact sets without sympy: the endpoints cut the line into atoms (open gaps and single
    points); every set a band table can form is a union of atoms, so sets are frozensets."""

    def __init__(self, ranges: Sequence[BoundLike | Range]) -> None:
        ends = {e for r in ranges for e in (r.low, r.high) if e is not None}
        self.points = sorted(ends)
        self.empty: frozenset[int] = frozenset()

    def _representative(self, atom: int) -> Fraction:
        p, k = self.points, atom // 2
        if atom % 2:
            return p[k]
        if not p:
            return Fraction(0)
        if k == 0:
            return p[0] - 1
        return p[-1] + 1 if k == len(p) else (p[k - 1] + p[k]) / 2

    def of(self, r: BoundLike | Range) -> frozenset[int]:
        span = Range(r.low, r.low_closed, r.high, r.high_closed)
        return frozenset(a for a in range(2 * len(self.points) + 1) if span.contains(self._representative(a)))

    def ranges(self, atoms: frozenset[int]) -> tuple[Range, ...]:
        """Runs of consecutive atoms as Ranges."""
        runs: list[list[int]] = []
        for atom in sorted(atoms):
            if runs and runs[-1][1] == atom - 1:
                runs[-1][1] = atom
            else:
                runs.append([atom, atom])
        return tuple(Range(*self._low(first), *self._high(last)) for first, last in runs)

    def _low(self, atom: int) -> tuple[Fraction | None, bool]:
        if atom % 2:
            return self.points[atom // 2], True
        return (None, False) if atom == 0 else (self.points[atom // 2 - 1], False)

    def _high(self, atom: int) -> tuple[Fraction | None, bool]:
        if atom % 2:
            return self.points[atom // 2], True
        return (None, False) if atom // 2 == len(self.points) else (self.points[atom // 2], False)


class _Sympy:
    """The same set algebra over sympy Intervals (the independent reference)."""

    def __init__(self, ranges: Sequence[BoundLike | Range]) -> None:
        import sympy

        self.empty = sympy.EmptySet

    def of(self, r: BoundLike | Range) -> Any:
        return _to_set(r)

    def ranges(self, s: Any) -> tuple[Range, ...]:
        return _from_set(s)


ENGINES: dict[str, type[_Atoms] | type[_Sympy]] = {"exact": _Atoms, "sympy": _Sympy}


def analyse(bounds: Sequence[BoundLike], domain: Range, engine: str = "exact") -> BandAnalysis:
    """Coverage, reachability and overlap of `bounds` (first match wins) within `domain`.

    Both engines are exact; "exact" (atoms of Fractions) keeps `check` free of sympy, "sympy"
    is the reference the tests and `lint --engine sympy` compare against."""
    alg: Any = ENGINES[engine]([*bounds, domain])
    dom = alg.of(domain)
    sets = [alg.of(b) & dom for b in bounds]
    regions: list[Any] = []
    outside: list[int] = []
    shadowed: list[tuple[int, tuple[int, ...]]] = []
    overlaps: list[tuple[int, int, tuple[Range, ...]]] = []
    covered: Any = alg.empty
    for i, own in enumerate(sets):
        region = own - covered
        regions.append(region)
        if _empty(own):
            outside.append(i)
        elif _empty(region):
            shadowed.append((i, tuple(j for j in range(i) if not _empty(regions[j] & own))))
        else:
            overlaps += [
                (j, i, alg.ranges(regions[j] & own)) for j in range(i) if _partial(bounds, sets, regions, j, i)
            ]
        covered = covered | own
    return BandAnalysis(
        gaps=alg.ranges(dom - covered),
        regions=tuple(alg.ranges(r) for r in regions),
        outside=tuple(outside),
        shadowed=tuple(shadowed),
        overlaps=tuple(overlaps),
    )


def _empty(s: Any) -> bool:
    return not s if isinstance(s, frozenset) else bool(s.is_empty)


def _partial(bounds: Sequence[BoundLike], sets: list[Any], regions: list[Any], j: int, i: int) -> bool:
    """An earlier band j of another grade takes part of band i's values.  An earlier band lying
    wholly inside band i is the cumulative idiom (`≥90 优, ≥70 良`), not an overlap."""
    if bounds[j].grade == bounds[i].grade or _empty(sets[j] - sets[i]):
        return False
    return not _empty(regions[j] & sets[i])


def _to_set(r: BoundLike | Range) -> Any:
    import sympy

    low = -sympy.oo if r.low is None else sympy.Rational(r.low.numerator, r.low.denominator)
    high = sympy.oo if r.high is None else sympy.Rational(r.high.numerator, r.high.denominator)
    return sympy.Interval(low, high, left_open=not r.low_closed or r.low is None, right_open=not r.high_closed)


def _from_set(s: Any) -> tuple[Range, ...]:
    """sympy set (empty, point, interval or union of them) → sorted Ranges."""
    import sympy

    if s.is_empty:
        return ()
    if isinstance(s, sympy.Union):
        parts = [r for arg in s.args for r in _from_set(arg)]
    elif isinstance(s, sympy.FiniteSet):
        parts = [Range(_frac(p), True, _frac(p), True) for p in s]
    elif isinstance(s, sympy.Interval):
        parts = [Range(_frac(s.start), not s.left_open, _frac(s.end), not s.right_open)]
    else:  # pragma: no cover - set operations on intervals only produce the kinds above
        raise TypeError(f"unexpected set {s!r}")
    return tuple(sorted(parts, key=lambda r: (r.low is not None, r.low or 0, not r.low_closed)))


def _frac(x: Any) -> Fraction | None:
    import sympy

    if x in (sympy.oo, -sympy.oo):
        return None
    return Fraction(int(x.p), int(x.q))


def infimum(ranges: Sequence[Range]) -> tuple[Fraction | None, bool]:
    """The lowest end of non-empty sorted ranges and whether it belongs to them."""
    return ranges[0].low, ranges[0].low_closed


def supremum(ranges: Sequence[Range]) -> tuple[Fraction | None, bool]:
    top = max(ranges, key=lambda r: (r.high is None, r.high or 0, r.high_closed))
    return top.high, top.high_closed
