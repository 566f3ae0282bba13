"""The meaning of a document: names, units and directions resolved; targets and bands in base
units.  This is the "checked AST" every backend compiles from, so exact, vector and SQL
evaluators agree on what a band or a target means.
"""

from __future__ import annotations

from collections.abc import Iterable, Iterator
from dataclasses import dataclass, field
from fractions import Fraction

from . import ast as A
from . import conditions as C
from . import units as U
from .conditions import Condition
from .diagnostics import Diagnostic
from .intervals import Interval
from .source import Source, Span
from .target_semantics import resolve_condition, written_unit

FUNCTIONS = {"min": 2, "max": 2, "abs": 1}  # name → minimum arity (min/max take 2 or more)
MAX_DEFINITION_DEPTH = 100  # definitions that use definitions …: deeper chains are E207

_DIRECTION_OF = {
    A.Comparator.GE: A.Direction.POSITIVE,
    A.Comparator.GT: A.Direction.POSITIVE,
    A.Comparator.LE: A.Direction.NEGATIVE,
    A.Comparator.LT: A.Direction.NEGATIVE,
    A.Comparator.EQ: A.Direction.EQUAL,
}
_IMPLIED_COMPARATOR = {
    A.Direction.POSITIVE: A.Comparator.GE,
    A.Direction.NEGATIVE: A.Comparator.LE,
    A.Direction.EQUAL: A.Comparator.EQ,
    A.Direction.RANGE: A.Comparator.EQ,
}


@dataclass(frozen=True, slots=True)
class Bound:
    """One resolved band: a grade for the values of an `Interval` (base units)."""

    grade: str
    interval: Interval
    span: Span

    @property
    def low(self) -> Fraction | None:
        return self.interval.low

    @property
    def low_closed(self) -> bool:
        return self.interval.low_closed

    @property
    def high(self) -> Fraction | None:
        return self.interval.high

    @property
    def high_closed(self) -> bool:
        return self.interval.high_closed

    def contains(self, value: Fraction) -> bool:
        return self.interval.contains(value)


@dataclass(frozen=True, slots=True)
class ResolvedTarget:
    comparator: A.Comparator
    value: Fraction  # base units
    unit: U.Unit
    text: str

    def met(self, value: Fraction) -> bool:
        return self.comparator.holds(value, self.value)


def comparator_bound(grade: str, cmp: A.Comparator, value: Fraction, span: Span) -> Bound | None:
    """`≥95 优` → [95, ∞) 优.  ≠ is not a band (the checker says so)."""
    interval = Interval.from_comparator(cmp.value, value)
    return None if interval is None else Bound(grade, interval, span)


@dataclass
class Env:
    """Names visible in a catalog: inputs with declared units, definitions, indicators."""

    declared_units: dict[str, U.Unit] = field(default_factory=dict)
    input_units: dict[str, U.Unit] = field(default_factory=dict)
    definitions: dict[str, A.Expr] = field(default_factory=dict)
    indicator_units: dict[str, U.Unit | None] = field(default_factory=dict)
    # Unit of each definition, inferred once: a definition used many times (and used by
    # definitions used many times) is analysed once, so analysis is linear in the DAG.
    definition_units: dict[str, tuple[U.Unit | None, tuple[str, ...]]] = field(default_factory=dict)
    plan_year: int | None = None  # a scorecard's `年度 2024`: the year of deadlines printed without one

    def unit(self, text: str | None, context: U.Unit | None = None) -> U.Unit:
        """`context`: the indicator's unit, which a bare prefix (`300万`) scales."""
        return U.lookup(text, self.declared_units, context) if text else U.DIMENSIONLESS


def referenced_names(expr: A.Expr) -> Iterator[A.Ref]:
    stack: list[A.Expr] = [expr]
    while stack:
        node = stack.pop()
        if isinstance(node, A.Ref):
            yield node
        elif isinstance(node, A.BinOp):
            stack += [node.right, node.left]
        elif isinstance(node, A.Neg):
            stack.append(node.operand)
        elif isinstance(node, A.Call):
            stack.extend(reversed(node.args))


def iter_nums(expr: A.Expr) -> Iterator[A.Num]:
    stack: list[A.Expr] = [expr]
    while stack:
        node = stack.pop()
        if isinstance(node, A.Num):
            yield node
        elif isinstance(node, A.BinOp):
            stack += [node.right, node.left]
        elif isinstance(node, A.Neg):
            stack.append(node.operand)
        elif isinstance(node, A.Call):
            stack.extend(node.args)


class UnitInference:
    """Infers the unit of an expression; `None` means unknown (an undeclared input).

    A ratio of two unknowns is taken as dimensionless (rates compare like with like), so
    `a / b * 100%` is a percent.  Mismatches are collected as E301 diagnostics.
    """

    def __init__(self, env: Env, source: Source | None) -> None:
        self.env = env
        self.source = source
        self.diags: list[Diagnostic] = []
        self.undeclared: dict[str, None] = {}  # inputs met whose unit nobody declared (the guess)
        self._busy: set[str] = set()
        self._cut = False

    def infer(self, expr: A.Expr) -> U.Unit | None:
        if isinstance(expr, A.Num):
            return self.env.unit(expr.unit)
        if isinstance(expr, A.Ref):
            return self.ref(expr.name)
        if isinstance(expr, A.Neg):
            return self.infer(expr.operand)
        if isinstance(expr, A.Call):
            found = [self.infer(a) for a in expr.args]
            return self.same(found, expr) if expr.func in ("min", "max") else (found[0] if found else None)
        left, right = self.infer(expr.left), self.infer(expr.right)
        if expr.op in "+-":
            return self.same([left, right], expr)
        if left is None and right is None:
            return U.DIMENSIONLESS if expr.op == "/" else None
        if left is None or right is None:
            known = left or right
            return known if known is not None and known.dimensionless and known.factor != 1 and expr.op == "*" else None
        combined = U.combine(left, right, expr.op)
        if not combined.dims and (left.name == "%" or right.name == "%"):
            return U.PERCENT
        return combined

    def same(self, found: list[U.Unit | None], expr: A.Expr) -> U.Unit | None:
        known = [u for u in found if u is not None]
        for other in known[1:]:
            if not other.compatible(known[0]):
                self.diags.append(
                    Diagnostic(
                        "E301", expr.span, self.source, {"left": U.describe(known[0]), "right": U.describe(other)}
                    )
                )
                return None
        if len(known) < len(found):
            return None
        return known[0] if known else None

    def ref(self, name: str) -> U.Unit | None:
        if name in self.env.input_units:
            return self.env.input_units[name]
        if name not in self.env.definitions:
            self.undeclared[name] = None
            return None
        memo = self.env.definition_units
        if name in memo:
            unit, undeclared = memo[name]
            self.undeclared.update(dict.fromkeys(undeclared))
            return unit
        if name in self._busy or len(self._busy) >= MAX_DEFINITION_DEPTH:
            self._cut = True  # a cycle or a chain too deep: what depends on this is not memoised
            return None
        # A definition's own mistakes are reported on its own line (check_units visits every
        # definition), so the inference through a reference is silent.
        self._busy.add(name)
        outer, self.diags = self.diags, []
        outer_undeclared, self.undeclared = self.undeclared, {}
        cut_before, self._cut = self._cut, False
        try:
            unit = self.infer(self.env.definitions[name])
        finally:
            self._busy.discard(name)
            self.diags = outer
            found, self.undeclared = self.undeclared, outer_undeclared
            self.undeclared.update(found)
        if not self._cut:
            memo[name] = (unit, tuple(found))
        self._cut = self._cut or cut_before
        return unit


@dataclass(frozen=True)
class Resolved:
    """An indicator with its meaning worked out (what backends compile)."""

    node: A.Indicator
    expr: A.Expr | None
    unit: U.Unit | None  # display unit
    direction: A.Direction
    target: ResolvedTarget | None
    qualitative: bool
    bands: tuple[Bound, ...]
    weight: Fraction | None
    undeclared: tuple[str, ...] = ()  # inputs whose unit is a guess, when the guess changes the value
    condition: Condition | None = None  # the target as a typed condition (None: none, or no plan year)
    plan_year: int | None = None  # `年度`: the indicator's own, else the scorecard's


def met_band(res: Resolved) -> Bound | None:
    """The target as the one band test every engine renders, for targets that are an interval
    on the indicator's value (`[95%, 100%]`, `90%±5%`; deadlines and periods on a value that
    is a day number).  A comparator target keeps its own test (≠ is no band)."""
    cond = res.condition
    if res.target is not None or res.qualitative or not isinstance(cond, C.Within | C.Deadline | C.Period):
        return None
    return Bound("达标", cond.interval, res.node.target.span if res.node.target else res.node.span)


def resolve_quantity(q: A.Quantity, unit: U.Unit | None, env: Env) -> tuple[Fraction, U.Unit]:
    """Base-unit value of a written quantity; a bare number takes the indicator's unit."""
    written = env.unit(q.unit, unit) if q.unit else (unit or U.DIMENSIONLESS)
    return q.value * written.factor, written


def resolve_indicator(node: A.Indicator, env: Env, inferred: U.Unit | None, undeclared: Iterable[str] = ()) -> Resolved:
    """`undeclared`: the formula's inputs with no declared unit.  Then the formula's unit is a
    guess, and the one rule for a number without a written unit applies to its result too: it
    is in the indicator's unit (`单位`, else the target's), so `加固总投资 / 水库数` against
    `≤90万元` is a number of 万元.  `undeclared` on the result says the guess mattered (W304)."""
    target_node = node.target
    guessed = tuple(undeclared)
    target_unit = written_unit(target_node)  # `≥95%`, `[95%, 100%]`, `90%±5%`: the unit the target prints
    if node.unit:
        unit: U.Unit | None = env.unit(node.unit)
    elif inferred is not None and (inferred.dims or inferred.factor != 1):
        unit = inferred
    elif target_unit and (guessed or inferred is None):
        unit = env.unit(target_unit)
    elif target_unit:
        written = env.unit(target_unit)
        unit = written if written.compatible(inferred or U.DIMENSIONLESS) else inferred
    else:
        unit = inferred
    plan_year = node.plan_year if node.plan_year is not None else env.plan_year
    condition = None
    if target_node is not None:
        condition = resolve_condition(
            target_node,
            lambda q: resolve_quantity(q, unit, env),
            plan_year,
            _IMPLIED_COMPARATOR[node.direction or A.Direction.POSITIVE],
        )
    direction = node.direction
    if direction is None and isinstance(target_node, A.QuantTarget) and target_node.comparator in _DIRECTION_OF:
        direction = _DIRECTION_OF[target_node.comparator]
    if direction is None and isinstance(condition, C.Within | C.Period | C.Baseline):
        direction = condition.direction
    direction = direction or A.Direction.POSITIVE
    target = None
    if isinstance(target_node, A.QuantTarget):
        value, written = resolve_quantity(target_node.quantity, unit, env)
        cmp = target_node.comparator or _IMPLIED_COMPARATOR[direction]
        if not written.known or written.compatible(unit or U.DIMENSIONLESS):  # else E303, and no target
            target = ResolvedTarget(cmp, value, written, _target_text(target_node))
    bands = tuple(b for b in (resolve_band(band, unit, env) for band in node.bands) if b is not None)
    expr = node.formula.expr if node.formula else None
    if expr is not None and guessed and unit is not None and unit.factor != 1 and _unitless(inferred, unit):
        expr = A.BinOp(expr.span, "*", expr, A.Num(expr.span, unit.factor, None, U.describe(unit)))
    else:
        guessed = ()
    weight = node.weight.value if node.weight else None
    qualitative = node.kind is A.Kind.QUALITATIVE or isinstance(target_node, A.QualTarget)
    if isinstance(condition, C.Compared) and target is not None:
        condition = C.Compared(target.comparator, target.value, target.text)  # the direction's comparator
    return Resolved(node, expr, unit, direction, target, qualitative, bands, weight, guessed, condition, plan_year)


def _unitless(inferred: U.Unit | None, unit: U.Unit) -> bool:
    """The formula has no unit of its own to hold against the indicator's: unknown, or a ratio
    of undeclared inputs where the indicator's unit has a kind (a ratio is a ratio for %)."""
    return inferred is None or (inferred.dimensionless and inferred.factor == 1 and bool(unit.dims))


def resolve_band(band: A.Band, unit: U.Unit | None, env: Env) -> Bound | None:
    if isinstance(band, A.ThresholdBand):
        if band.comparator is None:
            return None
        value, _ = resolve_quantity(band.quantity, unit, env)
        return comparator_bound(band.grade, band.comparator, value, band.span)
    iv = band.interval
    low = resolve_quantity(iv.low, unit, env)[0] if iv.low else None
    high = resolve_quantity(iv.high, unit, env)[0] if iv.high else None
    return Bound(band.grade, Interval(low, iv.low_closed, high, iv.high_closed), band.span)


def _target_text(t: A.QuantTarget) -> str:
    from .unparse import quantity_text

    cmp = t.comparator.value if t.comparator else ""
    return f"{cmp}{quantity_text(t.quantity)}"


def build_env(documents: Iterable[A.Document], plan_year: int | None = None) -> Env:
    """`plan_year` (`check --year`) overrides the scorecards' `年度`; an indicator's own still wins."""
    env = Env()
    docs = list(documents)
    for doc in docs:
        for st in doc.statements:
            if isinstance(st, A.UnitDecl):
                base = U.lookup(st.base) if st.base else U.Unit(st.name, ((st.name, 1),), Fraction(1))
                env.declared_units[st.name] = U.Unit(st.name, base.dims, base.factor * (st.factor or 1))
    years = [st.plan_year for doc in docs for st in doc.statements if isinstance(st, A.Scorecard) and st.plan_year]
    env.plan_year = plan_year if plan_year is not None else (years[0] if years else None)
    for doc in docs:
        for st in doc.statements:
            if isinstance(st, A.InputDecl):
                for name in st.names:
                    env.input_units[name] = env.unit(st.unit)
            elif isinstance(st, A.Definition):
                env.definitions.setdefault(st.name, st.expr)
            elif isinstance(st, A.Indicator) and st.formula is not None:
                env.definitions.setdefault(st.name, st.formula.expr)
                for alias in (*st.aliases, st.formula.lhs):
                    if alias and alias != st.name:
                        env.definitions.setdefault(alias, A.Ref(st.name_span, st.name))
    return env
