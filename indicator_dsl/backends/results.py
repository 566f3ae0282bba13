"""Evaluations as columns: what every engine returns and every output is written from.

One Arrow table in record order, one row per (record, indicator): `row`, `indicator`, the exact
value as integer columns `n`/`d` (int64 when every value fits, else decimal text), `grade`,
`met`, `error` (the code) and `detail` (the code with its arguments, `E403 x = abc`).  Grades,
indicators and codes are dictionary columns.  Display text, reduced values and messages are
derived from those columns in bulk (Arrow compute over whole columns, Python only per distinct
message), so a batch of millions of records never becomes millions of Python objects; one
`Evaluation` is built only when a caller asks for a record (`results[i]`, iteration).
"""

from __future__ import annotations

import functools
import json
from collections.abc import Iterator, Mapping, Sequence
from dataclasses import dataclass
from fractions import Fraction
from typing import Any

import numpy as np
import pyarrow as pa
import pyarrow.compute as pc

from ..evaluation import Evaluation
from ..units import is_count_name
from . import digit_text

INT64_SAFE = 2**62


@dataclass(frozen=True)
class Unit:
    """An indicator's display unit: its name and its factor in base units (% → 1/100)."""

    name: str
    factor: Fraction


def unit_of(res: Any) -> Unit:
    unit = res.unit
    return Unit(unit.name, unit.factor) if unit else Unit("", Fraction(1))


EXPR_CODES = frozenset({"E401", "E805"})  # failures of an operation: the detail is its text
NAME_CODES = frozenset({"E402"})  # failures of an input: the detail is its name


def split_detail(text: str | None) -> tuple[str | None, dict[str, object] | None]:
    """`E402 planned` → ("E402", {"name": "planned"}); `E403 x = abc` carries the value too;
    any other code carries its arguments as JSON."""
    if not text:
        return None, None
    code, _, rest = text.partition(" ")
    if code in EXPR_CODES:
        return code, {"expr": rest}
    if code == "E403":
        name, _, value = rest.partition(" = ")
        return code, {"name": name, "value": value}
    if code in NAME_CODES:
        return code, {"name": rest}
    try:
        args = json.loads(rest)
    except ValueError:
        return code, {"name": rest}
    return code, args if isinstance(args, dict) else {"name": rest}


def detail_of(code: str, args: Mapping[str, Any]) -> str:
    """The inverse of `split_detail`: a per-record failure as one text cell."""
    if code in EXPR_CODES:
        return f"{code} {args.get('expr', '')}"
    if code == "E403":
        value = args.get("value")
        return f"E403 {args.get('name', '')} = {value if isinstance(value, str) else repr(value)}"
    if code in NAME_CODES:
        return f"{code} {args.get('name', '')}"
    return f"{code} {json.dumps(dict(args), ensure_ascii=False, default=str)}"


def null_column(size: int, kind: pa.DataType) -> pa.Array:
    """`size` nulls of a fixed-width or string type over zeroed buffers the allocator hands out
    untouched (calloc'd pages are not resident until written): `pa.nulls` writes its buffers,
    40 MB for an int32 or string column of 10M records that nothing failed in."""
    validity = pa.py_buffer(np.zeros((size + 7) // 8, dtype=np.uint8))
    if pa.types.is_string(kind):
        offsets = pa.py_buffer(np.zeros(size + 1, dtype=np.int32))
        return pa.Array.from_buffers(kind, size, [validity, offsets, pa.py_buffer(b"")], null_count=size)
    if pa.types.is_integer(kind):
        data = pa.py_buffer(np.zeros(size * kind.bit_width // 8, dtype=np.uint8))
        return pa.Array.from_buffers(kind, size, [validity, data], null_count=size)
    return pa.nulls(size, kind)


def int_column(values: Any) -> pa.Array:
    """Exact integers as an Arrow column: int64 when every value fits, else decimal text.
    Accepts numpy arrays (int64 or object), Arrow integer/decimal arrays and Python lists."""
    if isinstance(values, pa.ChunkedArray):
        values = values.combine_chunks()
    if isinstance(values, pa.Array):
        if pa.types.is_integer(values.type):
            return values.cast(pa.int64())
        if pa.types.is_decimal(values.type):
            try:
                return values.cast(pa.int64())
            except (pa.ArrowInvalid, pa.ArrowNotImplementedError):
                return values.cast(pa.string())
        return values
    arr = np.asarray(values) if not isinstance(values, np.ndarray) else values
    if arr.dtype != object:
        return pa.array(arr.astype(np.int64, copy=False))
    items = arr.tolist()
    ints = [x for x in items if x is not None]
    if all(-(2**63) <= int(x) < 2**63 for x in ints):
        return pa.array(items, type=pa.int64())
    return pa.array([None if x is None else str(int(x)) for x in items], type=pa.string())


def ints_of(col: pa.Array) -> np.ndarray:
    """An Arrow integer column (nulls as 0) as numpy: int64, or Python ints (object) for text."""
    if pa.types.is_integer(col.type):
        return col.fill_null(0).to_numpy(zero_copy_only=False).astype(np.int64, copy=False)
    return np.array([0 if x is None else int(x) for x in col.to_pylist()], dtype=object)


class Results:
    """The columnar result of an engine run (see the module docstring)."""

    def __init__(
        self,
        table: pa.Table,
        units: Mapping[str, Unit],
        places: int = 2,
        graded: frozenset[str] = frozenset(),
    ) -> None:
        self.table = table
        self.units = dict(units)
        self.places = places
        self.graded = graded  # indicators with bands: an ok record without a grade shows `—`

    def __len__(self) -> int:
        return self.table.num_rows

    # ---- per record, on request ----------------------------------------------------------
    def __getitem__(self, i: int) -> tuple[Any, Evaluation]:
        rec = self.table.slice(i, 1).to_pylist()[0]
        unit = self.units[rec["indicator"]]
        code, args = split_detail(rec["detail"])
        n, d = rec["n"], rec["d"]
        ok = code is None and n is not None and d is not None
        ev = Evaluation(
            rec["indicator"],
            int(n) if ok else None,
            int(d) if ok else None,
            unit.name,
            unit.factor,
            rec["grade"],
            rec["met"],
            code,
            args,
            self.places,
        )
        return rec["row"], ev

    def __iter__(self) -> Iterator[tuple[Any, Evaluation]]:
        """(row, Evaluation) pairs: one Python object per record, for callers that want them."""
        for i in range(len(self)):
            yield self[i]

    # ---- whole columns --------------------------------------------------------------------
    def column(self, name: str) -> pa.Array:
        return self.table.column(name).combine_chunks()

    @property
    def ok(self) -> np.ndarray:
        return self.column("error").is_null().to_numpy(zero_copy_only=False)

    @functools.cached_property
    def display(self) -> pa.Array:
        """The value in each indicator's unit, 四舍五入 to `places`, with the unit (`29.00%`)."""
        return self._per_indicator(lambda n, d, unit: render_fixed(n, d, unit, self.places))

    @functools.cached_property
    def value_text(self) -> pa.Array:
        """The exact value in base units as reduced `n/d` text (`29/100`, `1`), like `str(Fraction)`."""
        return self._per_indicator(lambda n, d, unit: fraction_text(n, d))

    def _per_indicator(self, render: Any) -> pa.Array:
        ind = self.column("indicator")
        ok = self.column("error").is_null()
        n, d = self.column("n"), self.column("d")
        out = pa.nulls(len(self), pa.string())
        names = ind.dictionary.to_pylist() if pa.types.is_dictionary(ind.type) else sorted(set(ind.to_pylist()))
        for name in names:
            mask = pc.and_(pc.equal(ind, name), ok) if len(names) > 1 else ok
            mask = mask.fill_null(False)
            if not pc.any(mask).as_py():
                continue
            part = render(n.filter(mask), d.filter(mask), self.units[name])
            out = _scatter(out, mask, part)
        return out

    @functools.cached_property
    def exact(self) -> tuple[pa.Array, pa.Array, pa.Array]:
        """The exact value in base units as `value_n`, `value_d`, `value_big` (`exact_columns`)."""
        ok = self.column("error").is_null()
        n, d = self.column("n"), self.column("d")
        if not pc.all(ok).as_py():  # a failed record has no value
            n = pc.if_else(ok, n, pa.scalar(None, n.type))
            d = pc.if_else(ok, d, pa.scalar(None, d.type))
        return exact_columns(n, d)

    def messages(self, lang: str) -> pa.Array:
        """`CODE message` per failed record (null elsewhere), rendered once per distinct detail."""
        return _map_distinct(self.column("detail"), lambda t: message_text(t, lang, True))

    def message_only(self, lang: str) -> pa.Array:
        return _map_distinct(self.column("detail"), lambda t: message_text(t, lang, False))

    def grade_cells(self, lang: str) -> pa.Array:
        """Grade text as `eval` prints it: the grade, `—` for an ok value no band matched, or empty."""
        grade = self.column("grade").cast(pa.string())
        if not self.graded:
            return grade
        ind = self.column("indicator").cast(pa.string())
        graded = pc.is_in(ind, value_set=pa.array(sorted(self.graded), pa.string()))
        dash = pc.and_(pc.and_(graded, self.column("error").is_null()), grade.is_null())
        return pc.if_else(dash, "—", grade)

    def met_cells(self, lang: str) -> pa.Array:
        yes, no = ("是", "否") if lang == "zh" else ("yes", "no")
        return pc.if_else(self.column("met"), yes, no)

    def to_arrow(self) -> pa.Table:
        """The result with the derived columns: value (reduced n/d), display."""
        return self.table.append_column("value", self.value_text).append_column("display", self.display)

    def to_polars(self) -> Any:
        import polars as pl

        return pl.from_arrow(self.to_arrow())


def message_text(detail: str, lang: str, with_code: bool) -> str:
    """A failure's message from the diagnostics registry (`E402 planned` → `缺少输入“planned”`),
    after its code when `with_code`."""
    from ..diagnostics import Diagnostic

    message = Diagnostic(*_diag_args(detail)).message(lang)
    return f"{split_detail(detail)[0]} {message}" if with_code else message


def _diag_args(text: str) -> tuple[str, None, None, dict[str, object]]:
    code, args = split_detail(text)
    return str(code), None, None, dict(args or {})


def _map_distinct(col: pa.Array, fn: Any) -> pa.Array:
    """`fn` applied to each distinct non-null value once, spread back over the column."""
    if col.null_count == len(col):
        return pa.nulls(len(col), pa.string())
    enc = col.dictionary_encode()
    mapped = pa.array([fn(v) for v in enc.dictionary.to_pylist()], pa.string())
    return pa.DictionaryArray.from_arrays(enc.indices, mapped).cast(pa.string())


def _scatter(out: pa.Array, mask: pa.Array, part: pa.Array) -> pa.Array:
    """`out` with the positions where `mask` is true replaced, in order, by `part`."""
    if len(part) == len(out):
        return part
    return pc.replace_with_mask(out, mask, part)


def _bounded(n: np.ndarray, d: np.ndarray, *factors: int) -> bool:
    if n.dtype == object or d.dtype == object:
        return False
    top = max(int(np.abs(n).max(initial=0)), int(d.max(initial=0)))
    bound = 1
    for f in factors:
        bound *= f
    return top * bound < INT64_SAFE


def render_fixed(n_col: pa.Array, d_col: pa.Array, unit: Unit, places: int) -> pa.Array:
    """`format_fixed(n/d / unit.factor, places) + unit.name`, for a whole column at once:
    q = ⌊(2·|n|·fd·10^p + d·fn) / (2·d·fn)⌋ is the half-up rounded |value| × 10^p, exact in
    int64 when the bounds allow, else in Python integers."""
    n, d = ints_of(n_col), ints_of(d_col)
    fn, fd, scale = unit.factor.numerator, unit.factor.denominator, 10**places
    if not _bounded(n, d, 2 * fd * scale + fn + 1):
        n, d = n.astype(object), d.astype(object)
    num = np.abs(n) * (2 * fd * scale) + d * fn
    q = num // (d * (2 * fn))
    neg = (n < 0) & (q != 0)
    if digit_text.fits(q, n, d):  # int64: the bytes written in numpy, no string kernel
        whole = (n * fd) % (d * fn) == 0 if places and is_count_name(unit.name) else None
        return digit_text.fixed_text(q, places, neg, unit.name, whole)
    digits = pa.array(q.astype(np.int64)) if q.dtype != object else pa.array([str(x) for x in q.tolist()])
    text = digits.cast(pa.string())
    if places:
        text = pc.utf8_lpad(text, places + 1, "0")
        fixed = pc.binary_join_element_wise(
            pc.utf8_slice_codeunits(text, 0, -places), pc.utf8_slice_codeunits(text, -places, 2**31 - 1), "."
        )
        whole = (n * fd) % (d * fn) == 0 if is_count_name(unit.name) else None
        # a whole count prints as `12处`, never `12.00处` (units.amount_digits, the one display)
        text = fixed if whole is None or not whole.any() else pc.if_else(pa.array(whole), _whole(q // scale), fixed)
    if neg.any():
        text = pc.if_else(pa.array(neg), pc.binary_join_element_wise("-", text, ""), text)
    return pc.binary_join_element_wise(text, unit.name, "") if unit.name else text


def _whole(q: np.ndarray) -> pa.Array:
    return (
        pa.array(q.astype(np.int64)).cast(pa.string()) if q.dtype != object else pa.array([str(x) for x in q.tolist()])
    )


INT64_TOP = 2**63 - 1  # |value_n| and value_d of a table's exact value stay within ±this


def exact_columns(n_col: pa.Array, d_col: pa.Array) -> tuple[pa.Array, pa.Array, pa.Array]:
    """The exact value as a parquet file or database table holds it: `value_n`/`value_d`, the
    reduced pair (int64, d > 0), and `value_big`, the reduced `n/d` text of a value whose pair
    does not fit 64 bits (then `value_n`/`value_d` are null); all null where there is no value."""
    valid = pc.and_(n_col.is_valid(), d_col.is_valid())
    n, d = ints_of(n_col), ints_of(d_col)
    missing = ~valid.to_numpy(zero_copy_only=False)
    if n.dtype != object and d.dtype != object and not (n == -(2**63)).any():
        g = np.gcd(n, d)
        g[g == 0] = 1
        rn, rd = n // g, d // g
        return pa.array(rn, mask=missing), pa.array(rd, mask=missing), null_column(len(n), pa.string())
    pairs: list[tuple[Any, Any, Any]] = []
    for a, b, gone in zip(n.tolist(), d.tolist(), missing.tolist(), strict=True):
        if gone:
            pairs.append((None, None, None))
            continue
        f = Fraction(int(a), int(b))
        fits = abs(f.numerator) <= INT64_TOP and f.denominator <= INT64_TOP
        pairs.append((f.numerator, f.denominator, None) if fits else (None, None, str(f)))
    cols = list(zip(*pairs, strict=True)) if pairs else [(), (), ()]
    return pa.array(cols[0], pa.int64()), pa.array(cols[1], pa.int64()), pa.array(cols[2], pa.string())


def fraction_text(n_col: pa.Array, d_col: pa.Array) -> pa.Array:
    """`str(Fraction(n, d))` for a whole column: reduced, `n` when the denominator is 1."""
    n, d = ints_of(n_col), ints_of(d_col)
    if n.dtype == object or d.dtype == object:
        return pa.array([str(Fraction(int(a), int(b))) for a, b in zip(n.tolist(), d.tolist(), strict=True)])
    g = np.gcd(n, d)
    g[g == 0] = 1
    rn, rd = n // g, d // g
    text = pa.array(rn).cast(pa.string())
    whole = rd == 1
    if whole.all():
        return text
    frac = pc.binary_join_element_wise(text, pa.array(rd).cast(pa.string()), "/")
    return pc.if_else(pa.array(whole), text, frac)


# ---- building ----------------------------------------------------------------------------------
def part(
    n: Any,
    d: Any,
    grade: pa.Array,
    met: pa.Array,
    detail: pa.Array,
) -> dict[str, pa.Array]:
    """One indicator's columns over the batch (same length each)."""
    return {"n": int_column(n), "d": int_column(d), "grade": grade, "met": met, "detail": detail}


def assemble(
    rows: Any,
    parts: Sequence[tuple[str, dict[str, pa.Array]]],
    units: Mapping[str, Unit],
    places: int,
    graded: frozenset[str],
) -> Results:
    """Per-indicator columns over the same records → one table in (record, indicator) order."""
    row = rows if isinstance(rows, pa.Array) else pa.array(rows)
    size = len(row)
    names = [name for name, _ in parts]
    tables = []
    for j, (_name, cols) in enumerate(parts):
        detail = cols["detail"].cast(pa.string())
        clean = detail.null_count == len(detail)  # the usual batch: nothing failed, nothing to derive
        code = _no_codes(size) if clean else pc.utf8_slice_codeunits(detail, 0, 4).dictionary_encode()
        n, d = cols["n"], cols["d"]
        if n.type != d.type or not pa.types.is_integer(n.type):
            n, d = n.cast(pa.string()), d.cast(pa.string())
        if not clean:  # a failed record has no value
            failed = detail.is_valid()
            n = pc.if_else(failed, pa.scalar(None, n.type), n)
            d = pc.if_else(failed, pa.scalar(None, d.type), d)
        tables.append(
            pa.table(
                {
                    "row": row,
                    "indicator": pa.DictionaryArray.from_arrays(pa.array(np.full(size, j, _index_type(names))), names),
                    "n": n,
                    "d": d,
                    "grade": _categorical(cols["grade"]),
                    "met": cols["met"].cast(pa.bool_()),
                    "error": code,
                    "detail": detail,
                }
            )
        )
    if not tables:
        return Results(_empty(), units, places, graded)
    types = {t.schema.field("n").type for t in tables}
    if len(types) > 1:
        tables = [_text_values(t) for t in tables]
    table = pa.concat_tables(tables, promote_options="permissive").unify_dictionaries()
    if len(tables) > 1:
        order = (np.arange(size)[:, None] + np.arange(len(tables))[None, :] * size).ravel()
        table = table.take(pa.array(order))
    return Results(table.combine_chunks(), units, places, graded)


def _index_type(names: Sequence[str]) -> Any:
    """The narrowest dictionary index for the indicator column (one byte a record, usually)."""
    return np.int8 if len(names) < 2**7 else np.int16 if len(names) < 2**15 else np.int32


def _no_codes(size: int) -> pa.Array:
    """An error-code column of a batch where nothing failed."""
    return pa.DictionaryArray.from_arrays(null_column(size, pa.int8()), pa.array([], pa.string()))


def _categorical(col: pa.Array) -> pa.Array:
    """A text column as dictionary<int32, string>; one already so (the vector engine's grades)
    is kept as it is rather than decoded and encoded again."""
    if pa.types.is_dictionary(col.type) and col.type.value_type == pa.string():
        return col
    return col.cast(pa.string()).dictionary_encode()


PARQUET_DICTIONARY = ["indicator", "grade", "error"]


def write_parquet(table: pa.Table, target: Any) -> None:
    """A results table as parquet: dictionaries only for the categorical columns and delta
    encoding for the integer ones (row numbers, n, d) — pyarrow's default tries a dictionary of
    every column and gives up on the unique ones, which costs more than the rest of the write."""
    import pyarrow.parquet as pq

    pq.write_table(table, target, **parquet_options(table))


def parquet_options(table: pa.Table) -> dict[str, Any]:
    """`write_parquet`'s encodings for a table of results (also for a chunked ParquetWriter).
    Min/max statistics only for the integer and boolean columns, which a reader can skip row
    groups by; for text and dictionary columns they cost 15% of the write (bench_engines)."""
    names = set(table.column_names)
    delta = {
        name: "DELTA_BINARY_PACKED"
        for name in ("row", "n", "d", "value_n", "value_d")
        if name in names and pa.types.is_integer(table.schema.field(name).type)
    }
    stats = [f.name for f in table.schema if pa.types.is_integer(f.type) or pa.types.is_boolean(f.type)]
    return {
        "use_dictionary": [c for c in PARQUET_DICTIONARY if c in names],
        "column_encoding": delta,
        "write_statistics": stats,
    }


def _text_values(t: pa.Table) -> pa.Table:
    for name in ("n", "d"):
        i = t.schema.get_field_index(name)
        t = t.set_column(i, name, t.column(name).cast(pa.string()))
    return t


def _empty() -> pa.Table:
    return pa.table(
        {
            "row": pa.array([], pa.int64()),
            "indicator": pa.array([], pa.string()).dictionary_encode(),
            "n": pa.array([], pa.int64()),
            "d": pa.array([], pa.int64()),
            "grade": pa.array([], pa.string()).dictionary_encode(),
            "met": pa.array([], pa.bool_()),
            "error": pa.array([], pa.string()).dictionary_encode(),
            "detail": pa.array([], pa.string()),
        }
    )


def from_wide(
    table: pa.Table, indicators: Sequence[Any], shift: int = 0, grouped: bool = False, places: int = 2
) -> Results:
    """An SQL engine's result — the row (or group) key first, then `name:n`, `name:d`, `name:grade`,
    `name:met`, `name:error` per indicator (a lean SELECT leaves always-NULL ones out) — as `Results`;
    row numbers are shifted by `shift` (a CSV's header is row 1)."""
    size = table.num_rows
    parts = []
    for res in indicators:
        name = res.node.name

        def col(output: str, kind: pa.DataType, name: str = name) -> pa.Array:
            key = f"{name}:{output}"
            return table.column(key).combine_chunks() if key in table.column_names else pa.nulls(size, kind)

        cols = part(
            col("n", pa.int64()),
            col("d", pa.int64()),
            col("grade", pa.string()),
            col("met", pa.bool_()),
            col("error", pa.string()),
        )
        parts.append((name, cols))
    keys = table.column(0).combine_chunks() if table.num_columns else pa.array([], pa.int64())
    if grouped or not pa.types.is_integer(keys.type):
        values = keys.to_pylist()
        ints = all(type(k) is int for k in values)
        keys = pa.array(values if ints else [None if k is None else str(k) for k in values])
    else:
        keys = pc.add(keys.cast(pa.int64()), shift)
    units = {res.node.name: unit_of(res) for res in indicators}
    graded = frozenset(res.node.name for res in indicators if res.bands)
    return assemble(keys, parts, units, places, graded)
