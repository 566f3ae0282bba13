"""Audit files: read every table, recompute every row once, run the checks, build the report."""

from __future__ import annotations

from collections.abc import Callable, Iterable
from fractions import Fraction
from pathlib import Path

from ..diagnostics import Diagnostic
from ..importers.files import reasons
from ..rational import format_fixed
from ..scoring.models import Text
from ..scoring.schemes import Scheme, load_scheme
from ..sheets import SheetError, SheetProblem
from ..source import Source, Span
from .cells import read_number
from .checks import Audit, pct, run_checks, show
from .grid import Grid, read_grids
from .layout import find_tables
from .model import FilledTable, column_letter
from .recompute import Recomputed, Status, budget_score, read_weight, recompute_row
from .report import AuditRun, BudgetAudit, Finding, RowAudit, TableAudit, counts

SUFFIXES = (".xlsx", ".xlsm", ".csv", ".tsv", ".txt")


def table_files(paths: Iterable[str | Path]) -> list[Path]:
    """Files as given; a directory stands for every table file below it, sorted."""
    out: list[Path] = []
    for p in map(Path, paths):
        if p.is_dir():
            out += sorted(f for f in p.rglob("*") if f.suffix.lower() in SUFFIXES and not f.name.startswith("~$"))
        else:
            out.append(p)
    return out


def audit_paths(
    paths: Iterable[str | Path],
    scheme: Scheme | str = "national-2020",
    tolerance: Fraction = Fraction(1, 2),
    progress: Callable[[int, int, str], None] | None = None,
    year: int | None = None,
) -> AuditRun:
    """Audit every table in `paths`; unreadable files are reported, never raised.  `year` is the
    plan year of month-only dates (`11月底前`), over the one each table's title prints."""
    chosen = load_scheme(scheme) if isinstance(scheme, str) else scheme
    files = table_files(paths)
    tables: list[TableAudit] = []
    unreadable: list[Finding] = []
    for i, path in enumerate(files, start=1):
        if progress:
            progress(i, len(files), path.name)
        try:
            grids = read_grids(path)
        except SheetError as exc:
            unreadable.append(_file_finding("E920", path, reason=exc.reason("zh"), reason_en=exc.reason("en")))
            continue
        except OSError as exc:
            zh, en = reasons(exc)
            unreadable.append(_file_finding("E920", path, reason=zh, reason_en=en))
            continue
        found = 0
        for grid in grids:
            audited = [audit_table(t, chosen, tolerance, year) for t in find_tables(grid)]
            found += len(audited)
            problems = [_cell_finding(grid, p) for p in grid.problems]
            if audited and problems:
                first = audited[0]
                findings = problems + list(first.findings)
                audited[0] = first.model_copy(update={"findings": findings, "counts": counts(findings)})
            elif problems:
                unreadable += problems
            tables += audited
        if not found:
            unreadable.append(_file_finding("E921", path))
    return AuditRun(scheme=chosen.name, tables=tables, unreadable=unreadable)


def _cell_finding(grid: Grid, problem: SheetProblem) -> Finding:
    """A cell the reader could not read, as a finding of the sheet's (first) table."""
    d = problem.diagnostic(grid.name)
    where = {"table": grid.name, "row": problem.row, "column": problem.column}
    cell = f"{column_letter(problem.column)}{problem.row}"
    return Finding.of(Diagnostic(d.code, d.span, d.source, {**d.args, **where, "cell": cell, "indicator": ""}))


def audit_table(table: FilledTable, scheme: Scheme, tolerance: Fraction, year: int | None = None) -> TableAudit:
    plan_year = year if year is not None else table.plan_year
    rows = tuple((row, recompute_row(row, scheme, plan_year)) for row in table.rows)
    audit = Audit(table, scheme, tolerance, rows)
    findings = [Finding.of(d) for d in run_checks(audit)]
    budget = _budget(table, scheme)
    recomputed = sum((_recomputed(r) for _, r in rows), Fraction(0))
    budget_score_value = Fraction(budget.scheme_score) if budget and budget.scheme_score else Fraction(0)
    return TableAudit(
        table=table.name,
        title=table.title,
        scheme=scheme.name,
        tolerance=show(tolerance),
        published_total=table.total.text if table.total else None,
        recomputed_total=format_fixed(recomputed + budget_score_value, scheme.places),
        budget=budget,
        rows=[_row_audit(row, r, scheme.places) for row, r in rows],
        findings=findings,
        counts=counts(findings),
        not_judged=[row.row for row, r in rows if r.status == Status.NOT_JUDGED],
    )


def _recomputed(r: Recomputed) -> Fraction:
    if r.status == Status.SCORED and r.score is not None:
        return r.score
    if r.status == Status.NOT_APPLICABLE:
        return Fraction(0)
    return r.published or Fraction(0)


def _row_audit(row, r: Recomputed, places: int) -> RowAudit:  # type: ignore[no-untyped-def]
    scheme_score = format_fixed(r.score, places) if r.score is not None else None
    delta = format_fixed(r.published - r.score, places) if r.published is not None and r.score is not None else None
    return RowAudit(
        row=row.row,
        level1=row.level1,
        level2=row.level2,
        indicator=row.name,
        target=row.target.text,
        actual=row.actual.text,
        weight=row.weight.text or None,
        published=row.score.text or None,
        scheme_score=scheme_score,
        delta=delta,
        status=r.status,
        met=r.met,
        tier=r.tier.name if r.tier else None,
        formula=Text(zh=r.formula_zh, en=r.formula_en),
    )


def _budget(table: FilledTable, scheme: Scheme) -> BudgetAudit | None:
    row = table.budget_total
    if row is None:
        return None
    budget, executed = read_number(row.budget.text), read_number(row.executed.text)
    weight = read_weight(row.weight.text, scheme.total)
    rate = executed / budget if budget and executed is not None and budget > 0 else None
    score, formula = (None, "")
    if rate is not None and weight is not None and budget is not None and executed is not None:
        exact, formula = budget_score(executed, budget, weight, scheme)
        score = format_fixed(exact, scheme.places)
    return BudgetAudit(
        row=row.row,
        label=row.label,
        budget=row.budget.text,
        executed=row.executed.text,
        rate_printed=row.rate.text,
        rate_computed=pct(rate) if rate is not None else None,
        weight=row.weight.text,
        published=row.score.text or None,
        scheme_score=score,
        formula=formula,
    )


def _file_finding(code: str, path: Path, **args: str) -> Finding:
    source = Source(str(path), "")
    where = {"table": str(path), "row": 0, "column": 0, "cell": "", "indicator": ""}
    return Finding.of(Diagnostic(code, Span(0, 0), source, {**args, **where}))
