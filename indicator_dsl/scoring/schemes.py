"""Scoring schemes are data: TOML files shipped in `schemes/`, or a user's own file (read by
`scheme_files`, which also resolves `extends`).

A scheme names its rules from `rules.RULES`, its qualitative tiers, its total grade bands and
optional group weights; `extends = "national-2020"` takes everything else from another
scheme, so a province variant is a few lines.  Nothing here is Python a user must write."""

from __future__ import annotations

from dataclasses import dataclass
from fractions import Fraction
from pathlib import Path
from typing import Any

from ..intervals import Interval, number_text
from ..parser import parse_fragment
from ..rational import NotANumber, parse_decimal
from ..scheme_files import SchemeError, SchemeFolder
from ..semantics import Bound, Env, resolve_band
from .by_kind import DEADLINE_RULES, ConditionRules
from .rules import RULES

DEFAULT_SCHEME = "national-2020"
SHIPPED = SchemeFolder("indicator_dsl.scoring")
_PERCENT = Fraction(1, 100)  # a share printed as a percent


@dataclass(frozen=True, slots=True)
class Tier:
    """A qualitative tier: the shares of the weight it covers (`[80%, 90%)`, the one interval type
    of bands and targets, `intervals.Interval`) and the share given when none is stated."""

    name: str
    name_en: str
    aliases: tuple[str, ...]
    shares: Interval
    default: Fraction

    def contains(self, share: Fraction) -> bool:
        return self.shares.contains(share)

    def range_text(self) -> str:
        """`[80%, 90%)` (both ends always printed, as the 自评表 does)."""
        iv = self.shares
        low = "-∞" if iv.low is None else number_text(iv.low, "%", _PERCENT)
        high = "+∞" if iv.high is None else number_text(iv.high, "%", _PERCENT)
        return f"{'[' if iv.low_closed else '('}{low}, {high}{']' if iv.high_closed else ')'}"


@dataclass(frozen=True, slots=True)
class GroupWeight:
    """Scheme-imposed weight of one or more 一级 groups (产出 40, 效益+满意度 40)."""

    match: tuple[str, ...]
    weight: Fraction


@dataclass(frozen=True, slots=True)
class Scheme:
    name: str
    title: str
    title_en: str
    places: int
    over_target_warning: Fraction
    total: Fraction
    positive: str
    negative: str
    equal: str
    budget_rule: str
    tiers: tuple[Tier, ...]
    grades: tuple[Bound, ...]
    groups: tuple[GroupWeight, ...] = ()
    budget_weight: Fraction | None = None
    conditions: ConditionRules = ConditionRules()  # missed targets of other kinds ([conditions])

    def tier(self, text: str) -> Tier | None:
        key = text.strip().lower()
        for tier in self.tiers:
            if key in (tier.name.lower(), tier.name_en.lower(), *(a.lower() for a in tier.aliases)):
                return tier
        return None


def _condition_rules(data: dict[str, Any]) -> ConditionRules:
    """`[conditions]`: interval/period/yes_no name rules of `rules.RULES`, deadline one of
    `by_kind.DEADLINE_RULES`; `late_deduction` is the share of the weight per month late."""
    rules = ConditionRules()
    for key in ("interval", "period", "yes_no"):
        if key in data:
            _rule_name(data[key], key)
    if "deadline" in data and data["deadline"] not in DEADLINE_RULES:
        choices = ", ".join(sorted(DEADLINE_RULES))
        raise SchemeError(
            f"未知的期限规则“{data['deadline']}”，可用：{choices}",
            f"unknown deadline rule '{data['deadline']}'; use one of: {choices}",
            "deadline",
        )
    return ConditionRules(
        interval=str(data.get("interval", rules.interval)),
        deadline=str(data.get("deadline", rules.deadline)),
        late_deduction=_number(data["late_deduction"]) if "late_deduction" in data else rules.late_deduction,
        period=str(data.get("period", rules.period)),
        yes_no=str(data.get("yes_no", rules.yes_no)),
    )


def shipped_names() -> list[str]:
    """Names of the schemes in the package (the registry `--scheme NAME` selects from)."""
    return SHIPPED.names()


def load_scheme(name_or_path: str | Path = DEFAULT_SCHEME) -> Scheme:
    """A shipped scheme by name, or a TOML file by path (anything ending in .toml).  Errors
    in a file name the file, and the line for TOML syntax errors and bad values."""
    return SHIPPED.load(name_or_path, build_scheme)


def build_scheme(data: dict[str, Any]) -> Scheme:
    """Validate raw TOML data into a Scheme; every problem becomes a SchemeError."""
    try:
        quant = data.get("quantitative", {})
        scheme = Scheme(
            name=str(data["name"]),
            title=str(data.get("title", data["name"])),
            title_en=str(data.get("title_en", data.get("title", data["name"]))),
            places=int(data.get("places", 2)),
            over_target_warning=_number(data.get("over_target_warning", "130%")),
            total=_number(data.get("total", "100")),
            positive=_rule_name(quant.get("positive", "ratio"), "positive"),
            negative=_rule_name(quant.get("negative", "inverse-ratio"), "negative"),
            equal=_rule_name(quant.get("equal", "deviation"), "equal"),
            budget_rule=_rule_name(data.get("budget", {}).get("rule", "ratio"), "rule"),
            tiers=tuple(_tier(t) for t in data.get("qualitative", [])),
            grades=_grades(data.get("grades", [])),
            groups=tuple(GroupWeight(tuple(g["match"]), _number(g["weight"])) for g in data.get("groups", [])),
            budget_weight=_number(data["budget_weight"]) if "budget_weight" in data else None,
            conditions=_condition_rules(data.get("conditions", {})),
        )
    except SchemeError:
        raise
    except KeyError as exc:
        raise SchemeError(f"缺少字段 {exc}", f"missing field {exc}") from None
    except NotANumber as exc:
        raise SchemeError(f"不是数字：{exc}", f"not a number: {exc}") from None
    except (TypeError, ValueError) as exc:
        raise SchemeError(f"取值错误：{exc}", f"bad value: {exc}") from None
    if not 0 <= scheme.places <= 6:
        raise SchemeError("places 应在 0–6 之间", "places must be 0..6", "places")
    return scheme


def _number(value: object) -> Fraction:
    return parse_decimal(str(value))


def _rule_name(name: str, key: str) -> str:
    if name not in RULES:
        available = ", ".join(sorted(RULES))
        raise SchemeError(
            f"未知规则 {name!r}，可用：{available}", f"unknown rule {name!r}; available: {available}", key
        )
    return name


def _tier(data: dict[str, Any]) -> Tier:
    """`low`..`high` of the weight, `high` included only with `high_closed`: [low, high) or [low, high]."""
    low, high = _number(data["low"]), _number(data["high"])
    tier = Tier(
        str(data["name"]),
        str(data.get("name_en", data["name"])),
        tuple(data.get("aliases", ())),
        Interval(low, True, high, bool(data.get("high_closed", False))),
        _number(data.get("default", data["high"])),
    )
    if not (0 <= low <= high <= 1) or not (low <= tier.default <= high):
        raise SchemeError(f"档次范围错误：{tier.name}", f"bad tier range: {tier.name}", "low")
    return tier


def _grades(texts: list[str]) -> tuple[Bound, ...]:
    bounds = []
    for text in texts:
        band, diags = parse_fragment(str(text), "band", "<scheme>")
        resolved = resolve_band(band, None, Env()) if band is not None and not diags else None
        if resolved is None:
            raise SchemeError(f"无法解析等级 {text!r}", f"cannot parse grade band {text!r}", "grades")
        bounds.append(resolved)
    return tuple(bounds)
