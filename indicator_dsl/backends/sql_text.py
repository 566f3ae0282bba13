"""Decimal text read in SQL with `rational.parse_decimal`'s rules: the patterns a cell must match,
the Unicode digit and space tables, and the string expressions (digits made ASCII, Python's
strip) that `SqlCompiler.read_text` puts into its per-row layers."""

from __future__ import annotations

import functools
import unicodedata

from .sql_base import DEC, literal

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
