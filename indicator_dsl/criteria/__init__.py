"""Per-indicator 评分标准: the printed rule text → a structured rule → a score.

`resolve(indicator_node, resolved, source)` reads the `评分` clause of one indicator (the
printed text, or the structured form) and, when a `评分读作` line is declared, uses that
reading and says if the printed text now reads otherwise.  Findings are Diagnostics at the
exact span inside the clause.  `check_rules` (a checker pass) and scoring share this one
function, so what `check` reports is what scoring uses."""

from __future__ import annotations

from dataclasses import dataclass
from typing import TYPE_CHECKING

from .. import ast as A
from ..diagnostics import Diagnostic
from ..source import Source, Span
from . import codes as _codes  # noqa: F401  (registers E65x–E68x)
from .model import Criterion, Rule
from .reader import Context, read
from .structured import StructuredError, criterion_text, is_structured, parse_structured

if TYPE_CHECKING:
    from ..semantics import Resolved


@dataclass(frozen=True)
class Resolution:
    rule: Rule | None
    diagnostics: tuple[Diagnostic, ...]


def context_of(resolved: Resolved) -> Context:
    target = resolved.target
    return Context(
        unit=resolved.unit.name if resolved.unit else None,
        direction=resolved.direction.value,
        target=None if resolved.qualitative or target is None else target.value,
    )


def read_clause(clause: A.RuleText, ctx: Context, source: Source | None) -> tuple[Rule | None, list[Diagnostic]]:
    """One clause's text (printed or structured) with its findings placed in the file."""
    base = clause.span.start
    if is_structured(clause.text):
        try:
            return Rule(parse_structured(clause.text)), []
        except StructuredError as exc:
            at = Span(base + exc.offset, base + min(exc.offset + 1, len(clause.text)))
            return None, [Diagnostic("E680", at, source, {"why": exc.why, "why_en": exc.why_en})]
    rule, findings = read(clause.text, ctx)
    diags = [Diagnostic(f.code, Span(base + f.start, base + f.end), source, dict(f.args)) for f in findings]
    return rule, diags


def resolve(node: A.Indicator, resolved: Resolved, source: Source | None) -> Resolution:
    if node.rule is None and node.rule_reading is None:
        return Resolution(None, ())
    ctx = context_of(resolved)
    printed, diags = read_clause(node.rule, ctx, source) if node.rule else (None, [])
    if node.rule_reading is None:
        return Resolution(printed, tuple(diags))
    declared, errors = read_clause(node.rule_reading, ctx, source)
    if declared is None:
        return Resolution(None, tuple(errors))
    declared_text = criterion_text(declared.criterion)
    if node.rule is not None:
        now = criterion_text(printed.criterion) if printed else "无法读取 / unreadable"
        if now != declared_text:
            diags = [Diagnostic("W675", node.rule.span, source, {"now": now, "declared": declared_text})]
        else:
            diags = []
    rule = Rule(declared.criterion, node.rule.text if node.rule else None, printed.readings if printed else ())
    return Resolution(rule, tuple(diags))


__all__ = [
    "Context",
    "Criterion",
    "Resolution",
    "Rule",
    "context_of",
    "criterion_text",
    "parse_structured",
    "read",
    "resolve",
]
