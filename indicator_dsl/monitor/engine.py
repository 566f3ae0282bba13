"""Monitoring a card at a cut-off month: read the progress file, give each indicator its light
under the scheme's first fitting rule, forecast the year, check the required 偏差原因, and watch
budget execution against 序时进度.  A bad row is a coded problem; the other rows are judged."""

from __future__ import annotations

import calendar
import datetime as dt
from collections.abc import Callable
from fractions import Fraction
from pathlib import Path
from typing import Any

from .. import ast as A
from .. import units as U
from ..catalog import Catalog, Indicator, load_file
from ..conditions import Compared, Condition, Deadline, MissingBaseline, Period, Statement, WrongActual, YesNo
from ..diagnostics import Diagnostic, sort_key
from ..rational import NotANumber
from ..scheme_files import SchemeError
from ..scoring.actuals import Cell, Entry, cell_diagnostic, display_name
from ..scoring.indicator import UnitMismatch, read_value
from ..scoring.models import Problem, Text
from ..source import Source
from . import codes as _codes  # noqa: F401  (registers E95x/W95x)
from . import lights as L
from .budget import BUDGET_NAME, BUDGET_NAMES, budget_row
from .conditions import baseline_names, condition_of, qualitative_row, timed_row, unit_of, yes_no_row
from .models import Forecast, LightCounts, MonitorReport, MonitorRow
from .progress import Progress, ProgressError, read_progress
from .reasons import check_reasons
from .schemes import DEFAULT_MONITOR_SCHEME, MonitorScheme, Rule, load_monitor_scheme


class MonitorError(Exception):
    """Monitoring cannot start (bad card, unknown scheme, unreadable progress file)."""

    def __init__(self, diagnostics: list[Diagnostic]) -> None:
        super().__init__("; ".join(f"{d.code} {d.message('en')}" for d in diagnostics[:3]))
        self.diagnostics = diagnostics


def cut_off(
    month: int | None = None, as_of: dt.date | str | None = None, year: int | None = None
) -> tuple[int, dt.date | None]:
    """(month, date) of the cut-off: `as_of` gives both; `month` alone is the last day of that
    month when the year is known."""
    if as_of is not None:
        date = as_of if isinstance(as_of, dt.date) else dt.date.fromisoformat(str(as_of))
        if month is not None and month != date.month:
            raise ValueError(f"month {month} and as_of {date} disagree")
        return date.month, date
    if month is None or isinstance(month, bool) or not 1 <= month <= 12:
        raise ValueError(f"month must be 1..12, not {month!r}")
    if year is None:
        return month, None
    return month, dt.date(year, month, calendar.monthrange(year, month)[1])


def monitor(
    card: Catalog | str | Path,
    progress: Any,
    month: int | None = None,
    as_of: dt.date | str | None = None,
    scheme: MonitorScheme | str | Path | None = None,
    year: int | None = None,
) -> MonitorReport:
    """The 运行监控表 of `card` (a catalog or .ind path) with `progress` (a .csv/.xlsx/.json path or
    JSON-like rows) at month N (`month`) or a date (`as_of`)."""
    n, date = cut_off(month, as_of, year)
    catalog = card if isinstance(card, Catalog) else load_file(card, display_name(card))
    errors = catalog.errors()
    if errors:
        raise MonitorError(errors)
    if not any(True for _ in catalog):
        doc = catalog.documents[0] if catalog.documents else None
        raise MonitorError([Diagnostic("E952", None, doc.source if doc else None)])
    chosen = _scheme(scheme if scheme is not None else DEFAULT_MONITOR_SCHEME)
    return _Run(catalog, chosen, n, date).report(progress)


def _scheme(value: MonitorScheme | str | Path) -> MonitorScheme:
    if isinstance(value, MonitorScheme):
        return value
    try:
        return load_monitor_scheme(value)
    except SchemeError as exc:
        args = {"scheme": str(value), "reason": exc.zh, "reason_en": exc.en}
        source = Source(exc.file or str(value), exc.text)
        from ..source import Span

        at = sum(len(x) for x in exc.text.splitlines(keepends=True)[: max(exc.line - 1, 0)])
        span = Span(at, at + 1) if exc.line and at < len(exc.text) else None
        raise MonitorError([Diagnostic("E950", span, source, args)]) from None


class _Run:
    def __init__(self, catalog: Catalog, scheme: MonitorScheme, month: int, date: dt.date | None) -> None:
        self.catalog, self.scheme, self.month, self.date = catalog, scheme, month, date
        self.places = scheme.places
        self.diags: list[Diagnostic] = []

    def report(self, source: Any) -> MonitorReport:
        data = self._read(source)
        self.diags += data.diagnostics
        rows = [self._judged(ind, data) for ind in self.catalog]
        if data.budget or BUDGET_NAME in data.actuals.entries:
            rows.append(self._budget(data))
        counts = LightCounts(
            **{light: sum(r.light == light for r in rows) for light in ("red", "yellow", "green", "blue")},
            none=sum(r.light is None for r in rows),
        )
        doc = self.catalog.documents[0]
        card = self.catalog.scorecards[0] if self.catalog.scorecards else None
        return MonitorReport(
            card=card.name if card else Path(doc.source.name).stem,
            title=(card.title or "") if card else "",
            scheme=self.scheme.name,
            scheme_title=Text(zh=self.scheme.title, en=self.scheme.title_en),
            month=self.month,
            as_of=self.date.isoformat() if self.date else None,
            schedule=L.percent(Fraction(self.month, L.MONTHS), self.places),
            places=self.places,
            card_file=doc.source.name,
            progress_file=data.file,
            rows=rows,
            counts=counts,
            problems=[Problem.of(d) for d in sorted(self.diags, key=sort_key)],
        )

    def _read(self, source: Any) -> Progress:
        names = {n: ind.name for ind in self.catalog for n in (ind.name, *ind.aliases)}
        names.update(dict.fromkeys(BUDGET_NAMES, BUDGET_NAME))
        inputs = {i for ind in self.catalog for i in ind.inputs}
        inputs |= {name for ind in self.catalog for name in baseline_names(condition_of(ind))}
        try:
            return read_progress(source, names, inputs, self.month)
        except ProgressError as exc:
            where = Source(display_name(source), "") if isinstance(source, (str, Path)) else None
            raise MonitorError([Diagnostic("E951", None, where, {"reason": exc.zh, "reason_en": exc.en})]) from None

    def _budget(self, data: Progress) -> MonitorRow:
        return self._coded(
            lambda: self._with_reasons(budget_row(self, data), data.actuals.entries.get(BUDGET_NAME), data.file)
        )

    # ---- one indicator ----------------------------------------------------------------------------
    def _judged(self, ind: Indicator, data: Progress) -> MonitorRow:
        entry = data.actuals.entries.get(ind.name)
        return self._coded(lambda: self._with_reasons(self._row(ind, entry, data), entry, data.file))

    def _coded(self, build: Callable[[], MonitorRow]) -> MonitorRow:
        """The row with the codes of the problems found while building it."""
        start = len(self.diags)
        row = build()
        codes = [d.code for d in self.diags[start:]]
        return row.model_copy(update={"problems": codes}) if codes else row

    def _with_reasons(self, row: MonitorRow, entry: Entry | None, file: str) -> MonitorRow:
        if entry is None:
            return row
        cells = entry.cells
        given = {key: cells[key].text if key in cells else None for key in ("category", "deviation", "measures")}
        row = row.model_copy(
            update={"reason_category": given["category"], "reason": given["deviation"], "measures": given["measures"]}
        )
        self.diags += check_reasons(row, entry, self.scheme.reasons, file)
        return row

    def _row(self, ind: Indicator, entry: Entry | None, data: Progress) -> MonitorRow:
        res = ind.resolved
        base = self._base(ind)
        cond = condition_of(ind)
        qualitative = res.qualitative or isinstance(cond, Statement)
        rule = self.scheme.rule_for(ind.node.category, res.direction, qualitative)
        if rule is None:
            category = "/".join(ind.node.category) or "无类别"
            self.diags.append(
                Diagnostic("W950", ind.node.name_span, ind.file, {"name": ind.name, "category": category})
            )
            return self.none(base, "没有适用的预警规则", "no rule of the scheme applies")
        base["rule"] = rule.name
        if qualitative:
            return qualitative_row(self, ind, entry, data.file, base, cond if isinstance(cond, Statement) else None)
        if cond is None:
            self.diags.append(Diagnostic("E953", ind.node.name_span, ind.file, {"name": ind.name}))
            return self.none(base, "没有年度指标值", "no annual target")
        if isinstance(cond, Deadline | Period):
            return timed_row(self, ind, cond, entry, data.file, {**base, "kind": "deadline"})
        if isinstance(cond, YesNo):
            return yes_no_row(self, ind, cond, rule, entry, data.file, {**base, "kind": "yes_no"})
        test = self._test(ind, cond, data)
        if test is None:
            return self.none(base, "缺少比较基准", "a baseline is missing")
        value, cell = self._value(ind, entry, data)
        if value is None:
            return self.none(base, "缺少可用的当前完成值", "no usable current value")
        base["actual"] = L.shown(value, unit_of(ind), self.places) + _unit_name(ind)
        base["progress"] = L.percent(value / test.value, self.places) if test.value else None
        judged = self._light(rule, ind, test, value)
        if judged is None:
            return self.none(base, "标准值为 0", "the standard is 0")
        base.update(
            light=judged.light,
            light_reason=judged.reason,
            standard=L.shown(judged.standard, unit_of(ind), self.places) if judged.standard is not None else None,
            ratio=L.percent(judged.ratio, self.places) if judged.ratio is not None else None,
            ratio_exact=str(judged.ratio) if judged.ratio is not None else None,
        )
        base.update(self._forecast(ind, rule, test, value, entry, cell, data.file))
        return MonitorRow(**base)

    def _base(self, ind: Indicator) -> dict[str, Any]:
        res = ind.resolved
        level1, level2 = (*ind.node.category, "", "")[:2]
        node, cond = ind.node.target, condition_of(ind)
        target = cond.text if cond is not None else res.target.text if res.target else ""
        target = target or (node.text if isinstance(node, A.QualTarget) else "")
        return {
            "indicator": ind.name,
            "level1": level1,
            "level2": level2,
            "kind": "qualitative" if res.qualitative else "quantitative",
            "direction": res.direction.value,
            "unit": _unit_name(ind),
            "target": target,
        }

    def none(self, base: dict[str, Any], zh: str, en: str) -> MonitorRow:
        return MonitorRow(
            **base,
            light=None,
            light_reason=Text(zh=f"未判断：{zh}（见问题列表）", en=f"not judged: {en} (see problems)"),
        )

    def _light(self, rule: Rule, ind: Indicator, test: L.Test, value: Fraction) -> L.Judged | None:
        """The rule's light; a schedule rule needs one annual value (an interval or a baseline
        is tested as a target instead)."""
        if rule.kind == "schedule" and test.value is not None:
            judged = L.schedule(rule, value, test, unit_of(ind), self.month, self.places)
            if judged is None:
                self.diags.append(Diagnostic("E954", ind.node.name_span, ind.file, {"name": ind.name}))
            return judged
        return L.within(rule, value, test, unit_of(ind), self.places)

    def _test(self, ind: Indicator, cond: Condition, data: Progress) -> L.Test | None:
        """The condition on quantities as a test of one value; baselines (上年, 预算 …) are read
        from the progress file's inputs.  None, with E959, when a baseline is not given."""
        if isinstance(cond, Compared):
            return L.Test(cond.text, cond.value, lambda x: cond.met(x))
        baselines: dict[str, Fraction] = {}
        for name, raw in data.actuals.inputs.items():
            try:
                baselines[name] = read_value(raw, ind.resolved.unit, ind.declared_units)[0]
            except (NotANumber, UnitMismatch):
                continue
        try:
            cond.met(Fraction(0), baselines)
        except MissingBaseline as exc:
            self.diags.append(
                Diagnostic("E959", ind.node.name_span, ind.file, {"name": ind.name, "baseline": exc.args[0]})
            )
            return None
        except WrongActual:
            self.diags.append(Diagnostic("E953", ind.node.name_span, ind.file, {"name": ind.name}))
            return None
        return L.Test(cond.text, None, lambda x: cond.met(x, baselines))

    def _value(self, ind: Indicator, entry: Entry | None, data: Progress) -> tuple[Fraction | None, Cell | None]:
        """当前完成值 in base units, from the row or computed from formula inputs; None (with a
        problem) when there is none or it cannot be read."""
        if entry is not None and entry.actual is not None:
            return self._read_value(ind, entry.actual, "当前完成值", data.file), entry.actual
        inputs = data.actuals.inputs
        if ind.node.formula is not None and any(n in inputs for n in ind.inputs):
            result = ind.evaluate(inputs, self.places)
            if result.ok and result.value is not None:
                return result.value, None
            cell = next((data.actuals.input_cells[n] for n in ind.inputs if n in data.actuals.input_cells), None)
            args = {"name": ind.name, "reason": result.message("zh"), "reason_en": result.message("en")}
            self.diags.append(_at("E612", args, data.file, cell, ind))
            return None, None
        self.missing(ind, entry, data.file)
        return None, None

    def missing(self, ind: Indicator, entry: Entry | None, file: str) -> None:
        if entry is not None:
            self.diags.append(cell_diagnostic("E604", file, entry.row, 1, ind.name, name=ind.name))
        else:
            self.diags.append(Diagnostic("E604", ind.node.name_span, ind.file, {"name": ind.name}))

    def _read_value(self, ind: Indicator, cell: Cell, header: str, file: str) -> Fraction | None:
        try:
            value, _ = read_value(cell.value, unit_of(ind), ind.declared_units)
        except NotANumber:
            self.diags.append(
                cell_diagnostic("E603", file, cell.row, cell.column, cell.text, header=header, value=cell.text)
            )
            return None
        except UnitMismatch as exc:
            args = {"value": cell.text, "unit": exc.written, "expected": exc.expected}
            self.diags.append(cell_diagnostic("E616", file, cell.row, cell.column, cell.text, **args))
            return None
        return value

    def _forecast(
        self,
        ind: Indicator,
        rule: Rule,
        test: L.Test,
        value: Fraction,
        entry: Entry | None,
        cell: Cell | None,
        file: str,
    ) -> dict[str, Any]:
        given = entry.cells.get("forecast") if entry is not None else None
        reported = self._read_value(ind, given, "全年预计完成值", file) if given is not None else None
        projection = L.project(value, reported, _method(rule, unit_of(ind)), self.month)
        if projection is None:
            return {}
        meets = test.met(projection.value)
        shown = L.shown(projection.value, unit_of(ind), self.places)
        if not meets:
            basis = ("预计", "reported") if projection.basis == "reported" else ("推算", "projected")
            args = {
                "name": ind.name,
                "forecast": shown + _unit_name(ind),
                "basis": basis[0],
                "basis_en": basis[1],
                "target": test.text,
            }
            self.diags.append(_at("W952", args, file, given or cell, ind))
        dev = L.deviation(projection.value, test.value) if test.value is not None else None
        return {
            "forecast": Forecast(value=shown, basis=projection.basis, method=projection.method, meets_target=meets),  # type: ignore[arg-type]
            "deviation": L.percent(dev, self.places) if dev is not None else None,
        }


def _unit_name(ind: Indicator) -> str:
    unit = unit_of(ind)
    return unit.name if unit is not None else ""


def _method(rule: Rule, unit: U.Unit | None) -> str:
    """A rate (%, ‰) is a level, not a running total: it is carried, never multiplied by 12 / N."""
    rate = unit is not None and not unit.dims and unit.factor != 1
    return "current" if rule.forecast == "linear" and rate else rule.forecast


def _at(code: str, args: dict[str, Any], file: str, cell: Cell | None, ind: Indicator) -> Diagnostic:
    if cell is None:
        return Diagnostic(code, ind.node.name_span, ind.file, args)
    return cell_diagnostic(code, file, cell.row, cell.column, cell.text, **args)
