"""The audit's checks, as a registry of pure functions over one read table.

Each check takes the `Audit` context (table, scheme, tolerance, every row recomputed once) and
returns findings; adding a check is adding a function with `@check`.  A finding is a Diagnostic
whose Source is the cell (`table!R12C5`) and whose args name the table, row, cell and indicator."""

from __future__ import annotations

from collections.abc import Callable, Iterable
from dataclasses import dataclass
from fractions import Fraction

from .. import ast as A
from ..diagnostics import Diagnostic
from ..rational import format_fixed, round_half_up
from ..scoring.indicator import short
from ..scoring.schemes import Scheme
from ..source import Source, Span
from . import codes  # noqa: F401  (registers E9xx/W9xx/I9xx)
from .cells import decimals, read_number
from .model import BudgetRow, CellRef, FilledTable, IndicatorRow
from .recompute import Recomputed, Status, budget_score, read_weight, tier_of_words


@dataclass(frozen=True)
class Audit:
    table: FilledTable
    scheme: Scheme
    tolerance: Fraction
    rows: tuple[tuple[IndicatorRow, Recomputed], ...]

    def finding(self, code: str, cell: CellRef, indicator: str = "", **args: str) -> Diagnostic:
        source = Source(f"{self.table.name}!R{cell.row}C{cell.column}", cell.text)
        where = {
            "table": self.table.name,
            "row": cell.row,
            "column": cell.column,
            "cell": cell.address,
            "indicator": indicator,
        }
        return Diagnostic(code, Span(0, len(cell.text)), source, {**args, **where})


TOTAL = "总分"  # the "indicator" a finding about the whole table names
Check = Callable[[Audit], Iterable[Diagnostic]]
CHECKS: list[Check] = []


def check(fn: Check) -> Check:
    CHECKS.append(fn)
    return fn


def run_checks(audit: Audit) -> list[Diagnostic]:
    found = [d for fn in CHECKS for d in fn(audit)]
    return sorted(found, key=lambda d: (d.args["row"], d.args["column"], d.code))


def show(value: Fraction | None, places: int = 2) -> str:
    """A number as a reviewer reads it: exact when short, else 四舍五入 to `places`."""
    return "—" if value is None else short(value, places)


def pct(value: Fraction, places: int = 2) -> str:
    return format_fixed(value * 100, places) + "%"


def within(published: Fraction, exact: Fraction, printed: str) -> bool:
    """Agreement up to the printed precision: `80%` agrees with 79.6%, `79.63%` does not with 79.6%."""
    unit = Fraction(1, 10 ** decimals(printed))
    if printed.strip().endswith(("%", "％")):
        unit /= 100
    return abs(published - exact) <= unit / 2


# ---- per row ----------------------------------------------------------------------------------
@check
def row_findings(audit: Audit) -> Iterable[Diagnostic]:
    for row, r in audit.rows:
        yield from _row(audit, row, r)


def _row(audit: Audit, row: IndicatorRow, r: Recomputed) -> Iterable[Diagnostic]:
    name = row.name
    if r.status == Status.NOT_APPLICABLE:
        yield audit.finding("I917", row.score if row.score.text else row.target, name)
        return
    if r.blocked is not None:
        code, args = r.blocked
        cell = {"W913": row.target, "W914": row.actual, "W918": row.actual}.get(code, row.score)
        if code == "I916":
            cells = {"年度指标值": row.target, "实际完成值": row.actual, "分值": row.weight}
            cell = cells.get(args.get("what", ""), row.score)
        elif code == "W923" and args.get("what") == "分值":
            cell = row.weight
        yield audit.finding(code, cell, name, **args)
        return
    w, p = r.weight, r.published
    if w is None or p is None:  # nothing printed to compare (recompute_row said why)
        return
    if p > w:
        yield audit.finding("E919", row.score, name, published=show(p), weight=show(w))
    if r.status == Status.QUALITATIVE:
        yield from _qualitative(audit, row, r)
    elif r.status == Status.SCORED:
        yield from _quantitative(audit, row, r)


def _quantitative(audit: Audit, row: IndicatorRow, r: Recomputed) -> Iterable[Diagnostic]:
    w, p, s = r.weight, r.published, r.score
    if w is None or p is None or s is None:
        return
    name, common = row.name, {"actual": r.actual_text, "target": r.target_text, "published": show(p)}
    places = audit.scheme.places
    if not r.met and p == w and round_half_up(s, places) != round_half_up(w, places):
        code = "E910" if r.direction is A.Direction.NEGATIVE else "E907"
        yield audit.finding(code, row.score, name, computed=show(s), **common)
    elif r.met and p < w:
        if row.reason.blank:
            yield audit.finding("W908", row.score, name, weight=show(w), **common)
        else:
            yield audit.finding("I925", row.score, name, weight=show(w), reason=row.reason.text, **common)
    elif not r.met and abs(p - s) > audit.tolerance:
        yield audit.finding(
            "W909",
            row.score,
            name,
            published=show(p),
            computed=show(s),
            delta=show(p - s),
            tolerance=show(audit.tolerance),
            formula=r.formula_zh,
        )
    value = r.actual.value if r.actual else None
    if value == 0 and r.direction is A.Direction.NEGATIVE:
        yield audit.finding("I911", row.actual, name, target=r.target_text)
    if r.over_target and row.reason.blank and r.ratio is not None:
        yield audit.finding(
            "W912",
            row.actual,
            name,
            actual=r.actual_text,
            target=r.target_text,
            ratio=pct(r.ratio),
            limit=pct(audit.scheme.over_target_warning, 0),
        )


def _qualitative(audit: Audit, row: IndicatorRow, r: Recomputed) -> Iterable[Diagnostic]:
    w, p = r.weight, r.published
    if w is None or p is None:
        return
    share = p / w if w else Fraction(0)
    if r.tier is not None:
        yield audit.finding(
            "I915",
            row.score,
            row.name,
            published=show(p),
            weight=show(w),
            share=pct(share),
            tier=r.tier.name,
            tier_en=r.tier.name_en,
            range=r.tier.range_text(),
        )
    said = tier_of_words(r.actual.words if r.actual else "", audit.scheme)
    if said is not None and not said.contains(share):
        yield audit.finding(
            "W924",
            row.score,
            row.name,
            actual=row.actual.text,
            tier=said.name,
            tier_en=said.name_en,
            range=said.range_text(),
            published=show(p),
            weight=show(w),
            share=pct(share),
        )


# ---- weights and sums -------------------------------------------------------------------------
def _budget_weight(audit: Audit) -> Fraction:
    total = audit.table.budget_total
    value = read_weight(total.weight.text, audit.scheme.total) if total else None
    return value or Fraction(0)


def _budget_published(audit: Audit) -> Fraction:
    total = audit.table.budget_total
    value = read_number(total.score.text) if total else None
    return value or Fraction(0)


@check
def weights_sum(audit: Audit) -> Iterable[Diagnostic]:
    weights = [r.weight for _, r in audit.rows if r.weight is not None]
    rows_sum, budget = sum(weights, Fraction(0)), _budget_weight(audit)
    if not weights or rows_sum + budget == audit.scheme.total:
        return
    cell = audit.table.total_weight or audit.table.total or audit.rows[0][0].weight
    yield audit.finding(
        "E903",
        cell,
        TOTAL,
        computed=show(rows_sum + budget),
        rows=show(rows_sum),
        budget=show(budget),
        expected=show(audit.scheme.total),
    )


@check
def group_weights(audit: Audit) -> Iterable[Diagnostic]:
    for group in audit.table.groups:
        members = [(row, r) for row, r in audit.rows if row.level1 == group.level1]
        stated = read_weight(group.weight.text, audit.scheme.total) if group.weight is not None else None
        if group.weight is not None and stated is not None:
            computed = sum((r.weight or Fraction(0) for _, r in members), Fraction(0))
            if members and stated != computed:
                yield audit.finding(
                    "E904",
                    group.weight,
                    group.level1,
                    group=group.level1,
                    published=show(stated),
                    computed=show(computed),
                )
        if group.score is not None and read_number(group.score.text) is not None:
            stated = read_number(group.score.text)
            computed = sum(
                (r.published or Fraction(0) for _, r in members if r.status != Status.NOT_APPLICABLE), Fraction(0)
            )
            if members and stated is not None and not within(stated, computed, group.score.text):
                yield audit.finding(
                    "E902",
                    group.score,
                    group.level1,
                    group=group.level1,
                    published=show(stated),
                    computed=show(computed),
                )


@check
def scheme_weights(audit: Audit) -> Iterable[Diagnostic]:
    """A province scheme fixes group weights (产出 40 / 效益+满意度 40 / 执行 20): the table must agree."""
    scheme, table = audit.scheme, audit.table
    for group in scheme.groups:
        rows = [(row, r) for row, r in audit.rows if row.level1 in group.match]
        computed = sum((r.weight or Fraction(0) for _, r in rows), Fraction(0))
        if rows and computed != group.weight:
            name = " + ".join(group.match)
            yield audit.finding(
                "E927",
                rows[0][0].weight,
                name,
                scheme=scheme.name,
                group=name,
                expected=show(group.weight),
                computed=show(computed),
            )
    total = table.budget_total
    if scheme.budget_weight is not None and total is not None:
        weight = read_weight(total.weight.text, scheme.total)
        if weight is not None and weight != scheme.budget_weight:
            yield audit.finding(
                "E927",
                total.weight,
                total.label,
                scheme=scheme.name,
                group="预算执行",
                expected=show(scheme.budget_weight),
                computed=show(weight),
            )


BUDGET_ROW_NAMES = ("预算执行率", "资金执行率", "预算资金执行率", "项目资金执行率", "资金支付率")


@check
def budget_twice(audit: Audit) -> Iterable[Diagnostic]:
    """The execution rate weighted in the budget block and again as an indicator row."""
    budget = _budget_weight(audit)
    if not budget:
        return
    for row, r in audit.rows:
        if any(word in row.name for word in BUDGET_ROW_NAMES) and r.weight:
            yield audit.finding("E928", row.weight, row.name, budget=show(budget), name=row.name, weight=show(r.weight))


@check
def total_sum(audit: Audit) -> Iterable[Diagnostic]:
    table = audit.table
    if table.total is None:
        cell = CellRef("", audit.rows[-1][0].row + 1 if audit.rows else 1, 1)
        yield audit.finding("I926", cell, TOTAL)
        return
    published = read_number(table.total.text)
    if published is None:
        yield audit.finding("W923", table.total, TOTAL, what="总分", what_en="total", text=table.total.text)
        return
    applicable = [r for _, r in audit.rows if r.status != Status.NOT_APPLICABLE]
    rows_sum = sum((r.published or Fraction(0) for r in applicable), Fraction(0))
    budget = _budget_published(audit)
    computed = rows_sum + budget
    dropped = sum((r.weight or Fraction(0) for _, r in audit.rows if r.status == Status.NOT_APPLICABLE), Fraction(0))
    rescaled = computed * audit.scheme.total / (audit.scheme.total - dropped) if dropped < audit.scheme.total else None
    if within(published, computed, table.total.text) or (
        dropped and rescaled and within(published, rescaled, table.total.text)
    ):
        return
    yield audit.finding(
        "E901",
        table.total,
        TOTAL,
        computed=show(computed),
        rows=show(rows_sum),
        budget=show(budget),
        published=show(published),
    )


# ---- the budget block ---------------------------------------------------------------------------
@check
def budget_block(audit: Audit) -> Iterable[Diagnostic]:
    row = audit.table.budget_total
    if row is None:
        return
    yield from _unreadable_numbers(audit, row)
    budget, executed = read_number(row.budget.text), read_number(row.executed.text)
    if budget is None or executed is None or budget <= 0:
        return
    rate = executed / budget
    printed = read_number(row.rate.text)
    if printed is not None and not within(printed, rate, row.rate.text):
        yield audit.finding(
            "E905",
            row.rate,
            row.label,
            published=row.rate.text,
            executed=show(executed),
            budget=show(budget),
            computed=pct(rate),
        )
    weight, score = read_weight(row.weight.text, audit.scheme.total), read_number(row.score.text)
    if weight is not None and score is not None:
        exact, formula = budget_score(executed, budget, weight, audit.scheme)
        if not within(score, exact, row.score.text):
            yield audit.finding(
                "E906", row.score, row.label, published=show(score), formula=formula, computed=show(exact)
            )


def _unreadable_numbers(audit: Audit, row: BudgetRow) -> Iterable[Diagnostic]:
    for cell, what, en in (
        (row.budget, "全年预算数", "budget"),
        (row.executed, "全年执行数", "executed"),
        (row.rate, "执行率", "execution rate"),
        (row.weight, "分值", "weight"),
        (row.score, "得分", "score"),
    ):
        if not cell.blank and read_number(cell.text) is None and cell.column:
            yield audit.finding("W923", cell, row.label, what=what, what_en=en, text=cell.text)


@check
def budget_parts(audit: Audit) -> Iterable[Diagnostic]:
    total = audit.table.budget_total
    parts = [b for b in audit.table.budget if b is not total and not b.is_total]
    if total is None or not parts:
        return
    for attr, zh, en in (
        ("initial", "年初预算数", "initial budget"),
        ("budget", "全年预算数", "budget"),
        ("executed", "全年执行数", "executed"),
    ):
        cell = getattr(total, attr)
        stated = read_number(cell.text)
        values = [read_number(getattr(p, attr).text) for p in parts if not getattr(p, attr).blank]
        if stated is None or not values or any(v is None for v in values):
            continue
        computed = sum((v for v in values if v is not None), Fraction(0))
        if not within(stated, computed, cell.text):
            yield audit.finding(
                "W922", cell, total.label, part=zh, part_en=en, computed=show(computed), published=show(stated)
            )
