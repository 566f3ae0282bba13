"""The typed AST: frozen dataclasses, every node with the span of the text it came from.

Nodes hold what the author wrote (numbers in the unit they were written in); the meaning in
base units is worked out by `semantics`.  `to_data` exports any node as JSON-ready data.
"""

from __future__ import annotations

import dataclasses
from enum import Enum, StrEnum
from fractions import Fraction
from typing import Any

from .dates import When
from .source import Source, Span


class Comparator(StrEnum):
    GE = "≥"
    GT = ">"
    LE = "≤"
    LT = "<"
    EQ = "="
    NE = "≠"

    def holds(self, left: Fraction, right: Fraction) -> bool:
        return _CMP_TESTS[self](left, right)


_CMP_TESTS = {
    Comparator.GE: lambda a, b: a >= b,
    Comparator.GT: lambda a, b: a > b,
    Comparator.LE: lambda a, b: a <= b,
    Comparator.LT: lambda a, b: a < b,
    Comparator.EQ: lambda a, b: a == b,
    Comparator.NE: lambda a, b: a != b,
}


class Direction(StrEnum):
    """正向: more is better; 反向: less is better; 等于/区间: hit the value or stay inside."""

    POSITIVE = "正向"
    NEGATIVE = "反向"
    EQUAL = "等于"
    RANGE = "区间"


class Kind(StrEnum):
    QUANTITATIVE = "定量"
    QUALITATIVE = "定性"


@dataclasses.dataclass(frozen=True, slots=True)
class Num:
    span: Span
    value: Fraction
    unit: str | None
    text: str


@dataclasses.dataclass(frozen=True, slots=True)
class Ref:
    span: Span
    name: str


@dataclasses.dataclass(frozen=True, slots=True)
class BinOp:
    span: Span
    op: str  # one of + - * /
    left: Expr
    right: Expr


@dataclasses.dataclass(frozen=True, slots=True)
class Neg:
    span: Span
    operand: Expr


@dataclasses.dataclass(frozen=True, slots=True)
class Call:
    span: Span
    func: str
    args: tuple[Expr, ...]


Expr = Num | Ref | BinOp | Neg | Call


@dataclasses.dataclass(frozen=True, slots=True)
class Quantity:
    """A number as written with its unit; `unit=None` takes the indicator's unit."""

    span: Span
    value: Fraction
    unit: str | None


@dataclasses.dataclass(frozen=True, slots=True)
class QuantTarget:
    span: Span
    comparator: Comparator | None  # None: implied by the direction (100% on a rate means ≥)
    quantity: Quantity
    qualifier: str | None = None  # 完成 / 以上 … as printed
    per: str | None = None  # 每亩 in 每亩300


@dataclasses.dataclass(frozen=True, slots=True)
class QualTarget:
    span: Span
    text: str  # 达成预期指标, 有效提升, 显著 …


@dataclasses.dataclass(frozen=True, slots=True)
class Interval:
    span: Span
    low: Quantity | None
    low_closed: bool
    high: Quantity | None
    high_closed: bool


@dataclasses.dataclass(frozen=True, slots=True)
class IntervalTarget:
    """`[95%, 100%]`, `(0, 5%]` (notation "[]"), `95%～100%` ("～"), `95%-100%` ("-")."""

    span: Span
    interval: Interval
    notation: str = "[]"


@dataclasses.dataclass(frozen=True, slots=True)
class ToleranceTarget:
    """`90%±5%` (center and tolerance), `±10%` (a deviation around zero: center None)."""

    span: Span
    center: Quantity | None
    tolerance: Quantity


@dataclasses.dataclass(frozen=True, slots=True)
class DeadlineTarget:
    """`2024年年底前`, `2024年11月`, `每年6月底前`, `2023年10月底前完工`."""

    span: Span
    when: When
    by: str | None = None  # 前 / 之前 / 以前 as printed
    done: str | None = None  # 完工 / 完成 … as printed


@dataclasses.dataclass(frozen=True, slots=True)
class PeriodTarget:
    """`2022.03-2022.12`, `2021年2月--2021年10月`: the work happens within the period."""

    span: Span
    start: When
    end: When
    done: str | None = None


@dataclasses.dataclass(frozen=True, slots=True)
class YesNoTarget:
    """`是` / `否` / `有` / `无`."""

    span: Span
    value: bool
    word: str


@dataclasses.dataclass(frozen=True, slots=True)
class BaselineTarget:
    """`不超过预算`, `控制在批复额度内`, `较上年增长`, `比上年提高10个百分点`: compared with a
    named input.  `points` is added to the baseline, `ratio` scales it; `text` as printed."""

    span: Span
    comparator: Comparator
    baseline: str
    text: str
    points: Fraction = Fraction(0)
    ratio: Fraction = Fraction(1)


@dataclasses.dataclass(frozen=True, slots=True)
class AnyTarget:
    """`不低于85%或比上年提高10个百分点`: met when any part is."""

    span: Span
    parts: tuple[Target, ...]


Target = (
    QuantTarget
    | QualTarget
    | IntervalTarget
    | ToleranceTarget
    | DeadlineTarget
    | PeriodTarget
    | YesNoTarget
    | BaselineTarget
    | AnyTarget
)


@dataclasses.dataclass(frozen=True, slots=True)
class ThresholdBand:
    span: Span
    grade: str
    comparator: Comparator | None  # None is the seed mistake `60差`
    quantity: Quantity


@dataclasses.dataclass(frozen=True, slots=True)
class IntervalBand:
    span: Span
    grade: str
    interval: Interval


Band = ThresholdBand | IntervalBand


@dataclasses.dataclass(frozen=True, slots=True)
class RuleText:
    """A 评分 clause as written: the printed 评分标准 (or its structured reading) and the span
    of the text itself, so findings of `criteria` point inside it."""

    span: Span
    text: str


@dataclasses.dataclass(frozen=True, slots=True)
class Formula:
    span: Span
    lhs: str | None
    lhs_span: Span | None
    expr: Expr


@dataclasses.dataclass(frozen=True, slots=True)
class Indicator:
    span: Span
    name: str
    name_span: Span
    title: str | None = None
    category: tuple[str, ...] = ()
    formula: Formula | None = None
    target: Target | None = None
    weight: Quantity | None = None
    bands: tuple[Band, ...] = ()
    direction: Direction | None = None
    direction_span: Span | None = None
    unit: str | None = None
    unit_span: Span | None = None
    aliases: tuple[str, ...] = ()
    alias_spans: tuple[Span, ...] = ()  # one per alias, where it is written
    source: str | None = None
    note: str | None = None
    basis: str | None = None
    description: str | None = None
    domain: Interval | None = None
    kind: Kind | None = None
    rule: RuleText | None = None  # 评分 / 评分标准 / 评(扣)分标准: the printed rule
    rule_reading: RuleText | None = None  # 评分读作: the structured reading a reviewer confirmed
    plan_year: int | None = None  # `年度 2024`: the year month-only deadlines belong to
    one_line: bool = False  # written as `name = expr`

    @property
    def all_aliases(self) -> tuple[str, ...]:
        """Declared aliases plus a formula left side that differs from the name (办案工作结案率)."""
        lhs = self.formula.lhs if self.formula else None
        extra = (lhs,) if lhs and lhs != self.name else ()
        return tuple(dict.fromkeys((*self.aliases, *extra)))


@dataclasses.dataclass(frozen=True, slots=True)
class Definition:
    """A shared definition (`定义 在办案件总数 = 新收 + 旧存`): a name, not an indicator."""

    span: Span
    name: str
    name_span: Span
    expr: Expr


@dataclasses.dataclass(frozen=True, slots=True)
class InputDecl:
    span: Span
    names: tuple[str, ...]
    unit: str


@dataclasses.dataclass(frozen=True, slots=True)
class UnitDecl:
    span: Span
    name: str
    factor: Fraction | None = None
    base: str | None = None


@dataclasses.dataclass(frozen=True, slots=True)
class Assertion:
    """`核对 a + b = c`: a sum that must agree (budget tables)."""

    span: Span
    left: Expr
    comparator: Comparator
    right: Expr


@dataclasses.dataclass(frozen=True, slots=True)
class Group:
    span: Span
    path: tuple[str, ...]
    weight: Quantity | None


@dataclasses.dataclass(frozen=True, slots=True)
class BudgetExecution:
    """`预算执行 全年执行数 / 全年预算数 权重 10`."""

    span: Span
    expr: Expr
    weight: Quantity | None


@dataclasses.dataclass(frozen=True, slots=True)
class Scorecard:
    span: Span
    name: str
    name_span: Span
    title: str | None = None
    scheme: str | None = None
    bands: tuple[Band, ...] = ()
    groups: tuple[Group, ...] = ()
    budget: BudgetExecution | None = None
    note: str | None = None
    source: str | None = None
    plan_year: int | None = None  # `年度 2024`


Statement = Indicator | Definition | InputDecl | UnitDecl | Assertion | Scorecard


@dataclasses.dataclass(frozen=True, slots=True)
class Comment:
    """`# …` to the end of its line: trivia, not meaning; kept so `fmt` can print it back."""

    span: Span
    text: str  # with the leading #


@dataclasses.dataclass(frozen=True)
class Document:
    source: Source
    statements: tuple[Statement, ...]
    comments: tuple[Comment, ...] = ()


def to_data(node: Any) -> Any:
    """JSON-ready data for any AST node (Fractions as exact strings, spans as offsets)."""
    if dataclasses.is_dataclass(node) and not isinstance(node, type):
        if isinstance(node, Source):
            return node.name
        out: dict[str, Any] = {"node": type(node).__name__}
        for f in dataclasses.fields(node):
            if not f.name.startswith("_"):
                out[f.name] = to_data(getattr(node, f.name))
        return out
    if isinstance(node, Enum):
        return node.value
    if isinstance(node, Fraction):
        return str(node)
    if isinstance(node, tuple):
        return [to_data(x) for x in node]
    return node


def shifted(node: Any, delta: int) -> Any:
    """The same node with every span moved `delta` characters on: a block parsed on its own is
    placed at its offset in the file (the parser reuses blocks it has already built)."""
    return node if delta == 0 else _shift(node, delta)


_FIELD_NAMES: dict[type, tuple[str, ...]] = {}  # the init fields of each node class, in order


def _shift(value: Any, delta: int) -> Any:
    kind = type(value)
    if kind is Span:
        return Span(value.start + delta, value.end + delta)
    if kind is tuple:
        return tuple(_shift(v, delta) for v in value)
    names = _FIELD_NAMES.get(kind)
    if names is None:
        is_node = dataclasses.is_dataclass(kind) and kind is not Source
        names = tuple(f.name for f in dataclasses.fields(kind) if f.init) if is_node else ()
        _FIELD_NAMES[kind] = names
    if not names:
        return value
    return kind(*[_shift(getattr(value, n), delta) for n in names])
