"""Import output always reads back: every statement the importer writes is printed, parsed again
and compared with itself; one that does not come back the same is left out with a coded finding
at its name cell (E764) instead of being written as text that fails later.  Also the cell-level
readers whose mistakes used to end up in the file: 分值 (E760, E761) and 单位 (E763)."""

from __future__ import annotations

from fractions import Fraction
from typing import Any

from .. import ast as A
from ..build_targets import MEANING_CODES
from ..diagnostics import Diagnostic
from ..parser import parse_document
from ..rational import MAX_DIGITS, NotANumber, parse_decimal
from ..unparse import decimal_text, statement_text
from . import codes  # noqa: F401  (registers E760–E764)
from .cells import Cleaned


def weight(value: Cleaned) -> tuple[A.Quantity | None, Diagnostic | None]:
    """A printed 分值 as a weight, or the finding that keeps it out of the file."""
    text = value.text.rstrip("分").strip()
    try:
        number = parse_decimal(text)
    except NotANumber:
        return None, value.cell.diag("W711", value.offset(0), text=value.text)
    if number < 0:
        return None, value.cell.whole("E760", text=value.text)
    if len(digits(number)) > MAX_DIGITS:
        return None, value.cell.whole("E761", text=value.text[:80], limit=MAX_DIGITS)
    from ..source import Span

    return A.Quantity(Span(0, 0), number, None), None


def digits(value: Fraction) -> str:
    try:
        return decimal_text(value).replace("-", "").replace(".", "")
    except ValueError:
        return "9" * (MAX_DIGITS + 1)


def is_unit(text: str) -> bool:
    """Whether `单位 text` reads back as exactly that unit (`不低于95%` does not)."""
    ind = _one(f"指标 单位探针\n  单位 {text}\n")
    return isinstance(ind, A.Indicator) and ind.unit == text


def _one(text: str) -> A.Statement | None:
    doc, diags = parse_document(text, "<import>")
    if diags or len(doc.statements) != 1:
        return None
    return doc.statements[0]


def reads_back(statement: A.Statement) -> tuple[bool, str, str]:
    """(same, reason zh, reason en): the statement printed and parsed again is the statement."""
    text = statement_text(statement) + "\n"
    doc, diags = parse_document(text, "<import>")
    diags = [d for d in diags if d.code not in MEANING_CODES]  # reported at the cell already
    if diags:
        return False, diags[0].message("zh"), diags[0].message("en")
    if len(doc.statements) != 1 or _plain(doc.statements[0]) != _plain(statement):
        return False, "读回后内容不同", "it reads back differently"
    return True, "", ""


def _plain(node: Any) -> Any:
    data = A.to_data(node)

    def strip(x: Any) -> Any:
        if isinstance(x, dict):
            return {k: strip(v) for k, v in x.items() if not k.endswith(("span", "spans"))}
        if isinstance(x, list):
            return [strip(v) for v in x]
        return x

    return strip(data)
