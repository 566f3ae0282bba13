"""Drafts → AST statements → `.ind` text or JSON, with provenance and every finding."""

from __future__ import annotations

import dataclasses
import json
import re
from collections.abc import Iterable
from dataclasses import dataclass, field
from fractions import Fraction
from pathlib import Path
from typing import Any

from .. import ast as A
from ..build_targets import dotted_in_context
from ..diagnostics import Diagnostic, sort_key
from ..naming import is_timed
from ..rational import MAX_DIGITS
from ..source import Span
from ..target_semantics import calendar_points
from ..unparse import band_text, expr_text, statement_text, target_text
from . import readback
from .assemble import Assembler, Draft, as_data
from .plan_year import TitleYear, title_year
from .readers import FileError, read_any
from .rules import NAME_RE
from .text import RawTable

_ZERO = Span(0, 0)
_TITLE_TAIL = re.compile(r"(专项资金)?(绩效目标申报表|绩效目标表|绩效自评表|申报表|自评表|目标表|表)$")


@dataclass
class ImportResult:
    """What an import produced: statements in file order, findings, and per-indicator extras."""

    statements: list[A.Statement] = field(default_factory=list)
    diagnostics: list[Diagnostic] = field(default_factory=list)
    records: list[dict[str, Any]] = field(default_factory=list)
    failed: list[Diagnostic] = field(default_factory=list)  # files that could not be read at all

    def text(self) -> str:
        """The `.ind` text: header comment, then every statement (canonical form, `unparse`)."""
        files = ", ".join(dict.fromkeys(r["file"] for r in self.records)) or "（无）"
        head = f"# 由 indicator-dsl import 导入：{_safe_text(files)}\n\n"
        return head + "\n\n".join(statement_text(st) for st in self.statements) + "\n"

    def to_json(self, lang: str = "zh") -> str:
        indicators = [st for st in self.statements if isinstance(st, A.Indicator)]
        data = {
            "indicators": [{**indicator_data(ind), **rec} for ind, rec in zip(indicators, self.records, strict=False)],
            "diagnostics": [d.to_dict(lang) for d in self.all_diagnostics()],
            "text": self.text(),
        }
        return json.dumps(data, ensure_ascii=False, indent=2)

    def all_diagnostics(self) -> list[Diagnostic]:
        return self.failed + sorted(self.diagnostics, key=sort_key)


def indicator_data(ind: A.Indicator) -> dict[str, Any]:
    """The fields people compare, as canonical text."""
    return {
        "name": ind.name,
        "category": list(ind.category),
        "formula": None
        if ind.formula is None
        else (f"{ind.formula.lhs} = " if ind.formula.lhs else "") + expr_text(ind.formula.expr),
        "target": None if ind.target is None else target_text(ind.target),
        "weight": None if ind.weight is None else str(ind.weight.value),
        "bands": [band_text(b) for b in ind.bands],
        "description": ind.description,
        "basis": ind.basis,
        "source": ind.source,
        "note": ind.note,
    }


def import_files(paths: Iterable[str | Path], year: int | None = None) -> ImportResult:
    """Import every file; a file that cannot be read is reported and the others still import.
    `year` is the plan year of every table (`import --year`); without it each table's title
    gives its own (`（2024年度）`), so month-only deadlines (`11月底前`) get a year."""
    result = ImportResult()
    drafts: list[Draft] = []
    carded: set[str] = set()  # files that bring their own 评分表 (an export): none is made up
    for path in map(Path, paths):
        try:
            tables, statements, problems = read_any(path)
        except FileError as exc:
            result.failed.append(exc.diagnostic)
            continue
        result.statements += statements
        result.diagnostics += problems
        if any(isinstance(st, A.Scorecard) for st in statements):
            carded.add(path.name)
        for table in tables:
            asm = Assembler(table)
            found = asm.run()
            result.diagnostics += asm.diags
            result.diagnostics += dated(found, year, table)
            drafts += found
    taken = {st.name for st in result.statements if isinstance(st, (A.Definition, A.Scorecard))}
    current: tuple[str, str] | None = None
    for i, d in enumerate(drafts):
        if (d.file, d.table) != current and d.file not in carded:
            current = (d.file, d.table)
            card = scorecard([x for x in drafts[i:] if (x.file, x.table) == current], taken, result.diagnostics)
            result.statements += [card] if card and _reads_back(card, d, result.diagnostics) else []
        indicator = to_indicator(d, taken, result.diagnostics)
        if _reads_back(indicator, d, result.diagnostics):
            result.statements.append(indicator)
            result.records.append(as_data(d))
    return result


def dated(drafts: list[Draft], year: int | None, table: RawTable) -> list[Diagnostic]:
    """Give every draft the plan year (`year`, else the title's); the title's W721 when it prints
    two, and W722 at each month-only deadline that is left without a year."""
    found = title_year(table.heading) if year is None else TitleYear(year)
    diags = [found.finding] if found.finding else []
    for d in drafts:
        d.plan_year = found.year
        undated = [p for p in calendar_points(d.target) if _needs_year(p)]
        if found.year is None and undated and d.target_cell is not None:
            diags.append(d.target_cell.cell.diag("W722", d.target_cell.offset(0), text=d.target_cell.text))
    return diags


def _needs_year(point: A.DeadlineTarget | A.PeriodTarget) -> bool:
    whens = (point.when,) if isinstance(point, A.DeadlineTarget) else (point.start, point.end)
    return any(w.year is None for w in whens)


def _reads_back(statement: A.Statement, d: Draft, diags: list[Diagnostic]) -> bool:
    """Only what parses back to itself is written (E764 at the name cell otherwise)."""
    same, zh, en = readback.reads_back(statement)
    if not same:
        diags.append(d.name_cell.whole("E764", name=getattr(statement, "name", ""), reason=zh, reason_en=en))
    return same


def _group_weight(group: str, total: Fraction, first: Draft, diags: list[Diagnostic]) -> A.Quantity | None:
    if len(readback.digits(total)) <= MAX_DIGITS:
        return A.Quantity(_ZERO, total, None)
    diags.append(first.name_cell.whole("E762", group=group, limit=MAX_DIGITS))
    return None


def scorecard(drafts: list[Draft], taken: set[str], diags: list[Diagnostic]) -> A.Scorecard | None:
    """A table that prints 分值 is a scorecard: one group per 一级指标 with the sum of its weights."""
    if not any(d.weight for d in drafts):
        return None
    sums: dict[str, Fraction] = {}
    for d in drafts:
        level1 = _clean_name(d.level1) or "未分类"
        sums[level1] = sums.get(level1, Fraction(0)) + (d.weight.value if d.weight else 0)
    first = drafts[0]
    name = _unique(_clean_name(_TITLE_TAIL.sub("", first.table) or first.table) or "评分表", "评分表", taken, bare=True)
    taken.add(name)
    groups = tuple(A.Group(_ZERO, (g,), _group_weight(g, w, first, diags)) for g, w in sums.items())
    title = first.table.replace('"', "'")
    return A.Scorecard(
        _ZERO,
        name,
        _ZERO,
        title=title,
        groups=groups,
        source=_safe_text(f"{first.file}, {first.table}"),
        plan_year=first.plan_year,
    )


def to_indicator(d: Draft, taken: set[str], diags: list[Diagnostic]) -> A.Indicator:
    name = _valid_name(d, diags)
    printed = _printed_alias(d.name, name)
    aliases: tuple[str, ...] = (printed,) if printed else ()
    if name in taken:  # the printed name is another indicator's: it cannot be this one's alias too
        renamed = _unique(name, d.table, taken)
        diags.append(d.name_cell.whole("W707", name=name, renamed=renamed))
        name, aliases = renamed, ()
    taken.add(name)
    d.name = name
    category = tuple(n for n in (_clean_name(d.level1), _clean_name(d.level2)) if n)
    unit = d.unit or _percent_unit(d)
    d.target = _in_context(d, name, category, unit, diags)
    notes = "；".join(dict.fromkeys(d.notes))
    node = A.Indicator(
        _ZERO,
        name,
        _ZERO,
        category=category,
        formula=d.formula,
        target=d.target,
        weight=d.weight,
        bands=tuple(b for b, _, _ in d.bands),
        direction=d.direction,
        unit=unit,
        plan_year=d.plan_year if calendar_points(d.target) else None,
        aliases=aliases,
        description=_safe_text(d.description),
        basis=_safe_text(d.basis),
        source=_safe_text(f"{d.file}, {d.table}, 第{_rows(d)}行"),
        note=_safe_text(notes),
    )
    return with_rule(node, d, diags)


def _in_context(
    d: Draft, name: str, category: tuple[str, ...], unit: str | None, diags: list[Diagnostic]
) -> A.Target | None:
    """`2022.3` in a 时效 row is 2022年3月, as the same target in a `.ind` file reads
    (`build_targets.dotted_in_context`); E350/W351 at the cell."""
    if not isinstance(d.target, A.QuantTarget) or d.target_cell is None:
        return d.target
    written = re.sub(r"\s*[|｜]\s*", "", d.target_cell.text)  # as `read_target` parsed it
    span = d.target.quantity.span
    timed = is_timed(name, category)
    target, finding = dotted_in_context(d.target, written[span.start : span.end], timed, bool(unit or d.formula))
    if finding is not None:
        code, fix, args = finding
        cell = d.target_cell
        diags.append(cell.cell.diag(code, cell.offset(span.start), cell.offset(span.end - 1) + 1, fix or None, **args))
    return target


def with_rule(node: A.Indicator, d: Draft, diags: list[Diagnostic]) -> A.Indicator:
    """The 评(扣)分标准 as printed, and the reading the engine makes of it (`评分读作`) so a
    reviewer sees both; a rule that cannot be read is kept as printed and reported at the cell."""
    if not d.rule:
        return node
    from ..criteria import context_of, criterion_text, read
    from ..criteria.structured import is_structured
    from ..semantics import Env, resolve_indicator

    text = "\n".join(c.text.strip() for c in d.rule)
    node = dataclasses.replace(node, rule=A.RuleText(_ZERO, text))
    if is_structured(text):  # already the structured form (an export of a `评分读作` line): kept as is
        return node
    rule, findings = read(text, context_of(resolve_indicator(node, Env(), None)))
    errors = [f for f in findings if f.code.startswith("E")]
    if rule is None or errors:
        f = errors[-1] if errors else None
        diags.append(d.rule[0].whole("W681", text=text[f.start : f.end] if f else text, why=f.code if f else "E664"))
        return node
    return dataclasses.replace(node, rule_reading=A.RuleText(_ZERO, criterion_text(rule.criterion)))


def _rows(d: Draft) -> str:
    return f"{d.row}–{d.last_row}" if d.last_row > d.row else str(d.row)


def _percent_unit(d: Draft) -> str | None:
    """Bare numbers on a rate with no formula (`≥95优` for …率/比例) are percentages, as printed."""
    if d.formula is not None or not (d.bands or d.target):
        return None
    texts = (d.name, d.description or "")
    if not any(t.endswith(("率", "比例", "满意度")) for t in texts):
        return None
    quantities = [b.quantity for b, _, _ in d.bands if isinstance(b, A.ThresholdBand)]
    if isinstance(d.target, A.QuantTarget):
        quantities.append(d.target.quantity)
    return "%" if quantities and all(q.unit is None for q in quantities) else None


def _valid_name(d: Draft, diags: list[Diagnostic]) -> str:
    fixed = _clean_name(d.name) or "未命名指标"
    if fixed != d.name:
        diags.append(d.name_cell.whole("W710", before=d.name, after=fixed))
    return fixed


def _printed_alias(printed: str, name: str) -> str | None:
    """The name as the table prints it (`设施(设备)完好率`, `项目期内,群众…`), kept as an alias when
    the identifier had to differ; written back quoted, so it must fit in one quoted string."""
    text = re.sub(r"[\x00-\x1f\x7f]", "", re.sub(r"\s+", " ", printed)).replace("#", "＃").strip()
    if not text or text == name or all(q in text for q in '"”」'):
        return None
    return text


def _clean_name(text: str | None) -> str | None:
    """A text as a valid identifier: ASCII brackets become full-width, other symbols go; a name
    that would start with a digit once its brackets are gone (`（30分）`) gets a word in front."""
    if not text:
        return None
    text = text.replace("(", "（").replace(")", "）")
    text = re.sub(r"[^\w·、（）]", "", text)
    for drop in (r"[（）]", r"[^\w·]"):
        if NAME_RE.fullmatch(text):
            break
        text = re.sub(drop, "", text)
    text = re.sub(r"^_+", "", text)
    if text and text[0].isdigit():
        text = "指标" + text
    return text if text and NAME_RE.fullmatch(text) else None


def _unique(name: str, table: str, taken: set[str], bare: bool = False) -> str:
    label = _clean_name(_TITLE_TAIL.sub("", table)) or "表"
    label = label.replace("（", "").replace("）", "")
    candidate = name if bare and name not in taken else f"{name}（{label}）"
    n = 2
    while candidate in taken:
        candidate = f"{name}（{label}{n}）"
        n += 1
    return candidate


def _safe_text(text: str | None) -> str | None:
    """A one-line clause text: no line breaks, no `#` (a comment), no outer quotes to strip."""
    if not text:
        return None
    return re.sub(r"\s+", " ", text).replace("#", "＃").strip() or None
