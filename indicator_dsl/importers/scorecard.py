"""The 评分表 block as spreadsheet rows, both ways: export writes it, import reads it back.

A scorecard is one row per clause, `项目 | 内容 | 权重`: `评分表 | NAME`, `标题 | …`, `方案 | …`,
`等级 | ≥90 优, …`, `分组 | 产出指标 | 50`, `预算执行 | 全年执行数 / 全年预算数 | 10`, `说明`, `来源`.
The import rebuilds the clause lines and parses them with the language's own parser, so a cell
means what the same text means in a `.ind` file; a row it cannot read is reported (E709) and
left out, the rest of the scorecard still imports.
"""

from __future__ import annotations

from decimal import Decimal
from typing import Any

from .. import ast as A
from ..diagnostics import Diagnostic
from ..parser import parse_document
from ..unparse import band_text, decimal_text, expr_text
from .cells import Cell

SHEET = "评分表"
HEADERS = ("项目", "内容", "权重")
HEAD = "评分表"
TITLE = "标题"
CLAUSES = ("方案", "等级", "分组", "预算执行", "说明", "来源")


def card_rows(card: A.Scorecard) -> list[tuple[str, str, Decimal | None]]:
    """One row per clause of `card`, in the order the canonical text writes them."""
    rows: list[tuple[str, str, Decimal | None]] = [(HEAD, card.name, None)]
    rows += [(TITLE, card.title, None)] if card.title else []
    rows += [("方案", card.scheme, None)] if card.scheme else []
    rows += [("等级", ", ".join(band_text(b) for b in card.bands), None)] if card.bands else []
    rows += [("分组", " / ".join(g.path), _weight(g.weight)) for g in card.groups]
    if card.budget:
        rows.append(("预算执行", expr_text(card.budget.expr), _weight(card.budget.weight)))
    rows += [("说明", card.note, None)] if card.note else []
    rows += [("来源", card.source, None)] if card.source else []
    return rows


def _weight(q: A.Quantity | None) -> Decimal | None:
    return Decimal(decimal_text(q.value)) if q is not None else None


def is_card_grid(grid: list[list[Cell]]) -> bool:
    """A sheet (or the rows above a table) holding a `评分表 | NAME` row."""
    return any(_key(row) == HEAD for row in grid)


def read_cards(grid: list[list[Cell]], name: str) -> tuple[list[A.Scorecard], list[Diagnostic]]:
    """Every scorecard block in the rows; unreadable rows are E709 and left out."""
    cards: list[A.Scorecard] = []
    diags: list[Diagnostic] = []
    block: list[list[Cell]] = []
    for row in grid + [[]]:
        key = _key(row)
        if block and (key == HEAD or key not in (TITLE, *CLAUSES)):
            card = _read_block(block, name, diags)
            cards += [card] if card else []
            block = []
        if key == HEAD or (block and key in (TITLE, *CLAUSES)):
            block.append(row)
    return cards, diags


def _key(row: list[Cell]) -> str:
    return row[0].text.strip() if row else ""


def _value(row: list[Cell], i: int) -> str:
    return " ".join(row[i].text.split()) if len(row) > i else ""


def _read_block(block: list[list[Cell]], name: str, diags: list[Diagnostic]) -> A.Scorecard | None:
    head_row = block[0]
    titles = [_value(r, 1).replace('"', "'") for r in block if _key(r) == TITLE and _value(r, 1)]
    head = f"评分表 {_value(head_row, 1)}" + (f' "{titles[0]}"' if titles else "")
    if _parse(head) is None:
        diags.append(_cell(head_row, 1).diag("E709", 0, max(1, len(_cell(head_row, 1).text)), text=head))
        return None
    lines = [head]
    for row in block[1:]:
        if _key(row) == TITLE:
            continue
        weight = _value(row, 2)
        line = f"  {_key(row)} {_value(row, 1)}" + (f" 权重 {weight}" if weight else "")
        if _parse(f"{head}\n{line}") is None:
            cell = _cell(row, 1)
            diags.append(cell.diag("E709", 0, max(1, len(cell.text)), text=line.strip()))
            continue
        lines.append(line)
    return _parse("\n".join(lines))


def _cell(row: list[Cell], i: int) -> Cell:
    return row[min(i, len(row) - 1)]


def _parse(text: str) -> A.Scorecard | None:
    doc, errs = parse_document(text + "\n", "<评分表>")
    cards = [st for st in doc.statements if isinstance(st, A.Scorecard)]
    return cards[0] if cards and not errs and len(doc.statements) == 1 else None


def sheet_values(cards: list[A.Scorecard]) -> list[tuple[Any, ...]]:
    """The rows of the 评分表 sheet: the header, then each card's rows, a blank row between cards."""
    rows: list[tuple[Any, ...]] = [HEADERS]
    for i, card in enumerate(cards):
        rows += [("", "", None)] if i else []
        rows += card_rows(card)
    return rows
