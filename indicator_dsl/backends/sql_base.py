"""The SQL backend's vocabulary: quoted names and literals, exact integer literals, how an input
column is stored (`ColumnType`) and an exact value as SQL (`Q`: numerator, denominator, error),
with the string-level arithmetic every layer of the compiler builds on."""

from __future__ import annotations

from dataclasses import dataclass
from fractions import Fraction

DEC = "DECIMAL(38,0)"
INT64_SAFE = 2**62
_SQL_CMP = {"≥": ">=", ">": ">", "≤": "<=", "<": "<", "=": "=", "≠": "<>"}


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
    """How an input column is stored: int, decimal (with scale), float (exact at `scale` decimals),
    float_text (a float with longer decimals, read through its shortest text) or text."""

    kind: str
    scale: int = 0
    narrow: bool = False  # every value fits DECIMAL(18,0): cheaper arithmetic, engines widen products
    top: int | None = None  # largest |value| × 10^scale, when the runner has probed the data
    nullable: bool = True  # False: the probe found no NULL, so no E402 test is generated
    positive: bool = False  # every value > 0: a divisor needing no zero or sign test
    digits: int | None = None  # float_text: significant digits the engine's text is trusted to (None: all)


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
