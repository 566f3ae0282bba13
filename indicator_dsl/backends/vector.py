"""Vector evaluator: whole columns (numpy arrays, lists or a polars DataFrame) at once.

Values travel as exact (numerator, denominator) integer columns, like the exact evaluator's
pairs, and every band or target test is an integer cross-multiplication `n * 20 >= 19 * d`, so a
record exactly on a threshold gets the same grade as `Indicator.evaluate` gives it.  Floats are
only made at the end, for display.  The magnitudes of every intermediate are bounded before
computing; when an int64 could overflow, the whole batch is recomputed on Python-int object
arrays (slow but exact), never wrapped.

Per-record failures follow the exact evaluator: the first failure in evaluation order gives the
record its code (E401 zero divisor, E402 missing, E403 not a number), and a failed record has
null value, grade and met.
"""

from __future__ import annotations

import dataclasses
import math
from collections.abc import Mapping, Sequence
from dataclasses import dataclass
from fractions import Fraction
from typing import Any

import numpy as np

from .. import ast as A
from ..rational import NotANumber, to_fraction
from ..semantics import Bound, Env, Resolved, met_band
from ..units import amount_digits, is_count_name
from ..unparse import expr_text
from .exact import MAX_BITS

LIMIT = 2**62  # bound on any int64 intermediate before falling back to Python ints
FLOAT_SCALE_MAX = 9  # decimals read exactly from float columns without the slow path
FLOAT_EXACT = 2.0**50  # |x * 10^k| below this rounds to the one integer it stands for
FLOAT_KEY = 2**53  # integers below this convert to float exactly
_OPS = {"≥": np.greater_equal, ">": np.greater, "≤": np.less_equal, "<": np.less, "=": np.equal, "≠": np.not_equal}


class _NeedBig(Exception):
    """An intermediate may not fit in int64: recompute with Python ints."""


@dataclass(frozen=True, slots=True)
class Event:
    """What went wrong on the records that carry this event's number in `BatchResult.error_id`."""

    code: str
    name: str | None = None  # the input (E402/E403)
    expr: str | None = None  # the division (E401)


@dataclass(frozen=True, slots=True)
class Exact:
    """An exact column: n / d per record (arrays or Python-int scalars), with bounds |n| ≤ nmax, 0 < d ≤ dmax."""

    n: Any
    d: Any
    nmax: int
    dmax: int
    pos: bool = False  # every n > 0 (a divisor that needs no zero or sign check)
    nonneg: bool = False  # every n >= 0


@dataclass(frozen=True, slots=True)
class InputColumn:
    """One record field read exactly: `n / d` in base units, plus the records missing it or not numbers."""

    n: Any
    d: Any
    nmax: int
    dmax: int
    missing: np.ndarray | None
    bad: np.ndarray | None
    nmin: int = 0  # smallest numerator (over records that are given and numbers)


def _bound(x: Any) -> int:
    if isinstance(x, int):
        return abs(x)
    if x.size == 0:
        return 0
    return max(abs(int(x.max())), abs(int(x.min())))


def _min(x: Any, skip: np.ndarray | None = None) -> int:
    if skip is not None:
        x = x[~skip]
    return int(x.min()) if x.size else 0


_BITS = np.frompyfunc(lambda n, d: abs(n).bit_length() > MAX_BITS or d.bit_length() > MAX_BITS, 2, 1)


def _as_object(x: Any) -> Any:
    return x if isinstance(x, int) or x.dtype == object else x.astype(object)


def _generic(values: Sequence[Any], fn: int, fd: int) -> InputColumn:
    """Element by element, exactly as the exact evaluator's `convert` reads a record value."""
    size = len(values)
    n = np.zeros(size, dtype=object)
    d = np.ones(size, dtype=object)
    missing = np.zeros(size, dtype=bool)
    bad = np.zeros(size, dtype=bool)
    for i, x in enumerate(values):
        if x is None or (isinstance(x, str) and not x.strip()):
            missing[i] = True
            continue
        try:
            f = to_fraction(x)
        except NotANumber:
            bad[i] = True
            continue
        percent = isinstance(x, str) and x.strip().endswith(("%", "％"))
        n[i], d[i] = (f.numerator, f.denominator) if percent else (f.numerator * fn, f.denominator * fd)
    nmax, dmax = _bound(n), _bound(d)
    if nmax < LIMIT and dmax < LIMIT:
        n, d = n.astype(np.int64), d.astype(np.int64)
    skip = missing | bad
    nmin = _min(n, skip)
    return InputColumn(n, d, nmax, max(dmax, 1), missing if missing.any() else None, bad if bad.any() else None, nmin)


def _float_scale(x: np.ndarray) -> int | None:
    """The fewest decimals k that give every float its shortest-repr value exactly, or None."""
    top = float(np.abs(x).max()) if x.size else 0.0
    for k in range(FLOAT_SCALE_MAX + 1):
        scale = 10.0**k
        if top * scale >= FLOAT_EXACT:
            return None
        if np.array_equal(np.round(x * scale) / scale, x):
            return k
    return None


def _numeric(arr: np.ndarray, fn: int, fd: int, missing: np.ndarray | None) -> InputColumn:
    if arr.dtype.kind == "u" and arr.size and int(arr.max()) >= 2**63:
        return _generic([None if missing is not None and missing[i] else int(v) for i, v in enumerate(arr)], fn, fd)
    if arr.dtype.kind in "iu":
        lo, hi = (int(arr.min()), int(arr.max())) if arr.size else (0, 0)
        n = arr.astype(np.int64, copy=False)
        n = n * fn if fn != 1 else n
        return InputColumn(n, fd, max(abs(lo), abs(hi)) * fn, fd, missing, None, lo * fn)
    finite = np.isfinite(arr)
    bad = None if finite.all() else ~finite
    if missing is not None and bad is not None:
        bad &= ~missing
    clean = np.where(finite, arr, 0.0)
    k = _float_scale(clean)
    if k is None:
        values = [None if missing is not None and missing[i] else float(v) for i, v in enumerate(arr)]
        return _generic(values, fn, fd)
    n = np.round(clean * 10.0**k).astype(np.int64)
    n = n * fn if fn != 1 else n
    skip = bad if missing is None else (missing if bad is None else missing | bad)
    bad = bad if bad is not None and bad.any() else None
    return InputColumn(n, 10**k * fd, _bound(n), 10**k * fd, missing, bad, _min(n, skip))


def read_column(values: Any, fn: int = 1, fd: int = 1) -> InputColumn:
    """A column in base units; `fn/fd` is the factor of the input's declared unit."""
    if type(values).__module__.startswith("polars"):
        missing = values.is_null().to_numpy() if values.null_count() else None
        if values.dtype.is_integer() or values.dtype.is_float():
            filled = values.fill_null(0) if missing is not None else values
            return _numeric(filled.to_numpy(), fn, fd, missing)
        return _generic(values.to_list(), fn, fd)
    arr = values if isinstance(values, np.ndarray) else np.asarray(values)
    if arr.dtype.kind in "iuf" and arr.ndim == 1:
        return _numeric(arr, fn, fd, None)
    return _generic(list(values), fn, fd)


@dataclass(frozen=True)
class BatchResult:
    """One indicator over a batch.  Exact values are `n / d`; `error_id` indexes `events` (0: no error)."""

    indicator: str
    size: int
    n: Any
    d: Any
    error_id: np.ndarray
    events: tuple[Event, ...]
    grade_code: np.ndarray  # index into labels, -1 no grade
    labels: tuple[str, ...]
    met_code: np.ndarray  # 1 met, 0 not met, -1 unknown
    unit: str
    unit_factor: Fraction

    @property
    def ok(self) -> np.ndarray:
        return self.error_id == 0

    @property
    def value(self) -> np.ndarray:
        """Float value in base units (29% → 0.29) for display; NaN where the record failed."""
        n = np.broadcast_to(self.n, (self.size,))
        d = np.broadcast_to(self.d, (self.size,))
        if n.dtype == object or d.dtype == object:
            out = np.array([a / b for a, b in zip(n.tolist(), d.tolist(), strict=True)], dtype=np.float64)
        else:
            out = np.divide(n, d, dtype=np.float64)
        out[self.error_id != 0] = np.nan
        return out

    @property
    def grade(self) -> np.ndarray:
        """Grade labels: a str array when every record has one, else object dtype with None."""
        if self.labels and self.size and int(self.grade_code.min()) >= 0:
            return np.array(self.labels).take(self.grade_code)
        return np.array([*self.labels, None], dtype=object).take(self.grade_code)

    @property
    def met(self) -> np.ndarray:
        """Target met: a bool array when known for every record, else object dtype with None."""
        if self.size and int(self.met_code.min()) >= 0:
            return self.met_code.view(bool)
        return np.array([False, True, None], dtype=object).take(self.met_code)

    @property
    def error(self) -> np.ndarray:
        table = np.array([None, *(e.code for e in self.events)], dtype=object)
        return table.take(self.error_id)

    def fraction(self, i: int) -> Fraction | None:
        if self.error_id[i]:
            return None
        n = self.n if isinstance(self.n, int) else self.n[i]
        d = self.d if isinstance(self.d, int) else self.d[i]
        return Fraction(int(n), int(d))

    def display(self, i: int, places: int = 2) -> str:
        value = self.fraction(i)
        if value is None:
            return ""
        return amount_digits(value / self.unit_factor, None, places, is_count_name(self.unit)) + self.unit

    def to_polars(self, places: int | None = None) -> Any:
        """A polars DataFrame: value (float), exact numerator/denominator (text), display, grade, met,
        error — built column by column (Arrow compute), never a Python object per record."""
        import polars as pl
        import pyarrow as pa
        import pyarrow.compute as pc

        from .results import Unit, int_column, render_fixed

        ok = pa.array(self.error_id == 0)
        n = int_column(np.broadcast_to(np.asarray(self.n), (self.size,)))
        d = int_column(np.broadcast_to(np.asarray(self.d), (self.size,)))
        nulls = pa.nulls(self.size, pa.string())
        data: dict[str, Any] = {
            "indicator": pa.DictionaryArray.from_arrays(pa.array(np.zeros(self.size, np.int32)), [self.indicator]),
            "value": self.value,
            "numerator": pc.if_else(ok, n.cast(pa.string()), nulls),
            "denominator": pc.if_else(ok, d.cast(pa.string()), nulls),
        }
        if places is not None:
            shown = render_fixed(n, d, Unit(self.unit, self.unit_factor), places)
            data["display"] = pc.if_else(ok, shown, "")
        codes = np.asarray(self.grade_code)
        labels = pa.array(list(self.labels), pa.string())
        data["grade"] = pa.DictionaryArray.from_arrays(pa.array(codes.astype(np.int32), mask=codes < 0), labels)
        met = np.asarray(self.met_code)
        data["met"] = pa.array(met == 1, mask=met < 0)
        table = pa.array([None, *(e.code for e in self.events)], pa.string())
        data["error"] = table.take(pa.array(self.error_id)).dictionary_encode()
        return pl.from_arrow(pa.table(data))


class _Eval:
    """Evaluates an expression over columns; records the first failure of each record in order."""

    def __init__(self, env: Env, columns: Mapping[str, Any], size: int, big: bool) -> None:
        self.env = env
        self.columns = columns
        self.size = size
        self.big = big
        self.events: list[Event] = []
        self.inputs: dict[tuple[str, int, int], InputColumn] = {}
        self.defined: dict[str, tuple[Exact, np.ndarray]] = {}  # each 定义 once: its value, its own failures

    def fail(self, err: np.ndarray, mask: np.ndarray | bool, event: Event) -> None:
        """Records not failed yet and in `mask` fail with `event`."""
        if mask is False or (isinstance(mask, np.ndarray) and not mask.any()):
            return
        self.events.append(event)
        err[(err == 0) & mask] = len(self.events)

    def check(self, *bounds: int) -> None:
        if not self.big and any(b >= LIMIT for b in bounds):
            raise _NeedBig

    def arr(self, x: Any) -> Any:
        return _as_object(x) if self.big else x

    def read(self, name: str, fn: int, fd: int, err: np.ndarray) -> Exact:
        key = (name, fn, fd)
        if key not in self.inputs:
            self.inputs[key] = read_column(self.columns[name], fn, fd)
        col = self.inputs[key]
        if col.missing is not None:
            self.fail(err, col.missing, Event("E402", name=name))
        if col.bad is not None:
            self.fail(err, col.bad, Event("E403", name=name))
        self.check(col.nmax, col.dmax)
        return Exact(self.arr(col.n), self.arr(col.d), col.nmax, col.dmax, col.nmin > 0, col.nmin >= 0)

    def overridable(self, name: str, fn: int, fd: int, err: np.ndarray, formula: A.Expr | None) -> Exact:
        """A record field with the indicator's or definition's name overrides its formula where given."""
        if name not in self.columns:
            if formula is None:
                self.fail(err, True, Event("E402", name=name))
                return Exact(0, 1, 0, 1)
            return self.settle(name, self.expr(formula, err, {}), err)
        col = read_column(self.columns[name], fn, fd)
        given = np.ones(self.size, dtype=bool) if col.missing is None else ~col.missing
        if formula is None:
            self.fail(err, ~given, Event("E402", name=name))
            inner = Exact(0, 1, 0, 1)
        else:
            sub = np.zeros(self.size, dtype=np.int32)
            inner = self.expr(formula, sub, {})
            err[:] = np.where((err == 0) & ~given, sub, err)
        if col.bad is not None:
            self.fail(err, col.bad, Event("E403", name=name))
        self.check(col.nmax, col.dmax)
        # np.where of two Python ints is an int64 array: wrap again in big mode, or values wrap.
        n = self.arr(np.where(given, self.arr(col.n), inner.n))
        d = self.arr(np.where(given, self.arr(col.d), inner.d))
        return Exact(n, d, max(col.nmax, inner.nmax), max(col.dmax, inner.dmax))

    def settle(self, name: str, x: Exact, err: np.ndarray) -> Exact:
        """A definition's column in lowest terms with bounds read from the values, as the exact
        evaluator's `settle`: without it a chain of definitions multiplies its denominators (and
        the bounds) at every level.  Values past MAX_BITS fail with E405 there, as in exact."""
        if not self.big or (isinstance(x.n, int) and isinstance(x.d, int) and x.nmax < LIMIT and x.dmax < LIMIT):
            return x
        n = _as_object(np.broadcast_to(np.asarray(x.n, dtype=object), (self.size,)).copy())
        d = _as_object(np.broadcast_to(np.asarray(x.d, dtype=object), (self.size,)).copy())
        g = np.gcd(n, d)
        g[g == 0] = 1
        n, d = n // g, d // g
        huge = _BITS(n, d).astype(bool) & (err == 0)
        if huge.any():
            self.fail(err, huge, Event("E405", name=name))
            n[huge], d[huge] = 0, 1
        ok = err == 0
        nmax = max((abs(v) for v in n[ok]), default=0)
        dmax = max(d[ok], default=1)
        n[~ok], d[~ok] = 0, 1
        return Exact(n, d, nmax, dmax, x.pos, x.nonneg)

    def expr(self, e: A.Expr, err: np.ndarray, loaded: dict[str, Exact]) -> Exact:
        if isinstance(e, A.Num):
            f = e.value * self.env.unit(e.unit).factor
            return Exact(f.numerator, f.denominator, abs(f.numerator), f.denominator, f > 0, f >= 0)
        if isinstance(e, A.Ref):
            if e.name not in loaded:
                loaded[e.name] = self.ref(e.name, err)
            return loaded[e.name]
        if isinstance(e, A.Neg):
            a = self.expr(e.operand, err, loaded)
            return Exact(-a.n, a.d, a.nmax, a.dmax)
        if isinstance(e, A.Call):
            return self.call(e, err, loaded)
        a = self.expr(e.left, err, loaded)
        b = self.expr(e.right, err, loaded)
        if e.op in "+-":
            self.check(a.nmax * b.dmax + b.nmax * a.dmax, a.dmax * b.dmax)
            left, right = a.n * b.d, b.n * a.d
            left, right = _mul(a.n, b.d), _mul(b.n, a.d)
            both_pos, both_nonneg = e.op == "+" and a.pos and b.pos, e.op == "+" and a.nonneg and b.nonneg
            n = left + right if e.op == "+" else left - right
            return Exact(n, _mul(a.d, b.d), a.nmax * b.dmax + b.nmax * a.dmax, a.dmax * b.dmax, both_pos, both_nonneg)
        if e.op == "*":
            self.check(a.nmax * b.nmax, a.dmax * b.dmax)
            n, d = _mul(a.n, b.n), _mul(a.d, b.d)
            return Exact(n, d, a.nmax * b.nmax, a.dmax * b.dmax, a.pos and b.pos, a.nonneg and b.nonneg)
        return self.divide(a, b, expr_text(e), err)

    def divide(self, a: Exact, b: Exact, text: str, err: np.ndarray) -> Exact:
        self.check(a.nmax * b.dmax, a.dmax * b.nmax)
        bn = b.n
        if isinstance(bn, int):
            if bn == 0:
                self.fail(err, True, Event("E401", expr=text))
                bn = 1
            n = _mul(a.n, b.d)
            n = -n if bn < 0 else n
            return Exact(n, _mul(a.d, abs(bn)), a.nmax * b.dmax, a.dmax * b.nmax, a.pos and bn > 0, a.nonneg and bn > 0)
        if not b.pos:
            zero = bn == 0
            if zero.any():
                self.fail(err, zero, Event("E401", expr=text))
                bn = np.where(zero, 1, bn)
        n = _mul(a.n, b.d)
        if not b.nonneg:
            neg = bn < 0
            if neg.any():
                n = np.where(neg, -n, n)
                bn = np.where(neg, -bn, bn)
        return Exact(n, _mul(a.d, bn), a.nmax * b.dmax, a.dmax * b.nmax, a.pos and b.pos, a.nonneg and b.nonneg)

    def call(self, e: A.Call, err: np.ndarray, loaded: dict[str, Exact]) -> Exact:
        args = [self.expr(x, err, loaded) for x in e.args]
        if e.func == "abs":
            return Exact(abs(args[0].n), args[0].d, args[0].nmax, args[0].dmax)
        best = args[0]
        for b in args[1:]:
            self.check(b.nmax * best.dmax, best.nmax * b.dmax)
            better = b.n * best.d < best.n * b.d if e.func == "min" else b.n * best.d > best.n * b.d
            best = Exact(
                self.arr(np.where(better, b.n, best.n)),  # int64 from two Python ints: wrap again
                self.arr(np.where(better, b.d, best.d)),
                max(best.nmax, b.nmax),
                max(best.dmax, b.dmax),
            )
        return best

    def ref(self, name: str, err: np.ndarray) -> Exact:
        """A name's columns.  A definition is evaluated once, with its own failure column, which
        each use merges into the records not failed yet (what evaluating it again would do):
        evaluated per use, `d2 = d1 + d0, d3 = d2 + d1, …` takes exponential time."""
        if name in self.env.definitions:
            if name not in self.defined:
                own = np.zeros(self.size, dtype=err.dtype)
                self.defined[name] = (self.overridable(name, 1, 1, own, self.env.definitions[name]), own)
            value, own = self.defined[name]
            np.copyto(err, own, where=(err == 0) & (own != 0))
            return value
        if name not in self.columns:
            self.fail(err, True, Event("E402", name=name))
            return Exact(0, 1, 0, 1)
        unit = self.env.input_units.get(name)
        fn, fd = (unit.factor.numerator, unit.factor.denominator) if unit else (1, 1)
        return self.read(name, fn, fd, err)

    def compare(self, cmp: str, x: Exact, value: Fraction) -> Any:
        """`n/d cmp value` as integers: n * value.den  cmp  value.num * d (d > 0)."""
        self.check(x.nmax * value.denominator, abs(value.numerator) * x.dmax)
        return _OPS[cmp](_mul(x.n, value.denominator), _mul(value.numerator, x.d))


def _mul(a: Any, b: Any) -> Any:
    if isinstance(a, int) and a == 1:
        return b
    if isinstance(b, int) and b == 1:
        return a
    return a * b


class _Tester:
    """Threshold tests on one exact column.

    When every threshold times Q (the lcm of their denominators) is an integer P and
    |n·Q| < 2^53, d < 2^53, the float key v = (n·Q)/d is correctly rounded and lies on the same
    side of every P as the exact value does (a value that is not P is at least 1/d away from it,
    more than v's rounding error), so `v >= P` is exact and costs one division for all bands.
    Otherwise each test is an integer cross-multiplication."""

    def __init__(self, ev: _Eval, x: Exact, thresholds: list[Fraction]) -> None:
        self.ev, self.x = ev, x
        q = math.lcm(*(t.denominator for t in thresholds)) if thresholds else 1
        top = max((abs(t.numerator) * (q // t.denominator) for t in thresholds), default=0)
        self.q = q
        self.key: Any = None
        if not ev.big and x.nmax * q < FLOAT_KEY and x.dmax < FLOAT_KEY and top < FLOAT_KEY:
            self.key = np.true_divide(_mul(x.n, q), x.d, dtype=np.float64)

    def test(self, cmp: str, value: Fraction) -> Any:
        if self.key is None:
            return self.ev.compare(cmp, self.x, value)
        return _OPS[cmp](self.key, float(value.numerator * (self.q // value.denominator)))

    def band(self, b: Bound) -> Any:
        test: Any = True
        if b.low is not None:
            test = self.test("≥" if b.low_closed else ">", b.low)
        if b.high is not None:
            high = self.test("≤" if b.high_closed else "<", b.high)
            test = high if test is True else test & high
        return test


def _full(x: Any, size: int, dtype: Any = np.int64) -> np.ndarray:
    if isinstance(x, np.ndarray) and x.shape == (size,):
        return x
    return np.broadcast_to(np.asarray(x, dtype=dtype if not isinstance(x, np.ndarray) else x.dtype), (size,))


def _thresholds(res: Resolved) -> list[Fraction]:
    out = [v for b in res.bands for v in (b.low, b.high) if v is not None]
    if res.target is not None and not res.qualitative:
        out.append(res.target.value)
    band = met_band(res)
    if band is not None:
        out += [v for v in (band.low, band.high) if v is not None]
    return out


def _segment_table(bands: tuple[Bound, ...], points: list[Fraction]) -> np.ndarray:
    """The grade code of each piece of the line cut at `points` (sorted): (-inf, p0), {p0}, (p0, p1), …"""
    probes: list[Fraction] = []
    for i, p in enumerate(points):
        probes.append(p - 1 if i == 0 else (points[i - 1] + p) / 2)
        probes.append(p)
    probes.append(points[-1] + 1 if points else Fraction(0))
    codes = [next((i for i, b in enumerate(bands) if b.contains(v)), -1) for v in probes]
    return np.array(codes, dtype=np.int16)


def _grades(res: Resolved, tester: _Tester, size: int) -> np.ndarray:
    """First matching band wins.  On the exact float key: the piece of the line each record falls
    in, counted as Σ (key > p) + (key ≥ p) over the cut points (branch-free, one byte per record),
    looks its grade up in a table built once from the bands."""
    if tester.key is not None and res.bands:
        points = sorted({v for b in res.bands for v in (b.low, b.high) if v is not None})
        table = _segment_table(res.bands, points)
        seg: Any = np.zeros(size, dtype=np.int8 if len(points) < 63 else np.int16)  # bools add in place
        for p in points:
            scaled = float(p * tester.q)
            seg += tester.key > scaled
            seg += tester.key >= scaled
        return table.take(seg)
    codes = np.full(size, -1, dtype=np.int16)
    for i in range(len(res.bands) - 1, -1, -1):
        test = tester.band(res.bands[i])
        if test is True:
            codes[:] = i
        else:
            codes = np.where(test, np.int16(i), codes)
    return codes


def _run(res: Resolved, env: Env, columns: Mapping[str, Any], size: int, big: bool) -> BatchResult:
    ev = _Eval(env, columns, size, big)
    err = np.zeros(size, dtype=np.int32)
    unit = res.unit
    fn, fd = (unit.factor.numerator, unit.factor.denominator) if unit else (1, 1)
    x = ev.overridable(res.node.name, fn, fd, err, res.expr)
    with np.errstate(all="ignore"):
        tester = _Tester(ev, x, _thresholds(res))
        codes = _full(_grades(res, tester, size), size, np.int16)
        met = np.full(size, -1, dtype=np.int8)
        if res.target is not None and not res.qualitative:
            met = _full(tester.test(res.target.comparator.value, res.target.value), size, bool).view(np.int8)
        elif (band := met_band(res)) is not None:
            met = _full(tester.band(band), size, bool).view(np.int8)
    failed = err != 0
    if failed.any():
        codes = np.where(failed, np.int16(-1), codes)
        met = np.where(failed, np.int8(-1), met)
    n = x.n if isinstance(x.n, int) else _full(x.n, size)
    d = x.d if isinstance(x.d, int) else _full(x.d, size)
    return BatchResult(
        res.node.name,
        size,
        n,
        d,
        err,
        tuple(ev.events),
        codes,
        tuple(b.grade for b in res.bands),
        met,
        unit.name if unit else "",
        unit.factor if unit else Fraction(1),
    )


def columns_of(data: Any) -> tuple[Mapping[str, Any], int]:
    """Columns and record count of a mapping of sequences or a polars DataFrame."""
    if hasattr(data, "get_column") and hasattr(data, "height"):
        return {name: data.get_column(name) for name in data.columns}, int(data.height)
    sizes = {len(v) for v in data.values()}
    if len(sizes) > 1:
        raise ValueError(f"columns differ in length: {sorted(sizes)}")
    return data, sizes.pop() if sizes else 0


CHUNK = 1 << 20  # records evaluated at a time: the temporaries (keys, products, masks) are one chunk's


def evaluate_batch(res: Resolved, env: Env, data: Any) -> BatchResult:
    """Value, grade and met of one indicator for every record of `data`, exact at every threshold.
    A batch larger than CHUNK is evaluated a chunk at a time into result columns allocated once,
    so its temporaries are one chunk's; a value that is an input column as it is (`c / p`) stays
    that column, not a copy."""
    columns, size = columns_of(data)
    if size <= CHUNK:
        return _evaluate(res, env, columns, size)
    return _chunked(res, env, columns, size)


def _evaluate(res: Resolved, env: Env, columns: Mapping[str, Any], size: int) -> BatchResult:
    try:
        return _run(res, env, columns, size, big=False)
    except _NeedBig:
        return _run(res, env, columns, size, big=True)


def _chunked(res: Resolved, env: Env, columns: Mapping[str, Any], size: int) -> BatchResult:
    flat = {k: v for k, v in columns.items() if isinstance(v, np.ndarray) and v.ndim == 1 and v.dtype == np.int64}
    err = np.zeros(size, dtype=np.int16)  # widened if a batch ever has 2^15 distinct failures
    codes = np.empty(size, dtype=np.int16)
    met = np.empty(size, dtype=np.int8)
    n, d = _Gather(size, flat), _Gather(size, flat)
    events: dict[Event, int] = {}
    first: BatchResult | None = None
    for start in range(0, size, CHUNK):
        stop = min(start + CHUNK, size)
        part = _evaluate(res, env, {k: _rows(v, start, stop) for k, v in columns.items()}, stop - start)
        first = first or part
        if part.events:  # else the chunk's ids stay the zeros err was allocated with
            remap = np.array([0] + [events.setdefault(e, len(events) + 1) for e in part.events], dtype=np.int32)
            if len(events) >= 2**15 and err.dtype == np.int16:
                err = err.astype(np.int32)
            err[start:stop] = remap[part.error_id]
        codes[start:stop] = part.grade_code
        met[start:stop] = part.met_code
        n.add(start, stop, part.n)
        d.add(start, stop, part.d)
    assert first is not None
    return dataclasses.replace(
        first, size=size, n=n.result(), d=d.result(), error_id=err, events=tuple(events), grade_code=codes, met_code=met
    )


def _rows(col: Any, start: int, stop: int) -> Any:
    """Records start..stop of a column: a view of a numpy array, polars Series or Arrow array."""
    if hasattr(col, "slice") and not isinstance(col, (list, tuple)):
        return col.slice(start, stop - start)
    return col[start:stop]


class _Gather:
    """A value column (n or d) put together from chunks: a constant stays an int, a column that is
    an input column's records in place stays that input array; otherwise an array allocated once
    (int64, or Python ints when a chunk needs them)."""

    def __init__(self, size: int, inputs: Mapping[str, np.ndarray]) -> None:
        self.size, self.inputs = size, inputs
        self.kind: tuple[str, Any] | None = None  # ("int", value) or ("input", name)
        self.out: np.ndarray | None = None

    def _kind(self, x: Any, start: int, stop: int) -> tuple[str, Any] | None:
        if isinstance(x, int):
            return ("int", x)
        for name, col in self.inputs.items():
            if x.dtype == col.dtype and x.shape == (stop - start,) and x.strides == col.strides:
                if x.__array_interface__["data"][0] == col.__array_interface__["data"][0] + start * col.strides[0]:
                    return ("input", name)
        return None

    def add(self, start: int, stop: int, x: Any) -> None:
        if self.out is None:
            kind = self._kind(x, start, stop)
            if kind is not None and (self.kind is None or self.kind == kind):
                self.kind = kind
                return
            self._materialise(start)
        assert self.out is not None
        big = (isinstance(x, np.ndarray) and x.dtype == object) or (isinstance(x, int) and not -LIMIT < x < LIMIT)
        if big and self.out.dtype != object:
            self.out = self.out.astype(object)
        self.out[start:stop] = x

    def _materialise(self, upto: int) -> None:
        self.out = np.empty(self.size, dtype=np.int64)
        if self.kind is not None and upto:
            kind, value = self.kind
            if kind == "int" and not -LIMIT < value < LIMIT:
                self.out = self.out.astype(object)
            self.out[:upto] = value if kind == "int" else self.inputs[value][:upto]

    def result(self) -> Any:
        if self.out is not None:
            return self.out
        assert self.kind is not None
        kind, value = self.kind
        return value if kind == "int" else self.inputs[value]
