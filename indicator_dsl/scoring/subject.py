"""What scoring needs of one indicator: its resolved meaning, the units its file declares and
its printed 评分标准 read — never the catalog it came from.

`catalog.Indicator` has these three, so it is `Scorable` as it stands; the auditor makes a
`Subject` of one published row (`semantics.resolve_indicator` on the row's cells) without
building a catalog.  Scoring sits below the facade: it imports `semantics`, not `catalog`."""

from __future__ import annotations

import functools
from collections.abc import Mapping
from dataclasses import dataclass, field
from typing import Any, Protocol

from .. import units as U
from ..semantics import Resolved


class Scorable(Protocol):
    """An indicator as scoring sees it (`catalog.Indicator` and `Subject` both are one)."""

    @property
    def resolved(self) -> Resolved: ...
    @property
    def declared_units(self) -> Mapping[str, U.Unit]: ...
    @property
    def rule(self) -> Any: ...  # criteria.Rule | None: the `评分` clause read, None when absent or unreadable


@dataclass(frozen=True)
class Subject:
    """A resolved indicator and the units its file declares (`单位 亩 = …`), ready to score."""

    resolved: Resolved
    declared_units: Mapping[str, U.Unit] = field(default_factory=dict)

    @functools.cached_property
    def rule(self) -> Any:
        """The `评分` clause read as `check` reads it (`criteria.resolve`), once."""
        from ..criteria import resolve

        return resolve(self.resolved.node, self.resolved, None).rule


def subject_of(indicator: Scorable | Resolved, declared_units: Mapping[str, U.Unit] | None = None) -> Scorable:
    """`indicator` as a Scorable: a bare `Resolved` becomes a `Subject` with `declared_units`;
    a Scorable brings its own units, so giving `declared_units` with one is a TypeError."""
    if isinstance(indicator, Resolved):
        return Subject(indicator, dict(declared_units or {}))
    if declared_units is not None:
        raise TypeError("declared_units goes with a Resolved; an Indicator or Subject brings its own")
    return indicator


def name_of(indicator: Scorable) -> str:
    return indicator.resolved.node.name


def unit_name(indicator: Scorable) -> str:
    unit = indicator.resolved.unit
    return unit.name if unit else ""


__all__ = ["Scorable", "Subject", "name_of", "subject_of", "unit_name"]
