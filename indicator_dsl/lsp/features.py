"""What the language server answers about one `.ind` document, from the library's own parts:
the checker's diagnostics (`Catalog.check`), the resolved meaning of an indicator (`semantics`),
the shipped catalog (`CatalogStore`), the units registry, the checker's fixes as edits
(`check.fixes`) and the formatter.  Nothing here checks or computes anything itself, and nothing
imports pygls: `server.py` turns these answers into LSP messages.

Names are found through the AST (indicator, definition, alias and formula-name spans; references
from `semantics.referenced_names`), never by matching words in the text.
"""

from __future__ import annotations

import functools
import re
from collections.abc import Iterator
from dataclasses import dataclass
from fractions import Fraction

from .. import ast as A
from .. import units as U
from ..band_analysis import analyse, ranges_text
from ..catalog import Catalog, Indicator, loads
from ..catalog_store import CatalogStore, Entry
from ..check.fixes import Edit, edit_for
from ..diagnostics import Diagnostic
from ..formatter import FormatError, format_text
from ..intervals import number_text
from ..parser import KEYWORDS
from ..semantics import referenced_names
from ..source import Span
from ..unparse import expr_text, target_text

DIRECTIONS = {"正向": "positive", "反向": "negative", "等于": "equal", "区间": "range"}
LABELS = {
    "zh": {
        "category": "类别",
        "formula": "公式",
        "unit": "单位",
        "direction": "方向",
        "target": "目标",
        "bands": "等级",
        "weight": "权重",
        "source": "来源",
        "catalog": "标准指标目录",
        "line": "第 {line} 行",
        "definition": "定义",
        "input": "输入",
        "no_unit": "无单位",
    },
    "en": {
        "category": "category",
        "formula": "formula",
        "unit": "unit",
        "direction": "direction",
        "target": "target",
        "bands": "bands",
        "weight": "weight",
        "source": "source",
        "catalog": "standard catalog",
        "line": "line {line}",
        "definition": "definition",
        "input": "input",
        "no_unit": "no unit",
    },
}


@dataclass(frozen=True, slots=True)
class Name:
    """A name written in the document: where, and whether this is where it is defined."""

    name: str
    span: Span
    defines: bool


@dataclass(frozen=True, slots=True)
class Completion:
    label: str
    kind: str  # keyword, indicator, definition, input, unit, catalog
    detail: str = ""
    documentation: str = ""


@dataclass(frozen=True, slots=True)
class Fix:
    diagnostic: Diagnostic
    edit: Edit


@functools.cache
def shipped_catalog() -> CatalogStore:
    """The standard catalog, read once per server process."""
    return CatalogStore()


class Document:
    """One open document: parsed, resolved and checked once per version."""

    def __init__(self, text: str, name: str) -> None:
        self.text = text
        self.catalog: Catalog = loads(text, name)
        self.doc = self.catalog.documents[0]
        self.source = self.doc.source

    @functools.cached_property
    def diagnostics(self) -> list[Diagnostic]:
        return self.catalog.check()

    # ---- names ---------------------------------------------------------------------------------
    @functools.cached_property
    def names(self) -> list[Name]:
        unique = {(n.name, n.span): n for n in self._names()}  # a one-line indicator's name is its formula's
        return sorted(unique.values(), key=lambda n: (n.span.start, not n.defines))

    def _names(self) -> Iterator[Name]:
        for st in self.doc.statements:
            if isinstance(st, A.Indicator):
                yield Name(st.name, st.name_span, True)
                yield from (Name(a, s, True) for a, s in zip(st.aliases, st.alias_spans, strict=False))
                if st.formula is not None:
                    if st.formula.lhs and st.formula.lhs_span:
                        yield Name(st.formula.lhs, st.formula.lhs_span, True)
                    yield from _refs(st.formula.expr)
            elif isinstance(st, A.Definition):
                yield Name(st.name, st.name_span, True)
                yield from _refs(st.expr)
            elif isinstance(st, A.InputDecl):
                yield from self._inputs(st)
            elif isinstance(st, A.Assertion):
                yield from _refs(st.left)
                yield from _refs(st.right)
            elif isinstance(st, A.Scorecard) and st.budget is not None:
                yield from _refs(st.budget.expr)

    def _inputs(self, st: A.InputDecl) -> Iterator[Name]:
        """`输入 a, b: 万元`: the declaration keeps its names, not their spans; each is found in
        order after the keyword, inside the statement's own text."""
        written = self.text[st.span.start : st.span.end]
        keyword = re.match(r"\s*(?:输入|input)\s*[:：]?", written, re.IGNORECASE)
        at = keyword.end() if keyword else 0
        for name in st.names:
            found = written.find(name, at)
            if found < 0:
                return
            yield Name(name, Span(st.span.start + found, st.span.start + found + len(name)), True)
            at = found + len(name)

    def name_at(self, offset: int) -> Name | None:
        for n in self.names:
            if n.span.start <= offset <= n.span.end and n.span.end > n.span.start:
                return n
        return None

    def definition(self, name: str) -> Span | None:
        """Where `name` is defined in this document: an indicator (or its alias or formula name),
        a definition or an input declaration."""
        return next((n.span for n in self.names if n.defines and n.name == name), None)

    # ---- hover ---------------------------------------------------------------------------------
    def hover(self, offset: int, lang: str = "zh") -> tuple[str, Span] | None:
        """Markdown about the name under the cursor, and the span it covers."""
        found = self.name_at(offset)
        if found is None:
            return None
        text = self.describe(found.name, lang)
        return (text, found.span) if text else None

    def describe(self, name: str, lang: str = "zh") -> str:
        words = LABELS[lang]
        env = self.catalog.context.env
        if name in self.catalog:
            return indicator_markdown(self.catalog[name], lang)
        if name in env.definitions:
            unit = env.definition_units.get(name, (None, ()))[0]
            shown = f"**{name}** = `{expr_text(env.definitions[name])}`  \n{words['definition']}"
            return shown + (f" · {words['unit']} {unit.name}" if unit and unit.name else "")
        if name in env.input_units:
            return f"**{name}**  \n{words['input']} · {words['unit']} {U.describe(env.input_units[name])}"
        entry = catalog_entry(name)
        if entry is not None:
            return catalog_markdown(entry, lang)
        users = [ind.name for ind in self.catalog if name in ind.inputs]
        if not users:
            return ""
        field = "输入（记录中的字段）" if lang == "zh" else "input (a field of each record)"
        return f"**{name}**  \n{field} · {'用于' if lang == 'zh' else 'used by'}: {', '.join(users)}"

    # ---- completion ----------------------------------------------------------------------------
    def completions(self) -> list[Completion]:
        """Keywords, the names of this document, units, and the standard catalog's indicators;
        the editor filters them by what is typed."""
        env = self.catalog.context.env
        out = [Completion(k, "keyword") for k in KEYWORDS]
        out += [Completion(d, "direction", DIRECTIONS[d]) for d in DIRECTIONS]
        seen: set[str] = set()
        for ind in self.catalog:
            for label in (ind.name, *ind.aliases):
                seen.add(label)
                out.append(Completion(label, "indicator", ind.node.title or "", indicator_markdown(ind, "zh")))
        for name, expr in env.definitions.items():
            if name not in seen:
                seen.add(name)
                out.append(Completion(name, "definition", expr_text(expr)))
        for name, unit in env.input_units.items():
            if name not in seen:
                seen.add(name)
                out.append(Completion(name, "input", U.describe(unit)))
        for n in self.names:  # inputs used without a declaration are names in scope too
            if n.name not in seen:
                seen.add(n.name)
                out.append(Completion(n.name, "input"))
        out += [Completion(u, "unit", _unit_detail(unit)) for u, unit in units_in_scope(env.declared_units).items()]
        for e in shipped_catalog().entries:
            if e.name not in seen:
                seen.add(e.name)
                out.append(Completion(e.name, "catalog", e.category, catalog_markdown(e, "zh")))
        return out

    # ---- code actions and formatting -----------------------------------------------------------
    def fixes(self, start: int, end: int) -> list[Fix]:
        """The checker's fixes, as edits, of the diagnostics that touch [start, end]."""
        out = []
        for d in self.diagnostics:
            if d.span is None or d.span.end < start or d.span.start > end:
                continue
            edit = edit_for(d)
            if edit is not None:
                out.append(Fix(d, edit))
        return out

    def formatted(self) -> str | None:
        """The canonical layout (`fmt`), None when the text has syntax errors."""
        try:
            return format_text(self.text, self.source.name)
        except FormatError:
            return None


def _refs(expr: A.Expr) -> Iterator[Name]:
    return (Name(r.name, r.span, False) for r in referenced_names(expr))


PREFIXED = ("元", "亩", "人", "人次")  # the units tables print with 万/亿/千/百 (万元, 1.2万亩, 万人次)


def units_in_scope(declared: dict[str, U.Unit]) -> dict[str, U.Unit]:
    """The registry, its usual prefixed forms (read by `units.lookup` as any table's are), and
    the file's own `单位定义`."""
    prefixed = {p + u: U.lookup(p + u) for p in U.PREFIXES for u in PREFIXED}
    return {**U.REGISTRY, **prefixed, **declared}


def _unit_detail(unit: U.Unit) -> str:
    return "" if unit.factor == 1 else f"× {number_text(unit.factor)}"


def indicator_markdown(ind: Indicator, lang: str = "zh") -> str:
    """The indicator's resolved meaning: formula, unit, direction, target and bands in its unit,
    weight, provenance — and where the standard catalog has an indicator of that name."""
    words, node, res = LABELS[lang], ind.node, ind.resolved
    unit = res.unit
    unit_name, factor = (unit.name, unit.factor) if unit else ("", Fraction(1))
    lines = [f"**{node.name}**" + (f" {node.title}" if node.title else "")]
    if node.category:
        lines.append(f"{words['category']}: {' / '.join(node.category)}")
    if res.expr is not None:
        lines.append(f"{words['formula']}: `{expr_text(res.expr)}`")
    lines.append(f"{words['unit']}: {unit_name or words['no_unit']}")
    direction = res.direction.value
    lines.append(f"{words['direction']}: {direction if lang == 'zh' else DIRECTIONS.get(direction, direction)}")
    if res.target is not None:
        shown = f"{res.target.comparator.value}{number_text(res.target.value, unit_name, factor)}"
        lines.append(f"{words['target']}: {shown}")
    elif node.target is not None:
        lines.append(f"{words['target']}: {res.condition.text if res.condition else target_text(node.target)}")
    graded = band_regions(ind)
    if graded:
        lines.append(f"{words['bands']}: " + ", ".join(f"{grade} {where or '∅'}" for grade, where in graded))
    if res.weight is not None:
        lines.append(f"{words['weight']}: {number_text(res.weight)}")
    if node.source:
        lines.append(f"{words['source']}: {node.source}")
    entry = catalog_entry(node.name)
    if entry is not None:
        lines.append(_catalog_line(entry, lang))
    return "  \n".join(lines)


def band_regions(ind: Indicator) -> list[tuple[str, str]]:
    """Each band's grade and the values it really grades (first match wins, inside the domain),
    as the checker's band analysis finds them: `≥70 良` after `≥95 优` grades [70%, 95%)."""
    from ..check.bands import band_sets

    for bs in band_sets(ind.catalog.context):
        if bs.bands is ind.node.bands and bs.bounds:
            result = analyse(bs.bounds, bs.domain)
            return [
                (b.grade, ranges_text(r, bs.unit, bs.factor)) for b, r in zip(bs.bounds, result.regions, strict=True)
            ]
    return []


def catalog_entry(name: str) -> Entry | None:
    return next((e for e in shipped_catalog().entries if e.name == name), None)


def _catalog_line(entry: Entry, lang: str) -> str:
    words = LABELS[lang]
    where = f"{words['catalog']}: `{entry.file}` {words['line'].format(line=entry.line)}"
    return where + (f" · {words['source']}: {entry.provenance}" if entry.provenance else "")


def catalog_markdown(entry: Entry, lang: str = "zh") -> str:
    """A catalog indicator as the catalog writes it, under the line naming its file."""
    return f"{_catalog_line(entry, lang)}\n\n```ind\n{entry.text}\n```"
