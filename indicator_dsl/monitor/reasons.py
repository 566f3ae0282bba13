"""The 偏差原因 rules: which lights need a reason, a reason needs its 说明, reason categories,
纠偏措施.  Each missing piece is a finding at the row; the light itself is never changed.

A reason is a category (偏差原因类别: 经费保障, 制度保障, …) and its 说明 (the 偏差原因 text).  A
偏差原因 cell that holds nothing but a category word is read as the category without 说明."""

from __future__ import annotations

from ..diagnostics import Diagnostic
from ..scoring.actuals import Cell, Entry, cell_diagnostic
from .lights import light_words
from .models import MonitorRow
from .schemes import Reasons


def check_reasons(row: MonitorRow, entry: Entry, rules: Reasons, file: str) -> list[Diagnostic]:
    found: list[Diagnostic] = []
    category, explanation = _split(entry, rules)
    zh_light, en_light = light_words(row.light)
    named = {"name": row.indicator, "light": zh_light.removesuffix("灯"), "light_en": en_light}
    if row.light in rules.required and category is None and explanation is None:
        found.append(_at("E955", file, entry, None, **named))
    if category is not None and explanation is None and rules.explanation_required:
        found.append(_at("E956", file, entry, category, name=row.indicator, category=category.text))
    explicit = entry.cells.get("category")
    if explicit is not None and rules.categories and explicit.text not in rules.categories:
        choices = "、".join(rules.categories)
        found.append(_at("W951", file, entry, explicit, category=explicit.text, choices=choices))
    if row.light in rules.measures_required and "measures" not in entry.cells:
        found.append(_at("E957", file, entry, None, **named))
    return found


def _split(entry: Entry, rules: Reasons) -> tuple[Cell | None, Cell | None]:
    """(category cell, 说明 cell) of a row."""
    category, text = entry.cells.get("category"), entry.cells.get("deviation")
    if category is None and text is not None and text.text in rules.categories:
        return text, None
    return category, text


def _at(code: str, file: str, entry: Entry, cell: Cell | None, **args: str) -> Diagnostic:
    """At the cell concerned, else at the row's name (column 1)."""
    if cell is not None:
        return cell_diagnostic(code, file, cell.row, cell.column, cell.text, **args)
    return cell_diagnostic(code, file, entry.row, 1, entry.name, **args)
