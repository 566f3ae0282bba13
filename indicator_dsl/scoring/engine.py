"""Scoring a scorecard against a year's actuals: weights, per-row scores, rollups, total, grade.

Order of work: read actuals → compute indicator values from raw inputs where needed → weights
(scheme group weights, then 不适用 rescaling, then rounding by largest remainder so the shown
分值 add up to the full total) → one `score_indicator` per row → subtotals and the total as sums
of the rounded scores, the way published tables do it."""

from __future__ import annotations

import dataclasses
from collections.abc import Mapping
from decimal import Decimal
from fractions import Fraction
from pathlib import Path
from typing import Any

from .. import ast as A
from .. import units as U
from ..backends.exact import EvalFailure, evaluate_expr
from ..catalog import Catalog, Indicator, load_file
from ..conditions import baseline_names
from ..diagnostics import Diagnostic, sort_key
from ..naming import NameIndex
from ..rational import NotANumber, exact_sum, format_fixed, round_half_up, to_fraction
from ..semantics import Bound, referenced_names, resolve_band
from ..source import Source, Span
from ..unparse import expr_text
from . import codes as _codes  # noqa: F401  (registers E6xx/W6xx)
from .actuals import (
    Actuals,
    ActualsError,
    Cell,
    Entry,
    cell_diagnostic,
    display_name,
    interpret,
    is_empty,
    read_table,
    table_from_records,
)
from .by_rule import baseline_inputs, rule_baselines
from .indicator import Measured, Options, ScoreInputError, UnitMismatch, read_value, score_indicator, short
from .memo import Memo
from .models import IndicatorScore, Problem, RowKind, ScoreReport, Subtotal, Text
from .rules import RULES, clamp
from .schemes import DEFAULT_SCHEME, Scheme, SchemeError, load_scheme
from .weights import BUDGET_LEVEL, Item, effective_weights

BUDGET_NAMES = ("预算执行率", "预算执行", "budget execution")


class ScoringError(Exception):
    """Scoring cannot start (bad scorecard file, unknown scheme, unreadable actuals)."""

    def __init__(self, diagnostics: list[Diagnostic]) -> None:
        super().__init__("; ".join(f"{d.code} {d.message('en')}" for d in diagnostics[:3]))
        self.diagnostics = diagnostics


def score(
    catalog_or_path: Catalog | str | Path,
    actuals: Any,
    scheme: Scheme | str | Path | None = None,
    places: int | None = None,
    scorecard: str | None = None,
    plan_year: int | None = None,
    memo: Memo | None = None,
) -> ScoreReport:
    """Score a scorecard.  `actuals`: a path (.csv/.xlsx/.json) or JSON-like rows.  `scheme`:
    a Scheme, a shipped name or a .toml path; None takes the scorecard's 方案 (else national-2020).
    `plan_year` (`score --year`): the year of month-only deadlines, over the scorecard's 年度.
    `memo`: what a folder run shares between its projects (`memo.Memo`); the report is the same."""
    if places is not None and (isinstance(places, bool) or not isinstance(places, int) or not 0 <= places <= 6):
        raise ValueError(f"places must be an integer 0..6, not {places!r}")
    twin = None
    if isinstance(catalog_or_path, Catalog):
        catalog, errors = catalog_or_path, catalog_or_path.errors()
    elif memo is not None:
        catalog, errors, twin = memo.load(catalog_or_path, display_name(catalog_or_path), plan_year)
    else:
        catalog = load_file(catalog_or_path, display_name(catalog_or_path), plan_year)
        errors = catalog.errors()
    if errors:
        raise ScoringError(errors)
    if not any(True for _ in catalog):
        doc = catalog.documents[0] if catalog.documents else None
        raise ScoringError([Diagnostic("E618", Span(0, 0) if doc else None, doc.source if doc else None)])
    card = _pick_scorecard(catalog, scorecard)
    chosen = _scheme(
        scheme if scheme is not None else (card.scheme if card and card.scheme else DEFAULT_SCHEME), card, catalog
    )
    return _Run(catalog, card, chosen, chosen.places if places is None else places, memo, twin).report(actuals)


def _pick_scorecard(catalog: Catalog, name: str | None) -> A.Scorecard | None:
    cards = catalog.scorecards
    if name is None:
        return cards[0] if cards else None
    found = [c for c in cards if c.name == name]
    if not found:
        raise ScoringError([Diagnostic("E609")])
    return found[0]


def _scheme(value: Scheme | str | Path, card: A.Scorecard | None = None, catalog: Catalog | None = None) -> Scheme:
    """The scheme to use; a failure names the scheme file (and line), or the 评分表's 方案 line
    when the name came from the scorecard."""
    if isinstance(value, Scheme):
        return value
    try:
        return load_scheme(value)
    except SchemeError as exc:
        args = {"scheme": str(value), "reason": exc.zh, "reason_en": exc.en}
        if exc.file is not None:
            source = Source(exc.file, exc.text)
            at = _offset(exc.text, exc.line, exc.column)
            span = Span(at, at + 1) if exc.line and at < len(exc.text) else None
            raise ScoringError([Diagnostic("E608", span, source, args)]) from None
        if card is not None and catalog is not None and card.scheme == str(value):
            source = _source_of(catalog, card)
            start = source.text.find("方案", card.span.start, card.span.end)
            if start >= 0:
                raise ScoringError([Diagnostic("E608", Span(start, start + 2), source, args)]) from None
        raise ScoringError([Diagnostic("E608", None, Source(str(value), ""), args)]) from None


def _offset(text: str, line: int, column: int) -> int:
    """Offset of a 1-based (line, column) in text."""
    lines = text.splitlines(keepends=True)
    return sum(len(x) for x in lines[: max(line - 1, 0)]) + max(column - 1, 0)


def _source_of(catalog: Catalog, card: A.Scorecard) -> Source:
    for doc in catalog.documents:
        if any(st is card for st in doc.statements):
            return doc.source
    return catalog.documents[0].source


class _Run:
    def __init__(
        self,
        catalog: Catalog,
        card: A.Scorecard | None,
        scheme: Scheme,
        places: int,
        memo: Memo | None = None,
        twin: Catalog | None = None,
    ) -> None:
        self.catalog, self.card, self.scheme, self.places, self.memo = catalog, card, scheme, places, memo
        self.twin = twin
        self.shared = _shared(catalog, twin) if twin is not None else {}
        self.diags: list[Diagnostic] = []
        self.full = Fraction(0)
        self.items = self._items()

    def _same(self, ind: Indicator) -> Indicator:
        """The twin's indicator (memo.Memo.load) when it is this one (the same resolved node
        in a catalog of the same statements): its evaluator, inputs and rule, already compiled
        and read, give ours; its values and rows are ours.  Findings still name our file."""
        return self.shared.get(ind.name, ind)

    def _items(self) -> list[Item]:
        items = [Item(ind, *_levels(ind.node.category), ind.weight) for ind in self.catalog if ind.weight is not None]
        budget = self.card.budget if self.card else None
        if budget is not None and budget.weight is not None:
            items.append(Item(None, *BUDGET_LEVEL, budget.weight.value))
        return items

    def report(self, actuals: Any) -> ScoreReport:
        data = self._read(actuals)
        self.diags += data.diagnostics
        self._check_weights()
        not_applicable = {n for n, e in data.entries.items() if e.na}
        weights = self._weights(not_applicable)
        full = self._weights(set()) if not_applicable else weights
        self.full = exact_sum(full.values())
        rows = [self._row(item, weights[item.name], data) for item in self.items]
        total = round_half_up(Fraction(sum((r.score or Decimal(0) for r in rows), Decimal(0))), self.places)
        scorable = any(not r.not_applicable for r in rows)
        if not scorable:
            self.diags.append(self._nothing_to_score(bool(rows)))
        return ScoreReport(
            scorecard=self.card.name if self.card else Path(self.catalog.documents[0].source.name).stem,
            title=(self.card.title or "") if self.card else "",
            scheme=self.scheme.name,
            scheme_title=Text(zh=self.scheme.title, en=self.scheme.title_en),
            places=self.places,
            scorecard_file=self.catalog.documents[0].source.name,
            actuals_file=data.file,
            rows=rows,
            subtotals=_subtotals(rows),
            total=total,
            full_total=sum((r.weight for r in rows), round_half_up(Fraction(0), self.places)),
            grade=self._grade(total) if scorable else None,
            left_out=[r.indicator for r in rows if r.rule == "not-scored"],
            problems=[Problem.of(d) for d in sorted(self.diags, key=sort_key)],
        )

    def _where(self) -> tuple[Span | None, Source | None]:
        """Where a finding about the whole table points: the 评分表 line, else the first 权重."""
        if self.card is not None:
            return self.card.span, self._card_source()
        first = next((i.indicator for i in self.items if i.indicator is not None), None)
        if first is not None and first.node.weight is not None:
            return first.node.weight.span, first.file
        doc = self.catalog.documents[0]
        return Span(0, 0), doc.source

    def _card_source(self) -> Source:
        assert self.card is not None
        return _source_of(self.catalog, self.card)

    def _nothing_to_score(self, all_not_applicable: bool) -> Diagnostic:
        why = (
            ("所有指标均为不适用", "every indicator is marked not applicable")
            if all_not_applicable
            else ("没有指标声明权重", "no indicator has a 权重")
        )
        span, source = self._where()
        return Diagnostic("E617", span, source, {"why": why[0], "why_en": why[1]})

    # ---- inputs ---------------------------------------------------------------------------------
    def _read(self, actuals: Any) -> Actuals:
        if self.memo is not None and self.twin is not None:
            names, inputs = self.memo.lookups(self.twin, self._lookups)
        else:
            names, inputs = self._lookups()
        where = Source(display_name(actuals), "") if isinstance(actuals, (str, Path)) else None
        try:
            table = read_table(actuals) if isinstance(actuals, (str, Path)) else table_from_records(actuals)
        except ActualsError as exc:
            args = {"reason": exc.zh, "reason_en": exc.en}
            raise ScoringError([Diagnostic("E601", None, where, args)]) from None
        empty = is_empty(table) if where is not None else None  # a file; records handed in may be none
        if empty is not None:
            what = {"what": _EMPTY[empty][0], "what_en": _EMPTY[empty][1]}
            raise ScoringError([*table.problems, Diagnostic("E640", None, where, what)])
        return interpret(table, names, inputs)

    def _lookups(self) -> tuple[NameIndex, NameIndex]:
        """The rows' names (indicators, aliases, the budget line) and the formula inputs and
        baselines the actuals may give: the same for every project of one shape (a twin's)."""
        names = {n: ind.name for ind in self.catalog for n in (ind.name, *ind.aliases)}
        names.update(dict.fromkeys(BUDGET_NAMES, BUDGET_LEVEL[1]))
        same = [self._same(ind) for ind in self.catalog]
        inputs = {i for ind in same for i in ind.inputs}
        inputs |= {name for ind in same for name in rule_baselines(ind)}
        inputs |= {name for ind in self.catalog for name in baseline_names(ind.resolved.condition)}
        if self.card and self.card.budget:
            inputs |= {r.name for r in referenced_names(self.card.budget.expr)}
        return NameIndex(names), NameIndex({i: i for i in sorted(inputs)})

    # ---- weights --------------------------------------------------------------------------------
    def _check_weights(self) -> None:
        total = exact_sum(i.weight for i in self.items)
        card = self.card
        if self.items and total != self.scheme.total and not self.scheme.groups:
            span, source = self._where()
            self.diags.append(
                Diagnostic("W602", span, source, {"total": short(total, 6), "expected": short(self.scheme.total, 6)})
            )
        for group in card.groups if card else ():
            members = [i.weight for i in self.items if i.level1 == group.path[0] and i.indicator]
            if group.weight is not None and exact_sum(members) != group.weight.value:
                self.diags.append(
                    Diagnostic(
                        "W604",
                        group.span,
                        self.catalog.documents[0].source,
                        {
                            "group": "/".join(group.path),
                            "total": short(exact_sum(members), 6),
                            "declared": short(group.weight.value, 6),
                        },
                    )
                )

    def _weights(self, not_applicable: set[str]) -> dict[str, Fraction]:
        def compute() -> dict[str, Fraction]:
            return effective_weights(self.items, self.scheme, not_applicable, self.places)

        if self.memo is None:
            return compute()
        return self.memo.weights(self.items, self.scheme, not_applicable, self.places, compute)

    # ---- rows -----------------------------------------------------------------------------------
    def _row(self, item: Item, weight: Fraction, data: Actuals) -> IndicatorScore:
        entry = data.entries.get(item.name)
        if entry is not None and entry.na:
            return self._not_applicable(item, entry)
        if item.indicator is None:
            return self._budget(item, weight, data, entry)
        tier = entry.tier.text if entry and entry.tier else None
        actual, where = self._actual(item.indicator, entry, data)
        if actual is None and not (item.indicator.resolved.qualitative and tier):
            return self._not_scored(item, weight, where)
        opts = Options(
            tier=tier,
            manual=self._manual(entry, data.file),
            reason=entry.reason if entry else None,
            deviation=entry.deviation if entry else None,
            places=self.places,
            level1=item.level1,
            level2=item.level2,
            baselines=baseline_inputs(self._same(item.indicator), data.inputs),
        )
        ind = self._same(item.indicator)
        try:
            if self.memo is None:
                row = score_indicator(ind, actual, weight, self.scheme, opts)
            else:
                row = self.memo.row(
                    ind,
                    actual,
                    weight,
                    self.scheme,
                    opts,
                    lambda: score_indicator(ind, actual, weight, self.scheme, opts),
                )
        except ScoreInputError as exc:
            if exc.code in ("E607", "E614") and entry and entry.manual:
                self.diags.append(_at(exc, data.file, entry.manual))
                row = score_indicator(ind, actual, weight, self.scheme, _without_override(opts))
            else:
                self.diags.append(self._input_problem(exc, item.indicator, entry, data.file, where))
                return self._not_scored(item, weight, None)
        self._row_warnings(row, item.indicator, data.file, where)
        self._negative_count(row, item.indicator, data.file, where)
        return row

    def _input_problem(
        self, exc: ScoreInputError, ind: Indicator, entry: Entry | None, file: str, where: Cell | None
    ) -> Diagnostic:
        """At the cell that holds the problem (a tier at its 等级 cell), else at the indicator;
        the indicator's name is in the arguments either way."""
        if exc.code in ("E606", "E610") and entry is not None and entry.tier is not None:
            where = entry.tier
        exc.args_.setdefault("name", ind.name)
        if exc.code == "E606" and not exc.args_.get("choices"):  # never an empty list after 可用
            exc.args_["choices"] = "、".join(t.name for t in self.scheme.tiers)
        if where is None and entry is not None:
            return cell_diagnostic(exc.code, file, entry.row, 1, ind.name, **exc.args_)
        if where is None:
            return Diagnostic(exc.code, ind.node.name_span, ind.file, exc.args_)
        return _at(exc, file, where)

    def _negative_count(self, row: IndicatorScore, ind: Indicator, file: str, where: Cell | None) -> None:
        """`-3座`: a count below zero is a typo or a sign error, not an achievement of zero."""
        unit = ind.resolved.unit
        if row.actual_exact is None or not U.is_count(unit) or Fraction(row.actual_exact) >= 0:
            return
        args = {"value": where.text if where is not None else row.actual, "unit": U.describe(unit)}
        if where is not None:
            self.diags.append(cell_diagnostic("W641", file, where.row, where.column, where.text, **args))
        else:
            self.diags.append(Diagnostic("W641", ind.node.name_span, ind.file, args))

    def _actual(self, ind: Indicator, entry: Entry | None, data: Actuals) -> tuple[Any, Cell | None]:
        if entry is not None and entry.actual is not None:
            return entry.actual.value, entry.actual
        where = entry.actual if entry else None
        same = self._same(ind)
        if ind.node.formula is None or not any(n in data.inputs for n in same.inputs):
            if not (ind.resolved.qualitative and entry is not None and entry.tier is not None):
                self.diags.append(self._missing(ind, entry, data.file))
            return None, where
        result = same.evaluate(data.inputs, self.places)
        if not result.ok:
            cell = _failing_cell(same, result.error, dict(result.error_args or {}), data)
            failure = ScoreInputError(
                "E612", name=ind.name, reason=result.message("zh"), reason_en=result.message("en")
            )
            self.diags.append(_at(failure, data.file, cell))
            return None, where
        return (None if result.value is None else Measured(result.value)), where

    def _missing(self, ind: Indicator, entry: Entry | None, file: str) -> Diagnostic:
        if entry is not None:
            return cell_diagnostic("E604", file, entry.row, 1, ind.name, name=ind.name)
        return Diagnostic("E604", ind.node.name_span, ind.file, {"name": ind.name})

    def _manual(self, entry: Entry | None, file: str) -> Fraction | None:
        if entry is None or entry.manual is None:
            return None
        try:
            return to_fraction(entry.manual.value)
        except NotANumber:
            self.diags.append(
                cell_diagnostic(
                    "E603",
                    file,
                    entry.manual.row,
                    entry.manual.column,
                    entry.manual.text,
                    header="得分",
                    value=entry.manual.text,
                )
            )
            return None

    def _row_warnings(self, row: IndicatorScore, ind: Indicator, file: str, where: Cell | None) -> None:
        for code in row.warnings:
            target = ind.resolved.target
            args = {
                "actual": row.actual,
                "value": where.text if where is not None else row.actual,
                "target": target.text if target else "",
                "expected": ind.unit or "无单位",
                "limit": f"{short(self.scheme.over_target_warning * 100, 2)}%",
            }
            if code == "W601" and target is not None:
                args["ratio"] = f"{format_fixed(Fraction(row.actual_exact or 0) / target.value * 100, 2)}%"
            if where is not None:
                self.diags.append(cell_diagnostic(code, file, where.row, where.column, where.text, **args))
            else:
                self.diags.append(Diagnostic(code, ind.node.name_span, ind.file, args))

    def _budget(self, item: Item, weight: Fraction, data: Actuals, entry: Entry | None) -> IndicatorScore:
        card = self.card
        assert card is not None and card.budget is not None
        expr = card.budget.expr
        cell = entry.actual if entry is not None else None
        try:
            if cell is not None:
                rate, _ = read_value(cell.value, None)
            else:
                rate = evaluate_expr(expr, self.catalog.context.env, data.inputs)
        except NotANumber:
            failure = ScoreInputError("E603", header="实际完成值", value=cell.text if cell else "")
            self.diags.append(_at(failure, data.file, cell))
            return self._not_scored(item, weight, None)
        except UnitMismatch as exc:
            failure = ScoreInputError("E616", value=cell.text if cell else "", unit=exc.written, expected="%")
            self.diags.append(_at(failure, data.file, cell))
            return self._not_scored(item, weight, None)
        except EvalFailure as exc:
            why = Diagnostic(exc.code, args=exc.args_)
            reasons = {"reason": why.message("zh"), "reason_en": why.message("en")}
            self.diags.append(Diagnostic("E613", card.budget.span, _source_of(self.catalog, card), reasons))
            return self._not_scored(item, weight, None)
        rule = RULES[self.scheme.budget_rule]
        raw = rule.compute(rate, Fraction(1), weight)
        exact = clamp(raw, weight)
        a_txt = format_fixed(rate * 100, self.places) + "%"
        formula = rule.formula.format(a=a_txt, t="100%", w=short(weight, self.places))
        result = format_fixed(exact, self.places)
        cap = _cap_note(raw, weight, self.places)
        return IndicatorScore(
            indicator=item.name,
            level1=item.level1,
            level2=item.level2,
            kind="budget",
            unit="%",
            target="100%",
            actual=a_txt,
            actual_exact=str(rate),
            declared_weight=Decimal(short(item.weight, 6)),
            weight=round_half_up(weight, self.places),
            score=round_half_up(exact, self.places),
            score_exact=str(exact),
            rule="budget",
            met=rate >= 1,
            explanation=Text(
                zh=f"预算执行率 = {expr_text(expr)}: {formula} = {result}{cap[0]}",
                en=f"budget execution = {expr_text(expr)}: {formula} = {result}{cap[1]}",
            ),
        )

    def _not_applicable(self, item: Item, entry: Entry) -> IndicatorScore:
        total = short(self.full, self.places)
        return IndicatorScore(
            indicator=item.name,
            level1=item.level1,
            level2=item.level2,
            kind=_kind(item),
            actual="不适用",
            target=_target_text(item),
            declared_weight=Decimal(short(item.weight, 6)),
            weight=round_half_up(Fraction(0), self.places),
            rule="not-applicable",
            not_applicable=True,
            deviation_reason=entry.deviation,
            explanation=Text(
                zh=f"不适用: 不计分，其余指标权重按比例折算到满分 {total}",
                en=f"not applicable: left out; the other weights are rescaled to the full {total}",
            ),
        )

    def _not_scored(self, item: Item, weight: Fraction, where: Cell | None) -> IndicatorScore:
        return IndicatorScore(
            indicator=item.name,
            level1=item.level1,
            level2=item.level2,
            kind=_kind(item),
            target=_target_text(item),
            declared_weight=Decimal(short(item.weight, 6)),
            weight=round_half_up(weight, self.places),
            rule="not-scored",
            explanation=Text(
                zh="未评分: 缺少可用的实际完成值（见问题列表），计 0 分",
                en="not scored: no usable actual value (see problems); counts as 0",
            ),
        )

    def _grade(self, total: Decimal) -> str | None:
        bounds: tuple[Bound, ...] = ()
        if self.card and self.card.bands:
            env = self.catalog.context.env
            bounds = tuple(b for b in (resolve_band(x, None, env) for x in self.card.bands) if b is not None)
        value = Fraction(total)
        return next((b.grade for b in bounds or self.scheme.grades if b.contains(value)), None)


def _shared(catalog: Catalog, twin: Catalog) -> dict[str, Indicator]:
    """Our indicators' names → the twin's indicator that is the same (the same resolved node)."""
    out = {}
    for ind in catalog:
        other = twin[ind.name] if ind.name in twin else None
        if other is not None and other.resolved is ind.resolved:
            out[ind.name] = other
    return out


def _without_override(opts: Options) -> Options:
    """The row scored by its rule when its manual score cannot be used (E607, E614)."""
    return dataclasses.replace(opts, manual=None, reason=None)


def _levels(category: tuple[str, ...]) -> tuple[str, str]:
    """一级 and 二级 of a `类别` path; missing levels are blank."""
    padded = (*category, "", "")
    return padded[0], padded[1]


def _kind(item: Item) -> RowKind:
    if item.indicator is None:
        return "budget"
    return "qualitative" if item.indicator.resolved.qualitative else "quantitative"


def _target_text(item: Item) -> str:
    if item.indicator is None:
        return "100%"
    target = item.indicator.resolved.target
    node = item.indicator.node.target
    return target.text if target else (node.text if isinstance(node, A.QualTarget) else "")


def _cap_note(raw: Fraction, w: Fraction, places: int) -> tuple[str, str]:
    if raw <= w:
        return "", ""
    shown = format_fixed(raw, places)
    return f"（计算值 {shown}，封顶 {short(w, places)}）", f" (computed {shown}, capped at {short(w, places)})"


_EMPTY = {
    "empty": ("空文件", "an empty file"),
    "header-only": ("只有表头，没有数据行", "a header and no rows"),
}


def _failing_cell(ind: Indicator, code: str | None, args: Mapping[str, Any], data: Actuals) -> Cell | None:
    """The input cell a per-record failure is about: the input it names (E402/E403), a zero
    among the inputs (E401: the divisor's own row), else the first input given."""
    given = [n for n in ind.inputs if n in data.input_cells]
    named = args.get("name")
    if named in data.input_cells:
        return data.input_cells[named]
    if code == "E401":
        for name in given:
            try:
                if to_fraction(data.input_cells[name].value) == 0:
                    return data.input_cells[name]
            except NotANumber:
                continue
    return data.input_cells[given[0]] if given else None


def _at(exc: ScoreInputError, file: str, cell: Cell | None) -> Diagnostic:
    if cell is None:
        return Diagnostic(exc.code, args=exc.args_, source=None)
    return cell_diagnostic(exc.code, file, cell.row, cell.column, cell.text, **exc.args_)


def _subtotals(rows: list[IndicatorScore]) -> list[Subtotal]:
    sums: dict[tuple[str, str], list[Decimal]] = {}
    for r in rows:
        for key in dict.fromkeys(((r.level1, ""), (r.level1, r.level2))):  # one key when there is no 二级
            acc = sums.setdefault(key, [Decimal(0), Decimal(0)])
            acc[0] += r.weight
            acc[1] += r.score or Decimal(0)
    return [Subtotal(level1=k[0], level2=k[1], weight=v[0], score=v[1]) for k, v in sums.items()]
