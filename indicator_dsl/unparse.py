"""AST → canonical text.  The formatter, the importer's output and the round-trip tests use it:
parse(unparse(doc)) builds the same AST (spans aside)."""

from __future__ import annotations

import re
from collections.abc import Callable
from typing import Any

from . import ast as A
from .build_targets import SUFFIX_COMPARATORS
from .rational import decimal_text

_PREC = {"+": 1, "-": 1, "*": 2, "/": 2}


def quantity_text(q: A.Quantity) -> str:
    return decimal_text(q.value) + (q.unit or "")


def expr_text(e: A.Expr, parent: int = 0) -> str:
    if isinstance(e, A.Num):
        return decimal_text(e.value) + (e.unit or "")
    if isinstance(e, A.Ref):
        return e.name
    if isinstance(e, A.Neg):
        return "-" + expr_text(e.operand, 3)
    if isinstance(e, A.Call):
        return f"{e.func}({', '.join(expr_text(a) for a in e.args)})"
    prec = _PREC[e.op]
    text = f"{expr_text(e.left, prec)} {e.op} {expr_text(e.right, prec + 1)}"
    return f"({text})" if prec < parent else text


def target_text(t: A.Target) -> str:
    """A target as a cell prints it; `parse_fragment(..., "target_spec")` reads it back."""
    return _TARGET_TEXT[type(t)](t)


def _quant_target_text(t: A.QuantTarget) -> str:
    cmp = t.comparator.value if t.comparator else ""
    if t.qualifier and SUFFIX_COMPARATORS.get(t.qualifier) == t.comparator:
        cmp = ""  # `30万元以下`: the suffix says ≤ already
    per = t.per or ""
    qualifier = t.qualifier or ""
    if qualifier and t.quantity.unit is None and qualifier not in ("以上", "以下", "以内", "及以上", "及以下"):
        return f"{cmp}{per}{decimal_text(t.quantity.value)} {qualifier}"
    return f"{cmp}{per}{quantity_text(t.quantity)}{qualifier}"


def _interval_target_text(t: A.IntervalTarget) -> str:
    iv = t.interval
    if t.notation == "[]" or iv.low is None or iv.high is None:
        return interval_text(iv)
    return f"{quantity_text(iv.low)}{t.notation}{quantity_text(iv.high)}"


def _tolerance_text(t: A.ToleranceTarget) -> str:
    center = quantity_text(t.center) if t.center else ""
    return f"{center}±{quantity_text(t.tolerance)}"


def _deadline_text(t: A.DeadlineTarget) -> str:
    return t.when.text() + (t.by or "") + (t.done or "")


def _period_text(t: A.PeriodTarget) -> str:
    return f"{t.start.text()}至{t.end.text()}{t.done or ''}"


def _any_text(t: A.AnyTarget) -> str:
    return "或".join(target_text(p) for p in t.parts)


_TARGET_TEXT: dict[type, Callable[[Any], str]] = {
    A.QuantTarget: _quant_target_text,
    A.QualTarget: lambda t: t.text,
    A.IntervalTarget: _interval_target_text,
    A.ToleranceTarget: _tolerance_text,
    A.DeadlineTarget: _deadline_text,
    A.PeriodTarget: _period_text,
    A.YesNoTarget: lambda t: t.word,
    A.BaselineTarget: lambda t: t.text,
    A.AnyTarget: _any_text,
}


def band_text(b: A.Band) -> str:
    if isinstance(b, A.IntervalBand):
        return f"{interval_text(b.interval)} {b.grade}"
    cmp = b.comparator.value if b.comparator else ""
    return f"{cmp}{quantity_text(b.quantity)} {b.grade}"


def interval_text(iv: A.Interval) -> str:
    low = quantity_text(iv.low) if iv.low else ""
    high = quantity_text(iv.high) if iv.high else ""
    return f"{'[' if iv.low_closed else '('}{low}, {high}{']' if iv.high_closed else ')'}"


_NAME = re.compile(r"(?!\d)[\w·]+(?:[、][\w·]+)*(?:（[\w、·]+）[\w·]*)*")  # grammar's NAME


def alias_text(alias: str) -> str:
    """An alias as written: bare when it is an identifier, else quoted (`"设施(设备)完好率"`)."""
    if _NAME.fullmatch(alias):
        return alias
    quotes = next((q for q in ("“”", '""', "「」") if q[1] not in alias and q[0] not in alias), "「」")
    return quotes[0] + alias + quotes[1]


def _text_line(keyword: str, text: str | None) -> list[str]:
    return [f"  {keyword} {text}"] if text else []


def indicator_text(ind: A.Indicator) -> str:
    if ind.one_line and ind.formula and not _has_clauses(ind):
        return f"{ind.name} = {expr_text(ind.formula.expr)}"
    head = f"指标 {ind.name}" + (f' "{ind.title}"' if ind.title else "")
    lines = [head]
    if ind.category:
        lines.append("  类别 " + " / ".join(ind.category))
    if ind.formula:
        lhs = f"{ind.formula.lhs} = " if ind.formula.lhs else ""
        lines.append(f"  公式 {lhs}{expr_text(ind.formula.expr)}")
    if ind.target:
        lines.append("  目标 " + target_text(ind.target))
    if ind.weight:
        lines.append("  权重 " + quantity_text(ind.weight))
    if ind.bands:
        lines.append("  等级 " + ", ".join(band_text(b) for b in ind.bands))
    lines += rule_lines(ind)
    if ind.direction:
        lines.append("  方向 " + ind.direction.value)
    if ind.unit:
        lines.append("  单位 " + ind.unit)
    if ind.kind:
        lines.append("  类型 " + ind.kind.value)
    if ind.domain:
        lines.append("  定义域 " + interval_text(ind.domain))
    if ind.plan_year is not None:
        lines.append(f"  年度 {ind.plan_year}")
    if ind.aliases:
        lines.append("  别名 " + ", ".join(alias_text(a) for a in ind.aliases))
    lines += _text_line("描述", ind.description)
    lines += _text_line("依据", ind.basis)
    lines += _text_line("来源", ind.source)
    lines += _text_line("说明", ind.note)
    return "\n".join(lines)


def rule_lines(ind: A.Indicator) -> list[str]:
    """`评分` as printed (a multi-line text in triple quotes) and the `评分读作` reading."""
    out = []
    if ind.rule:
        text = ind.rule.text
        out.append(f'  评分 """{text}"""' if "\n" in text or "#" in text else f"  评分 {text}")
    if ind.rule_reading:
        out.append(f"  评分读作 {ind.rule_reading.text}")
    return out


def _has_clauses(ind: A.Indicator) -> bool:
    return any(
        (
            ind.title,
            ind.category,
            ind.target,
            ind.weight,
            ind.bands,
            ind.direction,
            ind.unit,
            ind.aliases,
            ind.source,
            ind.note,
            ind.basis,
            ind.description,
            ind.domain,
            ind.kind,
            ind.rule,
            ind.rule_reading,
            ind.plan_year,
        )
    )


def scorecard_text(sc: A.Scorecard) -> str:
    lines = [f"评分表 {sc.name}" + (f' "{sc.title}"' if sc.title else "")]
    lines += _text_line("方案", sc.scheme)
    if sc.plan_year is not None:
        lines.append(f"  年度 {sc.plan_year}")
    if sc.bands:
        lines.append("  等级 " + ", ".join(band_text(b) for b in sc.bands))
    for g in sc.groups:
        weight = f" 权重 {quantity_text(g.weight)}" if g.weight else ""
        lines.append("  分组 " + " / ".join(g.path) + weight)
    if sc.budget:
        weight = f" 权重 {quantity_text(sc.budget.weight)}" if sc.budget.weight else ""
        lines.append(f"  预算执行 {expr_text(sc.budget.expr)}{weight}")
    lines += _text_line("来源", sc.source)
    lines += _text_line("说明", sc.note)
    return "\n".join(lines)


def statement_text(st: A.Statement) -> str:
    if isinstance(st, A.Indicator):
        return indicator_text(st)
    if isinstance(st, A.Scorecard):
        return scorecard_text(st)
    if isinstance(st, A.Definition):
        return f"定义 {st.name} = {expr_text(st.expr)}"
    if isinstance(st, A.InputDecl):
        return f"输入 {', '.join(st.names)}: {st.unit}"
    if isinstance(st, A.UnitDecl):
        tail = f" = {decimal_text(st.factor)} {st.base}" if st.factor is not None and st.base else ""
        return f"单位定义 {st.name}{tail}"
    return f"核对 {expr_text(st.left)} {st.comparator.value} {expr_text(st.right)}"


def document_text(doc: A.Document) -> str:
    return "\n\n".join(statement_text(st) for st in doc.statements) + "\n"
