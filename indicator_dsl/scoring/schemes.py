"""Scoring schemes are data: TOML files shipped in `schemes/`, or a user's own file.

A scheme names its rules from `rules.RULES`, its qualitative tiers, its total grade bands and
optional group weights; `extends = "national-2020"` takes everything else from another
scheme, so a province variant is a few lines.  Nothing here is Python a user must write."""

from __future__ import annotations

import functools
import re
import tomllib
from dataclasses import dataclass
from fractions import Fraction
from importlib import resources
from pathlib import Path
from typing import Any

from ..parser import parse_fragment
from ..rational import NotANumber, parse_decimal
from ..semantics import Bound, Env, resolve_band
from .rules import RULES

DEFAULT_SCHEME = "national-2020"


class SchemeError(ValueError):
    """A scheme that cannot be used (E608): why in zh and en, and where when it is a file
    (`line` 0 when the problem is not on one line, e.g. a missing field)."""

    def __init__(self, zh: str, en: str, key: str | None = None) -> None:
        super().__init__(f"{zh} / {en}")
        self.zh, self.en, self.key = zh, en, key
        self.file: str | None = None
        self.text = ""
        self.line = self.column = 0

    def at(self, file: str, text: str, line: int = 0, column: int = 0) -> SchemeError:
        """Locate the error in a scheme file: the given line, else the line of its TOML key."""
        self.file, self.text = file, text
        self.line, self.column = (line, column) if line else _key_line(text, self.key)
        return self

    def __str__(self) -> str:
        where = f"{self.file}:{self.line}: " if self.file and self.line else f"{self.file}: " if self.file else ""
        return f"{where}{self.zh} / {self.en}"


def _key_line(text: str, key: str | None) -> tuple[int, int]:
    """(line, column) of the first `key = …` in a TOML text, (0, 0) when absent."""
    if key:
        for number, line in enumerate(text.splitlines(), start=1):
            stripped = line.lstrip()
            if stripped.startswith(key) and stripped[len(key) :].lstrip().startswith("="):
                return number, len(line) - len(stripped) + 1
    return 0, 0


@dataclass(frozen=True, slots=True)
class Tier:
    """A qualitative tier: a share of the weight in [low, high) or [low, high]."""

    name: str
    name_en: str
    aliases: tuple[str, ...]
    low: Fraction
    high: Fraction
    high_closed: bool
    default: Fraction

    def contains(self, share: Fraction) -> bool:
        return self.low <= share and (share < self.high or (self.high_closed and share == self.high))

    def range_text(self) -> str:
        close = "]" if self.high_closed else ")"
        return f"[{_pct(self.low)}, {_pct(self.high)}{close}"


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

    def tier(self, text: str) -> Tier | None:
        key = text.strip().lower()
        for tier in self.tiers:
            if key in (tier.name.lower(), tier.name_en.lower(), *(a.lower() for a in tier.aliases)):
                return tier
        return None


def shipped_names() -> list[str]:
    """Names of the schemes in the package (the registry `--scheme NAME` selects from)."""
    folder = resources.files("indicator_dsl.scoring").joinpath("schemes")
    return sorted(p.name[: -len(".toml")] for p in folder.iterdir() if p.name.endswith(".toml"))


@functools.cache
def _shipped_data(name: str) -> dict[str, Any]:
    if name not in shipped_names():
        available = ", ".join(shipped_names())
        raise SchemeError(f"没有此方案，可用：{available}", f"no such scheme; available: {available}")
    text = resources.files("indicator_dsl.scoring").joinpath("schemes", name + ".toml").read_text("utf-8")
    return tomllib.loads(text)


_TOML_AT = re.compile(r"\(at line (\d+), column (\d+)\)")


def load_scheme(name_or_path: str | Path = DEFAULT_SCHEME) -> Scheme:
    """A shipped scheme by name, or a TOML file by path (anything ending in .toml).  Errors
    in a file name the file, and the line for TOML syntax errors and bad values."""
    text = str(name_or_path)
    if not text.endswith(".toml"):
        return build_scheme(_resolve_extends(_shipped_data(text), depth=0))
    name = _display(text)
    try:
        source = Path(text).read_text(encoding="utf-8-sig")
    except FileNotFoundError:
        raise SchemeError("文件不存在", "no such file").at(name, "") from None
    except UnicodeDecodeError:
        raise SchemeError("不是 UTF-8 编码的文本", "not UTF-8 text").at(name, "") from None
    except OSError as exc:
        raise SchemeError(f"无法读取：{exc.strerror}", f"cannot read it: {exc.strerror}").at(name, "") from None
    try:
        data = tomllib.loads(source)
    except tomllib.TOMLDecodeError as exc:
        found = _TOML_AT.search(str(exc))
        line, column = (int(found.group(1)), int(found.group(2))) if found else (0, 0)
        message = _TOML_AT.sub("", str(exc)).strip()
        raise SchemeError(f"TOML 语法错误：{message}", f"TOML syntax error: {message}").at(
            name, source, line, column
        ) from None
    try:
        return build_scheme(_resolve_extends(data, depth=0))
    except SchemeError as exc:
        raise exc.at(name, source) from None


def _display(path: str) -> str:
    try:
        return str(Path(path).resolve().relative_to(Path.cwd()))
    except ValueError:
        return path


def _resolve_extends(data: dict[str, Any], depth: int) -> dict[str, Any]:
    parent_name = data.get("extends")
    if not parent_name:
        return data
    if depth > 5:
        raise SchemeError("extends 嵌套过深", "extends chain too deep", "extends")
    try:
        parent = _resolve_extends(_shipped_data(str(parent_name)), depth + 1)
    except SchemeError as exc:
        raise SchemeError(
            f"extends = “{parent_name}”：{exc.zh}", f"extends = '{parent_name}': {exc.en}", "extends"
        ) from None
    merged = dict(parent)
    for key, value in data.items():
        if isinstance(value, dict) and isinstance(parent.get(key), dict):
            merged[key] = {**parent[key], **value}
        else:
            merged[key] = value
    merged.pop("extends", None)
    return merged


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
    low, high = _number(data["low"]), _number(data["high"])
    tier = Tier(
        str(data["name"]),
        str(data.get("name_en", data["name"])),
        tuple(data.get("aliases", ())),
        low,
        high,
        bool(data.get("high_closed", False)),
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


def _pct(value: Fraction) -> str:
    from ..unparse import decimal_text

    return decimal_text(value * 100) + "%"
