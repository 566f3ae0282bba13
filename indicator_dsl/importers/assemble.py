"""Rows of a table → indicators: fill merged cells down, group band rows, read cells, repair.

Every cell is read through `clean` (W701/W702 repairs) and the language's own fragment parser,
so a table cell means exactly what the same text means in a `.ind` file.  Whatever cannot be
read is reported (E706/E707) and kept in the indicator's 说明, so nothing is lost.
"""

from __future__ import annotations

import re
from dataclasses import dataclass, field, replace
from typing import Any

from .. import ast as A
from ..build import DIRECTIONS
from ..cell_text import without_trailing_punctuation
from ..diagnostics import Diagnostic
from ..parser import parse_document, parse_fragment
from ..source import Span
from ..target_cells import BoundNote, read_bound_note
from ..unparse import target_text
from . import readback
from .cells import Cell, Cleaned, clean
from .columns import map_row, split_target
from .questions import LONE_COMPARATOR, PLACEHOLDER, against_direction, question, serial_date
from .rules import (
    FORMULA_HINT,
    LEVEL1_OF,
    LHS,
    NAME_TARGET,
    NOT_APPLICABLE,
    SECTION_LABELS,
    band_fix,
    first_number,
    is_band,
    next_values,
    num_text,
    ocr_digits,
    split_bands,
    split_tail,
)
from .text import RawTable


def _reads_as_target(text: str) -> bool:
    """`不高于5万元/人`: a slash in a unit, not a formula."""
    return parse_fragment(text, "target_spec")[0] is not None


@dataclass
class Draft:
    """An indicator being assembled from one or more rows."""

    name: str
    name_cell: Cell
    row: int
    file: str
    table: str
    level1: str | None = None
    level2: str | None = None
    key: tuple[str, ...] = ()
    formula: A.Formula | None = None
    target: A.Target | None = None
    target_cell: Cleaned | None = None
    weight: A.Quantity | None = None
    bands: list[tuple[A.Band, Cell, tuple[int, int]]] = field(default_factory=list)  # band, cell, [start, end) in cell
    rule: list[Cell] = field(default_factory=list)  # the 评(扣)分标准 cells, as printed
    direction: A.Direction | None = None
    unit: str | None = None
    description: str | None = None
    basis: str | None = None
    notes: list[str] = field(default_factory=list)
    fragments: list[Cleaned] = field(default_factory=list)
    extra: dict[str, str] = field(default_factory=dict)
    last_row: int = 0  # the last source row that added to this indicator (band rows)
    plan_year: int | None = None  # the year the table's title prints, or `import --year`
    direction_cell: Cleaned | None = None  # the 方向 / 指标性质 cell that gave `direction`


@dataclass
class Assembler:
    """Reads the rows of one table; collects drafts and diagnostics."""

    table: RawTable
    diags: list[Diagnostic] = field(default_factory=list)
    drafts: list[Draft] = field(default_factory=list)

    def cleaned(self, cells: list[Cell] | None) -> Cleaned | None:
        """One role's cells, cleaned; split cells (`≧ | 100 | %`) are joined into the first."""
        filled = [c for c in cells or [] if not c.blank]
        if not filled:
            return None
        parts = [clean(c) for c in filled]
        first = parts[0]
        for extra in parts[1:]:
            first.chars += [(ch, first.offset(len(first.chars))) for ch in extra.text.replace("|", "")]
            first.diags += extra.diags
        self.diags += first.diags
        first.diags = []
        return first

    def run(self) -> list[Draft]:
        level1: str | None = None
        level2: str | None = None
        pending: list[Cleaned] = []
        self.diags += self.table.problems
        for row in self.table.rows:
            f = map_row(self.table.roles, row)
            l1, l2 = self.label(f.get("level1")), self.label(f.get("level2"))
            if l1 and l1 not in SECTION_LABELS:
                level1 = l1
            name_cells = [c for c in f.get("level3", []) if not c.blank]
            if l2:  # a label on a row without an indicator is an empty category: it does not fill down
                level2 = l2 if name_cells else None
            value = self.cleaned(split_target(f)) or self.cleaned(f.get("period_target"))
            if not name_cells:
                if value is not None and self.drafts and is_band(value.text) and not (l1 or l2):
                    self.add_band(self.drafts[-1], value)
                    self.drafts[-1].last_row = value.cell.row
                elif value is not None:
                    pending.append(value)
                    self.formula_row(value, level1, level2)
                continue
            draft = self.start(name_cells[0], f, level1 if (l1 and l1 not in SECTION_LABELS) else None, level2)
            if draft is None:
                if value is not None:
                    self.add_value(self.drafts[-1], value)
                    self.drafts[-1].last_row = value.cell.row
                continue
            draft.extra["level1_filled"] = level1 or ""
            draft.extra["level2_own"] = l2 or ""
            draft.fragments += pending
            pending = []
            self.read_fields(draft, f, value)
            self.drafts.append(draft)
        self.fill_level2()
        self.fill_level1()
        for draft in self.drafts:
            self.finish(draft)
        return self.drafts

    @staticmethod
    def label(cells: list[Cell] | None) -> str | None:
        text = " ".join(clean(c, report=False).text for c in cells or [] if not c.blank)
        return text.replace(" ", "") or None

    def start(self, cell: Cell, f: dict[str, list[Cell]], l1: str | None, l2: str | None) -> Draft | None:
        """A new draft, or None when the row continues the previous indicator (one row per band)."""
        name_cell, tail = split_tail(cell)
        name = clean(name_cell, report=False).text.replace(" ", "")
        desc = self.label(f.get("description")) or ""
        key = (l2 or "", name, desc)
        prev = self.drafts[-1] if self.drafts else None
        if prev is not None and prev.key == key and tail is None and l1 is None:
            return None
        named = self.cleaned([name_cell])
        draft = Draft(
            named.text.replace(" ", "") if named else name,
            name_cell,
            cell.row,
            self.table.file,
            self.table.title,
            level1=l1,
            level2=l2,
            key=key,
        )
        if tail is not None:
            draft.fragments.append(clean(tail, report=False))
        return draft

    def read_fields(self, d: Draft, f: dict[str, list[Cell]], value: Cleaned | None) -> None:
        formula = self.cleaned(f.get("formula"))
        if formula is not None:
            self.read_formula(d, formula)
        if value is not None:
            self.add_value(d, value)
        elif d.target is None and not d.fragments:
            self.target_in_name(d)
        for cell in f.get("rule", []):  # a 评分标准 column holds a rule, or grade bands (`≥95 优`)
            if cell.text.strip() and not all(is_band(p) for p in split_bands(cell.text)):
                d.rule.append(cell)
            elif cell.text.strip():
                f.setdefault("bands", []).append(cell)
        for cell in f.get("bands", []):
            bands = self.cleaned([cell])
            if bands is not None:
                for piece in split_bands(bands.text):
                    self.add_band(d, bands, piece)
        self.read_weight(d, self.cleaned(f.get("weight")))
        self.read_texts(d, f)

    def read_texts(self, d: Draft, f: dict[str, list[Cell]]) -> None:
        for role in ("description", "basis", "note", "unit", "direction", "comparator", "actual", "score", "reason"):
            cleaned = self.cleaned(f.get(role))
            if cleaned is None:
                continue
            text = self.unquote(cleaned)
            if role in ("direction", "comparator") and text in DIRECTIONS:  # 指标性质 may say 正向指标
                d.direction, d.direction_cell = DIRECTIONS[text], cleaned
            elif role == "comparator":
                continue  # a comparator (`≥`), joined to the target; or words such as 定量
            elif role == "unit" and serial_date(text):
                self.diags.append(cleaned.cell.whole("W715", text=text, date=serial_date(text)))
                d.extra[role] = text
            elif role == "unit" and readback.is_unit(text):
                d.unit = text
            elif role == "unit":
                self.diags.append(cleaned.cell.whole("E763", text=text))
                d.extra[role] = text
            elif role in ("description", "basis"):
                setattr(d, role, text)
            elif role == "note":
                d.notes.append(text)
            else:
                d.extra[role] = text

    def unquote(self, cleaned: Cleaned) -> str:
        """`"信访` (a quoted cell cut off by the extract): drop the quote, report W708."""
        text = cleaned.text
        if text[:1] in '"“' and not text.rstrip().endswith(('"', "”")):
            self.diags.append(cleaned.cell.diag("W708", cleaned.offset(0), text=text[1:]))
            return text[1:].strip()
        return text

    def add_value(self, d: Draft, value: Cleaned) -> None:
        text = value.text
        if PLACEHOLDER.search(text) and not re.search(r"\d", text):  # `≥**`: never filled in (W714)
            d.target_cell = value
            d.notes.append(f"原表指标值“{text}”是模板占位符")
        elif text in NOT_APPLICABLE:
            d.notes.append("原表标为不适用（/）")
        elif LHS.match(text) or (FORMULA_HINT.search(text) and not _reads_as_target(text)):
            self.read_formula(d, value)
        elif is_band(text):
            self.add_band(d, value)
        else:
            self.read_target(d, value)

    def read_target(self, d: Draft, value: Cleaned) -> None:
        d.target_cell = value
        if LONE_COMPARATOR.fullmatch(value.text.strip()):
            self.diags.append(value.cell.diag("E718", value.offset(0), text=value.text.strip()))
            d.notes.append(f"原表指标值只有比较符“{value.text.strip()}”")
            return
        text = self.trailing(value, re.sub(r"\s*[|｜]\s*", "", value.text))  # `≧ | 100 | %`
        if (note := read_bound_note(text)) is not None:
            self.read_bound_note(d, value, note)
            return
        target, errs = parse_fragment(text, "target_spec")
        if target is None:
            span = errs[0].span if errs and errs[0].span else Span(0, 0)
            repaired = ocr_digits(value.text.strip())
            if repaired != value.text.strip() and parse_fragment(repaired, "target_spec")[0] is not None:
                fix, fix_en = f"写成“{repaired}”", f"write '{repaired}'"  # O/o → 0, I/l → 1 inside a number
            else:
                number = first_number(repaired) or 90
                fix, fix_en = f"写成如“≥{number}%”的目标", f"write a target such as '≥{number}%'"
            self.diags.append(
                value.cell.diag(
                    "E707", value.offset(span.start), what="指标值/target", text=value.text, fix=fix, fix_en=fix_en
                )
            )
            d.notes.append(f"原表指标值“{value.text}”无法读取")
            return
        d.target = target

    def trailing(self, value: Cleaned, text: str) -> str:
        """`≥95%；`: the punctuation typed after a target set aside (W724), where the cell does not
        read with it."""
        bare = without_trailing_punctuation(text)
        if bare is None or parse_fragment(text, "target_spec")[0] is not None:
            return text
        self.diags.append(value.cell.diag("W724", value.offset(len(bare)), text=value.text, read=bare))
        return bare

    def read_bound_note(self, d: Draft, value: Cleaned, note: BoundNote) -> None:
        """`≥90%（含）`: the target the note leaves (target_cells); I702 where the note changes the
        printed comparator, E765 where note and target disagree."""
        at = value.offset(note.at)
        if note.target is None:
            self.diags.append(value.cell.diag("E765", at, text=value.text))
            d.notes.append(f"原表指标值“{value.text}”与其括注矛盾，无法读取")
            return
        if note.changed:
            self.diags.append(value.cell.diag("I702", at, text=value.text, read=target_text(note.target)))
        d.target = note.target

    def add_band(self, d: Draft, value: Cleaned, text: str | None = None) -> None:
        text = value.text if text is None else text
        band, errs = parse_fragment(text, "band")
        if band is None:
            self.diags.append(
                value.cell.diag(
                    "E707",
                    value.offset(0),
                    what="等级/band",
                    text=text,
                    fix="写成如“≥90 优”的等级",
                    fix_en="write a band such as '≥90 优'",
                )
            )
            d.notes.append(f"原表等级“{text}”无法读取")
            return
        at = max(0, value.text.find(text))
        d.bands.append((band, value.cell, (value.offset(at), value.offset(at + len(text) - 1) + 1)))

    def read_formula(self, d: Draft, value: Cleaned) -> None:
        text = value.text
        prefix = "指标 X\n  公式 "
        doc, errs = parse_document(prefix + text + "\n", "<cell>")
        ind = next((st for st in doc.statements if isinstance(st, A.Indicator)), None)
        if errs or ind is None or ind.formula is None:
            at = (errs[0].span.start - len(prefix)) if errs and errs[0].span else 0
            self.diags.append(
                value.cell.diag("E707", value.offset(max(0, at)), what="公式/formula", text=text, fix=f"{d.name} = …")
            )
            d.notes.append(f"原表公式“{text}”无法读取")
            return
        formula = ind.formula
        if formula.lhs is None:
            self.diags.append(value.cell.diag("W704", value.offset(0), name=d.name, fix=f"{d.name} = {text}"))
            d.notes.append(f"原表公式“{text}”没有“=”，按“{d.name} = …”读取")
        elif formula.lhs != d.name:
            at = value.offset(formula.lhs_span.start - len(prefix)) if formula.lhs_span else 0
            self.diags.append(value.cell.diag("I701", at, at + len(formula.lhs), lhs=formula.lhs, name=d.name))
        d.formula = formula

    def read_weight(self, d: Draft, value: Cleaned | None) -> None:
        if value is None:
            return
        d.weight, problem = readback.weight(value)
        if problem is not None:
            self.diags.append(problem)

    def target_in_name(self, d: Draft) -> None:
        """`年度资金支付完成率100%`: the target printed inside the name (W709)."""
        m = NAME_TARGET.match(d.name)
        if not m:
            return
        target, errs = parse_fragment(m.group(2), "target_spec")
        if target is None or errs:
            return
        self.diags.append(d.name_cell.diag("W709", len(m.group(1)), len(d.name), name=m.group(1), target=m.group(2)))
        d.name, d.target = m.group(1), target

    def formula_row(self, value: Cleaned, level1: str | None, level2: str | None) -> None:
        """A row with only a whole formula `X = …` (seed 000, line 22): an indicator named X (W713)."""
        m = LHS.match(value.text)
        if not m or FORMULA_HINT.search(value.text):
            return
        doc, errs = parse_document(f"{value.text}\n", "<cell>")
        ind = next((st for st in doc.statements if isinstance(st, A.Indicator)), None)
        if errs or ind is None or ind.formula is None:
            return
        name_end = value.offset(len(ind.name) - 1) + 1
        name_cell = replace(value.cell, end=value.cell.start + name_end)  # findings about the name point at it
        draft = Draft(ind.name, name_cell, value.cell.row, self.table.file, self.table.title, level2=level2)
        draft.extra.update(level1_filled=level1 or "", level2_own="")
        draft.formula = ind.formula
        self.diags.append(value.cell.diag("W713", value.offset(0), name_end, name=ind.name))
        self.drafts.append(draft)

    def fill_level2(self) -> None:
        """An indicator row under an empty category row takes the 二级 printed below it (W712)."""
        below_level2 = next_values([d.extra.get("level2_own") or None for d in self.drafts])
        for i, d in enumerate(self.drafts):
            own = d.extra.pop("level2_own", "")
            if d.level2 or own:
                d.level2 = d.level2 or own
                continue
            below = below_level2[i]
            if below:
                d.level2 = below
                self.diags.append(d.name_cell.whole("W712", level2=below))

    def fill_level1(self) -> None:
        """一级 from the 二级 (standard names) or from a merged cell centred below (W706)."""
        last: str | None = None
        below_level1 = next_values([d.level1 for d in self.drafts])
        for i, d in enumerate(self.drafts):
            filled = d.extra.pop("level1_filled", "") or None
            if d.level1:
                last = d.level1
                continue
            by_level2 = LEVEL1_OF.get(d.level2 or "")
            below = below_level1[i]
            if by_level2 and by_level2 == last:
                d.level1 = last
            elif by_level2 and by_level2 != filled:
                self.report_level1(d, by_level2, f"二级指标“{d.level2}”", f"from 二级指标 '{d.level2}'")
            elif filled or by_level2:
                d.level1 = filled or by_level2
            elif below:
                self.report_level1(d, below, "下方合并单元格", "from the merged cell below")
            last = d.level1

    def report_level1(self, d: Draft, level1: str, how: str, how_en: str) -> None:
        d.level1 = level1
        self.diags.append(d.name_cell.whole("W706", level1=level1, how=how, how_en=how_en))

    def finish(self, d: Draft) -> None:
        d.extra.pop("level1_filled", None)
        self.diags += question(d.name, d.name_cell, d.level2, d.target, d.target_cell, d.unit)
        if d.direction_cell is not None and d.direction is not None:
            self.diags += against_direction(d.direction, d.direction_cell, d.target, d.target_cell)
        if d.fragments:
            self.truncated(d)
        missing = [(b, c, at) for b, c, at in d.bands if isinstance(b, A.ThresholdBand) and b.comparator is None]
        for band, cell, at in missing:
            fix = band_fix(d.bands, band)
            written = f"{num_text(band.quantity.value)}{band.quantity.unit or ''}{band.grade}"
            self.diags.append(cell.diag("W705", at[0], at[1], fix=fix, band=written, suggest=fix))
            d.notes.append(f"原表等级“{written}”缺少比较符，建议“{fix}”")

    def truncated(self, d: Draft) -> None:
        d.fragments.sort(key=lambda f: (f.cell.row, f.cell.start))
        texts = [f.text for f in d.fragments]
        shown = " … ".join(texts)
        lines = "、".join(str(f.cell.source.location(f.cell.start)[0]) for f in d.fragments)
        for frag in d.fragments:
            self.diags.append(
                frag.cell.diag(
                    "E706",
                    frag.offset(0),
                    name=d.name,
                    fragments=shown,
                    fix=f"补全公式，写成“{d.name} = 分子 / 分母 * 100%”",
                    fix_en=f"complete the formula as '{d.name} = numerator / denominator * 100%'",
                )
            )
        d.notes.append(f"公式在原表中被截断（第 {lines} 行）：{shown}")


def as_data(d: Draft) -> dict[str, Any]:
    return {"name": d.name, "row": d.row, "file": d.file, "table": d.table, **d.extra}
