"""Monitoring schemes are data: `schemes/*.toml` (default, shanxi, ningxia) or a user's file.

A scheme lists its warning rules (which categories and directions each applies to, and how it
lights a row), the qualitative tiers, which lights need a 偏差原因 / 说明 / 纠偏措施, the reason
categories, the deadline lights and the budget-execution bands.  Thresholds are bands in the
language's own notation (`[60%, 80%) yellow`), so they are exact and first-match like any band."""

from __future__ import annotations

from dataclasses import dataclass
from fractions import Fraction
from pathlib import Path
from typing import Any

from .. import ast as A
from ..parser import parse_fragment
from ..scheme_files import SchemeError, SchemeFolder
from ..semantics import Bound, Env, resolve_band

DEFAULT_MONITOR_SCHEME = "default"
SHIPPED = SchemeFolder("indicator_dsl.monitor")
LIGHTS = ("red", "yellow", "green", "blue")
LIGHT_NAMES = {"red": "红", "yellow": "黄", "green": "绿", "blue": "蓝"}
RULE_KINDS = ("schedule", "target", "qualitative")
FORECASTS = ("linear", "current", "none")
DIRECTIONS = {
    "正向": A.Direction.POSITIVE,
    "反向": A.Direction.NEGATIVE,
    "等于": A.Direction.EQUAL,
    "区间": A.Direction.RANGE,
    "positive": A.Direction.POSITIVE,
    "negative": A.Direction.NEGATIVE,
    "equal": A.Direction.EQUAL,
    "range": A.Direction.RANGE,
}


@dataclass(frozen=True, slots=True)
class Rule:
    """One warning rule: to whom it applies (category words, directions; empty = all) and how
    it lights a row (`kind`), with its bands or its inside/outside lights."""

    name: str
    title: str
    kind: str
    categories: tuple[str, ...]
    directions: tuple[A.Direction, ...]
    bands: tuple[Bound, ...] = ()
    inside: str = "green"
    outside: str = "red"
    forecast: str = "none"

    def applies(self, category: tuple[str, ...], direction: A.Direction, qualitative: bool) -> bool:
        if (self.kind == "qualitative") != qualitative:
            return False
        if self.directions and not qualitative and direction not in self.directions:
            return False
        return not self.categories or any(word in level for word in self.categories for level in category)

    def light(self, share: Fraction) -> str | None:
        return next((b.grade for b in self.bands if b.contains(share)), None)


@dataclass(frozen=True, slots=True)
class QualTier:
    name: str
    light: str
    aliases: tuple[str, ...]


@dataclass(frozen=True, slots=True)
class Reasons:
    required: frozenset[str]
    explanation_required: bool
    categories: tuple[str, ...]
    measures_required: frozenset[str]


@dataclass(frozen=True, slots=True)
class Deadline:
    pending: str
    overdue: str
    met: str
    late: str


@dataclass(frozen=True, slots=True)
class MonitorScheme:
    name: str
    title: str
    title_en: str
    places: int
    rules: tuple[Rule, ...]
    tiers: tuple[QualTier, ...]
    reasons: Reasons
    deadline: Deadline
    budget: tuple[Bound, ...]

    def rule_for(self, category: tuple[str, ...], direction: A.Direction, qualitative: bool) -> Rule | None:
        return next((r for r in self.rules if r.applies(category, direction, qualitative)), None)

    def tier(self, text: str) -> QualTier | None:
        key = text.strip().lower()
        return next((t for t in self.tiers if key in (t.name.lower(), *(a.lower() for a in t.aliases))), None)

    def budget_light(self, share: Fraction) -> str | None:
        return next((b.grade for b in self.budget if b.contains(share)), None)


def shipped_monitor_schemes() -> list[str]:
    return SHIPPED.names()


def load_monitor_scheme(name_or_path: str | Path = DEFAULT_MONITOR_SCHEME) -> MonitorScheme:
    """A shipped scheme by name, or a TOML file (anything ending in .toml); SchemeError names
    the file and line of what is wrong."""
    return SHIPPED.load(name_or_path, build_monitor_scheme)


def build_monitor_scheme(data: dict[str, Any]) -> MonitorScheme:
    """Validate raw TOML data; every problem is a SchemeError naming the key."""
    try:
        rules_data = data.get("rules", {})
        order = [str(n) for n in data.get("order", list(rules_data))]
        missing = [n for n in order if n not in rules_data]
        if missing:
            raise SchemeError(
                f"order 中的规则未定义：{missing}", f"rules named in order are not defined: {missing}", "order"
            )
        reasons = data.get("reasons", {})
        deadline = data.get("deadline", {})
        scheme = MonitorScheme(
            name=str(data["name"]),
            title=str(data.get("title", data["name"])),
            title_en=str(data.get("title_en", data.get("title", data["name"]))),
            places=int(data.get("places", 2)),
            rules=tuple(_rule(name, rules_data[name]) for name in order),
            tiers=tuple(_tier(t) for t in data.get("qualitative", [])),
            reasons=Reasons(
                _lights(reasons.get("required", ["red", "yellow"]), "required"),
                bool(reasons.get("explanation_required", True)),
                tuple(str(c) for c in reasons.get("categories", [])),
                _lights(reasons.get("measures_required", []), "measures_required"),
            ),
            deadline=Deadline(*(_light(deadline.get(k, d), k) for k, d in _DEADLINE_DEFAULTS)),
            budget=_bands(data.get("budget", {}).get("lights", []), "lights"),
        )
    except SchemeError:
        raise
    except KeyError as exc:
        raise SchemeError(f"缺少字段 {exc}", f"missing field {exc}") from None
    except (TypeError, ValueError, AttributeError) as exc:
        raise SchemeError(f"取值错误：{exc}", f"bad value: {exc}") from None
    if not 0 <= scheme.places <= 6:
        raise SchemeError("places 应在 0–6 之间", "places must be 0..6", "places")
    return scheme


_DEADLINE_DEFAULTS = (("pending", "green"), ("overdue", "red"), ("met", "green"), ("late", "red"))


def _rule(name: str, data: dict[str, Any]) -> Rule:
    kind = str(data.get("kind", ""))
    if kind not in RULE_KINDS:
        raise SchemeError(
            f"规则 {name} 的 kind 应为 {'、'.join(RULE_KINDS)}",
            f"rule {name}: kind must be one of {RULE_KINDS}",
            "kind",
        )
    forecast = str(data.get("forecast", "none"))
    if forecast not in FORECASTS:
        raise SchemeError(
            f"规则 {name} 的 forecast 应为 {'、'.join(FORECASTS)}",
            f"rule {name}: forecast must be one of {FORECASTS}",
            "forecast",
        )
    bands = _bands(data.get("lights", []), "lights")
    if kind == "schedule" and not bands:
        raise SchemeError(f"规则 {name} 缺少 lights", f"rule {name} has no lights", "kind")
    return Rule(
        name=name,
        title=str(data.get("title", name)),
        kind=kind,
        categories=tuple(str(c) for c in data.get("categories", [])),
        directions=tuple(_direction(d) for d in data.get("directions", [])),
        bands=bands,
        inside=_light(data.get("inside", "green"), "inside"),
        outside=_light(data.get("outside", "red"), "outside"),
        forecast=forecast,
    )


def _direction(text: object) -> A.Direction:
    if str(text) not in DIRECTIONS:
        raise SchemeError(
            f"未知方向 {text!r}，可用：正向、反向、等于、区间", f"unknown direction {text!r}", "directions"
        )
    return DIRECTIONS[str(text)]


def _light(text: object, key: str) -> str:
    if str(text) not in LIGHTS:
        raise SchemeError(
            f"未知预警等级 {text!r}，可用：{'、'.join(LIGHTS)}", f"unknown light {text!r}; use one of {LIGHTS}", key
        )
    return str(text)


def _lights(values: list[Any], key: str) -> frozenset[str]:
    return frozenset(_light(v, key) for v in values)


def _tier(data: dict[str, Any]) -> QualTier:
    return QualTier(str(data["name"]), _light(data["light"], "light"), tuple(str(a) for a in data.get("aliases", ())))


def _bands(texts: list[Any], key: str) -> tuple[Bound, ...]:
    """`["<60% red", "[60%, 80%) yellow", …]`: shares of the standard → lights, exact."""
    bounds = []
    for text in texts:
        band, diags = parse_fragment(str(text), "band", "<scheme>")
        resolved = resolve_band(band, None, Env()) if band is not None and not diags else None
        if resolved is None:
            raise SchemeError(f"无法解析阈值 {text!r}", f"cannot parse the threshold band {text!r}", key)
        _light(resolved.grade, key)
        bounds.append(resolved)
    return tuple(bounds)
