"""Reading JSON that people hand us (actuals, records): bounded, and honest about what it held.

`json.loads` alone crashes or hides things on hostile input: a 5,000-digit integer raises
(Python's int/str limit), a 4,299-digit one loads and breaks later arithmetic, deep nesting
raises RecursionError, and a repeated key silently keeps the last value.  Here a number longer
than `rational.MAX_DIGITS` becomes a short text saying so (the row that holds it is then "not a
number" and the other rows still count), nesting too deep for the decoder is an input error, and every object
remembers the keys it was given twice so the caller can report them at their row.
"""

from __future__ import annotations

import json
from typing import Any

from .rational import MAX_DIGITS


class JsonInputError(Exception):
    """The text as a whole is not usable JSON: why, in zh and en."""

    def __init__(self, zh: str, en: str) -> None:
        super().__init__(f"{zh} / {en}")
        self.zh, self.en = zh, en


class JsonObject(dict[str, Any]):
    """A JSON object that keeps the keys it was given more than once (first value kept)."""

    duplicates: tuple[str, ...] = ()


def _object(pairs: list[tuple[str, Any]]) -> JsonObject:
    obj = JsonObject()
    repeated: list[str] = []
    for key, value in pairs:
        if key in obj:
            repeated.append(key)
        else:
            obj[key] = value
    if repeated:
        obj.duplicates = tuple(dict.fromkeys(repeated))
    return obj


def _long(text: str) -> str:
    """A number too long to be a quantity, kept as short text that no reader takes for a number."""
    return f"{text[:12]}…（{len(text)} 位数字 / digits）"


def bounded(value: Any) -> Any:
    """A value handed in as data (records from Python, JSON) with an integer too long to be a
    quantity replaced by the same short text: nothing downstream has to turn it into digits."""
    if isinstance(value, int) and not isinstance(value, bool) and abs(value) >= 10**MAX_DIGITS:
        digits = abs(value).bit_length() * 30103 // 100_000 + 1  # log10(2); never the digits themselves
        return f"…（约 {digits} 位数字 / about {digits} digits）"
    return value


def _number(text: str) -> Any:
    return _long(text) if len(text.lstrip("-")) > MAX_DIGITS else int(text)


def _float(text: str) -> Any:
    return _long(text) if len(text) > MAX_DIGITS else float(text)


def loads(text: str) -> Any:
    """Parse `text`; raises JsonInputError (with line and column where json says them)."""
    try:
        return json.loads(text, object_pairs_hook=_object, parse_int=_number, parse_float=_float)
    except json.JSONDecodeError as exc:
        raise JsonInputError(
            f"JSON 格式错误（第 {exc.lineno} 行第 {exc.colno} 列）：{exc.msg}",
            f"bad JSON (line {exc.lineno}, column {exc.colno}): {exc.msg}",
        ) from None
    except RecursionError:
        raise JsonInputError("JSON 嵌套过深", "JSON nested too deep") from None
    except ValueError as exc:  # a number the decoder could not convert
        raise JsonInputError(f"JSON 无法读取：{exc}", f"unreadable JSON: {exc}") from None
