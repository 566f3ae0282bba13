"""`indicator-dsl rule TEXT`: how a printed 评分标准 reads, and what it gives for some actuals.

The reading is the structured form `评分读作` takes; findings point into TEXT with a caret; each
`--actual` is scored by the rule with the arithmetic shown (exact, 四舍五入 to 2 places)."""

from __future__ import annotations

import argparse
from fractions import Fraction
from typing import TYPE_CHECKING

from . import add_lang

if TYPE_CHECKING:
    from ..criteria.score import Given


def add_parser(sub: argparse._SubParsersAction) -> None:  # type: ignore[type-arg]
    p = sub.add_parser("rule", help="读评分标准并按它计分 / read a printed scoring rule and score by it")
    p.add_argument("text", help="评分标准原文 / the rule as printed")
    p.add_argument("--unit", default=None, help="指标单位（如 %%）/ the indicator's unit")
    p.add_argument("--direction", default=None, help="指标方向：正向、反向、等于、区间 / the direction")
    p.add_argument(
        "--target", default=None, type=_number, help="目标值（如 95%%）/ the target, for deviations and ratios"
    )
    p.add_argument("--weight", default=None, type=_weight, help="分值 / the weight (default: the rule's best score)")
    p.add_argument("--actual", action="append", default=[], help="实际完成值，可重复 / an actual, repeatable")
    p.add_argument(
        "--baseline", action="append", default=[], type=_baseline, help="基准 NAME=VALUE（如 上年=5%%）/ a baseline"
    )
    add_lang(p)
    p.set_defaults(run=run)


def _number(text: str) -> Fraction:
    """An option's number read like any value (`95%`, `1,000`); a bad one is a usage error (exit 2), not a crash."""
    from ..rational import NotANumber, parse_decimal

    try:
        return parse_decimal(text)
    except NotANumber:
        raise argparse.ArgumentTypeError(f"应为数字（如 95%） / must be a number (e.g. 95%): {text!r}") from None


def _weight(text: str) -> Fraction:
    value = _number(text)
    if value <= 0:
        raise argparse.ArgumentTypeError(f"分值应大于 0 / the weight must be above 0: {text!r}")
    return value


def _baseline(text: str) -> tuple[str, Fraction]:
    name, eq, value = text.partition("=")
    if not eq or not name.strip():
        raise argparse.ArgumentTypeError(f"应为 NAME=VALUE（如 上年=5%）/ must be NAME=VALUE (e.g. 上年=5%): {text!r}")
    return name.strip(), _number(value)


def run(args: argparse.Namespace) -> int:
    from ..criteria import criterion_text, read
    from ..criteria.reader import Context
    from ..criteria.score import RuleScoreError, score
    from ..diagnostics import Diagnostic
    from ..rational import NotANumber, format_fixed
    from ..source import Source, Span
    from ..values import UnitMismatch

    target = args.target
    rule, findings = read(args.text, Context(args.unit, args.direction, target))
    source = Source("<评分>", args.text)
    for f in findings:
        print(Diagnostic(f.code, Span(f.start, f.end), source, dict(f.args)).render(args.lang))
    if rule is None:
        return 1
    print(("读作 " if args.lang == "zh" else "reads as ") + criterion_text(rule.criterion))
    weight = args.weight if args.weight is not None else _best(rule.criterion)
    baselines = dict(args.baseline)
    status = 0
    for actual in args.actual:
        try:
            given = _given(rule.criterion, actual, target, baselines, args.unit)
            out = score(rule.criterion, given, weight)
        except (RuleScoreError, NotANumber, UnitMismatch, ValueError) as exc:
            code = getattr(exc, "code", "E403")  # E403 is a core code: registered whatever is imported
            args_ = getattr(exc, "args_", {"name": "--actual", "value": actual})
            print(f"{actual}: {code} {Diagnostic(code, None, None, args_).message(args.lang)}")
            status = 1
            continue
        text, sep = (out.zh, "：") if args.lang == "zh" else (out.en, ": ")
        print(f"{actual} → {format_fixed(out.points)}{sep}{text}")
    return 1 if any(f.code[0] in "EW" for f in findings) else status


def _best(criterion: object) -> Fraction:
    from ..criteria.model import Checklist, Fixed, Scale, Steps, YesNo

    if isinstance(criterion, Checklist):
        return sum((i.points.value for i in criterion.items), Fraction(0)) or Fraction(1)
    if isinstance(criterion, YesNo):
        return max(criterion.yes.value, criterion.no.value) or Fraction(1)
    assert isinstance(criterion, Scale)
    pts = [c.piece.points.value for c in criterion.cases if isinstance(c.piece, Fixed)]
    pts += [c.piece.base.value for c in criterion.cases if isinstance(c.piece, Steps)]
    return max(pts, default=Fraction(0)) or Fraction(1)


def _given(
    criterion: object, actual: str, target: Fraction | None, baselines: dict[str, Fraction], unit: str | None = None
) -> Given:
    """The actual as the rule measures it: a quantity (`88%`; a bare number in `--unit`), a count,
    items (`①③`, `2项`), 是/否."""
    import re

    from .. import units as U
    from ..criteria.model import Checklist, YesNo
    from ..criteria.score import Given
    from ..values import read_quantity

    if isinstance(criterion, Checklist):
        m = re.fullmatch(r"\s*(\d+)\s*项?\s*", actual)
        return Given(items=int(m.group(1)) if m else frozenset(ch for ch in actual if ch in "①②③④⑤⑥⑦⑧⑨⑩"))
    if isinstance(criterion, YesNo):
        return Given(yes=actual.strip() in ("是", "有", "按期", "按时", criterion.yes_word))
    # the whole text is the value (`88%`, `3次`): `95abc` is not a number (E403), never 95
    declared = U.lookup(unit) if unit else None
    value, _ = read_quantity(actual.strip(), declared, any_unit=declared is None)
    return Given(value=value, target=target, baselines=baselines)
