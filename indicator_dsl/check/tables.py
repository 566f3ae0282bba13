"""Tables that must add up: `核对 left = right` evaluated exactly from the `定义` amounts.

Seed 000: 基本支出 6,797.78 + 项目支出 779.83 = 7,577.61 万元 but 财政拨款 7,577.61 + 其他资金 195.80
= 7,773.41 万元.  The difference is shown in the unit the amounts were written in, with as many
decimals as they were written with, so the finding reads like the table.
"""

from __future__ import annotations

from collections.abc import Iterator
from decimal import Decimal
from fractions import Fraction

from .. import ast as A
from .. import units as U
from ..backends.exact import EvalFailure, evaluate_expr
from ..diagnostics import Diagnostic
from ..rational import round_half_up
from ..semantics import Env, UnitInference, iter_nums, referenced_names
from ..source import Span
from . import codes as _codes  # noqa: F401 - registers the codes used below
from .context import Context

_HOLDS = {"<": A.Comparator.LT, "=": A.Comparator.EQ, ">": A.Comparator.GT}


def check_tables(ctx: Context) -> Iterator[Diagnostic]:
    for source, st in ctx.statements():
        if not isinstance(st, A.Assertion):
            continue
        nums = _closed_numbers(ctx.env, (st.left, st.right))
        if nums is None:
            continue  # reads inputs, undefined names or a cycle: not decidable here (E201/E202 say why)
        try:
            left = evaluate_expr(st.left, ctx.env, {})
            right = evaluate_expr(st.right, ctx.env, {})
        except EvalFailure:
            continue  # e.g. a zero divisor in a definition; evaluation reports it per record
        if st.comparator.holds(left, right):
            continue
        unit = UnitInference(ctx.env, source).infer(st.left) or U.DIMENSIONLESS
        places = max((_decimals(n) for n in nums), default=0)
        relation = "<" if left < right else ">" if left > right else "="
        args = {
            "left": _amount(left, unit, places),
            "right": _amount(right, unit, places),
            "comparator": _HOLDS[relation].value if st.comparator is A.Comparator.EQ else relation,
            "difference": _amount(abs(left - right), unit, places),
        }
        yield Diagnostic("E531", Span(st.left.span.start, st.right.span.end), source, args)


def _closed_numbers(env: Env, exprs: tuple[A.Expr, ...]) -> list[A.Num] | None:
    """Every number the expressions reach through definitions, or None when a name is not a
    definition (an input or undefined) or the definitions form a cycle."""
    nums: list[A.Num] = []
    done: set[str] = set()
    stack: list[tuple[A.Expr, frozenset[str]]] = [(e, frozenset()) for e in exprs]
    while stack:
        expr, path = stack.pop()
        nums.extend(iter_nums(expr))
        for ref in referenced_names(expr):
            if ref.name not in env.definitions or ref.name in path:
                return None
            if ref.name not in done:
                done.add(ref.name)
                stack.append((env.definitions[ref.name], path | {ref.name}))
    return nums


def _decimals(num: A.Num) -> int:
    text = num.text.replace(",", "")
    return len(text.split(".", 1)[1]) if "." in text else 0


def _amount(value: Fraction, unit: U.Unit, places: int) -> str:
    """`1,443.88 万元`: grouped thousands, 四舍五入 to the places the amounts were written with
    (more, up to 6, if the exact value needs them)."""
    shown = value / unit.factor
    while places < 6 and (shown * 10**places).denominator != 1:
        places += 1
    text = f"{Decimal(round_half_up(shown, places)):,.{places}f}"
    return f"{text} {unit.name}".rstrip() if unit.name else text
