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
    text = quantity_text(t.quantity)
    while not cmp and not per and _CALENDAR_START.match(text):
        text = "0" + text  # 2024 with the unit `年10月底前…` (read from `02024年…`) is no deadline
    return f"{cmp}{per}{text}{qualifier}"


# what the WHEN token reads at the start of a target (`2024年`, `2024.03`, `6月底`, `6月30日`)
_CALENDAR_START = re.compile(
    r"(?:19|20)\d\d[ \t]*年|(?:19|20)\d\d[.\-/．](?:1[0-2]|0[1-9])(?:[.\-/．]|[ \t]*(?:[-－—～~〜至到前]|之前|以前))"
    r"|(?:1[0-2]|0?[1-9])月(?:\d{1,2}[日号]|[底末])"
)


def _interval_target_text(t: A.IntervalTarget) -> str:
    iv = t.interval
    if t.notation == "[]" or iv.low is None or iv.high is None:
        return interval_text(iv)
    low = quantity_text(iv.low)
    if iv.low.unit is None and _DOTTED_DATE.fullmatch(low):
        # `2024.03-2024.09` is a period; the number range prints `2024.030-2024.09`
        low += "0" * (3 - len(low.partition(".")[2]))
    return f"{low}{t.notation}{quantity_text(iv.high)}"


_DOTTED_DATE = re.compile(r"(?:19|20)\d\d\.\d{1,2}")


def _tolerance_text(t: A.ToleranceTarget) -> str:
    center = quantity_text(t.center) if t.center else ""
    return f"{center}±{quantity_text(t.tolerance)}"


def _deadline_text(t: A.DeadlineTarget) -> str:
    return t.when.text() + (t.by or "") + _done_text(t.done)


def _period_text(t: A.PeriodTarget) -> str:
    return f"{t.start.text()}至{t.end.text()}{_done_text(t.done)}"


# Characters the calendar terminals would take into the date or its 前 (`每年6月 底前` is a deadline
# with the words 底前; glued, `每年6月底前` is 6月底 and 前), and digits, which would run into a number.
_GLUES_TO_DATE = re.compile(r"[底末日号前之以份度内年月季上下全\d]")


def _done_text(done: str | None) -> str:
    """The words after a deadline or period (`完工`), with a space where gluing them on would
    change how the date reads."""
    if not done:
        return ""
    return (" " if _GLUES_TO_DATE.match(done) else "") + done


def _any_text(t: A.AnyTarget) -> str:
    """Parts joined by 或; a space before it where the part ends in a word (`达成预期指标 或是`:
    a name runs on through 或, so `达成预期指标或是` is one statement) and after it before 者
    (`或者` is 或 too)."""
    texts = [target_text(p) for p in t.parts]
    out = texts[0]
    for text in texts[1:]:
        before = " " if _NAME_CHAR.match(out[-1:]) else ""
        after = " " if text.startswith("者") else ""
        out += f"{before}或{after}{text}"
    return out


_NAME_CHAR = re.compile(r"[\w·）]")


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


_QUOTES = (('"', '"'), ("“", "”"), ("「", "」"))
_OPENERS = '"“「'
_CLOSERS = '"”」'
_NAME = re.compile(r"(?!\d)[\w·]+(?:[、][\w·]+)*(?:（[\w、·]+）[\w·]*)*")  # grammar's NAME


def alias_text(alias: str) -> str:
    """An alias as written: bare when it is an identifier, else quoted: in the first of “”, "",
    「」 it has neither quote of (`“设施(设备)完好率”`), else in the first whose closer it lacks
    (the grammar's quoted text ends at its closer, so an opener inside reads back: `“a"「」“”`).
    Every alias the parser reads has such a pair; other text is refused, as `quoted` refuses it."""
    if _NAME.fullmatch(alias):
        return alias
    pairs = (("“", "”"), ('"', '"'), ("「", "」"))
    fits = [q for q in pairs if q[1] not in alias and "\n" not in alias]
    if not fits:
        raise ValueError(f"alias cannot be quoted: {alias!r}")
    open_, close = next((q for q in fits if q[0] not in alias), fits[0])
    return open_ + alias + close


def quoted(text: str) -> str:
    """`text` in the first pair of quotes it does not contain (`含"引号` → `“含"引号”`).  Every
    text the parser reads from quotes has such a pair; other text is refused, not mangled."""
    for open_, close in _QUOTES:
        if close not in text and "\n" not in text:
            return f"{open_}{text}{close}"
    raise ValueError(f"text cannot be quoted: {text!r}")


_STRING = re.compile(r'"[^"\n]*"|“[^”\n]*”|「[^」\n]*」')  # the grammar's STRING


def _reads_back_plain(text: str) -> bool:
    """Whether `text` printed as is reads back the same: no spaces around it, no #, and not
    read as one quoted text (whose quotes the parser drops)."""
    if text != text.strip() or "#" in text:
        return False
    if text[:1] in _OPENERS:
        match = _STRING.match(text)
        if match is None:  # one plain token: a quote pair around it is dropped
            return not (len(text) >= 2 and text[-1] in _CLOSERS)
        return match.end() < len(text) and _more_reads_back(text, match.end())
    return True


def _more_reads_back(text: str, at: int) -> bool:
    """After a quoted part, the rest is read back as written when it is more quoted parts or
    starts (past blanks the grammar skips) with a character that begins plain text: not one
    of the other spaces Python's \\s knows (CR, 0x1C–0x1F, U+2028 …), which the grammar refuses."""
    while True:
        rest = text[at:].lstrip("\t \u3000")
        if not rest:
            return True
        match = _STRING.match(rest) if rest[0] in _OPENERS else None
        if match is None:
            return not rest[0].isspace()
        text, at = rest, match.end()


def free_text(text: str) -> str:
    """A clause's text (来源, 说明, 方案 …) as it reads back: plain where plain text reads back the
    same, quoted where it would not (a #, leading or trailing spaces, quotes around it)."""
    body = text[1:] if text[:1] in (":", "：") else text
    return text if _reads_back_plain(body) else quoted(text)


def _text_line(keyword: str, text: str | None) -> list[tuple[str, str]]:
    if text is None:
        return []
    if not text:
        return [(keyword, f"  {keyword}")]
    if text[:1] in (":", "：") and _reads_back_plain(text[1:] or "x"):
        return [(keyword, f"  {keyword}：{text}")]  # the keyword's own colon, then the text's
    return [(keyword, f"  {keyword} {free_text(text)}")]


def head_text(keyword: str, name: str, title: str | None) -> str:
    return f"{keyword} {name}" + (f" {quoted(title)}" if title is not None else "")


def indicator_lines(ind: A.Indicator) -> list[tuple[str, str]]:
    """The block's lines in canonical order, each with the clause it shows ("head" for the
    header, the keyword for a clause): the formatter hangs comments on them by that key."""
    if ind.one_line and ind.formula and not _has_clauses(ind):
        return [("head", f"{ind.name} = {_one_line_expr(ind.name, ind.formula.expr)}")]
    lines = [("head", head_text("指标", ind.name, ind.title))]
    if ind.category:
        lines.append(("类别", "  类别 " + " / ".join(ind.category)))
    if ind.formula:
        lhs = f"{ind.formula.lhs} = " if ind.formula.lhs else ""
        lines.append(("公式", f"  公式 {lhs}{expr_text(ind.formula.expr)}"))
    if ind.target:
        lines.append(("目标", "  目标 " + target_text(ind.target)))
    if ind.weight:
        lines.append(("权重", "  权重 " + quantity_text(ind.weight)))
    if ind.bands:
        lines.append(("等级", "  等级 " + ", ".join(band_text(b) for b in ind.bands)))
    lines += rule_lines(ind)
    if ind.direction:
        lines.append(("方向", "  方向 " + ind.direction.value))
    if ind.unit:
        lines.append(("单位", "  单位 " + ind.unit))
    if ind.kind:
        lines.append(("类型", "  类型 " + ind.kind.value))
    if ind.domain:
        lines.append(("定义域", "  定义域 " + interval_text(ind.domain)))
    if ind.plan_year is not None:
        lines.append(("年度", f"  年度 {ind.plan_year}"))
    if ind.aliases:
        lines.append(("别名", "  别名 " + ", ".join(alias_text(a) for a in ind.aliases)))
    lines += _text_line("描述", ind.description)
    lines += _text_line("依据", ind.basis)
    lines += _text_line("来源", ind.source)
    lines += _text_line("说明", ind.note)
    return lines


def indicator_text(ind: A.Indicator) -> str:
    return "\n".join(line for _, line in indicator_lines(ind))


def _one_line_expr(name: str, expr: A.Expr) -> str:
    """`目标 = x` reads back as a definition only while no number follows the `=` (else it is a
    target clause); parentheses keep `目标 = (100%)` a definition, and cost nothing elsewhere."""
    text = expr_text(expr)
    if text[:1].isdigit() or text[:1] in ".-+":
        return f"({text})" if _is_keyword(name) else text
    return text


def _is_keyword(name: str) -> bool:
    from .parser import keyword_terminals

    return any(pattern.fullmatch(name) for pattern in keyword_terminals())


def rule_lines(ind: A.Indicator) -> list[tuple[str, str]]:
    """`评分` as printed (a multi-line text in triple quotes) and the `评分读作` reading."""
    out = []
    if ind.rule:
        text = ind.rule.text
        out.append(("评分", f'  评分 """{text}"""' if "\n" in text or "#" in text else f"  评分 {text}"))
    if ind.rule_reading:
        out.append(("评分读作", f"  评分读作 {ind.rule_reading.text}"))
    return out


def _has_clauses(ind: A.Indicator) -> bool:
    return any(
        (
            ind.title is not None,
            ind.category,
            ind.target,
            ind.weight,
            ind.bands,
            ind.direction,
            ind.unit,
            ind.aliases,
            ind.source is not None,
            ind.note is not None,
            ind.basis is not None,
            ind.description is not None,
            ind.domain,
            ind.kind,
            ind.rule,
            ind.rule_reading,
            ind.plan_year is not None,
        )
    )


def scorecard_lines(sc: A.Scorecard) -> list[tuple[str, str]]:
    name = sc.name if _is_name(sc.name) else quoted(sc.name)
    lines = [("head", head_text("评分表", name, sc.title))]
    lines += _text_line("方案", sc.scheme)
    if sc.plan_year is not None:
        lines.append(("年度", f"  年度 {sc.plan_year}"))
    if sc.bands:
        lines.append(("等级", "  等级 " + ", ".join(band_text(b) for b in sc.bands)))
    for i, g in enumerate(sc.groups):
        weight = f" 权重 {quantity_text(g.weight)}" if g.weight else ""
        lines.append((f"分组{i}", "  分组 " + " / ".join(g.path) + weight))
    if sc.budget:
        weight = f" 权重 {quantity_text(sc.budget.weight)}" if sc.budget.weight else ""
        lines.append(("预算执行", f"  预算执行 {expr_text(sc.budget.expr)}{weight}"))
    lines += _text_line("来源", sc.source)
    lines += _text_line("说明", sc.note)
    return lines


def scorecard_text(sc: A.Scorecard) -> str:
    return "\n".join(line for _, line in scorecard_lines(sc))


def _is_name(text: str) -> bool:
    from .parser import NAME_PATTERN

    return NAME_PATTERN.fullmatch(text) is not None


def statement_lines(st: A.Statement) -> list[tuple[str, str]]:
    if isinstance(st, A.Indicator):
        return indicator_lines(st)
    if isinstance(st, A.Scorecard):
        return scorecard_lines(st)
    return [("head", statement_text(st))]


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
