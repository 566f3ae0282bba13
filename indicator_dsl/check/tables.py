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
        span = Span(st.left.span.start, st.right.span.end)
        try:
            left = evaluate_expr(st.left, ctx.env, {})
            right = evaluate_expr(st.right, ctx.env, {})
            unit = UnitInference(ctx.env, source).infer(st.left) or U.DIMENSIONLESS
        except EvalFailure:
            continue  # e.g. a zero divisor in a definition; evaluation reports it per record
        except RecursionError:  # the exact backend inlines definitions recursively (~250 levels)
            yield Diagnostic("W532", span, source)
            continue
        if st.comparator.holds(left, right):
            continue
        places = max((_decimals(n) for n in nums), default=0)
        relation = "<" if left < right else ">" if left > right else "="
        args = {
            "left": _amount(left, unit, places),
            "right": _amount(right, unit, places),
            "comparator": _HOLDS[relation].value if st.comparator is A.Comparator.EQ else relation,
            "difference": _amount(abs(left - right), unit, places),
        }
        yield Diagnostic("E531", span, source, args)


def _closed_numbers(env: Env, exprs: tuple[A.Expr, ...]) -> list[A.Num] | None:
    """Every number the expressions reach through definitions, or None when a name is not a
    definition (an input or undefined) or the reached definitions form a cycle."""
    nums: list[A.Num] = []
    uses: dict[str, set[str]] = {}
    pending: list[A.Expr] = list(exprs)
    while pending:
        expr = pending.pop()
        nums.extend(iter_nums(expr))
        for ref in referenced_names(expr):
            if ref.name not in env.definitions:
                return None
            if ref.name not in uses:
                uses[ref.name] = {r.name for r in referenced_names(env.definitions[ref.name])}
                pending.append(env.definitions[ref.name])
    return nums if _acyclic(uses) else None


def _acyclic(uses: dict[str, set[str]]) -> bool:
    """Kahn's algorithm: every definition can be ordered after the ones it uses."""
    waiting = {name: len(deps & uses.keys()) for name, deps in uses.items()}
    users: dict[str, list[str]] = {}
    for name, deps in uses.items():
        for dep in deps & uses.keys():
            users.setdefault(dep, []).append(name)
    ready = [name for name, n in waiting.items() if n == 0]
    done = 0
    while ready:
        done += 1
        for user in users.get(ready.pop(), []):
            waiting[user] -= 1
            if waiting[user] == 0:
                ready.append(user)
    return done == len(uses)


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
