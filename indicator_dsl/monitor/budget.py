"""Budget execution at the cut-off: 执行进度 = 1-N月执行数 / 调整后预算数 against 序时进度 N/12,
lit by the scheme's `[budget] lights` on 执行进度 / 序时进度; the forecast is 全年预计执行数 /
调整后预算数, or the linear projection of the executed amount when none is given."""

from __future__ import annotations

from fractions import Fraction
from typing import TYPE_CHECKING, Any

from .. import units as U
from ..diagnostics import Diagnostic
from ..rational import NotANumber
from ..scoring.actuals import Cell, cell_diagnostic
from ..scoring.indicator import UnitMismatch, read_value
from ..scoring.models import Text
from . import lights as L
from .models import Forecast, MonitorRow
from .run import Run

if TYPE_CHECKING:
    from .progress import Progress

BUDGET_NAME = "预算执行"
BUDGET_NAMES = ("预算执行", "预算执行率", "预算执行进度", "执行进度", "budget execution")
_FULL = Fraction(1)
HEADERS = {"initial": "年初预算数", "adjusted": "调整后预算数", "executed": "1-N月执行数", "forecast": "全年预计执行数"}


def budget_row(run: Run, data: Progress) -> MonitorRow:
    month, places = run.month, run.places
    schedule = Fraction(month, L.MONTHS)
    base: dict[str, Any] = {
        "indicator": BUDGET_NAME,
        "level1": BUDGET_NAME,
        "level2": "预算执行率",
        "kind": "budget",
        "rule": "budget",
        "direction": "正向",
        "unit": "%",
        "target": "100%",
        "standard": L.percent(schedule, places),
    }
    amounts = _amounts(run, data)
    if amounts is None:
        why = Text(
            zh="未判断：执行进度无法计算（见问题列表）",
            en="not judged: execution progress cannot be computed (see problems)",
        )
        return MonitorRow(**base, light=None, light_reason=why)
    rate, budget, forecast_rate, reported = amounts
    ratio = rate / schedule
    light = run.scheme.budget_light(ratio)
    zh_light, en_light = L.light_words(light)
    rate_txt, ratio_txt = L.percent(rate, places) + "%", L.percent(ratio, places) + "%"
    sched_txt = L.percent(schedule, places) + "%"
    reason = Text(
        zh=f"执行进度 {rate_txt}，序时进度 {month}/12 = {sched_txt}，执行进度 / 序时进度 = {ratio_txt} → {zh_light}",
        en=f"execution {rate_txt}, schedule {month}/12 = {sched_txt}, execution / schedule = {ratio_txt} → {en_light}",
    )
    meets = forecast_rate >= _FULL
    if not meets:
        cell = data.budget_cells.get("forecast") or data.budget_cells.get("executed")
        args = {
            "name": BUDGET_NAME,
            "forecast": L.percent(forecast_rate, places) + "%",
            "basis": "预计" if reported else "推算",
            "basis_en": "reported" if reported else "projected",
            "target": "100%",
        }
        run.diags.append(_at("W952", data.file, cell, args))
    forecast = Forecast(
        value=L.percent(forecast_rate, places),
        basis="reported" if reported else "projected",
        method="reported" if reported else "linear",
        meets_target=meets,
    )
    return MonitorRow(
        **base,
        actual=rate_txt,
        progress=L.percent(rate, places),
        ratio=L.percent(ratio, places),
        ratio_exact=str(ratio),
        light=light,  # type: ignore[arg-type]
        light_reason=reason,
        forecast=forecast,
        deviation=L.percent(forecast_rate - _FULL, places),
    )


def _amounts(run: Run, data: Progress) -> tuple[Fraction, Fraction, Fraction, bool] | None:
    """(执行进度, budget, forecast execution rate, forecast reported?) or None with a problem."""
    values = {key: _money(run, data, key) for key in ("initial", "adjusted", "executed", "forecast")}
    if any(v is False for v in values.values()):
        return None
    entry = data.actuals.entries.get(BUDGET_NAME)
    budget = values["adjusted"]
    if budget is None and values["initial"] is not None:
        budget = values["initial"]
        cell = data.budget_cells.get("initial")
        run.diags.append(_at("W954", data.file, cell, {"budget": str(data.budget.get("initial"))}))
    executed = values["executed"]
    if entry is not None and entry.actual is not None and executed is None:
        return _given_rate(run, data, entry.actual)
    missing = [name for name, value in (("调整后预算数", budget), ("1-N月执行数", executed)) if value is None]
    if missing:
        reason = {"reason": f"缺少{'、'.join(missing)}", "reason_en": f"missing {', '.join(missing)}"}
        run.diags.append(Diagnostic("E958", None, None, reason))
        return None
    assert isinstance(budget, Fraction) and isinstance(executed, Fraction)
    if budget <= 0:
        cell = data.budget_cells.get("adjusted") or data.budget_cells.get("initial")
        run.diags.append(
            _at("E958", data.file, cell, {"reason": "预算数不大于 0", "reason_en": "the budget is not above 0"})
        )
        return None
    reported = isinstance(values["forecast"], Fraction)
    full_year = values["forecast"] if reported else executed * L.MONTHS / run.month
    assert isinstance(full_year, Fraction)
    return executed / budget, budget, full_year / budget, reported


def _given_rate(run: Run, data: Progress, cell: Cell) -> tuple[Fraction, Fraction, Fraction, bool] | None:
    """A 预算执行 row that states the execution rate itself (`45%`)."""
    try:
        rate, _ = read_value(cell.value, U.PERCENT)
    except (NotANumber, UnitMismatch):
        run.diags.append(
            cell_diagnostic("E603", data.file, cell.row, cell.column, cell.text, header="执行进度", value=cell.text)
        )
        return None
    return rate, _FULL, rate * L.MONTHS / run.month, False


def _money(run: Run, data: Progress, key: str) -> Fraction | None | bool:
    """An amount in 万元 (bare numbers are 万元; `元`, `亿元` convert); False after a problem."""
    if key not in data.budget:
        return None
    cell = data.budget_cells.get(key)
    try:
        return read_value(data.budget[key], U.lookup("万元"))[0]
    except (NotANumber, UnitMismatch):
        text = cell.text if cell is not None else str(data.budget[key])
        run.diags.append(_at("E603", data.file, cell, {"header": HEADERS[key], "value": text}))
        return False


def _at(code: str, file: str, cell: Cell | None, args: dict[str, Any]) -> Diagnostic:
    if cell is None:
        return Diagnostic(code, None, None, args)
    return cell_diagnostic(code, file, cell.row, cell.column, cell.text, **args)
