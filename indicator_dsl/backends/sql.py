"""SQL backend: an indicator set compiled to ONE SELECT over a table of inputs.

Every value is an exact pair of DECIMAL(38,0) integers (numerator, denominator > 0), built
layer by layer (one subquery per expression depth, so SQL grows linearly with the formula).
Bands and targets are cross-multiplied integer comparisons, `n * 20 >= 19 * d`; a zero divisor
goes through NULLIF and gives the record the code E401, a NULL input E402, a non-number E403 —
the exact evaluator's codes, first failure in evaluation order.  The text is written for DuckDB
(run embedded, the default) and rendered for other dialects with sqlglot.  Identifiers are always
quoted and escaped, so CJK and hostile names are just names.

Float columns are read exactly through their shortest decimal: the runner finds the fewest
decimals k (≤ 9) that reproduce every value and the SQL rounds `x * 10^k` to an integer.  Text
columns are read with `rational.parse_decimal`'s rules, in SQL: Unicode digits and ，/％ are
translated, Unicode spaces stripped, well-formed thousands separators removed, a trailing % is /100;
the digits become the numerator and 10^(decimals) the denominator, so no text value is rounded.
"""

from __future__ import annotations

import functools
import math
import os
import unicodedata
from collections.abc import Callable, Collection, Mapping, Sequence
from dataclasses import dataclass, field, replace
from decimal import Decimal
from fractions import Fraction
from typing import Any

from .. import ast as A
from ..semantics import Bound, Env, Resolved, met_band
from ..unparse import expr_text
from .codes import GroupColumnError

DEC = "DECIMAL(38,0)"
INT64_SAFE = 2**62
REDUCE_FROM = 10**18  # pairs this large are brought to lowest terms where the engine can (GCD)
FLOAT_SCALE_MAX = 9
# parse_decimal's number, with at least one digit (a lone sign or point is not a number)
TEXT_NUMBER = r"^[+-]?(([0-9]{1,3}(,[0-9]{3})+|[0-9]+)([.][0-9]+)?|[.][0-9]+)$"
TEXT_MAX_CHARS = 60  # rational.MAX_DIGITS
PLAIN_NUMBER = r"^-?[0-9]{1,15}([.][0-9]{1,15})?$"  # read without the general rules (≤ 30 digits)
_SQL_CMP = {"≥": ">=", ">": ">", "≤": "<=", "<": "<", "=": "=", "≠": "<>"}
OUTPUTS = ("value", "n", "d", "grade", "met", "error")
ENGINE_OUTPUTS = ("n", "d", "grade", "met", "error")  # what `evaluations` reads: the value is n/d


def ident(name: str) -> str:
    """A quoted identifier: `"名称"`, with embedded quotes doubled."""
    return '"' + name.replace('"', '""') + '"'


def literal(text: str) -> str:
    return "'" + text.replace("'", "''") + "'"


def number(k: int) -> str:
    """An integer literal; large ones are cast so every engine reads them as DECIMAL(38,0)."""
    text = str(k) if k >= 0 else f"({k})"
    return text if abs(k) < 2**31 else f"CAST({text} AS {DEC})"


def column_name(indicator: str, output: str) -> str:
    """Output column of an indicator: `rate:value`, `rate:grade`, …"""
    return f"{indicator}:{output}"


@dataclass(frozen=True, slots=True)
class ColumnType:
    """How an input column is stored: int, decimal (with scale), float (exact at `scale` decimals) or text."""

    kind: str
    scale: int = 0
    narrow: bool = False  # every value fits DECIMAL(18,0): cheaper arithmetic, engines widen products
    top: int | None = None  # largest |value| × 10^scale, when the runner has probed the data
    nullable: bool = True  # False: the probe found no NULL, so no E402 test is generated
    positive: bool = False  # every value > 0: a divisor needing no zero or sign test


@dataclass(frozen=True, slots=True)
class Q:
    """An exact value in SQL: numerator and denominator expressions, error expression or None,
    the layer whose columns it reads, and whether its numerator is known positive."""

    n: str
    d: str
    e: str | None
    level: int
    pos: bool = False
    const: Fraction | None = None
    nmax: int | None = None  # |n| ≤ nmax and 0 < d ≤ dmax when known (None: unbounded)
    dmax: int | None = None


def _mul(a: str, b: str) -> str:
    """a * b; two integer literals are multiplied here, since engines type a small literal as
    INT32 and `29 * 100000000` (a threshold times a DECIMAL(38,8) column's 10^8) overflows it."""
    if a == "1":
        return b
    if b == "1":
        return a
    x, y = _int_literal(a), _int_literal(b)
    if x is not None and y is not None:
        return number(x * y)
    return f"{_atom(a)} * {_atom(b)}"


def _constant(f: Fraction) -> Q:
    return Q(number(f.numerator), str(f.denominator), None, 0, f > 0, f, abs(f.numerator), f.denominator)


def _fold(f: Fraction) -> Q | None:
    """A constant subexpression (`max(1.5, 0.1)`, `-29`, `2 * 3`) computed here, exactly, when it
    stays well inside BIGINT; the engines would type its literals INT32 and could overflow there."""
    return _constant(f) if max(abs(f.numerator), f.denominator) < INT64_SAFE else None


def _int_literal(code: str) -> int | None:
    """The value of what `number` writes (`29`, `(-3)`, `CAST(… AS DECIMAL(38,0))`), else None."""
    if code.startswith("CAST(") and code.endswith(f" AS {DEC})"):
        code = code[5 : -len(f" AS {DEC})")]
    if code.startswith("(") and code.endswith(")"):
        code = code[1:-1]
    digits = code[1:] if code.startswith("-") else code
    return int(code) if digits.isascii() and digits.isdigit() else None


def _atom(code: str) -> str:
    plain = code.replace("_", "").replace('"', "").isalnum() and " " not in code
    return code if plain or code.lstrip("-").isdigit() else f"({code})"


def _bmul(*xs: int | None) -> int | None:
    out = 1
    for x in xs:
        if x is None:
            return None
        out *= x
    return out


def _badd(x: int | None, y: int | None) -> int | None:
    return None if x is None or y is None else x + y


def _either(*tests: str | None) -> str | None:
    found = [f"({t})" for t in tests if t is not None]
    return " OR ".join(found) if found else None


def _coalesce(*errors: str | None) -> str | None:
    found = [e for e in errors if e is not None]
    if not found:
        return None
    return found[0] if len(found) == 1 else f"COALESCE({', '.join(found)})"


@dataclass
class SqlCompiler:
    """Builds the layers of one SELECT for a set of indicators over a table with `schema`."""

    env: Env
    schema: Mapping[str, ColumnType]
    group_by: str | None = None
    order: str | None = None  # the row-number column: per group, E403 names the last bad cell like exact
    layers: list[list[tuple[str, str]]] = field(default_factory=lambda: [[], []])
    inputs: dict[tuple[str, int, int], Q] = field(default_factory=dict)
    counter: int = 0
    int64: bool = False  # every bound proved below 2^62: BIGINT arithmetic instead of DECIMAL(38,0)
    peak: int | None = 0  # largest bound of any value or product (None: unknown)
    pre: list[list[tuple[str, str]]] = field(default_factory=lambda: [[] for _ in range(7)])  # per row, before layer 1
    columns: dict[str, str] = field(default_factory=dict)  # table column → its internal alias
    digits: int = 38  # exact digits of the engine's DECIMAL arithmetic (dialects.Dialect.digits)
    reduce: bool = False  # the engine has GCD over 128-bit integers (DuckDB): large pairs are reduced
    e805: set[str] = field(default_factory=set)  # error columns that may hold E805

    @property
    def safe(self) -> int:
        """A bound below which no operation can leave the exact range: no overflow test needed."""
        return 10 ** (self.digits - 1)

    @property
    def text_digits(self) -> int:
        """Digits (and decimals) of a text cell read exactly, with room for the % scale."""
        return self.digits - 2

    def col(self, name: str) -> str:
        """The internal alias a table column is read under.  The SELECT projects only these
        aliases at its bottom, so a user column can never meet (or forge) a generated name."""
        if name not in self.columns:
            self.columns[name] = f"__c{len(self.columns)}"
        return self.columns[name]

    def overflow(self, products: Sequence[Sequence[str]], *bounds: int | None) -> str | None:
        """A per-row test that a sum of products may not fit DECIMAL(38,0) — only where the
        static bounds (from the AST and the column statistics) do not already rule it out."""
        if not self.int64 and any(b is None or b >= self.safe for b in bounds):
            terms = [" * ".join(f"ABS(CAST({x} AS DOUBLE))" for x in p if x != "1") or "1" for p in products]
            # a NULL factor (a failed record) must not leave the test NULL: the ELSE branch would
            # still multiply the other, huge, factors and fail the whole query
            return f"COALESCE({' + '.join(terms)} >= 9.9e{self.digits - 1}, TRUE)"
        return None

    def first_error(self, *errors: str | None) -> str | None:
        """The record's first failure in evaluation order, as exact reports it.  E805 is no
        failure of exact's (it evaluates the value), so any other code of the record comes first:
        `a / b` with a 60-digit `a` and a blank `b` is E402, as in exact."""
        found = [e for e in errors if e is not None]
        if len(found) < 2 or not any(self.may_805(e) for e in found):
            return _coalesce(*found)
        others = [f"CASE WHEN LEFT({e}, 4) <> 'E805' THEN {e} END" if self.may_805(e) else e for e in found]
        return f"COALESCE({', '.join(others + [e for e in found if self.may_805(e)])})"

    def reduced(self, q: Q) -> Q:
        """The pair in lowest terms where it is large (|n| or d ≥ 10^18 on the row): unreduced,
        `a / b + (b - b)` over 20-digit text cells carries a 10^28 denominator into the sum and
        gives E805 where the value is 181250000/17965836166862381.  Rows of small numbers skip
        the GCD; bounds stay as they were (the next operation still tests each row)."""
        small = q.nmax is not None and q.dmax is not None and max(q.nmax, q.dmax) < REDUCE_FROM
        if not self.reduce or self.int64 or small or q.d.isdigit():
            return q
        big = f"ABS({q.n}) >= {REDUCE_FROM} OR {q.d} >= {REDUCE_FROM}"
        n, d = f"CAST({q.n} AS HUGEINT)", f"CAST({q.d} AS HUGEINT)"
        g = f"GCD({n}, {d})"
        return self.node(
            f"CASE WHEN {big} THEN CAST({n} // {g} AS {DEC}) ELSE {q.n} END",
            f"CASE WHEN {big} THEN CAST({d} // {g} AS {DEC}) ELSE {q.d} END",
            q.e,
            q.level,
            q.pos,
            q.nmax,
            q.dmax,
        )

    def wide(self, code: str) -> str:
        """An integer literal cast to the arithmetic's type: a CASE whose branches are all literals
        (`THEN 1 ELSE 100000000`) is INT32 in the engines, and its products overflow there."""
        if _int_literal(code) is None or code.startswith("CAST("):
            return code
        return f"CAST({code} AS {'BIGINT' if self.int64 else DEC})"

    def may_805(self, e: str | None) -> bool:
        return e is not None and ("'E805" in e or any(name in e for name in self.e805))

    def bound(self, *values: int | None) -> None:
        for v in values:
            self.peak = None if v is None or self.peak is None else max(self.peak, v)

    def node(
        self,
        n: str,
        d: str,
        e: str | None,
        level: int,
        pos: bool = False,
        nmax: int | None = None,
        dmax: int | None = None,
        overflow: str | None = None,
        text: str = "",
    ) -> Q:
        """Materialise a value as columns of the next layer, so parents refer to it by name.
        With `overflow`, rows where it holds get no value and the code E805 (after any earlier
        failure), instead of an engine-wide overflow error."""
        n = self.wide(n)  # a column of its own: typed like the arithmetic, never INT32
        if overflow is not None:
            d = f"CASE WHEN {overflow} THEN NULL ELSE {self.wide(d)} END"
            n = f"CASE WHEN {overflow} THEN NULL ELSE {n} END"
            e = _coalesce(e, f"CASE WHEN {overflow} THEN {literal(f'E805 {text}')} END")
        self.counter += 1
        k, lvl = self.counter, level + 1
        while len(self.layers) <= lvl:
            self.layers.append([])
        cols = self.layers[lvl]
        cols.append((f"__v{k}_n", n))
        dn = d if d.lstrip("-").isdigit() else f"__v{k}_d"
        if dn != d:
            cols.append((dn, d))
        en = None
        if e is not None:
            en = f"__v{k}_e"
            cols.append((en, e))
            if self.may_805(e):
                self.e805.add(en)
        self.bound(nmax, dmax)
        return Q(f"__v{k}_n", dn, en, lvl, pos, None, nmax, dmax)

    # ---- inputs -----------------------------------------------------------------------------
    def read(self, name: str, fn: int, fd: int) -> Q:
        """An input column as exact integers in base units (layer 1)."""
        key = (name, fn, fd)
        if key in self.inputs:
            return self.inputs[key]
        col, ctype = self.col(name), self.schema[name]
        if ctype.kind == "text":
            q = self.read_text(name, fn, fd)
            self.inputs[key] = q
            return q
        scale = ctype.scale
        bad = None
        narrow = "BIGINT" if self.int64 else DEC  # DuckDB checks DECIMAL(18) products in 18 digits
        if ctype.kind == "int":
            n = f"CAST({col} AS {narrow if ctype.narrow else DEC})"
        elif ctype.kind == "decimal" and scale == 0:
            n = f"CAST({col} AS {narrow if ctype.narrow else DEC})"
        elif ctype.kind == "decimal":
            # the unscaled digits: exact for every DECIMAL(38,s), where `col * 10^s` overflows
            n = f"CAST(REPLACE(CAST({col} AS VARCHAR), '.', '') AS {narrow if ctype.narrow else DEC})"
        elif ctype.kind == "float":
            finite = f"{col} BETWEEN -1.7976931348623157e308 AND 1.7976931348623157e308"
            n = f"CAST(ROUND(CASE WHEN {finite} THEN {col} ELSE 0 END * {number(10**scale)}) AS {narrow})"
            bad = f"NOT ({finite})"
        n = _mul(n, number(fn))
        d = str(10**scale * fd)
        missing = "FALSE" if not ctype.nullable else f"{col} IS NULL"
        idx = len(self.inputs)
        q = self._input_columns(idx, name, n, d, missing, bad)
        top = ctype.top if ctype.top is not None or ctype.kind != "int" else 2**64  # an int column: ≤ 64 bits
        nmax = None if top is None else top * fn
        q = Q(q.n, q.d, q.e, q.level, ctype.positive, None, nmax, 10**scale * fd)
        self.bound(q.nmax, q.dmax)
        self.inputs[key] = q
        return q

    def read_text(self, name: str, fn: int, fd: int) -> Q:
        """A text column read like `rational.parse_decimal` (and `exact.convert`: a value written
        with % is a ratio, not scaled by the input's unit).  Per row, in the pre-layers: the
        stripped text, its number part, then the signed digits `m`, the decimals `k` (+2 for %),
        the %-flag and the missing/bad flags.  Grouped, values are summed over 10^max(k)."""
        idx = len(self.inputs)
        col, v = self.col(name), f"__tx{idx}_"
        pct = f"RIGHT({v}t, 1) = '%'"
        u = f"CASE WHEN {pct} THEN {_strip(f'LEFT({v}t, LENGTH({v}t) - 1)')} ELSE {v}t END"
        valid = f"REGEXP_MATCHES({v}u, {literal(TEXT_NUMBER)}) AND LENGTH({v}u) <= {TEXT_MAX_CHARS}"
        decimals = f"CASE WHEN STRPOS({v}u, '.') > 0 THEN LENGTH({v}u) - STRPOS({v}u, '.') ELSE 0 END"
        digits = f"REPLACE(REPLACE({v}u, ',', ''), '.', '')"
        # the fast path: a plain ASCII integer or decimal (what most files hold) skips the Unicode
        # translation, the trims and the general pattern; every other cell takes the general rules
        plain = f"{v}f"
        self.pre[0].append((plain, f"COALESCE(REGEXP_MATCHES({col}, {literal(PLAIN_NUMBER)}), FALSE)"))
        self.pre[1].append((f"{v}s", f"CASE WHEN {plain} THEN {col} ELSE {_ascii_digits(col)} END"))
        self.pre[2].append((f"{v}t", f"CASE WHEN {plain} THEN {v}s ELSE {_strip(f'{v}s')} END"))
        self.pre[3] += [
            (f"{v}u", f"CASE WHEN {plain} THEN {v}t ELSE {u} END"),
            (f"{v}p", f"{col} IS NOT NULL AND {pct}"),
        ]
        ok = f"CASE WHEN {plain} THEN TRUE ELSE COALESCE({valid}, FALSE) END"
        self.pre[4] += [(f"{v}x", f"{col} IS NULL OR {v}t = ''"), (f"{v}ok", ok)]
        # a number with more digits than DECIMAL(38,0) holds (the reader takes 60) is E805 for its record
        big = f"{v}ok AND (LENGTH({digits}) > {self.text_digits} OR {decimals} > {self.text_digits - 2})"
        self.pre[5] += [
            (f"{v}b", f"{col} IS NOT NULL AND {v}t <> '' AND NOT {v}ok"),
            (f"{v}g", big),
            (f"{v}m", f"CASE WHEN {v}ok AND NOT ({big}) THEN CAST({digits} AS {DEC}) END"),
            (f"{v}k", f"CASE WHEN {v}ok AND NOT ({big}) THEN {decimals} + CASE WHEN {v}p THEN 2 ELSE 0 END END"),
        ]
        e402, e403, e805 = literal(f"E402 {name}"), literal(f"E403 {name}"), literal(f"E805 {name}")
        if self.group_by is None:
            e403 = f"CONCAT({literal(f'E403 {name} = ')}, CAST({col} AS VARCHAR))"
            n = f"CASE WHEN {v}p THEN {v}m ELSE {_mul(f'{v}m', number(fn))} END"
            d = f"CASE WHEN {v}p THEN {_pow10(f'{v}k')} ELSE {_mul(_pow10(f'{v}k'), number(fd))} END"
            err = f"CASE WHEN {v}x THEN {e402} WHEN {v}b THEN {e403} WHEN {v}g THEN {e805} END"
        else:
            top = f"{v}top"
            self.pre[6].append((top, f"MAX({v}k) OVER (PARTITION BY {self.col(self.group_by)})"))
            # a `29%` cell is already a ratio: scale it by fd/fd, every other cell by the unit's fn/fd
            scale = f"CASE WHEN {v}p THEN {number(fd)} ELSE {number(fn)} END"
            n = f"SUM(CASE WHEN {v}m IS NULL THEN 0 ELSE {v}m * {_pow10(f'{top} - {v}k')} * {scale} END)"
            d = _mul(_pow10(f"MAX({top})"), number(fd))
            last = f"ARG_MAX({col}, {self.col(self.order)})" if self.order else f"MAX({col})"
            e403 = f"CONCAT({literal(f'E403 {name} = ')}, {last} FILTER (WHERE {v}b))"
            bad = f" WHEN SUM(CASE WHEN {v}b THEN 1 ELSE 0 END) > 0 THEN {e403}"
            bad += f" WHEN SUM(CASE WHEN {v}g THEN 1 ELSE 0 END) > 0 THEN {e805}"
            err = f"CASE{bad} WHEN COUNT({v}m) = 0 THEN {e402} END"
        self.layers[1] += [(f"__in{idx}_n", n), (f"__in{idx}_d", d), (f"__in{idx}_e", err)]
        self.e805.add(f"__in{idx}_e")
        top_n = None if self.group_by else 10**self.text_digits * max(fn, 1)
        top_d = None if self.group_by else 10**self.text_digits * fd
        return Q(f"__in{idx}_n", f"__in{idx}_d", f"__in{idx}_e", 1, False, None, top_n, top_d)

    def _input_columns(self, idx: int, name: str, n: str, d: str, missing: str, bad: str | None) -> Q:
        e402, e403 = literal(f"E402 {name}"), literal(f"E403 {name}")
        if self.group_by is None and missing == "FALSE" and bad is None:
            self.layers[1].append((f"__in{idx}_n", n))
            return Q(f"__in{idx}_n", d, None, 1)
        if self.group_by is None:
            e403 = f"CONCAT({literal(f'E403 {name} = ')}, CAST({self.col(name)} AS VARCHAR))"
            err = f"CASE WHEN {missing} THEN {e402}" + (f" WHEN {bad} THEN {e403}" if bad else "") + " END"
            value = n  # NULL where missing or not a number; the error column masks those records
        else:
            flag = f"({missing})" + (f" OR ({bad})" if bad else "")
            value = f"SUM(CASE WHEN {flag} THEN 0 ELSE {n} END)"
            count = f"SUM(CASE WHEN {flag} THEN 0 ELSE 1 END)"
            bad_sum = f" WHEN SUM(CASE WHEN {bad} THEN 1 ELSE 0 END) > 0 THEN {e403}" if bad else ""
            err = f"CASE{bad_sum} WHEN {count} = 0 THEN {e402} END"
        self.layers[1] += [(f"__in{idx}_n", value), (f"__in{idx}_e", err)]
        return Q(f"__in{idx}_n", d, f"__in{idx}_e", 1)

    def overridable(self, name: str, fn: int, fd: int, formula: A.Expr | None) -> Q:
        """A table column named like the indicator or definition overrides the formula where given."""
        if name not in self.schema:
            if formula is None:
                return Q("0", "1", literal(f"E402 {name}"), 0)
            return self.expr(formula, {})
        col = self.read(name, fn, fd)
        if formula is None or col.e is None:
            return col
        inner = self.expr(formula, {})
        given = f"{col.e} IS NULL OR {col.e} NOT LIKE 'E402%'"
        level = max(col.level, inner.level)
        err = f"CASE WHEN {given} THEN {col.e} ELSE {inner.e or 'NULL'} END"
        return self.node(
            f"CASE WHEN {given} THEN {col.n} ELSE {inner.n} END",
            f"CASE WHEN {given} THEN {col.d} ELSE {inner.d} END",
            err,
            level,
            False,
            None if col.nmax is None or inner.nmax is None else max(col.nmax, inner.nmax),
            None if col.dmax is None or inner.dmax is None else max(col.dmax, inner.dmax),
        )

    # ---- expressions -------------------------------------------------------------------------
    def expr(self, e: A.Expr, loaded: dict[str, Q]) -> Q:
        if isinstance(e, A.Num):
            return _constant(e.value * self.env.unit(e.unit).factor)
        if isinstance(e, A.Ref):
            if e.name not in loaded:
                loaded[e.name] = self.ref(e.name)
            return loaded[e.name]
        if isinstance(e, A.Neg):
            a = self.expr(e.operand, loaded)
            if a.const is not None and (folded := _fold(-a.const)) is not None:
                return folded
            over = self.overflow([[a.n]], a.nmax)
            return self.node(f"-{_atom(a.n)}", a.d, a.e, a.level, False, a.nmax, a.dmax, over, expr_text(e))
        if isinstance(e, A.Call):
            return self.call(e, loaded)
        a, b = self.expr(e.left, loaded), self.expr(e.right, loaded)
        if a.const is not None and b.const is not None and (e.op != "/" or b.const != 0):
            value = {"+": a.const + b.const, "-": a.const - b.const, "*": a.const * b.const}.get(e.op)
            if (folded := _fold(a.const / b.const if value is None else value)) is not None:
                return folded
        level, err = max(a.level, b.level), self.first_error(a.e, b.e)
        text = expr_text(e)
        if e.op in "+-" and a.d == b.d and a.d.isdigit():  # one scale (two DECIMAL(38,8) columns)
            nmax = _badd(a.nmax, b.nmax)
            over = self.overflow([[a.n], [b.n]], nmax)
            q = self.node(
                f"{a.n} {e.op} {_atom(b.n)}", a.d, err, level, e.op == "+" and a.pos and b.pos, nmax, a.dmax, over, text
            )
            return self.reduced(q)
        if e.op in "+-":
            n = f"{_mul(a.n, b.d)} {e.op} {_atom(_mul(b.n, a.d))}"
            nmax, dmax = _badd(_bmul(a.nmax, b.dmax), _bmul(b.nmax, a.dmax)), _bmul(a.dmax, b.dmax)
            over = _either(self.overflow([[a.n, b.d], [b.n, a.d]], nmax), self.overflow([[a.d, b.d]], dmax))
            pos = e.op == "+" and a.pos and b.pos
            return self.reduced(self.node(n, _mul(a.d, b.d), err, level, pos, nmax, dmax, over, text))
        if e.op == "*":
            if a.const == 1 or b.const == 1:
                return b if a.const == 1 else a
            nmax, dmax = _bmul(a.nmax, b.nmax), _bmul(a.dmax, b.dmax)
            over = _either(self.overflow([[a.n, b.n]], nmax), self.overflow([[a.d, b.d]], dmax))
            q = self.node(_mul(a.n, b.n), _mul(a.d, b.d), err, level, a.pos and b.pos, nmax, dmax, over, text)
            return self.reduced(q)
        return self.reduced(self.divide(a, b, text, level, err))

    def divide(self, a: Q, b: Q, text: str, level: int, err: str | None) -> Q:
        e401 = literal(f"E401 {text}")
        nmax, dmax = _bmul(a.nmax, b.dmax), _bmul(a.dmax, b.nmax)
        over = _either(self.overflow([[a.n, b.d]], nmax), self.overflow([[a.d, b.n]], dmax))
        if b.const is not None:
            k = b.const.numerator
            if k == 0:
                return self.node("0", "1", self.first_error(err, e401), level, False, 0, 1)
            n = _mul(a.n, b.d)
            neg = f"-{_atom(n)}" if k < 0 else n
            return self.node(neg, _mul(a.d, str(abs(k))), err, level, a.pos and k > 0, nmax, dmax, over, text)
        n = _mul(a.n, b.d)
        if b.pos:
            return self.node(n, _mul(a.d, b.n), err, level, a.pos, nmax, dmax, over, text)
        n = self.wide(n)
        sign = f"CASE WHEN {b.n} < 0 THEN -{_atom(n)} ELSE {n} END"
        zero = f"CASE WHEN {b.n} = 0 THEN {e401} END"
        d = _mul(a.d, f"ABS(NULLIF({b.n}, 0))")
        return self.node(sign, d, self.first_error(err, zero), level, False, nmax, dmax, over, text)

    def call(self, e: A.Call, loaded: dict[str, Q]) -> Q:
        args = [self.expr(x, loaded) for x in e.args]
        consts = [a.const for a in args if a.const is not None]
        if len(consts) == len(args) and e.func in ("abs", "min", "max"):
            value = abs(consts[0]) if e.func == "abs" else min(consts) if e.func == "min" else max(consts)
            if (folded := _fold(value)) is not None:
                return folded
        if e.func == "abs":
            a = args[0]
            over = self.overflow([[a.n]], a.nmax)
            return self.node(f"ABS({a.n})", a.d, a.e, a.level, False, a.nmax, a.dmax, over, expr_text(e))
        best = args[0]
        for b in args[1:]:
            op = "<" if e.func == "min" else ">"
            better = f"{_mul(b.n, best.d)} {op} {_mul(best.n, b.d)}"
            self.bound(_bmul(b.nmax, best.dmax), _bmul(best.nmax, b.dmax))
            over = _either(
                self.overflow([[b.n, best.d]], _bmul(b.nmax, best.dmax)),
                self.overflow([[best.n, b.d]], _bmul(best.nmax, b.dmax)),
            )
            # a failed side (NULL) makes the result NULL: picking the other side would let a later
            # test (a zero divisor) fire on a value exact never computed (differential seed 11)
            failed = f"WHEN ({better}) IS NULL THEN NULL " if b.e is not None or best.e is not None else ""
            best = self.node(
                f"CASE {failed}WHEN {better} THEN {self.wide(b.n)} ELSE {self.wide(best.n)} END",
                f"CASE {failed}WHEN {better} THEN {self.wide(b.d)} ELSE {self.wide(best.d)} END",
                self.first_error(best.e, b.e),
                max(best.level, b.level),
                False,
                None if b.nmax is None or best.nmax is None else max(b.nmax, best.nmax),
                None if b.dmax is None or best.dmax is None else max(b.dmax, best.dmax),
                over,
                expr_text(e),
            )
        return best

    def ref(self, name: str) -> Q:
        if name in self.env.definitions:
            return self.overridable(name, 1, 1, self.env.definitions[name])
        if name not in self.schema:
            return Q("0", "1", literal(f"E402 {name}"), 0)
        unit = self.env.input_units.get(name)
        fn, fd = (unit.factor.numerator, unit.factor.denominator) if unit else (1, 1)
        return self.read(name, fn, fd)

    # ---- outputs -----------------------------------------------------------------------------
    def outputs(self, res: Resolved, wanted: Sequence[str] = OUTPUTS, lean: bool = False) -> list[tuple[str, str]]:
        """The `wanted` result columns of one indicator (value as DOUBLE, exact numerator n and
        denominator d, grade, met, error).  `lean` leaves out columns that are NULL on every row
        (error when nothing can fail, grade without bands, met without target); readers treat a
        missing column as NULL."""
        unit = res.unit
        fn, fd = (unit.factor.numerator, unit.factor.denominator) if unit else (1, 1)
        x = self.overridable(res.node.name, fn, fd, res.expr)
        if x.level == 0:
            x = self.node(x.n, x.d, x.e, 0, x.pos, x.nmax, x.dmax)
        thresholds = (
            [*(v for b in res.bands for v in (b.low, b.high) if v is not None)]
            + ([res.target.value] if res.target is not None else [])
            + _band_ends(met_band(res))
        )
        for v in thresholds:
            self.bound(_bmul(x.nmax, v.denominator), _bmul(abs(v.numerator), x.dmax))
        if thresholds:
            q = max(v.denominator for v in thresholds)
            p = max(abs(v.numerator) for v in thresholds)
            over = _either(
                self.overflow([[x.n, str(q)]], _bmul(x.nmax, q)), self.overflow([[x.d, str(p)]], _bmul(x.dmax, p))
            )
            if over is not None:  # the band and target tests cross-multiply: too big to grade in SQL
                x = self.node(x.n, x.d, x.e, x.level, x.pos, x.nmax, x.dmax, over, res.node.name)

        def when_ok(expr: str) -> str:
            return expr if x.e is None else f"CASE WHEN {x.e} IS NULL THEN {expr} END"

        cols: dict[str, str | None] = {
            "value": when_ok(f"CAST({x.n} AS DOUBLE) / CAST({x.d} AS DOUBLE)"),
            "n": when_ok(x.n),
            "d": when_ok(x.d),
            "grade": when_ok(_grade(res.bands, x)) if res.bands else None,
            "met": None,
            "error": x.e,
        }
        if res.target is not None and not res.qualitative:
            cols["met"] = when_ok(_test(res.target.comparator.value, x, res.target.value))
        elif (band := met_band(res)) is not None:
            cols["met"] = when_ok(_band_test(band, x))
        nulls = {"grade": "CAST(NULL AS VARCHAR)", "met": "CAST(NULL AS BOOLEAN)", "error": "CAST(NULL AS VARCHAR)"}
        out = []
        for key in OUTPUTS:
            expr = cols[key] if cols[key] is not None else None if lean else nulls[key]
            if key in wanted and expr is not None:
                out.append((column_name(res.node.name, key), expr))
        return out


def _grade(bands: Sequence[Bound], x: Q) -> str:
    """First band that holds; the last one's test is dropped when the bands cover every number."""
    tests = [_band_test(b, x) for b in bands]
    if _covers_all(bands):
        tests[-1] = "ELSE"
    whens = " ".join(
        f"ELSE {literal(b.grade)}" if t == "ELSE" else f"WHEN {t} THEN {literal(b.grade)}"
        for b, t in zip(bands, tests, strict=True)
    )
    return f"CASE {whens} END"


def _covers_all(bands: Sequence[Bound]) -> bool:
    """Whether the union of the bands is every number: a sweep from -∞, extending the covered
    prefix (-∞, reach) — or (-∞, reach] when `closed` — by any band that starts inside it."""
    reach: Fraction | None = None  # None: nothing covered yet
    closed, moved = False, True
    while moved:
        moved = False
        for b in bands:
            if b.low is not None and (
                reach is None or b.low > reach or (b.low == reach and not (b.low_closed or closed))
            ):
                continue
            if b.high is None:
                return True
            if reach is None or b.high > reach or (b.high == reach and b.high_closed and not closed):
                reach, closed, moved = b.high, b.high_closed, True
    return False


def _pow10(k: str) -> str:
    """10^k as an exact DECIMAL(38,0) (k up to 37; beyond, the cast fails loudly)."""
    return f"CAST(CONCAT('1', REPEAT('0', {k})) AS {DEC})"


FULL_WIDTH = ("０１２３４５６７８９，％", "0123456789,%")
NON_ASCII = r"[^\x00-\x7F]"


@functools.cache
def _text_maps() -> tuple[str, str]:
    """Every Unicode decimal digit parse_decimal accepts (Python's `\\d`, category Nd) → its ASCII
    digit; ，→, ％→%.  From the generated table; recomputed under another Unicode version."""
    from . import unicode_tables as u

    if u.UNICODE_VERSION == unicodedata.unidata_version:
        return u.DIGITS + "，％", u.DIGIT_VALUES + ",%"
    chars = [chr(i) for i in range(128, 0x110000) if chr(i).isdecimal()]
    return "".join(chars) + "，％", "".join(str(unicodedata.decimal(c)) for c in chars) + ",%"


@functools.cache
def _spaces() -> str:
    """What Python's str.strip() strips."""
    from . import unicode_tables as u

    if u.UNICODE_VERSION == unicodedata.unidata_version:
        return u.SPACES
    return "".join(chr(i) for i in range(0x110000) if chr(i).isspace())


def _ascii_digits(col: str) -> str:
    """The text with Unicode digits and ，/％ made ASCII.  Engines rebuild a TRANSLATE map per row,
    so the 660-character one runs only on text still non-ASCII (besides spaces) after the
    full-width one, and ASCII text is not translated at all."""
    common = f"TRANSLATE({col}, {literal(FULL_WIDTH[0])}, {literal(FULL_WIDTH[1])})"
    froms, tos = _text_maps()
    other = "[^\\x00-\\x7F" + "".join(c for c in _spaces() if ord(c) > 127) + "]"
    full = f"TRANSLATE({col}, {literal(froms)}, {literal(tos)})"
    inner = f"CASE WHEN REGEXP_MATCHES({common}, {literal(other)}) THEN {full} ELSE {common} END"
    return f"CASE WHEN REGEXP_MATCHES({col}, {literal(NON_ASCII)}) THEN {inner} ELSE {col} END"


def _strip(text: str) -> str:
    """Python's str.strip() in SQL; the trim (slow with 29 characters) only where an end is a space."""
    spaces = literal(_spaces())
    edge = f"STRPOS({spaces}, LEFT({text}, 1)) > 0 OR STRPOS({spaces}, RIGHT({text}, 1)) > 0"
    return f"CASE WHEN {edge} THEN TRIM({text}, {spaces}) ELSE {text} END"


def _test(cmp: str, x: Q, value: Fraction) -> str:
    return f"{_mul(x.n, str(value.denominator))} {_SQL_CMP[cmp]} {_mul(number(value.numerator), x.d)}"


def _band_ends(band: Bound | None) -> list[Fraction]:
    return [] if band is None else [v for v in (band.low, band.high) if v is not None]


def _band_test(b: Bound, x: Q) -> str:
    parts = []
    if b.low is not None:
        parts.append(_test("≥" if b.low_closed else ">", x, b.low))
    if b.high is not None:
        parts.append(_test("≤" if b.high_closed else "<", x, b.high))
    return " AND ".join(parts) or "TRUE"


def compile_select(
    indicators: Sequence[Resolved],
    env: Env,
    schema: Mapping[str, ColumnType],
    table: str = "records",
    keep: Sequence[str] = (),
    group_by: str | None = None,
    outputs: Sequence[str] = OUTPUTS,
    lean: bool = False,
    digits: int = 38,
    reduce: bool = True,
) -> str:
    """One SELECT (DuckDB dialect) giving, per record or per group, the `outputs` columns
    (value/n/d/grade/met/error) of every indicator; `keep` columns (row ids) pass through.
    The engines ask for n/d/grade/met/error, `lean` (the exact value is n/d; always-NULL columns
    left out); `indicator-dsl sql` prints every column.  `digits`: how many digits the target
    engine's DECIMAL arithmetic keeps exactly (`dialects.Dialect.digits`); values that could pass
    it get a per-row overflow test (E805).  `reduce`: the engine has GCD over 128-bit integers
    (`Dialect.gcd`: DuckDB), so large intermediate pairs are brought to lowest terms (fewer E805)."""
    order = keep[0] if group_by and keep else None
    comp = SqlCompiler(env, schema, group_by, order, digits=digits, reduce=reduce)
    outs = [col for res in indicators for col in comp.outputs(res, outputs, lean)]
    if group_by is None and comp.peak is not None and comp.peak < INT64_SAFE:
        comp = SqlCompiler(env, schema, group_by, order, int64=True, digits=digits, reduce=reduce)
        outs = [col for res in indicators for col in comp.outputs(res, outputs, lean)]
    passthrough = [group_by] if group_by else list(keep)
    passed = [comp.col(c) for c in passthrough]
    if order:
        comp.col(order)
    # the bottom: only the columns read, under internal names (no user name reaches a layer)
    source = f"(SELECT {', '.join(f'{ident(c)} AS {a}' for c, a in comp.columns.items()) or '1 AS __c'}"
    source += f" FROM {ident(table)}) AS __src"
    for i, layer in enumerate(comp.pre):
        if layer:
            cols = ", ".join(f"{expr} AS {alias}" for alias, expr in layer)
            source = f"(SELECT *, {cols} FROM {source}) AS __p{i}"
    if group_by is None:
        query = f"SELECT * FROM {source}"
        if comp.layers[1]:
            cols = ", ".join(f"{expr} AS {alias}" for alias, expr in comp.layers[1])
            query = f"SELECT *, {cols} FROM {source}"
    else:
        cols = ", ".join([passed[0]] + [f"{expr} AS {alias}" for alias, expr in comp.layers[1]])
        query = f"SELECT {cols} FROM {source} GROUP BY {passed[0]}"
    for i, layer in enumerate(comp.layers[2:], start=2):
        cols = ", ".join(f"{expr} AS {alias}" for alias, expr in layer)
        query = f"SELECT *, {cols} FROM ({query}) AS __l{i}"
    shown = [f"{a} AS {ident(c)}" for c, a in zip(passthrough, passed, strict=True)]
    select = ", ".join(shown + [f"{expr} AS {ident(alias)}" for alias, expr in outs])
    suffix = f" ORDER BY {ident(group_by)}" if group_by else ""
    return f"SELECT {select} FROM ({query}) AS __t{suffix}"


def render(sql: str, dialect: str = "duckdb", pretty: bool = False) -> str:
    """The DuckDB SQL in another dialect, through sqlglot."""
    import sqlglot

    from .dialects import DIALECTS

    return sqlglot.transpile(sql, read="duckdb", write=DIALECTS[dialect].sqlglot, pretty=pretty)[0]


def column_type(sql_type: str) -> ColumnType:
    """An engine's type name (DuckDB or Spark) → how we read it."""
    t = sql_type.upper()
    if t.startswith("DECIMAL"):
        precision, _, scale = t[t.find("(") + 1 :].rstrip(")").partition(",") if "(" in t else ("38", "", "0")
        return ColumnType("decimal", int(scale or 0), int(precision) <= 18, 10 ** int(precision))
    if t.startswith(("HUGEINT", "UHUGEINT")):
        return ColumnType("int", top=2**128)
    if any(
        t.startswith(k)
        for k in (
            "TINYINT",
            "SMALLINT",
            "INT",
            "BIGINT",
            "HUGEINT",
            "UTINYINT",
            "USMALLINT",
            "UINTEGER",
            "UBIGINT",
            "LONG",
            "SHORT",
            "BYTE",
        )
    ):
        return ColumnType("int", top=2**64)  # 64 bits at most; the stats probe narrows it
    if any(t.startswith(k) for k in ("DOUBLE", "FLOAT", "REAL")):
        return ColumnType("float")
    return ColumnType("text")


def stats_probe(columns: Sequence[str], table: str) -> str:
    """Per numeric column: largest magnitude, smallest value, NULL count.  They let the compiler
    prove int64 arithmetic cannot overflow and drop zero-divisor and missing-value tests the data
    cannot trigger."""
    parts = []
    for c in columns:
        x = f"CAST({ident(c)} AS DOUBLE)"
        parts += [f"MAX(ABS({x}))", f"MIN({x})", f"COUNT(*) - COUNT({ident(c)})"]
    return f"SELECT {', '.join(parts)} FROM {ident(table)}"


def _with_stats(t: ColumnType, top: object, low: object, nulls: object) -> ColumnType:
    finite = isinstance(top, (int, float, Decimal)) and math.isfinite(float(top))
    bound = int(float(top) * 10**t.scale * (1 + 2**-40)) + 2 if finite else None  # type: ignore[arg-type]
    positive = isinstance(low, (int, float, Decimal)) and float(low) > 0
    narrow = t.narrow or t.kind == "float" or (bound is not None and bound < 10**17)
    return replace(t, narrow=narrow, top=bound, nullable=bool(nulls), positive=positive)


def scale_probe(columns: Sequence[str], table: str) -> str:
    """One query giving, per float column, the fewest decimals (≤ 9, else 99) that reproduce every
    value, and the largest magnitude (to check the scaled integers stay exact)."""
    parts = []
    for c in columns:
        col = ident(c)
        finite = f"{col} BETWEEN -1.7976931348623157e308 AND 1.7976931348623157e308"
        whens = " ".join(f"WHEN {col} = ROUND({col}, {k}) THEN {k}" for k in range(FLOAT_SCALE_MAX + 1))
        parts.append(f"MAX(CASE WHEN NOT ({finite}) OR {col} IS NULL THEN 0 {whens} ELSE 99 END)")
        parts.append(f"MAX(CASE WHEN {finite} THEN ABS({col}) ELSE 0 END)")
    return f"SELECT {', '.join(parts)} FROM {ident(table)}"


class ExactReadError(Exception):
    """A float column whose values have no short exact decimal (E801)."""

    def __init__(self, name: str, reason: str) -> None:
        super().__init__(f"E801 {name}: {reason}")
        self.name, self.reason = name, reason


def float_scales(row: Sequence[object], columns: Sequence[str]) -> dict[str, ColumnType]:
    out = {}
    for i, name in enumerate(columns):
        k, top = row[2 * i], row[2 * i + 1]
        k = 0 if k is None else int(k)  # type: ignore[call-overload]
        top = 0.0 if top is None else float(top)  # type: ignore[arg-type]
        if k > FLOAT_SCALE_MAX or top * 10.0**k >= 2.0**50:
            raise ExactReadError(name, "浮点值位数过多，请存为 DECIMAL / floats with too many digits; store as DECIMAL")
        out[name] = ColumnType("float", k)
    return out


# ---- running ------------------------------------------------------------------------------------
ROW = "__row"


def fresh(base: str, taken: Sequence[str]) -> str:
    """`base`, or `base_1`, `base_2` … — a generated column name no input column already has."""
    name, k = base, 0
    while name in taken:
        k += 1
        name = f"{base}_{k}"
    return name


def split_error(text: str | None) -> tuple[str | None, dict[str, object] | None]:
    """`E402 planned` → ("E402", {"name": "planned"}); see `results.split_detail`."""
    from .results import split_detail

    return split_detail(text)


def evaluations(table: Any, indicators: Sequence[Resolved], places: int = 2) -> list[tuple[Any, Any]]:
    """Rows of an engine's result table (pyarrow) → (row id, evaluation.Evaluation) pairs, built on
    request from the columnar `Results` (the engines' callers keep the columns)."""
    from .results import from_wide

    return list(from_wide(table, indicators, places=places))


def detect_schema(
    types: Mapping[str, str],
    probe: object,
    table: str = "records",
    wanted: Collection[str] | None = None,
    stats: Callable[[Sequence[str]], Sequence[object] | None] | None = None,
) -> dict[str, ColumnType]:
    """Column types of a table; float columns get the scale `probe(sql) -> row` finds.  Only the
    `wanted` columns (those the indicators read) are probed, and `stats(columns)` — statistics a
    file already stores, such as parquet's — replaces the scanning probe when it can answer."""
    schema = {name: column_type(t) for name, t in types.items()}
    read = [n for n in schema if wanted is None or n in wanted]
    floats = [name for name in read if schema[name].kind == "float"]
    if floats:
        schema.update(float_scales(probe(scale_probe(floats, table)), floats))  # type: ignore[operator]
    numeric = [name for name in read if schema[name].kind != "text"]
    if numeric:
        row = stats(numeric) if stats is not None and not floats else None
        if row is None:
            row = probe(stats_probe(numeric, table))  # type: ignore[operator]
        for i, c in enumerate(numeric):
            schema[c] = _with_stats(schema[c], *row[3 * i : 3 * i + 3])
    return schema


def needed_columns(indicators: Sequence[Resolved], env: Env) -> set[str]:
    """Every name the indicators may read from a table: inputs, definitions and the indicators'
    own names (a column with an indicator's name overrides its formula)."""
    from ..semantics import referenced_names

    names: set[str] = set()
    stack = [res.expr for res in indicators if res.expr is not None]
    names.update(res.node.name for res in indicators)
    while stack:
        for ref in referenced_names(stack.pop()):
            if ref.name not in names:
                names.add(ref.name)
                if ref.name in env.definitions:
                    stack.append(env.definitions[ref.name])
    return names


def parquet_stats(path: str, columns: Sequence[str]) -> list[object] | None:
    """The stats probe's row (max |x|, min, NULL count per column) from a parquet file's own
    row-group statistics, without reading the data; None when a row group has none."""
    import pyarrow.parquet as pq

    try:
        meta = pq.ParquetFile(path).metadata
    except (OSError, ValueError):
        return None
    names = [meta.schema.column(i).name for i in range(meta.num_columns)]
    out: list[object] = []
    for c in columns:
        if c not in names:
            return None
        j = names.index(c)
        top: Any = 0
        low: Any = None
        nulls = 0
        for g in range(meta.num_row_groups):
            st = meta.row_group(g).column(j).statistics
            if st is None or not st.has_min_max or st.null_count is None:
                if st is not None and st.null_count == meta.row_group(g).num_rows:
                    nulls += st.null_count
                    continue
                return None
            lo, hi = st.min, st.max
            if not isinstance(lo, (int, Decimal)) or not isinstance(hi, (int, Decimal)):
                return None
            top = max(top, abs(lo), abs(hi))
            low = lo if low is None else min(low, lo)
            nulls += st.null_count
        out += [top, low, nulls]
    return out


def duckdb_source(con: object, source: object, table: str = "records") -> str:
    """Register a parquet/csv path (a directory: its *.parquet files, by name), an Arrow table or a
    polars DataFrame as `table`, with row numbers in file order: the scan's ordinality for files, an
    index column added before registering for in-memory tables — never `row_number() OVER ()`,
    whose order is the engine's business.  Returns the row-number column's name (`__row`, or a
    variant when the input has a column of that name)."""
    if isinstance(source, str):
        low = source.lower()
        if os.path.isdir(source):
            scan = f"read_parquet({literal(os.path.join(source, '*.parquet'))})"
        elif low.endswith((".parquet", ".pq")):
            scan = f"read_parquet({literal(source)})"
        else:
            # every column as text: DuckDB's type sniffing would read decimals as DOUBLE
            scan = f"read_csv({literal(source)}, header = true, all_varchar = true)"
        scan += " WITH ORDINALITY"
        names = [r[0] for r in con.sql(f"DESCRIBE SELECT * FROM {scan}").fetchall()]  # type: ignore[attr-defined]
        row = fresh(ROW, names[:-1])
        view = f"SELECT * EXCLUDE ({ident(names[-1])}), {ident(names[-1])} AS {ident(row)} FROM {scan}"
    else:
        indexed = with_row_index(source)
        row = indexed.column_names[-1]
        con.register("__input", indexed)  # type: ignore[attr-defined]
        view = "SELECT * FROM __input"
    con.execute(f"CREATE OR REPLACE TEMP VIEW {ident(table)} AS {view}")  # type: ignore[attr-defined]
    return row


def with_row_index(source: Any) -> Any:
    """An Arrow table or polars DataFrame with a 1-based `__row` column in its own order."""
    import pyarrow as pa

    if not isinstance(source, pa.Table):
        source = source.to_arrow() if hasattr(source, "to_arrow") else pa.table(source)  # polars / pandas
    import numpy as np

    row = fresh(ROW, source.column_names)
    return source.append_column(row, pa.array(np.arange(1, source.num_rows + 1, dtype=np.int64)))


def run_duckdb(
    indicators: Sequence[Resolved],
    env: Env,
    source: object,
    group_by: str | None = None,
    con: object = None,
) -> object:
    """Evaluate in embedded DuckDB; returns a pyarrow Table (one row per record or per group)."""
    import duckdb

    con = con or duckdb.connect()
    row = duckdb_source(con, source)
    types = {r[0]: r[1] for r in con.sql(f"DESCRIBE {ident('records')}").fetchall() if r[0] != row}  # type: ignore[attr-defined]
    if group_by is not None and group_by not in types:
        raise GroupColumnError(group_by, types)
    wanted = needed_columns(indicators, env)
    stats = None
    if isinstance(source, str) and source.lower().endswith((".parquet", ".pq")) and os.path.isfile(source):
        path = source
        stats = lambda columns: parquet_stats(path, columns)  # noqa: E731 - the probe the file answers
    probe = lambda sql: con.sql(sql).fetchall()[0]  # type: ignore[attr-defined]  # noqa: E731
    schema = detect_schema(types, probe, wanted=wanted, stats=stats)
    sql = compile_select(indicators, env, schema, keep=[row], group_by=group_by, outputs=ENGINE_OUTPUTS, lean=True)
    # no ORDER BY: projections over a scan keep its order (DuckDB's preserve_insertion_order)
    return con.sql(sql).to_arrow_table()  # type: ignore[attr-defined]
