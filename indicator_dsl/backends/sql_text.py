"""Decimal text read in SQL with `rational.parse_decimal`'s rules: the patterns a cell must match,
the Unicode digit and space tables, and the string expressions (digits made ASCII, Python's
strip) that `SqlCompiler.read_text` puts into its per-row layers."""

from __future__ import annotations

import functools
import unicodedata
from typing import Any

from .sql_base import DEC, Q, _mul, literal, number

# parse_decimal's number, with at least one digit (a lone sign or point is not a number)
TEXT_NUMBER = r"^[+-]?(([0-9]{1,3}(,[0-9]{3})+|[0-9]+)([.][0-9]+)?|[.][0-9]+)$"
TEXT_MAX_CHARS = 60  # rational.MAX_DIGITS
PLAIN_NUMBER = r"^-?[0-9]{1,15}([.][0-9]{1,15})?$"  # read without the general rules (≤ 30 digits)


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


def _float_text(comp: Any, col: str, v: str, significant: int | None) -> tuple[str, str | None]:
    """A float column as the plain decimal text of its shortest round-trip digits (`0.1`, not
    0.1000000000000000055…): the value `exact.convert` gives a float (`Fraction(repr(x))`).
    The engine's own text (`1e-07`, `2.5E-5`, `1234567.0`) is rewritten without the exponent in
    the first three pre-layers.  `significant`: an engine whose digits may not be the shortest
    (Java's `Double.toString` before JDK 19, in Spark) is trusted only up to that many (15)
    significant digits, where every round-trip text has the same value; the returned flag marks
    the longer cells (E805 there)."""
    s = f"CAST({col} AS VARCHAR)"
    comp.pre[0] += [(f"{v}fs", s), (f"{v}fe", f"STRPOS(LOWER({s}), 'e')")]
    mant = f"CASE WHEN {v}fe > 0 THEN LEFT({v}fs, {v}fe - 1) ELSE {v}fs END"
    exp = f"CASE WHEN {v}fe > 0 THEN CAST(SUBSTR({v}fs, {v}fe + 1) AS INTEGER) ELSE 0 END"
    body = f"LTRIM({mant}, '-')"
    k0 = f"CASE WHEN STRPOS({body}, '.') > 0 THEN LENGTH({body}) - STRPOS({body}, '.') ELSE 0 END"
    comp.pre[1] += [
        (f"{v}fd", f"REPLACE({body}, '.', '')"),
        (f"{v}fk", f"{k0} - {exp}"),
        (f"{v}fn", f"CASE WHEN LEFT({v}fs, 1) = '-' THEN '-' ELSE '' END"),
    ]
    d, k, sign = f"{v}fd", f"{v}fk", f"{v}fn"
    plain = (
        f"CASE WHEN {v}fe = 0 THEN {v}fs"
        f" WHEN {k} <= 0 THEN CONCAT({sign}, {d}, REPEAT('0', -{k}))"
        f" WHEN {k} >= LENGTH({d}) THEN CONCAT({sign}, '0.', REPEAT('0', {k} - LENGTH({d})), {d})"
        f" ELSE CONCAT({sign}, LEFT({d}, LENGTH({d}) - {k}), '.', RIGHT({d}, {k})) END"
    )
    comp.pre[2].append((f"{v}fp", plain))
    too_long = None if significant is None else f"COALESCE(LENGTH(TRIM({d}, '0')) > {significant}, FALSE)"
    return f"{v}fp", too_long


def read_text(comp: Any, name: str, fn: int, fd: int, ctype: Any = None) -> Q:
    """A text column read like `rational.parse_decimal` (and `exact.convert`: a value written
    with % is a ratio, not scaled by the input's unit).  Per row, in the pre-layers: the
    stripped text, its number part, then the signed digits `m`, the decimals `k` (+2 for %),
    the %-flag and the missing/bad flags.  Grouped, values are summed over 10^max(k).
    `ctype` of kind float_text: a float column read through its text (`_float_text`)."""
    idx = len(comp.inputs)
    col, v = comp.col(name), f"__tx{idx}_"
    too_long, max_chars, pre = None, TEXT_MAX_CHARS, comp.pre[3:]
    if ctype is not None and ctype.kind == "float_text":
        # a float's text is a number however long (5e-324 has 326 characters): past 38 digits E805
        col, too_long = _float_text(comp, col, v, ctype.digits)
        max_chars = 10**4
    pct = f"RIGHT({v}t, 1) = '%'"
    u = f"CASE WHEN {pct} THEN {_strip(f'LEFT({v}t, LENGTH({v}t) - 1)')} ELSE {v}t END"
    valid = f"REGEXP_MATCHES({v}u, {literal(TEXT_NUMBER)}) AND LENGTH({v}u) <= {max_chars}"
    decimals = f"CASE WHEN STRPOS({v}u, '.') > 0 THEN LENGTH({v}u) - STRPOS({v}u, '.') ELSE 0 END"
    digits = f"REPLACE(REPLACE({v}u, ',', ''), '.', '')"
    # the fast path: a plain ASCII integer or decimal (what most files hold) skips the Unicode
    # translation, the trims and the general pattern; every other cell takes the general rules
    plain = f"{v}f"
    pre[0].append((plain, f"COALESCE(REGEXP_MATCHES({col}, {literal(PLAIN_NUMBER)}), FALSE)"))
    pre[1].append((f"{v}s", f"CASE WHEN {plain} THEN {col} ELSE {_ascii_digits(col)} END"))
    pre[2].append((f"{v}t", f"CASE WHEN {plain} THEN {v}s ELSE {_strip(f'{v}s')} END"))
    pre[3] += [
        (f"{v}u", f"CASE WHEN {plain} THEN {v}t ELSE {u} END"),
        (f"{v}p", f"{col} IS NOT NULL AND {pct}"),
    ]
    ok = f"CASE WHEN {plain} THEN TRUE ELSE COALESCE({valid}, FALSE) END"
    pre[4] += [(f"{v}x", f"{col} IS NULL OR {v}t = ''"), (f"{v}ok", ok)]
    # a number with more digits than DECIMAL(38,0) holds (the reader takes 60) is E805 for its record
    big = f"{v}ok AND (LENGTH({digits}) > {comp.text_digits} OR {decimals} > {comp.text_digits - 2})"
    if too_long is not None:
        big = f"{big} OR {too_long}"
    pre[5] += [
        (f"{v}b", f"{col} IS NOT NULL AND {v}t <> '' AND NOT {v}ok"),
        (f"{v}g", big),
        (f"{v}m", f"CASE WHEN {v}ok AND NOT ({big}) THEN CAST({digits} AS {DEC}) END"),
        (f"{v}k", f"CASE WHEN {v}ok AND NOT ({big}) THEN {decimals} + CASE WHEN {v}p THEN 2 ELSE 0 END END"),
    ]
    e402, e403, e805 = literal(f"E402 {name}"), literal(f"E403 {name}"), literal(f"E805 {name}")
    if comp.group_by is None:
        e403 = f"CONCAT({literal(f'E403 {name} = ')}, CAST({col} AS VARCHAR))"
        n = f"CASE WHEN {v}p THEN {v}m ELSE {_mul(f'{v}m', number(fn))} END"
        d = f"CASE WHEN {v}p THEN {_pow10(f'{v}k')} ELSE {_mul(_pow10(f'{v}k'), number(fd))} END"
        err = f"CASE WHEN {v}x THEN {e402} WHEN {v}b THEN {e403} WHEN {v}g THEN {e805} END"
    else:
        top = f"{v}top"
        pre[6].append((top, f"MAX({v}k) OVER (PARTITION BY {comp.col(comp.group_by)})"))
        # a `29%` cell is already a ratio: scale it by fd/fd, every other cell by the unit's fn/fd
        scale = f"CASE WHEN {v}p THEN {number(fd)} ELSE {number(fn)} END"
        n = f"SUM(CASE WHEN {v}m IS NULL THEN 0 ELSE {v}m * {_pow10(f'{top} - {v}k')} * {scale} END)"
        d = _mul(_pow10(f"MAX({top})"), number(fd))
        last = f"ARG_MAX({col}, {comp.col(comp.order)})" if comp.order else f"MAX({col})"
        e403 = f"CONCAT({literal(f'E403 {name} = ')}, {last} FILTER (WHERE {v}b))"
        bad = f" WHEN SUM(CASE WHEN {v}b THEN 1 ELSE 0 END) > 0 THEN {e403}"
        bad += f" WHEN SUM(CASE WHEN {v}g THEN 1 ELSE 0 END) > 0 THEN {e805}"
        err = f"CASE{bad} WHEN COUNT({v}m) = 0 THEN {e402} END"
    comp.layers[1] += [(f"__in{idx}_n", n), (f"__in{idx}_d", d), (f"__in{idx}_e", err)]
    comp.e805.add(f"__in{idx}_e")
    top_n = None if comp.group_by else 10**comp.text_digits * max(fn, 1)
    top_d = None if comp.group_by else 10**comp.text_digits * fd
    return Q(f"__in{idx}_n", f"__in{idx}_d", f"__in{idx}_e", 1, False, None, top_n, top_d)
