"""The evaluation engines behind `eval --engine`, as a registry: exact, vector, duckdb, spark.

Each takes the indicators, the catalog's environment and an `Inputs` (a file path and/or
records) and returns (row id, Evaluation) pairs, so every engine's output is rendered the same
way.  With `group_by`, inputs are first summed per group (exactly) and each group is one record.
"""

from __future__ import annotations

from collections.abc import Callable, Mapping, Sequence
from dataclasses import dataclass, field
from fractions import Fraction
from typing import Any

from ..diagnostics import Severity, register
from ..semantics import Env
from .exact import EvalFailure, convert

Rows = list[tuple[Any, Any]]

register(
    "E801",
    Severity.ERROR,
    "输入列“{name}”无法精确读取：{reason}",
    "column '{name}' not exact: {reason}",
)
register("E802", Severity.ERROR, "无法读取输入表：{reason}", "cannot read the input table: {reason}")
register("E803", Severity.ERROR, "{engine} 执行失败：{reason}", "{engine} failed: {reason}")
register("E804", Severity.ERROR, "输入表中没有分组列“{name}”", "the input table has no group column '{name}'")


@dataclass(frozen=True)
class Inputs:
    """Where records come from: a .csv/.parquet path, records already read, and --set values."""

    path: str | None = None
    records: Sequence[tuple[Any, Mapping[str, Any]]] = ()
    fixed: Mapping[str, Any] = field(default_factory=dict)

    @property
    def first_row(self) -> int:
        """Row numbers as a spreadsheet shows them: a CSV's header is row 1."""
        return 2 if self.path and self.path.lower().endswith(".csv") else 1


def is_parquet(path: str | None) -> bool:
    return bool(path) and str(path).lower().endswith((".parquet", ".pq"))


def read_parquet_records(path: str) -> list[tuple[int, dict[str, Any]]]:
    import pyarrow.parquet as pq

    return list(enumerate(pq.read_table(path).to_pylist(), start=1))


def _records(inputs: Inputs) -> Sequence[tuple[Any, Mapping[str, Any]]]:
    if is_parquet(inputs.path):
        return [(i, {**r, **inputs.fixed}) for i, r in read_parquet_records(str(inputs.path))]
    return list(inputs.records)


def group_records(
    records: Sequence[tuple[Any, Mapping[str, Any]]], by: str, env: Env
) -> list[tuple[Any, dict[str, Any]]]:
    """Sum every field per group, exactly; blanks are skipped, a group with no value has none,
    and a non-number stays as it is so the group reports E403.  Cells are summed in base units
    (a `29%` cell is already a ratio) and handed back in the input's written unit."""
    groups: dict[Any, dict[str, Any]] = {}
    for _, record in records:
        if by not in record:
            raise KeyError(by)
        acc = groups.setdefault(record[by], {by: record[by]})
        for key, value in record.items():
            if key == by or value is None or (isinstance(value, str) and not value.strip()):
                acc.setdefault(key, None)
                continue
            factor = env.input_units[key].factor if key in env.input_units else Fraction(1)
            try:
                n, d = convert(value, key, factor.numerator, factor.denominator)
            except EvalFailure:
                acc[key] = value
                continue
            current = acc.get(key)
            if isinstance(current, Fraction) or current is None:
                acc[key] = (current or 0) + Fraction(n, d) / factor
    return sorted(groups.items(), key=lambda kv: str(kv[0]))


def run_exact(indicators: Sequence[Any], env: Env, inputs: Inputs, by: str | None, places: int) -> Rows:
    records: Sequence[tuple[Any, Mapping[str, Any]]] = _records(inputs)
    if by is not None:
        records = group_records(records, by, env)
    return [(row, ind.evaluate(rec, places)) for row, rec in records for ind in indicators]


def run_vector(indicators: Sequence[Any], env: Env, inputs: Inputs, by: str | None, places: int) -> Rows:
    from ..catalog import Evaluation

    records: Sequence[tuple[Any, Mapping[str, Any]]] = _records(inputs)
    if by is not None:
        records = group_records(records, by, env)
    names = list(dict.fromkeys(k for _, r in records for k in r))
    columns = {k: [r.get(k) for _, r in records] for k in names}
    results = [ind.evaluate_batch(columns) for ind in indicators]
    out: Rows = []
    for i, (row, _) in enumerate(records):
        for ind, res in zip(indicators, results, strict=True):
            frac = res.fraction(i)
            event = res.events[res.error_id[i] - 1] if res.error_id[i] else None
            args = None if event is None else _event_args(event, columns, i)
            met = {1: True, 0: False}.get(int(res.met_code[i]))
            code = int(res.grade_code[i])
            grade = res.labels[code] if code >= 0 else None
            out.append(
                (
                    row,
                    Evaluation(
                        ind.name,
                        None if frac is None else frac.numerator,
                        None if frac is None else frac.denominator,
                        res.unit,
                        res.unit_factor,
                        grade,
                        met,
                        None if event is None else event.code,
                        args,
                        places,
                    ),
                )
            )
    return out


def _event_args(event: Any, columns: Mapping[str, Sequence[Any]], i: int) -> dict[str, Any]:
    if event.code == "E401":
        return {"expr": event.expr}
    if event.code == "E403":
        return {"name": event.name, "value": columns[event.name][i]}
    return {"name": event.name}


def _engine_reads(path: str) -> bool:
    """Files the SQL engines scan themselves; anything else (JSON) goes in as records."""
    import os

    return os.path.isdir(path) or path.lower().endswith((".csv", ".parquet", ".pq"))


def _table_source(inputs: Inputs) -> Any:
    """A path the SQL engine reads itself, or an Arrow table of the records (with --set values)."""
    if inputs.path and not inputs.fixed and _engine_reads(str(inputs.path)):
        return str(inputs.path)
    import pyarrow as pa

    rows = [dict(r) for _, r in _records(inputs)]
    return pa.Table.from_pylist(rows)


def _sql_rows(table: Any, indicators: Sequence[Any], inputs: Inputs, by: str | None, places: int) -> Rows:
    from .sql import evaluations

    rows = evaluations(table, [ind.resolved for ind in indicators], places)
    if by is not None:
        return rows
    shift = inputs.first_row - 1
    return [(row + shift, e) for row, e in rows]


def run_duckdb(indicators: Sequence[Any], env: Env, inputs: Inputs, by: str | None, places: int) -> Rows:
    from .sql import run_duckdb as run

    table = run([ind.resolved for ind in indicators], env, _table_source(inputs), group_by=by)
    return _sql_rows(table, indicators, inputs, by, places)


def run_spark(indicators: Sequence[Any], env: Env, inputs: Inputs, by: str | None, places: int) -> Rows:
    from .spark import run_spark as run

    source = _table_source(inputs)
    if not isinstance(source, str):
        from .spark import session

        source = session().createDataFrame(source)
    table = run([ind.resolved for ind in indicators], env, source, group_by=by)
    return _sql_rows(table, indicators, inputs, by, places)


ENGINES: dict[str, Callable[[Sequence[Any], Env, Inputs, str | None, int], Rows]] = {
    "exact": run_exact,
    "vector": run_vector,
    "duckdb": run_duckdb,
    "spark": run_spark,
}


@dataclass(frozen=True)
class GroupScore:
    """One group's 得分 under a scoring scheme: per indicator (None when not scorable) and total."""

    group: Any
    scores: dict[str, Fraction | None]
    total: Fraction | None  # None when nothing in the group could be scored


def score_groups(indicators: Sequence[Any], rows: Rows, scheme: str = "national-2020") -> list[GroupScore]:
    """Score every group's evaluations with the scoring engine's rules (`scoring.score_indicator`):
    indicators with a weight and a quantitative target; a failed record scores nothing."""
    from ..scoring.indicator import Measured, score_indicator

    by_name = {ind.name: ind for ind in indicators}
    out: dict[Any, dict[str, Fraction | None]] = {}
    for group, e in rows:
        ind = by_name[e.indicator]
        res = ind.resolved
        scorable = res.weight is not None and res.target is not None and not res.qualitative
        score = None
        if scorable and e.value is not None:
            row = score_indicator(ind, Measured(e.value), res.weight, scheme)
            score = Fraction(row.score_exact) if row.score_exact else None
        out.setdefault(group, {})[e.indicator] = score
    totals = {g: [v for v in s.values() if v is not None] for g, s in out.items()}
    return [GroupScore(g, s, sum(totals[g], Fraction(0)) if totals[g] else None) for g, s in out.items()]


def group_score_text(indicators: Sequence[Any], rows: Rows, lang: str, places: int = 2) -> str:
    """The `eval --group-by` summary of 得分 per group ("" when no indicator has weight and target)."""
    if not any(i.resolved.weight is not None and i.resolved.target is not None for i in indicators):
        return ""
    from ..rational import format_fixed

    title = "各组得分（national-2020）" if lang == "zh" else "score per group (national-2020)"
    groups = score_groups(indicators, rows)
    lines = [f"{g.group}: {'—' if g.total is None else format_fixed(g.total, places)}" for g in groups]
    return "\n" + title + "\n" + "\n".join(lines)
