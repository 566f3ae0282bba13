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

from collections.abc import Mapping, Sequence
from dataclasses import dataclass, field

from .. import ast as A
from ..semantics import Env, Resolved
from ..unparse import expr_text
from .sql_bands import OUTPUTS, indicator_outputs
from .sql_base import (
    DEC,
    INT64_SAFE,
    ColumnType,
    Q,
    _atom,
    _badd,
    _bmul,
    _coalesce,
    _constant,
    _either,
    _fold,
    _int_literal,
    _mul,
    ident,
    literal,
    number,
)
from .sql_text import read_text

RETRY = "E849"  # a cell the optimistic integer read of a text column cannot take: read it again
REDUCE_FROM = 10**18  # pairs this large are brought to lowest terms where the engine can (GCD)
ENGINE_OUTPUTS = ("n", "d", "grade", "met", "error")  # what `evaluations` reads: the value is n/d


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
    pre: list[list[tuple[str, str]]] = field(default_factory=lambda: [[] for _ in range(10)])  # per row, before layer 1
    columns: dict[str, str] = field(default_factory=dict)  # table column → its internal alias
    defined: dict[str, Q] = field(default_factory=dict)  # each 定义 compiled once, however often it is used
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
        if ctype.kind in ("text", "float_text"):
            q = read_text(self, name, fn, fd, ctype)
            self.inputs[key] = q
            return q
        scale = ctype.scale
        bad = None
        narrow = "BIGINT" if self.int64 else DEC  # DuckDB checks DECIMAL(18) products in 18 digits
        if ctype.kind == "int":
            n = f"CAST({col} AS {narrow if ctype.narrow else DEC})"
        elif ctype.kind == "plain":
            # text taken for canonical integers (`sql_schema.optimistic`): a cell that is none
            # (`1.5`, `+3`, `abc`, a space) or longer than assumed is E849, and the run re-reads
            # the table with the general text rules
            # (the cast and its check once per cell, in the pre-layers: value and code share them)
            cast, n = f"{col}_x", f"{col}_k"
            if (cast, f"TRY_CAST({col} AS BIGINT)") not in self.pre[0]:
                self.pre[0].append((cast, f"TRY_CAST({col} AS BIGINT)"))
                fits = f"CAST({cast} AS VARCHAR) = {col} AND LENGTH({col}) <= {len(str(ctype.top))}"
                self.pre[1].append((n, f"CASE WHEN {fits} THEN {cast} END"))
            bad = f"{col} <> '' AND {n} IS NULL"
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
        if ctype.kind == "plain":
            missing = f"{col} IS NULL OR {col} = ''"
        idx = len(self.inputs)
        q = self._input_columns(idx, name, n, d, missing, bad, RETRY if ctype.kind == "plain" else "E403")
        top = ctype.top if ctype.top is not None or ctype.kind != "int" else 2**64  # an int column: ≤ 64 bits
        nmax = None if top is None else top * fn
        q = Q(q.n, q.d, q.e, q.level, ctype.positive, None, nmax, 10**scale * fd)
        self.bound(q.nmax, q.dmax)
        self.inputs[key] = q
        return q

    def _input_columns(
        self, idx: int, name: str, n: str, d: str, missing: str, bad: str | None, code: str = "E403"
    ) -> Q:
        e402, e403 = literal(f"E402 {name}"), literal(f"{code} {name}")
        if self.group_by is None and missing == "FALSE" and bad is None:
            self.layers[1].append((f"__in{idx}_n", n))
            return Q(f"__in{idx}_n", d, None, 1)
        if self.group_by is None:
            e403 = f"CONCAT({literal(f'{code} {name} = ')}, CAST({self.col(name)} AS VARCHAR))"
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
        """A name's value.  A definition is compiled once and its columns reused by every use:
        expanded per use, `d2 = d1 + d0, d3 = d2 + d1, …` would grow the SELECT exponentially."""
        if name in self.env.definitions:
            if name not in self.defined:
                self.defined[name] = self.overridable(name, 1, 1, self.env.definitions[name])
            return self.defined[name]
        if name not in self.schema:
            return Q("0", "1", literal(f"E402 {name}"), 0)
        unit = self.env.input_units.get(name)
        fn, fd = (unit.factor.numerator, unit.factor.denominator) if unit else (1, 1)
        return self.read(name, fn, fd)

    # ---- outputs -----------------------------------------------------------------------------


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
    outs = [col for res in indicators for col in indicator_outputs(comp, res, outputs, lean)]
    if group_by is None and comp.peak is not None and comp.peak < INT64_SAFE:
        comp = SqlCompiler(env, schema, group_by, order, int64=True, digits=digits, reduce=reduce)
        outs = [col for res in indicators for col in indicator_outputs(comp, res, outputs, lean)]
    passthrough = [group_by] if group_by else list(keep)
    passed = [comp.col(c) for c in passthrough]
    if order:
        comp.col(order)
    # the bottom: only the columns read, under internal names (no user name reaches a layer)
    source = f"(SELECT {', '.join(f'{ident(c)} AS {a}' for c, a in comp.columns.items()) or '1 AS __c'}"
    source += f" FROM {ident(table)}) AS __src"
    for i, layer in enumerate(layer for layer in comp.pre if layer):
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
