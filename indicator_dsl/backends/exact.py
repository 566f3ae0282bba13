"""Exact evaluator: Python source generated from the AST, compiled once, run per record.

Values travel as (numerator, denominator) integer pairs with a positive denominator and are
never reduced on the way, so arithmetic is exact and cheap; a band `≥95%` becomes the integer
test `n * 100 >= 95 * d`.  Only our own generated source is compiled, never user text: names
appear in it only as `repr()` string keys.  The source is kept (`Compiled.source`) for
debugging and golden tests, the way jinja2 exposes its generated code.
"""

from __future__ import annotations

import functools
import math
from collections.abc import Callable, Mapping
from dataclasses import dataclass
from fractions import Fraction
from types import CodeType
from typing import Any

from .. import ast as A
from ..rational import NotANumber, to_fraction
from ..semantics import Bound, Env, Resolved, met_band
from ..unparse import expr_text

RawResult = tuple[int, int, "str | None", "bool | None"]


class EvalFailure(Exception):
    """A per-record failure with a stable code (E401 zero divisor, E402 missing, E403 not a number)."""

    def __init__(self, code: str, **args: Any) -> None:
        super().__init__(code, args)
        self.code = code
        self.args_ = args


def convert(x: object, key: str, fn: int, fd: int, unit: str | None = None) -> tuple[int, int]:
    """Record value → (n, d) in base units; `fn/fd` is the factor of the value's unit.
    A string ending in % is already a ratio and is not scaled again; text with a unit
    (`691.2万元`) is read as actuals read it (`values.read_quantity`): converted from that unit,
    E403 if the unit is unknown or of another kind than `unit` (None: the input declares none)."""
    if x is None or (isinstance(x, str) and not x.strip()):
        raise EvalFailure("E402", name=key)
    try:
        f = to_fraction(x)
    except NotANumber:
        if isinstance(x, str):
            return _with_unit(x, key, unit)
        raise EvalFailure("E403", name=key, value=x) from None
    if isinstance(x, str) and x.strip().endswith(("%", "％")):
        return f.numerator, f.denominator
    return f.numerator * fn, f.denominator * fd


def _with_unit(x: str, key: str, unit: str | None) -> tuple[int, int]:
    from .. import units as U
    from ..values import UnitMismatch, read_quantity

    try:
        value, _ = read_quantity(x, U.lookup(unit) if unit else None, any_unit=unit is None)
    except (NotANumber, UnitMismatch):
        raise EvalFailure("E403", name=key, value=x) from None
    return value.numerator, value.denominator


MAX_BITS = 20_000  # about 6,000 digits: far above any amount, far below a runaway product


def settle(n: int, d: int, name: str) -> tuple[int, int]:
    """A definition's value in lowest terms.  Pairs are not reduced inside one formula (cheap),
    but a definition used by definitions used by … would otherwise multiply its denominators
    at every level (`d2 = d1 + d1 / 2`): reducing here keeps the numbers as small as the value.
    A value that is itself too large to be meant (a chain of squares) is E405, not a hang."""
    g = math.gcd(n, d)
    if g > 1:
        n, d = n // g, d // g
    if n.bit_length() > MAX_BITS or d.bit_length() > MAX_BITS:
        raise EvalFailure("E405", detail=f"“{name}” > 2^{MAX_BITS}")
    return n, d


@dataclass(frozen=True)
class Compiled:
    source: str
    function: Callable[[Mapping[str, Any]], RawResult]
    grade: Callable[[Mapping[str, Any]], Any] = lambda r: None
    record: Callable[..., Any] | None = None
    record_type: Any = None  # what `record` builds


class _Gen:
    def __init__(self, env: Env) -> None:
        self.env = env
        self.lines: list[str] = []
        self.helpers: list[str] = []
        self.counter = 0
        self.loaded: dict[str, tuple[str, str]] = {}
        self.def_funcs: dict[str, str] = {}

    def tmp(self) -> str:
        self.counter += 1
        return f"t{self.counter}"

    def emit(self, line: str, lines: list[str]) -> None:
        lines.append("    " + line)

    # ---- expressions: each returns (numerator code, denominator code) ----------------------------
    def expr(self, e: A.Expr, lines: list[str], loaded: dict[str, tuple[str, str]]) -> tuple[str, str]:
        if isinstance(e, A.Num):
            f = e.value * self.env.unit(e.unit).factor
            return str(f.numerator), str(f.denominator)
        if isinstance(e, A.Ref):
            return self.ref(e.name, lines, loaded)
        if isinstance(e, A.Neg):
            n, d = self.expr(e.operand, lines, loaded)
            return self.assign(f"-{n}", d, lines)
        if isinstance(e, A.Call):
            return self.call(e, lines, loaded)
        an, ad = self.expr(e.left, lines, loaded)
        bn, bd = self.expr(e.right, lines, loaded)
        if e.op == "+":
            return self.assign(f"{_mul(an, bd)} + {_mul(bn, ad)}", _mul(ad, bd), lines)
        if e.op == "-":
            return self.assign(f"{_mul(an, bd)} - {_mul(bn, ad)}", _mul(ad, bd), lines)
        if e.op == "*":
            return self.assign(_mul(an, bn), _mul(ad, bd), lines)
        return self.divide(an, ad, bn, bd, expr_text(e), lines)

    def divide(self, an: str, ad: str, bn: str, bd: str, text: str, lines: list[str]) -> tuple[str, str]:
        if bn.lstrip("-").isdigit():
            if int(bn) == 0:
                self.emit(f"raise Fail('E401', expr={text!r})", lines)
                return "0", "1"
            sign = "-" if bn.startswith("-") else ""
            return self.assign(f"{sign}{_mul(an, bd)}", _mul(ad, bn.lstrip("-")), lines)
        self.emit(f"if {bn} == 0: raise Fail('E401', expr={text!r})", lines)
        n, d = self.assign(_mul(an, bd), _mul(ad, bn), lines)
        self.emit(f"if {d} < 0: {n} = -{n}; {d} = -{d}", lines)
        return n, d

    def call(self, e: A.Call, lines: list[str], loaded: dict[str, tuple[str, str]]) -> tuple[str, str]:
        args = [self.expr(a, lines, loaded) for a in e.args]
        if e.func == "abs":
            return self.assign(f"abs({args[0][0]})", args[0][1], lines)
        n, d = self.assign(*args[0], lines, mutable=True)
        better = "<" if e.func == "min" else ">"
        for bn, bd in args[1:]:
            self.emit(f"if {_mul(bn, d)} {better} {_mul(n, bd)}: {n} = {bn}; {d} = {bd}", lines)
        return n, d

    def assign(self, n_code: str, d_code: str, lines: list[str], mutable: bool = False) -> tuple[str, str]:
        """Fresh temporaries for a value; a literal denominator stays literal unless the value
        will be reassigned (min/max)."""
        n, d = self.tmp(), self.tmp()
        self.emit(f"{n} = {n_code}", lines)
        if d_code.isdigit() and not mutable:
            return n, d_code
        self.emit(f"{d} = {d_code}", lines)
        return n, d

    def ref(self, name: str, lines: list[str], loaded: dict[str, tuple[str, str]]) -> tuple[str, str]:
        if name in loaded:
            return loaded[name]
        if name in self.env.definitions:
            func = self.definition(name)
            n, d = self.tmp(), self.tmp()
            self.emit(f"{n}, {d} = {func}(r)", lines)
        else:
            unit = self.env.input_units.get(name)
            fn, fd = (unit.factor.numerator, unit.factor.denominator) if unit else (1, 1)
            n, d = self.tmp(), self.tmp()
            self.emit(f"x = r.get({name!r})", lines)
            scaled = f"x * {fn}" if fn != 1 else "x"
            self.emit(f"if type(x) is int: {n} = {scaled}; {d} = {fd}", lines)
            self.emit(f"else: {n}, {d} = convert(x, {name!r}, {fn}, {fd}, {unit.name if unit else None!r})", lines)
        loaded[name] = (n, d)
        return n, d

    def definition(self, name: str) -> str:
        """A helper per shared definition; a value in the record overrides the formula."""
        if name in self.def_funcs:
            return self.def_funcs[name]
        func = f"d{len(self.def_funcs)}"
        self.def_funcs[name] = func
        lines: list[str] = []
        self.emit(f"x = r.get({name!r})", lines)
        self.emit(f"if x is not None and x != '': return convert(x, {name!r}, 1, 1)", lines)
        n, d = self.expr(self.env.definitions[name], lines, {})
        self.emit(f"return settle({n}, {d}, {name!r})", lines)
        self.helpers.append(f"def {func}(r):\n" + "\n".join(lines))
        return func


def _mul(a: str, b: str) -> str:
    if a == "1":
        return b
    if b == "1":
        return a
    return f"{_atom(a)} * {_atom(b)}"


def _atom(code: str) -> str:
    return code if code.lstrip("-").isidentifier() or code.lstrip("-").isdigit() else f"({code})"


def _test(cmp: A.Comparator | str, n: str, d: str, value: Fraction) -> str:
    """`n/d  cmp  value` with d > 0, as an integer comparison (cross-multiplied)."""
    op = {"≥": ">=", ">": ">", "≤": "<=", "<": "<", "=": "==", "≠": "!="}[A.Comparator(cmp).value]
    left = _mul(n, str(value.denominator))
    right = _mul(str(value.numerator), d)
    return f"{left} {op} {right}"


def _bound_test(b: Bound, n: str, d: str) -> str:
    parts = []
    if b.low is not None:
        parts.append(_test("≥" if b.low_closed else ">", n, d, b.low))
    if b.high is not None:
        parts.append(_test("≤" if b.high_closed else "<", n, d, b.high))
    return " and ".join(parts) or "True"


def compile_indicator(res: Resolved, env: Env, make: Callable[..., Any] | None = None) -> Compiled:
    """Generate and compile the indicator's functions over one record: `evaluate` (the raw
    (n, d, grade, met), raising EvalFailure), `grade` (the grade alone, None on a failure) and,
    given `make` (the result type), `record` returning `make(name, n, d, unit, factor, grade,
    met, code, args, places)` built in the generated code itself, with no call in between."""
    gen = _Gen(env)
    body: list[str] = []
    unit = res.unit
    fn, fd = (unit.factor.numerator, unit.factor.denominator) if unit else (1, 1)
    name = res.node.name
    gen.emit(f"x = r.get({name!r})", body)
    gen.emit("if x is not None and x != '':", body)
    gen.emit(f"    n, d = convert(x, {name!r}, {fn}, {fd}, {unit.name if unit else ''!r})", body)
    gen.emit("else:", body)
    inner: list[str] = []
    if res.expr is None:
        gen.emit(f"raise Fail('E402', name={name!r})", inner)
    else:
        n, d = gen.expr(res.expr, inner, {})
        gen.emit(f"n = {n}; d = {d}", inner)
    body += ["    " + ln for ln in inner]
    if res.bands:
        keyword = "if"
        for b in res.bands:
            gen.emit(f"{keyword} {_bound_test(b, 'n', 'd')}: g = {b.grade!r}", body)
            keyword = "elif"
        gen.emit("else: g = None", body)
    else:
        gen.emit("g = None", body)
    met = "None"
    if res.target is not None and not res.qualitative:
        met = _test(res.target.comparator, "n", "d", res.target.value)
    elif (band := met_band(res)) is not None:
        met = _bound_test(band, "n", "d")

    def function(head: str, tail: list[str], failed: str) -> str:
        lines = ["    try:", *("    " + ln for ln in body), "    except Fail as exc:", f"        return {failed}"]
        return head + "\n" + "\n".join(lines + ["    " + t for t in tail])

    functions = [
        "def evaluate(r):\n" + "\n".join([*body, f"    return n, d, g, {met}"]),
        function("def grade(r):", ["return g"], "None"),
    ]
    namespace: dict[str, Any] = {"convert": convert, "Fail": EvalFailure, "settle": settle}
    if make is not None:
        namespace.update(new_=tuple.__new__, make_=make, unit_=unit.name if unit else "", factor_=_factor(res))
        # everything the hot path needs as a local (default arguments), not a global lookup
        head = f"def record(r, places=2, name={name!r}, new=new_, make=make_, unit=unit_, factor=factor_):"
        failed = "new(make, (name, None, None, unit, factor, None, None, exc.code, exc.args_, places))"
        done = f"return new(make, (name, n, d, unit, factor, g, {met}, None, None, places))"
        functions.append(function(head, [done], failed))
    source = "\n\n".join([*gen.helpers, *functions]) + "\n"
    exec(_code(source, f"<indicator {name}>"), namespace)  # noqa: S102 - our own generated source
    return Compiled(source, namespace["evaluate"], namespace["grade"], namespace.get("record"), make)


@functools.lru_cache(maxsize=4096)
def _code(source: str, filename: str) -> CodeType:
    """Generated source compiled once: projects that share an indicator share its formula,
    bands and target, hence its source (each run still gets its own namespace)."""
    return compile(source, filename, "exec")


def _factor(res: Resolved) -> Fraction:
    return res.unit.factor if res.unit else Fraction(1)


def evaluate_expr(expr: A.Expr, env: Env, record: Mapping[str, Any]) -> Fraction:
    """Exact value of a free expression (assertions, budget execution) against a record."""
    gen = _Gen(env)
    body: list[str] = []
    n, d = gen.expr(expr, body, {})
    gen.emit(f"return {n}, {d}", body)
    source = "\n\n".join([*gen.helpers, "def evaluate(r):\n" + "\n".join(body)]) + "\n"
    namespace: dict[str, Any] = {"convert": convert, "Fail": EvalFailure, "settle": settle}
    exec(_code(source, "<expression>"), namespace)  # noqa: S102 - our own generated source
    num, den = namespace["evaluate"](record)
    return Fraction(num, den)
